"""The array paths of TIME-4, CASE-5 and BAK-2 equal their one-by-one references.

- TIME-4: ``add_business_seconds_array`` gives the floats ``add_business_seconds``
  gives, across DST nights (also inside business hours and in zones with
  half-hour offsets), holidays, exact opening and closing instants.
- CASE-5: ``response_due_from_iso`` on ISO texts gives what ``response_due``
  gives on ``datetime.fromisoformat`` of each text (and ``response_due_many``
  the same floats), for ``Z``, ``+02:00`` and fractional-second texts.
- BAK-2: ``retention_table_from_iso`` gives the flags, reasons, expiry and
  taken_at of ``retention_table`` on the parsed column.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from di_desk.domain.backups import retention_table, retention_table_from_iso
from di_desk.domain.calendar import BusinessCalendar, calendar_for
from di_desk.domain.cases import response_due, response_due_from_iso, response_due_many
from di_desk.domain.enums import Severity
from di_desk.domain.reference import DEFAULT_REFERENCE

REF = DEFAULT_REFERENCE

CALENDARS = [
    calendar_for("NL", "Europe/Amsterdam"),
    calendar_for("AU-ACT", "Australia/Sydney"),  # business days straddle UTC midnight
    calendar_for("US-NY", "America/New_York"),
    calendar_for("GB", "Europe/London"),
    BusinessCalendar("", "Asia/Kolkata"),  # +05:30: openings at half past the UTC hour
    calendar_for("AU", "Australia/Lord_Howe"),  # a 30-minute DST change
    # DST changes inside business hours: days of 23 and 25 hours, unequal lengths.
    BusinessCalendar("NL", "Europe/Amsterdam", opens=time(0, 30), closes=time(23, 30)),
    # Opening inside the spring-forward gap: moves to the gap's end.
    BusinessCalendar("", "Europe/Amsterdam", workdays=frozenset(range(7)), opens=time(2, 30)),
]

# DST nights and holidays of those calendars (UTC), to start clocks near.
ANCHORS = [
    datetime(2026, 3, 29, 1, tzinfo=UTC),  # Europe spring forward
    datetime(2026, 10, 25, 1, tzinfo=UTC),  # Europe fall back
    datetime(2026, 3, 8, 7, tzinfo=UTC),  # New York spring forward
    datetime(2026, 11, 1, 6, tzinfo=UTC),  # New York fall back
    datetime(2026, 4, 4, 16, tzinfo=UTC),  # Sydney fall back
    datetime(2026, 10, 3, 16, tzinfo=UTC),  # Sydney spring forward
    datetime(2026, 4, 4, 15, tzinfo=UTC),  # Lord Howe fall back (30 min)
    datetime(2026, 4, 27, 9, tzinfo=UTC),  # King's Day (NL)
    datetime(2026, 12, 24, 14, tzinfo=UTC),  # Christmas (everywhere here)
    datetime(2026, 3, 9, 0, tzinfo=UTC),  # Canberra Day (AU-ACT)
    datetime(2026, 7, 3, 20, tzinfo=UTC),  # Independence Day observed (US)
    datetime(2027, 1, 26, 0, tzinfo=UTC),  # Australia Day
    datetime(2028, 2, 29, 12, tzinfo=UTC),  # a leap day
]

near_anchor = st.builds(
    lambda anchor, seconds, micro: anchor + timedelta(seconds=seconds, microseconds=micro),
    st.sampled_from(ANCHORS),
    st.integers(-3 * 86400, 3 * 86400),
    st.sampled_from([0, 0, 0, 500_000, 1, 999_999]),
)
anywhere = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2032, 12, 31), timezones=st.just(UTC)
)
starts_st = st.lists(near_anchor | anywhere, min_size=1, max_size=40)
amounts = st.one_of(
    st.just(0.0),
    st.integers(1, 5).map(lambda d: d * 8 * 3600.0),
    st.integers(0, 40 * 3600).map(float),
    st.floats(0, 3 * 86400, allow_nan=False),
)


# -- TIME-4 -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CALENDARS), starts_st, amounts)
def test_time4_array_path_equals_single(cal, starts, seconds):
    """TIME-4: the array path gives the single path's floats (DST nights, holidays, gaps)."""
    stamps = [s.timestamp() for s in starts]
    bulk = cal.add_business_seconds_array(np.array(stamps), seconds).tolist()
    assert bulk == [cal.add_business_seconds(ts, seconds) for ts in stamps]
    assert cal.add_business_seconds_many(stamps, seconds) == bulk


