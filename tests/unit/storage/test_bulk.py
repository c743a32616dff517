"""Bulk inserts for imports: one transaction, defaults filled, cancellable, fast."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from di_desk.domain.enums import Application, BackupResult, Region
from di_desk.storage import audit
from di_desk.storage.bulk import BulkCancelled, bulk_insert, bulk_insert_backups
from di_desk.storage.tables import Backup, Customer

from .conftest import T0


def test_defaults_filled_and_audited(db):
    n = bulk_insert(
        db, Customer, [{"name": f"C{i}", "region": Region.EU} for i in range(5)], who="ann"
    )
    assert n == 5
    c = Customer.get(Customer.name == "C3")
    assert (c.row_version, c.sso, c.notes, c.contracted_knowledge_workers) == (1, False, "", 0)
    [entry] = audit.history("customer")
    assert (entry["field"], entry["new"], entry["who"]) == ("import", "5 rows", "ann")


def test_empty_input(db):
    assert bulk_insert(db, Customer, []) == 0


def test_cancel_rolls_back(db):
    cid = Customer.create(name="Acme", region="EU").id
    rows = (
        {"customer_id": cid, "application": "CUCM", "taken_at": T0, "result": "good"}
        for _ in range(50)
    )
    with pytest.raises(BulkCancelled):
        bulk_insert(db, Backup, rows, chunk_size=10, progress=lambda done: done < 30)
    assert Backup.select().count() == 0


def test_bad_row_rolls_back_everything(db):
    cid = Customer.create(name="Acme", region="EU").id
    rows = [
        {"customer_id": cid, "application": "CUCM", "taken_at": T0, "result": "good"},
        {"customer_id": cid, "application": "CUCM", "taken_at": T0, "result": "maybe"},
    ]
    with pytest.raises(ValueError):
        bulk_insert_backups(db, rows)
    assert Backup.select().count() == 0


def test_hundred_thousand_backups_quickly(db):
    ids = [Customer.create(name=f"C{i}", region="EU").id for i in range(20)]
    apps = list(Application)[:5]
    rows = [
        {
            "customer_id": ids[i % 20],
            "application": apps[(i // 20) % 5],
            "taken_at": T0 + timedelta(minutes=i),
            "result": BackupResult.GOOD if i % 13 else BackupResult.FAILED,
            "size_bytes": 10_000 + i,
        }
        for i in range(100_000)
    ]
    started = time.perf_counter()
    assert bulk_insert_backups(db, rows) == 100_000
    elapsed = time.perf_counter() - started
    assert Backup.select().count() == 100_000
    last = Backup.get_by_id(100_000)
    assert last.taken_at == T0 + timedelta(minutes=99_999) and last.size_bytes == 109_999
    assert elapsed < 4.0, f"100,000 backups took {elapsed:.2f} s"  # ~0.7 s on a laptop
