"""The maintenance rules for one event: check_event and its parts (MAINT-3..12, FILE-2)."""

from __future__ import annotations

import gettext
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.calendar import calendar_for
from di_desk.domain.change_requests import ChangeRequestState
from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.maintenance import (
    VULNERABILITY_SCAN_STATEMENT,
    Blackout,
    EmergencyReason,
    MaintenanceEvent,
    check_event,
    check_window,
    default_calendar,
    local_date,
    notice_due,
    notice_required,
    parse_emergency_reason,
    reply_dates,
    reschedule_allowed,
    reschedule_refusal,
    vulnerability_scan_statement,
)
from di_desk.domain.reference import DEFAULT_REFERENCE

REF = DEFAULT_REFERENCE
T = MaintenanceType
AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
SYD = ZoneInfo("Australia/Sydney")
TYO = ZoneInfo("Asia/Tokyo")
ZONES = {Region.EU: AMS, Region.EMEA: AMS, Region.UK: AMS, Region.AMER: NYC}
ZONES |= {Region.AUS: SYD, Region.APJC: TYO}


def event(
    start: tuple[int, ...],
    end: tuple[int, ...],
    *,
    type: MaintenanceType = T.ROUTINE,
    region: Region = Region.EU,
    **kwargs,
) -> MaintenanceEvent:
    """An event with local wall-clock start/end in the region's zone."""
    tz = ZONES[region]
    return MaintenanceEvent(
        customer=kwargs.pop("customer", "Acme"),
        cluster=kwargs.pop("cluster", "cl-1"),
        region=region,
        type=type,
        start=datetime(*start, tzinfo=tz),
        end=datetime(*end, tzinfo=tz),
        **kwargs,
    )


def check(ev: MaintenanceEvent, blackouts=()):
    return check_event(ev, None, None, REF, blackouts)


# -- MaintenanceEvent ----------------------------------------------------------------


def test_file1_event_refuses_naive_times():
    """TIME-1/FILE-1: start, end and an instant notice must be aware."""
    with pytest.raises(ValueError):
        MaintenanceEvent(
            "A", "c", Region.EU, T.ROUTINE, datetime(2026, 6, 17, 21), datetime.now(UTC)
        )
    with pytest.raises(ValueError):
        event((2026, 6, 17, 21), (2026, 6, 17, 23), notice_sent=datetime(2026, 6, 1, 9))


# -- MAINT-3 ---------------------------------------------------------------------------


def test_maint3_event_inside_weekday_window_is_fine():
    """MAINT-3: a routine change 22:00–02:00 on a Wednesday night is inside one window."""
    result = check(event((2026, 6, 17, 22), (2026, 6, 18, 2)))
    assert result.ok and result.rule_ids == [] and result.messages == []
    assert result.window_start == datetime(2026, 6, 17, 19, tzinfo=UTC)
    assert result.window_end == datetime(2026, 6, 18, 4, tzinfo=UTC)


def test_maint3_exactly_the_whole_window_is_fine():
    """MAINT-3: [21:00, 06:00) fills the window exactly and is inside it."""
    assert check(event((2026, 6, 17, 21), (2026, 6, 18, 6))).ok


def test_maint3_end_after_window_close_names_the_window():
    """MAINT-3: the message names the close time and the region's zone."""
    result = check(event((2026, 6, 17, 23), (2026, 6, 18, 6, 30)))
    assert result.rule_ids == ["MAINT-3"]
    assert result.messages == [
        "Ends at 06:30, after the window closes at 06:00 (Europe/Amsterdam)."
    ]
    assert result.window_start is not None  # the window containing the start


def test_maint3_end_on_a_later_day_shows_its_date():
    """MAINT-3: an end on another day than the window's close shows the full date."""
    result = check(event((2026, 6, 17, 23), (2026, 6, 19, 1)))
    assert result.messages == [
        "Ends at Fri, 19 Jun 2026 01:00, after the window closes at 06:00 (Europe/Amsterdam)."
    ]


def test_maint3_start_before_window_opens():
    """MAINT-3: a start at 20:30 that runs into the window is flagged; no containing window."""
    result = check(event((2026, 6, 17, 20, 30), (2026, 6, 17, 23)))
    assert result.rule_ids == ["MAINT-3"]
    assert result.messages == [
        "Starts at Wed, 17 Jun 2026 20:30, before the window opens at 21:00 (Europe/Amsterdam)."
    ]
    assert result.window is None and result.window_start is None and result.window_end is None


def test_maint3_start_before_and_end_after_gives_both_messages():
    """MAINT-3: each way out of the window is reported."""
    result = check(event((2026, 6, 17, 20), (2026, 6, 18, 7)))
    assert result.rule_ids == ["MAINT-3", "MAINT-3"]
    assert "before the window opens" in result.messages[0]
    assert "after the window closes at 06:00" in result.messages[1]


