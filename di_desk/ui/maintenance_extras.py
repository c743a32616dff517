"""The Maintenance tab's extra toolbar actions: certificates, import, export, print.

Added through the tab's hook: importing this module registers :func:`add_extras`
with :func:`di_desk.ui.tabs.maintenance.register_tool_action` (the tab registry
imports it before the Maintenance tab is first built):

- Certificates… — renewal windows and SSO follow-ups (MAINT-10);
- Import schedule… — the import dialog with "Maintenance schedule" chosen;
- Export selection as .ics / as XLSX — the selected events;
- Print schedule… — the selected (or filtered) customer's schedule, print or PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from di_desk.i18n import N_, _
from di_desk.ui import file_actions
from di_desk.ui.qt import QAction, QObject, QWidget
from di_desk.ui.tabs.base import TabContext
from di_desk.ui.tabs.maintenance import MaintenanceTab, register_tool_action

#: (object name, text, tooltip) of each action, in toolbar order
ACTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "certificates",
        N_("Certificates…"),
        N_("Certificate renewals: expected windows and SSO follow-ups (MAINT-10)"),
    ),
    ("import_schedule", N_("Import schedule…"), N_("Import events from CSV, XLSX or .ics")),
    (
        "export_ics",
        N_("Export selection as .ics"),
        N_("Save the selected events as a calendar file (times in UTC)"),
    ),
    (
        "export_xlsx",
        N_("Export selection as XLSX"),
        N_("Save the selected events with their checks as an Excel workbook"),
    ),
    (
        "print_schedule",
        N_("Print schedule…"),
        N_("Print or save as PDF the schedule of the selected customer"),
    ),
)


class MaintenanceExtras(QObject):
    """The extra actions of one Maintenance tab (they live and die with the tab)."""

    def __init__(self, tab: QWidget, context: TabContext) -> None:
        super().__init__(tab)
        self.setObjectName("maintenance_extras")
        self.tab = tab
        self.context = context
        self.actions: dict[str, QAction] = {}
        slots = {
            "certificates": self.open_certificates,
            "import_schedule": self.open_import,
            "export_ics": lambda: self.export_selection("ics"),
            "export_xlsx": lambda: self.export_selection("xlsx"),
            "print_schedule": self.open_schedule,
        }
        for name, text, tip in ACTIONS:
            action = QAction(tab)
            action.setObjectName(f"maintenance_{name}")
            action.triggered.connect(lambda _checked=False, slot=slots[name]: slot())
            self.actions[name] = action
            tab.add_tool_action(action, self._texts(action, text, tip))  # type: ignore[attr-defined]

    @staticmethod
    def _texts(action: QAction, text: str, tip: str) -> Callable[[], None]:
        """Re-set the action's texts (the tab calls it after a language switch)."""

        def retranslate() -> None:
            action.setText(_(text))
            action.setToolTip(_(tip))

        return retranslate

    # -- what the tab shows

    def selected_ids(self) -> list[int]:
        return list(self.tab.selected_event_ids())  # type: ignore[attr-defined]

    def customer_id(self) -> int | None:
        """The customer of the selected event, else the customer filter's."""
        current = getattr(self.tab, "current_row", None)
        row = current() if callable(current) else None
        if row is not None and row.get("customer_id") is not None:
            return int(row["customer_id"])
        bar = getattr(self.tab, "bar", None)
        if bar is not None:
            value = bar.query().filters.get("customer_id")
            if isinstance(value, int):
                return value
        return None

    # -- actions

    def open_certificates(self) -> Any:
        context = self.context
        return file_actions.open_certificates(
            self.tab,
            context.db,
            display_zone=context.display_zone,
            customer_id=self.customer_id(),
            now=context.now,
            on_changed=lambda: context.events.data_changed.emit("certificates"),
        )

    def open_import(self) -> Any:
        context = self.context
        return file_actions.open_import(
            self.tab,
            context.db,
            settings=context.settings,
            events=context.events,
            kind="maintenance",
        )

    def export_selection(self, fmt: str) -> Any:
        from di_desk.ui.dialogs.export_dialog import export_maintenance_selection  # when used

        context = self.context
        return export_maintenance_selection(
            self.tab,
            context.db,
            self.selected_ids(),
            fmt,
            reference=file_actions.reference_of(context.db),
            settings=context.settings,
        )

    def open_schedule(self) -> Any:
        context = self.context
        return file_actions.open_schedule(
            self.tab,
            context.db,
            settings=context.settings,
            customer_id=self.customer_id(),
            now=context.now,
        )


def add_extras(tab: MaintenanceTab) -> None:
    """The Maintenance tab's hook: add the actions (when a database is open)."""
    if tab.context.db is not None:
        tab.maintenance_extras = MaintenanceExtras(tab, tab.context)  # type: ignore[attr-defined]


register_tool_action(add_extras)
