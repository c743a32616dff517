"""Column types: UTC instants as integer epoch seconds, enums as their tokens.

Instants (TIME-1) are stored as whole seconds since 1970-01-01 UTC in an
integer column: compact, fast to compare and sort, and portable to any SQL
database. Sub-second parts are dropped (floored). Reading gives an aware UTC
``datetime``; writing a naive ``datetime`` is refused.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any

from peewee import BigIntegerField, CharField, TextField

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)


def to_epoch(value: datetime) -> int:
    """Whole seconds since the epoch for an aware ``value`` (floored)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: instants must carry a time zone (TIME-1)")
    if value.microsecond:
        return (value - EPOCH) // _SECOND
    return int(value.timestamp())


def from_epoch(seconds: int) -> datetime:
    """The aware UTC datetime for ``seconds`` since the epoch."""
    return EPOCH + timedelta(seconds=seconds)


class UtcDateTimeField(BigIntegerField):
    """An instant, stored as integer UTC epoch seconds, read as an aware UTC datetime."""

    field_type = "BIGINT"

    def db_value(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return to_epoch(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise TypeError(f"{self.name}: expected an aware datetime, got {value!r}")

    def python_value(self, value: Any) -> datetime | None:
        if value is None:
            return None
        if value >= 0:  # fromtimestamp is twice as fast, but fails before 1970 on Windows
            return datetime.fromtimestamp(value, UTC)
        return EPOCH + timedelta(seconds=value)


class EnumField(CharField):
    """A :class:`~enum.Enum` member stored as its ``value`` token (FILE-1..6)."""

    def __init__(self, enum: type[Enum], *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        self.enum = enum
        # member → token, and token → token (a bare token is accepted when it names a member)
        self._tokens: dict[Any, str] = {m: str(m.value) for m in enum}
        self._tokens.update({m.value: str(m.value) for m in enum})
        self._members: dict[Any, Any] = {m.value: m for m in enum}

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        try:
            return self._tokens[value]
        except (KeyError, TypeError):
            return str(self.enum(value).value)  # raises ValueError for an unknown token

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        # A token this version does not know reads as text.
        return self._members.get(value, value)


class DateOrInstantField(CharField):
    """A calendar date (``2026-03-16``) or an instant (``2026-03-16T08:00:00Z``).

    Used where the files accept either (FILE-1 ``notice_sent``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return from_epoch(to_epoch(value)).strftime("%Y-%m-%dT%H:%M:%SZ")
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"{self.name}: expected a date or an aware datetime, got {value!r}")

    def python_value(self, value: Any) -> date | datetime | None:
        if value is None:
            return None
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value).astimezone(UTC)


class JsonField(TextField):
    """A JSON document stored as text (keys sorted, so equal values compare equal)."""

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.loads(value)
