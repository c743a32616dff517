"""The attention item and its kinds and levels, without the store.

Split from :mod:`di_desk.services.attention` so the Overview tab can name
them without loading the store and the rules (those load on its worker).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

#: every kind, in the order the report lists them (most urgent first)
KINDS: tuple[str, ...] = (
    "case_past_due",
    "case_at_risk",
    "maintenance",
    "reply_by",
    "certificate",
    "sso_follow_up",
    "backup_stale",
    "backup_gap",
    "must_upgrade",
    "capacity",
)
#: the kinds of ``di-desk report attention`` (its output is a stable contract)
REPORT_KINDS: frozenset[str] = frozenset(KINDS) - {"sso_follow_up"}

#: urgency levels of an item, most urgent first
CRITICAL, WARNING, INFO = "critical", "warning", "info"

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class AttentionItem:
    """One thing that needs attention.

    Attributes:
        kind: one of :data:`KINDS`.
        customer: the customer's name ("" when unknown).
        due: an aware UTC instant, a date, or None when open-ended.
        level: :data:`CRITICAL`, :data:`WARNING` or :data:`INFO`.
        target: ``(tab key, record id)`` of the record the item is about:
            ``("cases", support case id)``, ``("maintenance", event id)``,
            ``("releases", application id)``, ``("backups", customer id)``,
            ``("customers", customer id)``; None when there is none.
        customer_id: the customer's id, or None.
        facts: kind-specific values (see :func:`attention_items`).
    """

    kind: str
    customer: str
    due: datetime | date | None
    level: str
    target: tuple[str, int] | None
    customer_id: int | None
    render_subject: Callable[[], str] = field(repr=False, compare=False)
    render_detail: Callable[[], str] = field(repr=False, compare=False)
    facts: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False)

    @property
    def subject(self) -> str:
        """What the item is about, in the active language."""
        return self.render_subject()

    @property
    def detail(self) -> str:
        """Why it needs attention, in the active language."""
        return self.render_detail()

    def as_row(self) -> dict[str, Any]:
        """The ``report attention`` row: kind, customer, subject, due, detail."""
        return {
            "kind": self.kind,
            "customer": self.customer,
            "subject": self.subject,
            "due": self.due,
            "detail": self.detail,
        }
