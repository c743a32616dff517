"""The two lists of the Releases tab: installed applications (REL-6) and upgrade
plans (REL-4, REL-5).

Both are lazy lists over a row source. The applications' position, status and
target derive from the train (``services.releases.installed_status``); the
status filter becomes ``version IN (…)`` of the versions with that status
(:func:`~di_desk.services.releases.versions_with_status`), so SQL still filters.
A plan's Violations badges come from the domain's ``check_event`` (an upgrade is
maintenance of type application upgrade: MAINT-2/3/5/11), run through
:meth:`~di_desk.services.upgrades.PlanRules.check` for the rows a view paints and
cached by ``(id, row_version, language)``, as on the Maintenance tab.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from di_desk.domain.enums import Application
from di_desk.domain.maintenance import EventCheck
from di_desk.domain.reference import ReferenceData, ReleaseTrain
from di_desk.domain.releases import ReleaseStatus
from di_desk.domain.timeutil import zone as tz
from di_desk.domain.upgrades import UpgradeTrigger
from di_desk.i18n import N_, _, current_language, ngettext
from di_desk.i18n.formatting import (
    format_date,
    format_datetime,
    format_duration,
    format_number,
    format_time,
)
from di_desk.services.listing import ListQuery
from di_desk.services.releases import installed_status, status_counts, versions_with_status
from di_desk.services.upgrades import PlanRules, PlanTiming
from di_desk.storage.sources import ApplicationSource
from di_desk.storage.upgrade_source import UpgradePlanSource
from di_desk.ui.filter_bar import CUSTOMER, STATUS, FilterBar, FilterSpec
from di_desk.ui.models.lazy_table import CENTER, Column, LazyTableModel, Row
from di_desk.ui.qt import QColor, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, Signal
from di_desk.ui.table_view import LazyTableView
from di_desk.ui.tabs.maintenance_columns import unique_rules, violations_tooltip
from di_desk.ui.tabs.releases_widgets import WARNING_TEXT, status_background, status_foreground
from di_desk.ui.widgets.badges import BadgeDelegate, StatusBadgeDelegate

APPLICATION = FilterSpec("application", N_("Application"), N_("All applications"))
TRIGGER = FilterSpec("trigger", N_("Trigger"), N_("All triggers"))
STATE = FilterSpec("completed", N_("State"), N_("Open and completed"))


def _status_of(train: Callable[[], ReleaseTrain]) -> Callable[[Row], Any]:
    return lambda row: installed_status(row.get("version"), train())


def application_columns(train: Callable[[], ReleaseTrain]) -> tuple[Column, ...]:
    """REL-6: customer, cluster, application, installed version, position, status, target."""
    status = _status_of(train)
    return (
        Column("customer", N_("Customer"), width=220),
        Column("cluster", N_("Cluster"), width=150),
        Column("kind", N_("Application"), sort_key="application", width=150),
        Column("version", N_("Installed version"), width=150),
        Column(
            "position",
            N_("Position"),
            formatter=lambda _v, row: status(row).position or "—",
            sortable=False,
            alignment=CENTER,
            width=80,
            tooltip=N_("Place on the release train: n, n-1, n-2, or — when on no row"),
        ),
        Column(
            "status",
            N_("Status"),
            formatter=lambda _v, row: status(row).status.label,
            background=lambda _v, row: status_background(status(row).status),
            foreground=lambda _v, row: status_foreground(status(row).status),
            sortable=False,
            width=150,
        ),
        Column(
            "target", N_("Target"), formatter=lambda _v, row: status(row).target, sortable=False
        ),
    )


class AppsPage(QWidget):
    """REL-6: every installed application with its train position, status and target."""

    plan_requested = Signal(int)  # application id

    def __init__(self, db: Any, train: Callable[[], ReleaseTrain], parent=None) -> None:
        super().__init__(parent)
        self._db = db
        self._train = train
        self.bar = FilterBar(combos=(CUSTOMER, STATUS, APPLICATION), dates=False, parent=self)
        self.bar.setObjectName("releases_apps_filter")
        self.bar.set_choices(STATUS.key, [(s.value, lambda s=s: s.label) for s in ReleaseStatus])
        self.bar.set_choices(APPLICATION.key, [(a.value, lambda a=a: a.label) for a in Application])
        self.model = LazyTableModel(ApplicationSource(db), application_columns(train), parent=self)
        self.view = LazyTableView(self.model, state_key="releases_applications", parent=self)
        self.view.setItemDelegateForColumn(
            self.model.column_index("status"), StatusBadgeDelegate(self)
        )
        self.summary = QLabel(self)
        self.summary.setObjectName("releases_status_summary")
        self.count = QLabel(self)
        self.plan_button = QPushButton(self)
        self.plan_button.setObjectName("plan_upgrade")
        self.plan_button.clicked.connect(self._plan)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.count)
        row.addWidget(self.plan_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.bar)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.bar.query_changed.connect(self.apply_query)
        self.model.total_changed.connect(lambda _n: self._update_count())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.view.id_activated.connect(self.plan_requested)
        self.retranslate()
        self.update_summary()

    def sql_query(self, query: ListQuery) -> ListQuery:
        """The bar's query with the status filter as ``version IN (…)`` (SQL-side, REL-6)."""
        filters = dict(query.filters)
        status = filters.pop(STATUS.key, None)
        if status is not None:
            filters["version"] = versions_with_status(self._db, self._train(), {status})
        return replace(query, filters=filters)

    def apply_query(self, query: ListQuery | None = None) -> None:
        self.model.set_query(self.sql_query(query or self.bar.query()))

    def refresh(self) -> None:
        """After a train change or an import: statuses, versions per status and rows."""
        self.apply_query()
        self.model.refresh()
        self.update_summary()

    def update_summary(self) -> None:
        counts = status_counts(self._db, self._train())
        parts = [
            _("{status}: {count}").format(status=s.label, count=format_number(counts.get(s, 0)))
            for s in ReleaseStatus
        ]
        self.summary.setText(_("All customers — {counts}").format(counts=" · ".join(parts)))

    def retranslate(self) -> None:
        self.bar.retranslate()
        self.model.retranslate()
        self.plan_button.setText(_("Plan upgrade…"))
        self.plan_button.setToolTip(_("Plan an upgrade of the selected application (REL-4)."))
        self.update_summary()
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        n = self.model.total_count()
        self.count.setText(
            ngettext("{n} application", "{n} applications", n).format(n=format_number(n))
        )

    def _update_buttons(self) -> None:
        self.plan_button.setEnabled(len(self.view.selected_ids()) == 1)

    def _plan(self) -> None:
        ids = self.view.selected_ids()
        if ids:
            self.plan_requested.emit(ids[0])


