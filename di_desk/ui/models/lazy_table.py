"""One generic table model over a :class:`~di_desk.services.listing.RowSource`.

The model follows Anki's browser table model: it holds only row ids, paged in
with ``canFetchMore``/``fetchMore``; a full row is fetched (in a small batch
with its uncached neighbours) when ``data()`` first needs it, and kept in a
bounded LRU cache. Sorting and filtering go back to the source as a new
:class:`~di_desk.services.listing.ListQuery`, so SQL does the work.

A tab describes its columns once::

    COLUMNS = (
        Column("ref", N_("Case"), sortable=True),
        Column("severity", N_("Severity"), formatter=enum_label,
               background=severity_colour, alignment=CENTER),
        Column("opened", N_("Opened"), formatter=format_instant),
    )
    model = LazyTableModel(source, COLUMNS, parent=self)
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from di_desk.i18n import _
from di_desk.services.listing import ListQuery, RowSource
from di_desk.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QIcon,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPixmap,
    Qt,
    Signal,
)

Row = Mapping[str, Any]
Formatter = Callable[[Any, Row], str]
RoleHook = Callable[[Any, Row], Any]

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter

_AnyIndex = QModelIndex | QPersistentModelIndex


class Roles(IntEnum):
    """Custom roles of :class:`LazyTableModel` (Picard's ``Qt.UserRole + 1`` idea)."""

    RowIdRole = Qt.ItemDataRole.UserRole + 1  # the row's id; never fetches the row
    RawValueRole = Qt.ItemDataRole.UserRole + 2  # the unformatted value of the cell
    RowRole = Qt.ItemDataRole.UserRole + 3  # the whole row mapping


RowIdRole = Roles.RowIdRole
RawValueRole = Roles.RawValueRole
RowRole = Roles.RowRole


def default_formatter(value: Any, row: Row) -> str:
    """Text for a cell: ``""`` for None, an enum's translated ``label``, else ``str``."""
    if value is None:
        return ""
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


@dataclass(frozen=True)
class Column:
    """How one column of a table shows one key of the source's rows.

    Attributes:
        key: the row key shown in this column.
        title: the header, marked with ``N_`` and translated when shown.
        formatter: ``(value, row) -> str`` for the display text.
        alignment: the text alignment (``LEFT``, ``RIGHT``, ``CENTER``).
        sortable: whether clicking the header sorts (the source must also
            list ``sort_key`` in its ``sortable`` set).
        tooltip: the header tooltip, marked with ``N_``.
        cell_tooltip: ``(value, row) -> str | None`` for the cell tooltip.
        background, foreground: ``(value, row) -> QColor | QBrush | None``,
            e.g. a severity badge colour.
        decoration: ``(value, row) -> QIcon | QPixmap | QColor | None``.
        sort_key: the key the source sorts by, when it differs from ``key``.
        width: an initial width in pixels for views that honour it.
    """

    key: str
    title: str
    formatter: Formatter = default_formatter
    alignment: Qt.AlignmentFlag = LEFT
    sortable: bool = True
    tooltip: str = ""
    cell_tooltip: RoleHook | None = None
    background: RoleHook | None = None
    foreground: RoleHook | None = None
    decoration: RoleHook | None = None
    sort_key: str | None = None
    width: int | None = None

    @property
    def source_sort_key(self) -> str:
        return self.sort_key or self.key


_MISSING: Row = {}  # cached marker for an id the source no longer has


class LazyTableModel(QAbstractTableModel):
    """A flat table over a :class:`RowSource` that loads ids by page and rows on demand."""

    #: emitted after a (re)query with the number of rows matching the query
    total_changed = Signal(int)

    def __init__(
        self,
        source: RowSource | None,
        columns: Sequence[Column],
        *,
        query: ListQuery | None = None,
        page_size: int = 200,
        batch_size: int = 64,
        cache_size: int = 2000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if cache_size < batch_size:
            raise ValueError("cache_size must be at least batch_size")
        self._source = source
        self._columns: tuple[Column, ...] = tuple(columns)
        #: the roles any column answers; others are refused without work
        self._roles = frozenset(
            {
                int(Qt.ItemDataRole.DisplayRole),
                int(Qt.ItemDataRole.TextAlignmentRole),
                RowIdRole,
                RawValueRole,
                RowRole,
            }
            | {
                int(role)
                for col in self._columns
                for role in _HOOK_ROLES
                if self._hook_for(col, role) is not None
            }
        )
        self._query = query or ListQuery()
        self._page_size = page_size
        self._batch_size = batch_size
        self._cache_size = cache_size
        self._ids: list[int] = []
        self._total = 0
        self._cache: OrderedDict[int, Row] = OrderedDict()
        # What the cells of a cached row answered, per column a {role: value}
        # (views ask for the same roles on every paint); dropped with the row
        # and whenever dataChanged names their columns and roles.
        self._cells: dict[int, list[dict[int, Any]]] = {}
        self._alignments = tuple(col.alignment for col in self._columns)
        self._width = len(self._columns)
        #: per column, the (role, hook) pairs of its colours and icon
        self._paint_hooks = tuple(
            tuple(
                (int(role), hook)
                for role in _PAINT_HOOK_ROLES
                if (hook := self._hook_for(col, role)) is not None
            )
            for col in self._columns
        )
        #: per column, the roles it answers from its row (the others are None)
        self._column_roles = tuple(
            frozenset(
                {_DISPLAY, int(RawValueRole), int(RowRole)}
                | {int(role) for role in _HOOK_ROLES if self._hook_for(col, role) is not None}
            )
            for col in self._columns
        )
        self.dataChanged.connect(self._forget_cells)
        # True between begin*/end* calls: listeners of the model's signals
        # (views, testers) must not start a nested fetch then.
        self._changing = False
        self._load()

    # ----------------------------------------------------------- our API

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def source(self) -> RowSource | None:
        return self._source

    def total_count(self) -> int:
        """Rows matching the query (loaded or not)."""
        return self._total

    def loaded_count(self) -> int:
        """Row ids fetched so far (the view's ``rowCount``)."""
        return len(self._ids)

    def column(self, section: int) -> Column:
        return self._columns[section]

    def column_index(self, key: str) -> int:
        """The section of the column showing ``key``; -1 when there is none."""
        for i, col in enumerate(self._columns):
            if col.key == key:
                return i
        return -1

    def set_source(self, source: RowSource | None) -> None:
        """Show another source (another database) with the same columns and query."""
        self._source = source
        self._reload()

    def set_query(self, query: ListQuery, *, keep_sort: bool = True) -> None:
        """Filter: show the rows matching ``query``.

        With ``keep_sort`` (the default) a query without ``sort_key`` keeps the
        model's current sort, so a filter bar need not know the header's state.
        """
        if keep_sort and query.sort_key is None:
            query = replace(query, sort_key=self._query.sort_key, descending=self._query.descending)
        if query == self._query:
            return
        self._query = query
        self._reload()

    def refresh(self) -> None:
        """Re-read the source (after an edit or import), keeping the loaded depth.

        When the visible ids did not change, only ``dataChanged`` is emitted so
        that views keep their selection and scroll position.
        """
        if self._source is None:
            self._reload()
            return
        total = self._source.count(self._query)
        depth = min(total, max(len(self._ids), self._page_size))
        ids = list(self._source.ids(self._query, 0, depth)) if depth else []
        self._cache.clear()
        self._cells.clear()
        if ids == self._ids:
            if total != self._total:
                self._total = total
                self.total_changed.emit(total)
            self._emit_all_data_changed()
            return
        with self._resetting():
            self._ids = ids
            self._total = max(total, len(ids))
        self.total_changed.emit(self._total)

    def retranslate(self) -> None:
        """Headers and formatted cells follow the active language."""
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        self._emit_all_data_changed()

    def row_id(self, row: int) -> int | None:
        """The id at ``row`` (no fetch); None when out of range."""
        if 0 <= row < len(self._ids):
            return self._ids[row]
        return None

    def row_of_id(self, row_id: int) -> int | None:
        """The row of ``row_id`` among the loaded ids; None when not loaded."""
        try:
            return self._ids.index(row_id)
        except ValueError:
            return None

    def row_data(self, row: int) -> Row | None:
        """The full row at ``row`` (fetched if needed); None for a vanished row."""
        if not 0 <= row < len(self._ids):
            return None
        data = self._row(row)
        return None if data is _MISSING else data

    def cached_ids(self) -> list[int]:
        """Ids whose full rows are in the cache (oldest first); for tests and debugging."""
        return list(self._cache)

    # ----------------------------------------------------------- Qt API

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and not self._changing
            and self._source is not None
            and len(self._ids) < self._total
        )

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        assert self._source is not None
        start = len(self._ids)
        limit = min(self._page_size, self._total - start)
        new_ids = list(self._source.ids(self._query, start, limit))
        if len(new_ids) < limit:
            # The source shrank since it was counted; stop paging at its end.
            self._total = start + len(new_ids)
            self.total_changed.emit(self._total)
        if not new_ids:
            return
        self._changing = True
        try:
            self.beginInsertRows(QModelIndex(), start, start + len(new_ids) - 1)
            self._ids.extend(new_ids)
            self.endInsertRows()
        finally:
            self._changing = False

    # flags() is QAbstractTableModel's own (enabled, selectable, never has
    # children; nothing for an invalid index): views ask it for every cell they
    # paint, and answering in C++ saves a Python call each time.

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        col = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(col.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(col.tooltip) if col.tooltip else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return col.alignment
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Refuse unused roles first, answer the rest from the cell cache (an
        # invalid index has row -1). Views paint a CellMirror filled through
        # painted_roles(); this answers everyone else.
        if role not in self._roles:
            return None
        c = index.column()
        if not 0 <= c < self._width:
            return None
        if role == _ALIGNMENT:  # answered without the row: never fetch for it
            return self._alignments[c]
        r = index.row()
        if not 0 <= r < len(self._ids):
            return None
        if role == RowIdRole:
            return self._ids[r]
        if role not in self._column_roles[c]:
            return None
        return self._value(r, c, role)

    def painted_roles(self, row: int) -> list[dict[int, Any]]:
        """Per column, what a view paints of ``row``: its text and, when set, alignment
        (other than left), colours and icon (see :class:`CellMirror`)."""
        data = self._row(row)
        if data is _MISSING:
            return [{_DISPLAY: ""} for _ in self._columns]
        cells = []
        for col, hooks in zip(self._columns, self._paint_hooks, strict=True):
            value = data.get(col.key)
            roles: dict[int, Any] = {_DISPLAY: col.formatter(value, data)}
            if col.alignment != LEFT:
                roles[_ALIGNMENT] = col.alignment
            for role, hook in hooks:
                answer = _checked(role, hook(value, data))
                if answer is not None:
                    roles[role] = answer
            cells.append(roles)
        return cells

    def _value(self, r: int, c: int, role: int) -> Any:
        """What cell ``(r, c)`` answers for ``role``, from the cache for paint roles."""
        row_id = self._ids[r]
        cells = self._cells.get(row_id)
        if cells is not None:
            value = cells[c].get(role, _UNSET)
            if value is not _UNSET:
                return value
        value = self._cell(r, c, role)
        if role in _CACHED_ROLES:
            if cells is None:
                cells = self._cells[row_id] = [{} for _ in self._alignments]
            cells[c][role] = value
        return value

    def _cell(self, r: int, c: int, role: int) -> Any:
        """What cell ``(r, c)`` answers for ``role`` (not cached)."""
        col = self._columns[c]
        if role == _DISPLAY:
            row = self._row(r)
            return "" if row is _MISSING else col.formatter(row.get(col.key), row)
        hook = self._hook_for(col, role)
        if hook is None and role not in (RawValueRole, RowRole):
            return None
        row = self._row(r)
        if row is _MISSING:
            return None
        if role == RowRole:
            return row
        value = row.get(col.key)
        if role == RawValueRole:
            return value
        assert hook is not None
        return _checked(role, hook(value, row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in the source (SQL); ignored for columns that cannot sort."""
        if not 0 <= column < len(self._columns) or not self.can_sort(column):
            return
        key = self._columns[column].source_sort_key
        descending = order == Qt.SortOrder.DescendingOrder
        if self._query.sort_key == key and self._query.descending == descending:
            return
        self._query = replace(self._query, sort_key=key, descending=descending)
        self._reload(recount=False)  # a new order has the same rows

    def can_sort(self, column: int) -> bool:
        col = self._columns[column]
        return (
            col.sortable
            and self._source is not None
            and col.source_sort_key in self._source.sortable
        )

    def sort_column(self) -> int:
        """The section the model is sorted by, or -1 (for the header indicator)."""
        for i, col in enumerate(self._columns):
            if col.sortable and col.source_sort_key == self._query.sort_key:
                return i
        return -1

    # ----------------------------------------------------------- internals

    @staticmethod
    def _hook_for(col: Column, role: int) -> RoleHook | None:
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.cell_tooltip
        if role == Qt.ItemDataRole.BackgroundRole:
            return col.background
        if role == Qt.ItemDataRole.ForegroundRole:
            return col.foreground
        if role == Qt.ItemDataRole.DecorationRole:
            return col.decoration
        return None

    def _load(self, recount: bool = True) -> None:
        self._ids = []
        self._cache.clear()
        self._cells.clear()
        if self._source is None:
            self._total = 0
            return
        if recount:
            self._total = self._source.count(self._query)
        first_page = min(self._page_size, self._total)
        if first_page:
            self._ids = list(self._source.ids(self._query, 0, first_page))
            if len(self._ids) < first_page:
                self._total = len(self._ids)

    def _reload(self, recount: bool = True) -> None:
        with self._resetting():
            self._load(recount)
        self.total_changed.emit(self._total)

    @contextmanager
    def _resetting(self) -> Iterator[None]:
        self._changing = True
        try:
            self.beginResetModel()
            try:
                yield
            finally:
                self.endResetModel()
        finally:
            self._changing = False

    def _row(self, r: int) -> Row:
        """The row at position ``r``, fetching it with uncached neighbours on a miss."""
        row_id = self._ids[r]
        cached = self._cache.get(row_id)
        if cached is not None:
            self._cache.move_to_end(row_id)
            return cached
        batch: list[int] = []
        for i in range(r, min(r + self._batch_size, len(self._ids))):
            candidate = self._ids[i]
            if candidate not in self._cache:
                batch.append(candidate)
        fetched = self._source.rows(batch) if self._source is not None else {}
        for i in batch:
            self._cache[i] = fetched.get(i, _MISSING)
            self._cache.move_to_end(i)
        # The requested row goes last so that trimming never evicts it.
        self._cache.move_to_end(row_id)
        while len(self._cache) > self._cache_size:
            evicted, _evicted_row = self._cache.popitem(last=False)
            self._cells.pop(evicted, None)
        return self._cache[row_id]

    def _forget_cells(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any = ()
    ) -> None:
        """Drop the cached answers that ``dataChanged`` says changed."""
        changed = [int(role) for role in roles] if roles else None
        first, last = top_left.column(), bottom_right.column()
        if changed is None and first <= 0 and last >= len(self._columns) - 1:
            self._cells.clear()
            return
        columns = range(max(first, 0), min(last, len(self._columns) - 1) + 1)
        for cells in self._cells.values():
            for c in columns:
                if changed is None:
                    cells[c].clear()
                else:
                    for role in changed:
                        cells[c].pop(role, None)

    def _emit_all_data_changed(self) -> None:
        if self._ids and self._columns:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._ids) - 1, len(self._columns) - 1),
            )


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
#: the roles a view asks for on every paint, kept per cell until the row changes
_CACHED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
    )
)
_UNSET = object()
_PAINT_HOOK_ROLES = (
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.DecorationRole,
)
_HOOK_ROLES = (
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.DecorationRole,
)


def _checked(role: int, value: Any) -> Any:
    """Drop values of the wrong type for ``role`` instead of confusing the view."""
    if value is None:
        return None
    if role == Qt.ItemDataRole.ToolTipRole:
        return value if isinstance(value, str) else str(value)
    if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
        return value if isinstance(value, QColor | QBrush) else None
    if role == Qt.ItemDataRole.DecorationRole:
        return value if isinstance(value, QIcon | QPixmap | QColor) else None
    return value
