"""Reports for the command line: one customer by name (any case), FILE-2 results per event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.services.maintenance_check import FILE2_KEYS
from di_desk.services.reports import case_objects
from di_desk.services.schedule import maintenance_report
from di_desk.storage import demo
from di_desk.storage import tables as t
from di_desk.storage.db import open_database

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = open_database(tmp_path_factory.mktemp("reports") / "r.sqlite")
    demo.generate_demo(database, customers=3, years=0.1, seed=3, now=NOW)
    yield database
    database.close()


def test_customer_filter_matches_the_name_in_any_case(db):
    name = t.Customer.select(t.Customer.name).order_by(t.Customer.id).scalar()
    events = maintenance_report(DEFAULT_REFERENCE, customer=name.upper())
    assert events and {e["customer"] for e in events} == {name}
    cases = case_objects(DEFAULT_REFERENCE, customer=name.swapcase())
    assert cases and {case.customer for _id, _row, case in cases} == {name}
    assert maintenance_report(DEFAULT_REFERENCE, customer="No such customer") == []
    assert len(maintenance_report(DEFAULT_REFERENCE)) > len(events)


def test_file2_every_stored_event_carries_the_file2_fields(db):
    """FILE-2: violations, messages, window and notice dates beside the event's columns."""
    for event in maintenance_report(DEFAULT_REFERENCE):
        assert set(FILE2_KEYS) - {"row"} <= set(event)
        assert len(event["violations"]) == len(event["messages"])
