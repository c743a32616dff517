"""Opening, creating, migrating and copying the SQLite file.

Everything SQLite-specific lives here: the pragmas, ``user_version``, the
header probe and the online backup API. The rest of the store uses peewee's
query builder only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import SqliteDatabase

from di_desk.i18n import _
from di_desk.paths import ensure_dir
from di_desk.storage import migrations
from di_desk.storage.errors import (
    DatabaseDamaged,
    DatabaseOpenError,
    DatabaseTooNew,
    MigrationFailed,
    NotADatabase,
    StorageError,
)
from di_desk.storage.migrations import SCHEMA_VERSION
from di_desk.storage.tables import ALL_MODELS

log = logging.getLogger(__name__)

#: ``PRAGMA application_id`` of a DI Desk file ("DiDs")
APPLICATION_ID = 0x44694473
MEMORY = ":memory:"
PRAGMAS: tuple[tuple[str, object], ...] = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", 5000),
    ("synchronous", "NORMAL"),
    ("cache_size", -32768),  # KiB: 32 MiB of page cache (bulk imports touch many index pages)
)
_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


class Database(SqliteDatabase):
    """A peewee ``SqliteDatabase`` that knows its file and what opening it did."""

    path: Path | None = None
    #: the schema version the file had before it was migrated (None: not migrated)
    migrated_from: int | None = None
    #: the copy taken before migrating
    copy_aside: Path | None = None

    def begin(self, lock_type: str | None = None) -> None:
        """Start every transaction with ``BEGIN IMMEDIATE`` (the write lock first).

        A transaction that reads and then writes (an edit checks ``row_version``
        first) would otherwise fail at once with "database is locked" when
        another process wrote meanwhile; taking the lock first makes it wait
        (``busy_timeout``) and then read what the other one saved, so a stale
        edit is told as :class:`~di_desk.storage.errors.StaleEdit`. Readers
        are never blocked (WAL).
        """
        super().begin(lock_type or "IMMEDIATE")

    def close(self) -> bool:
        """Close this thread's connection; a worker's own binding to this file ends too."""
        for model in ALL_MODELS:
            model._meta.unbind_thread(self)
        return bool(super().close())


@dataclass(frozen=True)
class _Probe:
    user_version: int
    application_id: int
    tables: int


# --- probing an existing file without writing to it ------------------------------------


def _read_only_uri(path: Path) -> str:
    """A read-only URI; ``immutable`` when no other connection has the file open.

    A read-only connection to a WAL file would create its ``-wal`` and
    ``-shm`` files; when they (and a rollback ``-journal``) are absent nobody
    else is using the file, and ``immutable=1`` reads it without creating
    anything beside it.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if not any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm", "-journal")):
        uri += "&immutable=1"
    return uri


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(_read_only_uri(path), uri=True, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def _check_header(path: Path) -> None:
    """Refuse empty, foreign and truncated files by their first 100 bytes."""
    if path.is_dir():
        raise NotADatabase(path, _("{path} is a folder, not a database file.").format(path=path))
    size = path.stat().st_size
    if size == 0:
        raise NotADatabase(
            path,
            _("{path} is empty (0 bytes), so it is not a DI Desk database.").format(path=path),
        )
    with path.open("rb") as fh:
        header = fh.read(_HEADER_SIZE)
    if not header.startswith(_MAGIC[: len(header)]) or len(header) < len(_MAGIC):
        raise NotADatabase(
            path,
            _("{path} is not a DI Desk database (it is not an SQLite file).").format(path=path),
        )
    if len(header) < _HEADER_SIZE:
        raise DatabaseDamaged(
            path,
            _("The database {path} is truncated (only {size} bytes).").format(path=path, size=size),
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise DatabaseDamaged(
            path, _("The database {path} is damaged (invalid header).").format(path=path)
        )
    change_counter = header[24:28]
    page_count = int.from_bytes(header[28:32], "big")
    if header[92:96] == change_counter and size < page_count * page_size:
        raise DatabaseDamaged(
            path,
            _(
                "The database {path} is truncated: it should be {expected} bytes "
                "but is {size} bytes. Restore it from a backup."
            ).format(path=path, expected=page_count * page_size, size=size),
        )


def _probe(path: Path) -> _Probe:
    """Header check, then a read-only look at the schema. Never writes to ``path``."""
    _check_header(path)
    try:
        with _read_only(path) as conn:
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
            raise DatabaseOpenError(
                path, _("Cannot open {path}: {error}").format(path=path, error=exc)
            ) from exc
        raise DatabaseDamaged(
            path,
            _("The database {path} is damaged ({error}). Restore it from a backup.").format(
                path=path, error=exc
            ),
        ) from exc
    return _Probe(user_version, application_id, tables)


def _judge(path: Path, probe: _Probe) -> None:
    """Refuse files that are not ours or are too new for this code."""
    if probe.user_version == 0 and probe.application_id == 0 and probe.tables == 0:
        return  # an empty SQLite file: ours to initialise
    if probe.application_id != APPLICATION_ID:
        raise NotADatabase(
            path,
            _(
                "{path} is an SQLite database of another application, not a DI Desk "
                "database. It was not changed."
            ).format(path=path),
        )
    if probe.user_version > SCHEMA_VERSION:
        raise DatabaseTooNew(path, probe.user_version, SCHEMA_VERSION)
    if probe.user_version < 1:
        raise DatabaseDamaged(
            path,
            _("The database {path} has no schema version; it is damaged.").format(path=path),
        )


def needs_migration(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is an existing DI Desk database of an older schema.

    Read-only: lets the app run the (possibly long) copy-aside and migration
    off the GUI thread. Unreadable or foreign files give False here; opening
    them raises the usual clear error.
    """
    target = Path(path)
    if not target.is_file() or target.stat().st_size == 0:
        return False
    try:
        probe = _probe(target)
        _judge(target, probe)
    except DatabaseOpenError:
        return False
    return 1 <= probe.user_version < SCHEMA_VERSION


# --- creating, copying ----------------------------------------------------------------


def _create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (0600), in a
    folder created 0700 when missing."""
    ensure_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _backup_connection(source: sqlite3.Connection, target: Path, *, verify: bool) -> Path:
    """Copy ``source`` to ``target`` with the online backup API, atomically, mode 0600."""
    target = Path(target)
    ensure_dir(target.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)  # mkstemp creates the file 0600
    tmp = Path(tmp_name)
    try:
        dest = sqlite3.connect(tmp, isolation_level=None)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
            if verify:
                result = dest.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise StorageError(
                        _("The copy {path} failed its check: {error}").format(
                            path=target, error=result
                        )
                    )
        finally:
            dest.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def copy_aside_path(path: Path, target_version: int, now: datetime | None = None) -> Path:
    """``<name>.before-v<N>.<timestamp>.sqlite`` beside ``path`` (N: the version to come)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.stem}.before-v{target_version}.{stamp}.sqlite")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.before-v{target_version}.{stamp}-{n}.sqlite")
    return candidate


def backup_to(db: SqliteDatabase, target: str | os.PathLike[str], *, verify: bool = True) -> Path:
    """Copy the open database to ``target`` with SQLite's online backup API.

    Safe while the app is in use; the copy is written under a temporary name
    and renamed, so ``target`` is either the old file or a complete copy. The
    copy is in rollback-journal mode (one self-contained file), mode 0600.
    """
    target_path = Path(target)
    source_path = getattr(db, "path", None)
    if source_path is not None and target_path.exists() and target_path.samefile(source_path):
        raise StorageError(_("Cannot back up the database onto itself: {path}").format(path=target))
    return _backup_connection(db.connection(), target_path, verify=verify)


def backup_file(
    source: str | os.PathLike[str], target: str | os.PathLike[str], *, verify: bool = True
) -> Path:
    """:func:`backup_to` for a database given by its path, from any thread.

    Uses its own plain SQLite connection, so it neither needs nor rebinds
    the tables' peewee database (the window's connection stays in charge).
    """
    source_path, target_path = Path(source), Path(target)
    if target_path.exists() and target_path.samefile(source_path):
        raise StorageError(_("Cannot back up the database onto itself: {path}").format(path=target))
    conn = sqlite3.connect(source_path, isolation_level=None, timeout=5)
    try:
        return _backup_connection(conn, target_path, verify=verify)
    finally:
        conn.close()


def check_backup_file(path: str | os.PathLike[str]) -> int:
    """Check, without writing to it, that ``path`` is a sound DI Desk database
    this version can open; returns its schema version.

    Raises what :func:`open_database` raises for such a file
    (:class:`NotADatabase`, :class:`DatabaseDamaged`, :class:`DatabaseTooNew`),
    and :class:`DatabaseDamaged` when ``PRAGMA quick_check`` finds a problem.
    """
    file = Path(path).expanduser()
    if not file.is_file():
        raise NotADatabase(file, _("{path} is not a file.").format(path=file))
    probe = _probe(file)
    _judge(file, probe)
    if probe.tables == 0:
        raise NotADatabase(
            file, _("{path} is an empty database, not a DI Desk backup.").format(path=file)
        )
    try:
        with _read_only(file) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result != "ok":
        raise DatabaseDamaged(
            file,
            _("The database {path} is damaged ({error}). Choose another backup.").format(
                path=file, error=result
            ),
        )
    return probe.user_version


def restore_path(path: Path, now: datetime | None = None) -> Path:
    """``<name>.before-restore.<timestamp>.sqlite`` beside ``path`` (a new name)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.stem}.before-restore.{stamp}.sqlite")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.before-restore.{stamp}-{n}.sqlite")
    return candidate


