"""Find English left in the Dutch UI: texts of widgets, models, menus and charts
that equal (or are built from) a catalog message whose Dutch differs.

Used by ``tests/gui/test_untranslated.py``. :class:`EnglishTexts` reads the
template ``translations/di_desk.pot`` and translates every message with the
shipped Dutch catalog; a message whose Dutch is the same as its English
(``Status``, ``CUCM``, ``Partner``…) can never be reported. :class:`Scanner`
walks widgets and collects :class:`Finding` s.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from babel.messages.pofile import read_po

from di_desk import i18n
from di_desk.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QAction,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QModelIndex,
    QPlainTextEdit,
    Qt,
    QtWidgets,
    QWidget,
)

QAbstractButton = QtWidgets.QAbstractButton
QAbstractSpinBox = QtWidgets.QAbstractSpinBox

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "translations" / "di_desk.pot"

#: English words the Dutch catalog may keep as they are even where a message
#: containing them is translated differently (proper nouns, product names)
SAME_IN_BOTH = frozenset(
    {
        "CUCM",
        "SME",
        "TAC",
        "Expressway",
        "CER",
        "Unity Connection",
        "IM & Presence",
        "AMER",
        "APJC",
        "AUS",
        "EU",
        "EMEA",
        "UK",
        "UTC",
        "SSO",
        "COP",
        "DR",
        "DRS",
        "ICS",
        "CSV",
        "XLSX",
        "PDF",
        "JSON",
        "DI Desk",
    }
)

#: a template is matched only when its fixed text has this many letters
#: (``{label}:`` or ``{first} – {last}`` would match anything)
MIN_TEMPLATE_LETTERS = 5
#: parts of a text are cut at these separators and checked on their own
SEPARATORS = re.compile(r"\s+[·—–|]\s+|\n|;\s+|\s*•\s*")
MNEMONIC = re.compile(r"&(&?)")
TAGS = re.compile(r"<[^>]+>")
BLOCK_TAGS = re.compile(r"(?i)<(br|/?p|/?div|/?li|/?tr|/?h\d|/?table|/?ul|/?ol)\b[^>]*>")
ROW_IN_WHERE = re.compile(r"\[row \d+, (column \d+\])")
SPACES = re.compile(r"\s+")
TRAILING = ":…."
#: what Babel writes in English and never in Dutch (months and weekdays are
#: capitalised in English, "mrt" and "za" in Dutch; Dutch durations say "dagen")
BABEL_ENGLISH = re.compile(
    r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
    r"|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2}\b"
    r"|\b\d+ (days?|hours?|minutes?|weeks?|months?|years?)\b"
)
#: placeholders that always hold a number (matched as one, not as any text)
NUMERIC = frozenset(
    {"count", "total", "n", "number", "shown", "done", "open", "retained", "bad", "added",
     "updated", "rows", "days", "hours", "minutes", "nights", "percent", "share", "size"}
)  # fmt: skip
NUMBER = r"([-+−]?\d[\d\s.,%]*)"


def plain(text: str) -> str:
    """``text`` without mnemonics, HTML tags and runs of white space."""
    if "<" in text and ">" in text:
        text = BLOCK_TAGS.sub("\n", text)
        text = html.unescape(TAGS.sub("", text))
    text = MNEMONIC.sub(lambda m: m.group(1), text)
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.splitlines()).strip()


def key(text: str) -> str:
    """What two texts are compared on: plain, without trailing colon or dots."""
    return SPACES.sub(" ", plain(text)).strip().rstrip(TRAILING).strip()


@dataclass(frozen=True)
class Finding:
    where: str
    text: str
    msgid: str

    def __str__(self) -> str:
        shown = self.text if len(self.text) < 160 else self.text[:157] + "…"
        if key(self.text) == key(self.msgid):
            return f"{self.where}: {shown!r}"
        return f"{self.where}: {shown!r} (English {self.msgid!r})"


class EnglishTexts:
    """The English texts of the catalog whose Dutch translation differs."""

    def __init__(self, pot: Path = POT, language: str = "nl") -> None:
        with pot.open("rb") as fh:
            catalog = read_po(fh)
        self.exact: dict[str, str] = {}
        self.templates: list[tuple[re.Pattern[str], str, str]] = []
        self.phrases: dict[str, str] = {}
        with i18n.messages_in(language):
            for message in catalog:
                if not message.id:
                    continue
                for english, dutch in self._forms(message):
                    self._add(english, dutch)
        phrases = sorted(self.phrases, key=len, reverse=True)
        self._phrase_re = re.compile(
            r"(?<![\w&])(" + "|".join(re.escape(p) for p in phrases) + r")(?![\w])"
        )

    @staticmethod
    def _forms(message) -> Iterator[tuple[str, str]]:
        ctx = message.context
        if isinstance(message.id, str):
            dutch = i18n.pgettext(ctx, message.id) if ctx else i18n._(message.id)
            yield message.id, dutch
            return
        singular, plural = message.id[0], message.id[1]
        for n, english in ((1, singular), (2, plural), (5, plural)):
            if ctx:
                dutch = i18n.npgettext(ctx, singular, plural, n)
            else:
                dutch = i18n.ngettext(singular, plural, n)
            yield english, dutch

    def _add(self, english: str, dutch: str) -> None:
        if key(english) == key(dutch) or key(english) in SAME_IN_BOTH or not key(english):
            return
        try:
            parsed = list(string.Formatter().parse(english))
        except ValueError:
            parsed = [(english, None, None, None)]
        if all(name is None for _lit, name, _spec, _conv in parsed):
            self.exact.setdefault(key(english), english)
            text = plain(english)
            if len(text.split()) >= 3 and "\n" not in text:
                self.phrases.setdefault(text.rstrip(TRAILING), english)
            return
        literals = [_literal(lit) for lit, *_rest in parsed]
        letters = sum(ch.isalpha() for lit in literals for ch in lit)
        dutch_literals = "".join(lit for lit, *_rest in _safe_parse(dutch) if lit is not None)
        if letters < MIN_TEMPLATE_LETTERS or plain(dutch_literals) == plain("".join(literals)):
            return
        names = [name for _lit, name, _spec, _conv in parsed if name is not None]
        literal_words = re.findall(r"[^\W\d_]{2,}", "".join(literals))
        if len(literal_words) < 2 and not any(n in NUMERIC for n in names):
            return  # "{name} event" would match any text ending in "event"
        pattern = ""
        for (_text, name, _spec, _conv), shown in zip(parsed, literals, strict=True):
            pattern += re.escape(SPACES.sub(" ", shown))
            if name is not None:
                pattern += NUMBER if name in NUMERIC else r"(.+?)"
        words = sorted(re.findall(r"[A-Za-z][A-Za-z'-]{2,}", "".join(literals)), key=len)
        self.templates.append(
            (
                re.compile("^" + pattern.strip() + "$"),
                words[-1] if words else "",
                english,
            )
        )

    def english_of(self, text: str) -> str | None:
        """The msgid ``text`` (or a part of it) shows in English, else None.

        Dates and durations Babel wrote in English ("27 Mar 2026", "Sat, 9 May",
        "3 days") are reported too: text formatted before a switch and not again.
        """
        whole = plain(text)
        if not whole:
            return None
        formatted = BABEL_ENGLISH.search(whole)
        if formatted:
            return f"(a date or duration in English: {formatted.group(0)!r})"
        for part in _parts(whole):
            k = part.rstrip(TRAILING).strip()
            if not k or not any(ch.isalpha() for ch in k) or k in SAME_IN_BOTH:
                continue
            if k in self.exact:
                return self.exact[k]
            for pattern, word, msgid in self.templates:
                if word in part and (pattern.match(part) or pattern.match(part.rstrip("."))):
                    return msgid
        found = self._phrase_re.search(whole)
        if found:
            return self.phrases[found.group(1)]
        return None


def _literal(text: str) -> str:
    """The fixed text of a template as shown: no mnemonics, single spaces (kept at the ends)."""
    return SPACES.sub(" ", MNEMONIC.sub(lambda m: m.group(1), text or ""))


def _safe_parse(text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    try:
        return list(string.Formatter().parse(text))
    except ValueError:
        return [(text, None, None, None)]


def _parts(text: str) -> list[str]:
    """The whole text, each line, and the pieces between separators."""
    parts = [text]
    for line in text.splitlines():
        parts.append(line.strip())
        parts.extend(piece.strip() for piece in SEPARATORS.split(line))
        # "Label: value" parts
        parts.extend(piece.strip() for piece in re.split(r":\s+", line))
    seen: set[str] = set()
    return [p for p in parts if p and not (p in seen or seen.add(p))]


@dataclass
class Scanner:
    """Collects :class:`Finding` s; counts the widgets and texts it checked."""

    english: EnglishTexts
    findings: list[Finding] = field(default_factory=list)
    #: widgets walked and texts checked (a widget walked again after a change counts again)
    widgets: int = 0
    texts: int = 0
    rows_per_model: int = 40
    #: object ids already walked (a widget reached twice is counted once)
    _seen: set[int] = field(default_factory=set)
    _reported: set[tuple[str, str]] = field(default_factory=set)

    def again(self) -> None:
        """Walk widgets and models again (after a change, or for another window:
        a deleted widget's address may be reused)."""
        self._seen.clear()

    def check(self, where: str, text: object) -> None:
        if not isinstance(text, str) or not text.strip():
            return
        self.texts += 1
        msgid = self.english.english_of(text)
        if msgid is not None:
            # one finding per column of a model, not one per row
            place = ROW_IN_WHERE.sub(r"[\1", where)
            if (place, msgid) not in self._reported:
                self._reported.add((place, msgid))
                self.findings.append(Finding(where, text, msgid))

    # ---------------------------------------------------------------- widgets

    def scan(self, root: QWidget, where: str, *, visible_only: bool = False) -> None:
        """``root`` and every widget under it, shown or not (a hidden label shows
        later); other windows under it are scanned on their own."""
        self.check(f"{where} [window title]", root.windowTitle())
        for widget in [root, *root.findChildren(QWidget)]:
            if widget is not root:
                if widget.isWindow() and not isinstance(widget, QMenu):
                    continue  # another window: scanned on its own
                if visible_only and not widget.isVisibleTo(root):
                    continue
            self.widget(widget, where)

    def widget(self, widget: QWidget, where: str) -> None:
        if _ident(widget) in self._seen:
            return
        self._seen.add(_ident(widget))
        self.widgets += 1
        name = widget.objectName() or type(widget).__name__
        here = f"{where} › {name}"
        self.check(f"{here} [tooltip]", widget.toolTip())
        self.check(f"{here} [status tip]", widget.statusTip())
        self.check(f"{here} [accessible name]", widget.accessibleName())
        if isinstance(widget, QLabel):
            self.check(here, widget.text())
        if isinstance(widget, QAbstractButton):
            self.check(here, widget.text())
        if isinstance(widget, QGroupBox):
            self.check(here, widget.title())
        if isinstance(widget, QLineEdit):
            self.check(f"{here} [placeholder]", widget.placeholderText())
            if widget.isReadOnly():
                self.check(here, widget.text())
        if isinstance(widget, QPlainTextEdit):
            self.check(f"{here} [placeholder]", widget.placeholderText())
            if widget.isReadOnly():
                self.check(here, widget.toPlainText())
        if isinstance(widget, QtWidgets.QTextEdit):
            self.check(f"{here} [placeholder]", widget.placeholderText())
            if widget.isReadOnly():
                self.check(here, widget.toPlainText())
        if isinstance(widget, QAbstractSpinBox):
            self.check(f"{here} [special value]", widget.specialValueText())
            for attr in ("prefix", "suffix"):
                getter = getattr(widget, attr, None)
                if callable(getter):
                    self.check(f"{here} [{attr}]", getter())
        if isinstance(widget, QComboBox):
            self.check(f"{here} [placeholder]", widget.placeholderText())
            for i in range(widget.count()):
                self.check(f"{here} [item {i}]", widget.itemText(i))
                self.check(
                    f"{here} [item {i} tooltip]",
                    widget.itemData(i, Qt.ItemDataRole.ToolTipRole),
                )
        if isinstance(widget, QtWidgets.QTabBar):
            for i in range(widget.count()):
                self.check(f"{here} [tab {i}]", widget.tabText(i))
                self.check(f"{here} [tab {i} tooltip]", widget.tabToolTip(i))
        if isinstance(widget, QtWidgets.QProgressBar):
            self.check(f"{here} [format]", widget.format())
        if isinstance(widget, QMessageBox):
            self.check(here, widget.text())
            self.check(f"{here} [informative]", widget.informativeText())
            self.check(f"{here} [details]", widget.detailedText())
        self.actions(QWidget.actions(widget), here)  # a class may hide ``actions()``
        if (
            isinstance(widget, QAbstractItemView)
            and widget.model() is not None
            and not isinstance(widget, QtWidgets.QHeaderView)  # its view reads the headers
            and not _in_combo(widget)  # the combo's items are read above
        ):
            # A LazyTableView paints a C++ copy of its model's cells, filled
            # when painted (a hidden tab's copy is filled when shown): read
            # the model itself, tooltips included.
            lazy = getattr(widget, "lazy_model", None)
            self.model(lazy() if callable(lazy) else widget.model(), here, widget)
        if isinstance(widget, QtWidgets.QTreeWidget):
            header = widget.headerItem()
            for column in range(header.columnCount()):
                self.check(f"{here} [header {column}]", header.text(column))
        chart = getattr(widget, "chart", None)
        if callable(chart) and type(widget).__name__ != "QChart":
            try:
                value = chart()
            except TypeError:
                value = None
            if value is not None and hasattr(value, "axes"):
                self.chart(value, here)
        legend = getattr(widget, "legend", None)
        if callable(legend) and not hasattr(widget, "axes"):
            try:
                entries = legend()
            except TypeError:
                entries = None
            if isinstance(entries, list | tuple):
                for i, entry in enumerate(entries):
                    self.check(f"{here} [legend {i}]", entry if isinstance(entry, str) else "")

    def actions(self, actions: Iterable[QAction], where: str) -> None:
        for action in actions:
            if action.isSeparator():
                continue
            if _ident(action) in self._seen:
                continue
            self._seen.add(_ident(action))
            name = action.objectName() or action.text()
            here = f"{where} › action {name}"
            text = action.text()
            self.check(here, text)
            for kind, extra in (
                ("tooltip", action.toolTip()),
                ("status tip", action.statusTip()),
                ("icon text", action.iconText()),
            ):
                if key(extra) != key(text):  # Qt derives them from the text when unset
                    self.check(f"{here} [{kind}]", extra)
            menu = action.menu()
            if isinstance(menu, QMenu):
                self.check(f"{here} [menu]", menu.title())
                self.actions(menu.actions(), f"{here} ›")

    # ----------------------------------------------------------------- models

    def model(self, model, where: str, view: QAbstractItemView | None = None) -> None:
        if _ident(model) in self._seen:
            return
        self._seen.add(_ident(model))
        roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        for section in range(_columns(model, QModelIndex())):
            for role in roles:
                self.check(
                    f"{where} [header {section}]",
                    model.headerData(section, Qt.Orientation.Horizontal, role),
                )
        self._rows(model, QModelIndex(), where, depth=0)

    def _rows(self, model, parent: QModelIndex, where: str, depth: int) -> None:
        rows = min(model.rowCount(parent), self.rows_per_model)
        columns = _columns(model, parent)
        for row in range(rows):
            for column in range(columns):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    self.check(f"{where} [row {row}, column {column}]", model.data(index, role))
            first = model.index(row, 0, parent)
            if depth < 3 and not isinstance(model, QAbstractTableModel) and model.rowCount(first):
                self._rows(model, first, where, depth + 1)

    # ----------------------------------------------------------------- charts

    def chart(self, chart, where: str) -> None:
        self.check(f"{where} [chart title]", chart.title())
        for axis in chart.axes():
            self.check(f"{where} [axis title]", axis.titleText())
            categories = getattr(axis, "categories", None)
            if callable(categories):
                for category in categories():
                    self.check(f"{where} [axis category]", category)
        for series in chart.series():
            self.check(f"{where} [series]", series.name())
            for bar_set in getattr(series, "barSets", lambda: [])():
                self.check(f"{where} [bar set]", bar_set.label())
            for slice_ in getattr(series, "slices", lambda: [])():
                self.check(f"{where} [slice]", slice_.label())
        legend = chart.legend()
        if legend is not None:
            for marker in legend.markers():
                self.check(f"{where} [legend]", marker.label())

    # ----------------------------------------------------------------- report

    def report(self) -> str:
        return "\n".join(f"  {finding}" for finding in self.findings)


def _in_combo(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox) or type(parent).__name__ == "QComboBoxPrivateContainer":
            return True
        if parent.metaObject().className() == "QComboBoxPrivateContainer":
            return True
        parent = parent.parentWidget()
    return False


def _ident(obj) -> int:
    """The C++ object's address (a Python wrapper's id() may change between calls)."""
    return shiboken6.getCppPointer(obj)[0]


def _columns(model, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model's columnCount() is not public in PySide
        return 1


def top_level_dialogs() -> list[QWidget]:
    """The visible dialogs and message boxes (windows besides the main window)."""
    app = QtWidgets.QApplication.instance()
    return [w for w in app.topLevelWidgets() if w.isVisible() and isinstance(w, QtWidgets.QDialog)]


__all__ = ["EnglishTexts", "Finding", "Scanner", "plain", "top_level_dialogs"]