def test_maint3_daytime_event_names_the_next_window():
    """MAINT-3: an event outside every window names the next window that applies."""
    result = check(event((2026, 6, 17, 12), (2026, 6, 17, 13)))
    assert result.messages == [
        "Starts at Wed, 17 Jun 2026 12:00, outside the maintenance windows; the next window is "
        "Wed, 17 Jun 2026 21:00 – Thu, 18 Jun 2026 06:00 (Europe/Amsterdam)."
    ]


def test_maint3_next_window_skips_weekend_for_weekday_types():
    """MAINT-3: for an upgrade on Saturday noon the next usable window is Monday's."""
    result = check(event((2026, 6, 20, 12), (2026, 6, 20, 13), type=T.UPGRADE))
    assert "the next window is Mon, 22 Jun 2026 21:00" in result.messages[0]
    infra = check(event((2026, 6, 20, 12), (2026, 6, 20, 13), type=T.INFRASTRUCTURE))
    assert "the next window is Sat, 20 Jun 2026 21:00" in infra.messages[0]


def test_maint3_spanning_two_windows_is_a_violation():
    """MAINT-3: one event must fit in ONE window, not across the day between two."""
    result = check(event((2026, 6, 17, 22), (2026, 6, 18, 22)))
    assert result.rule_ids == ["MAINT-3"]
    assert result.messages == [
        "Ends at 22:00, after the window closes at 06:00 (Europe/Amsterdam)."
    ]


def test_maint3_weekend_infrastructure_allowed():
    """MAINT-3: provider infrastructure maintenance may use a weekend window."""
    result = check(event((2026, 6, 20, 22), (2026, 6, 21, 4), type=T.INFRASTRUCTURE))
    assert result.ok
    assert result.window is not None and result.window.weekend


@pytest.mark.parametrize(
    "kind", [t for t in MaintenanceType if t not in (T.INFRASTRUCTURE, T.EMERGENCY)]
)
def test_maint3_weekend_window_refused_for_other_types(kind):
    """MAINT-3: an upgrade (or any other planned type) in a weekend window is a violation."""
    result = check(
        event((2026, 6, 20, 22), (2026, 6, 21, 4), type=kind, reason="x", notice_sent=None)
    )
    assert result.rule_ids == ["MAINT-3"]
    assert result.messages == [
        "Falls in the weekend window Sat, 20 Jun 2026 21:00 – Sun, 21 Jun 2026 06:00 "
        "(Europe/Amsterdam); weekend windows are only for: Provider infrastructure maintenance."
    ]


def test_maint3_sunday_night_is_weekend_friday_night_is_not():
    """MAINT-1/3: Sunday 21:00 → Monday 06:00 is a weekend window; Friday's is a weekday one."""
    assert check(event((2026, 6, 21, 22), (2026, 6, 22, 1), type=T.UPGRADE)).rule_ids == ["MAINT-3"]
    assert check(event((2026, 6, 19, 22), (2026, 6, 20, 5), type=T.UPGRADE)).ok


def test_maint3_weekend_types_are_reference_data():
    """MAINT-3: the weekend types come from the reference data."""
    ref = replace(REF, weekend_types=frozenset({T.INFRASTRUCTURE, T.ROUTINE}))
    ev = event((2026, 6, 20, 22), (2026, 6, 21, 4), type=T.ROUTINE)
    assert check_event(ev, None, None, ref).ok
    nobody = replace(REF, weekend_types=frozenset())
    ev = event((2026, 6, 20, 22), (2026, 6, 21, 4), type=T.INFRASTRUCTURE)
    assert (
        check_event(ev, None, None, nobody).messages[0].endswith("no type may use weekend windows.")
    )


def test_maint3_weekend_dst_night_infrastructure_full_window():
    """MAINT-3: infrastructure work filling the 8 h spring-forward window is inside it."""
    ev = event((2026, 3, 28, 21), (2026, 3, 29, 6), type=T.INFRASTRUCTURE)
    result = check(ev)
    assert result.ok
    assert result.window.duration == timedelta(hours=8)


def test_maint3_end_not_after_start():
    """MAINT-3: an event whose end is not after its start is an error (and nothing else)."""
    for end in ((2026, 6, 17, 22), (2026, 6, 17, 21)):
        result = check(event((2026, 6, 17, 22), end))
        assert result.rule_ids == ["MAINT-3"]
        assert result.messages[0].startswith("Ends at Wed, 17 Jun 2026")
        assert "not after the start" in result.messages[0]


def test_maint3_end_before_start_even_for_emergency():
    """MAINT-3/8: the end <= start error applies to every type."""
    result = check(
        event((2026, 6, 17, 12), (2026, 6, 17, 11), type=T.EMERGENCY, reason="restore_service")
    )
    assert result.rule_ids == ["MAINT-3"]


