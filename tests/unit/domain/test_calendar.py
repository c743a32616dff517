"""Business calendars and business time: TIME-3, TIME-4, TIME-5."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.calendar import BusinessCalendar, calendar_for, validate_code

AMS = ZoneInfo("Europe/Amsterdam")
SYD = ZoneInfo("Australia/Sydney")
NYC = ZoneInfo("America/New_York")
NL = calendar_for("NL", "Europe/Amsterdam")


def ams(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


@pytest.mark.parametrize(
    ("opened", "days", "due"),
    [
        (ams(2026, 3, 10, 14), 1, ams(2026, 3, 11, 14)),  # Tue → Wed
        (ams(2026, 3, 13, 16), 1, ams(2026, 3, 16, 16)),  # Fri → Mon
        (ams(2026, 3, 14, 10), 1, ams(2026, 3, 16, 17)),  # Sat → Mon close
        (ams(2026, 4, 22, 15), 3, ams(2026, 4, 28, 15)),  # over King's Day
    ],
)
def test_time4_spec_examples(opened, days, due):
    """TIME-4: the four examples of the spec come out exactly."""
    result = NL.add_business_days(opened, days)
    assert result == due
    assert result.tzinfo is UTC


def test_time4_clock_before_opening_starts_at_opening():
    """TIME-4: a clock started at 07:00 on a business day starts at 09:00."""
    assert NL.add_business_time(ams(2026, 3, 10, 7), timedelta(hours=2)) == ams(2026, 3, 10, 11)


def test_time4_clock_after_closing_starts_next_morning():
    """TIME-4: a clock started at 18:00 starts the next business morning."""
    assert NL.add_business_time(ams(2026, 3, 10, 18), timedelta(hours=1)) == ams(2026, 3, 11, 10)


def test_time4_deadline_on_closing_stays_that_day():
    """TIME-4: a deadline that uses up the day exactly ends at 17:00, not next 09:00."""
    assert NL.add_business_time(ams(2026, 3, 10, 9), timedelta(hours=8)) == ams(2026, 3, 10, 17)


def test_time4_year_end_skips_christmas_and_new_year():
    """TIME-4 across the year end: 25/26 Dec and 1 Jan are NL holidays."""
    due = NL.add_business_days(ams(2026, 12, 24, 12), 3)
    # 24 Dec 12-17 (5 h), 28 Dec (8), 29 Dec (8) → 3 h left on 30 Dec → 12:00.
    assert due == ams(2026, 12, 30, 12)
    assert [d.day for d in NL.skipped_days(ams(2026, 12, 24, 12), due)] == [
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 27),
    ]


def test_time4_leap_day_is_a_business_day():
    """TIME-4: 2028-02-29 is a Tuesday and counts as a business day."""
    assert NL.is_business_day(date(2028, 2, 29))
    assert NL.add_business_days(ams(2028, 2, 28, 14), 1) == ams(2028, 2, 29, 14)


def test_time4_dst_night_does_not_change_business_hours():
    """TIME-2/TIME-4: across the spring-forward weekend a business day is still 8 h."""
    due = NL.add_business_days(ams(2026, 3, 27, 13), 1)  # Fri → Mon 30 Mar (after DST)
    assert due == ams(2026, 3, 30, 13)
    assert due.astimezone(AMS).utcoffset() == timedelta(hours=2)


def test_time3_holidays_by_subdivision():
    """TIME-3: AU-ACT knows Canberra Day; plain AU does not."""
    act = calendar_for("AU-ACT", "Australia/Sydney")
    assert not act.is_business_day(date(2026, 3, 9))
    assert act.holiday_name(date(2026, 3, 9)) == "Canberra Day"
    assert calendar_for("AU", "Australia/Sydney").is_business_day(date(2026, 3, 9))


def test_time3_user_closures_and_reasons():
    """TIME-3: user-entered closures close a day; reasons name weekend, holiday, closure."""
    cal = BusinessCalendar(
        code="NL", zone="Europe/Amsterdam", closures=frozenset({date(2026, 3, 11)})
    )
    assert cal.closed_reason(date(2026, 3, 11)) == "Closure"
    assert cal.closed_reason(date(2026, 3, 14)) == "Weekend"
    assert cal.closed_reason(date(2026, 4, 27)) == "King's Day"
    assert cal.closed_reason(date(2026, 3, 12)) is None
    assert cal.add_business_days(ams(2026, 3, 10, 14), 1) == ams(2026, 3, 12, 14)


def test_time3_holiday_names_follow_language():
    """TIME-3: in Dutch the holiday is called Koningsdag."""
    i18n.install("nl")
    assert NL.holiday_name(date(2026, 4, 27)) == "Koningsdag"


def test_time3_custom_hours_and_workdays():
    """TIME-3: a Sunday–Thursday calendar with 08:00–16:00 hours."""
    cal = BusinessCalendar(
        code="",
        zone="Asia/Tokyo",
        workdays=frozenset({6, 0, 1, 2, 3}),
        opens=time(8),
        closes=time(16),
    )
    tokyo = ZoneInfo("Asia/Tokyo")
    # Thu 2026-03-12 15:00 + 1 business day (8 h) → Thu 1 h, Fri/Sat closed, Sun 7 h → 15:00.
    assert cal.add_business_days(datetime(2026, 3, 12, 15, tzinfo=tokyo), 1) == datetime(
        2026, 3, 15, 15, tzinfo=tokyo
    )


def test_time3_unknown_codes_are_refused_clearly():
    """TIME-3: an unknown country or subdivision is a clear error."""
    with pytest.raises(ValueError, match="XX"):
        validate_code("XX")
    with pytest.raises(ValueError, match="subdivision"):
        calendar_for("US-ZZ", "America/New_York")
    with pytest.raises(ValueError, match="time zone"):
        calendar_for("NL", "Europe/Atlantis")
    assert validate_code("au-act") == "AU-ACT"


def test_time3_invalid_hours_refused():
    with pytest.raises(ValueError):
        BusinessCalendar(opens=time(17), closes=time(9))


def test_time4_business_time_between():
    """TIME-4: elapsed business time skips nights, weekends and holidays."""
    assert NL.business_time_between(ams(2026, 3, 13, 16), ams(2026, 3, 16, 16)) == timedelta(
        hours=8
    )
    assert NL.business_time_between(ams(2026, 4, 24, 9), ams(2026, 4, 28, 9)) == timedelta(hours=8)
    assert NL.business_time_between(ams(2026, 3, 16, 16), ams(2026, 3, 13, 16)) == timedelta(0)


def test_time4_shift_business_days_dates():
    """MAINT-5 arithmetic: 10 business days before Mon 2026-03-30 is Mon 2026-03-16."""
    assert NL.shift_business_days(date(2026, 3, 30), -10) == date(2026, 3, 16)
    assert NL.shift_business_days(date(2026, 4, 24), 1) == date(2026, 4, 28)  # over King's Day
    assert NL.shift_business_days(date(2026, 4, 24), 0) == date(2026, 4, 24)


def test_time5_calendar_days_are_24h():
    """TIME-5: plain days are 24 h of elapsed time, even across a DST night."""
    start = ams(2026, 3, 28, 12).astimezone(UTC)
    assert (start + timedelta(days=1)) - start == timedelta(hours=24)
    assert (start + timedelta(days=1)).astimezone(AMS).hour == 13  # the clock moved


# -- properties --------------------------------------------------------------

CALENDARS = [
    NL,
    calendar_for("AU-ACT", "Australia/Sydney"),
    calendar_for("US", "America/New_York"),
    calendar_for("JP", "Asia/Tokyo"),
    calendar_for("GB", "Europe/London"),
]
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
amounts = st.integers(min_value=0, max_value=40 * 3600).map(lambda s: timedelta(seconds=s))


def _inside_hours(cal: BusinessCalendar, instant: datetime) -> bool:
    local = instant.astimezone(cal.tz)
    return cal.is_business_day(local.date()) and cal.opens <= local.time() <= cal.closes


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CALENDARS), instants, amounts)
def test_time4_property_lands_inside_business_hours(cal, start, amount):
    """TIME-4: adding business time never lands on a closed day or outside hours."""
    due = cal.add_business_time(start, amount)
    assert _inside_hours(cal, due)
    assert due >= start
    # and the business time between start and due is exactly the amount added
    assert abs(cal.business_time_between(start, due) - amount) < timedelta(seconds=1)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CALENDARS), instants, amounts, amounts)
def test_time4_property_monotonic(cal, start, a, b):
    """TIME-4: more business time never gives an earlier deadline."""
    lo, hi = sorted((a, b))
    assert cal.add_business_time(start, lo) <= cal.add_business_time(start, hi)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CALENDARS), instants, instants, amounts)
def test_time4_property_later_start_never_earlier_due(cal, s1, s2, amount):
    """TIME-4: a later start never gives an earlier deadline."""
    lo, hi = sorted((s1, s2))
    assert cal.add_business_time(lo, amount) <= cal.add_business_time(hi, amount)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(CALENDARS), st.dates(date(2024, 1, 1), date(2030, 12, 31)), st.integers(-30, 30)
)
def test_time4_property_shift_lands_on_business_day(cal, day, n):
    """MAINT-5/6 date arithmetic lands on a business day and counts exactly n of them."""
    result = cal.shift_business_days(day, n)
    if n == 0:
        assert result == day
        return
    assert cal.is_business_day(result)
    lo, hi = sorted((day, result))
    between = (
        sum(cal.is_business_day(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
        if n > 0
        else sum(cal.is_business_day(lo + timedelta(days=i)) for i in range((hi - lo).days))
    )
    assert between == abs(n)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(CALENDARS), st.lists(instants, min_size=1, max_size=30), amounts)
def test_time4_bulk_matches_single(cal, starts, amount):
    """TIME-4: the bulk path used by reports gives the same deadlines as the single one."""
    stamps = [s.timestamp() for s in starts]
    seconds = amount.total_seconds()
    assert cal.add_business_seconds_many(stamps, seconds) == [
        cal.add_business_seconds(ts, seconds) for ts in stamps
    ]
