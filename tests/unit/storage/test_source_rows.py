"""The first page read with its rows, the page cache, and rows converted when read.

A list's first page (``ids(query, 0, n)``) is read in one query with its
rows; the ``rows()`` that follow get them from a page cache that must never
show a stale value (after an edit, by this or another connection) nor serve
ids the last ``ids()`` did not read. TIME-1: instants read as aware UTC.
"""

from __future__ import annotations

import copy
import pickle
import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import pytest

from di_desk.domain.enums import Application as AppKind
from di_desk.domain.enums import BackupResult, CaseStatus, Region
from di_desk.services.listing import ListQuery
from di_desk.storage import demo
from di_desk.storage.audit_source import AuditSource
from di_desk.storage.backup_queries import BackupListSource
from di_desk.storage.bulk import bulk_insert, bulk_insert_backups
from di_desk.storage.repositories import Repository
from di_desk.storage.sources import (
    ApplicationSource,
    BackupSource,
    CaseSource,
    CustomerSource,
    MaintenanceSource,
)
from di_desk.storage.tables import Backup, Customer, SupportCase
from di_desk.storage.upgrade_source import UpgradePlanSource

from .conftest import T0, WHO

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEWEST_FIRST = ListQuery(sort_key="taken_at", descending=True)


@pytest.fixture
def backups(db):
    bulk_insert(db, Customer, [{"name": n, "region": Region.EU} for n in ("Acme", "Globex")])
    bulk_insert_backups(
        db,
        [
            {
                "customer_id": 1 + i % 2,
                "application": AppKind.CUCM if i % 3 else AppKind.CER,
                "taken_at": T0 + timedelta(hours=i),
                "result": BackupResult.GOOD if i % 4 else BackupResult.FAILED,
                "size_bytes": None if i % 5 == 0 else 1000 * i,
                "source": "t",
            }
            for i in range(60)
        ],
    )
    return db


class QueryCounter:
    """Counts the statements a source runs (the page cache's check runs beside it)."""

    def __init__(self, db, monkeypatch) -> None:
        self.sql: list[str] = []
        real = db.execute_sql

        def counting(sql, params=None, *args, **kwargs):
            self.sql.append(sql)
            return real(sql, params, *args, **kwargs)

        monkeypatch.setattr(db, "execute_sql", counting)

    def take(self) -> int:
        n, self.sql = len(self.sql), []
        return n


@pytest.mark.parametrize("source_type", [BackupSource, BackupListSource])
def test_first_page_rows_come_with_the_ids(backups, monkeypatch, source_type):
    source = source_type(backups)
    queries = QueryCounter(backups, monkeypatch)
    ids = source.ids(NEWEST_FIRST, 0, 20)
    assert queries.take() == 1  # ids and rows in one statement
    first = source.rows(ids[:8])
    rest = source.rows(ids[8:])
    assert queries.take() == 0  # both batches from the page
    assert list(first) == ids[:8] and list(rest) == ids[8:]
    assert [first[i]["taken_at"] for i in ids[:8]] == [
        T0 + timedelta(hours=59 - n) for n in range(8)
    ]
    assert first[ids[0]]["customer"] == "Globex"


@pytest.mark.parametrize("source_type", [BackupSource, BackupListSource])
def test_rows_not_read_by_the_last_ids_call_come_from_the_database(
    backups, monkeypatch, source_type
):
    source = source_type(backups)
    first_page = source.ids(NEWEST_FIRST, 0, 10)
    older = Backup.select(Backup.id).order_by(Backup.taken_at).first().id
    assert older not in first_page
    queries = QueryCounter(backups, monkeypatch)
    mixed = source.rows([first_page[0], older, 999_999])
    assert queries.take() == 1  # one query, for the id that was not on the page
    assert sorted(mixed) == sorted([first_page[0], older])
    assert mixed[older]["taken_at"] == T0
    # A later page (ids only) drops the first page: its rows are read again.
    source.ids(NEWEST_FIRST, 10, 10)
    queries.take()
    source.rows(first_page[:3])
    assert queries.take() == 1


def test_rows_after_an_update_show_the_new_values(backups):
    """An edit through the app's connection: the kept page is not used any more."""
    source = BackupSource(backups)
    ids = source.ids(NEWEST_FIRST, 0, 10)
    assert source.rows(ids)[ids[0]]["size_bytes"] == 59_000
    Repository(backups, Backup).update(ids[0], None, WHO, size_bytes=1, result=BackupResult.FAILED)
    row = source.rows(ids[:1])[ids[0]]
    assert row["size_bytes"] == 1 and row["result"] is BackupResult.FAILED
    Repository(backups, Customer).update(2, 1, WHO, name="Globex 2")
    assert source.rows(ids[:1])[ids[0]]["customer"] == "Globex 2"


def test_rows_after_another_connection_commits_show_the_new_values(backups):
    """Another connection (a worker thread, another process) writes: read again."""
    source = BackupSource(backups)
    ids = source.ids(NEWEST_FIRST, 0, 10)
    source.rows(ids)
    other = sqlite3.connect(backups.path)
    with other:
        other.execute("UPDATE backup SET size_bytes = 7 WHERE id = ?", (ids[1],))
        other.execute("DELETE FROM backup WHERE id = ?", (ids[2],))
    other.close()
    rows = source.rows(ids)
    assert rows[ids[1]]["size_bytes"] == 7
    assert ids[2] not in rows


