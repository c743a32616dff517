"""The input fields of the maintenance event editor (no rules here).

Customer and cluster decide the region (MAINT-2, through the service); times
are typed in the region's zone or in the user's display zone (a chooser);
type-specific parts (emergency reason, joint review, COP steps) appear for
their type only.
"""

from __future__ import annotations

from datetime import date, datetime

from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.maintenance import EmergencyReason
from di_desk.i18n import N_, _
from di_desk.services import cop_requests
from di_desk.services.maintenance import ClusterInfo, MaintenanceService
from di_desk.ui.dialogs.event_sections import CopSection, ReviewSection
from di_desk.ui.qt import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    Signal,
)
from di_desk.ui.widgets.zoned_datetime import ZoneChoice, ZonedDateTimeEdit, date_edit

OTHER_REASON = "other"
#: form rows: (key, label) — labels are re-read on a language switch
ROWS = (
    ("customer", N_("Customer")),
    ("cluster", N_("Cluster")),
    ("region", N_("Region")),
    ("type", N_("Type")),
    ("zone", N_("Times in")),
    ("start", N_("Start")),
    ("end", N_("End")),
    ("reason", N_("Description / reason")),
    ("notice", N_("Notice")),
    ("emergency", N_("Emergency reason")),
)


class EventFields(QWidget):
    """The editor's form; :attr:`changed` after any edit."""

    changed = Signal()

    def __init__(
        self, service: MaintenanceService, display_zone: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.display_zone = display_zone
        self._clusters: list[ClusterInfo] = []
        self._loading = False

        self.customer = QComboBox(self)
        self.customer.setObjectName("event_customer")
        for info in service.customers().values():
            self.customer.addItem(info.name, info.id)
        self.cluster = QComboBox(self)
        self.cluster.setObjectName("event_cluster")
        self.region_label = QLabel(self)
        self.region_label.setObjectName("event_region")
        self.region_label.setWordWrap(True)
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("event_type")
        for kind in MaintenanceType:
            self.type_combo.addItem(kind.label, kind.value)
        self.urgent = QCheckBox(self)
        self.urgent.setObjectName("event_urgent")
        self.zone_choice = ZoneChoice(display_zone, self, name="event_zone")
        self.start = ZonedDateTimeEdit(display_zone, self, name="event_start")
        self.end = ZonedDateTimeEdit(display_zone, self, name="event_end")
        self.zone_choice.attach(self.start, self.end)
        self.duration_label = QLabel(self)
        self.duration_label.setObjectName("event_duration")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("event_reason")
        self.notice_check = QCheckBox(self)
        self.notice_check.setObjectName("event_notice_check")
        self.notice_date = date_edit(self, "event_notice_sent", service.now().date())
        self.notice_date.setEnabled(False)
        self.emergency_combo = QComboBox(self)
        self.emergency_combo.setObjectName("event_emergency_reason")
        self.emergency_combo.addItem("", None)
        for reason in EmergencyReason:
            self.emergency_combo.addItem(reason.label, reason.value)
        self.emergency_combo.addItem("", OTHER_REASON)
        self.review = ReviewSection(self)
        self.cop = CopSection(self)

        type_row = QHBoxLayout()
        type_row.addWidget(self.type_combo, 1)
        type_row.addWidget(self.urgent)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice_check)
        notice_row.addWidget(self.notice_date)
        notice_row.addStretch(1)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        widgets = {
            "customer": self.customer,
            "cluster": self.cluster,
            "region": self.region_label,
            "type": type_row,
            "zone": self.zone_choice,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
            "notice": notice_row,
            "emergency": self.emergency_combo,
        }
        for key, _title in ROWS:
            label = QLabel(self)
            self.labels[key] = label
            self.form.addRow(label, widgets[key])
            if key == "end":
                self.form.addRow("", self.duration_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.review)
        layout.addWidget(self.cop)
        layout.addStretch(1)

        self.customer.currentIndexChanged.connect(lambda _i: self._customer_changed())
        self.cluster.currentIndexChanged.connect(lambda _i: self._region_changed())
        self.type_combo.currentIndexChanged.connect(lambda _i: self._type_changed())
        self.zone_choice.changed.connect(self._emit)
        self.notice_check.toggled.connect(self._notice_toggled)
        for signal in (
            self.urgent.toggled,
            self.start.changed,
            self.end.changed,
            self.reason.textChanged,
            self.notice_date.dateChanged,
            self.emergency_combo.currentIndexChanged,
            self.review.changed,
            self.cop.changed,
        ):
            signal.connect(lambda *_a: self._emit())
        self._customer_changed()
        self._type_changed()

    # ------------------------------------------------------------ values

    def customer_id(self) -> int | None:
        return self.customer.currentData()

    def cluster_id(self) -> int | None:
        return self.cluster.currentData()

    def cluster_name(self) -> str:
        return self.cluster.currentText() if self.cluster_id() is not None else ""

    def region(self) -> Region | None:
        return self.service.region_for(self.customer_id(), self.cluster_id())

    def region_zone(self) -> str | None:
        region = self.region()
        return self.service.region_ref(region).zone if region is not None else None

    def entry_zone(self) -> str:
        """The zone the times are typed in: the region's or the display zone."""
        return self.zone_choice.entry_zone()

    def other_zone(self) -> tuple[str, bool] | None:
        """The zone the times are *not* typed in, and whether it is the user's; None if same."""
        return self.zone_choice.other_zone()

    def event_type(self) -> MaintenanceType:
        return MaintenanceType(self.type_combo.currentData())

    def emergency_choice(self) -> EmergencyReason | str | None:
        """One of the MAINT-8 reasons, :data:`OTHER_REASON`, or None (none chosen)."""
        data = self.emergency_combo.currentData()
        if data is None or data == OTHER_REASON:
            return data
        return EmergencyReason(data)

    def notice_sent(self) -> date | None:
        if not self.notice_check.isChecked():
            return None
        d = self.notice_date.date()
        return date(d.year(), d.month(), d.day())

    # ------------------------------------------------------------ setting

    def set_customer(self, customer_id: int | None, *, cluster_id: int | None = None) -> None:
        index = self.customer.findData(customer_id) if customer_id is not None else -1
        self._loading = True
        self.customer.setCurrentIndex(max(0, index))
        self._customer_changed()
        if cluster_id is not None:
            self.cluster.setCurrentIndex(max(0, self.cluster.findData(cluster_id)))
        self._loading = False
        self._region_changed()

    def set_type(self, kind: MaintenanceType) -> None:
        self.type_combo.setCurrentIndex(
            max(0, self.type_combo.findData(MaintenanceType(kind).value))
        )

    def set_times(self, start: datetime, end: datetime) -> None:
        self._loading = True
        self.start.set_instant(start)
        self.end.set_instant(end)
        self._loading = False
        self._emit()

    def set_emergency_reason(self, reason: EmergencyReason | None, has_text: bool) -> None:
        if reason is not None:
            self.emergency_combo.setCurrentIndex(self.emergency_combo.findData(reason.value))
        else:
            self.emergency_combo.setCurrentIndex(
                self.emergency_combo.findData(OTHER_REASON) if has_text else 0
            )

    # ------------------------------------------------------------ reactions

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _customer_changed(self) -> None:
        customer_id = self.customer_id()
        self._clusters = self.service.clusters(customer_id) if customer_id is not None else []
        blocked = self.cluster.blockSignals(True)
        self.cluster.clear()
        self.cluster.addItem(_("(no cluster)"), None)
        for info in self._clusters:
            self.cluster.addItem(info.name, info.id)
        self.cluster.setCurrentIndex(1 if self._clusters else 0)
        self.cluster.blockSignals(blocked)
        if customer_id is not None:
            self.cop.set_requests(cop_requests.cop_requests(self.service.db, customer_id))
        self._region_changed()

    def _region_changed(self) -> None:
        self._show_region()
        # In region time the wall-clock times stay as typed: they now mean the new region's.
        self.zone_choice.set_region_zone(self.region_zone())
        self._emit()

    def _type_changed(self) -> None:
        kind = self.event_type()
        emergency = kind is MaintenanceType.EMERGENCY
        self.emergency_combo.setVisible(emergency)
        self.labels["emergency"].setVisible(emergency)
        self.review.setVisible(kind is MaintenanceType.PARTNER_REQUEST)
        self.cop.setVisible(kind is MaintenanceType.COP)
        self._emit()

    def _notice_toggled(self, on: bool) -> None:
        self.notice_date.setEnabled(on)
        self._emit()

    def _show_region(self) -> None:
        region = self.region()
        if region is None:
            self.region_label.setText(_("No region: the customer has none."))
            return
        text = _("{region} – windows in {zone}").format(
            region=region.label, zone=self.service.region_ref(region).zone
        )
        info = next((c for c in self._clusters if c.id == self.cluster_id()), None)
        if info is not None and info.is_sme and info.publisher_region is not None:
            text += " " + _("(SME cluster: follows the region of its SME publisher, MAINT-2)")
        self.region_label.setText(text)

    # ------------------------------------------------------------ texts

    def retranslate(self) -> None:
        for key, title in ROWS:
            self.labels[key].setText(_(title))
        for i in range(self.type_combo.count()):
            self.type_combo.setItemText(i, MaintenanceType(self.type_combo.itemData(i)).label)
        self.emergency_combo.setItemText(0, _("Choose a reason…"))
        for i in range(1, self.emergency_combo.count() - 1):
            self.emergency_combo.setItemText(
                i, EmergencyReason(self.emergency_combo.itemData(i)).label
            )
        self.emergency_combo.setItemText(
            self.emergency_combo.count() - 1, _("Other (describe it in the description)")
        )
        self.emergency_combo.setToolTip(
            _(
                "Emergency changes are for: restoring service, reducing an outage's impact, "
                "preventing a likely outage, fixing a security vulnerability (MAINT-8)."
            )
        )
        blocked = self.cluster.blockSignals(True)
        if self.cluster.count():
            self.cluster.setItemText(0, _("(no cluster)"))
        self.cluster.blockSignals(blocked)
        self.urgent.setText(_("Urgent"))
        self.urgent.setToolTip(
            _(
                "Urgent changes (severe security issues, certificates about to expire) cannot be "
                "rescheduled (MAINT-7)."
            )
        )
        self.notice_check.setText(_("Sent on"))
        self.reason.setPlaceholderText(_("What is changed, and why"))
        self.zone_choice.retranslate()
        self._show_region()
        for edit in (self.start, self.end):
            edit.retranslate()
        self.review.retranslate()
        self.cop.retranslate()
