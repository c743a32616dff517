"""Opening, refusing, migrating and copying database files."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

from di_desk.storage import migrations
from di_desk.storage.db import (
    APPLICATION_ID,
    backup_to,
    integrity_check,
    open_database,
    schema_version,
)
from di_desk.storage.errors import (
    DatabaseDamaged,
    DatabaseOpenError,
    DatabaseTooNew,
    MigrationFailed,
    NotADatabase,
    StorageError,
)
from di_desk.storage.migrations import SCHEMA_VERSION
from di_desk.storage.tables import Backup, Customer

from .conftest import T0

SCHEMA_V1 = Path(__file__).parent / "data" / "schema_v1.sql"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _make_db(path: Path, customers: int = 1) -> None:
    db = open_database(path)
    for i in range(customers):
        Customer.create(name=f"Customer {i}", region="EU", notes="x" * 2000)
    db.close()


@posix_only
def test_new_file_is_private(tmp_path):
    db = open_database(tmp_path / "sub" / "new.sqlite")
    Customer.create(name="Acme", region="EU")  # creates -wal/-shm too
    for path in (tmp_path / "sub").iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path
    db.close()


def test_new_file_pragmas_and_version(tmp_path):
    db = open_database(tmp_path / "new.sqlite")
    assert db.pragma("journal_mode") == "wal"
    assert db.pragma("foreign_keys") == 1
    assert db.pragma("busy_timeout") == 5000
    assert db.pragma("synchronous") == 1  # NORMAL
    assert schema_version(db) == SCHEMA_VERSION
    assert db.pragma("application_id") == APPLICATION_ID
    assert db.migrated_from is None
    assert integrity_check(db) == []
    db.close()


def test_reopen_keeps_data(tmp_path):
    path = tmp_path / "x.sqlite"
    _make_db(path, customers=3)
    db = open_database(path)
    assert Customer.select().count() == 3
    assert db.migrated_from is None
    db.close()


def test_memory_database():
    db = open_database(":memory:")
    Customer.create(name="Acme", region="EU")
    assert Customer.select().count() == 1
    db.close()


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (b"", NotADatabase, "empty"),
        (b"name,region\nAcme,EU\n", NotADatabase, "not an SQLite file"),
        (os.urandom(4096), NotADatabase, "not an SQLite file"),
        (b"SQLite format 3\x00" + b"\x10\x00", DatabaseDamaged, "truncated"),
    ],
    ids=["zero-length", "csv", "garbage", "short-header"],
)
def test_refuses_non_databases_without_writing(tmp_path, content, error, words):
    path = tmp_path / "file.sqlite"
    path.write_bytes(content)
    before = _snapshot(tmp_path)
    with pytest.raises(error, match=words) as info:
        open_database(path)
    assert info.value.path == path
    assert _snapshot(tmp_path) == before  # no byte written, no file added


def test_refuses_folder(tmp_path):
    with pytest.raises(NotADatabase, match="folder"):
        open_database(tmp_path)


def test_refuses_truncated_database(tmp_path):
    original = tmp_path / "orig.sqlite"
    _make_db(original, customers=50)
    db = open_database(original)
    backup_to(db, tmp_path / "copy.sqlite")
    db.close()
    broken = tmp_path / "copy.sqlite"
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    before = _snapshot(tmp_path)
    with pytest.raises(DatabaseDamaged, match="truncated"):
        open_database(broken)
    assert _snapshot(tmp_path) == before


def test_refuses_other_applications_database(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(NotADatabase, match="another application"):
        open_database(path)
    assert _snapshot(tmp_path) == before


def test_newer_schema_refused_without_writing(tmp_path):
    path = tmp_path / "newer.sqlite"
    _make_db(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(DatabaseTooNew) as info:
        open_database(path)
    assert (info.value.found, info.value.known) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)
    assert "newer version of DI Desk" in str(info.value)
    after = _snapshot(tmp_path)
    assert after[path.name] == before[path.name]  # same bytes, same mtime
    assert not [name for name in after if ".before-v" in name]


def _make_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")  # a scratch file: no fsync per statement
    conn.executescript("BEGIN;\n" + SCHEMA_V1.read_text(encoding="utf-8") + "\nCOMMIT;")
    epoch = int(T0.timestamp())
    conn.execute(
        "INSERT INTO customer (id, row_version, name, region, sso, contracted_knowledge_workers,"
        " contracted_workspace_devices, planned_knowledge_workers, planned_workspace_devices,"
        " notes) VALUES (1, 1, 'Acme', 'EU', 1, 100, 10, 120, 10, 'kept')"
    )
    conn.executemany(
        "INSERT INTO backup (customer_id, application, taken_at, result, size_bytes)"
        " VALUES (1, 'CUCM', ?, ?, ?)",
        [(epoch + i * 86400, "good" if i % 3 else "failed", 1000 + i) for i in range(10)],
    )
    conn.commit()
    conn.close()


def _schema(db_path: Path) -> dict[str, object]:
    conn = sqlite3.connect(db_path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    shape: dict[str, object] = {}
    for table in sorted(tables):
        shape[table] = [r[1:] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        shape[table + ":indexes"] = sorted(
            (name, unique, tuple(c[2] for c in conn.execute(f'PRAGMA index_info("{name}")')))
            for _, name, unique, *_rest in conn.execute(f'PRAGMA index_list("{table}")')
        )
        fks = conn.execute(f'PRAGMA foreign_key_list("{table}")')
        shape[table + ":fks"] = sorted(r[2:] for r in fks)
    conn.close()
    return shape


def test_migrates_version_1_with_copy_aside(tmp_path):
    path = tmp_path / "di-desk.sqlite"
    _make_v1(path)
    v1_bytes = path.read_bytes()
    db = open_database(path)
    assert db.migrated_from == 1
    assert schema_version(db) == SCHEMA_VERSION
    # data preserved
    assert Customer.get_by_id(1).notes == "kept"
    backups = list(Backup.select().order_by(Backup.taken_at))
    assert len(backups) == 10
    assert backups[0].taken_at == T0 and backups[0].source is None
    assert integrity_check(db) == []
    db.close()
    # copy aside: a v1 file with the old data, named after the version to come
    copy = db.copy_aside
    assert copy is not None and copy.exists()
    assert copy.name.startswith(f"di-desk.before-v{SCHEMA_VERSION}.") and copy.suffix == ".sqlite"
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM backup").fetchone()[0] == 10
    conn.close()
    assert len(v1_bytes) > 0
    # the migrated file has exactly the schema of a new one
    fresh = tmp_path / "fresh.sqlite"
    open_database(fresh).close()
    assert _schema(path) == _schema(fresh)


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "di-desk.sqlite"
    _make_v1(path)

    def broken(db, migrator):
        migrator.add_column("backup", "source", Backup.source).run()
        raise RuntimeError("boom")

    steps = (migrations.Step(2, "broken", broken),)
    monkeypatch.setattr(migrations, "pending_steps", lambda current: steps)
    with pytest.raises(MigrationFailed, match="boom"):
        open_database(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(backup)")]
    assert "source" not in columns
    conn.close()
    assert list(tmp_path.glob(f"di-desk.before-v{SCHEMA_VERSION}.*.sqlite"))


@posix_only
def test_backup_to_makes_a_valid_private_copy(tmp_path, db):
    for i in range(20):
        Customer.create(name=f"C{i}", region="AMER")
    target = backup_to(db, tmp_path / "backups" / "copy.sqlite")
    assert target.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 20
    conn.close()
    assert not list((tmp_path / "backups").glob("*.tmp"))
    db.close()
    again = open_database(target)
    assert Customer.select().count() == 20
    again.close()


def test_backup_onto_itself_refused(tmp_path, db):
    with pytest.raises(StorageError, match="onto itself"):
        backup_to(db, db.path)


@posix_only
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anyway")
def test_read_only_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "ro.sqlite"
    _make_db(path)
    path.chmod(0o400)
    try:
        with pytest.raises(DatabaseOpenError, match="Cannot open"):
            open_database(path)
    finally:
        path.chmod(0o600)


def test_needs_migration_reads_without_writing(tmp_path):
    """An older file needs migrating; current, empty, foreign and missing files do not."""
    from di_desk.storage.db import needs_migration

    old = tmp_path / "old.sqlite"
    _make_v1(old)
    before = _snapshot(tmp_path)
    assert needs_migration(old)
    assert _snapshot(tmp_path) == before  # read-only
    current = tmp_path / "current.sqlite"
    _make_db(current)
    assert not needs_migration(current)
    (tmp_path / "empty.sqlite").write_bytes(b"")
    assert not needs_migration(tmp_path / "empty.sqlite")
    assert not needs_migration(tmp_path / "missing.sqlite")
    (tmp_path / "text.sqlite").write_text("not a database")
    assert not needs_migration(tmp_path / "text.sqlite")  # opening it says why
