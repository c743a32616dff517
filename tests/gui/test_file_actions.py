"""File → Import/Export/Print schedule and the Maintenance tab's extra toolbar actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from di_desk import app
from di_desk.domain.enums import MaintenanceType, Region
from di_desk.storage import open_database
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository
from di_desk.ui.dialogs.export_dialog import ExportDialog
from di_desk.ui.dialogs.import_dialog import ImportDialog
from di_desk.ui.printing.schedule_dialog import ScheduleDialog
from di_desk.ui.widgets.certificates import CertificatesDialog

START = datetime(2026, 3, 30, 19, tzinfo=UTC)


@pytest.fixture
def window(qtbot, settings, tmp_path):
    path = tmp_path / "t.sqlite"
    db = open_database(path)
    customer = Repository(db, t.Customer).create("t", name="Acme", region=Region.EU, sso=True)
    for day in range(2):
        Repository(db, t.MaintenanceEvent).create(
            "t",
            customer_id=customer["id"],
            region=Region.EU,
            type=MaintenanceType.ROUTINE,
            start=START + timedelta(days=day),
            end=START + timedelta(days=day, hours=2),
        )
    db.close()
    win = app.build_window(path, settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    win.db.close()


def _dialogs(window, kind):
    return [d for d in window._dialogs if isinstance(d, kind)]


def test_file_menu_opens_import_export_and_print(window):
    """The File menu's Import…, Export… and Print schedule… are enabled with a database."""
    for name in ("import", "export", "print_schedule"):
        assert window.actions[name].isEnabled(), name
    window.set_current_tab("maintenance")
    window.actions["import"].trigger()
    (dialog,) = _dialogs(window, ImportDialog)
    assert dialog.kind() == "maintenance" and dialog.isVisible()
    dialog.reject()
    window.actions["export"].trigger()
    (export,) = _dialogs(window, ExportDialog)
    assert export.kind() == "maintenance"
    assert export.customer_combo.findText("Acme") > 0
    export.reject()
    window.actions["print_schedule"].trigger()
    (schedule,) = _dialogs(window, ScheduleDialog)
    assert schedule.customer_combo.currentText() == "Acme"


def test_maintenance_tab_has_the_extra_actions(window, qtbot, tmp_path, monkeypatch):
    window.set_current_tab("maintenance")
    tab = window.tab_page("maintenance")
    extras = tab.maintenance_extras
    toolbar_actions = tab.toolbar.actions()
    for action in extras.actions.values():
        assert action in toolbar_actions
    assert extras.actions["export_ics"].text() == "Export selection as .ics"

    # export the selected event as .ics
    first = t.MaintenanceEvent.select().order_by(t.MaintenanceEvent.start).first()
    assert tab.select_record(first.id)
    assert extras.selected_ids() == [first.id]
    assert extras.customer_id() == first.customer_id
    target = tmp_path / "selected.ics"
    monkeypatch.setattr(
        "di_desk.ui.dialogs.export_dialog.QFileDialog.getSaveFileName",
        lambda *args, **kwargs: (str(target), ""),
    )
    extras.actions["export_ics"].trigger()
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert target.read_bytes().count(b"BEGIN:VEVENT") == 1

    extras.actions["certificates"].trigger()
    assert _dialogs(window, CertificatesDialog)
    extras.actions["import_schedule"].trigger()
    (dialog,) = _dialogs(window, ImportDialog)
    assert dialog.kind() == "maintenance"


def test_extra_actions_follow_the_language(window, fake_dutch):
    window.set_current_tab("maintenance")
    extras = window.tab_page("maintenance").maintenance_extras
    window.switch_language("nl")
    assert extras.actions["certificates"].text() == "[nl] Certificates…"
    assert window.actions["print_schedule"].text() == "[nl] &Print schedule…"