@pytest.mark.parametrize(
    ("reg", "start", "end", "ok"),
    [
        (Region.AMER, (2026, 6, 17, 21), (2026, 6, 18, 6), True),
        (Region.AMER, (2026, 6, 17, 20, 59), (2026, 6, 18, 0), False),
        (Region.APJC, (2026, 6, 17, 23), (2026, 6, 18, 5, 59), True),
        (Region.AUS, (2026, 6, 17, 21), (2026, 6, 18, 6, 1), False),
        (Region.UK, (2026, 6, 17, 21), (2026, 6, 18, 6), True),
        (Region.EMEA, (2026, 6, 18, 5), (2026, 6, 18, 6), True),
    ],
)
def test_maint3_each_region_uses_its_own_zone(reg, start, end, ok):
    """MAINT-1/3: windows are judged in the region's zone (ET, JST, AEST, CET)."""
    assert check(event(start, end, region=reg)).ok is ok


def test_maint3_explicit_region_ref_wins():
    """MAINT-2/3: the caller may pass the effective region (SME publisher's)."""
    ev = event((2026, 6, 17, 22), (2026, 6, 18, 2))  # EU cluster, 20:00–00:00 UTC
    tokyo = REF.region(Region.APJC)  # 05:00–09:00 JST: outside
    result = check_event(ev, tokyo, None, REF)
    assert result.region is Region.APJC
    assert result.rule_ids == ["MAINT-3"]
    assert "(Asia/Tokyo)" in result.messages[0]


# -- MAINT-8: emergency --------------------------------------------------------------------


def test_maint8_emergency_is_exempt_from_windows():
    """MAINT-3/8: an emergency change at noon on a Saturday is not a window violation."""
    result = check(
        event(
            (2026, 6, 20, 12),
            (2026, 6, 20, 14),
            type=T.EMERGENCY,
            emergency_reason=EmergencyReason.RESTORE_SERVICE,
        )
    )
    assert result.ok
    assert result.window is None
    assert result.notice_due is None and not result.notice_required


def test_maint8_emergency_reason_required():
    """MAINT-8: an emergency change without a reason is a violation listing the reasons."""
    result = check(event((2026, 6, 20, 12), (2026, 6, 20, 14), type=T.EMERGENCY))
    assert result.rule_ids == ["MAINT-8"]
    assert result.messages == [
        "An emergency change needs a reason: Restore service, Reduce the impact of an outage, "
        "Prevent a likely outage, Fix a security vulnerability."
    ]
    blank = check(event((2026, 6, 20, 12), (2026, 6, 20, 14), type=T.EMERGENCY, reason="  "))
    assert blank.rule_ids == ["MAINT-8"]


def test_maint8_free_text_or_category_is_a_reason():
    """MAINT-8 (reading): a category or a non-empty detailed text satisfies the rule."""
    for kwargs in (
        {"reason": "Core switch failure, calls dropping"},
        {"reason": "fix_security_vulnerability"},
        {"emergency_reason": EmergencyReason.PREVENT_OUTAGE},
    ):
        assert check(event((2026, 6, 20, 12), (2026, 6, 20, 14), type=T.EMERGENCY, **kwargs)).ok


def test_maint8_reason_only_required_for_emergencies():
    """MAINT-8: other types may leave the reason empty."""
    assert check(event((2026, 6, 17, 22), (2026, 6, 18, 2), type=T.ROUTINE)).ok


def test_maint8_parse_emergency_reason():
    """MAINT-8: tokens, names, labels and 'token: details' map to the enum."""
    assert parse_emergency_reason("restore_service") is EmergencyReason.RESTORE_SERVICE
    assert parse_emergency_reason("Restore service") is EmergencyReason.RESTORE_SERVICE
    assert parse_emergency_reason("PREVENT_OUTAGE") is EmergencyReason.PREVENT_OUTAGE
    assert (
        parse_emergency_reason("Fix a security vulnerability: CVE-2026-0001")
        is EmergencyReason.FIX_SECURITY_VULNERABILITY
    )
    assert parse_emergency_reason("reduce-outage-impact") is EmergencyReason.REDUCE_OUTAGE_IMPACT
    assert parse_emergency_reason("power cut in DC2") is None
    assert parse_emergency_reason("") is None and parse_emergency_reason(None) is None
    assert len(EmergencyReason) == 4


# -- MAINT-5: notice --------------------------------------------------------------------------


def test_maint5_spec_example():
    """MAINT-5: calendar NL, region EU, start Mon 2026-03-30 21:00 → notice_due Mon 2026-03-16."""
    ev = event((2026, 3, 30, 21), (2026, 3, 31, 2), type=T.DISRUPTIVE)
    result = check(ev)
    assert result.notice_due == date(2026, 3, 16)
    assert result.notice_required and result.ok  # no notice yet is not a violation
    assert result.notice_sent is None and result.notice_in_time is None


