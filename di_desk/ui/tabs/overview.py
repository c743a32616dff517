"""Overview tab: what needs attention in the next N days, and CASE-6 compliance per month.

The list comes from :func:`di_desk.services.attention.attention_items` (the
same as ``di-desk report attention``), grouped by kind with a count per kind
and coloured by urgency; maintenance is listed for the next 7 days (at most
N) with its window in the region's zone and in the display zone. Double-click
or Enter on an item goes to its record (``context.navigate``). The chart
shows :func:`di_desk.services.reports.monthly_sla` for the last 12 months.
Both are computed on a worker thread, so a big database does not freeze the
window.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from di_desk.domain.timeutil import localize, to_utc, zone
from di_desk.i18n import N_, _, ngettext
from di_desk.services.attention_item import CRITICAL, KINDS, WARNING, AttentionItem
from di_desk.ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QFont,
    QHBoxLayout,
    QLabel,
    QModelIndex,
    QPixmap,
    QPushButton,
    QSplitter,
    Qt,
    QtGui,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from di_desk.ui.settings import Settings
from di_desk.ui.tabs import overview_text
from di_desk.ui.tabs.base import TabContext
from di_desk.ui.workers import run_in_background

if TYPE_CHECKING:
    from di_desk.domain.case_compliance import MonthCompliance
    from di_desk.domain.reference import ReferenceData
    from di_desk.ui.charts.compliance import ComplianceChart

SETTING_DAYS = "overview/days"
SETTING_COLLAPSED = "overview/collapsed"
DEFAULT_DAYS = 14
MAX_DAYS = 365
#: maintenance is listed for this many days ahead (or fewer when N is smaller)
MAINTENANCE_DAYS = 7
CHART_MONTHS = 12

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1  # (tab key, record id) or None
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # the kind, on heading rows

LEVEL_BACKGROUND = {CRITICAL: "#f6d5d8", WARNING: "#fcefc7"}
LEVEL_DOT = {CRITICAL: "#c0392b", WARNING: "#d68910"}
LEVEL_TEXT = {
    CRITICAL: N_("Overdue or urgent"),
    WARNING: N_("Needs action soon"),
}

COLUMNS = (N_("Item"), N_("Customer"), N_("Due"), N_("Details"))


@dataclass(frozen=True)
class OverviewData:
    """What the worker computed."""

    items: tuple[AttentionItem, ...]
    months: tuple[MonthCompliance, ...]
    reference: ReferenceData
    now: datetime
    days: int


def chart_start(now: datetime, zone_key: str, months: int = CHART_MONTHS) -> datetime:
    """The start (UTC) of the local month ``months - 1`` months before the month of ``now``."""
    local = to_utc(now).astimezone(zone(zone_key))
    index = local.year * 12 + local.month - 1 - (months - 1)
    first = datetime(index // 12, index % 12 + 1, 1)
    return to_utc(localize(first, zone_key))


def compute_overview(db: Any, now: datetime, days: int, zone_key: str) -> OverviewData:
    """The attention list and the chart's months (runs on a worker thread)."""
    from di_desk.services.attention import attention_items
    from di_desk.services.reports import monthly_sla
    from di_desk.storage import load_reference

    try:
        reference = load_reference(db)
        items = attention_items(reference, now, days, maintenance_days=min(days, MAINTENANCE_DAYS))
        months = monthly_sla(reference, chart_start(now, zone_key), now, now, zone_key)
        return OverviewData(tuple(items), tuple(months), reference, now, days)
    finally:
        db.close()  # this thread's connection only


def _dot(colour: str) -> QPixmap:
    pixmap = QPixmap(10, 10)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 8, 8)
    painter.end()
    return pixmap


