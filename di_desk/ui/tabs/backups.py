"""The Backups tab (BAK-1..5, FILE-4): health per customer+application, the list, DR.

Top: the summary per customer+application (newest good backup, recovery
point with its BAK-3 warning, retained backups, gaps in the last 30/90
nights), computed off the GUI thread, and the retention timeline of the
selected group. Below: the backups (a lazy list over SQL, a million rows
scroll smoothly; retention per visible row, BAK-2) or, with "Show gaps
only", the gap nights; and the disaster recovery events (BAK-5). A banner
and the disabled Restore button say that partners cannot restore (BAK-4).

``select_record(customer_id)`` shows one customer's backups, gaps and
recovery points (the Overview's target).
"""

from __future__ import annotations

from typing import Any

from di_desk.domain.backups import restore_statement
from di_desk.domain.enums import Application, BackupResult
from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.i18n import N_, _, ngettext
from di_desk.i18n.formatting import format_number
from di_desk.services.backups import (
    EXPIRED,
    RETAINED,
    BackupSummary,
    ImportOutcome,
    RetentionIndex,
    RetentionRows,
    gap_rows,
    summarize,
)
from di_desk.services.listing import ListQuery
from di_desk.services.memory_source import MemorySource
from di_desk.ui.filter_bar import CUSTOMER, FilterBar, FilterSpec
from di_desk.ui.models.lazy_table import LazyTableModel
from di_desk.ui.qt import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    Qt,
    QTabWidget,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
    is_valid_qobject,
)
from di_desk.ui.settings import Settings
from di_desk.ui.table_view import LazyTableView
from di_desk.ui.tabs.backups_columns import backup_columns, fit_headers, gap_columns
from di_desk.ui.tabs.backups_dr import DrPanel
from di_desk.ui.tabs.backups_import import RowErrorsDialog, choose_file, start_import
from di_desk.ui.tabs.backups_summary import SummaryPane
from di_desk.ui.tabs.base import TabContext
from di_desk.ui.workers import run_in_background

APPLICATION = FilterSpec("application", N_("Application"), N_("All applications"))
RESULT = FilterSpec("result", N_("Result"), N_("All results"))
RETENTION = FilterSpec("retention", N_("Retention"), N_("Retained and expired"))
KEY = "backups"
#: ids per fetchMore: the ids come from a keyset chunk in memory, so a scroll
#: to the end of a million rows takes 500 view updates instead of 5,000
LIST_PAGE = 2_000


def backup_list_model(source: Any, view_state: Any, parent: Any = None) -> LazyTableModel:
    """The model of the backup list (the benchmark builds the same)."""
    return LazyTableModel(
        source,
        backup_columns(view_state),
        query=ListQuery(sort_key="taken_at", descending=True),
        page_size=LIST_PAGE,
        parent=parent,
    )


