"""The case editor's history: severity changes (CASE-9), action plans (CASE-10)
and provider notices (CASE-11), one tab each, with buttons to add entries."""

from __future__ import annotations

from collections.abc import Sequence

from di_desk.domain.cases import ActionPlan, ProviderNotice, SeverityChange
from di_desk.i18n import _
from di_desk.i18n.formatting import format_date, format_datetime
from di_desk.ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)


def history_table(name: str, parent: QWidget) -> QTableWidget:
    """A read-only table whose last column stretches."""
    table = QTableWidget(parent)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def fill_table(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    for c in range(len(headers) - 1):
        table.resizeColumnToContents(c)
        table.setColumnWidth(c, min(max(table.columnWidth(c), 90), 260))


def severity_rows(changes: Sequence[SeverityChange], zone: str) -> list[list[str]]:
    """CASE-9 history rows: time, from → to, by, reason, recomputed due (newest first)."""
    rows = []
    for change in reversed(changes):
        due = (
            format_datetime(change.response_due, zone)
            if change.response_due is not None
            else _("unchanged")
        )
        rows.append(
            [
                format_datetime(change.at, zone),
                _("{old} → {new}").format(
                    old=change.from_severity.value, new=change.to_severity.value
                ),
                change.by.label,
                change.reason,
                due,
            ]
        )
    return rows


def severity_headers() -> list[str]:
    return [_("Time"), _("Change"), _("By"), _("Reason"), _("Response due")]


class HistoryTabs(QTabWidget):
    """Severity history, action plans and provider notices of one case."""

    add_plan_requested = Signal()
    add_notice_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_history")
        self.severity_table = history_table("severity_history", self)
        self.plans_table = history_table("action_plans", self)
        self.notices_table = history_table("provider_notices", self)
        self.add_plan_button = QPushButton(self)
        self.add_plan_button.setObjectName("add_action_plan")
        self.add_plan_button.clicked.connect(self.add_plan_requested)
        self.add_notice_button = QPushButton(self)
        self.add_notice_button.setObjectName("add_notice")
        self.add_notice_button.clicked.connect(self.add_notice_requested)
        self.addTab(self._page(self.severity_table), "")
        self.addTab(self._page(self.plans_table, self.add_plan_button), "")
        self.addTab(self._page(self.notices_table, self.add_notice_button), "")
        self._changes: tuple[SeverityChange, ...] = ()
        self._plans: tuple[ActionPlan, ...] = ()
        self._notices: tuple[ProviderNotice, ...] = ()
        self._zone = "UTC"
        self.retranslate()

    def _page(self, table: QTableWidget, button: QPushButton | None = None) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(table, 1)
        if button is not None:
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
        return page

    def show_history(
        self,
        changes: Sequence[SeverityChange],
        plans: Sequence[ActionPlan],
        notices: Sequence[ProviderNotice],
        zone: str,
        *,
        can_add_plan: bool,
        can_add_notice: bool,
    ) -> None:
        self._changes, self._plans, self._notices = tuple(changes), tuple(plans), tuple(notices)
        self._zone = zone
        self.add_plan_button.setEnabled(can_add_plan)
        self.add_notice_button.setEnabled(can_add_notice)
        self._fill()

    def _fill(self) -> None:
        zone = self._zone
        fill_table(self.severity_table, severity_headers(), severity_rows(self._changes, zone))
        fill_table(
            self.plans_table,
            [_("Given on"), _("Expected by"), _("Status and action plan")],
            [
                [
                    format_date(plan.given_on),
                    format_date(plan.expected_by) if plan.expected_by else "",
                    plan.text,
                ]
                for plan in reversed(self._plans)
            ],
        )
        fill_table(
            self.notices_table,
            [_("Received"), _("Subject"), _("Text")],
            [
                [format_datetime(n.received_at, zone), n.subject, " ".join(n.text.split())]
                for n in self._notices
            ],
        )
        self.setTabText(0, _("Severity history ({count})").format(count=len(self._changes)))
        self.setTabText(1, _("Action plans ({count})").format(count=len(self._plans)))
        self.setTabText(2, _("Provider notices ({count})").format(count=len(self._notices)))

    def retranslate(self) -> None:
        self.add_plan_button.setText(_("Add action plan…"))
        self.add_plan_button.setToolTip(_("Record a status and action plan the provider gave"))
        self.add_notice_button.setText(_("Log provider notice…"))
        self.add_notice_button.setToolTip(
            _("Record a proactive e-mail notice from the provider about this case")
        )
        self._fill()
