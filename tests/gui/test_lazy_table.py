"""LazyTableModel: paging, lazy rows, SQL-side sort and filter, translation."""

from __future__ import annotations

import pytest

from di_desk import i18n
from di_desk.i18n import N_
from di_desk.services.listing import ListQuery
from di_desk.ui.models.lazy_table import (
    RIGHT,
    Column,
    LazyTableModel,
    RawValueRole,
    RowIdRole,
    RowRole,
)
from di_desk.ui.qt import QColor, QModelIndex, Qt, QTableView
from tests.gui.fakes import FakeSource, make_rows


def severity_colour(value, row):
    return QColor("#c62828") if value == "S1" else None


COLUMNS = (
    Column("name", N_("Customer")),
    Column("status", N_("Status"), tooltip=N_("Where the case is in its life cycle")),
    Column("severity", N_("Severity"), background=severity_colour, sortable=False),
    Column(
        "size",
        N_("Size"),
        formatter=lambda v, row: f"{v} kB",
        alignment=RIGHT,
        cell_tooltip=lambda v, row: f"{v} kilobytes",
    ),
    Column("opened", N_("Opened"), formatter=lambda v, row: v.strftime("%Y-%m-%d %H:%M")),
)


@pytest.fixture
def source():
    return FakeSource(make_rows(10_000))


@pytest.fixture
def model(qapp, source):
    return LazyTableModel(source, COLUMNS, page_size=200, batch_size=50, cache_size=500)


def test_passes_qtmodeltester(qtmodeltester, model):
    qtmodeltester.check(model, force_py=True)


def test_passes_qt_cpp_model_tester(qtmodeltester, model):
    qtmodeltester.check(model, force_py=False)


@pytest.mark.parametrize("force_py", [True, False])
def test_passes_qtmodeltester_after_sort_filter_and_refresh(qtmodeltester, model, source, force_py):
    """Checked in the state reached after sort, filter, a deletion and a refresh.

    The testers cannot stay attached across a reset of a ``fetchMore`` model:
    both run their checks (which fetch) from their own ``modelReset`` handler
    before marking the reset as done, so they are attached afterwards.
    """
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_query(ListQuery(text="Customer 01", filters={"status": "opened"}))
    assert model.total_count() == 250
    source.remove(source._select(model.query)[3])
    model.refresh()
    qtmodeltester.check(model, force_py=force_py)
    model.fetchMore(QModelIndex())  # inserts rows under the attached tester
    model.retranslate()


def test_holds_one_page_of_ids_and_no_rows_at_first(model, source):
    assert model.rowCount() == 200
    assert model.total_count() == 10_000
    assert model.canFetchMore(QModelIndex())
    assert source.ids_calls == [(0, 200)]
    assert source.rows_calls == []


def test_fetch_more_pages_in_ids(model, source):
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 600
    assert source.ids_calls == [(0, 200), (200, 200), (400, 200)]
    assert source.rows_calls == []


def test_fetches_to_the_end_and_stops(qapp):
    model = LazyTableModel(FakeSource(make_rows(450)), COLUMNS, page_size=200)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())


def test_flags_and_row_ids_never_fetch_rows(model, source):
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            assert model.flags(index) & Qt.ItemFlag.ItemIsSelectable
            assert model.data(index, RowIdRole) == r + 1
            assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) is not None
    assert source.rows_calls == []


def test_data_fetches_a_batch_once_and_then_uses_the_cache(model, source):
    assert model.data(model.index(10, 0)) == "Customer 00011"
    assert source.rows_calls == [list(range(11, 61))]
    for r in range(10, 60):
        model.data(model.index(r, 0))
    assert len(source.rows_calls) == 1
    model.data(model.index(5, 0))  # rows 6..10 are missing; 11.. are cached
    assert source.rows_calls[1] == [6, 7, 8, 9, 10]


def test_view_fetches_only_rows_near_the_visible_ones(qtbot, model, source):
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(700, 300)
    with qtbot.waitExposed(view):
        view.show()
    qtbot.wait(20)
    last_visible = view.rowAt(view.viewport().height() - 1)
    assert 0 < last_visible < 60
    fetched = source.fetched_ids()
    assert fetched, "painting needs rows"
    assert max(fetched) <= last_visible + 1 + 50  # visible rows plus one batch
    assert len(source.rows_calls) <= 2


def test_cache_is_bounded(model, source):
    while model.rowCount() < 3000:
        model.fetchMore(QModelIndex())
    for r in range(0, 3000, 7):
        model.data(model.index(r, 0))
    assert len(model.cached_ids()) <= 500
    # the most recently used row is still cached
    assert 2997 + 1 in model.cached_ids()


