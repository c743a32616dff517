"""Demo support cases (CASE-*): severities from the matrix, due times from the rules.

Severity is :func:`~di_desk.domain.cases.severity_for` of urgency and impact
(CASE-3) and the due time is :func:`~di_desk.domain.cases.response_due` in the
customer's business calendar (CASE-5), so the demo's compliance figures are
the ones the app computes. Most cases are acknowledged in time, some late, a
few recent ones are still open; some change severity (CASE-9), some get
action plans (CASE-10) and S1/S2 incidents get provider notices (CASE-11).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from di_desk.domain.calendar import BusinessCalendar
from di_desk.domain.cases import customer_calendar, response_due, severity_for
from di_desk.domain.enums import (
    CaseCategory,
    CaseStatus,
    Impact,
    Party,
    Severity,
    Urgency,
)
from di_desk.storage import demo_names as names
from di_desk.storage.demo_data import (
    DAY,
    HOUR,
    CustomerInfo,
    DemoPlan,
    as_date,
    epoch,
    instant,
    local_epoch,
    rng_for,
    weighted,
)

URGENCY_WEIGHTS = (
    (Urgency.CRITICAL, 7),
    (Urgency.HIGH, 15),
    (Urgency.MEDIUM, 35),
    (Urgency.LOW, 43),
)
IMPACT_WEIGHTS = (
    (Impact.WIDESPREAD, 10),
    (Impact.LARGE, 15),
    (Impact.LOCALIZED, 30),
    (Impact.INDIVIDUALIZED, 45),
)
CATEGORY_FOR_SEVERITY = {
    Severity.S1: (CaseCategory.SERVICE_OUTAGE, CaseCategory.APPLICATION_ERROR),
    Severity.S2: (CaseCategory.SERVICE_OUTAGE, CaseCategory.APPLICATION_ERROR),
    Severity.S3: (
        CaseCategory.APPLICATION_ERROR,
        CaseCategory.COMMON_PROBLEM,
        CaseCategory.CLIENT_CONFIGURATION,
    ),
    Severity.S4: (
        CaseCategory.USER_QUESTION,
        CaseCategory.COMMON_PROBLEM,
        CaseCategory.CLIENT_CONFIGURATION,
    ),
}
#: Hours from acknowledgement to resolution, per severity (low, high).
RESOLVE_HOURS = {
    Severity.S1: (2, 24),
    Severity.S2: (4, 72),
    Severity.S3: (24, 240),
    Severity.S4: (48, 480),
}
LATE_RATE = 0.06
CHANGE_RATE = 0.07
PLAN_RATE = 0.25
_BY_RANK = {s.rank: s for s in Severity}


@dataclass(frozen=True)
class Scenario:
    """A case that must appear in every demo, whatever the seed."""

    urgency: Urgency
    impact: Impact
    days_ago: float
    outcome: str  # "in_time", "late" or "open"
    change: str = ""  # "", "raise_before" or "lower_after"
    plan: bool = False


SCENARIOS = (
    Scenario(Urgency.CRITICAL, Impact.WIDESPREAD, 20, "in_time"),
    Scenario(Urgency.HIGH, Impact.LARGE, 12, "late"),
    Scenario(Urgency.MEDIUM, Impact.LARGE, 9, "in_time", plan=True),
    Scenario(Urgency.LOW, Impact.LOCALIZED, 15, "late"),
    Scenario(Urgency.MEDIUM, Impact.LOCALIZED, 6, "open"),  # overdue, never acknowledged
    Scenario(Urgency.LOW, Impact.INDIVIDUALIZED, 0.1, "open"),  # not yet due
    Scenario(Urgency.HIGH, Impact.LOCALIZED, 3, "in_time", change="raise_before"),
    Scenario(Urgency.CRITICAL, Impact.INDIVIDUALIZED, 4, "in_time", change="lower_after"),
)


class _CaseMaker:
    def __init__(self, plan: DemoPlan) -> None:
        self.plan = plan
        self.rng = rng_for(plan.seed, "cases")
        self.calendars: dict[tuple[str, str], BusinessCalendar] = {}

    def calendar(self, customer: CustomerInfo) -> BusinessCalendar:
        key = (customer.calendar, customer.zone)
        if key not in self.calendars:
            calendar = customer_calendar(customer.calendar, customer.zone, self.plan.reference)
            # Spanning the whole period once lets the calendar build its
            # business-time table in one go instead of a year at a time.
            calendar.business_time_between(
                instant(self.plan.start - 7 * DAY), instant(self.plan.now + 60 * DAY)
            )
            self.calendars[key] = calendar
        return self.calendars[key]

    def due(self, severity: Severity, at: int, customer: CustomerInfo) -> int:
        return epoch(
            response_due(severity, instant(at), self.calendar(customer), self.plan.reference)
        )

    def opened_time(self, customer: CustomerInfo, around: int, severity: Severity) -> int:
        """An opening time near ``around``; S3/S4 mostly in local business hours."""
        rng = self.rng
        if severity.rank <= 2 or rng.random() < 0.15:
            return around - rng.randrange(0, 12 * HOUR)
        day = as_date(around, customer.zone)
        return local_epoch(day, rng.uniform(8.5, 17.5), customer.zone)

    def make(
        self,
        customer: CustomerInfo,
        opened: int,
        urgency: Urgency,
        impact: Impact,
        outcome: str,
        change: str = "",
        plan_given: bool = False,
    ) -> None:
        rng, now = self.rng, self.plan.now
        opened = min(opened, now - 60)
        matrix = severity_for(urgency, impact, self.plan.reference)
        severity = matrix
        due = self.due(severity, opened, customer)
        changes: list[dict[str, Any]] = []
        if change == "raise_before" and severity.rank > 1 and opened < now - 15 * 60:
            at = opened + rng.randrange(120, 600)
            raised = _BY_RANK[severity.rank - 1]
            reason = rng.choice(names.SEVERITY_CHANGE_REASONS["raise"])
            changes.append(_change(at, severity, raised, Party.PARTNER, reason))
            severity, due = raised, self.due(raised, at, customer)
            opened_clock = at
        else:
            opened_clock = opened
        ack = _acknowledged(rng, opened_clock, due, outcome)
        if ack is not None and ack > now:
            ack = None
        if change == "lower_after" and ack is not None and severity.rank < 4:
            at = min(now - 30, ack + rng.randrange(HOUR, 6 * HOUR))
            lowered = _BY_RANK[severity.rank + 1]
            reason = rng.choice(names.SEVERITY_CHANGE_REASONS["lower"])
            changes.append(_change(max(at, ack), severity, lowered, Party.PROVIDER, reason))
            severity = lowered
        status, resolved, closed, monitoring = self.life(severity, ack)
        plans = []
        if ack is not None and (plan_given or (severity.rank <= 3 and rng.random() < PLAN_RATE)):
            given = ack + rng.randrange(2 * HOUR, 3 * DAY)
            if given < (resolved or now):
                plans.append({"given_at": given, "due": given + rng.randrange(3, 21) * DAY})
                if status is CaseStatus.ACKNOWLEDGED:
                    status = CaseStatus.ACTION_PLAN
        category = rng.choice(CATEGORY_FOR_SEVERITY[matrix])
        problem = rng.choice(names.PROBLEMS[category.value])
        rep = names.PARTNER_REPS[customer.id % len(names.PARTNER_REPS)]
        case_id = self.plan.add(
            "support_case",
            {
                "customer": customer.id,
                "opened_at": opened,
                "impact": impact.value,
                "urgency": urgency.value,
                "severity": severity.value,
                "status": status.value,
                "category": category.value,
                "acknowledged_at": ack,
                "response_due": due,
                "contract": customer.contract,
                "rep_name": rep[0],
                "rep_phone": rep[1],
                "rep_email": rep[2],
                "problem": problem,
                "partner": names.PARTNER_NAME,
                "calendar": customer.calendar,
                "provider_ref": f"69{rng.randrange(10**7, 10**8)}",
                "resolved_at": resolved,
                "closed_at": closed,
                "monitoring_until": monitoring,
            },
        )
        for row in changes:
            self.plan.add("severity_change", {"case": case_id, **row})
        for row in plans:
            text = rng.choice(names.ACTION_PLAN_TEXTS)
            self.plan.add("action_plan", {"case": case_id, **row, "text": text})
        initial = changes[0]["from_severity"] if changes else severity.value
        if initial in ("S1", "S2") and rng.random() < 0.7:
            self.plan.add(
                "provider_notice",
                {
                    "case": case_id,
                    "customer": customer.id,
                    "sent_at": min(now, opened + rng.randrange(20 * 60, 90 * 60)),
                    "subject": f"Incident notification: {problem}",
                    "body": f"The provider is investigating an {initial} incident "
                    f"affecting {customer.name}. Updates follow by e-mail.",
                },
            )

    def life(
        self, severity: Severity, ack: int | None
    ) -> tuple[CaseStatus, int | None, int | None, int | None]:
        """CASE-10: status, resolved_at, closed_at and monitoring_until as of now."""
        if ack is None:
            return CaseStatus.OPENED, None, None, None
        rng, now = self.rng, self.plan.now
        low, high = RESOLVE_HOURS[severity]
        resolved = ack + int(rng.uniform(low, high) * HOUR)
        if resolved > now:
            return CaseStatus.ACKNOWLEDGED, None, None, None
        monitoring = resolved + rng.randrange(3, 15) * DAY if rng.random() < 0.3 else None
        closed = (monitoring or resolved) + rng.randrange(HOUR, 2 * DAY)
        if closed <= now:
            return CaseStatus.CLOSED, resolved, closed, monitoring
        if monitoring is not None:
            return CaseStatus.MONITORING, resolved, None, monitoring
        return CaseStatus.RESOLVED, resolved, None, None


def _change(at: int, old: Severity, new: Severity, by: Party, reason: str) -> dict[str, Any]:
    return {
        "at": at,
        "from_severity": old.value,
        "to_severity": new.value,
        "by": by.value,
        "reason": reason,
    }


def _acknowledged(rng: random.Random, start: int, due: int, outcome: str) -> int | None:
    """CASE-5/6: an acknowledgement in time, late, or none (still open)."""
    if outcome == "open":
        return None
    if outcome == "late":
        return due + rng.randrange(5 * 60, 30 * HOUR if due - start > HOUR else 2 * HOUR)
    span = max(60, due - start)
    return start + max(60, int(span * rng.uniform(0.05, 0.9)))


def build_cases(plan: DemoPlan) -> None:
    """Random cases over the period, plus :data:`SCENARIOS` spread over the customers."""
    maker = _CaseMaker(plan)
    rng = maker.rng
    months = (plan.now - plan.start) / (30.4 * DAY)
    for customer in plan.customers:
        rate = min(3.0, 0.6 + customer.size / 8000)
        count = int(months * rate * rng.uniform(0.8, 1.2))
        times = sorted(rng.randrange(plan.start, plan.now) for _ in range(count))
        for around in times:
            urgency = weighted(rng, URGENCY_WEIGHTS)
            impact = weighted(rng, IMPACT_WEIGHTS)
            severity = severity_for(urgency, impact, plan.reference)
            opened = maker.opened_time(customer, around, severity)
            recent = plan.now - opened < 2 * DAY
            if recent and rng.random() < 0.4:
                outcome = "open"
            else:
                outcome = "late" if rng.random() < LATE_RATE else "in_time"
            change = ""
            if rng.random() < CHANGE_RATE:
                change = "raise_before" if rng.random() < 0.5 else "lower_after"
            maker.make(customer, opened, urgency, impact, outcome, change)
    for index, scenario in enumerate(SCENARIOS):
        customer = plan.customers[index % len(plan.customers)]
        severity = severity_for(scenario.urgency, scenario.impact, plan.reference)
        around = plan.now - int(scenario.days_ago * DAY)
        opened = around if scenario.days_ago < 1 else maker.opened_time(customer, around, severity)
        maker.make(
            customer,
            opened,
            scenario.urgency,
            scenario.impact,
            scenario.outcome,
            scenario.change,
            scenario.plan,
        )
