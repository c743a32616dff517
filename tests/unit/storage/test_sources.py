"""Row sources: SQL-side filters, search, date range, sort, paging and counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from di_desk.domain.enums import Application as AppKind
from di_desk.domain.enums import (
    BackupResult,
    CaseStatus,
    MaintenanceType,
    Region,
    Severity,
)
from di_desk.services.listing import IdSet, ListQuery
from di_desk.storage.bulk import bulk_insert
from di_desk.storage.sources import (
    ApplicationSource,
    BackupSource,
    CaseSource,
    CustomerSource,
    MaintenanceSource,
    query_key,
)
from di_desk.storage.tables import (
    Application,
    Backup,
    Cluster,
    Customer,
    MaintenanceEvent,
    SupportCase,
)

from .conftest import T0

DAY = timedelta(days=1)
APPS = (AppKind.CUCM, AppKind.UNITY_CONNECTION, AppKind.EXPRESSWAY)


@pytest.fixture
def data(db):
    """3 customers; 2 clusters each; 3 apps per cluster; 10 nights of backups; cases; events."""
    names = ("Acme", "Globex", "Initech 100%")
    regions = (Region.EU, Region.AMER, Region.AUS)
    for name, region in zip(names, regions, strict=True):
        Customer.create(name=name, region=region, sso=name == "Acme", notes=f"{name} notes")
    clusters = [
        Cluster.create(customer=c, name=f"{c.name[:3]}-{n}", is_sme=n == 2)
        for c in Customer.select().order_by(Customer.id)
        for n in (1, 2)
    ]
    for cl in clusters:
        for i, kind in enumerate(APPS):
            Application.create(cluster=cl, kind=kind, version=("15.0 SU2", "14.0 SU3")[i % 2])
    backups = [
        {
            "customer_id": cid,
            "application": kind,
            "taken_at": T0 + night * DAY + timedelta(minutes=5 * i),
            "result": BackupResult.FAILED if (night + cid + i) % 4 == 0 else BackupResult.GOOD,
            "size_bytes": 1000 * night + i,
            "source": "nightly.csv" if cid != 3 else "manual",
        }
        for night in range(10)
        for cid in (1, 2, 3)
        for i, kind in enumerate(APPS)
    ]
    bulk_insert(db, Backup, backups)
    severities = (Severity.S1, Severity.S2, Severity.S3, Severity.S4, None)
    statuses = (CaseStatus.OPENED, CaseStatus.ACKNOWLEDGED, CaseStatus.CLOSED, CaseStatus.DRAFT)
    for n in range(20):
        SupportCase.create(
            customer=1 + n % 3,
            opened_at=None if n == 19 else T0 + n * DAY,
            severity=severities[n % 5],
            status=statuses[n % 4],
            response_due=None if n % 3 == 0 else T0 + n * DAY + timedelta(hours=n % 7),
            problem=f"Problem {n}: {'no dial tone' if n % 2 else 'voicemail down'}",
            contract=f"SC-{n:03d}",
        )
    types = list(MaintenanceType)
    for n in range(12):
        MaintenanceEvent.create(
            customer=1 + n % 3,
            cluster=clusters[n % 6].id if n % 4 else None,
            region=regions[n % 3],
            type=types[n % len(types)],
            start=T0 + n * DAY,
            end=T0 + n * DAY + timedelta(hours=2),
            reason=f"reason {n}",
            urgent=n % 5 == 0,
        )
    return db


def _all_ids(source, query, page=7):
    """Every id by offset paging, and checks keyset paging gives the same order."""
    by_offset: list[int] = []
    while True:
        ids = source.ids(query, len(by_offset), page)
        by_offset += ids
        if len(ids) < page:
            break
    by_key: list[int] = []
    last = None
    while True:
        ids = source.ids_after(query, last, page)
        by_key += ids
        if len(ids) < page:
            break
        last = ids[-1]
    assert by_key == by_offset
    assert len(set(by_offset)) == len(by_offset) == source.count(query)
    return by_offset


# --- backups --------------------------------------------------------------------------


def test_backups_filter_and_count(data):
    src = BackupSource(data)
    assert src.count(ListQuery()) == 90
    q = ListQuery(filters={"customer_id": 2, "result": BackupResult.FAILED})
    expected = Backup.select().where(Backup.customer == 2, Backup.result == "failed").count()
    assert 0 < src.count(q) == expected
    rows = src.rows(_all_ids(src, q))
    assert all(r["customer_id"] == 2 and r["result"] is BackupResult.FAILED for r in rows.values())
    assert {r["customer"] for r in rows.values()} == {"Globex"}


def test_backups_default_sort_newest_first(data):
    src = BackupSource(data)
    ids = _all_ids(src, ListQuery(filters={"customer_id": 1}))
    rows = src.rows(ids)
    taken = [rows[i]["taken_at"] for i in ids]
    assert taken == sorted(taken, reverse=True)
    assert taken[0].tzinfo is not None


@pytest.mark.parametrize("key", sorted(BackupSource.sortable_keys()))
@pytest.mark.parametrize("descending", [False, True])
def test_backups_every_sort(data, key, descending):
    src = BackupSource(data)
    ids = _all_ids(src, ListQuery(sort_key=key, descending=descending), page=11)
    rows = src.rows(ids)
    values = [(rows[i][key], i) for i in ids]
    assert values == sorted(values, reverse=descending)


def test_backups_list_filter_date_range_and_text(data):
    src = BackupSource(data)
    q = ListQuery(
        filters={"application": [AppKind.CUCM, "Expressway"]},
        date_from=T0 + 2 * DAY,
        date_to=T0 + 4 * DAY,
    )
    rows = src.rows(_all_ids(src, q))
    assert len(rows) == 2 * 3 * 2  # 2 nights × 3 customers × 2 applications
    assert {r["application"] for r in rows.values()} == {AppKind.CUCM, AppKind.EXPRESSWAY}
    assert all(T0 + 2 * DAY <= r["taken_at"] < T0 + 4 * DAY for r in rows.values())
    # text: a word of the customer name; every word must match
    assert src.count(ListQuery(text="glob")) == 30
    assert src.count(ListQuery(text="glob unity")) == 10
    assert src.count(ListQuery(text="100%")) == 30  # LIKE wildcards are literal
    assert src.count(ListQuery(text="manual")) == 30


def test_backups_rows_of_missing_ids_are_omitted(data):
    src = BackupSource(data)
    rows = src.rows([1, 2, 999_999])
    assert sorted(rows) == [1, 2]
    assert src.rows([]) == {}
    many = src.rows(range(1, 91))
    assert len(many) == 90


def test_unknown_filter_and_sort_are_errors(data):
    src = BackupSource(data)
    with pytest.raises(ValueError, match="cannot filter by 'severity'"):
        src.count(ListQuery(filters={"severity": "S1"}))
    with pytest.raises(ValueError, match="cannot sort by 'nope'"):
        src.ids(ListQuery(sort_key="nope"), 0, 10)


def test_none_filter_means_no_filter(data):
    src = BackupSource(data)
    assert src.count(ListQuery(filters={"customer_id": None})) == 90


def test_statements_are_reused(data):
    src = BackupSource(data)
    q = ListQuery(filters={"customer_id": 1, "result": "good"})
    first = src.ids(q, 0, 5)  # the first page: ids with their rows
    assert len(src._statements) == 1
    assert src.ids(q, 5, 5) != first  # a later page: ids only
    assert len(src._statements) == 2
    assert src.ids(q, 0, 5) == first
    assert src.ids(q, 10, 5) != first
    assert len(src._statements) == 2
    assert query_key(ListQuery(filters={"x": {1, 2}})) == query_key(
        ListQuery(filters={"x": {2, 1}})
    )
    assert query_key(ListQuery(filters={"x": {"a": 1}})) is None  # unhashable: not cached
    assert src.count(ListQuery(filters={"customer_id": [1, 2]})) == 60


def test_keyset_after_a_deleted_row_is_empty(data):
    src = BackupSource(data)
    q = ListQuery()
    first = src.ids(q, 0, 3)
    Backup.delete().where(Backup.id == first[-1]).execute()
    assert src.ids_after(q, first[-1], 3) == []


# --- cases ----------------------------------------------------------------------------


def test_cases_filters_and_null_sorts(data):
    src = CaseSource(data)
    assert src.count(ListQuery()) == 20
    q = ListQuery(filters={"status": [CaseStatus.OPENED, CaseStatus.ACKNOWLEDGED]})
    assert src.count(q) == 10
    assert src.count(ListQuery(filters={"severity": Severity.S1, "customer_id": 1})) == 2
    for descending in (False, True):
        q = ListQuery(sort_key="response_due", descending=descending)
        ids = _all_ids(src, q, page=3)
        rows = src.rows(ids)
        dues = [rows[i]["response_due"] for i in ids]
        nulls = [d for d in dues if d is None]
        assert len(nulls) == 7
        # SQLite order: NULLs first ascending, last descending
        assert (dues[: len(nulls)] if not descending else dues[-len(nulls) :]) == nulls
        values = [d for d in dues if d is not None]
        assert values == sorted(values, reverse=descending)


def test_cases_status_sorts_by_life_cycle(data):
    src = CaseSource(data)
    ids = _all_ids(src, ListQuery(sort_key="status"), page=4)
    rows = src.rows(ids)
    order = list(CaseStatus)
    ranks = [order.index(rows[i]["status"]) for i in ids]
    assert ranks == sorted(ranks)


def test_cases_text_and_dates(data):
    src = CaseSource(data)
    assert src.count(ListQuery(text="dial")) == 10
    assert src.count(ListQuery(text="SC-007")) == 1
    assert src.count(ListQuery(text="acme dial")) == 3
    q = ListQuery(date_from=T0, date_to=T0 + 5 * DAY)
    assert src.count(q) == 5  # the case without opened_at is outside every range
    rows = src.rows(src.ids(ListQuery(sort_key="customer"), 0, 20))
    assert {r["customer"] for r in rows.values()} == {"Acme", "Globex", "Initech 100%"}


def test_a_text_search_is_compiled_again_in_another_language(data):
    """Text matches enum labels in the active language: no statement carries over."""
    from di_desk import i18n

    src = CaseSource(data)
    searched, plain = ListQuery(text="dial"), ListQuery()
    english = src._statement("count", searched)
    assert src._statement("count", searched) is english  # cached
    unfiltered = src._statement("count", plain)
    i18n.install("nl")
    assert src._statement("count", searched) is not english
    assert src._statement("count", plain) is unfiltered  # no text: no label in it
    assert src.count(searched) == 10


# --- maintenance, customers, applications ---------------------------------------------


def test_maintenance_source(data):
    src = MaintenanceSource(data)
    assert src.count(ListQuery()) == 12
    ids = _all_ids(src, ListQuery())
    rows = src.rows(ids)
    starts = [rows[i]["start"] for i in ids]
    assert starts == sorted(starts)  # default: by start, ascending
    assert rows[ids[0]]["cluster"] is None and rows[ids[1]]["cluster"] == "Acm-2"
    assert src.count(ListQuery(filters={"region": Region.AUS})) == 4
    assert src.count(ListQuery(filters={"urgent": True})) == 3
    assert src.count(ListQuery(filters={"type": MaintenanceType.ROUTINE})) == 2
    assert src.count(ListQuery(text="Glo-1")) == 1
    assert src.count(ListQuery(text='"reason 1"')) == 3  # 1, 10, 11
    assert src.count(ListQuery(text="reason 1")) == 7  # "1" also matches clusters Xyz-1
    assert src.count(ListQuery(date_from=T0 + 10 * DAY)) == 2
    ids = _all_ids(src, ListQuery(sort_key="customer", descending=True))
    names = [src.rows(ids)[i]["customer"] for i in ids]
    assert names == sorted(names, reverse=True)


def test_maintenance_narrowed_to_an_id_set(data):
    """A rule SQL cannot state (MAINT-3..11 violations) narrows the list by ids, as one
    parameter however many; with the other filters, the order and the paging kept."""
    src = MaintenanceSource(data)
    every = _all_ids(src, ListQuery())
    picked = IdSet(every[::3])
    query = ListQuery(filters={"id": picked})
    assert src.count(query) == len(picked)
    assert _all_ids(src, query) == [i for i in every if i in picked]
    both = ListQuery(filters={"id": picked, "region": Region.AUS})
    aus = set(_all_ids(src, ListQuery(filters={"region": Region.AUS})))
    assert set(_all_ids(src, both)) == picked & aus
    assert src.count(ListQuery(filters={"id": IdSet()})) == 0
    many = IdSet(range(1, 40_000))  # more than SQLite takes as separate parameters
    assert src.count(ListQuery(filters={"id": many})) == len(every)
    # Not confused with a plain set of the same ids (another statement).
    assert src.count(ListQuery(filters={"id": frozenset(picked)})) == len(picked)


def test_customer_source(data):
    src = CustomerSource(data)
    ids = _all_ids(src, ListQuery())
    assert [src.rows(ids)[i]["name"] for i in ids] == ["Acme", "Globex", "Initech 100%"]
    assert src.count(ListQuery(filters={"sso": True})) == 1
    assert src.count(ListQuery(filters={"region": [Region.EU, Region.AUS]})) == 2
    assert src.count(ListQuery(text="globex notes")) == 1
    row = src.rows([1])[1]
    assert row["region"] is Region.EU and row["sso"] is True


def test_application_source(data):
    src = ApplicationSource(data)
    assert src.count(ListQuery()) == 18
    assert src.count(ListQuery(filters={"customer_id": 2})) == 6
    assert src.count(ListQuery(filters={"customer_id": 2, "application": "CUCM"})) == 2
    assert src.count(ListQuery(filters={"is_sme": True})) == 9
    assert src.count(ListQuery(text="14.0")) == 6
    assert src.count(ListQuery(text="initech unity")) == 2
    ids = _all_ids(src, ListQuery())
    rows = src.rows(ids)
    customers = [rows[i]["customer"] for i in ids]
    assert customers == sorted(customers)
    first = rows[ids[0]]
    assert first["customer_id"] == 1 and first["cluster"].startswith("Acm")
    assert first["customer_region"] is Region.EU
    ids = _all_ids(src, ListQuery(sort_key="version", descending=True))
    versions = [rows[i]["version"] for i in ids]
    assert versions == sorted(versions, reverse=True)
