"""Rules benchmark: response-due times of 100,000 cases (CASE-5, TIME-4).

Prints the time per case of, side by side in one run:

- the floor: a plain loop that only parses the cases' ISO timestamps;
- parse + ``cases.response_due`` case by case (what an editor does);
- parse + ``cases.response_due_many`` (the bulk path reports use).

Target: the bulk path within 3x of the floor. The retention benchmark is
``bench_retention.py``.

    .venv/bin/python benchmarks/bench_rules.py [--cases N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from di_desk.domain.calendar import calendar_for
from di_desk.domain.cases import response_due, response_due_many
from di_desk.domain.enums import Severity
from di_desk.domain.reference import DEFAULT_REFERENCE


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
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

    def floor() -> None:
        for text in opened:
            parse(text)

    def one_by_one() -> None:
        for text, severity in zip(opened, severities, strict=True):
            response_due(severity, parse(text), calendar, ref)

    def bulk() -> None:
        response_due_many(severities, [parse(t).timestamp() for t in opened], calendar, ref)

    bulk()  # build the calendar's timeline once, as a long-running app has
    n = args.cases
    t_floor, t_one, t_bulk = best(floor), best(one_by_one, 3), best(bulk)
    print(f"response due of {n:,} cases (S1-S4 mixed, calendar NL, best of runs)")
    print(f"  floor: parse only          {t_floor / n * 1e9:8.0f} ns/case")
    print(
        f"  parse + response_due       {t_one / n * 1e9:8.0f} ns/case   "
        f"{t_one / t_floor:5.1f}x the floor"
    )
    print(
        f"  parse + response_due_many  {t_bulk / n * 1e9:8.0f} ns/case   "
        f"{t_bulk / t_floor:5.1f}x the floor (target 3x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
