"""File → Export… and "Export selection": ICS round trip, XLSX formula neutralization."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from di_desk.domain.enums import MaintenanceType, Region
from di_desk.storage import load_reference, open_database
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository
from di_desk.ui.dialogs.export_dialog import ExportDialog, export_maintenance_selection
from di_desk.ui.qt import Qt, QWidget

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)
EVIL = '=HYPERLINK("http://x","y")'
START = datetime(2026, 3, 30, 19, tzinfo=UTC)  # 21:00 CEST


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.sqlite")
    acme = Repository(database, t.Customer).create("test", name="Acme", region=Region.EU)
    evil = Repository(database, t.Customer).create("test", name=EVIL, region=Region.AMER)
    cluster = Repository(database, t.Cluster).create("test", customer_id=acme["id"], name="AMS-1")
    events = Repository(database, t.MaintenanceEvent)
    for day in range(3):
        events.create(
            "test",
            customer_id=acme["id"],
            cluster_id=cluster["id"],
            region=Region.EU,
            type=MaintenanceType.ROUTINE,
            start=START + timedelta(days=day),
            end=START + timedelta(days=day, hours=2),
        )
    events.create(
        "test",
        customer_id=evil["id"],
        region=Region.AMER,
        type=MaintenanceType.UPGRADE,
        start=datetime(2026, 4, 2, 2, tzinfo=UTC),
        end=datetime(2026, 4, 2, 4, tzinfo=UTC),
        reason="-2+3",
    )
    yield database
    database.close()


def _dialog(qtbot, db, settings, kind: str) -> ExportDialog:
    dialog = ExportDialog(
        db,
        reference=lambda: load_reference(db),
        settings=settings,
        display_zone="Europe/Amsterdam",
        customers=["Acme", EVIL],
        kind=kind,
        now=lambda: NOW,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _export(qtbot, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10_000)


def test_ics_export_round_trips_utc_times_with_region_zone(qtbot, db, settings, tmp_path):
    """TIME-1: one VEVENT per event in UTC; the region's zone is named in the description."""
    from icalendar import Calendar

    dialog = _dialog(qtbot, db, settings, "maintenance")
    dialog.set_format("ics")
    assert [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())] == [
        "csv", "xlsx", "json", "ics",
    ]  # fmt: skip
    dialog.customer_combo.setCurrentIndex(dialog.customer_combo.findData("Acme"))
    path = tmp_path / "schedule.ics"
    dialog.file_edit.setText(str(path))
    _export(qtbot, dialog)

    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert starts == [START + timedelta(days=d) for d in range(3)]
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.utcoffset() == timedelta(0) and end - start == timedelta(hours=2)
        assert "Europe/Amsterdam" in str(event["DESCRIPTION"])
        assert str(event["X-DI-CUSTOMER"]) == "Acme"
    assert dialog.result_text == "Exported 3 rows to schedule.ics."

    # the file reads back as FILE-1 rows with the same instants
    from di_desk.io.ics import read_ics
    from di_desk.io.rows import ParseContext, parse_rows

    rows, errors = parse_rows("maintenance", read_ics(path), ParseContext())
    assert errors == []
    assert sorted(r.start for r in rows) == starts


def test_ics_only_offered_for_maintenance(qtbot, db, settings):
    dialog = _dialog(qtbot, db, settings, "cases")
    formats = [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())]
    assert "ics" not in formats and formats[0] == "csv"


def test_xlsx_export_neutralizes_formulas(qtbot, db, settings, tmp_path):
    """Formula injection: text cells starting with = + - @ are written as text."""
    from openpyxl import load_workbook

    dialog = _dialog(qtbot, db, settings, "maintenance")
    dialog.set_format("xlsx")
    path = tmp_path / "schedule.xlsx"
    dialog.file_edit.setText(str(path))
    _export(qtbot, dialog)

    sheet = load_workbook(path).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[0]
    customers = [row[header.index("customer")] for row in values[1:]]
    assert "'" + EVIL in customers and EVIL not in customers
    reasons = [row[header.index("reason")] for row in values[1:]]
    assert "'-2+3" in reasons
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_export_selection_as_ics_and_xlsx(qtbot, db, settings, tmp_path):
    """The Maintenance tab's "Export selection": only the selected events."""
    from icalendar import Calendar
    from openpyxl import load_workbook

    parent = QWidget()
    qtbot.addWidget(parent)
    ids = [e.id for e in t.MaintenanceEvent.select().order_by(t.MaintenanceEvent.id)][1:3]
    done = []
    for fmt in ("ics", "xlsx"):
        export_maintenance_selection(
            parent,
            db,
            ids,
            fmt,
            reference=lambda: load_reference(db),
            path=tmp_path / f"selection.{fmt}",
            on_done=lambda path, count: done.append((path.name, count)),
        )
        qtbot.waitUntil(lambda fmt=fmt: (f"selection.{fmt}", 2) in done, timeout=10_000)
    events = list(Calendar.from_ical((tmp_path / "selection.ics").read_bytes()).walk("VEVENT"))
    assert sorted(str(e["UID"]) for e in events) == [f"maintenance-{i}@di-desk" for i in ids]
    sheet = load_workbook(tmp_path / "selection.xlsx").worksheets[0]
    assert sheet.max_row == 3
