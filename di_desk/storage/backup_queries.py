"""SQL for the Backups tab: the list with a retention filter, group aggregates, top-N.

:class:`BackupListSource` is :class:`~di_desk.storage.sources.BackupSource`
plus two things a list of a million backups needs:

* a ``retention`` filter (retained / expired) done in SQL. BAK-2 keeps a
  backup while ``taken_at >= cut-off`` (33 days) or while it is one of the
  three newest good backups of its customer+application. The second part is
  a per-group top-N; instead of a correlated sub-query per row (seconds on a
  million rows) the caller passes the few ids that are kept *only* by count
  (older than the cut-off), which :func:`newest_good` finds per group with
  one indexed query each. So: expired ⇔ ``taken_at < cut-off AND id NOT IN
  kept``; retained ⇔ ``taken_at >= cut-off OR id IN kept``
  (:class:`RetentionFilter`).
* keyset paging (:class:`KeysetPaging`): a view that scrolls asks for
  ``ids(query, offset, 200)`` with a growing offset; ``OFFSET`` costs grow
  with the depth (12 ms per page at row 1,000,000). The source keeps the
  last chunk of ids with the sort value of its last row and continues from
  there (``WHERE (sort, id) after (value, id)``) in chunks that grow to
  20,000 ids, so scrolling to the end is linear. ``count()`` (asked on
  every (re)load) drops the chunk, so a refresh sees new rows. The first
  page is read with its rows (up to ``page_rows``, see
  :meth:`~di_desk.storage.sources.ModelSource.ids`); the rest of it continues
  by key.

The functions below read through the tables' bound database (the caller's
thread's connection).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peewee import Case, Field, Node, Value, fn

from di_desk.domain.enums import Application, BackupResult
from di_desk.services.listing import ListQuery
from di_desk.storage.sources import BackupSource, ModelSource, query_key
from di_desk.storage.tables import Backup

__all__ = [
    "BackupListSource",
    "GroupCounts",
    "KeysetPaging",
    "RetentionFilter",
    "backup_groups",
    "backups_between",
    "group_counts",
    "newest_good",
]

FIRST_CHUNK = 1_000
MAX_CHUNK = 20_000


@dataclass(frozen=True)
class RetentionFilter:
    """BAK-2 in SQL: ``retained`` rows (or expired ones) at the instant behind ``cutoff``.

    ``kept`` holds the ids kept by count although older than ``cutoff``
    (the newest good backups of groups without enough recent good ones).
    """

    retained: bool
    cutoff: datetime
    kept: frozenset[int] = field(default_factory=frozenset)

    def condition(self) -> Node:
        young = Backup.taken_at >= self.cutoff
        ids = sorted(self.kept)
        if self.retained:
            return (young | Backup.id.in_(ids)) if ids else young
        old = Backup.taken_at < self.cutoff
        return (old & Backup.id.not_in(ids)) if ids else old


@dataclass
class _Chunk:
    key: Hashable
    start: int  # offset of ids[0]
    ids: list[int]
    last_value: Any  # database value of the sort column of ids[-1]
    done: bool  # nothing follows ids[-1]


class KeysetPaging(ModelSource):
    """``ids(query, offset, limit)`` that continues by key when a view pages down."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._chunk: _Chunk | None = None
        self._chunk_lock = threading.Lock()

    def invalidate(self) -> None:
        """Forget cached ids, rows and statements (after the data or a filter's meaning changed)."""
        self._page.clear()
        with self._chunk_lock:
            self._chunk = None
        with self._lock:
            self._statements.clear()

    def count(self, query: ListQuery) -> int:
        with self._chunk_lock:
            self._chunk = None  # a (re)load: start from fresh ids
        return super().count(query)

    def ids(self, query: ListQuery, offset: int, limit: int) -> list[int]:
        key = query_key(query)
        if key is None or limit <= 0:
            return super().ids(query, offset, limit)
        self._page.clear()
        with self._chunk_lock:
            chunk = self._chunk
            if chunk is not None and chunk.key == key and chunk.start <= offset:
                end = chunk.start + len(chunk.ids)
                if offset + limit <= end or (chunk.done and offset <= end):
                    i = offset - chunk.start
                    return chunk.ids[i : i + limit]
                if offset == end and chunk.ids:
                    size = min(max(2 * len(chunk.ids), limit, FIRST_CHUNK), MAX_CHUNK)
                    rows = self._keyed(query, size, after=(chunk.last_value, chunk.ids[-1]))
                    self._chunk = self._new_chunk(key, offset, rows, size)
                    return self._chunk.ids[:limit]
            if offset == 0 and self.page_rows > 0:
                self._chunk = self._first_chunk(key, query, limit)
                return self._chunk.ids[:]
            size = max(limit, FIRST_CHUNK)
            rows = self._keyed(query, size, offset=offset)
            self._chunk = self._new_chunk(key, offset, rows, size)
            return self._chunk.ids[:limit]

    def _first_chunk(self, key: Hashable, query: ListQuery, limit: int) -> _Chunk:
        """The first ``limit`` ids: a head read with its rows, the rest continued by key."""
        head = min(limit, self.page_rows)
        ids, rows = self._first_rows(query, head)
        if len(ids) < head:
            return _Chunk(key, 0, ids, None, True)
        last = (rows[-1][self._sort_column(query)], ids[-1])
        if head == limit:
            return _Chunk(key, 0, ids, last[0], False)
        tail = self._keyed(query, limit - head, after=last)
        chunk = self._new_chunk(key, head, tail, limit - head)
        last_value = chunk.last_value if tail else last[0]
        return _Chunk(key, 0, ids + chunk.ids, last_value, chunk.done)

    @staticmethod
    def _new_chunk(key: Hashable, start: int, rows: list[tuple[Any, ...]], size: int) -> _Chunk:
        ids = [r[0] for r in rows]
        last = rows[-1][1] if rows else None
        return _Chunk(key, start, ids, last, len(rows) < size)

    def _keyed(
        self,
        query: ListQuery,
        limit: int,
        *,
        offset: int = 0,
        after: tuple[Any, int] | None = None,
    ) -> list[tuple[Any, ...]]:
        """``(id, sort value)`` rows in the query's order: from ``offset`` or after a key."""
        _key, expr, descending = self._sort(query)
        select = self._select_ids(query).select(self.model.id, expr)
        if after is not None:
            raw, last_id = after
            value = Value(raw, converter=False)  # a database value already
            pk = self.model.id
            if raw is not None and isinstance(expr, Field) and not expr.null:
                # Sargable: the range on the sort column can use its index.
                if descending:
                    cond = (expr <= value) & ((expr < value) | (pk < last_id))
                else:
                    cond = (expr >= value) & ((expr > value) | (pk > last_id))
            elif descending:
                if raw is None:
                    cond = expr.is_null() & (pk < last_id)
                else:
                    cond = (expr < value) | ((expr == value) & (pk < last_id)) | expr.is_null()
            elif raw is None:
                cond = (expr.is_null() & (pk > last_id)) | expr.is_null(False)
            else:
                cond = (expr > value) | ((expr == value) & (pk > last_id))
            select = select.where(cond)
        elif offset:
            select = select.offset(offset)
        sql, params = select.limit(limit).sql()
        return list(self.db.execute_sql(sql, params).fetchall())


