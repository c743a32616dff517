"""LabelledEnum: tokens from files and the database become members (FILE-1..6)."""

from __future__ import annotations

import pytest

from di_desk.domain.enums import Application, BackupResult


def test_coerce_passes_members_and_parses_tokens_and_names():
    assert Application.coerce(Application.CUCM) is Application.CUCM
    assert Application.coerce("cucm") is Application.CUCM
    assert Application.coerce(" unity ") is Application.UNITY_CONNECTION
    assert BackupResult.coerce(BackupResult.coerce("GOOD")) is BackupResult.GOOD
    with pytest.raises(ValueError):
        Application.coerce("no such application")
