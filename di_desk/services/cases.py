"""Support cases as use cases: the store's rows + the rules of SPEC.md section 1.

Everything the Cases tab does to the store goes through here and
:mod:`di_desk.services.case_life`, so that the GUI calls the rules
(``di_desk.domain.case*``) and never re-implements them:

- :func:`save_case` validates a :class:`CaseDraft` (CASE-8 when opening),
  computes the severity (CASE-3) and, when opening, the response due time
  (CASE-5), and writes it in one transaction; :func:`delete_case` deletes drafts;
- :func:`preview` gives the editor the effort, objective, channel and due
  time of a severity (CASE-4/5/7); :func:`due_state` tells a list how a due
  time stands at "now" (CASE-5/6);
- reading (:func:`load_case`, customers, calendars) is in
  :mod:`di_desk.services.case_records`; the life cycle, severity changes,
  action plans and notices (CASE-9/10/11) in :mod:`di_desk.services.case_life`.

Updates take the ``row_version`` the user saw; a stale one raises
:class:`~di_desk.storage.errors.StaleEdit`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from peewee import Database

from di_desk.domain.calendar import BusinessCalendar
from di_desk.domain.case_lifecycle import allowed_transitions, open_case
from di_desk.domain.case_validation import (
    CaseNotReady,
    FieldError,
    phone_regions_for,
    validate_case_for_opening,
)
from di_desk.domain.cases import (
    CaseError,
    Channel,
    channel_for,
    effort_text,
    response_due,
    severity_for,
)
from di_desk.domain.enums import CaseStatus, Severity
from di_desk.domain.reference import Objective, ReferenceData
from di_desk.i18n import N_, _
from di_desk.services.case_due import DueState, due_state
from di_desk.services.case_records import (
    CaseDraft,
    CaseRecord,
    CustomerChoice,
    case_calendar_for,
    customer_choice,
    customer_choices,
    draft_case,
    last_contract,
    load_case,
    new_case_defaults,
    now_utc,
    reference_for,
)
from di_desk.storage import tables as t
from di_desk.storage.errors import RowNotFound, StaleEdit
from di_desk.storage.repositories import Repository

__all__ = [
    "CaseDraft",
    "CaseNotReady",
    "CaseRecord",
    "CustomerChoice",
    "DueState",
    "FieldError",
    "Preview",
    "case_calendar_for",
    "check_draft",
    "customer_choice",
    "customer_choices",
    "delete_case",
    "draft_case",
    "due_state",
    "last_contract",
    "legal_moves",
    "load_case",
    "new_case_defaults",
    "preview",
    "reference_for",
    "save_case",
    "severity_of",
]

#: Labels of the fields the editor has beyond CASE-8's (CASE-3, CASE-12).
EXTRA_FIELD_LABELS: dict[str, str] = {
    "impact": N_("Impact"),
    "urgency": N_("Urgency"),
    "category": N_("Category"),
}
#: The text fields a user edits; the rest of a case row follows from the rules.
TEXT_FIELDS = ("partner", "contract", "rep_name", "rep_phone", "rep_email", "problem")


@dataclass(frozen=True)
class Preview:
    """CASE-3/4/5/7 for the editor: what follows from impact and urgency."""

    severity: Severity | None
    effort: str = ""
    objective: Objective | None = None
    channel: Channel | None = None
    #: the response due time: the stored one of an opened case, else
    #: the one a case opened at "now" would get
    due: datetime | None = None
    due_is_stored: bool = False


# --------------------------------------------------------------------------- rules for views


def preview(
    severity: Severity | None,
    calendar: BusinessCalendar,
    reference: ReferenceData,
    *,
    now: datetime,
    stored_due: datetime | None = None,
) -> Preview:
    """CASE-4/5/7 for ``severity``: effort, objective, channel and due time
    (``stored_due`` for an opened case, else as if opened at ``now``)."""
    if severity is None:
        return Preview(None)
    due = stored_due
    if due is None:
        due = response_due(severity, now, calendar, reference)
    return Preview(
        severity,
        effort_text(severity, reference),
        reference.objectives[severity],
        channel_for(severity, reference),
        due,
        stored_due is not None,
    )


def severity_of(draft: CaseDraft, reference: ReferenceData) -> Severity | None:
    """CASE-3 for the editor's impact and urgency; None while one is missing."""
    if draft.impact is None or draft.urgency is None:
        return None
    return severity_for(draft.urgency, draft.impact, reference)


def legal_moves(status: CaseStatus) -> tuple[CaseStatus, ...]:
    """CASE-10: the statuses a case may move to (the editor's buttons)."""
    return allowed_transitions(status)


# --------------------------------------------------------------------------- writing


