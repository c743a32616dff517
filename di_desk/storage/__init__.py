"""The SQLite store (peewee): tables, repositories, row sources, migrations, backups.

The app and the command line use::

    from di_desk.storage import open_database, backup_to
    db = open_database(path)                  # create / probe / migrate / seed
    ref = load_reference(db)                  # ReferenceData in force
    BackupSource(db).ids(ListQuery(...), 0, 100)

See ``docs/storage.md``.
"""

from __future__ import annotations

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
