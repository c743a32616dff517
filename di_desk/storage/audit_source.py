"""The audit log as a list source: who changed what, when (newest first)."""

from __future__ import annotations

from peewee import Expression, Node, fn

from di_desk.storage.sources import ModelSource
from di_desk.storage.tables import AuditLog


class AuditSource(ModelSource):
    """Every audit row; filter by ``entity`` (and ``who``), search the text columns.

    A search word matches who, entity, field, the old or the new value, or
    the record id when the word is a number.
    """

    model = AuditLog
    date_field = AuditLog.at
    default_sort = ("at", True)

    def _filters(self) -> dict[str, Node]:
        return {"entity": AuditLog.entity, "who": AuditLog.who}

    def _sorts(self) -> dict[str, Node]:
        a = AuditLog
        return {
            "at": a.at,
            "who": a.who,
            "entity": a.entity,
            "entity_id": a.entity_id,
            "field": a.field,
        }

    def _text_condition(self, word: str) -> Expression:
        a = AuditLog
        condition = (
            a.who.contains(word)
            | a.entity.contains(word)
            | a.field.contains(word)
            | a.old.contains(word)
            | a.new.contains(word)
        )
        if word.isdigit() and len(word) < 19:
            condition |= a.entity_id == int(word)
        return condition

    def entities(self) -> list[str]:
        """The entity names that occur in the log, sorted."""
        query = AuditLog.select(fn.DISTINCT(AuditLog.entity)).order_by(AuditLog.entity)
        return [entity for (entity,) in query.tuples()]
