"""Row sources for the list views: SQL-side search, filters, date range, sort and paging.

Each source implements :class:`di_desk.services.listing.RowSource` for one
table. Text search matches every word of ``ListQuery.text`` (case-insensitive
``LIKE``; ``"a phrase"`` in double quotes counts as one word) against a few
columns, enum columns by token or translated label; filters are equalities (a list, tuple or set
means "any of"); the date range applies to the source's date column; the sort
is one declared column plus the id as tie-breaker, so pages are stable. Sorts
and filters the views offer have indexes (see ``tables.py``).

Paging: :meth:`ModelSource.ids` takes an offset; :meth:`ModelSource.ids_after`
pages by key (the last id seen), which stays fast deep into large tables.
NULLs sort first ascending and last descending (SQLite's order).

Rows: :meth:`ModelSource.rows` gives :class:`~di_desk.storage.source_rows.SourceRow`
mappings, whose values are converted when read. The first page
(``ids(query, 0, limit)``) is read with its rows in one query, up to
``page_rows`` of them; the ``rows()`` calls that follow get those rows
without another query while the database is unchanged
(:class:`~di_desk.storage.source_rows.PageCache`).
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from operator import itemgetter
from typing import Any, ClassVar

from peewee import JOIN, SQL, Case, Database, Expression, Field, Model, Node, fn

from di_desk.domain.enums import CaseStatus
from di_desk.i18n import current_language
from di_desk.services.listing import IdSet, ListQuery
from di_desk.storage.fields import EnumField
from di_desk.storage.repositories import column_key
from di_desk.storage.source_rows import PageCache, SourceRow, row_type
from di_desk.storage.tables import (
    Application,
    Backup,
    Cluster,
    Customer,
    MaintenanceEvent,
    SupportCase,
)

ROWS_CHUNK = 512
#: statements kept per source (one per distinct query the views asked for)
STATEMENT_CACHE = 64
#: rows read together with the ids of a first page (a view paints fewer; batches of 64)
PAGE_ROWS = 256
_LIMIT, _OFFSET = 987_654_321, 123_456_789  # stand-ins while compiling a paged statement
_first = itemgetter(0)

_WORD = re.compile(r'"([^"]+)"|(\S+)')


def search_words(text: str) -> list[str]:
    """The words of a search; ``"two words"`` in double quotes is one phrase."""
    return [phrase or word for phrase, word in _WORD.findall(text)]


def _hashable(value: Any) -> Any:
    if isinstance(value, IdSet):  # another statement than a plain set's
        return ("ids", tuple(sorted(value)))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(value, key=repr)))
    if isinstance(value, list | tuple):
        return ("seq", tuple(value))
    return value


def query_key(query: ListQuery) -> Hashable | None:
    """A hashable key that identifies the statement of ``query`` (None if unhashable)."""
    filters = tuple(sorted((k, _hashable(v)) for k, v in query.filters.items()))
    key = (
        query.text,
        filters,
        query.date_from,
        query.date_to,
        query.sort_key,
        query.descending,
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _customer_name_matches(word: str) -> Expression:
    return Customer.select(Customer.id).where(Customer.name.contains(word))


def _enum_matches(field: EnumField, word: str) -> Expression:
    """Rows whose enum column's token or label (in the active language) contains ``word``."""
    needle = word.casefold()
    members = [
        m
        for m in field.enum
        if needle in str(m.value).casefold() or needle in str(getattr(m, "label", "")).casefold()
    ]
    return field.in_(members)


