"""Dialogs for upgrade plans: Reschedule… (REL-5) and a new plan (REL-4).

Both take the start and end as wall-clock input in the zone of the cluster's
region (TIME-2, :class:`~di_desk.ui.tabs.releases_plan_window.PlanSpan`), show
the live window check (MAINT-2, MAINT-3: one weekday window; the domain's
``check_event`` through the tab's callable) and save through
:mod:`di_desk.services.upgrades`. A broken window rule is shown, not refused:
the plan is saved with the times entered. A refusal (second reschedule, too
late, no reason, a stale row…) is shown in the dialog, which stays open with
everything typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from di_desk.domain.maintenance import EventCheck
from di_desk.domain.releases import Version
from di_desk.domain.upgrades import UpgradeTrigger, below_n_minus_1
from di_desk.domain.windows import Window
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
    Qt,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.tabs.releases_plan_window import PlanSpan, Proposals, window_check_html
from di_desk.ui.tabs.releases_widgets import WARNING_TEXT

Submit = Callable[..., Any]
#: (start, end) → the domain's check of the plan at those times, None without a region
CheckSpan = Callable[[datetime, datetime], EventCheck | None]


def _window_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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
    """REL-5: the customer's business reason and the new start and end (region zone),
    with the live window check and the next weekday windows (MAINT-3)."""

    def __init__(
        self,
        row: Mapping[str, Any],
        region_zone: str,
        display_zone: str,
        last_moment: datetime | None,
        submit: Submit,
        parent: QWidget | None = None,
        *,
        check: CheckSpan | None = None,
        proposals: list[Window] | None = None,
        end: datetime | None = None,
    ) -> None:
        """``submit(start, reason, end)``; ``end``: the plan's current end (its
        length is kept when the start moves); ``proposals``: windows to offer."""
        super().__init__(parent)
        self.setObjectName("reschedule_dialog")
        self._row = dict(row)
        self._zone = region_zone
        self._display_zone = display_zone
        self._last = last_moment
        self._submit = submit
        self._check = check
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reschedule_reason")
        self.reason.setMaximumHeight(80)
        self.span = PlanSpan(region_zone, self, name="reschedule", display_zone=display_zone)
        self.start, self.end = self.span.start, self.span.end
        self.window = _window_label(self, "reschedule_window")
        self.proposals = Proposals(self, name="reschedule_proposals")
        self.proposals.set_windows(proposals or [])
        self._proposals_label = QLabel(self)
        old_start = row.get("scheduled_start") or datetime.now().astimezone()
        length = (end - old_start) if end is not None else timedelta(hours=4)
        first = self.proposals.windows[0].start_utc if self.proposals.windows else None
        new_start = first or old_start + timedelta(days=7)
        self.span.set_span(new_start, new_start + length)
        self.form = QFormLayout()
        self._reason_label, self._start_label = QLabel(self), QLabel(self)
        self._end_label = QLabel(self)
        self.form.addRow(self._reason_label, self.reason)
        self.form.addRow(self._start_label, self.start)
        self.form.addRow(self._end_label, self.end)
        self.error = _error_label(self, "reschedule_error")
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(self.form)
        layout.addWidget(self.window)
        layout.addWidget(self._proposals_label)
        layout.addWidget(self.proposals)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._proposals_label.setVisible(bool(self.proposals.windows))
        self.proposals.setVisible(bool(self.proposals.windows))
        self.proposals.itemActivated.connect(lambda _item: self.use_proposal())
        self.proposals.itemClicked.connect(lambda _item: self.use_proposal())
        self.span.changed.connect(self.update_check)
        self.resize(720, 500)
        self.retranslate()

    def use_proposal(self, index: int | None = None) -> None:
        """Move the start to the opening of a proposed window, keeping the length."""
        i = self.proposals.currentRow() if index is None else index
        if not 0 <= i < len(self.proposals.windows):
            return
        span = self.span.span()
        length = span[1] - span[0] if span is not None else timedelta(hours=4)
        start = self.proposals.windows[i].start_utc
        self.span.set_span(start, start + length)

    def check(self) -> EventCheck | None:
        """The domain's check of the typed times (None while they cannot be used)."""
        span = self.span.span()
        if span is None or self._check is None:
            return None
        return self._check(*span)

    def update_check(self) -> None:
        self.window.setText(window_check_html(self.check(), self.span.span(), self.span.problem()))

    def accept(self) -> None:
        span = self.span.span()
        if span is None:
            problem = self.span.problem() or ""
            if self.start.instant() is None:
                problem = _("New start: {reason}").format(reason=self.start.problem())
            self.show_error(problem)
            return
        start, end = span
        try:
            self._submit(start, self.reason.toPlainText(), end)
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
        self._end_label.setText(_("Requested new end:"))
        self._proposals_label.setText(
            _("The next weekday windows of the region (click one to use it):")
        )
        self.proposals.retranslate()
        self.span.retranslate()
        self.update_check()


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
        """``context``: ``reference``, ``train``, ``display_zone``, ``now``,
        ``timing`` (row, start → :class:`PlanTiming`), ``check`` (row, start, end →
        the domain's :class:`EventCheck`) and ``first_window`` (row, after → the
        first weekday window that could take the upgrade, or None)."""
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
        self.span = PlanSpan("UTC", self, name="plan", display_zone=context["display_zone"])
        self.start, self.end = self.span.start, self.span.end
        self.window = _window_label(self, "plan_window")
        self.notice = QLabel(self)
        self.notice.setObjectName("plan_notice")
        self.notice.setWordWrap(True)
        self.form = QFormLayout()
        self._labels = [QLabel(self) for _ in range(7)]
        widgets = (
            self.customer, self.application, self.target, self.trigger, self.tac_case,
            self.start, self.end,
        )  # fmt: skip
        for label, widget in zip(self._labels, widgets, strict=True):
            self.form.addRow(label, widget)
        self.error = _error_label(self, "plan_error")
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.window)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.customer.currentIndexChanged.connect(lambda _i: self._customer_changed())
        self.application.currentIndexChanged.connect(lambda _i: self._application_changed())
        self.trigger.currentIndexChanged.connect(lambda _i: self._trigger_changed())
        self.span.changed.connect(self._update_notice)
        self.resize(720, 460)
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
        span = self.span.span()
        if span is None:
            self.show_error(self.span.problem() or "")
            return
        try:
            self._submit(
                app["id"],
                self.target.text(),
                UpgradeTrigger(trigger),
                span[0],
                tac_case=self.tac_case.text(),
                end=span[1],
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
            _("TAC case:"), _("Scheduled start:"), _("Scheduled end:"),
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
        self.span.retranslate()
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
        # a first proposal: the first weekday window a month ahead (MAINT-3)
        ahead: datetime = self._context["now"] + timedelta(days=30)
        window: Window | None = self._context["first_window"](app, ahead)
        start = window.start_utc if window is not None else ahead
        self.span.set_zone(timing.zone or "UTC")
        self.span.set_span(start, start + self._context["reference"].upgrade_default_duration)
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
        span = self.span.span()
        check = self._context["check"](app, *span) if app is not None and span else None
        self.window.setText(window_check_html(check, span, self.span.problem()))
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
