"""Partner-requested changes and the joint review (MAINT-9)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from di_desk.domain.change_requests import (
    ChangeRequestState,
    PartnerChangeRequest,
    TransitionError,
    allowed_transitions,
    is_final,
    transition,
)

S = ChangeRequestState
T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)

ALLOWED = {
    (S.REQUESTED, S.UNDER_JOINT_REVIEW),
    (S.UNDER_JOINT_REVIEW, S.APPROVED),
    (S.UNDER_JOINT_REVIEW, S.REJECTED),
    (S.APPROVED, S.SCHEDULED),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_maint9_transition_table(current, target):
    """MAINT-9: exactly requested → review → approved/rejected, approved → scheduled."""
    if (current, target) in ALLOWED:
        assert transition(current, target) is target
    else:
        with pytest.raises(TransitionError) as info:
            transition(current, target)
        assert info.value.allowed == allowed_transitions(current)


def test_maint9_error_lists_allowed_states():
    """MAINT-9: the error message lists the allowed next states."""
    with pytest.raises(TransitionError) as info:
        transition(S.UNDER_JOINT_REVIEW, S.SCHEDULED)
    assert str(info.value) == (
        "A partner-requested change cannot go from Under joint review to Scheduled; "
        "allowed next: Approved, Rejected."
    )
    with pytest.raises(TransitionError, match="Rejected is final"):
        transition(S.REJECTED, S.SCHEDULED)


def test_maint9_final_states():
    """MAINT-9: rejected and scheduled are final."""
    assert {s for s in S if is_final(s)} == {S.REJECTED, S.SCHEDULED}


def test_maint9_request_life_cycle_records_history():
    """MAINT-9: a request advances with a recorded history (UTC times, who, note)."""
    request = PartnerChangeRequest("Acme", "Deactivate the CER service")
    assert request.state is S.REQUESTED and not request.may_be_scheduled
    cet = timezone(timedelta(hours=1))
    request = request.advance(S.UNDER_JOINT_REVIEW, datetime(2026, 6, 1, 10, tzinfo=cet), by="PM")
    request = request.advance(S.APPROVED, T0 + timedelta(days=3), note="Impact accepted")
    assert request.may_be_scheduled
    request = request.advance(S.SCHEDULED, T0 + timedelta(days=4))
    assert request.state is S.SCHEDULED
    assert [(c.from_state, c.to_state) for c in request.history] == [
        (S.REQUESTED, S.UNDER_JOINT_REVIEW),
        (S.UNDER_JOINT_REVIEW, S.APPROVED),
        (S.APPROVED, S.SCHEDULED),
    ]
    assert request.history[0].at == T0 and request.history[0].at.tzinfo is UTC
    assert request.history[0].by == "PM"
    assert request.history[1].note == "Impact accepted"


def test_maint9_rejected_request_cannot_be_scheduled():
    """MAINT-9: rejected is final; the request is unchanged after a refused step."""
    request = PartnerChangeRequest("Acme", "Border change").advance(S.UNDER_JOINT_REVIEW, T0)
    rejected = request.advance(S.REJECTED, T0)
    with pytest.raises(TransitionError):
        rejected.advance(S.SCHEDULED, T0)
    assert rejected.state is S.REJECTED and len(rejected.history) == 2
    with pytest.raises(ValueError):
        request.advance(S.APPROVED, datetime(2026, 6, 1))  # naive time
