"""Fast inserts for imports and demo data: one transaction, prepared statement, chunks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice
from typing import Any

from peewee import Database, Field, Model

from di_desk.i18n import _
from di_desk.storage import audit
from di_desk.storage.errors import StorageError
from di_desk.storage.repositories import field_for
from di_desk.storage.tables import Backup

CHUNK_SIZE = 10_000


class BulkCancelled(StorageError):
    """The progress callback asked to stop; nothing was inserted."""


def _columns(model: type[Model], keys: Sequence[str]) -> list[Field]:
    fields = [field_for(model, key) for key in keys]
    given = set(fields)
    # Columns with a default that the rows do not set get it, as Model.insert does.
    for field in model._meta.sorted_fields:
        if field not in given and field.default is not None and not field.primary_key:
            fields.append(field)
    return fields


def bulk_insert(
    db: Database,
    model: type[Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Sequence[str] | None = None,
    chunk_size: int = CHUNK_SIZE,
    who: str | None = None,
    progress: Callable[[int], bool | None] | None = None,
) -> int:
    """Insert ``rows`` (dicts keyed like repository rows) in one transaction.

    Every row must have the keys of ``columns`` (default: the first row's).
    Values are Python values (enums or tokens, aware datetimes); they are
    converted by the columns' own rules. ``progress(n_done)`` is called after
    every chunk; returning ``False`` cancels and rolls everything back
    (:class:`BulkCancelled`). With ``who``, one audit row records the import.
    Returns the number of rows inserted.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    keys = list(columns if columns is not None else first.keys())
    fields = _columns(model, keys)
    n_keys = len(keys)
    sql, params = model.insert_many([[None] * len(fields)], fields=fields).sql()
    if len(params) != len(fields):  # pragma: no cover - guards a peewee change
        raise RuntimeError("unexpected insert statement shape")
    pairs = [(key, f.db_value) for key, f in zip(keys, fields, strict=False)]
    tail_fields = fields[n_keys:]
    if any(callable(f.default) for f in tail_fields):

        def tail() -> tuple[Any, ...]:
            return tuple(
                f.db_value(f.default() if callable(f.default) else f.default) for f in tail_fields
            )

    else:
        constant = tuple(f.db_value(f.default) for f in tail_fields)

        def tail() -> tuple[Any, ...]:
            return constant

    def convert(row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (*[conv(row[key]) for key, conv in pairs], *tail())

    done = 0
    source = iter(((first,), iterator))
    chained = (row for part in source for row in part)
    with db.atomic():
        cursor = db.cursor()
        while True:
            chunk = [convert(row) for row in islice(chained, chunk_size)]
            if not chunk:
                break
            cursor.executemany(sql, chunk)
            done += len(chunk)
            if progress is not None and progress(done) is False:
                raise BulkCancelled(_("The import was cancelled; nothing was saved."))
        if who is not None:
            audit.record(who, model._meta.table_name, None, "import", None, f"{done} rows")
    return done


def bulk_insert_backups(
    db: Database,
    rows: Iterable[Mapping[str, Any]],
    *,
    who: str | None = None,
    progress: Callable[[int], bool | None] | None = None,
) -> int:
    """BAK-1: insert backup rows (``customer_id``, ``application``, ``taken_at``,
    ``result``, optional ``size_bytes``, ``source``)."""
    return bulk_insert(db, Backup, rows, who=who, progress=progress)
