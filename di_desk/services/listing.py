"""The contract between list views and the store: SQL-side filter, sort and paging.

A view asks a :class:`RowSource` for the number of rows and for pages of row
ids under a :class:`ListQuery`; it fetches full rows only for the ids it
shows. Sources live in ``di_desk/storage``; views in ``di_desk/ui``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class ListQuery:
    """What the user asked to see: free text, named filters, a date range, a sort."""

    text: str = ""
    filters: Mapping[str, Any] = field(default_factory=dict)  # e.g. {"customer_id": 3}
    date_from: datetime | None = None  # aware UTC, inclusive
    date_to: datetime | None = None  # aware UTC, exclusive
    sort_key: str | None = None  # a column key the source declares sortable
    descending: bool = False


class RowSource(Protocol):
    """A table the views can page through without loading it whole."""

    #: column keys the source can sort by in SQL
    sortable: frozenset[str]

    def count(self, query: ListQuery) -> int: ...

    def ids(self, query: ListQuery, offset: int, limit: int) -> Sequence[int]: ...

    def rows(self, ids: Sequence[int]) -> Mapping[int, Mapping[str, Any]]:
        """Full rows (column key → value) for ``ids``; missing ids are omitted."""
        ...
