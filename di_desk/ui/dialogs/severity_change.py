"""CASE-9: raise (the partner) or lower (the provider) a case's severity.

The dialog offers only the severities the rule allows in the chosen
direction, shows the response due time the case will have afterwards
(recomputed from the time of the change before acknowledgement, unchanged
after it) and the case's history of changes. A reason is required; the
caller writes the change through ``submit`` and passes back an error message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from di_desk.domain.enums import Party, Severity
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import _
from di_desk.i18n.formatting import format_datetime
from di_desk.services.case_life import SeverityPreview, preview_severity_change
from di_desk.services.cases import CaseRecord
from di_desk.ui.dialogs.case_history import fill_table, history_table, severity_headers
from di_desk.ui.dialogs.case_history import severity_rows as history_rows
from di_desk.ui.dialogs.case_widgets import ErrorLabel, SeverityBadge
from di_desk.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.widgets.zoned_datetime import ZonedDateTimeEdit

#: ``submit(new severity, by, at, reason) -> error message`` ("" when saved)
Submit = Callable[[Severity, Party, datetime, str], str]


class SeverityChangeDialog(QDialog):
    """Choose the direction, the new severity, the time and the reason."""

    def __init__(
        self,
        record: CaseRecord,
        reference: ReferenceData,
        zone_key: str,
        now: datetime,
        submit: Submit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("severity_change_dialog")
        self.record = record
        self.reference = reference
        self.zone_key = zone_key
        self._submit = submit
        case = record.case
        assert case is not None
        self.current = SeverityBadge(self)
        self.current.set_severity(case.severity)
        self.current_due = QLabel(self)
        self.current_due.setWordWrap(True)
        self.raise_radio = QtWidgets.QRadioButton(self)
        self.raise_radio.setObjectName("severity_raise")
        self.lower_radio = QtWidgets.QRadioButton(self)
        self.lower_radio.setObjectName("severity_lower")
        self.raise_radio.setChecked(True)
        self.new_severity = QComboBox(self)
        self.new_severity.setObjectName("severity_new")
        self.at = ZonedDateTimeEdit(zone_key, self, name="severity_at")
        self.at.set_instant(now)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("severity_reason")
        self.reason.setMaximumHeight(80)
        self.result = QLabel(self)
        self.result.setObjectName("severity_new_due")
        self.result.setWordWrap(True)
        self.problem = ErrorLabel(self)
        self.history = history_table("severity_change_history", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

        current_row = QHBoxLayout()
        current_row.addWidget(self.current)
        current_row.addWidget(self.current_due, 1)
        direction = QVBoxLayout()
        direction.addWidget(self.raise_radio)
        direction.addWidget(self.lower_radio)
        form = QFormLayout()
        self.form_labels = [QLabel(self) for _i in range(6)]
        fields = (current_row, direction, self.new_severity, self.at, self.reason, self.result)
        for label, field in zip(self.form_labels, fields, strict=True):
            form.addRow(label, field)
        self.history_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history, 1)
        layout.addWidget(self.buttons)
        self.resize(680, 520)

        self.raise_radio.toggled.connect(lambda _on: self._fill_choices())
        self.new_severity.currentIndexChanged.connect(lambda _i: self._update())
        self.at.changed.connect(self._fill_choices)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the active language (the choices and the preview too)."""
        case = self.record.case
        assert case is not None
        self.setWindowTitle(_("Change severity"))
        self.current.retranslate()
        self.current_due.setText(
            _("Response due now: {when}").format(
                when=format_datetime(case.response_due, self.zone_key, show_zone=True)
            )
            if case.response_due is not None
            else ""
        )
        self.raise_radio.setText(_("Raise: the partner asks, the business impact grew"))
        self.lower_radio.setText(_("Lower: the provider lowered it during triage"))
        self.reason.setPlaceholderText(_("Why the severity changes (required)"))
        texts = (
            _("Current severity:"),
            _("Direction:"),
            _("New severity:"),
            _("Changed at:"),
            _("Reason:"),
            _("Afterwards:"),
        )
        for label, text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        self.history_label.setText(_("History"))
        fill_table(
            self.history,
            severity_headers(),
            history_rows(self.record.severity_changes, self.zone_key),
        )
        self.at.retranslate()
        self._fill_choices()

    # ------------------------------------------------------------------ values

    def by(self) -> Party:
        return Party.PARTNER if self.raise_radio.isChecked() else Party.PROVIDER

    def chosen(self) -> Severity | None:
        value = self.new_severity.currentData()  # the token: Qt turns str enums into str
        return Severity(value) if value else None

    def preview(self, severity: Severity) -> SeverityPreview:
        at = self.at.instant()
        if at is None:
            return SeverityPreview(None, message=self.at.problem() or "")
        return preview_severity_change(self.record, severity, self.by(), at, self.reference)

    # --------------------------------------------------------------- internals

    def _fill_choices(self) -> None:
        keep = self.chosen()
        blocked = self.new_severity.blockSignals(True)
        self.new_severity.clear()
        reasons = []
        for severity in Severity:
            shown = self.preview(severity)
            if shown.allowed:
                self.new_severity.addItem(severity.label, severity.value)
            elif self.record.case is not None and severity is not self.record.case.severity:
                reasons.append(shown.message)
        index = self.new_severity.findData(keep.value) if keep is not None else -1
        if index < 0 and self.new_severity.count():
            # one step is the usual change: the nearest severity in the direction
            index = self.new_severity.count() - 1 if self.by() is Party.PARTNER else 0
        self.new_severity.setCurrentIndex(index)
        self.new_severity.blockSignals(blocked)
        if self.new_severity.count() == 0 and reasons:
            self.problem.show_message(reasons[-1])
        else:
            self.problem.clear_message()
        self._update()

    def _update(self) -> None:
        severity = self.chosen()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(severity is not None)
        if severity is None:
            self.result.setText(_("No severity can be chosen in this direction."))
            return
        shown = self.preview(severity)
        if not shown.allowed or shown.due is None:
            self.result.setText(shown.message)
            return
        when = format_datetime(shown.due, self.zone_key, show_zone=True)
        calendar_zone = self.record.calendar.zone
        in_calendar = format_datetime(shown.due, calendar_zone, show_zone=True)
        if shown.recomputed:
            text = _(
                "New response due: {when} ({calendar_when} in {zone}), counted from the change."
            )
        else:
            text = _(
                "The response due time stays {when} ({calendar_when} in {zone}): "
                "the case was acknowledged."
            )
        self.result.setText(text.format(when=when, calendar_when=in_calendar, zone=calendar_zone))

    def try_accept(self) -> None:
        severity, at = self.chosen(), self.at.instant()
        if severity is None or at is None:
            return
        message = self._submit(severity, self.by(), at, self.reason.toPlainText())
        if message:
            self.problem.show_message(message)
            return
        self.accept()
