"""CellMirror: the C++ copy of the painted cells a LazyTableView shows."""

from __future__ import annotations

import pytest

from di_desk.i18n import N_
from di_desk.services.listing import ListQuery
from di_desk.ui.models import cell_mirror
from di_desk.ui.models.cell_mirror import CellMirror
from di_desk.ui.models.lazy_table import CENTER, RIGHT, Column, LazyTableModel
from di_desk.ui.qt import QColor, QEvent, QModelIndex, QPoint, Qt, QtGui
from di_desk.ui.table_view import LazyTableView
from tests.gui.fakes import FakeSource, make_rows

DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
RED = QColor("#c62828")
#: the "S1" rows are red; tests change it to see a repaint drop the colour
marked = {"severity": "S1"}


def colour(value, _row):
    return RED if value == marked["severity"] else None


COLUMNS = (
    Column("name", N_("Customer")),
    Column("severity", N_("Severity"), background=colour, alignment=CENTER, sortable=False),
    Column(
        "size",
        N_("Size"),
        formatter=lambda v, _row: f"{v} kB",
        alignment=RIGHT,
        cell_tooltip=lambda v, _row: f"{v} kilobytes",
    ),
)


@pytest.fixture
def source():
    return FakeSource(make_rows(5_000))


@pytest.fixture
def model(qapp, source):
    return LazyTableModel(source, COLUMNS, page_size=200, batch_size=50, cache_size=500)


@pytest.fixture
def mirror(model):
    return CellMirror(model)


@pytest.fixture
def view(qtbot, model):
    view = LazyTableView(model)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    view.grab()
    return view


def shown(mirror, row, column, role=DISPLAY):
    return mirror.data(mirror.index(row, column), role)


def test_passes_the_model_testers(qtmodeltester, mirror):
    mirror.fill(0, 20)
    qtmodeltester.check(mirror, force_py=True)
    qtmodeltester.check(mirror, force_py=False)


def test_same_rows_columns_and_headers_as_its_model(mirror, model):
    assert (mirror.rowCount(), mirror.columnCount()) == (200, 3)
    for section in range(3):
        for role in (DISPLAY, TOOLTIP, ALIGNMENT):
            mine = mirror.headerData(section, Qt.Orientation.Horizontal, role)
            theirs = model.headerData(section, Qt.Orientation.Horizontal, role)
            assert mine == theirs or (mine is None and not theirs)
    mirror.fill(0, 0)  # a painted cell is selectable and enabled, never editable
    flags = mirror.flags(mirror.index(0, 0))
    assert flags == Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


def test_fill_copies_text_colours_and_alignment_of_the_rows_asked_for(mirror, model):
    assert shown(mirror, 0, 0) is None  # nothing until a view is about to paint it
    mirror.fill(0, 3)
    for row in range(4):
        for column in range(3):
            for role in (DISPLAY, BACKGROUND):
                assert shown(mirror, row, column, role) == model.data(
                    model.index(row, column), role
                )
    assert shown(mirror, 0, 1, ALIGNMENT) == CENTER.value
    assert shown(mirror, 0, 2, ALIGNMENT) == RIGHT.value
    assert shown(mirror, 4, 0) is None


def test_fill_emits_nothing(qtbot, mirror):
    with qtbot.assertNotEmitted(mirror.dataChanged):
        mirror.fill(0, 10)


def test_changed_data_is_copied_again_and_old_roles_are_dropped(mirror, model):
    mirror.fill(0, 10)
    row = next(r for r in range(11) if shown(mirror, r, 1) == "S1")
    assert shown(mirror, row, 1, BACKGROUND) == RED
    marked["severity"] = "S2"
    try:
        model.retranslate()  # what a language or zone change does: repaint every row
        assert not mirror.is_filled(row)
        mirror.fill(0, 10)
        assert shown(mirror, row, 1, BACKGROUND) is None
        assert shown(mirror, row + 1, 1, BACKGROUND) == RED  # the S2 row after it
    finally:
        marked["severity"] = "S1"


def test_a_column_change_marks_only_those_rows(mirror, model):
    mirror.fill(0, 10)
    model.dataChanged.emit(model.index(2, 2), model.index(4, 2), [DISPLAY])
    assert [mirror.is_filled(r) for r in range(6)] == [True, True, False, False, False, True]


def test_a_sort_rebuilds_the_rows_in_the_new_order(view, model):
    mirror = view.model()
    first = shown(mirror, 0, 0)
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert model.query.sort_key == "name" and model.query.descending
    assert shown(mirror, 0, 0) is None  # emptied by the reset
    view.grab()
    assert shown(mirror, 0, 0) == "Customer 05000" != first


def test_scrolling_down_pages_in_rows_through_the_mirror(qtbot, view, model):
    mirror = view.model()
    assert mirror.canFetchMore(QModelIndex())
    view.scrollToBottom()
    qtbot.waitUntil(lambda: mirror.rowCount() > 200)
    assert mirror.rowCount() == model.rowCount()
    view.grab()
    last = view.rowAt(view.viewport().height() - 1)
    assert shown(mirror, last, 0) == model.data(model.index(last, 0))


def test_a_filter_keeps_the_selection_of_rows_still_listed(view, model):
    view.select_id(8)
    model.set_query(ListQuery(filters={"status": model.row_data(7)["status"]}))
    assert view.selected_ids() == [8]
    assert view.selectionModel().selectedRows()[0].model() is view.model()


def test_the_tooltip_is_copied_when_the_pointer_rests_on_a_cell(qtbot, view, model):
    mirror = view.model()
    rect = view.visualRect(mirror.index(1, 2))
    assert shown(mirror, 1, 2, TOOLTIP) is None
    event = QtGui.QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())
    )
    view.viewportEvent(event)
    assert shown(mirror, 1, 2, TOOLTIP) == model.data(model.index(1, 2), TOOLTIP)
    assert view.indexAt(QPoint(-5, -5)).isValid() is False


def test_typing_finds_a_row_not_painted_yet(qtbot, view, model):
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))  # an index of the model means the same cell
    assert view.currentIndex().model() is view.model()
    view.keyboardSearch("Customer 00150")
    assert view.currentIndex().row() == 149


def test_rows_far_from_the_view_are_emptied_beyond_the_limit(monkeypatch, mirror, model):
    monkeypatch.setattr(cell_mirror, "MAX_FILLED_ROWS", 40)
    mirror.fill(0, 39)
    mirror.fill(150, 160)  # 51 rows filled: half the limit is kept, nearest first
    filled = [r for r in range(200) if mirror.is_filled(r)]
    assert len(filled) == 20 and set(range(150, 161)) <= set(filled)
    assert shown(mirror, 0, 0) is None
    mirror.fill(0, 0)
    assert shown(mirror, 0, 0) == model.data(model.index(0, 0))


def test_a_paint_fills_the_rows_in_sight_only(view):
    mirror = view.model()
    last = view.rowAt(view.viewport().height() - 1)
    assert all(mirror.is_filled(r) for r in range(last + 1))
    assert not mirror.is_filled(last + 2)
