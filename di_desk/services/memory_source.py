"""A :class:`~di_desk.services.listing.RowSource` over rows already in memory.

For small computed lists (a summary per customer, the gap nights) that a tab
shows with the same model and view as its SQL lists::

    source = MemorySource(rows, sortable={"customer", "night"}, text_keys=("customer",),
                          date_key="night_at")
    model = LazyTableModel(source, COLUMNS)

Every row is a mapping with a unique ``"id"``. Filters are equalities (a
list, tuple or set means "any of"; a key missing from a row never matches);
text matches every word against ``text_keys`` (case-insensitive, enums by
token and label); the date range applies to ``date_key`` (aware instants).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from di_desk.services.listing import ListQuery


def _text(value: Any) -> str:
    if value is None:
        return ""
    label = getattr(value, "label", None)
    token = getattr(value, "value", value)
    return f"{token} {label}" if isinstance(label, str) else str(value)


def _sort_key(value: Any) -> tuple[int, Any]:
    """None first; text case-insensitive; enums by their token."""
    if value is None:
        return (0, "")
    if isinstance(value, str):
        return (1, value.casefold())
    return (1, value)


class MemorySource:
    """Rows in a list, filtered and sorted in Python (fine for thousands of rows)."""

    def __init__(
        self,
        rows: Iterable[Mapping[str, Any]] = (),
        *,
        sortable: Iterable[str] = (),
        text_keys: Sequence[str] = (),
        date_key: str | None = None,
    ) -> None:
        self.sortable: frozenset[str] = frozenset({"id", *sortable})
        self._text_keys = tuple(text_keys)
        self._date_key = date_key
        self._rows: dict[int, Mapping[str, Any]] = {}
        self._order: list[int] = []
        self._cache: dict[Hashable, list[int]] = {}
        self.set_rows(rows)

    def set_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Replace every row (the model's ``refresh()`` shows them)."""
        self._rows = {row["id"]: row for row in rows}
        self._order = list(self._rows)
        self._cache.clear()

    def all_rows(self) -> list[Mapping[str, Any]]:
        return [self._rows[i] for i in self._order]

    def count(self, query: ListQuery) -> int:
        return len(self._matching(query))

    def ids(self, query: ListQuery, offset: int, limit: int) -> list[int]:
        return self._matching(query)[offset : offset + limit]

    def rows(self, ids: Sequence[int]) -> dict[int, Mapping[str, Any]]:
        return {i: self._rows[i] for i in ids if i in self._rows}

    # ----------------------------------------------------------- internals

    def _matching(self, query: ListQuery) -> list[int]:
        key = self._key(query)
        cached = self._cache.get(key) if key is not None else None
        if cached is not None:
            return cached
        ids = [i for i in self._order if self._matches(self._rows[i], query)]
        sort = query.sort_key if query.sort_key in self.sortable else None
        if sort is not None:
            rows = self._rows
            ids.sort(key=lambda i: (_sort_key(rows[i].get(sort)), i), reverse=query.descending)
        if key is not None:
            if len(self._cache) > 32:
                self._cache.clear()
            self._cache[key] = ids
        return ids

    def _matches(self, row: Mapping[str, Any], query: ListQuery) -> bool:
        for k, wanted in query.filters.items():
            if wanted is None:
                continue
            value = row.get(k, _MISSING)
            if isinstance(wanted, list | tuple | set | frozenset):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        if self._date_key is not None and (query.date_from or query.date_to):
            when = row.get(self._date_key)
            if when is None:
                return False
            if query.date_from is not None and when < query.date_from:
                return False
            if query.date_to is not None and when >= query.date_to:
                return False
        if query.text:
            haystack = " ".join(_text(row.get(k)) for k in self._text_keys).casefold()
            if not all(word.casefold() in haystack for word in query.text.split()):
                return False
        return True

    @staticmethod
    def _key(query: ListQuery) -> Hashable | None:
        try:
            key = (
                query.text,
                tuple(sorted((k, repr(v)) for k, v in query.filters.items())),
                query.date_from,
                query.date_to,
                query.sort_key,
                query.descending,
            )
            hash(key)
        except TypeError:
            return None
        return key


_MISSING = object()