def check_draft(
    draft: CaseDraft, reference: ReferenceData, *, opening: bool, customer: str = ""
) -> list[FieldError]:
    """The fields that stop ``draft`` from being saved: the customer always (a
    case belongs to one); CASE-8 plus impact, urgency and category when opening."""
    errors: list[FieldError] = []
    if opening:
        errors = validate_case_for_opening(
            partner=draft.partner,
            customer=customer if draft.customer_id is not None else "",
            contract=draft.contract,
            rep_name=draft.rep_name,
            rep_phone=draft.rep_phone,
            rep_email=draft.rep_email,
            problem=draft.problem,
            phone_regions=phone_regions_for(reference),
        )
        for key in ("impact", "urgency", "category"):
            if getattr(draft, key) is None:
                label = _(EXTRA_FIELD_LABELS[key])
                errors.append(FieldError(key, _("{field} is missing.").format(field=label)))
    elif draft.customer_id is None:
        label = _("Customer")
        errors.append(FieldError("customer", _("{field} is missing.").format(field=label)))
    return errors


def _text_values(draft: CaseDraft) -> dict[str, Any]:
    values: dict[str, Any] = {key: (getattr(draft, key) or "").strip() for key in TEXT_FIELDS}
    values["problem"] = draft.problem.strip()
    values["category"] = draft.category
    return values


def save_case(
    db: Database,
    draft: CaseDraft,
    who: str,
    *,
    open_it: bool = False,
    at: datetime | None = None,
    reference: ReferenceData | None = None,
) -> dict[str, Any]:
    """Create or update a case from the editor; returns the stored row.

    A draft may be saved incomplete (only the customer is required). With
    ``open_it`` the draft becomes opened at ``at`` (default now): CASE-8 is
    checked, the severity follows the matrix (CASE-3) and the response due
    time the objective in the case's calendar (CASE-5). A case that is
    already opened keeps its classification (changes go through
    :func:`change_case_severity`) and must keep CASE-8's data.

    Raises :class:`CaseNotReady` (with one :class:`FieldError` per field),
    :class:`CaseError` for a life-cycle problem, :class:`StaleEdit`.
    """
    reference = reference or reference_for(db)
    cases = Repository(db, t.SupportCase)
    with db.atomic():
        current = cases.get(draft.id) if draft.id is not None else None
        if draft.id is not None and current is None:
            if draft.row_version is None:
                raise RowNotFound(cases.entity, draft.id)
            raise StaleEdit(cases.entity, draft.id, draft.row_version, None)
        status = current["status"] if current is not None else CaseStatus.DRAFT
        if (
            current is not None
            and draft.row_version is not None
            and current["row_version"] != draft.row_version
        ):
            raise StaleEdit(cases.entity, draft.id or 0, draft.row_version, current["row_version"])
        is_draft = status is CaseStatus.DRAFT
        if not is_draft and current is not None:
            draft = replace(
                draft,
                customer_id=current["customer_id"],
                impact=current["impact"],
                urgency=current["urgency"],
            )
        customer = (
            customer_choice(db, draft.customer_id, reference)
            if draft.customer_id is not None
            else None
        )
        opening = open_it or not is_draft
        errors = check_draft(
            draft, reference, opening=opening, customer=customer.name if customer else ""
        )
        if errors:
            raise CaseNotReady(errors)
        assert customer is not None
        values = _text_values(draft)
        if is_draft:
            values.update(
                customer=customer.id,
                impact=draft.impact,
                urgency=draft.urgency,
                severity=severity_of(draft, reference),
            )
        if open_it:
            if not is_draft:
                raise CaseError(
                    _('A case that is "{current}" cannot be opened again.').format(
                        current=status.label
                    )
                )
            calendar = case_calendar_for(customer, reference, (current or {}).get("calendar"))
            case = draft_case(draft, customer.name, reference, opened_at=at or now_utc())
            assert case is not None
            opened = open_case(case, calendar, reference)
            values.update(
                status=opened.status,
                opened_at=opened.opened_at,
                response_due=opened.response_due,
                calendar=calendar.code,
            )
        if current is None:
            return cases.create(who, **values)
        return cases.update(current["id"], draft.row_version, who, **values)


def delete_case(db: Database, case_id: int, row_version: int | None, who: str) -> None:
    """Delete a draft (audited); an opened case is closed instead, never deleted."""
    cases = Repository(db, t.SupportCase)
    with db.atomic():
        row = cases.require(case_id)
        if row["status"] is not CaseStatus.DRAFT:
            raise CaseError(
                _('Only drafts can be deleted; case #{id} is "{status}". Close it instead.').format(
                    id=case_id, status=row["status"].label
                )
            )
        cases.delete(case_id, row_version, who)
