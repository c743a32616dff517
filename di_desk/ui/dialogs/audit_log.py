"""Help → Audit log: who changed what, when, from which value to which.

A lazy list over the ``audit_log`` table (newest first, paged from SQL), with
a filter by kind of record and a search over who, field and the old and new
values. Times are shown in the display zone.
"""

from __future__ import annotations

from typing import Any

from di_desk.i18n import N_, _, ngettext
from di_desk.i18n.formatting import format_datetime
from di_desk.services.listing import ListQuery
from di_desk.storage.errors import entity_label
from di_desk.ui.models.lazy_table import Column, LazyTableModel
from di_desk.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.table_view import LazyTableView

ALL = ""

#: audit entities that are not tables: reference data, demo data, imports per kind
OTHER_ENTITIES = {
    "reference": N_("Reference data"),
    "demo": N_("Demo data"),
    "customers": N_("Customers (import)"),
    "applications": N_("Applications (import)"),
    "cases": N_("Cases (import)"),
    "maintenance": N_("Maintenance (import)"),
    "backups": N_("Backups (import)"),
    "certificates": N_("Certificates (import)"),
}


def entity_text(entity: str) -> str:
    """The translated name of an audit entity."""
    label = OTHER_ENTITIES.get(entity)
    return _(label) if label else entity_label(entity)


class AuditLogDialog(QDialog):
    """The audit log of ``db``; ``display_zone`` is the zone times are shown in."""

    def __init__(self, db: Any, display_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from di_desk.storage.audit_source import AuditSource

        self.setObjectName("audit_log_dialog")
        self.display_zone = display_zone
        self.source = AuditSource(db)
        self.model = LazyTableModel(self.source, self._columns(), query=ListQuery(), parent=self)
        self.view = LazyTableView(self.model, parent=self)
        self.view.setObjectName("audit_log_view")
        self.view.setWordWrap(False)

        self.entity_label = QLabel(self)
        self.entity = QComboBox(self)
        self.entity.setObjectName("audit_entity")
        self.entity_label.setBuddy(self.entity)
        self.search_label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("audit_search")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.count_label = QLabel(self)
        self._entities = self.source.entities()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.entity.currentIndexChanged.connect(lambda _index: self.apply_filter())

        top = QHBoxLayout()
        top.addWidget(self.entity_label)
        top.addWidget(self.entity)
        top.addSpacing(12)
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.resize(1000, 560)
        self.retranslate()
        self.apply_filter()

    def _columns(self) -> tuple[Column, ...]:
        return (
            Column(
                "at",
                N_("Time"),
                formatter=lambda v, _row: format_datetime(v, self.display_zone) if v else "",
                width=170,
            ),
            Column("who", N_("Who"), width=110),
            Column(
                "entity",
                N_("Record"),
                formatter=lambda v, _row: entity_text(v) if v else "",
                width=150,
            ),
            Column("entity_id", N_("Id"), formatter=lambda v, _row: "" if v is None else str(v)),
            Column("field", N_("Field"), formatter=_field_text, width=140),
            Column("old", N_("Old value"), formatter=_value_text, sortable=False, width=200),
            Column("new", N_("New value"), formatter=_value_text, sortable=False, width=200),
        )

    # ------------------------------------------------------------------ filter

    def query(self) -> ListQuery:
        entity = self.entity.currentData()
        return ListQuery(
            text=self.search.text().strip(),
            filters={"entity": entity} if entity else {},
            sort_key=self.model.query.sort_key or "at",
            descending=self.model.query.descending if self.model.query.sort_key else True,
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_query(self.query())
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total_count()
        self.count_label.setText(
            ngettext("{count} change", "{count} changes", total).format(count=total)
        )

    def set_display_zone(self, zone: str) -> None:
        self.display_zone = zone
        self.model.retranslate()

    # ------------------------------------------------------------------ texts

    def retranslate(self) -> None:
        self.setWindowTitle(_("Audit log"))
        self.entity_label.setText(_("&Kind of record:"))
        self.search_label.setText(_("&Search:"))
        self.search.setPlaceholderText(_("Who, field, old or new value, or a record id"))
        current = self.entity.currentData()
        blocked = self.entity.blockSignals(True)
        self.entity.clear()
        self.entity.addItem(_("All"), ALL)
        for entity in sorted(self._entities, key=entity_text):
            self.entity.addItem(entity_text(entity), entity)
        index = self.entity.findData(current if current is not None else ALL)
        self.entity.setCurrentIndex(max(index, 0))
        self.entity.blockSignals(blocked)
        self.model.retranslate()
        self._update_count()


def _field_text(value: Any, _row: Any) -> str:
    if value is None:
        return ""
    if value == "import":
        return _("import")
    return str(value)


def _value_text(value: Any, _row: Any) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= 200 else text[:199] + "…"
