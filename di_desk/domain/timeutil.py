"""Instants and wall-clock times (TIME-1, TIME-2).

Every instant is an aware datetime; stored and computed in UTC.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


class NonexistentLocalTime(ValueError):  # noqa: N818
    """A wall-clock time inside a DST gap; ``first_valid`` is the first instant after it."""

    def __init__(self, local: datetime, zone: str, first_valid: datetime): ...


def zone(key: str) -> ZoneInfo:
    """ZoneInfo for an IANA key; ValueError with a clear message when unknown."""
    ...


def to_utc(dt: datetime) -> datetime:
    """Aware ``dt`` as UTC; ValueError for a naive datetime."""
    ...


def localize(naive: datetime, zone_key: str, *, fold: int = 0) -> datetime:
    """Attach ``zone_key`` to a wall-clock time (TIME-2).

    Raises NonexistentLocalTime for a time in a spring-forward gap; an
    ambiguous time takes ``fold`` (0 = first occurrence).
    """
    ...


def is_ambiguous(naive: datetime, zone_key: str) -> bool: ...


def parse_instant(text: str, default_zone: str | None = None) -> datetime:
    """ISO 8601 with offset or Z → aware UTC. A naive value is an error unless
    ``default_zone`` is given (then it is localized, gaps refused)."""
    ...


def parse_date_or_instant(text: str, default_zone: str | None = None) -> datetime | date:
    """For fields like ``notice_sent``: a bare ISO date stays a date."""
    ...


def utc_iso(dt: datetime) -> str:
    """``2026-03-30T19:00:00Z`` form for files and JSON."""
    ...
