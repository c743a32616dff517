"""Dates, times, numbers, sizes and durations for the active locale (Babel).

Every function takes the locale explicitly (default: the active language's),
so results are testable. Instants are shown in a given IANA zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from babel import Locale
from babel import dates as _dates
from babel import numbers as _numbers
from babel import units as _units
from babel.lists import format_list

from di_desk.domain.timeutil import zone as _zone
from di_desk.i18n import babel_locale, ngettext


def _loc(locale: str | None) -> Locale:
    """The Babel locale object (parsed once per identifier; tables format many cells)."""
    return _parsed(locale or babel_locale())


@lru_cache(maxsize=16)
def _parsed(identifier: str) -> Locale:
    return Locale.parse(identifier)


# Lists show thousands of instants, many on the same days and all on a
# minute: Babel formats each (day, locale) and (hour, minute, locale) once.
@lru_cache(maxsize=8192)
def _medium_date(day: date, locale: str) -> str:
    return _dates.format_date(day, "medium", locale=_parsed(locale))


@lru_cache(maxsize=4096)
def _clock(hour: int, minute: int, locale: str) -> str:
    return _dates.format_time(time(hour, minute), "HH:mm", locale=_parsed(locale))


def format_date(
    value: date | datetime, fmt: str = "medium", *, tz: str | None = None, locale: str | None = None
) -> str:
    """A date (or the local date of an instant in ``tz``)."""
    if isinstance(value, datetime):
        value = value.astimezone(_zone(tz)).date() if tz else value.date()
    return _dates.format_date(value, fmt, locale=_loc(locale))


def format_datetime(
    value: datetime,
    tz: str,
    fmt: str = "medium",
    *,
    show_zone: bool = False,
    locale: str | None = None,
) -> str:
    """An instant as wall-clock time in ``tz``, optionally followed by the zone's short name."""
    local = value.astimezone(_zone(tz))
    if fmt == "medium":
        name = locale or babel_locale()
        text = _medium_date(local.date(), name) + " " + _clock(local.hour, local.minute, name)
    else:
        text = _dates.format_datetime(local, fmt, tzinfo=local.tzinfo, locale=_loc(locale))
    if show_zone:
        text += " " + (local.tzname() or tz)
    return text


def format_time(
    value: datetime, tz: str, *, show_zone: bool = False, locale: str | None = None
) -> str:
    local = value.astimezone(_zone(tz))
    text = _clock(local.hour, local.minute, locale or babel_locale())
    if show_zone:
        text += " " + (local.tzname() or tz)
    return text


_DURATION_UNITS = (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def format_duration(
    delta: timedelta, *, locale: str | None = None, granularity: str = "minute", largest: int = 2
) -> str:
    """A length of time in its ``largest`` units, the rest left off:
    "9 hours and 30 minutes", "9 uur en 30 minuten", "2 hours", "1 day" (down to
    ``granularity``); with ``largest=1``, "9 hours"."""
    loc = _loc(locale)
    seconds = int(abs(delta.total_seconds()))
    units = []
    for name, size in _DURATION_UNITS:
        units.append((name, size))
        if name == granularity:
            break
    parts = []
    for name, size in units:
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(
                _dates.format_timedelta(
                    timedelta(seconds=count * size), granularity=name, threshold=10**9, locale=loc
                )
            )
    if not parts:
        return _dates.format_timedelta(
            timedelta(0), granularity=units[-1][0], threshold=10**9, locale=loc
        )
    return format_list(parts[: max(largest, 1)], locale=loc)


def format_relative(delta: timedelta, *, locale: str | None = None) -> str:
    """Time to (positive) or since (negative) an instant: "in 2 hours", "2 uur geleden"."""
    return _dates.format_timedelta(
        delta, granularity="minute", threshold=1.0, add_direction=True, locale=_loc(locale)
    )


def format_business_days(count: int | float) -> str:
    """ "3 business days" / "3 werkdagen" in the active language."""
    n = int(count) if float(count).is_integer() else count
    shown = _numbers.format_decimal(n, locale=babel_locale())
    plural_n = int(n) if isinstance(n, int) else 2
    return ngettext("{n} business day", "{n} business days", plural_n).format(n=shown)


def format_number(value: float, *, locale: str | None = None) -> str:
    return _numbers.format_decimal(value, locale=_loc(locale))


def format_percent(value: float, *, locale: str | None = None, digits: int = 1) -> str:
    """A ratio (0.955) as a percentage ("95.5%", "95,5%")."""
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return _numbers.format_percent(value, format=pattern, locale=_loc(locale))


_SIZE_UNITS = (
    (1000**4, "digital-terabyte"),
    (1000**3, "digital-gigabyte"),
    (1000**2, "digital-megabyte"),
    (1000, "digital-kilobyte"),
)


def format_size(size_bytes: int | None, *, locale: str | None = None) -> str:
    """A size in bytes with a decimal unit: "512.3 MB", "512,3 MB"."""
    if size_bytes is None:
        return ""
    loc = _loc(locale)
    for factor, unit in _SIZE_UNITS:
        if size_bytes >= factor:
            return _units.format_unit(
                round(size_bytes / factor, 1), unit, length="short", format="#,##0.#", locale=loc
            )
    return _units.format_unit(size_bytes, "digital-byte", length="short", locale=loc)
