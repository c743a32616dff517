"""Dialogs that add an entry to a case: an action plan (CASE-10) or a provider
notice (CASE-11). Each collects values; the caller writes them and passes back
an error message, which the dialog shows while it stays open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from di_desk.domain.cases import ActionPlan
from di_desk.i18n import _
from di_desk.ui.dialogs.case_widgets import ErrorLabel
from di_desk.ui.qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.widgets.zoned_datetime import ZonedDateTimeEdit, date_edit, pydate

#: ``submit(value) -> error message`` ("" when it was saved)
Submit = Callable[[object], str]


class _EntryDialog(QDialog):
    def __init__(self, submit: Submit, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._submit = submit
        self.form = QFormLayout()
        self.problem = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def value(self) -> object:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Re-set the texts after a language switch."""

    def try_accept(self) -> None:
        """Write through ``submit``; stay open with its message when it fails."""
        message = self._submit(self.value())
        if message:
            self.problem.show_message(message)
            return
        self.accept()


class ActionPlanDialog(_EntryDialog):
    """CASE-10: the date a plan was given, its expected resolution date and text."""

    def __init__(self, today: date, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(submit, parent)
        self.setObjectName("action_plan_dialog")
        self.given = date_edit(self, "plan_given", today)
        self.has_expected = QCheckBox(self)
        self.has_expected.setObjectName("plan_has_expected")
        self.expected = date_edit(self, "plan_expected", today)
        self.expected.setEnabled(False)
        self.has_expected.toggled.connect(self.expected.setEnabled)
        expected_row = QHBoxLayout()
        expected_row.addWidget(self.has_expected)
        expected_row.addWidget(self.expected)
        expected_row.addStretch(1)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("plan_text")
        self.given_label = QLabel(self)
        self.text_label = QLabel(self)
        self.form.addRow(self.given_label, self.given)
        self.form.addRow(QLabel("", self), expected_row)
        self.form.addRow(self.text_label, self.text)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Add action plan"))
        self.has_expected.setText(_("Expected resolution:"))
        self.text.setPlaceholderText(_("The status and the plan the provider gave"))
        self.given_label.setText(_("Given on:"))
        self.text_label.setText(_("Action plan:"))

    def value(self) -> ActionPlan:
        expected = pydate(self.expected.date()) if self.has_expected.isChecked() else None
        return ActionPlan(pydate(self.given.date()), self.text.toPlainText().strip(), expected)


class NoticeDialog(_EntryDialog):
    """CASE-11: when a provider notice arrived, its subject and text."""

    def __init__(
        self, zone_key: str, now: datetime, submit: Submit, parent: QWidget | None = None
    ) -> None:
        super().__init__(submit, parent)
        self.setObjectName("notice_dialog")
        self.received = ZonedDateTimeEdit(zone_key, self, name="notice_received")
        self.received.set_instant(now)
        self.subject = QLineEdit(self)
        self.subject.setObjectName("notice_subject")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("notice_text")
        self.labels = [QLabel(self) for _i in range(3)]
        for label, field in zip(self.labels, (self.received, self.subject, self.text), strict=True):
            self.form.addRow(label, field)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Log provider notice"))
        for label, text in zip(
            self.labels, (_("Received:"), _("Subject:"), _("Text:")), strict=True
        ):
            label.setText(text)
        self.received.retranslate()

    def value(self) -> tuple[datetime | None, str, str]:
        return (
            self.received.instant(),
            self.subject.text().strip(),
            self.text.toPlainText().strip(),
        )