class ModelSource:
    """A :class:`~di_desk.services.listing.RowSource` over one model.

    Subclasses declare ``model``, ``filters`` (key → field), ``sorts``
    (key → expression), ``date_field``, ``default_sort`` and implement
    :meth:`_text_condition`; one with columns from other tables declares
    :meth:`_join` and :meth:`_extra_columns`.
    """

    model: ClassVar[type[Model]]
    date_field: ClassVar[Field | None] = None
    default_sort: ClassVar[tuple[str, bool]] = ("id", False)  # key, descending
    #: sort keys whose expression needs :meth:`_join_for_sort`
    joined_sorts: ClassVar[frozenset[str]] = frozenset()
    #: join for every query (filters on joined tables)
    always_join: ClassVar[bool] = False

    def __init__(self, db: Database) -> None:
        self.db = db
        self.filters: Mapping[str, Node] = self._filters()
        self.sorts: Mapping[str, Node] = {"id": self.model.id, **self._sorts()}
        self.sortable: frozenset[str] = frozenset(self.sorts)
        self.filterable: frozenset[str] = frozenset(self.filters)
        fields = tuple(self.model._meta.sorted_fields)
        extra = self._extra_columns()
        self._columns: tuple[Node, ...] = (*fields, *(expr for _, expr in extra))
        keys = tuple(column_key(f) for f in fields) + tuple(k for k, _ in extra)
        self._row_type = row_type(f"{self.model.__name__}Row", keys, self._columns)
        self._statements: OrderedDict[Hashable, tuple[str, tuple[Any, ...]]] = OrderedDict()
        self._rows_statements: dict[int, str] = {}
        self._lock = threading.Lock()  # views page from worker threads
        #: a first page of up to this many rows is read with its rows (0: ids only)
        self.page_rows = PAGE_ROWS
        self._page = PageCache(db)

    @classmethod
    def sortable_keys(cls) -> frozenset[str]:
        """The sort keys, without a database (for building menus and tests)."""
        return frozenset({"id", *cls._sorts(cls)})  # type: ignore[arg-type]

    # declarations

    def _filters(self) -> dict[str, Node]:
        return {}

    def _sorts(self) -> dict[str, Node]:
        return {}

    def _text_condition(self, word: str) -> Expression:
        raise NotImplementedError

    def _join(self, query: Any) -> Any:
        """``query`` joined to the other tables of the sorts, filters and extra columns."""
        return query

    def _join_for_sort(self, query: Any) -> Any:
        return self._join(query)

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        """Display columns from other tables: (key, expression)."""
        return ()

    def _rows_query(self, columns: Sequence[Node]) -> Any:
        return self._join(self.model.select(*columns))

    # building queries

    def _where(self, query: ListQuery) -> list[Expression]:
        conditions: list[Expression] = []
        for key, value in query.filters.items():
            if key not in self.filters:
                raise ValueError(
                    f"{type(self).__name__} cannot filter by {key!r}; "
                    f"known: {sorted(self.filterable)}"
                )
            if value is None:
                continue
            target = self.filters[key]
            if isinstance(value, IdSet):
                # One parameter whatever the count (SQLite caps the parameters).
                ids = SQL("(SELECT value FROM json_each(?))", [json.dumps(sorted(value))])
                conditions.append(target.in_(ids))
            elif isinstance(value, list | tuple | set | frozenset):
                conditions.append(target.in_(list(value)))
            else:
                conditions.append(target == value)
        if self.date_field is not None:
            if query.date_from is not None:
                conditions.append(self.date_field >= query.date_from)
            if query.date_to is not None:
                conditions.append(self.date_field < query.date_to)
        for word in search_words(query.text):
            conditions.append(self._text_condition(word))
        return conditions

    def _sort(self, query: ListQuery) -> tuple[str, Node, bool]:
        if query.sort_key is None:
            key, descending = self.default_sort
        else:
            key, descending = query.sort_key, query.descending
        if key not in self.sorts:
            raise ValueError(
                f"{type(self).__name__} cannot sort by {key!r}; known: {sorted(self.sortable)}"
            )
        return key, self.sorts[key], descending

    def _filtered_and_sorted(self, select: Any, query: ListQuery, expr: Node, desc: bool) -> Any:
        conditions = self._where(query)
        if conditions:
            select = select.where(*conditions)
        if desc:
            return select.order_by(expr.desc(), self.model.id.desc())
        return select.order_by(expr.asc(), self.model.id.asc())

    def _select_ids(self, query: ListQuery) -> Any:
        key, expr, descending = self._sort(query)
        select = self.model.select(self.model.id)
        if self.always_join or key in self.joined_sorts:
            select = self._join_for_sort(select)
        return self._filtered_and_sorted(select, query, expr, descending)

    def _sort_column(self, query: ListQuery) -> int:
        """The position of the sort value in the page statement's rows (keyset paging needs it)."""
        expr = self._sort(query)[1]
        for i, column in enumerate(self._columns):
            if column is expr:
                return i
        return len(self._columns)  # appended after the row's columns

    def _select_page(self, query: ListQuery) -> Any:
        """The rows of ``query`` in its order (and the sort value, unless it is a column).

        The rows' joins follow foreign keys that are never NULL (or are LEFT
        OUTER), so they give the same rows as :meth:`_select_ids`.
        """
        _key, expr, descending = self._sort(query)
        columns = list(self._columns)
        if self._sort_column(query) == len(columns):
            columns.append(expr)
        return self._filtered_and_sorted(self._rows_query(columns), query, expr, descending)

    def _count_select(self, query: ListQuery) -> Any:
        select = self.model.select(fn.COUNT(SQL("*")))
        if self.always_join:
            select = self._join_for_sort(select)
        conditions = self._where(query)
        return select.where(*conditions) if conditions else select

    def _statement(self, kind: str, query: ListQuery) -> tuple[str, tuple[Any, ...]]:
        """The compiled SQL and parameters of ``query`` (cached: views ask again and again)."""
        key = query_key(query)
        # A text search matches enum labels in the active language: a
        # statement compiled in one language is not reused in the other.
        language = current_language() if query.text else ""
        cache_key = None if key is None else (kind, language, key)
        if cache_key is not None:
            with self._lock:
                cached = self._statements.get(cache_key)
                if cached is not None:
                    self._statements.move_to_end(cache_key)
                    return cached
        if kind == "count":
            sql, params = self._count_select(query).sql()
        elif kind == "page":
            sql, params = self._select_page(query).limit(_LIMIT).sql()
            if not params or params[-1] != _LIMIT:  # pragma: no cover - peewee change
                raise RuntimeError("unexpected shape of the page statement")
            params = params[:-1]
        else:
            select = self._select_ids(query).limit(_LIMIT).offset(_OFFSET)
            sql, params = select.sql()
            if list(params[-2:]) != [_LIMIT, _OFFSET]:  # pragma: no cover - peewee change
                raise RuntimeError("unexpected shape of the paged statement")
            params = params[:-2]
        statement = (sql, tuple(params))
        if cache_key is not None:
            with self._lock:
                self._statements[cache_key] = statement
                if len(self._statements) > STATEMENT_CACHE:
                    self._statements.popitem(last=False)
        return statement

    # the RowSource protocol

    def count(self, query: ListQuery) -> int:
        sql, params = self._statement("count", query)
        return int(self.db.execute_sql(sql, params).fetchone()[0])

    def ids(self, query: ListQuery, offset: int, limit: int) -> list[int]:
        """The ids of ``limit`` rows from ``offset``; a first page is read with its rows."""
        self._page.clear()
        if offset == 0 and limit > 0 and self.page_rows > 0:
            head = min(limit, self.page_rows)
            ids, _rows = self._first_rows(query, head)
            if len(ids) == head < limit:
                ids += self._ids_only(query, head, limit - head)
            return ids
        return self._ids_only(query, offset, limit)

    def _ids_only(self, query: ListQuery, offset: int, limit: int) -> list[int]:
        sql, params = self._statement("ids", query)
        cursor = self.db.execute_sql(sql, (*params, limit, offset))
        return [row[0] for row in cursor.fetchall()]

    def _first_rows(self, query: ListQuery, limit: int) -> tuple[list[int], list[Any]]:
        """The ids and database tuples of the first ``limit`` rows (:meth:`_select_page`).

        The page cache keeps the tuples for the ``rows()`` calls that follow,
        while the database is unchanged (the stamp is taken before reading).
        """
        sql, params = self._statement("page", query)
        stamp = self._page.stamp()
        rows = self.db.execute_sql(sql, (*params, limit)).fetchall()
        ids = list(map(_first, rows))
        self._page.keep(stamp, ids, rows)
        return ids, rows

    def ids_after(self, query: ListQuery, after_id: int | None, limit: int) -> list[int]:
        """The ``limit`` ids that follow ``after_id`` in the query's order (keyset paging).

        ``after_id=None`` gives the first page; an id no longer in the table
        gives an empty page (start again from the top).
        """
        if after_id is None:
            return self.ids(query, 0, limit)
        self._page.clear()
        key, expr, descending = self._sort(query)
        anchor_query = self.model.select(expr)
        if self.always_join or key in self.joined_sorts:
            anchor_query = self._join_for_sort(anchor_query)
        anchor = anchor_query.where(self.model.id == after_id).tuples().first()
        if anchor is None:
            return []
        value = anchor[0]
        pk = self.model.id
        if descending:
            if value is None:
                after = expr.is_null() & (pk < after_id)
            else:
                after = (expr < value) | ((expr == value) & (pk < after_id)) | expr.is_null()
        elif value is None:
            after = (expr.is_null() & (pk > after_id)) | expr.is_null(False)
        else:
            after = (expr > value) | ((expr == value) & (pk > after_id))
        select = self._select_ids(query).where(after).limit(limit)
        return [row[0] for row in select.tuples()]

    def _rows_statement(self, size: int) -> str:
        """``SELECT … WHERE id IN (?, …)`` for ``size`` ids (views ask for few sizes)."""
        sql = self._rows_statements.get(size)
        if sql is None:
            if len(self._rows_statements) >= STATEMENT_CACHE:
                self._rows_statements.clear()
            stand_ins = list(range(1, size + 1))
            select = self._rows_query(list(self._columns)).where(self.model.id.in_(stand_ins))
            sql, params = select.sql()
            if list(params) != stand_ins:  # pragma: no cover - peewee change
                raise RuntimeError("unexpected shape of the rows statement")
            self._rows_statements[size] = sql
        return sql

    def rows(self, ids: Sequence[int]) -> dict[int, SourceRow]:
        """The rows of ``ids`` (missing ids omitted); values are converted when read."""
        make = self._row_type
        kept_ids, kept, missing = self._page.take(list(ids))
        result: dict[int, SourceRow] = dict(zip(kept_ids, map(make, kept), strict=True))
        for start in range(0, len(missing), ROWS_CHUNK):
            chunk = missing[start : start + ROWS_CHUNK]
            sql = self._rows_statement(len(chunk))
            for values in self.db.execute_sql(sql, chunk).fetchall():
                result[values[0]] = make(values)
        return result


