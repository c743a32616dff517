"""The top of the Backups tab: recovery points per customer+application and one group's nights.

:class:`SummaryPane` shows a :class:`~di_desk.services.backups.BackupSummary`
(computed by the tab off the GUI thread) as a sortable table; the selected
row's last nights are drawn by :class:`RetentionTimeline` with a line of
facts under it (BAK-2, BAK-3).
"""

from __future__ import annotations

from typing import Any

from di_desk.domain.enums import Application
from di_desk.i18n import _, ngettext
from di_desk.i18n.formatting import format_date, format_datetime, format_number
from di_desk.services.backups import (
    TIMELINE_NIGHTS,
    BackupSummary,
    GroupSummary,
    group_timeline,
    summary_rows,
)
from di_desk.services.listing import ListQuery
from di_desk.services.memory_source import MemorySource
from di_desk.ui.models.lazy_table import LazyTableModel
from di_desk.ui.qt import QLabel, Qt, QtWidgets, QVBoxLayout, QWidget, Signal
from di_desk.ui.settings import Settings
from di_desk.ui.table_view import LazyTableView
from di_desk.ui.tabs.backups_columns import age_text, hours_text, stretch_first, summary_columns
from di_desk.ui.tabs.backups_timeline import RetentionTimeline

GroupKey = tuple[int, Application]


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class SummaryPane(QtWidgets.QSplitter):
    """Summary table (left) and the selected group's timeline with its facts (right)."""

    #: the selected customer+application changed (a GroupKey, or None)
    group_changed = Signal(object)
    #: a summary row was double-clicked or Enter was pressed on it
    group_activated = Signal(object)

    def __init__(self, view_state: Any, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("backups_summary_pane")
        self._state = view_state  # zone, reference, db
        self.summary: BackupSummary | None = None
        self._group: GroupKey | None = None
        self.source = MemorySource(
            sortable=(
                *("customer", "application", "newest_good", "age", "retained"),
                *("gaps_short", "gaps_long"),
            ),
            text_keys=("customer", "application"),
        )
        self.model = LazyTableModel(
            self.source, summary_columns(view_state), query=ListQuery(sort_key="customer"),
            parent=self,
        )  # fmt: skip
        self.view = LazyTableView(self.model, state_key="backups.summary", parent=self)
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        stretch_first(self.view)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._chosen())
        self.view.id_activated.connect(lambda _id: self.group_activated.emit(self._group))
        self.title = _bold(QLabel(self))
        self.title.setObjectName("backups_summary_title")
        self.timeline_title = _bold(QLabel(self))
        self.timeline = RetentionTimeline(view_state.reference, self)
        self.facts = QLabel(self)
        self.facts.setObjectName("backups_group_facts")
        self.facts.setWordWrap(True)
        self.facts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        left = QWidget(self)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        right = QWidget(self)
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.timeline_title)
        layout.addWidget(self.timeline)
        layout.addWidget(self.facts, 1)
        self.addWidget(left)
        self.addWidget(right)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setSizes([840, 510])

    # ----------------------------------------------------------------- API

    def set_summary(self, summary: BackupSummary) -> None:
        """Show ``summary``; keep the selected group, else select the first one that warns."""
        first = self.summary is None
        self.summary = summary
        self.source.set_rows(summary_rows(summary))
        self.model.refresh()
        if self._group is not None and self.select_group(*self._group):
            return
        self._group = None
        if first:
            self.select_first()
        self._show()

    def select_first(self) -> bool:
        """Select the first group whose recovery point warns, else the first row."""
        rows = [self.model.row_data(r) for r in range(self.model.rowCount())]
        rows = [r for r in rows if r is not None]
        chosen = next((r for r in rows if r["warning"]), rows[0] if rows else None)
        return chosen is not None and self.select_group(
            chosen["customer_id"], chosen["application"]
        )

    def set_filter(self, query: ListQuery) -> None:
        self.model.set_query(query)

    def selected_group(self) -> GroupKey | None:
        return self._group

    def group(self) -> GroupSummary | None:
        return self.summary.group(*self._group) if self.summary and self._group else None

    def select_group(self, customer_id: int, application: Application) -> bool:
        for r in range(self.model.rowCount()):
            row = self.model.row_data(r)
            if row and row["customer_id"] == customer_id and row["application"] == application:
                self.view.selectRow(r)
                self.view.scrollTo(self.model.index(r, 0))
                self._chosen()
                return True
        return False

    def select_customer(self, customer_id: int) -> bool:
        """Select the first group of a customer (in the current sort)."""
        for r in range(self.model.rowCount()):
            row = self.model.row_data(r)
            if row and row["customer_id"] == customer_id:
                return self.select_group(customer_id, row["application"])
        return False

    def clear_selection(self) -> None:
        self.view.clearSelection()
        self.view.setCurrentIndex(self.model.index(-1, -1))
        self._group = None
        self._show()
        self.group_changed.emit(None)

    def retranslate(self) -> None:
        self.model.retranslate()
        self.timeline.retranslate()
        self.update_texts()

    def update_texts(self) -> None:
        zone = self._state.zone
        if self._state.db is None:
            self.title.setText(_("No database open"))
        elif self.summary is None:
            self.title.setText(_("Recovery points per customer and application (computing…)"))
        else:
            self.title.setText(
                _("Recovery points per customer and application, at {when}").format(
                    when=format_datetime(self.summary.at, zone)
                )
            )
        group = self.group()
        if group is None:
            self.timeline_title.setText(
                ngettext("Last {count} night", "Last {count} nights", TIMELINE_NIGHTS).format(
                    count=TIMELINE_NIGHTS
                )
            )
            self.facts.setText("")
            return
        self.timeline_title.setText(
            _("Last {count} nights of {customer}, {application}").format(
                count=TIMELINE_NIGHTS, customer=group.customer, application=group.application.label
            )
        )
        self.facts.setText(self._facts(group, zone))

    def save_state(self, settings: Settings) -> None:
        self.view.save_state(settings)
        settings.set_splitter_state("backups.top", self.saveState())

    def restore_state(self, settings: Settings) -> None:
        self.view.restore_state(settings)
        saved = settings.splitter_state("backups.top")
        if saved:
            self.restoreState(saved)

    # ----------------------------------------------------------- internals

    def _chosen(self) -> None:
        index = self.view.currentIndex()
        row = self.model.row_data(index.row()) if index.isValid() else None
        self._group = (row["customer_id"], row["application"]) if row else None
        self._show()
        self.group_changed.emit(self._group)

    def _show(self) -> None:
        group = self.group()
        timeline = None
        if group is not None and self.summary is not None:
            timeline = group_timeline(self._state.reference, self.summary.at, group)
        self.timeline.set_timeline(timeline)
        self.update_texts()

    @staticmethod
    def _facts(group: GroupSummary, zone: str) -> str:
        limit = hours_text(group.limit)
        if group.newest_good is None:
            point = _("No good backup at all: the recovery point warns.")
        else:
            point = _("Newest good backup {when} ({age} old; it warns above {limit}).").format(
                when=format_datetime(group.newest_good, zone), age=age_text(group.age), limit=limit
            )
        kept = ", ".join(format_date(t, tz=zone) for _i, t in group.kept) or "—"
        lines = [
            ("⚠ " if group.warning else "") + point,
            ngettext(
                "{retained} of {total} backup retained.",
                "{retained} of {total} backups retained.",
                group.total,
            ).format(retained=format_number(group.retained), total=format_number(group.total)),
            _("Kept by count: {dates}.").format(dates=kept),
            _(
                "Nights without a good backup: {short} of the last 30, {long} of the last 90."
            ).format(short=group.gaps_short, long=group.gaps_long),
        ]
        return "\n".join(lines)
