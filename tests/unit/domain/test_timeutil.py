"""Instants and wall-clock times: TIME-1, TIME-2."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from di_desk.domain.timeutil import (
    NonexistentLocalTime,
    is_ambiguous,
    localize,
    parse_date_or_instant,
    parse_instant,
    to_utc,
    utc_iso,
    zone,
)


def test_time2_gap_refused_with_first_valid_instant():
    """TIME-2: 02:30 on 2026-03-29 does not exist in Amsterdam; 03:00 is proposed."""
    with pytest.raises(NonexistentLocalTime) as err:
        localize(datetime(2026, 3, 29, 2, 30), "Europe/Amsterdam")
    first = err.value.first_valid.astimezone(zone("Europe/Amsterdam"))
    assert (first.hour, first.minute) == (3, 0)
    assert "03:00" in str(err.value)


@pytest.mark.parametrize(
    ("zone_key", "naive", "proposed"),
    [
        ("America/New_York", datetime(2026, 3, 8, 2, 15), (3, 0)),
        ("Australia/Sydney", datetime(2026, 10, 4, 2, 45), (3, 0)),
    ],
)
def test_time2_gaps_in_other_regions(zone_key, naive, proposed):
    """TIME-2: spring-forward gaps in New York and Sydney."""
    with pytest.raises(NonexistentLocalTime) as err:
        localize(naive, zone_key)
    local = err.value.first_valid.astimezone(zone(zone_key))
    assert (local.hour, local.minute) == proposed


def test_time2_ambiguous_defaults_to_first_occurrence():
    """TIME-2: 02:30 on 2026-10-25 in Amsterdam happens twice; fold=0 is the first."""
    naive = datetime(2026, 10, 25, 2, 30)
    assert is_ambiguous(naive, "Europe/Amsterdam")
    first = to_utc(localize(naive, "Europe/Amsterdam"))
    second = to_utc(localize(naive, "Europe/Amsterdam", fold=1))
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert second == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert not is_ambiguous(datetime(2026, 10, 25, 3, 30), "Europe/Amsterdam")


def test_time1_parse_instant_to_utc():
    """TIME-1: instants with an offset or Z become UTC."""
    assert parse_instant("2026-03-30T21:00:00+02:00") == datetime(2026, 3, 30, 19, tzinfo=UTC)
    assert parse_instant("2026-03-30T19:00Z") == datetime(2026, 3, 30, 19, tzinfo=UTC)
    assert utc_iso(datetime(2026, 3, 30, 19, tzinfo=UTC)) == "2026-03-30T19:00:00Z"


def test_time1_naive_needs_a_zone():
    """TIME-1 / FILE rules: a naive time is refused unless a zone is given."""
    with pytest.raises(ValueError, match="no time zone"):
        parse_instant("2026-03-30T21:00")
    assert parse_instant("2026-03-30T21:00", "Europe/Amsterdam") == datetime(
        2026, 3, 30, 19, tzinfo=UTC
    )
    with pytest.raises(NonexistentLocalTime):
        parse_instant("2026-03-29T02:30", "Europe/Amsterdam")


@pytest.mark.parametrize("bad", ["", "tomorrow", "2026-13-01T00:00Z", "2026-02-30T10:00Z"])
def test_time1_bad_instants_refused(bad):
    with pytest.raises(ValueError):
        parse_instant(bad)


def test_time2_unknown_zone():
    with pytest.raises(ValueError, match="Unknown time zone"):
        zone("Mars/Olympus")


def test_date_or_instant():
    assert parse_date_or_instant("2026-03-16") == date(2026, 3, 16)
    assert isinstance(parse_date_or_instant("2026-03-16T10:00Z"), datetime)
    with pytest.raises(ValueError):
        to_utc(datetime(2026, 1, 1))