@pytest.mark.parametrize(("sent", "late"), [(date(2026, 3, 16), False), (date(2026, 3, 13), False)])
def test_maint5_notice_on_or_before_due_is_in_time(sent, late):
    """MAINT-5: a notice sent on or before notice_due is in time."""
    result = check(event((2026, 3, 30, 21), (2026, 3, 31, 2), type=T.UPGRADE, notice_sent=sent))
    assert result.ok and result.notice_in_time is True


def test_maint5_late_notice():
    """MAINT-5: one day after notice_due is late, and the message names both dates."""
    ev = event(
        (2026, 3, 30, 21), (2026, 3, 31, 2), type=T.DISRUPTIVE, notice_sent=date(2026, 3, 17)
    )
    result = check(ev)
    assert result.rule_ids == ["MAINT-5"]
    assert result.notice_in_time is False
    assert result.messages == [
        "Late notice: sent on Tue, 17 Mar 2026, but due by Mon, 16 Mar 2026 (10 business days "
        "before the start on Mon, 30 Mar 2026, calendar NL)."
    ]


def test_maint5_instant_notice_is_taken_in_the_region_zone():
    """MAINT-5: 2026-03-16T23:30Z is already 17 March in Amsterdam → late."""
    late = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)
    ev = event((2026, 3, 30, 21), (2026, 3, 31, 2), type=T.DISRUPTIVE, notice_sent=late)
    result = check(ev)
    assert result.notice_sent == date(2026, 3, 17)
    assert result.rule_ids == ["MAINT-5"]
    in_time = replace(ev, notice_sent=datetime(2026, 3, 16, 22, 30, tzinfo=UTC))  # 23:30 CET
    assert check(in_time).ok


def test_maint5_start_date_is_the_region_local_date():
    """MAINT-5: an AUS event starting 21:00 Sydney is 10:00/11:00 UTC the same day; an AMER
    event starting 21:00 ET is the next day in UTC — the local date counts."""
    ev = event((2026, 3, 30, 21), (2026, 3, 31, 2), type=T.UPGRADE, region=Region.AMER)
    assert ev.start.astimezone(UTC).date() == date(2026, 3, 31)
    assert check(ev).notice_due == date(2026, 3, 16)  # 30 March local, US calendar


@pytest.mark.parametrize(
    "kind", [T.ROUTINE, T.CERTIFICATE, T.COP, T.INFRASTRUCTURE, T.PARTNER_REQUEST, T.EMERGENCY]
)
def test_maint5_types_without_fixed_notice(kind):
    """MAINT-5: only disruptive and upgrade need notice; a late notice elsewhere is fine."""
    ev = event(
        (2026, 3, 30, 21), (2026, 3, 31, 2), type=kind, notice_sent=date(2026, 3, 29), reason="r"
    )
    result = check(ev)
    assert result.notice_due is None and not result.notice_required
    assert "MAINT-5" not in result.rule_ids
    assert not notice_required(kind, REF)


@pytest.mark.parametrize(
    ("reg", "code", "start", "due", "why"),
    [
        # King's Day (Mon 2026-04-27) is skipped: without it the due date would be 27 April.
        (Region.EU, None, (2026, 5, 11, 21), date(2026, 4, 24), "King's Day"),
        # Good Friday and Easter Monday (NL): start Tue 14 April 2026.
        (Region.EU, None, (2026, 4, 14, 21), date(2026, 3, 27), "Easter"),
        # Year end: Christmas 25/26 Dec and New Year's Day 2027 (Friday).
        (Region.EU, None, (2027, 1, 4, 21), date(2026, 12, 17), "year end"),
        # Leap day 2028 (Tuesday).
        (Region.EU, None, (2028, 2, 29, 21), date(2028, 2, 15), "leap day"),
        (Region.EU, None, (2028, 3, 14, 21), date(2028, 2, 29), "due on leap day"),
        # AU-ACT: Good Friday, Easter Saturday/Monday.
        (Region.AUS, None, (2026, 4, 14, 21), date(2026, 3, 27), "ACT Easter"),
        # JP Golden Week: Showa Day, Greenery, Children's Day, substitute holiday.
        (Region.APJC, None, (2026, 5, 11, 21), date(2026, 4, 21), "Golden Week"),
        # US Thanksgiving 2026-11-26.
        (Region.AMER, None, (2026, 11, 30, 21), date(2026, 11, 13), "Thanksgiving"),
        # King's Day in NL but not in GB: start Thu 30 April 2026.
        (Region.EU, None, (2026, 4, 30, 21), date(2026, 4, 15), "NL King's Day"),
        (Region.UK, None, (2026, 4, 30, 21), date(2026, 4, 16), "GB has no King's Day"),
        # GB's Early May bank holiday (Mon 4 May) is skipped for UK.
        (Region.UK, None, (2026, 5, 12, 21), date(2026, 4, 27), "GB Early May"),
        # An explicit calendar overrides the region's default.
        (Region.EU, "GB", (2026, 4, 30, 21), date(2026, 4, 16), "explicit GB"),
        (Region.UK, "NL", (2026, 4, 30, 21), date(2026, 4, 15), "explicit NL"),
    ],
)
def test_maint5_holidays_move_notice_due(reg, code, start, due, why):
    """MAINT-5/FILE-1: closed days of the event's calendar are stepped over."""
    end = (*start[:3], 23)
    ev = event(start, end, type=T.DISRUPTIVE, region=reg, calendar=code)
    assert check(ev).notice_due == due, why


