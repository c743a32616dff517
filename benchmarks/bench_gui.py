"""Main window benchmark: start-up, the Cases tab, and memory, against bare Qt baselines.

Builds (or reuses, ``--db PATH``) a database with 1,000,000 backups and
100,000 cases, then prints, side by side in the same run:

(a) process start to first painted main window, against a bare PySide6
    window holding four empty table views (target: within 2x);
(b) first paint of the Cases tab, a header-click sort and a filter, each
    against a ``QSqlQueryModel`` over the same SQL (target: within 1.5x): the
    first paint against the same tab built from plain Qt widgets, sort and
    filter against a ``QTableView`` set up like the Cases list, so both paint
    the same rows; also printed against the list alone as Qt sets it up;
(c) peak memory (max RSS) of (a), against the bare window (target: < +150 MB).

    .venv/bin/python benchmarks/bench_gui.py [--db PATH] [--cases N] [--backups N]
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 3, 13, 15, 0, tzinfo=UTC)
CUSTOMERS = 200
APPS = ("CUCM", "Unity Connection", "IM & Presence", "CER", "Expressway")


def _cases(count: int) -> Iterator[dict[str, Any]]:
    from di_desk.domain.enums import CaseCategory, CaseStatus, Impact, Severity, Urgency

    rng = random.Random(11)
    severities = list(Severity)
    span = 5 * 365 * 86400
    for i in range(count):
        opened = NOW - timedelta(seconds=span * (count - i) / count)
        severity = rng.choice(severities)
        is_open = i > count - 500 and rng.random() < 0.5
        yield {
            "customer_id": 1 + i % CUSTOMERS,
            "opened_at": opened,
            "impact": Impact.LOCALIZED,
            "urgency": Urgency.MEDIUM,
            "severity": severity,
            "status": CaseStatus.OPENED if is_open else CaseStatus.CLOSED,
            "category": CaseCategory.COMMON_PROBLEM,
            "acknowledged_at": None if is_open else opened + timedelta(minutes=10),
            "response_due": opened + timedelta(hours=8),
            "contract": f"SUB{10_000_000 + i % CUSTOMERS}",
            "rep_name": "Ann de Vries",
            "rep_phone": "+31 20 123 4567",
            "rep_email": "ann@partner.example",
            "problem": f"Problem number {i}",
            "partner": "Partner BV",
        }


def _backups(count: int) -> Iterator[dict[str, Any]]:
    from di_desk.domain.enums import Application, BackupResult

    per_group = max(1, count // (CUSTOMERS * len(APPS)))
    start = NOW - timedelta(days=per_group)
    n = 0
    for customer in range(1, CUSTOMERS + 1):
        for app in APPS:
            for night in range(per_group):
                if n >= count:
                    return
                n += 1
                yield {
                    "customer_id": customer,
                    "application": Application(app),
                    "taken_at": start + timedelta(days=night, hours=1),
                    "result": BackupResult.FAILED if night % 53 == 0 else BackupResult.GOOD,
                    "size_bytes": 400_000_000 + night,
                }


def build(path: Path, cases: int, backups: int) -> None:
    from di_desk.domain.enums import Region
    from di_desk.storage.bulk import bulk_insert, bulk_insert_backups
    from di_desk.storage.db import open_database
    from di_desk.storage.tables import Customer, SupportCase

    started = time.perf_counter()
    db = open_database(path)
    bulk_insert(
        db, Customer, ({"name": f"Customer {i:04d}", "region": Region.EU} for i in range(CUSTOMERS))
    )
    bulk_insert(db, SupportCase, _cases(cases))
    bulk_insert_backups(db, _backups(backups))
    db.close()
    print(f"built {cases:,} cases and {backups:,} backups in {time.perf_counter() - started:.1f} s")


# -- (a) and (c): start-up in a child process ---------------------------------


def child_app(db: str, spawned: float, last_tab: str | None = None) -> dict[str, float]:
    from di_desk.app import build_window
    from di_desk.ui.qt import QApplication
    from di_desk.ui.settings import Settings

    app = QApplication([sys.argv[0]])
    settings = Settings(Path(tempfile.mkdtemp()) / "settings.ini")
    if last_tab:
        settings.last_tab = last_tab  # reopened where the user left off
    window = build_window(Path(db), settings)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.grab()
    first_paint = time.time() - spawned
    return {"first_paint": first_paint, "max_rss_mb": _max_rss_mb()}


def child_bare(spawned: float) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    tabs = QTabWidget()
    for name in ("Overview", "Cases", "Maintenance", "Backups"):
        tabs.addTab(QTableView(), name)
    window.setCentralWidget(tabs)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.grab()
    return {"first_paint": time.time() - spawned, "max_rss_mb": _max_rss_mb()}


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(*args: str) -> dict[str, float]:
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args, "--spawned", repr(spawned)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- (b): the Cases tab against QSqlQueryModel -----------------------------------

SQL_COLUMNS = (
    "s.id, s.severity, c.name, s.status, s.category, s.opened_at, s.response_due, "
    "s.acknowledged_at, s.problem"
)
#: the Cases list's column widths (``case_columns``), the last one stretched
LIST_WIDTHS = (118, 170, 115, 165, 130, 242, 130, 150)
#: runs of each (b) figure per side; the best is kept
REPEAT = 9
STEPS = (("first_paint", "first paint"), ("sort", "header sort"), ("filter", "filter"))


def tab_context(db: Any, now: datetime) -> Any:
    """What a tab gets from the window: fresh settings (display zone Amsterdam),
    ``db`` and a clock fixed at ``now``."""
    from di_desk.ui.language import LanguageNotifier
    from di_desk.ui.settings import Settings
    from di_desk.ui.tabs.base import AppEvents, TabContext

    settings = Settings(Path(tempfile.mkdtemp()) / "settings.ini")
    settings.display_zone = "Europe/Amsterdam"
    return TabContext(
        settings=settings,
        notifier=LanguageNotifier(),
        events=AppEvents(),
        db=db,
        services={"clock": lambda: now},
    )


class Side:
    """One contender of (b): a first paint, then a sort and a filter of what it showed.

    ``first_paint`` builds and paints a new widget (the one before is closed
    and deleted by ``clear``, untimed, on every side alike); ``sort`` and
    ``filter`` query again and repaint the list, after ``reset`` (untimed)
    put the default list back.
    """

    name = ""

    def __init__(self) -> None:
        self.widget: Any = None

    def clear(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        if self.widget is not None:
            self.widget.close()
            self.widget.deleteLater()
            self.widget = None
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def first_paint(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.widget = self.build()
        self.widget.resize(1366, 740)
        self.widget.show()
        QApplication.processEvents()
        self.widget.grab()

    def build(self) -> Any:
        raise NotImplementedError

    def reset(self) -> None:
        raise NotImplementedError

    def sort(self) -> None:
        raise NotImplementedError

    def filter(self) -> None:
        raise NotImplementedError


def measure(sides: list[Side], step: str) -> dict[str, float]:
    """The best time of ``step`` per side over ``REPEAT`` rounds.

    The sides take turns within each round, so a busy moment of a shared
    machine falls on all of them alike. Each run has the screen to itself:
    the other sides' windows are closed (after a first paint) or hidden
    (between sorts and filters), as a user has one window open; Python's
    collector runs before each run. None of that is timed.
    """
    from PySide6.QtWidgets import QApplication

    times: dict[str, list[float]] = {side.name: [] for side in sides}
    for _ in range(REPEAT):
        for side in sides:
            if step == "first_paint":
                side.clear()
            else:
                if side.widget is None:
                    side.first_paint()
                side.widget.show()
                QApplication.processEvents()
                side.reset()
            gc.collect()
            started = time.perf_counter()
            getattr(side, step)()
            times[side.name].append(time.perf_counter() - started)
            if step == "first_paint":
                side.clear()
            else:
                side.widget.hide()
    return {name: min(values) for name, values in times.items()}


def list_look(view: Any) -> None:
    """Give a baseline ``QTableView`` the look of the Cases list, so both paint the
    same screen: rows as compact (30 rows in sight, not 24), no row numbers, the
    same column widths, alternating rows, no word wrap."""
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    for section, width in enumerate(LIST_WIDTHS):
        view.setColumnWidth(section, width)


class CasesTabSide(Side):
    """The Cases tab itself; sort and filter as the header and the filter bar do them."""

    name = "tab"

    def __init__(self, path: Path, context: Any = None) -> None:
        super().__init__()
        from di_desk.storage.db import open_database

        # one database for our sides, as the window has one
        self.context = context or tab_context(open_database(path), NOW)

    def build(self) -> Any:
        from di_desk.ui.tabs.cases import make_tab

        return make_tab(self.context)

    def view(self) -> Any:
        return self.widget.view

    def reset(self) -> None:
        from di_desk.services.listing import ListQuery

        view = self.view()
        query = ListQuery(sort_key="opened_at", descending=True)
        view.lazy_model().set_query(query, keep_sort=False)
        view.grab()

    def sort(self) -> None:  # what a click on the Severity header does
        from di_desk.ui.qt import Qt

        view = self.view()
        column = view.lazy_model().column_index("severity")
        view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        view.grab()

    def filter(self) -> None:
        from di_desk.domain.enums import CaseStatus
        from di_desk.services.listing import ListQuery

        view = self.view()
        view.lazy_model().set_query(
            ListQuery(
                filters={"customer_id": 7, "status": CaseStatus.OPENED.value},
                sort_key="opened_at",
                descending=True,
            ),
            keep_sort=False,
        )
        view.grab()


class RawListSide(CasesTabSide):
    """Our model and view alone, showing the values as SQL returns them.

    A reference: it isolates the machinery (the model's paging and row cache,
    the view's cell copy) from what the Cases tab adds (its filter bar, and
    dates, durations and labels formatted for the reader).
    """

    name = "raw"
    KEYS = (
        "id",
        "severity",
        "customer",
        "status",
        "category",
        "opened_at",
        "response_due",
        "acknowledged_at",
        "problem",
    )

    def build(self) -> Any:
        from di_desk.services.listing import ListQuery
        from di_desk.storage.sources import CaseSource
        from di_desk.ui.models.lazy_table import Column, LazyTableModel
        from di_desk.ui.table_view import LazyTableView

        def raw(value: Any, _row: Any) -> str:  # what QSqlQueryModel shows
            if value is None:
                return ""
            if isinstance(value, datetime):
                return str(int(value.timestamp()))
            return str(getattr(value, "value", value))

        columns = tuple(Column(key, key, formatter=raw) for key in self.KEYS)
        query = ListQuery(sort_key="opened_at", descending=True)
        return LazyTableView(LazyTableModel(CaseSource(self.context.db), columns, query=query))

    def view(self) -> Any:
        return self.widget


class QSqlListSide(Side):
    """``QSqlQueryModel`` in a ``QTableView``: with the list's look (:func:`list_look`)
    or as Qt sets a view up (``same_look=False``: bigger rows, fewer in sight)."""

    def __init__(self, path: Path, *, same_look: bool = True, name: str = "") -> None:
        super().__init__()
        from PySide6.QtSql import QSqlDatabase

        self.name = name or ("qsql" if same_look else "qsql-plain")
        self.same_look = same_look
        self.db = QSqlDatabase.addDatabase("QSQLITE", f"bench-{self.name}")
        self.db.setDatabaseName(str(path))
        self.db.open()
        self.base = (
            f"SELECT {SQL_COLUMNS} FROM support_case s JOIN customer c ON c.id = s.customer_id"
        )
        self.default = f"{self.base} ORDER BY s.opened_at DESC"

    def list_view(self) -> Any:
        from PySide6.QtSql import QSqlQueryModel
        from PySide6.QtWidgets import QTableView

        view = QTableView()
        if self.same_look:
            list_look(view)
        model = QSqlQueryModel(view)
        model.setQuery(self.default, self.db)
        view.setModel(model)
        self.view = view
        return view

    def build(self) -> Any:
        return self.list_view()

    def show(self, sql: str) -> None:
        self.view.model().setQuery(sql, self.db)
        self.view.grab()

    def reset(self) -> None:
        self.show(self.default)

    def sort(self) -> None:
        self.show(f"{self.base} ORDER BY s.severity ASC")

    def filter(self) -> None:
        self.show(
            f"{self.base} WHERE s.customer_id = 7 AND s.status = 'opened' ORDER BY s.opened_at DESC"
        )


class QSqlTabSide(QSqlListSide):
    """The Cases tab as plain Qt would build it on ``QSqlQueryModel``: a "New case"
    button, a search field, customer, status and severity combos with the same
    entries, two date fields, Clear, the list (with the list's look) and the count."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, name="qsql-tab")

    def build(self) -> Any:
        from PySide6.QtSql import QSqlQuery
        from PySide6.QtWidgets import (
            QComboBox,
            QDateEdit,
            QHBoxLayout,
            QLabel,
            QLineEdit,
            QPushButton,
            QVBoxLayout,
            QWidget,
        )

        from di_desk.domain.enums import CaseStatus, Severity

        def combo(entries: list[str]) -> QComboBox:
            box = QComboBox()
            box.addItems(entries)
            return box

        def date_field() -> QDateEdit:
            field = QDateEdit()
            field.setCalendarPopup(True)
            field.setSpecialValueText("any date")
            return field

        names = QSqlQuery("SELECT name FROM customer ORDER BY name", self.db)
        customers = ["All customers"]
        while names.next():
            customers.append(names.value(0))
        tab = QWidget()
        top = QHBoxLayout()
        top.addWidget(QPushButton("New case"))
        search = QLineEdit()
        search.setPlaceholderText("Search…")
        search.setClearButtonEnabled(True)
        top.addWidget(search, 2)
        top.addWidget(combo(customers))
        top.addWidget(combo(["All statuses", *(s.label for s in CaseStatus)]))
        top.addWidget(combo(["All severities", *(s.label for s in Severity)]))
        top.addWidget(QLabel("From"))
        top.addWidget(date_field())
        top.addWidget(QLabel("to"))
        top.addWidget(date_field())
        top.addWidget(QPushButton("Clear"))
        count = QSqlQuery("SELECT COUNT(*) FROM support_case", self.db)
        count.next()
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.list_view(), 1)
        layout.addWidget(QLabel(f"{count.value(0):,} cases"))
        return tab


