"""The gettext catalogs are complete and in step with the code (docs/translating.md).

Fails while the ``.pot`` is stale against the code, while a ``.po`` has an
empty, fuzzy or missing entry, while a translation drops or renames a
``{placeholder}`` of its source text, or while a shipped ``.mo`` does not match
its ``.po``. The fix is nearly always::

    .venv/bin/python tools/catalogs.py all

then translating the new entries of the Dutch catalog and running
``tools/catalogs.py compile``.
"""

from __future__ import annotations

import gettext
import importlib.util
import io
import string
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
SOURCE_LANGUAGE = "en"
FIX = "run `.venv/bin/python tools/catalogs.py all`, translate, then `... compile`"


def _load_catalogs_tool():
    spec = importlib.util.spec_from_file_location(
        "di_desk_catalogs_tool", ROOT / "tools" / "catalogs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogs = _load_catalogs_tool()
LANGUAGES = tuple(catalogs.LANGUAGES)
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _key(message: Message) -> tuple[str | None, str, str | None]:
    """(context, msgid, msgid_plural) of a message."""
    if isinstance(message.id, str):
        return message.context, message.id, None
    return message.context, message.id[0], message.id[1]


def _keys(catalog: Catalog) -> set[tuple[str | None, str, str | None]]:
    return {_key(message) for message in _messages(catalog)}


def _show(keys) -> str:
    return "\n".join(
        f"  {key[1]!r}" + (f" | {key[2]!r}" if key[2] else "") for key in sorted(keys, key=str)
    )


def _placeholders(text: str) -> Counter:
    """Every ``{name!conversion:spec}`` field of a ``str.format`` template, counted."""
    return Counter(
        (name, conversion, spec)
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def _forms(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


@pytest.fixture(scope="module")
def pot() -> Catalog:
    assert catalogs.POT.exists(), f"{catalogs.POT} is missing; {FIX}"
    return _read(catalogs.POT)


@pytest.fixture(scope="module", params=LANGUAGES)
def lang(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def po(lang) -> Catalog:
    path = catalogs.po_path(lang)
    assert path.exists(), f"{path} is missing; {FIX}"
    return _read(path, lang)


def test_pot_matches_the_code(pot, tmp_path_factory):
    fresh_path = tmp_path_factory.mktemp("pot") / "di_desk.pot"
    catalogs.extract(output=fresh_path)
    fresh = _keys(_read(fresh_path))
    committed = _keys(pot)
    new, gone = fresh - committed, committed - fresh
    assert not new and not gone, (
        f"translations/di_desk.pot is stale; {FIX}.\n"
        f"In the code but not in the .pot ({len(new)}):\n{_show(new)}\n"
        f"In the .pot but no longer in the code ({len(gone)}):\n{_show(gone)}"
    )


def test_po_has_the_messages_of_the_pot(po, pot, lang):
    missing, extra = _keys(pot) - _keys(po), _keys(po) - _keys(pot)
    assert not missing and not extra, (
        f"{lang}.po is not in step with the .pot; {FIX}.\n"
        f"Missing ({len(missing)}):\n{_show(missing)}\nObsolete ({len(extra)}):\n{_show(extra)}"
    )


def test_po_is_complete_and_not_fuzzy(po, lang):
    assert not po.fuzzy, f"the header of {lang}.po is marked fuzzy"
    problems = []
    for message in _messages(po):
        forms = _forms(message)
        if message.fuzzy:
            problems.append(("fuzzy", _key(message)))
        elif message.pluralizable and len(forms) != po.num_plurals:
            problems.append((f"{len(forms)} of {po.num_plurals} plural forms", _key(message)))
        elif not all(form.strip() for form in forms):
            problems.append(("untranslated", _key(message)))
    assert not problems, f"{lang}.po has {len(problems)} unfinished entries; {FIX}:\n" + "\n".join(
        f"  {what}: {key[1]!r}" for what, key in problems
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    catalog = _read(catalogs.po_path(language), language)
    problems = []
    for message in _messages(catalog):
        forms = _forms(message)
        if not any(forms):
            continue  # reported by test_po_is_complete_and_not_fuzzy
        if message.pluralizable:
            singular, plural = message.id
            # Form 0 is the singular when a language has one (n == 1), else the plural.
            sources = [
                singular if catalog.num_plurals > 1 and i == 0 else plural
                for i in range(len(forms))
            ]
        else:
            sources = [message.id]
        for index, (source, form) in enumerate(zip(sources, forms, strict=False)):
            try:
                expected, found = _placeholders(source), _placeholders(form)
            except ValueError as exc:  # unbalanced braces
                problems.append(f"  {source!r}\n    msgstr[{index}] {form!r}: {exc}")
                continue
            if expected != found:
                problems.append(
                    f"  {source!r}\n    msgstr[{index}] {form!r}\n"
                    f"    missing {sorted((expected - found).elements())}, "
                    f"unknown {sorted((found - expected).elements())}"
                )
    assert not problems, (
        f"{language}.po: translations that drop or rename a placeholder:\n" + "\n".join(problems)
    )


def test_mo_matches_po(po, lang):
    mo_path = catalogs.mo_path(lang)
    assert mo_path.exists(), f"{mo_path} is missing; {FIX}"
    buffer = io.BytesIO()
    write_mo(buffer, po, use_fuzzy=True)  # as `pybabel compile --use-fuzzy` in tools/catalogs.py
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)._catalog
    with mo_path.open("rb") as fh:
        shipped = gettext.GNUTranslations(fh)._catalog
    differing = sorted(
        str(key)
        for key in expected.keys() | shipped.keys()
        if expected.get(key) != shipped.get(key)
    )
    assert not differing, (
        f"{mo_path.relative_to(ROOT)} does not match {lang}.po; "
        f"run `.venv/bin/python tools/catalogs.py compile`. Differing ids ({len(differing)}):\n"
        + "\n".join(f"  {key[:100]}" for key in differing[:30])
    )