def restore_from(
    live: str | os.PathLike[str], backup: str | os.PathLike[str], *, now: datetime | None = None
) -> Path | None:
    """Replace the database at ``live`` with the copy in ``backup``.

    ``backup`` is first checked like :func:`check_backup_file` (nothing is
    touched when it is not a sound DI Desk database). The current ``live``
    file is then copied aside (:func:`restore_path`, the online backup API),
    and the backup is written into ``live`` with the online backup API in one
    transaction, so ``live`` is either the old database or the restored one,
    and every open connection to it sees the restored data. Close the app's
    own connection first, then reopen with :func:`open_database` (which
    migrates an older backup). Returns the copy of the old database (None
    when ``live`` did not exist).
    """
    live_path, backup_path = Path(live).expanduser(), Path(backup).expanduser()
    if live_path.exists() and backup_path.exists() and live_path.samefile(backup_path):
        raise StorageError(
            _("Cannot restore the database from itself: {path}").format(path=backup_path)
        )
    check_backup_file(backup_path)
    aside: Path | None = None
    if live_path.exists():
        current = sqlite3.connect(live_path, isolation_level=None, timeout=5)
        try:
            aside = _backup_connection(current, restore_path(live_path, now), verify=False)
        finally:
            current.close()
        log.info("copied %s to %s before restoring %s", live_path, aside, backup_path)
    else:
        _create_private_file(live_path)
    source = sqlite3.connect(_read_only_uri(backup_path), uri=True, isolation_level=None)
    dest = sqlite3.connect(live_path, isolation_level=None, timeout=5)
    try:
        # Out of WAL while copying, so a backup with another page size fits too;
        # when another connection keeps the file in WAL the sizes match anyway.
        with contextlib.suppress(sqlite3.DatabaseError):
            dest.execute("PRAGMA journal_mode=DELETE")
        source.backup(dest)
        result = dest.execute("PRAGMA quick_check").fetchone()[0]
        dest.execute("PRAGMA journal_mode=WAL")
    finally:
        dest.close()
        source.close()
    if result != "ok":  # pragma: no cover - the source passed the same check
        raise DatabaseDamaged(
            live_path,
            _("The restored database failed its check: {error}").format(error=result),
        )
    log.info("restored %s from %s", live_path, backup_path)
    return aside


