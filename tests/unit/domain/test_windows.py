"""Maintenance windows per region (MAINT-1) and cluster regions (MAINT-2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.enums import Application, Region
from di_desk.domain.reference import DEFAULT_REFERENCE, RegionRef
from di_desk.domain.windows import (
    Window,
    effective_region,
    format_day,
    next_window,
    wall_clock_to_utc,
    window_containing,
    window_on,
    windows_from,
    windows_overlapping,
)

REF = DEFAULT_REFERENCE
H = timedelta(hours=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def region(r: Region) -> RegionRef:
    return REF.region(r)


# -- MAINT-1: DST nights of 2026 in every region's zone -------------------------

DST_NIGHTS = [
    # region, local date the window opens, UTC start, UTC end, length
    (Region.AMER, date(2026, 3, 7), utc(2026, 3, 8, 2), utc(2026, 3, 8, 10), 8),  # EST→EDT
    (Region.AMER, date(2026, 10, 31), utc(2026, 11, 1, 1), utc(2026, 11, 1, 11), 10),  # EDT→EST
    (Region.EU, date(2026, 3, 28), utc(2026, 3, 28, 20), utc(2026, 3, 29, 4), 8),  # CET→CEST
    (Region.EU, date(2026, 10, 24), utc(2026, 10, 24, 19), utc(2026, 10, 25, 5), 10),
    (Region.EMEA, date(2026, 3, 28), utc(2026, 3, 28, 20), utc(2026, 3, 29, 4), 8),
    (Region.UK, date(2026, 10, 24), utc(2026, 10, 24, 19), utc(2026, 10, 25, 5), 10),
    (Region.AUS, date(2026, 4, 4), utc(2026, 4, 4, 10), utc(2026, 4, 4, 20), 10),  # AEDT→AEST
    (Region.AUS, date(2026, 10, 3), utc(2026, 10, 3, 11), utc(2026, 10, 3, 19), 8),  # AEST→AEDT
]


@pytest.mark.parametrize(("reg", "day", "start", "end", "hours"), DST_NIGHTS)
def test_maint1_dst_night_window_is_8_or_10_hours(reg, day, start, end, hours):
    """MAINT-1/TIME-2: 21:00–06:00 local on a DST night lasts 8 or 10 real hours."""
    window = window_on(region(reg), day)
    assert (window.start_utc, window.end_utc) == (start, end)
    assert window.duration == hours * H
    assert window.local_start.time() == time(21, 0)
    assert window.local_end.time() == time(6, 0)
    assert window.local_end.date() == day + timedelta(days=1)
    assert window.weekend  # every DST change falls in a Saturday-night window (MAINT-3)
    assert window.local_date == day
    assert window.region is reg


@pytest.mark.parametrize(("reg", "day", "start", "end", "hours"), DST_NIGHTS)
def test_maint1_dst_window_found_from_inside_instants(reg, day, start, end, hours):
    """MAINT-1: every part of a DST-night window maps back to it; its edges are [start, end)."""
    ref = region(reg)
    window = window_on(ref, day)
    for instant in (start, start + H, end - timedelta(minutes=1), start + (end - start) / 2):
        assert window_containing(ref, instant) == window
    assert window_containing(ref, end) is None
    assert window_containing(ref, start - timedelta(seconds=1)) is None


def test_maint1_dst_night_covers_the_repeated_hour():
    """MAINT-1: both 02:30 occurrences on Amsterdam's fall-back night are inside the window."""
    ref = region(Region.EU)
    ams = ZoneInfo("Europe/Amsterdam")
    first = datetime(2026, 10, 25, 2, 30, tzinfo=ams, fold=0)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=ams, fold=1)
    assert second.astimezone(UTC) - first.astimezone(UTC) == H
    assert window_containing(ref, first) == window_containing(ref, second)
    assert window_containing(ref, first).local_date == date(2026, 10, 24)


def test_maint1_tokyo_has_no_dst_and_always_9_hours():
    """MAINT-1: APJC (Asia/Tokyo, JST = UTC+9) windows are always 9 h."""
    ref = region(Region.APJC)
    window = window_on(ref, date(2026, 3, 30))
    assert (window.start_utc, window.end_utc) == (utc(2026, 3, 30, 12), utc(2026, 3, 30, 21))
    assert window.duration == 9 * H
    assert not window.weekend
    year = windows_overlapping(ref, utc(2026, 1, 1), utc(2027, 1, 1))
    assert {w.duration for w in year} == {9 * H}


