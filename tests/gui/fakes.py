"""In-memory stand-ins for the store, counting what the views ask of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from di_desk.services.listing import ListQuery

STATUSES = ("draft", "opened", "acknowledged", "closed")
SEVERITIES = ("S1", "S2", "S3", "S4")
START = datetime(2026, 1, 1, tzinfo=UTC)


def make_rows(n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": i,
            "name": f"Customer {i:05d}",
            "status": STATUSES[i % len(STATUSES)],
            "severity": SEVERITIES[i % len(SEVERITIES)],
            "opened": START + timedelta(hours=i),
            "size": (i * 7919) % 1000,
        }
        for i in range(1, n + 1)
    ]


class FakeSource:
    """A :class:`~di_desk.services.listing.RowSource` over a list of dicts."""

    sortable = frozenset({"id", "name", "status", "opened", "size"})

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.data = {row["id"]: row for row in rows}
        self.count_calls: list[ListQuery] = []
        self.ids_calls: list[tuple[int, int]] = []
        self.rows_calls: list[list[int]] = []
        self._selected: tuple[ListQuery, list[int]] | None = None

    def fetched_ids(self) -> set[int]:
        return {i for call in self.rows_calls for i in call}

    def add(self, row: dict[str, Any]) -> None:
        self.data[row["id"]] = row
        self._selected = None

    def remove(self, row_id: int) -> None:
        del self.data[row_id]
        self._selected = None

    def _select(self, query: ListQuery) -> list[int]:
        if self._selected is not None and self._selected[0] == query:
            return self._selected[1]
        rows = list(self.data.values())
        if query.text:
            rows = [r for r in rows if query.text.lower() in r["name"].lower()]
        for key, value in query.filters.items():
            rows = [r for r in rows if r.get(key) == value]
        if query.date_from is not None:
            rows = [r for r in rows if r["opened"] >= query.date_from]
        if query.date_to is not None:
            rows = [r for r in rows if r["opened"] < query.date_to]
        key = query.sort_key if query.sort_key in self.sortable else "id"
        rows.sort(key=lambda r: (r[key], r["id"]), reverse=query.descending)
        ids = [r["id"] for r in rows]
        self._selected = (query, ids)
        return ids

    def count(self, query: ListQuery) -> int:
        self.count_calls.append(query)
        return len(self._select(query))

    def ids(self, query: ListQuery, offset: int, limit: int) -> Sequence[int]:
        self.ids_calls.append((offset, limit))
        return self._select(query)[offset : offset + limit]

    def rows(self, ids: Sequence[int]) -> Mapping[int, Mapping[str, Any]]:
        self.rows_calls.append(list(ids))
        return {i: self.data[i] for i in ids if i in self.data}
