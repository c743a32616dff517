"""Crash safety: a killed import or migration never leaves a partial or broken file.

Each test starts a real ``python -m di_desk`` process, SIGKILLs it at several
points (after a fixed delay, or when the child prints a marker that a small
test-only wrapper adds around the real code), then opens the file: ``PRAGMA
integrity_check`` is ``ok`` and the data is all there or all not there.

- Import (FILE-4): 200,000 backup rows in one transaction; after the kill
  the backup count is the count before, or before + 200,000, never between.
- Migration: a version-1 file with 100,000 backups; after the kill the file
  is at version 1, 2 or 3 with every row and the schema of that version; it
  then opens (migrating the rest) with every row, and every copy taken aside
  is a sound file with every row. A test-only wrapper pauses each step
  inside its transaction so the kills land there.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from di_desk.storage.db import open_database
from di_desk.storage.migrations import SCHEMA_VERSION
from di_desk.storage.tables import Backup, Customer

from .conftest import count

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_V1 = ROOT / "tests" / "unit" / "storage" / "data" / "schema_v1.sql"
BIG = 200_000
BEFORE = 1_000
MIGRATION_ROWS = 100_000

# A test-only wrapper around the real entry point: markers on stderr at the
# moments worth killing, and a slowed write so a kill can land inside the
# transaction. Production code is unchanged; this only wraps it.
IMPORT_WRAPPER = """
import sys, time
from di_desk.services import imports

_real = imports.write_rows

def write_rows(db, *args, **kwargs):
    conn = db.connection()
    calls = [0]

    def slow():
        calls[0] += 1
        if calls[0] == 1:
            print("MARK writing", file=sys.stderr, flush=True)
        time.sleep(0.002)
        return 0

    conn.set_progress_handler(slow, 20_000)
    try:
        result = _real(db, *args, **kwargs)
    finally:
        conn.set_progress_handler(None, 0)
    print("MARK committed", file=sys.stderr, flush=True)
    return result

imports.write_rows = write_rows
from di_desk.__main__ import main
sys.exit(main(sys.argv[1:]))
"""

MIGRATION_WRAPPER = """
import sys, time
from di_desk.storage import db as dbmod, migrations

def mark(text):
    print("MARK " + text, file=sys.stderr, flush=True)

_copy = dbmod._backup_connection

def copy(*args, **kwargs):
    mark("copy-start")
    result = _copy(*args, **kwargs)
    mark("copy-done")
    return result

dbmod._backup_connection = copy
_pending = migrations.pending_steps

def wrap(step):
    def apply(db, migrator):
        mark(f"step{step.version}-start")
        step.apply(db, migrator)
        mark(f"step{step.version}-applied")
        time.sleep(0.3)  # still inside the step's transaction
    return migrations.Step(step.version, step.description, apply)

