"""One customer's maintenance schedule for a period, ready to print (no Qt here).

Gathers what the printed schedule shows: the customer's events in the period
with their check (the same :func:`~di_desk.services.schedule.maintenance_report`
as ``di-desk report maintenance``: window, notice due, reply dates,
violations), the windows of the regions involved (MAINT-1), the customer's
blackout periods (MAINT-11) and the certificate renewals expected in the
period (MAINT-10).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from di_desk.domain.enums import Region
from di_desk.domain.maintenance import Blackout
from di_desk.domain.reference import ReferenceData, RegionRef
from di_desk.domain.timeutil import to_utc, zone
from di_desk.services import reports
from di_desk.services.imports import blackouts_by_customer, known_customers


@dataclass(frozen=True)
class ScheduleReport:
    """What the printed schedule of one customer and one period holds."""

    customer: str
    customer_zone: str
    region: Region | None
    sso: bool
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    generated: datetime
    events: list[dict[str, Any]]
    regions: list[RegionRef]
    weekend_types: tuple[Any, ...]
    blackouts: list[Blackout] = field(default_factory=list)
    certificates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def violation_count(self) -> int:
        """Events with at least one open violation."""
        return sum(1 for e in self.events if e["violations"])

    def first_day(self) -> date:
        """The first day of the period in the customer's zone."""
        return self.start.astimezone(zone(self.customer_zone)).date()

    def last_day(self) -> date:
        """The last day of the period (the end is exclusive) in the customer's zone."""
        return (self.end - timedelta(microseconds=1)).astimezone(zone(self.customer_zone)).date()


def schedule_report(
    reference: ReferenceData,
    customer_id: int,
    start: datetime,
    end: datetime,
    now: datetime,
) -> ScheduleReport:
    """The schedule of customer ``customer_id`` for events overlapping ``[start, end)``.

    Raises KeyError when the customer does not exist.
    """
    from di_desk.services.certificates import certificate_rows
    from di_desk.services.schedule import maintenance_report

    facts = reports.customers(reference)[customer_id]
    start, end = to_utc(start), to_utc(end)
    events = maintenance_report(reference, start=start, end=end, customer=facts.name)
    events = [e for e in events if e["customer"] == facts.name]
    regions: dict[Region, RegionRef] = {}
    if facts.region is not None:
        regions[facts.region] = reference.region(facts.region)
    for event in events:
        regions.setdefault(event["region"], reference.region(event["region"]))
    known = known_customers(reference)
    first, last = start.date(), end.date()
    blackouts = [
        b
        for b in blackouts_by_customer(known).get(facts.name.casefold(), [])
        if b.first_day <= last and b.last_day >= first
    ]
    certificates = [
        row
        for row in certificate_rows(reference, now, customer_id=customer_id)
        if row["window_start"] < end and row["window_end"] >= start
    ]
    return ScheduleReport(
        customer=facts.name,
        customer_zone=facts.zone,
        region=facts.region,
        sso=facts.sso,
        start=start,
        end=end,
        generated=to_utc(now),
        events=events,
        regions=sorted(regions.values(), key=lambda r: r.region.value),
        weekend_types=tuple(sorted(reference.weekend_types, key=lambda t: t.value)),
        blackouts=sorted(blackouts, key=lambda b: b.first_day),
        certificates=certificates,
    )
