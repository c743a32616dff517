"""Rules benchmark: response-due times of 100,000 cases (CASE-5, TIME-4).

The cases' opening instants are ISO 8601 texts, as a file holds them
(``2026-03-27T12:00:00Z``). Prints the time per case of, side by side in one
run (best of ``--repeat``, garbage collection off while timing, as
``timeit`` does):

- the floor: a plain loop that only parses the texts (``datetime.fromisoformat``);
- one by one: parse + ``cases.response_due`` per case (what an editor does);
- parse + ``cases.response_due_many`` (the bulk path on POSIX timestamps);
- ``cases.response_due_from_iso`` on the texts themselves (the bulk path a
  report or an import uses: the texts are read as a column, no datetime per case).

Target: the bulk path from the texts within 3x of the floor. Each bulk result
is checked against the one-by-one result before timing. The calendar's table
of business days (and its search tables) is built once before timing, as a
long-running app has it. The retention benchmark is ``bench_retention.py``.

    .venv/bin/python benchmarks/bench_rules.py [--cases N] [--repeat R]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from di_desk.domain.calendar import calendar_for
from di_desk.domain.cases import response_due, response_due_from_iso, response_due_many
from di_desk.domain.enums import Severity
from di_desk.domain.reference import DEFAULT_REFERENCE


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rng = random.Random(5)
    base = datetime(2022, 1, 1, tzinfo=UTC)
    span = 5 * 365 * 86400
    opened = [
        (base + timedelta(seconds=rng.randrange(span))).isoformat().replace("+00:00", "Z")
        for _ in range(args.cases)
    ]
    severities = [rng.choice(list(Severity)) for _ in range(args.cases)]
    calendar = calendar_for("NL", "Europe/Amsterdam")
    ref = DEFAULT_REFERENCE
    parse = datetime.fromisoformat

    def floor() -> object:
        return [parse(text) for text in opened]

    def one_by_one() -> object:
        return [
            response_due(severity, parse(text), calendar, ref)
            for text, severity in zip(opened, severities, strict=True)
        ]

    def bulk_timestamps() -> object:
        return response_due_many(severities, [parse(t).timestamp() for t in opened], calendar, ref)

    def bulk_texts() -> object:
        return response_due_from_iso(severities, opened, calendar, ref)

    # Build the calendar's tables once and check the bulk paths against the reference.
    reference = one_by_one()
    for fn in (bulk_timestamps, bulk_texts):
        assert [datetime.fromtimestamp(d, UTC) for d in fn()] == reference, fn.__name__  # type: ignore[attr-defined]

    n = args.cases
    load = os.getloadavg()[0]
    t_floor = best(floor, args.repeat)
    t_one = best(one_by_one, max(1, args.repeat // 2))
    t_many = best(bulk_timestamps, args.repeat)
    t_iso = best(bulk_texts, args.repeat)
    print(
        f"response due of {n:,} cases (S1-S4 mixed, calendar NL, ISO 'Z' texts), "
        f"Python {sys.version.split()[0]}, best of {args.repeat}, load {load:.2f}"
    )
    print(f"  floor: fromisoformat only        {t_floor / n * 1e9:7.0f} ns/case")
    for label, t in (
        ("parse + response_due (one by one)", t_one),
        ("parse + response_due_many        ", t_many),
        ("response_due_from_iso (texts)    ", t_iso),
    ):
        print(f"  {label} {t / n * 1e9:7.0f} ns/case   {t / t_floor:5.2f}x the floor")
    print(f"target: within 3x of the floor; bulk from texts {t_iso / t_floor:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
