"""ISO 8601 columns read at array speed (TIME-1 in bulk) give what fromisoformat gives.

Every text, in a fast fixed-width form or not, must come out as the instant
``datetime.fromisoformat`` reads (or fail as it does); the bulk rules
(CASE-5 response due, BAK-2 retention) rest on this.
"""

from __future__ import annotations

import subprocess
import sys
from bisect import bisect_left
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from di_desk.domain import iso_columns
from di_desk.domain.calendar import _SortedSearch
from di_desk.domain.iso_columns import UtcColumn, from_micros, micros, utc_micros, utc_timestamps
from di_desk.domain.timeutil import to_utc

offsets = st.one_of(
    st.just(UTC),
    st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m))),
    st.integers(-86399, 86399).map(lambda s: timezone(timedelta(seconds=s))),  # "+01:00:30"
)
instants = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))


def _z(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


FORMATS = [
    lambda dt: _z(dt.replace(microsecond=0)),  # the fast Z form (when the offset is 0)
    lambda dt: dt.replace(microsecond=0).isoformat(),  # the fast +HH:MM form
    lambda dt: _z(dt),  # fractional seconds (when there are any)
    lambda dt: dt.isoformat(timespec="milliseconds"),
    lambda dt: dt.isoformat(sep=" "),
    lambda dt: dt.isoformat(timespec="minutes"),
    lambda dt: dt.replace(tzinfo=None).isoformat(),  # no offset: refused
    lambda dt: dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"),  # basic format
]


@st.composite
def texts(draw) -> str:
    dt = draw(instants).replace(tzinfo=draw(offsets))
    text = draw(st.sampled_from(FORMATS))(dt)
    if draw(st.integers(0, 9)) == 0:  # damage one character
        pos = draw(st.integers(0, len(text) - 1))
        char = draw(st.sampled_from(list("0123456789+-:TZ \n.x\u0663")))
        text = text[:pos] + char + text[pos + 1 :]
    return text


def _expected_micros(text: str) -> int:
    return micros(datetime.fromisoformat(text))


def _expected_timestamp(text: str) -> float:
    return to_utc(datetime.fromisoformat(text)).timestamp()


def _check(column: list[str]) -> None:
    """utc_micros and utc_timestamps equal the one-by-one reading, or both refuse."""
    try:
        expected_us = [_expected_micros(t) for t in column]
        expected_ts = [_expected_timestamp(t) for t in column]
    except ValueError:
        with pytest.raises(ValueError):
            utc_micros(column)
        with pytest.raises(ValueError):
            utc_timestamps(column)
        return
    assert utc_micros(column).tolist() == expected_us
    assert utc_timestamps(column).tolist() == expected_ts


@settings(max_examples=300, deadline=None)
@given(texts())
def test_time1_bulk_reading_of_one_text_matches_fromisoformat(text):
    """TIME-1: each text alone: same instant as fromisoformat (in UTC), or the same refusal."""
    _check([text])


@settings(max_examples=150, deadline=None)
@given(st.lists(texts(), min_size=1, max_size=40), st.integers(1, 9))
def test_time1_bulk_reading_of_columns_matches_fromisoformat(column, chunk):
    """TIME-1: mixed columns, read in small chunks: row for row what fromisoformat reads."""
    previous = iso_columns._CHUNK
    iso_columns._CHUNK = chunk
    try:
        _check(column)
    finally:
        iso_columns._CHUNK = previous


@settings(max_examples=100, deadline=None)
@given(st.lists(instants, min_size=1, max_size=60))
def test_time1_canonical_columns_take_the_fast_path_exactly(moments):
    """TIME-1: an all-``Z`` column (the export form) leaves no row to fromisoformat."""
    column = [_z(m.replace(tzinfo=UTC, microsecond=0)) for m in moments]
    seconds, slow = iso_columns._parse(column)
    assert slow == []
    assert (seconds * 1_000_000).tolist() == [_expected_micros(t) for t in column]


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-29T00:00:00Z",  # no leap day in 2023
        "2100-02-29T00:00:00Z",  # nor in 2100
        "2024-04-31T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-00-10T00:00:00Z",
        "2024-01-00T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:60Z",
        "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+01:60",
        "2024-01-01T00:00:00*01:00",  # characters between "+" and "-"
        "2024-01-01T00:00:00.01:00",
        "2024-01-01T00:00:00,01:00",
        "2024-01-01T00:00:00)01:00",
        "0001-01-01T00:00:00+00:01",  # before year 1 in UTC
        "9999-12-31T23:59:59-00:01",  # after year 9999 in UTC
        "2024-01-01T00:00:00",  # no offset
        "2024-01-01T00:00:00z",
        "2024-01-01t00:00:00Z",
        "\u0662024-01-01T00:00:00Z",  # an Arabic-Indic digit
        "2024-01-01T00:00:00\nZ",
    ],
)
def test_time1_refuses_what_fromisoformat_refuses(text):
    """TIME-1: a text that only looks like a fast form goes the one-by-one way: same outcome."""
    _check([text])
    _check([text, "2024-01-01T00:00:00Z"])
    _check(["2024-01-01T00:00:00Z", text] * 3)


