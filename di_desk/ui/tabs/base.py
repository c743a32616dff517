"""The tab registry and what a tab gets from the window.

A tab is any ``QWidget`` made by a factory ``factory(context) -> QWidget``::

    from di_desk.ui.tabs.base import TabContext, register_tab

    def make_cases_tab(context: TabContext) -> QWidget:
        source = CaseSource(context.db) if context.db is not None else None
        return CasesTab(source, context)

    register_tab("cases", make_cases_tab)

The six keys (``overview``, ``cases``, ``maintenance``, ``releases``,
``backups``, ``customers``) start as placeholders; registering a key again
replaces the factory and keeps the title and position. The window rebuilds
every tab when another database is opened.

The window calls these optional methods of a tab when it has them
(:class:`TabPage` lists them): ``retranslate()`` after a language switch,
``refresh()`` on F5 and after imports, ``save_state(settings)`` /
``restore_state(settings)`` when closing / building, ``set_display_zone(zone)``
after View → Display time zone, and ``new_record()`` (Ctrl+N),
``delete_selected()`` (Delete), ``focus_filter()`` (Ctrl+F); Edit actions
are disabled for a tab without the matching method.

Going to a record: any tab calls ``context.navigate("cases", case_id)``; the
window shows the tab of that key and calls its ``select_record(record_id)``
when it has one (see docs/gui.md for what the id means per tab).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from di_desk.i18n import N_, _
from di_desk.ui.language import LanguageNotifier
from di_desk.ui.qt import QFont, QLabel, QObject, Qt, QVBoxLayout, QWidget, Signal
from di_desk.ui.settings import Settings


class AppEvents(QObject):
    """Signals shared by all tabs of a window."""

    #: a tab changed data others may show; the argument names the kind
    #: (``"cases"``, ``"customers"``, …) or is ``""`` for "anything"
    data_changed = Signal(str)
    #: the display zone (IANA key) changed
    display_zone_changed = Signal(str)
    #: show a record: the tab key and the record's id (the window switches to
    #: that tab and calls its ``select_record(record_id)`` when it has one)
    navigate_requested = Signal(str, int)


@dataclass
class TabContext:
    """What a tab factory gets.

    Attributes:
        settings: the GUI settings (``header_state``, ``last_filters``, …).
        notifier: emits ``language_changed`` (the window also calls ``retranslate``).
        events: cross-tab signals (:class:`AppEvents`).
        db: the open database as returned by the storage layer, or None
            (no database: a tab shows an empty state).
        db_path: the database file, or None.
        services: optional extra objects the composition root provides
            (repositories, reference data), by name. ``services["clock"]``,
            when set, is a callable returning "now" (aware UTC; screenshots
            and tests pin it); use :meth:`now`.
    """

    settings: Settings
    notifier: LanguageNotifier
    events: AppEvents
    db: Any = None
    db_path: Path | None = None
    services: dict[str, Any] = field(default_factory=dict)

    @property
    def display_zone(self) -> str:
        """The zone to show instants in (TIME-1), as an IANA key."""
        return self.settings.display_zone

    def now(self) -> datetime:
        """The current instant (aware UTC), from ``services["clock"]`` when set."""
        clock = self.services.get("clock")
        return clock() if callable(clock) else datetime.now(UTC)

    def navigate(self, tab: str, record_id: int) -> None:
        """Ask the window to show tab ``tab`` and select ``record_id`` there."""
        self.events.navigate_requested.emit(tab, int(record_id))


TabFactory = Callable[[TabContext], QWidget]


@runtime_checkable
class TabPage(Protocol):
    """The optional methods the window calls on a tab (all of them may be missing)."""

    def retranslate(self) -> None: ...

    def refresh(self) -> None: ...

    def save_state(self, settings: Settings) -> None: ...

    def restore_state(self, settings: Settings) -> None: ...


@runtime_checkable
class SelectsRecords(Protocol):
    """A tab that can show one of its records (the target of ``context.navigate``)."""

    def select_record(self, record_id: int) -> bool:
        """Select (and scroll to) ``record_id``; False when it is not there."""
        ...


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str  # N_ marker
    factory: TabFactory
    order: int


class PlaceholderTab(QWidget):
    """A clearly marked page for a tab whose real widget is not built yet."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.setObjectName("placeholder_tab")
        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.heading, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_(self._title))
        self.message.setText(_("This tab is not available yet."))


def placeholder_factory(title: str) -> TabFactory:
    return lambda _context: PlaceholderTab(title)


DEFAULT_TABS: tuple[tuple[str, str], ...] = (
    ("overview", N_("Overview")),
    ("cases", N_("Cases")),
    ("maintenance", N_("Maintenance")),
    ("releases", N_("Releases")),
    ("backups", N_("Backups")),
    ("customers", N_("Customers")),
)


class TabRegistry:
    """Tab specs by key, in display order."""

    def __init__(self, defaults: tuple[tuple[str, str], ...] = DEFAULT_TABS) -> None:
        self._specs: dict[str, TabSpec] = {}
        for order, (key, title) in enumerate(defaults):
            self._specs[key] = TabSpec(key, title, placeholder_factory(title), order * 10)

    def register(
        self,
        key: str,
        factory: TabFactory,
        *,
        title: str | None = None,
        order: int | None = None,
    ) -> None:
        """Add a tab, or replace the factory of ``key`` (keeping title and place).

        ``title`` is an ``N_`` marker; a new key without ``title`` uses ``key``.
        """
        old = self._specs.get(key)
        self._specs[key] = TabSpec(
            key,
            title if title is not None else (old.title if old else key),
            factory,
            order if order is not None else (old.order if old else self._next_order()),
        )

    def unregister(self, key: str) -> None:
        self._specs.pop(key, None)

    def specs(self) -> list[TabSpec]:
        return sorted(self._specs.values(), key=lambda s: s.order)

    def keys(self) -> list[str]:
        return [s.key for s in self.specs()]

    def __contains__(self, key: object) -> bool:
        return key in self._specs

    def _next_order(self) -> int:
        return max((s.order for s in self._specs.values()), default=0) + 10


#: the app's registry; tab modules register into it
TABS = TabRegistry()


def register_tab(
    key: str, factory: TabFactory, *, title: str | None = None, order: int | None = None
) -> None:
    """Register (or replace) a tab in the app's registry. See :class:`TabRegistry`."""
    TABS.register(key, factory, title=title, order=order)
