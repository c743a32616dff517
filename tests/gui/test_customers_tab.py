"""Customers tab: list with the capacity flag, details, blackouts, checklist, edit dialog."""

from __future__ import annotations

from datetime import date

import pytest

from di_desk.domain.enums import Region
from di_desk.storage import tables as t
from di_desk.ui.language import LanguageNotifier
from di_desk.ui.qt import QApplication, QDate, QDialogButtonBox, Qt
from di_desk.ui.tabs.base import AppEvents, TabContext
from di_desk.ui.tabs.customers import CustomersTab
from tests.attention_fixtures import NOW, build


@pytest.fixture
def fixture_db(tmp_path):
    fx = build(tmp_path / "customers.sqlite")
    yield fx
    fx.db.close()


@pytest.fixture
def tab(qtbot, settings, fixture_db):
    context = TabContext(
        settings=settings,
        notifier=LanguageNotifier(),
        events=AppEvents(),
        db=fixture_db.db,
        db_path=fixture_db.path,
        services={"clock": lambda: NOW},
    )
    widget = CustomersTab(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(tab: CustomersTab, customer_id: int, key: str, role=Qt.ItemDataRole.DisplayRole):
    model = tab.model
    row = model.row_of_id(customer_id)
    return model.index(row, model.column_index(key)).data(role)


def test_list_flags_over_capacity(tab, fixture_db):
    """CAP-1: planned beyond contracted is flagged in the list and in the details."""
    epsilon = fixture_db.customers["Epsilon Media"]
    alpha = fixture_db.customers["Alpha Zorg"]
    assert tab.model.rowCount() == 5
    assert cell(tab, epsilon, "capacity") == "Over"
    assert cell(tab, epsilon, "capacity", Qt.ItemDataRole.BackgroundRole) is not None
    assert cell(tab, epsilon, "planned_knowledge_workers") == "100 / 150"
    assert cell(tab, alpha, "capacity") == "Within"
    assert cell(tab, alpha, "calendar") == "NL"
    # No own zone: the region's, shown as a default.
    assert cell(tab, alpha, "zone") == "Europe/Amsterdam"
    assert cell(tab, alpha, "zone", Qt.ItemDataRole.ToolTipRole) == "The region's default"

    assert tab.select_record(epsilon)
    detail = tab.detail
    assert detail.title.text() == "Epsilon Media"
    assert detail.over_banner.isVisible()
    assert detail.capacity_table.item(0, 3).text() == "50"
    assert detail.draft_button.isEnabled()
    detail.draft_button.click()
    text = QApplication.clipboard().text()
    assert "Knowledge Workers: contracted 100, planned 150, additional 50" in text
    assert detail.draft_feedback.text() == "Copied to the clipboard."

    assert tab.select_record(alpha)
    assert not tab.detail.over_banner.isVisible() and not tab.detail.draft_button.isEnabled()
    assert tab.detail.detail.contract == "SUB-1234"  # from its latest case, for the brief


def test_installation_shows_train_status(tab, fixture_db):
    """REL-6: each application's version, position, status and target."""
    assert tab.select_record(fixture_db.customers["Gamma Logistics"])
    tree = tab.detail.installation
    cluster = tree.topLevelItem(0)
    assert cluster.text(0) == "GAMMA-CL1 · AMER"
    app = cluster.child(0)
    assert [app.text(c) for c in range(5)] == [
        "CUCM",
        "12.5 SU7a",
        "n-2",
        "Must upgrade",
        "15.0 SU2",
    ]


def test_blackout_add_and_remove_persist(qtbot, tab, fixture_db):
    """MAINT-11: add a blackout period with date pickers, then remove it; both stored."""
    beta = fixture_db.customers["Beta Bouw"]
    assert tab.select_record(beta)
    detail = tab.detail
    detail.sections.setCurrentIndex(2)
    detail.blackouts.blackout_from.setDate(QDate(2026, 4, 10))
    detail.blackouts.blackout_to.setDate(QDate(2026, 4, 8))  # before the first day: refused
    qtbot.mouseClick(detail.blackouts.add_blackout_button, Qt.MouseButton.LeftButton)
    assert detail.blackouts.blackout_error.isVisible()
    assert detail.blackouts.blackout_error.text() == "The last day is before the first day."
    assert t.Blackout.select().count() == 0

    detail.blackouts.blackout_to.setDate(QDate(2026, 4, 12))
    qtbot.keyClicks(detail.blackouts.blackout_note, "Year-end close")
    qtbot.mouseClick(detail.blackouts.add_blackout_button, Qt.MouseButton.LeftButton)
    assert not detail.blackouts.blackout_error.isVisible()
    stored = list(t.Blackout.select().dicts())
    assert [(b["customer"], b["first_day"], b["last_day"], b["note"]) for b in stored] == [
        (beta, date(2026, 4, 10), date(2026, 4, 12), "Year-end close")
    ]
    assert detail.blackouts.blackout_table.rowCount() == 1
    assert detail.blackouts.blackout_table.item(0, 2).text() == "3 days"
    assert detail.sections.tabText(2) == "Blackout periods (1)"

    detail.blackouts.blackout_table.selectRow(0)
    qtbot.mouseClick(detail.blackouts.remove_blackout_button, Qt.MouseButton.LeftButton)
    assert t.Blackout.select().count() == 0
    assert detail.blackouts.blackout_table.rowCount() == 0


def test_checklist_tick_persists(qtbot, tab, fixture_db):
    """BAK-6: ticking an item stores it for the customer; unticking clears it."""
    delta = fixture_db.customers["Delta Energie"]
    assert tab.select_record(delta)
    table = tab.detail.checklist
    assert table.rowCount() == 4
    item = table.item(1, 0)
    item.setCheckState(Qt.CheckState.Checked)
    (row,) = t.ChecklistItem.select().where(t.ChecklistItem.customer == delta).dicts()
    assert row["done"] and row["done_at"] == NOW and row["position"] == 2
    assert tab.detail.checklist_progress.text() == "1 of 4 done"

    tab.select_record(fixture_db.customers["Alpha Zorg"])
    tab.select_record(delta)
    assert tab.detail.checklist.item(1, 0).checkState() == Qt.CheckState.Checked
    assert tab.detail.checklist.item(1, 1).text() == "25 Mar 2026"
    tab.detail.checklist.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    (row,) = t.ChecklistItem.select().where(t.ChecklistItem.customer == delta).dicts()
    assert not row["done"] and row["done_at"] is None


def test_edit_refuses_an_unknown_calendar_at_the_field(qtbot, tab, fixture_db):
    """TIME-3: a calendar code the holidays package does not know is a field error."""
    alpha = fixture_db.customers["Alpha Zorg"]
    assert tab.select_record(alpha)
    dialog = tab.edit_current()
    assert dialog is not None and dialog.name.text() == "Alpha Zorg"
    dialog.calendar.clear()
    qtbot.keyClicks(dialog.calendar, "XX-YY")
    dialog.zone.setCurrentText("Mars/Olympus")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible()
    assert dialog.errors["calendar"].isVisible()
    assert dialog.errors["calendar"].text() == "Unknown holiday calendar 'XX-YY': no country 'XX'."
    assert dialog.errors["zone"].text() == "Unknown time zone: 'Mars/Olympus'"
    assert t.Customer.get_by_id(alpha).calendar == "NL"

    dialog.calendar.setText("be")
    dialog.zone.setCurrentText("Europe/Brussels")
    dialog.region.setCurrentIndex(dialog.region.findData(Region.EMEA.value))
    dialog.sso.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible()
    stored = t.Customer.get_by_id(alpha)
    assert (stored.calendar, stored.zone, stored.region, stored.sso) == (
        "BE", "Europe/Brussels", Region.EMEA, True,
    )  # fmt: skip
    assert cell(tab, alpha, "calendar") == "BE"
    assert "Holiday calendar: BE" in tab.detail.facts.text()


def test_new_customer_and_duplicate_name(qtbot, tab, fixture_db):
    dialog = tab.new_record()
    qtbot.keyClicks(dialog.name, "alpha zorg")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.errors["name"].text() == "Another customer is already called 'alpha zorg'."
    dialog.name.setText("Zeta Zorg")
    dialog.counts["planned_workspace_devices"].setValue(5)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert tab.model.rowCount() == 6
    assert tab.detail.title.text() == "Zeta Zorg"
    assert cell(tab, tab.current_customer_id(), "capacity") == "Over"


def test_select_record_clears_a_hiding_filter(qtbot, tab, fixture_db):
    tab.bar.search.setText("Alpha")
    tab.bar._emit_now()
    assert tab.model.rowCount() == 1
    assert tab.select_record(fixture_db.customers["Epsilon Media"])
    assert tab.model.rowCount() == 5 and tab.bar.search.text() == ""
    assert not tab.select_record(9999)


def test_retranslate(tab, fake_dutch):
    from di_desk import i18n

    i18n.install("nl")
    tab.retranslate()
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "[nl] Name"
    assert tab.new_button.text() == "[nl] &New customer…"
    assert tab.detail.sections.tabText(0) == "[nl] Installation"
