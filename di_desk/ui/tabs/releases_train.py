"""The release train panel (REL-2): the editable train table, its upgrade target
and the policy note beside it.

:class:`TrainModel` shows the reference train with the domain's
:func:`~di_desk.domain.releases.train_table` texts; an edit calls the tab's
``commit(row, field, value)`` (which saves through the audited reference
data). A refused edit emits :attr:`TrainModel.edit_refused` with the
translated reason; :class:`TrainPanel` shows it beside the table, naming the
row and column, and re-opens the editor with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from di_desk.domain.reference import ReleaseTrain
from di_desk.domain.releases import train_table
from di_desk.i18n import N_, _
from di_desk.services.releases import TRAIN_FIELDS, policy_lines
from di_desk.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QColor,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPushButton,
    Qt,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QtGui,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from di_desk.ui.tabs.releases_widgets import WARNING_TEXT, status_background, status_foreground
from di_desk.ui.widgets.badges import StatusBadgeDelegate

_AnyIndex = QModelIndex | QPersistentModelIndex
Commit = Callable[[int, str, Any], None]

TITLES = {
    "position": N_("Position"),
    "release": N_("Release"),
    "versions": N_("Versions"),
    "new_deployments": N_("New deployments"),
    "upgrades_supported": N_("Upgrades"),
    "may_stay": N_("Customers may stay"),
}
TEXT_FIELDS = ("release", "versions")
FLAG_FIELDS = ("new_deployments", "upgrades_supported", "may_stay")


class TrainModel(QAbstractTableModel):
    """REL-2: the release train as a table; edits go to ``commit``."""

    #: row, column, translated reason, the text that was refused
    edit_refused = Signal(int, int, str, str)

    def __init__(self, train: ReleaseTrain, commit: Commit, parent: QObject | None = None):
        super().__init__(parent)
        self._train = train
        self._table = train_table(train)
        self._commit = commit
        self.editable = True

    @property
    def train(self) -> ReleaseTrain:
        return self._train

    def set_train(self, train: ReleaseTrain) -> None:
        same_shape = len(train.rows) == len(self._train.rows)
        if not same_shape:
            self.beginResetModel()
        self._train, self._table = train, train_table(train)
        if same_shape:
            self.retranslate()
        else:
            self.endResetModel()

    def retranslate(self) -> None:
        self._table = train_table(self._train)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(TRAIN_FIELDS) - 1)
        if self._train.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._train.rows) - 1, len(TRAIN_FIELDS) - 1)
            )

    # Qt API

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._train.rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TRAIN_FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(TRAIN_FIELDS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(TITLES[TRAIN_FIELDS[section]])
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        field = TRAIN_FIELDS[index.column()]
        if self.editable and field in TEXT_FIELDS:
            flags |= Qt.ItemFlag.ItemIsEditable
        if self.editable and field in FLAG_FIELDS:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._train.rows):
            return None
        row, field = self._train.rows[index.row()], TRAIN_FIELDS[index.column()]
        cells = self._table[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if field == "versions":
                return ", ".join(row.versions)
            if field == "upgrades_supported":
                return cells.upgrades
            return getattr(cells, field) if field != "release" else row.release
        if role == Qt.ItemDataRole.CheckStateRole and field in FLAG_FIELDS:
            return Qt.CheckState.Checked if getattr(row, field) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if field == "versions":
                return _("The versions of this row, like 15.0 SU1, 15.0 SU2 (double-click to edit)")
            if field in FLAG_FIELDS:
                return _("Tick or untick to change; every change is recorded in the audit log.")
        if role == Qt.ItemDataRole.FontRole and row.position == "n" and field == "position":
            font = QtWidgets.QApplication.font()
            font.setBold(True)
            return font
        return None

    def setData(self, index: _AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self.editable:
            return False
        field = TRAIN_FIELDS[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and field in FLAG_FIELDS:
            new: Any = _checked(value)
        elif role == Qt.ItemDataRole.EditRole and field in TEXT_FIELDS:
            new = str(value)
            if new == self.data(index, Qt.ItemDataRole.EditRole):
                return False
        else:
            return False
        try:
            self._commit(index.row(), field, new)
        except ValueError as exc:
            self.edit_refused.emit(index.row(), index.column(), str(exc), str(value))
            return False
        return True


def _checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return int(value) == Qt.CheckState.Checked.value


class _TrainDelegate(QtWidgets.QStyledItemDelegate):
    """Opens an editor with the text a refused edit left (nothing typed is lost)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: dict[tuple[int, int], str] = {}

    def setEditorData(self, editor: QWidget, index: _AnyIndex) -> None:
        text = self.pending.pop((index.row(), index.column()), None)
        if text is not None and isinstance(editor, QLineEdit):
            editor.setText(text)
            return
        super().setEditorData(editor, index)


