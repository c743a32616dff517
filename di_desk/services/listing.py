"""The contract between list views and the store: SQL-side filter, sort and paging.

A view asks a :class:`RowSource` for the number of rows and for pages of row
ids under a :class:`ListQuery`; it fetches full rows only for the ids it
shows. Sources live in ``di_desk/storage``; views in ``di_desk/ui``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class IdSet(frozenset[int]):
    """Row ids to narrow a list to, picked by a rule SQL cannot state.

    As a filter value (``filters={"id": IdSet(ids)}``) a source passes the
    ids as one parameter, however many there are, e.g. the maintenance
    events that break a rule, found on a worker by the domain.
    """


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


class WithValues(Mapping[str, Any]):
    """``row`` with more values (a wrapping source's own columns), without copying ``row``.

    The values of ``extra`` win over the row's. Source rows convert a value
    only when it is read; copying them with ``dict(row)`` would convert every
    column of every row.
    """

    __slots__ = ("_extra", "_row")

    def __init__(self, row: Mapping[str, Any], extra: Mapping[str, Any]) -> None:
        self._row = row
        self._extra = extra

    def __getitem__(self, key: str) -> Any:
        extra = self._extra
        return extra[key] if key in extra else self._row[key]

    def get(self, key: str, default: Any = None) -> Any:
        extra = self._extra
        return extra[key] if key in extra else self._row.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._extra or key in self._row

    def __iter__(self) -> Iterator[str]:
        yield from self._row
        yield from (k for k in self._extra if k not in self._row)

    def __len__(self) -> int:
        return len(self._row) + sum(1 for k in self._extra if k not in self._row)

    def __repr__(self) -> str:
        return f"WithValues({dict(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))
