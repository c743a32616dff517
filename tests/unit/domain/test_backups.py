"""Backups: records, retention, gaps, recovery point, restore statement, checklist.

BAK-1, BAK-2 (with property tests against a direct model of the reading),
BAK-3, BAK-4 and BAK-6.
"""

from __future__ import annotations

import gettext
import random
from dataclasses import FrozenInstanceError, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from di_desk import i18n
from di_desk.domain.backups import (
    LAST_GOOD,
    WITHIN_DAYS,
    Backup,
    Gap,
    RetentionReason,
    backup_checklist,
    backup_gaps,
    checklist_progress,
    last_complete_night,
    night_of,
    reason_label,
    recovery_point_limit,
    recovery_points,
    restore_statement,
    retention_states,
    retention_table,
    tick_checklist,
)
from di_desk.domain.enums import Application, BackupResult
from di_desk.domain.reference import DEFAULT_REFERENCE

REF = DEFAULT_REFERENCE
AMS = ZoneInfo("Europe/Amsterdam")
AT = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
GOOD, FAILED = BackupResult.GOOD, BackupResult.FAILED
CUCM, CER = Application.CUCM, Application.CER


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


@pytest.fixture
def pseudo(monkeypatch):
    monkeypatch.setattr(i18n, "_translations", _Pseudo())


def nightly(customer="Acme", app=CUCM, last=AT, nights=40, failed=(), hour=2):
    """One backup a night at ``hour`` UTC for ``nights`` nights up to ``last``'s date."""
    out = []
    for k in range(nights):
        day = last.date() - timedelta(days=k)
        result = FAILED if k in failed else GOOD
        out.append(Backup(customer, app, datetime.combine(day, time(hour), UTC), result, 10**9))
    return out


# -- BAK-1 --------------------------------------------------------------------


def test_bak1_backup_record_normalizes_and_is_frozen():
    """BAK-1: customer, application, taken_at (UTC), result, size; optional id."""
    b = Backup("Acme", "cucm", datetime(2026, 3, 20, 2, 0, tzinfo=AMS), "Good", 123, id=7)  # type: ignore[arg-type]
    assert b.application is CUCM
    assert b.result is GOOD
    assert b.taken_at == datetime(2026, 3, 20, 1, 0, tzinfo=UTC) and b.taken_at.tzinfo is UTC
    assert b.key == ("Acme", CUCM)
    assert b.good and b.size_bytes == 123 and b.id == 7
    with pytest.raises(FrozenInstanceError):
        b.size_bytes = 1  # type: ignore[misc]
    assert Backup("Acme", CUCM, AT, FAILED).size_bytes is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"taken_at": datetime(2026, 3, 20, 2, 0)},  # naive
        {"result": "maybe"},
        {"application": "Teams"},
        {"size_bytes": -1},
    ],
)
def test_bak1_backup_record_refuses_bad_fields(kwargs):
    fields = {"customer": "Acme", "application": CUCM, "taken_at": AT, "result": GOOD}
    fields.update(kwargs)
    with pytest.raises(ValueError):
        Backup(**fields)


# -- BAK-2: examples ----------------------------------------------------------


def test_bak2_reason_tokens_and_labels():
    """BAK-2 / FILE-4: stable tokens; labels "last 3 good", "within 33 days"."""
    assert [r.value for r in RetentionReason] == ["last-3-good", "within-33-days"]
    assert RetentionReason.LAST_GOOD.label == "last 3 good"
    assert RetentionReason.WITHIN_DAYS.label == "within 33 days"
    assert reason_label(RetentionReason.LAST_GOOD, REF) == "last 3 good"
    assert reason_label(RetentionReason.WITHIN_DAYS, REF) == "within 33 days"
    ref = replace(REF, retention_keep_good=5, retention_days=1)
    assert reason_label(RetentionReason.LAST_GOOD, ref) == "last 5 good"
    assert reason_label(RetentionReason.WITHIN_DAYS, ref) == "within 1 day"


def test_bak2_labels_translate(pseudo):
    assert RetentionReason.LAST_GOOD.label == "«last 3 good»"
    assert reason_label(RetentionReason.WITHIN_DAYS, REF) == "«within 33 days»"


