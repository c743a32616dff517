"""Case life cycle, severity changes, action plans and notices (CASE-9..11)."""

from __future__ import annotations

import gettext
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import product
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.calendar import calendar_for
from di_desk.domain.case_lifecycle import (
    SEVERITY_CHANGE_STATUSES,
    TRANSITIONS,
    SeverityChangeError,
    TransitionError,
    acknowledge_case,
    add_action_plan,
    allowed_transitions,
    change_severity,
    close_case,
    notice_for_case,
    open_case,
    reopen_case,
    resolve_case,
    start_monitoring,
    transition,
)
from di_desk.domain.case_validation import CaseNotReady
from di_desk.domain.cases import ActionPlan, Case, CaseError, SeverityChange
from di_desk.domain.enums import CaseCategory, CaseStatus, Impact, Party, Severity, Urgency
from di_desk.domain.reference import DEFAULT_REFERENCE

AMS = ZoneInfo("Europe/Amsterdam")
NL = calendar_for("NL", "Europe/Amsterdam")
REF = DEFAULT_REFERENCE
S = CaseStatus


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_translations", _Pseudo())


def ams(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def draft(severity: Severity = Severity.S3, **changes) -> Case:
    case = Case(
        id=7,
        customer="Acme",
        opened_at=ams(2026, 3, 10, 14),  # Tue, 13:00 UTC
        impact=Impact.LOCALIZED,
        urgency=Urgency.MEDIUM,
        severity=severity,
        category=CaseCategory.APPLICATION_ERROR,
        partner="Example Partner",
        contract="91234567",
        rep_name="Support team",
        rep_phone="+31 20 123 4567",
        rep_email="support@partner.example.nl",
        problem="Voicemail greetings cannot be recorded.",
    )
    return replace(case, **changes)


def opened(severity: Severity = Severity.S3, **changes) -> Case:
    return open_case(draft(severity, **changes), NL, REF)


# --------------------------------------------------------------------------- CASE-10

EXPECTED = {
    S.DRAFT: {S.OPENED},
    S.OPENED: {S.ACKNOWLEDGED},
    S.ACKNOWLEDGED: {S.ACTION_PLAN, S.RESOLVED},
    S.ACTION_PLAN: {S.RESOLVED},
    S.RESOLVED: {S.MONITORING, S.CLOSED, S.ACKNOWLEDGED},
    S.MONITORING: {S.CLOSED, S.ACKNOWLEDGED},
    S.CLOSED: set(),
}


@pytest.mark.parametrize(("current", "target"), list(product(CaseStatus, CaseStatus)))
def test_case10_every_transition(current: CaseStatus, target: CaseStatus) -> None:
    """CASE-10: each of the 49 status pairs is allowed or refused as documented."""
    assert set(allowed_transitions(current)) == EXPECTED[current]
    if target in EXPECTED[current]:
        assert transition(current, target) is target
    else:
        with pytest.raises(TransitionError) as info:
            transition(current, target)
        assert isinstance(info.value, ValueError)
        assert (info.value.current, info.value.target) == (current, target)


def test_case10_error_lists_allowed_transitions() -> None:
    """CASE-10: the refusal names the allowed next statuses."""
    with pytest.raises(TransitionError) as info:
        transition(S.ACKNOWLEDGED, S.CLOSED)
    assert str(info.value) == (
        'A case that is "Acknowledged" cannot become "Closed"; '
        "allowed: Action plan given, Resolved."
    )
    with pytest.raises(TransitionError, match="cannot change any more"):
        transition(S.CLOSED, S.OPENED)


def test_case10_error_is_translated(pseudo: None) -> None:
    """CASE-10: the refusal and the status labels are translated."""
    with pytest.raises(TransitionError) as info:
        transition(S.DRAFT, S.CLOSED)
    assert str(info.value).startswith("⟦A case that is")
    assert "⟦Opened⟧" in str(info.value)


def test_case10_every_status_is_reachable_from_draft() -> None:
    """CASE-10: the transition table reaches every status and ends in closed."""
    seen, todo = {S.DRAFT}, [S.DRAFT]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(CaseStatus)


def test_case10_full_life() -> None:
    """CASE-10: draft → opened → acknowledged → action plan → resolved → monitoring → closed."""
    case = opened()
    assert case.status is S.OPENED
    assert case.response_due == ams(2026, 3, 11, 14).astimezone(UTC)
    case = acknowledge_case(case, ams(2026, 3, 11, 10))
    assert case.acknowledged_at == utc(2026, 3, 11, 9)
    plan = ActionPlan(date(2026, 3, 12), "Collect traces; engineering review.", date(2026, 3, 20))
    case = add_action_plan(case, plan)
    assert case.status is S.ACTION_PLAN
    second = ActionPlan(date(2026, 3, 20), "Patch in COP file next window.")
    case = add_action_plan(case, second)
    assert case.status is S.ACTION_PLAN
    assert case.action_plans == (plan, second)
    case = resolve_case(case, utc(2026, 3, 24, 10))
    case = start_monitoring(case, date(2026, 4, 7))
    assert (case.status, case.monitoring_until) == (S.MONITORING, date(2026, 4, 7))
    case = close_case(case, utc(2026, 4, 7, 12))
    assert (case.status, case.closed_at) == (S.CLOSED, utc(2026, 4, 7, 12))


def test_case10_short_life_without_optional_steps() -> None:
    """CASE-10: action plan and monitoring are optional."""
    case = acknowledge_case(opened(), utc(2026, 3, 10, 15))
    case = close_case(resolve_case(case, utc(2026, 3, 10, 16)), utc(2026, 3, 10, 17))
    assert case.status is S.CLOSED
    assert case.action_plans == ()


def test_case10_opening_requires_case8_data() -> None:
    """CASE-10 + CASE-8: a draft without the required data is not opened."""
    with pytest.raises(CaseNotReady) as info:
        open_case(draft(contract="", rep_phone="12"), NL, REF)
    assert [e.field for e in info.value.errors] == ["contract", "rep_phone"]
    assert "Subscription or service-contract number is missing." in str(info.value)


def test_case10_only_a_draft_is_opened() -> None:
    """CASE-10: opening twice is refused."""
    with pytest.raises(TransitionError):
        open_case(opened(), NL, REF)


def test_case10_open_computes_due_for_each_severity() -> None:
    """CASE-10 + CASE-5: opening sets the response due time in UTC."""
    assert opened(Severity.S1).response_due == utc(2026, 3, 10, 13, 15)
    assert opened(Severity.S2).response_due == utc(2026, 3, 10, 13, 30)
    assert opened(Severity.S4).response_due == ams(2026, 3, 13, 14).astimezone(UTC)
    assert opened().opened_at.tzinfo is UTC


def test_case10_acknowledge_not_before_opening() -> None:
    """CASE-10: an acknowledgement cannot precede the opening."""
    with pytest.raises(CaseError, match="cannot be earlier"):
        acknowledge_case(opened(), utc(2026, 3, 10, 12))
    with pytest.raises(TransitionError):
        acknowledge_case(draft(), utc(2026, 3, 10, 14))


def test_case10_resolve_and_close_times_are_ordered() -> None:
    """CASE-10: resolution after acknowledgement, closing after resolution."""
    case = acknowledge_case(opened(), utc(2026, 3, 10, 15))
    with pytest.raises(CaseError):
        resolve_case(case, utc(2026, 3, 10, 14))
    case = resolve_case(case, utc(2026, 3, 11))
    with pytest.raises(CaseError):
        close_case(case, utc(2026, 3, 10, 23))
    with pytest.raises(CaseError, match="Monitoring cannot end"):
        start_monitoring(case, date(2026, 3, 10))


def test_case10_reopen() -> None:
    """CASE-10 Reading: a resolved or monitored case can go back to acknowledged."""
    case = resolve_case(acknowledge_case(opened(), utc(2026, 3, 10, 15)), utc(2026, 3, 11))
    for resolved in (case, start_monitoring(case, date(2026, 3, 20))):
        back = reopen_case(resolved)
        assert back.status is S.ACKNOWLEDGED
        assert back.acknowledged_at == utc(2026, 3, 10, 15)
        assert (back.resolved_at, back.monitoring_until) == (None, None)
        assert back.response_due == case.response_due
    with pytest.raises(CaseError, match="reopen it instead"):
        acknowledge_case(case, utc(2026, 3, 12))
    with pytest.raises(CaseError, match="Only a resolved or monitored case"):
        reopen_case(opened())
    with pytest.raises(CaseError):
        reopen_case(close_case(case, utc(2026, 3, 12)))


def test_case10_action_plan_rules() -> None:
    """CASE-10: a plan needs text, sane dates and an acknowledged case."""
    case = acknowledge_case(opened(), utc(2026, 3, 10, 15))
    with pytest.raises(CaseError, match="needs a description"):
        add_action_plan(case, ActionPlan(date(2026, 3, 11), "  "))
    with pytest.raises(CaseError, match="cannot be expected before"):
        add_action_plan(case, ActionPlan(date(2026, 3, 11), "x", date(2026, 3, 10)))
    with pytest.raises(TransitionError):
        add_action_plan(opened(), ActionPlan(date(2026, 3, 11), "x"))


# --------------------------------------------------------------------------- CASE-9


def test_case9_partner_raises_before_ack_recomputes_due() -> None:
    """CASE-9: a raise before acknowledgement restarts the clock at the change."""
    case = opened(Severity.S3)
    at = ams(2026, 3, 10, 15)
    new, change = change_severity(case, Severity.S1, at, Party.PARTNER, " Outage spread ", NL, REF)
    assert new.severity is Severity.S1
    assert new.response_due == utc(2026, 3, 10, 14, 15)
    assert change == SeverityChange(
        utc(2026, 3, 10, 14),
        Severity.S3,
        Severity.S1,
        Party.PARTNER,
        "Outage spread",
        utc(2026, 3, 10, 14, 15),
    )
    assert new.severity_changes == (change,)
    assert new.initial_severity is Severity.S3


def test_case9_provider_lowers_before_ack_recomputes_due() -> None:
    """CASE-9: a provider lowering S2 → S4 on a Friday afternoon: 3 business days."""
    case = opened(Severity.S2, opened_at=ams(2026, 3, 13, 15))
    new, change = change_severity(
        case, Severity.S4, ams(2026, 3, 13, 15, 10), Party.PROVIDER, "Triage", NL, REF
    )
    assert new.response_due == ams(2026, 3, 18, 15, 10).astimezone(UTC)
    assert change.response_due == new.response_due


def test_case9_after_ack_due_stays() -> None:
    """CASE-9: after acknowledgement the due time does not move."""
    case = acknowledge_case(opened(Severity.S3), ams(2026, 3, 10, 16))
    new, change = change_severity(
        case, Severity.S2, ams(2026, 3, 11, 9), Party.PARTNER, "More sites", NL, REF
    )
    assert new.response_due == case.response_due
    assert change.response_due is None
    assert new.status is S.ACKNOWLEDGED


def test_case9_change_at_ack_instant_counts_as_after() -> None:
    """CASE-9: an acknowledgement at the same instant as the change keeps the due time."""
    case = acknowledge_case(opened(Severity.S3), ams(2026, 3, 10, 16))
    new, _change = change_severity(
        case, Severity.S2, ams(2026, 3, 10, 16), Party.PARTNER, "x", NL, REF
    )
    assert new.response_due == case.response_due


def test_case9_successive_changes_are_recorded_in_order() -> None:
    """CASE-9: every change is kept; they must be in time order."""
    case = opened(Severity.S3)
    case, first = change_severity(
        case, Severity.S2, ams(2026, 3, 10, 15), Party.PARTNER, "a", NL, REF
    )
    case, second = change_severity(
        case, Severity.S3, ams(2026, 3, 10, 16), Party.PROVIDER, "b", NL, REF
    )
    assert case.severity_changes == (first, second)
    assert case.response_due == ams(2026, 3, 11, 16).astimezone(UTC)
    with pytest.raises(SeverityChangeError, match="cannot be earlier"):
        change_severity(case, Severity.S1, ams(2026, 3, 10, 15, 30), Party.PARTNER, "c", NL, REF)
    with pytest.raises(SeverityChangeError, match="cannot be earlier"):
        change_severity(opened(), Severity.S1, ams(2026, 3, 10, 13), Party.PARTNER, "c", NL, REF)


@given(
    old=st.sampled_from(Severity),
    new=st.sampled_from(Severity),
    by=st.sampled_from(Party),
)
def test_case9_who_may_change_what(old: Severity, new: Severity, by: Party) -> None:
    """CASE-9 property: partner only raises, provider only lowers, nobody else."""
    case = opened(old)
    allowed = (by is Party.PARTNER and new.rank < old.rank) or (
        by is Party.PROVIDER and new.rank > old.rank
    )
    at = ams(2026, 3, 10, 15)
    if allowed:
        updated, change = change_severity(case, new, at, by, "reason", NL, REF)
        assert (updated.severity, change.from_severity, change.to_severity) == (new, old, new)
        assert change.by is by
    else:
        with pytest.raises(SeverityChangeError) as info:
            change_severity(case, new, at, by, "reason", NL, REF)
        assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_case9_reason_is_required(reason: str) -> None:
    """CASE-9: a change without a reason is refused."""
    with pytest.raises(SeverityChangeError, match="needs a reason"):
        change_severity(opened(), Severity.S2, ams(2026, 3, 10, 15), Party.PARTNER, reason, NL, REF)


@pytest.mark.parametrize("status", sorted(set(CaseStatus) - SEVERITY_CHANGE_STATUSES))
def test_case9_only_while_open(status: CaseStatus) -> None:
    """CASE-9: drafts, resolved, monitored and closed cases keep their severity."""
    with pytest.raises(SeverityChangeError):
        change_severity(
            replace(opened(), status=status),
            Severity.S2,
            ams(2026, 3, 10, 15),
            Party.PARTNER,
            "x",
            NL,
            REF,
        )


def test_case9_messages_are_translated(pseudo: None) -> None:
    """CASE-9: refusals are translated."""
    with pytest.raises(SeverityChangeError) as info:
        change_severity(opened(), Severity.S4, ams(2026, 3, 10, 15), Party.PARTNER, "x", NL, REF)
    assert str(info.value).startswith("⟦The partner may only raise")
    with pytest.raises(SeverityChangeError, match="⟦The case already has"):
        change_severity(opened(), Severity.S3, ams(2026, 3, 10, 15), Party.PROVIDER, "x", NL, REF)
    with pytest.raises(SeverityChangeError, match="⟦A severity change is made by"):
        change_severity(opened(), Severity.S2, ams(2026, 3, 10, 15), Party.BOTH, "x", NL, REF)


def test_case9_explanation_follows_recomputed_clock() -> None:
    """CASE-9 + CASE-5: the deadline explanation starts at the recomputing change."""
    from di_desk.domain.cases import case_deadline_explanation

    case = opened(Severity.S2, opened_at=ams(2026, 3, 13, 15))
    case, _change = change_severity(
        case, Severity.S3, ams(2026, 3, 13, 16), Party.PROVIDER, "x", NL, REF
    )
    assert case.response_due == ams(2026, 3, 16, 16).astimezone(UTC)
    assert len(case_deadline_explanation(case, NL, REF)) == 2


# --------------------------------------------------------------------------- CASE-11


def test_case11_notice_against_case_and_customer() -> None:
    """CASE-11: a provider notice is logged with the case, its customer and severity."""
    case = opened(Severity.S1)
    notice = notice_for_case(case, ams(2026, 3, 10, 14, 20), " Incident: PSTN ", "Details")
    assert (notice.case_id, notice.customer, notice.severity) == (7, "Acme", Severity.S1)
    assert notice.subject == "Incident: PSTN"
    assert notice.received_at == utc(2026, 3, 10, 13, 20)
    with pytest.raises(CaseError, match="needs a subject"):
        notice_for_case(case, ams(2026, 3, 10, 14, 20), " ")
    assert notice.received_at - case.opened_at == timedelta(minutes=20)
