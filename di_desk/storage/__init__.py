"""The SQLite store (peewee): tables, repositories, row sources, migrations, backups.

The app and the command line use::

    from di_desk.storage import open_database, backup_to
    db = open_database(path)                  # create / probe / migrate / seed
    ref = load_reference(db)                  # ReferenceData in force
    BackupSource(db).ids(ListQuery(...), 0, 100)

Names are imported on first use (PEP 562), so a caller pays only for the
modules it uses. See ``docs/storage.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: each public name and the module that defines it (imported on first use)
_WHERE: dict[str, str] = {
    "ApplicationSource": "di_desk.storage.sources",
    "BackupSource": "di_desk.storage.sources",
    "BulkCancelled": "di_desk.storage.bulk",
    "CaseSource": "di_desk.storage.sources",
    "CustomerSource": "di_desk.storage.sources",
    "Database": "di_desk.storage.db",
    "DatabaseDamaged": "di_desk.storage.errors",
    "DatabaseOpenError": "di_desk.storage.errors",
    "DatabaseTooNew": "di_desk.storage.errors",
    "InvalidReferenceValue": "di_desk.storage.errors",
    "MaintenanceSource": "di_desk.storage.sources",
    "MigrationFailed": "di_desk.storage.errors",
    "NotADatabase": "di_desk.storage.errors",
    "Repository": "di_desk.storage.repositories",
    "RowNotFound": "di_desk.storage.errors",
    "SCHEMA_VERSION": "di_desk.storage.migrations",
    "StaleEdit": "di_desk.storage.errors",
    "StorageError": "di_desk.storage.errors",
    "backup_to": "di_desk.storage.db",
    "bulk_insert": "di_desk.storage.bulk",
    "bulk_insert_backups": "di_desk.storage.bulk",
    "integrity_check": "di_desk.storage.db",
    "load_reference": "di_desk.storage.reference_repo",
    "open_database": "di_desk.storage.db",
    "reference_entries": "di_desk.storage.reference_repo",
    "reset_reference": "di_desk.storage.reference_repo",
    "update_reference": "di_desk.storage.reference_repo",
}

if TYPE_CHECKING:
    from di_desk.storage.bulk import BulkCancelled, bulk_insert, bulk_insert_backups
    from di_desk.storage.db import Database, backup_to, integrity_check, open_database
    from di_desk.storage.errors import (
        DatabaseDamaged,
        DatabaseOpenError,
        DatabaseTooNew,
        InvalidReferenceValue,
        MigrationFailed,
        NotADatabase,
        RowNotFound,
        StaleEdit,
        StorageError,
    )
    from di_desk.storage.migrations import SCHEMA_VERSION
    from di_desk.storage.reference_repo import (
        load_reference,
        reference_entries,
        reset_reference,
        update_reference,
    )
    from di_desk.storage.repositories import Repository
    from di_desk.storage.sources import (
        ApplicationSource,
        BackupSource,
        CaseSource,
        CustomerSource,
        MaintenanceSource,
    )

__all__ = [
    "SCHEMA_VERSION",
    "ApplicationSource",
    "BackupSource",
    "BulkCancelled",
    "CaseSource",
    "CustomerSource",
    "Database",
    "DatabaseDamaged",
    "DatabaseOpenError",
    "DatabaseTooNew",
    "InvalidReferenceValue",
    "MaintenanceSource",
    "MigrationFailed",
    "NotADatabase",
    "Repository",
    "RowNotFound",
    "StaleEdit",
    "StorageError",
    "backup_to",
    "bulk_insert",
    "bulk_insert_backups",
    "integrity_check",
    "load_reference",
    "open_database",
    "reference_entries",
    "reset_reference",
    "update_reference",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use, so opening a database loads no bulk code."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
