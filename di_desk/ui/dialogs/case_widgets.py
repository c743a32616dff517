"""Small widgets the Cases tab and its dialogs share.

- severity colours (S1 red … S4 grey, with a readable text colour) and a
  :class:`SeverityBadge` label;
- :class:`ErrorLabel`: a red, translated message under a field;
- :class:`InstantDialog` / :class:`DateDialog`: ask for one instant (typed in
  :class:`~di_desk.ui.widgets.zoned_datetime.ZonedDateTimeEdit`, TIME-2) or one date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from di_desk.domain.enums import Severity
from di_desk.i18n import _
from di_desk.ui.qt import (
    QColor,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.widgets.zoned_datetime import ZonedDateTimeEdit, date_edit, pydate

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


class InstantDialog(QDialog):
    """Ask for one instant (e.g. when the provider acknowledged), default now.

    ``title`` and ``prompt`` are messages (``N_``): they are translated now
    and again by :meth:`retranslate`.
    """

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
        self._title, self._prompt = title, prompt
        self._check = check
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.edit = ZonedDateTimeEdit(zone_key, self)
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
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_(self._title))
        self.prompt.setText(_(self._prompt))
        self.edit.retranslate()
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
    """Ask for one date (e.g. the end of monitoring); ``title`` and ``prompt`` as
    for :class:`InstantDialog`."""

    def __init__(
        self, title: str, prompt: str, default: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("date_dialog")
        self._title, self._prompt = title, prompt
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.edit = date_edit(self, "date_dialog_date", default)
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
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_(self._title))
        self.prompt.setText(_(self._prompt))

    def value(self) -> date:
        return pydate(self.edit.date())
