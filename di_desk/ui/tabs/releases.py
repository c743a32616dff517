"""The Releases tab (key ``releases``): the release train, installed applications
and upgrade plans (REL-2..6).

Top: the train as an editable table with the policy note beside it
(:mod:`~di_desk.ui.tabs.releases_train`) and "Announce release…"
(:mod:`~di_desk.ui.tabs.releases_announce`). Below, two pages: every
installed application with its position, status and target, and the upgrade
plans with Reschedule… / Record successful upgrade / New upgrade plan…
(:mod:`~di_desk.ui.tabs.releases_lists`,
:mod:`~di_desk.ui.tabs.releases_plan_dialogs`). The use cases are in
:mod:`di_desk.services.releases` and :mod:`di_desk.services.upgrades`.

``select_record(application_id)`` shows one installed application (Overview
navigation).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from di_desk.domain.reference import ReleaseTrain
from di_desk.i18n import _
from di_desk.services.releases import (
    TrainChanged,
    apply_announcement,
    customer_of_application,
    edit_train_row,
    installed_base,
    preview_announcement,
    set_upgrade_target,
)
from di_desk.services.upgrades import (
    PlanRules,
    application_choices,
    create_plan,
    customer_choices,
    last_moment,
    record_plan_done,
    reschedule_plan,
    reschedule_precheck,
)
from di_desk.services.user import current_user
from di_desk.storage import load_reference
from di_desk.storage.errors import StaleEdit
from di_desk.ui.filter_bar import CUSTOMER, FilterBar
from di_desk.ui.qt import (
    QLabel,
    QMessageBox,
    QSplitter,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    is_valid_qobject,
)
from di_desk.ui.settings import Settings
from di_desk.ui.tabs.base import TabContext
from di_desk.ui.tabs.releases_announce import AnnounceDialog
from di_desk.ui.tabs.releases_lists import STATE, AppsPage, PlansPage
from di_desk.ui.tabs.releases_plan_dialogs import NewPlanDialog, RescheduleDialog
from di_desk.ui.tabs.releases_train import TrainPanel

KEY = "releases"
APPS_PAGE, PLANS_PAGE = 0, 1


def make_tab(context: TabContext) -> QWidget:
    return ReleasesTab(context)


class ReleasesTab(QWidget):
    """REL-2..6 in one tab; see the module docstring."""

    def __init__(self, context: TabContext, *, who: str | None = None) -> None:
        super().__init__()
        self.setObjectName("tab_releases")
        self.context = context
        self.db = context.db
        self.who = who or current_user()
        self._zone = context.display_zone
        self._emitting = False
        #: the dialog or message box opened last (tests and screenshots look at it)
        self.dialog: Any = None
        layout = QVBoxLayout(self)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if self.db is None:
            layout.addWidget(self.empty)
            self.retranslate()
            return
        self.empty.hide()
        self.reference = load_reference(self.db)
        self.train_panel = TrainPanel(self.train, self._commit_cell, self._set_target, self)
        self.train_panel.announce_requested.connect(self.announce)
        self.apps = AppsPage(self.db, lambda: self.train, self)
        self.plans = PlansPage(self.db, lambda: self.reference, lambda: self._zone, self)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("releases_pages")
        self.pages.addTab(self.apps, "")
        self.pages.addTab(self.plans, "")
        self.status = QLabel(self.pages)
        self.status.setObjectName("releases_status")
        self.pages.setCornerWidget(self.status, Qt.Corner.TopRightCorner)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.train_panel)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter)
        self._fill_customers()
        self.apps.plan_requested.connect(self.new_plan)
        self.plans.new_requested.connect(self.new_record)
        self.plans.reschedule_requested.connect(self.reschedule)
        self.plans.record_requested.connect(self.record_upgrade)
        self.plans.selection_changed.connect(self._plan_selected)
        context.events.data_changed.connect(self._data_changed)
        self.retranslate()

    @property
    def train(self) -> ReleaseTrain:
        return self.reference.train

    # ------------------------------------------------------- window API

    def retranslate(self) -> None:
        self.empty.setText(_("Open or create a database to see the release train."))
        if self.db is None:
            return
        self.train_panel.retranslate()
        self.apps.retranslate()
        self.plans.retranslate()
        self.pages.setTabText(APPS_PAGE, _("Installed applications"))
        self.pages.setTabText(PLANS_PAGE, _("Upgrade plans"))
        dialog = self.dialog  # an open dialog follows the switch
        if dialog is not None and is_valid_qobject(dialog) and hasattr(dialog, "retranslate"):
            dialog.retranslate()

    def refresh(self) -> None:
        """F5: re-read the train (another window may have changed it) and both lists."""
        if self.db is None:
            return
        self.reference = load_reference(self.db)
        self.train_panel.set_train(self.train)
        self._fill_customers()
        self.apps.refresh()
        self.plans.refresh()

    def save_state(self, settings: Settings) -> None:
        if self.db is None:
            return
        self.apps.view.save_state(settings)
        self.plans.view.save_state(settings)
        settings.set_last_filters("releases_applications", self.apps.bar.state())
        settings.set_last_filters("releases_plans", self.plans.bar.state())
        settings.set_splitter_state(KEY, self.splitter.saveState())
        settings.set_value("releases/page", self.pages.currentIndex())

    def restore_state(self, settings: Settings) -> None:
        if self.db is None:
            return
        self.apps.view.restore_state(settings)
        self.plans.view.restore_state(settings)
        self.apps.bar.restore_state(settings.last_filters("releases_applications"))
        plans = settings.last_filters("releases_plans")
        if plans:
            self.plans.bar.restore_state(plans)
        else:  # first time: the plans still to do
            self.plans.bar.combos[STATE.key].set_value(False)
        state = settings.splitter_state(KEY)
        if state:
            self.splitter.restoreState(state)
        with contextlib.suppress(TypeError, ValueError):
            self.pages.setCurrentIndex(int(settings.value("releases/page", APPS_PAGE)))

    def set_display_zone(self, zone: str) -> None:
        self._zone = zone
        if self.db is not None:
            self.plans.set_display_zone(zone)

    def focus_filter(self) -> None:
        if self.db is not None:
            self._current_bar().focus_search()

    def new_record(self) -> None:
        """Ctrl+N: a new upgrade plan."""
        self.new_plan(None)

    def select_record(self, record_id: int) -> bool:
        """Show installed application ``record_id`` (``application.id``)."""
        if self.db is None:
            return False
        customer_id = customer_of_application(self.db, record_id)
        if customer_id is None:
            return False
        self.pages.setCurrentIndex(APPS_PAGE)
        model, view = self.apps.model, self.apps.view
        if model.row_of_id(record_id) is None:
            self.apps.bar.clear()
            self.apps.bar.combos[CUSTOMER.key].set_value(customer_id)
            while model.row_of_id(record_id) is None and model.canFetchMore():
                model.fetchMore()
        found = view.select_id(record_id)
        if found:
            view.setFocus()
        return found

    # --------------------------------------------------------- the train

    def _commit_cell(self, row: int, field: str, value: Any) -> None:
        """REL-2: one cell of the train (TrainModel); ValueError refuses it at the cell."""
        self._save_train(lambda: edit_train_row(self.db, self.train, row, field, value, self.who))

    def _set_target(self, text: str) -> None:
        self._save_train(lambda: set_upgrade_target(self.db, self.train, text, self.who))

    def _save_train(self, save: Callable[[], ReleaseTrain]) -> None:
        try:
            save()
        except TrainChanged:
            self._train_changed()
            raise
        self._train_changed()
        self.train_panel.show_error("")
        self.status.setText(_("Release train saved."))

    def _train_changed(self) -> None:
        self.reference = load_reference(self.db)
        self.train_panel.set_train(self.train)
        self.apps.refresh()
        self._tell_others()

    def announce(self) -> AnnounceDialog:
        """REL-3: ask the new release, preview who is affected, shift the train on OK."""
        train = self.train
        base: list[Any] = []  # the installed base, read once per dialog

        def preview(name: str, versions: str, target: str) -> Any:
            if not base:
                base.append(installed_base(self.db))
            return preview_announcement(self.db, train, name, versions, target, base[0])

        dialog = AnnounceDialog(train, preview, self)
        dialog.accepted.connect(lambda: self._announced(train, dialog))
        self._open(dialog)
        return dialog

    def _announced(self, train: ReleaseTrain, dialog: AnnounceDialog) -> None:
        if dialog.announcement is None:
            return
        try:
            apply_announcement(self.db, train, dialog.announcement, self.who)
        except (TrainChanged, ValueError) as exc:
            self._train_changed()
            self._warn(_("Announce release"), str(exc))
            return
        self._train_changed()
        self.pages.setCurrentIndex(APPS_PAGE)
        n_row = next((r for r in self.train.rows if r.position == "n"), None)
        self.status.setText(
            _("{release} announced; every status follows the new train.").format(
                release=n_row.release if n_row else ""
            )
        )

    # ----------------------------------------------------- upgrade plans

    def new_plan(self, application_id: int | None = None) -> NewPlanDialog | None:
        """REL-4: plan an upgrade (of ``application_id`` when given)."""
        if self.db is None:
            return None
        rules = PlanRules(self.reference, self.db)
        created: list[dict[str, Any]] = []

        def submit(
            app_id: int, target: str, trigger: Any, start: Any, tac_case: str = "", end: Any = None
        ) -> None:
            created.append(
                create_plan(
                    self.db, app_id, target, trigger, start, self.who, tac_case=tac_case, end=end
                )
            )

        def first_window(app: dict[str, Any], after: Any) -> Any:
            windows = rules.alternatives(app, after, after, None, 1)
            return windows[0] if windows else None

        dialog = NewPlanDialog(
            customer_choices(self.db),
            lambda cid: application_choices(self.db, cid),
            {
                "reference": self.reference,
                "train": self.train,
                "display_zone": self._zone,
                "now": self.context.now(),
                "timing": rules.timing,
                "check": rules.check,
                "first_window": first_window,
            },
            submit,
            self,
            application_id=application_id,
        )
        dialog.accepted.connect(lambda: self._plan_saved(created[-1]["id"] if created else None))
        self._open(dialog)
        return dialog

    def _plan_saved(self, plan_id: int | None) -> None:
        self.pages.setCurrentIndex(PLANS_PAGE)
        self.plans.refresh()
        if plan_id is not None and not self.plans.view.select_id(plan_id):
            self.plans.bar.clear()
            self.plans.view.select_id(plan_id)
        rules = self._selected_rules()
        self.status.setText(
            _("Upgrade plan saved; it breaks {rules} (see Violations).").format(rules=rules)
            if rules
            else _("Upgrade plan saved.")
        )
        self._tell_others()

    def _selected_rules(self) -> str:
        """The rule ids the selected plan breaks, as the Violations column shows them."""
        row = self.plans.selected_row()
        check = self.plans.check(row) if row is not None else None
        return ", ".join(dict.fromkeys(check.rule_ids)) if check is not None else ""

    def reschedule(self, plan_id: int) -> RescheduleDialog | None:
        """REL-5: once, until 7 days before; a refusal is said at once."""
        now = self.context.now()
        refused = reschedule_precheck(self.db, plan_id, now, self.reference, self._zone)
        if refused is not None:
            self._warn(_("Reschedule upgrade"), str(refused))
            return None
        row = self._plan_row(plan_id)
        if row is None:
            return None
        rules = self.plans.rules()

        def submit(new_start: Any, reason: str, new_end: Any = None) -> None:
            reschedule_plan(
                self.db, plan_id, row["row_version"], new_start, reason, self.context.now(),
                self.reference, self.who, display_zone=self._zone, new_end=new_end,
            )  # fmt: skip

        end = rules.end(row)
        dialog = RescheduleDialog(
            row,
            self.plans.timing(row).zone or "UTC",
            self._zone,
            last_moment(row, self.reference),
            submit,
            self,
            check=lambda start, finish: rules.check(row, start, finish),
            proposals=rules.alternatives(row, max(now, end or now), count=3),
            end=end,
        )
        dialog.accepted.connect(self._rescheduled)
        self._open(dialog)
        return dialog

    def _rescheduled(self) -> None:
        self._plan_changed(_("Upgrade rescheduled."))
        rules = self._selected_rules()
        if rules:
            self.status.setText(
                _("Upgrade rescheduled; it breaks {rules} (see Violations).").format(rules=rules)
            )

    def record_upgrade(self, plan_id: int) -> QMessageBox | None:
        """REL-5: after a confirmation, complete the plan and update the installed version."""
        row = self._plan_row(plan_id)
        if row is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Record successful upgrade"),
            _(
                "Record that the provider upgraded {application} on {cluster} ({customer}) "
                "to {target}? The installed version becomes {target}."
            ).format(
                application=getattr(row.get("application"), "label", row.get("application")),
                cluster=row.get("cluster") or "—",
                customer=row.get("customer") or "",
                target=row.get("target"),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("record_upgrade_box")
        box.accepted.connect(lambda: self._record(plan_id, row["row_version"]))
        self._open(box)
        return box

    def _record(self, plan_id: int, version: int) -> None:
        try:
            done = record_plan_done(self.db, plan_id, version, self.context.now(), self.who)
        except StaleEdit:
            self.plans.refresh()
            self._warn(
                _("Record successful upgrade"),
                _("This upgrade plan was changed elsewhere in the meantime; it has been reloaded."),
            )
            return
        except ValueError as exc:
            self._warn(_("Record successful upgrade"), str(exc))
            return
        self.apps.refresh()
        self._plan_changed(
            _("Upgrade recorded: {application} now runs {version}.").format(
                application=done.installed.application.label, version=done.installed.version
            )
        )

    def _plan_changed(self, message: str) -> None:
        self.plans.refresh()
        self.status.setText(message)
        self._tell_others()

    def _plan_row(self, plan_id: int) -> dict[str, Any] | None:
        row = self.plans.model.row_of_id(plan_id)
        data = None if row is None else self.plans.model.row_data(row)
        if data is None:
            self._warn(_("Upgrade plans"), _("This upgrade plan no longer exists."))
            self.plans.refresh()
        return None if data is None else dict(data)

    def _plan_selected(self) -> None:
        row = self.plans.selected_row()
        if row is None:
            self.plans.detail.setText("")
            return
        refused = reschedule_precheck(
            self.db, row["id"], self.context.now(), self.reference, self._zone
        )
        self.plans.detail.setText(
            str(refused)
            if refused is not None
            else _("A reschedule may be asked until {last}.").format(
                last=_format_moment(last_moment(row, self.reference), self._zone)
            )
        )

    # ------------------------------------------------------------ helpers

    def _fill_customers(self) -> None:
        customers = customer_choices(self.db)
        self.apps.bar.set_customers(customers)
        self.plans.bar.set_customers(customers)

    def _current_bar(self) -> FilterBar:
        return self.plans.bar if self.pages.currentIndex() == PLANS_PAGE else self.apps.bar

    def _tell_others(self) -> None:
        self._emitting = True
        try:
            self.context.events.data_changed.emit(KEY)
        finally:
            self._emitting = False

    def _data_changed(self, kind: str) -> None:
        if not self._emitting and kind != KEY:
            self.refresh()

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def _warn(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("releases_message")
        self._open(box)
        return box


def _format_moment(value: Any, zone: str) -> str:
    from di_desk.i18n.formatting import format_datetime

    return format_datetime(value, zone, show_zone=True) if value is not None else "—"
