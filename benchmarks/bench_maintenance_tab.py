"""Maintenance tab benchmark: a large schedule, checks only for painted rows.

Builds a database with ``--rows`` maintenance events (default 200,000, about
12 years of 24 customers with several clusters) through ``bulk_insert``, then
times, offscreen at 1366x768:

* building the tab (count + first page of ids, week view of "now");
* painting the list (the rows on screen are fetched and checked by the domain:
  notice due, reply-by, violations) and how many checks that took;
* scrolling one screen down (new rows, new checks), a customer filter,
  stepping the week view forward, and opening the editor with its live check.

    .venv/bin/python benchmarks/bench_maintenance_tab.py [--rows N]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.domain.windows import window_on
from di_desk.storage.bulk import bulk_insert
from di_desk.storage.db import open_database
from di_desk.storage.tables import Cluster, Customer, MaintenanceEvent

NOW = datetime(2026, 3, 25, 12, tzinfo=UTC)
REGIONS = (Region.EU, Region.AMER, Region.APJC, Region.AUS, Region.UK, Region.EMEA)


def build(path: Path, rows: int) -> Any:
    db = open_database(path)
    rng = random.Random(7)
    customers = []
    for i in range(24):
        region = REGIONS[i % len(REGIONS)]
        ref = DEFAULT_REFERENCE.region(region)
        cid = Customer.insert(
            name=f"Customer {i:02d}", region=region, calendar=ref.calendar, zone=ref.zone
        ).execute()
        clusters = [
            Cluster.insert(customer=cid, name=f"C{i:02d}-CL{k}", region=region).execute()
            for k in range(1, 4)
        ]
        customers.append((cid, region, clusters))
    kinds = list(MaintenanceType)
    first = NOW.date() - timedelta(days=int(rows / 45))
    out = []
    for n in range(rows):
        cid, region, clusters = customers[n % len(customers)]
        day = first + timedelta(days=n * 1.0 / 45 + rng.random())
        window = window_on(DEFAULT_REFERENCE.region(region), date.fromordinal(day.toordinal()))
        start = window.start_utc + timedelta(minutes=30 * rng.randint(-2, 10))
        out.append(
            {
                "customer": cid,
                "cluster": rng.choice(clusters),
                "region": region.value,
                "type": rng.choice(kinds).value,
                "start": int(start.timestamp()),
                "end": int((start + timedelta(hours=rng.choice((1, 2, 3)))).timestamp()),
                "reason": "work",
                "emergency_reason": "",
                "calendar": DEFAULT_REFERENCE.region(region).calendar,
            }
        )
    bulk_insert(db, MaintenanceEvent, out)
    return db


def timed(label: str, fn: Callable[[], Any], figures: list[tuple[str, float]]) -> Any:
    started = time.perf_counter()
    result = fn()
    figures.append((label, (time.perf_counter() - started) * 1000))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args(argv)

    from di_desk.services.maintenance import MaintenanceService
    from di_desk.ui.language import LanguageNotifier
    from di_desk.ui.qt import QApplication
    from di_desk.ui.settings import Settings
    from di_desk.ui.tabs.base import AppEvents, TabContext
    from di_desk.ui.tabs.maintenance import MaintenanceTab

    app = QApplication.instance() or QApplication([sys.argv[0]])
    folder = Path(tempfile.mkdtemp())
    started = time.perf_counter()
    db = build(folder / "bench.sqlite", args.rows)
    print(f"{args.rows:,} events written in {time.perf_counter() - started:.1f} s")
    settings = Settings(folder / "settings.ini")
    settings.display_zone = "Europe/Amsterdam"
    context = TabContext(settings=settings, notifier=LanguageNotifier(), events=AppEvents(), db=db)
    figures: list[tuple[str, float]] = []

    service = MaintenanceService(db, clock=lambda: NOW)
    tab = timed("build the tab (count, first page, week)", lambda: MaintenanceTab(service, context),
                figures)  # fmt: skip
    week_checks = service.cached_check_count()
    tab.resize(1366, 740)
    tab.show()
    timed("paint the list (fetch + check visible rows)", app.processEvents, figures)
    painted = service.cached_check_count()
    bar = tab.view.verticalScrollBar()
    timed("scroll one screen and paint",
          lambda: (bar.setValue(bar.value() + bar.pageStep()), app.processEvents()),
          figures)  # fmt: skip
    scrolled = service.cached_check_count()
    combo = tab.bar.combos["customer_id"]
    timed("filter one customer and paint",
          lambda: (combo.setCurrentIndex(3), tab.grab()), figures)  # fmt: skip
    timed("next week (events, blackouts, checks)",
          lambda: (tab.week.step_weeks(1), tab.week.canvas.grab()), figures)  # fmt: skip
    tab.view.selectRow(0)
    editor = timed("open the editor (with live check)", tab.edit_selected, figures)
    timed("one live check in the editor", editor.update_checks, figures)
    editor.reject()

    width = max(len(label) for label, _ms in figures)
    for label, ms in figures:
        print(f"{label:<{width}}  {ms:8.1f} ms")
    print(f"checks computed: {week_checks} for the week view, {painted} after painting the "
          f"list, {scrolled} after one scroll (of {args.rows:,} events)")  # fmt: skip
    tab.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
