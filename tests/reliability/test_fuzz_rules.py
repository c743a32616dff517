"""Fuzzing the rule functions with what files and typing can bring them.

Calendars (TIME-3/4) with random codes, zones, dates and amounts; windows
(MAINT-1) at random instants, also near the ends of the calendar; version
parsing (REL-6) of random text; retention, gaps and recovery points (BAK-2/3)
of random rows; wall-clock input (TIME-2). Each either answers or raises a
ValueError (or a subclass) with a message; any other exception fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from di_desk.domain import backups as bak
from di_desk.domain import calendar as cal
from di_desk.domain import releases as rel
from di_desk.domain import timeutil, windows
from di_desk.domain.enums import Application, BackupResult, Region
from di_desk.domain.reference import DEFAULT_REFERENCE

from .conftest import count

#: DI_DESK_FUZZ_SCALE=10 runs ten times as many inputs
SCALE = max(1, int(os.environ.get("DI_DESK_FUZZ_SCALE", "1")))
RULES = settings(
    max_examples=60 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

CODES = st.one_of(
    st.sampled_from(["NL", "nl", "US", "US-NY", "AU-ACT", "JP", "GB", "XX", "US-XX", "", " NL"]),
    st.text(max_size=8),
)
ZONES = st.one_of(
    st.sampled_from(
        [
            "Europe/Amsterdam",
            "America/New_York",
            "Australia/Sydney",
            "Asia/Tokyo",
            "UTC",
            "Europe",
            "../etc/passwd",
            "",
        ]
    ),
    st.text(max_size=30),
)
REAL_ZONES = st.sampled_from(
    ["Europe/Amsterdam", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "UTC"]
)
# Dates everywhere in the calendar, but mostly near today (holiday tables are per year).
DATES = st.one_of(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    st.dates(),
)
OFFSETS = st.sampled_from([UTC, *(timeutil.zone(z) for z in ("Europe/Amsterdam", "Asia/Tokyo"))])
INSTANTS = st.one_of(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
    ),
    st.datetimes(timezones=OFFSETS),
)


def rule_call(area: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn``: an answer, or a ValueError with a message; nothing else."""
    count("fuzz: rule inputs", area)
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        assert str(exc).strip(), f"{fn.__name__} raised {type(exc).__name__} without a message"
        return None


@RULES
@given(code=CODES, zone=ZONES, day=DATES, n=st.integers(-400, 400))
def test_calendars_with_random_codes_zones_and_days(code, zone, day, n):
    """TIME-3/4: any code and zone: a calendar or a clear refusal; any day: an answer."""
    calendar = rule_call("calendars", cal.calendar_for, code, zone)
    if calendar is None:
        return
    rule_call("calendars", calendar.is_business_day, day)
    rule_call("calendars", calendar.shift_business_days, day, n)
    rule_call("calendars", calendar.closed_reason, day)


@RULES
@given(
    code=st.sampled_from(["NL", "US-NY", "AU-ACT", "JP", "GB"]),
    zone=REAL_ZONES,
    start=INSTANTS,
    span=st.timedeltas(min_value=timedelta(days=-1000), max_value=timedelta(days=1000)),
    hours=st.floats(min_value=-100, max_value=2_000, allow_nan=False),
    days=st.integers(-50, 400),
)
def test_business_time_with_random_instants(code, zone, start, span, hours, days):
    """TIME-4: adding business time or days, and the time between two instants.

    The two instants are at most 1,000 days apart: business time between
    instants centuries apart is computed day by day (imports refuse years
    outside 1900–2199, see test_fuzz_imports).
    """
    calendar = cal.calendar_for(code, zone)
    rule_call("calendars", calendar.add_business_time, start, timedelta(hours=hours))
    rule_call("calendars", calendar.add_business_days, start, days)
    try:
        end = start + span
    except OverflowError:
        return
    rule_call("calendars", calendar.business_time_between, start, end)
    rule_call("calendars", calendar.skipped_days, start, end)


@RULES
@given(
    region=st.sampled_from(list(Region)),
    day=DATES,
    instant=INSTANTS,
    at=st.times(),
    zone=ZONES,
)
def test_windows_at_random_instants(region, day, instant, at, zone):
    """MAINT-1: the window of any day, containing any instant, the next one after it."""
    ref = DEFAULT_REFERENCE.region(region)
    rule_call("windows", windows.window_on, ref, day)
    rule_call("windows", windows.window_containing, ref, instant)
    rule_call("windows", windows.next_window, ref, instant)
    rule_call("windows", windows.wall_clock_to_utc, day, at, zone)


@RULES
@given(
    text=st.one_of(
        st.text(max_size=40),
        st.from_regex(r"v?\d{1,30}(\.\d{1,30})?\s*(\(|-)?(su|SU)?\d{0,30}[a-z]?\)?"),
    )
)
def test_version_parsing_of_random_text(text):
    """REL-6: any text parses to a version or is refused with a message."""
    version = rule_call("versions", rel.Version.parse, text)
    train = DEFAULT_REFERENCE.train
    rule_call("versions", rel.release_status, text, train)
    if version is not None:
        assert rel.Version.parse(str(version)) == version
        rule_call("versions", rel.assess, version, train)


# Stored backups come from imports and editors, which accept the years 1900–2199.
PLAUSIBLE = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2199, 12, 30), timezones=OFFSETS
)
backup_rows = st.lists(
    st.builds(
        bak.Backup,
        customer=st.sampled_from(["Acme", "Globex", ""]),
        application=st.sampled_from(list(Application)),
        taken_at=PLAUSIBLE,
        result=st.sampled_from(list(BackupResult)),
        size_bytes=st.one_of(st.none(), st.integers(0, 2**63 - 1)),
    ),
    max_size=30,
)


@RULES
@given(
    rows=backup_rows,
    at=INSTANTS,
    first=st.dates(min_value=date(1900, 1, 2), max_value=date(2199, 12, 1)),
    nights=st.integers(-5, 60),
    zone=ZONES,
    size=st.integers(-(2**70), 2**70),
)
def test_retention_gaps_and_recovery_points_of_random_rows(rows, at, first, nights, zone, size):
    """BAK-2/3 over random backups: retention, gaps, night states and recovery points.

    The moment judged at is any instant (``report retention --at``); the rows
    and nights are in the years that can be stored.
    """
    rule_call("retention", bak.retention_states, rows, at, DEFAULT_REFERENCE)
    rule_call("retention", bak.recovery_points, rows, at, DEFAULT_REFERENCE)
    try:
        last = first + timedelta(days=nights)
    except OverflowError:
        last = first
    rule_call("retention", bak.backup_gaps, rows, first, last, zone)
    rule_call("retention", bak.night_states, rows, first, last, zone)
    rule_call(
        "retention",
        bak.Backup,
        "Acme",
        Application.CUCM,
        at,
        BackupResult.GOOD,
        size,
    )


@RULES
@given(
    naive=st.datetimes(),
    zone=ZONES,
    text=st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            ["2026-03-29T02:30:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00"]
        ),
    ),
    fold=st.sampled_from([0, 1]),
)
def test_wall_clock_input(naive, zone, text, fold):
    """TIME-2: localize any wall-clock time in any zone; parse any text as an instant."""
    rule_call("wall clock", timeutil.localize, naive, zone, fold=fold)
    rule_call("wall clock", timeutil.is_ambiguous, naive, zone)
    rule_call("wall clock", timeutil.parse_instant, text, zone or None)
    rule_call("wall clock", timeutil.parse_instant, text)
