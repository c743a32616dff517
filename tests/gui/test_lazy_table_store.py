"""LazyTableModel over the store's sources: the first page comes with its rows, never stale.

BAK-1: the backup list; CASE-*: the case list. An edit followed by the
list's refresh shows the new values (the first page's rows are kept only
while the database is unchanged).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from di_desk.domain.enums import Application, BackupResult, Region
from di_desk.i18n import N_
from di_desk.services.listing import ListQuery
from di_desk.storage.backup_queries import BackupListSource
from di_desk.storage.bulk import bulk_insert, bulk_insert_backups
from di_desk.storage.db import open_database
from di_desk.storage.repositories import Repository
from di_desk.storage.tables import Backup, Customer
from di_desk.ui.models.lazy_table import Column, LazyTableModel, RowRole
from di_desk.ui.qt import QModelIndex

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
COLUMNS = (
    Column("taken_at", N_("Taken"), formatter=lambda v, row: v.strftime("%Y-%m-%d %H:%M")),
    Column("customer", N_("Customer")),
    Column("result", N_("Result")),
    Column("size_bytes", N_("Size")),
)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.sqlite")
    bulk_insert(database, Customer, [{"name": n, "region": Region.EU} for n in ("Acme", "Bo")])
    bulk_insert_backups(
        database,
        [
            {
                "customer_id": 1 + i % 2,
                "application": Application.CUCM,
                "taken_at": T0 + timedelta(hours=i),
                "result": BackupResult.GOOD,
                "size_bytes": i,
            }
            for i in range(300)
        ],
    )
    yield database
    database.close()


@pytest.fixture
def model(qapp, db):
    return LazyTableModel(
        BackupListSource(db), COLUMNS, query=ListQuery(sort_key="taken_at", descending=True)
    )


def test_model_over_a_store_source_passes_the_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 300
    qtmodeltester.check(model)


def test_first_rows_typed_and_in_order(model):
    assert model.rowCount() == 200
    assert model.data(model.index(0, 0)) == "2026-03-14 12:00"
    assert model.data(model.index(0, 1)) == "Bo"
    assert model.data(model.index(0, 2)) == "Good"
    assert model.data(model.index(199, 3)) == "100"
    assert model.data(model.index(0, 0), RowRole)["taken_at"].tzinfo is UTC


def test_edit_then_refresh_shows_the_new_values(qtbot, model, db):
    assert model.data(model.index(0, 3)) == "299"
    newest = model.row_id(0)
    Repository(db, Backup).update(newest, None, "tester", size_bytes=5, result="failed")
    Repository(db, Customer).update(2, 1, "tester", name="Bo Renamed")
    with qtbot.waitSignal(model.dataChanged):
        model.refresh()
    assert model.data(model.index(0, 3)) == "5"
    assert model.data(model.index(0, 2)) == "Failed"
    assert model.data(model.index(0, 1)) == "Bo Renamed"
    assert model.data(model.index(150, 3)) == "149"  # a row further down, read afresh
