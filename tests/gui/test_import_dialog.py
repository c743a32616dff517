"""File → Import…: preview with per-row status, all-or-nothing import (FILE-1, FILE-2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from di_desk.domain.enums import Region
from di_desk.storage import load_reference, open_database
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository
from di_desk.ui.dialogs.import_dialog import ImportDialog
from di_desk.ui.qt import Qt
from di_desk.ui.tabs.base import AppEvents

HEADER = "customer,cluster,region,type,start,end,notice_sent,calendar,reason\n"
GOOD = [
    "Acme Logistics,AMS-1,EU,upgrade,2026-03-30T21:00:00+02:00,2026-03-31T03:00:00+02:00,"
    "2026-03-13,,\n",
    "Acme Logistics,AMS-1,EU,routine,2026-04-01T22:00:00+02:00,2026-04-02T01:00:00+02:00,,,\n",
    # breaks MAINT-3 (starts before the window opens): imported with its violation
    "Acme Logistics,AMS-1,EU,routine,2026-04-02T15:00:00+02:00,2026-04-02T16:00:00+02:00,,,\n",
]
BAD = "Acme Logistics,AMS-1,EU,routine,2026-04-03T22:00:00,2026-04-03T23:00:00+02:00,,,\n"


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.sqlite")
    Repository(database, t.Customer).create("test", name="Acme Logistics", region=Region.EU)
    yield database
    database.close()


def _dialog(qtbot, db, settings, path: Path, events=None) -> ImportDialog:
    dialog = ImportDialog(
        db,
        reference=lambda: load_reference(db),
        settings=settings,
        events=events,
        kind="maintenance",
        path=path,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _check(qtbot, dialog: ImportDialog) -> None:
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy, timeout=10_000)


def test_file1_one_bad_row_shows_its_error_and_imports_nothing(qtbot, db, settings, tmp_path):
    """FILE-1: the row with a naive time is named with its column; nothing is written."""
    path = tmp_path / "schedule.csv"
    path.write_text(HEADER + GOOD[0] + BAD + GOOD[1], encoding="utf-8")
    dialog = _dialog(qtbot, db, settings, path)
    _check(qtbot, dialog)

    preview = dialog.preview
    assert [r.status for r in preview.rows] == ["ok", "error", "ok"]
    assert not dialog.import_button.isEnabled()
    model = dialog.model
    assert model.rowCount() == 3
    assert model.index(1, 0).data() == "2"
    assert model.index(1, 1).data() == "Cannot be imported"
    problems = model.index(1, 2).data()
    assert "Column start:" in problems and "offset" in problems
    # the advice names the dialog's own zone choice, not the command line's --zone
    assert "Read times without a zone offset in:" in problems and "--zone" not in problems
    assert "Row 2, column start:" in dialog.problems.toPlainText()
    assert dialog.problems.isVisible()
    assert "Nothing can be imported: 1 of 3 rows has errors" in dialog.summary.text()

    # only the bad row when asked
    dialog.only_problems.setChecked(True)
    assert model.rowCount() == 1 and model.index(0, 0).data() == "2"

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # disabled: no effect
    assert t.MaintenanceEvent.select().count() == 0


def test_file1_clean_file_imports_every_row_with_violations_shown(qtbot, db, settings, tmp_path):
    """FILE-1/FILE-2: a clean file imports all rows in one go; MAINT-3 is shown, not blocking."""
    path = tmp_path / "schedule.csv"
    path.write_text(HEADER + "".join(GOOD), encoding="utf-8")
    events = AppEvents()
    dialog = _dialog(qtbot, db, settings, path, events)
    _check(qtbot, dialog)

    assert dialog.preview.ok
    assert [r.status for r in dialog.preview.rows] == ["ok", "ok", "warning"]
    assert dialog.model.index(2, 1).data() == "Rule violations: MAINT-3"
    assert "MAINT-3:" in dialog.model.index(2, 2).data()
    assert "3 rows are ready to import" in dialog.summary.text()
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(events.data_changed, timeout=10_000) as changed:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["maintenance"]
    assert t.MaintenanceEvent.select().count() == 3
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert dialog.result_text == "Imported 3 rows from schedule.csv."


def test_zone_option_reads_naive_times(qtbot, db, settings, tmp_path):
    """Section 7: a naive time is an error unless a zone is given."""
    path = tmp_path / "schedule.csv"
    path.write_text(HEADER + BAD, encoding="utf-8")
    dialog = _dialog(qtbot, db, settings, path)
    dialog.zone_check.setChecked(True)
    dialog.zone_combo.setCurrentText("Europe/Amsterdam")
    _check(qtbot, dialog)
    assert dialog.preview.ok


def test_unreadable_file_is_named(qtbot, db, settings, tmp_path):
    path = tmp_path / "schedule.csv"
    path.write_text("customer,cluster\nAcme Logistics,AMS-1\n", encoding="utf-8")
    dialog = _dialog(qtbot, db, settings, path)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)
    assert "missing required column(s): type, start, end" in dialog.summary.text()
    assert dialog.preview is None and not dialog.import_button.isEnabled()


def test_database_changed_between_check_and_import(qtbot, db, settings, tmp_path):
    """All or nothing: rows are checked again when importing; a vanished customer blocks."""
    path = tmp_path / "schedule.csv"
    path.write_text(HEADER + GOOD[0], encoding="utf-8")
    dialog = _dialog(qtbot, db, settings, path)
    _check(qtbot, dialog)
    t.Customer.delete().execute()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)
    assert "Nothing was imported" in dialog.summary.text()
    assert "unknown customer" in dialog.problems.toPlainText()
    assert t.MaintenanceEvent.select().count() == 0


def test_retranslate(qtbot, db, settings, tmp_path, fake_dutch):
    from di_desk import i18n

    path = tmp_path / "schedule.csv"
    path.write_text(HEADER + GOOD[0], encoding="utf-8")
    dialog = _dialog(qtbot, db, settings, path)
    _check(qtbot, dialog)
    i18n.install("nl")
    dialog.retranslate()
    assert dialog.windowTitle().startswith("[nl] ")
    assert dialog.import_button.text().startswith("[nl] ")
    assert dialog.model.headerData(0, Qt.Orientation.Horizontal).startswith("[nl] ")
    assert dialog.summary.text().startswith("[nl] ")