def test_maint5_start_on_a_holiday_still_counts_back_from_that_date():
    """MAINT-5: a start on a closed day (King's Day) counts back from it."""
    ev = event((2026, 4, 27, 21), (2026, 4, 27, 23), type=T.UPGRADE)
    # 24, 23, 22, 21, 20, 17, 16, 15, 14, 13 April.
    assert check(ev).notice_due == date(2026, 4, 13)


def test_maint5_notice_business_days_are_reference_data():
    """MAINT-5: the number of business days is reference data."""
    ref = replace(REF, notice_business_days=5)
    ev = event((2026, 3, 30, 21), (2026, 3, 31, 2), type=T.DISRUPTIVE)
    assert check_event(ev, None, None, ref).notice_due == date(2026, 3, 23)


def test_maint5_explicit_calendar_argument():
    """MAINT-5: a calendar passed in (e.g. the customer's, with closures) is used."""
    cal = calendar_for("NL", "Europe/Amsterdam", closures=frozenset({date(2026, 3, 20)}))
    ev = event((2026, 3, 30, 21), (2026, 3, 31, 2), type=T.DISRUPTIVE)
    assert check_event(ev, None, cal, REF).notice_due == date(2026, 3, 13)
    region_ref = REF.region(Region.EU)
    assert notice_due(ev.start, region_ref, cal, REF) == date(2026, 3, 13)


def test_file1_default_calendar_per_region():
    """FILE-1: AMER US, APJC JP, AUS AU-ACT, EU/EMEA NL, UK GB; the event's code wins."""
    expected = {
        Region.AMER: "US",
        Region.APJC: "JP",
        Region.AUS: "AU-ACT",
        Region.EU: "NL",
        Region.EMEA: "NL",
        Region.UK: "GB",
    }
    for reg, code in expected.items():
        ev = event((2026, 6, 17, 22), (2026, 6, 17, 23), region=reg)
        cal = default_calendar(ev, REF.region(reg), REF)
        assert cal.code == code
        assert cal.zone == REF.region(reg).zone
    ev = event((2026, 6, 17, 22), (2026, 6, 17, 23), calendar="us-ny")
    assert default_calendar(ev, REF.region(Region.EU), REF).code == "US-NY"


def test_file1_unknown_calendar_code_is_a_clear_error():
    """FILE-1: an unknown holidays code raises ValueError naming it."""
    ev = event((2026, 6, 17, 22), (2026, 6, 17, 23), calendar="XX")
    with pytest.raises(ValueError, match="XX"):
        check(ev)


@given(
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2035, 12, 31)),
    reg=st.sampled_from(list(Region)),
)
def test_maint5_property_notice_due_is_ten_business_days_back(day, reg):
    """MAINT-5: notice_due is a business day with exactly 10 business days in (due, start]
    when the start is a business day (and ≤ 10 when it is not)."""
    region_ref = REF.region(reg)
    ev = MaintenanceEvent(
        "A",
        "c",
        reg,
        T.UPGRADE,
        datetime.combine(day, time(21), ZONES[reg]),
        datetime.combine(day, time(23), ZONES[reg]),
    )
    cal = default_calendar(ev, region_ref, REF)
    due = notice_due(ev.start, region_ref, cal, REF)
    assert cal.is_business_day(due)
    between = [due + timedelta(days=i) for i in range(1, (day - due).days + 1)]
    count = sum(cal.is_business_day(d) for d in between)
    assert count == (10 if cal.is_business_day(day) else 9)


# -- MAINT-6 / MAINT-7 ----------------------------------------------------------------------


def test_maint6_reply_dates():
    """MAINT-6: reply_by = notice + 2 business days, reply_last_day = + 3."""
    ev = event(
        (2026, 3, 30, 21), (2026, 3, 31, 2), type=T.DISRUPTIVE, notice_sent=date(2026, 3, 12)
    )
    result = check(ev)
    assert (result.reply_by, result.reply_last_day) == (date(2026, 3, 16), date(2026, 3, 17))


def test_maint6_reply_dates_skip_holidays():
    """MAINT-6: a notice on Thu 2026-04-23 (NL): Fri 24, [Mon 27 King's Day], Tue 28, Wed 29."""
    ev = event((2026, 5, 11, 21), (2026, 5, 11, 23), type=T.UPGRADE, notice_sent=date(2026, 4, 23))
    result = check(ev)
    assert (result.reply_by, result.reply_last_day) == (date(2026, 4, 28), date(2026, 4, 29))
    assert result.ok


