"""New / edit customer: name, region, holiday calendar, zone, SSO and capacity (CAP-1).

The dialog collects the values; ``save(values)`` (given by the tab) validates
and stores them through :func:`di_desk.services.customers.save_customer`.
A :class:`~di_desk.services.customers.CustomerInvalid` shows each message at
its field and keeps the dialog open; anything saved is never lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from di_desk.domain.enums import Region
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import _
from di_desk.services.customers import CustomerInvalid
from di_desk.ui.dialogs.zone import zone_keys
from di_desk.ui.qt import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    Qt,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b00020;"
COUNT_FIELDS = (
    "contracted_knowledge_workers",
    "planned_knowledge_workers",
    "contracted_workspace_devices",
    "planned_workspace_devices",
)


class CustomerDialog(QDialog):
    """The customer form; ``save(values) -> row`` raises CustomerInvalid for bad fields."""

    def __init__(
        self,
        row: Mapping[str, Any] | None,
        reference: ReferenceData,
        save: Callable[[dict[str, Any]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer_dialog")
        self.row = dict(row or {})
        self.reference = reference
        self._save = save
        self.saved: Any = None

        self.name = QLineEdit(self)
        self.name.setObjectName("customer_name")
        self.region = QComboBox(self)
        self.region.setObjectName("customer_region")
        for region in Region:
            self.region.addItem(region.label, region.value)  # Qt keeps str enums as text
        self.calendar = QLineEdit(self)
        self.calendar.setObjectName("customer_calendar")
        self.calendar.setMaxLength(12)
        self.zone = QComboBox(self)
        self.zone.setObjectName("customer_zone")
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.addItem("")
        self.zone.addItems(list(zone_keys()))
        completer = self.zone.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.sso = QCheckBox(self)
        self.sso.setObjectName("customer_sso")

        self.counts: dict[str, QtWidgets.QSpinBox] = {}
        for key in COUNT_FIELDS:
            spin = QtWidgets.QSpinBox(self)
            spin.setObjectName(f"customer_{key}")
            spin.setRange(0, 10_000_000)
            spin.setGroupSeparatorShown(True)
            self.counts[key] = spin

        self.errors: dict[str, QLabel] = {}
        for key in ("name", "region", "calendar", "zone", *COUNT_FIELDS):
            label = QLabel(self)
            label.setObjectName(f"error_{key}")
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
            label.hide()
            self.errors[key] = label

        self.form = QFormLayout()
        self.name_label = QLabel(self)
        self.region_label = QLabel(self)
        self.calendar_label = QLabel(self)
        self.zone_label = QLabel(self)
        for label, field, key in (
            (self.name_label, self.name, "name"),
            (self.region_label, self.region, "region"),
            (self.calendar_label, self.calendar, "calendar"),
            (self.zone_label, self.zone, "zone"),
        ):
            label.setBuddy(field)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(field)
            box.addWidget(self.errors[key])
            self.form.addRow(label, box)
        self.form.addRow("", self.sso)

        self.capacity_box = QGroupBox(self)
        grid = QGridLayout(self.capacity_box)
        self.contracted_heading = QLabel(self.capacity_box)
        self.planned_heading = QLabel(self.capacity_box)
        self.kw_label = QLabel(self.capacity_box)
        self.wd_label = QLabel(self.capacity_box)
        grid.addWidget(self.contracted_heading, 0, 1)
        grid.addWidget(self.planned_heading, 0, 2)
        grid.addWidget(self.kw_label, 1, 0)
        grid.addWidget(self.counts["contracted_knowledge_workers"], 1, 1)
        grid.addWidget(self.counts["planned_knowledge_workers"], 1, 2)
        grid.addWidget(self.wd_label, 2, 0)
        grid.addWidget(self.counts["contracted_workspace_devices"], 2, 1)
        grid.addWidget(self.counts["planned_workspace_devices"], 2, 2)
        for column, key in enumerate(COUNT_FIELDS):
            grid.addWidget(self.errors[key], 3 + column // 2, 1 + column % 2)
        self.capacity_note = QLabel(self.capacity_box)
        self.capacity_note.setWordWrap(True)
        grid.addWidget(self.capacity_note, 5, 0, 1, 3)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.capacity_box)
        layout.addWidget(self.buttons)

        self.calendar.editingFinished.connect(self._check_calendar)
        self.region.currentIndexChanged.connect(lambda _i: self._show_defaults())
        self._load()
        self.retranslate()
        self.setMinimumWidth(520)

    # ---------------------------------------------------------------- values

    def _load(self) -> None:
        row = self.row
        self.name.setText(str(row.get("name") or ""))
        region = row.get("region")
        index = self.region.findData(region.value) if isinstance(region, Region) else 0
        self.region.setCurrentIndex(max(index, 0))
        self.calendar.setText(str(row.get("calendar") or ""))
        self.zone.setCurrentText(str(row.get("zone") or ""))
        self.sso.setChecked(bool(row.get("sso")))
        for key, spin in self.counts.items():
            spin.setValue(max(0, int(row.get(key) or 0)))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "region": self._region(),
            "calendar": self.calendar.text(),
            "zone": self.zone.currentText(),
            "sso": self.sso.isChecked(),
            **{key: spin.value() for key, spin in self.counts.items()},
        }

    def _region(self) -> Region | None:
        value = self.region.currentData()
        return Region(value) if value else None

    # ------------------------------------------------------------ validation

    def show_errors(self, errors: Mapping[str, str]) -> None:
        for key, label in self.errors.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
        first = next((key for key in self.errors if key in errors), None)
        widget = {
            "name": self.name,
            "region": self.region,
            "calendar": self.calendar,
            "zone": self.zone,
        }.get(first or "", self.counts.get(first or ""))
        if widget is not None:
            widget.setFocus()
        self._fit()

    def _fit(self) -> None:
        """Grow to show messages that appeared (never shrink below the user's size)."""
        self.layout().activate()
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def _check_calendar(self) -> None:
        """TIME-3: say at once when the code is not a holiday calendar."""
        from di_desk.domain.calendar import validate_code

        try:
            validate_code(self.calendar.text().strip())
        except ValueError as exc:
            self.errors["calendar"].setText(str(exc))
            self.errors["calendar"].show()
        else:
            self.errors["calendar"].hide()
        self._fit()

    def try_save(self) -> None:
        """Save: close on success, show the messages at their fields otherwise."""
        try:
            self.saved = self._save(self.values())
        except CustomerInvalid as exc:
            self.show_errors(exc.errors)
            return
        self.accept()

    # ----------------------------------------------------------------- texts

    def _show_defaults(self) -> None:
        region = self._region()
        if region is not None:
            ref = self.reference.region(region)
            self.calendar.setPlaceholderText(
                _("{code} (default of {region})").format(code=ref.calendar, region=region.label)
            )
            self.zone.lineEdit().setPlaceholderText(
                _("{zone} (default of {region})").format(zone=ref.zone, region=region.label)
            )

    def retranslate(self) -> None:
        self.setWindowTitle(_("Edit customer") if self.row.get("id") else _("New customer"))
        self.name_label.setText(_("&Name:"))
        self.region_label.setText(_("&Region:"))
        self.calendar_label.setText(_("Holiday &calendar:"))
        self.zone_label.setText(_("Time &zone:"))
        self.sso.setText(_("&SSO enabled on the UC applications"))
        self.sso.setToolTip(_("Certificate renewals then need follow-up actions (MAINT-10)."))
        self.calendar.setToolTip(
            _(
                "A country code such as NL, or a subdivision such as AU-ACT or US-NY, "
                "for public holidays (TIME-3). Empty: the region's calendar."
            )
        )
        self.zone.setToolTip(_("An IANA time zone such as Europe/Amsterdam. Empty: the region's."))
        for index in range(self.region.count()):
            self.region.setItemText(index, Region(self.region.itemData(index)).label)
        self.capacity_box.setTitle(_("Capacity (CAP-1)"))
        self.contracted_heading.setText(_("Contracted"))
        self.planned_heading.setText(_("Planned"))
        self.kw_label.setText(_("Knowledge Workers"))
        self.wd_label.setText(_("Workspace devices"))
        self.capacity_note.setText(
            _(
                "Contracted: as stated at activation. Growth beyond it needs a TAC case "
                "and an expansion plan before features and users are configured."
            )
        )
        self._show_defaults()
