"""Fixtures of the GUI tests: temporary settings and a stand-in Dutch catalog."""

from __future__ import annotations

import gettext
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from di_desk import i18n


class PrefixTranslations(gettext.NullTranslations):
    """A catalog that "translates" every message to ``[nl] message``.

    The real Dutch catalog grows with the UI; the tests check that every text
    is re-read through ``_()`` after a switch, not the wording.
    """

    def gettext(self, message: str) -> str:
        return f"[nl] {message}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"[nl] {singular if n == 1 else plural}"


@pytest.fixture
def fake_dutch(monkeypatch):
    """``i18n.install("nl")`` activates :class:`PrefixTranslations`.

    Only DI Desk's catalog is replaced: ``gettext.translation`` itself serves
    other libraries too (``holidays`` names its days through it).
    """
    real = i18n._catalog
    monkeypatch.setattr(
        i18n, "_catalog", lambda lang: PrefixTranslations() if lang != "en" else real(lang)
    )
    return PrefixTranslations


@pytest.fixture
def settings(tmp_path):
    from di_desk.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")


#: "now" of the demo database the whole-window tests use (a Friday morning in Europe)
DEMO_NOW = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A small demo database (6 customers, three months, fixed seed and "now"), made once."""
    from di_desk.storage import open_database
    from di_desk.storage.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db = open_database(path)
    try:
        generate_demo(db, customers=6, years=0.25, seed=7, now=DEMO_NOW)
    finally:
        db.close()
    return path


@pytest.fixture
def demo_window(qtbot, demo_db, tmp_path):
    """The real main window (every tab, hooks wired) on a copy of the demo database,
    shown at 1366x768 in Europe/Amsterdam, "now" pinned to :data:`DEMO_NOW`."""
    from di_desk import app as app_module
    from di_desk.ui.qt import QApplication, QDialog
    from di_desk.ui.settings import Settings

    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, path)
    settings = Settings(tmp_path / "settings.ini")
    settings.display_zone = "Europe/Amsterdam"
    window = app_module.build_window(None, settings)
    qtbot.addWidget(window)
    window.set_service("clock", lambda: DEMO_NOW)
    db, version = app_module.open_database(path)
    window.set_database(db, path, version)
    window.resize(1366, 768)
    window.show()
    yield window
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.done(0)
    window.close()
    db.close()
