"""Benchmark of the Overview's work (runs on a worker thread in the GUI).

Builds the spec's big demo (60 customers over 5 years, about 710,000
backups) in a temporary folder, then times what the Overview computes on
each refresh: :func:`di_desk.services.attention.attention_items` (14 days,
maintenance 7) and :func:`di_desk.services.reports.monthly_sla` (12 months),
plus ``report attention`` for comparison. Prints the best of ``--repeat`` runs.

Run: ``.venv/bin/python benchmarks/bench_overview.py [--customers 60] [--years 5] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from di_desk.services.attention import attention_items, attention_report
from di_desk.services.reports import monthly_sla
from di_desk.storage import load_reference, open_database
from di_desk.storage import tables as t
from di_desk.storage.demo import generate_demo

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
ZONE = "Europe/Amsterdam"


def best(label: str, repeat: int, fn) -> object:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    print(f"  {label}: best {min(times):.3f} s of {repeat}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=60)
    parser.add_argument("--years", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite")
        started = time.perf_counter()
        result = generate_demo(db, customers=args.customers, years=args.years, now=NOW)
        print(
            f"demo: {result.rows:,} rows ({t.Backup.select().count():,} backups, "
            f"{t.SupportCase.select().count():,} cases) in {time.perf_counter() - started:.1f} s"
        )
        reference = load_reference(db)
        items = best(
            "attention_items (14 days)",
            args.repeat,
            lambda: attention_items(reference, NOW, 14, maintenance_days=7),
        )
        print(f"    {len(items)} items: {dict(Counter(i.kind for i in items))}")
        start = datetime(2025, 4, 1, tzinfo=UTC)
        best(
            "monthly_sla (12 months)",
            args.repeat,
            lambda: monthly_sla(reference, start, NOW, NOW, ZONE),
        )
        best("report attention (7 days)", args.repeat, lambda: attention_report(reference, NOW, 7))
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
