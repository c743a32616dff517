"""Reference data (SPEC: regions, matrix, objectives, train, …) as editable rows.

Each field of :class:`~di_desk.domain.reference.ReferenceData` is one
:class:`~di_desk.storage.tables.ReferenceEntry` row holding JSON. Rows are
seeded from :data:`~di_desk.domain.reference.DEFAULT_REFERENCE`; a row never
edited follows the defaults of the running code, an edited row overrides them.
Every edit writes an audit row (who/when/old/new).

The JSON shape of each field follows its default value: enums as tokens,
times as ``"HH:MM"``, durations as seconds, sets as sorted lists, mappings
with tuple keys (the severity matrix) as ``[[key…], value]`` pairs.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from enum import Enum
from types import MappingProxyType
from typing import Any

from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.i18n import _
from di_desk.storage import audit
from di_desk.storage.errors import InvalidReferenceValue
from di_desk.storage.tables import ReferenceEntry

log = logging.getLogger(__name__)

KEYS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ReferenceData))
AUDIT_ENTITY = "reference"


# --- JSON codec guided by the default value -------------------------------------------


def encode(value: Any) -> Any:
    """A JSON-ready form of a reference value."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return value
    if isinstance(value, time):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
        return int(seconds) if seconds.is_integer() else seconds
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        if any(isinstance(k, tuple) for k in value):
            return [[encode(list(k)), encode(v)] for k, v in value.items()]
        return {str(encode(k)): encode(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((encode(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    raise TypeError(f"cannot store {type(value).__name__} in reference data")


def _first(collection: Any) -> Any:
    return next(iter(collection), None)


def decode(data: Any, template: Any) -> Any:
    """Rebuild a value shaped like ``template`` from its JSON form ``data``."""
    if template is None:
        return data
    if isinstance(template, bool):
        if not isinstance(data, bool):
            raise ValueError(f"expected true/false, got {data!r}")
        return data
    if isinstance(template, Enum):
        enum_type = type(template)
        try:
            return enum_type(data)
        except ValueError:
            return enum_type.parse(data)  # type: ignore[attr-defined]
    if isinstance(template, int | float):
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise ValueError(f"expected a number, got {data!r}")
        if isinstance(template, int):
            if not float(data).is_integer():
                raise ValueError(f"expected a whole number, got {data!r}")
            return int(data)
        return float(data)
    if isinstance(template, str):
        if not isinstance(data, str):
            raise ValueError(f"expected text, got {data!r}")
        return data
    if isinstance(template, time):
        return time.fromisoformat(data)
    if isinstance(template, timedelta):
        return timedelta(seconds=decode(data, 0.0))
    if dataclasses.is_dataclass(template):
        if not isinstance(data, Mapping):
            raise ValueError(f"expected an object, got {data!r}")
        changes = {
            f.name: decode(data[f.name], getattr(template, f.name))
            for f in dataclasses.fields(template)
            if f.name in data
        }
        return dataclasses.replace(template, **changes)  # type: ignore[type-var]
    if isinstance(template, Mapping):
        return _decode_mapping(data, template)
    if isinstance(template, frozenset | set):
        element = _first(template)
        return type(template)(decode(x, element) for x in data)
    if isinstance(template, tuple | list):
        if not isinstance(data, list):
            raise ValueError(f"expected a list, got {data!r}")
        element = _first(template)
        return type(template)(decode(x, element) for x in data)
    raise ValueError(f"cannot read {type(template).__name__} from reference data")


def _decode_mapping(data: Any, template: Mapping[Any, Any]) -> Mapping[Any, Any]:
    key_t, value_t = next(iter(template.items()), (None, None))
    result: dict[Any, Any] = {}
    if isinstance(key_t, tuple):
        if not isinstance(data, list):
            raise ValueError(f"expected a list of [key, value] pairs, got {data!r}")
        for raw_key, raw_value in data:
            key = tuple(decode(k, t) for k, t in zip(raw_key, key_t, strict=True))
            result[key] = decode(raw_value, template.get(key, value_t))
    else:
        if not isinstance(data, Mapping):
            raise ValueError(f"expected an object, got {data!r}")
        for raw_key, raw_value in data.items():
            key = decode(raw_key, key_t)
            result[key] = decode(raw_value, template.get(key, value_t))
    return MappingProxyType(result) if isinstance(template, MappingProxyType) else result


# --- rows -----------------------------------------------------------------------------


def _check_key(key: str) -> None:
    if key not in KEYS:
        raise InvalidReferenceValue(_("Unknown reference data key: {key}").format(key=key))


def seed_reference(db: Any) -> int:
    """Write missing rows from the defaults; refresh rows never edited. Returns rows written."""
    written = 0
    with db.atomic():
        stored = {row.key: row for row in ReferenceEntry.select()}
        for key in KEYS:
            value = encode(getattr(DEFAULT_REFERENCE, key))
            row = stored.get(key)
            if row is None:
                ReferenceEntry.insert(key=key, value=value, is_default=True).execute()
                written += 1
            elif row.is_default and row.value != value:
                ReferenceEntry.update(value=value).where(ReferenceEntry.id == row.id).execute()
                written += 1
    return written


def load_reference(db: Any) -> ReferenceData:
    """The reference data in force: defaults, overridden by edited rows."""
    overrides: dict[str, Any] = {}
    query = ReferenceEntry.select().where(
        ReferenceEntry.is_default == False  # noqa: E712 - SQL comparison
    )
    for row in query:
        if row.key not in KEYS:
            continue
        try:
            overrides[row.key] = decode(row.value, getattr(DEFAULT_REFERENCE, row.key))
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("reference data %r cannot be read (%s); using the default", row.key, exc)
    return dataclasses.replace(DEFAULT_REFERENCE, **overrides)


def reference_entries(db: Any) -> list[dict[str, Any]]:
    """The rows as stored (key, JSON value, is_default, updated_at, updated_by), by key."""
    return list(
        ReferenceEntry.select(
            ReferenceEntry.key,
            ReferenceEntry.value,
            ReferenceEntry.is_default,
            ReferenceEntry.updated_at,
            ReferenceEntry.updated_by,
        )
        .order_by(ReferenceEntry.key)
        .dicts()
    )


def normalise(key: str, value: Any) -> Any:
    """``value`` (a domain value or its JSON form) as the domain value for ``key``."""
    _check_key(key)
    try:
        return decode(encode(value), getattr(DEFAULT_REFERENCE, key))
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidReferenceValue(
            _("The value for {key} is not valid: {error}").format(key=key, error=exc)
        ) from exc


def _write(db: Any, key: str, data: Any, *, is_default: bool, who: str, at: datetime) -> bool:
    with db.atomic():
        row = ReferenceEntry.get_or_none(ReferenceEntry.key == key)
        old = None if row is None else row.value
        if row is not None and old == data and row.is_default == is_default:
            return False
        values = {"value": data, "is_default": is_default, "updated_at": at, "updated_by": who}
        if row is None:
            ReferenceEntry.insert(key=key, **values).execute()
        else:
            ReferenceEntry.update(**values).where(ReferenceEntry.id == row.id).execute()
        audit.record(who, AUDIT_ENTITY, None, key, old, data, at=at)
    return True


def update_reference(db: Any, key: str, value: Any, who: str, *, at: datetime | None = None) -> Any:
    """Set reference field ``key`` to ``value``, with an audit row. Returns the stored value.

    ``value`` may be the domain value (``Objective(...)``, a ``MappingProxyType``…)
    or its JSON form; it is checked against the default's shape first
    (:class:`InvalidReferenceValue`).
    """
    decoded = normalise(key, value)
    _write(db, key, encode(decoded), is_default=False, who=who, at=at or datetime.now(UTC))
    return decoded


def reset_reference(db: Any, key: str, who: str, *, at: datetime | None = None) -> None:
    """Return ``key`` to the default of the running code (audited)."""
    _check_key(key)
    data = encode(getattr(DEFAULT_REFERENCE, key))
    _write(db, key, data, is_default=True, who=who, at=at or datetime.now(UTC))
