"""Case use cases: save/open (CASE-3/5/8), life cycle (CASE-10), severity
changes (CASE-9), action plans and notices (CASE-10/11), due state (CASE-6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from di_desk.domain.case_lifecycle import SeverityChangeError, TransitionError
from di_desk.domain.cases import ActionPlan, CaseError
from di_desk.domain.enums import CaseCategory, CaseStatus, Impact, Party, Region, Severity, Urgency
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.services import case_life
from di_desk.services.cases import (
    CaseDraft,
    CaseNotReady,
    case_calendar_for,
    customer_choices,
    delete_case,
    due_state,
    last_contract,
    legal_moves,
    load_case,
    new_case_defaults,
    preview,
    save_case,
)
from di_desk.storage import audit
from di_desk.storage.db import open_database
from di_desk.storage.errors import StaleEdit
from di_desk.storage.repositories import Repository
from di_desk.storage.tables import Customer

WHO = "tester"
REF = DEFAULT_REFERENCE
# Friday 13 March 2026, 16:00 in Amsterdam (CET, UTC+1)
FRI_16 = datetime(2026, 3, 13, 15, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "cases.sqlite")
    yield database
    database.close()


@pytest.fixture
def acme(db):
    return Repository(db, Customer).create(WHO, name="Acme", region=Region.EU)["id"]


def complete(customer_id: int, **changes) -> CaseDraft:
    values = dict(
        customer_id=customer_id,
        partner="Partner BV",
        contract="91234567",
        rep_name="Ann de Vries",
        rep_phone="+31 20 123 4567",
        rep_email="ann@partner.example",
        category=CaseCategory.SERVICE_OUTAGE,
        problem="No dial tone on any phone",
        impact=Impact.LOCALIZED,
        urgency=Urgency.MEDIUM,
    )
    values.update(changes)
    return CaseDraft(**values)


def test_draft_saved_incomplete(db, acme):
    row = save_case(db, CaseDraft(customer_id=acme, problem="half a thought"), WHO, reference=REF)
    assert row["status"] is CaseStatus.DRAFT
    assert row["severity"] is None and row["response_due"] is None
    assert row["problem"] == "half a thought"


def test_draft_needs_a_customer(db):
    with pytest.raises(CaseNotReady) as info:
        save_case(db, CaseDraft(customer_id=None), WHO, reference=REF)
    assert [e.field for e in info.value.errors] == ["customer"]


def test_case8_opening_names_missing_and_invalid_fields(db, acme):
    """CASE-8: a missing contract and a bad phone number are refused by field."""
    draft = complete(acme, contract="", rep_phone="12", impact=None)
    with pytest.raises(CaseNotReady) as info:
        save_case(db, draft, WHO, open_it=True, reference=REF)
    fields = {e.field: e.message for e in info.value.errors}
    assert set(fields) == {"contract", "rep_phone", "impact"}
    assert "contract number is missing" in fields["contract"]
    assert '"12" is not a valid phone number' in fields["rep_phone"]


def test_case3_case5_opening_computes_severity_and_due(db, acme):
    """CASE-3 Medium × Localized = S3; CASE-5 S3 = 1 business day: Fri 16:00 → Mon 16:00."""
    row = save_case(db, complete(acme), WHO, open_it=True, at=FRI_16, reference=REF)
    assert row["status"] is CaseStatus.OPENED
    assert row["severity"] is Severity.S3
    assert row["opened_at"] == FRI_16
    assert row["response_due"] == datetime(2026, 3, 16, 15, 0, tzinfo=UTC)
    assert row["calendar"] == "NL"


def test_case5_wall_clock_objective(db, acme):
    draft = complete(acme, urgency=Urgency.CRITICAL, impact=Impact.WIDESPREAD)
    row = save_case(db, draft, WHO, open_it=True, at=FRI_16, reference=REF)
    assert row["severity"] is Severity.S1
    assert row["response_due"] == FRI_16 + timedelta(minutes=15)


def test_open_an_existing_draft_and_keep_classification(db, acme):
    saved = save_case(db, complete(acme, contract=""), WHO, reference=REF)
    draft = complete(acme, id=saved["id"], row_version=saved["row_version"])
    opened = save_case(db, draft, WHO, open_it=True, at=FRI_16, reference=REF)
    assert opened["id"] == saved["id"] and opened["status"] is CaseStatus.OPENED
    # an opened case keeps impact/urgency; text fields still change, CASE-8 still holds
    edited = complete(
        acme,
        id=opened["id"],
        row_version=opened["row_version"],
        impact=Impact.WIDESPREAD,
        problem="Worse now",
    )
    again = save_case(db, edited, WHO, reference=REF)
    assert again["impact"] is Impact.LOCALIZED and again["problem"] == "Worse now"
    with pytest.raises(CaseNotReady):
        save_case(db, complete(acme, id=again["id"], rep_email="nope"), WHO, reference=REF)
    with pytest.raises(CaseError):
        save_case(db, complete(acme, id=again["id"]), WHO, open_it=True, reference=REF)


def test_stale_edit_is_refused(db, acme):
    saved = save_case(db, complete(acme), WHO, reference=REF)
    save_case(db, complete(acme, id=saved["id"], row_version=1, problem="A"), WHO, reference=REF)
    with pytest.raises(StaleEdit):
        save_case(
            db, complete(acme, id=saved["id"], row_version=1, problem="B"), WHO, reference=REF
        )


def test_case10_life_cycle(db, acme):
    row = save_case(db, complete(acme), WHO, open_it=True, at=FRI_16, reference=REF)
    assert legal_moves(CaseStatus.OPENED) == (CaseStatus.ACKNOWLEDGED,)
    with pytest.raises(TransitionError):
        case_life.move_case(db, row["id"], row["row_version"], CaseStatus.CLOSED, WHO)
    ack_at = FRI_16 + timedelta(hours=2)
    row = case_life.move_case(
        db, row["id"], row["row_version"], CaseStatus.ACKNOWLEDGED, WHO, at=ack_at
    )
    assert row["status"] is CaseStatus.ACKNOWLEDGED and row["acknowledged_at"] == ack_at
    row = case_life.move_case(
        db, row["id"], row["row_version"], CaseStatus.RESOLVED, WHO, at=ack_at + timedelta(days=1)
    )
    row = case_life.move_case(
        db, row["id"], row["row_version"], CaseStatus.MONITORING, WHO, until=date(2026, 3, 20)
    )
    record = load_case(db, row["id"], REF)
    assert record.status is CaseStatus.MONITORING
    assert record.case.monitoring_until == date(2026, 3, 20)
    row = case_life.move_case(
        db, row["id"], row["row_version"], CaseStatus.CLOSED, WHO, at=ack_at + timedelta(days=8)
    )
    assert row["status"] is CaseStatus.CLOSED
    with pytest.raises(StaleEdit):
        case_life.move_case(db, row["id"], 1, CaseStatus.CLOSED, WHO)


def test_case9_raise_before_acknowledgement_recomputes_due(db, acme):
    row = save_case(db, complete(acme), WHO, open_it=True, at=FRI_16, reference=REF)
    at = FRI_16 + timedelta(minutes=20)
    shown = case_life.preview_severity_change(
        load_case(db, row["id"], REF), Severity.S2, Party.PARTNER, at, REF
    )
    assert shown.allowed and shown.recomputed
    new_due = shown.due
    assert new_due == at + timedelta(minutes=30)
    row = case_life.change_case_severity(
        db, row["id"], row["row_version"], Severity.S2, Party.PARTNER, "Spreading", WHO, at=at
    )
    assert row["severity"] is Severity.S2 and row["response_due"] == new_due
    record = load_case(db, row["id"], REF)
    (change,) = record.severity_changes
    assert (change.from_severity, change.to_severity, change.by) == (
        Severity.S3,
        Severity.S2,
        Party.PARTNER,
    )
    assert change.reason == "Spreading" and change.response_due == new_due
    # the partner may not lower; a reason is required
    with pytest.raises(SeverityChangeError):
        case_life.change_case_severity(
            db, row["id"], row["row_version"], Severity.S4, Party.PARTNER, "x", WHO, at=at
        )
    with pytest.raises(SeverityChangeError):
        case_life.change_case_severity(
            db, row["id"], row["row_version"], Severity.S3, Party.PROVIDER, " ", WHO, at=at
        )
    refused = case_life.preview_severity_change(record, Severity.S4, Party.PARTNER, at, REF)
    assert not refused.allowed and "only raise" in refused.message


def test_case10_action_plan_and_case11_notice(db, acme):
    row = save_case(db, complete(acme), WHO, open_it=True, at=FRI_16, reference=REF)
    row = case_life.move_case(
        db, row["id"], row["row_version"], CaseStatus.ACKNOWLEDGED, WHO, at=FRI_16
    )
    plan = ActionPlan(date(2026, 3, 16), "Replace the trunk card", date(2026, 3, 20))
    row = case_life.add_case_action_plan(db, row["id"], row["row_version"], plan, WHO)
    assert row["status"] is CaseStatus.ACTION_PLAN
    row = case_life.add_case_action_plan(
        db, row["id"], row["row_version"], ActionPlan(date(2026, 3, 17), "Second try"), WHO
    )
    record = load_case(db, row["id"], REF)
    assert record.action_plans[0] == plan
    assert [p.text for p in record.action_plans] == ["Replace the trunk card", "Second try"]
    with pytest.raises(CaseError):
        case_life.add_case_notice(db, row["id"], FRI_16, "  ", "", WHO)
    case_life.add_case_notice(db, row["id"], FRI_16, "Incident notification", "Body", WHO)
    (notice,) = load_case(db, row["id"], REF).notices
    assert notice.subject == "Incident notification" and notice.customer == "Acme"


def test_delete_only_drafts(db, acme):
    draft = save_case(db, complete(acme), WHO, reference=REF)
    opened = save_case(db, complete(acme), WHO, open_it=True, at=FRI_16, reference=REF)
    with pytest.raises(CaseError, match="Only drafts"):
        delete_case(db, opened["id"], opened["row_version"], WHO)
    delete_case(db, draft["id"], draft["row_version"], WHO)
    assert next(a["new"] for a in audit.history("support_case", draft["id"])) == "deleted"


def test_case6_due_state():
    opened = FRI_16
    due = opened + timedelta(hours=4)
    row = {"opened_at": opened, "response_due": due, "acknowledged_at": None}
    pending = due_state(row, opened + timedelta(hours=3, minutes=30))
    assert pending.kind == "pending" and pending.share_left == pytest.approx(0.125)
    assert pending.remaining == timedelta(minutes=30)
    overdue = due_state(row, due + timedelta(hours=3))
    assert overdue.kind == "overdue" and overdue.remaining == -timedelta(hours=3)
    met = due_state({**row, "acknowledged_at": opened + timedelta(hours=1)}, due)
    assert met.kind == "met"
    late = due_state({**row, "acknowledged_at": due + timedelta(hours=1)}, due + timedelta(days=1))
    assert late.kind == "missed"
    assert due_state({"response_due": None}, due).kind == "none"


def test_preview_and_calendars(db, acme):
    (choice,) = customer_choices(db, REF)
    assert (choice.name, choice.calendar_code, choice.zone) == ("Acme", "NL", "Europe/Amsterdam")
    calendar = case_calendar_for(choice, REF)
    shown = preview(Severity.S4, calendar, REF, now=FRI_16)
    assert shown.objective.days == 3 and shown.channel.kind == "case_manager"
    assert shown.due == datetime(2026, 3, 18, 15, 0, tzinfo=UTC) and not shown.due_is_stored
    phone = preview(Severity.S2, calendar, REF, now=FRI_16)
    assert phone.channel.phone == "1-800-553-2447" and phone.due == FRI_16 + timedelta(minutes=30)
    assert preview(None, calendar, REF, now=FRI_16).severity is None


def test_defaults_from_latest_case(db, acme):
    assert new_case_defaults(db) == {}
    save_case(db, complete(acme), WHO, reference=REF)
    assert new_case_defaults(db)["partner"] == "Partner BV"
    assert last_contract(db, acme) == "91234567"


def test_a_vanished_case_is_a_stale_edit(db, acme):
    row = save_case(db, complete(acme), WHO, reference=REF)
    delete_case(db, row["id"], row["row_version"], WHO)
    with pytest.raises(StaleEdit) as info:
        case_life.move_case(db, row["id"], row["row_version"], CaseStatus.ACKNOWLEDGED, WHO)
    assert info.value.actual is None
    with pytest.raises(StaleEdit):
        save_case(db, complete(acme, id=row["id"], row_version=1), WHO, reference=REF)


def test_case9_change_after_acknowledgement_keeps_the_due_time(db, acme):
    row = save_case(db, complete(acme), WHO, open_it=True, at=FRI_16, reference=REF)
    due = row["response_due"]
    row = case_life.move_case(
        db, row["id"], row["row_version"], CaseStatus.ACKNOWLEDGED, WHO, at=FRI_16
    )
    later = FRI_16 + timedelta(hours=1)
    shown = case_life.preview_severity_change(
        load_case(db, row["id"], REF), Severity.S4, Party.PROVIDER, later, REF
    )
    assert shown.allowed and not shown.recomputed and shown.due == due
    row = case_life.change_case_severity(
        db, row["id"], row["row_version"], Severity.S4, Party.PROVIDER, "Triage", WHO, at=later
    )
    assert row["severity"] is Severity.S4 and row["response_due"] == due
    (change,) = load_case(db, row["id"], REF).severity_changes
    assert change.response_due is None
