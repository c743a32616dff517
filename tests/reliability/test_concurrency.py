"""Two DI Desks on one database file (WAL, busy timeout, row versions).

- Racing edits of the same case from two processes through the
  repositories: one wins, the other gets StaleEdit; no update is lost.
- Imports started at the same moment wait for each other (busy timeout)
  and all land; no "database is locked" reaches the user.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from di_desk.storage import Repository
from di_desk.storage.db import open_database
from di_desk.storage.errors import StaleEdit
from di_desk.storage.tables import Customer, SupportCase

from .conftest import count

ROOT = Path(__file__).resolve().parents[2]

# One editor: read the case, wait for the start signal, then save with the
# row_version it read. Prints WON or STALE.
EDITOR = """
import sys, time
from pathlib import Path
from di_desk.storage import Repository
from di_desk.storage.db import open_database
from di_desk.storage.errors import StaleEdit
from di_desk.storage.tables import SupportCase

db_path, case_id, text, go = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
db = open_database(db_path)
repo = Repository(db, SupportCase)
seen = repo.require(case_id)["row_version"]
print("READY", flush=True)
while not go.exists():
    time.sleep(0.005)
try:
    repo.update(case_id, seen, text, problem=text)
except StaleEdit as exc:
    print("STALE", exc, flush=True)
else:
    print("WON", flush=True)
db.close()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _make_case(path: Path) -> int:
    from datetime import UTC, datetime

    db = open_database(path)
    customer = Repository(db, Customer).create("setup", name="Acme", region="EU")
    case = Repository(db, SupportCase).create(
        "setup",
        customer=customer["id"],
        opened_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
        impact="localized",
        urgency="medium",
        severity="S3",
        status="opened",
        problem="original",
    )
    db.close()
    return case["id"]


def test_racing_edits_one_wins_one_is_told(tmp_path):
    """Two processes save the same case at once: one WON, one STALE; nothing lost."""
    path = tmp_path / "shared.sqlite"
    case_id = _make_case(path)
    rounds = 4
    for round_ in range(rounds):
        go = tmp_path / f"go-{round_}"
        editors = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    EDITOR,
                    str(path),
                    str(case_id),
                    f"r{round_}-{who}",
                    str(go),
                ],
                cwd=ROOT,
                env=_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for who in ("alice", "bob")
        ]
        for editor in editors:
            assert editor.stdout is not None
            assert editor.stdout.readline().strip() == "READY"
        go.touch()
        results = []
        for editor in editors:
            out, err = editor.communicate(timeout=60)
            assert editor.returncode == 0, err
            assert "locked" not in err and "Traceback" not in err, err
            results.append(out.split()[0])
        assert sorted(results) == ["STALE", "WON"], results
        winner = ("alice", "bob")[results.index("WON")]
        db = open_database(path)
        stored = Repository(db, SupportCase).require(case_id)
        audit = db.execute_sql(
            "SELECT who, new FROM audit_log WHERE entity='support_case' AND field='problem'"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        db.close()
        assert stored["problem"] == f"r{round_}-{winner}"  # the winner's text is stored
        assert audit == (f"r{round_}-{winner}", f"r{round_}-{winner}")
        count("concurrency", "racing edit rounds (one won, one told)")
    assert stored["row_version"] == 1 + rounds


def test_stale_edit_between_two_connections(tmp_path):
    """A second connection saved first: the first one's save raises StaleEdit."""
    path = tmp_path / "shared.sqlite"
    case_id = _make_case(path)
    db = open_database(path)
    repo = Repository(db, SupportCase)
    mine = repo.require(case_id)
    other = sqlite3.connect(path)  # another program (or DI Desk) on the same file
    other.execute(
        "UPDATE support_case SET problem='theirs', row_version=row_version+1 WHERE id=?",
        (case_id,),
    )
    other.commit()
    other.close()
    try:
        repo.update(case_id, mine["row_version"], "me", problem="mine")
    except StaleEdit as exc:
        assert "changed by someone else" in str(exc)
    else:
        raise AssertionError("the stale edit was saved")
    assert repo.require(case_id)["problem"] == "theirs"
    db.close()


def _backups_csv(path: Path, n: int, hour: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["customer", "application", "taken_at", "result"])
        for i in range(n):
            day = 1 + i % 28
            writer.writerow(
                [
                    "Acme",
                    "CUCM",
                    f"2025-{1 + i % 12:02d}-{day:02d}T{hour:02d}:00:{i % 60:02d}Z",
                    "good",
                ]
            )


def test_concurrent_imports_wait_for_each_other(tmp_path):
    """Three imports at once (CLI processes): all succeed, every row lands, no lock error."""
    path = tmp_path / "shared.sqlite"
    customers = tmp_path / "customers.csv"
    customers.write_text("name,region\nAcme,EU\n", encoding="utf-8")
    base = [sys.executable, "-m", "di_desk", "--db", str(path)]
    subprocess.run([*base, "import", "customers", str(customers)], cwd=ROOT, env=_env(), check=True)
    n = 40_000
    files = []
    for k in range(3):
        files.append(tmp_path / f"b{k}.csv")
        _backups_csv(files[-1], n, k)
    more_customers = tmp_path / "more.csv"
    more_customers.write_text(
        "name,region\n" + "".join(f"Customer {i},EU\n" for i in range(200)), encoding="utf-8"
    )
    jobs = [[*base, "import", "backups", str(f)] for f in files]
    jobs.append([*base, "import", "customers", str(more_customers)])
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            job, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for job in jobs
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    elapsed = time.monotonic() - started
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err, err
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM backup").fetchone()[0] == 3 * n
    assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 201
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    count("concurrency", "simultaneous imports (all landed)", len(jobs))
    print(f"{len(jobs)} simultaneous imports in {elapsed:.1f} s")


def test_import_while_another_writer_holds_the_lock_is_told_clearly(tmp_path, monkeypatch):
    """A writer that keeps the lock past the busy timeout: one clear line, nothing changed."""
    import io

    from di_desk import cli
    from di_desk.storage import db as dbmod

    path = tmp_path / "shared.sqlite"
    customers = tmp_path / "customers.csv"
    customers.write_text("name,region\nAcme,EU\n", encoding="utf-8")
    assert cli.main(["--db", str(path), "import", "customers", str(customers)]) == 0
    backups = tmp_path / "b.csv"
    _backups_csv(backups, 100, 1)
    short = tuple((k, 200 if k == "busy_timeout" else v) for k, v in dbmod.PRAGMAS)
    monkeypatch.setattr(dbmod, "PRAGMAS", short)  # wait 0.2 s instead of 5 s
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another DI Desk in the middle of a long import
    try:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(
            ["--db", str(path), "import", "backups", str(backups)], stdout=out, stderr=err
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2
    assert err.getvalue().startswith("Error: The database") and "is busy" in err.getvalue()
    assert "Traceback" not in err.getvalue() and "unexpected" not in err.getvalue()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM backup").fetchone()[0] == 0
    conn.close()
    count("concurrency", "busy database told clearly")
