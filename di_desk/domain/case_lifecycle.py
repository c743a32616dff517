"""CASE-9/10/11: the life of a case — status transitions, severity changes,
action plans and provider notices.

Life cycle (CASE-10; the optional steps of the guide in brackets)::

    draft → opened → acknowledged → [action_plan] → resolved → [monitoring] → closed

Reading: ``action_plan`` may be skipped (acknowledged → resolved) and so may
``monitoring`` (resolved → closed). A resolved or monitored case whose problem
comes back is reopened to ``acknowledged`` (the provider already knows it; the
response objective is not restarted). ``closed`` is final: a new problem is a
new case.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from types import MappingProxyType

from di_desk.domain.calendar import BusinessCalendar
from di_desk.domain.case_validation import CaseNotReady, validate_case
from di_desk.domain.cases import (
    ActionPlan,
    Case,
    CaseError,
    ProviderNotice,
    SeverityChange,
    response_due,
)
from di_desk.domain.enums import CaseStatus, Party, Severity
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import _

#: CASE-10: the statuses each status may move to.
TRANSITIONS: MappingProxyType[CaseStatus, tuple[CaseStatus, ...]] = MappingProxyType(
    {
        CaseStatus.DRAFT: (CaseStatus.OPENED,),
        CaseStatus.OPENED: (CaseStatus.ACKNOWLEDGED,),
        CaseStatus.ACKNOWLEDGED: (CaseStatus.ACTION_PLAN, CaseStatus.RESOLVED),
        CaseStatus.ACTION_PLAN: (CaseStatus.RESOLVED,),
        CaseStatus.RESOLVED: (CaseStatus.MONITORING, CaseStatus.CLOSED, CaseStatus.ACKNOWLEDGED),
        CaseStatus.MONITORING: (CaseStatus.CLOSED, CaseStatus.ACKNOWLEDGED),
        CaseStatus.CLOSED: (),
    }
)

#: CASE-9: statuses in which the severity may change (opened, not yet resolved).
SEVERITY_CHANGE_STATUSES = frozenset(
    {CaseStatus.OPENED, CaseStatus.ACKNOWLEDGED, CaseStatus.ACTION_PLAN}
)


class TransitionError(CaseError):
    """CASE-10: a status change the life cycle does not allow."""

    def __init__(self, current: CaseStatus, target: CaseStatus):
        self.current = current
        self.target = target
        self.allowed = allowed_transitions(current)
        if self.allowed:
            allowed = ", ".join(status.label for status in self.allowed)
            message = _(
                'A case that is "{current}" cannot become "{target}"; allowed: {allowed}.'
            ).format(current=current.label, target=target.label, allowed=allowed)
        else:
            message = _('A case that is "{current}" cannot change any more.').format(
                current=current.label
            )
        super().__init__(message)


class SeverityChangeError(CaseError):
    """CASE-9: a severity change that is not allowed."""


def allowed_transitions(status: CaseStatus) -> tuple[CaseStatus, ...]:
    """CASE-10: the statuses a case in ``status`` may move to."""
    return TRANSITIONS[status]


def transition(status: CaseStatus, target: CaseStatus) -> CaseStatus:
    """CASE-10: ``target`` when the life cycle allows it; else TransitionError."""
    if target not in TRANSITIONS[status]:
        raise TransitionError(status, target)
    return target


def _not_before(at: datetime, earlier: datetime | None, message: str) -> datetime:
    """``at`` in UTC; CaseError with ``message`` (an ``{earlier}`` template) when before."""
    at = to_utc(at)
    if earlier is not None and at < to_utc(earlier):
        raise CaseError(message.format(earlier=to_utc(earlier).strftime("%Y-%m-%d %H:%M UTC")))
    return at


def open_case(case: Case, calendar: BusinessCalendar, reference: ReferenceData) -> Case:
    """CASE-8/10: a draft becomes opened, with its response due time (CASE-5).

    Raises CaseNotReady listing every missing or invalid field, or
    TransitionError when the case is not a draft.
    """
    status = transition(case.status, CaseStatus.OPENED)
    errors = validate_case(case, reference)
    if errors:
        raise CaseNotReady(errors)
    due = response_due(case.severity, case.opened_at, calendar, reference)
    return replace(case, status=status, opened_at=to_utc(case.opened_at), response_due=due)


def acknowledge_case(case: Case, at: datetime) -> Case:
    """CASE-10: the provider acknowledged the opened case at ``at`` (not before opening)."""
    if case.status in (CaseStatus.RESOLVED, CaseStatus.MONITORING):
        raise CaseError(_("The case was acknowledged before; reopen it instead."))
    status = transition(case.status, CaseStatus.ACKNOWLEDGED)
    at = _not_before(
        at,
        case.opened_at,
        _("The acknowledgement cannot be earlier than the opening of the case ({earlier})."),
    )
    return replace(case, status=status, acknowledged_at=at)


def reopen_case(case: Case) -> Case:
    """CASE-10 reading: a resolved or monitored case whose problem came back
    returns to acknowledged; its first acknowledgement and due time stay."""
    if case.status not in (CaseStatus.RESOLVED, CaseStatus.MONITORING):
        raise CaseError(_("Only a resolved or monitored case can be reopened."))
    status = transition(case.status, CaseStatus.ACKNOWLEDGED)
    return replace(case, status=status, resolved_at=None, monitoring_until=None)


def add_action_plan(case: Case, plan: ActionPlan) -> Case:
    """CASE-10: record a status and action plan; the first one moves an
    acknowledged case to ``action_plan``, later ones are added to it."""
    if not plan.text.strip():
        raise CaseError(_("An action plan needs a description."))
    if plan.expected_by is not None and plan.expected_by < plan.given_on:
        raise CaseError(_("An action plan cannot be expected before the day it was given."))
    status = case.status
    if status is not CaseStatus.ACTION_PLAN:
        status = transition(status, CaseStatus.ACTION_PLAN)
    return replace(case, status=status, action_plans=(*case.action_plans, plan))


def resolve_case(case: Case, at: datetime) -> Case:
    """CASE-10: the problem is resolved at ``at``."""
    status = transition(case.status, CaseStatus.RESOLVED)
    at = _not_before(
        at,
        case.acknowledged_at or case.opened_at,
        _("The resolution cannot be earlier than the opening of the case ({earlier}).")
        if case.acknowledged_at is None
        else _("The resolution cannot be earlier than the acknowledgement ({earlier})."),
    )
    return replace(case, status=status, resolved_at=at)


def start_monitoring(case: Case, until: date) -> Case:
    """CASE-10: keep a resolved case open until ``until`` while stability is assessed."""
    status = transition(case.status, CaseStatus.MONITORING)
    if case.resolved_at is not None and until < to_utc(case.resolved_at).date():
        raise CaseError(_("Monitoring cannot end before the case was resolved."))
    return replace(case, status=status, monitoring_until=until)


def close_case(case: Case, at: datetime) -> Case:
    """CASE-10: close a resolved or monitored case at ``at``."""
    status = transition(case.status, CaseStatus.CLOSED)
    at = _not_before(
        at,
        case.resolved_at,
        _("The case cannot be closed earlier than its resolution ({earlier})."),
    )
    return replace(case, status=status, closed_at=at)


def change_severity(
    case: Case,
    new_severity: Severity,
    at: datetime,
    by: Party,
    reason: str,
    calendar: BusinessCalendar,
    reference: ReferenceData,
) -> tuple[Case, SeverityChange]:
    """CASE-9: change a case's severity and record the change.

    The partner may only raise the severity (towards S1), the provider may
    only lower it (towards S4); a reason is required. Before acknowledgement
    (no acknowledgement at or before ``at``) the response due time is
    recomputed from ``at`` with the new severity's objective; after it the
    due time stays. Changes are recorded in time order, not before opening.
    Raises SeverityChangeError (a ValueError) with a translated message.
    """
    if case.status not in SEVERITY_CHANGE_STATUSES:
        raise SeverityChangeError(
            _('The severity of a case that is "{status}" cannot change.').format(
                status=case.status.label
            )
        )
    old = case.severity
    if new_severity is old:
        raise SeverityChangeError(
            _("The case already has severity {severity}.").format(severity=old.value)
        )
    if by is Party.PARTNER:
        if new_severity.rank > old.rank:
            raise SeverityChangeError(
                _(
                    "The partner may only raise the severity (from {old} towards S1); "
                    "the provider lowers it."
                ).format(old=old.value)
            )
    elif by is Party.PROVIDER:
        if new_severity.rank < old.rank:
            raise SeverityChangeError(
                _(
                    "The provider may only lower the severity (from {old} towards S4); "
                    "the partner raises it."
                ).format(old=old.value)
            )
    else:
        raise SeverityChangeError(_("A severity change is made by the partner or the provider."))
    reason = reason.strip()
    if not reason:
        raise SeverityChangeError(_("A severity change needs a reason."))
    at = to_utc(at)
    earliest = case.severity_changes[-1].at if case.severity_changes else case.opened_at
    if at < to_utc(earliest):
        raise SeverityChangeError(
            _("A severity change cannot be earlier than {earliest}.").format(
                earliest=to_utc(earliest).strftime("%Y-%m-%d %H:%M UTC")
            )
        )
    acknowledged = case.acknowledged_at is not None and to_utc(case.acknowledged_at) <= at
    new_due = None if acknowledged else response_due(new_severity, at, calendar, reference)
    change = SeverityChange(at, old, new_severity, by, reason, new_due)
    updated = replace(
        case,
        severity=new_severity,
        response_due=case.response_due if new_due is None else new_due,
        severity_changes=(*case.severity_changes, change),
    )
    return updated, change


def notice_for_case(
    case: Case, received_at: datetime, subject: str, text: str = ""
) -> ProviderNotice:
    """CASE-11: log a provider notice against ``case`` and its customer."""
    if not subject.strip():
        raise CaseError(_("A provider notice needs a subject."))
    return ProviderNotice(
        received_at=to_utc(received_at),
        customer=case.customer,
        subject=subject.strip(),
        text=text,
        case_id=case.id,
        severity=case.severity,
    )
