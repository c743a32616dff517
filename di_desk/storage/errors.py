"""Errors raised by the store, each with a message the user can read."""

from __future__ import annotations

from pathlib import Path

from di_desk.i18n import _


class StorageError(Exception):
    """Base class of every error the store raises on purpose."""


class DatabaseOpenError(StorageError):
    """A database file cannot be opened; ``path`` names it."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)


class NotADatabase(DatabaseOpenError):
    """The file is empty, not SQLite, or not a DI Desk database. It was not changed."""


class DatabaseDamaged(NotADatabase):
    """The file is an SQLite database but truncated or corrupt. It was not changed."""


class DatabaseTooNew(DatabaseOpenError):
    """The file was written by a newer DI Desk (schema version above ours)."""

    def __init__(self, path: Path | str, found: int, known: int) -> None:
        super().__init__(
            path,
            _(
                "The database {path} was made by a newer version of DI Desk "
                "(schema version {found}; this version knows up to {known}). "
                "Update DI Desk to open it. The file was not changed."
            ).format(path=path, found=found, known=known),
        )
        self.found = found
        self.known = known


class MigrationFailed(StorageError):
    """A schema upgrade step failed; the database was rolled back to its old version."""


class StaleEdit(StorageError):
    """Someone else changed the row since it was read (optimistic concurrency)."""

    def __init__(self, entity: str, row_id: int, expected: int, actual: int | None) -> None:
        if actual is None:
            message = _("This {entity} (#{id}) was deleted by someone else.").format(
                entity=entity, id=row_id
            )
        else:
            message = _(
                "This {entity} (#{id}) was changed by someone else since you opened it. "
                "Reload it and apply your change again."
            ).format(entity=entity, id=row_id)
        super().__init__(message)
        self.entity = entity
        self.row_id = row_id
        self.expected = expected
        self.actual = actual


class RowNotFound(StorageError, LookupError):
    """No row with the given id."""

    def __init__(self, entity: str, row_id: int) -> None:
        super().__init__(_("No {entity} with id {id}.").format(entity=entity, id=row_id))
        self.entity = entity
        self.row_id = row_id


class InvalidReferenceValue(StorageError, ValueError):
    """A reference-data edit that does not fit the key's shape."""
