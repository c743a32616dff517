"""LazyTableModel over a real SQLite table: SQL filters, sorts and pages."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from di_desk.i18n import N_
from di_desk.services.listing import ListQuery
from di_desk.ui.models.lazy_table import Column, LazyTableModel
from di_desk.ui.qt import QModelIndex, Qt

START = datetime(2026, 3, 1, tzinfo=UTC)


class SqliteCaseSource:
    """A small RowSource over ``cases(id, title, severity, opened)`` using plain SQL."""

    sortable = frozenset({"title", "severity", "opened"})

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.statements: list[str] = []

    def _where(self, query: ListQuery) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if query.text:
            clauses.append("title LIKE ?")
            params.append(f"%{query.text}%")
        if "severity" in query.filters:
            clauses.append("severity = ?")
            params.append(query.filters["severity"])
        if query.date_from is not None:
            clauses.append("opened >= ?")
            params.append(int(query.date_from.timestamp()))
        if query.date_to is not None:
            clauses.append("opened < ?")
            params.append(int(query.date_to.timestamp()))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _run(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        self.statements.append(sql)
        return self.conn.execute(sql, params).fetchall()

    def count(self, query: ListQuery) -> int:
        where, params = self._where(query)
        return self._run(f"SELECT COUNT(*) FROM cases{where}", params)[0][0]

    def ids(self, query: ListQuery, offset: int, limit: int) -> Sequence[int]:
        where, params = self._where(query)
        order = "id"
        if query.sort_key in self.sortable:
            direction = "DESC" if query.descending else "ASC"
            order = f"{query.sort_key} {direction}, id {direction}"
        sql = f"SELECT id FROM cases{where} ORDER BY {order} LIMIT ? OFFSET ?"
        return [r[0] for r in self._run(sql, [*params, limit, offset])]

    def rows(self, ids: Sequence[int]) -> Mapping[int, Mapping[str, Any]]:
        marks = ",".join("?" * len(ids))
        sql = f"SELECT id, title, severity, opened FROM cases WHERE id IN ({marks})"
        return {
            r[0]: {
                "id": r[0],
                "title": r[1],
                "severity": r[2],
                "opened": datetime.fromtimestamp(r[3], UTC),
            }
            for r in self._run(sql, list(ids))
        }


COLUMNS = (
    Column("title", N_("Title")),
    Column("severity", N_("Severity")),
    Column("opened", N_("Opened"), formatter=lambda v, row: v.strftime("%Y-%m-%d %H:%M")),
)


@pytest.fixture
def source():
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE cases (id INTEGER PRIMARY KEY, title TEXT, severity TEXT, opened INTEGER)"
    )
    conn.execute("CREATE INDEX cases_opened ON cases(opened)")
    conn.executemany(
        "INSERT INTO cases VALUES (?, ?, ?, ?)",
        [
            (
                i,
                f"Case {i:05d} {'phones' if i % 3 else 'voicemail'}",
                f"S{i % 4 + 1}",
                int((START + timedelta(minutes=37 * i)).timestamp()),
            )
            for i in range(1, 5001)
        ],
    )
    yield SqliteCaseSource(conn)
    conn.close()


def test_qtmodeltester_on_sqlite(qtmodeltester, source):
    model = LazyTableModel(source, COLUMNS, page_size=100)
    qtmodeltester.check(model, force_py=True)


def test_pages_with_limit_and_offset(source):
    model = LazyTableModel(source, COLUMNS, page_size=100)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 200
    assert model.row_id(199) == 200
    assert any("LIMIT" in s for s in source.statements)
    assert not any("FROM cases WHERE id IN" in s for s in source.statements)


def test_sort_and_filter_in_sql(source):
    model = LazyTableModel(source, COLUMNS, page_size=100)
    model.set_query(
        ListQuery(
            text="voicemail",
            filters={"severity": "S1"},
            date_from=START + timedelta(days=10),
            date_to=START + timedelta(days=40),
        )
    )
    model.sort(2, Qt.SortOrder.DescendingOrder)
    first, second = model.row_data(0), model.row_data(1)
    assert first["severity"] == "S1" and "voicemail" in first["title"]
    assert first["opened"] > second["opened"]
    assert START + timedelta(days=10) <= first["opened"] < START + timedelta(days=40)
    assert "ORDER BY opened DESC" in source.statements[-2]
    expected = source.conn.execute(
        "SELECT COUNT(*) FROM cases WHERE title LIKE '%voicemail%' AND severity='S1' "
        "AND opened >= ? AND opened < ?",
        (
            int((START + timedelta(days=10)).timestamp()),
            int((START + timedelta(days=40)).timestamp()),
        ),
    ).fetchone()[0]
    assert model.total_count() == expected > 0
    assert model.data(model.index(0, 2)) == first["opened"].strftime("%Y-%m-%d %H:%M")
