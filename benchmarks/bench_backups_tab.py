"""Backups tab benchmark: a million backups in the list, and their retention.

Builds (or reuses, ``--db PATH``) a database with 1,000,000 backups
(``--rows``; 200 customers × 5 applications, nightly), then times in one run:

1. Opening the Backups list and scrolling to the end, against a
   ``QSqlQueryModel`` (PySide6.QtSql, QSQLITE driver) on the same query
   (the list's columns, joined with the customer, same order):

   a. the models alone: load, then ``fetchMore`` until everything is there;
   b. in a ``QTableView`` on screen (offscreen platform, 1366×768): scroll the
      view to the bottom until every row is loaded, painting as it goes
      (our view formats dates, sizes and the BAK-2 retention per visible row).

   The target is a ratio within 1.5x.
2. The BAK-2 retention state of every backup: the domain's
   ``retention_table`` over the million rows' columns, against a plain loop
   over the rows (one age comparison per row); also the list's per-row path
   (``RetentionIndex.state`` with each group's newest good backups cached).
3. The summary per customer+application (``services.backups.summarize``),
   which the tab computes off the GUI thread.

    .venv/bin/python benchmarks/bench_backups_tab.py [--rows N] [--db PATH]

(runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise)
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_storage import build

from di_desk.domain.backups import retention_cutoff, retention_table
from di_desk.domain.enums import BackupResult
from di_desk.services.backups import RetentionIndex, summarize
from di_desk.storage import load_reference
from di_desk.storage.db import open_database
from di_desk.storage.tables import Backup

LIST_SQL = """
SELECT b.taken_at, c.name, b.application, b.result, b.size_bytes
FROM backup AS b JOIN customer AS c ON c.id = b.customer_id
ORDER BY b.taken_at DESC, b.id DESC
"""


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def ratio(label: str, ours: float, theirs: float, names: tuple[str, str]) -> None:
    print(
        f"{label}: {names[0]} {ours:.2f} s, {names[1]} {theirs:.2f} s, ratio {ours / theirs:.2f}x"
    )


def bench_list(db: Any, path: Path, at: datetime) -> None:
    from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel

    from di_desk.services.backups import RetentionRows
    from di_desk.storage.backup_queries import BackupListSource
    from di_desk.ui.models.lazy_table import LazyTableModel
    from di_desk.ui.qt import QApplication, QTableView
    from di_desk.ui.table_view import LazyTableView
    from di_desk.ui.tabs.backups import LIST_PAGE, backup_list_model

    app = QApplication.instance() or QApplication([])
    reference = load_reference(db)

    class View:
        zone = "Europe/Amsterdam"

    View.reference = reference  # type: ignore[attr-defined]
    print(f"\nthe list fetches {LIST_PAGE:,} ids per fetchMore; QSqlQueryModel 256 rows")

    def ours_model() -> LazyTableModel:
        index = RetentionIndex(reference, at)
        source = RetentionRows(BackupListSource(db), index)
        return backup_list_model(source, View)

    qdb = QSqlDatabase.addDatabase("QSQLITE", "bench")
    qdb.setDatabaseName(str(path))
    qdb.open()

    def theirs_model() -> QSqlQueryModel:
        model = QSqlQueryModel()
        model.setQuery(QSqlQuery(LIST_SQL, qdb))
        return model

    def fetch_all(make: Callable[[], Any]) -> int:
        model = make()
        while model.canFetchMore():
            model.fetchMore()
        return model.rowCount()

    print("\n1a. models only: load, then fetchMore until every row is there")
    ours_s, n_ours = timed(lambda: fetch_all(ours_model))
    theirs_s, n_theirs = timed(lambda: fetch_all(theirs_model))
    assert n_ours == n_theirs, (n_ours, n_theirs)
    ratio(f"  {n_ours:,} rows", ours_s, theirs_s, ("LazyTableModel", "QSqlQueryModel"))

    def scroll(make_view: Callable[[], Any]) -> int:
        view = make_view()
        view.resize(1366, 600)
        view.show()
        app.processEvents()
        model = view.model()
        while model.canFetchMore():
            view.scrollToBottom()
            app.processEvents()
        view.scrollToBottom()
        app.processEvents()
        rows = model.rowCount()
        view.close()
        view.deleteLater()
        app.processEvents()
        return rows

    def ours_view() -> LazyTableView:
        return LazyTableView(ours_model(), state_key=None)

    def theirs_view() -> QTableView:
        view = QTableView()
        view.setModel(theirs_model())
        view.verticalHeader().hide()
        return view

    print("\n1b. on screen: open the list and scroll the view to the bottom")
    ours_s, n_ours = timed(lambda: scroll(ours_view))
    theirs_s, n_theirs = timed(lambda: scroll(theirs_view))
    assert n_ours == n_theirs, (n_ours, n_theirs)
    ratio(f"  {n_ours:,} rows", ours_s, theirs_s, ("Backups list", "QSqlQueryModel view"))
    qdb.close()
    qdb = QSqlDatabase()  # drop the last reference before removing the connection
    QSqlDatabase.removeDatabase("bench")


def bench_retention(db: Any, at: datetime) -> None:
    reference = load_reference(db)
    B = Backup
    t0 = time.perf_counter()
    sql, params = (
        B.select(B.id, B.customer, B.application, B.taken_at, B.result)
        .order_by(B.customer, B.application, B.taken_at)
        .sql()
    )
    app_of, result_of = B.application.python_value, B.result.python_value
    rows = [
        (i, c, app_of(a), datetime.fromtimestamp(t, UTC), result_of(r))
        for i, c, a, t, r in db.execute_sql(sql, params)
    ]
    print(
        f"\n2. retention of {len(rows):,} backups (rows read in {time.perf_counter() - t0:.2f} s)"
    )
    ids = [r[0] for r in rows]
    customers = [r[1] for r in rows]
    apps = [r[2] for r in rows]
    taken = [r[3] for r in rows]
    good = [r[4] is BackupResult.GOOD for r in rows]
    cutoff = retention_cutoff(at, reference)

    def plain_loop() -> int:
        kept = 0
        for row in rows:
            if row[3] >= cutoff:
                kept += 1
        return kept

    def domain_table() -> int:
        return retention_table(customers, apps, taken, good, at, reference).retained_count

    index = RetentionIndex(reference, at)
    for cid, app in set(zip(customers, apps, strict=True)):
        index.newest(cid, app)  # cached per group, as the list does

    def per_row() -> int:
        state = index.state
        return sum(
            1
            for i, c, a, t in zip(ids, customers, apps, taken, strict=True)
            if state(i, c, a, t).retained
        )

    plain_s, plain_n = timed(plain_loop)
    table_s, table_n = timed(domain_table)
    row_s, row_n = timed(per_row)
    assert table_n == row_n, (table_n, row_n)
    print(f"  plain loop over the rows (age test only): {plain_s:.3f} s ({plain_n:,} young)")
    print(
        f"  domain retention_table: {table_s:.3f} s ({table_n:,} retained), "
        f"ratio {table_s / plain_s:.2f}x the plain loop"
    )
    print(
        f"  list path, RetentionIndex.state per row: {row_s:.3f} s, "
        f"{row_s / len(rows) * 1e6:.2f} µs per row"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="build the database here (or reuse it)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.sqlite"
        build(path, args.rows)
        db = open_database(path)
        newest = Backup.select(Backup.taken_at).order_by(Backup.taken_at.desc()).scalar()
        at = (newest or datetime.now(UTC)) + timedelta(hours=6)
        bench_list(db, path, at)
        bench_retention(db, at)
        summary_s, summary = timed(lambda: summarize(load_reference(db), at))
        print(
            f"\n3. summary of {len(summary.groups):,} customer+applications "
            f"(off the GUI thread in the tab): {summary_s:.2f} s"
        )
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
