"""View → Display time zone: pick the IANA zone instants are shown in (TIME-1)."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from di_desk.i18n import _
from di_desk.ui.qt import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    Qt,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.settings import is_valid_zone, system_zone


@cache
def zone_keys() -> tuple[str, ...]:
    """Every IANA key ``zoneinfo`` knows, sorted (legacy upper-case aliases left out)."""
    keys = {k for k in available_timezones() if "/" in k or k == "UTC"}
    return tuple(sorted(keys))


class ZoneDialog(QDialog):
    """An editable, completing combo of zone keys; OK only for a valid key."""

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zone_dialog")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(list(zone_keys()))
        completer = self.combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.combo.setCurrentText(current)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.combo.currentTextChanged.connect(self._validate)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._validate(self.combo.currentText())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Display time zone"))
        self.label.setText(
            _("Show dates and times in this time zone (your computer's zone is {zone}).").format(
                zone=system_zone()
            )
        )

    def zone(self) -> str:
        return self.combo.currentText().strip()

    def _validate(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(is_valid_zone(text.strip()))
