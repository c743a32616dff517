"""Disaster recovery events: objective in the provider calendar, state, follow-ups (BAK-5)."""

from __future__ import annotations

import gettext
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from di_desk import i18n
from di_desk.domain.calendar import BusinessCalendar
from di_desk.domain.disaster_recovery import (
    DrEvent,
    DrState,
    add_follow_up,
    complete_follow_up,
    dr_objective,
    dr_status,
    open_follow_ups,
    provider_calendar,
    record_rebuilt,
)
from di_desk.domain.enums import Application, DrKind
from di_desk.domain.reference import DEFAULT_REFERENCE

REF = DEFAULT_REFERENCE
AMS = ZoneInfo("Europe/Amsterdam")
FRIDAY_16 = datetime(2026, 3, 13, 16, 0, tzinfo=AMS)
MONDAY_16 = datetime(2026, 3, 16, 16, 0, tzinfo=AMS)


def event(kind=DrKind.APPLICATION_FAILURE, start=FRIDAY_16, **kwargs) -> DrEvent:
    return DrEvent("Acme", Application.CUCM, kind, start, **kwargs)


def test_bak5_application_failure_objective_is_one_provider_business_day():
    """BAK-5 / TIME-4: Fri 2026-03-13 16:00 Amsterdam → Mon 2026-03-16 16:00 (NL)."""
    objective = dr_objective(event(), REF)
    assert objective == MONDAY_16
    assert objective.tzinfo is UTC


def test_bak5_hardware_failure_has_no_objective():
    """BAK-5: hardware failure is case by case."""
    assert dr_objective(event(DrKind.HARDWARE_FAILURE), REF) is None
    status = dr_status(event(DrKind.HARDWARE_FAILURE), FRIDAY_16 + timedelta(days=9), REF)
    assert status == dr_status(event(DrKind.HARDWARE_FAILURE), FRIDAY_16, REF)
    assert (status.state, status.objective, status.time_left) == (DrState.NO_OBJECTIVE, None, None)


@pytest.mark.parametrize(
    ("start", "objective"),
    [
        (datetime(2026, 3, 10, 14, 0, tzinfo=AMS), datetime(2026, 3, 11, 14, 0, tzinfo=AMS)),
        (datetime(2026, 3, 14, 10, 0, tzinfo=AMS), datetime(2026, 3, 16, 17, 0, tzinfo=AMS)),
        # Fri before King's Day (Mon 27 April): → Tue 28 April
        (datetime(2026, 4, 24, 10, 0, tzinfo=AMS), datetime(2026, 4, 28, 10, 0, tzinfo=AMS)),
        # started in the night, across the DST change (Sun 29 March)
        (datetime(2026, 3, 28, 23, 0, tzinfo=AMS), datetime(2026, 3, 30, 17, 0, tzinfo=AMS)),
    ],
)
def test_bak5_objective_examples_in_the_nl_calendar(start, objective):
    assert dr_objective(event(start=start), REF) == objective


def test_bak5_objective_follows_the_reference_calendar():
    """BAK-5: the provider calendar and the number of days are reference data."""
    ref = replace(REF, provider_calendar="", dr_objective_business_days=2)
    assert dr_objective(event(start=datetime(2026, 4, 24, 10, 0, tzinfo=AMS)), ref) == datetime(
        2026, 4, 28, 10, 0, tzinfo=AMS
    )
    cal = provider_calendar(replace(REF, provider_zone="America/New_York", provider_calendar="US"))
    assert cal == BusinessCalendar("US", "America/New_York")
    start = datetime(2026, 3, 13, 16, 0, tzinfo=ZoneInfo("America/New_York"))
    assert dr_objective(event(start=start), REF, cal) == datetime(
        2026, 3, 16, 16, 0, tzinfo=ZoneInfo("America/New_York")
    )