# --- opening --------------------------------------------------------------------------


def _new_database(name: str) -> Database:
    db = Database(name, pragmas=list(PRAGMAS), timeout=5)
    db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    db.connect(reuse_if_open=True)
    return db


def schema_version(db: SqliteDatabase) -> int:
    return int(db.pragma("user_version"))


def change_stamp(db: SqliteDatabase) -> tuple[sqlite3.Connection, int, int] | None:
    """A value that changes whenever what this thread reads from ``db`` may have changed.

    The thread's connection, the rows it has changed (``total_changes``) and
    ``PRAGMA data_version`` (which moves when another connection commits).
    Equal stamps mean that a query gives the same answer as before. None
    when it cannot tell (then nothing read earlier may be reused).
    """
    try:
        conn = db.connection()
        if not isinstance(conn, sqlite3.Connection):  # pragma: no cover - another driver
            return None
        return (conn, conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    except (sqlite3.Error, PeeweeDatabaseError):
        return None


def _initialise(db: Database) -> None:
    with db.atomic():
        migrations.create_schema(db)
        db.pragma("application_id", APPLICATION_ID)
        db.pragma("user_version", SCHEMA_VERSION)


def _migrate(db: Database, current: int) -> None:
    from playhouse.migrate import SqliteMigrator  # only when migrating

    migrator = SqliteMigrator(db)
    for step in migrations.pending_steps(current):
        log.info("migrating %s to schema version %d: %s", db.path, step.version, step.description)
        try:
            with migrator.migration_context():
                step.apply(db, migrator)
                problems = db.execute_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(f"foreign key check: {problems[:5]}")
                db.pragma("user_version", step.version)
        except Exception as exc:
            raise MigrationFailed(
                _(
                    "Upgrading the database to schema version {version} failed: {error}. "
                    "The database was left at version {current}."
                ).format(version=step.version, error=exc, current=current)
            ) from exc
        current = step.version


def open_database(path: str | os.PathLike[str], *, seed: bool = True) -> Database:
    """Open (or create) the DI Desk database at ``path``.

    A new file is created with mode 0600 and the current schema. An existing
    file is first probed read-only: an empty, foreign, truncated or damaged
    file raises :class:`NotADatabase` (or :class:`DatabaseDamaged`), a file
    from a newer DI Desk raises :class:`DatabaseTooNew`, all without writing
    to it. An older file is copied aside (``<name>.before-v<N>.<time>.sqlite``)
    and migrated step by step. ``":memory:"`` opens a private in-memory
    database (one thread only). With ``seed``, missing reference-data rows are
    written from the defaults.
    """
    from di_desk.storage import reference_repo  # reference_repo needs the tables only

    if os.fspath(path) == MEMORY:
        db = _new_database(MEMORY)
        _initialise(db)
    else:
        file = Path(path).expanduser()
        existing = file.exists()
        copy: Path | None = None
        found = 0
        if existing:
            probe = _probe(file)
            _judge(file, probe)
            found = probe.user_version
            if 0 < found < SCHEMA_VERSION:
                with _read_only(file) as conn:
                    copy = _backup_connection(
                        conn, copy_aside_path(file, SCHEMA_VERSION), verify=True
                    )
                log.info("copied %s to %s before migrating", file, copy)
        else:
            _create_private_file(file)
        try:
            db = _new_database(str(file))
        except PeeweeDatabaseError as exc:
            raise DatabaseOpenError(
                file, _("Cannot open {path}: {error}").format(path=file, error=exc)
            ) from exc
        db.path = file
        try:
            if found == 0:
                _initialise(db)
            elif found < SCHEMA_VERSION:
                _migrate(db, found)
                db.migrated_from, db.copy_aside = found, copy
        except BaseException:
            db.close()
            raise
    if seed:
        reference_repo.seed_reference(db)
    return db


def integrity_check(db: SqliteDatabase, *, quick: bool = False) -> list[str]:
    """Problems SQLite finds in the file and its foreign keys; empty when sound."""
    pragma = "quick_check" if quick else "integrity_check"
    rows = [str(r[0]) for r in db.execute_sql(f"PRAGMA {pragma}").fetchall()]
    problems = [] if rows == ["ok"] else rows
    for table, rowid, parent, _fk in db.execute_sql("PRAGMA foreign_key_check").fetchall():
        problems.append(
            _("{table} row {rowid} refers to a missing {parent} row.").format(
                table=table, rowid=rowid, parent=parent
            )
        )
    return problems
