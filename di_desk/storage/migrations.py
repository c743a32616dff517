"""Ordered schema versions, kept in SQLite's ``user_version``.

Version 1 is the initial schema. Each later version is one :class:`Step`
written against the schema before it; steps run in order, each in its own
transaction together with the version bump, on a file that was first copied
aside (see :func:`di_desk.storage.db.open_database`). A new file is created
directly with the current models and stamped :data:`SCHEMA_VERSION`; the tests
check that a file migrated from version 1 ends with the same schema.

To change the schema: edit the model in ``tables.py`` *and* append a step here.
Never edit a released step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peewee import (
    AutoField,
    CharField,
    Database,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from di_desk.storage.fields import UtcDateTimeField
from di_desk.storage.tables import ALL_MODELS, Certificate, Customer

if TYPE_CHECKING:  # playhouse.migrate is imported when a migration runs
    from playhouse.migrate import SchemaMigrator


@dataclass(frozen=True)
class Step:
    """Upgrade the schema from ``version - 1`` to ``version``."""

    version: int
    description: str
    apply: Callable[[Database, SchemaMigrator], None]


def create_schema(db: Database) -> None:
    """Create every table and index of the current models (a new, empty file)."""
    db.create_tables(ALL_MODELS)


def _v2_backup_source(db: Database, migrator: SchemaMigrator) -> None:
    """v2: where a backup row came from, and an index for the customer+result view."""
    migrator.add_column("backup", "source", CharField(null=True)).run()
    migrator.add_index("backup", ("customer_id", "result", "taken_at"), unique=False).run()


def _v3_certificate_follow_ups(db: Database, migrator: SchemaMigrator) -> None:
    """v3: certificate.customer_id, and the MAINT-10 SSO follow-ups per renewal."""
    customer = ForeignKeyField(
        Customer, field=Customer.id, null=True, on_delete="CASCADE", index=False
    )
    migrator.add_column("certificate", "customer_id", customer).run()

    class CertificateFollowUp(Model):  # the table as version 3 creates it (index names follow)
        id = AutoField()
        certificate = ForeignKeyField(Certificate, on_delete="CASCADE", index=False)
        expires_at = UtcDateTimeField()
        position = IntegerField()
        action = TextField(default="")
        done_at = UtcDateTimeField(null=True)
        done_by = CharField(default="")

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "certificate_follow_up"
            indexes = ((("certificate", "expires_at", "position"), True),)

    db.create_tables([CertificateFollowUp])


def _v4_upgrade_plan_end(db: Database, migrator: SchemaMigrator) -> None:
    """v4: upgrade_plan.scheduled_end, so an upgrade is checked against the windows (MAINT-3)."""
    migrator.add_column("upgrade_plan", "scheduled_end", UtcDateTimeField(null=True)).run()


STEPS: tuple[Step, ...] = (
    Step(2, "backup.source column; index backup(customer_id, result, taken_at)", _v2_backup_source),
    Step(3, "certificate.customer_id; table certificate_follow_up", _v3_certificate_follow_ups),
    Step(4, "upgrade_plan.scheduled_end", _v4_upgrade_plan_end),
)

#: the version of the schema this code writes
SCHEMA_VERSION = 1 + len(STEPS)

if [s.version for s in STEPS] != list(range(2, SCHEMA_VERSION + 1)):  # pragma: no cover
    raise RuntimeError("migration steps must be numbered 2, 3, … in order")


def pending_steps(current: int) -> tuple[Step, ...]:
    """The steps that bring a file at version ``current`` to :data:`SCHEMA_VERSION`."""
    return tuple(step for step in STEPS if step.version > current)
