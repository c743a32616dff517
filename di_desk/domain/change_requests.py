"""Partner-requested changes and their joint review (MAINT-9).

States: requested → under joint review → approved or rejected; only an
approved change may be scheduled. Rejected and scheduled are final.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType

from di_desk.domain.enums import LabelledEnum
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import N_, _


class ChangeRequestState(LabelledEnum):
    """MAINT-9: the life cycle of a partner-requested change."""

    REQUESTED = "requested", N_("Requested")
    UNDER_JOINT_REVIEW = "under_joint_review", N_("Under joint review")
    APPROVED = "approved", N_("Approved")
    REJECTED = "rejected", N_("Rejected")
    SCHEDULED = "scheduled", N_("Scheduled")


_S = ChangeRequestState
#: MAINT-9: the states each state may move to, in the order offered to the user.
TRANSITIONS: MappingProxyType[ChangeRequestState, tuple[ChangeRequestState, ...]] = (
    MappingProxyType(
        {
            _S.REQUESTED: (_S.UNDER_JOINT_REVIEW,),
            _S.UNDER_JOINT_REVIEW: (_S.APPROVED, _S.REJECTED),
            _S.APPROVED: (_S.SCHEDULED,),
            _S.REJECTED: (),
            _S.SCHEDULED: (),
        }
    )
)
#: States in which the change may go ahead in a maintenance window.
SCHEDULABLE_STATES: frozenset[ChangeRequestState] = frozenset({_S.APPROVED, _S.SCHEDULED})


class TransitionError(ValueError):
    """A state change MAINT-9 does not allow; the message lists the allowed ones."""

    def __init__(self, current: ChangeRequestState, target: ChangeRequestState):
        self.current = current
        self.target = target
        self.allowed = TRANSITIONS[current]
        if self.allowed:
            message = _(
                "A partner-requested change cannot go from {current} to {target}; "
                "allowed next: {allowed}."
            ).format(
                current=current.label,
                target=target.label,
                allowed=", ".join(state.label for state in self.allowed),
            )
        else:
            message = _(
                "A partner-requested change cannot go from {current} to {target}: "
                "{current} is final."
            ).format(current=current.label, target=target.label)
        super().__init__(message)


def allowed_transitions(state: ChangeRequestState) -> tuple[ChangeRequestState, ...]:
    """MAINT-9: the states ``state`` may move to (empty for a final state)."""
    return TRANSITIONS[state]


def transition(current: ChangeRequestState, target: ChangeRequestState) -> ChangeRequestState:
    """MAINT-9: ``target`` when the move is allowed, else :class:`TransitionError`."""
    if target not in TRANSITIONS[current]:
        raise TransitionError(current, target)
    return target


def is_final(state: ChangeRequestState) -> bool:
    return not TRANSITIONS[state]


@dataclass(frozen=True)
class StateChange:
    """One recorded step of the review: when (UTC), from, to, by whom, why."""

    at: datetime
    from_state: ChangeRequestState
    to_state: ChangeRequestState
    by: str = ""
    note: str = ""


@dataclass(frozen=True)
class PartnerChangeRequest:
    """MAINT-9: a partner-requested change (e.g. border devices, integrations,
    deactivating a service) on its way through the joint review."""

    customer: str
    summary: str
    state: ChangeRequestState = ChangeRequestState.REQUESTED
    history: tuple[StateChange, ...] = ()

    def advance(
        self, target: ChangeRequestState, at: datetime, *, by: str = "", note: str = ""
    ) -> PartnerChangeRequest:
        """A copy in state ``target`` with the step recorded; TransitionError if not allowed."""
        new_state = transition(self.state, target)
        step = StateChange(to_utc(at), self.state, new_state, by, note)
        return replace(self, state=new_state, history=(*self.history, step))

    @property
    def may_be_scheduled(self) -> bool:
        """True once the joint review approved the change."""
        return self.state in SCHEDULABLE_STATES
