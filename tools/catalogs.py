"""Maintain the gettext catalogs with Babel (no GNU gettext needed).

    python tools/catalogs.py extract   # code → translations/di_desk.pot
    python tools/catalogs.py update    # .pot → translations/<lang>/LC_MESSAGES/di_desk.po
    python tools/catalogs.py compile   # .po → di_desk/locale/<lang>/LC_MESSAGES/di_desk.mo
    python tools/catalogs.py all       # the three in order

See docs/translating.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "di_desk.pot"
LANGUAGES = ("en", "nl")
KEYWORDS = [
    "-k",
    "_",
    "-k",
    "N_",
    "-k",
    "ngettext:1,2",
    "-k",
    "pgettext:1c,2",
    "-k",
    "npgettext:1c,2,3",
]


def po_path(lang: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / "di_desk.po"


def mo_path(lang: str) -> Path:
    return ROOT / "di_desk" / "locale" / lang / "LC_MESSAGES" / "di_desk.mo"


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(output: Path = POT) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    _babel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        "-o",
        str(output),
        "--no-location",
        "--sort-output",
        "--project",
        "DI Desk",
        "--no-default-keywords",
        *KEYWORDS,
        "--width",
        "100",
        str(ROOT / "di_desk"),
    )


def update() -> None:
    for lang in LANGUAGES:
        po = po_path(lang)
        if po.exists():
            _babel(
                "update",
                "-i",
                str(POT),
                "-o",
                str(po),
                "-l",
                lang,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
                "--width",
                "100",
            )
        else:
            po.parent.mkdir(parents=True, exist_ok=True)
            _babel("init", "-i", str(POT), "-o", str(po), "-l", lang, "--width", "100")
    _fill_english()


def _fill_english() -> None:
    """English is the source language: its msgstr is the msgid."""
    po = po_path("en")
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        if message.id and not (
            message.string if isinstance(message.string, str) else all(message.string)
        ):
            message.string = message.id
            message.flags.discard("fuzzy")
    with po.open("wb") as fh:
        write_po(fh, catalog, width=100)


def compile_catalogs() -> None:
    for lang in LANGUAGES:
        mo = mo_path(lang)
        mo.parent.mkdir(parents=True, exist_ok=True)
        _babel("compile", "-i", str(po_path(lang)), "-o", str(mo), "-l", lang, "--use-fuzzy")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command in ("extract", "all"):
        extract()
    if command in ("update", "all"):
        update()
    if command in ("compile", "all"):
        compile_catalogs()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
