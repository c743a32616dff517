"""Demo COP requests (MAINT-13), DR events (BAK-5) and backup checklists (BAK-6)."""

from __future__ import annotations

from datetime import timedelta

from di_desk.domain.calendar import BusinessCalendar, calendar_for
from di_desk.domain.cop import COP_STEPS
from di_desk.domain.enums import DrKind, Party
from di_desk.storage import demo_names as names
from di_desk.storage.demo_data import (
    DAY,
    HOUR,
    CustomerInfo,
    DemoPlan,
    epoch,
    instant,
    rng_for,
)

COP_PER_CUSTOMER_YEAR = 2.0
DR_PER_CUSTOMER_YEAR = 0.25
#: (kind, days ago, objective met) of the DR events every demo has.
DR_SHOWCASE = (
    (DrKind.APPLICATION_FAILURE, 40, True),
    (DrKind.APPLICATION_FAILURE, 9, False),
    (DrKind.HARDWARE_FAILURE, 20, None),
)
DR_APPS = ("CUCM", "Unity Connection", "IM & Presence", "CER")


def _cop_requests(plan: DemoPlan) -> None:
    """Customer-initiated requests walk the steps of MAINT-13; provider ones are
    installed in a maintenance window (regular or emergency)."""
    rng = rng_for(plan.seed, "cop")
    years = (plan.now - plan.start) / (365.25 * DAY)
    for index, customer in enumerate(plan.customers):
        count = int(years * COP_PER_CUSTOMER_YEAR * rng.uniform(0.5, 1.5)) + (index < 2)
        for number in range(count):
            recent = index < 2 and number == 0
            requested = (
                plan.now - rng.randrange(HOUR, 10 * DAY)
                if recent
                else (rng.randrange(plan.start, plan.now))
            )
            provider = not recent and rng.random() < 0.3
            kind, file_name = rng.choice(names.COP_KINDS[3:] if provider else names.COP_KINDS[:3])
            emergency = provider and rng.random() < 0.35
            steps = []
            at = requested
            if not provider:
                for step in COP_STEPS:
                    at += rng.randrange(2 * HOUR, 3 * DAY)
                    steps.append((step.value, at if at <= plan.now else None))
            status = "done" if provider or all(done for _s, done in steps) else "open"
            if provider and requested > plan.now - 7 * DAY:
                status = "open"
            request_id = plan.add(
                "cop_request",
                {
                    "customer": customer.id,
                    "cluster": customer.cluster_ids[0],
                    "initiator": (Party.PROVIDER if provider else Party.PARTNER).value,
                    "emergency": emergency,
                    "description": f"{kind}: {file_name}",
                    "requested_at": requested,
                    "status": status,
                },
            )
            done_seen = True
            for position, (name, done_at) in enumerate(steps, start=1):
                done_seen = done_seen and done_at is not None
                plan.add(
                    "cop_step",
                    {
                        "request": request_id,
                        "position": position,
                        "name": name,
                        "done_at": done_at if done_seen else None,
                        "note": "",
                    },
                )


def _provider_calendar(plan: DemoPlan) -> BusinessCalendar:
    """BAK-5: the provider's calendar, its business-time table built for the whole period."""
    ref = plan.reference
    calendar = calendar_for(
        ref.provider_calendar,
        ref.provider_zone,
        workdays=ref.workdays,
        opens=ref.business_opens,
        closes=ref.business_closes,
    )
    calendar.business_time_between(instant(plan.start - 7 * DAY), instant(plan.now + 60 * DAY))
    return calendar


def _dr_event(
    plan: DemoPlan,
    calendar: BusinessCalendar,
    customer: CustomerInfo,
    started: int,
    kind: DrKind,
    met: bool | None,
) -> None:
    rng = rng_for(plan.seed, f"dr:{customer.id}:{started}")
    ref = plan.reference
    application = rng.choice(DR_APPS)
    if kind is DrKind.APPLICATION_FAILURE:
        due = epoch(calendar.add_business_days(instant(started), ref.dr_objective_business_days))
        if met is None:
            met = rng.random() < 0.85
        rebuilt = (
            started + int((due - started) * rng.uniform(0.3, 0.95))
            if met
            else due + rng.randrange(2 * HOUR, 2 * DAY)
        )
        notes = f"{application} publisher database corrupted; provider rebuilt the publisher."
    else:
        rebuilt = started + rng.randrange(DAY, 5 * DAY)
        notes = f"Host hardware failure under the {application} publisher; provider replaced it."
    rebuilt_at = rebuilt if rebuilt <= plan.now else None
    event_id = plan.add(
        "dr_event",
        {
            "customer": customer.id,
            "kind": kind.value,
            "started_at": started,
            "publisher_rebuilt_at": rebuilt_at,
            "notes": notes,
        },
    )
    at = rebuilt
    for position, text in enumerate(names.DR_FOLLOW_UPS, start=1):
        at += rng.randrange(HOUR, DAY)
        done = rebuilt_at is not None and at <= plan.now and rng.random() < 0.9
        plan.add(
            "dr_follow_up",
            {
                "event": event_id,
                "position": position,
                "text": text,
                "done_at": at if done else None,
            },
        )


def _dr_events(plan: DemoPlan) -> None:
    """BAK-5: application failures (objective one business day) and hardware failures."""
    rng = rng_for(plan.seed, "dr")
    calendar = _provider_calendar(plan)
    years = (plan.now - plan.start) / (365.25 * DAY)
    for customer in plan.customers:
        for _i in range(int(years * DR_PER_CUSTOMER_YEAR + rng.random())):
            kind = DrKind.HARDWARE_FAILURE if rng.random() < 0.3 else DrKind.APPLICATION_FAILURE
            started = rng.randrange(plan.start, plan.now - DAY)
            _dr_event(plan, calendar, customer, started, kind, None)
    for index, (kind, days_ago, met) in enumerate(DR_SHOWCASE):
        customer = plan.customers[index % len(plan.customers)]
        started = plan.now - days_ago * DAY - rng.randrange(0, 8 * HOUR)
        _dr_event(plan, calendar, customer, started, kind, met)


def _checklists(plan: DemoPlan) -> None:
    """BAK-6: the reference checklist for every customer, partly ticked off."""
    rng = rng_for(plan.seed, "checklist")
    for customer in plan.customers:
        for position, text in enumerate(plan.reference.backup_checklist, start=1):
            done = rng.random() < 0.6
            ago = timedelta(days=rng.randint(1, 120)).total_seconds()
            plan.add(
                "checklist_item",
                {
                    "customer": customer.id,
                    "position": position,
                    "text": text,
                    "done": done,
                    "done_at": plan.now - int(ago) if done else None,
                },
            )


def build_extras(plan: DemoPlan) -> None:
    _cop_requests(plan)
    _dr_events(plan)
    _checklists(plan)
