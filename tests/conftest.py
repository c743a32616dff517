"""Test configuration shared by every test package."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's real data folder.
os.environ.setdefault("DI_DESK_HOME", os.path.join(os.path.dirname(__file__), ".di-desk-home"))


@pytest.fixture(autouse=True)
def _english_by_default():
    """Every test starts in English and leaves English behind."""
    from di_desk import i18n

    i18n.install("en")
    yield
    i18n.install("en")


def pytest_collection_modifyitems(items):
    """Mark tests that use a QApplication as ``gui`` (qutebrowser does the same)."""
    for item in items:
        if "qapp" in getattr(item, "fixturenames", ()) or "qtbot" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.gui)
