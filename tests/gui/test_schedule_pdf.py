"""Print schedule / Export PDF: a paginated schedule of one customer and period."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest

from di_desk.domain.enums import MaintenanceType, Region
from di_desk.storage import load_reference, open_database
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository
from di_desk.ui.printing.schedule_dialog import ScheduleDialog, gather
from di_desk.ui.printing.schedule_pdf import build_document, export_pdf, paginate
from di_desk.ui.qt import QPdfWriter

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)
FIRST, LAST = date(2026, 3, 1), date(2026, 4, 30)
PAGE = re.compile(rb"/Type\s*/Page(?!s)")


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.sqlite")
    customer = Repository(database, t.Customer).create(
        "t", name="Acme Logistics", region=Region.EU, zone="Europe/Amsterdam", sso=True
    )
    cluster = Repository(database, t.Cluster).create("t", customer_id=customer["id"], name="AMS-1")
    events = Repository(database, t.MaintenanceEvent)

    def add(kind, start, hours=2, **extra):
        events.create(
            "t",
            customer_id=customer["id"],
            cluster_id=cluster["id"],
            region=Region.EU,
            type=kind,
            start=start,
            end=start + timedelta(hours=hours),
            **extra,
        )

    day = datetime(2026, 3, 2, 20, tzinfo=UTC)  # Monday 21:00 CET
    for index in range(45):
        if (day + timedelta(days=index)).weekday() < 5:
            add(MaintenanceType.ROUTINE, day + timedelta(days=index))
    add(MaintenanceType.ROUTINE, datetime(2026, 3, 10, 13, tzinfo=UTC))  # 14:00 CET: MAINT-3
    add(  # 30 Mar 21:00 CEST, notice due 16 Mar, sent 20 Mar: MAINT-5
        MaintenanceType.DISRUPTIVE,
        datetime(2026, 3, 30, 19, tzinfo=UTC),
        notice_sent=date(2026, 3, 20),
    )
    Repository(database, t.Certificate).create(
        "t",
        customer_id=customer["id"],
        subject="tomcat CN=cucm-pub.acme",
        expires_at=datetime(2026, 4, 10, 12, tzinfo=UTC),
    )
    yield database, customer["id"]
    database.close()


def _report(db):
    database, customer_id = db
    return gather(load_reference(database), customer_id, FIRST, LAST, NOW)


def test_pdf_has_the_pages_and_texts(db, qapp, tmp_path):
    """MAINT-3/5/6/10: times in the customer's zone, windows, notice and reply dates,
    violations; header with customer and period, page numbers in the footer."""
    report = _report(db)
    assert len(report.events) == 35 and report.violation_count == 2
    path = tmp_path / "schedule.pdf"
    pages = export_pdf(path, report)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pages >= 2
    assert len(PAGE.findall(data)) == pages
    assert not list(tmp_path.glob(".*.partial"))

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("Maintenance schedule: Acme Logistics") >= pages  # every page's header
    assert text.count("Sun, 1 Mar 2026 – Thu, 30 Apr 2026") >= pages
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    assert "21:00–23:00 CET" in text and "21:00–23:00 CEST" in text  # customer's zone, DST
    assert "Mon 21:00 – Tue 06:00 CEST" in text  # the window, region time
    assert "MAINT-3" in text and "outside the maintenance windows" in text
    assert "MAINT-5" in text and "Late notice" in text
    assert "16 Mar 2026" in text  # notice due (MAINT-5)
    assert "24 Mar 2026 (25 Mar)" in text  # reply by / last day (MAINT-6)
    assert "tomcat CN=cucm-pub.acme" in text  # MAINT-10 renewal expected in the period
    assert "disable SSO" in text


def test_pages_never_cut_a_row(db, qapp, tmp_path):
    """Every table row lies on one page; continuation pages repeat the table header."""
    from di_desk.ui.printing.schedule_pdf import _layout_units, setup_page

    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setResolution(300)
    setup_page(writer)
    doc = build_document(_report(db))
    doc.documentLayout().setPaintDevice(writer)
    doc.setTextWidth(3000)
    pages = paginate(doc, 1200)
    assert len(pages) > 2
    units, _heads = _layout_units(doc)
    for unit in units:
        if unit.bottom - unit.top < 1200:
            assert any(p.top <= unit.top and unit.bottom <= p.bottom for p in pages), unit
    assert [p.top for p in pages[1:]] == [p.bottom for p in pages[:-1]]
    assert any(p.head is not None for p in pages[1:])


def test_dialog_exports_in_the_active_language(db, qtbot, tmp_path, settings, fake_dutch):
    from di_desk import i18n

    database, customer_id = db
    i18n.install("nl")
    dialog = ScheduleDialog(
        database,
        reference=lambda: load_reference(database),
        customers=[(customer_id, "Acme Logistics")],
        customer_id=customer_id,
        settings=settings,
        now=lambda: NOW,
    )
    qtbot.addWidget(dialog)
    dialog.set_period(FIRST, LAST)
    assert dialog.windowTitle() == "[nl] Print schedule"
    path = tmp_path / "acme.pdf"
    dialog.export_pdf(path)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10_000)
    assert dialog.pages >= 2 and path.read_bytes().startswith(b"%PDF-")
    assert dialog.status.text().startswith("[nl] ")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "[nl] Page 1 of" in text
    assert "ma 2 mrt 2026" in text  # Dutch dates from the active language
