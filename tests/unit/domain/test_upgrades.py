"""Upgrade plans: triggers, one reschedule until a week before, recording (REL-4, REL-5)."""

from __future__ import annotations

import gettext
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.enums import Application, MaintenanceType, Region
from di_desk.domain.maintenance import check_event
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.domain.releases import Installed, ReleaseStatus, Version, assess
from di_desk.domain.upgrades import (
    RescheduleRefused,
    UpgradePlan,
    UpgradeTrigger,
    below_n_minus_1,
    can_reschedule,
    last_reschedule_moment,
    record_upgrade,
    reschedule_upgrade,
    upgrade_end,
    upgrade_event,
)

REF = DEFAULT_REFERENCE
AMS = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 3, 30, 21, 0, tzinfo=AMS)  # 19:00 UTC (CEST)
ITEM = Installed("Acme", "c1", Application.CUCM, Version.parse("14.0 SU3"))


def plan(**kwargs) -> UpgradePlan:
    fields = {
        "installed": ITEM,
        "target": Version.parse("15.0 SU2"),
        "trigger": UpgradeTrigger.LIFECYCLE,
        "scheduled_start": START,
    }
    fields.update(kwargs)
    return UpgradePlan(**fields)


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


# -- REL-4 --------------------------------------------------------------------


def test_rel4_trigger_tokens_and_labels():
    """REL-4: security vulnerability; below n-1 or near end of life; partner feature request."""
    assert [t.value for t in UpgradeTrigger] == ["security", "lifecycle", "feature_request"]
    assert "Security vulnerability" in UpgradeTrigger.SECURITY.label
    assert "n-1" in UpgradeTrigger.LIFECYCLE.label
    assert "TAC case" in UpgradeTrigger.FEATURE_REQUEST.label
    assert UpgradeTrigger.parse("Feature-Request") is UpgradeTrigger.FEATURE_REQUEST


def test_rel4_trigger_labels_translate(monkeypatch):
    monkeypatch.setattr(i18n, "_translations", _Pseudo())
    assert UpgradeTrigger.SECURITY.label.startswith("«")


def test_rel4_every_plan_carries_a_trigger():
    assert plan(trigger="security").trigger is UpgradeTrigger.SECURITY
    with pytest.raises(ValueError):
        plan(trigger="whim")


def test_rel4_feature_request_needs_its_tac_case():
    """REL-4: a partner feature request comes through a TAC case."""
    with pytest.raises(ValueError, match="TAC case"):
        plan(trigger=UpgradeTrigger.FEATURE_REQUEST)
    assert plan(trigger=UpgradeTrigger.FEATURE_REQUEST, tac_case="698765432").tac_case


@pytest.mark.parametrize(
    ("version", "below"),
    [
        ("12.5 SU7a", True),
        ("11.5", True),
        ("14.0", True),  # older than every n-1 version
        ("14.0 SU3", False),
        ("14.0 SU4", False),
        ("15.0 SU2", False),
    ],
)
def test_rel4_version_lower_than_n_minus_1(version, below):
    assert below_n_minus_1(version, REF.train) is below


# -- REL-5 --------------------------------------------------------------------


def test_rel5_plan_keeps_start_in_utc():
    assert plan().scheduled_start == datetime(2026, 3, 30, 19, 0, tzinfo=UTC)
    assert plan().scheduled_start.tzinfo is UTC
    with pytest.raises(ValueError):
        plan(scheduled_start=datetime(2026, 3, 30, 21, 0))


def test_rel5_last_moment_is_seven_calendar_days_before():
    """REL-5 / TIME-5: one week = 7 × 24 h before the scheduled start (UTC arithmetic).

    The start (Mon 30 March 21:00 CEST) lies after the DST change, so the last
    moment is 20:00 CET on 23 March, not 21:00 wall clock.
    """
    assert last_reschedule_moment(plan(), REF) == datetime(2026, 3, 23, 19, 0, tzinfo=UTC)


def test_rel5_reschedule_once_in_time():
    """REL-5: the first reschedule, a week or more before, moves the upgrade and is recorded."""
    now = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
    new = datetime(2026, 4, 13, 21, 0, tzinfo=AMS)
    moved = reschedule_upgrade(plan(), new, now, "  Quarter-end trading  ", REF)
    assert moved.scheduled_start == datetime(2026, 4, 13, 19, 0, tzinfo=UTC)
    (entry,) = moved.reschedules
    assert entry.old_start == datetime(2026, 3, 30, 19, 0, tzinfo=UTC)
    assert entry.new_start == moved.scheduled_start
    assert entry.requested_at == now
    assert entry.reason == "Quarter-end trading"
    assert plan().reschedules == ()  # the original is unchanged


