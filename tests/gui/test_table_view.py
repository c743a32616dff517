"""LazyTableView: SQL sort from the header, saved header state, selection by id."""

from __future__ import annotations

import pytest

from di_desk.i18n import N_
from di_desk.services.listing import ListQuery
from di_desk.ui.models.lazy_table import Column, LazyTableModel
from di_desk.ui.qt import Qt
from di_desk.ui.settings import Settings
from di_desk.ui.table_view import LazyTableView
from tests.gui.fakes import FakeSource, make_rows

COLUMNS = (
    Column("name", N_("Customer"), width=220),
    Column("status", N_("Status")),
    Column("severity", N_("Severity"), sortable=False),
    Column("opened", N_("Opened")),
)


@pytest.fixture
def view(qtbot):
    source = FakeSource(make_rows(1000))
    model = LazyTableModel(source, COLUMNS, query=ListQuery(sort_key="opened", descending=True))
    view = LazyTableView(model, state_key="cases")
    qtbot.addWidget(view)
    view.resize(700, 400)
    return view


def test_header_shows_the_model_sort_and_widths(view):
    header = view.horizontalHeader()
    assert header.sortIndicatorSection() == 3
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert view.columnWidth(0) == 220
    assert view.lazy_model().row_id(0) == 1000  # newest first


def test_header_click_sorts_in_the_source(view):
    view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    model = view.lazy_model()
    assert model.query.sort_key == "name" and not model.query.descending
    assert model.row_id(0) == 1


def test_column_that_cannot_sort_keeps_the_old_indicator(view):
    model = view.lazy_model()
    view.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
    assert model.query.sort_key == "opened"
    assert view.horizontalHeader().sortIndicatorSection() == 3


def test_header_state_round_trip(qtbot, view, tmp_path):
    settings = Settings(tmp_path / "s.ini")
    view.setColumnWidth(1, 77)
    view.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    view.save_state(settings)

    model = LazyTableModel(FakeSource(make_rows(50)), COLUMNS)
    other = LazyTableView(model, state_key="cases")
    qtbot.addWidget(other)
    other.restore_state(settings)
    assert other.columnWidth(1) == 77
    assert model.query.sort_key == "status"


def test_selection_survives_a_refresh_by_id(view):
    model = view.lazy_model()
    view.select_id(995)
    assert view.selected_ids() == [995]
    assert view.current_id() == 995
    model.source.remove(998)  # rows shift: a reset
    model.refresh()
    assert view.selected_ids() == [995]
    assert view.current_id() == 995
    assert model.row_of_id(995) == 4


def test_activation_emits_the_id(qtbot, view):
    with qtbot.waitSignal(view.id_activated) as blocker:
        view.activated.emit(view.lazy_model().index(2, 1))
    assert blocker.args == [998]
