"""Help → Audit log…: every reference-data edit and status change, who/when/old/new."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from di_desk import app
from di_desk.domain.enums import CaseStatus, Severity
from di_desk.storage.db import open_database
from di_desk.storage.reference_repo import update_reference
from di_desk.storage.repositories import Repository, set_case_status
from di_desk.storage.tables import Customer, SupportCase
from di_desk.ui.dialogs.audit_log import AuditLogDialog
from di_desk.ui.qt import Qt

AT = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


@pytest.fixture
def path(tmp_path):
    file = tmp_path / "audited.sqlite"
    db = open_database(file)
    acme = Repository(db, Customer).create("anna", name="Acme", region="EU")
    Repository(db, Customer).update(acme["id"], acme["row_version"], "bram", name="Acme BV")
    case = Repository(db, SupportCase).create(
        "anna", customer=acme["id"], opened_at=AT, severity=Severity.S3, status=CaseStatus.OPENED
    )
    set_case_status(db, case["id"], case["row_version"], CaseStatus.ACKNOWLEDGED, "carla")
    update_reference(db, "notice_business_days", 12, "dirk", at=AT)
    db.close()
    return file


def _rows(dialog) -> list[list[str]]:
    model = dialog.model
    while model.canFetchMore():
        model.fetchMore()
    return [
        [model.index(r, c).data() or "" for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_audit_log_lists_changes_with_filter_and_search(qtbot, settings, path):
    """Status change (CASE-10) and reference edit: time in the display zone, who, old, new."""
    settings.display_zone = "Asia/Tokyo"
    window = app.build_window(path, settings)
    qtbot.addWidget(window)
    assert window.actions["audit_log"].isEnabled()
    window.actions["audit_log"].trigger()
    dialog = window.findChild(AuditLogDialog, "audit_log_dialog")
    assert dialog is not None and dialog.isVisible()
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["Time", "Who", "Record", "Id", "Field", "Old value", "New value"]
    rows = _rows(dialog)
    assert dialog.count_label.text() == f"{len(rows)} changes"
    status = [r for r in rows if r[4] == "status"]
    assert status and status[0][1:4] == ["carla", "Support case", status[0][3]]
    assert status[0][5:] == ["opened", "acknowledged"]
    reference = [r for r in rows if r[4] == "notice_business_days"]
    assert reference and reference[0][1] == "dirk" and reference[0][6] == "12"
    assert "17:30" in reference[0][0]  # 08:30 UTC shown in Tokyo
    renamed = [r for r in rows if r[4] == "name"]
    assert renamed[0][1] == "bram" and renamed[0][5:] == ["Acme", "Acme BV"]

    dialog.entity.setCurrentIndex(dialog.entity.findData("support_case"))
    only_cases = _rows(dialog)
    assert only_cases and {r[2] for r in only_cases} == {"Support case"}

    dialog.entity.setCurrentIndex(0)
    qtbot.keyClicks(dialog.search, "bram")
    qtbot.waitUntil(lambda: dialog.model.total_count() == 1)
    assert _rows(dialog)[0][1] == "bram"
    window.db.close()


def test_audit_log_is_retranslated(qtbot, settings, path, fake_dutch):
    from di_desk import i18n

    window = app.build_window(path, settings)
    qtbot.addWidget(window)
    dialog = window.show_audit_log()
    window.switch_language("nl")
    assert dialog.windowTitle() == "[nl] Audit log"
    assert dialog.entity.itemText(0) == "[nl] All"
    assert dialog.count_label.text().startswith("[nl] ")
    window.notifier.detach()
    i18n.install("en")
    window.db.close()