def _join_customer(query: Any, model: type[Model]) -> Any:
    return query.join(Customer, on=(model.customer == Customer.id))


class BackupSource(ModelSource):
    """BAK-1..3: backups, newest first by default; date range on ``taken_at``."""

    model = Backup
    date_field = Backup.taken_at
    default_sort = ("taken_at", True)
    joined_sorts = frozenset({"customer"})

    def _filters(self) -> dict[str, Node]:
        return {
            "customer_id": Backup.customer,
            "application": Backup.application,
            "result": Backup.result,
            "source": Backup.source,
        }

    def _sorts(self) -> dict[str, Node]:
        return {
            "taken_at": Backup.taken_at,
            "customer": Customer.name,
            "application": Backup.application,
            "result": Backup.result,
            "size_bytes": Backup.size_bytes,
        }

    def _text_condition(self, word: str) -> Expression:
        return (
            Backup.customer.in_(_customer_name_matches(word))
            | _enum_matches(Backup.application, word)
            | Backup.source.contains(word)
        )

    def _join(self, query: Any) -> Any:
        return _join_customer(query, Backup)

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        return (("customer", Customer.name),)


def _case_status_order() -> Node:
    """CASE-10 life-cycle order (draft first) rather than alphabetical."""
    return Case(SupportCase.status, [(s.value, i) for i, s in enumerate(CaseStatus)], 99)