class PlansPage(QWidget):
    """REL-4/5: upgrade plans with their violations (MAINT-3…), start (display and region
    zone), end, trigger, notice, reschedules."""

    new_requested = Signal()
    reschedule_requested = Signal(int)
    record_requested = Signal(int)
    selection_changed = Signal()

    def __init__(
        self,
        db: Any,
        reference: Callable[[], ReferenceData],
        display_zone: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._reference = reference
        self._zone = display_zone
        self._timings: dict[tuple[Any, ...], PlanTiming] = {}
        self._checks: dict[tuple[Any, ...], EventCheck | None] = {}
        self._rules: PlanRules | None = None
        self.bar = FilterBar(
            combos=(CUSTOMER, TRIGGER, STATE), display_zone=display_zone(), parent=self
        )
        self.bar.setObjectName("releases_plans_filter")
        self.bar.set_choices(TRIGGER.key, [(t.value, lambda t=t: t.label) for t in UpgradeTrigger])
        self.bar.set_choices(STATE.key, [(False, N_("Open")), (True, N_("Completed"))])
        self.model = LazyTableModel(UpgradePlanSource(db), self._columns(), parent=self)
        # "_2": the Violations and End columns came in between; older saved widths would shift
        self.view = LazyTableView(self.model, state_key="releases_plans_2", parent=self)
        self.view.setItemDelegateForColumn(
            self.model.column_index("violations"), BadgeDelegate(self.view)
        )
        self.detail = QLabel(self)
        self.detail.setObjectName("plan_detail")
        self.detail.setWordWrap(True)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("new_upgrade_plan")
        self.reschedule_button = QPushButton(self)
        self.reschedule_button.setObjectName("reschedule_upgrade")
        self.record_button = QPushButton(self)
        self.record_button.setObjectName("record_upgrade")
        self.new_button.clicked.connect(self.new_requested)
        self.reschedule_button.clicked.connect(lambda: self._emit(self.reschedule_requested))
        self.record_button.clicked.connect(lambda: self._emit(self.record_requested))
        buttons = QHBoxLayout()
        buttons.addWidget(self.detail, 1)
        for button in (self.new_button, self.reschedule_button, self.record_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self.bar.query_changed.connect(self.model.set_query)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.view.id_activated.connect(self.reschedule_requested)
        self.retranslate()

    # ---------------------------------------------------------------- API

    def selected_row(self) -> Mapping[str, Any] | None:
        ids = self.view.selected_ids()
        if len(ids) != 1:
            return None
        row = self.model.row_of_id(ids[0])
        return None if row is None else self.model.row_data(row)

    def rules(self) -> PlanRules:
        """The rules with the reference in force (renewed by :meth:`refresh`)."""
        if self._rules is None:
            self._rules = PlanRules(self._reference(), self._db)
        return self._rules

    def timing(self, row: Mapping[str, Any]) -> PlanTiming:
        """MAINT-5/REL-5 facts of a plan row (cached per stored version of the row)."""
        key = (row.get("id"), row.get("row_version"), row.get("scheduled_start"))
        timing = self._timings.get(key)
        if timing is None:
            timing = self.rules().timing(row)
            self._timings[key] = timing
        return timing

    def check(self, row: Mapping[str, Any]) -> EventCheck | None:
        """The domain's maintenance check of a plan row (MAINT-2/3/5/11), cached by
        stored version and language (its messages are in the language of the check)."""
        key = (row.get("id"), row.get("row_version"), current_language())
        if key not in self._checks:
            if len(self._checks) > 4000:
                self._checks.clear()
            self._checks[key] = self.rules().check(row)
        return self._checks[key]

    def refresh(self) -> None:
        self._timings.clear()
        self._checks.clear()
        self._rules = None
        self.model.refresh()
        self._selected()

    def set_display_zone(self, zone: str) -> None:
        self.bar.set_display_zone(zone)
        self.model.retranslate()
        self._selected()

    def retranslate(self) -> None:
        self.bar.retranslate()
        self.model.retranslate()
        self.new_button.setText(_("New upgrade plan…"))
        self.reschedule_button.setText(_("Reschedule…"))
        self.reschedule_button.setToolTip(
            _("Once per upgrade, until 7 days before it starts (REL-5).")
        )
        self.record_button.setText(_("Record successful upgrade"))
        self.record_button.setToolTip(
            _("The provider reported the upgrade done: the installed version becomes the target.")
        )
        self._selected()

    # ----------------------------------------------------------- internals

    def _emit(self, signal: Any) -> None:
        row = self.selected_row()
        if row is not None:
            signal.emit(row["id"])

    def _selected(self) -> None:
        row = self.selected_row()
        open_plan = row is not None and row.get("completed_at") is None
        self.reschedule_button.setEnabled(open_plan)
        self.record_button.setEnabled(open_plan)
        self.selection_changed.emit()

    def _start(self, value: Any, row: Row) -> str:
        return format_datetime(value, self._zone(), show_zone=True) if value else ""

    def _violations(self, _value: Any, row: Row) -> str:
        check = self.check(row)
        return " ".join(unique_rules(check)) if check is not None else ""

    def _violations_tip(self, _value: Any, row: Row) -> str | None:
        check = self.check(row)
        return violations_tooltip(check) if check is not None else None

    def _region_end(self, _value: Any, row: Row) -> str:
        zone, start = self.timing(row).zone, row.get("scheduled_start")
        end = self.rules().end(row)
        if zone is None or start is None or end is None:
            return ""
        if start.astimezone(tz(zone)).date() == end.astimezone(tz(zone)).date():
            return format_time(end, zone, show_zone=True)
        return format_datetime(end, zone, show_zone=True)

    def _end_tip(self, _value: Any, row: Row) -> str | None:
        if row.get("scheduled_start") is None:
            return None
        if row.get("scheduled_end") is not None:
            return self.timing(row).zone
        return _(
            "No end entered: the start plus the default length of an upgrade ({duration}, "
            "reference data)."
        ).format(duration=format_duration(self._reference().upgrade_default_duration))

    def _region_start(self, _value: Any, row: Row) -> str:
        zone = self.timing(row).zone
        start = row.get("scheduled_start")
        return format_datetime(start, zone, show_zone=True) if start and zone else ""

    def _notice_due(self, _value: Any, row: Row) -> str:
        due = self.timing(row).notice_due
        return format_date(due) if due else ""

    def _notice_tip(self, _value: Any, row: Row) -> str | None:
        timing = self.timing(row)
        if timing.notice_problem:
            return timing.notice_problem
        days = self._reference().notice_business_days
        return ngettext(
            "Written notice is due {days} business day before the upgrade (MAINT-5); "
            "dates in the region's zone ({zone}).",
            "Written notice is due {days} business days before the upgrade (MAINT-5); "
            "dates in the region's zone ({zone}).",
            days,
        ).format(days=days, zone=timing.zone or "—")

    def _columns(self) -> tuple[Column, ...]:
        def trigger_label(value: Any, _row: Row) -> str:
            try:
                return UpgradeTrigger.parse(str(value)).label
            except ValueError:
                return str(value or "")

        return (
            Column("customer", N_("Customer"), width=190),
            Column("cluster", N_("Cluster"), width=120),
            Column("application", N_("Application"), width=120),
            Column("version", N_("Installed"), width=85),
            Column("target", N_("Target"), width=85),
            Column("violations", N_("Violations"), formatter=self._violations,
                   cell_tooltip=self._violations_tip, sortable=False, width=150,
                   tooltip=N_("The rules this upgrade breaks (one weekday window of the "
                              "cluster's region, notice, blackouts); hover for the details")),
            Column("scheduled_start", N_("Start"), formatter=self._start, width=165,
                   tooltip=N_("In your display zone")),
            Column("region_start", N_("Start (region)"), formatter=self._region_start,
                   sortable=False, width=165, tooltip=N_("In the zone of the cluster's region"),
                   cell_tooltip=lambda _v, row: self.timing(row).zone),
            Column("scheduled_end", N_("End (region)"), formatter=self._region_end,
                   sortable=False, width=165, tooltip=N_("In the zone of the cluster's region"),
                   cell_tooltip=self._end_tip),
            Column("trigger", N_("Trigger"), formatter=trigger_label, width=190,
                   cell_tooltip=trigger_label),
            Column("notice_due", N_("Notice due"), formatter=self._notice_due, sortable=False,
                   width=110, cell_tooltip=self._notice_tip,
                   foreground=lambda _v, row: QColor(WARNING_TEXT)
                   if self.timing(row).notice_problem else None),
            Column("notice_sent", N_("Notice sent"),
                   formatter=lambda v, _row: format_date(v) if v else "", width=110),
            Column("reschedule_count", N_("Reschedules"), alignment=CENTER, width=95,
                   formatter=lambda v, _row: _("{count} of {limit}").format(
                       count=v or 0, limit=self._reference().upgrade_max_reschedules)),
            Column("completed_at", N_("Completed"), formatter=self._start),
        )  # fmt: skip
