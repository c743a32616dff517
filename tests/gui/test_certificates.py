"""Certificates (MAINT-10): renewal window in the display zone, status, SSO follow-ups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from di_desk.domain.certificate_progress import RenewalProgress
from di_desk.domain.enums import Application, Region
from di_desk.i18n.formatting import format_datetime
from di_desk.storage import load_reference, open_database
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository
from di_desk.ui.qt import QPoint, Qt
from di_desk.ui.widgets.certificate_model import COLUMN
from di_desk.ui.widgets.certificates import ALL, CertificatesDialog, CertificatesWidget

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)
ZONE = "Europe/Amsterdam"
SOON = NOW + timedelta(days=5)  # in the window [E − 7 d, E − 3 d] now


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.sqlite")
    customers = Repository(database, t.Customer)
    acme = customers.create("t", name="Acme", region=Region.EU, sso=True)
    globex = customers.create("t", name="Globex", region=Region.AMER, zone="America/New_York")
    for customer, name, expires in (
        (acme, "tomcat CN=cucm-pub.acme", SOON),
        (acme, "CallManager CN=cucm-pub.acme", NOW + timedelta(days=200)),
        (globex, "ipsec CN=exp.globex", NOW + timedelta(days=2)),
    ):
        cluster = t.Cluster.get_or_create(customer=customer["id"], name="C1")[0]
        app = t.Application.get_or_create(cluster=cluster.id, kind=Application.CUCM)[0]
        Repository(database, t.Certificate).create(
            "t", cluster_id=cluster.id, application_id=app.id, subject=name, expires_at=expires
        )
    yield database
    database.close()


def _widget(qtbot, db, zone=ZONE) -> CertificatesWidget:
    widget = CertificatesWidget(
        db, reference=lambda: load_reference(db), display_zone=zone, now=lambda: NOW, who="anna"
    )
    qtbot.addWidget(widget)
    widget.resize(1366, 600)
    widget.show()
    return widget


def _click(qtbot, check) -> None:
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))


def test_maint10_renewal_window_shown_in_the_display_zone(qtbot, db):
    """MAINT-10: expected renewal [E − 7 d, E − 3 d], shown in the display zone; in window now."""
    widget = _widget(qtbot, db)
    model = widget.model
    assert widget.status_combo.currentData() == "attention"
    assert [r["subject"] for r in model.rows] == [
        "ipsec CN=exp.globex",
        "tomcat CN=cucm-pub.acme",
    ]  # the far one is not shown by default
    row = model.row_of(next(r["id"] for r in model.rows if r["customer"] == "Acme"))
    earliest = format_datetime(SOON - timedelta(days=7), ZONE)
    latest = format_datetime(SOON - timedelta(days=3), ZONE, show_zone=True)
    expected = f"{earliest} – {latest}"
    assert model.index(row, COLUMN["window"]).data() == expected
    assert model.index(row, COLUMN["status"]).data() == "In the renewal window"
    assert model.index(row, COLUMN["follow_ups"]).data() == "0 of 4 done"

    widget.select_certificate(model.rows[row]["id"])
    assert widget.fields["window"].text() == expected  # customer zone = display zone
    assert widget.fields["status"].text() == "In the renewal window"

    # Globex (past the window, two days to expiry): overdue, window also in its own zone
    widget.select_certificate(model.rows[0]["id"])
    assert model.index(0, COLUMN["status"]).data() == "Overdue: not renewed in the window"
    assert "customer time" in widget.fields["window"].text()
    assert "America/New_York" not in widget.fields["window"].text()  # zone abbreviations
    assert "does not use SSO" in widget.sso_note.text() and widget.checks == []

    widget.set_status_filter(ALL)
    assert model.rowCount() == 3
    assert widget.count_label.text() == "3 of 3 certificates"


def test_maint10_sso_follow_ups_are_persisted(qtbot, db):
    """MAINT-10: disable SSO, re-import IdP metadata, re-enable, validate — ticks are stored."""
    widget = _widget(qtbot, db)
    acme = next(r for r in widget.model.rows if r["customer"] == "Acme")
    widget.select_certificate(acme["id"])
    assert [c.text() for c in widget.checks] == [
        "1. Disable SSO",
        "2. Re-import the IdP metadata file",
        "3. Re-enable SSO",
        "4. Validate SSO",
    ]
    _click(qtbot, widget.checks[0])
    _click(qtbot, widget.checks[2])
    assert [c.isChecked() for c in widget.checks] == [True, False, True, False]
    assert (
        widget.check_notes[0].text().startswith("Done ") and "anna" in widget.check_notes[0].text()
    )
    stored = t.CertificateFollowUp.select().order_by(t.CertificateFollowUp.position)
    assert [(f.position, f.done_by, f.done_at) for f in stored] == [
        (1, "anna", NOW),
        (3, "anna", NOW),
    ]

    # a new widget (another session) shows the same ticks
    again = _widget(qtbot, db)
    again.select_certificate(acme["id"])
    assert [c.isChecked() for c in again.checks] == [True, False, True, False]
    row = again.model.row_of(acme["id"])
    assert again.model.index(row, COLUMN["follow_ups"]).data() == "2 of 4 done"

    # unticking is stored too
    _click(qtbot, again.checks[2])
    assert [c.isChecked() for c in again.checks] == [True, False, False, False]
    assert t.CertificateFollowUp.get(position=3).done_at is None


def test_maint10_recording_the_renewal(qtbot, db):
    widget = _widget(qtbot, db)
    acme = next(r for r in widget.model.rows if r["customer"] == "Acme")
    widget.select_certificate(acme["id"])
    qtbot.mouseClick(widget.renew_button, Qt.MouseButton.LeftButton)
    assert widget.current()["status"] is RenewalProgress.DONE
    assert t.Certificate.get_by_id(acme["id"]).renewed_at == NOW
    assert widget.sso_note.text() == "After the renewal, in this order:"
    assert widget.renew_button.text() == "Clear the renewal"
    # done with open follow-ups still needs attention
    assert acme["id"] in [r["id"] for r in widget.model.rows]


def test_stale_renewal_is_refused_and_reloaded(qtbot, db):
    widget = _widget(qtbot, db)
    acme = next(r for r in widget.model.rows if r["customer"] == "Acme")
    widget.select_certificate(acme["id"])
    t.Certificate.update(row_version=t.Certificate.row_version + 1).execute()
    qtbot.mouseClick(widget.renew_button, Qt.MouseButton.LeftButton)
    assert widget.message_box is not None and "changed elsewhere" in widget.message_box.text()
    assert t.Certificate.get_by_id(acme["id"]).renewed_at is None


def test_certificate_without_cluster_keeps_its_customer(qtbot, db, tmp_path):
    """An imported certificate without a cluster is listed under its customer (schema v3)."""
    from di_desk.services.import_preview import commit_import, preview_import

    path = tmp_path / "certificates.csv"
    path.write_text(
        "customer,name,expires_at\nGlobex,ipsec CN=exp-e.globex,2026-03-26T12:00:00Z\n",
        encoding="utf-8",
    )
    reference = load_reference(db)
    preview = preview_import("certificates", path, reference)
    assert preview.ok
    commit_import(db, preview, reference)
    widget = _widget(qtbot, db)
    globex = [r for r in widget.model.rows if r["subject"] == "ipsec CN=exp-e.globex"]
    assert [r["customer"] for r in globex] == ["Globex"]


def test_dialog_and_language_switch(qtbot, db, fake_dutch):
    from di_desk import i18n

    dialog = CertificatesDialog(_widget(qtbot, db))
    qtbot.addWidget(dialog)
    i18n.install("nl")
    dialog.retranslate()
    assert dialog.windowTitle().startswith("[nl] ")
    assert dialog.widget.model.headerData(0, Qt.Orientation.Horizontal).startswith("[nl] ")
    assert dialog.widget.sso_box.title().startswith("[nl] ")
