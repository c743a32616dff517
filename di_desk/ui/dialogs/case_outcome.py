"""The case editor's live outcome: severity, effort, objective, due time, channel.

Everything shown comes from :func:`di_desk.services.cases.preview` (CASE-3/4/5/7);
this panel only formats it: the objective as "15 minutes" or "1 business
day", the due time in the display zone and in the case calendar's zone, the
channel with the TAC number as a ``tel:`` link.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from di_desk.domain.calendar import BusinessCalendar
from di_desk.domain.reference import Objective
from di_desk.i18n import _
from di_desk.i18n.formatting import (
    format_business_days,
    format_datetime,
    format_duration,
    format_relative,
)
from di_desk.ui.dialogs.case_widgets import SeverityBadge
from di_desk.ui.qt import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QWidget,
)

if TYPE_CHECKING:  # the list's due column uses this module without the editor's rules
    from di_desk.services.case_due import DueState
    from di_desk.services.cases import Preview


def objective_text(objective: Objective | None) -> str:
    """CASE-5: "15 minutes" / "1 business day" in the active language."""
    if objective is None:
        return ""
    if objective.kind == "wall":
        return format_duration(timedelta(minutes=objective.minutes))
    return format_business_days(objective.days)


def relative_due_text(due: datetime, now: datetime, *, largest: int = 2) -> str:
    """ "in 2 hours" before the due time, "3 hours and 10 minutes overdue" after it
    (``largest=1``, as lists show it: "3 hours overdue")."""
    remaining = due - now
    if remaining >= timedelta(0):
        return format_relative(remaining)
    return _("{duration} overdue").format(duration=format_duration(-remaining, largest=largest))


def due_note(due: datetime, now: datetime, state: DueState | None) -> str:
    """The note after a due time: time left or overdue, or how it was met."""
    if state is not None and state.kind == "met":
        return _("acknowledged in time")
    if state is not None and state.kind == "missed":
        return _("acknowledged late")
    return relative_due_text(due, now)


def tel_link(phone: str) -> str:
    """A ``tel:`` link for a phone number as the reference data spells it."""
    digits = re.sub(r"[^\d+]", "", phone)
    return f'<a href="tel:{digits}">{html.escape(phone)}</a>'


class OutcomePanel(QWidget):
    """Severity badge and the facts that follow from it, for the case editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_outcome")
        self.badge = SeverityBadge(self)
        self.effort = self._label("outcome_effort")
        self.objective = self._label("outcome_objective")
        self.due = self._label("outcome_due")
        self.due_calendar = self._label("outcome_due_calendar")
        self.channel = self._label("outcome_channel")
        self.channel.setTextFormat(Qt.TextFormat.RichText)
        self.channel.setOpenExternalLinks(True)
        self.channel.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.calendar = self._label("outcome_calendar")
        self.explain_button = QPushButton(self)
        self.explain_button.setObjectName("explain_deadline")
        badge_row = QHBoxLayout()
        badge_row.setContentsMargins(0, 0, 0, 0)
        badge_row.addWidget(self.badge)
        badge_row.addStretch(1)
        calendar_row = QHBoxLayout()
        calendar_row.setContentsMargins(0, 0, 0, 0)
        calendar_row.addWidget(self.calendar, 1)
        calendar_row.addWidget(self.explain_button)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._titles: list[QLabel] = []
        for row in (
            badge_row,
            self.effort,
            self.objective,
            self.due,
            self.due_calendar,
            self.channel,
            calendar_row,
        ):
            title = QLabel(self)
            self._titles.append(title)
            self.form.addRow(title, row)
        self._state: tuple[Preview, BusinessCalendar, str, datetime, DueState | None] | None = None
        self.retranslate()

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_outcome(
        self,
        shown: Preview,
        calendar: BusinessCalendar,
        display_zone: str,
        now: datetime,
        state: DueState | None = None,
    ) -> None:
        """Show ``shown`` (from :func:`di_desk.services.cases.preview`); ``state``
        tells how the stored due time of an opened case stands (CASE-6)."""
        self._state = (shown, calendar, display_zone, now, state)
        self.badge.set_severity(shown.severity)
        self.calendar.setText(
            _("{calendar} holidays, {zone}").format(
                calendar=calendar.code or "—", zone=calendar.zone
            )
        )
        self._titles[3].setText(
            _("Response due:") if shown.due_is_stored else _("Due if opened now:")
        )
        if shown.severity is None:
            for label in (self.effort, self.objective, self.due, self.due_calendar, self.channel):
                label.setText("—")
            self.explain_button.setEnabled(False)
            return
        self.effort.setText(shown.effort)
        self.objective.setText(objective_text(shown.objective))
        if shown.due is not None:
            self.due.setText(
                _("{when} ({relative})").format(
                    when=format_datetime(shown.due, display_zone, show_zone=True),
                    relative=due_note(shown.due, now, state),
                )
            )
            self.due_calendar.setText(
                _("{when} in the case calendar's zone ({zone})").format(
                    when=format_datetime(shown.due, calendar.zone, show_zone=True),
                    zone=calendar.zone,
                )
            )
        else:
            self.due.setText("—")
            self.due_calendar.setText("—")
        channel = shown.channel
        if channel is not None and channel.kind == "phone" and channel.phone:
            self.channel.setText(
                _("Call the TAC at {phone}.").format(phone=tel_link(channel.phone))
            )
        elif channel is not None:
            self.channel.setText(html.escape(channel.instruction))
        self.explain_button.setEnabled(
            shown.objective is not None and shown.objective.kind == "business_days"
        )

    def retranslate(self) -> None:
        titles = (
            _("Severity:"),
            _("Effort:"),
            _("Response objective:"),
            _("Response due:"),
            "",  # the due time in the calendar's zone continues the row above
            _("Channel:"),
            _("Business calendar:"),
        )
        for label, text in zip(self._titles, titles, strict=True):
            label.setText(text)
        self.explain_button.setText(_("Explain deadline"))
        self.explain_button.setToolTip(
            _("Show the weekends and holidays the response objective skipped")
        )
        if self._state is not None:
            self.show_outcome(*self._state)
        else:
            self.badge.retranslate()
