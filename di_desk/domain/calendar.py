"""Business calendars and business time (TIME-1..5).

A :class:`BusinessCalendar` is working weekdays, business hours, an IANA zone,
and closed days (public holidays of one country or subdivision from the
``holidays`` package, plus user closures). Arithmetic runs on UTC
timestamps (TIME-2): each business day is the real interval between its
opening and closing instants, so DST days are handled by ``zoneinfo``.
Results are aware UTC datetimes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from di_desk.domain.timeutil import NonexistentLocalTime, localize, zone
from di_desk.i18n import _, current_language

if TYPE_CHECKING:
    import numpy as np

_ONE_DAY = timedelta(days=1)
#: Safety bound for date walks: a calendar with no business day in ten years is broken.
_MAX_DAYS = 3660


def _holidays() -> ModuleType:
    """The ``holidays`` package, imported when a calendar first needs it (it takes
    tens of milliseconds, which start-up need not pay)."""
    import holidays

    return holidays


@dataclass(frozen=True)
class SkippedDay:
    """A closed day that a deadline computation skipped, with its reason."""

    day: date
    reason: str  # translated: "Weekend", a holiday name, "Closure"


def split_code(code: str) -> tuple[str, str | None]:
    """``"AU-ACT"`` → ``("AU", "ACT")``; ``"NL"`` → ``("NL", None)``."""
    country, _sep, subdiv = code.strip().upper().partition("-")
    return country, (subdiv or None)


def validate_code(code: str) -> str:
    """Normalize a holidays code, or raise ValueError naming what is unknown."""
    if not code:
        return ""
    country, subdiv = split_code(code)
    supported = _holidays().list_supported_countries()
    if country not in supported:
        raise ValueError(
            _("Unknown holiday calendar {code!r}: no country {country!r}.").format(
                code=code, country=country
            )
        )
    if subdiv is not None:
        known = {s.upper() for s in supported[country]}
        if subdiv not in known:
            raise ValueError(
                _(
                    "Unknown holiday calendar {code!r}: {country} has no subdivision {subdiv!r}."
                ).format(code=code, country=country, subdiv=subdiv)
            )
    return f"{country}-{subdiv}" if subdiv else country


def _holiday_language(country: str) -> str | None:
    """The holidays package language matching the UI language, when it has one."""
    lang = current_language()
    cls = _holidays().country_holidays(country).__class__
    supported = getattr(cls, "supported_languages", ()) or ()
    for candidate in (lang, f"{lang}_NL", "en_US", "en_GB"):
        if candidate in supported:
            return candidate
    return None


@lru_cache(maxsize=512)
def _holidays_for(code: str, year: int, language: str | None) -> dict[date, str]:
    if not code:
        return {}
    country, subdiv = split_code(code)
    kwargs = {"years": year, "subdiv": subdiv}
    if language:
        kwargs["language"] = language
    table = _holidays().country_holidays(country, **kwargs)
    return dict(table.items())


@lru_cache(maxsize=128)
def _closed_set(code: str, year: int) -> frozenset[date]:
    return frozenset(_holidays_for(code, year, None))


@lru_cache(maxsize=65536)
def _bounds(zone_key: str, day: date, opens: time, closes: time) -> tuple[float, float]:
    """UTC timestamps of a day's opening and closing (gaps move to their end)."""

    def instant(t: time) -> float:
        try:
            return localize(datetime.combine(day, t), zone_key).timestamp()
        except NonexistentLocalTime as gap:
            return gap.first_valid.timestamp()

    return instant(opens), instant(closes)


