"""Dialogs for upgrade plans: Reschedule… (REL-5) and a new plan (REL-4).

Both take wall-clock input in the zone of the cluster's region (TIME-2,
:class:`~di_desk.ui.widgets.zoned_datetime.ZonedDateTimeEdit`) and save
through :mod:`di_desk.services.upgrades`; a refusal (second reschedule, too
late, no reason, a stale row…) is shown in the dialog, which stays open with
everything typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time, timedelta
from typing import Any

from di_desk.domain.releases import Version
from di_desk.domain.timeutil import localize, zone
from di_desk.domain.upgrades import UpgradeTrigger, below_n_minus_1
from di_desk.i18n import _, ngettext
from di_desk.i18n.formatting import format_date, format_datetime
from di_desk.services.upgrades import PlanTiming
from di_desk.storage.errors import StaleEdit
from di_desk.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.tabs.releases_widgets import WARNING_TEXT
from di_desk.ui.widgets.zoned_datetime import ZonedDateTimeEdit

Submit = Callable[..., Any]


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {WARNING_TEXT};")
    label.hide()
    return label


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class RescheduleDialog(QDialog):
    """REL-5: the customer's business reason and the new start (region zone)."""

    def __init__(
        self,
        row: Mapping[str, Any],
        region_zone: str,
        display_zone: str,
        last_moment: datetime | None,
        submit: Submit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reschedule_dialog")
        self._row = dict(row)
        self._zone = region_zone
        self._display_zone = display_zone
        self._last = last_moment
        self._submit = submit
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reschedule_reason")
        self.reason.setMaximumHeight(90)
        self.start = ZonedDateTimeEdit(
            region_zone, self, name="reschedule_start", display_zone=display_zone
        )
        start = row.get("scheduled_start")
        self.start.set_instant((start or datetime.now().astimezone()) + timedelta(days=7))
        self.form = QFormLayout()
        self._reason_label, self._start_label = QLabel(self), QLabel(self)
        self.form.addRow(self._reason_label, self.reason)
        self.form.addRow(self._start_label, self.start)
        self.error = _error_label(self, "reschedule_error")
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(620, 320)
        self.retranslate()

    def accept(self) -> None:
        start = self.start.instant()
        if start is None:
            self.show_error(_("New start: {reason}").format(reason=self.start.problem()))
            return
        try:
            self._submit(start, self.reason.toPlainText())
        except StaleEdit:
            self.show_error(
                _("This upgrade plan was changed elsewhere in the meantime; close and try again.")
            )
            return
        except ValueError as exc:  # RescheduleRefused is a ValueError
            self.show_error(str(exc))
            return
        super().accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def retranslate(self) -> None:
        row = self._row
        self.setWindowTitle(_("Reschedule upgrade"))
        start = row.get("scheduled_start")
        lines = [
            _("{customer} · {cluster} · {application}: upgrade to {target}").format(
                customer=row.get("customer") or "",
                cluster=row.get("cluster") or "—",
                application=getattr(row.get("application"), "label", row.get("application")),
                target=row.get("target"),
            )
        ]
        if start is not None:
            lines.append(
                _("Scheduled start: {display} ({region})").format(
                    display=format_datetime(start, self._display_zone, show_zone=True),
                    region=format_datetime(start, self._zone, show_zone=True),
                )
            )
        if self._last is not None:
            lines.append(
                _("An upgrade may be rescheduled once, until {last}.").format(
                    last=format_datetime(self._last, self._display_zone, show_zone=True)
                )
            )
        self.info.setText("\n".join(lines))
        self._reason_label.setText(_("Business reason:"))
        self.reason.setPlaceholderText(_("Why the customer needs another date (required)"))
        self._start_label.setText(_("Requested new start:"))
        self.start.retranslate()


class NewPlanDialog(QDialog):
    """REL-4: plan an upgrade of one installed application, with its trigger."""

    def __init__(
        self,
        customers: list[tuple[int, str]],
        applications: Callable[[int], list[dict[str, Any]]],
        context: Mapping[str, Any],
        submit: Submit,
        parent: QWidget | None = None,
        *,
        application_id: int | None = None,
    ) -> None:
        """``context``: ``reference``, ``train``, ``display_zone``, ``now`` and
        ``timing`` (row, start → :class:`PlanTiming`)."""
        super().__init__(parent)
        self.setObjectName("new_plan_dialog")
        self._applications = applications
        self._context = context
        self._submit = submit
        self._apps: list[dict[str, Any]] = []
        self.customer = QComboBox(self)
        self.customer.setObjectName("plan_customer")
        for cid, name in customers:
            self.customer.addItem(name, cid)
        self.application = QComboBox(self)
        self.application.setObjectName("plan_application")
        self.target = QLineEdit(str(context["train"].upgrade_target), self)
        self.target.setObjectName("plan_target")
        self.trigger = QComboBox(self)
        self.trigger.setObjectName("plan_trigger")
        self.tac_case = QLineEdit(self)
        self.tac_case.setObjectName("plan_tac_case")
        self.start = ZonedDateTimeEdit(
            "UTC", self, name="plan_start", display_zone=context["display_zone"]
        )
        self.notice = QLabel(self)
        self.notice.setObjectName("plan_notice")
        self.notice.setWordWrap(True)
        self.form = QFormLayout()
        self._labels = [QLabel(self) for _ in range(6)]
        widgets = (
            self.customer, self.application, self.target, self.trigger, self.tac_case, self.start
        )  # fmt: skip
        for label, widget in zip(self._labels, widgets, strict=True):
            self.form.addRow(label, widget)
        self.error = _error_label(self, "plan_error")
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.customer.currentIndexChanged.connect(lambda _i: self._customer_changed())
        self.application.currentIndexChanged.connect(lambda _i: self._application_changed())
        self.trigger.currentIndexChanged.connect(lambda _i: self._trigger_changed())
        self.start.changed.connect(self._update_notice)
        self.resize(640, 340)
        self.retranslate()
        self._preselect(application_id)

    # ---------------------------------------------------------------- API

    def selected_application(self) -> dict[str, Any] | None:
        index = self.application.currentIndex()
        return self._apps[index] if 0 <= index < len(self._apps) else None

    def accept(self) -> None:
        app = self.selected_application()
        trigger = self.trigger.currentData()
        if app is None:
            self.show_error(_("Choose the application to upgrade."))
            return
        if trigger is None:
            self.show_error(_("Choose why this upgrade is planned (REL-4)."))
            return
        start = self.start.instant()
        if start is None:
            self.show_error(_("Start: {reason}").format(reason=self.start.problem()))
            return
        try:
            self._submit(
                app["id"],
                self.target.text(),
                UpgradeTrigger(trigger),
                start,
                tac_case=self.tac_case.text(),
            )
        except ValueError as exc:
            self.show_error(str(exc))
            return
        super().accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def retranslate(self) -> None:
        self.setWindowTitle(_("New upgrade plan"))
        texts = (
            _("Customer:"), _("Application:"), _("Target version:"), _("Trigger:"),
            _("TAC case:"), _("Scheduled start:"),
        )  # fmt: skip
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        current = self.trigger.currentData()
        blocked = self.trigger.blockSignals(True)
        self.trigger.clear()
        for trigger in UpgradeTrigger:
            self.trigger.addItem(trigger.label, trigger.value)
        self.trigger.setPlaceholderText(_("Choose the trigger…"))
        self.trigger.setCurrentIndex(self.trigger.findData(current) if current else -1)
        self.trigger.blockSignals(blocked)
        self.tac_case.setPlaceholderText(_("Required for a feature request"))
        self._fill_applications(keep=True)
        self.start.retranslate()
        self._update_notice()

    # ----------------------------------------------------------- internals

    def _preselect(self, application_id: int | None) -> None:
        if application_id is not None:
            for i in range(self.customer.count()):
                apps = self._applications(self.customer.itemData(i))
                if any(a["id"] == application_id for a in apps):
                    self.customer.setCurrentIndex(i)
                    break
        self._customer_changed()
        if application_id is not None:
            for i, app in enumerate(self._apps):
                if app["id"] == application_id:
                    self.application.setCurrentIndex(i)
        self._application_changed()

    def _customer_changed(self) -> None:
        cid = self.customer.currentData()
        self._apps = self._applications(cid) if cid is not None else []
        self._fill_applications(keep=False)

    def _fill_applications(self, *, keep: bool) -> None:
        index = self.application.currentIndex() if keep else 0
        blocked = self.application.blockSignals(True)
        self.application.clear()
        for app in self._apps:
            kind = getattr(app["application"], "label", app["application"])
            self.application.addItem(
                _("{cluster} · {application} ({version})").format(
                    cluster=app["cluster"], application=kind, version=app["version"] or "—"
                )
            )
        self.application.setCurrentIndex(min(max(index, 0), len(self._apps) - 1))
        self.application.blockSignals(blocked)
        if not keep:
            self._application_changed()

    def _application_changed(self) -> None:
        app = self.selected_application()
        if app is None:
            return
        timing: PlanTiming = self._context["timing"](app, None)
        zone_key = timing.zone or "UTC"
        region = self._context["reference"].region(timing.region) if timing.region else None
        # a first proposal: a month ahead, when the region's window opens
        ahead: datetime = self._context["now"] + timedelta(days=30)
        self.start.set_zone(zone_key)
        try:
            opens = region.window_opens if region is not None else time(21, 0)
            day = ahead.astimezone(zone(zone_key)).date()
            self.start.set_instant(localize(datetime.combine(day, opens), zone_key))
        except ValueError:
            self.start.set_instant(ahead)
        try:
            below = below_n_minus_1(Version.parse(app["version"] or ""), self._context["train"])
        except ValueError:
            below = True
        if below and self.trigger.currentIndex() < 0:
            self.trigger.setCurrentIndex(self.trigger.findData(UpgradeTrigger.LIFECYCLE.value))
        self._update_notice()

    def _trigger_changed(self) -> None:
        feature = self.trigger.currentData() == UpgradeTrigger.FEATURE_REQUEST.value
        self.tac_case.setEnabled(feature)

    def _update_notice(self) -> None:
        app = self.selected_application()
        start = self.start.instant()
        if app is None or start is None:
            self.notice.setText("")
            return
        timing: PlanTiming = self._context["timing"](app, start)
        if timing.notice_due is None:
            self.notice.setText("")
            return
        days = self._context["reference"].notice_business_days
        self.notice.setText(
            ngettext(
                "Written notice to the customer is due by {due} ({days} business day before "
                "the start, MAINT-5); the start is {display} in your display zone.",
                "Written notice to the customer is due by {due} ({days} business days before "
                "the start, MAINT-5); the start is {display} in your display zone.",
                days,
            ).format(
                days=days,
                due=format_date(timing.notice_due, "full"),
                display=format_datetime(start, self._context["display_zone"], show_zone=True),
            )
        )
