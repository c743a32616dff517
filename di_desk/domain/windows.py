"""Maintenance windows per region (MAINT-1, MAINT-2).

A window opens at the region's ``window_opens`` wall-clock time (21:00) on a
local date D and closes at ``window_closes`` (06:00) on D + 1, both in the
region's zone (TIME-2). Instants are UTC; durations are computed in UTC, so a
window on a DST night lasts 8 or 10 hours instead of 9. A window that starts
on a Saturday or Sunday is a weekend window (provider infrastructure only,
MAINT-3).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_skeleton

from di_desk.domain.enums import Application, Region
from di_desk.domain.reference import RegionRef
from di_desk.domain.timeutil import NonexistentLocalTime, localize, to_utc, zone
from di_desk.i18n import _, babel_locale

_ONE_DAY = timedelta(days=1)
#: ``date.weekday()`` of the days whose windows are weekend windows (MAINT-1).
WEEKEND_DAYS: frozenset[int] = frozenset({5, 6})


# -- formatting (messages name the window in the region's zone) -------------


def format_day(day: date | datetime, zone_key: str | None = None) -> str:
    """``Mon, 30 Mar 2026`` in the active language (``ma 30 mrt 2026`` in Dutch)."""
    if isinstance(day, datetime):
        day = day.astimezone(zone(zone_key)).date() if zone_key else day.date()
    return format_skeleton("yMMMEd", day, locale=babel_locale())


def format_clock(instant: datetime, zone_key: str) -> str:
    """The wall-clock time of ``instant`` in ``zone_key``: ``21:00``."""
    return format_skeleton("Hm", instant, tzinfo=zone(zone_key), locale=babel_locale())


def format_local(instant: datetime, zone_key: str) -> str:
    """Date and wall-clock time of ``instant`` in ``zone_key``: ``Mon, 30 Mar 2026 21:00``."""
    return f"{format_day(instant, zone_key)} {format_clock(instant, zone_key)}"


# -- windows ----------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """One maintenance window of a region (MAINT-1).

    ``start_utc``/``end_utc`` are aware UTC instants, the window is the
    half-open interval ``[start_utc, end_utc)``. ``local_date`` is the local
    date on which it opens; ``weekend`` is True when that date is a Saturday
    or Sunday.
    """

    region: Region
    start_utc: datetime
    end_utc: datetime
    weekend: bool
    local_date: date
    zone: str

    @property
    def duration(self) -> timedelta:
        """Real length (UTC): 9 h normally, 8 h or 10 h on a DST night."""
        return self.end_utc - self.start_utc

    @property
    def local_start(self) -> datetime:
        return self.start_utc.astimezone(zone(self.zone))

    @property
    def local_end(self) -> datetime:
        return self.end_utc.astimezone(zone(self.zone))

    def contains(self, instant: datetime) -> bool:
        """True when ``start_utc <= instant < end_utc``."""
        return self.start_utc <= to_utc(instant) < self.end_utc

    def covers(self, start: datetime, end: datetime) -> bool:
        """True when ``[start, end)`` lies entirely inside this window (MAINT-3)."""
        return self.start_utc <= to_utc(start) and to_utc(end) <= self.end_utc

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start_utc < to_utc(end) and to_utc(start) < self.end_utc

    def describe(self) -> str:
        """``Sat, 28 Mar 2026 21:00 – Sun, 29 Mar 2026 06:00 (Europe/Amsterdam)``."""
        return _("{start} – {end} ({zone})").format(
            start=format_local(self.start_utc, self.zone),
            end=format_local(self.end_utc, self.zone),
            zone=self.zone,
        )


def wall_clock_to_utc(day: date, at: time, zone_key: str) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``zone_key`` (TIME-2).

    A time inside a spring-forward gap becomes the first valid instant after
    the gap; an ambiguous one takes its first occurrence (``fold=0``). With
    the spec's 21:00 and 06:00 neither happens in the regions' zones.
    """
    try:
        local = localize(datetime.combine(day, at), zone_key)
    except NonexistentLocalTime as gap:
        return gap.first_valid.astimezone(UTC)
    return local.astimezone(UTC)


def window_on(region_ref: RegionRef, local_date: date) -> Window:
    """MAINT-1: the window of ``region_ref`` that opens on ``local_date``.

    It closes on the next day when ``window_closes <= window_opens`` (the
    spec's 21:00–06:00), else on the same day.
    """
    end_date = (
        local_date + _ONE_DAY if region_ref.window_closes <= region_ref.window_opens else local_date
    )
    return Window(
        region=region_ref.region,
        start_utc=wall_clock_to_utc(local_date, region_ref.window_opens, region_ref.zone),
        end_utc=wall_clock_to_utc(end_date, region_ref.window_closes, region_ref.zone),
        weekend=local_date.weekday() in WEEKEND_DAYS,
        local_date=local_date,
        zone=region_ref.zone,
    )


def window_containing(region_ref: RegionRef, instant: datetime) -> Window | None:
    """MAINT-1: the window of the region that contains ``instant`` (aware), or None."""
    when = to_utc(instant)
    local_day = when.astimezone(zone(region_ref.zone)).date()
    for day in (local_day - _ONE_DAY, local_day):
        window = window_on(region_ref, day)
        if window.start_utc <= when < window.end_utc:
            return window
    return None


def windows_overlapping(
    region_ref: RegionRef,
    start: datetime,
    end: datetime,
    *,
    include_weekend: bool = True,
) -> list[Window]:
    """MAINT-1: the windows of a region overlapping ``[start, end)``, in time order.

    For calendar views (a week, a month): pass the view's UTC range.
    """
    lo, hi = to_utc(start), to_utc(end)
    if hi <= lo:
        return []
    tz = zone(region_ref.zone)
    day = lo.astimezone(tz).date() - _ONE_DAY
    last = hi.astimezone(tz).date()
    found = []
    while day <= last:
        window = window_on(region_ref, day)
        if (
            window.start_utc < hi
            and lo < window.end_utc
            and (include_weekend or not window.weekend)
        ):
            found.append(window)
        day += _ONE_DAY
    return found


def windows_from(
    region_ref: RegionRef, after: datetime, *, include_weekend: bool = True
) -> Iterator[Window]:
    """The windows that open at or after ``after``, in time order (endless).

    Used to propose alternative dates and the "next window" of an emergency
    change (MAINT-6, MAINT-8).
    """
    when = to_utc(after)
    day = when.astimezone(zone(region_ref.zone)).date() - _ONE_DAY
    while True:
        window = window_on(region_ref, day)
        if window.start_utc >= when and (include_weekend or not window.weekend):
            yield window
        day += _ONE_DAY


def next_window(region_ref: RegionRef, after: datetime, *, include_weekend: bool = True) -> Window:
    """The first window opening at or after ``after``."""
    return next(windows_from(region_ref, after, include_weekend=include_weekend))


# -- MAINT-2 ------------------------------------------------------------------


def effective_region(
    cluster_region: Region | None,
    application: Application | None = None,
    publisher_region: Region | None = None,
    *,
    is_sme: bool = False,
) -> Region:
    """MAINT-2: the region whose windows apply to a cluster.

    An SME cluster (``application is Application.SME`` or ``is_sme``) follows
    the region of its SME publisher; any other cluster its own region. An SME
    cluster without a known publisher region falls back to its own region.

    Raises:
        ValueError: when no region is known at all.
    """
    sme = is_sme or application is Application.SME
    region = publisher_region if sme and publisher_region is not None else cluster_region
    if region is None:
        raise ValueError(_("The cluster has no region, so no maintenance window applies."))
    return region