@pytest.mark.parametrize("cal", CALENDARS, ids=lambda c: f"{c.code or '-'}:{c.zone}:{c.opens}")
def test_time4_array_path_at_every_opening_and_closing(cal):
    """TIME-4: starts exactly at, just before and just after each opening and closing of 2026."""
    cal.add_business_seconds(datetime(2026, 6, 1, tzinfo=UTC).timestamp(), 0.0)
    timeline = cal._timeline()
    bounds = [
        t
        for o, c in zip(timeline.opens, timeline.closes, strict=True)
        if 2026 <= datetime.fromtimestamp(o, UTC).year <= 2026
        for t in (o, c)
    ]
    stamps = [t + d for t in bounds for d in (-1.0, -1e-6, 0.0, 1e-6, 1.0)]
    for seconds in (0.0, 1.0, 3600.0, cal.day_length.total_seconds() * 3):
        bulk = cal.add_business_seconds_array(np.array(stamps), seconds).tolist()
        assert bulk == [cal.add_business_seconds(ts, seconds) for ts in stamps]


def test_time4_array_path_grows_the_table_as_the_single_path_does():
    """TIME-4: starts years apart and amounts past the table's end are handled in one call."""
    cal = calendar_for("NL", "Europe/Amsterdam")
    stamps = [datetime(y, 12, 30, 16, tzinfo=UTC).timestamp() for y in (2021, 2030, 2024)]
    seconds = 600 * 8 * 3600.0  # 600 business days: past the table's last year
    bulk = cal.add_business_seconds_array(np.array(stamps), seconds).tolist()
    assert bulk == [cal.add_business_seconds(ts, seconds) for ts in stamps]
    assert cal.add_business_seconds_array(np.array([]), 1.0).tolist() == []


# -- CASE-5 -----------------------------------------------------------------------------------

TEXT_FORMS = [
    lambda dt: dt.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    lambda dt: dt.astimezone(timezone(timedelta(hours=2))).replace(microsecond=0).isoformat(),
    lambda dt: dt.astimezone(timezone(timedelta(hours=-9, minutes=-30))).isoformat(),
    lambda dt: dt.astimezone(ZoneInfo("Europe/Amsterdam")).isoformat(timespec="milliseconds"),
    lambda dt: dt.astimezone(UTC).isoformat(sep=" ").replace("+00:00", "Z"),
]

cases_st = st.lists(
    st.tuples(st.sampled_from(list(Severity)), near_anchor | anywhere, st.sampled_from(TEXT_FORMS)),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(CALENDARS), cases_st)
def test_case5_bulk_from_iso_equals_one_by_one(cal, cases):
    """CASE-5: from ISO texts (Z, offsets, fractional seconds) the bulk path gives response_due."""
    severities = [s for s, _o, _f in cases]
    texts = [form(opened) for _s, opened, form in cases]
    bulk = response_due_from_iso(severities, texts, cal, REF)
    parsed = [datetime.fromisoformat(t) for t in texts]
    assert bulk == response_due_many(severities, [p.timestamp() for p in parsed], cal, REF)
    one_by_one = [response_due(s, p, cal, REF) for s, p in zip(severities, parsed, strict=True)]
    assert [datetime.fromtimestamp(due, UTC) for due in bulk] == one_by_one


def test_case5_bulk_from_iso_examples_across_a_dst_night_and_a_holiday():
    """CASE-5: S3 opened Fri 27 Mar 2026 13:00 Amsterdam is due Mon 30 Mar 13:00 (after DST);
    S4 opened Wed 22 Apr 15:00 is due Tue 28 Apr 15:00 (over King's Day); S1 15 minutes."""
    cal = CALENDARS[0]
    due = response_due_from_iso(
        [Severity.S3, Severity.S4, Severity.S1],
        ["2026-03-27T12:00:00Z", "2026-04-22T15:00:00+02:00", "2026-03-29T00:50:00Z"],
        cal,
        REF,
    )
    assert [datetime.fromtimestamp(d, UTC) for d in due] == [
        datetime(2026, 3, 30, 11, tzinfo=UTC),
        datetime(2026, 4, 28, 13, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 5, tzinfo=UTC),
    ]


def test_case5_bulk_from_iso_refuses_bad_input():
    """CASE-5: a text without an offset, an impossible date or unequal lengths raise ValueError."""
    cal = CALENDARS[0]
    with pytest.raises(ValueError):
        response_due_from_iso([Severity.S3], ["2026-03-27T12:00:00"], cal, REF)
    with pytest.raises(ValueError):
        response_due_from_iso([Severity.S3], ["2026-02-29T12:00:00Z"], cal, REF)
    with pytest.raises(ValueError):
        response_due_from_iso([Severity.S3, Severity.S1], ["2026-03-27T12:00:00Z"], cal, REF)
    assert response_due_from_iso([], [], cal, REF) == []


