"""A filter bar above a list: search text, choice combos, a date range, Clear.

It produces a :class:`~di_desk.services.listing.ListQuery` (without a sort;
the table model keeps its own) through :attr:`FilterBar.query_changed`::

    bar = FilterBar(combos=(CUSTOMER, STATUS, SEVERITY), dates=True)
    bar.set_choices("status", [(s.value, s.label) for s in CaseStatus])
    bar.set_customers(repo.customer_names())
    bar.query_changed.connect(model.set_query)

Which filters appear is configurable; a tab may declare its own
:class:`FilterSpec` (e.g. ``FilterSpec("region", N_("Region"), N_("All regions"))``).
Dates are taken in the display zone and sent as aware UTC instants:
``date_from`` is the start of the first day, ``date_to`` the start of the day
after the last one (exclusive).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from di_desk.i18n import N_, _
from di_desk.services.listing import ListQuery
from di_desk.ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    Qt,
    QTimer,
    QWidget,
    Signal,
)

Label = str | Callable[[], str]


@dataclass(frozen=True)
class FilterSpec:
    """A combo filter: the ``ListQuery.filters`` key, its label and its "all" entry."""

    key: str
    title: str  # N_ marker
    all_label: str  # N_ marker


CUSTOMER = FilterSpec("customer_id", N_("Customer"), N_("All customers"))
STATUS = FilterSpec("status", N_("Status"), N_("All statuses"))
SEVERITY = FilterSpec("severity", N_("Severity"), N_("All severities"))
DEFAULT_COMBOS = (CUSTOMER, STATUS, SEVERITY)

#: the date edits show this date as "any" (QDateEdit has no empty state)
NO_DATE = QDate(2000, 1, 1)


class _ChoiceCombo(QComboBox):
    def __init__(self, spec: FilterSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._choices: list[tuple[Any, Label, bool]] = []
        # What the entries show and stand for (the "all" entry: None), kept
        # here rather than as item data: a list of 500 customers is then one
        # addItems() call, and a refill with the same texts costs nothing.
        self._texts: list[str] = []
        self._values: list[Any] = []
        # The combo is as wide as its "All …" entry: long customer names do not
        # widen the bar; the popup list is made wide enough to show them whole.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setObjectName(f"filter_{spec.key}")
        self.fill()

    def set_choices(self, choices: Iterable[tuple[Any, Label]], translate: bool) -> None:
        current = self.current_value()
        self._choices = [(value, label, translate) for value, label in choices]
        self.fill(current)

    def fill(self, keep: Any = None) -> None:
        texts = [_(self.spec.all_label)]
        values: list[Any] = [None]
        for value, label, translate in self._choices:
            texts.append(label() if callable(label) else (_(label) if translate else label))
            values.append(value)
        if texts != self._texts or values != self._values:
            blocked = self.blockSignals(True)
            self.clear()
            self.addItems(texts)
            self.blockSignals(blocked)
            self._texts, self._values = texts, values
            self.setMinimumContentsLength(0)
            self.setMinimumWidth(self.fontMetrics().horizontalAdvance(texts[0]) + 44)
        self.set_value(keep, emit=False)

    def showPopup(self) -> None:
        # Measured here, not in fill(): measuring every entry costs, and most
        # combos are filled far more often than opened.
        view = self.view()
        metrics = view.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0
        )
        scroll_bar = view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(widest + 2 * view.frameWidth() + scroll_bar + 24)
        super().showPopup()

    def current_value(self) -> Any:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    # QComboBox's item-data API, answered from the values list.

    def itemData(self, index: int, role: int = Qt.ItemDataRole.UserRole) -> Any:
        if role != Qt.ItemDataRole.UserRole:
            return super().itemData(index, role)
        return self._values[index] if 0 <= index < len(self._values) else None

    def currentData(self, role: int = Qt.ItemDataRole.UserRole) -> Any:
        return self.itemData(self.currentIndex(), role)

    def findData(self, data: Any, role: int = Qt.ItemDataRole.UserRole, *_flags: Any) -> int:
        if role != Qt.ItemDataRole.UserRole:
            return super().findData(data, role, *_flags)
        return next((i for i, v in enumerate(self._values) if v == data), -1)

    def set_value(self, value: Any, *, emit: bool = True) -> None:
        index = 0
        if value is not None:
            index = next((i for i, v in enumerate(self._values) if i and v == value), 0)
        blocked = self.blockSignals(not emit)
        self.setCurrentIndex(index)
        self.blockSignals(blocked)


class FilterBar(QWidget):
    """Search field (debounced), choice combos, date range and a Clear button."""

    #: the new :class:`ListQuery` after any change (text changes are debounced)
    query_changed = Signal(object)

    def __init__(
        self,
        *,
        text: bool = True,
        combos: Sequence[FilterSpec] = DEFAULT_COMBOS,
        dates: bool = True,
        debounce_ms: int = 300,
        display_zone: str = "UTC",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._zone = ZoneInfo(display_zone)
        self._last_query: ListQuery | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._emit_query)

        self.search: QLineEdit | None = None
        if text:
            self.search = QLineEdit(self)
            self.search.setObjectName("filter_text")
            self.search.setClearButtonEnabled(True)
            self.search.setMinimumWidth(100)
            self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.search.textChanged.connect(lambda _text: self._debounce.start())
            self.search.returnPressed.connect(self._emit_now)
            layout.addWidget(self.search, 2)

        self.combos: dict[str, _ChoiceCombo] = {}
        for spec in combos:
            combo = _ChoiceCombo(spec, self)
            combo.currentIndexChanged.connect(lambda _i: self._emit_now())
            self.combos[spec.key] = combo
            layout.addWidget(combo)

        self.date_from: QDateEdit | None = None
        self.date_to: QDateEdit | None = None
        self._from_label = QLabel(self)
        self._to_label = QLabel(self)
        if dates:
            self.date_from = self._date_edit("filter_date_from")
            self.date_to = self._date_edit("filter_date_to")
            layout.addWidget(self._from_label)
            layout.addWidget(self.date_from)
            layout.addWidget(self._to_label)
            layout.addWidget(self.date_to)
        else:
            self._from_label.hide()
            self._to_label.hide()

        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("filter_clear")
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        if not text:
            layout.addStretch(1)
        self.retranslate()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setMinimumDate(NO_DATE)
        edit.setDate(NO_DATE)
        edit.dateChanged.connect(lambda _d: self._emit_now())
        return edit

    # ---------------------------------------------------------------- API

    def set_choices(
        self, key: str, choices: Iterable[tuple[Any, Label]], *, translate: bool = True
    ) -> None:
        """Fill the combo of ``key`` with ``(value, label)`` pairs.

        A label is an ``N_`` message (translated now and on language change,
        unless ``translate`` is False) or a callable returning the text.
        The current choice is kept when it is still offered.
        """
        self.combos[key].set_choices(choices, translate)

    def set_customers(self, customers: Iterable[tuple[int, str]]) -> None:
        """Customer ids and names (names are shown as they are)."""
        if CUSTOMER.key in self.combos:
            self.set_choices(CUSTOMER.key, customers, translate=False)

    def set_display_zone(self, zone: str) -> None:
        """Interpret the date range in ``zone`` (an IANA key) from now on."""
        self._zone = ZoneInfo(zone)
        self._emit_now()

    def query(self) -> ListQuery:
        """The filter as a query (no sort)."""
        filters = {
            key: combo.current_value()
            for key, combo in self.combos.items()
            if combo.current_value() is not None
        }
        return ListQuery(
            text=self.search.text().strip() if self.search is not None else "",
            filters=filters,
            date_from=self._instant(self.date_from, 0),
            date_to=self._instant(self.date_to, 1),
        )

    def clear(self) -> None:
        """Reset every filter and emit one query."""
        self._debounce.stop()
        widgets = [self.search, self.date_from, self.date_to, *self.combos.values()]
        blocked = [w.blockSignals(True) for w in widgets if w is not None]
        if self.search is not None:
            self.search.clear()
        for combo in self.combos.values():
            combo.set_value(None, emit=False)
        for edit in (self.date_from, self.date_to):
            if edit is not None:
                edit.setDate(NO_DATE)
        for w, b in zip([w for w in widgets if w is not None], blocked, strict=True):
            w.blockSignals(b)
        self._emit_now()

    def focus_search(self) -> None:
        """Ctrl+F: focus the search field and select its text."""
        if self.search is not None:
            self.search.setFocus()
            self.search.selectAll()
        elif self.combos:
            next(iter(self.combos.values())).setFocus()

    def state(self) -> dict[str, Any]:
        """The widgets' values, JSON-friendly, for ``Settings.set_last_filters``."""
        return {
            "text": self.search.text() if self.search is not None else "",
            "combos": {k: c.current_value() for k, c in self.combos.items()},
            "from": self._iso(self.date_from),
            "to": self._iso(self.date_to),
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        """Put back :meth:`state` (unknown keys and values are ignored); emits once."""
        if not state:
            return
        self._debounce.stop()
        widgets = [w for w in (self.search, self.date_from, self.date_to) if w is not None]
        blocked = [w.blockSignals(True) for w in widgets]
        if self.search is not None and isinstance(state.get("text"), str):
            self.search.setText(state["text"])
        combos = state.get("combos")
        if isinstance(combos, dict):
            for key, value in combos.items():
                if key in self.combos:
                    self.combos[key].set_value(value, emit=False)
        for edit, key in ((self.date_from, "from"), (self.date_to, "to")):
            if edit is not None and isinstance(state.get(key), str):
                parsed = QDate.fromString(state[key], "yyyy-MM-dd")
                edit.setDate(parsed if parsed.isValid() else NO_DATE)
        for w, b in zip(widgets, blocked, strict=True):
            w.blockSignals(b)
        self._emit_now()

    def retranslate(self) -> None:
        if self.search is not None:
            self.search.setPlaceholderText(_("Search…"))
            self.search.setToolTip(_("Search (Ctrl+F)"))
        for combo in self.combos.values():
            combo.setToolTip(_(combo.spec.title))
            combo.fill(combo.current_value())
        self._from_label.setText(_("From"))
        self._to_label.setText(_("to"))
        for edit in (self.date_from, self.date_to):
            if edit is not None:
                edit.setSpecialValueText(_("any date"))
        self.clear_button.setText(_("Clear"))
        self.clear_button.setToolTip(_("Clear all filters"))

    # ----------------------------------------------------------- internals

    def _emit_now(self) -> None:
        self._debounce.stop()
        self._emit_query()

    def _emit_query(self) -> None:
        query = self.query()
        if query != self._last_query:
            self._last_query = query
            self.query_changed.emit(query)

    def _instant(self, edit: QDateEdit | None, days_after: int) -> datetime | None:
        if edit is None or edit.date() == NO_DATE:
            return None
        qd = edit.date()
        day = date(qd.year(), qd.month(), qd.day()) + timedelta(days=days_after)
        local = datetime.combine(day, time(0, 0), tzinfo=self._zone)
        return local.astimezone(UTC)

    @staticmethod
    def _iso(edit: QDateEdit | None) -> str:
        if edit is None or edit.date() == NO_DATE:
            return ""
        return edit.date().toString("yyyy-MM-dd")
