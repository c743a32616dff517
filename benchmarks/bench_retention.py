"""Benchmark of BAK-2 retention over a million imported backups.

Generates synthetic nightly backups as text columns (as a FILE-4 import reads
them: customer, application, ISO 8601 ``taken_at``, result), then times:

(a) the floor: a plain loop that only parses the timestamps
    (``datetime.fromisoformat``);
(b) parsing the timestamps and results, plus
    :func:`di_desk.domain.backups.retention_table`.

Prints per-item times and the ratio (b) / (a); the target is about 3x.
Like ``timeit``, garbage collection is off while timing; each figure is the
best of ``--repeat`` runs. Also times scenarios that take the slower paths
(shuffled rows, departed customers whose newest backups are old).

Run: ``.venv/bin/python benchmarks/bench_retention.py [--count N] [--repeat R]``
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from di_desk.domain.backups import retention_table
from di_desk.domain.enums import Application
from di_desk.domain.reference import DEFAULT_REFERENCE

APPS = [a.value for a in Application]
START = datetime(2024, 1, 1, 1, 0, tzinfo=UTC)
CET = timezone(timedelta(hours=1))
Columns = tuple[list[str], list[str], list[str], list[str]]


def generate(
    count: int, *, shuffle: bool = False, offsets: bool = False, departed: int = 0, seed: int = 7
) -> Columns:
    """Nightly backups of 280 customers × 6 applications, ~3% failed, file order by night.

    Instants are written in UTC (``Z``); with ``offsets`` every fifth group's
    exporter writes +01:00 instead. ``departed`` customers stopped 60 days
    before the last night.
    """
    rng = random.Random(seed)
    groups = [(f"Customer {c:03d}", APPS[a]) for c in range(280) for a in range(6)]
    nights = -(-count // len(groups))
    customers, apps, stamps, results = [], [], [], []
    for night in range(nights):
        base = START + timedelta(days=night)
        for g, (customer, app) in enumerate(groups):
            if len(stamps) == count:
                break
            if g < departed * 6 and night > nights - 60:
                base_g = START + timedelta(days=night - nights)  # long before: stale history
            else:
                base_g = base
            instant = base_g + timedelta(minutes=(g * 7) % 240, seconds=rng.randrange(60))
            text = (
                instant.astimezone(CET).isoformat()
                if offsets and g % 5 == 0
                else instant.isoformat().replace("+00:00", "Z")
            )
            customers.append(customer)
            apps.append(app)
            stamps.append(text)
            results.append("failed" if rng.random() < 0.03 else "good")
    if shuffle:
        order = list(range(len(stamps)))
        rng.shuffle(order)
        customers, apps, stamps, results = (
            [col[i] for i in order] for col in (customers, apps, stamps, results)
        )
    return customers, apps, stamps, results


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    return best, result


def run(label: str, cols: Columns, repeat: int) -> float:
    customers, apps, stamps, results = cols
    n = len(stamps)
    at = datetime.fromisoformat(max(stamps)) + timedelta(hours=1)  # roughly "just after import"
    parse = datetime.fromisoformat

    def floor() -> list[datetime]:
        return [parse(s) for s in stamps]

    def full():
        taken = [parse(s) for s in stamps]
        good = list(map("good".__eq__, results))
        return retention_table(customers, apps, taken, good, at, DEFAULT_REFERENCE)

    t_floor, _ = best_of(repeat, floor)
    t_full, table = best_of(repeat, full)
    ratio = t_full / t_floor
    print(
        f"{label:<38} floor {t_floor / n * 1e9:6.0f} ns/item   "
        f"parse+retention {t_full / n * 1e9:6.0f} ns/item   ratio {ratio:4.2f}x   "
        f"retained {table.retained_count:,}/{n:,}"
    )
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="main scenario only")
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, {args.count:,} backups, best of {args.repeat}")
    ratio = run("file order (by night)", generate(args.count), args.repeat)
    if not args.quick:
        run("shuffled rows", generate(args.count, shuffle=True), args.repeat)
        run("20% of rows with +01:00 offsets", generate(args.count, offsets=True), args.repeat)
        run("10 departed customers (stale groups)", generate(args.count, departed=10), args.repeat)
    print(f"target: about 3x the floor; file-order ratio {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