class AttentionTree(QtWidgets.QTreeView):
    """The grouped attention list; emits :attr:`target_activated` for an item's record."""

    target_activated = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attention_tree")
        self.model_ = QtGui.QStandardItemModel(0, len(COLUMNS), self)
        self.setModel(self.model_)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setExpandsOnDoubleClick(True)
        self.setAllColumnsShowFocus(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(150)
        self.setColumnWidth(0, 330)
        self.setColumnWidth(1, 210)
        self.setColumnWidth(2, 130)
        self.collapsed_kinds: set[str] = set()
        self.items: tuple[AttentionItem, ...] = ()
        self.days = DEFAULT_DAYS
        self.zone_key = "UTC"
        self.now: datetime | None = None
        self.loaded = False  # set_items was called (before: no headings at all)
        self.activated.connect(self._activated)
        self.collapsed.connect(lambda index: self._remember(index, True))
        self.expanded.connect(lambda index: self._remember(index, False))

    # ------------------------------------------------------------- content

    def set_items(
        self, items: tuple[AttentionItem, ...], days: int, zone_key: str, now: datetime
    ) -> None:
        self.items, self.days, self.zone_key, self.now = items, days, zone_key, now
        self.loaded = True
        self.rebuild()

    def rebuild(self) -> None:
        """(Re)fill the model from :attr:`items` in the active language."""
        model = self.model_
        current = self._current_target()
        scroll = self.verticalScrollBar().value()
        model.removeRows(0, model.rowCount())
        model.setHorizontalHeaderLabels([_(title) for title in COLUMNS])
        if not self.loaded:
            return
        by_kind: dict[str, list[AttentionItem]] = {kind: [] for kind in KINDS}
        for item in self.items:
            by_kind.setdefault(item.kind, []).append(item)
        for kind in KINDS:
            kind_items = by_kind[kind]
            heading = self._heading(kind, kind_items)
            if kind == "must_upgrade":
                self._add_upgrades(heading, kind_items)
            else:
                for item in kind_items:
                    heading.appendRow(self._row(item))
        self._restore_expansion()
        if current is not None:
            self._select_target(current)
        self.verticalScrollBar().setValue(scroll)

    def _heading(self, kind: str, items: list[AttentionItem]) -> QtGui.QStandardItem:
        title = overview_text.heading(kind, self.days, MAINTENANCE_DAYS)
        label = _("{title} ({count})").format(title=title, count=len(items))
        first = QtGui.QStandardItem(label)
        first.setData(kind, KIND_ROLE)
        first.setToolTip(overview_text.heading_tooltip(kind))
        font = QFont(first.font())
        font.setBold(True)
        first.setFont(font)
        levels = {item.level for item in items}
        worst = CRITICAL if CRITICAL in levels else WARNING if WARNING in levels else None
        if worst is not None:
            first.setData(_dot(LEVEL_DOT[worst]), Qt.ItemDataRole.DecorationRole)
        if not items:
            first.setForeground(QBrush(QColor("#808080")))
        row = [first] + [QtGui.QStandardItem("") for _col in COLUMNS[1:]]
        self.model_.appendRow(row)
        self.setFirstColumnSpanned(first.row(), QModelIndex(), True)
        return first

    def _cells(
        self, texts: list[str], target: tuple[str, int] | None, level: str, tooltip: str
    ) -> list[QtGui.QStandardItem]:
        cells = []
        for text in texts:
            cell = QtGui.QStandardItem(text)
            cell.setData(target, TARGET_ROLE)
            cell.setToolTip(tooltip)
            if level in LEVEL_BACKGROUND:
                cell.setBackground(QBrush(QColor(LEVEL_BACKGROUND[level])))
                cell.setForeground(QBrush(QColor("#1a1a1a")))
            cells.append(cell)
        return cells

    def _row(self, item: AttentionItem) -> list[QtGui.QStandardItem]:
        parts = [p for p in overview_text.describe_parts(item, self.zone_key) if p]
        detail = " · ".join(parts)
        due = overview_text.format_due(item.due, self.zone_key)
        tooltip_lines = list(parts)
        if item.level in LEVEL_TEXT:
            tooltip_lines.append(_(LEVEL_TEXT[item.level]))
        if item.target is not None:
            tooltip_lines.append(_("Double-click or press Enter to open the record."))
        return self._cells(
            [item.subject, item.customer, due, detail],
            item.target,
            item.level,
            "\n".join(tooltip_lines),
        )

    def _add_upgrades(self, heading: QtGui.QStandardItem, items: list[AttentionItem]) -> None:
        """REL-6: one row per customer, its applications below."""
        per_customer: dict[str, list[AttentionItem]] = {}
        for item in items:
            per_customer.setdefault(item.customer, []).append(item)
        for customer, apps in per_customer.items():
            level = CRITICAL if any(a.level == CRITICAL for a in apps) else WARNING
            targets = sorted({str(a.facts.get("target", "")) for a in apps})
            text = ngettext("{count} application", "{count} applications", len(apps)).format(
                count=len(apps)
            )
            detail = _("Upgrade to {target}.").format(target=", ".join(targets))
            customer_id = apps[0].customer_id
            target = ("customers", customer_id) if customer_id is not None else None
            row = self._cells(
                [text, customer, "", detail],
                target,
                level,
                _("Double-click or press Enter to open the customer."),
            )
            for app in apps:
                row[0].appendRow(self._row(app))
            heading.appendRow(row)

    # ----------------------------------------------------------- expansion

    def _remember(self, index: QModelIndex, collapsed: bool) -> None:
        kind = index.data(KIND_ROLE)
        if isinstance(kind, str):
            if collapsed:
                self.collapsed_kinds.add(kind)
            else:
                self.collapsed_kinds.discard(kind)

    def _restore_expansion(self) -> None:
        model = self.model_
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            kind = index.data(KIND_ROLE)
            blocked = self.blockSignals(True)
            self.setExpanded(index, kind not in self.collapsed_kinds)
            self.blockSignals(blocked)

    # ---------------------------------------------------------- navigation

    def heading_index(self, kind: str) -> QModelIndex:
        for row in range(self.model_.rowCount()):
            index = self.model_.index(row, 0)
            if index.data(KIND_ROLE) == kind:
                return index
        return QModelIndex()

    def _current_target(self) -> tuple[str, int] | None:
        index = self.currentIndex()
        target = index.data(TARGET_ROLE) if index.isValid() else None
        return tuple(target) if target else None  # type: ignore[return-value]

    def _select_target(self, target: tuple[str, int]) -> None:
        model = self.model_
        stack = [model.index(r, 0) for r in range(model.rowCount())]
        while stack:
            index = stack.pop(0)
            value = index.data(TARGET_ROLE)
            if value and tuple(value) == target:
                self.setCurrentIndex(index)
                return
            stack.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))

    def _activated(self, index: QModelIndex) -> None:
        target = index.siblingAtColumn(0).data(TARGET_ROLE)
        if target:
            tab, record_id = target
            self.target_activated.emit(str(tab), int(record_id))