def test_bak2_nightly_history():
    """BAK-2: 40 good nights: the 3 newest by both rules, up to 33 days by age, older expired."""
    backups = nightly(nights=40)  # newest first: k = age in days (+10 h)
    states = retention_states(backups, AT, REF)
    for k, state in enumerate(states):
        taken = backups[k].taken_at
        if k < 3:
            assert state.reasons == (RetentionReason.LAST_GOOD, RetentionReason.WITHIN_DAYS)
            assert state.expires_at is None  # kept by count: stays if nothing newer arrives
        elif k <= 32:  # age 32 days 10 h ≤ 33 days
            assert state.reasons == (RetentionReason.WITHIN_DAYS,)
            assert state.expires_at == taken + timedelta(days=33)
        else:
            assert state.retained is False and state.reasons == ()
            assert state.expires_at == taken + timedelta(days=33) and state.expires_at < AT
        assert state.retained is (k <= 32)
    assert states[0].reason_tokens == ["last-3-good", "within-33-days"]


def test_bak2_age_boundary_is_inclusive():
    """BAK-2: retained while age ≤ 33 days; one second more expires it."""
    older = [Backup("Acme", CUCM, AT - timedelta(days=33), FAILED)]
    assert retention_states(older, AT, REF)[0].retained is True
    older = [Backup("Acme", CUCM, AT - timedelta(days=33, seconds=1), FAILED)]
    assert retention_states(older, AT, REF)[0].retained is False


def test_bak2_old_good_backups_are_kept_by_count_when_new_ones_fail():
    """BAK-2: the three most recent *good* backups are kept however old they are."""
    old_good = nightly(last=AT - timedelta(days=60), nights=5)
    recent_failed = nightly(last=AT, nights=50, failed=range(50))
    states = retention_states(old_good + recent_failed, AT, REF)
    kept = [s for s, b in zip(states, old_good + recent_failed, strict=True) if s.retained]
    assert [s.reasons for s in states[:3]] == [(RetentionReason.LAST_GOOD,)] * 3
    assert all(s.expires_at is None for s in states[:3])
    assert [s.retained for s in states[3:5]] == [False, False]
    assert len(kept) == 3 + 33  # 3 old good + failed ones aged k days 10 h, k = 0…32


def test_bak2_failed_backups_never_count():
    backups = [Backup("Acme", CUCM, AT - timedelta(days=50 + k), FAILED) for k in range(5)]
    assert not any(s.retained for s in retention_states(backups, AT, REF))


def test_bak2_groups_are_per_customer_and_application():
    """BAK-2: "last 3 good" counts within one customer+application."""
    backups = (
        nightly("Acme", CUCM, last=AT - timedelta(days=100), nights=4)
        + nightly("Acme", CER, last=AT - timedelta(days=100), nights=4)
        + nightly("Bolt", CUCM, last=AT - timedelta(days=100), nights=4)
    )
    states = retention_states(backups, AT, REF)
    assert [s.retained for s in states] == [True, True, True, False] * 3


def test_bak2_backups_after_at_do_not_push_older_ones_out():
    """BAK-2 reading: only backups taken by ``at`` compete for "most recent"."""
    old = nightly(last=AT - timedelta(days=100), nights=3)
    future = nightly(last=AT + timedelta(days=10), nights=3)
    states = retention_states(old + future, AT, REF)
    assert all(s.reasons == (RetentionReason.LAST_GOOD,) for s in states[:3])
    # future backups exist in the data but not yet at `at`: young, kept by age only
    assert all(s.reasons == (RetentionReason.WITHIN_DAYS,) for s in states[3:])
    later = retention_states(old + future, AT + timedelta(days=11), REF)
    assert [s.retained for s in later[:3]] == [False, False, False]


def test_bak2_ties_go_to_the_later_row():
    """BAK-2 reading: among equal instants the backup later in the input is more recent."""
    t = AT - timedelta(days=60)
    backups = [Backup("Acme", CUCM, t, GOOD, id=i) for i in range(5)]
    assert [s.retained for s in retention_states(backups, AT, REF)] == [False, False] + [True] * 3