@dataclass(frozen=True)
class BusinessCalendar:
    """TIME-3: working weekdays, business hours, a zone and closed days."""

    code: str = "NL"  # holidays code: "NL", "AU-ACT", "US-NY"; "" for no holidays
    zone: str = "Europe/Amsterdam"
    workdays: frozenset[int] = frozenset(range(5))  # date.weekday(): Monday = 0
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    closures: frozenset[date] = field(default_factory=frozenset)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.closes <= self.opens:
            raise ValueError(_("Business hours must close after they open."))
        if not self.workdays:
            raise ValueError(_("A business calendar needs at least one working day."))

    # -- days -------------------------------------------------------------

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.zone)

    @property
    def day_length(self) -> timedelta:
        """Length of one business day (closes - opens); 8 h by default."""
        return datetime.combine(date.min, self.closes) - datetime.combine(date.min, self.opens)

    def holiday_name(self, day: date) -> str | None:
        """The public holiday's name on ``day`` (in the UI language where known), or None."""
        if not self.code or day not in _closed_set(self.code, day.year):
            return None
        country, _sub = split_code(self.code)
        return _holidays_for(self.code, day.year, _holiday_language(country)).get(day)

    def closed_reason(self, day: date) -> str | None:
        """Why ``day`` is closed (translated), or None for a business day."""
        if day.weekday() not in self.workdays:
            return _("Weekend") if day.weekday() >= 5 else _("Not a working day")
        if day in self.closures:
            return _("Closure")
        return self.holiday_name(day)

    def is_business_day(self, day: date) -> bool:
        return (
            day.weekday() in self.workdays
            and day not in self.closures
            and (not self.code or day not in _closed_set(self.code, day.year))
        )

    def shift_business_days(self, day: date, n: int) -> date:
        """The n-th business day after (n > 0) or before (n < 0) ``day``.

        Date arithmetic for notice and reply dates (MAINT-5/6): each step moves
        one day and only business days are counted. ``n == 0`` returns ``day``.
        """
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        current = day
        walked = 0
        while remaining:
            current += step
            walked += 1
            if walked > _MAX_DAYS * max(1, abs(n)):
                raise ValueError(_("No business day found in this calendar."))
            if self.is_business_day(current):
                remaining -= 1
        return current

    # -- business time ----------------------------------------------------

    def _timeline(self, *timestamps: float) -> _Timeline:
        timeline = self._memo.get("timeline")
        if timeline is None:
            timeline = self._memo["timeline"] = _Timeline(self)
        for ts in timestamps:
            timeline.cover(ts)
        return timeline

    def add_business_time(self, start: datetime, amount: timedelta) -> datetime:
        """TIME-4: ``start`` (aware) plus ``amount`` of business time, as aware UTC.

        A clock starting outside business hours starts at the next opening;
        a deadline falling exactly on a closing time stays on that day.
        """
        if start.tzinfo is None:
            raise ValueError(_("A time without a time zone cannot be used here."))
        seconds = amount.total_seconds()
        if seconds < 0:
            raise ValueError(_("Business time to add cannot be negative."))
        return datetime.fromtimestamp(self.add_business_seconds(start.timestamp(), seconds), UTC)

    def add_business_seconds(self, start_ts: float, seconds: float) -> float:
        """:meth:`add_business_time` on POSIX timestamps (the fast path for bulk work)."""
        return self._timeline(start_ts).add(start_ts, seconds)

    def add_business_seconds_many(self, starts: Sequence[float], seconds: float) -> list[float]:
        """Bulk :meth:`add_business_seconds` for one amount (reports over many cases)."""
        import numpy as np

        return self.add_business_seconds_array(
            np.asarray(starts, dtype=np.float64), seconds
        ).tolist()

    def add_business_seconds_array(
        self, starts: np.ndarray, seconds: float | np.ndarray
    ) -> np.ndarray:
        """:meth:`add_business_seconds` for a float64 array of timestamps, at array speed.

        ``seconds`` is one amount or one per start. The same arithmetic as the
        single path, step for step, so the same floats: find each start's
        business day, the business seconds before the start plus ``seconds``,
        then the day where that total is reached.
        """
        import numpy as np

        if starts.size == 0:
            return starts.astype(np.float64)
        timeline = self._timeline(float(starts.min()), float(starts.max()))
        while True:
            table = timeline.arrays()
            i = table.find_close(starts)
            if (i < table.count).all():
                o = table.opens[i]
                target = table.before[i] + np.where(starts > o, starts - o, 0.0) + seconds
                if target.max() <= table.through[-1]:
                    break
            timeline.extend()
        j = np.maximum(table.find_through(target), i)  # bisect_left(through, target, lo=i)
        return table.opens[j] + (target - table.before[j])

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """TIME-4: ``days`` × day_length of business time after ``start`` (aware UTC)."""
        return self.add_business_time(start, self.day_length * days)

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Business time elapsed from ``start`` to ``end`` (zero if end <= start)."""
        a, b = start.timestamp(), end.timestamp()
        if b <= a:
            return timedelta(0)
        timeline = self._timeline(a, b)
        return timedelta(seconds=timeline.position(b) - timeline.position(a))

    def _local_date(self, ts: float) -> date:
        return datetime.fromtimestamp(ts, self.tz).date()

    def skipped_days(self, start: datetime, end: datetime) -> list[SkippedDay]:
        """Closed days between two instants (local dates, both ends included)."""
        day, last = self._local_date(start.timestamp()), self._local_date(end.timestamp())
        skipped = []
        while day <= last:
            reason = self.closed_reason(day)
            if reason is not None:
                skipped.append(SkippedDay(day, reason))
            day += _ONE_DAY
        return skipped


class _Timeline:
    """The business intervals of a calendar as sorted UTC timestamps.

    ``opens[i]``/``closes[i]`` bound the i-th business day; ``before[i]`` is the
    business time (seconds) before it and ``through[i]`` including it. Adding
    business time is then two binary searches. The table grows a year at a
    time as instants outside it are asked for.
    """

    def __init__(self, calendar: BusinessCalendar):
        self.calendar = calendar
        self.first_year = self.last_year = 0
        self.opens: list[float] = []
        self.closes: list[float] = []
        self.before: list[float] = []
        self.through: list[float] = []
        self.lo_ts = self.hi_ts = 0.0
        self._arrays: _TimelineArrays | None = None

    def arrays(self) -> _TimelineArrays:
        """The table as NumPy arrays with fast searches (built once per table size)."""
        if self._arrays is None:
            self._arrays = _TimelineArrays.of(self)
        return self._arrays

    def extend(self) -> None:
        """Two more years at the end."""
        self._build(self.first_year, self.last_year + 2)

    def _build(self, first_year: int, last_year: int) -> None:
        cal = self.calendar
        opens, closes = [], []
        day, last = date(first_year, 1, 1), date(last_year, 12, 31)
        while day <= last:
            if cal.is_business_day(day):
                o, c = _bounds(cal.zone, day, cal.opens, cal.closes)
                opens.append(o)
                closes.append(c)
            day += _ONE_DAY
        if not opens:
            raise ValueError(_("No business day found in this calendar."))
        before, through, total = [], [], 0.0
        for o, c in zip(opens, closes, strict=True):
            before.append(total)
            total += c - o
            through.append(total)
        self.opens, self.closes, self.before, self.through = opens, closes, before, through
        self.first_year, self.last_year = first_year, last_year
        self._arrays = None
        tz = cal.tz
        self.lo_ts = datetime(first_year, 1, 2, tzinfo=tz).timestamp()
        self.hi_ts = datetime(last_year, 12, 30, tzinfo=tz).timestamp()

    def cover(self, ts: float) -> None:
        if self.opens and self.lo_ts <= ts <= self.hi_ts:
            return
        year = datetime.fromtimestamp(ts, UTC).year
        if not (year - 1 >= 1 and year + 2 <= 9999):
            raise ValueError(_("Date out of range."))
        if not self.opens:
            self._build(year - 1, year + 2)
        else:
            self._build(min(self.first_year, year - 1), max(self.last_year, year + 2))

    def position(self, ts: float) -> float:
        """Business seconds from the table's start to ``ts``."""
        i = bisect_left(self.closes, ts)
        if i == len(self.closes):
            return self.through[-1]
        return self.before[i] + max(0.0, ts - self.opens[i])

    def add(self, ts: float, seconds: float) -> float:
        while True:
            # The clock runs from the business day containing ts, or the next one.
            i = bisect_left(self.closes, ts)
            target = self.position(ts) + seconds
            if i < len(self.closes) and target <= self.through[-1]:
                break
            self.extend()
        j = bisect_left(self.through, target, lo=i)
        return self.opens[j] + (target - self.before[j])