def test_maint6_reply_dates_over_leap_day_and_year_end():
    """MAINT-6: Mon 2028-02-28 → Wed 1 Mar / Thu 2 Mar; Thu 2026-12-24 → Tue 29 / Wed 30 Dec."""
    region_ref = REF.region(Region.EU)
    cal = calendar_for("NL", "Europe/Amsterdam")
    assert reply_dates(date(2028, 2, 28), region_ref, cal, REF) == (
        date(2028, 3, 1),
        date(2028, 3, 2),
    )
    assert reply_dates(date(2028, 2, 25), region_ref, cal, REF) == (
        date(2028, 2, 29),
        date(2028, 3, 1),
    )
    assert reply_dates(date(2026, 12, 24), region_ref, cal, REF) == (
        date(2026, 12, 29),
        date(2026, 12, 30),
    )


def test_maint6_reply_dates_from_an_instant_in_region_zone():
    """MAINT-6: an instant notice is taken as its date in the region's zone (Sydney)."""
    sent = datetime(2026, 4, 2, 14, 0, tzinfo=UTC)  # Fri 3 April 01:00 AEDT: Good Friday
    ev = event((2026, 5, 12, 21), (2026, 5, 12, 23), type=T.UPGRADE, region=Region.AUS)
    result = check(replace(ev, notice_sent=sent))
    assert result.notice_sent == date(2026, 4, 3)
    # Sat 4 .. Mon 6 Easter closed: Tue 7, Wed 8 → reply_by Wed 8, last Thu 9.
    assert (result.reply_by, result.reply_last_day) == (date(2026, 4, 8), date(2026, 4, 9))


def test_maint6_no_reply_dates_without_notice():
    """FILE-2: reply_by and reply_last_day are None without notice_sent."""
    result = check(event((2026, 3, 30, 21), (2026, 3, 31, 2), type=T.DISRUPTIVE))
    assert result.reply_by is None and result.reply_last_day is None


def test_maint6_reply_dates_for_types_without_fixed_notice():
    """MAINT-6/FILE-2: any event with notice_sent gets reply dates."""
    ev = event((2026, 6, 17, 22), (2026, 6, 18, 2), notice_sent=date(2026, 6, 1))
    result = check(ev)
    assert result.notice_due is None
    assert (result.reply_by, result.reply_last_day) == (date(2026, 6, 3), date(2026, 6, 4))


def test_maint7_no_reschedule_for_emergency_or_urgent():
    """MAINT-7: emergency types (reference) and urgent changes cannot be rescheduled."""
    normal = event((2026, 6, 17, 22), (2026, 6, 18, 2), type=T.UPGRADE)
    assert reschedule_allowed(normal, REF) and reschedule_refusal(normal, REF) is None
    assert check(normal).reschedule_allowed
    emergency = replace(normal, type=T.EMERGENCY, reason="restore")
    assert not reschedule_allowed(emergency, REF)
    assert reschedule_refusal(emergency, REF) == "Emergency change cannot be rescheduled."
    assert not check(emergency).reschedule_allowed
    urgent = replace(normal, type=T.CERTIFICATE, urgent=True)
    assert not reschedule_allowed(urgent, REF)
    assert "certificates about to expire" in reschedule_refusal(urgent, REF)
    ref = replace(REF, no_reschedule_types=frozenset({T.EMERGENCY, T.UPGRADE}))
    assert not reschedule_allowed(normal, ref)


# -- MAINT-9 / MAINT-10 in check_event ------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "ok"),
    [
        (None, True),
        (ChangeRequestState.REQUESTED, False),
        (ChangeRequestState.UNDER_JOINT_REVIEW, False),
        (ChangeRequestState.REJECTED, False),
        (ChangeRequestState.APPROVED, True),
        (ChangeRequestState.SCHEDULED, True),
    ],
)
def test_maint9_partner_request_needs_approval_before_scheduling(state, ok):
    """MAINT-9: a partner-requested change is scheduled only once approved (when known)."""
    ev = event((2026, 6, 17, 22), (2026, 6, 18, 2), type=T.PARTNER_REQUEST, review_state=state)
    result = check(ev)
    assert result.ok is ok
    if not ok:
        assert result.rule_ids == ["MAINT-9"]
        assert state.label in result.messages[0]


def test_maint9_review_state_ignored_for_other_types():
    """MAINT-9: only partner-requested changes carry a joint review."""
    ev = event((2026, 6, 17, 22), (2026, 6, 18, 2), review_state=ChangeRequestState.REQUESTED)
    assert check(ev).ok


