"""A C++ copy of the cells a view paints of a :class:`LazyTableModel`.

A view asks its model for seven roles of every cell on every paint (font,
alignment, colours, check state, icon, text, background). Through a Python
model each of those is a call into Python: about 1,900 calls to paint one
screen of the Cases list, a third of the paint. :class:`CellMirror` is a
``QStandardItemModel`` with the same rows and columns as its source; the view
fills it (:meth:`fill`) with the rows it is about to paint, and the paint
itself then runs in C++ only.

The source stays the model of record: its rows, paging, sorting and the
formatted values; the mirror follows its signals (reset, inserted and removed
rows, changed data, header texts, which it also copies) and forwards what a
view asks of a model (sort, ``fetchMore``)::

    mirror = CellMirror(model, parent=view)
    view.setModel(mirror)
    # in the view's paintEvent, before painting:
    mirror.fill(view.rowAt(top), view.rowAt(bottom))

Filled rows are kept until the source says they changed, up to
``MAX_FILLED_ROWS``; beyond that the rows farthest from the last fill are
emptied again (a view scrolled through 100,000 rows holds a few thousand).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from di_desk.ui.qt import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStandardItem,
    QStandardItemModel,
    Qt,
)

if TYPE_CHECKING:
    from di_desk.ui.models.lazy_table import LazyTableModel

_AnyIndex = QModelIndex | QPersistentModelIndex

#: filled rows kept at most; the farthest from the last fill go first
MAX_FILLED_ROWS = 3000
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
#: every role a fill sets or a hover adds, cleared before a stale row is filled again
_CLEARED: dict[int, Any] = {
    int(role): None
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
    )
}
#: what the header shows of the source's headers (held in C++ too)
_HEADER_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
)


class CellMirror(QStandardItemModel):
    """The painted cells of ``source`` as ``QStandardItem`` data, filled on demand."""

    def __init__(self, source: LazyTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._filled: set[int] = set()  # row positions whose items hold the current cells
        self._stale: set[int] = set()  # rows whose items hold cells the source changed
        prototype = QStandardItem()
        prototype.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.setItemPrototype(prototype)
        self._resize()
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._reset)
        source.rowsInserted.connect(self._rows_inserted)
        source.rowsRemoved.connect(self._rows_removed)
        source.dataChanged.connect(self._data_changed)
        source.headerDataChanged.connect(self._copy_headers)
        self._copy_headers(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def source(self) -> LazyTableModel:
        return self._source

    # ----------------------------------------------------------- filling

    def fill(self, first: int, last: int) -> None:
        """Copy the cells of rows ``first``..``last`` that are not current yet.

        Called just before a paint: no signal is emitted, since the view is
        about to paint these rows anyway.
        """
        first = max(first, 0)
        last = min(last, self.rowCount() - 1)
        missing = [r for r in range(first, last + 1) if r not in self._filled]
        if not missing:
            return
        index, set_data, set_item_data = self.index, self.setData, self.setItemData
        painted_roles = self._source.painted_roles
        blocked = self.blockSignals(True)
        try:
            for r in missing:
                stale = r in self._stale
                for c, roles in enumerate(painted_roles(r)):
                    if stale:  # the item holds older roles: clear what is not set now
                        set_item_data(index(r, c), {**_CLEARED, **roles})
                    elif len(roles) == 1:  # text only (most cells): the quickest call
                        set_data(index(r, c), roles[_DISPLAY])
                    else:
                        set_item_data(index(r, c), roles)
                self._filled.add(r)
            self._stale.difference_update(missing)
            if len(self._filled) > MAX_FILLED_ROWS:
                self._empty_far_rows((first + last) // 2)
        finally:
            self.blockSignals(blocked)

    def fill_tooltip(self, row: int, column: int) -> None:
        """Copy the tooltip of one cell (asked when the pointer rests on it)."""
        index = self.index(row, column)
        if not index.isValid():
            return
        self.fill(row, row)
        tip = self._source.data(self._source.index(row, column), _TOOLTIP)
        blocked = self.blockSignals(True)
        self.setData(index, tip, _TOOLTIP)
        self.blockSignals(blocked)

    def is_filled(self, row: int) -> bool:
        return row in self._filled

    def _empty_far_rows(self, centre: int) -> None:
        keep = MAX_FILLED_ROWS // 2
        far = sorted(self._filled, key=lambda r: abs(r - centre), reverse=True)
        for r in far[: len(far) - keep]:
            for c in range(self.columnCount()):
                self.takeItem(r, c)
            self._filled.discard(r)
            self._stale.discard(r)

    # ----------------------------------------------------------- following the source

    def _copy_headers(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        if orientation != Qt.Orientation.Horizontal:
            return
        for section in range(max(first, 0), min(last, self.columnCount() - 1) + 1):
            for role in _HEADER_ROLES:
                value = self._source.headerData(section, orientation, role)
                self.setHeaderData(section, orientation, value, role)

    def _resize(self) -> None:
        self.setColumnCount(self._source.columnCount())
        self.setRowCount(self._source.rowCount())

    def _reset(self) -> None:
        # Between beginResetModel (on the source's modelAboutToBeReset) and
        # endResetModel views listen to nothing: rebuild the rows silently.
        blocked = self.blockSignals(True)
        try:
            self.setRowCount(0)
            self._resize()
        finally:
            self.blockSignals(blocked)
        self._filled.clear()
        self._stale.clear()
        self.endResetModel()

    def _rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if first < self.rowCount():  # rows moved down; appending (paging) keeps them
            self._mark_stale(self._filled)
        self.insertRows(first, last - first + 1)

    def _rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._mark_stale(self._filled)
        self.removeRows(first, last - first + 1)

    def _mark_stale(self, rows: Iterable[int]) -> None:
        rows = set(rows)
        self._stale |= rows
        self._filled -= rows

    def _data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any = ()
    ) -> None:
        first, last = top_left.row(), bottom_right.row()
        if first <= 0 and last >= self.rowCount() - 1:
            self._mark_stale(self._filled)
        else:
            self._mark_stale(self._filled.intersection(range(first, last + 1)))
        self.dataChanged.emit(
            self.index(first, top_left.column()),
            self.index(last, bottom_right.column()),
            list(roles or ()),
        )

    # ----------------------------------------------------------- forwarded to the source

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._source.canFetchMore()

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._source.fetchMore()
