"""CASE-5 for imported cases: the array path for big groups gives the case-by-case dues."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from di_desk.domain.cases import customer_calendar, response_due
from di_desk.domain.enums import Severity
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.services import imports

CALENDARS = [
    ("NL", "Europe/Amsterdam"),
    ("AU-NSW", "Australia/Sydney"),
    ("US-NY", "America/New_York"),
]


def _cases(count: int, seed: int) -> tuple[list[Severity], list[datetime], list[tuple[str, str]]]:
    rng = random.Random(seed)
    start = datetime(2026, 3, 20, tzinfo=UTC)  # around the DST changes of March/April
    severities = [rng.choice(list(Severity)) for _ in range(count)]
    opened = [start + timedelta(minutes=rng.randrange(0, 60 * 24 * 30)) for _ in range(count)]
    calendars = [rng.choice(CALENDARS) if i % 7 else CALENDARS[2] for i in range(count)]
    return severities, opened, calendars


def test_big_and_small_groups_give_the_case_by_case_dues(monkeypatch):
    """CASE-5, TIME-4: one group above the threshold (arrays), others below (one by one)."""
    monkeypatch.setattr(imports, "BULK_DUE_ROWS", 200)
    severities, opened, calendars = _cases(900, seed=5)
    calendars = [
        c if c != CALENDARS[1] or i < 150 else CALENDARS[0] for i, c in enumerate(calendars)
    ]
    sizes = {key: calendars.count(key) for key in set(calendars)}
    assert max(sizes.values()) >= 200 and min(sizes.values()) < 200  # both paths run
    got = imports.case_dues(severities, opened, calendars, DEFAULT_REFERENCE)
    for i in range(len(opened)):
        calendar = customer_calendar(*calendars[i], DEFAULT_REFERENCE)
        assert got[i] == response_due(severities[i], opened[i], calendar, DEFAULT_REFERENCE), i
        assert got[i].tzinfo is not None
    assert imports.case_dues([], [], [], DEFAULT_REFERENCE) == []