class OverviewTab(QWidget):
    """What needs attention (grouped list) beside the CASE-6 chart."""

    #: the list and the chart show a new result
    updated = Signal()

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview_tab")
        self.context = context
        self.db = context.db
        self.data: OverviewData | None = None
        self._generation = 0
        self._running = False
        self._shown = False
        self._painted = False
        self._refresh_on_paint = False

        self.heading = QLabel(self)
        self.heading.setObjectName("overview_heading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.days_label = QLabel(self)
        self.days_spin = QtWidgets.QSpinBox(self)
        self.days_spin.setObjectName("overview_days")
        self.days_spin.setRange(1, MAX_DAYS)
        self.days_spin.setValue(self._saved_days())
        self.days_label.setBuddy(self.days_spin)
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("overview_refresh")
        self.status = QLabel(self)
        self.status.setObjectName("overview_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(16)
        top.addWidget(self.days_label)
        top.addWidget(self.days_spin)
        top.addWidget(self.refresh_button)
        top.addSpacing(12)
        top.addWidget(self.status, 1)

        self.tree = AttentionTree(self)
        self.tree.target_activated.connect(self.open_target)
        self.empty = QLabel(self)
        self.empty.setObjectName("overview_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        #: the CASE-6 chart, made when the first result arrives (QtCharts loads then)
        self.chart: ComplianceChart | None = None
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("overview_splitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(QWidget(self))  # the chart's place until then
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([420, 260])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(350)
        self._debounce.timeout.connect(self.refresh)
        self.days_spin.valueChanged.connect(self._days_changed)
        self.refresh_button.clicked.connect(self.refresh)
        if context.events is not None:
            context.events.data_changed.connect(lambda _kind: self._debounce.start())

        self.splitter.setVisible(self.db is not None)
        self.empty.setVisible(self.db is None)
        self.retranslate()
        if self.db is not None:
            self._running = True  # until the first result
            self._show_status()
            QTimer.singleShot(0, self._first_refresh)

    def _first_refresh(self) -> None:
        """Start the first computation once the tab has been painted.

        The worker's imports and queries would otherwise compete with the
        window's first paint. A tab outside a shown window starts right away;
        one that is not painted within half a second (another tab is in
        front) starts then.
        """
        if self.window() is not self and self.window().isVisible() and not self._painted:
            self._refresh_on_paint = True
            QTimer.singleShot(500, self._refresh_if_pending)
        else:
            self.refresh()

    def _refresh_if_pending(self) -> None:
        if self._refresh_on_paint:
            self._refresh_on_paint = False
            self.refresh()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        self._shown = True
        super().showEvent(event)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        self._painted = True
        if self._refresh_on_paint:
            self._refresh_on_paint = False
            QTimer.singleShot(0, self.refresh)

    # ------------------------------------------------------------- settings

    def _saved_days(self) -> int:
        raw = self.context.settings.value(SETTING_DAYS, DEFAULT_DAYS)
        try:
            days = int(raw)
        except (TypeError, ValueError):
            return DEFAULT_DAYS
        return days if 1 <= days <= MAX_DAYS else DEFAULT_DAYS

    @property
    def days(self) -> int:
        return int(self.days_spin.value())

    def _days_changed(self, value: int) -> None:
        self.context.settings.set_value(SETTING_DAYS, int(value))
        self._debounce.start()

    def save_state(self, settings: Settings) -> None:
        settings.set_value(SETTING_DAYS, self.days)
        settings.set_value(SETTING_COLLAPSED, json.dumps(sorted(self.tree.collapsed_kinds)))
        if self._shown and self.db is not None:  # a never-shown splitter has no sizes yet
            settings.set_splitter_state("overview", self.splitter.saveState())
            settings.set_header_state("overview.attention", self.tree.header().saveState())

    def restore_state(self, settings: Settings) -> None:
        raw = settings.value(SETTING_COLLAPSED, "[]")
        try:
            kinds = json.loads(raw) if isinstance(raw, str) else []
        except ValueError:
            kinds = []
        self.tree.collapsed_kinds = {k for k in kinds if isinstance(k, str)}
        state = settings.splitter_state("overview")
        if state:
            self.splitter.restoreState(state)
        header = settings.header_state("overview.attention")
        if header:
            self.tree.header().restoreState(header)
        self.tree.rebuild()

    # ---------------------------------------------------------------- work

    def refresh(self) -> None:
        """Recompute the list and the chart on a worker thread (F5, data changed)."""
        self._debounce.stop()
        self._refresh_on_paint = False  # this is the computation the first paint waited for
        if self.db is None:
            return
        self._generation += 1
        generation = self._generation
        now = self.context.now()
        days = self.days
        zone_key = self.context.display_zone
        db = self.db
        self._running = True
        self._show_status()
        run_in_background(
            lambda _ctx: compute_overview(db, now, days, zone_key),
            on_success=lambda data: self._computed(generation, data),
            on_failure=lambda exc: self._failed(generation, exc),
            parent=self,
        )

    def is_busy(self) -> bool:
        return self._running

    def _computed(self, generation: int, data: OverviewData) -> None:
        if generation != self._generation:
            return
        self._running = False
        self.data = data
        self.tree.set_items(data.items, data.days, self.context.display_zone, data.now)
        chart = self._ensure_chart()
        chart.reference = data.reference
        chart.set_months(data.months)
        chart.retranslate()
        self._show_status()
        self.updated.emit()

    def _ensure_chart(self) -> ComplianceChart:
        if self.chart is None:
            from di_desk.ui.charts.compliance import ComplianceChart  # loads QtCharts

            self.chart = ComplianceChart(parent=self)
            old = self.splitter.replaceWidget(1, self.chart)
            if old is not None:
                old.deleteLater()
        return self.chart

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._running = False
        self.status.setText(_("The overview could not be computed: {error}").format(error=exc))
        self.updated.emit()

    def _show_status(self) -> None:
        if self.db is None:
            self.status.setText("")
        elif self._running:
            self.status.setText(_("Updating…"))
        elif self.data is not None:
            from di_desk.i18n.formatting import format_datetime

            count = len(self.data.items)
            self.status.setText(
                ngettext(
                    "{count} item · as of {time}", "{count} items · as of {time}", count
                ).format(
                    count=count, time=format_datetime(self.data.now, self.context.display_zone)
                )
            )

    # ---------------------------------------------------------- navigation

    def open_target(self, tab: str, record_id: int) -> None:
        """Go to the record of an item (the window switches tab and selects it)."""
        self.context.navigate(tab, record_id)

    # ----------------------------------------------------- window callbacks

    def retranslate(self) -> None:
        self.heading.setText(_("What needs attention"))
        self.days_label.setText(_("&Days ahead:"))
        self.days_spin.setToolTip(
            _(
                "How many days ahead to look. Maintenance is listed for the next "
                "{days} days at most."
            ).format(days=MAINTENANCE_DAYS)
        )
        self.days_spin.setSuffix("")
        self.refresh_button.setText(_("Refresh"))
        self.refresh_button.setToolTip(_("Compute the list and the chart again (F5)"))
        self.empty.setText(_("Open a database to see what needs attention."))
        self.tree.rebuild()
        if self.chart is not None:
            self.chart.retranslate()
        self._show_status()
        if self.db is not None and self.data is not None:
            # Rule messages (maintenance checks) are written when computed.
            self._debounce.start()

    def set_display_zone(self, zone_key: str) -> None:
        self.tree.zone_key = zone_key
        self.tree.rebuild()
        self._show_status()
        self._debounce.start()  # the chart's months follow the display zone


def make_tab(context: TabContext) -> QWidget:
    return OverviewTab(context)