def test_roles_formatters_and_hooks(model):
    row0 = model.index(0, 2)  # id 1 → S2
    row3 = model.index(3, 2)  # id 4 → S1 (4 % 4 == 0)
    assert model.data(row3, Qt.ItemDataRole.BackgroundRole) == QColor("#c62828")
    assert model.data(row0, Qt.ItemDataRole.BackgroundRole) is None
    size = model.index(0, 3)
    assert model.data(size) == "919 kB"
    assert model.data(size, Qt.ItemDataRole.ToolTipRole) == "919 kilobytes"
    assert model.data(size, RawValueRole) == 919
    assert model.data(size, Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.data(size, RowRole)["name"] == "Customer 00001"
    assert model.row_data(0)["id"] == 1
    assert model.row_id(0) == 1
    assert model.row_of_id(3) == 2
    assert model.column_index("size") == 3


def test_headers_are_translated_when_asked(model, fake_dutch):
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Customer"
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Where the case is in its life cycle"
    )
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    i18n.install("nl")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "[nl] Customer"


def test_retranslate_emits_header_and_data_changed(qtbot, model):
    with (
        qtbot.waitSignal(model.headerDataChanged) as header,
        qtbot.waitSignal(model.dataChanged),
    ):
        model.retranslate()
    assert header.args[0] == Qt.Orientation.Horizontal
    assert (header.args[1], header.args[2]) == (0, len(COLUMNS) - 1)


def test_sort_requeries_the_source(qtbot, model, source):
    with qtbot.waitSignal(model.modelReset):
        model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.query.sort_key == "name"
    assert model.query.descending
    assert model.data(model.index(0, 0)) == "Customer 10000"
    assert model.sort_column() == 0
    assert model.rowCount() == 200
    assert source.ids_calls[-1] == (0, 200)


def test_sort_on_a_column_that_cannot_sort_is_ignored(qtbot, model, source):
    calls = len(source.count_calls)
    with qtbot.assertNotEmitted(model.modelReset):
        model.sort(2, Qt.SortOrder.AscendingOrder)  # severity: sortable=False
    assert len(source.count_calls) == calls
    assert not model.can_sort(2)
    assert model.can_sort(0)


def test_filter_requeries_and_keeps_the_sort(qtbot, model, source):
    model.sort(4, Qt.SortOrder.DescendingOrder)
    with qtbot.waitSignal(model.total_changed) as total:
        model.set_query(ListQuery(text="0001", filters={"status": "opened"}))
    assert total.args == [model.total_count()]
    expected = [r for r in source.data.values() if "0001" in r["name"] and r["status"] == "opened"]
    assert model.total_count() == len(expected)
    assert model.query.sort_key == "opened" and model.query.descending
    first = model.row_data(0)
    assert first["opened"] == max(r["opened"] for r in expected)


def test_same_query_does_not_reset(qtbot, model):
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_query(ListQuery())


def test_refresh_without_changes_keeps_rows_and_emits_data_changed(qtbot, model, source):
    model.fetchMore(QModelIndex())
    model.data(model.index(0, 0))
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged):
        model.refresh()
    assert model.rowCount() == 400
    assert model.cached_ids() == []


def test_refresh_sees_new_and_removed_rows(qtbot, model, source):
    source.remove(1)
    source.add({**source.data[2], "id": 20_000, "name": "Aardvark"})
    model.sort(0)
    assert model.data(model.index(0, 0)) == "Aardvark"
    source.remove(20_000)
    with qtbot.waitSignal(model.modelReset):
        model.refresh()
    assert model.total_count() == 9_999
    assert model.data(model.index(0, 0)) == "Customer 00002"


def test_vanished_row_shows_empty(model, source):
    source.remove(1)
    assert model.data(model.index(0, 0)) == ""
    assert model.data(model.index(0, 3), RawValueRole) is None
    assert model.row_data(0) is None


def test_source_shrinking_while_paging_stops_at_its_end(qapp):
    source = FakeSource(make_rows(300))
    model = LazyTableModel(source, COLUMNS, page_size=200)
    for i in range(150, 301):
        source.remove(i)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 200
    assert not model.canFetchMore(QModelIndex())


def test_without_source_the_model_is_empty(qtmodeltester, qapp):
    model = LazyTableModel(None, COLUMNS)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())
    model.set_source(FakeSource(make_rows(5)))
    assert model.rowCount() == 5


def test_display_texts_are_formatted_once_until_their_column_changes(qapp, source):
    """Views ask for a cell's text many times: it is formatted once, again after dataChanged."""
    calls = []

    def clock(value, row):
        calls.append(row["id"])
        return f"{value} ({len(calls)})"

    columns = (Column("name", N_("Customer")), Column("size", N_("Size"), formatter=clock))
    model = LazyTableModel(source, columns, page_size=50, batch_size=10, cache_size=20)
    cell = model.index(0, 1)
    first = model.data(cell)
    assert model.data(cell) == first and calls == [1]
    model.dataChanged.emit(model.index(0, 0), model.index(0, 0))  # another column
    assert model.data(cell) == first and calls == [1]
    model.dataChanged.emit(cell, model.index(model.rowCount() - 1, 1))  # its column
    assert model.data(cell) != first and calls == [1, 1]
    for r in range(40):  # evict row 0 from the bounded cache
        model.data(model.index(r, 0))
    assert model.data(cell) and calls == [1, 1, 1]
