"""Rows of the list sources: values converted when read, and the first page kept aside.

A list view asks a source for a page of ids and then, for the rows it
paints, ``rows(ids)``. Two things make that cheap:

* :class:`SourceRow` holds the database tuple of one row and converts a value
  (an epoch integer to an aware UTC datetime, a token to its enum member)
  only when it is read, with converters looked up once per column
  (:func:`reader`). A view reads the few columns it shows of the rows on
  screen; a row never painted is never converted.
* :class:`PageCache` keeps the tuples of the page that ``ids()`` read in the
  same query as the ids, for the ``rows()`` calls that follow. It serves only
  ids of that page and only while the database is unchanged as seen from the
  connection that read it (:func:`~di_desk.storage.db.change_stamp`: no write
  by this connection, no commit by another one); every ``ids()`` call
  replaces or clears it. A ``rows()`` after an edit therefore reads the
  database again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    Database,
    Field,
    ForeignKeyField,
    IntegerField,
    Node,
    TextField,
)

from di_desk.storage.db import change_stamp
from di_desk.storage.fields import EPOCH, EnumField, UtcDateTimeField

Converter = Callable[[Any], Any]

#: column types whose database value is already the Python value
_RAW_TYPES = (AutoField, IntegerField, BigIntegerField, CharField, TextField, ForeignKeyField)


def _instant(value: int) -> datetime:
    """An epoch integer as an aware UTC datetime (as ``UtcDateTimeField.python_value``)."""
    if value >= 0:  # fromtimestamp is twice as fast, but fails before 1970 on Windows
        return datetime.fromtimestamp(value, UTC)
    return EPOCH + timedelta(seconds=value)


class _Members(dict[Any, Any]):
    """Token → enum member; a token this version does not know reads as itself (text)."""

    def __missing__(self, key: Any) -> Any:
        return key


def reader(node: Node) -> Converter | None:
    """How to turn a database value of column ``node`` into a Python value (None: as is).

    Never called with None (a NULL stays None).
    """
    if not isinstance(node, Field) or type(node) in _RAW_TYPES:
        return None
    if isinstance(node, UtcDateTimeField):
        return _instant
    if isinstance(node, EnumField):
        return _Members(node._members).__getitem__
    if isinstance(node, BooleanField):
        return bool
    return node.python_value


class SourceRow(Mapping[str, Any]):
    """One row of a list (column key → Python value), converted when a value is read.

    Behaves as a read-only mapping (``row["taken_at"]``, ``row.get(…)``,
    ``dict(row)``, ``==`` with a dict); copying or pickling gives a plain dict.
    Each source has its own subclass (:func:`row_type`) that knows the keys.
    """

    __slots__ = ("_converted", "_values")
    _keys: ClassVar[tuple[str, ...]] = ()
    _index: ClassVar[dict[str, int]] = {}
    _convert: ClassVar[tuple[Converter | None, ...]] = ()

    def __init__(self, values: Sequence[Any]) -> None:
        self._values = values  # the database tuple (it may carry more values at the end)
        self._converted: dict[int, Any] | None = None  # column → value, once read

    def __getitem__(self, key: str) -> Any:
        i = self._index[key]
        convert = self._convert[i]
        if convert is None:
            return self._values[i]
        return self._converted_value(i, convert)

    def get(self, key: str, default: Any = None) -> Any:
        i = self._index.get(key)
        if i is None:
            return default
        convert = self._convert[i]
        if convert is None:
            return self._values[i]
        return self._converted_value(i, convert)

    def _converted_value(self, i: int, convert: Converter) -> Any:
        converted = self._converted
        if converted is None:
            converted = self._converted = {}
        elif i in converted:
            return converted[i]  # views read a cell for several roles: convert once
        value = self._values[i]
        if value is not None:
            value = convert(value)
        converted[i] = value
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))


def row_type(name: str, keys: Sequence[str], columns: Sequence[Node]) -> type[SourceRow]:
    """A :class:`SourceRow` subclass for rows whose values are ``columns`` (named ``keys``)."""
    if len(keys) != len(columns):
        raise ValueError("one key per column")
    namespace = {
        "__slots__": (),
        "_keys": tuple(keys),
        "_index": {key: i for i, key in enumerate(keys)},
        "_convert": tuple(reader(c) for c in columns),
    }
    return type(name, (SourceRow,), namespace)


class PageCache:
    """The database tuples of the page the last ``ids()`` read, for the ``rows()`` that follow.

    Thread-safe: the entry is replaced as a whole, and it is served only to
    the connection (thread) that read it.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        #: (stamp, ids, database tuples) of the page
        self._entry: tuple[Hashable, list[int], list[Any]] | None = None
        self._lock = threading.Lock()

    def stamp(self) -> Hashable | None:
        """Take before reading a page: the database state the page will belong to."""
        return change_stamp(self._db)

    def keep(self, stamp: Hashable | None, ids: list[int], rows: list[Any]) -> None:
        """Keep ``rows`` (database tuples) of the page with ``ids`` (in the same order)."""
        if len(ids) != len(rows):
            raise ValueError("one id per row")
        entry = None if stamp is None else (stamp, list(ids), rows)  # the caller keeps ``ids``
        with self._lock:
            self._entry = entry

    def clear(self) -> None:
        with self._lock:
            self._entry = None

    def take(self, ids: list[int]) -> tuple[list[int], list[Any], list[int]]:
        """``(ids kept, their tuples, ids to read from the database)`` for ``ids``."""
        entry = self._entry
        if entry is None or not ids:
            return [], [], ids
        stamp, page_ids, rows = entry
        if stamp != change_stamp(self._db):  # written since: read everything again
            with self._lock:
                if self._entry is entry:
                    self._entry = None
            return [], [], ids
        n = len(ids)
        try:
            start = page_ids.index(ids[0])
        except ValueError:
            start = -1
        if start >= 0 and page_ids[start : start + n] == ids:
            return ids, rows[start : start + n], []  # a run of the page: how views ask
        by_id = dict(zip(page_ids, rows, strict=True))
        found_ids: list[int] = []
        found: list[Any] = []
        missing: list[int] = []
        for i in ids:
            values = by_id.get(i)
            if values is None:
                missing.append(i)
            else:
                found_ids.append(i)
                found.append(values)
        return found_ids, found, missing