@pytest.mark.parametrize(
    ("expires", "ok"),
    [
        (datetime(2026, 6, 22, 12, tzinfo=UTC), True),  # start 17 Jun 20:00Z = E − 4 d 16 h
        (datetime(2026, 6, 20, 20, tzinfo=UTC), True),  # exactly E − 3 d
        (datetime(2026, 6, 24, 20, tzinfo=UTC), True),  # exactly E − 7 d
        (datetime(2026, 6, 20, 19, 59, tzinfo=UTC), False),  # less than 3 days before
        (datetime(2026, 6, 24, 20, 1, tzinfo=UTC), False),  # more than 7 days before
        (date(2026, 6, 20), True),  # by date: 17 June = E − 3
        (date(2026, 6, 24), True),  # by date: 17 June = E − 7
        (date(2026, 6, 25), False),
        (date(2026, 6, 19), False),
    ],
)
def test_maint10_certificate_event_in_renewal_window(expires, ok):
    """MAINT-10: a renewal with a known expiry E starts within [E − 7 d, E − 3 d]."""
    ev = event((2026, 6, 17, 22), (2026, 6, 18, 2), type=T.CERTIFICATE, certificate_expires=expires)
    result = check(ev)
    assert result.ok is ok
    if not ok:
        assert result.rule_ids == ["MAINT-10"]
        assert "outside the renewal window" in result.messages[0]


# -- MAINT-11: blackouts ---------------------------------------------------------------------


def test_maint11_blackout_clash():
    """MAINT-11: an event overlapping a customer blackout period is flagged."""
    blackout = Blackout(date(2026, 6, 18), date(2026, 6, 19), customer="Acme", note="Go-live")
    ev = event((2026, 6, 17, 22), (2026, 6, 18, 2))  # runs into 18 June local
    result = check(ev, [blackout])
    assert result.rule_ids == ["MAINT-11"]
    assert result.messages == [
        "Overlaps the customer's blackout period Thu, 18 Jun 2026 – Fri, 19 Jun 2026 (Go-live)."
    ]
    assert result.blackouts == (blackout,)


def test_maint11_blackout_dates_are_inclusive_and_local():
    """MAINT-11: the last day counts until local midnight; the next day is free."""
    blackout = Blackout(date(2026, 6, 16), date(2026, 6, 18))  # Tue..Thu
    inside = event((2026, 6, 18, 22), (2026, 6, 18, 23, 59))
    assert check(inside, [blackout]).rule_ids == ["MAINT-11"]
    just_after = event((2026, 6, 19, 0), (2026, 6, 19, 2))
    assert check(just_after, [blackout]).ok
    just_before = event((2026, 6, 15, 22), (2026, 6, 16, 0))  # ends at midnight: no overlap
    assert check(just_before, [blackout]).ok
    assert check(event((2026, 6, 15, 22), (2026, 6, 16, 0, 1)), [blackout]).rule_ids == ["MAINT-11"]


def test_maint11_blackout_zone_of_the_customer():
    """MAINT-11: a blackout in the customer's zone (New York) shifts its bounds."""
    blackout = Blackout(date(2026, 6, 18), date(2026, 6, 18), zone="America/New_York")
    # 18 June 05:00 Amsterdam = 17 June 23:00 New York: before the blackout starts.
    assert check(event((2026, 6, 18, 1), (2026, 6, 18, 5)), [blackout]).ok
    # 18 June 06:00 Amsterdam is 00:00 New York: the event ending 06:00 just touches it.
    assert check(event((2026, 6, 18, 1), (2026, 6, 18, 6)), [blackout]).ok
    assert check(event((2026, 6, 18, 22), (2026, 6, 18, 23)), [blackout]).rule_ids == ["MAINT-11"]


def test_maint11_other_customers_blackouts_ignored():
    """MAINT-11: blackouts are per customer; an unnamed one applies to the list's customer."""
    other = Blackout(date(2026, 6, 17), date(2026, 6, 18), customer="Globex")
    same = Blackout(date(2026, 6, 17), date(2026, 6, 18), customer="ACME")
    ev = event((2026, 6, 17, 22), (2026, 6, 18, 2))
    assert check(ev, [other]).ok
    assert check(ev, [other, same]).blackouts == (same,)


def test_maint11_every_type_is_flagged_and_each_period_reported():
    """MAINT-11 (reading): blackouts flag every type, emergencies too; one message each."""
    periods = [
        Blackout(date(2026, 6, 20), date(2026, 6, 20)),
        Blackout(date(2026, 6, 1), date(2026, 6, 30)),
    ]
    ev = event((2026, 6, 20, 12), (2026, 6, 20, 14), type=T.EMERGENCY, reason="restore")
    assert check(ev, periods).rule_ids == ["MAINT-11", "MAINT-11"]


def test_maint11_blackout_validation():
    """MAINT-11: a period ending before it starts is refused."""
    with pytest.raises(ValueError):
        Blackout(date(2026, 6, 20), date(2026, 6, 19))


