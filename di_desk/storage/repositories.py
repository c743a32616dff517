"""Create, read, update and delete rows as plain dicts, with audit and row versions.

A row dict has one key per column: the field name, or ``<name>_id`` for a
foreign key (``customer_id``). Values are Python values: enum members, aware
UTC datetimes, dates. Every change is audited; updates of versioned tables
take the ``row_version`` the user saw and raise :class:`StaleEdit` when the row
changed meanwhile (optimistic concurrency, no locks held while editing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from peewee import Database, Field, ForeignKeyField, Model

from di_desk.domain.enums import CaseStatus, Party, Severity
from di_desk.storage import audit
from di_desk.storage.errors import RowNotFound, StaleEdit
from di_desk.storage.tables import (
    Customer,
    SeverityChange,
    SupportCase,
    VersionedModel,
)

VERSION = "row_version"


def column_key(field: Field) -> str:
    """The dict key of ``field``: ``customer_id`` for a foreign key, else its name."""
    return field.column_name if isinstance(field, ForeignKeyField) else field.name


def field_for(model: type[Model], key: str) -> Field:
    """The field of ``model`` named ``key`` (field name or column name)."""
    fields = model._meta.fields
    if key in fields:
        return fields[key]
    for field in fields.values():
        if field.column_name == key:
            return field
    raise KeyError(f"{model.__name__} has no column {key!r}")


class Repository:
    """CRUD for one table, returning dicts."""

    def __init__(self, db: Database, model: type[Model], entity: str | None = None) -> None:
        self.db = db
        self.model = model
        self.entity = entity or model._meta.table_name
        self.fields: tuple[Field, ...] = tuple(model._meta.sorted_fields)
        self.keys: tuple[str, ...] = tuple(column_key(f) for f in self.fields)
        self.versioned = issubclass(model, VersionedModel)

    # reading

    def _select(self) -> Any:
        return self.model.select(*self.fields)

    def _dicts(self, query: Any) -> list[dict[str, Any]]:
        keys = self.keys
        return [dict(zip(keys, row, strict=True)) for row in query.tuples()]

    def get(self, row_id: int) -> dict[str, Any] | None:
        rows = self._dicts(self._select().where(self.model._meta.primary_key == row_id))
        return rows[0] if rows else None

    def require(self, row_id: int) -> dict[str, Any]:
        row = self.get(row_id)
        if row is None:
            raise RowNotFound(self.entity, row_id)
        return row

    def check_version(
        self, row_id: int, current: Mapping[str, Any], expected_version: int | None
    ) -> None:
        """:class:`StaleEdit` when ``current`` is no longer the ``expected_version``
        the caller read (versioned tables; None expects nothing)."""
        if self.versioned and expected_version is not None and current[VERSION] != expected_version:
            raise StaleEdit(self.entity, row_id, expected_version, current[VERSION])

    def get_many(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        pk = self.model._meta.primary_key
        result: dict[int, dict[str, Any]] = {}
        ids = list(ids)
        for start in range(0, len(ids), 500):
            for row in self._dicts(self._select().where(pk.in_(ids[start : start + 500]))):
                result[row["id"]] = row
        return result

    def find(self, *, order_by: Sequence[str] = ("id",), **equals: Any) -> list[dict[str, Any]]:
        """Rows whose columns equal ``equals`` (``None`` matches NULL)."""
        query = self._select()
        for key, value in equals.items():
            field = field_for(self.model, key)
            query = query.where(field.is_null() if value is None else field == value)
        order = [
            field_for(self.model, k[1:]).desc() if k.startswith("-") else field_for(self.model, k)
            for k in order_by
        ]
        return self._dicts(query.order_by(*order))

    # writing

    def _values(self, values: Mapping[str, Any]) -> dict[Field, Any]:
        return {field_for(self.model, key): value for key, value in values.items()}

    def create(self, who: str, /, **values: Any) -> dict[str, Any]:
        """Insert a row (audited); returns it as stored."""
        values.pop("id", None)
        values.pop(VERSION, None)
        with self.db.atomic():
            row_id = self.model.insert(self._values(values)).execute()
            audit.record(who, self.entity, row_id, None, None, "created")
            return self.require(row_id)

    def update(
        self, row_id: int, expected_version: int | None, who: str, /, **changes: Any
    ) -> dict[str, Any]:
        """Change columns of one row; one audit row per changed column.

        On a versioned table ``expected_version`` is the ``row_version`` the
        user's copy has; a different stored version raises :class:`StaleEdit`.
        Returns the row as stored (``row_version`` + 1 when something changed).
        """
        changes.pop("id", None)
        changes.pop(VERSION, None)
        pk = self.model._meta.primary_key
        with self.db.atomic():
            current = self.get(row_id)
            if current is None:
                if self.versioned and expected_version is not None:
                    raise StaleEdit(self.entity, row_id, expected_version, None)
                raise RowNotFound(self.entity, row_id)
            self.check_version(row_id, current, expected_version)
            fields = self._values(changes)
            stored = {f: f.python_value(f.db_value(v)) for f, v in fields.items()}
            changed = {f: v for f, v in stored.items() if current[column_key(f)] != v}
            if not changed:
                return current
            update: dict[Any, Any] = dict(changed)
            query = self.model.update(update)
            if self.versioned:
                version_field = self.model._meta.fields[VERSION]
                update[version_field] = version_field + 1
                query = self.model.update(update).where(
                    pk == row_id, version_field == current[VERSION]
                )
            else:
                query = query.where(pk == row_id)
            if query.execute() != 1:  # changed between our read and write
                raise StaleEdit(self.entity, row_id, current.get(VERSION) or 0, None)
            now = datetime.now(UTC)
            for field, value in changed.items():
                key = column_key(field)
                audit.record(who, self.entity, row_id, key, current[key], value, at=now)
            return self.require(row_id)

    def delete(self, row_id: int, expected_version: int | None, who: str) -> None:
        """Delete one row (and its dependants, by cascade), audited."""
        pk = self.model._meta.primary_key
        with self.db.atomic():
            current = self.get(row_id)
            if current is None:
                raise RowNotFound(self.entity, row_id)
            self.check_version(row_id, current, expected_version)
            self.model.delete().where(pk == row_id).execute()
            audit.record(who, self.entity, row_id, None, "exists", "deleted")


# --- operations that touch more than one table ----------------------------------------


def customer_names(db: Database) -> list[tuple[int, str]]:
    """Customer ids and names, by name (for filters and choosers)."""
    query = Customer.select(Customer.id, Customer.name).order_by(Customer.name)
    return [(cid, name) for cid, name in db.execute(query).fetchall()]  # plain tuples


def customer_ids_by_name(db: Database) -> dict[str, int]:
    """Customer ids keyed by case-folded name (imports match names case-insensitively)."""
    query = Customer.select(Customer.id, Customer.name).tuples()
    return {name.casefold(): cid for cid, name in query}


def set_case_status(
    db: Database,
    case_id: int,
    expected_version: int,
    status: CaseStatus,
    who: str,
    **also: Any,
) -> dict[str, Any]:
    """CASE-10: move a case to ``status`` (audited), with any timestamps in ``also``."""
    return Repository(db, SupportCase).update(case_id, expected_version, who, status=status, **also)


def change_severity(
    db: Database,
    case_id: int,
    expected_version: int,
    to: Severity,
    by: Party,
    reason: str,
    who: str,
    *,
    at: datetime,
    response_due: datetime | None = None,
) -> dict[str, Any]:
    """CASE-9: record a severity change and apply it to the case in one transaction.

    ``response_due`` is the recomputed due time (the caller applies the rule);
    ``None`` leaves it as it is.
    """
    cases = Repository(db, SupportCase)
    with db.atomic():
        current = cases.require(case_id)
        cases.check_version(case_id, current, expected_version)
        SeverityChange.insert(
            case=case_id,
            at=at,
            from_severity=current["severity"],
            to_severity=to,
            by=by,
            reason=reason,
        ).execute()
        changes: dict[str, Any] = {"severity": to}
        if response_due is not None:
            changes["response_due"] = response_due
        return cases.update(case_id, expected_version, who, **changes)