def cases_tab_figures(path: Path) -> dict[str, dict[str, float]]:
    """Step → side → best time, every side measured in turn (see :func:`measure`)."""
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([sys.argv[0]])
    tab = CasesTabSide(path)
    sides: list[Side] = [
        tab,
        QSqlTabSide(path),
        RawListSide(path, tab.context),
        QSqlListSide(path),
        QSqlListSide(path, same_look=False),
    ]
    return {step: measure(sides, step) for step, _label in STEPS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--backups", type=int, default=1_000_000)
    parser.add_argument("--child", nargs="+")
    parser.add_argument("--spawned", type=float)
    args = parser.parse_args()
    if args.child:
        kind = args.child[0]
        result = (
            child_app(args.child[1], args.spawned, *args.child[2:])
            if kind == "app"
            else child_bare(args.spawned)
        )
        print(json.dumps(result))
        return 0

    path = args.db or Path(tempfile.mkdtemp()) / "gui-bench.sqlite"
    if not path.exists():
        build(path, args.cases, args.backups)
    # Start-up as installed: pip and the bundle ship compiled bytecode, and a
    # checkout run with PYTHONDONTWRITEBYTECODE would compile every module anew.
    compileall.compile_dir(ROOT / "di_desk", quiet=1)

    app_runs = [run_child("app", str(path)) for _ in range(3)]
    cases_runs = [run_child("app", str(path), "cases") for _ in range(3)]
    bare_runs = [run_child("bare") for _ in range(3)]
    app_paint = min(r["first_paint"] for r in app_runs)
    cases_paint = min(r["first_paint"] for r in cases_runs)
    bare_paint = min(r["first_paint"] for r in bare_runs)
    app_rss = max(r["max_rss_mb"] for r in app_runs)
    bare_rss = max(r["max_rss_mb"] for r in bare_runs)
    print("(a) process start to first painted window (best of 3)")
    print(f"    DI Desk      {app_paint:6.2f} s")
    print(f"    bare PySide6 {bare_paint:6.2f} s   ratio {app_paint / bare_paint:.2f}x (target 2x)")
    print(
        f"    reopened on the Cases tab {cases_paint:6.2f} s   ratio "
        f"{cases_paint / bare_paint:.2f}x"
    )
    print("(c) peak memory (max RSS)")
    print(f"    DI Desk      {app_rss:6.0f} MB")
    print(
        f"    bare PySide6 {bare_rss:6.0f} MB   difference {app_rss - bare_rss:+.0f} MB "
        "(target < +150 MB)"
    )

    figures = cases_tab_figures(path)

    def row(label: str, mine: str, other: str, target: str = "") -> None:
        ours, theirs = figures[label][mine], figures[label][other]
        name = "raw" if mine == "raw" else "DI Desk"
        print(
            f"    {dict(STEPS)[label]:12s} {name:7s} {ours * 1000:7.1f} ms   QSqlQueryModel "
            f"{theirs * 1000:7.1f} ms   ratio {ours / theirs:.2f}x{target}"
        )

    print(f"(b) Cases tab vs QSqlQueryModel on the same SQL (best of {REPEAT}, painted, in turns)")
    print("    first paint: the tab against the same tab of plain Qt widgets on QSqlQueryModel;")
    print("    sort and filter: the list against a QTableView with the list's look")
    print("    (30 compact rows in sight, same column widths)")
    row("first_paint", "tab", "qsql-tab", " (target 1.5x)")
    row("sort", "tab", "qsql", " (target 1.5x)")
    row("filter", "tab", "qsql", " (target 1.5x)")
    print("    reference: our model and view alone, values as stored, against the list alone")
    for step, _label in STEPS:
        row(step, "raw", "qsql")
    print("    reference: the tab against the list alone, in a view as Qt sets it up")
    print("    (no filter bar; 24 taller rows in sight)")
    for step, _label in STEPS:
        row(step, "tab", "qsql-plain")
    return 0


if __name__ == "__main__":
    sys.exit(main())
