"""Demo maintenance (MAINT-*), blackouts, reschedules and upgrade plans (REL-4/5).

Events are placed in the windows of their cluster's region (MAINT-1/2) with
notice given in time (MAINT-5); a few break the rules on purpose (before the
window opens, past its close, a weekend window for a weekday-only type, late
notice, inside a blackout, a partner request not yet approved), so every
check of the app has something to show. :data:`SHOWCASE` puts one event of
every MAINT-4 type in the next 14 days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from di_desk.domain.calendar import BusinessCalendar, calendar_for
from di_desk.domain.change_requests import ChangeRequestState
from di_desk.domain.enums import Application, MaintenanceType, Region
from di_desk.domain.reference import RegionRef
from di_desk.domain.upgrades import UpgradeTrigger
from di_desk.domain.windows import effective_region, window_on
from di_desk.storage import demo_names as names
from di_desk.storage.demo_data import (
    DAY,
    HOUR,
    CustomerInfo,
    DemoPlan,
    as_date,
    epoch,
    local_epoch,
    rng_for,
    weighted,
)
from di_desk.storage.demo_extras import build_extras

M = MaintenanceType
#: Random events per cluster and month, by type (certificate and upgrade events
#: come from certificates and upgrade plans).
TYPE_WEIGHTS = (
    (M.ROUTINE, 30),
    (M.DISRUPTIVE, 8),
    (M.COP, 8),
    (M.INFRASTRUCTURE, 14),
    (M.PARTNER_REQUEST, 8),
    (M.EMERGENCY, 4),
)
EVENTS_PER_CLUSTER_MONTH = 1.0
VIOLATION_RATE = 0.06
LATE_NOTICE_RATE = 0.1
#: (type, days from today, violation) of the events that always exist.
SHOWCASE: tuple[tuple[MaintenanceType, int, str], ...] = (
    (M.ROUTINE, 2, ""),
    (M.DISRUPTIVE, 12, ""),
    (M.CERTIFICATE, 3, ""),
    (M.UPGRADE, 13, ""),
    (M.COP, 4, ""),
    (M.INFRASTRUCTURE, 5, "weekend_ok"),
    (M.PARTNER_REQUEST, 6, ""),
    (M.EMERGENCY, 1, ""),
    (M.DISRUPTIVE, 7, "early"),
    (M.ROUTINE, 8, "weekend"),
    (M.COP, 9, "late_end"),
    (M.UPGRADE, 10, "late_notice"),
    (M.ROUTINE, 11, "blackout"),
    (M.PARTNER_REQUEST, 3, "review"),
)
_TARGET_STATES = (
    (ChangeRequestState.REQUESTED, 2),
    (ChangeRequestState.UNDER_JOINT_REVIEW, 2),
    (ChangeRequestState.APPROVED, 3),
    (ChangeRequestState.SCHEDULED, 4),
    (ChangeRequestState.REJECTED, 1),
)


class _Scheduler:
    """Places events of one plan in windows, with notice and reply dates."""

    def __init__(self, plan: DemoPlan) -> None:
        self.plan = plan
        self.ref = plan.reference
        self.rng = rng_for(plan.seed, "maintenance")
        self.calendars: dict[tuple[str, str], BusinessCalendar] = {}
        self.customers = {c.id: c for c in plan.customers}

    def region(self, cluster_id: int) -> RegionRef:
        row = self.plan.clusters[cluster_id]
        region = effective_region(
            Region(row["region"]),
            publisher_region=Region(row["publisher_region"]) if row["publisher_region"] else None,
            is_sme=row["is_sme"],
        )
        return self.ref.region(region)

    def calendar(self, code: str, zone_key: str) -> BusinessCalendar:
        key = (code, zone_key)
        if key not in self.calendars:
            self.calendars[key] = calendar_for(
                code,
                zone_key,
                workdays=self.ref.workdays,
                opens=self.ref.business_opens,
                closes=self.ref.business_closes,
            )
        return self.calendars[key]

    def add(
        self,
        cluster_id: int,
        kind: MaintenanceType,
        day: date,
        violation: str = "",
        *,
        title: str = "",
        hours: float | None = None,
    ) -> dict[str, Any]:
        """One event on the window opening on local ``day`` (moved off weekends
        unless the type may use them or the violation asks for one)."""
        rng, plan = self.rng, self.plan
        cluster = plan.clusters[cluster_id]
        customer = self.customers[cluster["customer"]]
        region_ref = self.region(cluster_id)
        weekend_ok = kind in self.ref.weekend_types
        if violation == "weekend":
            day += timedelta(days=(5 - day.weekday()) % 7)
        elif violation == "weekend_ok":
            day += timedelta(days=(5 - day.weekday()) % 7 + rng.randrange(2))
        elif not weekend_ok or rng.random() < 0.6:
            while day.weekday() >= 5:
                day += timedelta(days=1)
        window = window_on(region_ref, day)
        w_start, w_end = epoch(window.start_utc), epoch(window.end_utc)
        length = int((hours or rng.choice((1, 1.5, 2, 2, 3, 4))) * HOUR)
        if kind is M.EMERGENCY:
            start = w_start - rng.randrange(2, 12) * HOUR if rng.random() < 0.5 else w_start
        elif violation == "early":
            start = w_start - rng.choice((1, 1.5, 2)) * HOUR
        elif violation == "late_end":
            start = w_end - HOUR
            length = 3 * HOUR
        else:
            slots = max(0, (w_end - w_start - length) // (30 * 60))
            start = w_start + rng.randint(0, min(slots, 8)) * 30 * 60
        start, end = int(start), int(start + length)
        upcoming = end > plan.now
        notice_sent = replied = None
        if kind in self.ref.notice_types:
            calendar = self.calendar(customer.calendar, region_ref.zone)
            due = calendar.shift_business_days(as_date(start, region_ref.zone), -10)
            late = violation == "late_notice" or (not violation and rng.random() < LATE_NOTICE_RATE)
            shift = rng.randint(1, 4) if late else -rng.randint(0, 5)
            sent = calendar.shift_business_days(due, shift) if shift else due
            if sent <= as_date(plan.now, region_ref.zone):
                notice_sent = sent
                if rng.random() < 0.3:
                    reply = calendar.shift_business_days(sent, rng.randint(1, 3))
                    replied = min(plan.now, local_epoch(reply, 10.5, region_ref.zone))
        state = None
        if kind is M.PARTNER_REQUEST:
            if violation == "review":
                state = ChangeRequestState.UNDER_JOINT_REVIEW
            elif upcoming:
                state = weighted(rng, _TARGET_STATES)
            else:
                state = ChangeRequestState.SCHEDULED
        status = "planned"
        if not upcoming:
            status = "cancelled" if rng.random() < 0.03 else "completed"
        if state is ChangeRequestState.REJECTED:
            status = "cancelled"
        emergency_reason = ""
        if kind is M.EMERGENCY:
            emergency_reason = rng.choice(names.EMERGENCY_REASONS)
        row = {
            "customer": customer.id,
            "cluster": cluster_id,
            "region": region_ref.region.value,
            "type": kind.value,
            "start": start,
            "end": end,
            "notice_sent": notice_sent,
            "calendar": customer.calendar,
            "reason": title or rng.choice(names.MAINTENANCE_TITLES[kind.value]),
            "emergency_reason": emergency_reason,
            "urgent": kind in (M.EMERGENCY, M.CERTIFICATE),
            "review_state": state.value if state else None,
            "replied_at": replied,
            "status": status,
        }
        row["id"] = plan.add("maintenance_event", row)
        return row


def _random_events(s: _Scheduler) -> None:
    plan, rng = s.plan, s.rng
    horizon = plan.now + 60 * DAY
    months = (horizon - plan.start) / (30.4 * DAY)
    for cluster_id in plan.clusters:
        zone_key = s.region(cluster_id).zone
        count = int(months * EVENTS_PER_CLUSTER_MONTH * rng.uniform(0.7, 1.3))
        days = sorted(as_date(rng.randrange(plan.start, horizon), zone_key) for _ in range(count))
        for day in days:
            kind = weighted(rng, TYPE_WEIGHTS)
            violation = ""
            if kind is not M.EMERGENCY and rng.random() < VIOLATION_RATE:
                violation = rng.choice(("early", "late_end", "weekend"))
                if violation == "weekend" and kind in plan.reference.weekend_types:
                    violation = "early"
            s.add(cluster_id, kind, day, violation)


def _certificate_events(s: _Scheduler) -> None:
    """MAINT-10: renewals in [E − 7 days, E − 3 days], past ones and upcoming ones."""
    plan, rng = s.plan, s.rng
    for cert in plan.table("certificate"):
        region_ref = s.region(cert["cluster"])
        expires = cert["expires_at"]
        previous = cert["renewed_at"]
        if previous is not None and previous > plan.start:
            s.add(cert["cluster"], M.CERTIFICATE, as_date(previous, region_ref.zone), hours=1)
        if expires - plan.now < 40 * DAY:
            lead = rng.randint(
                plan.reference.cert_renewal_latest_days + 1,
                plan.reference.cert_renewal_earliest_days,
            )
            day = as_date(expires - lead * DAY, region_ref.zone)
            if epoch(window_on(region_ref, day).end_utc) > plan.now:
                s.add(cert["cluster"], M.CERTIFICATE, day, hours=1)


def _blackouts(s: _Scheduler) -> None:
    """MAINT-11: about one blackout period per customer and year."""
    plan, rng = s.plan, s.rng
    span = plan.now + 120 * DAY - plan.start
    count = max(1, round(span / (365 * DAY) * 1.2))
    for customer in plan.customers:
        for _i in range(count):
            first = as_date(rng.randrange(plan.start, plan.now + 120 * DAY), customer.zone)
            last = first + timedelta(days=rng.randint(1, 9))
            _add_blackout(plan, customer, first, last, rng.choice(names.BLACKOUT_REASONS))


def _add_blackout(
    plan: DemoPlan, customer: CustomerInfo, first: date, last: date, note: str
) -> None:
    plan.add(
        "blackout", {"customer": customer.id, "first_day": first, "last_day": last, "note": note}
    )


def _upgrades(s: _Scheduler) -> None:
    """REL-4/5: upgrade plans for applications off target; some done in the past."""
    plan, rng = s.plan, s.rng
    target = plan.reference.train.upgrade_target
    apps = {row["id"]: row for row in plan.table("application")}
    for app in plan.applications:
        version = apps[app["id"]]["version"]
        if app["kind"] is Application.EXPRESSWAY:
            continue
        if version == target:
            chance, trigger = 0.3, UpgradeTrigger.LIFECYCLE
        elif version.startswith("15.0"):
            chance, trigger = 0.35, UpgradeTrigger.FEATURE_REQUEST
        else:
            chance, trigger = 0.7, UpgradeTrigger.LIFECYCLE
        if rng.random() >= chance:
            continue
        if rng.random() < 0.25:
            trigger = UpgradeTrigger.SECURITY
        region_ref = s.region(app["cluster"])
        if version == target:  # already upgraded: the plan is history
            when = rng.randrange(plan.start, plan.now - 2 * DAY)
        else:
            when = plan.now + rng.randint(15, 120) * DAY
        _upgrade(s, app, as_date(when, region_ref.zone), trigger, target, rng.random() < 0.1)


def _upgrade(
    s: _Scheduler,
    app: dict[str, Any],
    day: date,
    trigger: UpgradeTrigger,
    target: str,
    rescheduled: bool,
    violation: str = "",
) -> None:
    event = s.add(
        app["cluster"],
        M.UPGRADE,
        day,
        violation,
        title=f"{app['kind'].value}: upgrade to {target}",
        hours=4,
    )
    done = event["status"] == "completed"
    s.plan.add(
        "upgrade_plan",
        {
            "customer": app["customer"],
            "cluster": app["cluster"],
            "application": app["id"],
            "target": target,
            "scheduled_start": event["start"],
            "scheduled_end": event["end"],
            "trigger": trigger.value,
            "notice_sent": event["notice_sent"],
            "reschedule_count": 1 if rescheduled else 0,
            "completed_at": event["end"] if done else None,
        },
    )
    if rescheduled and event["notice_sent"] is not None:
        _reschedule(s, event, accepted=True)


def _reschedule(s: _Scheduler, event: dict[str, Any], *, accepted: bool) -> None:
    """MAINT-6: the partner asked for another date, within the reply days."""
    rng = s.rng
    region_ref = s.region(event["cluster"])
    calendar = s.calendar(event["calendar"], region_ref.zone)
    asked = calendar.shift_business_days(event["notice_sent"], rng.randint(1, 3))
    requested = min(s.plan.now - HOUR, local_epoch(asked, rng.uniform(9, 16), region_ref.zone))
    s.plan.add(
        "reschedule",
        {
            "event": event["id"],
            "requested_at": requested,
            "reason": rng.choice(names.RESCHEDULE_REASONS),
            "new_start": event["start"] if accepted else None,
            "by": "partner",
        },
    )


def _showcase(s: _Scheduler) -> None:
    plan = s.plan
    clusters = list(plan.clusters)
    target = plan.reference.train.upgrade_target
    for index, (kind, days, violation) in enumerate(SHOWCASE):
        cluster_id = clusters[index % len(clusters)]
        cluster = plan.clusters[cluster_id]
        region_ref = s.region(cluster_id)
        day = as_date(plan.now, region_ref.zone) + timedelta(days=days)
        if kind is M.UPGRADE:
            app = next(a for a in plan.applications if a["cluster"] == cluster_id)
            trigger = UpgradeTrigger.SECURITY if violation else UpgradeTrigger.LIFECYCLE
            _upgrade(s, app, day, trigger, target, False, violation)
            continue
        event = s.add(cluster_id, kind, day, violation)
        if violation == "blackout":
            customer = s.customers[cluster["customer"]]
            local = as_date(event["start"], customer.zone)
            first, last = local - timedelta(days=1), local + timedelta(days=2)
            _add_blackout(plan, customer, first, last, names.BLACKOUT_REASONS[0])
        if kind is M.DISRUPTIVE and not violation and event["notice_sent"] is not None:
            _reschedule(s, event, accepted=False)


def build_events(plan: DemoPlan) -> None:
    """Maintenance, blackouts, reschedules and upgrades; then COP, DR and checklists."""
    scheduler = _Scheduler(plan)
    _blackouts(scheduler)
    _random_events(scheduler)
    _certificate_events(scheduler)
    _upgrades(scheduler)
    _showcase(scheduler)
    for event in plan.table("maintenance_event"):
        if (
            event["type"] == M.DISRUPTIVE.value
            and event["notice_sent"] is not None
            and scheduler.rng.random() < 0.1
        ):
            _reschedule(scheduler, event, accepted=event["status"] != "planned")
    build_extras(plan)