def test_bak2_reference_numbers_are_used():
    ref = replace(REF, retention_keep_good=1, retention_days=2)
    states = retention_states(nightly(nights=5), AT, ref)
    assert [s.reasons for s in states] == [
        (RetentionReason.LAST_GOOD, RetentionReason.WITHIN_DAYS),
        (RetentionReason.WITHIN_DAYS,),
        (),  # 2 days 10 h old
        (),
        (),
    ]
    none_by_count = replace(REF, retention_keep_good=0)
    assert not any(
        s.retained
        for s in retention_states(nightly(last=AT - timedelta(days=90)), AT, none_by_count)
    )


def test_bak2_empty_input():
    assert retention_states([], AT, REF) == []
    table = retention_table([], [], [], [], AT, REF)
    assert len(table) == 0 and list(table) == []


def test_bak2_table_is_compact_and_consistent_with_states():
    backups = nightly(nights=40, failed={0, 5})
    table = retention_table(
        [b.customer for b in backups],
        [b.application for b in backups],
        [b.taken_at for b in backups],
        [b.good for b in backups],
        AT,
        REF,
    )
    assert isinstance(table.flags, bytes)
    assert list(table) == retention_states(backups, AT, REF)
    assert table.retained_count + table.expired_count == 40
    assert table.flags[1] == LAST_GOOD | WITHIN_DAYS
    assert table.flags[0] == WITHIN_DAYS  # failed
    assert table.retained(0) and table.reasons(39) == () and table.expires_at(1) is None


def test_bak2_columns_accept_fixed_offset_instants():
    """FILE-4: instants as ``fromisoformat`` gives them, any offset, compared as instants."""
    texts = ["2026-03-19T03:00:00+01:00", "2026-03-19T01:30:00Z", "2026-03-18T22:00:00-05:00"]
    taken = [datetime.fromisoformat(t) for t in texts]
    table = retention_table(["A"] * 3, ["CUCM"] * 3, taken, [True] * 3, AT, REF)
    assert table.retained_count == 3
    assert table.expires_at(0) is None
    ref = replace(REF, retention_keep_good=1)
    table = retention_table(["A"] * 3, ["CUCM"] * 3, taken, [True] * 3, AT, ref)
    assert [table.flags[i] & LAST_GOOD for i in range(3)] == [0, 0, LAST_GOOD]  # 03:00Z newest
    assert table.expires_at(1) == datetime(2026, 4, 21, 1, 30, tzinfo=UTC)
    assert table.expires_at(1).tzinfo is UTC


def test_bak2_column_lengths_must_match():
    with pytest.raises(ValueError):
        retention_table(["A"], [], [AT], [True], AT, REF)


def test_bak2_naive_at_is_refused():
    with pytest.raises(ValueError):
        retention_states(nightly(nights=1), datetime(2026, 3, 20), REF)


# -- BAK-2: properties ----------------------------------------------------------


def model(rows, at, keep=3, days=33):
    """The BAK-2 reading, written directly: per row (retained, last_good, within, expires)."""
    out = []
    for i, (cust, app, taken, good) in enumerate(rows):
        peers = [
            (t, j) for j, (c, a, t, g) in enumerate(rows) if (c, a) == (cust, app) and g and t <= at
        ]
        newest = sorted(peers, reverse=True)[:keep]
        by_count = good and taken <= at and (taken, i) in newest
        within = at - taken <= timedelta(days=days)
        expires = None if by_count else taken + timedelta(days=days)
        out.append((by_count or within, by_count, within, expires))
    return out


rows_st = st.lists(
    st.tuples(
        st.sampled_from(["Acme", "Bolt", "Cory"]),
        st.sampled_from(["CUCM", "CER"]),
        st.integers(-120 * 24, 10 * 24).map(lambda h: AT + timedelta(hours=h)),
        st.booleans() | st.just(True),
    ),
    max_size=60,
)


def _table(rows, at, ref=REF):
    cols = list(zip(*rows, strict=True)) if rows else [[], [], [], []]
    return retention_table(*(list(c) for c in cols), at, ref)


