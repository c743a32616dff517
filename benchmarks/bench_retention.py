"""Benchmark of BAK-2 retention over a million imported backups.

Generates synthetic nightly backups as text columns (as a FILE-4 import reads
them: customer, application, ISO 8601 ``taken_at``, result), then times, side
by side in one run:

(a) the floor: a plain loop that only parses the timestamps
    (``datetime.fromisoformat``);
(b) one by one: parse, find each group's newest good backups (a sort per
    group), then :func:`di_desk.domain.backups.backup_retention` per row (the
    one-row form a list view uses);
(c) parse the timestamps and results, plus
    :func:`di_desk.domain.backups.retention_table` (columns of datetimes);
(d) :func:`di_desk.domain.backups.retention_table_from_iso` on the texts
    themselves (the column is read as an array, no datetime per backup).

Prints per-item times and each path's ratio to the floor; the target is 3x for
the bulk path from the texts. (c) and (d) compute the flags (retained, reasons)
of every row; expiry instants are computed when asked, as the FILE-4 report
asks. Every path's states are checked against (c) before timing. Like
``timeit``, garbage collection is off while timing; each figure is the best of
``--repeat`` runs. Also times scenarios that take the slower paths (shuffled
rows, offsets other than Z, departed customers whose newest backups are old).

Run: ``.venv/bin/python benchmarks/bench_retention.py [--count N] [--repeat R]``
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from di_desk.domain.backups import backup_retention, retention_table, retention_table_from_iso
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


def run(label: str, cols: Columns, repeat: int, one_by_one: bool) -> float:
    customers, apps, stamps, results = cols
    n = len(stamps)
    at = datetime.fromisoformat(max(stamps)) + timedelta(hours=1)  # roughly "just after import"
    parse = datetime.fromisoformat
    ref = DEFAULT_REFERENCE

    def floor() -> list[datetime]:
        return [parse(s) for s in stamps]

    def each_row() -> list:
        taken = [parse(s) for s in stamps]
        good = list(map("good".__eq__, results))
        competing: dict[tuple[str, str], list[tuple[datetime, int]]] = {}
        for i, (c, a, t, g) in enumerate(zip(customers, apps, taken, good, strict=True)):
            if g and t <= at:
                competing.setdefault((c, a), []).append((t, i))
        keep = ref.retention_keep_good
        newest = {k: [i for _t, i in sorted(v, reverse=True)[:keep]] for k, v in competing.items()}
        return [
            backup_retention(i, taken[i], newest.get((c, a), ()), at, ref)
            for i, (c, a) in enumerate(zip(customers, apps, strict=True))
        ]

    def table():
        taken = [parse(s) for s in stamps]
        good = list(map("good".__eq__, results))
        return retention_table(customers, apps, taken, good, at, ref)

    def table_from_iso():
        good = list(map("good".__eq__, results))
        return retention_table_from_iso(customers, apps, stamps, good, at, ref)

    reference = table()
    assert table_from_iso().flags == reference.flags, label
    step = max(1, n // 2000)
    sample = range(0, n, step)
    new = table_from_iso()
    assert [new.state(i) for i in sample] == [reference.state(i) for i in sample], label
    load = os.getloadavg()[0]
    t_floor, _ = best_of(repeat, floor)
    paths = []
    if one_by_one:
        t_each, states = best_of(max(1, repeat // 2), each_row)
        assert [states[i] for i in sample] == [reference.state(i) for i in sample], label
        paths.append(("parse + backup_retention, row by row", t_each))
    paths.append(("parse + retention_table (datetimes)", best_of(repeat, table)[0]))
    t_iso = best_of(repeat, table_from_iso)[0]
    paths.append(("retention_table_from_iso (texts)", t_iso))
    print(
        f"{label}: {reference.retained_count:,} of {n:,} retained, load {load:.2f}\n"
        f"  floor: fromisoformat only            {t_floor / n * 1e9:6.0f} ns/item"
    )
    for name, t in paths:
        print(f"  {name:<37}{t / n * 1e9:6.0f} ns/item   {t / t_floor:5.2f}x the floor")
    return t_iso / t_floor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="main scenario only")
    parser.add_argument(
        "--no-one-by-one", action="store_true", help="skip the row-by-row path (slow)"
    )
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, {args.count:,} backups, best of {args.repeat}")
    each = not args.no_one_by_one
    ratios = {
        "file order (by night)": run(
            "file order (by night)", generate(args.count), args.repeat, each
        )
    }
    if not args.quick:
        for label, cols in (
            ("shuffled rows", generate(args.count, shuffle=True)),
            ("20% of rows with +01:00 offsets", generate(args.count, offsets=True)),
            ("10 departed customers (stale groups)", generate(args.count, departed=10)),
        ):
            ratios[label] = run(label, cols, args.repeat, each)
            del cols
    worst = max(ratios.values())
    print(
        f"target: within 3x of the floor; bulk from texts {min(ratios.values()):.2f}x-{worst:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
