"""Columns of ISO 8601 instants read at array speed (TIME-1 in bulk).

An import hands the rules columns of text such as ``2026-03-14T01:30:00Z``.
Turning each into a ``datetime`` costs more than the rules themselves, so the
bulk paths (:func:`di_desk.domain.backups.retention_table_from_iso`,
:func:`di_desk.domain.cases.response_due_from_iso`) read the whole column
into a NumPy array instead:

- the two fixed-width forms exporters write, ``YYYY-MM-DDTHH:MM:SSZ`` and
  ``YYYY-MM-DDTHH:MM:SS+HH:MM`` (or ``-HH:MM``), are decoded arithmetically,
  all rows at once, after checking every character and the ranges (month,
  day of that month, hour, minute, second, offset);
- every other text (fractional seconds, a space for ``T``, an invalid date
  that only looks canonical, …) goes through ``datetime.fromisoformat`` one by
  one, so what is accepted, and its instant, is exactly what the one-by-one
  code gets. A text without an offset raises ValueError.

NumPy is imported only by the bulk paths (it adds to start-up time otherwise).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple, overload

from di_desk.domain.timeutil import to_utc

if TYPE_CHECKING:
    import numpy as np

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)
_US_PER_S = 1_000_000
_MIN_S = (datetime.min.replace(tzinfo=UTC) - EPOCH) // timedelta(seconds=1)
_MAX_S = (datetime.max.replace(tzinfo=UTC) - EPOCH) // timedelta(seconds=1)

# The fixed-width forms: D a digit, S the offset's sign, anything else itself.
_FORMS = ("DDDD-DD-DDTDD:DD:DDZ", "DDDD-DD-DDTDD:DD:DDSDD:DD")
_SEPARATOR = "\n"  # never part of a fixed-width form
_CHUNK = 8192  # rows decoded at a time: small temporaries are reused, large ones page-fault
_HIGH = 0x8080808080808080
_LOW = 0x7F7F7F7F7F7F7F7F


class _Form(NamedTuple):
    """A fixed-width form as byte rows: the text, then separators up to a multiple of 8."""

    width: int  # characters of the text
    stride: int  # bytes per row: the width and its separators
    separator: str
    template: bytes  # XOR a row with this: digits become their values, literals 0
    add: bytes  # 0x7F - the largest value allowed at each position (9, 0, or 6 for the sign)


def _form(form: str) -> _Form:
    stride = (len(form) + 1 + 7) // 8 * 8
    separator = _SEPARATOR * (stride - len(form))
    template = form.replace("D", "0").replace("S", "+") + separator
    limits = [9 if c == "D" else 6 if c == "S" else 0 for c in form + separator]
    return _Form(len(form), stride, separator, template.encode(), bytes(0x7F - v for v in limits))


_BY_WIDTH = {len(form): _form(form) for form in _FORMS}


def micros(instant: datetime) -> int:
    """Microseconds since the POSIX epoch of an aware instant (exact; naive → ValueError)."""
    return (to_utc(instant) - EPOCH) // ONE_MICROSECOND


def from_micros(value: int) -> datetime:
    """The aware UTC instant ``value`` microseconds after the POSIX epoch."""
    return EPOCH + timedelta(microseconds=int(value))


def utc_micros(texts: Sequence[str]) -> np.ndarray:
    """Each text's instant as int64 microseconds since the epoch (UTC, exact).

    Same instants as ``to_utc(datetime.fromisoformat(text))``; raises the same
    ValueError for a text that is not ISO 8601, or has no offset.
    """
    seconds, slow = _parse(texts)
    us = seconds * _US_PER_S
    for i, instant in slow:
        us[i] = micros(instant)
    return us


def utc_timestamps(texts: Sequence[str]) -> np.ndarray:
    """Each text's POSIX timestamp as float64: ``datetime.fromisoformat(text).timestamp()``.

    Bit for bit the same floats (rows with fractional seconds go through
    ``timestamp()`` itself); a text without an offset raises ValueError.
    """
    import numpy as np

    seconds, slow = _parse(texts)
    out = seconds.astype(np.float64)  # whole seconds: exact
    for i, instant in slow:
        out[i] = to_utc(instant).timestamp()
    return out


def _parse(texts: Sequence[str]) -> tuple[np.ndarray, list[tuple[int, datetime]]]:
    """int64 seconds since the epoch for the fixed-width rows; the others parsed one by one.

    Returns the array (meaningless where a row was parsed one by one) and
    those rows as ``(index, datetime)``.
    """
    import numpy as np

    if not isinstance(texts, list | tuple):
        texts = list(texts)
    n = len(texts)
    seconds = np.empty(n, dtype=np.int64)
    slow: list[tuple[int, datetime]] = []
    for start in range(0, n, _CHUNK):
        part = texts[start : start + _CHUNK]
        todo = _parse_part(part, seconds[start : start + len(part)])
        slow.extend((start + i, datetime.fromisoformat(part[i])) for i in todo)
    return seconds, slow


def _parse_part(texts: Sequence[str], out: np.ndarray) -> list[int]:
    """Decode the fixed-width rows of ``texts`` into ``out``; the indexes of the others."""
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    n = len(texts)
    form = _BY_WIDTH.get(len(texts[0]))
    if form is not None:
        # Optimistic: every text has the first one's width. Separators filling
        # each row, and no others (the forms have none), prove each text is
        # exactly its row.
        joined = form.separator.join(texts)
        pad = len(form.separator)
        if len(joined) == n * form.stride - pad:
            rows = _rows(joined, form)
            ok = _decode(rows, form, out)
            if ok.all():
                return []
            if _separated(rows, form) and joined.count(_SEPARATOR) == (n - 1) * pad:
                return np.flatnonzero(~ok).tolist()
    # Mixed widths: find each text in one joined buffer, decode each fixed
    # width on its own, the rest one by one.
    data = (_SEPARATOR.join(texts) + _SEPARATOR).encode("ascii", "replace")
    buffer = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buffer == ord(_SEPARATOR))
    if len(ends) != n:  # a text holds the separator itself: all one by one
        return list(range(n))
    starts = np.empty(n, dtype=np.intp)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    lengths = ends - starts
    todo = np.ones(n, dtype=bool)
    for width, form in _BY_WIDTH.items():
        index = np.flatnonzero(lengths == width)
        if index.size == 0:
            continue
        rows = np.full((index.size, form.stride), ord(_SEPARATOR), dtype=np.uint8)
        rows[:, :width] = sliding_window_view(buffer, width)[starts[index]]
        values = np.empty(index.size, dtype=np.int64)
        ok = _decode(rows, form, values)
        done = index[ok]
        out[done] = values[ok]
        todo[done] = False
    return np.flatnonzero(todo).tolist()


def _rows(joined: str, form: _Form) -> np.ndarray:
    """Texts of the form's width joined by its separator, as (n, stride) bytes.

    A non-ASCII character becomes one ``?`` (so widths hold and the row fails
    the form); the last row gets its separator appended.
    """
    import numpy as np

    data = (joined + form.separator).encode("ascii", "replace")
    return np.frombuffer(data, dtype=np.uint8).reshape(-1, form.stride)


def _separated(rows: np.ndarray, form: _Form) -> bool:
    return bool((rows[:, form.width :] == ord(_SEPARATOR)).all())


def _decode(rows: np.ndarray, form: _Form, out: np.ndarray) -> np.ndarray:
    """Seconds since the epoch of each row of a fixed-width form into ``out``.

    Returns ``ok``: False where a row does not hold the form or a valid value
    (its ``out`` is then meaningless). Every operation runs over a whole
    column (a row-wise reduction over 24 bytes is many times slower), and the
    characters are checked eight at a time in 64-bit words.
    """
    import numpy as np

    n = len(rows)
    words = form.stride // 8
    template = _tiled(form.template, n)
    x64 = rows.reshape(-1).view(np.uint64) ^ template  # digits become their values
    # A byte above its limit sets its high bit in (x & 0x7F) + (0x7F - limit),
    # without carrying into the next byte; x's own high bit is or-ed in.
    bad = x64 & np.uint64(_LOW)
    bad += _tiled(form.add, n)
    bad |= x64
    bad &= np.uint64(_HIGH)
    bad = bad.reshape(n, words)
    flags = bad[:, 0].copy()
    for k in range(1, words):
        flags |= bad[:, k]
    ok = flags == 0
    x = x64.view(np.uint8).reshape(n, form.stride)

    def field(tens: int) -> np.ndarray:
        value = x[:, tens] * np.uint8(10)
        value += x[:, tens + 1]
        return value

    year = field(0).astype(np.int32)
    year *= 100
    year += field(2)
    month, day, hour, minute, second = field(5), field(8), field(11), field(14), field(17)
    ok &= (year >= 1) & (hour < 24) & (minute < 60) & (second < 60)
    first = int(year.min())
    start, leap_key = _year_tables(first, int(year.max()))
    year -= first
    key = month.astype(np.int32)  # month << 8 | day, plus 1 << 16 in a leap year
    key <<= 8
    key |= day
    key |= leap_key[year]
    doy = _day_of_year_table()[key]  # -1 for a month/day that does not exist that year
    ok &= doy >= 0
    np.take(start, year, out=out)
    out += doy
    out *= 86_400
    clock = hour.astype(np.int64)
    clock *= 60
    clock += minute
    clock *= 60
    clock += second
    out += clock
    if form.width == 25:
        sign = x[:, 19]
        ok &= (sign == 0) | (sign == 6)  # "+" or "-", not the characters between
        off_h, off_m = field(20), field(23)
        ok &= (off_h < 24) & (off_m < 60)
        offset = off_h.astype(np.int64)
        offset *= 60
        offset += off_m
        offset *= 60
        offset[sign == 6] *= -1
        out -= offset
        ok &= (out >= _MIN_S) & (out <= _MAX_S)  # an offset can leave years 1..9999
    return ok


@lru_cache(maxsize=8)
def _tile(pattern: bytes) -> np.ndarray:
    """``pattern`` repeated for a whole chunk, as 64-bit words."""
    import numpy as np

    return np.frombuffer(pattern * _CHUNK, dtype=np.uint64)


def _tiled(pattern: bytes, n: int) -> np.ndarray:
    import numpy as np

    tile = _tile(pattern)
    if len(tile) * 8 < n * len(pattern):  # more rows than a chunk
        tile = np.frombuffer(pattern * n, dtype=np.uint64)
    return tile[: n * len(pattern) // 8]


@lru_cache(maxsize=32)
def _year_tables(first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """Days since the epoch of each 1 January, and 1 << 16 for leap years, by year - first."""
    import numpy as np

    years = np.arange(first, last + 1, dtype=np.int64)
    leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
    ones = np.ones_like(years)
    return _days_from_civil(years, ones, ones), leap.astype(np.int32) << 16


@cache
def _day_of_year_table() -> np.ndarray:
    """Day of the year (0-based) by ``leap << 16 | month << 8 | day``; -1 where none."""
    import numpy as np

    table = np.full(1 << 17, -1, dtype=np.int16)
    for leap in (0, 1):
        month_days = (31, 28 + leap, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
        doy = 0
        for month, days in enumerate(month_days, start=1):
            for day in range(1, days + 1):
                table[leap << 16 | month << 8 | day] = doy
                doy += 1
    return table


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


class UtcColumn(Sequence[datetime]):
    """A column of instants kept as int64 microseconds; each read gives an aware UTC datetime."""

    __slots__ = ("_us",)

    def __init__(self, us: np.ndarray):
        self._us = us

    def __len__(self) -> int:
        return len(self._us)

    @overload
    def __getitem__(self, i: int) -> datetime: ...
    @overload
    def __getitem__(self, i: slice) -> list[datetime]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [from_micros(v) for v in self._us[i].tolist()]
        return from_micros(self._us[i])

    def __iter__(self) -> Iterator[datetime]:
        return map(from_micros, self._us.tolist())