class _TimelineArrays(NamedTuple):
    """A :class:`_Timeline` as float64 arrays, and bisect_left on closes and through."""

    opens: np.ndarray
    closes: np.ndarray
    before: np.ndarray
    through: np.ndarray
    count: int
    find_close: _SortedSearch
    find_through: _SortedSearch

    @classmethod
    def of(cls, timeline: _Timeline) -> _TimelineArrays:
        import numpy as np

        closes = np.array(timeline.closes, dtype=np.float64)
        through = np.array(timeline.through, dtype=np.float64)
        return cls(
            np.array(timeline.opens, dtype=np.float64),
            closes,
            np.array(timeline.before, dtype=np.float64),
            through,
            len(closes),
            _SortedSearch(closes),
            _SortedSearch(through),
        )


class _SortedSearch:
    """``bisect_left(values, x)`` for an array of ``x`` at once (``values`` sorted, finite).

    A table of how many values lie below each bucket boundary (buckets as
    wide as the smallest gap between values) puts every answer a few steps
    from its bucket's count; each answer is then checked, and any that is
    not right is searched the ordinary way. Several times faster than
    ``np.searchsorted`` for unsorted keys, with the same results.
    """

    _STEPS = 3

    def __init__(self, values: np.ndarray):
        import numpy as np

        self.values = values
        self.padded = np.append(values, np.inf)
        self.table: np.ndarray | None = None
        gaps = np.diff(values)
        gaps = gaps[gaps > 0]
        if gaps.size:
            self.origin, self.width = float(values[0]), float(gaps.min())
            span = float(values[-1]) - self.origin
            if span / self.width <= 16 * len(values) + 1024:  # else too many buckets
                buckets = int(span // self.width) + 2
                bounds = self.origin + np.arange(buckets) * self.width
                self.table = np.searchsorted(values, bounds, "left")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        import numpy as np

        values = self.values
        if self.table is None:
            return np.searchsorted(values, x, "left")
        # A key far outside tiny buckets divides to ±inf, which the clip turns
        # into the first or last bucket: not an error.
        with np.errstate(over="ignore"):
            bucket = (x - self.origin) / self.width
        np.clip(bucket - 1, 0, len(self.table) - 1, out=bucket)  # one bucket early: a lower bound
        i = self.table[bucket.astype(np.intp)]
        for _step in range(self._STEPS):
            i += self.padded[i] < x
        wrong = self.padded[i] < x
        wrong |= (i > 0) & (values[np.maximum(i - 1, 0)] >= x)
        if wrong.any():
            i[wrong] = np.searchsorted(values, x[wrong], "left")
        return i


def calendar_for(code: str, zone_key: str, **kwargs) -> BusinessCalendar:
    """A calendar for a holidays code (``NL``, ``AU-ACT``) in ``zone_key``.

    Raises ValueError with a clear message for an unknown code or zone.
    """
    zone(zone_key)
    return BusinessCalendar(code=validate_code(code), zone=zone_key, **kwargs)