def test_rel5_reschedule_exactly_at_the_last_moment_is_allowed():
    last = last_reschedule_moment(plan(), REF)
    moved = reschedule_upgrade(plan(), START + timedelta(days=14), last, "Business", REF)
    assert len(moved.reschedules) == 1
    assert can_reschedule(plan(), last, REF)


def test_rel5_late_reschedule_refused_stating_the_last_moment():
    """REL-5: later than a week before → refused with a clear message and the last moment."""
    last = last_reschedule_moment(plan(), REF)
    late = last + timedelta(seconds=1)
    with pytest.raises(RescheduleRefused) as info:
        reschedule_upgrade(plan(), START + timedelta(days=14), late, "Business", REF)
    err = info.value
    assert err.code == "too_late"
    assert err.last_allowed == last
    assert "Too late" in str(err)
    assert "2026-03-23 19:00 UTC" in str(err)
    assert "7 days" in str(err)
    assert not can_reschedule(plan(), late, REF)


def test_rel5_second_reschedule_refused():
    """REL-5: a second reschedule is refused, however early."""
    now = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    moved = reschedule_upgrade(plan(), START + timedelta(days=21), now, "Business", REF)
    with pytest.raises(RescheduleRefused, match="already rescheduled") as info:
        reschedule_upgrade(moved, START + timedelta(days=42), now, "Again", REF)
    assert info.value.code == "limit"
    assert not can_reschedule(moved, now, REF)


def test_rel5_second_and_late_reports_the_limit():
    now = datetime(2026, 3, 1, tzinfo=UTC)
    moved = reschedule_upgrade(plan(), START + timedelta(days=1), now, "Business", REF)
    with pytest.raises(RescheduleRefused) as info:
        reschedule_upgrade(moved, START + timedelta(days=30), START, "Again", REF)
    assert info.value.code == "limit"


def test_rel5_limit_and_days_come_from_the_reference():
    ref = replace(REF, upgrade_max_reschedules=2, upgrade_reschedule_min_days=3)
    now = datetime(2026, 3, 1, tzinfo=UTC)
    once = reschedule_upgrade(plan(), START, now, "a", ref)
    twice = reschedule_upgrade(once, START + timedelta(days=1), now, "b", ref)
    assert len(twice.reschedules) == 2
    with pytest.raises(RescheduleRefused, match="2 times"):
        reschedule_upgrade(twice, START + timedelta(days=2), now, "c", ref)
    # 3 × 24 h across the DST change of 29 March: 27 March 19:00 UTC (20:00 CET)
    assert last_reschedule_moment(plan(), ref) == datetime(2026, 3, 27, 19, 0, tzinfo=UTC)
    no_reschedule = replace(REF, upgrade_max_reschedules=0)
    with pytest.raises(RescheduleRefused, match="cannot be rescheduled"):
        reschedule_upgrade(plan(), START, now, "a", no_reschedule)


def test_rel5_reschedule_needs_a_reason():
    with pytest.raises(RescheduleRefused, match="reason") as info:
        reschedule_upgrade(
            plan(), START + timedelta(days=7), datetime(2026, 3, 1, tzinfo=UTC), " ", REF
        )
    assert info.value.code == "reason"


def test_rel5_new_start_must_be_in_the_future():
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(RescheduleRefused) as info:
        reschedule_upgrade(plan(), now, now, "Business", REF)
    assert info.value.code == "past"


def test_rel5_refusal_messages_translate(monkeypatch):
    monkeypatch.setattr(i18n, "_translations", _Pseudo())
    with pytest.raises(RescheduleRefused, match=r"^«Too late"):
        reschedule_upgrade(plan(), START + timedelta(days=9), START, "Business", REF)


@given(st.integers(-30 * 24 * 60, 30 * 24 * 60))
def test_rel5_property_allowed_iff_a_week_before(minutes_before_start):
    """REL-5: allowed exactly while now <= start − 7 days (first reschedule)."""
    now = plan().scheduled_start - timedelta(minutes=minutes_before_start)
    allowed = minutes_before_start >= 7 * 24 * 60
    assert can_reschedule(plan(), now, REF) is allowed
    try:
        reschedule_upgrade(plan(), now + timedelta(days=60), now, "Business", REF)
    except RescheduleRefused as err:
        assert not allowed and err.code == "too_late"
    else:
        assert allowed


