"""The one wall-clock entry (TIME-2) and the region/display zone chooser (TIME-1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from di_desk.ui.qt import QDate, Qt, QtCore
from di_desk.ui.widgets.zoned_datetime import ZoneChoice, ZonedDateTimeEdit

AMS = "Europe/Amsterdam"
NY = "America/New_York"


@pytest.fixture
def edit(qtbot):
    widget = ZonedDateTimeEdit(AMS, name="when", display_zone=NY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_time2_wall_clock_becomes_an_aware_utc_instant(edit):
    """TIME-2: 21:00 in Amsterdam in summer is 19:00 UTC; the hint names the user's time."""
    edit.set_wall_clock(date(2026, 6, 1), time(21, 0))
    assert edit.instant() == datetime(2026, 6, 1, 19, 0, tzinfo=UTC)
    assert edit.problem() is None
    assert "CEST" in edit.zone_label.text() and AMS in edit.zone_label.text()
    assert "EDT" in edit.hint.text() and edit.hint.isVisible()
    assert edit.findChild(QtCore.QObject, "when_date") is edit.date_edit


def test_time2_gap_is_refused_and_the_first_valid_time_is_one_click(qtbot, edit):
    """TIME-2: 02:30 on 2026-03-29 does not exist in Amsterdam; 03:00 is proposed."""
    with qtbot.waitSignal(edit.changed):
        edit.date_edit.setDate(QDate(2026, 3, 29))
    edit.time_edit.setTime(QtCore.QTime(2, 30))
    assert edit.instant() is None
    assert "does not exist" in edit.problem()
    assert edit.message.isVisible() and not edit.hint.isVisible()
    assert "03:00" in edit.fix_button.text()
    qtbot.mouseClick(edit.fix_button, Qt.MouseButton.LeftButton)
    assert edit.instant() == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert edit.problem() is None and not edit.fix_button.isVisible()


def test_time2_ambiguous_time_defaults_to_the_first_occurrence(edit):
    """TIME-2: 02:30 on 2026-10-25 happens twice; fold=0 unless the second is chosen."""
    edit.set_wall_clock(date(2026, 10, 25), time(2, 30))
    assert edit.fold.isVisible()
    assert "CEST" in edit.fold.itemText(0) and "CET" in edit.fold.itemText(1)
    assert edit.instant() == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    edit.fold.setCurrentIndex(1)
    assert edit.instant() == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    edit.time_edit.setTime(QtCore.QTime(4, 0))  # another time: no longer ambiguous
    assert not edit.fold.isVisible()
    assert edit.instant() == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)


def test_time2_second_occurrence_is_shown_as_such(qtbot):
    edit = ZonedDateTimeEdit(AMS)
    qtbot.addWidget(edit)
    edit.set_instant(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 02:30 CET, the second
    assert edit.fold_value() == 1
    assert edit.instant() == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert not edit.hint.isVisibleTo(edit)  # no display zone given: no hint


def test_set_zone_keeps_the_instant_or_the_wall_clock(edit):
    edit.set_wall_clock(date(2026, 6, 1), time(21, 0))
    edit.set_zone(NY)
    assert edit.zone_key == NY
    assert edit.instant() == datetime(2026, 6, 1, 19, 0, tzinfo=UTC)
    assert edit.time_edit.time().hour() == 15
    edit.set_zone(AMS, keep_instant=False)
    assert edit.time_edit.time().hour() == 15
    assert edit.instant() == datetime(2026, 6, 1, 13, 0, tzinfo=UTC)


def test_end_of_the_calendar_is_a_message_not_a_traceback(qtbot):
    edit = ZonedDateTimeEdit(NY)
    qtbot.addWidget(edit)
    edit.set_wall_clock(date(9999, 12, 31), time(23, 0))  # after the last UTC instant
    assert edit.instant() is None
    assert edit.problem()


def test_time1_zone_choice_switches_editors_between_region_and_my_time(qtbot):
    """TIME-1: typed in region time or in the display zone; switching keeps the instant."""
    choice = ZoneChoice(AMS, name="z")
    start, end = ZonedDateTimeEdit(AMS), ZonedDateTimeEdit(AMS)
    for widget in (choice, start, end):
        qtbot.addWidget(widget)
    choice.attach(start, end)
    choice.set_region_zone(NY)
    assert start.zone_key == NY and choice.entry_zone() == NY
    assert choice.other_zone() == (AMS, True)
    assert NY in choice.region_button.text() and AMS in choice.mine_button.text()
    start.set_wall_clock(date(2026, 3, 30), time(21, 0))
    instant = start.instant()
    with qtbot.waitSignal(choice.changed):
        choice.mine_button.setChecked(True)
    assert start.zone_key == AMS and end.zone_key == AMS
    assert start.instant() == instant
    assert start.time_edit.time().hour() == 3  # 21:00 EDT is 03:00 CEST
    assert choice.other_zone() == (NY, False)
    choice.set_region_zone("Asia/Tokyo")  # my time chosen: the editors stay in my zone
    assert start.zone_key == AMS
    assert start.instant() - instant == timedelta(0)


def test_date_edit_is_iso_with_a_calendar(qtbot):
    from di_desk.ui.qt import QWidget
    from di_desk.ui.widgets.zoned_datetime import date_edit

    parent = QWidget()
    qtbot.addWidget(parent)
    edit = date_edit(parent, "day", date(2026, 3, 29))
    assert edit.objectName() == "day" and edit.calendarPopup()
    assert edit.text() == "2026-03-29"
    assert date_edit(parent, "other", QDate(2026, 1, 2)).date() == QDate(2026, 1, 2)
