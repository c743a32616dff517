"""The maintenance rules for one event (MAINT-3, 5, 6, 7, 8, 9, 10, 11, 12).

:func:`check_event` is the one entry point used by the schedule views and by
``di-desk check maintenance`` (FILE-2). Windows live in
:mod:`di_desk.domain.windows`, certificates in :mod:`~di_desk.domain.certificates`,
the joint review in :mod:`~di_desk.domain.change_requests`, COP requests in
:mod:`~di_desk.domain.cop`, the reschedule e-mail in
:mod:`~di_desk.domain.reschedule`, and the event values in
:mod:`~di_desk.domain.maintenance_events` (re-exported here).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from di_desk.domain.calendar import BusinessCalendar, calendar_for
from di_desk.domain.certificates import renewal_window
from di_desk.domain.change_requests import SCHEDULABLE_STATES
from di_desk.domain.enums import MaintenanceType
from di_desk.domain.maintenance_events import (
    Blackout,
    EmergencyReason,
    EventCheck,
    MaintenanceEvent,
    Violation,
    local_date,
    parse_emergency_reason,
)
from di_desk.domain.reference import ReferenceData, RegionRef
from di_desk.domain.timeutil import to_utc
from di_desk.domain.windows import (
    format_clock,
    format_day,
    format_local,
    next_window,
    window_containing,
    windows_overlapping,
)
from di_desk.i18n import N_, _, ngettext

__all__ = [
    "VULNERABILITY_SCAN_STATEMENT",
    "Blackout",
    "EmergencyReason",
    "EventCheck",
    "MaintenanceEvent",
    "Violation",
    "blackout_clashes",
    "check_blackouts",
    "check_certificate",
    "check_emergency_reason",
    "check_event",
    "check_notice",
    "check_review",
    "check_window",
    "default_calendar",
    "local_date",
    "notice_due",
    "notice_required",
    "parse_emergency_reason",
    "reply_dates",
    "reschedule_allowed",
    "reschedule_refusal",
    "vulnerability_scan_statement",
]


# -- helpers -------------------------------------------------------------------


def default_calendar(
    event: MaintenanceEvent, region_ref: RegionRef, reference: ReferenceData
) -> BusinessCalendar:
    """FILE-1: the event's calendar code, else the region's default, in the region's zone."""
    return calendar_for(
        event.calendar or region_ref.calendar,
        region_ref.zone,
        workdays=reference.workdays,
        opens=reference.business_opens,
        closes=reference.business_closes,
    )


def _moment(instant: datetime, same_day_as: datetime, zone_key: str) -> str:
    """The clock time alone when on the same local day as ``same_day_as``, else date and time."""
    if local_date(instant, zone_key) == local_date(same_day_as, zone_key):
        return format_clock(instant, zone_key)
    return format_local(instant, zone_key)


def _rule_number(violation: Violation) -> tuple[str, int]:
    prefix, _sep, number = violation.rule.rpartition("-")
    return prefix, int(number) if number.isdigit() else 0


# -- MAINT-3 -------------------------------------------------------------------


def check_window(
    event: MaintenanceEvent, region_ref: RegionRef, reference: ReferenceData
) -> list[Violation]:
    """MAINT-3: the event lies inside one window; weekend windows only for the
    reference's ``weekend_types``; emergency changes are exempt. An event that
    does not end after it starts is a MAINT-3 violation on its own."""
    key = region_ref.zone
    start, end = to_utc(event.start), to_utc(event.end)
    if end <= start:
        return [
            Violation(
                "MAINT-3",
                _("Ends at {end}, which is not after the start at {start} ({zone}).").format(
                    end=format_local(end, key), start=format_local(start, key), zone=key
                ),
            )
        ]
    if event.type is MaintenanceType.EMERGENCY:
        return []
    weekend_ok = event.type in reference.weekend_types
    violations = []
    window = window_containing(region_ref, start)
    if window is None:
        overlapping = windows_overlapping(region_ref, start, end)
        if overlapping:
            window = overlapping[0]
            message = _("Starts at {start}, before the window opens at {opens} ({zone}).").format(
                start=format_local(start, key),
                opens=_moment(window.start_utc, start, key),
                zone=key,
            )
        else:
            upcoming = next_window(region_ref, start, include_weekend=weekend_ok)
            message = _(
                "Starts at {start}, outside the maintenance windows; the next window is {window}."
            ).format(start=format_local(start, key), window=upcoming.describe())
        violations.append(Violation("MAINT-3", message))
    if window is not None and end > window.end_utc:
        violations.append(
            Violation(
                "MAINT-3",
                _("Ends at {end}, after the window closes at {closes} ({zone}).").format(
                    end=_moment(end, window.end_utc, key),
                    closes=format_clock(window.end_utc, key),
                    zone=key,
                ),
            )
        )
    if window is not None and window.weekend and not weekend_ok:
        allowed = sorted(reference.weekend_types, key=lambda t: t.value)
        violations.append(
            Violation(
                "MAINT-3",
                _(
                    "Falls in the weekend window {window}; weekend windows are only for: {types}."
                ).format(window=window.describe(), types=", ".join(t.label for t in allowed))
                if allowed
                else _(
                    "Falls in the weekend window {window}; no type may use weekend windows."
                ).format(window=window.describe()),
            )
        )
    return violations