@pytest.mark.parametrize("reg", list(Region))
def test_maint1_normal_night_is_9_hours(reg):
    """MAINT-1: away from DST changes a window lasts 9 h in every region."""
    window = window_on(region(reg), date(2026, 6, 17))
    assert window.duration == 9 * H
    assert not window.weekend


@pytest.mark.parametrize("reg", list(Region))
def test_maint1_year_of_windows_has_exactly_two_odd_nights_except_tokyo(reg):
    """MAINT-1: a year has one 8 h and one 10 h window per DST zone, all on Saturday nights."""
    ref = region(reg)
    year = windows_overlapping(ref, utc(2026, 1, 5), utc(2026, 12, 20))
    odd = [w for w in year if w.duration != 9 * H]
    if reg is Region.APJC:
        assert odd == []
    else:
        assert sorted(w.duration for w in odd) == [8 * H, 10 * H]
        assert all(w.local_date.weekday() == 5 for w in odd)


# -- weekday / weekend --------------------------------------------------------------


def test_maint1_weekend_flag_follows_the_opening_day():
    """MAINT-1: Mon–Fri openings are weekday windows; Sat/Sun openings weekend windows.

    The Friday-night window ends on Saturday but is a weekday window; the
    Sunday-night window ends on Monday and is a weekend window.
    """
    ref = region(Region.EU)
    week = [window_on(ref, date(2026, 6, 15) + timedelta(days=i)) for i in range(7)]
    assert [w.weekend for w in week] == [False] * 5 + [True, True]
    friday, sunday = week[4], week[6]
    assert friday.local_end.weekday() == 5 and not friday.weekend
    assert sunday.local_end.weekday() == 0 and sunday.weekend


def test_maint1_week_view_enumeration():
    """MAINT-1: windows overlapping a UTC week, in time order, including the one
    that opened the evening before the range and is still open at its start."""
    ref = region(Region.EU)
    start, end = utc(2026, 3, 23), utc(2026, 3, 30)  # Mon 00:00 UTC .. next Mon 00:00 UTC
    windows = windows_overlapping(ref, start, end)
    assert [w.local_date for w in windows] == [
        date(2026, 3, 22) + timedelta(days=i) for i in range(8)
    ]
    assert windows[0].local_date.weekday() == 6  # Sunday night, still open Monday 01:00 local
    assert all(a.end_utc < b.start_utc for a, b in pairwise(windows))
    weekdays_only = windows_overlapping(ref, start, end, include_weekend=False)
    assert [w.local_date.weekday() for w in weekdays_only] == [0, 1, 2, 3, 4]


def test_maint1_overlap_edges_are_half_open():
    """MAINT-1: a range ending exactly at a window's opening does not overlap it."""
    ref = region(Region.EU)
    window = window_on(ref, date(2026, 6, 17))
    assert windows_overlapping(ref, window.start_utc - H, window.start_utc) == []
    assert windows_overlapping(ref, window.end_utc, window.end_utc + H) == []
    assert windows_overlapping(ref, window.end_utc - timedelta(seconds=1), window.end_utc) == [
        window
    ]
    assert windows_overlapping(ref, window.end_utc, window.start_utc) == []


def test_maint1_year_end_window_crosses_into_new_year():
    """MAINT-1: the window opening on 31 December closes on 1 January."""
    ref = region(Region.AMER)
    window = window_containing(ref, utc(2027, 1, 1, 5))  # 00:00 EST on New Year's Day
    assert window is not None
    assert window.local_date == date(2026, 12, 31)
    assert window.local_end.date() == date(2027, 1, 1)
    assert not window.weekend  # Thursday
    assert window.duration == 9 * H


def test_maint1_leap_day_window():
    """MAINT-1: the window of Tue 2028-02-29 closes on Wed 2028-03-01."""
    ref = region(Region.EU)
    window = window_on(ref, date(2028, 2, 29))
    assert (window.start_utc, window.end_utc) == (utc(2028, 2, 29, 20), utc(2028, 3, 1, 5))
    assert window_containing(ref, utc(2028, 3, 1, 4, 59)) == window
    previous = window_containing(ref, utc(2028, 2, 29, 4))
    assert previous is not None and previous.local_date == date(2028, 2, 28)


