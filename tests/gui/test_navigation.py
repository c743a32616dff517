"""Going to a record from another tab: ``context.navigate`` → tab switch + ``select_record``."""

from __future__ import annotations

from datetime import UTC, datetime

from di_desk.ui.main_window import MainWindow
from di_desk.ui.qt import QWidget
from di_desk.ui.tabs.base import SelectsRecords, TabContext, TabRegistry


class SelectingTab(QWidget):
    def __init__(self, context: TabContext) -> None:
        super().__init__()
        self.context = context
        self.selected: list[int] = []

    def select_record(self, record_id: int) -> bool:
        self.selected.append(record_id)
        return record_id == 7


def test_navigate_switches_tab_and_selects(qtbot, settings):
    registry = TabRegistry()
    pages: dict[str, SelectingTab] = {}

    def factory(context: TabContext) -> QWidget:
        pages["customers"] = SelectingTab(context)
        return pages["customers"]

    registry.register("customers", factory)
    window = MainWindow(settings, registry=registry)
    qtbot.addWidget(window)
    window.set_current_tab("overview")
    page = window.tab_page("customers")  # built on first use
    assert page is pages["customers"]
    assert isinstance(page, SelectsRecords)

    page.context.navigate("customers", 7)
    assert window.current_tab_key() == "customers"
    assert page.selected == [7]
    assert window.navigate("customers", 8) is False  # the tab does not have it

    # A tab without select_record (a placeholder) is still shown.
    assert window.navigate("cases", 1) is False
    assert window.current_tab_key() == "cases"
    assert window.navigate("no-such-tab", 1) is False
    assert window.current_tab_key() == "cases"


def test_context_clock(settings):
    context = TabContext(settings=settings, notifier=None, events=None)  # type: ignore[arg-type]
    assert context.now().tzinfo is not None
    fixed = datetime(2026, 3, 27, 9, tzinfo=UTC)
    context.services["clock"] = lambda: fixed
    assert context.now() == fixed