# -- MAINT-5, MAINT-6, MAINT-7 --------------------------------------------------


def notice_required(event_type: MaintenanceType, reference: ReferenceData) -> bool:
    """MAINT-5: planned disruptive maintenance and application upgrades need notice."""
    return event_type in reference.notice_types


def notice_due(
    start: datetime, region_ref: RegionRef, calendar: BusinessCalendar, reference: ReferenceData
) -> date:
    """MAINT-5: the start's local date (region zone) minus 10 business days (calendar)."""
    return calendar.shift_business_days(
        local_date(start, region_ref.zone), -reference.notice_business_days
    )


def reply_dates(
    notice_sent: date | datetime,
    region_ref: RegionRef,
    calendar: BusinessCalendar,
    reference: ReferenceData,
) -> tuple[date, date]:
    """MAINT-6: ``(reply_by, reply_last_day)`` = notice date + 2 and + 3 business days."""
    sent = local_date(notice_sent, region_ref.zone)
    return (
        calendar.shift_business_days(sent, reference.reply_by_business_days),
        calendar.shift_business_days(sent, reference.reply_last_business_days),
    )


def reschedule_allowed(event: MaintenanceEvent, reference: ReferenceData) -> bool:
    """MAINT-7: no reschedule for emergency changes or urgent ones."""
    return not event.urgent and event.type not in reference.no_reschedule_types


def reschedule_refusal(event: MaintenanceEvent, reference: ReferenceData) -> str | None:
    """MAINT-7: why a reschedule is not offered (translated), or None when it is."""
    if event.type in reference.no_reschedule_types:
        return _("{type} cannot be rescheduled.").format(type=event.type.label)
    if event.urgent:
        return _(
            "Urgent changes (severe security issues, certificates about to expire) "
            "cannot be rescheduled."
        )
    return None


def check_notice(
    event: MaintenanceEvent,
    region_ref: RegionRef,
    calendar: BusinessCalendar,
    reference: ReferenceData,
) -> list[Violation]:
    """MAINT-5: a notice sent after ``notice_due`` is late. No notice yet is
    not a violation (it may still be sent)."""
    if event.notice_sent is None or not notice_required(event.type, reference):
        return []
    due = notice_due(event.start, region_ref, calendar, reference)
    sent = local_date(event.notice_sent, region_ref.zone)
    if sent <= due:
        return []
    days = reference.notice_business_days
    return [
        Violation(
            "MAINT-5",
            ngettext(
                "Late notice: sent on {sent}, but due by {due} ({days} business day "
                "before the start on {start}, calendar {calendar}).",
                "Late notice: sent on {sent}, but due by {due} ({days} business days "
                "before the start on {start}, calendar {calendar}).",
                days,
            ).format(
                sent=format_day(sent),
                due=format_day(due),
                days=days,
                start=format_day(event.start, region_ref.zone),
                calendar=calendar.code or "-",
            ),
        )
    ]


# -- MAINT-8, 9, 10, 11 -----------------------------------------------------------


def check_emergency_reason(event: MaintenanceEvent) -> list[Violation]:
    """MAINT-8: an emergency change needs a reason (one of the four, or details)."""
    if event.type is not MaintenanceType.EMERGENCY:
        return []
    if event.emergency_reason is not None or event.reason.strip():
        return []
    reasons = ", ".join(r.label for r in EmergencyReason)
    return [
        Violation(
            "MAINT-8",
            _("An emergency change needs a reason: {reasons}.").format(reasons=reasons),
        )
    ]


def check_review(event: MaintenanceEvent) -> list[Violation]:
    """MAINT-9: a partner-requested change with a known review state may only
    be scheduled once approved."""
    state = event.review_state
    if event.type is not MaintenanceType.PARTNER_REQUEST or state is None:
        return []
    if state in SCHEDULABLE_STATES:
        return []
    return [
        Violation(
            "MAINT-9",
            _(
                "A partner-requested change may be scheduled only after the joint review "
                "approved it; it is: {state}."
            ).format(state=state.label),
        )
    ]