class BackupListSource(KeysetPaging, BackupSource):
    """Backups for the list view: :class:`BackupSource` + ``retention`` filter + keyset paging.

    ``filters["retention"]`` is a :class:`RetentionFilter` (or None for all).
    """

    def _filters(self) -> dict[str, Node]:
        return {**super()._filters(), "retention": Backup.id}

    def _where(self, query: ListQuery) -> list[Any]:
        retention = query.filters.get("retention")
        if "retention" not in query.filters:
            return super()._where(query)
        rest = {k: v for k, v in query.filters.items() if k != "retention"}
        conditions = super()._where(ListQuery(query.text, rest, query.date_from, query.date_to))
        if isinstance(retention, RetentionFilter):
            conditions.append(retention.condition())
        elif retention is not None:
            raise ValueError(f"retention filter must be a RetentionFilter, not {retention!r}")
        return conditions


# -- group queries ------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCounts:
    """One customer+application: how many backups, how many since the cut-off, the first."""

    customer_id: int
    application: Application
    total: int
    young: int  # taken at or after the cut-off (kept by age, BAK-2)
    first_taken: datetime


def group_counts(cutoff: datetime) -> list[GroupCounts]:
    """Every customer+application with backups (one pass over the covering index)."""
    B = Backup
    young = fn.SUM(Case(None, [(B.taken_at >= cutoff, 1)], 0))
    query = (
        B.select(B.customer, B.application, fn.COUNT(B.id), young, fn.MIN(B.taken_at))
        .group_by(B.customer, B.application)
        .tuples()
    )
    return [
        GroupCounts(cid, _application(app), total, int(n or 0), _instant(first))
        for cid, app, total, n, first in query
    ]


