"""Draft a reschedule request (MAINT-6): reason, proposed windows, the e-mail.

The e-mail text and its ``mailto:`` link come from the domain
(:func:`di_desk.domain.reschedule.reschedule_request`); alternatives are
prefilled by :func:`~di_desk.domain.reschedule.suggest_alternatives` (the
provider still picks the date). Copying the text or opening the mail client
records the request in the Reschedule table. Emergency and urgent changes
cannot be rescheduled (MAINT-7): the dialog then only says so.
"""

from __future__ import annotations

from di_desk.domain.maintenance import MaintenanceEvent, reschedule_refusal
from di_desk.domain.reschedule import RescheduleDraft
from di_desk.domain.windows import Window
from di_desk.i18n import _
from di_desk.i18n.formatting import format_datetime, format_duration
from di_desk.services.maintenance import MaintenanceService
from di_desk.ui.qt import (
    QApplication,
    QDesktopServices,
    QDialog,
    QDialogButtonBox,
    QFont,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QtWidgets,
    QUrl,
    QVBoxLayout,
    QWidget,
)


class RescheduleDialog(QDialog):
    """Reason, alternatives and the drafted e-mail with Copy and Open buttons."""

    def __init__(
        self,
        service: MaintenanceService,
        event_id: int,
        event: MaintenanceEvent,
        customer_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reschedule_dialog")
        self.service = service
        self.event_id = event_id
        self.maintenance_event = event
        self.request_id: int | None = None
        self.refusal = reschedule_refusal(event, service.reference)
        self._windows: list[Window] = (
            service.alternatives(event, customer_id) if self.refusal is None else []
        )

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.reason_label = QLabel(self)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reschedule_reason")
        self.reason.setMaximumHeight(90)
        self.alternatives_label = QLabel(self)
        self.alternatives = QtWidgets.QListWidget(self)
        self.alternatives.setObjectName("reschedule_alternatives")
        self.alternatives.setMaximumHeight(90)
        for _window in self._windows:
            item = QtWidgets.QListWidgetItem(self.alternatives)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.sender_label = QLabel(self)
        self.sender_edit = QLineEdit(self)
        self.sender_edit.setObjectName("reschedule_sender")
        self.preview_label = QLabel(self)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("reschedule_text")
        self.preview.setReadOnly(True)
        mono = QFont(self.preview.font())
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.preview.setFont(mono)
        self.status = QLabel(self)
        self.status.setObjectName("reschedule_status")
        self.status.setWordWrap(True)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("reschedule_copy")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("reschedule_open")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        self.copy_button.clicked.connect(self.copy_text)
        self.open_button.clicked.connect(self.open_mail)
        self.reason.textChanged.connect(self.update_preview)
        self.sender_edit.textChanged.connect(self.update_preview)
        self.alternatives.itemChanged.connect(lambda _item: self.update_preview())

        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        for widget in (
            self.reason_label,
            self.reason,
            self.alternatives_label,
            self.alternatives,
            self.sender_label,
            self.sender_edit,
            self.preview_label,
        ):
            layout.addWidget(widget)
        layout.addWidget(self.preview, 1)
        layout.addLayout(actions)
        if self.refusal is not None:
            for widget in (self.reason, self.alternatives, self.sender_edit, self.copy_button):
                widget.setEnabled(False)
            self.open_button.setEnabled(False)
        self.resize(760, 640)
        self.retranslate()

    # ------------------------------------------------------------ the draft

    def chosen_alternatives(self) -> list[Window]:
        return [
            window
            for i, window in enumerate(self._windows)
            if self.alternatives.item(i).checkState() == Qt.CheckState.Checked
        ]

    def draft(self) -> RescheduleDraft | None:
        """The e-mail for what is typed; None without a reason (or for MAINT-7 cases)."""
        if self.refusal is not None or not self.reason.toPlainText().strip():
            return None
        return self.service.draft_reschedule(
            self.maintenance_event,
            self.reason.toPlainText(),
            self.chosen_alternatives(),
            sender=self.sender_edit.text(),
        )

    def update_preview(self) -> None:
        draft = self.draft()
        if self.refusal is not None:
            self.preview.setPlainText(self.refusal)
        elif draft is None:
            self.preview.setPlainText(
                _("Write the reason first: the provider needs a detailed reason (MAINT-6).")
            )
        else:
            self.preview.setPlainText(draft.text)
        ready = draft is not None
        self.copy_button.setEnabled(ready)
        self.open_button.setEnabled(ready)

    def _record(self, draft: RescheduleDraft) -> None:
        row = self.service.record_reschedule(
            self.event_id, self.reason.toPlainText(), self.request_id
        )
        self.request_id = int(row["id"])
        self.status.setText(
            _("Request recorded on {time}.").format(
                time=format_datetime(row["requested_at"], self.event_zone())
            )
        )

    def event_zone(self) -> str:
        return self.service.region_ref(self.maintenance_event.region).zone

    def copy_text(self) -> RescheduleDraft | None:
        draft = self.draft()
        if draft is None:
            self.reason.setFocus()
            return None
        QApplication.clipboard().setText(draft.text)
        self._record(draft)
        return draft

    def open_mail(self) -> RescheduleDraft | None:
        """Open the user's mail client with the drafted e-mail (a ``mailto:`` link)."""
        draft = self.draft()
        if draft is None:
            self.reason.setFocus()
            return None
        self._record(draft)
        if not QDesktopServices.openUrl(QUrl(draft.mailto)):
            self.status.setText(
                _("No mail client opened. Copy the text and send it to {address}.").format(
                    address=draft.to
                )
            )
        return draft

    # ------------------------------------------------------------ texts

    def retranslate(self) -> None:
        self.setWindowTitle(_("Draft reschedule request"))
        self.intro.setText(
            _(
                "Ask the provider's change management ({address}) for another date. The "
                "provider chooses the new date among its available dates (MAINT-6)."
            ).format(address=self.service.reference.change_management_email)
        )
        self.reason_label.setText(_("Detailed reason (required)"))
        self.reason.setPlaceholderText(
            _("Why does the scheduled time conflict with the customer's business priorities?")
        )
        self.alternatives_label.setText(_("Proposed alternatives (tick the ones to offer)"))
        zone_key = self.event_zone()
        for i, window in enumerate(self._windows):
            kind = _("weekend") if window.weekend else _("weekday")
            self.alternatives.item(i).setText(
                _("{window}, {length} ({kind})").format(
                    window=window.describe(), length=format_duration(window.duration), kind=kind
                )
            )
            self.alternatives.item(i).setToolTip(zone_key)
        self.sender_label.setText(_("Your name (signature, optional)"))
        self.preview_label.setText(_("E-mail"))
        self.copy_button.setText(_("Copy text"))
        self.open_button.setText(_("Open in mail client"))
        self.update_preview()