def test_rel5_recording_a_successful_upgrade_updates_the_installed_version():
    """REL-5: the provider reports the upgrade done; the installed version becomes the target."""
    done_at = datetime(2026, 3, 31, 3, 0, tzinfo=AMS)
    result = record_upgrade(plan(), done_at)
    assert result.installed.version == Version.parse("15.0 SU2")
    assert result.installed.customer == "Acme"
    assert result.previous_version == Version.parse("14.0 SU3")
    assert result.plan.completed_at == datetime(2026, 3, 31, 1, 0, tzinfo=UTC)
    assert assess(result.installed.version, REF.train).status is ReleaseStatus.SUPPORTED
    with pytest.raises(ValueError, match="already"):
        record_upgrade(result.plan, done_at)
    with pytest.raises(RescheduleRefused) as info:
        reschedule_upgrade(result.plan, START, datetime(2026, 3, 1, tzinfo=UTC), "x", REF)
    assert info.value.code == "completed"
    assert not can_reschedule(result.plan, datetime(2026, 3, 1, tzinfo=UTC), REF)


# -- MAINT-3 for upgrades: one weekday window of the cluster's region ---------------------


def _window_check(start: datetime, end: datetime | None, region: Region = Region.EU):
    event = upgrade_event("Acme", "c1", region, start, end, REF)
    return check_event(event, None, None, REF)


def test_upgrade_without_an_end_lasts_the_reference_default():
    """MAINT-3: a plan without an end of its own ends after ``upgrade_default_duration``."""
    assert REF.upgrade_default_duration == timedelta(hours=4)
    assert upgrade_end(START, None, REF) == datetime(2026, 3, 30, 23, 0, tzinfo=UTC)
    assert plan().end(REF) == START + timedelta(hours=4)
    longer = replace(REF, upgrade_default_duration=timedelta(hours=6))
    assert plan().end(longer) == START + timedelta(hours=6)
    own = START + timedelta(hours=2)
    assert plan(scheduled_end=own).end(REF) == own
    event = upgrade_event("Acme", "c1", Region.EU, START, None, REF)
    assert (event.type, event.end) == (MaintenanceType.UPGRADE, START + timedelta(hours=4))


def test_upgrade_inside_a_weekday_window_is_fine():
    """MAINT-3: Monday 21:00–01:00 in Amsterdam lies inside that evening's weekday window."""
    check = _window_check(START, None)
    assert check.ok
    assert check.window is not None and not check.window.weekend
    assert check.window.local_date.isoformat() == "2026-03-30"


def test_upgrade_on_a_saturday_night_breaks_maint3():
    """MAINT-3: weekend windows are for provider infrastructure only, not for upgrades."""
    saturday = datetime(2026, 3, 28, 22, 0, tzinfo=AMS)
    check = _window_check(saturday, saturday + timedelta(hours=3))
    assert check.rule_ids == ["MAINT-3"]
    assert "weekend window" in check.messages[0]


def test_upgrade_ending_after_06_00_breaks_maint3():
    """MAINT-3: the upgrade must end by 06:00 local when its window closes."""
    late = datetime(2026, 3, 31, 3, 0, tzinfo=AMS)
    check = _window_check(START, late + timedelta(hours=4))
    assert check.rule_ids == ["MAINT-3"]
    assert "after the window closes at 06:00" in check.messages[0]


def test_rescheduling_keeps_the_length_or_takes_the_new_end():
    """REL-5: a reschedule moves the end with the start unless a new end is given."""
    now = datetime(2026, 3, 1, tzinfo=UTC)
    new = START + timedelta(days=7)
    moved = reschedule_upgrade(plan(scheduled_end=START + timedelta(hours=3)), new, now, "x", REF)
    assert moved.scheduled_end == new + timedelta(hours=3)
    assert reschedule_upgrade(plan(), new, now, "x", REF).scheduled_end is None
    chosen = reschedule_upgrade(plan(), new, now, "x", REF, new_end=new + timedelta(hours=5))
    assert chosen.end(REF) == new + timedelta(hours=5)
