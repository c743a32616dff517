"""Errors raised by the store, each with a message the user can read."""

from __future__ import annotations

from pathlib import Path

from di_desk.i18n import N_, _

#: what the user calls the rows of each table (and the entity names repositories
#: and services pass, which also label the audit log), as the start of a sentence
ENTITY_LABELS: dict[str, str] = {
    "customer": N_("Customer"),
    "cluster": N_("Cluster"),
    "application": N_("Application"),
    "certificate": N_("Certificate"),
    "certificate_follow_up": N_("Certificate follow-up"),
    "support_case": N_("Support case"),
    "severity_change": N_("Severity change"),
    "action_plan": N_("Action plan"),
    "provider_notice": N_("Provider notice"),
    "maintenance_event": N_("Maintenance event"),
    "reschedule": N_("Reschedule request"),
    "reschedule_request": N_("Reschedule request"),
    "cop_request": N_("COP request"),
    "cop_step": N_("COP step"),
    "blackout": N_("Blackout period"),
    "upgrade_plan": N_("Upgrade plan"),
    "backup": N_("Backup"),
    "dr_event": N_("DR event"),
    "dr_follow_up": N_("DR follow-up"),
    "checklist_item": N_("Checklist item"),
    "reference_entry": N_("Reference value"),
    "audit_log": N_("Audit entry"),
}


def entity_label(entity: str) -> str:
    """The translated name of ``entity`` (a table name, spaces or underscores)."""
    key = entity.strip().lower().replace(" ", "_").replace("-", "_")
    label = ENTITY_LABELS.get(key)
    return _(label) if label else _("Record ({entity})").format(entity=entity)


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
        label = entity_label(entity)
        if actual is None:
            message = _("{entity} #{id} was deleted by someone else.").format(
                entity=label, id=row_id
            )
        else:
            message = _(
                "{entity} #{id} was changed by someone else since you opened it. "
                "Reload it and apply your change again."
            ).format(entity=label, id=row_id)
        super().__init__(message)
        self.entity = entity
        self.row_id = row_id
        self.expected = expected
        self.actual = actual


class RowNotFound(StorageError, LookupError):
    """No row with the given id."""

    def __init__(self, entity: str, row_id: int) -> None:
        super().__init__(
            _("{entity} #{id} does not exist (any more).").format(
                entity=entity_label(entity), id=row_id
            )
        )
        self.entity = entity
        self.row_id = row_id


class InvalidReferenceValue(StorageError, ValueError):
    """A reference-data edit that does not fit the key's shape."""
