"""CRUD as dicts, audit rows for every change, optimistic concurrency (StaleEdit)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from di_desk.domain.enums import CaseStatus, Party, Region, Severity
from di_desk.storage import audit
from di_desk.storage.errors import RowNotFound, StaleEdit
from di_desk.storage.repositories import (
    Repository,
    change_severity,
    customer_ids_by_name,
    set_case_status,
)
from di_desk.storage.tables import AuditLog, Customer, SeverityChange, SupportCase

from .conftest import T0, WHO


@pytest.fixture
def customers(db):
    return Repository(db, Customer)


def test_create_get_find(customers):
    acme = customers.create(WHO, name="Acme", region=Region.EU, calendar="NL")
    assert acme["id"] and acme["row_version"] == 1 and acme["region"] is Region.EU
    customers.create(WHO, name="Globex", region="AMER")
    assert customers.get(acme["id"]) == acme
    assert customers.get(999) is None
    with pytest.raises(RowNotFound, match=r"Customer #999 does not exist"):
        customers.require(999)
    assert [c["name"] for c in customers.find(order_by=("-name",))] == ["Globex", "Acme"]
    assert [c["name"] for c in customers.find(region=Region.AMER)] == ["Globex"]
    assert [c["name"] for c in customers.find(zone=None, calendar="NL")] == ["Acme"]
    assert sorted(customers.get_many([acme["id"], 999])) == [acme["id"]]
    created = audit.history("customer", acme["id"])
    assert [(a["who"], a["new"]) for a in created] == [(WHO, "created")]


def test_update_audits_each_changed_field(customers):
    acme = customers.create(WHO, name="Acme", region=Region.EU)
    updated = customers.update(acme["id"], 1, "ann", region=Region.UK, sso=True, name="Acme")
    assert updated["row_version"] == 2
    assert updated["region"] is Region.UK and updated["sso"] is True
    rows = audit.history("customer", acme["id"])
    changes = {(a["field"], a["old"], a["new"], a["who"]) for a in rows if a["field"]}
    assert changes == {("region", "EU", "UK", "ann"), ("sso", "false", "true", "ann")}
    # nothing changed: no new version, no audit row
    same = customers.update(acme["id"], 2, "ann", region="UK")
    assert same["row_version"] == 2
    assert len(audit.history("customer", acme["id"])) == len(rows)


def test_stale_edit_detected(customers):
    acme = customers.create(WHO, name="Acme", region=Region.EU)
    customers.update(acme["id"], acme["row_version"], "ann", notes="first")
    with pytest.raises(StaleEdit, match="changed by someone else") as info:
        customers.update(acme["id"], acme["row_version"], "bob", notes="second")
    assert (info.value.expected, info.value.actual) == (1, 2)
    assert customers.require(acme["id"])["notes"] == "first"
    with pytest.raises(StaleEdit):
        customers.delete(acme["id"], 1, "bob")
    customers.delete(acme["id"], 2, "bob")
    with pytest.raises(StaleEdit, match="deleted by someone else"):
        customers.update(acme["id"], 2, "ann", notes="late")
    assert audit.history("customer", acme["id"])[0]["new"] == "deleted"


def test_instants_and_dates_in_audit(db):
    cid = Customer.create(name="Acme", region="EU").id
    cases = Repository(db, SupportCase)
    case = cases.create(WHO, customer_id=cid)
    cases.update(case["id"], 1, WHO, opened_at=T0, status=CaseStatus.OPENED)
    texts = {a["field"]: a["new"] for a in audit.history("support_case", case["id"])}
    assert texts["opened_at"] == "2026-03-02T09:00:00Z"
    assert texts["status"] == "opened"


def test_status_change_is_audited(db):
    cid = Customer.create(name="Acme", region="EU").id
    case = Repository(db, SupportCase).create(WHO, customer_id=cid, status=CaseStatus.OPENED)
    after = set_case_status(db, case["id"], 1, CaseStatus.ACKNOWLEDGED, "ann", acknowledged_at=T0)
    assert after["status"] is CaseStatus.ACKNOWLEDGED and after["acknowledged_at"] == T0
    row = (
        AuditLog.select().where(AuditLog.entity == "support_case", AuditLog.field == "status").get()
    )
    assert (row.old, row.new, row.who) == ("opened", "acknowledged", "ann")


def test_change_severity_records_history(db):
    cid = Customer.create(name="Acme", region="EU").id
    case = Repository(db, SupportCase).create(
        WHO, customer_id=cid, severity=Severity.S3, response_due=T0 + timedelta(days=1)
    )
    due = T0 + timedelta(minutes=30)
    after = change_severity(
        db, case["id"], 1, Severity.S2, Party.PARTNER, "spreads", "ann", at=T0, response_due=due
    )
    assert after["severity"] is Severity.S2 and after["response_due"] == due
    change = SeverityChange.get()
    assert (change.from_severity, change.to_severity, change.by) == (
        Severity.S3,
        Severity.S2,
        Party.PARTNER,
    )
    with pytest.raises(StaleEdit):
        change_severity(db, case["id"], 1, Severity.S1, Party.PARTNER, "x", "ann", at=T0)
    assert SeverityChange.select().count() == 1  # the stale change left no trace


def test_customer_ids_by_name(db):
    a = Customer.create(name="Acme BV", region="EU").id
    assert customer_ids_by_name(db) == {"acme bv": a}
