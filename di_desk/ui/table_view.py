"""A table view set up for :class:`~di_desk.ui.models.lazy_table.LazyTableModel`.

What every list tab wants, done once: compact rows, whole-row selection,
header clicks that sort in SQL (and refuse columns that cannot sort), the
header's widths/order/sort saved per table, and the selection kept (by row
id) across a refresh. The view paints a :class:`CellMirror` of the model,
filled with the rows in sight just before each paint, so that painting runs
in C++ (``model()`` is the mirror, :meth:`LazyTableView.lazy_model` the
model; their rows and columns are the same)::

    view = LazyTableView(model, state_key="cases", parent=self)
    view.id_activated.connect(self.edit_case)      # double-click or Enter
    view.restore_state(settings)                   # in the tab's restore_state
    ids = view.selected_ids()
"""

from __future__ import annotations

from di_desk.ui.models.cell_mirror import CellMirror
from di_desk.ui.models.lazy_table import LazyTableModel
from di_desk.ui.qt import (
    QAbstractItemView,
    QEvent,
    QHeaderView,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPaintEvent,
    QPersistentModelIndex,
    Qt,
    QTableView,
    QWidget,
    Signal,
)
from di_desk.ui.settings import Settings

#: rows made searchable by typing (see :meth:`LazyTableView.keyboardSearch`)
KEYBOARD_SEARCH_ROWS = 1000


class LazyTableView(QTableView):
    """A ``QTableView`` over a :class:`LazyTableModel`, with state and selection helpers."""

    #: a row was double-clicked or Enter was pressed on it; the row's id
    id_activated = Signal(int)

    def __init__(
        self,
        model: LazyTableModel,
        *,
        state_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state_key = state_key
        self._kept_ids: list[int] = []
        self._kept_current: int | None = None
        self.setObjectName(f"table_{state_key}" if state_key else "table")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        self._model = model
        self._mirror = CellMirror(model, self)
        self.setModel(self._mirror)
        for section, column in enumerate(model.columns):
            if column.width:
                self.setColumnWidth(section, column.width)
        header.setSortIndicator(
            model.sort_column(),
            Qt.SortOrder.DescendingOrder if model.query.descending else Qt.SortOrder.AscendingOrder,
        )
        header.setSortIndicatorShown(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.setSortingEnabled(True)
        self._mirror.modelAboutToBeReset.connect(self._keep_selection)
        self._mirror.modelReset.connect(self._restore_selection)
        self.activated.connect(self._activated)

    def lazy_model(self) -> LazyTableModel:
        return self._model

    def view_index(self, row: int, column: int = 0) -> QModelIndex:
        """The view's index of a model row (the mirror's; same row and column)."""
        return self._mirror.index(row, column)

    def setCurrentIndex(self, index: QModelIndex | QPersistentModelIndex) -> None:
        # An index of the model itself means the same cell of the mirror.
        if index.model() is self._model:
            index = self._mirror.index(index.row(), index.column())
        super().setCurrentIndex(index)

    # ---------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = event.rect()
        first = self.rowAt(rect.top())
        if first >= 0:
            last = self.rowAt(rect.bottom())
            self._mirror.fill(first, last if last >= 0 else self._mirror.rowCount() - 1)
        super().paintEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            index = self.indexAt(event.pos())
            if index.isValid():
                self._mirror.fill_tooltip(index.row(), index.column())
        return super().viewportEvent(event)

    def keyboardSearch(self, search: str) -> None:
        # Typing a row's first letters searches the loaded rows, painted or not
        # (the first KEYBOARD_SEARCH_ROWS of them and those after the current one).
        current = max(self.currentIndex().row(), 0)
        self._mirror.fill(0, KEYBOARD_SEARCH_ROWS - 1)
        self._mirror.fill(current, current + KEYBOARD_SEARCH_ROWS - 1)
        super().keyboardSearch(search)

    # ---------------------------------------------------------- selection

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows, top to bottom."""
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        ids = (self._model.row_id(r) for r in rows)
        return [i for i in ids if i is not None]

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self._model.row_id(index.row()) if index.isValid() else None

    def select_id(self, row_id: int) -> bool:
        """Select and show ``row_id`` if it is loaded; True when it was."""
        row = self._model.row_of_id(row_id)
        if row is None:
            return False
        self.selectRow(row)
        self.scrollTo(self.view_index(row))
        return True

    # -------------------------------------------------------------- state

    def save_state(self, settings: Settings) -> None:
        """Column widths, order and sort, under ``state_key``."""
        if self.state_key:
            settings.set_header_state(self.state_key, self.horizontalHeader().saveState())

    def restore_state(self, settings: Settings) -> None:
        """Put back :meth:`save_state` (the saved sort re-queries the model)."""
        if not self.state_key:
            return
        state = settings.header_state(self.state_key)
        if state:
            self.horizontalHeader().restoreState(state)

    def retranslate(self) -> None:
        self._model.retranslate()

    # ----------------------------------------------------------- internals

    def _sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        if section >= 0 and not self._model.can_sort(section):
            # Qt moved the arrow to a column the source cannot sort: put it back.
            header = self.horizontalHeader()
            blocked = header.blockSignals(True)
            current = self._model.sort_column()
            descending = self._model.query.descending
            header.setSortIndicator(
                current,
                Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(blocked)

    def _keep_selection(self) -> None:
        self._kept_ids = self.selected_ids()
        self._kept_current = self.current_id()

    def _restore_selection(self) -> None:
        selection = QItemSelection()
        for row_id in self._kept_ids:
            row = self._model.row_of_id(row_id)
            if row is not None:
                left = self.view_index(row)
                right = self.view_index(row, self._model.columnCount() - 1)
                selection.select(left, right)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.selectionModel().select(selection, flags)
        if self._kept_current is not None:
            row = self._model.row_of_id(self._kept_current)
            if row is not None:
                self.selectionModel().setCurrentIndex(
                    self.view_index(row), QItemSelectionModel.SelectionFlag.NoUpdate
                )
        self._kept_ids, self._kept_current = [], None

    def _activated(self, index: QModelIndex) -> None:
        row_id = self._model.row_id(index.row())
        if row_id is not None:
            self.id_activated.emit(row_id)
