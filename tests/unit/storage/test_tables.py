"""Every table stores and returns what it was given (UTC instants, enum tokens, dates)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from di_desk.domain.enums import (
    Application as AppKind,
)
from di_desk.domain.enums import (
    BackupResult,
    CaseCategory,
    CaseStatus,
    DrKind,
    Impact,
    MaintenanceType,
    Party,
    Region,
    Severity,
    Urgency,
)
from di_desk.storage import tables as t
from di_desk.storage.fields import DateOrInstantField, from_epoch, to_epoch
from di_desk.storage.repositories import Repository

from .conftest import T0, WHO

CET = timezone(timedelta(hours=1))


def _parents(db):
    customer = Repository(db, t.Customer).create(WHO, name="Acme", region=Region.EU)
    cluster = Repository(db, t.Cluster).create(WHO, customer_id=customer["id"], name="C1")
    app = Repository(db, t.Application).create(
        WHO, cluster_id=cluster["id"], kind=AppKind.CUCM, version="15.0 SU1"
    )
    case = Repository(db, t.SupportCase).create(WHO, customer_id=customer["id"])
    event = Repository(db, t.MaintenanceEvent).create(
        WHO,
        customer_id=customer["id"],
        region=Region.EU,
        type=MaintenanceType.ROUTINE,
        start=T0,
        end=T0 + timedelta(hours=2),
    )
    cop = Repository(db, t.CopRequest).create(WHO, customer_id=customer["id"], requested_at=T0)
    dr = Repository(db, t.DrEvent).create(
        WHO, customer_id=customer["id"], kind=DrKind.HARDWARE_FAILURE, started_at=T0
    )
    cert = Repository(db, t.Certificate).create(
        WHO, customer_id=customer["id"], subject="tomcat", expires_at=T0
    )
    return {
        "cert": cert["id"],
        "customer": customer["id"],
        "cluster": cluster["id"],
        "app": app["id"],
        "case": case["id"],
        "event": event["id"],
        "cop": cop["id"],
        "dr": dr["id"],
    }


def _values(ids):
    return {
        t.Customer: dict(
            name="Globex",
            region=Region.AUS,
            calendar="AU-ACT",
            zone="Australia/Sydney",
            sso=True,
            contracted_knowledge_workers=500,
            contracted_workspace_devices=40,
            planned_knowledge_workers=620,
            planned_workspace_devices=45,
            notes="Grows in Q3",
        ),
        t.Cluster: dict(
            customer_id=ids["customer"],
            name="SME-1",
            region=Region.EMEA,
            is_sme=True,
            publisher_region=Region.UK,
        ),
        t.Application: dict(cluster_id=ids["cluster"], kind=AppKind.EXPRESSWAY, version="14.0 SU3"),
        t.Certificate: dict(
            application_id=ids["app"],
            cluster_id=None,
            subject="tomcat",
            expires_at=T0 + timedelta(days=90),
            renewed_at=None,
            customer_id=ids["customer"],
        ),
        t.CertificateFollowUp: dict(
            certificate_id=ids["cert"],
            expires_at=T0,
            position=2,
            action="Re-import the IdP metadata file",
            done_at=T0 - timedelta(days=1),
            done_by="anna",
        ),
        t.SupportCase: dict(
            customer_id=ids["customer"],
            opened_at=T0,
            impact=Impact.LARGE,
            urgency=Urgency.HIGH,
            severity=Severity.S2,
            status=CaseStatus.ACKNOWLEDGED,
            category=CaseCategory.SERVICE_OUTAGE,
            acknowledged_at=T0 + timedelta(minutes=20),
            response_due=T0 + timedelta(minutes=30),
            contract="SC-123",
            rep_name="Ann",
            rep_phone="+31 20 123 4567",
            rep_email="ann@example.com",
            problem="No dial tone",
            partner="Partner BV",
            calendar="NL",
            provider_ref="69xxxx",
            resolved_at=T0 + timedelta(hours=5),
            closed_at=None,
            monitoring_until=T0 + timedelta(days=2),
        ),
        t.SeverityChange: dict(
            case_id=ids["case"],
            at=T0,
            from_severity=Severity.S3,
            to_severity=Severity.S2,
            by=Party.PARTNER,
            reason="impact grew",
        ),
        t.ActionPlan: dict(case_id=ids["case"], given_at=T0, due=T0 + timedelta(days=1), text="x"),
        t.ProviderNotice: dict(
            case_id=ids["case"], customer_id=ids["customer"], sent_at=T0, subject="S1", body="b"
        ),
        t.MaintenanceEvent: dict(
            customer_id=ids["customer"],
            cluster_id=ids["cluster"],
            region=Region.EU,
            type=MaintenanceType.PARTNER_REQUEST,
            start=T0,
            end=T0 + timedelta(hours=3),
            notice_sent=date(2026, 2, 10),
            calendar="NL",
            reason="SBC change",
            emergency_reason="",
            urgent=False,
            review_state="under_review",
            replied_at=T0 - timedelta(days=3),
            status="planned",
        ),
        t.Reschedule: dict(
            event_id=ids["event"],
            requested_at=T0,
            reason="quarter close",
            new_start=T0 + timedelta(days=7),
            by="partner",
        ),
        t.CopRequest: dict(
            customer_id=ids["customer"],
            cluster_id=ids["cluster"],
            initiator=Party.PROVIDER,
            emergency=True,
            description="device pack",
            requested_at=T0,
            status="open",
        ),
        t.CopStep: dict(request_id=ids["cop"], position=2, name="download", done_at=T0, note=""),
        t.Blackout: dict(
            customer_id=ids["customer"],
            first_day=date(2026, 12, 20),
            last_day=date(2027, 1, 3),
            note="holidays",
        ),
        t.UpgradePlan: dict(
            customer_id=ids["customer"],
            cluster_id=ids["cluster"],
            application_id=ids["app"],
            target="15.0 SU2",
            scheduled_start=T0 + timedelta(days=30),
            trigger="version",
            notice_sent=datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
            reschedule_count=1,
            completed_at=None,
        ),
        t.Backup: dict(
            customer_id=ids["customer"],
            application=AppKind.CUCM,
            taken_at=T0,
            result=BackupResult.FAILED,
            size_bytes=5_000_000_000,
            source="import.csv",
        ),
        t.DrEvent: dict(
            customer_id=ids["customer"],
            kind=DrKind.APPLICATION_FAILURE,
            started_at=T0,
            publisher_rebuilt_at=T0 + timedelta(hours=20),
            notes="pub rebuilt",
        ),
        t.DrFollowUp: dict(event_id=ids["dr"], position=1, text="re-add trunks", done_at=None),
        t.ChecklistItem: dict(
            customer_id=ids["customer"], position=3, text="export config", done=True, done_at=T0
        ),
        t.ReferenceEntry: dict(
            key="custom", value={"a": [1, 2]}, is_default=False, updated_at=T0, updated_by=WHO
        ),
        t.AuditLog: dict(
            at=T0, who=WHO, entity="customer", entity_id=1, field="name", old="a", new="b"
        ),
    }


def test_every_model_has_a_round_trip_case(db):
    assert set(_values(_parents(db))) == set(t.ALL_MODELS)


@pytest.mark.parametrize("model", t.ALL_MODELS, ids=lambda m: m.__name__)
def test_round_trip(db, model):
    values = _values(_parents(db))[model]
    created = Repository(db, model).create(WHO, **values)
    db.close()  # read back through a new connection
    stored = Repository(db, model).require(created["id"])
    for key, value in values.items():
        assert stored[key] == value, key
        assert type(stored[key]) is type(value), key


def test_instants_are_utc_epoch_seconds(db):
    ids = _parents(db)
    local = datetime(2026, 3, 2, 10, 0, 30, 999_999, tzinfo=CET)
    Repository(db, t.Backup).create(
        WHO, customer_id=ids["customer"], application="CUCM", taken_at=local, result="good"
    )
    raw = db.execute_sql("SELECT taken_at FROM backup").fetchone()[0]
    assert raw == int(datetime(2026, 3, 2, 9, 0, 30, tzinfo=UTC).timestamp())
    back = t.Backup.get().taken_at
    assert back == datetime(2026, 3, 2, 9, 0, 30, tzinfo=UTC)  # sub-second part dropped
    assert back.tzinfo is UTC


def test_naive_instants_refused():
    with pytest.raises(ValueError, match="naive"):
        to_epoch(datetime(2026, 1, 1))


def test_epoch_helpers_floor_before_1970():
    at = datetime(1969, 12, 31, 23, 59, 59, 500_000, tzinfo=UTC)
    assert to_epoch(at) == -1
    assert from_epoch(-1) == datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)


def test_enum_tokens_are_stored_and_checked(db):
    ids = _parents(db)
    Repository(db, t.Backup).create(
        WHO, customer_id=ids["customer"], application="Unity Connection", taken_at=T0, result="good"
    )
    assert db.execute_sql("SELECT application, result FROM backup").fetchone() == (
        "Unity Connection",
        "good",
    )
    with pytest.raises(ValueError):
        t.Backup.create(customer=ids["customer"], application="CUCM", taken_at=T0, result="meh")


def test_unknown_token_reads_as_text(db):
    ids = _parents(db)
    db.execute_sql("UPDATE support_case SET category = 'future_kind' WHERE id = ?", (ids["case"],))
    assert t.SupportCase.get_by_id(ids["case"]).category == "future_kind"


def test_date_or_instant_field():
    field = DateOrInstantField()
    assert field.python_value(field.db_value(date(2026, 3, 16))) == date(2026, 3, 16)
    at = datetime(2026, 3, 16, 9, 30, tzinfo=CET)
    assert field.db_value(at) == "2026-03-16T08:30:00Z"
    assert field.python_value("2026-03-16T08:30:00Z") == at


def test_foreign_keys_enforced_and_cascade(db):
    ids = _parents(db)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        t.Cluster.create(customer=9999, name="orphan")
    t.Customer.delete().where(t.Customer.id == ids["customer"]).execute()
    assert t.Cluster.select().count() == 0
    assert t.Application.select().count() == 0
    assert t.SupportCase.select().count() == 0