def test_maint1_daytime_instant_has_no_window():
    """MAINT-1: 12:00 local is outside every window."""
    ams = ZoneInfo("Europe/Amsterdam")
    assert window_containing(region(Region.EU), datetime(2026, 6, 17, 12, tzinfo=ams)) is None


def test_maint1_instant_in_any_zone_is_judged_in_the_region_zone():
    """TIME-1/MAINT-1: an instant given in another zone is the same instant."""
    ref = region(Region.AUS)
    ny = ZoneInfo("America/New_York")
    # 2026-06-17 08:00 EDT = 12:00 UTC = 22:00 AEST: inside Sydney's window of 17 June.
    window = window_containing(ref, datetime(2026, 6, 17, 8, tzinfo=ny))
    assert window is not None and window.local_date == date(2026, 6, 17)


def test_maint1_naive_instant_is_refused():
    """TIME-1: a naive datetime is an error, never guessed."""
    with pytest.raises(ValueError):
        window_containing(region(Region.EU), datetime(2026, 6, 17, 22))


def test_maint1_window_methods():
    """MAINT-1/3: contains is half-open, covers needs the whole interval inside."""
    window = window_on(region(Region.EU), date(2026, 6, 17))
    assert window.contains(window.start_utc)
    assert not window.contains(window.end_utc)
    assert window.covers(window.start_utc, window.end_utc)
    assert not window.covers(window.start_utc, window.end_utc + timedelta(seconds=1))
    assert window.overlaps(window.start_utc - H, window.start_utc + H)
    assert window.describe() == "Wed, 17 Jun 2026 21:00 – Thu, 18 Jun 2026 06:00 (Europe/Amsterdam)"


def test_maint1_window_description_in_dutch():
    """MAINT-1: dates in messages follow the UI language through Babel."""
    i18n.install("nl")
    window = window_on(region(Region.EU), date(2026, 3, 30))
    assert window.describe().startswith("ma 30 mrt 2026 21:00")
    assert format_day(date(2026, 4, 27)) == "ma 27 apr 2026"


def test_maint1_windows_are_reference_data():
    """MAINT-1: the hours come from the region reference, not from constants."""
    ref = replace(region(Region.EU), window_opens=time(22, 0), window_closes=time(5, 0))
    window = window_on(ref, date(2026, 6, 17))
    assert window.duration == 7 * H
    same_day = replace(region(Region.EU), window_opens=time(1, 0), window_closes=time(5, 0))
    window = window_on(same_day, date(2026, 6, 17))
    assert window.local_start.date() == window.local_end.date() == date(2026, 6, 17)
    assert window_containing(same_day, window.start_utc + H) == window


def test_time2_window_opening_in_a_dst_gap_moves_to_first_valid_instant():
    """TIME-2: an edited opening time inside the spring-forward gap becomes 03:00."""
    ref = replace(region(Region.EU), window_opens=time(2, 30), window_closes=time(6, 0))
    window = window_on(ref, date(2026, 3, 29))
    assert window.start_utc == utc(2026, 3, 29, 1)  # 03:00 CEST
    assert window.duration == 3 * H
    assert wall_clock_to_utc(date(2026, 3, 29), time(2, 30), "Europe/Amsterdam") == utc(
        2026, 3, 29, 1
    )


def test_maint1_next_window_and_windows_from():
    """MAINT-1/8: the next window after an instant, with or without weekend windows."""
    ref = region(Region.EU)
    friday_noon = utc(2026, 6, 19, 10)
    assert next_window(ref, friday_noon).local_date == date(2026, 6, 19)
    saturday_noon = utc(2026, 6, 20, 10)
    assert next_window(ref, saturday_noon).local_date == date(2026, 6, 20)
    assert next_window(ref, saturday_noon, include_weekend=False).local_date == date(2026, 6, 22)
    # An instant inside a window: the next one opens the following evening.
    inside = window_on(ref, date(2026, 6, 17)).start_utc + H
    assert next_window(ref, inside).local_date == date(2026, 6, 18)
    # Exactly at an opening: that window itself.
    opening = window_on(ref, date(2026, 6, 17)).start_utc
    assert next_window(ref, opening).local_date == date(2026, 6, 17)
    gen = windows_from(ref, friday_noon, include_weekend=False)
    assert [next(gen).local_date.weekday() for _ in range(3)] == [4, 0, 1]


