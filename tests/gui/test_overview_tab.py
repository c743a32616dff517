"""Overview tab: what needs attention, grouped by kind, going to records, the CASE-6 chart."""

from __future__ import annotations

import pytest

from di_desk.domain.enums import Severity
from di_desk.ui.language import LanguageNotifier
from di_desk.ui.main_window import MainWindow
from di_desk.ui.qt import QModelIndex, Qt, QtCharts
from di_desk.ui.tabs import customers, overview
from di_desk.ui.tabs.base import AppEvents, TabContext, TabRegistry
from di_desk.ui.tabs.overview import KIND_ROLE, TARGET_ROLE, OverviewTab
from tests.attention_fixtures import NOW, build


@pytest.fixture
def fixture_db(tmp_path):
    fx = build(tmp_path / "attention.sqlite")
    yield fx
    fx.db.close()


def make_tab(qtbot, settings, fx) -> OverviewTab:
    context = TabContext(
        settings=settings,
        notifier=LanguageNotifier(),
        events=AppEvents(),
        db=fx.db,
        db_path=fx.path,
        services={"clock": lambda: NOW},
    )
    tab = OverviewTab(context)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.data is not None, timeout=10_000)
    return tab


def children(tab: OverviewTab, kind: str) -> list[list[str]]:
    """The rows under the heading of ``kind``: the texts of their columns."""
    model = tab.tree.model_
    heading = tab.tree.heading_index(kind)
    assert heading.isValid(), kind
    rows = []
    for r in range(model.rowCount(heading)):
        rows.append([str(model.index(r, c, heading).data()) for c in range(model.columnCount())])
    return rows


def test_each_item_is_under_its_heading(qtbot, settings, fixture_db):
    """CASE-5, MAINT-3/10, REL-6, BAK-3, CAP-1: one item per kind under the right heading,
    maintenance in the region's zone and in the display zone (TIME-1)."""
    settings.display_zone = "America/New_York"
    tab = make_tab(qtbot, settings, fixture_db)
    (case,) = children(tab, "case_past_due")
    assert case[0] == f"Case #{fixture_db.case_id} (S3)" and case[1] == "Alpha Zorg"
    (event,) = children(tab, "maintenance")
    assert event[0] == "Routine maintenance: BETA-CL1"
    assert "EU (Europe/Amsterdam): 26 Mar 2026 21:30 – 23:30 CET" in event[3]
    assert "Your time (America/New_York): 26 Mar 2026 16:30 – 18:30 EDT" in event[3]
    (cert,) = children(tab, "certificate")
    assert cert[0] == "tomcat CN=cucm-pub.beta.example.net" and cert[1] == "Beta Bouw"
    assert "In the renewal window" in cert[3]
    (sso,) = children(tab, "sso_follow_up")
    assert "Re-import the IdP metadata file" in sso[3]
    (gap,) = children(tab, "backup_gap")
    assert gap[:2] == ["CUCM", "Delta Energie"] and "19 Mar 2026" in gap[3]
    (upgrade,) = children(tab, "must_upgrade")
    assert upgrade[:2] == ["1 application", "Gamma Logistics"]
    heading = tab.tree.heading_index("must_upgrade")
    customer_row = tab.tree.model_.index(0, 0, heading)
    assert tab.tree.model_.index(0, 0, customer_row).data() == "GAMMA-CL1 CUCM 12.5 SU7a"
    (capacity,) = children(tab, "capacity")
    assert capacity[:2] == ["Knowledge Workers", "Epsilon Media"]
    assert "contracted 100, planned 150" in capacity[3]
    assert children(tab, "case_at_risk") == [] and children(tab, "backup_stale") == []
    assert tab.tree.heading_index("capacity").data() == "Customers over contracted capacity (1)"