def test_time1_texts_that_shift_the_rows_are_not_misread():
    """TIME-1: widths that add up to whole rows (19 + 21 characters) are not read as two rows."""
    _check(["2024-01-01T00:00:00", "Z2024-01-01T00:00:00Z"])
    _check(["2024-01-01T00:00:00Z\n2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"])
    _check(["2024-01-01T00:00:00Z2", "024-01-01T00:00:00Z"])


def test_time1_empty_column_and_the_micros_helpers():
    assert utc_micros([]).tolist() == []
    assert utc_timestamps([]).tolist() == []
    moment = datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=-5)))
    assert from_micros(micros(moment)) == moment
    assert from_micros(micros(moment)).tzinfo is UTC
    with pytest.raises(ValueError):
        micros(datetime(2026, 3, 29))


def test_time1_utc_column_reads_as_aware_utc_datetimes():
    """TIME-1: a column of microseconds gives aware UTC datetimes by index, slice and iteration."""
    column_texts = ["2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00", "2026-10-25T00:59:59.5Z"]
    column = UtcColumn(utc_micros(column_texts))
    expected = [to_utc(datetime.fromisoformat(t)) for t in column_texts]
    assert len(column) == 3
    assert [column[i] for i in range(3)] == expected
    assert column[1:] == expected[1:]
    assert list(column) == expected
    assert all(c.tzinfo is UTC for c in column)


# -- the search behind TIME-4 in bulk --------------------------------------------------------

sorted_values = st.lists(
    st.one_of(
        st.floats(-1e6, 1e6, allow_nan=False),
        st.integers(0, 50).map(float),  # duplicates and tiny gaps
        st.floats(1.6e9, 1.9e9),
    ),
    min_size=1,
    max_size=80,
).map(sorted)


@settings(max_examples=300, deadline=None)
@given(sorted_values, st.lists(st.floats(-2e9, 2e9, allow_nan=False), max_size=60), st.data())
@example(values=[0.0, 5e-324], keys=[1.0], data=None)  # buckets of the smallest float
def test_sorted_search_equals_bisect_left(values, keys, data):
    """The bucketed search gives bisect_left exactly, also for keys equal to values."""
    if values and data is not None:
        keys += data.draw(st.lists(st.sampled_from(values), max_size=20))
    assume(keys)
    search = _SortedSearch(np.array(values, dtype=np.float64))
    found = search(np.array(keys, dtype=np.float64)).tolist()
    assert found == [bisect_left(values, k) for k in keys]


def test_numpy_is_loaded_only_by_the_bulk_paths():
    """Start-up stays light: importing the app's layers does not import NumPy."""
    code = (
        "import sys, di_desk.cli, di_desk.domain.cases, di_desk.domain.backups, "
        "di_desk.domain.iso_columns, di_desk.services.reports; "
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
