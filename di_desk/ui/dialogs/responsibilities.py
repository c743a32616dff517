"""Help → Responsibilities: who does what, per topic (RESP-1)."""

from __future__ import annotations

from collections.abc import Mapping

from di_desk.domain.enums import Party
from di_desk.i18n import _
from di_desk.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ResponsibilitiesDialog(QDialog):
    """A read-only table topic → partner / provider / both, from the reference data."""

    def __init__(
        self, responsibilities: Mapping[str, Party], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("responsibilities_dialog")
        self._data = dict(responsibilities)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(self._data), 2, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Responsibilities"))
        self.intro.setText(
            _("Who is responsible for each topic: the partner, the provider, or both.")
        )
        self.table.setHorizontalHeaderLabels([_("Topic"), _("Responsible")])
        for row, (topic, party) in enumerate(self._data.items()):
            self.table.setItem(row, 0, QTableWidgetItem(_(topic)))
            label = party.label if isinstance(party, Party) else str(party)
            self.table.setItem(row, 1, QTableWidgetItem(label))
