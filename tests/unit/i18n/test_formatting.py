"""Locale-aware formatting for English and Dutch (Babel, locale passed explicitly)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from di_desk import i18n
from di_desk.i18n.formatting import (
    format_business_days,
    format_date,
    format_datetime,
    format_duration,
    format_percent,
    format_relative,
    format_size,
)

INSTANT = datetime(2026, 3, 30, 19, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("locale", "expected"), [("en_GB", "30 Mar 2026"), ("nl_NL", "30 mrt 2026")]
)
def test_date(locale, expected):
    assert format_date(date(2026, 3, 30), locale=locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en_GB", "30 Mar 2026 21:00 CEST"), ("nl_NL", "30 mrt 2026 21:00 CEST")],
)
def test_datetime_in_zone(locale, expected):
    """TIME-1: an instant is shown as wall-clock time in the display zone."""
    assert format_datetime(INSTANT, "Europe/Amsterdam", show_zone=True, locale=locale) == expected


def test_datetime_in_another_zone():
    assert format_datetime(INSTANT, "Asia/Tokyo", locale="en_GB") == "31 Mar 2026 04:00"


@pytest.mark.parametrize(
    ("locale", "future", "past", "length"),
    [
        ("en_GB", "in 2 hours", "2 hours ago", "2 hours"),
        ("nl_NL", "over 2 uur", "2 uur geleden", "2 uur"),
    ],
)
def test_durations(locale, future, past, length):
    assert format_relative(timedelta(hours=2), locale=locale) == future
    assert format_relative(-timedelta(hours=2), locale=locale) == past
    assert format_duration(timedelta(hours=2), locale=locale) == length


@pytest.mark.parametrize(("locale", "expected"), [("en_GB", "512.3 MB"), ("nl_NL", "512,3 MB")])
def test_size(locale, expected):
    assert format_size(512_345_678, locale=locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en_GB", "95.5%"), ("nl_NL", "95,5%")])
def test_percent(locale, expected):
    assert format_percent(0.955, locale=locale) == expected


def test_business_days_plural_english():
    assert format_business_days(1) == "1 business day"
    assert format_business_days(3) == "3 business days"


def test_business_days_plural_dutch():
    i18n.install("nl")
    assert format_business_days(1) == "1 werkdag"
    assert format_business_days(3) == "3 werkdagen"


def test_messages_in_translates_a_block_without_switching_the_ui():
    """Texts for the provider are written in its language; the UI keeps its own."""
    heard = []
    i18n.add_listener(heard.append)
    try:
        i18n.install("nl")
        heard.clear()
        with i18n.messages_in("en"):
            assert format_business_days(3) == "3 business days"
            assert i18n.babel_locale() == "en_GB"
        assert format_business_days(3) == "3 werkdagen"
        assert heard == []  # nobody was told of a language switch
    finally:
        i18n.remove_listener(heard.append)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en_GB", "9 hours and 30 minutes"), ("nl_NL", "9 uur en 30 minuten")],
)
def test_duration_keeps_minutes(locale, expected):
    """A DST-night window of 9.5 h is not rounded to "10 hours"."""
    assert format_duration(timedelta(hours=9, minutes=30), locale=locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en_GB", "3 days"), ("nl_NL", "3 dagen")],
)
def test_duration_in_its_largest_unit_only(locale, expected):
    """Lists say "3 days overdue" for 3 days and 15 hours: cut off, never rounded up."""
    late = timedelta(days=3, hours=15, minutes=40)
    assert format_duration(late, locale=locale, largest=1) == expected
    assert format_duration(timedelta(minutes=59), locale=locale, largest=1).startswith("59 ")
