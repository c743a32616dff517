"""Small widgets the Cases tab and its dialogs share.

- severity colours (S1 red … S4 grey, with a readable text colour) and a
  :class:`SeverityBadge` label;
- :class:`ErrorLabel`: a red, translated message under a field;
- :class:`InstantEdit`: a wall-clock date and time in a zone (TIME-2: a time in
  a DST gap is refused with the first valid time proposed; an ambiguous time
  takes the first occurrence unless "second occurrence" is ticked);
- :class:`InstantDialog` / :class:`DateDialog`: ask for one instant or one date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from di_desk.domain.enums import Severity
from di_desk.domain.timeutil import NonexistentLocalTime, is_ambiguous, localize, to_utc, zone
from di_desk.i18n import _
from di_desk.i18n.formatting import format_time
from di_desk.ui.qt import (
    QCheckBox,
    QColor,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QtCore,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: CASE-3 severity colours: (background, text); the text colours keep a
#: contrast of at least 4.5:1 on their background.
SEVERITY_COLOURS: dict[Severity, tuple[str, str]] = {
    Severity.S1: ("#c62828", "#ffffff"),
    Severity.S2: ("#ef6c00", "#000000"),
    Severity.S3: ("#fdd835", "#000000"),
    Severity.S4: ("#bdbdbd", "#000000"),
}
ERROR_COLOUR = "#c62828"
#: list cells: overdue (CASE-6) and almost due
OVERDUE_COLOURS = ("#ffcdd2", "#8e0000")
SOON_COLOURS = ("#ffe0b2", "#7a4100")

DATE_FORMAT = "yyyy-MM-dd"
TIME_FORMAT = "HH:mm"


def severity_background(severity: object) -> QColor | None:
    colours = SEVERITY_COLOURS.get(severity) if isinstance(severity, Severity) else None
    return QColor(colours[0]) if colours else None


def severity_foreground(severity: object) -> QColor | None:
    colours = SEVERITY_COLOURS.get(severity) if isinstance(severity, Severity) else None
    return QColor(colours[1]) if colours else None


class SeverityBadge(QLabel):
    """The severity as a coloured, rounded badge ("S2 (High)"); a dash without one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("severity_badge")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.severity: Severity | None = None
        self.set_severity(None)

    def set_severity(self, severity: Severity | None) -> None:
        self.severity = severity
        if severity is None:
            self.setText("—")
            self.setStyleSheet("")
            self.setToolTip(_("Choose the impact and the urgency to see the severity."))
            return
        background, text = SEVERITY_COLOURS[severity]
        self.setText(severity.label)
        self.setToolTip(severity.label)
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {text}; border-radius: 4px;"
            " padding: 3px 10px; font-weight: bold; }"
        )

    def retranslate(self) -> None:
        self.set_severity(self.severity)


class ErrorLabel(QLabel):
    """A red message under a field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"QLabel {{ color: {ERROR_COLOUR}; }}")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.show_message("")


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class InstantEdit(QWidget):
    """A date and a wall-clock time in ``zone_key``; :meth:`instant` gives aware UTC."""

    changed = Signal()

    def __init__(self, zone_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone_key = zone_key
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("instant_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.time_edit = QtWidgets.QTimeEdit(self)
        self.time_edit.setObjectName("instant_time")
        self.time_edit.setDisplayFormat(TIME_FORMAT)
        self.zone_label = QLabel(zone_key, self)
        self.second = QCheckBox(self)
        self.second.setObjectName("instant_second_occurrence")
        self.second.hide()
        self.error = ErrorLabel(self)
        self.use_first_valid = QPushButton(self)
        self.use_first_valid.setObjectName("instant_use_first_valid")
        self.use_first_valid.hide()
        self.use_first_valid.clicked.connect(self._use_first_valid)
        self._first_valid: datetime | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addWidget(self.zone_label)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.second)
        layout.addWidget(self.error)
        layout.addWidget(self.use_first_valid)
        self.date_edit.dateChanged.connect(self._edited)
        self.time_edit.timeChanged.connect(self._edited)
        self.second.toggled.connect(lambda _on: self.changed.emit())
        self.retranslate()

    def set_instant(self, value: datetime) -> None:
        local = to_utc(value).astimezone(zone(self.zone_key))
        blocked = [w.blockSignals(True) for w in (self.date_edit, self.time_edit, self.second)]
        self.date_edit.setDate(qdate(local.date()))
        self.time_edit.setTime(QtCore.QTime(local.hour, local.minute))
        self.second.setChecked(bool(local.fold))
        for widget, was in zip((self.date_edit, self.time_edit, self.second), blocked, strict=True):
            widget.blockSignals(was)
        self._edited()

    def naive(self) -> datetime:
        qt_time = self.time_edit.time()
        return datetime.combine(
            pydate(self.date_edit.date()), time(qt_time.hour(), qt_time.minute())
        )

    def instant(self) -> datetime | None:
        """The chosen instant (aware UTC); None (and a message) inside a DST gap."""
        try:
            local = localize(self.naive(), self.zone_key, fold=int(self.second.isChecked()))
        except NonexistentLocalTime:
            return None
        return to_utc(local)

    def retranslate(self) -> None:
        self.use_first_valid.setText(_("Use the first valid time"))
        self._edited(emit=False)

    def _edited(self, *_args: object, emit: bool = True) -> None:
        naive = self.naive()
        ambiguous = is_ambiguous(naive, self.zone_key)
        if ambiguous:
            tz = zone(self.zone_key)
            second = naive.replace(tzinfo=tz, fold=1)
            self.second.setText(
                _("The second time it is {time} (after the clocks go back)").format(
                    time=format_time(second, self.zone_key, show_zone=True)
                )
            )
        self.second.setVisible(ambiguous)
        try:
            localize(naive, self.zone_key)
        except NonexistentLocalTime as gap:
            self._first_valid = gap.first_valid
            self.error.show_message(str(gap))
            self.use_first_valid.show()
        else:
            self._first_valid = None
            self.error.clear_message()
            self.use_first_valid.hide()
        if emit:
            self.changed.emit()

    def _use_first_valid(self) -> None:
        if self._first_valid is not None:
            self.set_instant(self._first_valid)


class InstantDialog(QDialog):
    """Ask for one instant (e.g. when the provider acknowledged), default now."""

    def __init__(
        self,
        title: str,
        prompt: str,
        zone_key: str,
        default: datetime,
        parent: QWidget | None = None,
        *,
        check: Callable[[datetime], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("instant_dialog")
        self.setWindowTitle(title)
        self._check = check
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.edit = InstantEdit(zone_key, self)
        self.edit.set_instant(default)
        self.problem = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.changed.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._update()

    def value(self) -> datetime | None:
        return self.edit.instant()

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _update(self) -> None:
        value = self.edit.instant()
        message = self._check(value) if value is not None and self._check else ""
        self.problem.show_message(message)
        self.ok_button().setEnabled(value is not None and not message)


class DateDialog(QDialog):
    """Ask for one date (e.g. the end of monitoring)."""

    def __init__(
        self, title: str, prompt: str, default: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("date_dialog")
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.edit = QDateEdit(self)
        self.edit.setObjectName("date_dialog_date")
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setDate(qdate(default))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(360)

    def value(self) -> date:
        return pydate(self.edit.date())
