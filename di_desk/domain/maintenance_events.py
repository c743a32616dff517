"""The values of the maintenance rules: events, violations, blackouts, results.

Kept apart from the rules in :mod:`di_desk.domain.maintenance` (which
re-exports them) so each module stays one concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from di_desk.domain.change_requests import ChangeRequestState
from di_desk.domain.enums import LabelledEnum, MaintenanceType, Region
from di_desk.domain.timeutil import to_utc, zone
from di_desk.domain.windows import Window, wall_clock_to_utc
from di_desk.i18n import N_, _


class EmergencyReason(LabelledEnum):
    """MAINT-8: the reasons for which an emergency change may be made."""

    RESTORE_SERVICE = "restore_service", N_("Restore service")
    REDUCE_OUTAGE_IMPACT = "reduce_outage_impact", N_("Reduce the impact of an outage")
    PREVENT_OUTAGE = "prevent_outage", N_("Prevent a likely outage")
    FIX_SECURITY_VULNERABILITY = "fix_security_vulnerability", N_("Fix a security vulnerability")


def parse_emergency_reason(text: str | None) -> EmergencyReason | None:
    """The MAINT-8 reason named by ``text`` (token, name or label, optionally
    followed by ``": details"``), or None for free text."""
    if not text:
        return None
    for candidate in (text, text.split(":", 1)[0]):
        try:
            return EmergencyReason.parse(candidate)
        except ValueError:
            key = candidate.strip().casefold()
            for member in EmergencyReason:
                if key in (member.label.casefold(), member._label.casefold()):  # type: ignore[attr-defined]
                    return member
    return None


@dataclass(frozen=True)
class MaintenanceEvent:
    """One planned (or emergency) change on a customer's cluster (FILE-1).

    ``region`` is the region whose windows apply, after MAINT-2 (an SME
    cluster's publisher region). ``start``/``end`` are aware instants,
    ``[start, end)``. ``notice_sent`` is a date or an aware instant (taken as
    its date in the region's zone). ``calendar`` is the holidays code for
    business days (FILE-1), None for the region's default. ``urgent`` marks an
    urgent change (severe security issue, certificate about to expire) that
    cannot be rescheduled (MAINT-7).
    """

    customer: str
    cluster: str
    region: Region
    type: MaintenanceType
    start: datetime
    end: datetime
    notice_sent: date | datetime | None = None
    calendar: str | None = None
    reason: str = ""
    urgent: bool = False
    emergency_reason: EmergencyReason | None = None
    review_state: ChangeRequestState | None = None  # MAINT-9, partner requests
    certificate_expires: date | datetime | None = None  # MAINT-10, renewals

    def __post_init__(self) -> None:
        to_utc(self.start)
        to_utc(self.end)
        if isinstance(self.notice_sent, datetime):
            to_utc(self.notice_sent)

    @property
    def duration(self) -> timedelta:
        return to_utc(self.end) - to_utc(self.start)


@dataclass(frozen=True)
class Violation:
    """A broken rule: its id (``MAINT-3``) and a translated explanation."""

    rule: str
    message: str


@dataclass(frozen=True)
class Blackout:
    """MAINT-11: dates a customer cannot accept disruption, both ends included.

    The dates are local dates in ``zone`` (the customer's), else the region's.
    An empty ``customer`` applies to whichever customer's list it is in.
    """

    first_day: date
    last_day: date
    customer: str = ""
    note: str = ""
    zone: str | None = None

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValueError(_("A blackout period cannot end before it starts."))

    def bounds(self, default_zone: str) -> tuple[datetime, datetime]:
        """``[first_day 00:00, last_day + 1 00:00)`` local, as UTC instants."""
        key = self.zone or default_zone
        return (
            wall_clock_to_utc(self.first_day, time(0), key),
            wall_clock_to_utc(self.last_day + timedelta(days=1), time(0), key),
        )

    def overlaps(self, start: datetime, end: datetime, default_zone: str) -> bool:
        lo, hi = self.bounds(default_zone)
        return to_utc(start) < hi and lo < to_utc(end)

    def applies_to(self, customer: str) -> bool:
        return not self.customer or self.customer.casefold() == customer.casefold()


@dataclass(frozen=True)
class EventCheck:
    """The outcome of :func:`check_event` (the fields of FILE-2)."""

    violations: tuple[Violation, ...]
    region: Region
    window: Window | None  # the window containing the start
    notice_required: bool
    notice_due: date | None
    notice_sent: date | None
    reply_by: date | None
    reply_last_day: date | None
    reschedule_allowed: bool
    blackouts: tuple[Blackout, ...] = ()  # the ones the event overlaps

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def rule_ids(self) -> list[str]:
        return [v.rule for v in self.violations]

    @property
    def messages(self) -> list[str]:
        return [v.message for v in self.violations]

    @property
    def window_start(self) -> datetime | None:
        return self.window.start_utc if self.window else None

    @property
    def window_end(self) -> datetime | None:
        return self.window.end_utc if self.window else None

    @property
    def notice_in_time(self) -> bool | None:
        """True/False once a notice was sent for a type that needs one, else None."""
        if self.notice_due is None or self.notice_sent is None:
            return None
        return self.notice_sent <= self.notice_due


def local_date(value: date | datetime, zone_key: str) -> date:
    """A date stays; an aware instant becomes its date in ``zone_key``."""
    if isinstance(value, datetime):
        return to_utc(value).astimezone(zone(zone_key)).date()
    return value