class BackupsTab(QWidget):
    """Summary, timeline, backup list (or gaps) and DR events of every customer."""

    #: a new summary is shown (tests wait for it)
    summary_updated = Signal()

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab_backups")
        self.context = context
        self._db = context.db
        self._zone = context.display_zone
        self.reference = self._load_reference()
        self.at = context.now()
        self.index = RetentionIndex(self.reference, self.at)
        self.summary: BackupSummary | None = None
        self._generation = 0
        self._pending_customer: int | None = None
        self._customers: list[tuple[int, str]] = []
        self._build()
        self.retranslate()
        self._load_customers()
        self._apply_filters(self.bar.query())
        context.events.data_changed.connect(self._data_changed)
        self._start_summary()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        from di_desk.storage.backup_queries import BackupListSource

        self.banner = QFrame(self)
        self.banner.setObjectName("backups_restore_banner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setStyleSheet("#backups_restore_banner { background: #e3f2fd; }")
        icon = QLabel(self.banner)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(24, 24)
        )
        self.restore_note = QLabel(self.banner)
        self.restore_note.setObjectName("backups_restore_note")
        self.restore_note.setWordWrap(True)
        self.restore_button = QPushButton(self.banner)
        self.restore_button.setObjectName("backups_restore")
        self.restore_button.setEnabled(False)
        self.import_button = QPushButton(self.banner)
        self.import_button.setObjectName("backups_import")
        self.import_button.clicked.connect(self.import_file)
        self.import_button.setEnabled(self._db is not None)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(icon)
        row.addWidget(self.restore_note, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.import_button)

        self.bar = FilterBar(
            combos=(CUSTOMER, APPLICATION, RESULT, RETENTION), display_zone=self._zone, parent=self
        )
        self.bar.set_choices("application", [(a.value, lambda a=a: a.label) for a in Application])
        self.bar.set_choices("result", [(r.value, lambda r=r: r.label) for r in BackupResult])
        self.bar.set_choices(
            "retention", [(RETAINED, lambda: _("Retained")), (EXPIRED, lambda: _("Expired"))]
        )
        self.bar.query_changed.connect(self._apply_filters)
        self.gaps_only = QCheckBox(self)
        self.gaps_only.setObjectName("backups_gaps_only")
        self.gaps_only.toggled.connect(self._gaps_toggled)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.bar, 1)
        bar_row.addWidget(self.gaps_only)

        self.summary_pane = SummaryPane(self, self)
        self.summary_pane.group_changed.connect(lambda _g: self._group_changed())
        self.summary_pane.group_activated.connect(lambda _g: self._filter_to_group())
        self.timeline = self.summary_pane.timeline

        source = BackupListSource(self._db) if self._db is not None else None
        self.list_source = RetentionRows(source, self.index) if source is not None else None
        self.model = backup_list_model(self.list_source, self, self)
        self.view = LazyTableView(self.model, state_key=KEY, parent=self)
        self.model.total_changed.connect(lambda _n: self._update_count())
        self.gap_source = MemorySource(
            sortable=("night", "customer", "application", "state"),
            text_keys=("customer", "application", "state"),
            date_key="night_at",
        )
        self.gap_model = LazyTableModel(
            self.gap_source, gap_columns(self),
            query=ListQuery(sort_key="night", descending=True), parent=self,
        )  # fmt: skip
        self.gap_view = LazyTableView(self.gap_model, state_key="backups.gaps", parent=self)
        self.gap_model.total_changed.connect(lambda _n: self._update_count())
        self.stack = QtWidgets.QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.gap_view)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("backups_count")
        self.all_gaps = QPushButton(self)
        self.all_gaps.setObjectName("backups_all_gaps")
        self.all_gaps.setVisible(False)
        self.all_gaps.clicked.connect(lambda: self.summary_pane.clear_selection())
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label)
        count_row.addWidget(self.all_gaps)
        count_row.addStretch(1)
        list_page = QWidget(self)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 4, 0, 0)
        list_layout.addWidget(self.stack, 1)
        list_layout.addLayout(count_row)
        self.dr = DrPanel(self._db, self, self.context.now, self)
        self.lower = QTabWidget(self)
        self.lower.setObjectName("backups_lower")
        self.lower.setDocumentMode(True)
        self.lower.addTab(list_page, "")
        self.lower.addTab(self.dr, "")

        self.split = QtWidgets.QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.summary_pane)
        self.split.addWidget(self.lower)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([280, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addLayout(bar_row)
        layout.addWidget(self.split, 1)

    # ------------------------------------------------------ what views read

    @property
    def zone(self) -> str:
        return self._zone

    def customers(self) -> list[tuple[int, str]]:
        return list(self._customers)

    @property
    def db(self) -> Any:
        return self._db

    def selected_group(self) -> tuple[int, Application] | None:
        return self.summary_pane.selected_group()

    # ----------------------------------------------------------- tab API

    def retranslate(self) -> None:
        self.restore_note.setText(restore_statement().replace("\n", " "))
        self.restore_note.setToolTip(restore_statement())
        self.restore_button.setText(_("Restore…"))
        self.restore_button.setToolTip(restore_statement())
        self.import_button.setText(_("Import backups…"))
        self.import_button.setToolTip(_("Import backups from a CSV or XLSX file (FILE-4)"))
        self.all_gaps.setText(_("Show every customer's gaps"))
        self.gaps_only.setText(_("Show gaps only"))
        self.gaps_only.setToolTip(
            _("List the nights without a good backup (last 90) instead of the backups")
        )
        self.bar.retranslate()
        self.lower.setTabText(0, _("Backups"))
        self.lower.setTabText(1, _("Disaster recovery"))
        for model in (self.model, self.gap_model):
            model.retranslate()
        self.summary_pane.retranslate()
        self.dr.retranslate()
        for view in (self.view, self.gap_view):
            fit_headers(view)
        self._update_count()
        errors = getattr(self, "errors_dialog", None)
        if errors is not None and is_valid_qobject(errors):
            errors.retranslate()  # its row messages stay as the import wrote them

    def refresh(self) -> None:
        """F5 / after imports: re-read everything at the current instant."""
        self.reference = self._load_reference()
        self.timeline.reference = self.reference
        self.at = self.context.now()
        self.index.reset(self.at, self.reference)
        if self.list_source is not None:
            self.list_source.invalidate()
        self._load_customers()
        self.model.set_query(self.index.list_query(self.bar.query()))
        self.model.refresh()
        self.dr.reload()
        self._start_summary()

    def set_display_zone(self, zone: str) -> None:
        self._zone = zone
        self.bar.set_display_zone(zone)
        for model in (self.model, self.gap_model, self.dr.model):
            model.retranslate()
        self.summary_pane.retranslate()
        self._update_count()

    def focus_filter(self) -> None:
        self.bar.focus_search()

    def new_record(self) -> None:
        """Ctrl+N: record a disaster recovery event."""
        if self._db is not None:
            self.lower.setCurrentWidget(self.dr)
            self.dr.add_event()

    def select_record(self, record_id: int) -> bool:
        """Show customer ``record_id``'s backups, gaps and recovery points."""
        if record_id not in {cid for cid, _n in self._customers}:
            return False
        self.bar.combos[CUSTOMER.key].set_value(record_id)
        self.lower.setCurrentIndex(0)
        self._pending_customer = record_id
        self._select_pending()
        return True

    def save_state(self, settings: Settings) -> None:
        for pane in (self.view, self.gap_view, self.summary_pane, self.dr):
            pane.save_state(settings)
        settings.set_last_filters(
            KEY, {**self.bar.state(), "gaps_only": self.gaps_only.isChecked()}
        )
        settings.set_splitter_state("backups.main", self.split.saveState())
        settings.set_value("backups/lower_tab", self.lower.currentIndex())

    def restore_state(self, settings: Settings) -> None:
        for pane in (self.view, self.gap_view, self.summary_pane, self.dr):
            pane.restore_state(settings)
        state = settings.last_filters(KEY)
        self.bar.restore_state(state)
        self.gaps_only.setChecked(bool(state.get("gaps_only", False)))
        saved = settings.splitter_state("backups.main")
        if saved:
            self.split.restoreState(saved)
        try:
            self.lower.setCurrentIndex(int(settings.value("backups/lower_tab", 0) or 0))
        except (TypeError, ValueError):
            self.lower.setCurrentIndex(0)

    # ------------------------------------------------------------ actions

    def import_file(self, path: Any = None) -> Any:
        """Import a FILE-4 file (asks for one when ``path`` is None); returns the task."""
        if self._db is None:
            return None
        path = path or choose_file(self)
        if path is None:
            return None
        return start_import(self, self._db, path, self._imported)

    def _imported(self, outcome: ImportOutcome) -> None:
        if not outcome.ok:
            self.errors_dialog = RowErrorsDialog(outcome.file, outcome.errors, self)
            self.errors_dialog.open()
            return
        self.count_label.setText(
            ngettext(
                "Imported {count} backup from {file}.",
                "Imported {count} backups from {file}.",
                outcome.added,
            ).format(count=format_number(outcome.added), file=outcome.file)
        )
        self.context.events.data_changed.emit(KEY)

    def _data_changed(self, kind: str) -> None:
        if kind in ("", KEY, "customers", "dr"):
            self.refresh()

    # ------------------------------------------------------------ filters

    def _apply_filters(self, query: ListQuery) -> None:
        self.model.set_query(self.index.list_query(query))
        keep = {k: v for k, v in query.filters.items() if k in ("customer_id", "application")}
        self.summary_pane.set_filter(ListQuery(text=query.text, filters=keep))
        self.dr.set_customer(keep.get("customer_id"))
        self._apply_gap_query()

    def _apply_gap_query(self) -> None:
        query = self.bar.query()
        filters = {k: v for k, v in query.filters.items() if k in ("customer_id", "application")}
        group = self.selected_group()
        if group is not None:
            filters = {"customer_id": group[0], "application": group[1]}
        self.gap_model.set_query(ListQuery(query.text, filters, query.date_from, query.date_to))
        self._update_count()

    def _gaps_toggled(self, on: bool) -> None:
        self.stack.setCurrentIndex(1 if on else 0)
        self._apply_gap_query()

    def _filter_to_group(self) -> None:
        """Double-click in the summary: filter the lists to that customer and application."""
        group = self.selected_group()
        if group is not None:
            self.bar.combos[CUSTOMER.key].set_value(group[0], emit=False)
            self.bar.combos[APPLICATION.key].set_value(group[1].value)

    # ------------------------------------------------------------ summary

    def _load_reference(self) -> ReferenceData:
        if self._db is None:
            return DEFAULT_REFERENCE
        from di_desk.storage import load_reference

        return load_reference(self._db)

    def _load_customers(self) -> None:
        if self._db is None:
            return
        from di_desk.services.reports import customers

        facts = customers(self.reference).values()
        self._customers = sorted(((c.id, c.name) for c in facts), key=lambda c: c[1].casefold())
        self.bar.set_customers(self._customers)

    def _start_summary(self) -> None:
        if self._db is None:
            return
        self._generation += 1
        generation, db, reference, at = self._generation, self._db, self.reference, self.at

        def work(ctx: Any) -> BackupSummary:
            try:
                return summarize(
                    reference, at, progress=ctx.report, check_cancelled=ctx.check_cancelled
                )
            finally:
                db.close()  # this pool thread's connection only

        run_in_background(
            work,
            on_success=lambda summary: self._summary_ready(generation, summary),
            parent=self,
        )
        self.summary_pane.update_texts()

    def _summary_ready(self, generation: int, summary: BackupSummary) -> None:
        if generation != self._generation:
            return  # an older computation
        self.summary = summary
        self.index.prime(summary)
        self.summary_pane.set_summary(summary)
        self.gap_source.set_rows(gap_rows(summary.groups))
        self.gap_model.refresh()
        self._select_pending()
        self._update_count()
        self.summary_updated.emit()

    def _select_pending(self) -> None:
        if self._pending_customer is not None and self.summary is not None:
            customer, self._pending_customer = self._pending_customer, None
            if not self.summary_pane.select_customer(customer):
                self.summary_pane.clear_selection()

    def _group_changed(self) -> None:
        if self.gaps_only.isChecked():
            self._apply_gap_query()
        self._update_count()

    def _update_count(self) -> None:
        group = self.summary_pane.group() if self.gaps_only.isChecked() else None
        self.all_gaps.setVisible(group is not None)
        if not self.gaps_only.isChecked():
            n = self.model.total_count()
            text = ngettext("{count} backup", "{count} backups", n)
        elif group is None:
            n = self.gap_model.total_count()
            text = ngettext(
                "{count} night without a good backup in the last 90",
                "{count} nights without a good backup in the last 90",
                n,
            )
        else:
            n = self.gap_model.total_count()
            text = ngettext(
                "{count} night without a good backup in the last 90 for {customer}, {application}",
                "{count} nights without a good backup in the last 90 for {customer}, {application}",
                n,
            )
        self.count_label.setText(
            text.format(
                count=format_number(n),
                customer=group.customer if group else "",
                application=group.application.label if group else "",
            )
        )

    # for tests and the screenshot tool

    def visible_retention(self, row: int) -> tuple[str, str, str]:
        """(retained/expired, kept by, expires) as the list shows row ``row``."""
        cells = [self.model.column_index(k) for k in ("retention", "reasons", "expires")]
        return tuple(  # type: ignore[return-value]
            str(self.model.index(row, c).data()) for c in cells
        )


def make_tab(context: TabContext) -> QWidget:
    return BackupsTab(context)