def check_certificate(
    event: MaintenanceEvent, region_ref: RegionRef, reference: ReferenceData
) -> list[Violation]:
    """MAINT-10: a certificate renewal with a known expiry starts in [E − 7 d, E − 3 d]."""
    expires = event.certificate_expires
    if event.type is not MaintenanceType.CERTIFICATE or expires is None:
        return []
    window = renewal_window(expires, reference)
    if window.contains(event.start, region_ref.zone):
        return []

    def show(value: date | datetime) -> str:
        if isinstance(value, datetime):
            return format_local(value, region_ref.zone)
        return format_day(value)

    return [
        Violation(
            "MAINT-10",
            _(
                "Starts at {start}, outside the renewal window {earliest} – {latest} "
                "for a certificate that expires at {expires} ({zone})."
            ).format(
                start=format_local(event.start, region_ref.zone),
                earliest=show(window.earliest),
                latest=show(window.latest),
                expires=show(to_utc(expires) if isinstance(expires, datetime) else expires),
                zone=region_ref.zone,
            ),
        )
    ]


def blackout_clashes(
    event: MaintenanceEvent, blackouts: tuple[Blackout, ...] | list[Blackout], zone_key: str
) -> tuple[Blackout, ...]:
    """MAINT-11: the event customer's blackout periods that ``[start, end)`` overlaps."""
    start, end = to_utc(event.start), to_utc(event.end)
    if end <= start:
        end = start + timedelta(microseconds=1)  # a point in time still clashes
    return tuple(
        b for b in blackouts if b.applies_to(event.customer) and b.overlaps(start, end, zone_key)
    )


def check_blackouts(
    event: MaintenanceEvent, blackouts: tuple[Blackout, ...] | list[Blackout], zone_key: str
) -> list[Violation]:
    """MAINT-11: one violation per blackout period the event overlaps (every type)."""
    violations = []
    for blackout in blackout_clashes(event, blackouts, zone_key):
        period = _("{first} – {last}").format(
            first=format_day(blackout.first_day), last=format_day(blackout.last_day)
        )
        if blackout.note:
            message = _("Overlaps the customer's blackout period {period} ({note}).").format(
                period=period, note=blackout.note
            )
        else:
            message = _("Overlaps the customer's blackout period {period}.").format(period=period)
        violations.append(Violation("MAINT-11", message))
    return violations


# -- MAINT-12 -----------------------------------------------------------------------

VULNERABILITY_SCAN_STATEMENT = N_(
    "Vulnerability scans of a Dedicated Instance by a partner or customer are not "
    "supported. Dedicated Instance runs its own vulnerability scanning continuously, "
    "has regular independent penetration tests, and publishes an attestation letter "
    "on the Cisco Trust Portal."
)


def vulnerability_scan_statement() -> str:
    """MAINT-12: the statement shown wherever a scan might be planned (translated)."""
    return _(VULNERABILITY_SCAN_STATEMENT)


# -- the whole check ---------------------------------------------------------------


def check_event(
    event: MaintenanceEvent,
    region_ref: RegionRef | None,
    calendar: BusinessCalendar | None,
    reference: ReferenceData,
    blackouts: tuple[Blackout, ...] | list[Blackout] = (),
) -> EventCheck:
    """Every maintenance rule for one event (FILE-2).

    Args:
        event: the event; ``event.region`` is used when ``region_ref`` is None.
        region_ref: the region whose windows and zone apply (after MAINT-2).
        calendar: business calendar for notice and reply dates; None for
            :func:`default_calendar` (event's code, else the region's).
        reference: the reference data.
        blackouts: the customer's blackout periods (MAINT-11).

    Returns:
        Violations sorted by rule id (stable within a rule), the window
        containing the start, notice and reply dates.
    """
    region_ref = region_ref or reference.region(event.region)
    calendar = calendar or default_calendar(event, region_ref, reference)
    violations = [
        *check_window(event, region_ref, reference),
        *check_notice(event, region_ref, calendar, reference),
        *check_emergency_reason(event),
        *check_review(event),
        *check_certificate(event, region_ref, reference),
        *check_blackouts(event, blackouts, region_ref.zone),
    ]
    violations.sort(key=_rule_number)
    needs_notice = notice_required(event.type, reference)
    reply_by = reply_last = None
    if event.notice_sent is not None:
        reply_by, reply_last = reply_dates(event.notice_sent, region_ref, calendar, reference)
    return EventCheck(
        violations=tuple(violations),
        region=region_ref.region,
        window=window_containing(region_ref, event.start),
        notice_required=needs_notice,
        notice_due=notice_due(event.start, region_ref, calendar, reference)
        if needs_notice
        else None,
        notice_sent=local_date(event.notice_sent, region_ref.zone)
        if event.notice_sent is not None
        else None,
        reply_by=reply_by,
        reply_last_day=reply_last,
        reschedule_allowed=reschedule_allowed(event, reference),
        blackouts=blackout_clashes(event, blackouts, region_ref.zone),
    )
