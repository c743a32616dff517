"""The Backups tab's SQL: keyset paging, the BAK-2 retention filter, group queries."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from di_desk.domain.enums import Application, BackupResult, Region
from di_desk.services.listing import ListQuery
from di_desk.storage import backup_queries as bq
from di_desk.storage.bulk import bulk_insert, bulk_insert_backups
from di_desk.storage.sources import BackupSource
from di_desk.storage.tables import Customer

T0 = datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
APPS = (Application.CUCM, Application.CER, Application.SME)


@pytest.fixture
def filled(db, monkeypatch):
    monkeypatch.setattr(bq, "FIRST_CHUNK", 7)  # many chunks on a small table
    monkeypatch.setattr(bq, "MAX_CHUNK", 40)
    bulk_insert(db, Customer, [{"name": n, "region": Region.EU} for n in ("Cy", "Al", "Bo")])
    rng = random.Random(4)
    rows = []
    for i in range(600):
        rows.append(
            {
                "customer_id": rng.randint(1, 3),
                "application": rng.choice(APPS),
                "taken_at": T0 + timedelta(hours=rng.randint(0, 300)),  # many equal instants
                "result": BackupResult.GOOD if rng.random() < 0.8 else BackupResult.FAILED,
                "size_bytes": None if i % 5 == 0 else rng.randint(1, 50) * 1000,
                "source": "t",
            }
        )
    bulk_insert_backups(db, rows)
    return db


QUERIES = [
    ListQuery(sort_key="taken_at", descending=True),
    ListQuery(sort_key="taken_at"),
    ListQuery(sort_key="customer"),
    ListQuery(sort_key="customer", descending=True),
    ListQuery(sort_key="size_bytes"),  # NULLs first
    ListQuery(sort_key="size_bytes", descending=True),  # NULLs last
    ListQuery(sort_key="result", filters={"customer_id": 2}),
    ListQuery(sort_key="application", descending=True, text="Bo"),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort_key}-{q.descending}")
def test_keyset_paging_gives_the_same_rows_as_offset_paging(filled, query):
    """Scrolling down page by page returns every id once, in the query's order."""
    keyset, plain = bq.BackupListSource(filled), BackupSource(filled)
    total = keyset.count(query)
    paged: list[int] = []
    while len(paged) < total:
        page = keyset.ids(query, len(paged), 11)
        assert page, "a page came back empty before the end"
        paged.extend(page)
    assert paged == plain.ids(query, 0, total)
    # Jumps (a view asked for rows far away) fall back to OFFSET and still agree.
    assert keyset.ids(query, 3, 5) == plain.ids(query, 3, 5)
    assert keyset.ids(query, total - 4, 10) == plain.ids(query, total - 4, 10)
    middle = paged[total // 2]
    assert bq.position_of(keyset, query, middle) == total // 2


def test_count_starts_fresh_ids_after_new_rows(filled):
    source = bq.BackupListSource(filled)
    query = ListQuery(sort_key="taken_at", descending=True)
    source.count(query)
    first = source.ids(query, 0, 5)
    bulk_insert_backups(
        filled,
        [
            {
                "customer_id": 1,
                "application": Application.CUCM,
                "taken_at": T0 + timedelta(days=400),
                "result": BackupResult.GOOD,
            }
        ],
    )
    assert source.ids(query, 0, 5) == first  # same chunk until the view reloads
    source.count(query)
    assert source.ids(query, 0, 5)[0] not in first


def test_retention_filter_uses_cutoff_and_kept_ids(filled):
    """BAK-2 in SQL: retained ⇔ taken at/after the cut-off or kept by count."""
    source = bq.BackupListSource(filled)
    cutoff = T0 + timedelta(hours=150)
    everything = source.ids(ListQuery(), 0, 10_000)
    rows = source.rows(everything)
    old = {i for i, r in rows.items() if r["taken_at"] < cutoff}
    kept = frozenset(sorted(old)[:3])
    retained = bq.RetentionFilter(True, cutoff, kept)
    expired = bq.RetentionFilter(False, cutoff, kept)
    got_retained = set(source.ids(ListQuery(filters={"retention": retained}), 0, 10_000))
    got_expired = set(source.ids(ListQuery(filters={"retention": expired}), 0, 10_000))
    assert got_expired == old - kept
    assert got_retained == set(everything) - (old - kept)
    assert source.count(ListQuery(filters={"retention": None})) == len(everything)
    with pytest.raises(ValueError):
        source.ids(ListQuery(filters={"retention": "expired"}), 0, 10)


def test_group_queries(filled):
    at = T0 + timedelta(hours=200)
    groups = bq.backup_groups()
    counts = bq.group_counts(at)
    assert {(g.customer_id, g.application) for g in counts} == set(groups)
    assert sum(g.total for g in counts) == 600
    for g in counts:
        newest = bq.newest_good(g.customer_id, g.application, at, 3)
        assert len(newest) <= 3
        assert newest == sorted(newest, key=lambda r: (r[1], r[0]), reverse=True)
        assert all(t <= at for _i, t in newest)
    rows = bq.backups_between(T0, T0 + timedelta(hours=10), customer_id=1)
    assert all(r[1] == 1 and T0 <= r[3] <= T0 + timedelta(hours=10) for r in rows)
    assert bq.backup_key(rows[0][0])[0] == 1
    assert bq.backup_key(99_999) is None
    assert bq.newest_good(1, Application.CUCM, at, 0) == []
