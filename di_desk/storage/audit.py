"""The audit log: who changed what, when, from which value to which."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from di_desk.storage.fields import from_epoch, to_epoch
from di_desk.storage.tables import AuditLog


def audit_text(value: Any) -> str | None:
    """A value as the text kept in the log (tokens, ISO dates, UTC instants, JSON)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return from_epoch(to_epoch(value)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def record(
    who: str,
    entity: str,
    entity_id: int | None,
    field: str | None,
    old: Any = None,
    new: Any = None,
    *,
    at: datetime | None = None,
) -> None:
    """Append one audit row (call inside the transaction of the change)."""
    AuditLog.insert(
        at=at or datetime.now(UTC),
        who=who,
        entity=entity,
        entity_id=entity_id,
        field=field,
        old=audit_text(old),
        new=audit_text(new),
    ).execute()


def history(
    entity: str | None = None, entity_id: int | None = None, *, limit: int = 1000
) -> list[dict[str, Any]]:
    """Audit rows, newest first, optionally for one entity (and one row of it)."""
    query = AuditLog.select().order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)
    if entity is not None:
        query = query.where(AuditLog.entity == entity)
        if entity_id is not None:
            query = query.where(AuditLog.entity_id == entity_id)
    return list(query.dicts())
