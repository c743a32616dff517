"""Translation functions shared by every layer (no Qt here).

``_`` translates at call time with the active catalog, so text computed after
:func:`install` follows the chosen language. ``N_`` only marks a string for
extraction; translate it later with ``_``.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "di_desk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES: dict[str, str] = {"en": "English", "nl": "Nederlands"}
DEFAULT_LANGUAGE = "en"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def _(message: str) -> str:
    """Translate ``message`` with the active catalog."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translations.npgettext(context, singular, plural, n)


def current_language() -> str:
    """The code of the active language (``"en"`` or ``"nl"``)."""
    return _language


def babel_locale() -> str:
    """The Babel locale identifier for the active language."""
    return {"nl": "nl_NL", "en": "en_GB"}.get(_language, _language)


def normalize_language(code: str | None) -> str:
    """Map a locale code such as ``nl_BE.UTF-8`` to a supported language."""
    if not code:
        return DEFAULT_LANGUAGE
    short = code.replace("-", "_").split("_")[0].split(".")[0].lower()
    return short if short in LANGUAGES else DEFAULT_LANGUAGE


def system_language() -> str:
    """The language of the OS locale: ``nl*`` gives Dutch, anything else English."""
    for var in ("DI_DESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return normalize_language(value)
    try:
        code = locale.getlocale()[0]
    except ValueError:
        code = None
    return normalize_language(code)


def install(language: str | None = None) -> str:
    """Activate ``language`` (default: the system's); returns the code in use.

    A missing catalog falls back to the English source strings.
    """
    global _translations, _language
    lang = normalize_language(language) if language else system_language()
    _translations = _catalog(lang)
    _language = lang
    for listener in list(_listeners):
        listener(lang)
    return lang


def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


@contextmanager
def messages_in(language: str) -> Iterator[None]:
    """Translate into ``language`` inside the block, without switching the UI.

    For texts that leave the partner, such as the case brief or an e-mail to
    the provider's change management, which go out in the provider's language
    whatever the user's. Listeners are not told; the UI language is back after.
    """
    global _translations, _language
    saved = _translations, _language
    lang = normalize_language(language)
    _translations, _language = _catalog(lang), lang
    try:
        yield
    finally:
        _translations, _language = saved


def add_listener(callback: Callable[[str], None]) -> None:
    """Call ``callback(lang)`` after every :func:`install`."""
    _listeners.append(callback)


def remove_listener(callback: Callable[[str], None]) -> None:
    if callback in _listeners:
        _listeners.remove(callback)
