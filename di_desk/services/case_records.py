"""Support cases as stored: customers and calendars, a case with its history.

The reading half of the case use cases (:mod:`di_desk.services.cases` writes):
:func:`load_case` turns a stored case, its severity changes, action plans and
provider notices into domain values (:class:`~di_desk.domain.cases.Case`);
:func:`case_calendar_for` finds the calendar of its business-day objective
(CASE-5: the customer's calendar and zone, else the partner's default).

Calendar dates of action plans and monitoring periods are stored as 12:00 in
the case calendar's zone (:func:`instant_of`), so they read back as the same
date (:func:`date_of`) in any zone within ±11 hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from peewee import Database

from di_desk.domain.calendar import BusinessCalendar
from di_desk.domain.cases import (
    ActionPlan,
    Case,
    ProviderNotice,
    SeverityChange,
    customer_calendar,
    response_due,
    severity_for,
)
from di_desk.domain.enums import CaseCategory, CaseStatus, Impact, Region, Severity, Urgency
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc, zone
from di_desk.storage import tables as t
from di_desk.storage.errors import RowNotFound
from di_desk.storage.reference_repo import load_reference
from di_desk.storage.repositories import Repository

#: The noon at which a calendar date is stored as an instant (see the module doc).
DATE_NOON = time(12, 0)


def now_utc() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class CaseDraft:
    """What the user typed in the case editor (``id`` None: a new case)."""

    customer_id: int | None
    partner: str = ""
    contract: str = ""
    rep_name: str = ""
    rep_phone: str = ""
    rep_email: str = ""
    category: CaseCategory | None = None
    problem: str = ""
    impact: Impact | None = None
    urgency: Urgency | None = None
    id: int | None = None
    row_version: int | None = None


@dataclass(frozen=True)
class CustomerChoice:
    """A customer as the editor offers it, with its business calendar (CASE-5)."""

    id: int
    name: str
    calendar_code: str
    zone: str


@dataclass(frozen=True)
class CaseRecord:
    """A stored case: its row, the domain view (None for an incomplete draft)
    and its history."""

    row: dict[str, Any]
    customer: CustomerChoice
    case: Case | None
    calendar: BusinessCalendar
    notices: tuple[ProviderNotice, ...] = ()

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def row_version(self) -> int:
        return int(self.row["row_version"])

    @property
    def status(self) -> CaseStatus:
        status = self.row["status"]
        return status if isinstance(status, CaseStatus) else CaseStatus.DRAFT

    @property
    def severity_changes(self) -> tuple[SeverityChange, ...]:
        return self.case.severity_changes if self.case is not None else ()

    @property
    def action_plans(self) -> tuple[ActionPlan, ...]:
        return self.case.action_plans if self.case is not None else ()


# --------------------------------------------------------------------------- reading


def reference_for(db: Database) -> ReferenceData:
    """The reference data in force in ``db``."""
    return load_reference(db)


def _customer_choice(row: tuple[Any, ...], reference: ReferenceData) -> CustomerChoice:
    cid, name, region, code, zone_key = row
    region_ref = reference.region(region) if isinstance(region, Region) else None
    return CustomerChoice(
        cid,
        name,
        code or (region_ref.calendar if region_ref else reference.partner_calendar),
        zone_key or (region_ref.zone if region_ref else reference.partner_zone),
    )


def _customer_query() -> Any:
    C = t.Customer
    return C.select(C.id, C.name, C.region, C.calendar, C.zone)


def customer_choices(db: Database, reference: ReferenceData) -> list[CustomerChoice]:
    """Every customer by name, with its calendar and zone resolved from its region."""
    query = _customer_query().order_by(t.Customer.name).tuples()
    return [_customer_choice(row, reference) for row in query]


def customer_choice(db: Database, customer_id: int, reference: ReferenceData) -> CustomerChoice:
    row = _customer_query().where(t.Customer.id == customer_id).tuples().first()
    if row is None:
        raise RowNotFound("customer", customer_id)
    return _customer_choice(row, reference)


def case_calendar_for(
    customer: CustomerChoice | None, reference: ReferenceData, code: str | None = None
) -> BusinessCalendar:
    """CASE-5: the customer's calendar and zone (``code`` overrides the holidays),
    else the partner's default calendar."""
    if customer is None:
        return customer_calendar(
            code or reference.partner_calendar, reference.partner_zone, reference
        )
    return customer_calendar(code or customer.calendar_code, customer.zone, reference)


def new_case_defaults(db: Database) -> dict[str, str]:
    """Partner and representative of the latest case, to start a new one with."""
    S = t.SupportCase
    row = (
        S.select(S.partner, S.rep_name, S.rep_phone, S.rep_email)
        .where(S.partner != "")
        .order_by(S.id.desc())
        .tuples()
        .first()
    )
    if row is None:
        return {}
    return dict(zip(("partner", "rep_name", "rep_phone", "rep_email"), row, strict=True))


def last_contract(db: Database, customer_id: int) -> str:
    """The contract number of the customer's latest case that has one ("" if none)."""
    S = t.SupportCase
    row = (
        S.select(S.contract)
        .where((S.customer == customer_id) & (S.contract != ""))
        .order_by(S.id.desc())
        .tuples()
        .first()
    )
    return row[0] if row else ""