def _application(value: Any) -> Application:
    return value if isinstance(value, Application) else Backup.application.python_value(value)


def _instant(value: Any) -> datetime:
    """An aggregate of ``taken_at``: peewee converts it, unless it could not tell the type."""
    return value if isinstance(value, datetime) else Backup.taken_at.python_value(value)


def backup_groups() -> list[tuple[int, Application]]:
    """The customer+applications that have backups."""
    B = Backup
    query = B.select(B.customer, B.application).distinct().tuples()
    return [(cid, _application(app)) for cid, app in query]


def newest_good(
    customer_id: int, application: Application | str, at: datetime, keep: int
) -> list[tuple[int, datetime]]:
    """BAK-2: ``(id, taken_at)`` of the ``keep`` newest good backups taken at or before ``at``.

    Newest first; among equal instants the higher id (the later row) first,
    as :func:`di_desk.domain.backups.retention_table` breaks ties.
    """
    if keep <= 0:
        return []
    B = Backup
    query = (
        B.select(B.id, B.taken_at)
        .where(
            B.customer == customer_id,
            B.application == application,
            B.result == BackupResult.GOOD,
            B.taken_at <= at,
        )
        .order_by(B.taken_at.desc(), B.id.desc())
        .limit(keep)
        .tuples()
    )
    return list(query)


def backups_between(
    since: datetime,
    until: datetime,
    *,
    customer_id: int | None = None,
    application: Application | str | None = None,
) -> list[tuple[int, int, Application, datetime, BackupResult]]:
    """``(id, customer_id, application, taken_at, result)`` with ``since <= taken_at <= until``."""
    B = Backup
    query = B.select(B.id, B.customer, B.application, B.taken_at, B.result).where(
        B.taken_at >= since, B.taken_at <= until
    )
    if customer_id is not None:
        query = query.where(B.customer == customer_id)
    if application is not None:
        query = query.where(B.application == application)
    return list(query.order_by(B.taken_at, B.id).tuples())


def backup_key(backup_id: int) -> tuple[int, Application, datetime] | None:
    """``(customer_id, application, taken_at)`` of one backup, or None when it is gone."""
    B = Backup
    row = B.select(B.customer, B.application, B.taken_at).where(B.id == backup_id).tuples().first()
    return None if row is None else (row[0], row[1], row[2])


def position_of(source: ModelSource, query: ListQuery, backup_id: int) -> int | None:
    """The row of ``backup_id`` in ``query``'s order (how many rows come before it), or None."""
    key, expr, descending = source._sort(query)
    anchor_query = source.model.select(expr)
    if source.always_join or key in source.joined_sorts:
        anchor_query = source._join_for_sort(anchor_query)
    anchor = anchor_query.where(source.model.id == backup_id).tuples().first()
    if anchor is None:
        return None
    value, pk = anchor[0], source.model.id
    if descending:  # NULLs last
        if value is None:
            before = expr.is_null(False) | (expr.is_null() & (pk > backup_id))
        else:
            before = (expr > value) | ((expr == value) & (pk > backup_id))
    elif value is None:  # NULLs first
        before = expr.is_null() & (pk < backup_id)
    else:
        before = (expr < value) | ((expr == value) & (pk < backup_id)) | expr.is_null()
    select = source._count_select(query)
    if not select.where(source.model.id == backup_id).scalar():
        return None  # not among the rows of the query
    if key in source.joined_sorts and not source.always_join:
        select = source._join_for_sort(select)
    return int(select.where(before).scalar() or 0)