# -- MAINT-2 ---------------------------------------------------------------------------


def test_maint2_sme_cluster_follows_publisher_region():
    """MAINT-2: an SME cluster's window follows the SME publisher's region."""
    assert effective_region(Region.EU, Application.SME, Region.AMER) is Region.AMER
    assert effective_region(Region.EU, None, Region.APJC, is_sme=True) is Region.APJC
    assert effective_region(None, Application.SME, Region.AUS) is Region.AUS


def test_maint2_other_clusters_keep_their_region():
    """MAINT-2: a non-SME cluster ignores any publisher region."""
    assert effective_region(Region.EU, Application.CUCM, Region.AMER) is Region.EU
    assert effective_region(Region.UK) is Region.UK
    # An SME cluster without a known publisher region falls back to its own.
    assert effective_region(Region.AUS, Application.SME, None) is Region.AUS


def test_maint2_no_region_at_all_is_an_error():
    """MAINT-2: no cluster region and no publisher region → clear error."""
    with pytest.raises(ValueError, match="no region"):
        effective_region(None, Application.CUCM, None)


def test_maint2_sme_window_uses_publisher_zone():
    """MAINT-2: the SME cluster's window is computed in the publisher region's zone."""
    reg = effective_region(Region.EU, Application.SME, Region.APJC)
    window = window_on(region(reg), date(2026, 6, 17))
    assert window.zone == "Asia/Tokyo"
    assert window.start_utc == utc(2026, 6, 17, 12)


# -- property tests ----------------------------------------------------------------------

# Mix arbitrary dates with the DST nights so hypothesis hits them often.
_DST_DATES = [d for _r, d, *_rest in DST_NIGHTS]
window_dates = st.one_of(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    st.sampled_from(_DST_DATES),
    st.sampled_from(_DST_DATES).map(lambda d: d + timedelta(days=1)),
    st.sampled_from([date(2028, 2, 29), date(2026, 12, 31), date(2027, 1, 1)]),
)


@given(reg=st.sampled_from(list(Region)), day=window_dates, fraction=st.floats(0, 1))
def test_maint1_property_inside_is_inside_and_one_minute_outside_is_not(reg, day, fraction):
    """MAINT-1: every instant of a window maps to it; 1 minute before or after it does not."""
    ref = region(reg)
    window = window_on(ref, day)
    length = int(window.duration.total_seconds())
    offset = timedelta(seconds=min(int(length * fraction), length - 1))
    assert window_containing(ref, window.start_utc + offset) == window
    assert window_containing(ref, window.start_utc - timedelta(minutes=1)) is None
    assert window_containing(ref, window.end_utc + timedelta(minutes=1)) is None
    assert window_containing(ref, window.end_utc - timedelta(minutes=1)) == window


@given(reg=st.sampled_from(list(Region)), day=window_dates)
def test_maint1_property_wall_clock_shape(reg, day):
    """MAINT-1/TIME-2: 21:00 to 06:00 local, 8–10 h in UTC, weekend iff Sat/Sun opening."""
    window = window_on(region(reg), day)
    assert window.local_start.replace(tzinfo=None) == datetime.combine(day, time(21))
    assert window.local_end.replace(tzinfo=None) == datetime.combine(
        day + timedelta(days=1), time(6)
    )
    assert 8 * H <= window.duration <= 10 * H
    assert window.weekend == (day.weekday() >= 5)
    assert window.start_utc.tzinfo is UTC and window.end_utc.tzinfo is UTC


@given(
    reg=st.sampled_from(list(Region)),
    start=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
    ),
    hours=st.integers(1, 24 * 15),
)
def test_maint1_property_overlapping_windows_are_exact(reg, start, hours):
    """MAINT-1: windows_overlapping returns ordered, disjoint windows that all overlap the
    range, and every instant of the range inside some window is inside a returned one."""
    ref = region(reg)
    end = start + hours * H
    windows = windows_overlapping(ref, start, end)
    assert all(isinstance(w, Window) and w.overlaps(start, end) for w in windows)
    assert all(a.end_utc <= b.start_utc for a, b in pairwise(windows))
    for probe in (start, start + (end - start) / 2, end - timedelta(seconds=1)):
        found = window_containing(ref, probe)
        assert found is None or found in windows
