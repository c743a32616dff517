"""Parts of the event editor shown for some types only.

* :class:`ReviewSection` — the joint review of a partner-requested change
  (MAINT-9): the current state and one button per move the domain allows.
* :class:`CopSection` — COP installs (MAINT-13): which process applies and
  the steps of the COP request, ticked in order.
"""

from __future__ import annotations

from di_desk.domain.change_requests import ChangeRequestState, allowed_transitions
from di_desk.domain.cop import COP_STEPS, CopPath, CopRequest, CopStep, step_actor
from di_desk.i18n import N_, _
from di_desk.i18n.formatting import format_date
from di_desk.services.cop_requests import CopRequestInfo
from di_desk.ui.qt import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: short names of the COP processes for the chooser (the long text explains)
PATH_TITLES = {
    CopPath.CUSTOMER_REQUEST: N_("Customer-initiated"),
    CopPath.PROVIDER_REGULAR: N_("Provider-initiated"),
    CopPath.PROVIDER_EMERGENCY: N_("Provider-initiated emergency"),
}


class ReviewSection(QtWidgets.QGroupBox):
    """MAINT-9: requested → under joint review → approved/rejected → scheduled."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_section")
        self._state = ChangeRequestState.REQUESTED
        self.state_label = QLabel(self)
        self.state_label.setObjectName("review_state")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #505050;")
        self.buttons: dict[ChangeRequestState, QPushButton] = {}
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addWidget(self.state_label)
        self._row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self._row)
        layout.addWidget(self.hint)
        self.retranslate()

    def state(self) -> ChangeRequestState:
        return self._state

    def set_state(self, state: ChangeRequestState) -> None:
        self._state = state
        self._rebuild()

    def move_to(self, target: ChangeRequestState) -> None:
        """Take one of the offered moves (the buttons only offer legal ones)."""
        if target in allowed_transitions(self._state):
            self.set_state(target)
            self.changed.emit()

    def _rebuild(self) -> None:
        for button in self.buttons.values():
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for target in allowed_transitions(self._state):
            button = QPushButton(self)
            button.setObjectName(f"review_to_{target.value}")
            button.clicked.connect(lambda _c=False, t=target: self.move_to(t))
            self._row.addWidget(button)
            self.buttons[target] = button
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Joint review (MAINT-9)"))
        self.state_label.setText(_("State: {state}").format(state=self._state.label))
        for target, button in self.buttons.items():
            button.setText(_("→ {state}").format(state=target.label))
        final = _("This state is final.") if not self.buttons else ""
        self.hint.setText(
            " ".join(
                part
                for part in (
                    _(
                        "Partner-requested changes need a joint review: requested → under "
                        "joint review → approved or rejected → scheduled. Only an approved "
                        "change may be scheduled."
                    ),
                    final,
                )
                if part
            )
        )


class CopSection(QtWidgets.QGroupBox):
    """MAINT-13: the process of a COP install and the steps of its request."""

    changed = Signal()
    path_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cop_section")
        self._requests: list[CopRequestInfo] = []
        self._pending: list[CopStep] = []
        self.path_combo = QComboBox(self)
        self.path_combo.setObjectName("cop_path")
        for path in CopPath:
            self.path_combo.addItem("", path.value)
        self.path_text = QLabel(self)
        self.path_text.setWordWrap(True)
        self.path_text.setStyleSheet("color: #505050;")
        self.request_combo = QComboBox(self)
        self.request_combo.setObjectName("cop_request")
        self.request_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.request_combo.setMinimumContentsLength(16)
        self.request_label = QLabel(self)
        self.steps: dict[CopStep, QCheckBox] = {}
        steps_box = QVBoxLayout()
        steps_box.setSpacing(1)
        for step in COP_STEPS:
            box = QCheckBox(self)
            box.setObjectName(f"cop_step_{step.value}")
            box.toggled.connect(lambda on, s=step: self._toggled(s, on))
            self.steps[step] = box
            steps_box.addWidget(box)
        top = QHBoxLayout()
        top.addWidget(self.path_combo)
        top.addStretch(1)
        request_row = QHBoxLayout()
        request_row.addWidget(self.request_label)
        request_row.addWidget(self.request_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.path_text)
        layout.addLayout(request_row)
        layout.addLayout(steps_box)
        self.path_combo.currentIndexChanged.connect(self._path_changed)
        self.request_combo.currentIndexChanged.connect(lambda _i: self._request_changed())
        self.retranslate()

    # ------------------------------------------------------------ API

    def path(self) -> CopPath:
        return CopPath(self.path_combo.currentData())

    def set_path(self, path: CopPath) -> None:
        self.path_combo.setCurrentIndex(list(CopPath).index(path))

    def set_requests(self, requests: list[CopRequestInfo], select: int | None = None) -> None:
        self._requests = list(requests)
        blocked = self.request_combo.blockSignals(True)
        self.request_combo.clear()
        self.request_combo.addItem("", None)
        chosen = 0
        for i, info in enumerate(self._requests, start=1):
            self.request_combo.addItem("", info.id)
            if info.id == select or (
                select is None and chosen == 0 and not info.request.is_complete
            ):
                chosen = i
        self.request_combo.setCurrentIndex(chosen)
        self.request_combo.blockSignals(blocked)
        self.retranslate()
        self._request_changed()

    def request_id(self) -> int | None:
        return self.request_combo.currentData()

    def pending_steps(self) -> list[CopStep]:
        """Steps ticked in this dialog (in order), to be saved with the event."""
        return list(self._pending)

    def current_request(self) -> CopRequest:
        info = self._info()
        return info.request if info else CopRequest(customer="", cop_file="")

    # ------------------------------------------------------------ internals

    def _info(self) -> CopRequestInfo | None:
        rid = self.request_id()
        return next((i for i in self._requests if i.id == rid), None)

    def _request_changed(self) -> None:
        self._pending = []
        self._show_steps()
        self.changed.emit()

    def _show_steps(self) -> None:
        request = self.current_request()
        done = {s for s, _at in request.completed} | set(self._pending)
        next_step = next((s for s in COP_STEPS if s not in done), None)
        last_pending = self._pending[-1] if self._pending else None
        for step, box in self.steps.items():
            blocked = box.blockSignals(True)
            box.setChecked(step in done)
            # Only the next step can be ticked, only the last ticked one un-ticked.
            box.setEnabled(step in (next_step, last_pending))
            box.blockSignals(blocked)
        self._step_texts()

    def _toggled(self, step: CopStep, on: bool) -> None:
        if on and step not in self._pending:
            self._pending.append(step)
        elif not on and self._pending and self._pending[-1] == step:
            self._pending.pop()
        self._show_steps()
        self.changed.emit()

    def _path_changed(self, _index: int) -> None:
        self.path_text.setText(self.path().label)
        self.path_changed.emit(self.path())
        self.changed.emit()

    def _step_texts(self) -> None:
        request = self.current_request()
        done_at = dict(request.completed)
        for step, box in self.steps.items():
            text = _("{step} ({actor})").format(step=step.label, actor=step_actor(step))
            if step in done_at:
                text = _("{step} – done {date}").format(step=text, date=format_date(done_at[step]))
            box.setText(text)

    def retranslate(self) -> None:
        self.setTitle(_("COP install (MAINT-13)"))
        for i, path in enumerate(CopPath):
            self.path_combo.setItemText(i, _(PATH_TITLES[path]))
        self.path_text.setText(self.path().label)
        self.request_label.setText(_("COP request:"))
        self.request_combo.setItemText(0, _("New COP request"))
        for i, info in enumerate(self._requests, start=1):
            self.request_combo.setItemText(
                i,
                _("{description} (requested {date})").format(
                    description=info.description, date=format_date(info.requested_at)
                ),
            )
        self._step_texts()
