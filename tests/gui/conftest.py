"""Fixtures of the GUI tests: temporary settings and a stand-in Dutch catalog."""

from __future__ import annotations

import gettext

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
    """``i18n.install("nl")`` activates :class:`PrefixTranslations`."""
    monkeypatch.setattr(i18n._gettext, "translation", lambda *args, **kwargs: PrefixTranslations())
    return PrefixTranslations


@pytest.fixture
def settings(tmp_path):
    from di_desk.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")
