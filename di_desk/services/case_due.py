"""CASE-5/6 for a list row: how a case's response due time stands now.

Split from :mod:`di_desk.services.cases` so the case list can colour its due
column without loading the editor's rules (validation, phone numbers, the
life cycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from di_desk.domain.cases import response_met_at
from di_desk.domain.timeutil import to_utc


@dataclass(frozen=True)
class DueState:
    """CASE-5/6: how a case's response due time stands at ``now``.

    ``kind``: ``none`` (no due time: a draft), ``pending`` (not acknowledged,
    not yet due), ``overdue`` (not acknowledged, past due), ``met`` or
    ``missed`` (acknowledged in time or late). ``remaining`` is due − now;
    ``share_left`` the part of the objective's span still left (0..1) for a
    pending case.
    """

    kind: Literal["none", "pending", "overdue", "met", "missed"]
    due: datetime | None = None
    remaining: timedelta = timedelta(0)
    share_left: float = 1.0


def due_state(row: Mapping[str, Any], now: datetime) -> DueState:
    """CASE-5/6 for a list row (``opened_at``, ``response_due``, ``acknowledged_at``).

    The share left is measured on the wall clock from the opening to the
    due time (for a business-day objective that span includes the closed hours).
    """
    due = row.get("response_due")
    if due is None:
        return DueState("none")
    met = response_met_at(due, row.get("acknowledged_at"), now)
    remaining = to_utc(due) - to_utc(now)
    acknowledged = row.get("acknowledged_at")
    if acknowledged is not None and to_utc(acknowledged) <= to_utc(now):
        return DueState("met" if met else "missed", due, remaining, 0.0)
    if met is False:
        return DueState("overdue", due, remaining, 0.0)
    opened = row.get("opened_at")
    span = (to_utc(due) - to_utc(opened)) if opened is not None else timedelta(0)
    share = remaining / span if span > timedelta(0) else 1.0
    return DueState("pending", due, remaining, max(0.0, min(1.0, share)))
