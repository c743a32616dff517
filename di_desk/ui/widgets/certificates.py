"""Certificates and their renewals (MAINT-10), shown from the Maintenance tab.

The provider renews UC application certificates only 3–7 days before they
expire: for expiry E the expected renewal window is [E − 7 days, E − 3 days].
The list shows every certificate with its customer, cluster and application,
the expiry and the window in the display zone, and the state of the renewal
(:class:`~di_desk.domain.certificate_progress.RenewalProgress`). For a
customer with SSO on UC applications each renewal has four follow-up actions
(disable SSO, re-import the IdP metadata file, re-enable SSO, validate SSO);
their ticks are stored per renewal (:mod:`di_desk.services.certificates`).
The table model and cell texts are in :mod:`di_desk.ui.widgets.certificate_model`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from di_desk.domain.certificate_progress import RenewalProgress
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import _, ngettext
from di_desk.i18n.formatting import format_datetime
from di_desk.services import certificates as svc
from di_desk.storage.errors import RowNotFound, StaleEdit
from di_desk.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from di_desk.ui.widgets.certificate_model import (
    STATUS_COLOURS,
    CertificateModel,
    cluster_text,
    window_text,
)

#: the status filter's entries besides the single states
ATTENTION = "attention"
ALL = "all"


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class CertificatesWidget(QWidget):
    """Filter, list and detail of certificate renewals with the SSO follow-up checklist."""

    #: the certificates changed (renewal recorded, follow-up ticked)
    changed = Signal()

    def __init__(
        self,
        db: Any,
        *,
        reference: Callable[[], ReferenceData],
        display_zone: str,
        now: Callable[[], datetime] = _utc_now,
        who: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certificates")
        self.db = db
        self._reference = reference
        self.display_zone = display_zone
        self._now = now
        self.who = who
        self._all_rows: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None
        self._follow_ups: list[svc.FollowUp] = []
        self.message_box: QMessageBox | None = None

        self.customer_label = QLabel(self)
        self.customer_combo = QComboBox(self)
        self.customer_combo.setObjectName("certificates_customer")
        self.customer_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.customer_combo.setMinimumContentsLength(18)
        self.customer_combo.addItem("", 0)
        self.status_label = QLabel(self)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("certificates_status")
        for key in (ATTENTION, ALL, *(p.value for p in RenewalProgress)):
            self.status_combo.addItem("", key)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("certificates_count")

        self.model = CertificateModel(display_zone, self)
        self.view = QTableView(self)
        self.view.setObjectName("certificates_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((210, 140, 165, 150, 255, 110)):
            header.resizeSection(column, width)

        self.detail = QWidget(self)
        self.detail.setObjectName("certificate_detail")
        self.heading = QLabel(self.detail)
        self.heading.setObjectName("certificate_heading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        self.field_labels: dict[str, QLabel] = {}
        for key in ("customer", "cluster", "expires", "window", "status", "renewed"):
            label = QLabel(self.detail)
            value = QLabel(self.detail)
            value.setObjectName(f"certificate_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.field_labels[key] = label
            self.fields[key] = value
            self.form.addRow(label, value)
        self.renew_button = QPushButton(self.detail)
        self.renew_button.setObjectName("certificate_renewed")
        self.rule_note = QLabel(self.detail)
        self.rule_note.setWordWrap(True)
        self.rule_note.setObjectName("certificate_rule")

        self.sso_box = QGroupBox(self.detail)
        self.sso_box.setObjectName("certificate_sso")
        self.sso_layout = QVBoxLayout(self.sso_box)
        self.sso_note = QLabel(self.sso_box)
        self.sso_note.setWordWrap(True)
        self.sso_layout.addWidget(self.sso_note)
        self.checks: list[QCheckBox] = []
        self.check_notes: list[QLabel] = []

        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addLayout(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.renew_button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.sso_box)
        detail_layout.addWidget(self.rule_note)
        detail_layout.addStretch(1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([985, 355])

        bar = QHBoxLayout()
        bar.addWidget(self.customer_label)
        bar.addWidget(self.customer_combo)
        bar.addSpacing(12)
        bar.addWidget(self.status_label)
        bar.addWidget(self.status_combo)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self.customer_combo.currentIndexChanged.connect(self._apply_filter)
        self.status_combo.currentIndexChanged.connect(self._apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.renew_button.clicked.connect(self.toggle_renewed)
        self.retranslate()
        self.refresh()

    # -- public

    def refresh(self) -> None:
        """Re-read every certificate (and the customers that have some)."""
        if self.db is None:
            self._all_rows = []
        else:
            reference = self._reference()
            self._all_rows = svc.certificate_rows(reference, self._now())
            self._fill_customers(svc.certificate_customers(reference))
        self._apply_filter()

    def set_display_zone(self, zone: str) -> None:
        self.display_zone = zone
        self.model.display_zone = zone
        self.model.retranslate()
        self._show_detail()

    def set_customer(self, customer_id: int | None) -> None:
        index = self.customer_combo.findData(customer_id if customer_id is not None else 0)
        if index >= 0:
            self.customer_combo.setCurrentIndex(index)

    def set_status_filter(self, key: str) -> None:
        index = self.status_combo.findData(key)
        if index >= 0:
            self.status_combo.setCurrentIndex(index)

    def select_certificate(self, certificate_id: int) -> bool:
        row = self.model.row_of(certificate_id)
        if row < 0:
            return False
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, 0))
        return True

    def current(self) -> dict[str, Any] | None:
        return self._current

    def retranslate(self) -> None:
        self.customer_label.setText(_("Customer:"))
        self.customer_combo.setItemText(0, _("All customers"))
        self.status_label.setText(_("Show:"))
        for index in range(self.status_combo.count()):
            key = self.status_combo.itemData(index)
            if key == ATTENTION:
                text = _("Needs attention")
            elif key == ALL:
                text = _("All certificates")
            else:
                text = RenewalProgress(key).label
            self.status_combo.setItemText(index, text)
        self.status_combo.setToolTip(
            _(
                "Needs attention: in or past the renewal window, or renewed with SSO "
                "follow-ups still open."
            )
        )
        labels = {
            "customer": _("Customer:"),
            "cluster": _("Cluster / application:"),
            "expires": _("Expires:"),
            "window": _("Expected renewal:"),
            "status": _("Status:"),
            "renewed": _("Renewed:"),
        }
        for key, text in labels.items():
            self.field_labels[key].setText(text)
        self.sso_box.setTitle(_("SSO follow-ups after the renewal"))
        self.rule_note.setText(
            _(
                "MAINT-10: the provider renews UC application certificates only 3–7 days "
                "before they expire. Urgent renewals of certificates about to expire "
                "cannot be rescheduled (MAINT-7)."
            )
        )
        self.model.retranslate()
        self._update_count()
        self._show_detail()

    # -- actions

    def toggle_renewed(self) -> None:
        """Record the renewal now, or clear a recorded one (audited, row version checked)."""
        row = self._current
        if row is None or self.db is None:
            return
        done = row["status"] is RenewalProgress.DONE
        try:
            svc.mark_renewed(
                self.db, row["id"], row["row_version"], None if done else self._now(), who=self.who
            )
        except (StaleEdit, RowNotFound):
            self._tell(
                _("This certificate was changed elsewhere; the list was reloaded. Try again.")
            )
            self.refresh()
            return
        self._reload_current()

    def set_follow_up(self, position: int, done: bool) -> None:
        """Tick or untick follow-up ``position`` (1-based) of the current renewal."""
        row = self._current
        if row is None or self.db is None or not row["sso"]:
            return
        action = self._follow_ups[position - 1].action
        svc.set_follow_up(
            self.db,
            row["id"],
            row["expires_at"],
            position,
            action,
            done,
            now=self._now(),
            who=self.who,
        )
        self._reload_current()

    # -- internals

    def _reload_current(self) -> None:
        row = self._current
        if row is None:
            return
        fresh = svc.certificate_rows(self._reference(), self._now(), certificate_ids=[row["id"]])
        if not fresh:
            self.refresh()
            return
        for index, old in enumerate(self._all_rows):
            if old["id"] == row["id"]:
                self._all_rows[index] = fresh[0]
        self.model.replace_row(fresh[0])
        self._current = fresh[0]
        self._show_detail()
        self.changed.emit()

    def _fill_customers(self, customers: list[tuple[int, str]]) -> None:
        current = self.customer_combo.currentData()
        blocked = self.customer_combo.blockSignals(True)
        self.customer_combo.clear()
        self.customer_combo.addItem(_("All customers"), 0)
        for cid, name in customers:
            self.customer_combo.addItem(name, cid)
        index = self.customer_combo.findData(current)
        self.customer_combo.setCurrentIndex(max(index, 0))
        self.customer_combo.blockSignals(blocked)

    def _apply_filter(self) -> None:
        customer = self.customer_combo.currentData() or 0
        status = self.status_combo.currentData()
        rows = self._all_rows
        if customer:
            rows = [r for r in rows if r["customer_id"] == customer]
        if status == ATTENTION:
            rows = [r for r in rows if svc.needs_attention(r)]
        elif status != ALL:
            rows = [r for r in rows if r["status"].value == status]
        keep = self._current["id"] if self._current else None
        self.model.set_rows(rows)
        self._update_count()
        if keep is None or not self.select_certificate(keep):
            if rows:
                self.select_certificate(rows[0]["id"])
            else:
                self._current = None
                self._show_detail()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self._all_rows)
        self.count_label.setText(
            ngettext(
                "{shown} of {total} certificate", "{shown} of {total} certificates", total
            ).format(shown=shown, total=total)
        )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._current = self.model.rows[current.row()] if current.isValid() else None
        self._show_detail()

    def _show_detail(self) -> None:
        row = self._current
        self.detail.setEnabled(row is not None)
        if row is None:
            self.heading.setText(
                _("No certificate selected.") if self._all_rows else _("No certificates.")
            )
            for value in self.fields.values():
                value.setText("")
            self.renew_button.setText(_("Record renewal"))
            self.renew_button.setToolTip(_("Record that the provider renewed this certificate."))
            self._show_follow_ups(None)
            return
        zone, own = self.display_zone, row["zone"]
        self.heading.setText(row["subject"])
        self.fields["customer"].setText(row["customer"])
        self.fields["cluster"].setText(cluster_text(row) or "–")
        expires = format_datetime(row["expires_at"], zone, show_zone=True)
        if own != zone:
            expires = _("{time} ({other} customer time)").format(
                time=expires, other=format_datetime(row["expires_at"], own, show_zone=True)
            )
        self.fields["expires"].setText(expires)
        window = window_text(row, zone)
        if own != zone:
            window += "\n" + _("{window} customer time").format(window=window_text(row, own))
        self.fields["window"].setText(window)
        self.fields["status"].setText(row["status"].label)
        colour = STATUS_COLOURS.get(row["status"])
        self.fields["status"].setStyleSheet(
            f"background: {colour.name()}; padding: 2px 4px;" if colour else ""
        )
        renewed = row["renewed_at"]
        done = row["status"] is RenewalProgress.DONE
        if renewed is None:
            renewed_text = _("Not recorded")
        elif done:
            renewed_text = format_datetime(renewed, zone, show_zone=True)
        else:  # an older renewal: the one that made the current certificate
            renewed_text = _("Not yet for this expiry (previous renewal: {time})").format(
                time=format_datetime(renewed, zone)
            )
        self.fields["renewed"].setText(renewed_text)
        self.renew_button.setText(_("Clear the renewal") if done else _("Record renewal now"))
        self.renew_button.setToolTip(
            _("Remove the recorded renewal of this certificate.")
            if done
            else _("Record that the provider renewed this certificate.")
        )
        self._show_follow_ups(row)

    def _show_follow_ups(self, row: dict[str, Any] | None) -> None:
        for widget in (*self.checks, *self.check_notes):
            self.sso_layout.removeWidget(widget)
            widget.deleteLater()
        self.checks, self.check_notes = [], []
        if row is None:
            self.sso_note.setText("")
            self._follow_ups = []
            return
        if not row["sso"]:
            self.sso_note.setText(
                _("{customer} does not use SSO on UC applications: no follow-up actions.").format(
                    customer=row["customer"]
                )
            )
            self._follow_ups = []
            return
        self._follow_ups = list(svc.follow_ups(row["id"], row["expires_at"], self._reference()))
        done = row["status"] is RenewalProgress.DONE
        self.sso_note.setText(
            _("After the renewal, in this order:")
            if done
            else _("To do after the renewal (expected {window}):").format(
                window=window_text(row, self.display_zone)
            )
        )
        for follow_up in self._follow_ups:
            check = QCheckBox(
                _("{order}. {action}").format(order=follow_up.position, action=follow_up.title),
                self.sso_box,
            )
            check.setObjectName(f"follow_up_{follow_up.position}")
            check.setChecked(follow_up.done)
            check.toggled.connect(
                lambda on, position=follow_up.position: self.set_follow_up(position, on)
            )
            note = QLabel(self.sso_box)
            note.setIndent(24)
            note.setStyleSheet("color: palette(mid);")
            if follow_up.done_at is not None:
                note.setText(
                    _("Done {time} by {who}").format(
                        time=format_datetime(follow_up.done_at, self.display_zone),
                        who=follow_up.done_by or "?",
                    )
                )
            self.sso_layout.addWidget(check)
            self.sso_layout.addWidget(note)
            note.setVisible(follow_up.done_at is not None)
            self.checks.append(check)
            self.check_notes.append(note)

    def _tell(self, text: str) -> None:
        ok = QMessageBox.StandardButton.Ok
        box = QMessageBox(QMessageBox.Icon.Information, _("Certificates"), text, ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box


class CertificatesDialog(QDialog):
    """The certificate list as a window of its own (opened from the Maintenance tab)."""

    def __init__(self, widget: CertificatesWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificates_dialog")
        self.widget = widget
        widget.setParent(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(widget, 1)
        layout.addWidget(self.buttons)
        self.resize(1280, 640)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Certificates (MAINT-10)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.widget.retranslate()