class CaseSource(ModelSource):
    """CASE-*: support cases, newest first by default; date range on ``opened_at``."""

    model = SupportCase
    date_field = SupportCase.opened_at
    default_sort = ("opened_at", True)
    joined_sorts = frozenset({"customer"})

    def _filters(self) -> dict[str, Node]:
        return {
            "customer_id": SupportCase.customer,
            "status": SupportCase.status,
            "severity": SupportCase.severity,
            "category": SupportCase.category,
            "impact": SupportCase.impact,
            "urgency": SupportCase.urgency,
        }

    def _sorts(self) -> dict[str, Node]:
        return {
            "opened_at": SupportCase.opened_at,
            "severity": SupportCase.severity,
            "status": _case_status_order(),
            "response_due": SupportCase.response_due,
            "acknowledged_at": SupportCase.acknowledged_at,
            "category": SupportCase.category,
            "customer": Customer.name,
        }

    def _text_condition(self, word: str) -> Expression:
        c = SupportCase
        return (
            c.customer.in_(_customer_name_matches(word))
            | c.problem.contains(word)
            | c.contract.contains(word)
            | c.rep_name.contains(word)
            | c.rep_email.contains(word)
            | c.provider_ref.contains(word)
        )

    def _join(self, query: Any) -> Any:
        return _join_customer(query, SupportCase)

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        return (("customer", Customer.name),)


