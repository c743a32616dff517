"""Per-row facts of upgrade plans for lists, dialogs and reports (MAINT-2, 3, 5, 11; REL-5).

No Qt, no writes. :class:`PlanRules` reads a plan row (the upgrade plans row
source's, or an application row of the new-plan dialog) and answers with the
domain's rules: the region whose windows apply (MAINT-2: an SME cluster follows
its publisher), the MAINT-5 notice due date, and the whole maintenance check of
the upgrade as an event of type application upgrade
(:func:`~di_desk.domain.maintenance.check_event`: one weekday window, MAINT-3;
late notice, MAINT-5; the customer's blackout periods, MAINT-11). A plan
without ``scheduled_end`` lasts the reference's ``upgrade_default_duration``
(:func:`~di_desk.domain.upgrades.upgrade_end`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from di_desk.domain.calendar import BusinessCalendar
from di_desk.domain.enums import Application as AppKind
from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.maintenance_events import EventCheck, MaintenanceEvent
from di_desk.domain.reference import ReferenceData
from di_desk.domain.windows import Window

# --------------------------------------------------------------------------
# MAINT-5 for upgrade plans: the region, its zone and the notice due date


@dataclass(frozen=True)
class PlanTiming:
    """Where an upgrade plan's times are read (region zone) and its MAINT-5 notice."""

    region: Region | None
    zone: str | None
    notice_due: date | None
    notice_problem: str | None  # the late-notice message, None when in time or not sent


