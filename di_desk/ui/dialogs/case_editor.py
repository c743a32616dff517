"""The case editor: details, classification with its live outcome, the life
cycle, the history; every rule comes from the services and the domain.

Open it with :class:`CaseEditor` (``case_id=None`` for a new case) and
``open()``; it emits ``changed(case_id)`` after every write. A draft may be
saved incomplete; opening it checks CASE-8 and shows each problem under its
field. Writes carry the ``row_version`` the editor loaded: on a stale edit it
says so, reloads, and keeps what the user typed under "Show Details".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from di_desk.domain.case_lifecycle import SEVERITY_CHANGE_STATUSES
from di_desk.domain.case_validation import FieldError
from di_desk.domain.cases import (
    CaseError,
    case_deadline_explanation,
    deadline_explanation,
)
from di_desk.domain.enums import CaseStatus
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import _
from di_desk.i18n.formatting import format_datetime, format_time
from di_desk.services import cases as case_service
from di_desk.services.cases import CaseNotReady, CaseRecord
from di_desk.storage.errors import StaleEdit, StorageError
from di_desk.ui.dialogs.case_actions import CaseActions
from di_desk.ui.dialogs.case_form import CaseForm
from di_desk.ui.dialogs.case_history import HistoryTabs
from di_desk.ui.dialogs.case_outcome import OutcomePanel
from di_desk.ui.dialogs.case_widgets import ErrorLabel
from di_desk.ui.qt import (
    QDialog,
    QFont,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
    is_valid_qobject,
)

#: the life-cycle buttons, in the order of CASE-10
MOVES = (
    CaseStatus.OPENED,
    CaseStatus.ACKNOWLEDGED,
    CaseStatus.ACTION_PLAN,
    CaseStatus.RESOLVED,
    CaseStatus.MONITORING,
    CaseStatus.CLOSED,
)


@dataclass
class CaseEnv:
    """What the editor needs from its tab."""

    db: Any
    reference: ReferenceData
    zone: str  # the display zone
    now: Callable[[], datetime]
    who: str


class CaseEditor(CaseActions, QDialog):
    """Create or edit one case."""

    #: a write happened; the case's id
    changed = Signal(int)

    def __init__(self, env: CaseEnv, case_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("case_editor")
        self.env = env
        self.record: CaseRecord | None = None
        self.dirty = False
        self.sub_dialog: QDialog | None = None
        self.message_box: QMessageBox | None = None

        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel(self)
        self.subheading.setObjectName("case_times")
        self.subheading.setWordWrap(True)
        self.form = CaseForm(self)
        self.outcome = OutcomePanel(self)
        self.history = HistoryTabs(self)
        self.details_box = QtWidgets.QGroupBox(self)
        self.details_box.setLayout(self.form.details)
        self.class_box = QtWidgets.QGroupBox(self)
        self.class_box.setLayout(self.form.classification)
        self.outcome_box = QtWidgets.QGroupBox(self)
        outcome_layout = QVBoxLayout(self.outcome_box)
        outcome_layout.addWidget(self.outcome)
        self.life_label = QLabel(self)
        self.move_buttons: dict[CaseStatus, QPushButton] = {}
        for status in MOVES:
            button = QPushButton(self)
            button.setObjectName(f"move_{status.value}")
            button.clicked.connect(lambda _c=False, s=status: self.move_to(s))
            self.move_buttons[status] = button
        self.severity_button = QPushButton(self)
        self.severity_button.setObjectName("change_severity")
        self.severity_button.clicked.connect(self.change_severity)
        self.message = ErrorLabel(self)
        self.message.setObjectName("case_message")
        self.info = QLabel(self)
        self.info.setObjectName("case_info")
        self.copy_brief_button = QPushButton(self)
        self.copy_brief_button.setObjectName("copy_brief")
        self.copy_brief_button.clicked.connect(self.copy_brief)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_case")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close_editor")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self._layout()

        self.form.edited.connect(self._edited)
        self.form.classification_changed.connect(self._update_outcome)
        self.form.customer_changed.connect(self._customer_changed)
        self.outcome.explain_button.clicked.connect(self.explain_deadline)
        self.history.add_plan_requested.connect(lambda: self.move_to(CaseStatus.ACTION_PLAN))
        self.history.add_notice_requested.connect(self.log_notice)
        self.clock = QTimer(self)
        self.clock.setInterval(30_000)
        self.clock.timeout.connect(self._update_outcome)
        self.clock.start()

        self.form.set_customers(case_service.customer_choices(env.db, env.reference))
        self.retranslate()
        self.load(case_id)
        self.resize(1180, 720)

    def _layout(self) -> None:
        right = QVBoxLayout()
        right.addWidget(self.class_box)
        right.addWidget(self.outcome_box, 1)
        top = QHBoxLayout()
        top.addWidget(self.details_box, 5)
        top.addLayout(right, 6)
        life = QHBoxLayout()
        life.addWidget(self.life_label)
        for button in self.move_buttons.values():
            life.addWidget(button)
        life.addStretch(1)
        life.addWidget(self.severity_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copy_brief_button)
        bottom.addWidget(self.info, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addLayout(top)
        layout.addLayout(life)
        layout.addWidget(self.history, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

    # ------------------------------------------------------------------ loading

    @property
    def case_id(self) -> int | None:
        return self.record.id if self.record is not None else None

    def status(self) -> CaseStatus:
        return self.record.status if self.record is not None else CaseStatus.DRAFT

    def load(self, case_id: int | None) -> None:
        """Show the stored case ``case_id`` (None: a new case with defaults)."""
        env = self.env
        if case_id is None:
            self.record = None
            self.form.set_values(case_service.new_case_defaults(env.db))
        else:
            self.record = case_service.load_case(env.db, case_id, env.reference)
            self.form.set_values(self.record.row, self.record.customer.name)
        self.dirty = False
        self.message.clear_message()
        self._show_record()
        first = self.form.customer if case_id is None else self.form.problem
        first.setFocus()

    def _show_record(self) -> None:
        record, status = self.record, self.status()
        self.form.set_classification_editable(status is CaseStatus.DRAFT)
        self.form.customer.setEnabled(status is CaseStatus.DRAFT)
        legal = case_service.legal_moves(status)
        for target, button in self.move_buttons.items():
            button.setVisible(target in legal)
        self.severity_button.setVisible(record is not None and status is not CaseStatus.DRAFT)
        self.severity_button.setEnabled(
            record is not None and record.case is not None and status in SEVERITY_CHANGE_STATUSES
        )
        can_plan = record is not None and status in (
            CaseStatus.ACKNOWLEDGED,
            CaseStatus.ACTION_PLAN,
        )
        self.history.show_history(
            record.severity_changes if record else (),
            record.action_plans if record else (),
            record.notices if record else (),
            self.env.zone,
            can_add_plan=can_plan,
            can_add_notice=record is not None and record.case is not None,
        )
        self._retranslate_record()
        self._update_outcome()

    def _retranslate_record(self) -> None:
        record, status = self.record, self.status()
        if record is None:
            self.heading.setText(_("New case"))
            self.setWindowTitle(_("New case"))
        else:
            title = _("Case #{id} · {customer}").format(id=record.id, customer=record.customer.name)
            self.heading.setText(_("{title} — {status}").format(title=title, status=status.label))
            self.setWindowTitle(title)
        self.subheading.setText(self._times_text())
        self.save_button.setText(_("Save draft") if status is CaseStatus.DRAFT else _("Save"))
        reopen = status in (CaseStatus.RESOLVED, CaseStatus.MONITORING)
        self.move_buttons[CaseStatus.ACKNOWLEDGED].setText(
            _("Reopen") if reopen else _("Acknowledge…")
        )

    def _times_text(self) -> str:
        row = self.record.row if self.record is not None else {}
        zone = self.env.zone
        parts = []
        for key, text in (
            ("opened_at", _("opened {when}")),
            ("acknowledged_at", _("acknowledged {when}")),
            ("resolved_at", _("resolved {when}")),
            ("closed_at", _("closed {when}")),
        ):
            if row.get(key) is not None:
                parts.append(text.format(when=format_datetime(row[key], zone, show_zone=True)))
        case = self.record.case if self.record is not None else None
        if case is not None and case.monitoring_until is not None and not row.get("closed_at"):
            parts.append(_("monitored until {day}").format(day=case.monitoring_until.isoformat()))
        if row.get("provider_ref"):
            parts.append(_("provider case {ref}").format(ref=row["provider_ref"]))
        if not parts:
            return _("Not opened yet: save a draft, or open the case when the data is complete.")
        return " · ".join(parts)

    # ------------------------------------------------------------------ outcome

    def _calendar(self) -> Any:
        if self.record is not None:
            return self.record.calendar
        return case_service.case_calendar_for(self.form.selected_customer(), self.env.reference)

    def _preview(self) -> case_service.Preview:
        env, record = self.env, self.record
        if record is not None and record.status is not CaseStatus.DRAFT:
            severity = record.row.get("severity")
            stored = record.row.get("response_due")
        else:
            severity = case_service.severity_of(self.form.draft(), env.reference)
            stored = None
        return case_service.preview(
            severity, self._calendar(), env.reference, now=env.now(), stored_due=stored
        )

    def _update_outcome(self) -> None:
        state = None
        if self.record is not None and self.record.status is not CaseStatus.DRAFT:
            state = case_service.due_state(self.record.row, self.env.now())
        self.outcome.show_outcome(
            self._preview(), self._calendar(), self.env.zone, self.env.now(), state
        )

    def explain_deadline(self) -> QMessageBox:
        """CASE-5: the weekends and holidays the business-day objective skipped."""
        env, record = self.env, self.record
        calendar = self._calendar()
        shown = self._preview()
        if record is not None and record.case is not None and shown.due_is_stored:
            lines = case_deadline_explanation(record.case, calendar, env.reference)
        elif shown.due is not None:
            lines = deadline_explanation(env.now(), shown.due, calendar)
        else:
            lines = []
        sample = date(2026, 1, 5)
        opens = datetime.combine(sample, calendar.opens, tzinfo=calendar.tz)
        closes = datetime.combine(sample, calendar.closes, tzinfo=calendar.tz)
        text = _(
            "The response objective counts business hours only: {opens}–{closes} in "
            "{zone} on working days, without the {calendar} public holidays."
        ).format(
            opens=format_time(opens, calendar.zone),
            closes=format_time(closes, calendar.zone),
            zone=calendar.zone,
            calendar=calendar.code or "—",
        )
        if shown.due is not None:
            text += "\n" + _("Due: {when}").format(
                when=format_datetime(shown.due, env.zone, show_zone=True)
            )
        if lines:
            text += "\n\n" + _("Skipped on the way:") + "\n" + "\n".join(f"• {x}" for x in lines)
        else:
            text += "\n\n" + _("No weekend or holiday was skipped.")
        return self._show_box(QMessageBox.Icon.Information, _("Explain deadline"), text)

    # ------------------------------------------------------------------ editing

    def _edited(self, _key: str) -> None:
        self.dirty = True
        self.info.clear()

    def _customer_changed(self) -> None:
        customer = self.form.selected_customer()
        contract = self.form.texts["contract"]
        if customer is not None and not contract.text().strip():
            contract.setText(case_service.last_contract(self.env.db, customer.id))

    def draft(self) -> case_service.CaseDraft:
        record = self.record
        return self.form.draft(
            record.id if record else None, record.row_version if record else None
        )

    def _field_errors(self, errors: list[FieldError], *, focus: bool = True) -> None:
        typed = self.form.customer.currentText().strip()
        if typed and self.form.selected_customer() is None:
            errors = [e for e in errors if e.field != "customer"]
            message = _('There is no customer named "{name}".').format(name=typed)
            errors.insert(0, FieldError("customer", message))
        first = self.form.show_errors(errors)
        self.message.show_message(_("Correct the fields marked in red."))
        if first is not None and focus:
            first.setFocus()

    def _recheck_fields(self) -> None:
        """Show the field errors again in the active language (CASE-8)."""
        customer = self.form.selected_customer()
        errors = case_service.check_draft(
            self.draft(),
            self.env.reference,
            opening=True,
            customer=customer.name if customer else "",
        )
        self._field_errors(list(errors), focus=False)

    def _write(self, action: Callable[[], Any]) -> Any:
        """Run a write; on success reload and tell the tab. None when it failed."""
        self.message.clear_message()
        try:
            result = action()
        except StaleEdit as exc:
            self._stale(exc)
            return None
        except CaseNotReady as exc:
            self._field_errors(list(exc.errors))
            return None
        except (CaseError, StorageError, ValueError) as exc:
            self.message.show_message(str(exc))
            return None
        case_id = result["id"] if isinstance(result, dict) else self.case_id
        self.load(case_id)
        if case_id is not None:
            self.changed.emit(case_id)
        return result

    def _stale(self, exc: StaleEdit) -> None:
        typed = self.form.typed_summary()
        if exc.actual is None:
            text = _(
                "Someone else deleted this case, so your change was not saved. What you "
                "typed is still in the editor: save it to keep it as a new draft."
            )
            self.record = None
            self.dirty = True
            self._show_record()
        else:
            text = _(
                "Someone else changed this case since you opened it, so your change was not "
                "saved. The editor now shows the stored case; what you typed is under "
                "Show Details, to apply it again."
            )
            self.load(exc.row_id)
        box = self._show_box(QMessageBox.Icon.Warning, _("Case changed elsewhere"), text)
        box.setDetailedText(typed)

    def save(self) -> bool:
        """Save draft / Save: drafts may be incomplete, an opened case keeps CASE-8."""
        env = self.env
        return (
            self._write(
                lambda: case_service.save_case(
                    env.db, self.draft(), env.who, reference=env.reference
                )
            )
            is not None
        )

    def _saved_first(self) -> bool:
        return not self.dirty or self.save()

    # ------------------------------------------------------------------ dialogs

    def _open_dialog(self, dialog: QDialog) -> None:
        self.sub_dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _show_box(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.finished.connect(box.deleteLater)
        self.message_box = box
        box.open()
        return box

    def reject(self) -> None:
        """Close; unsaved edits ask first (Save / Discard / Cancel)."""
        if not self.dirty:
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Unsaved changes"),
            _("This case has changes that are not saved. Save them?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.finished.connect(box.deleteLater)
        box.buttonClicked.connect(lambda button: self._closing(box.standardButton(button)))
        self.message_box = box
        box.open()

    def _closing(self, answer: QMessageBox.StandardButton) -> None:
        if answer == QMessageBox.StandardButton.Cancel:
            return
        if answer == QMessageBox.StandardButton.Save and not self.save():
            return
        self.dirty = False
        super().reject()

    # ------------------------------------------------------------------ language, zone

    def set_display_zone(self, zone: str) -> None:
        self.env.zone = zone
        self._show_record()

    def retranslate(self) -> None:
        self.form.retranslate()
        self.outcome.retranslate()
        self.history.retranslate()
        self.details_box.setTitle(_("Details"))
        self.class_box.setTitle(_("Impact and urgency"))
        self.outcome_box.setTitle(_("What follows"))
        self.life_label.setText(_("Life cycle:"))
        self.move_buttons[CaseStatus.OPENED].setText(_("Open case…"))
        self.move_buttons[CaseStatus.OPENED].setToolTip(
            _("Check the required data and open the case with the provider")
        )
        self.move_buttons[CaseStatus.ACTION_PLAN].setText(_("Action plan given…"))
        self.move_buttons[CaseStatus.RESOLVED].setText(_("Resolve…"))
        self.move_buttons[CaseStatus.MONITORING].setText(_("Start monitoring…"))
        self.move_buttons[CaseStatus.CLOSED].setText(_("Close case…"))
        self.severity_button.setText(_("Change severity…"))
        self.severity_button.setToolTip(
            _("Raise the severity (partner) or record that the provider lowered it")
        )
        self.copy_brief_button.setText(_("Copy case brief"))
        self.copy_brief_button.setToolTip(
            _("Copy the case's facts as text for the TAC call or the web form")
        )
        self.close_button.setText(_("Close"))
        self._retranslate_record()
        self._update_outcome()
        if self.form.has_errors():
            self._recheck_fields()  # their messages were written in the old language
        sub = self.sub_dialog
        if sub is not None and is_valid_qobject(sub) and hasattr(sub, "retranslate"):
            sub.retranslate()
