"""BAK-2 for one backup of a long list, and BAK-3 night states of one group.

The list views show retention per visible row: :func:`backup_retention`
needs only the group's newest good backups, and must agree with
:func:`retention_table` (the FILE-4 report) on every row.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from di_desk.domain.backups import (
    Backup,
    NightState,
    RetentionReason,
    backup_gaps,
    backup_retention,
    night_states,
    retention_cutoff,
    retention_table,
)
from di_desk.domain.enums import Application, BackupResult
from di_desk.domain.reference import DEFAULT_REFERENCE

REF = DEFAULT_REFERENCE
AT = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
GOOD, FAILED = BackupResult.GOOD, BackupResult.FAILED
CUCM = Application.CUCM


def newest_good_ids(rows, at, keep):
    """Per group, the row indices of the newest good backups at ``at`` (ties: later row)."""
    groups: dict[tuple[str, str], list[tuple[datetime, int]]] = {}
    for i, (cust, app, taken, good) in enumerate(rows):
        if good and taken <= at:
            groups.setdefault((cust, app), []).append((taken, i))
    return {k: [i for _t, i in sorted(v, reverse=True)[:keep]] for k, v in groups.items()}


rows_st = st.lists(
    st.tuples(
        st.sampled_from(["Acme", "Bolt"]),
        st.sampled_from(["CUCM", "CER"]),
        st.integers(-120 * 24, 10 * 24).map(lambda h: AT + timedelta(hours=h)),
        st.booleans() | st.just(True),
    ),
    max_size=50,
)


@settings(max_examples=300)
@given(rows_st, st.integers(-30, 150).map(lambda d: AT + timedelta(days=d)))
def test_bak2_one_row_agrees_with_the_table(rows, at):
    """BAK-2: backup_retention(row, group's newest good) == retention_table's state of the row."""
    cols = list(zip(*rows, strict=True)) if rows else [[], [], [], []]
    table = retention_table(*(list(c) for c in cols), at, REF)
    newest = newest_good_ids(rows, at, REF.retention_keep_good)
    for i, (cust, app, taken, _good) in enumerate(rows):
        state = backup_retention(i, taken, newest.get((cust, app), []), at, REF)
        assert state == table.state(i)


def test_bak2_one_row_reasons_and_expiry():
    """BAK-2: within 33 days (inclusive), kept by count, both, or expired with its date."""
    cutoff = retention_cutoff(AT, REF)
    assert cutoff == AT - timedelta(days=33)
    young = backup_retention(1, cutoff, [9, 8, 7], AT, REF)
    assert young.retained and young.reasons == (RetentionReason.WITHIN_DAYS,)
    assert young.expires_at == AT
    old = backup_retention(1, cutoff - timedelta(seconds=1), [9, 8, 7], AT, REF)
    assert not old.retained and old.reasons == ()
    assert old.expires_at == AT - timedelta(seconds=1)
    kept = backup_retention(7, cutoff - timedelta(days=40), [9, 8, 7], AT, REF)
    assert kept.retained and kept.reasons == (RetentionReason.LAST_GOOD,)
    assert kept.expires_at is None
    both = backup_retention(9, AT - timedelta(days=1), [9, 8, 7], AT, REF)
    assert both.reasons == (RetentionReason.LAST_GOOD, RetentionReason.WITHIN_DAYS)
    # Only the reference's number of newest good backups count.
    fourth = backup_retention(6, cutoff - timedelta(days=40), [9, 8, 7, 6], AT, REF)
    assert not fourth.retained
    two = replace(REF, retention_keep_good=2)
    assert not backup_retention(7, cutoff - timedelta(days=40), [9, 8, 7], AT, two).retained


def test_bak3_night_states_good_failed_missing():
    """BAK-3: a night is good, failed (only failed backups) or missing; gaps are the others."""
    backups = [
        Backup("Acme", CUCM, datetime(2026, 3, 10, 1, 0, tzinfo=UTC), GOOD),  # night 9
        Backup("Acme", CUCM, datetime(2026, 3, 11, 1, 0, tzinfo=UTC), FAILED),  # night 10
        Backup("Acme", CUCM, datetime(2026, 3, 12, 1, 0, tzinfo=UTC), FAILED),  # night 11
        Backup("Acme", CUCM, datetime(2026, 3, 12, 3, 0, tzinfo=UTC), GOOD),  # night 11 retry
    ]
    states = night_states(backups, date(2026, 3, 9), date(2026, 3, 12))
    assert states == [
        (date(2026, 3, 9), NightState.GOOD),
        (date(2026, 3, 10), NightState.FAILED),
        (date(2026, 3, 11), NightState.GOOD),
        (date(2026, 3, 12), NightState.MISSING),
    ]
    gaps = backup_gaps(backups, date(2026, 3, 9), date(2026, 3, 12))
    assert [g.night for g in gaps] == [n for n, s in states if s is not NightState.GOOD]
    assert night_states([], date(2026, 3, 2), date(2026, 3, 1)) == []
