"""FilterBar: debounced text, combos, date range in the display zone, Clear."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from di_desk import i18n
from di_desk.domain.enums import CaseStatus
from di_desk.i18n import N_
from di_desk.services.listing import ListQuery
from di_desk.ui.filter_bar import CUSTOMER, NO_DATE, STATUS, FilterBar, FilterSpec
from di_desk.ui.qt import QDate


@pytest.fixture
def bar(qtbot):
    bar = FilterBar(debounce_ms=50, display_zone="Europe/Amsterdam")
    qtbot.addWidget(bar)
    bar.set_customers([(1, "Acme"), (2, "Globex")])
    bar.set_choices(STATUS.key, [(s.value, lambda s=s: s.label) for s in CaseStatus])
    bar.set_choices("severity", [("S1", N_("S1 (Critical)")), ("S2", N_("S2 (High)"))])
    return bar


def test_typing_is_debounced_into_one_query(qtbot, bar):
    emitted: list[ListQuery] = []
    bar.query_changed.connect(emitted.append)
    with qtbot.waitSignal(bar.query_changed, timeout=2000) as blocker:
        qtbot.keyClicks(bar.search, "phones")
    assert blocker.args[0].text == "phones"
    qtbot.wait(120)
    assert len(emitted) == 1


def test_return_emits_at_once(qtbot, bar):
    bar.search.setText("voicemail")
    with qtbot.waitSignal(bar.query_changed, timeout=10):
        bar.search.returnPressed.emit()


def test_combos_become_filters(qtbot, bar):
    with qtbot.waitSignal(bar.query_changed) as blocker:
        bar.combos["customer_id"].setCurrentIndex(2)
    assert blocker.args[0].filters == {"customer_id": 2}
    with qtbot.waitSignal(bar.query_changed) as blocker:
        bar.combos["status"].set_value("opened")
    assert blocker.args[0].filters == {"customer_id": 2, "status": "opened"}
    assert bar.combos["status"].currentText() == "Opened"


def test_date_range_is_local_days_as_utc_instants(qtbot, bar):
    # 2026-03-29 is the spring-forward day in Amsterdam: 23 hours long.
    bar.date_from.setDate(QDate(2026, 3, 29))
    with qtbot.waitSignal(bar.query_changed) as blocker:
        bar.date_to.setDate(QDate(2026, 3, 29))
    query = blocker.args[0]
    assert query.date_from == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert query.date_to == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # exclusive
    assert query.sort_key is None


def test_clear_resets_everything_with_one_emission(qtbot, bar):
    bar.search.setText("x")
    bar.combos["status"].set_value("closed")
    bar.date_from.setDate(QDate(2026, 1, 1))
    emitted: list[ListQuery] = []
    bar.query_changed.connect(emitted.append)
    bar.clear_button.click()
    assert emitted == [ListQuery()]
    assert bar.search.text() == "" and bar.date_from.date() == NO_DATE


def test_which_filters_appear_is_configurable(qtbot):
    region = FilterSpec("region", N_("Region"), N_("All regions"))
    bar = FilterBar(text=False, combos=(CUSTOMER, region), dates=False)
    qtbot.addWidget(bar)
    assert bar.search is None and bar.date_from is None
    assert set(bar.combos) == {"customer_id", "region"}
    bar.set_choices("region", [("EU", "EU")], translate=False)
    bar.combos["region"].setCurrentIndex(1)
    assert bar.query() == ListQuery(filters={"region": "EU"})
    bar.focus_search()  # no search field: no error


def test_state_round_trip(qtbot, bar):
    bar.search.setText("phones")
    bar.combos["severity"].set_value("S2")
    bar.date_to.setDate(QDate(2026, 5, 1))
    state = bar.state()
    other = FilterBar(display_zone="Europe/Amsterdam")
    qtbot.addWidget(other)
    other.set_choices("severity", [("S1", "S1"), ("S2", "S2")])
    with qtbot.waitSignal(other.query_changed) as blocker:
        other.restore_state(state)
    assert blocker.args[0] == bar.query()
    other.restore_state({"combos": {"unknown": 1}, "from": "garbage"})


def test_choices_keep_the_current_value_and_translate(bar, fake_dutch):
    bar.combos["customer_id"].set_value(2)
    bar.set_customers([(2, "Globex"), (3, "Initech")])
    assert bar.combos["customer_id"].current_value() == 2
    i18n.install("nl")
    bar.retranslate()
    assert bar.combos["customer_id"].itemText(0) == "[nl] All customers"
    assert bar.combos["customer_id"].itemText(1) == "Globex"  # names stay as they are
    assert bar.combos["severity"].itemText(1) == "[nl] S1 (Critical)"
    assert bar.clear_button.text() == "[nl] Clear"
    assert bar.combos["customer_id"].current_value() == 2


def test_focus_search_selects_the_text(qtbot, bar):
    with qtbot.waitActive(bar):
        bar.show()
        bar.activateWindow()
    bar.search.setText("abc")
    bar.focus_search()
    assert bar.search.selectedText() == "abc"
    assert bar.search.hasFocus()


def test_display_zone_changes_the_instants(qtbot, bar):
    bar.date_from.setDate(QDate(2026, 7, 1))
    with qtbot.waitSignal(bar.query_changed) as blocker:
        bar.set_display_zone("Asia/Tokyo")
    assert blocker.args[0].date_from == datetime(2026, 6, 30, 15, 0, tzinfo=UTC)


def test_popup_is_wide_enough_for_long_names(qtbot, bar):
    """The combo stays as wide as "All customers"; its list is measured when it opens."""
    long_name = "Stichting Regionaal Samenwerkingsverband Zorg en Welzijn Noord"
    bar.set_customers([(1, "Alpha"), (2, long_name)])
    combo = bar.combos["customer_id"]
    bar.show()
    combo.showPopup()
    view = combo.view()
    assert view.minimumWidth() >= view.fontMetrics().horizontalAdvance(long_name)
    assert combo.minimumWidth() < view.fontMetrics().horizontalAdvance(long_name)
    combo.hidePopup()