@settings(max_examples=300)
@given(rows_st, st.integers(-30, 150).map(lambda d: AT + timedelta(days=d)))
def test_bak2_property_matches_the_reading(rows, at):
    """BAK-2: the fast table equals a direct transcription of the reading."""
    table = _table(rows, at)
    for i, (retained, by_count, within, expires) in enumerate(model(rows, at)):
        assert table.retained(i) is retained
        assert bool(table.flags[i] & LAST_GOOD) is by_count
        assert bool(table.flags[i] & WITHIN_DAYS) is within
        assert table.expires_at(i) == expires


@settings(max_examples=200)
@given(rows_st, st.integers(-30, 150).map(lambda d: AT + timedelta(days=d)))
def test_bak2_property_never_expires_one_of_the_three_newest_good(rows, at):
    """BAK-2: each group's three most recent good backups (taken by ``at``) are retained."""
    table = _table(rows, at)
    groups = {(c, a) for c, a, _t, _g in rows}
    for group in groups:
        good = sorted(
            ((t, i) for i, (c, a, t, g) in enumerate(rows) if (c, a) == group and g and t <= at),
            reverse=True,
        )
        for _t, i in good[:3]:
            assert table.retained(i)
            assert RetentionReason.LAST_GOOD in table.reasons(i)
            assert table.expires_at(i) is None


@settings(max_examples=200)
@given(rows_st, st.integers(-30, 150).map(lambda d: AT + timedelta(days=d)))
def test_bak2_property_never_keeps_an_old_backup_that_is_not_among_them(rows, at):
    """BAK-2: older than 33 days and not one of its group's three newest good → expired."""
    table = _table(rows, at)
    for i, (c, a, t, g) in enumerate(rows):
        if at - t <= timedelta(days=33):
            continue
        newer_good = sum(
            1
            for j, (c2, a2, t2, g2) in enumerate(rows)
            if (c2, a2) == (c, a) and g2 and t2 <= at and (t2, j) > (t, i)
        )
        if not g or newer_good >= 3:
            assert not table.retained(i)
            assert table.expires_at(i) == t + timedelta(days=33) <= at


@settings(max_examples=100)
@given(
    st.lists(st.integers(-2000, 240), unique=True, max_size=40),
    st.randoms(use_true_random=False),
)
def test_bak2_property_order_of_input_does_not_matter(hours, rnd):
    """BAK-2: with distinct instants, a backup's state does not depend on row order."""
    rows = [
        ("Acme" if h % 3 else "Bolt", "CUCM", AT + timedelta(hours=h), h % 5 != 0) for h in hours
    ]
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    a, b = _table(rows, AT), _table(shuffled, AT)
    state_a = {rows[i]: a.state(i) for i in range(len(rows))}
    state_b = {shuffled[i]: b.state(i) for i in range(len(rows))}
    assert state_a == state_b


def test_bak2_large_mixed_history_matches_the_reading():
    """BAK-2: a bigger history with stale, all-failed and active groups (every code path)."""
    rng = random.Random(3)
    rows = []
    for g in range(30):
        stale = g % 7 == 0
        for night in range(80):
            taken = AT - timedelta(days=night + (60 if stale else 0), minutes=rng.randrange(600))
            good = g % 11 != 5 and rng.random() > 0.2
            rows.append((f"C{g}", "CUCM", taken, good))
    rng.shuffle(rows)
    table = _table(rows, AT)
    expected = model(rows, AT)
    assert [table.retained(i) for i in range(len(rows))] == [e[0] for e in expected]
    assert [table.expires_at(i) for i in range(len(rows))] == [e[3] for e in expected]


# -- BAK-3: gaps ---------------------------------------------------------------


def test_bak3_night_runs_noon_to_noon_named_by_its_evening():
    """BAK-3 reading: night D = noon on D to noon on D+1, in the given zone (default UTC)."""
    assert night_of(datetime(2026, 3, 14, 2, 0, tzinfo=UTC)) == date(2026, 3, 13)
    assert night_of(datetime(2026, 3, 13, 23, 30, tzinfo=UTC)) == date(2026, 3, 13)
    assert night_of(datetime(2026, 3, 13, 12, 0, tzinfo=UTC)) == date(2026, 3, 13)
    assert night_of(datetime(2026, 3, 13, 11, 59, tzinfo=UTC)) == date(2026, 3, 12)
    # 11:30 UTC is 12:30 in Amsterdam: the next night there
    assert night_of(datetime(2026, 3, 13, 11, 30, tzinfo=UTC), "Europe/Amsterdam") == date(
        2026, 3, 13
    )
    assert night_of(datetime(2026, 3, 13, 20, 0, tzinfo=UTC), "Asia/Tokyo") == date(2026, 3, 13)
    assert night_of(datetime(2026, 3, 14, 1, 0, tzinfo=UTC), night_starts=time(0, 0)) == date(
        2026, 3, 14
    )


