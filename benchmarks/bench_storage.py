"""Storage benchmark: bulk-insert a million backups, then page through them.

Builds a database with 1,000,000 backup rows (``--rows``) through
:func:`di_desk.storage.bulk.bulk_insert_backups`, then times the first page
(100 rows) of a filtered (customer + result), sorted (``taken_at`` desc) list
through :class:`di_desk.storage.sources.BackupSource` against ``sqlite3``:

* the page of ids (the filter/sort/limit query) against the same SQL run
  raw: the store's overhead (target: within 1.5x), also with the statement
  not yet cached (the first time a view asks a query);
* the whole page, ``ids`` + ``rows`` (typed values: aware datetimes, enums),
  against one hand-written join that returns raw tuples.

    .venv/bin/python benchmarks/bench_storage.py [--rows N] [--keep PATH]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from di_desk.domain.enums import Application, BackupResult, Region
from di_desk.services.listing import ListQuery
from di_desk.storage.bulk import bulk_insert, bulk_insert_backups
from di_desk.storage.db import open_database
from di_desk.storage.sources import BackupSource
from di_desk.storage.tables import Customer

APPS = (
    Application.CUCM,
    Application.UNITY_CONNECTION,
    Application.IM_PRESENCE,
    Application.CER,
    Application.EXPRESSWAY,
)
PAGE = 100
RAW_SQL = """
SELECT b.id, b.customer_id, b.application, b.taken_at, b.result, b.size_bytes, b.source, c.name
FROM backup AS b JOIN customer AS c ON c.id = b.customer_id
WHERE b.customer_id = ? AND b.result = ?
ORDER BY b.taken_at DESC, b.id DESC
LIMIT ?
"""


def backup_rows(customers: int, nights: int) -> Iterator[dict[str, Any]]:
    start = datetime(2023, 1, 1, 1, 0, tzinfo=UTC)
    for night in range(nights):
        at = start + timedelta(days=night)
        for customer in range(1, customers + 1):
            for i, app in enumerate(APPS):
                failed = (night * 7 + customer * 3 + i) % 29 == 0
                yield {
                    "customer_id": customer,
                    "application": app,
                    "taken_at": at + timedelta(minutes=customer % 60 + 5 * i),
                    "result": BackupResult.FAILED if failed else BackupResult.GOOD,
                    "size_bytes": 400_000_000 + customer * 1000 + night,
                    "source": "bench",
                }


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(median, best) wall time of ``fn`` in milliseconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def report(label: str, ours: Callable[[], Any], raw: Callable[[], Any], repeat: int) -> None:
    ours_med, ours_best = best_of(ours, repeat)
    raw_med, raw_best = best_of(raw, repeat)
    print(
        f"{label}: RowSource {ours_med:.3f} ms (best {ours_best:.3f}), "
        f"raw sqlite3 {raw_med:.3f} ms (best {raw_best:.3f}), "
        f"ratio {ours_med / raw_med:.2f}x (best {ours_best / raw_best:.2f}x)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    args = parser.parse_args(argv)

    customers = 200
    nights = max(1, args.rows // (customers * len(APPS)))
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite"
        db = open_database(path)
        bulk_insert(
            db,
            Customer,
            ({"name": f"Customer {i:03d}", "region": Region.EU} for i in range(1, customers + 1)),
        )
        t0 = time.perf_counter()
        n = bulk_insert_backups(db, backup_rows(customers, nights))
        insert_s = time.perf_counter() - t0
        print(f"bulk insert: {n:,} backups in {insert_s:.2f} s ({n / insert_s:,.0f} rows/s)")
        db.execute_sql("ANALYZE")

        source = BackupSource(db)
        raw = sqlite3.connect(path)
        for result in (BackupResult.GOOD, BackupResult.FAILED):
            query = ListQuery(
                filters={"customer_id": 42, "result": result}, sort_key="taken_at", descending=True
            )
            ids_sql, ids_params = source._statement("ids", query)
            total = source.count(query)
            print(f"\ncustomer 42, result={result.value}, taken_at desc ({total:,} matching rows):")

            def src_ids(query: ListQuery = query) -> list[int]:
                return source.ids(query, 0, PAGE)

            def src_ids_cold(query: ListQuery = query) -> list[int]:
                source._statements.clear()  # as if the view asked this query for the first time
                return source.ids(query, 0, PAGE)

            def raw_ids(sql: str = ids_sql, params: tuple[Any, ...] = ids_params) -> list[Any]:
                return raw.execute(sql, (*params, PAGE, 0)).fetchall()

            def src_page(query: ListQuery = query) -> dict[int, dict[str, Any]]:
                return source.rows(source.ids(query, 0, PAGE))

            def raw_page(result: BackupResult = result) -> list[tuple[Any, ...]]:
                return raw.execute(RAW_SQL, (42, result.value, PAGE)).fetchall()

            assert src_ids() == [r[0] for r in raw_ids()] == [r[0] for r in raw_page()]
            report("  ids of the first page (same SQL)", src_ids, raw_ids, args.repeat)
            report("  ids, statement not yet cached   ", src_ids_cold, raw_ids, args.repeat)
            report("  page: ids + typed rows vs 1 raw ", src_page, raw_page, args.repeat)
        count_query = ListQuery(filters={"customer_id": 42, "result": BackupResult.GOOD})
        c_med, _ = best_of(lambda: source.count(count_query), 20)
        print(f"\ncount (customer + result): {c_med:.3f} ms")
        raw.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