class TrainPanel(QWidget):
    """REL-2: the train table, the upgrade target, the policy note; "Announce release…"."""

    announce_requested = Signal()

    def __init__(
        self, train: ReleaseTrain, commit: Commit, set_target: Callable[[str], None], parent=None
    ) -> None:
        super().__init__(parent)
        self._set_target = set_target
        self.model = TrainModel(train, commit, self)
        self.model.edit_refused.connect(self._refused)
        self.heading = QLabel(self)
        self.heading.setObjectName("train_heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.view = _FittingTable(self)
        self.view.setObjectName("train_table")
        self.view.setModel(self.model)
        self.delegate = _TrainDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 10)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.resized.connect(self._fit_height)
        fit_rows_on_resize(self.view)
        self.target_label = QLabel(self)
        self.target_edit = QLineEdit(self)
        self.target_edit.setObjectName("train_target")
        self.target_edit.setMaximumWidth(140)
        self.target_edit.editingFinished.connect(self._target_edited)
        self.announce_button = QPushButton(self)
        self.announce_button.setObjectName("announce_release")
        self.announce_button.clicked.connect(self.announce_requested)
        self.error = QLabel(self)
        self.error.setObjectName("train_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {WARNING_TEXT};")
        self.error.hide()
        self.hint = QLabel(self)
        self.hint.setObjectName("train_hint")
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # drawn in the palette's quieter text colour
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.policy = PolicyPanel(train, self)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.target_label)
        top.addWidget(self.target_edit)
        top.addWidget(self.announce_button)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(top)
        left.addWidget(self.view)
        left.addWidget(self.error)
        left.addWidget(self.hint)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addWidget(self.policy, 2)
        self.set_train(train)
        self.retranslate()

    def set_train(self, train: ReleaseTrain) -> None:
        self.model.set_train(train)
        self.target_edit.setText(train.upgrade_target)
        self.policy.set_train(train)
        self._fit_height()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def retranslate(self) -> None:
        self.heading.setText(_("Release train"))
        self.target_label.setText(_("Upgrade target:"))
        self.target_edit.setToolTip(_("The release every customer should upgrade to (REL-6)."))
        self.announce_button.setText(_("Announce release…"))
        self.hint.setText(
            _(
                "Double-click a release or its versions to edit them, tick a box to change "
                "it; an invalid version is refused. Every change is kept in the audit log."
            )
        )
        self.announce_button.setToolTip(
            _("A new release: n becomes n-1, n-1 becomes n-2, n-2 enters End-of-Sale (REL-3).")
        )
        self.model.retranslate()
        self.policy.retranslate()
        self._fit_height()  # translated texts have other widths

    def _fit_height(self) -> None:
        """Columns as wide as their text; when that is too wide, the long yes/no
        texts ("Must upgrade to …") share the rest of the width and wrap."""
        header = self.view.horizontalHeader()
        needed = sum(
            max(self.view.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(self.model.columnCount())
        )
        wrap = needed > self.view.viewport().width()
        for column, field in enumerate(TRAIN_FIELDS):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if (wrap and field in FLAG_FIELDS) or (not wrap and field == "versions"):
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
        fit_rows(self.view)

    def _target_edited(self) -> None:
        text = self.target_edit.text().strip()
        if text == self.model.train.upgrade_target:
            return
        try:
            self._set_target(text)
        except ValueError as exc:
            self.show_error(_("Upgrade target: {reason}").format(reason=exc))
            return
        self.show_error("")

    def _refused(self, row: int, column: int, message: str, text: str) -> None:
        position = self.model.train.rows[row].position if row < self.model.rowCount() else "?"
        self.show_error(
            _("Row {position}, column {column}: {reason}").format(
                position=position, column=_(TITLES[TRAIN_FIELDS[column]]), reason=message
            )
        )
        if TRAIN_FIELDS[column] in TEXT_FIELDS:
            self.delegate.pending[(row, column)] = text
            QTimer.singleShot(0, lambda: self._reopen(row, column))

    def _reopen(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.edit(index)


class _FittingTable(QTableView):
    """A table view that says when its width changed (to refit its columns)."""

    resized = Signal()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resized.emit()


def fit_rows(view: QTableView) -> None:
    """Rows as tall as their (wrapped) text, and the view exactly as tall as its rows."""
    view.resizeRowsToContents()
    rows = view.model().rowCount() if view.model() is not None else 0
    height = view.horizontalHeader().height() + 2 * view.frameWidth()
    height += sum(view.rowHeight(r) for r in range(rows))
    view.setFixedHeight(height + 2)


def fit_rows_on_resize(view: QTableView) -> None:
    """Refit the rows after the columns changed width (wrapping changes the height)."""
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(lambda: fit_rows(view))
    view.horizontalHeader().sectionResized.connect(lambda *_a: timer.start())


class PolicyPanel(QWidget):
    """REL-2: the policy note, and per status the table's words beside the note's advice."""

    COLUMNS = (N_("Position"), N_("Versions"), N_("Status (table)"), N_("Policy note says"))

    def __init__(self, train: ReleaseTrain, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._train = train
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.note = QLabel(self)
        self.note.setObjectName("policy_note")
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("policy_table")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setItemDelegateForColumn(2, StatusBadgeDelegate(self.table))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fit_rows_on_resize(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addStretch(1)

    def set_train(self, train: ReleaseTrain) -> None:
        self._train = train
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Policy note"))
        self.note.setText(_(self._train.policy_note))
        self.table.setHorizontalHeaderLabels([_(title) for title in self.COLUMNS])
        lines = policy_lines(self._train)
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            advice = (
                _("May stay; an upgrade is advised") if line.differs else _("Agrees with the table")
            )
            versions = ", ".join(line.versions) or _("any other version")
            cells = (line.position or "—", versions, line.status.label, advice)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(
                    _("Customers may stay (table): {table}").format(table=line.table_text)
                )
                if c == 2:
                    item.setBackground(status_background(line.status) or QColor())
                    item.setForeground(status_foreground(line.status) or QColor())
                if line.differs and c == 3:
                    item.setForeground(QColor(WARNING_TEXT))
                    item.setToolTip(
                        _("The table says {table}; the policy note is milder.").format(
                            table=line.table_text
                        )
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        badge = self.table.columnWidth(2) + 28  # the badge's rounded ends
        self.table.setColumnWidth(2, badge)
        fit_rows(self.table)
