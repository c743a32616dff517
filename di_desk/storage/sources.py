"""Row sources for the list views: SQL-side search, filters, date range, sort and paging.

Each source implements :class:`di_desk.services.listing.RowSource` for one
table. Text search matches every word of ``ListQuery.text`` (case-insensitive
``LIKE``) against a few columns; filters are equalities (a list, tuple or set
means "any of"); the date range applies to the source's date column; the sort
is one declared column plus the id as tie-breaker, so pages are stable. Sorts
and filters the views offer have indexes (see ``tables.py``).

Paging: :meth:`ModelSource.ids` takes an offset; :meth:`ModelSource.ids_after`
pages by key (the last id seen), which stays fast deep into large tables.
NULLs sort first ascending and last descending (SQLite's order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from peewee import JOIN, Case, Database, Expression, Field, Model, Node

from di_desk.domain.enums import CaseStatus
from di_desk.services.listing import ListQuery
from di_desk.storage.repositories import column_key
from di_desk.storage.tables import (
    Application,
    Backup,
    Cluster,
    Customer,
    MaintenanceEvent,
    SupportCase,
)

ROWS_CHUNK = 500


def _customer_name_matches(word: str) -> Expression:
    return Customer.select(Customer.id).where(Customer.name.contains(word))


class ModelSource:
    """A :class:`~di_desk.services.listing.RowSource` over one model.

    Subclasses declare ``model``, ``filters`` (key → field), ``sorts``
    (key → expression), ``date_field``, ``default_sort`` and implement
    :meth:`_text_condition` and :meth:`_rows_query`.
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
        self._fields = fields
        self._keys = tuple(column_key(f) for f in fields)

    # declarations

    def _filters(self) -> dict[str, Node]:
        return {}

    def _sorts(self) -> dict[str, Node]:
        return {}

    def _text_condition(self, word: str) -> Expression:
        raise NotImplementedError

    def _join_for_sort(self, query: Any) -> Any:
        return query

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        """Display columns from other tables: (key, expression)."""
        return ()

    def _rows_query(self, columns: Sequence[Node]) -> Any:
        return self.model.select(*columns)

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
            if isinstance(value, list | tuple | set | frozenset):
                conditions.append(target.in_(list(value)))
            else:
                conditions.append(target == value)
        if self.date_field is not None:
            if query.date_from is not None:
                conditions.append(self.date_field >= query.date_from)
            if query.date_to is not None:
                conditions.append(self.date_field < query.date_to)
        for word in query.text.split():
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

    def _select_ids(self, query: ListQuery) -> Any:
        key, expr, descending = self._sort(query)
        select = self.model.select(self.model.id)
        if self.always_join or key in self.joined_sorts:
            select = self._join_for_sort(select)
        conditions = self._where(query)
        if conditions:
            select = select.where(*conditions)
        if descending:
            return select.order_by(expr.desc(), self.model.id.desc())
        return select.order_by(expr.asc(), self.model.id.asc())

    # the RowSource protocol

    def count(self, query: ListQuery) -> int:
        select = self.model.select()
        if self.always_join:
            select = self._join_for_sort(select)
        conditions = self._where(query)
        if conditions:
            select = select.where(*conditions)
        return int(select.count())

    def ids(self, query: ListQuery, offset: int, limit: int) -> list[int]:
        select = self._select_ids(query).offset(offset).limit(limit)
        return [row[0] for row in select.tuples()]

    def ids_after(self, query: ListQuery, after_id: int | None, limit: int) -> list[int]:
        """The ``limit`` ids that follow ``after_id`` in the query's order (keyset paging).

        ``after_id=None`` gives the first page; an id no longer in the table
        gives an empty page (start again from the top).
        """
        if after_id is None:
            return self.ids(query, 0, limit)
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

    def rows(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        extra = self._extra_columns()
        keys = self._keys + tuple(k for k, _ in extra)
        columns = [*self._fields, *(expr for _, expr in extra)]
        ids = list(ids)
        result: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), ROWS_CHUNK):
            chunk = ids[start : start + ROWS_CHUNK]
            query = self._rows_query(columns).where(self.model.id.in_(chunk))
            for values in query.tuples():
                row = dict(zip(keys, values, strict=True))
                result[row["id"]] = row
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
            | Backup.application.contains(word)
            | Backup.source.contains(word)
        )

    def _join_for_sort(self, query: Any) -> Any:
        return _join_customer(query, Backup)

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        return (("customer", Customer.name),)

    def _rows_query(self, columns: Sequence[Node]) -> Any:
        return _join_customer(Backup.select(*columns), Backup)


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

    def _join_for_sort(self, query: Any) -> Any:
        return _join_customer(query, SupportCase)

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        return (("customer", Customer.name),)

    def _rows_query(self, columns: Sequence[Node]) -> Any:
        return _join_customer(SupportCase.select(*columns), SupportCase)


class MaintenanceSource(ModelSource):
    """MAINT-*: maintenance events by start; the date range applies to ``start``."""

    model = MaintenanceEvent
    date_field = MaintenanceEvent.start
    default_sort = ("start", False)
    joined_sorts = frozenset({"customer"})

    def _filters(self) -> dict[str, Node]:
        m = MaintenanceEvent
        return {
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

    def _join_for_sort(self, query: Any) -> Any:
        return _join_customer(query, MaintenanceEvent)

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        return (("customer", Customer.name), ("cluster", Cluster.name))

    def _rows_query(self, columns: Sequence[Node]) -> Any:
        m = MaintenanceEvent
        return (
            _join_customer(m.select(*columns), m)
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
            | Application.kind.contains(word)
        )

    @staticmethod
    def _join(query: Any) -> Any:
        return query.join(Cluster, on=(Application.cluster == Cluster.id)).join(
            Customer, on=(Cluster.customer == Customer.id)
        )

    def _join_for_sort(self, query: Any) -> Any:
        return self._join(query)

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

    def _rows_query(self, columns: Sequence[Node]) -> Any:
        return self._join(Application.select(*columns))