def test_bak5_running_with_time_left():
    now = datetime(2026, 3, 16, 9, 0, tzinfo=AMS)
    status = dr_status(event(), now, REF)
    assert status.state is DrState.RUNNING
    assert status.objective == MONDAY_16
    assert status.time_left == timedelta(hours=7)
    assert status.business_time_left == timedelta(hours=7)
    weekend = dr_status(event(), datetime(2026, 3, 14, 12, 0, tzinfo=AMS), REF)
    assert weekend.time_left == timedelta(days=2, hours=4)
    assert weekend.business_time_left == timedelta(hours=7)


def test_bak5_running_until_the_objective_itself():
    assert dr_status(event(), MONDAY_16, REF).state is DrState.RUNNING


def test_bak5_missed_while_not_rebuilt_after_the_objective():
    status = dr_status(event(), MONDAY_16 + timedelta(minutes=1), REF)
    assert status.state is DrState.MISSED
    assert status.late_by == timedelta(minutes=1)


def test_bak5_met_and_missed_by_rebuild_time():
    """BAK-5: met when the new Publisher is there by the objective, missed otherwise."""
    met = dr_status(event(publisher_rebuilt_at=MONDAY_16), MONDAY_16 + timedelta(days=30), REF)
    assert (met.state, met.late_by) == (DrState.MET, None)
    late = event(publisher_rebuilt_at=MONDAY_16 + timedelta(hours=2))
    missed = dr_status(late, FRIDAY_16, REF)  # "now" does not matter once rebuilt
    assert (missed.state, missed.late_by) == (DrState.MISSED, timedelta(hours=2))


def test_bak5_event_validation():
    e = event()
    assert e.started_at.tzinfo is UTC
    with pytest.raises(ValueError):
        event(start=datetime(2026, 3, 13, 16, 0))  # naive
    with pytest.raises(ValueError, match="before recovery started"):
        event(publisher_rebuilt_at=FRIDAY_16 - timedelta(hours=1))
    assert DrEvent("Acme", "cucm", "hardware_failure", FRIDAY_16).kind is DrKind.HARDWARE_FAILURE  # type: ignore[arg-type]


def test_bak5_record_rebuilt():
    e = record_rebuilt(event(), datetime(2026, 3, 16, 11, 0, tzinfo=AMS))
    assert e.publisher_rebuilt_at == datetime(2026, 3, 16, 10, 0, tzinfo=UTC)
    assert dr_status(e, MONDAY_16, REF).state is DrState.MET
    with pytest.raises(ValueError):
        record_rebuilt(event(), FRIDAY_16 - timedelta(days=1))


def test_bak5_follow_up_actions():
    """BAK-5: the partner's own restore steps after the DRS restore, tracked as follow-ups."""
    e = add_follow_up(event(), "  Re-apply partner-managed dial plan  ")
    e = add_follow_up(e, "Re-register the SIP trunks")
    assert [f.text for f in open_follow_ups(e)] == [
        "Re-apply partner-managed dial plan",
        "Re-register the SIP trunks",
    ]
    done_at = datetime(2026, 3, 17, 10, 0, tzinfo=AMS)
    e = complete_follow_up(e, 0, done_at)
    assert e.follow_ups[0].done and e.follow_ups[0].done_at == done_at.astimezone(UTC)
    assert [f.text for f in open_follow_ups(e)] == ["Re-register the SIP trunks"]
    assert not complete_follow_up(e, 0, None).follow_ups[0].done
    with pytest.raises(IndexError):
        complete_follow_up(e, 2, done_at)
    with pytest.raises(ValueError, match="description"):
        add_follow_up(e, "  ")


def test_bak5_state_labels_translate(monkeypatch):
    class Pseudo(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return f"«{message}»"

    assert [s.value for s in DrState] == ["met", "missed", "running", "no_objective"]
    assert DrState.MET.label == "Objective met"
    monkeypatch.setattr(i18n, "_translations", Pseudo())
    assert DrState.NO_OBJECTIVE.label == "«No fixed objective (case by case)»"
