"""The maintenance week view: window bands, blocks, blackouts, navigation (MAINT-1, 3, 11).

Assertions are on the geometry API (``bands()``, ``band_rects()``,
``block_rect()``, ``hour_height()``), not on pixels.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.domain.timeutil import zone as tz
from di_desk.ui.qt import Qt
from di_desk.ui.widgets.week_layout import WeekData, WeekEvent
from di_desk.ui.widgets.week_view import WeekView
from tests import maintenance_fixtures as md

AMS = "Europe/Amsterdam"
HOUR = timedelta(hours=1)


def make_view(qtbot, zone_key, regions, first_day, data=None):
    view = WeekView(zone_key, today=lambda: md.NOW)
    qtbot.addWidget(view)
    view.set_regions([DEFAULT_REFERENCE.region(r) for r in regions])
    view.set_week(first_day)
    if data is not None:
        view.set_provider(lambda _start, _end: data)
    view.resize(760, 640)
    view.show()
    qtbot.waitExposed(view)
    return view


def band_on(view, region, local_day, zone_key):
    """The band of ``region`` whose window opens on ``local_day`` (region's zone)."""
    for band in view.bands():
        if band.region is region and band.start_utc.astimezone(tz(zone_key)).date() == local_day:
            return band
    raise AssertionError(f"no band of {region} on {local_day}")


def drawn_hours(view, band):
    rects = view.band_rects(band.region, band.start_utc)
    return sum(r.height() for r in rects) / view.hour_height()


def test_bands_of_a_week_weekday_and_weekend(qtbot):
    """MAINT-1/3: Mon–Fri windows are weekday bands, Sat/Sun ones weekend bands, 9 h each."""
    view = make_view(qtbot, AMS, [Region.EU], date(2026, 3, 11))
    assert view.week_start() == date(2026, 3, 9)
    bands = view.bands()
    opened = [(b.start_utc.astimezone(tz(AMS)).date(), b.weekend) for b in bands]
    assert opened == [
        (date(2026, 3, 8), True),  # Sunday night reaches into Monday morning
        (date(2026, 3, 9), False),
        (date(2026, 3, 10), False),
        (date(2026, 3, 11), False),
        (date(2026, 3, 12), False),
        (date(2026, 3, 13), False),
        (date(2026, 3, 14), True),
        (date(2026, 3, 15), True),
    ]
    assert all(b.hours == 9 for b in bands)
    tuesday = band_on(view, Region.EU, date(2026, 3, 10), AMS)
    region, start, _end, weekend = tuesday
    assert (region, weekend) == (Region.EU, False)
    rects = view.band_rects(region, start)
    assert len(rects) == 2  # 21:00–24:00 Tuesday, 00:00–06:00 Wednesday
    assert [round(r.height() / view.hour_height(), 6) for r in rects] == [3, 6]
    day = view.canvas.day_rect(1)
    assert day.left() <= rects[0].left() and rects[0].right() <= day.right()
    assert rects[0].top() == pytest.approx(day.top() + 21 * view.hour_height())
    sunday = band_on(view, Region.EU, date(2026, 3, 15), AMS)
    assert drawn_hours(view, sunday) == pytest.approx(3)  # the rest is next week


@pytest.mark.parametrize(
    ("region", "first_day", "saturday", "hours", "display"),
    [
        (Region.EU, date(2026, 3, 23), date(2026, 3, 28), 8, AMS),
        (Region.EU, date(2026, 10, 19), date(2026, 10, 24), 10, AMS),
        (Region.EU, date(2026, 3, 23), date(2026, 3, 28), 8, "America/New_York"),
        (Region.AMER, date(2026, 3, 2), date(2026, 3, 7), 8, AMS),
        (Region.AMER, date(2026, 10, 26), date(2026, 10, 31), 10, AMS),
        (Region.AUS, date(2026, 3, 30), date(2026, 4, 4), 10, AMS),
        (Region.AUS, date(2026, 9, 28), date(2026, 10, 3), 8, "Australia/Sydney"),
        (Region.APJC, date(2026, 3, 23), date(2026, 3, 28), 9, AMS),
    ],
)
def test_dst_night_bands_are_visibly_8_or_10_hours(qtbot, region, first_day, saturday, hours,
                                                   display):  # fmt: skip
    """TIME-2: windows computed in UTC, mapped to the display zone: 8 h or 10 h tall."""
    view = make_view(qtbot, display, [region], first_day)
    zone_key = DEFAULT_REFERENCE.region(region).zone
    band = band_on(view, region, saturday, zone_key)
    assert band.weekend
    assert band.hours == hours
    assert drawn_hours(view, band) == pytest.approx(hours)


def test_a_week_with_a_25_hour_day_has_25_rows(qtbot):
    view = make_view(qtbot, AMS, [Region.EU], date(2026, 10, 19))
    week = view.layout_model()
    assert week.rows() == 25
    assert week.day_hours(6) == 25
    assert week.transitions() == [(6, 3.0, 1.0)]


def test_bands_follow_the_display_zone(qtbot):
    """TIME-1: the AMER window of Tue 10 Mar (21:00 EDT) starts Wed 02:00 in Amsterdam."""
    view = make_view(qtbot, AMS, [Region.AMER, Region.EU], date(2026, 3, 9))
    band = band_on(view, Region.AMER, date(2026, 3, 10), "America/New_York")
    rects = view.band_rects(band.region, band.start_utc)
    wednesday = view.canvas.day_rect(2)
    assert rects[0].top() == pytest.approx(wednesday.top() + 2 * view.hour_height())
    assert len(rects) == 1 and rects[0].height() == pytest.approx(9 * view.hour_height())
    lanes = view.layout_model().lanes
    assert [lane.label for lane in lanes] == ["AMER", "EU"]
    assert rects[0].right() <= wednesday.left() + wednesday.width() / 2 + 1  # AMER lane first


def test_all_regions_share_lanes_by_zone(qtbot):
    view = make_view(qtbot, AMS, list(Region), date(2026, 3, 9))
    assert [lane.label for lane in view.layout_model().lanes] == [
        "AMER",
        "APJC",
        "AUS",
        "EU/EMEA/UK",
    ]
    regions = {b.region for b in view.bands()}
    assert regions == set(Region)


def test_overlapping_events_are_side_by_side(qtbot):
    start = datetime(2026, 3, 10, 21, tzinfo=UTC)
    data = WeekData(
        [
            WeekEvent(1, Region.EU, start, start + timedelta(hours=2), "A"),
            WeekEvent(2, Region.EU, start + timedelta(hours=1), start + timedelta(hours=3), "B"),
            WeekEvent(3, Region.EU, start + timedelta(hours=4), start + timedelta(hours=5), "C"),
        ]
    )
    view = make_view(qtbot, AMS, [Region.EU], date(2026, 3, 9), data)
    a, b, c = (view.block_rect(i) for i in (1, 2, 3))
    assert not a.intersects(b)
    assert c.width() > a.width()  # alone again after the overlap
    assert view.block_rects(2)[0].top() == pytest.approx(
        view.canvas.day_rect(1).top() + 23 * view.hour_height()
    )
    assert len(view.block_rects(2)) == 2  # crosses midnight (Amsterdam)


def test_navigation_week_month_today(qtbot):
    view = make_view(qtbot, AMS, [Region.EU], date(2026, 1, 14))
    assert view.week_start() == date(2026, 1, 12)
    qtbot.mouseClick(view.next_week_button, Qt.LeftButton)
    assert view.week_start() == date(2026, 1, 19)
    qtbot.mouseClick(view.prev_week, Qt.LeftButton)
    qtbot.mouseClick(view.prev_week, Qt.LeftButton)
    assert view.week_start() == date(2026, 1, 5)
    qtbot.mouseClick(view.next_month, Qt.LeftButton)
    assert view.week_start() == date(2026, 2, 2)  # the week of 5 Feb
    qtbot.mouseClick(view.prev_month, Qt.LeftButton)
    assert view.week_start() == date(2025, 12, 29)  # the week of 2 Jan
    qtbot.mouseClick(view.today_button, Qt.LeftButton)
    assert view.week_start() == date(2026, 3, 23)  # NOW is Wed 25 Mar 2026
    assert "Week 13" in view.title.text()
    view.go_to.setDate(view.go_to.date().addDays(14))
    assert view.week_start() == date(2026, 4, 6)


# -- inside the tab ------------------------------------------------------------------


@pytest.fixture
def fx(tmp_path):
    fixture = md.build(tmp_path)
    yield fixture
    fixture.db.close()


@pytest.fixture
def tab(qtbot, fx, settings):
    tab = md.make_tab(qtbot, fx, settings)
    tab.week.set_week(date(2026, 3, 23))
    return tab


def test_events_are_blocks_red_when_violating(qtbot, tab, fx):
    """MAINT-3: the early AMER event is outlined as a violation; the fine one is not."""
    week = tab.week.layout_model()
    blocks = {b.event.id: b for b in week.blocks}
    assert set(blocks) == {fx.events["fine"], fx.events["emergency"], fx.events["early"]}
    assert blocks[fx.events["early"]].event.rules == ("MAINT-3",)
    assert not blocks[fx.events["fine"]].event.violating
    fine = tab.week.block_rect(fx.events["fine"])
    tuesday = tab.week.canvas.day_rect(1)
    assert tuesday.contains(fine)
    assert fine.top() == pytest.approx(tuesday.top() + 21.5 * tab.week.hour_height())
    tip = tab.week.canvas.tooltip_at(fine.center())
    assert "Waddenkust Bouw B.V." in tip and "(your time)" in tip


def test_clicking_a_block_selects_the_event_in_the_list(qtbot, tab, fx):
    rect = tab.week.block_rect(fx.events["early"])
    with qtbot.waitSignal(tab.week.event_clicked) as clicked:
        qtbot.mouseClick(tab.week.canvas, Qt.LeftButton, pos=rect.center().toPoint())
    assert clicked.args == [fx.events["early"]]
    assert tab.view.current_id() == fx.events["early"]
    assert tab.week.canvas.selected_id == fx.events["early"]
    assert "MAINT-3" in tab.details.text()


def test_double_clicking_a_block_opens_the_editor(qtbot, tab, fx):
    rect = tab.week.block_rect(fx.events["fine"])
    qtbot.mouseDClick(tab.week.canvas, Qt.LeftButton, pos=rect.center().toPoint())
    assert tab.editor is not None and tab.editor.event_id == fx.events["fine"]


def test_selecting_in_the_list_shows_the_events_week(qtbot, tab, fx):
    assert tab.select_record(fx.events["disruptive"])
    assert tab.week.week_start() == date(2026, 4, 20)
    assert tab.week.canvas.selected_id == fx.events["disruptive"]
    assert tab.week.block_rect(fx.events["disruptive"]) is not None


def test_blackout_days_are_shaded(qtbot, tab, fx):
    """MAINT-11: the EU customer's blackout 1–2 Apr shades Wednesday and Thursday."""
    combo = tab.bar.combos["customer_id"]
    combo.setCurrentIndex(combo.findData(fx.customers[Region.EU]))
    tab.week.set_week(date(2026, 3, 30))
    shades = tab.week.layout_model().shades
    assert len(shades) == 1
    assert [(s.day, s.top, s.bottom) for s in shades[0].segments] == [(2, 0, 24), (3, 0, 24)]
    assert "Month-end closing" in shades[0].blackout.tooltip
    # the EU customer has an SME cluster in AMER (MAINT-2): both regions' windows show
    assert [lane.label for lane in tab.week.layout_model().lanes] == ["AMER", "EU"]


def test_week_view_follows_the_display_zone(qtbot, tab, fx):
    tab.set_display_zone("America/New_York")
    assert tab.week.display_zone() == "America/New_York"
    fine = tab.week.block_rect(fx.events["fine"])
    tuesday = tab.week.canvas.day_rect(1)
    assert fine.top() == pytest.approx(tuesday.top() + 16.5 * tab.week.hour_height())
    assert "America/New_York" in tab.week.title.text()


def test_painting_does_not_fail(qtbot, tab):
    image = tab.week.canvas.grab()
    assert not image.isNull()


def test_blackouts_of_the_selected_events_customer_are_shaded(qtbot, tab, fx):
    """MAINT-11: without a customer filter, the selected event's customer's blackout days."""
    start = md.local(date(2026, 3, 31), time(21, 30), AMS)
    event_id = md.add_event(fx, Region.EU, MaintenanceType.ROUTINE, start, start + HOUR)
    tab.refresh()
    tab.week.set_week(date(2026, 3, 30))
    assert tab.week.layout_model().shades == []  # nothing selected: no customer's days
    assert tab.select_record(event_id)
    assert [s.blackout.customer for s in tab.week.layout_model().shades] == ["Waddenkust Bouw B.V."]
    assert tab.select_record(fx.events["early"])  # AMER customer, other week, no blackout
    assert tab.week.layout_model().shades == []


def test_the_keyboard_reaches_what_the_mouse_does(qtbot, tab, fx):
    """Left/Right walk the events in time (the list follows), Enter opens one,
    Page Up/Down step a week, Ctrl+Page Down a month, Home goes to this week."""
    canvas = tab.week.canvas
    assert canvas.focusPolicy() & Qt.FocusPolicy.TabFocus
    in_time = canvas.event_ids_in_time()
    assert len(in_time) == 3
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.selected_id == in_time[0]
    assert tab.view.current_id() == in_time[0]
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # stays on the last
    assert canvas.selected_id == in_time[-1]
    last = next(b.event for b in tab.week.layout_model().blocks if b.event.id == in_time[-1])
    assert last.tooltip and canvas.accessibleDescription() == last.tooltip
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.selected_id == in_time[1]
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert tab.editor is not None and tab.editor.event_id == in_time[1]
    tab.editor.reject()

    qtbot.keyClick(canvas, Qt.Key.Key_PageDown)
    assert tab.week.week_start() == date(2026, 3, 30)
    qtbot.keyClick(canvas, Qt.Key.Key_PageUp)
    qtbot.keyClick(canvas, Qt.Key.Key_PageUp)
    assert tab.week.week_start() == date(2026, 3, 16)
    qtbot.keyClick(canvas, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tab.week.week_start() == date(2026, 4, 13)  # the week of 16 April
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert tab.week.week_start() == date(2026, 3, 23)  # NOW is Wed 25 Mar 2026
