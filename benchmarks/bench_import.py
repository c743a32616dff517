"""Import benchmark: 100,000 backup rows from CSV (FILE-4) against bare sqlite3.

Times ``di-desk import backups FILE`` run in-process (read, validate every
row, insert in one transaction) and, in the same run, a bare ``sqlite3``
``executemany`` of the same rows into an equivalent table (same columns,
indexes and pragmas). The baseline is timed twice: with the CSV reading and
timestamp conversion it needs too, and the ``executemany`` alone. Prints rows
per second and the ratios (target: the import within 3x of the baseline).

    .venv/bin/python benchmarks/bench_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import csv
import io
import sqlite3
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path

from di_desk.cli import main as cli_main

APPS = ("CUCM", "Unity Connection", "IM & Presence", "CER", "Expressway")
CUSTOMERS = 40
REGIONS = ("EU", "AMER", "APJC", "AUS", "UK", "EMEA")


def write_files(folder: Path, rows: int) -> tuple[Path, Path]:
    customers = folder / "customers.csv"
    with customers.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "region"])
        for n in range(CUSTOMERS):
            out.writerow([f"Customer {n:03d}", REGIONS[n % len(REGIONS)]])
    backups = folder / "backups.csv"
    start = datetime(2024, 1, 1, 1, 30, tzinfo=UTC)
    with backups.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["customer", "application", "taken_at", "result", "size_bytes"])
        groups = CUSTOMERS * len(APPS)
        for i in range(rows):
            night, group = divmod(i, groups)
            customer, app = divmod(group, len(APPS))
            taken = start + timedelta(days=night, minutes=group)
            out.writerow(
                [
                    f"Customer {customer:03d}",
                    APPS[app],
                    taken.strftime("%Y-%m-%dT%H:%M:%SZ") if i % 2 else taken.isoformat(),
                    "failed" if i % 37 == 0 else "good",
                    500_000_000 + i,
                ]
            )
    return customers, backups


SCHEMA = """
CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
CREATE TABLE backup (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer(id),
    application VARCHAR(40) NOT NULL, taken_at BIGINT NOT NULL, result VARCHAR(40) NOT NULL,
    size_bytes BIGINT, source VARCHAR(255));
CREATE INDEX backup_taken_at ON backup (taken_at);
CREATE INDEX backup_result ON backup (result);
CREATE INDEX backup_customer_taken ON backup (customer_id, taken_at);
CREATE INDEX backup_customer_app_taken ON backup (customer_id, application, taken_at);
CREATE INDEX backup_customer_result_taken ON backup (customer_id, result, taken_at);
"""


def baseline(folder: Path, backups: Path) -> tuple[float, float, int]:
    """(seconds with CSV reading, seconds of executemany alone, rows)."""
    conn = sqlite3.connect(folder / "bare.sqlite", isolation_level=None)
    for pragma in ("journal_mode=wal", "foreign_keys=1", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    conn.executescript(SCHEMA)
    conn.executemany(
        "INSERT INTO customer (name) VALUES (?)", [(f"Customer {n:03d}",) for n in range(CUSTOMERS)]
    )
    ids = {name: cid for cid, name in conn.execute("SELECT id, name FROM customer")}
    began = time.perf_counter()
    with backups.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        values = [
            (
                ids[c],
                a,
                int(datetime.fromisoformat(t).timestamp()),
                r,
                int(s) if s else None,
                backups.name,
            )
            for c, a, t, r, s in reader
        ]
    parsed = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO backup (customer_id, application, taken_at, result, size_bytes, source) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        values,
    )
    conn.execute("COMMIT")
    done = time.perf_counter()
    conn.close()
    return done - began, done - parsed, len(values)


def di_desk_import(folder: Path, customers: Path, backups: Path) -> float:
    db = folder / "desk.sqlite"
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        if cli_main(["--db", str(db), "import", "customers", str(customers)]) != 0:
            raise SystemExit(sink.getvalue())
        began = time.perf_counter()
        code = cli_main(["--db", str(db), "import", "backups", str(backups)])
        seconds = time.perf_counter() - began
    if code != 0:
        raise SystemExit(sink.getvalue())
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        customers, backups = write_files(folder, args.rows)
        ours = di_desk_import(folder, customers, backups)
        with_csv, insert_only, rows = baseline(folder, backups)
    print(f"rows                               {rows:>10,}")
    print(f"di-desk import backups             {rows / ours:>10,.0f} rows/s  ({ours:.2f} s)")
    print(
        f"bare sqlite3 (csv + executemany)   {rows / with_csv:>10,.0f} rows/s  ({with_csv:.2f} s)"
    )
    print(
        f"bare sqlite3 (executemany only)    {rows / insert_only:>10,.0f} rows/s"
        f"  ({insert_only:.2f} s)"
    )
    print(f"ratio vs csv + executemany         {ours / with_csv:>10.2f}x  (target: within 3x)")
    print(f"ratio vs executemany only          {ours / insert_only:>10.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
