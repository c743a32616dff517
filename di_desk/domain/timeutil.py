"""Instants and wall-clock times (TIME-1, TIME-2).

Every instant is an aware datetime, stored and computed in UTC. Wall-clock
times typed by a user are attached to a zone with :func:`localize`, which
refuses a time inside a spring-forward gap and proposes the first valid one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from di_desk.i18n import _


class NonexistentLocalTime(ValueError):
    """A wall-clock time inside a DST gap; ``first_valid`` is the first instant after it."""

    def __init__(self, local: datetime, zone_key: str, first_valid: datetime):
        self.local = local
        self.zone_key = zone_key
        self.first_valid = first_valid
        super().__init__(
            _(
                "{time} does not exist in {zone} (the clocks move forward); "
                "the first valid time after it is {first}."
            ).format(
                time=local.strftime("%Y-%m-%d %H:%M"),
                zone=zone_key,
                first=first_valid.astimezone(ZoneInfo(zone_key)).strftime("%Y-%m-%d %H:%M"),
            )
        )


@lru_cache(maxsize=256)
def zone(key: str) -> ZoneInfo:
    """ZoneInfo for an IANA key; ValueError with a clear message when unknown."""
    try:
        if not key or key != key.strip():
            raise ZoneInfoNotFoundError(key)
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:
        # OSError: a key that is a folder of the zone database, or too long a name
        raise ValueError(_("Unknown time zone: {zone!r}").format(zone=key[:80])) from exc


def to_utc(dt: datetime) -> datetime:
    """Aware ``dt`` as UTC; ValueError for a naive datetime."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(_("A time without a time zone cannot be used here."))
    try:
        return dt.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+01:00 is before year 1 in UTC
        raise ValueError(_out_of_range(dt)) from None


def _out_of_range(dt: datetime) -> str:
    return _("{value} is outside the range of dates that can be used.").format(value=dt.isoformat())


def _exists(naive: datetime, tz: ZoneInfo, fold: int) -> bool:
    aware = naive.replace(tzinfo=tz, fold=fold)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def _gap_end(naive: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the gap containing ``naive`` ends."""
    lo = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)  # post-transition offset: earlier
    hi = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)  # pre-transition offset: later
    if lo > hi:
        lo, hi = hi, lo
    before = lo.astimezone(tz).utcoffset()
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).utcoffset() == before:
            lo = mid
        else:
            hi = mid
    return hi.replace(microsecond=0) if hi.microsecond else hi


def localize(naive: datetime, zone_key: str, *, fold: int = 0) -> datetime:
    """Attach ``zone_key`` to a wall-clock time (TIME-2).

    Raises :class:`NonexistentLocalTime` for a time in a spring-forward gap; an
    ambiguous time (fall back) takes ``fold`` (0 = the first occurrence).
    """
    tz = zone(zone_key)
    if naive.tzinfo is not None:
        naive = naive.replace(tzinfo=None)
    try:
        if not _exists(naive, tz, fold) and not _exists(naive, tz, 1 - fold):
            raise NonexistentLocalTime(naive, zone_key, _gap_end(naive, tz))
    except OverflowError:  # the first or last day of the calendar
        raise ValueError(_out_of_range(naive)) from None
    return naive.replace(tzinfo=tz, fold=fold)


def is_ambiguous(naive: datetime, zone_key: str) -> bool:
    """True when the wall-clock time occurs twice (fall back)."""
    tz = zone(zone_key)
    naive = naive.replace(tzinfo=None)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    return (
        first.utcoffset() != second.utcoffset() and _exists(naive, tz, 0) and _exists(naive, tz, 1)
    )


def _fromiso(text: str) -> datetime:
    value = text.strip()
    if value.endswith(("z", "Z")):
        value = value[:-1] + "+00:00"
    return datetime.fromisoformat(value)


def parse_instant(text: str, default_zone: str | None = None) -> datetime:
    """ISO 8601 with an offset or ``Z`` → aware UTC.

    A value without an offset is an error unless ``default_zone`` is given;
    then it is read as wall-clock time there (gaps refused, TIME-2).
    """
    raw = (text or "").strip()
    if not raw:
        raise ValueError(_("A date and time is required."))
    try:
        value = _fromiso(raw)
    except ValueError as exc:
        raise ValueError(
            _(
                "{value!r} is not a date and time in ISO 8601 form "
                "(e.g. 2026-03-30T21:00:00+02:00)."
            ).format(value=raw)
        ) from exc
    if value.tzinfo is None:
        if default_zone is None:
            raise ValueError(
                _("{value!r} has no time zone offset; add one (e.g. +01:00 or Z).").format(
                    value=raw
                )
            )
        value = localize(value, default_zone)
    return to_utc(value)


def parse_date_or_instant(text: str, default_zone: str | None = None) -> datetime | date:
    """For fields like ``notice_sent``: a bare ISO date stays a date."""
    raw = (text or "").strip()
    if len(raw) == 10:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    return parse_instant(raw, default_zone)


def utc_iso(dt: datetime) -> str:
    """``2026-03-30T19:00:00Z`` form for files and JSON."""
    value = to_utc(dt)
    text = value.replace(tzinfo=None).isoformat(
        timespec="seconds" if not value.microsecond else "microseconds"
    )
    return text + "Z"
