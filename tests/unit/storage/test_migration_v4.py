"""Schema v4: upgrade_plan.scheduled_end, so an upgrade is checked against the windows (MAINT-3)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator

from di_desk.storage.db import integrity_check, open_database, schema_version
from di_desk.storage.migrations import SCHEMA_VERSION, pending_steps
from di_desk.storage.repositories import Repository
from di_desk.storage.tables import UpgradePlan

from .conftest import T0

SCHEMA_V1 = Path(__file__).parent / "data" / "schema_v1.sql"


def _make_v3_with_plan(path: Path) -> None:
    """A version-3 file (v1 schema + the released steps 2 and 3) holding one upgrade plan."""
    conn = sqlite3.connect(path)
    conn.executescript("BEGIN;\n" + SCHEMA_V1.read_text(encoding="utf-8") + "\nCOMMIT;")
    conn.execute(
        "INSERT INTO customer (id, row_version, name, region, sso, contracted_knowledge_workers,"
        " contracted_workspace_devices, planned_knowledge_workers, planned_workspace_devices,"
        " notes) VALUES (1, 1, 'Acme', 'EU', 0, 0, 0, 0, 0, '')"
    )
    conn.execute("INSERT INTO cluster (id, row_version, customer_id, name, is_sme)"
                 " VALUES (1, 1, 1, 'C1', 0)")  # fmt: skip
    conn.execute(
        "INSERT INTO upgrade_plan (id, row_version, customer_id, cluster_id, target,"
        " scheduled_start, trigger, reschedule_count) VALUES (5, 1, 1, 1, '15.0 SU2', ?,"
        " 'lifecycle', 0)",
        (int(T0.timestamp()),),
    )
    conn.commit()
    conn.close()
    old = SqliteDatabase(path)
    migrator = SqliteMigrator(old)
    for step in pending_steps(1):
        if step.version <= 3:
            with old.atomic():
                step.apply(old, migrator)
    old.execute_sql("PRAGMA user_version = 3")
    old.close()


def test_v4_is_the_step_after_v3():
    assert SCHEMA_VERSION >= 4
    assert pending_steps(3)[0].version == 4


def test_migrating_v3_keeps_plans_with_an_empty_end(tmp_path):
    """MAINT-3/REL-5: a v3 file gains upgrade_plan.scheduled_end; its plans keep their start
    and have no end of their own (the reference's default duration applies)."""
    path = tmp_path / "di-desk.sqlite"
    _make_v3_with_plan(path)
    db = open_database(path)
    try:
        assert db.migrated_from == 3
        assert schema_version(db) == SCHEMA_VERSION
        plan = Repository(db, UpgradePlan).require(5)
        assert (plan["scheduled_start"], plan["scheduled_end"]) == (T0, None)
        Repository(db, UpgradePlan).update(5, 1, "tester", scheduled_end=T0 + timedelta(hours=4))
        assert UpgradePlan.get_by_id(5).scheduled_end == T0 + timedelta(hours=4)
        assert integrity_check(db) == []
    finally:
        db.close()
