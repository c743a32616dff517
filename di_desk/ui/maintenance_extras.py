"""The Maintenance tab's extra toolbar actions: certificates, import, export, print.

Added through the tab's :meth:`add_tool_action` hook by :func:`install`, which
:func:`di_desk.ui.tabs.register_builtin_tabs` calls after building the tab:

- Certificates… — renewal windows and SSO follow-ups (MAINT-10);
- Import schedule… — the import dialog with "Maintenance schedule" chosen;
- Export selection as .ics / as XLSX — the selected events;
- Print schedule… — the selected (or filtered) customer's schedule, print or PDF.
"""

from __future__ import annotations

from typing import Any

from di_desk.i18n import N_, _
from di_desk.ui import file_actions
from di_desk.ui.dialogs.export_dialog import export_maintenance_selection
from di_desk.ui.qt import QAction, QObject, QWidget
from di_desk.ui.tabs.base import TabContext

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
        for name, _text, _tip in ACTIONS:
            action = QAction(tab)
            action.setObjectName(f"maintenance_{name}")
            action.triggered.connect(lambda _checked=False, slot=slots[name]: slot())
            tab.add_tool_action(action)  # type: ignore[attr-defined]
            self.actions[name] = action
        context.notifier.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self, _lang: str = "") -> None:
        for name, text, tip in ACTIONS:
            self.actions[name].setText(_(text))
            self.actions[name].setToolTip(_(tip))

    # -- what the tab shows

    def selected_ids(self) -> list[int]:
        view = getattr(self.tab, "view", None)
        selected = getattr(view, "selected_ids", None)
        return list(selected()) if callable(selected) else []

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


def install(tab: QWidget, context: TabContext) -> MaintenanceExtras | None:
    """Add the extra actions to ``tab`` (when a database is open and it has the hook)."""
    if context.db is None or not callable(getattr(tab, "add_tool_action", None)):
        return None
    extras = MaintenanceExtras(tab, context)
    tab.maintenance_extras = extras  # type: ignore[attr-defined]
    return extras