def test_bak3_last_complete_night():
    assert last_complete_night(datetime(2026, 3, 14, 13, 0, tzinfo=UTC)) == date(2026, 3, 13)
    assert last_complete_night(datetime(2026, 3, 14, 11, 0, tzinfo=UTC)) == date(2026, 3, 12)


def test_bak3_gaps_are_nights_without_a_good_backup():
    """BAK-3: a failed night and a missing night are gaps; a good one is not."""
    backups = [
        Backup("Acme", CUCM, datetime(2026, 3, 10, 1, 0, tzinfo=UTC), GOOD),  # night 9
        Backup("Acme", CUCM, datetime(2026, 3, 10, 23, 50, tzinfo=UTC), GOOD),  # night 10
        Backup("Acme", CUCM, datetime(2026, 3, 12, 1, 0, tzinfo=UTC), FAILED),  # night 11
        Backup("Acme", CUCM, datetime(2026, 3, 13, 0, 10, tzinfo=UTC), GOOD),  # night 12
        Backup("Acme", CER, datetime(2026, 3, 12, 1, 0, tzinfo=UTC), GOOD),  # night 11
    ]
    gaps = backup_gaps(backups, date(2026, 3, 9), date(2026, 3, 12))
    assert gaps == [
        Gap("Acme", CER, date(2026, 3, 9)),
        Gap("Acme", CER, date(2026, 3, 10)),
        Gap("Acme", CER, date(2026, 3, 12)),
        Gap("Acme", CUCM, date(2026, 3, 11)),
    ]


def test_bak3_schedule_across_midnight_and_dst_is_not_a_gap():
    """BAK-3: 01:00 Amsterdam is 00:00 UTC in winter and 23:00 UTC in summer: no false gap."""
    backups = [
        Backup("Acme", CUCM, datetime.combine(d, time(1, 0), AMS), GOOD)
        for d in (date(2026, 3, 27) + timedelta(days=k) for k in range(5))
    ]
    assert backup_gaps(backups, date(2026, 3, 26), date(2026, 3, 30)) == []
    assert backup_gaps(backups, date(2026, 3, 26), date(2026, 3, 30), "Europe/Amsterdam") == []


def test_bak3_expected_groups_without_backups_are_gaps_every_night():
    gaps = backup_gaps([], date(2026, 3, 1), date(2026, 3, 3), groups=[("Acme", CUCM)])
    assert [g.night.day for g in gaps] == [1, 2, 3]
    assert backup_gaps([], date(2026, 3, 1), date(2026, 3, 3)) == []
    assert backup_gaps(nightly(nights=3), date(2026, 3, 5), date(2026, 3, 4)) == []


def test_bak3_recovery_point_age_and_warning():
    """BAK-3: age of the newest good backup; warn above 24 h + 6 h grace."""
    assert recovery_point_limit(REF) == timedelta(hours=30)
    newest = AT - timedelta(hours=30)
    backups = [
        Backup("Acme", CUCM, newest, GOOD),
        Backup("Acme", CUCM, newest - timedelta(days=1), GOOD),
        Backup("Acme", CUCM, AT - timedelta(hours=2), FAILED),
        Backup("Acme", CUCM, AT + timedelta(hours=2), GOOD),  # after now: ignored
        Backup("Bolt", CUCM, AT - timedelta(hours=30, seconds=1), GOOD),
        Backup("Cory", CER, AT - timedelta(hours=1), FAILED),
    ]
    acme, bolt, cory = recovery_points(backups, AT, REF)
    assert (acme.customer, acme.newest_good, acme.age, acme.warning) == (
        "Acme",
        newest,
        timedelta(hours=30),
        False,
    )
    assert bolt.warning is True
    assert (cory.newest_good, cory.age, cory.warning) == (None, None, True)
    relaxed = replace(REF, recovery_point_grace=timedelta(hours=12))
    assert recovery_points(backups, AT, relaxed)[1].warning is False


