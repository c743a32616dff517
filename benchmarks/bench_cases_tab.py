"""Cases tab benchmark: a million cases in the list, the live due column, the editor.

Builds (or reuses, ``--db PATH``) a database with 1,000,000 support cases
(``--rows``; 500 customers, mixed severities and statuses), then times on the
offscreen platform at 1366×768:

1. building the Cases tab and painting its first screen;
2. a filter (one customer, status "opened") and a sort by response due time,
   as the filter bar and a header click do (SQL-side); the whole list sorted
   by a few header columns;
3. the live "response due" repaint (``update_due_cells`` + paint): the work the
   30-second timer does, per tick;
4. opening the case editor on a case with its history (``load_case`` + widgets);
5. saving and opening a new case through ``services.cases.save_case``.

    .venv/bin/python benchmarks/bench_cases_tab.py [--rows N] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gui import tab_context

from di_desk.domain.enums import (
    CaseCategory,
    CaseStatus,
    Impact,
    Region,
    Severity,
    Urgency,
)
from di_desk.storage.bulk import bulk_insert
from di_desk.storage.db import open_database
from di_desk.storage.tables import Customer, SupportCase

CUSTOMERS = 500
NOW = datetime(2026, 3, 13, 15, 0, tzinfo=UTC)
OBJECTIVE = {
    Severity.S1: timedelta(minutes=15),
    Severity.S2: timedelta(minutes=30),
    Severity.S3: timedelta(days=1),
    Severity.S4: timedelta(days=3),
}


def case_rows(count: int, customers: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(7)
    severities = list(Severity)
    span = 5 * 365 * 86400
    for i in range(count):
        opened = NOW - timedelta(seconds=span * (count - i) / count)
        severity = rng.choice(severities)
        open_case = i > count - 2000 and rng.random() < 0.5
        due = opened + OBJECTIVE[severity]
        yield {
            "customer_id": 1 + i % customers,
            "opened_at": opened,
            "impact": Impact.LOCALIZED,
            "urgency": Urgency.MEDIUM,
            "severity": severity,
            "status": CaseStatus.OPENED if open_case else CaseStatus.CLOSED,
            "category": CaseCategory.COMMON_PROBLEM,
            "acknowledged_at": None if open_case else opened + OBJECTIVE[severity] / 2,
            "response_due": due,
            "contract": f"SUB{10_000_000 + i % customers}",
            "rep_name": "Ann de Vries",
            "rep_phone": "+31 20 123 4567",
            "rep_email": "ann@partner.example",
            "problem": f"Problem number {i}",
            "partner": "Partner BV",
        }


def build(path: Path, rows: int) -> None:
    db = open_database(path)
    started = time.perf_counter()
    bulk_insert(
        db,
        Customer,
        ({"name": f"Customer {i:04d}", "region": Region.EU} for i in range(CUSTOMERS)),
    )
    bulk_insert(db, SupportCase, case_rows(rows, CUSTOMERS))
    print(f"built {rows:,} cases in {time.perf_counter() - started:.1f} s")
    db.close()


def best(fn: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "cases.sqlite"
    if not path.exists():
        build(path, args.rows)

    from di_desk.domain.enums import CaseStatus as Status
    from di_desk.services.cases import CaseDraft, save_case
    from di_desk.services.listing import ListQuery
    from di_desk.ui.qt import QApplication
    from di_desk.ui.tabs.cases import make_tab

    app = QApplication.instance() or QApplication([])
    db = open_database(path)
    context = tab_context(db, NOW)
    total = SupportCase.select().count()
    print(f"{total:,} cases")

    started = time.perf_counter()
    tab = make_tab(context)
    tab.resize(1366, 740)
    tab.show()
    app.processEvents()
    tab.grab()
    print(f"1. tab built and first screen painted: {time.perf_counter() - started:.3f} s")

    query = ListQuery(
        filters={"customer_id": 7, "status": Status.OPENED.value},
        sort_key="response_due",
        descending=True,
    )

    def filtered() -> None:
        tab.model.set_query(ListQuery(), keep_sort=False)
        tab.model.set_query(query, keep_sort=False)
        tab.grab()

    print(f"2. filter (customer + status) and sort by due, painted: {best(filtered):.3f} s")
    for key in ("severity", "response_due", "status", "customer"):

        def sorted_by(key: str = key) -> None:
            tab.model.set_query(ListQuery(), keep_sort=False)
            tab.model.set_query(ListQuery(sort_key=key), keep_sort=False)
            tab.grab()

        print(f"   whole list sorted by {key} (header click), painted: {best(sorted_by, 3):.3f} s")
    tab.model.set_query(ListQuery(sort_key="opened_at", descending=True), keep_sort=False)
    tab.grab()

    def tick() -> None:
        tab.update_due_cells()
        tab.view.viewport().grab()

    ticks = [best(tick, 1) for _ in range(20)]
    print(f"3. live due repaint per tick: median {statistics.median(ticks) * 1000:.1f} ms")

    case_id = tab.model.row_id(0)

    def editor() -> None:
        dialog = tab.open_editor(case_id)
        app.processEvents()
        dialog.grab()
        dialog.done(0)
        app.processEvents()

    print(f"4. case editor opened and painted: {best(editor):.3f} s")

    draft = CaseDraft(
        customer_id=7,
        partner="Partner BV",
        contract="91234567",
        rep_name="Ann de Vries",
        rep_phone="+31 20 123 4567",
        rep_email="ann@partner.example",
        category=CaseCategory.SERVICE_OUTAGE,
        problem="Benchmark",
        impact=Impact.LOCALIZED,
        urgency=Urgency.MEDIUM,
    )
    print(
        "5. save and open a new case (CASE-8 checks, CASE-3/5 rules, audit): "
        f"{best(lambda: save_case(db, draft, 'bench', open_it=True, at=NOW)) * 1000:.1f} ms"
    )
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
