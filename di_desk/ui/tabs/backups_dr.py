"""Disaster recovery events and the partner's follow-up actions (BAK-5) in the Backups tab.

:class:`DrPanel` lists the events (kind, customer, start, Publisher rebuilt,
objective, met / missed / running with the time left) and, for the selected
event, the partner's own restore steps after the provider's DRS restore as a
checkable list. :class:`DrEventDialog` adds or edits an event; times are
typed in the display zone (TIME-2) and the domain checks the event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from di_desk.domain.disaster_recovery import dr_objective
from di_desk.domain.enums import DrKind
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import _
from di_desk.i18n.formatting import format_datetime
from di_desk.services.disaster_recovery import (
    DrRow,
    add_follow_up_action,
    domain_event,
    dr_rows,
    save_dr_event,
    set_follow_up_done,
)
from di_desk.services.listing import ListQuery
from di_desk.services.memory_source import MemorySource
from di_desk.services.user import current_user
from di_desk.storage.errors import StaleEdit
from di_desk.ui.models.lazy_table import LazyTableModel
from di_desk.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.settings import Settings
from di_desk.ui.table_view import LazyTableView
from di_desk.ui.tabs.backups_columns import dr_columns, stretch_first
from di_desk.ui.widgets.zoned_datetime import ZonedDateTimeEdit

ERROR_STYLE = "color: #b41e1e;"


class DrEventDialog(QDialog):
    """Add or edit one DR event: customer, kind, start, Publisher rebuilt, notes."""

    def __init__(
        self,
        customers: list[tuple[int, str]],
        zone: str,
        reference: ReferenceData,
        now: datetime,
        row: DrRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dr_event_dialog")
        self.reference = reference
        self.row = row
        self.customer = QComboBox(self)
        self.customer.setObjectName("dr_customer")
        for cid, name in customers:
            self.customer.addItem(name, cid)
        self.kind = QComboBox(self)
        self.kind.setObjectName("dr_kind")
        for kind in DrKind:
            self.kind.addItem(kind.label, kind.value)
        self.started = ZonedDateTimeEdit(zone, self, name="dr_started")
        self.rebuilt_done = QCheckBox(self)
        self.rebuilt_done.setObjectName("dr_rebuilt_done")
        self.rebuilt = ZonedDateTimeEdit(zone, self, name="dr_rebuilt")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("dr_notes")
        self.notes.setFixedHeight(70)
        self.objective = QLabel(self)
        self.objective.setObjectName("dr_objective")
        self.objective.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("dr_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self._labels = [QLabel(self) for _i in range(5)]
        rebuilt_row = QHBoxLayout()
        rebuilt_row.addWidget(self.rebuilt_done)
        rebuilt_row.addWidget(self.rebuilt, 1)
        for label, field in zip(
            self._labels,
            (self.customer, self.kind, self.started, rebuilt_row, self.notes),
            strict=True,
        ):
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.objective)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.started.set_instant(now)
        self.rebuilt.set_instant(now)
        if row is not None:
            self.customer.setCurrentIndex(max(0, self.customer.findData(row.customer_id)))
            self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind.value)))
            self.started.set_instant(row.started_at)
            if row.rebuilt_at is not None:
                self.rebuilt.set_instant(row.rebuilt_at)
            self.rebuilt_done.setChecked(row.rebuilt_at is not None)
            self.notes.setPlainText(row.notes)
        self.rebuilt.setEnabled(self.rebuilt_done.isChecked())
        self.rebuilt_done.toggled.connect(self.rebuilt.setEnabled)
        for signal in (
            self.kind.currentIndexChanged,
            self.started.changed,
            self.rebuilt.changed,
            self.rebuilt_done.toggled,
        ):
            signal.connect(lambda *_a: self._update_objective())
            signal.connect(lambda *_a: self._fit())
        self.retranslate()
        self.resize(680, self.sizeHint().height())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Edit DR event") if self.row else _("Add DR event"))
        for label, text in zip(
            self._labels,
            (_("Customer"), _("Kind"), _("Recovery started"), _("Publisher rebuilt"), _("Notes")),
            strict=True,
        ):
            label.setText(text)
        for i, kind in enumerate(DrKind):
            self.kind.setItemText(i, kind.label)
        self.rebuilt_done.setText(_("Done at"))
        self.rebuilt_done.setToolTip(_("The provider reported the new Publisher (DRS restore)"))
        self.started.retranslate()
        self.rebuilt.retranslate()
        self._update_objective()

    def values(self) -> dict[str, Any]:
        """The typed event; raises ValueError with a translated message when it is invalid."""
        started = self.started.instant()
        if started is None:
            raise ValueError(self.started.problem() or _("The start time does not exist."))
        rebuilt = None
        if self.rebuilt_done.isChecked():
            rebuilt = self.rebuilt.instant()
            if rebuilt is None:
                raise ValueError(self.rebuilt.problem() or _("The rebuild time does not exist."))
        if self.customer.currentData() is None:
            raise ValueError(_("Choose a customer."))
        kind = DrKind(self.kind.currentData())
        notes = self.notes.toPlainText().strip()
        domain_event(self.customer.currentText(), kind, started, rebuilt, notes)  # the checks
        return {
            "customer_id": int(self.customer.currentData()),
            "kind": kind,
            "started_at": started,
            "rebuilt_at": rebuilt,
            "notes": notes,
        }

    def _fit(self) -> None:
        """Grow to show a wrapped message under a field (labels wrap for the width)."""
        layout = self.layout()
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(self.width())
        else:
            height = layout.totalSizeHint().height()
        if height > self.height():
            self.resize(self.width(), height)

    def _update_objective(self) -> None:
        started = self.started.instant()
        kind = DrKind(self.kind.currentData())
        if started is None:
            self.objective.setText("")
            return
        objective = dr_objective(domain_event("", kind, started), self.reference)
        zone = self.started.zone_key
        if objective is None:
            text = _("Objective: none for a hardware failure (case by case).")
        else:
            text = _("Objective: a new Publisher by {when}.").format(
                when=format_datetime(objective, zone, show_zone=True)
            )
        self.objective.setText(text)

    def accept(self) -> None:
        try:
            self.values()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self._fit()
            return
        self.error.hide()
        super().accept()


class DrPanel(QWidget):
    """BAK-5: the DR events, their objective and state, and the partner's follow-up actions."""

    def __init__(
        self,
        db: Any,
        view_state: Any,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dr_panel")
        self._db = db
        self._state = view_state  # zone, reference, customers
        self._now = now
        #: the event dialog while it is open (it follows a language switch)
        self.dialog: DrEventDialog | None = None
        self.source = MemorySource(
            sortable=("started_at", "customer", "kind", "rebuilt_at", "objective", "state"),
            text_keys=("customer", "kind"),
        )
        self.model = LazyTableModel(
            self.source,
            dr_columns(view_state),
            query=ListQuery(sort_key="started_at", descending=True),
            parent=self,
        )
        self.view = LazyTableView(self.model, state_key="backups.dr", parent=self)
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        stretch_first(self.view)
        self.view.id_activated.connect(lambda _id: self.edit_selected())
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("dr_add")
        self.add_button.clicked.connect(self.add_event)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("dr_edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.follow_title = QLabel(self)
        font = self.follow_title.font()
        font.setBold(True)
        self.follow_title.setFont(font)
        self.follow_hint = QLabel(self)
        self.follow_hint.setWordWrap(True)
        self.follow_list = QtWidgets.QListWidget(self)
        self.follow_list.setObjectName("dr_follow_ups")
        self.follow_list.itemChanged.connect(self._follow_up_ticked)
        self.follow_text = QLineEdit(self)
        self.follow_text.setObjectName("dr_follow_up_text")
        self.follow_text.returnPressed.connect(self.add_follow_up)
        self.follow_add = QPushButton(self)
        self.follow_add.setObjectName("dr_follow_up_add")
        self.follow_add.clicked.connect(self.add_follow_up)
        self.follow_error = QLabel(self)
        self.follow_error.setObjectName("dr_follow_up_error")
        self.follow_error.setStyleSheet(ERROR_STYLE)
        self.follow_error.setWordWrap(True)
        self.follow_error.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(buttons)
        left.addWidget(self.view, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.follow_text, 1)
        add_row.addWidget(self.follow_add)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.follow_title)
        right.addWidget(self.follow_hint)
        right.addWidget(self.follow_list, 1)
        right.addLayout(add_row)
        right.addWidget(self.follow_error)
        right_box = QWidget(self)
        right_box.setLayout(right)
        left_box = QWidget(self)
        left_box.setLayout(left)
        self.splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("dr_splitter")
        self.splitter.addWidget(left_box)
        self.splitter.addWidget(right_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1010, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show_follow_ups())
        self.retranslate()
        self.reload()

    # ---------------------------------------------------------------- API

    def reload(self) -> None:
        """Re-read the events from the database (objective and state at "now")."""
        rows = dr_rows(self._state.reference, self._now()) if self._db is not None else []
        self.source.set_rows(row.as_row() for row in rows)
        self.model.refresh()
        self._show_follow_ups()
        self._update_buttons()

    def set_customer(self, customer_id: int | None) -> None:
        """Show the events of one customer (None: all)."""
        filters = {} if customer_id is None else {"customer_id": customer_id}
        self.model.set_query(ListQuery(filters=filters))

    def selected(self) -> DrRow | None:
        row_id = self.view.current_id()
        if row_id is None:
            ids = self.view.selected_ids()
            row_id = ids[0] if ids else None
        rows = self.source.rows([row_id]) if row_id is not None else {}
        row = rows.get(row_id) if row_id is not None else None
        return row["event"] if row else None

    def select_event(self, event_id: int) -> bool:
        return self.view.select_id(event_id)

    def retranslate(self) -> None:
        self.add_button.setText(_("Add DR event…"))
        self.add_button.setToolTip(_("Record a disaster recovery the provider carries out"))
        self.edit_button.setText(_("Edit…"))
        self.follow_title.setText(_("Partner follow-up actions"))
        self.follow_hint.setText(
            _("Your own restore steps after the provider's DRS restore of the selected event.")
        )
        self.follow_text.setPlaceholderText(_("New follow-up action…"))
        self.follow_add.setText(_("Add"))
        self.model.retranslate()
        if self.dialog is not None:
            self.dialog.retranslate()

    def save_state(self, settings: Settings) -> None:
        self.view.save_state(settings)
        settings.set_splitter_state("backups.dr", self.splitter.saveState())

    def restore_state(self, settings: Settings) -> None:
        self.view.restore_state(settings)
        state = settings.splitter_state("backups.dr")
        if state:
            self.splitter.restoreState(state)

    # ---------------------------------------------------------- editing

    def _dialog(self, row: DrRow | None) -> DrEventDialog:
        dialog = DrEventDialog(
            self._state.customers(),
            self._state.zone,
            self._state.reference,
            self._now(),
            row,
            self,
        )
        dialog.accepted.connect(lambda: self._save(dialog))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        return dialog

    def _dialog_closed(self, dialog: DrEventDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def add_event(self) -> DrEventDialog:
        dialog = self._dialog(None)
        dialog.open()
        return dialog

    def edit_selected(self) -> DrEventDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = self._dialog(row)
        dialog.open()
        return dialog

    def _save(self, dialog: DrEventDialog) -> None:
        values = dialog.values()
        row = dialog.row
        try:
            saved = save_dr_event(
                self._db,
                current_user(),
                event_id=row.id if row else None,
                expected_version=row.row_version if row else None,
                **values,
            )
        except StaleEdit as exc:
            QMessageBox.warning(
                self, _("DR event"), _("{error} It was reloaded.").format(error=exc)
            )
            self.reload()
            return
        self.reload()
        self.select_event(saved["id"])

    def add_follow_up(self) -> None:
        row = self.selected()
        text = self.follow_text.text()
        if row is None:
            return
        try:
            add_follow_up_action(self._db, current_user(), row.id, text)
        except ValueError as exc:
            self.follow_error.setText(str(exc))
            self.follow_error.show()
            return
        self.follow_error.hide()
        self.follow_text.clear()
        self.reload()
        self.select_event(row.id)

    def _follow_up_ticked(self, item: QtWidgets.QListWidgetItem) -> None:
        follow_id = item.data(Qt.ItemDataRole.UserRole)
        done = item.checkState() == Qt.CheckState.Checked
        set_follow_up_done(self._db, current_user(), follow_id, self._now() if done else None)
        event = self.selected()
        self.reload()
        if event is not None:
            self.select_event(event.id)

    def _show_follow_ups(self) -> None:
        row = self.selected()
        blocked = self.follow_list.blockSignals(True)
        self.follow_list.clear()
        for step in row.follow_ups if row else ():
            item = QtWidgets.QListWidgetItem(step.text, self.follow_list)
            item.setData(Qt.ItemDataRole.UserRole, step.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if step.done else Qt.CheckState.Unchecked)
            if step.done_at is not None:
                item.setToolTip(
                    _("Done {when}").format(when=format_datetime(step.done_at, self._state.zone))
                )
        self.follow_list.blockSignals(blocked)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_db = self._db is not None
        selected = self.selected() is not None
        self.add_button.setEnabled(has_db)
        self.edit_button.setEnabled(has_db and selected)
        for widget in (self.follow_text, self.follow_add):
            widget.setEnabled(has_db and selected)