class PlanRules:
    """Per-row REL-5/MAINT-3/MAINT-5 facts for the upgrade plans list (calendars cached).

    With ``db``, :meth:`check` also looks at the customer's blackout periods (MAINT-11).
    """

    def __init__(self, reference: ReferenceData, db: Any = None) -> None:
        self.reference = reference
        self._db = db
        self._maintenance: Any = None
        self._calendars: dict[tuple[str, str], BusinessCalendar] = {}

    def region(self, row: Mapping[str, Any]) -> Region | None:
        """MAINT-2: the cluster's region (SME: the publisher's), else the customer's."""
        from di_desk.domain.windows import effective_region

        own = row.get("cluster_region") or row.get("customer_region")
        own = own if isinstance(own, Region) else None
        publisher = row.get("publisher_region")
        try:
            return effective_region(
                own,
                row.get("application") if isinstance(row.get("application"), AppKind) else None,
                publisher if isinstance(publisher, Region) else None,
                is_sme=bool(row.get("is_sme")),
            )
        except ValueError:
            return None

    def zone(self, row: Mapping[str, Any]) -> str | None:
        region = self.region(row)
        return None if region is None else self.reference.region(region).zone

    def _calendar(self, code: str, zone: str) -> BusinessCalendar:
        from di_desk.domain.calendar import calendar_for

        key = (code, zone)
        if key not in self._calendars:
            ref = self.reference
            self._calendars[key] = calendar_for(
                code,
                zone,
                workdays=ref.workdays,
                opens=ref.business_opens,
                closes=ref.business_closes,
            )
        return self._calendars[key]

    def _row_calendar(self, row: Mapping[str, Any], region_ref: Any) -> BusinessCalendar:
        """FILE-1: the customer's calendar, else the region's default, in the region's zone."""
        code = row.get("customer_calendar") or region_ref.calendar
        try:
            return self._calendar(code, region_ref.zone)
        except ValueError:
            return self._calendar(region_ref.calendar, region_ref.zone)

    def end(
        self, row: Mapping[str, Any], start: datetime | None = None, end: datetime | None = None
    ) -> datetime | None:
        """Where the plan ends: ``end``, else its ``scheduled_end``, else its start plus
        the reference's ``upgrade_default_duration``; None without a start."""
        from di_desk.domain.upgrades import upgrade_end

        if start is None:
            start, end = row.get("scheduled_start"), end or row.get("scheduled_end")
        if start is None:
            return None
        return upgrade_end(start, end, self.reference)

    def event(
        self, row: Mapping[str, Any], start: datetime | None = None, end: datetime | None = None
    ) -> MaintenanceEvent | None:
        """The plan as the maintenance event it is (type application upgrade, region
        after MAINT-2); ``start``/``end`` replace the stored ones (a dialog's input)."""
        from di_desk.domain.upgrades import upgrade_event

        region = self.region(row)
        if start is None:
            start, end = row.get("scheduled_start"), end or row.get("scheduled_end")
        if region is None or start is None:
            return None
        sent = row.get("notice_sent")
        region_ref = self.reference.region(region)
        return upgrade_event(
            str(row.get("customer") or ""),
            str(row.get("cluster") or ""),
            region,
            start,
            end,
            self.reference,
            notice_sent=sent if isinstance(sent, date) else None,
            calendar=row.get("customer_calendar") or region_ref.calendar,
        )

    def _blackouts(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        customer_id = row.get("customer_id")
        if self._db is None or customer_id is None:
            return ()
        if self._maintenance is None:
            from di_desk.services.maintenance import MaintenanceService

            self._maintenance = MaintenanceService(self._db, self.reference, who="-")
        return self._maintenance.blackouts(customer_id)

    def check(
        self, row: Mapping[str, Any], start: datetime | None = None, end: datetime | None = None
    ) -> EventCheck | None:
        """Every maintenance rule for the plan (:func:`~di_desk.domain.maintenance.check_event`):
        MAINT-3 (one weekday window of the cluster's region), MAINT-5, MAINT-11.
        None when the plan has no start or no region."""
        from di_desk.domain.maintenance import check_event

        event = self.event(row, start, end)
        if event is None:
            return None
        region_ref = self.reference.region(event.region)
        return check_event(
            event,
            region_ref,
            self._row_calendar(row, region_ref),
            self.reference,
            self._blackouts(row),
        )

    def alternatives(
        self,
        row: Mapping[str, Any],
        after: datetime,
        start: datetime | None = None,
        end: datetime | None = None,
        count: int = 3,
    ) -> list[Window]:
        """The next windows that could take the upgrade, opening at or after ``after``
        (:func:`~di_desk.domain.reschedule.suggest_alternatives`: weekday windows for an
        upgrade, long enough, clear of the customer's blackout periods)."""
        from di_desk.domain.reschedule import suggest_alternatives

        event = self.event(row, start, end)
        if event is None:
            return []
        region_ref = self.reference.region(event.region)
        return suggest_alternatives(
            event, region_ref, self.reference, after, count, self._blackouts(row)
        )

    def timing(self, row: Mapping[str, Any], start: datetime | None = None) -> PlanTiming:
        """MAINT-5 (type application upgrade): notice due, and whether the notice was late.

        Business days are counted in the customer's calendar (else the
        region's default), dates taken in the region's zone.
        """
        from di_desk.domain.maintenance import MaintenanceEvent, check_notice, notice_due

        region = self.region(row)
        start = start or row.get("scheduled_start")
        if region is None:
            return PlanTiming(None, None, None, None)
        region_ref = self.reference.region(region)
        if start is None:
            return PlanTiming(region, region_ref.zone, None, None)
        code = row.get("customer_calendar") or region_ref.calendar
        calendar = self._row_calendar(row, region_ref)
        due = notice_due(start, region_ref, calendar, self.reference)
        problem = None
        sent = row.get("notice_sent")
        if isinstance(sent, date):
            event = MaintenanceEvent(
                customer=str(row.get("customer") or ""),
                cluster=str(row.get("cluster") or ""),
                region=region,
                type=MaintenanceType.UPGRADE,
                start=start,
                end=start,
                notice_sent=sent,
                calendar=code,
            )
            violations = check_notice(event, region_ref, calendar, self.reference)
            problem = violations[0].message if violations else None
        return PlanTiming(region, region_ref.zone, due, problem)
