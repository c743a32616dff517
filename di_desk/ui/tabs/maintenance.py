"""The Maintenance tab: the event list, a week calendar beside it, the editor.

The list pages events from :class:`~di_desk.storage.sources.MaintenanceSource`
(filter and sort in SQL); notice dates and violations are computed per painted
row by the domain (through :class:`~di_desk.services.maintenance.MaintenanceService`,
cached by id and row version). The week view shows the windows of the regions
in the filter, the events of that week and the customers' blackout days;
selecting in one selects in the other.

"Violations only" (a toolbar toggle) narrows the list and the week to the
events that break a rule. SQL cannot select them: violations depend on the
wall-clock windows of each region's zone, the business calendars and the
editable reference data. So the events matching the filter are checked on a
worker (:meth:`MaintenanceService.violating_ids`, with progress under the
list) and the list is then narrowed to their ids, in SQL as before.

Other features (certificates, schedule import, exports, printing) add their
actions to the tab's toolbar with :meth:`MaintenanceTab.add_tool_action`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.maintenance import reschedule_refusal
from di_desk.domain.reference import RegionRef
from di_desk.domain.timeutil import zone
from di_desk.i18n import N_, _, ngettext
from di_desk.i18n.formatting import format_number
from di_desk.services.listing import IdSet, ListQuery
from di_desk.services.maintenance import MaintenanceService
from di_desk.storage.errors import RowNotFound, StaleEdit
from di_desk.ui.filter_bar import CUSTOMER, FilterBar, FilterSpec
from di_desk.ui.models.lazy_table import LazyTableModel
from di_desk.ui.qt import (
    QAction,
    QLabel,
    QMessageBox,
    QSplitter,
    Qt,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.settings import Settings
from di_desk.ui.table_view import LazyTableView
from di_desk.ui.tabs.base import TabContext
from di_desk.ui.tabs.maintenance_columns import event_details_html, maintenance_columns
from di_desk.ui.tabs.maintenance_week import parse_choice, regions_for_filter, week_data
from di_desk.ui.widgets.badges import BadgeDelegate
from di_desk.ui.widgets.week_layout import WeekData
from di_desk.ui.widgets.week_view import WeekView
from di_desk.ui.workers import Task, TaskContext, close_thread_connection, run_in_background

if TYPE_CHECKING:  # the dialogs load when first opened
    from di_desk.ui.dialogs.event_editor import EventEditor
    from di_desk.ui.dialogs.reschedule import RescheduleDialog

KEY = "maintenance"
SETTING_VIOLATIONS_ONLY = "maintenance/violations_only"
TYPE = FilterSpec("type", N_("Type"), N_("All types"))
REGION = FilterSpec("region", N_("Region"), N_("All regions"))
#: pages of ids :meth:`MaintenanceTab.select_record` loads before narrowing the filter
SELECT_PAGES = 10


#: ``factory(tab)`` for each feature that adds to the toolbar (see :func:`register_tool_action`)
TOOL_ACTION_FACTORIES: list[Callable[[MaintenanceTab], None]] = []


def register_tool_action(factory: Callable[[MaintenanceTab], None]) -> None:
    """Have ``factory(tab)`` called for every Maintenance tab built from now on.

    The factory makes its actions and calls ``tab.add_tool_action(action, retranslate)``.
    """
    if factory not in TOOL_ACTION_FACTORIES:
        TOOL_ACTION_FACTORIES.append(factory)


def make_tab(context: TabContext) -> QWidget:
    if context.db is None:
        return MaintenanceTab(None, context)
    service = MaintenanceService(context.db, clock=context.now)
    return MaintenanceTab(service, context)


class MaintenanceTab(QWidget):
    """List + week view of maintenance events, with the editor and reschedule drafts."""

    def __init__(
        self,
        service: MaintenanceService | None,
        context: TabContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tab_maintenance")
        self.service = service
        self.context = context
        self.display_zone = context.display_zone
        self.editor: EventEditor | None = None
        self.reschedule_dialog: RescheduleDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._announcing = False
        self._shaded_customer: int | None = None

        self.toolbar = QtWidgets.QToolBar(self)
        self.toolbar.setObjectName("maintenance_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = self._action("maintenance_new", self.new_record)
        self.edit_action = self._action("maintenance_edit", self.edit_selected)
        self.delete_action = self._action("maintenance_delete", self.delete_selected)
        self.reschedule_action = self._action("maintenance_reschedule", self.draft_reschedule)
        self.toolbar.addSeparator()
        self.violations_action = QAction(self)
        self.violations_action.setObjectName("maintenance_violations_only")
        self.violations_action.setCheckable(True)
        self.violations_action.setEnabled(service is not None)
        self.violations_action.toggled.connect(self._violations_toggled)
        self.toolbar.addAction(self.violations_action)
        #: the violation check running for "violations only", and its progress
        self._check_task: Task | None = None
        self._check_progress: tuple[int, int] | None = None
        self._check_error = ""
        self._extra_separator: QAction | None = None

        self.bar = FilterBar(combos=(CUSTOMER, TYPE, REGION), display_zone=self.display_zone)
        self.bar.set_choices(TYPE.key, [(t, lambda t=t: t.label) for t in MaintenanceType])
        self.bar.set_choices(REGION.key, [(r, lambda r=r: r.label) for r in Region])
        self._fill_customers()

        self.model = LazyTableModel(
            service.source if service else None,
            maintenance_columns(self),
            query=ListQuery(sort_key="start", descending=True),
            parent=self,
        )
        self.view = LazyTableView(self.model, state_key=KEY, parent=self)
        self.view.setItemDelegateForColumn(
            self.model.column_index("violations"), BadgeDelegate(self.view)
        )
        self.count_label = QLabel(self)
        self.count_label.setObjectName("maintenance_count")
        self.details = QLabel(self)
        self.details.setObjectName("maintenance_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumHeight(self.fontMetrics().height() * 4)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.week = WeekView(self.display_zone, today=service.now if service else None, parent=self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.details)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("maintenance_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.week)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([780, 580])
        self.empty_label = QLabel(self)
        self.empty_label.setVisible(service is None)

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.splitter, 1)

        self.bar.query_changed.connect(self._query_changed)
        self.model.total_changed.connect(lambda _n: self._update_count())
        # The selection (not the current index, which a focus-in sets) drives the week.
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._current_changed())
        self.view.id_activated.connect(self.edit_record)
        self.week.event_clicked.connect(self._week_clicked)
        self.week.event_activated.connect(self.edit_record)
        context.events.data_changed.connect(self._data_changed)
        self._update_regions()
        self.week.set_provider(self._week_data if service else None)
        self._tool_retranslators: list[Callable[[], None]] = []
        for factory in TOOL_ACTION_FACTORIES:
            factory(self)
        self.retranslate()

    def _action(self, name: str, slot: Any) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(action)
        return action

    # ------------------------------------------------------------ toolbar API

    def add_tool_action(
        self, action: QAction, retranslate: Callable[[], None] | None = None
    ) -> None:
        """Add another feature's action to the tab's toolbar (after a separator).

        ``retranslate`` is called after a language switch to re-set the action's texts.
        """
        if self._extra_separator is None:
            self._extra_separator = self.toolbar.addSeparator()
        self.toolbar.addAction(action)
        if retranslate is not None:
            self._tool_retranslators.append(retranslate)
            retranslate()

    def current_query(self) -> ListQuery:
        """The list's filter and sort (for exports and printing of "what I see")."""
        return self.model.query

    # ------------------------------------------------------------ violations only

    @property
    def violations_only(self) -> bool:
        return self.violations_action.isChecked()

    def is_busy(self) -> bool:
        """True while the events are being checked for "violations only"."""
        return self._check_task is not None

    def _violations_toggled(self, on: bool) -> None:
        self.context.settings.set_value(SETTING_VIOLATIONS_ONLY, bool(on))
        if on:
            self._check_violations()
        else:
            self._stop_check()
            self._check_error = ""
            self.model.set_query(self.bar.query())
            self._list_changed()

    def _stop_check(self) -> None:
        if self._check_task is not None:
            self._check_task.cancel()
            self._check_task = None
        self._check_progress = None

    def _check_violations(self) -> None:
        """Check the events matching the filter on a worker; then narrow the list to
        those that break a rule (the list shows its last result meanwhile)."""
        if self.service is None:
            return
        self._stop_check()
        self._check_error = ""
        service = self.service
        query = replace(
            self.bar.query(),
            sort_key=self.model.query.sort_key,
            descending=self.model.query.descending,
        )

        def work(ctx: TaskContext) -> IdSet:
            def on_page(done: int, total: int) -> None:
                ctx.check_cancelled()
                ctx.report(done, total)

            try:
                return service.violating_ids(query, on_page=on_page)
            finally:
                close_thread_connection(service.db)

        task: Task | None = None

        def mine() -> bool:
            return task is not None and task is self._check_task

        def progress(done: int, total: int, _text: str) -> None:
            if mine():
                self._check_progress = (done, total)
                self._update_count()

        def found(ids: IdSet) -> None:
            if not mine():
                return
            self._check_task = None
            self._check_progress = None
            self.model.set_query(replace(query, filters={**query.filters, "id": ids}))
            self._list_changed()

        def failed(exc: BaseException) -> None:
            if not mine():
                return
            self._check_task = None
            self._check_progress = None
            self._check_error = str(exc)
            self._update_count()

        self._check_progress = (0, 0)
        task = self._check_task = run_in_background(
            work, on_success=found, on_failure=failed, on_progress=progress, parent=self
        )
        self._update_count()

    def _list_changed(self) -> None:
        self._update_regions()
        self.week.reload()
        self._current_changed()
        self._update_count()

    def selected_event_ids(self) -> list[int]:
        return self.view.selected_ids()

    # ------------------------------------------------------------ window API

    def retranslate(self) -> None:
        texts = (
            (self.new_action, _("New event"), _("Plan a new maintenance event (Ctrl+N)")),
            (self.edit_action, _("Edit"), _("Edit the selected event (Enter)")),
            (self.delete_action, _("Delete"), _("Delete the selected event (Delete)")),
            (
                self.reschedule_action,
                _("Draft reschedule request…"),
                _("Ask the provider for another date (MAINT-6)"),
            ),
            (
                self.violations_action,
                _("Violations only"),
                _(
                    "Show only the events that break a maintenance rule (MAINT-3 to "
                    "MAINT-11); the events matching the filter are checked in the background"
                ),
            ),
        )
        for action, text, tip in texts:
            action.setText(text)
            action.setToolTip(tip)
        self.empty_label.setText(_("Open a database to see and plan maintenance."))
        self.bar.retranslate()
        self.model.retranslate()
        self.week.retranslate()
        self._update_count()
        self._current_changed()
        for retranslate_action in self._tool_retranslators:
            retranslate_action()
        if self.editor is not None:
            self.editor.retranslate()
        if self.reschedule_dialog is not None:
            self.reschedule_dialog.retranslate()

    def refresh(self) -> None:
        if self.service is not None:
            self.service.reload()
        self._fill_customers()
        self.model.refresh()
        self.week.reload()
        self._current_changed()
        if self.violations_only:
            self._check_violations()  # an edit may have mended or broken a rule

    def save_state(self, settings: Settings) -> None:
        self.view.save_state(settings)
        settings.set_last_filters(KEY, self.bar.state())
        settings.set_splitter_state(KEY, self.splitter.saveState())

    def restore_state(self, settings: Settings) -> None:
        self.view.restore_state(settings)
        state = settings.splitter_state(KEY)
        if state:
            self.splitter.restoreState(state)
        self.bar.restore_state(settings.last_filters(KEY))
        on = settings.value(SETTING_VIOLATIONS_ONLY, False) in (True, "true", "1", 1)
        if on and self.service is not None:
            self.violations_action.setChecked(True)

    def set_display_zone(self, zone: str) -> None:
        self.display_zone = zone
        self.bar.set_display_zone(zone)
        self.week.set_display_zone(zone)
        self.model.retranslate()
        self._current_changed()

    def new_record(self) -> EventEditor | None:
        """Open the editor for a new event (customer and type from the filter)."""
        if self.service is None:
            return None
        filters = self.bar.query().filters
        defaults = {
            "customer_id": filters.get("customer_id"),
            "type": parse_choice(MaintenanceType, filters.get("type")),
        }
        return self._open_editor(None, defaults)

    def edit_selected(self) -> EventEditor | None:
        row = self.current_row()
        return self.edit_record(int(row["id"])) if row is not None else None

    def edit_record(self, event_id: int) -> EventEditor | None:
        if self.service is None:
            return None
        return self._open_editor(event_id, None)

    def delete_selected(self) -> QMessageBox | None:
        """Ask, then delete the selected event (with its row version)."""
        row = self.current_row()
        if row is None or self.service is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Delete event"),
            _(
                "Delete this maintenance event of {customer} ({type})? This cannot be undone."
            ).format(
                type=getattr(row.get("type"), "label", ""), customer=row.get("customer") or ""
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(
            lambda _r: self._delete_confirmed(box, int(row["id"]), row.get("row_version"))
        )
        self.confirm_box = box
        box.open()
        return box

    def focus_filter(self) -> None:
        self.bar.focus_search()

    def select_record(self, event_id: int) -> bool:
        """Select an event in the list and show its week (the Overview's navigation).

        When the event is not among the rows loaded under the current filter, a
        few more pages are loaded; failing that the filter is narrowed to the
        event's day.
        """
        if self.service is None:
            return False
        if self.view.select_id(event_id):
            return True
        for _page in range(SELECT_PAGES):
            if not self.model.canFetchMore():
                break
            self.model.fetchMore()
            if self.view.select_id(event_id):
                return True
        row = self.service.get(event_id)
        if row is None:
            return False
        if self.violations_only:  # the event may break no rule: show every event
            self.violations_action.setChecked(False)
        day = row["start"].astimezone(zone(self.display_zone)).date().isoformat()
        combos = dict.fromkeys(self.bar.combos)
        self.bar.restore_state({"text": "", "combos": combos, "from": day, "to": day})
        return self.view.select_id(event_id)

    # ------------------------------------------------------------ selection

    def current_row(self) -> dict[str, Any] | None:
        """The selected event (the current one when several are selected)."""
        ids = self.view.selected_ids()
        if not ids:
            return None
        current = self.view.current_id()
        position = self.model.row_of_id(current if current in ids else ids[0])
        row = self.model.row_data(position) if position is not None else None
        return dict(row) if row is not None else None

    def _current_changed(self) -> None:
        row = self.current_row()
        has_row = row is not None and self.service is not None
        self.edit_action.setEnabled(has_row)
        self.delete_action.setEnabled(has_row)
        self.new_action.setEnabled(self.service is not None)
        if not has_row:
            self.reschedule_action.setEnabled(False)
            self.details.setText(_("Select an event to see its details and checks."))
            self.week.select_event(None)
            if self._shaded_customer != self._blackout_customer():
                self.week.reload()
            return
        assert row is not None and self.service is not None
        event = self.service.event_from_row(row)
        refusal = reschedule_refusal(event, self.service.reference)
        self.reschedule_action.setEnabled(refusal is None)
        self.reschedule_action.setToolTip(
            refusal or _("Ask the provider for another date (MAINT-6)")
        )
        self.details.setText(event_details_html(self.service, row, self.display_zone))
        shown_week = self.week.week_start()
        self.week.show_event(int(row["id"]), row["start"])
        if (
            self._blackout_customer() != self._shaded_customer
            and self.week.week_start() == shown_week
        ):
            self.week.reload()  # same week, another customer's blackout days

    def _week_clicked(self, event_id: int) -> None:
        self.select_record(event_id)

    def _update_count(self) -> None:
        total = self.model.total_count()
        if self._check_error:
            text = _("The events could not be checked: {error}").format(error=self._check_error)
        elif self._check_progress is not None:
            done, of = self._check_progress
            text = _("Checking events for rule violations… {done} of {total}").format(
                done=format_number(done), total=format_number(of)
            )
        elif self.violations_only:
            text = ngettext(
                "{count} event breaks a rule", "{count} events break a rule", total
            ).format(count=format_number(total))
        else:
            text = ngettext("{count} event", "{count} events", total).format(
                count=format_number(total)
            )
        self.count_label.setText(text)

    # ------------------------------------------------------------ filter and week

    def _fill_customers(self) -> None:
        if self.service is not None:
            customers = self.service.customers().values()
            self.bar.set_customers([(c.id, c.name) for c in customers])

    def _query_changed(self, query: ListQuery) -> None:
        if self.violations_only:
            self._check_violations()
            return
        self.model.set_query(query)
        self._update_regions()
        self.week.reload()
        self._current_changed()

    def visible_regions(self) -> list[RegionRef]:
        """The regions whose windows the week view draws: the filter's, else the customer's."""
        if self.service is None:
            return []
        return regions_for_filter(self.service, self.bar.query().filters)

    def _update_regions(self) -> None:
        self.week.set_regions(self.visible_regions())

    def _blackout_customer(self) -> int | None:
        """MAINT-11: whose blackout days the week shades: the filter's customer, else the
        selected event's (all customers' at once would cover every week)."""
        customer_id = self.bar.query().filters.get("customer_id")
        if customer_id is None:
            row = self.current_row()
            customer_id = row.get("customer_id") if row is not None else None
        return customer_id

    def _week_data(self, start: datetime, end: datetime) -> WeekData:
        if self.service is None:
            return WeekData()
        self._shaded_customer = self._blackout_customer()
        # The list's query: the filter, narrowed to the violating events when asked.
        return week_data(
            self.service, self.model.query, self.display_zone, self._shaded_customer, start, end
        )

    # ------------------------------------------------------------ dialogs

    def _open_editor(self, event_id: int | None, defaults: dict[str, Any] | None) -> EventEditor:
        assert self.service is not None
        if self.editor is not None:
            self.editor.close()
        from di_desk.ui.dialogs.event_editor import EventEditor

        editor = EventEditor(
            self.service, self.display_zone, event_id, defaults=defaults, parent=self
        )
        editor.saved.connect(self._saved)
        editor.finished.connect(lambda _r: self._editor_closed(editor))
        self.editor = editor
        editor.open()
        return editor

    def _editor_closed(self, editor: EventEditor) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()

    def draft_reschedule(self) -> RescheduleDialog | None:
        """MAINT-6 for the selected event; not offered for emergency or urgent ones (MAINT-7)."""
        row = self.current_row()
        if row is None or self.service is None:
            return None
        event = self.service.event_from_row(row)
        if reschedule_refusal(event, self.service.reference) is not None:
            return None
        from di_desk.ui.dialogs.reschedule import RescheduleDialog

        dialog = RescheduleDialog(self.service, int(row["id"]), event, row["customer_id"], self)
        dialog.finished.connect(lambda _r: self._reschedule_closed(dialog))
        self.reschedule_dialog = dialog
        dialog.open()
        return dialog

    def _reschedule_closed(self, dialog: RescheduleDialog) -> None:
        if self.reschedule_dialog is dialog:
            self.reschedule_dialog = None  # a language switch no longer reaches it
        dialog.deleteLater()

    def _saved(self, event_id: int) -> None:
        self.model.refresh()
        self.week.reload()
        self.select_record(event_id)
        self._current_changed()
        if self.violations_only:
            self._check_violations()  # the edit may have mended or broken a rule
        self._announce()

    def _delete_confirmed(self, box: QMessageBox, event_id: int, version: int | None) -> None:
        self.confirm_box = None
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
            return
        assert self.service is not None
        try:
            self.service.delete(event_id, version)
        except (StaleEdit, RowNotFound) as exc:
            warning = QMessageBox(
                QMessageBox.Icon.Warning, _("Delete event"), str(exc), parent=self
            )
            warning.open()
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        self._announcing = True
        try:
            self.context.events.data_changed.emit(KEY)
        finally:
            self._announcing = False

    def _data_changed(self, kind: str) -> None:
        if not self._announcing and kind in ("", KEY, "customers", "reference"):
            self.refresh()
