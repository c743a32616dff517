"""Fixtures for the store: a fresh database file per test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from di_desk.storage.db import Database, open_database

WHO = "tester"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path) -> Iterator[Database]:
    database = open_database(tmp_path / "test.sqlite")
    yield database
    database.close()
