"""The maintenance event editor: fields on the left, the live rule check on the right.

Every rule comes from the domain through :class:`MaintenanceService`: the
window that applies (MAINT-1..3, with MAINT-2 deciding the region), notice due
and reply dates (MAINT-5, MAINT-6), blackout clashes (MAINT-11), the
emergency reason (MAINT-8), the joint review's legal moves (MAINT-9), COP
steps (MAINT-13) and whether a reschedule may be asked (MAINT-7). An event
that breaks a window rule is saved with its visible violation, never moved;
input that cannot be stored (a time that does not exist, an end before the
start, an emergency without a reason) is refused at the field.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

from di_desk.domain.change_requests import ChangeRequestState
from di_desk.domain.cop import CopPath, cop_event_template
from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.maintenance import (
    EmergencyReason,
    EventCheck,
    MaintenanceEvent,
    parse_emergency_reason,
    reschedule_refusal,
    vulnerability_scan_statement,
)
from di_desk.domain.windows import next_window
from di_desk.i18n import _
from di_desk.i18n.formatting import format_date, format_duration
from di_desk.services import cop_requests
from di_desk.services.maintenance import MaintenanceService, parse_enum
from di_desk.storage.errors import StaleEdit
from di_desk.ui.dialogs.event_fields import EventFields
from di_desk.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from di_desk.ui.tabs.maintenance_columns import span_text
from di_desk.ui.widgets.zoned_datetime import qdate


class EventEditor(QDialog):
    """Create or edit one maintenance event; emits :attr:`saved` with its id."""

    saved = Signal(int)

    def __init__(
        self,
        service: MaintenanceService,
        display_zone: str,
        event_id: int | None = None,
        *,
        defaults: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("event_editor")
        self.service = service
        self.display_zone = display_zone
        self.event_id = event_id
        self._row: dict[str, Any] | None = None
        self._check: EventCheck | None = None
        self.reschedule_dialog: QDialog | None = None

        self.fields = EventFields(service, display_zone, self)
        self.fields.changed.connect(self.update_checks)
        self.fields.cop.path_changed.connect(self._cop_path_changed)

        self.window_label = self._panel_label("check_window")
        self.notice_label = self._panel_label("check_notice")
        self.reply_label = self._panel_label("check_reply")
        self.blackout_label = self._panel_label("check_blackout")
        self.violations_label = self._panel_label("check_violations")
        self.help_label = self._panel_label("event_help")
        self.help_label.setStyleSheet("color: #505050;")
        self.checks_title = QLabel(self)
        self.help_title = QLabel(self)
        for title in (self.checks_title, self.help_title):
            font = title.font()
            font.setBold(True)
            title.setFont(font)

        panel = QWidget(self)
        panel.setObjectName("check_panel")
        panel.setMinimumWidth(320)
        panel.setMaximumWidth(380)
        side = QVBoxLayout(panel)
        side.setContentsMargins(8, 0, 0, 0)
        side.addWidget(self.checks_title)
        for label in (
            self.window_label,
            self.notice_label,
            self.reply_label,
            self.blackout_label,
            self.violations_label,
        ):
            side.addWidget(label)
        side.addSpacing(10)
        side.addWidget(self.help_title)
        side.addWidget(self.help_label)
        side.addStretch(1)

        scroll = QtWidgets.QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.fields)
        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        body.addWidget(panel, 2)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("event_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b41e1e;")
        self.reschedule_button = QPushButton(self)
        self.reschedule_button.setObjectName("event_reschedule")
        self.reschedule_button.clicked.connect(self.open_reschedule)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reschedule_button)
        bottom.addWidget(self.error_label, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.resize(960, 560)

        if event_id is not None:
            self.load(event_id)
        else:
            self._new(defaults or {})
        self.retranslate()

    def _panel_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    # ------------------------------------------------------------ loading

    def _new(self, defaults: dict[str, Any]) -> None:
        f = self.fields
        f.set_customer(defaults.get("customer_id"))
        f.set_type(defaults.get("type") or MaintenanceType.ROUTINE)
        region = f.region()
        if region is not None:
            window = next_window(
                self.service.region_ref(region), self.service.now(), include_weekend=False
            )
            start = defaults.get("start") or window.start_utc
        else:
            start = defaults.get("start") or self.service.now()
        f.set_times(start, defaults.get("end") or start + timedelta(hours=2))
        f.review.set_state(ChangeRequestState.REQUESTED)
        self.update_checks()

    def load(self, event_id: int) -> None:
        """Show the stored event (also after a stale edit)."""
        row = self.service.get(event_id)
        if row is None:
            self.error_label.setText(_("This maintenance event no longer exists."))
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return
        self._row = row
        self.event_id = event_id
        f = self.fields
        f.set_customer(row["customer_id"], cluster_id=row.get("cluster_id"))
        f.set_type(parse_enum(MaintenanceType, row.get("type")) or MaintenanceType.ROUTINE)
        f.urgent.setChecked(bool(row.get("urgent")))
        f.set_times(row["start"], row["end"])
        f.reason.setText(str(row.get("reason") or ""))
        sent = row.get("notice_sent")
        f.notice_check.setChecked(sent is not None)
        if sent is not None:
            zone_key = self.service.region_ref(f.region() or Region.EU).zone
            f.notice_date.setDate(qdate(self._local_day(sent, zone_key)))
        text = str(row.get("emergency_reason") or "")
        f.set_emergency_reason(parse_emergency_reason(text), bool(text))
        state = parse_enum(ChangeRequestState, row.get("review_state"))
        f.review.set_state(state or ChangeRequestState.REQUESTED)
        f.cop.set_path(
            CopPath.PROVIDER_EMERGENCY if row.get("urgent") else CopPath.PROVIDER_REGULAR
        )
        self.update_checks()

    @staticmethod
    def _local_day(value: Any, zone_key: str) -> date:
        from di_desk.domain.maintenance import local_date

        return local_date(value, zone_key)

    # ------------------------------------------------------------ the event

    def build_event(self) -> MaintenanceEvent | None:
        """The event as typed; None while the customer, region or a time is missing."""
        f = self.fields
        customer = self.service.customer(f.customer_id())
        region = f.region()
        start, end = f.start.instant(), f.end.instant()
        if customer is None or region is None or start is None or end is None:
            return None
        event_type = f.event_type()
        reason_choice = f.emergency_choice()
        return MaintenanceEvent(
            customer=customer.name,
            cluster=f.cluster_name(),
            region=region,
            type=event_type,
            start=start,
            end=end,
            notice_sent=f.notice_sent(),
            calendar=self._calendar_code(),
            reason=f.reason.text(),
            urgent=f.urgent.isChecked(),
            emergency_reason=reason_choice if isinstance(reason_choice, EmergencyReason) else None,
            review_state=f.review.state()
            if event_type is MaintenanceType.PARTNER_REQUEST
            else None,
        )

    def _calendar_code(self) -> str | None:
        customer_id = self.fields.customer_id()
        if self._row is not None and self._row.get("customer_id") == customer_id:
            return self._row.get("calendar") or None
        customer = self.service.customer(customer_id)
        return customer.calendar if customer else None

    def current_check(self) -> EventCheck | None:
        return self._check

    def update_checks(self) -> None:
        """Run the domain's check on what is typed and show the outcome."""
        event = self.build_event()
        self._check = (
            self.service.check(event, self.fields.customer_id()) if event is not None else None
        )
        self._show_check(event, self._check)

    def _show_check(self, event: MaintenanceEvent | None, check: EventCheck | None) -> None:
        esc = html.escape
        f = self.fields
        duration = ""
        if event is not None and event.end > event.start:
            duration = format_duration(event.duration)
        text = _("Duration: {duration}").format(duration=duration) if duration else ""
        if event is not None and duration:
            other = f.other_zone()
            if other is not None:
                key, mine = other
                span = span_text(event.start, event.end, key)
                text += " · " + (
                    _("your time: {span}") if mine else _("region time: {span}")
                ).format(span=span)
        f.duration_label.setText(text)
        if event is None or check is None:
            problem = f.start.problem() or f.end.problem() or _("Choose a customer.")
            self.window_label.setText(esc(problem))
            for label in (self.notice_label, self.reply_label, self.blackout_label):
                label.setText("")
            self.violations_label.setText("")
            self._update_reschedule(None)
            self._update_help(None)
            return
        window_rules = [v for v in check.violations if v.rule == "MAINT-3"]
        if event.type is MaintenanceType.EMERGENCY:
            text = _("Emergency changes may be done at once or in the next window (MAINT-8).")
            self.window_label.setText(esc(text))
        elif check.window is not None and not window_rules:
            inside = (
                _("Inside the weekend window {window}, {length}.")
                if check.window.weekend
                else _("Inside the weekday window {window}, {length}.")
            )
            self.window_label.setText(
                "<span style='color:#2a7a2a'>✔ {}</span>".format(
                    esc(
                        inside.format(
                            window=check.window.describe(),
                            length=format_duration(check.window.duration),
                        )
                    )
                )
            )
        else:
            self.window_label.setText(
                "<span style='color:#b41e1e'>✖ {}</span>".format(
                    "<br>".join(esc(v.message) for v in window_rules)
                    or esc(_("Outside the maintenance windows."))
                )
            )
        if check.notice_due is None:
            self.notice_label.setText(esc(_("No fixed notice is needed for this type (MAINT-5).")))
        else:
            text = _("Notice due by {due} (MAINT-5).").format(due=format_date(check.notice_due))
            if check.notice_in_time is False:
                text += " " + _("Sent on {sent}: late.").format(sent=format_date(check.notice_sent))
            elif check.notice_in_time:
                text += " " + _("Sent on {sent}: in time.").format(
                    sent=format_date(check.notice_sent)
                )
            self.notice_label.setText(esc(text))
        if check.reply_by is not None and check.reply_last_day is not None:
            self.reply_label.setText(
                esc(
                    _(
                        "Reply by {reply_by}, at the latest on {last}, if the date conflicts "
                        "with business priorities (MAINT-6)."
                    ).format(
                        reply_by=format_date(check.reply_by),
                        last=format_date(check.reply_last_day),
                    )
                )
            )
        else:
            self.reply_label.setText(esc(_("The reply dates follow from the notice date.")))
        clashes = [v for v in check.violations if v.rule == "MAINT-11"]
        self.blackout_label.setText(
            "<span style='color:#a0500a'>⚠ {}</span>".format(
                "<br>".join(esc(v.message) for v in clashes)
            )
            if clashes
            else ""
        )
        others = [v for v in check.violations if v.rule not in ("MAINT-3", "MAINT-11")]
        self.violations_label.setText(
            "<br>".join(
                f"<span style='color:#b41e1e'><b>{esc(v.rule)}</b> {esc(v.message)}</span>"
                for v in others
            )
        )
        self._update_reschedule(event)
        self._update_help(event)

    def _update_reschedule(self, event: MaintenanceEvent | None) -> None:
        refusal = reschedule_refusal(event, self.service.reference) if event else None
        self.reschedule_button.setVisible(
            event is not None and refusal is None and self.event_id is not None
        )

    def _update_help(self, event: MaintenanceEvent | None) -> None:
        esc = html.escape
        parts = []
        if event is not None:
            refusal = reschedule_refusal(event, self.service.reference)
            if refusal:
                parts.append(esc(refusal) + " " + esc(_("No reschedule can be asked (MAINT-7).")))
            if event.type is MaintenanceType.COP:
                parts.append(esc(self.fields.cop.path().label))
        parts.append(
            "<b>{}</b> {}".format(
                esc(_("Vulnerability scans (MAINT-12):")), esc(vulnerability_scan_statement())
            )
        )
        self.help_label.setText("<br><br>".join(parts))

    def _cop_path_changed(self, path: CopPath) -> None:
        template = cop_event_template(path)
        if template is not None:
            self.fields.urgent.setChecked(template.urgent)

    # ------------------------------------------------------------ saving

    def validate(self) -> str | None:
        """The first reason the event cannot be saved (translated), or None."""
        f = self.fields
        if self.service.customer(f.customer_id()) is None:
            f.customer.setFocus()
            return _("Choose a customer.")
        if f.region() is None:
            return _("The customer has no region, so no maintenance window applies.")
        for edit, name in ((f.start, _("Start")), (f.end, _("End"))):
            if edit.problem():
                edit.time_edit.setFocus()
                return _("{field}: {problem}").format(field=name, problem=edit.problem())
        start, end = f.start.instant(), f.end.instant()
        if start is None or end is None or end <= start:
            f.end.time_edit.setFocus()
            return _("End: the end must be after the start.")
        if self._check is not None and any(v.rule == "MAINT-8" for v in self._check.violations):
            f.emergency_combo.setFocus()
            return _(
                "Emergency reason: choose one of the reasons, or choose Other and describe it "
                "(MAINT-8)."
            )
        return None

    def values(self) -> dict[str, Any]:
        f = self.fields
        event = self.build_event()
        assert event is not None
        choice = f.emergency_choice()
        original = str(self._row.get("emergency_reason") or "") if self._row else ""
        if event.type is not MaintenanceType.EMERGENCY or choice is None:
            emergency = ""
        elif isinstance(choice, EmergencyReason):
            emergency = original if parse_emergency_reason(original) is choice else choice.value
        else:
            emergency = original if parse_emergency_reason(original) is None else ""
        notice = event.notice_sent
        if self._row is not None and self._row.get("notice_sent") is not None and notice:
            zone_key = self.service.region_ref(event.region).zone
            if self._local_day(self._row["notice_sent"], zone_key) == notice:
                notice = self._row["notice_sent"]  # keep a stored instant as it was
        return {
            "customer": f.customer_id(),
            "cluster": f.cluster_id(),
            "region": event.region,
            "type": event.type,
            "start": event.start,
            "end": event.end,
            "notice_sent": notice,
            "calendar": event.calendar,
            "reason": event.reason.strip(),
            "emergency_reason": emergency,
            "urgent": event.urgent,
            "review_state": event.review_state.value if event.review_state else None,
        }

    def save(self) -> bool:
        """Store the event (and ticked COP steps); False with a message when refused."""
        self.update_checks()
        problem = self.validate()
        if problem:
            self.error_label.setText(problem)
            return False
        version = self._row.get("row_version") if self._row else None
        try:
            row = self.service.save(self.values(), self.event_id, version)
        except StaleEdit as exc:
            self.error_label.setText(
                _("{problem} The form now shows the stored version.").format(problem=exc)
            )
            if self.event_id is not None:
                self.load(self.event_id)
            return False
        self._save_cop_steps(row)
        self.event_id = int(row["id"])
        self.error_label.setText("")
        self.saved.emit(self.event_id)
        self.accept()
        return True

    def _save_cop_steps(self, row: dict[str, Any]) -> None:
        cop = self.fields.cop
        steps = cop.pending_steps()
        if row["type"] is not MaintenanceType.COP or not steps:
            return
        request_id = cop.request_id()
        now = self.service.now()
        if request_id is None:
            request_id = cop_requests.create_request(
                self.service.db,
                row["customer_id"],
                row.get("cluster_id"),
                row.get("reason") or _("COP install"),
                now,
                self.service.who,
            )
        cop_requests.complete_steps(self.service.db, request_id, steps, now, self.service.who)

    # ------------------------------------------------------------ reschedule

    def open_reschedule(self) -> QDialog | None:
        """MAINT-6: draft the reschedule request for the stored event."""
        from di_desk.ui.dialogs.reschedule import RescheduleDialog

        event = self.build_event()
        if event is None or self.event_id is None:
            return None
        dialog = RescheduleDialog(
            self.service, self.event_id, event, self.fields.customer_id(), parent=self
        )
        self.reschedule_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------ texts

    def retranslate(self) -> None:
        self.setWindowTitle(
            _("New maintenance event") if self.event_id is None else _("Maintenance event")
        )
        self.checks_title.setText(_("Rule check"))
        self.help_title.setText(_("Good to know"))
        self.reschedule_button.setText(_("Draft reschedule request…"))
        self.reschedule_button.setToolTip(
            _("Ask the provider's change management for another date (MAINT-6)")
        )
        self.fields.retranslate()
        self.update_checks()
        if self.reschedule_dialog is not None and hasattr(self.reschedule_dialog, "retranslate"):
            self.reschedule_dialog.retranslate()