def date_of(instant: datetime | None, calendar: BusinessCalendar) -> date | None:
    """A stored instant as a date in the case calendar's zone."""
    return None if instant is None else to_utc(instant).astimezone(calendar.tz).date()


def instant_of(day: date | None, calendar: BusinessCalendar) -> datetime | None:
    """A date as the instant stored for it (12:00 in the case calendar's zone)."""
    if day is None:
        return None
    return to_utc(datetime.combine(day, DATE_NOON, tzinfo=zone(calendar.zone)))


def _history(
    case_id: int,
    opened: datetime | None,
    acknowledged: datetime | None,
    calendar: BusinessCalendar,
    reference: ReferenceData,
) -> tuple[SeverityChange, ...]:
    """CASE-9 changes in time order; changes before acknowledgement carry the
    due time they recomputed (the store keeps only the latest one)."""
    SC = t.SeverityChange
    query = SC.select().where(SC.case == case_id).order_by(SC.at, SC.id)
    changes = []
    for row in query:
        from_severity = row.from_severity or row.to_severity
        due = None
        if opened is not None and (acknowledged is None or to_utc(row.at) < to_utc(acknowledged)):
            due = response_due(row.to_severity, row.at, calendar, reference)
        changes.append(
            SeverityChange(row.at, from_severity, row.to_severity, row.by, row.reason, due)
        )
    return tuple(changes)


def _plans(case_id: int, calendar: BusinessCalendar) -> tuple[ActionPlan, ...]:
    AP = t.ActionPlan
    query = AP.select().where(AP.case == case_id).order_by(AP.given_at, AP.id)
    return tuple(
        ActionPlan(date_of(row.given_at, calendar), row.text, date_of(row.due, calendar))  # type: ignore[arg-type]
        for row in query
    )


def _notices(case_id: int, customer: str, severity: Severity | None) -> tuple[ProviderNotice, ...]:
    PN = t.ProviderNotice
    query = PN.select().where(PN.case == case_id).order_by(PN.sent_at.desc(), PN.id.desc())
    return tuple(
        ProviderNotice(row.sent_at, customer, row.subject, row.body, case_id, severity)
        for row in query
    )


def domain_case(
    row: dict[str, Any],
    customer: str,
    *,
    changes: tuple[SeverityChange, ...] = (),
    plans: tuple[ActionPlan, ...] = (),
    calendar: BusinessCalendar | None = None,
) -> Case | None:
    """The stored ``row`` as a domain :class:`Case`; None while it lacks what a
    case needs (a draft without impact, urgency, severity or category)."""
    needed = ("impact", "urgency", "severity", "category")
    if any(row.get(key) is None for key in needed):
        return None
    status = row.get("status")
    return Case(
        customer=customer,
        opened_at=row.get("opened_at") or now_utc(),
        impact=row["impact"],
        urgency=row["urgency"],
        severity=row["severity"],
        category=row["category"],
        status=status if isinstance(status, CaseStatus) else CaseStatus.DRAFT,
        id=row.get("id"),
        partner=row.get("partner") or "",
        contract=row.get("contract") or "",
        rep_name=row.get("rep_name") or "",
        rep_phone=row.get("rep_phone") or "",
        rep_email=row.get("rep_email") or "",
        problem=row.get("problem") or "",
        response_due=row.get("response_due"),
        acknowledged_at=row.get("acknowledged_at"),
        resolved_at=row.get("resolved_at"),
        closed_at=row.get("closed_at"),
        monitoring_until=(
            date_of(row.get("monitoring_until"), calendar) if calendar is not None else None
        ),
        severity_changes=changes,
        action_plans=plans,
    )


def load_case(db: Database, case_id: int, reference: ReferenceData) -> CaseRecord:
    """A stored case with its severity changes, action plans and notices."""
    row = Repository(db, t.SupportCase).require(case_id)
    customer = customer_choice(db, row["customer_id"], reference)
    calendar = case_calendar_for(customer, reference, row.get("calendar"))
    changes = _history(case_id, row["opened_at"], row["acknowledged_at"], calendar, reference)
    plans = _plans(case_id, calendar)
    case = domain_case(row, customer.name, changes=changes, plans=plans, calendar=calendar)
    notices = _notices(case_id, customer.name, row.get("severity"))
    return CaseRecord(row, customer, case, calendar, notices)


def draft_case(
    draft: CaseDraft, customer: str, reference: ReferenceData, *, opened_at: datetime | None = None
) -> Case | None:
    """The editor's values as a domain case (severity from the matrix, CASE-3);
    None while impact or urgency is missing."""
    if draft.impact is None or draft.urgency is None:
        return None
    return Case(
        customer=customer,
        opened_at=opened_at or now_utc(),
        impact=draft.impact,
        urgency=draft.urgency,
        severity=severity_for(draft.urgency, draft.impact, reference),
        category=draft.category or CaseCategory.COMMON_PROBLEM,
        id=draft.id,
        partner=draft.partner,
        contract=draft.contract,
        rep_name=draft.rep_name,
        rep_phone=draft.rep_phone,
        rep_email=draft.rep_email,
        problem=draft.problem,
    )
