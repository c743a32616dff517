"""The fields of the case editor: details (CASE-8, CASE-12) and classification
(CASE-1/2), each required field with a red message under it.

:class:`CaseForm` turns what the user typed into a
:class:`~di_desk.services.cases.CaseDraft` and back; it knows no rule: the
impact proposed for "affected of total users" comes from
:func:`di_desk.domain.cases.impact_for_share`, field errors from the services.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

from di_desk.domain.case_validation import FieldError, field_label
from di_desk.domain.cases import CaseError, impact_for_share
from di_desk.domain.enums import CaseCategory, Impact, Urgency
from di_desk.i18n import _
from di_desk.i18n.formatting import format_percent
from di_desk.services.cases import EXTRA_FIELD_LABELS, CaseDraft, CustomerChoice
from di_desk.ui.dialogs.case_widgets import ERROR_COLOUR, ErrorLabel
from di_desk.ui.qt import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    Qt,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: The text fields, in the order of the form.
TEXT_KEYS = ("partner", "contract", "rep_name", "rep_phone", "rep_email")
MAX_USERS = 10_000_000


def _label_for(key: str) -> str:
    if key in EXTRA_FIELD_LABELS:
        return _(EXTRA_FIELD_LABELS[key])
    return field_label(key)


class _EnumCombo(QComboBox):
    """A combo of enum members (their labels) with a "Choose…" entry for none."""

    def __init__(self, members: Iterable[Enum], name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._members = list(members)
        self.fill()

    def fill(self) -> None:
        keep = self.value()
        blocked = self.blockSignals(True)
        self.clear()
        self.addItem(_("Choose…"))
        for member in self._members:
            self.addItem(str(getattr(member, "label", member)))
        self.set_value(keep)
        self.blockSignals(blocked)

    def value(self) -> Any:
        """The chosen member (Qt turns ``str`` enums into plain strings: go by index)."""
        index = self.currentIndex()
        return self._members[index - 1] if index > 0 else None

    def set_value(self, value: Any) -> None:
        index = self._members.index(value) + 1 if value in self._members else 0
        self.setCurrentIndex(index)


class CaseForm(QWidget):
    """Details and classification of one case; emits ``edited`` on every change."""

    edited = Signal(str)  # the field key
    customer_changed = Signal()
    classification_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._customers: list[CustomerChoice] = []
        self._loading = False
        self.errors: dict[str, ErrorLabel] = {}
        self.titles: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}

        self.customer = QComboBox(self)
        self.customer.setObjectName("case_customer")
        self.customer.setEditable(True)
        self.customer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.customer.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.texts: dict[str, QLineEdit] = {}
        for key in TEXT_KEYS:
            edit = QLineEdit(self)
            edit.setObjectName(f"case_{key}")
            self.texts[key] = edit
        self.category = _EnumCombo(CaseCategory, "case_category", self)
        self.problem = QPlainTextEdit(self)
        self.problem.setObjectName("case_problem")
        self.problem.setTabChangesFocus(True)
        self.problem.setMinimumHeight(70)
        self.impact = _EnumCombo(Impact, "case_impact", self)
        self.urgency = _EnumCombo(Urgency, "case_urgency", self)
        self.affected = self._spin("case_affected")
        self.total = self._spin("case_total")
        self.share = QLabel(self)
        self.share.setObjectName("case_share")
        self.share.setWordWrap(True)
        #: the texts around the two spin boxes, from one translated template
        self.users_texts = [QLabel(self) for _i in range(3)]
        self.of_label = self.users_texts[1]

        self.details = QFormLayout()
        self.details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_row(self.details, "customer", self.customer)
        self._add_row(self.details, "partner", self.texts["partner"])
        self._add_row(self.details, "contract", self.texts["contract"])
        for key in ("rep_name", "rep_phone", "rep_email"):
            self._add_row(self.details, key, self.texts[key])
        self._add_row(self.details, "category", self.category)
        self._add_row(self.details, "problem", self.problem)

        helper = QHBoxLayout()
        helper.setContentsMargins(0, 0, 0, 0)
        self.users_row = helper
        helper_box = QVBoxLayout()
        helper_box.setContentsMargins(0, 0, 0, 0)
        helper_box.addLayout(helper)
        helper_box.addWidget(self.share)
        self.users_title = QLabel(self)
        self.classification = QFormLayout()
        self.classification.setFieldGrowthPolicy(
            QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
        )
        self.classification.addRow(self.users_title, helper_box)
        self._add_row(self.classification, "impact", self.impact)
        self._add_row(self.classification, "urgency", self.urgency)

        self.customer.currentTextChanged.connect(lambda _t: self._changed("customer"))
        for key, edit in self.texts.items():
            edit.textEdited.connect(lambda _t, key=key: self._changed(key))
        self.problem.textChanged.connect(lambda: self._changed("problem"))
        self.category.currentIndexChanged.connect(lambda _i: self._changed("category"))
        self.impact.currentIndexChanged.connect(lambda _i: self._changed("impact"))
        self.urgency.currentIndexChanged.connect(lambda _i: self._changed("urgency"))
        self.affected.valueChanged.connect(lambda _v: self._propose_impact())
        self.total.valueChanged.connect(lambda _v: self._propose_impact())
        self.retranslate()

    def _lay_out_users(self, template: str) -> None:
        """Place the two spin boxes and the texts around them as ``template`` says."""
        parts: list[tuple[str, str | None]] = [
            (literal, field) for literal, field, _spec, _conv in string.Formatter().parse(template)
        ]
        spins = {"affected": self.affected, "total": self.total}
        while self.users_row.count():
            self.users_row.takeAt(0)
        labels = iter(self.users_texts)
        for literal, field in parts:
            label = next(labels, None)
            if label is not None:
                label.setText(literal.strip())
                label.setVisible(bool(literal.strip()))
                self.users_row.addWidget(label)
            if field in spins:
                self.users_row.addWidget(spins.pop(field))
        for label in labels:
            label.setText("")
            label.hide()
        for spin in spins.values():  # a template that drops one keeps it usable
            self.users_row.addWidget(spin)
        self.users_row.addStretch(1)

    def _spin(self, name: str) -> QtWidgets.QSpinBox:
        spin = QtWidgets.QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(0, MAX_USERS)
        spin.setGroupSeparatorShown(True)
        spin.setMinimumWidth(90)
        return spin

    def _add_row(self, form: QFormLayout, key: str, widget: QWidget) -> None:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        error = ErrorLabel(box)
        error.setObjectName(f"error_{key}")
        layout.addWidget(error)
        title = QLabel(self)
        title.setBuddy(widget)
        form.addRow(title, box)
        self.errors[key] = error
        self.titles[key] = title
        self.widgets[key] = widget

    # ------------------------------------------------------------------- values

    def set_customers(self, customers: Sequence[CustomerChoice]) -> None:
        self._customers = list(customers)
        text = self.customer.currentText()
        blocked = self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItems([c.name for c in self._customers])
        self.customer.setCurrentIndex(-1)
        self.customer.setEditText(text)
        self.customer.blockSignals(blocked)

    def selected_customer(self) -> CustomerChoice | None:
        """The customer whose name is typed or chosen (case-insensitive), or None."""
        text = self.customer.currentText().strip().casefold()
        return next((c for c in self._customers if c.name.casefold() == text), None)

    def set_values(self, values: Mapping[str, Any], customer: str = "") -> None:
        """Show stored (or default) values without emitting ``edited``."""
        self._loading = True
        try:
            self.customer.setEditText(customer)
            for key, edit in self.texts.items():
                edit.setText(str(values.get(key) or ""))
            self.problem.setPlainText(str(values.get("problem") or ""))
            self.category.set_value(values.get("category"))
            self.impact.set_value(values.get("impact"))
            self.urgency.set_value(values.get("urgency"))
            for spin in (self.affected, self.total):
                blocked = spin.blockSignals(True)
                spin.setValue(0)
                spin.blockSignals(blocked)
            self.share.clear()
            self.share.hide()
            self.clear_errors()
        finally:
            self._loading = False

    def draft(self, case_id: int | None = None, row_version: int | None = None) -> CaseDraft:
        customer = self.selected_customer()
        return CaseDraft(
            customer_id=customer.id if customer is not None else None,
            partner=self.texts["partner"].text(),
            contract=self.texts["contract"].text(),
            rep_name=self.texts["rep_name"].text(),
            rep_phone=self.texts["rep_phone"].text(),
            rep_email=self.texts["rep_email"].text(),
            category=self.category.value(),
            problem=self.problem.toPlainText(),
            impact=self.impact.value(),
            urgency=self.urgency.value(),
            id=case_id,
            row_version=row_version,
        )

    def set_classification_editable(self, editable: bool) -> None:
        """Impact and urgency are fixed once a case is opened (CASE-9 changes severity)."""
        for widget in (self.impact, self.urgency, self.affected, self.total):
            widget.setEnabled(editable)
        self.classification.setRowVisible(0, editable)  # the users helper
        self._classification_editable = editable
        self._classification_tips()

    def _classification_tips(self) -> None:
        editable = getattr(self, "_classification_editable", True)
        tip = "" if editable else _("Fixed once the case is opened; use Change severity.")
        self.impact.setToolTip(tip)
        self.urgency.setToolTip(tip)

    def has_errors(self) -> bool:
        """True while a field shows an error."""
        return any(not label.isHidden() for label in self.errors.values())

    def typed_summary(self) -> str:
        """What the user typed, one "label: value" line per field (for a stale edit)."""
        lines = [
            _("{label}: {value}").format(
                label=_label_for("customer"), value=self.customer.currentText()
            )
        ]
        for key, edit in self.texts.items():
            lines.append(_("{label}: {value}").format(label=_label_for(key), value=edit.text()))
        for key, combo in (
            ("category", self.category),
            ("impact", self.impact),
            ("urgency", self.urgency),
        ):
            lines.append(
                _("{label}: {value}").format(label=_label_for(key), value=combo.currentText())
            )
        lines.append(_("{label}:").format(label=_label_for("problem")))
        lines.append(self.problem.toPlainText())
        return "\n".join(lines)

    # ------------------------------------------------------------------- errors

    def show_errors(self, errors: Sequence[FieldError]) -> QWidget | None:
        """Show each error under its field; returns the first offending widget."""
        self.clear_errors()
        first: QWidget | None = None
        for error in errors:
            label = self.errors.get(error.field)
            if label is None:
                continue
            label.show_message(error.message)
            if first is None:
                first = self.widgets[error.field]
        return first

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_message()

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return "" if label.isHidden() else label.text()

    # --------------------------------------------------------------- internals

    def _changed(self, key: str) -> None:
        if self._loading:
            return
        self.errors[key].clear_message()
        if key == "customer":
            self.customer_changed.emit()
        if key in ("impact", "urgency", "customer"):
            self.classification_changed.emit()
        self.edited.emit(key)

    def _propose_impact(self) -> None:
        """CASE-1: propose the impact for "affected of total users"."""
        affected, total = self.affected.value(), self.total.value()
        if total == 0 and affected == 0:
            self.share.clear()
            self.share.hide()
            return
        self.share.show()
        try:
            impact = impact_for_share(affected, total)
        except CaseError as exc:
            self.share.setStyleSheet(f"QLabel {{ color: {ERROR_COLOUR}; }}")
            self.share.setText(str(exc))
            return
        self.share.setStyleSheet("")
        self.share.setText(
            _("{share} of the users: {impact} proposed").format(
                share=format_percent(affected / total, digits=0), impact=impact.label
            )
        )
        if self.impact.value() is not impact:
            self.impact.set_value(impact)

    def retranslate(self) -> None:
        for key, title in self.titles.items():
            title.setText(_("{label}:").format(label=_label_for(key)))
        self.users_title.setText(_("Users affected:"))
        self._lay_out_users(_("{affected} of {total}"))
        self.affected.setToolTip(_("Users affected by the problem"))
        self.total.setToolTip(_("All users of the customer's environment"))
        self.problem.setPlaceholderText(_("What is wrong, since when, what was tried"))
        self.texts["rep_phone"].setPlaceholderText(_("e.g. +31 20 123 4567"))
        self.texts["rep_email"].setPlaceholderText(_("name@partner.example"))
        self.customer.lineEdit().setPlaceholderText(_("Type or choose a customer"))
        self._classification_tips()
        for combo in (self.category, self.impact, self.urgency):
            blocked = combo.blockSignals(True)
            combo.fill()
            combo.blockSignals(blocked)
        self._propose_impact()