def test_edit_then_refresh_reads_fresh_rows(backups):
    """What a list does after an edit: count, ids of the loaded depth, rows."""
    source = BackupListSource(backups)
    ids = source.ids(NEWEST_FIRST, 0, 10)
    before = dict(source.rows(ids)[ids[0]])
    Repository(backups, Backup).update(ids[0], None, WHO, source="edited")
    assert source.count(NEWEST_FIRST) == 60
    assert source.ids(NEWEST_FIRST, 0, 10) == ids
    after = dict(source.rows(ids)[ids[0]])
    assert after == {**before, "source": "edited"}


def test_rows_in_another_thread_read_its_own_connection(backups, monkeypatch):
    source = BackupSource(backups)
    ids = source.ids(NEWEST_FIRST, 0, 10)
    queries = QueryCounter(backups, monkeypatch)
    got = {}
    worker = threading.Thread(target=lambda: got.update(source.rows(ids[:4])))
    worker.start()
    worker.join()
    assert queries.take() == 1  # not served the main thread's page
    assert sorted(got) == sorted(ids[:4])


def test_a_page_longer_than_page_rows_reads_the_rest_as_ids(backups, monkeypatch):
    source, plain = BackupSource(backups), BackupSource(backups)
    plain.page_rows = 0
    source.page_rows = 8
    ids = source.ids(NEWEST_FIRST, 0, 20)
    assert ids == plain.ids(NEWEST_FIRST, 0, 20)
    queries = QueryCounter(backups, monkeypatch)
    assert len(source.rows(ids[:8])) == 8
    assert queries.take() == 0
    assert len(source.rows(ids[8:])) == 12
    assert queries.take() == 1


def test_keyset_first_page_continues_by_key(backups, monkeypatch):
    """The Backups list: a head with rows, then ids by key; paging on agrees with OFFSET."""
    source, plain = BackupListSource(backups), BackupSource(backups)
    source.page_rows = 8
    for query in (NEWEST_FIRST, ListQuery(sort_key="customer"), ListQuery(sort_key="size_bytes")):
        source.count(query)  # a (re)load
        paged = source.ids(query, 0, 20)
        while len(paged) < 60:
            page = source.ids(query, len(paged), 9)
            assert page
            paged += page
        assert paged == plain.ids(query, 0, 100)


def test_the_page_cache_needs_a_connection_that_can_tell_changes(backups, monkeypatch):
    """No stamp (another driver, a closed database): nothing is kept."""
    from di_desk.storage import source_rows

    source = BackupSource(backups)
    monkeypatch.setattr(source_rows, "change_stamp", lambda db: None)
    ids = source.ids(NEWEST_FIRST, 0, 5)
    queries = QueryCounter(backups, monkeypatch)
    assert len(source.rows(ids)) == 5
    assert queries.take() == 1


# --- every list: the first page gives what ids + rows from the database give -------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from di_desk.storage.db import open_database

    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    demo.generate_demo(db, customers=3, years=0.1, seed=3, now=NOW)
    yield db
    db.close()


SOURCES = [
    BackupSource,
    BackupListSource,
    CaseSource,
    MaintenanceSource,
    CustomerSource,
    ApplicationSource,
    UpgradePlanSource,
    AuditSource,
]


@pytest.mark.parametrize("source_type", SOURCES, ids=lambda t: t.__name__)
def test_every_source_first_page_matches_ids_then_rows(demo_db, source_type):
    source, plain = source_type(demo_db), source_type(demo_db)
    plain.page_rows = 0
    for key in sorted(source.sortable):
        for descending in (False, True):
            query = ListQuery(sort_key=key, descending=descending)
            total = plain.count(query)
            expected_ids = plain.ids(query, 0, 30)
            assert source.ids(query, 0, 30) == expected_ids, (key, descending)
            assert len(expected_ids) == min(30, total)
            from_page = {i: dict(r) for i, r in source.rows(expected_ids).items()}
            from_db = {i: dict(r) for i, r in plain.rows(expected_ids).items()}
            assert from_page == from_db
            assert set(from_page) == set(expected_ids)


# --- SourceRow ----------------------------------------------------------------------------


def test_source_row_is_a_read_only_mapping_of_python_values(backups):
    source = BackupSource(backups)
    row = source.rows([1])[1]
    expected = {
        "id": 1,
        "customer_id": 1,
        "application": AppKind.CER,
        "taken_at": T0,
        "result": BackupResult.FAILED,
        "size_bytes": None,
        "source": "t",
        "customer": "Acme",
    }
    assert row == expected and expected == row
    assert dict(row) == expected and {**row} == expected
    assert list(row) == list(expected) and len(row) == len(expected)
    assert "taken_at" in row and "nope" not in row
    assert row.get("nope", 5) == 5 and row.get("size_bytes", 5) is None
    assert row["taken_at"].tzinfo is UTC
    with pytest.raises(KeyError):
        row["nope"]
    assert copy.copy(row) == expected and type(copy.deepcopy(row)) is dict
    assert pickle.loads(pickle.dumps(row)) == expected
    assert "Acme" in repr(row)


def test_source_row_reads_unknown_tokens_as_text_and_old_instants(db):
    Customer.create(name="Old", region=Region.EU)
    case = SupportCase.create(customer=1, status=CaseStatus.OPENED, problem="p", contract="c")
    db.execute_sql(
        "UPDATE support_case SET status = 'someday', opened_at = -86400 WHERE id = ?", (case.id,)
    )
    row = CaseSource(db).rows([case.id])[case.id]
    assert row["status"] == "someday"
    assert row["opened_at"] == datetime(1969, 12, 31, tzinfo=UTC)
