"""The blackout periods page of the customer detail (MAINT-11).

Dates on which the customer cannot accept disruption: a list, a from/to/note
row to add one, and "remove selected". Writes go through
:mod:`di_desk.services.customers` by way of the detail panel's ``store``
(which reports a storage problem, reloads and emits ``changed``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from di_desk.i18n import _, ngettext
from di_desk.i18n.formatting import format_date
from di_desk.services import customers as svc
from di_desk.ui.qt import (
    QAbstractItemView,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.widgets.zoned_datetime import pydate, qdate

ERROR_STYLE = "color: #b00020;"
#: ``store(write) -> saved``: runs a write, reports a failure, reloads the detail
Store = Callable[[Callable[[], Any]], bool]


def table_widget(parent: QWidget, columns: int, name: str) -> QTableWidget:
    """A read-only table of whole rows, as the customer detail's pages show them."""
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class BlackoutsPage(QWidget):
    """MAINT-11: one customer's blackout periods; add and remove them."""

    def __init__(
        self,
        db: Any,
        *,
        who: Callable[[], str],
        today: Callable[[], date],
        store: Store,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._who, self._today, self._store = who, today, store
        self.detail: svc.CustomerDetail | None = None
        self.blackout_table = table_widget(self, 4, "customer_blackouts")
        self.blackout_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.blackout_from = QDateEdit(self)
        self.blackout_from.setObjectName("blackout_from")
        self.blackout_to = QDateEdit(self)
        self.blackout_to.setObjectName("blackout_to")
        for edit in (self.blackout_from, self.blackout_to):
            edit.setCalendarPopup(True)
        self.blackout_from.dateChanged.connect(self._from_changed)
        self.blackout_note = QLineEdit(self)
        self.blackout_note.setObjectName("blackout_note")
        self.from_label = QLabel(self)
        self.from_label.setBuddy(self.blackout_from)
        self.to_label = QLabel(self)
        self.to_label.setBuddy(self.blackout_to)
        self.add_blackout_button = QPushButton(self)
        self.add_blackout_button.setObjectName("blackout_add")
        self.add_blackout_button.clicked.connect(self.add_blackout)
        self.remove_blackout_button = QPushButton(self)
        self.remove_blackout_button.setObjectName("blackout_remove")
        self.remove_blackout_button.clicked.connect(self.remove_selected_blackouts)
        self.blackout_error = QLabel(self)
        self.blackout_error.setObjectName("blackout_error")
        self.blackout_error.setStyleSheet(ERROR_STYLE)
        self.blackout_error.hide()
        self.blackout_intro = QLabel(self)
        self.blackout_intro.setWordWrap(True)
        form = QHBoxLayout()
        form.addWidget(self.from_label)
        form.addWidget(self.blackout_from)
        form.addWidget(self.to_label)
        form.addWidget(self.blackout_to)
        form.addWidget(self.blackout_note, 1)
        form.addWidget(self.add_blackout_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.blackout_intro)
        layout.addWidget(self.blackout_table, 1)
        layout.addLayout(form)
        layout.addWidget(self.blackout_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_blackout_button)
        layout.addLayout(buttons)

    def show_detail(self, detail: svc.CustomerDetail | None) -> None:
        """List ``detail``'s periods (None: no customer; the list is left as it is)."""
        self.detail = detail
        if detail is None:
            return
        table = self.blackout_table
        table.setRowCount(len(detail.blackouts))
        for row, blackout in enumerate(detail.blackouts):
            days = (blackout.last_day - blackout.first_day).days + 1
            cells = [
                format_date(blackout.first_day),
                format_date(blackout.last_day),
                ngettext("{n} day", "{n} days", days).format(n=days),
                blackout.note,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, blackout.id)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.remove_blackout_button.setEnabled(bool(detail.blackouts))
        today = self._today()
        if self.blackout_from.date() < qdate(today):
            self.blackout_from.setDate(qdate(today))
            self.blackout_to.setDate(qdate(today))

    def add_blackout(self) -> bool:
        """MAINT-11: add the period in the date fields (last day on or after the first)."""
        if self.detail is None:
            return False
        first = pydate(self.blackout_from.date())
        last = pydate(self.blackout_to.date())
        if last < first:
            self.blackout_error.setText(_("The last day is before the first day."))
            self.blackout_error.show()
            self.blackout_to.setFocus()
            return False
        self.blackout_error.hide()
        customer_id = self.detail.id
        note = self.blackout_note.text()
        ok = self._store(
            lambda: svc.add_blackout(self.db, customer_id, first, last, note, self._who())
        )
        if ok:
            self.blackout_note.clear()
        return ok

    def remove_selected_blackouts(self) -> bool:
        if self.detail is None:
            return False
        rows = sorted({index.row() for index in self.blackout_table.selectedIndexes()})
        chosen = [self.detail.blackouts[r] for r in rows if r < len(self.detail.blackouts)]
        if not chosen:
            return False

        def remove() -> None:
            for blackout in chosen:
                svc.remove_blackout(self.db, blackout.id, blackout.row_version, self._who())

        return self._store(remove)

    def retranslate(self) -> None:
        self.blackout_intro.setText(
            _(
                "Dates on which the customer cannot accept disruption; maintenance inside "
                "one is flagged (MAINT-11)."
            )
        )
        self.blackout_table.setHorizontalHeaderLabels(
            [_("First day"), _("Last day"), _("Length"), _("Note")]
        )
        self.from_label.setText(_("&From:"))
        self.to_label.setText(_("&To:"))
        self.blackout_note.setPlaceholderText(_("Note (optional)"))
        self.add_blackout_button.setText(_("&Add"))
        self.remove_blackout_button.setText(_("&Remove selected"))
        if not self.blackout_error.isHidden():  # its one message, in the new language
            self.blackout_error.setText(_("The last day is before the first day."))

    def _from_changed(self, value: QDate) -> None:
        if self.blackout_to.date() < value:
            self.blackout_to.setDate(value)
