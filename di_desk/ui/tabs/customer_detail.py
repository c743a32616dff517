"""The detail panel of the Customers tab: installation, capacity, blackouts, checklist.

Shows :func:`di_desk.services.customers.customer_detail` for one customer:
clusters and applications with their place on the release train (REL-6),
contracted vs planned capacity with a drafted expansion request (CAP-1),
blackout periods (MAINT-11, :mod:`~di_desk.ui.tabs.customer_blackouts`) and
the partner's backup checklist (BAK-6).
Edits go through :mod:`di_desk.services.customers` and emit :attr:`changed`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from di_desk.domain.capacity import expansion_brief
from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.domain.releases import ReleaseStatus
from di_desk.i18n import _
from di_desk.i18n.formatting import format_date, format_number
from di_desk.services import customers as svc
from di_desk.storage.errors import StorageError
from di_desk.ui.qt import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    Qt,
    QTableWidgetItem,
    QTabWidget,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from di_desk.ui.tabs.customer_blackouts import BlackoutsPage, table_widget

STATUS_COLOURS = {
    ReleaseStatus.SUPPORTED: "#d4edda",
    ReleaseStatus.UPGRADE_ADVISED: "#fcefc7",
    ReleaseStatus.MUST_UPGRADE: "#f6d5d8",
    ReleaseStatus.UNSUPPORTED: "#f1b0b7",
}
OVER_STYLE = "background: #f6d5d8; color: #1a1a1a; padding: 4px; border-radius: 3px;"


def warn(parent: QWidget, title: str, text: str) -> QMessageBox:
    """A window-modal warning that does not block the caller."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class CustomerDetail(QWidget):
    """One customer's installation, capacity, blackout periods and backup checklist."""

    #: the customer's data was changed here (the tab refreshes its list)
    changed = Signal()
    #: the user asked to edit the customer
    edit_requested = Signal()

    def __init__(
        self,
        db: Any,
        *,
        who: Callable[[], str],
        now: Callable[[], Any],
        display_zone: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer_detail")
        self.db = db
        self._who, self._now, self._zone = who, now, display_zone
        self.reference: ReferenceData = DEFAULT_REFERENCE
        self.detail: svc.CustomerDetail | None = None

        self.title = QLabel(self)
        self.title.setObjectName("customer_title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QLabel(self)
        self.facts.setObjectName("customer_facts")
        self.facts.setWordWrap(True)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("customer_edit")
        self.edit_button.clicked.connect(self.edit_requested.emit)
        self.over_banner = QLabel(self)
        self.over_banner.setObjectName("customer_over_capacity")
        self.over_banner.setStyleSheet(OVER_STYLE)
        self.over_banner.setWordWrap(True)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        self.sections = QTabWidget(self)
        self.sections.setObjectName("customer_sections")
        self._build_installation()
        self._build_capacity()
        self.blackouts = BlackoutsPage(
            db, who=who, today=self._today, store=self._stored, parent=self
        )
        self.sections.addTab(self.blackouts, "")
        self._build_checklist()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.facts)
        layout.addWidget(self.over_banner)
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.empty, 1)
        self.retranslate()
        self.show_detail(None)

    # ------------------------------------------------------------- building

    def _build_installation(self) -> None:
        page = QWidget(self)
        self.installation = QtWidgets.QTreeWidget(page)
        self.installation.setObjectName("customer_installation")
        self.installation.setColumnCount(5)
        self.installation.setRootIsDecorated(True)
        self.installation.setUniformRowHeights(True)
        self.installation.header().setStretchLastSection(True)
        for column, width in enumerate((150, 75, 60, 145)):
            self.installation.setColumnWidth(column, width)
        self.policy_note = QLabel(page)
        self.policy_note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.installation, 1)
        layout.addWidget(self.policy_note)
        self.sections.addTab(page, "")

    def _build_capacity(self) -> None:
        page = QWidget(self)
        self.capacity_table = table_widget(page, 4, "customer_capacity")
        self.capacity_table.setRowCount(2)
        self.capacity_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.capacity_table.setMaximumHeight(
            self.capacity_table.horizontalHeader().sizeHint().height()
            + 2 * self.capacity_table.verticalHeader().defaultSectionSize()
            + 6
        )
        self.capacity_status = QLabel(page)
        self.capacity_status.setObjectName("customer_capacity_status")
        self.capacity_status.setWordWrap(True)
        self.draft_button = QPushButton(page)
        self.draft_button.setObjectName("customer_draft_expansion")
        self.draft_button.clicked.connect(self.copy_expansion_request)
        self.draft_feedback = QLabel(page)
        self.capacity_note = QLabel(page)
        self.capacity_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.draft_button)
        row.addWidget(self.draft_feedback, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.capacity_table)
        layout.addWidget(self.capacity_status)
        layout.addLayout(row)
        layout.addWidget(self.capacity_note)
        layout.addStretch(1)
        self.sections.addTab(page, "")

    def _build_checklist(self) -> None:
        page = QWidget(self)
        self.checklist = table_widget(page, 2, "customer_checklist")
        self.checklist.setWordWrap(True)
        self.checklist.setAlternatingRowColors(False)
        header = self.checklist.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.checklist.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args: self._rows_timer.start())
        self.checklist.itemChanged.connect(self._checklist_changed)
        self.checklist_progress = QLabel(page)
        self.checklist_progress.setObjectName("customer_checklist_progress")
        self.checklist_note = QLabel(page)
        self.checklist_note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.checklist_progress)
        layout.addWidget(self.checklist, 1)
        layout.addWidget(self.checklist_note)
        self.sections.addTab(page, "")

    # ----------------------------------------------------------------- data

    def load(self, customer_id: int | None, reference: ReferenceData) -> None:
        """Read the customer from the store and show it (None: nothing selected)."""
        self.reference = reference
        detail = None
        if customer_id is not None and self.db is not None:
            detail = svc.customer_detail(self.db, customer_id, reference)
        self.show_detail(detail)

    def reload(self) -> None:
        self.load(self.detail.id if self.detail else None, self.reference)

    def show_detail(self, detail: svc.CustomerDetail | None) -> None:
        self.detail = detail
        has = detail is not None
        for widget in (self.sections, self.title, self.facts, self.edit_button):
            widget.setVisible(has)
        self.empty.setVisible(not has)
        self.over_banner.setVisible(bool(detail and detail.over_capacity))
        self.draft_feedback.clear()
        self.blackouts.show_detail(detail)
        if detail is None:
            return
        self._show_summary(detail)
        self._show_installation(detail)
        self._show_capacity(detail)
        self._show_checklist(detail)
        self._section_titles()

    def _show_summary(self, detail: svc.CustomerDetail) -> None:
        self.title.setText(detail.name)
        calendar = (
            _("{code} (default of the region)").format(code=detail.calendar)
            if detail.calendar_is_default
            else detail.calendar
        )
        zone = (
            _("{zone} (default of the region)").format(zone=detail.zone)
            if detail.zone_is_default
            else detail.zone
        )
        self.facts.setText(
            _(
                "Region: {region} · Holiday calendar: {calendar} · Time zone: {zone} · SSO: {sso}"
            ).format(
                region=detail.region.label if detail.region else "—",
                calendar=calendar,
                zone=zone,
                sso=_("on") if detail.row.get("sso") else _("off"),
            )
        )
        over = [line.kind.label for line in detail.lines if line.over]
        self.over_banner.setText(
            _("Over capacity: {kinds}. Open a TAC case with an expansion plan (CAP-1).").format(
                kinds=", ".join(over)
            )
        )

    def _show_installation(self, detail: svc.CustomerDetail) -> None:
        tree = self.installation
        tree.clear()
        for cluster in detail.clusters:
            region = cluster.region or detail.region
            parts = [region.label] if region else []
            if cluster.is_sme:
                parts.append(
                    _("SME, publisher in {region}").format(region=cluster.publisher_region.label)
                    if cluster.publisher_region
                    else _("SME")
                )
            top = QtWidgets.QTreeWidgetItem([" · ".join([cluster.name, *parts])])
            font = QFont(top.font(0))
            font.setBold(True)
            top.setFont(0, font)
            for app in cluster.applications:
                status = app.status
                item = QtWidgets.QTreeWidgetItem(
                    [
                        app.kind.label if hasattr(app.kind, "label") else str(app.kind),
                        app.version or "—",
                        status.position or _("none"),
                        status.status.label,
                        status.target if status.status is not ReleaseStatus.SUPPORTED else "",
                    ]
                )
                item.setData(0, Qt.ItemDataRole.UserRole, app.id)
                colour = STATUS_COLOURS.get(status.status)
                if colour:
                    item.setBackground(3, QBrush(QColor(colour)))
                    item.setForeground(3, QBrush(QColor("#1a1a1a")))
                top.addChild(item)
            tree.addTopLevelItem(top)
            top.setExpanded(True)
            top.setFirstColumnSpanned(True)
        if not detail.clusters:
            tree.addTopLevelItem(QtWidgets.QTreeWidgetItem([_("No clusters recorded.")]))

    def _show_capacity(self, detail: svc.CustomerDetail) -> None:
        table = self.capacity_table
        for row, line in enumerate(detail.lines):
            cells = [
                line.kind.label,
                format_number(line.contracted),
                format_number(line.planned),
                format_number(line.shortfall) if line.over else "—",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if line.over:
                    item.setBackground(QBrush(QColor("#f6d5d8")))
                    item.setForeground(QBrush(QColor("#1a1a1a")))
                table.setItem(row, column, item)
        if detail.over_capacity:
            self.capacity_status.setText(
                _("The planned counts exceed the contracted capacity (CAP-1).")
            )
        else:
            self.capacity_status.setText(
                _("The planned counts are within the contracted capacity.")
            )
        self.draft_button.setEnabled(detail.over_capacity)

    def _show_checklist(self, detail: svc.CustomerDetail) -> None:
        table = self.checklist
        blocked = table.blockSignals(True)
        table.setRowCount(len(detail.checklist))
        for row, item in enumerate(detail.checklist):
            cell = QTableWidgetItem(item.label)
            cell.setData(Qt.ItemDataRole.UserRole, item.key)
            cell.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            cell.setCheckState(Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked)
            table.setItem(row, 0, cell)
            when = format_date(item.done_at, tz=self._zone()) if item.done_at else ""
            table.setItem(row, 1, QTableWidgetItem(when))
        table.blockSignals(blocked)
        self._rows_timer.start()
        done = sum(1 for item in detail.checklist if item.done)
        self.checklist_progress.setText(
            _("{done} of {total} done").format(done=done, total=len(detail.checklist))
        )

    def _section_titles(self) -> None:
        detail = self.detail
        blackouts = len(detail.blackouts) if detail else 0
        done = sum(1 for item in detail.checklist if item.done) if detail else 0
        total = len(detail.checklist) if detail else 0
        self.sections.setTabText(0, _("Installation"))
        self.sections.setTabText(1, _("Capacity"))
        self.sections.setTabText(
            2, _("Blackout periods ({count})").format(count=format_number(blackouts))
        )
        self.sections.setTabText(
            3, _("Backup checklist ({done}/{total})").format(done=done, total=total)
        )

    # -------------------------------------------------------------- actions

    def _today(self) -> date:
        from di_desk.domain.timeutil import zone

        return self._now().astimezone(zone(self._zone())).date()

    def _stored(self, action: Callable[[], Any]) -> bool:
        """Run a write; a storage problem becomes a message, then the panel reloads."""
        try:
            action()
        except (StorageError, ValueError) as exc:
            warn(self, _("Not saved"), str(exc))
            self.reload()
            return False
        self.reload()
        self.changed.emit()
        return True

    def _checklist_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0 or self.detail is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        done = item.checkState() == Qt.CheckState.Checked
        customer_id = self.detail.id
        self._stored(
            lambda: svc.set_checklist_item(
                self.db, customer_id, key, done, self._now(), self._who(), self.reference
            )
        )

    def expansion_text(self) -> str:
        """CAP-1: the drafted request text (ValueError when within capacity)."""
        if self.detail is None:
            raise ValueError(_("No customer selected."))
        return expansion_brief(
            self.detail.capacity,
            contract=self.detail.contract,
            requested_by=self._who(),
            language=self.reference.provider_language,
        )

    def copy_expansion_request(self) -> None:
        """CAP-1: put the drafted TAC case text for the expansion on the clipboard."""
        try:
            text = self.expansion_text()
        except ValueError as exc:
            self.draft_feedback.setText(str(exc))
            return
        QGuiApplication.clipboard().setText(text)
        self.draft_feedback.setText(_("Copied to the clipboard."))

    # ---------------------------------------------------------------- texts

    def retranslate(self) -> None:
        self.edit_button.setText(_("&Edit…"))
        self.edit_button.setToolTip(_("Change name, region, calendar, zone, SSO and capacity"))
        self.empty.setText(_("Select a customer to see its details."))
        self.installation.setHeaderLabels(
            [_("Cluster / application"), _("Version"), _("Position"), _("Status"),
             _("Upgrade target")]
        )  # fmt: skip
        self.policy_note.setText(_(self.reference.train.policy_note))
        self.installation.headerItem().setToolTip(
            2, _("Position on the release train: n, n-1, n-2, or none (REL-2, REL-6)")
        )
        self.capacity_table.setHorizontalHeaderLabels(
            [_("Capacity"), _("Contracted"), _("Planned"), _("Additional needed")]
        )
        self.draft_button.setText(_("Draft expansion request"))
        self.draft_button.setToolTip(
            _("Copy a drafted TAC case text for the capacity expansion to the clipboard")
        )
        self.capacity_note.setText(
            _(
                "Changes to capacity need a TAC case and an expansion plan; features and "
                "users may be configured only after the capacity has been added (CAP-1)."
            )
        )
        self.blackouts.retranslate()
        self.checklist.setHorizontalHeaderLabels([_("Partner backup duty"), _("Done")])
        self.checklist_note.setText(
            _(
                "The partner's own backup duties for this customer (BAK-6); the items are "
                "reference data. Only the provider restores its backups, as part of "
                "disaster recovery (BAK-4)."
            )
        )
        if self.detail is not None:
            self.reload()  # checklist labels and rule texts in the new language
        self._section_titles()
