"""The list contract's helpers: a row with a wrapping source's own values (BAK-2 retention)."""

from __future__ import annotations

import copy
import pickle

from di_desk.services.listing import WithValues


def test_with_values_adds_values_without_copying_the_row():
    reads: list[str] = []

    class Row(dict):
        def __getitem__(self, key):
            reads.append(key)
            return super().__getitem__(key)

    base = Row(id=1, customer="Acme", size=None)
    row = WithValues(base, {"retention": "kept", "size": 5})
    assert reads == []  # nothing of the row read yet
    assert row["retention"] == "kept" and row["size"] == 5  # its own values win
    assert row["customer"] == "Acme" and reads == ["customer"]
    assert row.get("nope", 3) == 3 and row.get("retention") == "kept"
    assert list(row) == ["id", "customer", "size", "retention"] and len(row) == 4
    assert "retention" in row and "id" in row and "nope" not in row
    expected = {"id": 1, "customer": "Acme", "size": 5, "retention": "kept"}
    assert row == expected and dict(row) == expected
    assert type(copy.copy(row)) is dict and pickle.loads(pickle.dumps(row)) == expected
    assert "Acme" in repr(row)