class MaintenanceSource(ModelSource):
    """MAINT-*: maintenance events by start; the date range applies to ``start``."""

    model = MaintenanceEvent
    date_field = MaintenanceEvent.start
    default_sort = ("start", False)
    joined_sorts = frozenset({"customer"})

    def _filters(self) -> dict[str, Node]:
        m = MaintenanceEvent
        return {
            "id": m.id,
            "customer_id": m.customer,
            "cluster_id": m.cluster,
            "region": m.region,
            "type": m.type,
            "status": m.status,
            "urgent": m.urgent,
            "review_state": m.review_state,
        }

    def _sorts(self) -> dict[str, Node]:
        m = MaintenanceEvent
        return {
            "start": m.start,
            "end": m.end,
            "type": m.type,
            "region": m.region,
            "status": m.status,
            "customer": Customer.name,
        }

    def _text_condition(self, word: str) -> Expression:
        m = MaintenanceEvent
        clusters = Cluster.select(Cluster.id).where(Cluster.name.contains(word))
        return (
            m.customer.in_(_customer_name_matches(word))
            | m.cluster.in_(clusters)
            | m.reason.contains(word)
            | m.emergency_reason.contains(word)
        )

    def _join(self, query: Any) -> Any:
        return _join_customer(query, MaintenanceEvent)

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        return (("customer", Customer.name), ("cluster", Cluster.name))

    def _rows_query(self, columns: Sequence[Node]) -> Any:
        m = MaintenanceEvent  # the sorts need only the customer; the rows show the cluster
        return (
            self._join(m.select(*columns))
            .switch(m)
            .join(Cluster, JOIN.LEFT_OUTER, on=(m.cluster == Cluster.id))
        )


class CustomerSource(ModelSource):
    """Customers by name."""

    model = Customer
    default_sort = ("name", False)

    def _filters(self) -> dict[str, Node]:
        return {"region": Customer.region, "sso": Customer.sso, "calendar": Customer.calendar}

    def _sorts(self) -> dict[str, Node]:
        c = Customer
        return {
            "name": c.name,
            "region": c.region,
            "calendar": c.calendar,
            "contracted_knowledge_workers": c.contracted_knowledge_workers,
            "contracted_workspace_devices": c.contracted_workspace_devices,
            "planned_knowledge_workers": c.planned_knowledge_workers,
            "planned_workspace_devices": c.planned_workspace_devices,
        }

    def _text_condition(self, word: str) -> Expression:
        c = Customer
        return c.name.contains(word) | c.notes.contains(word) | c.calendar.contains(word)


class ApplicationSource(ModelSource):
    """REL-6: installed applications with their cluster and customer."""

    model = Application
    default_sort = ("customer", False)
    joined_sorts = frozenset({"customer", "cluster"})
    always_join = True  # filters and search refer to the cluster

    def _filters(self) -> dict[str, Node]:
        return {
            "customer_id": Cluster.customer,
            "cluster_id": Application.cluster,
            "application": Application.kind,
            "version": Application.version,
            "is_sme": Cluster.is_sme,
        }

    def _sorts(self) -> dict[str, Node]:
        return {
            "customer": Customer.name,
            "cluster": Cluster.name,
            "application": Application.kind,
            "version": Application.version,
        }

    def _text_condition(self, word: str) -> Expression:
        return (
            Cluster.customer.in_(_customer_name_matches(word))
            | Cluster.name.contains(word)
            | Application.version.contains(word)
            | _enum_matches(Application.kind, word)
        )

    def _join(self, query: Any) -> Any:
        return query.join(Cluster, on=(Application.cluster == Cluster.id)).join(
            Customer, on=(Cluster.customer == Customer.id)
        )

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        return (
            ("cluster", Cluster.name),
            ("customer_id", Cluster.customer),
            ("customer", Customer.name),
            ("is_sme", Cluster.is_sme),
            ("cluster_region", Cluster.region),
            ("publisher_region", Cluster.publisher_region),
            ("customer_region", Customer.region),
        )