# -- FILE-2: the whole result ------------------------------------------------------------------


def test_file2_violations_are_in_rule_order():
    """FILE-2: a row with several problems lists rule ids in rule order, messages alike."""
    ev = event(
        (2026, 3, 28, 22),
        (2026, 3, 29, 7),
        type=T.UPGRADE,
        notice_sent=date(2026, 3, 27),
    )
    result = check(ev, [Blackout(date(2026, 3, 29), date(2026, 3, 29))])
    assert result.rule_ids == ["MAINT-3", "MAINT-3", "MAINT-5", "MAINT-11"]
    assert len(result.messages) == 4
    assert "after the window closes at 06:00" in result.messages[0]
    assert "weekend window" in result.messages[1]
    assert result.messages[2].startswith("Late notice")
    assert result.window_start == datetime(2026, 3, 28, 20, tzinfo=UTC)
    assert result.window_end == datetime(2026, 3, 29, 4, tzinfo=UTC)  # the 8 h DST window
    assert result.notice_due == date(2026, 3, 16)
    assert (result.reply_by, result.reply_last_day) == (date(2026, 3, 31), date(2026, 4, 1))


def test_file2_fields_for_a_clean_upgrade():
    """FILE-2: window in UTC, notice_due, reply dates, no violations."""
    ev = event((2026, 3, 30, 21), (2026, 3, 31, 1), type=T.UPGRADE, notice_sent=date(2026, 3, 2))
    result = check(ev)
    assert result.ok
    assert (result.window_start, result.window_end) == (
        datetime(2026, 3, 30, 19, tzinfo=UTC),
        datetime(2026, 3, 31, 4, tzinfo=UTC),
    )
    assert result.notice_due == date(2026, 3, 16)
    assert (result.reply_by, result.reply_last_day) == (date(2026, 3, 4), date(2026, 3, 5))


def test_file2_check_is_pure_and_accepts_lists_or_tuples():
    """FILE-2: the same input gives the same frozen result."""
    ev = event((2026, 6, 17, 22), (2026, 6, 18, 2))
    blackout = Blackout(date(2026, 1, 1), date(2026, 1, 2))
    assert check(ev, [blackout]) == check(ev, (blackout,))
    with pytest.raises(AttributeError):
        check(ev).region = Region.AMER  # type: ignore[misc]


# -- MAINT-12 and i18n ----------------------------------------------------------------------


def test_maint12_vulnerability_scan_statement():
    """MAINT-12: a constant statement that partner/customer scans are not supported."""
    text = vulnerability_scan_statement()
    assert text == VULNERABILITY_SCAN_STATEMENT
    assert "not supported" in text
    assert all(t.value != "vulnerability_scan" for t in MaintenanceType)


class _Marker(gettext.NullTranslations):
    def gettext(self, message):
        return "«" + message + "»"

    def ngettext(self, singular, plural, n):
        return "«" + (singular if n == 1 else plural) + "»"


def test_messages_go_through_the_translation_catalog(monkeypatch):
    """i18n: violation messages, the MAINT-12 statement and labels are translated."""
    monkeypatch.setattr(i18n, "_translations", _Marker())
    assert vulnerability_scan_statement().startswith("«Vulnerability scans")
    result = check(event((2026, 6, 20, 12), (2026, 6, 20, 14), type=T.EMERGENCY))
    assert result.messages[0].startswith("«An emergency change needs a reason")
    assert "«Restore service»" in result.messages[0]
    late = event(
        (2026, 3, 30, 21), (2026, 3, 31, 2), type=T.DISRUPTIVE, notice_sent=date(2026, 3, 17)
    )
    assert check(late).messages[0].startswith("«Late notice")


def test_messages_dates_in_dutch():
    """i18n: dates in messages use Babel with the active language."""
    i18n.install("nl")
    late = event(
        (2026, 3, 30, 21), (2026, 3, 31, 2), type=T.DISRUPTIVE, notice_sent=date(2026, 3, 17)
    )
    message = check(late).messages[0]
    assert "di 17 mrt 2026" in message and "ma 16 mrt 2026" in message


def test_local_date_helper():
    """MAINT-5: dates stay dates; instants become region-local dates."""
    assert local_date(date(2026, 1, 1), "Asia/Tokyo") == date(2026, 1, 1)
    assert local_date(datetime(2025, 12, 31, 15, tzinfo=UTC), "Asia/Tokyo") == date(2026, 1, 1)
    with pytest.raises(ValueError):
        local_date(datetime(2026, 1, 1, 12), "Asia/Tokyo")


def test_check_window_direct_call():
    """MAINT-3: check_window can be used alone (e.g. while editing)."""
    region_ref = REF.region(Region.EU)
    assert check_window(event((2026, 6, 17, 22), (2026, 6, 18, 2)), region_ref, REF) == []
