"""Customers tab: the customer list and one customer's details.

The list (:class:`~di_desk.storage.sources.CustomerSource`, SQL-side search,
region filter and sort) shows region, holiday calendar, zone, SSO and
contracted / planned Knowledge Workers and Workspace devices with the CAP-1
over-capacity flag. The panel beside it (:mod:`.customer_detail`) shows the
selected customer's installation, capacity, blackout periods and backup
checklist. Ctrl+N adds a customer, Enter or a double-click edits one,
Delete removes one (after confirmation). ``select_record(customer_id)`` is
the target of ``context.navigate("customers", id)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from di_desk.domain.capacity import over_capacity
from di_desk.domain.enums import Region
from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.i18n import N_, _, ngettext
from di_desk.i18n.formatting import format_number
from di_desk.services import customers as svc
from di_desk.services.listing import ListQuery
from di_desk.services.user import current_user
from di_desk.storage.errors import StorageError
from di_desk.ui.dialogs.customer import CustomerDialog
from di_desk.ui.filter_bar import FilterBar, FilterSpec
from di_desk.ui.models.lazy_table import RIGHT, Column, LazyTableModel
from di_desk.ui.qt import (
    QBrush,
    QColor,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.settings import Settings
from di_desk.ui.table_view import LazyTableView
from di_desk.ui.tabs.base import TabContext
from di_desk.ui.tabs.customer_detail import CustomerDetail, warn

REGION = FilterSpec("region", N_("Region"), N_("All regions"))
OVER_BACKGROUND = "#f6d5d8"
DEFAULT_FOREGROUND = "#707070"


class CustomersTab(QWidget):
    """The customer list with a detail panel."""

    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customers_tab")
        self.context = context
        self.db = context.db
        self.reference: ReferenceData = DEFAULT_REFERENCE
        self.source: Any = None
        if self.db is not None:
            from di_desk.storage import CustomerSource, load_reference

            self.reference = load_reference(self.db)
            self.source = CustomerSource(self.db)

        self.model = LazyTableModel(
            self.source, self._columns(), query=ListQuery(sort_key="name"), parent=self
        )
        self.view = LazyTableView(self.model, state_key="customers", parent=self)
        self.bar = FilterBar(
            combos=(REGION,), dates=False, display_zone=context.display_zone, parent=self
        )
        self.bar.set_choices("region", [(r.value, lambda r=r: r.label) for r in Region])
        self.bar.query_changed.connect(self.model.set_query)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("customers_count")
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("customers_new")
        self.new_button.clicked.connect(self.new_record)
        self.new_button.setEnabled(self.db is not None)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(self.db is None)

        self.detail = CustomerDetail(
            self.db,
            who=current_user,
            now=context.now,
            display_zone=lambda: self.context.display_zone,
            parent=self,
        )
        self.detail.reference = self.reference
        self.detail.changed.connect(self._detail_changed)
        self.detail.edit_requested.connect(self.edit_current)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.bar)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.empty, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.new_button)
        left_layout.addLayout(bottom)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("customers_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([810, 530])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.model.total_changed.connect(lambda _n: self._show_count())
        self.view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._current_changed()
        )
        self.model.modelReset.connect(self._current_changed)
        self.view.id_activated.connect(self.edit_customer)
        if context.events is not None:
            context.events.data_changed.connect(self._data_changed)
        self._shown = False
        self.retranslate()
        if self.db is not None:
            self.view.setVisible(True)
            self.view.selectRow(0)
        else:
            self.view.hide()

    # -------------------------------------------------------------- columns

    def _default_of(self, key: str, row: Mapping[str, Any]) -> str:
        calendar, zone = svc.region_defaults(row, self.reference)
        return calendar if key == "calendar" else zone

    def _columns(self) -> tuple[Column, ...]:
        def own_or_default(key: str) -> Column:
            return Column(
                key,
                N_("Calendar") if key == "calendar" else N_("Time zone"),
                formatter=lambda v, row: v or self._default_of(key, row),
                foreground=lambda v, row: None if v else QBrush(QColor(DEFAULT_FOREGROUND)),
                cell_tooltip=lambda v, row: None if v else _("The region's default"),
                width=70 if key == "calendar" else 122,
            )

        def counts(kind: str) -> Column:
            contracted, planned = f"contracted_{kind}", f"planned_{kind}"
            return Column(
                planned,
                N_("Knowledge Workers") if kind == "knowledge_workers" else N_("Workspace devices"),
                formatter=lambda v, row: _("{contracted} / {planned}").format(
                    contracted=format_number(row.get(contracted) or 0),
                    planned=format_number(row.get(planned) or 0),
                ),
                background=lambda v, row: (
                    QBrush(QColor(OVER_BACKGROUND))
                    if (row.get(planned) or 0) > (row.get(contracted) or 0)
                    else None
                ),
                alignment=RIGHT,
                tooltip=N_("Contracted / planned (CAP-1)"),
                width=124 if kind == "knowledge_workers" else 142,  # "Workspace-apparaten"
            )

        return (
            Column("name", N_("Name"), width=142),
            Column("region", N_("Region"), width=52),
            own_or_default("calendar"),
            own_or_default("zone"),
            Column("sso", N_("SSO"), width=40),
            counts("knowledge_workers"),
            counts("workspace_devices"),
            Column(
                "capacity",
                N_("Capacity"),
                formatter=lambda v, row: _("Over") if self._over(row) else _("Within"),
                background=lambda v, row: (
                    QBrush(QColor(OVER_BACKGROUND)) if self._over(row) else None
                ),
                foreground=lambda v, row: QBrush(QColor("#1a1a1a")) if self._over(row) else None,
                sortable=False,
                tooltip=N_("Planned growth beyond the contracted capacity (CAP-1)"),
                width=88,
            ),
        )

    @staticmethod
    def _over(row: Mapping[str, Any]) -> bool:
        capacity = svc.capacity_of(row)
        return bool(capacity and over_capacity(capacity))

    # ------------------------------------------------------------ selection

    def current_customer_id(self) -> int | None:
        return self.view.current_id()

    def _current_changed(self) -> None:
        customer_id = self.current_customer_id()
        current = self.detail.detail.id if self.detail.detail else None
        if customer_id != current or customer_id is None:
            self.detail.load(customer_id, self.reference)

    def _find(self, record_id: int) -> bool:
        while self.model.row_of_id(record_id) is None and self.model.canFetchMore():
            self.model.fetchMore()
        row = self.model.row_of_id(record_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.select_id(record_id)
        self.detail.load(record_id, self.reference)
        return True

    def select_record(self, record_id: int) -> bool:
        """Select customer ``record_id`` (clearing a filter that hides it); False if gone."""
        if self.source is None:
            return False
        if self._find(record_id):
            return True
        self.bar.clear()
        return self._find(record_id)

    # -------------------------------------------------------------- editing

    def _save(self, values: dict[str, Any], row: Mapping[str, Any] | None) -> Any:
        return svc.save_customer(
            self.db,
            values,
            current_user(),
            customer_id=row["id"] if row else None,
            row_version=row["row_version"] if row else None,
        )

    def _open_dialog(self, row: Mapping[str, Any] | None) -> CustomerDialog:
        dialog = CustomerDialog(
            row, self.reference, lambda values: self._save_or_report(values, row, dialog), self
        )
        dialog.accepted.connect(lambda: self._saved(dialog.saved))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context.notifier.language_changed.connect(dialog.retranslate)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _save_or_report(
        self, values: dict[str, Any], row: Mapping[str, Any] | None, dialog: CustomerDialog
    ) -> Any:
        """Save. A stale edit (someone else saved first) or another storage error is
        told, the dialog closes and the list reloads with what is stored."""
        try:
            return self._save(values, row)
        except StorageError as exc:
            dialog.reject()
            warn(self, _("Not saved"), str(exc))
            self.refresh()
            raise svc.CustomerInvalid({}) from exc

    def _saved(self, row: Mapping[str, Any] | None) -> None:
        self.refresh()
        if row:
            self.select_record(int(row["id"]))
        self.context.events.data_changed.emit("customers")

    def new_record(self) -> CustomerDialog | None:
        """Ctrl+N: a new customer."""
        if self.db is None:
            return None
        return self._open_dialog(None)

    def edit_customer(self, customer_id: int) -> CustomerDialog | None:
        if self.db is None:
            return None
        from di_desk.storage import Repository
        from di_desk.storage.tables import Customer

        row = Repository(self.db, Customer).get(customer_id)
        if row is None:
            self.refresh()
            return None
        return self._open_dialog(row)

    def edit_current(self) -> CustomerDialog | None:
        customer_id = self.current_customer_id()
        return self.edit_customer(customer_id) if customer_id is not None else None

    def delete_selected(self) -> QMessageBox | None:
        """Delete: ask, then remove the customer and everything recorded for it."""
        customer_id = self.current_customer_id()
        detail = self.detail.detail
        if customer_id is None or detail is None or detail.id != customer_id:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Delete customer"),
            _(
                "Delete {name} with all its clusters, cases, maintenance, backups and "
                "blackout periods? This cannot be undone."
            ).format(name=detail.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        version = detail.row.get("row_version")

        def answered(button: int) -> None:
            if button != QMessageBox.StandardButton.Yes:
                return
            try:
                svc.delete_customer(self.db, customer_id, version, current_user())
            except StorageError as exc:
                warn(self, _("Not deleted"), str(exc))
            self.refresh()
            self.context.events.data_changed.emit("customers")

        box.finished.connect(answered)
        box.open()
        return box

    def focus_filter(self) -> None:
        self.bar.focus_search()

    # -------------------------------------------------------------- refresh

    def _detail_changed(self) -> None:
        self.model.refresh()
        self.context.events.data_changed.emit("customers")

    def _data_changed(self, kind: str) -> None:
        if kind in ("", "customers", "clusters", "applications", "releases"):
            self.refresh()

    def refresh(self) -> None:
        """F5 / after imports: re-read the list, the reference data and the detail."""
        if self.db is None:
            return
        from di_desk.storage import load_reference

        self.reference = load_reference(self.db)
        self.model.refresh()
        self.detail.load(self.current_customer_id(), self.reference)

    def _show_count(self) -> None:
        total = self.model.total_count() if self.source is not None else 0
        self.count_label.setText(
            ngettext("{count} customer", "{count} customers", total).format(
                count=format_number(total)
            )
        )

    # ----------------------------------------------------- window callbacks

    def retranslate(self) -> None:
        self.model.retranslate()
        self.bar.retranslate()
        self.new_button.setText(_("&New customer…"))
        self.new_button.setToolTip(_("Add a customer (Ctrl+N)"))
        self.empty.setText(_("Open a database to see its customers."))
        self.detail.retranslate()
        self._show_count()

    def set_display_zone(self, _zone: str) -> None:
        self.detail.reload()

    def save_state(self, settings: Settings) -> None:
        settings.set_last_filters("customers", self.bar.state())
        if self.isVisible() or self._shown:
            self.view.save_state(settings)
            settings.set_splitter_state("customers", self.splitter.saveState())

    def restore_state(self, settings: Settings) -> None:
        self.bar.restore_state(settings.last_filters("customers"))
        self.view.restore_state(settings)
        state = settings.splitter_state("customers")
        if state:
            self.splitter.restoreState(state)

    def showEvent(self, event: Any) -> None:
        self._shown = True
        super().showEvent(event)


def make_tab(context: TabContext) -> QWidget:
    return CustomersTab(context)