def test_following_an_item_opens_its_record(qtbot, settings, fixture_db):
    """Enter on an item switches to the owning tab and selects the record there."""
    registry = TabRegistry()
    registry.register("overview", overview.make_tab)
    registry.register("customers", customers.make_tab)
    window = MainWindow(settings, registry=registry, services={"clock": lambda: NOW})
    qtbot.addWidget(window)
    window.set_database(fixture_db.db, fixture_db.path)
    window.set_current_tab("overview")
    window.show()
    qtbot.waitExposed(window)
    tab = window.tab_page("overview")
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.data is not None, timeout=10_000)

    heading = tab.tree.heading_index("capacity")
    item = tab.tree.model_.index(0, 0, heading)
    epsilon = fixture_db.customers["Epsilon Media"]
    assert tuple(item.data(TARGET_ROLE)) == ("customers", epsilon)
    tab.tree.setFocus()
    tab.tree.setCurrentIndex(item)
    qtbot.keyClick(tab.tree, Qt.Key.Key_Return)
    assert window.current_tab_key() == "customers"
    page = window.tab_page("customers")
    assert page.current_customer_id() == epsilon
    assert page.detail.title.text() == "Epsilon Media"

    # A tab that cannot select records (a placeholder here) is still shown.
    window.set_current_tab("overview")
    case = tab.tree.model_.index(0, 0, tab.tree.heading_index("case_past_due"))
    rect = tab.tree.visualRect(case)
    qtbot.mouseClick(tab.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_tab_key() == "cases"


def test_chart_has_a_line_per_severity_and_the_target(qtbot, settings, fixture_db, fake_dutch):
    """CASE-6: one series per severity, a dashed 95 % line for S3/S4; texts retranslate."""
    tab = make_tab(qtbot, settings, fixture_db)
    chart = tab.chart
    names = [s.name() for s in chart.chart().series()]
    assert names[:4] == [s.label for s in Severity]
    assert names[4] == "Target 95% (S3, S4)"
    target = chart.target_line
    assert target.pen().style() == Qt.PenStyle.DashLine
    assert {p.y() for p in target.points()} == {95.0}
    assert chart.x_axis.count() == 12
    assert chart.y_axis.categoriesLabels() == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert chart.x_axis.categories()[0] == "Apr 2025" and chart.x_axis.categories()[-1] == "Mar"
    # The late S3 case was due in March: 0 of 1 met.
    s3 = chart.series[Severity.S3]
    assert [(p.x(), p.y()) for p in s3.points()] == [(11.0, 0.0)]
    assert isinstance(chart, QtCharts.QChartView)

    from di_desk import i18n

    i18n.install("nl")
    tab.retranslate()
    assert chart.chart().title().startswith("[nl] ")
    assert chart.y_axis.titleText().startswith("[nl] ")
    assert tab.heading.text() == "[nl] What needs attention"
    assert tab.tree.heading_index("capacity").data().startswith("[nl] ")


def test_days_ahead_is_kept(qtbot, settings, fixture_db):
    """The look-ahead is a spin box, saved in the settings; maintenance follows it up to 7."""
    tab = make_tab(qtbot, settings, fixture_db)
    assert tab.days == 14
    assert tab.tree.heading_index("maintenance").data() == "Maintenance in the next 7 days (1)"
    with qtbot.waitSignal(tab.updated, timeout=10_000):
        tab.days_spin.setValue(1)
    assert settings.value("overview/days") in (1, "1")
    assert tab.tree.heading_index("maintenance").data() == "Maintenance in the next 1 day (0)"
    again = make_tab(qtbot, settings, fixture_db)
    assert again.days == 1


def test_without_a_database(qtbot, settings):
    context = TabContext(settings=settings, notifier=LanguageNotifier(), events=AppEvents())
    tab = OverviewTab(context)
    qtbot.addWidget(tab)
    assert not tab.is_busy() and tab.tree.model_.rowCount(QModelIndex()) == 0
    assert tab.empty.text() == "Open a database to see what needs attention."
    assert tab.tree.heading_index("capacity").isValid() is False
    assert KIND_ROLE != TARGET_ROLE
