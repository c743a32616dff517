"""Benchmark of demo data generation (``di-desk demo``), in rows per second.

Fills a fresh database file in a temporary folder with
:func:`di_desk.storage.demo.generate_demo` and prints the rows written, the
seconds and rows/s, with the time spent building the plan and writing the
backups. The default is the spec's big demo: 60 customers over 5 years
(about 730,000 rows, 710,000 of them backups).

Run: ``.venv/bin/python benchmarks/bench_demo.py [--customers 60] [--years 5] [--repeat 1]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from di_desk.storage.db import open_database
from di_desk.storage.demo import generate_demo
from di_desk.storage.demo_data import backup_rows, build_plan

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


def run_once(customers: int, years: float, seed: int, folder: Path, index: int) -> float:
    started = time.perf_counter()
    plan = build_plan(customers, years, seed, NOW)
    planned = time.perf_counter()
    backups = sum(1 for _row in backup_rows(plan))
    generated = time.perf_counter()
    print(
        f"  plan {planned - started:.2f} s, {backups:,} backup tuples in "
        f"{generated - planned:.2f} s (generation only)"
    )
    db = open_database(folder / f"bench-{index}.sqlite")
    cpu = time.process_time()
    try:
        result = generate_demo(db, customers=customers, years=years, seed=seed, now=NOW)
    finally:
        db.close()
    cpu = time.process_time() - cpu
    print(
        f"  generate_demo: {result.rows:,} rows ({result.counts['backup']:,} backups) in "
        f"{result.seconds:.2f} s = {result.rows_per_second:,.0f} rows/s "
        f"(CPU {cpu:.2f} s = {result.rows / cpu:,.0f} rows per CPU second)"
    )
    return result.rows_per_second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=60)
    parser.add_argument("--years", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    rates = []
    with tempfile.TemporaryDirectory(prefix="di-desk-bench-") as tmp:
        for index in range(args.repeat):
            print(f"run {index + 1}: --customers {args.customers} --years {args.years}")
            rates.append(run_once(args.customers, args.years, args.seed, Path(tmp), index))
    print(f"best: {max(rates):,.0f} rows/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
