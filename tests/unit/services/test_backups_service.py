"""Services of the Backups tab: summary, retention index, import, DR events (BAK-2/3/5, FILE-4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from di_desk.domain.backups import NightState
from di_desk.domain.disaster_recovery import DrState
from di_desk.domain.enums import Application, BackupResult, DrKind, Region
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.io.errors import FileReadError
from di_desk.services import backups as svc
from di_desk.services import disaster_recovery as dr
from di_desk.services.listing import ListQuery
from di_desk.services.memory_source import MemorySource
from di_desk.storage.bulk import bulk_insert, bulk_insert_backups
from di_desk.storage.db import open_database
from di_desk.storage.errors import StaleEdit
from di_desk.storage.tables import Backup, Customer

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
REF = DEFAULT_REFERENCE


def at_one(night: date) -> datetime:
    return datetime.combine(night + timedelta(days=1), time(1, 0), AMS).astimezone(UTC)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.sqlite")
    bulk_insert(
        database, Customer, [{"name": "Acme", "region": Region.EU, "zone": "Europe/Amsterdam"}]
    )
    first = date(2026, 3, 1)  # a new customer: 19 nights of history
    rows = [
        {
            "customer_id": 1,
            "application": Application.CUCM,
            "taken_at": at_one(first + timedelta(days=d)),
            "result": BackupResult.FAILED if d == 5 else BackupResult.GOOD,
        }
        for d in range(19)
        if d != 7
    ]
    bulk_insert_backups(database, rows)
    yield database
    database.close()


def test_bak3_summary_counts_no_gaps_before_the_first_backup(db):
    """BAK-3 reading: nights before a group's first backup are not gaps."""
    summary = svc.summarize(REF, NOW)
    (group,) = summary.groups
    assert group.gaps_long == 2 and group.gaps_short == 2
    assert group.gap_nights == (
        (date(2026, 3, 8), NightState.MISSING),
        (date(2026, 3, 6), NightState.FAILED),
    )
    assert group.total == group.retained == 18
    assert [t for _i, t in group.kept] == [at_one(date(2026, 3, d)) for d in (19, 18, 17)]
    assert not group.warning
    rows = svc.gap_rows(summary.groups)
    assert [r["night"] for r in rows] == [date(2026, 3, 8), date(2026, 3, 6)]
    assert rows[0]["night_at"] == datetime(2026, 3, 8, 11, 0, tzinfo=UTC)


def test_bak2_retention_index_matches_kept_by_count(db):
    index = svc.RetentionIndex(REF, NOW + timedelta(days=60))  # everything is old then
    ids = [i for i, _t in index.newest(1, Application.CUCM)]
    assert len(ids) == 3
    assert index.kept_by_count_only() == frozenset(ids)
    query = index.list_query(ListQuery(filters={"retention": "retained", "customer_id": 1}))
    assert query.filters["retention"].kept == frozenset(ids)
    assert index.list_query(ListQuery(filters={"retention": None})).filters == {}
    state = index.state(ids[0], 1, Application.CUCM, at_one(date(2026, 3, 19)))
    assert state.retained and state.expires_at is None


def test_file4_import_all_or_nothing(db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(
        "customer,application,taken_at,result\nacme,CER,2026-03-19T01:00:00+01:00,good\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "customer,application,taken_at,result\n"
        "Acme,CER,2026-03-19T01:00:00+01:00,good\n"
        "Nobody,CER,2026-03-19T01:00:00+01:00,good\n",
        encoding="utf-8",
    )
    before = Backup.select().count()
    outcome = svc.import_backups(db, bad)
    assert not outcome.ok and outcome.added == 0 and outcome.rows == 2
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "customer")]
    assert Backup.select().count() == before
    seen = []
    outcome = svc.import_backups(db, good, progress=lambda *a: seen.append(a))
    assert outcome.ok and outcome.added == 1
    assert Backup.select().count() == before + 1
    assert seen
    missing = tmp_path / "no_result.csv"
    missing.write_text("customer,application,taken_at\n", encoding="utf-8")
    with pytest.raises(FileReadError):
        svc.import_backups(db, missing)


def test_bak5_dr_events_objective_state_and_follow_ups(db):
    """BAK-5: objective in the provider calendar; met / missed / running; follow-ups."""
    started = datetime(2026, 3, 13, 16, 0, tzinfo=AMS)
    saved = dr.save_dr_event(
        db, "t", customer_id=1, kind=DrKind.APPLICATION_FAILURE, started_at=started
    )
    (row,) = dr.dr_rows(REF, datetime(2026, 3, 16, 12, 0, tzinfo=AMS))
    assert row.status.state is DrState.RUNNING
    assert row.status.objective == datetime(2026, 3, 16, 16, 0, tzinfo=AMS)
    assert row.status.time_left == timedelta(hours=4)
    with pytest.raises(ValueError):
        dr.save_dr_event(
            db, "t", customer_id=1, kind=DrKind.APPLICATION_FAILURE, started_at=started,
            rebuilt_at=started - timedelta(hours=1), event_id=saved["id"], expected_version=1,
        )  # fmt: skip
    dr.save_dr_event(
        db, "t", customer_id=1, kind=DrKind.APPLICATION_FAILURE, started_at=started,
        rebuilt_at=started + timedelta(hours=20), event_id=saved["id"], expected_version=1,
    )  # fmt: skip
    with pytest.raises(StaleEdit):
        dr.save_dr_event(
            db, "t", customer_id=1, kind=DrKind.HARDWARE_FAILURE, started_at=started,
            event_id=saved["id"], expected_version=1,
        )  # fmt: skip
    with pytest.raises(ValueError):
        dr.add_follow_up_action(db, "t", saved["id"], "   ")
    step = dr.add_follow_up_action(db, "t", saved["id"], " Test calls ")
    dr.add_follow_up_action(db, "t", saved["id"], "Check integrations")
    dr.set_follow_up_done(db, "t", step["id"], NOW)
    (row,) = dr.dr_rows(REF, NOW)
    assert row.status.state is DrState.MET
    assert [(f.text, f.done) for f in row.follow_ups] == [
        ("Test calls", True),
        ("Check integrations", False),
    ]
    assert row.open_follow_ups == 1
    assert row.as_row()["follow_ups"] == (1, 2)


def test_memory_source_filters_sorts_and_pages():
    rows = [
        {"id": 1, "name": "beta", "n": 3, "at": NOW},
        {"id": 2, "name": "Alpha", "n": None, "at": NOW - timedelta(days=2)},
        {"id": 3, "name": "gamma", "n": 1, "at": NOW + timedelta(days=2)},
    ]
    source = MemorySource(rows, sortable=("name", "n"), text_keys=("name",), date_key="at")
    assert source.ids(ListQuery(sort_key="name"), 0, 10) == [2, 1, 3]
    assert source.ids(ListQuery(sort_key="n", descending=True), 0, 10) == [1, 3, 2]
    assert source.ids(ListQuery(text="ALP"), 0, 10) == [2]
    assert source.count(ListQuery(filters={"n": [1, 3]})) == 2
    assert source.count(ListQuery(date_from=NOW - timedelta(days=1), date_to=NOW)) == 0
    assert source.count(ListQuery(date_from=NOW - timedelta(days=1))) == 2
    assert source.ids(ListQuery(sort_key="name"), 1, 1) == [1]
    assert source.rows([3, 9]) == {3: rows[2]}
