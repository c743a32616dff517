"""The life of a stored case: status moves, severity changes, action plans, notices.

Each function loads the case as domain values (:func:`~di_desk.services.case_records.load_case`),
applies the rule of :mod:`di_desk.domain.case_lifecycle` (CASE-9/10/11) and
writes the result in one transaction, checking the ``row_version`` the user
saw (:class:`~di_desk.storage.errors.StaleEdit` when it is stale).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import Database

from di_desk.domain.case_lifecycle import (
    acknowledge_case,
    add_action_plan,
    change_severity,
    close_case,
    notice_for_case,
    reopen_case,
    resolve_case,
    start_monitoring,
)
from di_desk.domain.cases import ActionPlan, CaseError, ProviderNotice
from di_desk.domain.enums import CaseStatus, Party, Severity
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import _
from di_desk.services.case_records import (
    CaseRecord,
    instant_of,
    load_case,
    now_utc,
    reference_for,
)
from di_desk.storage import tables as t
from di_desk.storage.errors import RowNotFound, StaleEdit
from di_desk.storage.repositories import Repository
from di_desk.storage.repositories import change_severity as store_severity_change

ENTITY = "support_case"


def _current(
    db: Database, case_id: int, row_version: int | None, reference: ReferenceData
) -> CaseRecord:
    """The stored case as the user saw it: StaleEdit when it changed or vanished."""
    try:
        record = load_case(db, case_id, reference)
    except RowNotFound:
        raise StaleEdit(ENTITY, case_id, row_version or 0, None) from None
    if row_version is not None and record.row_version != row_version:
        raise StaleEdit(ENTITY, case_id, row_version, record.row_version)
    return record


def move_case(
    db: Database,
    case_id: int,
    row_version: int,
    target: CaseStatus,
    who: str,
    *,
    at: datetime | None = None,
    until: date | None = None,
    reference: ReferenceData | None = None,
) -> dict[str, Any]:
    """CASE-10: move a saved case to ``target`` (not ``opened``: see
    :func:`save_case`; not ``action_plan``: see :func:`add_case_action_plan`).

    ``acknowledged`` acknowledges an opened case at ``at`` or reopens a
    resolved or monitored one; ``monitoring`` needs ``until``.
    """
    reference = reference or reference_for(db)
    at = to_utc(at) if at is not None else now_utc()
    with db.atomic():
        record = _current(db, case_id, row_version, reference)
        case = record.case
        if case is None:
            raise CaseError(_("Save the case completely before changing its status."))
        if target is CaseStatus.ACKNOWLEDGED:
            if case.status in (CaseStatus.RESOLVED, CaseStatus.MONITORING):
                moved = reopen_case(case)
            else:
                moved = acknowledge_case(case, at)
        elif target is CaseStatus.RESOLVED:
            moved = resolve_case(case, at)
        elif target is CaseStatus.MONITORING:
            if until is None:
                raise CaseError(_("Monitoring needs the date it ends."))
            moved = start_monitoring(case, until)
        elif target is CaseStatus.CLOSED:
            moved = close_case(case, at)
        elif target is CaseStatus.ACTION_PLAN:
            raise CaseError(_("Add the action plan to move the case to this status."))
        else:
            raise CaseError(_("Open the case from the editor."))
        changes: dict[str, Any] = {}
        for key in ("acknowledged_at", "resolved_at", "closed_at"):
            if getattr(moved, key) != getattr(case, key):
                changes[key] = getattr(moved, key)
        if moved.monitoring_until != case.monitoring_until:
            changes["monitoring_until"] = instant_of(moved.monitoring_until, record.calendar)
        return Repository(db, t.SupportCase).update(
            case_id, row_version, who, status=moved.status, **changes
        )


@dataclass(frozen=True)
class SeverityPreview:
    """CASE-9 before saving: the due time after the change, whether the change
    recomputes it (before acknowledgement), or why the change is not allowed."""

    due: datetime | None
    recomputed: bool = False
    message: str = ""

    @property
    def allowed(self) -> bool:
        return not self.message


def preview_severity_change(
    record: CaseRecord,
    new_severity: Severity,
    by: Party,
    at: datetime,
    reference: ReferenceData,
) -> SeverityPreview:
    """CASE-9 for the severity dialog, without saving; the reason is not checked."""
    if record.case is None:
        return SeverityPreview(
            None, message=_("Save the case completely before changing its severity.")
        )
    try:
        updated, change = change_severity(
            record.case, new_severity, at, by, "-", record.calendar, reference
        )
    except CaseError as exc:
        return SeverityPreview(None, message=str(exc))
    return SeverityPreview(updated.response_due, change.response_due is not None)


def change_case_severity(
    db: Database,
    case_id: int,
    row_version: int,
    new_severity: Severity,
    by: Party,
    reason: str,
    who: str,
    *,
    at: datetime | None = None,
    reference: ReferenceData | None = None,
) -> dict[str, Any]:
    """CASE-9: record a severity change; before acknowledgement the due time is
    recomputed from ``at`` (default now). Raises SeverityChangeError, StaleEdit."""
    reference = reference or reference_for(db)
    at = to_utc(at) if at is not None else now_utc()
    with db.atomic():
        record = _current(db, case_id, row_version, reference)
        if record.case is None:
            raise CaseError(_("Save the case completely before changing its severity."))
        _updated, change = change_severity(
            record.case, new_severity, at, by, reason, record.calendar, reference
        )
        return store_severity_change(
            db,
            case_id,
            row_version,
            new_severity,
            by,
            change.reason,
            who,
            at=at,
            response_due=change.response_due,
        )


def add_case_action_plan(
    db: Database,
    case_id: int,
    row_version: int,
    plan: ActionPlan,
    who: str,
    *,
    reference: ReferenceData | None = None,
) -> dict[str, Any]:
    """CASE-10: record an action plan; the first one moves an acknowledged case
    to "action plan given"."""
    reference = reference or reference_for(db)
    with db.atomic():
        record = _current(db, case_id, row_version, reference)
        if record.case is None:
            raise CaseError(_("Save the case completely before adding an action plan."))
        moved = add_action_plan(record.case, plan)
        Repository(db, t.ActionPlan).create(
            who,
            case=case_id,
            given_at=instant_of(plan.given_on, record.calendar),
            due=instant_of(plan.expected_by, record.calendar),
            text=plan.text.strip(),
        )
        cases = Repository(db, t.SupportCase)
        if moved.status is not record.status:
            return cases.update(case_id, row_version, who, status=moved.status)
        return cases.require(case_id)


def add_case_notice(
    db: Database,
    case_id: int,
    received_at: datetime,
    subject: str,
    text: str,
    who: str,
    *,
    reference: ReferenceData | None = None,
) -> ProviderNotice:
    """CASE-11: log a provider notice against a case and its customer."""
    reference = reference or reference_for(db)
    with db.atomic():
        record = _current(db, case_id, None, reference)
        if record.case is None:
            raise CaseError(_("Save the case completely before logging a notice."))
        notice = notice_for_case(record.case, received_at, subject, text)
        Repository(db, t.ProviderNotice).create(
            who,
            case=case_id,
            customer=record.customer.id,
            sent_at=notice.received_at,
            subject=notice.subject,
            body=notice.text,
        )
        return notice
