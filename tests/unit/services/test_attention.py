"""Attention items: one of each kind with its record (CASE-5, MAINT-3/6/10, REL-6, BAK-3, CAP-1)."""

from __future__ import annotations

from datetime import timedelta

from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.services.attention import (
    CRITICAL,
    REPORT_KINDS,
    attention_items,
    attention_report,
)
from tests.attention_fixtures import GAP_NIGHT, NOW, build


def test_each_kind_with_its_record(tmp_path):
    fx = build(tmp_path / "a.sqlite")
    items = attention_items(DEFAULT_REFERENCE, NOW, 14)
    by_kind: dict[str, list] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    assert set(by_kind) == {
        "case_past_due", "maintenance", "certificate", "sso_follow_up", "backup_gap",
        "must_upgrade", "capacity",
    }  # fmt: skip
    (case,) = by_kind["case_past_due"]
    assert case.target == ("cases", fx.case_id) and case.level == CRITICAL
    (event,) = by_kind["maintenance"]
    assert event.target == ("maintenance", fx.event_id)
    assert event.facts["zone"] == "Europe/Amsterdam" and event.facts["violations"] == ()
    (cert,) = by_kind["certificate"]
    assert cert.customer == "Beta Bouw" and cert.target == ("customers", fx.customers["Beta Bouw"])
    (sso,) = by_kind["sso_follow_up"]
    assert "Disable SSO" in sso.detail and "Validate SSO" in sso.detail
    (gap,) = by_kind["backup_gap"]
    assert gap.facts["nights"] == (GAP_NIGHT,)
    assert gap.target == ("backups", fx.customers["Delta Energie"])
    (upgrade,) = by_kind["must_upgrade"]
    assert upgrade.target == ("releases", fx.application_id)
    (capacity,) = by_kind["capacity"]
    assert capacity.customer == "Epsilon Media" and capacity.subject == "Knowledge Workers"
    fx.db.close()


def test_maintenance_days_and_report_rows(tmp_path):
    """The Overview lists maintenance for fewer days; the CLI rows keep their five keys."""
    fx = build(tmp_path / "a.sqlite")
    items = attention_items(DEFAULT_REFERENCE, NOW + timedelta(days=2), 14, maintenance_days=7)
    assert not [i for i in items if i.kind == "maintenance"]  # it started already
    rows = attention_report(DEFAULT_REFERENCE, NOW, 14)
    assert {row["kind"] for row in rows} <= REPORT_KINDS
    assert all(list(row) == ["kind", "customer", "subject", "due", "detail"] for row in rows)
    assert "sso_follow_up" not in {row["kind"] for row in rows}
    fx.db.close()