@pytest.mark.parametrize(
    "severities",
    [
        ["S3", "S1", "S4"],  # the tokens themselves, as a file gives them
        [Severity.S3, "S1", Severity.S4],
        ["S3", "S1", "S4", "S2"] * 3,
    ],
)
def test_case5_bulk_reads_severity_tokens_as_response_due_does(severities):
    """CASE-5: severities given as their tokens work as in response_due."""
    cal = CALENDARS[0]
    texts = ["2026-03-27T12:00:00Z"] * len(severities)
    expected = [response_due(s, datetime.fromisoformat(texts[0]), cal, REF) for s in severities]
    due = response_due_from_iso(severities, texts, cal, REF)
    assert [datetime.fromtimestamp(d, UTC) for d in due] == expected


@pytest.mark.parametrize("unknown", ["S5", "s3", "S", "S33", None, 3])
def test_case5_bulk_refuses_an_unknown_severity_as_response_due_does(unknown):
    """CASE-5: an unknown severity raises KeyError in bulk, as the objective lookup does."""
    severities = [Severity.S1, unknown, Severity.S3]
    texts = ["2026-03-27T12:00:00Z"] * 3
    with pytest.raises(KeyError):
        response_due(unknown, datetime.fromisoformat(texts[0]), CALENDARS[0], REF)
    with pytest.raises(KeyError):
        response_due_from_iso(severities, texts, CALENDARS[0], REF)


# -- BAK-2 ------------------------------------------------------------------------------------

AT = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)

rows_st = st.lists(
    st.tuples(
        st.sampled_from(["Acme", "Bolt", "Cory"]),
        st.sampled_from(["CUCM", "CER"]),
        st.integers(-120 * 24 * 60, 10 * 24 * 60).map(lambda m: AT + timedelta(minutes=m)),
        st.booleans() | st.just(True),
        st.sampled_from(TEXT_FORMS),
    ),
    max_size=60,
)
ats = st.builds(
    lambda days, seconds, micro: AT + timedelta(days=days, seconds=seconds, microseconds=micro),
    st.integers(-30, 150),
    st.integers(0, 86399),
    st.sampled_from([0, 1, 500_000]),
)
refs = st.sampled_from(
    [
        REF,
        replace(REF, retention_keep_good=1, retention_days=2),
        replace(REF, retention_keep_good=0),
        replace(REF, retention_keep_good=5, retention_days=1),
    ]
)


@settings(max_examples=300, deadline=None)
@given(rows_st, ats, refs)
def test_bak2_table_from_iso_equals_the_table_of_parsed_instants(rows, at, ref):
    """BAK-2: same flags, states and instants as retention_table on fromisoformat's datetimes."""
    customers = [r[0] for r in rows]
    apps = [r[1] for r in rows]
    texts = [form(taken) for _c, _a, taken, _g, form in rows]
    good = [r[3] for r in rows]
    expected = retention_table(
        customers, apps, [datetime.fromisoformat(t) for t in texts], good, at, ref
    )
    table = retention_table_from_iso(customers, apps, texts, good, at, ref)
    assert table.flags == expected.flags
    assert list(table) == list(expected)
    assert list(table.taken_at) == [t.astimezone(UTC) for t in expected.taken_at]
    assert (table.retained_count, table.expired_count) == (
        expected.retained_count,
        expected.expired_count,
    )


def test_bak2_table_from_iso_ties_and_refusals():
    """BAK-2: equal instants written differently: the later row is the more recent one;
    a text without an offset and unequal columns raise ValueError."""
    ref = replace(REF, retention_keep_good=1)
    texts = ["2026-03-19T23:00:00Z", "2026-03-20T01:00:00+02:00", "2026-03-19T22:00:00-01:00"]
    table = retention_table_from_iso(["A"] * 3, ["CUCM"] * 3, texts, [True] * 3, AT, ref)
    assert [table.reasons(i) for i in range(3)] == [
        retention_table(
            ["A"] * 3, ["CUCM"] * 3, [datetime.fromisoformat(t) for t in texts], [True] * 3, AT, ref
        ).reasons(i)
        for i in range(3)
    ]
    assert table.flags[2] & 2 and not table.flags[0] & 2
    with pytest.raises(ValueError):
        retention_table_from_iso(["A"], ["CUCM"], ["2026-03-19T23:00:00"], [True], AT, REF)
    with pytest.raises(ValueError):
        retention_table_from_iso(["A"], [], ["2026-03-19T23:00:00Z"], [True], AT, REF)
    assert len(retention_table_from_iso([], [], [], [], AT, REF)) == 0
    assert date(2026, 3, 19) == table.taken_at[0].date()
