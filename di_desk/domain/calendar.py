"""Business calendars and business time (TIME-1..5).

A :class:`BusinessCalendar` is working weekdays, business hours, an IANA zone,
and closed days (public holidays of one country or subdivision from the
``holidays`` package, plus user closures). All arithmetic converts to UTC
before computing durations (TIME-2); results are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class SkippedDay:
    """A closed day that a deadline computation skipped, with its reason."""

    day: date
    reason: str  # translated: "Weekend", a holiday name, "Closure: …"


@dataclass(frozen=True)
class BusinessCalendar:
    """TIME-3: working weekdays, business hours, a zone and closed days."""

    code: str = "NL"  # holidays code: "NL", "AU-ACT", "US-NY"; "" for no holidays
    zone: str = "Europe/Amsterdam"
    workdays: frozenset[int] = frozenset(range(5))  # date.weekday(): Monday = 0
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    closures: frozenset[date] = field(default_factory=frozenset)

    @property
    def tz(self) -> ZoneInfo: ...

    @property
    def day_length(self) -> timedelta:
        """Length of one business day (closes - opens); 8 h by default."""
        ...

    def holiday_name(self, day: date) -> str | None:
        """The public holiday's name on ``day``, or None."""
        ...

    def closed_reason(self, day: date) -> str | None:
        """Why ``day`` is closed (translated), or None for a business day."""
        ...

    def is_business_day(self, day: date) -> bool: ...

    def add_business_time(self, start: datetime, amount: timedelta) -> datetime:
        """TIME-4: ``start`` (aware) plus ``amount`` of business time, as aware UTC.

        A clock starting outside business hours starts at the next opening.
        """
        ...

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """TIME-4: ``days`` × day_length of business time after ``start`` (aware UTC)."""
        ...

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Business time elapsed from ``start`` to ``end`` (zero if end <= start)."""
        ...

    def shift_business_days(self, day: date, n: int) -> date:
        """Date arithmetic: the n-th business day after (n > 0) or before (n < 0) ``day``.

        Used for notice and reply dates (MAINT-5/6): stepping over closed days.
        ``n == 0`` returns ``day`` unchanged.
        """
        ...

    def skipped_days(self, start: datetime, end: datetime) -> list[SkippedDay]:
        """Closed days between two instants (local dates), for deadline explanations."""
        ...


def calendar_for(code: str, zone: str, **kwargs) -> BusinessCalendar:
    """A calendar for a holidays code (``NL``, ``AU-ACT``) in ``zone``; raises ValueError
    with a clear message for an unknown code."""
    ...