def test_bak3_recovery_points_for_expected_groups():
    points = recovery_points(nightly(nights=2), AT, REF, groups=[("Acme", CUCM), ("Acme", CER)])
    assert [(p.application, p.warning) for p in points] == [(CER, True), (CUCM, False)]


# -- BAK-4 ---------------------------------------------------------------------


def test_bak4_restore_statement():
    """BAK-4: no on-demand restore; provider-only restore in DR; partners have no access."""
    text = restore_statement()
    assert "no on-demand restore" in text
    assert "Only the provider restores" in text and "disaster recovery" in text
    assert "Partners have no access" in text
    assert "password-protected" in text and "each customer" in text
    assert len(text.splitlines()) == 4


def test_bak4_statement_translates(pseudo):
    assert all(line.startswith("«") for line in restore_statement().splitlines())


# -- BAK-6 ---------------------------------------------------------------------


def test_bak6_checklist_from_reference_with_ticks():
    """BAK-6: per-customer checklist; items are reference data, ticks are the customer's."""
    key = REF.backup_checklist[1]
    ticked = tick_checklist({}, key, datetime(2026, 3, 1, 10, 0, tzinfo=AMS), REF)
    assert ticked == {key: datetime(2026, 3, 1, 9, 0, tzinfo=UTC)}
    items = backup_checklist(REF, ticked)
    assert [i.key for i in items] == list(REF.backup_checklist)
    assert [i.done for i in items] == [False, True, False, False]
    assert checklist_progress(items) == (1, 4)
    assert tick_checklist(ticked, key, None, REF) == {}
    with pytest.raises(ValueError, match="not on the backup checklist"):
        tick_checklist({}, "Water the plants", AT, REF)


def test_bak6_checklist_is_editable_reference_data(pseudo):
    ref = replace(REF, backup_checklist=("Export dial plan", "Keep CDR archive"))
    items = backup_checklist(ref, {"Old item": AT, "Keep CDR archive": AT})
    assert [(i.label, i.done) for i in items] == [
        ("«Export dial plan»", False),
        ("«Keep CDR archive»", True),
    ]
    assert checklist_progress(backup_checklist(ref)) == (0, 2)


def test_fixed_offset_zone_used_in_tests_is_an_instant():
    """Sanity: comparisons of differently-offset instants are by instant (TIME-1)."""
    a = datetime(2026, 3, 1, 1, 0, tzinfo=timezone(timedelta(hours=1)))
    assert a == datetime(2026, 3, 1, 0, 0, tzinfo=UTC)


def test_bak2_columns_in_a_dst_zone_compare_as_instants():
    """TIME-2: 02:30 fold=1 (CET) is after 02:30 fold=0 (CEST) on 2026-10-25 in Amsterdam."""
    first = datetime(2026, 10, 25, 2, 30, tzinfo=AMS, fold=0)  # 00:30 UTC
    second = datetime(2026, 10, 25, 2, 30, tzinfo=AMS, fold=1)  # 01:30 UTC
    ref = replace(REF, retention_keep_good=1)
    at = datetime(2026, 12, 31, tzinfo=UTC)
    table = retention_table(["A", "A"], ["CUCM", "CUCM"], [second, first], [True, True], at, ref)
    assert [table.retained(0), table.retained(1)] == [True, False]
    assert table.expires_at(1) == datetime(2026, 11, 27, 0, 30, tzinfo=UTC)


@settings(max_examples=100)
@given(rows_st, st.lists(st.integers(-14, 14), min_size=1, max_size=5))
def test_bak2_property_offsets_do_not_change_the_result(rows, offsets):
    """FILE-4: the same instants written with other UTC offsets give the same states."""
    shifted = [
        (c, a, t.astimezone(timezone(timedelta(hours=offsets[i % len(offsets)]))), g)
        for i, (c, a, t, g) in enumerate(rows)
    ]
    assert list(_table(rows, AT)) == list(_table(shifted, AT))