migrations.pending_steps = lambda current: tuple(wrap(s) for s in _pending(current))
from di_desk.__main__ import main
code = main(sys.argv[1:])
mark("opened")
time.sleep(0.5)
sys.exit(code)
"""


@dataclass
class Outcome:
    label: str
    killed: bool  # False: the process had ended by itself before the kill
    seen: list[str]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("QT_QPA_PLATFORM", None)
    return env


def _run_and_kill(
    argv: list[str], label: str, *, after: float, marker: str | None = None
) -> Outcome:
    """Start ``argv``; SIGKILL it ``after`` seconds after start (or after ``marker``)."""
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    seen: list[str] = []
    hit = threading.Event()
    if marker is None:
        hit.set()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("MARK "):
                seen.append(line[5:].strip())
                if seen[-1] == marker:
                    hit.set()
            elif "Traceback" in line or "Error" in line:
                seen.append(line.strip())
        hit.set()  # the process ended without the marker

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    hit.wait(timeout=120)
    if after:
        time.sleep(after)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    reader.join(timeout=10)
    if proc.stderr is not None:
        proc.stderr.close()
    return Outcome(label, killed, seen)


def _raw_counts(path: Path) -> tuple[str, int, int, int]:
    """integrity_check, user_version, customers and backups, read with plain sqlite3."""
    conn = sqlite3.connect(path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        customers = conn.execute("SELECT count(*) FROM customer").fetchone()[0]
        backups = conn.execute("SELECT count(*) FROM backup").fetchone()[0]
    finally:
        conn.close()
    return check, version, customers, backups


# -- import ---------------------------------------------------------------------------


def _write_backups_csv(path: Path, n: int, *, customer: str = "Acme", year: int = 2025) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["customer", "application", "taken_at", "result", "size_bytes"])
        for i in range(n):
            writer.writerow(
                [
                    customer,
                    "CUCM" if i % 2 else "Unity Connection",
                    f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:"
                    f"{(i // 60) % 60:02d}Z",
                    "good" if i % 5 else "failed",
                    1000 + i,
                ]
            )


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "di_desk", "--db", str(db), *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def import_files(tmp_path_factory) -> tuple[Path, Path]:
    """A database with one customer and 1,000 backups, and a file of 200,000 more."""
    folder = tmp_path_factory.mktemp("crash-import")
    customers = folder / "customers.csv"
    customers.write_text("name,region\nAcme,EU\n", encoding="utf-8")
    small = folder / "small.csv"
    _write_backups_csv(small, BEFORE, year=2024)
    big = folder / "big.csv"
    _write_backups_csv(big, BIG)
    template = folder / "template.sqlite"
    assert _cli(template, "import", "customers", str(customers)).returncode == 0
    assert _cli(template, "import", "backups", str(small)).returncode == 0
    return template, big


def _lane(template: Path, folder: Path, name: str, points: list[tuple[str, dict]], big: Path):
    """Run the kill points one after another on one database (repeated crashes)."""
    db = folder / f"{name}.sqlite"
    shutil.copyfile(template, db)
    results = []
    for label, how in points:
        *_, before = _raw_counts(db)
        wrapper = how.pop("wrapper", False)
        argv = (
            [sys.executable, "-c", IMPORT_WRAPPER] if wrapper else [sys.executable, "-m", "di_desk"]
        )
        outcome = _run_and_kill(
            [*argv, "--db", str(db), "import", "backups", str(big)], label, **how
        )
        check, version, customers, after = _raw_counts(db)
        results.append((outcome, before, check, version, customers, after))
    return db, results


def test_killed_import_keeps_all_or_nothing(import_files, tmp_path):
    """FILE-4 / REL: SIGKILL during a 200,000-row import: all rows or none, file sound."""
    template, big = import_files
    timed = [(f"timed {t:.1f}s", {"after": t}) for t in (0.2, 1.0, 2.5)]
    marked = [
        ("at write start", {"marker": "writing", "after": 0.0, "wrapper": True}),
        ("write +0.3s", {"marker": "writing", "after": 0.3, "wrapper": True}),
        ("after commit", {"marker": "committed", "after": 0.0, "wrapper": True}),
    ]
    lanes = [[timed[0], timed[2], marked[1]], [timed[1], marked[0], marked[2]]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(_lane, template, tmp_path, f"lane{i}", lane, big)
            for i, lane in enumerate(lanes)
        ]
        done = [f.result() for f in futures]
    results = [r for _db, lane in done for r in lane]
    for db, lane in done:  # the file opens through the app too (models bind globally)
        opened = open_database(db)
        assert Backup.select().count() == lane[-1][-1]
        opened.close()
    lines = []
    mid_write = 0
    for outcome, before, check, version, customers, after in results:
        assert check == "ok", outcome
        assert version == SCHEMA_VERSION and customers == 1
        assert after in (before, before + BIG), (outcome, before, after)
        assert not [s for s in outcome.seen if "Traceback" in s], outcome
        if outcome.killed and "writing" in outcome.seen and "committed" not in outcome.seen:
            mid_write += 1
            assert after == before, outcome  # killed inside the transaction: nothing
        kept = "all" if after == before + BIG else "none"
        lines.append(f"{outcome.label}: killed={outcome.killed} rows {kept}")
        count("crash: import kill points", "tested")
        count("crash: import kill points", "intact")
        if outcome.killed:
            count("crash: import kill points", "killed")
    count("crash: import kill points", "inside the write transaction", mid_write)
    print("\n".join(lines))
    assert mid_write >= 1  # the markers put kills inside the transaction
    assert len(results) == len(timed) + len(marked)


# -- migration ------------------------------------------------------------------------


def _make_v1(path: Path, backups: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.executescript("BEGIN;\n" + SCHEMA_V1.read_text(encoding="utf-8") + "\nCOMMIT;")
    conn.execute(
        "INSERT INTO customer (id, row_version, name, region, sso, contracted_knowledge_workers,"
        " contracted_workspace_devices, planned_knowledge_workers, planned_workspace_devices,"
        " notes) VALUES (1, 1, 'Acme', 'EU', 0, 100, 10, 100, 10, '')"
    )
    base = 1_700_000_000
    conn.executemany(
        "INSERT INTO backup (customer_id, application, taken_at, result, size_bytes)"
        " VALUES (1, 'CUCM', ?, ?, ?)",
        ((base + i * 60, "good" if i % 4 else "failed", i) for i in range(backups)),
    )
    conn.commit()
    conn.close()


def _columns(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
    finally:
        conn.close()


def _check_migration_kill(path: Path, outcome: Outcome) -> str:
    check, version, customers, backups = _raw_counts(path)
    assert check == "ok", outcome
    assert version in range(1, SCHEMA_VERSION + 1), outcome
    assert (customers, backups) == (1, MIGRATION_ROWS), outcome
    # the schema is the one of the version the file says (step and bump are one)
    assert ("source" in _columns(path, "backup")) == (version >= 2), outcome
    assert ("customer_id" in _columns(path, "certificate")) == (version >= 3), outcome
    assert ("scheduled_end" in _columns(path, "upgrade_plan")) == (version >= 4), outcome
    copies = sorted(path.parent.glob(f"{path.stem}.before-v*.sqlite"))
    for copy in copies:
        c_check, c_version, c_customers, c_backups = _raw_counts(copy)
        assert c_check == "ok" and c_version < SCHEMA_VERSION, (copy, outcome)
        assert (c_customers, c_backups) == (1, MIGRATION_ROWS), (copy, outcome)
    if version < SCHEMA_VERSION and "copy-done" in outcome.seen:
        assert copies, outcome  # a migration started only after its copy was complete
    # Reopening finishes the migration with every row.
    db = open_database(path)
    assert (Customer.select().count(), Backup.select().count()) == (1, MIGRATION_ROWS)
    db.close()
    return f"{outcome.label}: killed={outcome.killed} found v{version}, copies={len(copies)}"


def test_killed_migration_leaves_old_or_new_version_with_all_rows(tmp_path):
    """A kill during the copy aside or any migration step: old or new version, all rows."""
    template = tmp_path / "v1.sqlite"
    _make_v1(template, MIGRATION_ROWS)
    points: list[tuple[str, dict]] = [
        ("timed 0.4s", {"after": 0.4}),
        ("copy started", {"marker": "copy-start", "after": 0.0, "wrapper": True}),
        ("copy +0.05s", {"marker": "copy-start", "after": 0.05, "wrapper": True}),
        ("copy done", {"marker": "copy-done", "after": 0.0, "wrapper": True}),
        ("in step 2", {"marker": "step2-applied", "after": 0.05, "wrapper": True}),
        ("before step 3", {"marker": "step3-start", "after": 0.0, "wrapper": True}),
        ("in step 3", {"marker": "step3-applied", "after": 0.05, "wrapper": True}),
        ("opened", {"marker": "opened", "after": 0.0, "wrapper": True}),
    ]

    def one(index: int, label: str, how: dict) -> tuple[Path, Outcome]:
        folder = tmp_path / f"point{index}"
        folder.mkdir()
        path = folder / "di-desk.sqlite"
        shutil.copyfile(template, path)
        wrapper = how.pop("wrapper", False)
        argv = (
            [sys.executable, "-c", MIGRATION_WRAPPER]
            if wrapper
            else [sys.executable, "-m", "di_desk"]
        )
        return path, _run_and_kill([*argv, "--db", str(path), "db", "check"], label, **how)

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda item: one(item[0], *item[1]), enumerate(points)))
    lines = [_check_migration_kill(path, outcome) for path, outcome in runs]
    for _line in lines:
        count("crash: migration kill points", "tested")
        count("crash: migration kill points", "intact")
    print("\n".join(lines))
    versions = {line.split("found v")[1][0] for line in lines}
    assert len(versions) >= 2  # the kills landed before and after steps committed
