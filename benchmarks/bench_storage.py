"""Storage benchmark: bulk-insert a million backups, then page through them.

Builds (or reuses, ``--db PATH``) a database with 1,000,000 backup rows
(``--rows``) through :func:`di_desk.storage.bulk.bulk_insert_backups`, then
times a filtered (customer + result), sorted (``taken_at`` desc) list with
pages of 100 and 200 rows against ``sqlite3``. Each figure is the median of
``--repeat`` runs, ours and raw taken in turns (10 rounds); the ratio is of
the medians (and, as "best", of the fastest runs). The target is a ratio
within 1.5x.

1. ids only (the path of later pages): ``BackupSource.ids`` with the first
   page not read with its rows (``page_rows = 0``) against the same SQL run
   raw; also with the statement not yet cached (the first time a view asks
   a query).
2. the whole first page as a view asks for it: ``ids(query, 0, page)``, then
   ``rows()`` for every id of the page in the view's batches of 64
   (``LazyTableModel.batch_size``), against one hand-written SQL returning
   the same columns for the page (joined with the customer). Our rows are
   typed (aware datetimes, enums), converted when a value is read; the
   variants also read every value of every row, use the Backups tab's
   ``BackupListSource`` (keyset paging), and re-read the rows from the
   database (no page cache: the path before the first page was read with
   its rows).
3. ``count()`` against the raw ``COUNT(*)``.

    .venv/bin/python benchmarks/bench_storage.py [--rows N] [--db PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from di_desk.domain.enums import Application, BackupResult, Region
from di_desk.services.listing import ListQuery
from di_desk.storage.backup_queries import BackupListSource
from di_desk.storage.bulk import bulk_insert, bulk_insert_backups
from di_desk.storage.db import open_database
from di_desk.storage.sources import BackupSource
from di_desk.storage.tables import Backup, Customer

APPS = (
    Application.CUCM,
    Application.UNITY_CONNECTION,
    Application.IM_PRESENCE,
    Application.CER,
    Application.EXPRESSWAY,
)
CUSTOMERS = 200
CUSTOMER = 42
PAGES = (100, 200)
BATCH = 64  # LazyTableModel's batch_size: rows() is asked for this many ids at a time
TARGET = 1.5
ROUNDS = 10
COLUMNS = ", ".join(f"b.{f.column_name}" for f in Backup._meta.sorted_fields)
RAW_PAGE = f"""
SELECT {COLUMNS}, c.name
FROM backup AS b JOIN customer AS c ON c.id = b.customer_id
WHERE b.customer_id = ? AND b.result = ?
ORDER BY b.taken_at DESC, b.id DESC
LIMIT ?
"""
RAW_COUNT = "SELECT COUNT(*) FROM backup WHERE customer_id = ? AND result = ?"


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


def build(path: Path, rows: int) -> None:
    db = open_database(path)
    if Backup.select().exists():
        print(f"reusing {path}: {Backup.select().count():,} backups")
        db.close()
        return
    bulk_insert(
        db,
        Customer,
        ({"name": f"Customer {i:03d}", "region": Region.EU} for i in range(1, CUSTOMERS + 1)),
    )
    nights = max(1, rows // (CUSTOMERS * len(APPS)))
    t0 = time.perf_counter()
    n = bulk_insert_backups(db, backup_rows(CUSTOMERS, nights))
    insert_s = time.perf_counter() - t0
    print(f"bulk insert: {n:,} backups in {insert_s:.2f} s ({n / insert_s:,.0f} rows/s)")
    db.execute_sql("ANALYZE")
    db.close()


def times_ms(fn: Callable[[], Any], repeat: int) -> list[float]:
    """Wall times of ``fn`` in milliseconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def report(
    label: str,
    ours: Callable[[], Any],
    raw: Callable[[], Any],
    repeat: int,
    *,
    target: bool = True,
) -> float:
    # Interleaved rounds, so a slow spell of the machine hits both sides alike.
    ours_ms: list[float] = []
    raw_ms: list[float] = []
    for _ in range(ROUNDS):
        ours_ms += times_ms(ours, repeat // ROUNDS or 1)
        raw_ms += times_ms(raw, repeat // ROUNDS or 1)
    ours_med, raw_med = statistics.median(ours_ms), statistics.median(raw_ms)
    ratio = ours_med / raw_med
    best = min(ours_ms) / min(raw_ms)
    verdict = ""
    if target:
        verdict = f"  [target {TARGET}x: {'met' if ratio <= TARGET else 'NOT met'}]"
    print(
        f"  {label:<44} {ours_med:6.3f} ms vs raw {raw_med:6.3f} ms  "
        f"{ratio:4.2f}x (best {best:4.2f}x){verdict}"
    )
    return ratio


def as_the_model_asks(source: Any, query: ListQuery, page: int) -> list[Mapping[int, Any]]:
    """``ids`` of the first page, then ``rows`` for all of it in batches of 64."""
    ids = source.ids(query, 0, page)
    return [source.rows(ids[start : start + BATCH]) for start in range(0, len(ids), BATCH)]


def in_order(batches: list[Mapping[int, Any]]) -> list[Any]:
    return [row for batch in batches for row in batch.values()]


def read_all(batches: list[Mapping[int, Any]]) -> dict[int, dict[str, Any]]:
    return {i: dict(row) for batch in batches for i, row in batch.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--db", type=Path, help="build the database here (or reuse it)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.sqlite"
        build(path, args.rows)
        db = open_database(path)
        source = BackupSource(db)
        ids_only = BackupSource(db)
        ids_only.page_rows = 0  # every page as later pages are read: ids only
        listing = BackupListSource(db)
        raw = sqlite3.connect(path)
        ratios: dict[str, list[float]] = {"ids": [], "page": [], "count": []}
        for result in (BackupResult.GOOD, BackupResult.FAILED):
            query = ListQuery(
                filters={"customer_id": CUSTOMER, "result": result},
                sort_key="taken_at",
                descending=True,
            )
            total = source.count(query)
            ids_sql, ids_params = ids_only._statement("ids", query)
            for page in PAGES:
                print(
                    f"\ncustomer {CUSTOMER}, result={result.value}, taken_at desc, "
                    f"page of {page} ({total:,} matching rows):"
                )

                def raw_ids(
                    page: int = page, sql: str = ids_sql, params: tuple[Any, ...] = ids_params
                ) -> list[Any]:
                    return raw.execute(sql, (*params, page, 0)).fetchall()

                def raw_page(result: BackupResult = result, page: int = page) -> list[Any]:
                    return raw.execute(RAW_PAGE, (CUSTOMER, result.value, page)).fetchall()

                def src_ids(query: ListQuery = query, page: int = page) -> list[int]:
                    return ids_only.ids(query, 0, page)

                def src_ids_cold(query: ListQuery = query, page: int = page) -> list[int]:
                    ids_only._statements.clear()  # as if a view asked this query the first time
                    return ids_only.ids(query, 0, page)

                def src_page(query: ListQuery = query, page: int = page) -> list[Any]:
                    return as_the_model_asks(source, query, page)

                def src_page_cold(query: ListQuery = query, page: int = page) -> list[Any]:
                    source._statements.clear()
                    return as_the_model_asks(source, query, page)

                def src_page_read(query: ListQuery = query, page: int = page) -> list[Any]:
                    return read_all(as_the_model_asks(source, query, page))

                def list_page(query: ListQuery = query, page: int = page) -> list[Any]:
                    listing._chunk = None  # as after count() on a (re)load: a fresh chunk
                    return as_the_model_asks(listing, query, page)

                def uncached_page(query: ListQuery = query, page: int = page) -> list[Any]:
                    return as_the_model_asks(ids_only, query, page)

                expected = raw_page()
                got = in_order(src_page())
                assert [r[0] for r in expected] == src_ids() == [r["id"] for r in got]
                assert [r["id"] for r in in_order(list_page())] == [r[0] for r in expected]
                assert read_all(src_page()) == read_all(uncached_page())
                assert got[0]["taken_at"].tzinfo is UTC and got[0]["result"] is result

                print(" (1) ids only")
                ratios["ids"].append(
                    report("ids of the page, same SQL", src_ids, raw_ids, args.repeat)
                )
                report(
                    "ids, statement not yet cached",
                    src_ids_cold,
                    raw_ids,
                    args.repeat,
                    target=False,
                )
                print(" (2) whole first page: ids + rows(batches of 64) vs 1 raw SQL")
                ratios["page"].append(report("BackupSource page", src_page, raw_page, args.repeat))
                ratios["page"].append(
                    report("BackupListSource page (Backups tab)", list_page, raw_page, args.repeat)
                )
                report(
                    "BackupSource page, statement not yet cached",
                    src_page_cold,
                    raw_page,
                    args.repeat,
                    target=False,
                )
                report(
                    "BackupSource page, every value read",
                    src_page_read,
                    raw_page,
                    args.repeat,
                    target=False,
                )
                report(
                    "ids only + rows from the database",
                    uncached_page,
                    raw_page,
                    args.repeat,
                    target=False,
                )
            print(" (3) count")

            def src_count(query: ListQuery = query) -> int:
                return source.count(query)

            def raw_count(result: BackupResult = result) -> int:
                return raw.execute(RAW_COUNT, (CUSTOMER, result.value)).fetchone()[0]

            assert src_count() == raw_count() == total
            ratios["count"].append(report("count()", src_count, raw_count, args.repeat))
        print("\nworst ratios:", ", ".join(f"{k} {max(v):.2f}x" for k, v in ratios.items()))
        raw.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
