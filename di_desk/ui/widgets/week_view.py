"""A week calendar of maintenance: window bands, event blocks, blackout days.

Days are columns (Monday to Sunday) in the user's display zone, hours are
rows; each day column has one lane per group of regions (see
:mod:`di_desk.ui.widgets.week_layout`). Weekday windows are solid green bands,
weekend windows (provider infrastructure only, MAINT-3) hatched blue bands;
events are blocks, outlined red when they break a rule; customers' blackout
days (MAINT-11) are shaded orange. Clicking a block emits
:attr:`WeekView.event_clicked`; a double click :attr:`WeekView.event_activated`.

Tests use the geometry API instead of pixels: :meth:`WeekView.bands`,
:meth:`WeekView.band_rects`, :meth:`WeekView.block_rect`,
:meth:`WeekView.hour_height`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

from di_desk.domain.reference import RegionRef
from di_desk.domain.timeutil import zone
from di_desk.i18n import _
from di_desk.i18n.formatting import format_date
from di_desk.ui.qt import (
    QDate,
    QFont,
    QHBoxLayout,
    QLabel,
    QtCore,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from di_desk.ui.widgets.week_canvas import WeekCanvas
from di_desk.ui.widgets.week_layout import (
    DAYS,
    Band,
    WeekData,
    WeekLayout,
    lanes_for,
    monday_of,
)
from di_desk.ui.widgets.zoned_datetime import date_edit

__all__ = ["WeekCanvas", "WeekView"]

QRectF = QtCore.QRectF
Provider = Callable[[datetime, datetime], WeekData]


def _tool_button(name: str, text: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setText(text)
    button.setAutoRaise(True)
    return button


class WeekView(QWidget):
    """Navigation (month, week, today, go to date) above a :class:`WeekCanvas`."""

    event_clicked = Signal(int)
    event_activated = Signal(int)
    #: the Monday of the week now shown
    week_changed = Signal(object)

    def __init__(
        self,
        display_zone: str,
        *,
        today: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("week_view")
        self._zone = display_zone
        self._now = today or (lambda: datetime.now(UTC))
        self._provider: Provider | None = None
        self._lanes = lanes_for([])
        self.canvas = WeekCanvas(self)
        self.canvas.clicked.connect(self.event_clicked)
        self.canvas.activated.connect(self.event_activated)
        self.canvas.step_requested.connect(self._keyboard_step)

        self.prev_month = _tool_button("week_prev_month", "«", self)
        self.prev_week = _tool_button("week_prev", "‹", self)
        self.today_button = _tool_button("week_today", "", self)
        self.next_week_button = _tool_button("week_next", "›", self)
        self.next_month = _tool_button("week_next_month", "»", self)
        self.title = QLabel(self)
        self.title.setObjectName("week_title")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.go_to = date_edit(self, "week_go_to")
        self.prev_month.clicked.connect(lambda: self.step_months(-1))
        self.prev_week.clicked.connect(lambda: self.step_weeks(-1))
        self.today_button.clicked.connect(self.go_today)
        self.next_week_button.clicked.connect(lambda: self.step_weeks(1))
        self.next_month.clicked.connect(lambda: self.step_months(1))
        self.go_to.dateChanged.connect(self._go_to_changed)

        nav = QHBoxLayout()
        nav.setContentsMargins(0, 0, 0, 0)
        for w in (self.prev_month, self.prev_week, self.today_button, self.next_week_button):
            nav.addWidget(w)
        nav.addWidget(self.next_month)
        nav.addSpacing(8)
        nav.addWidget(self.title, 1)
        nav.addWidget(self.go_to)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(nav)
        layout.addWidget(self.canvas, 1)
        self._first_day = monday_of(self._today())
        self._build()
        self.retranslate()

    # ------------------------------------------------------------ setup

    def set_provider(self, provider: Provider | None) -> None:
        """``provider(start_utc, end_utc) -> WeekData``: the events and blackouts to show."""
        self._provider = provider
        self.reload()

    def set_regions(self, refs: Sequence[RegionRef]) -> None:
        """The regions whose windows are drawn (one lane per shared zone)."""
        self._lanes = lanes_for(refs)
        self._build()

    def set_display_zone(self, zone_key: str) -> None:
        self._zone = zone_key
        self._build()

    def display_zone(self) -> str:
        return self._zone

    # ------------------------------------------------------------ navigation

    def week_start(self) -> date:
        return self._first_day

    def set_week(self, day: date) -> None:
        first = monday_of(day)
        if first != self._first_day or self.canvas.week is None:
            self._first_day = first
            self._build()

    def step_weeks(self, count: int) -> None:
        self.set_week(self._first_day + timedelta(weeks=count))

    def step_months(self, count: int) -> None:
        day = self._first_day
        month = day.month - 1 + count
        year, month = day.year + month // 12, month % 12 + 1
        last = calendar.monthrange(year, month)[1]
        self.set_week(date(year, month, min(day.day, last)))

    def go_today(self) -> None:
        self.set_week(self._today())

    def _keyboard_step(self, weeks: int, months: int) -> None:
        if months:
            self.step_months(months)
        elif weeks:
            self.step_weeks(weeks)
        else:
            self.go_today()

    def show_event(self, event_id: int, start_utc: datetime) -> None:
        """Go to the week of ``start_utc`` and highlight the event's block."""
        self.set_week(start_utc.astimezone(zone(self._zone)).date())
        self.select_event(event_id)

    def select_event(self, event_id: int | None) -> None:
        self.canvas.selected_id = event_id
        self.canvas.update()

    def reload(self) -> None:
        """Ask the provider again for this week's events (after an edit or a filter)."""
        week = self.canvas.week
        if week is None:
            return
        data = self._provider(week.start_utc, week.end_utc) if self._provider else WeekData()
        week.place(data)
        self.canvas.update()

    # ------------------------------------------------------------ geometry for tests

    def layout_model(self) -> WeekLayout | None:
        return self.canvas.week

    def bands(self) -> list[Band]:
        """Every window band of the week: ``(region, start_utc, end_utc, weekend)``."""
        return [b.band for b in self.canvas.week.bands] if self.canvas.week else []

    def band_rects(self, region: object, start_utc: datetime) -> list[QRectF]:
        """The rectangles of one region's window (one per day column it touches)."""
        for band in self.canvas.week.bands if self.canvas.week else []:
            if band.band.region == region and band.band.start_utc == start_utc:
                return self.canvas.band_rects(band)
        return []

    def block_rect(self, event_id: int) -> QRectF | None:
        """The block of an event (its first day's part), in canvas coordinates."""
        rects = self.canvas.block_rects(event_id)
        return rects[0] if rects else None

    def block_rects(self, event_id: int) -> list[QRectF]:
        return self.canvas.block_rects(event_id)

    def hour_height(self) -> float:
        return self.canvas.hour_height()

    def shown_event_ids(self) -> list[int]:
        return [b.event.id for b in self.canvas.week.blocks] if self.canvas.week else []

    # ------------------------------------------------------------ texts

    def retranslate(self) -> None:
        self.prev_month.setToolTip(_("Previous month"))
        self.prev_week.setToolTip(_("Previous week"))
        self.today_button.setText(_("Today"))
        self.today_button.setToolTip(_("Go to this week"))
        self.next_week_button.setToolTip(_("Next week"))
        self.next_month.setToolTip(_("Next month"))
        self.go_to.setToolTip(_("Go to the week of a date"))
        self._update_title()
        self.canvas.update()

    # ------------------------------------------------------------ internals

    def _today(self) -> date:
        return self._now().astimezone(zone(self._zone)).date()

    def _build(self) -> None:
        self.canvas.week = WeekLayout(self._first_day, self._zone, self._lanes)
        self.canvas.today = self._today()
        self.reload()
        self._update_title()
        blocked = self.go_to.blockSignals(True)
        first = self._first_day
        self.go_to.setDate(QDate(first.year, first.month, first.day))
        self.go_to.blockSignals(blocked)
        self.week_changed.emit(self._first_day)

    def _go_to_changed(self, value: QDate) -> None:
        self.set_week(date(value.year(), value.month(), value.day()))

    def _update_title(self) -> None:
        first = self._first_day
        last = first + timedelta(days=DAYS - 1)
        self.title.setText(
            _("Week {number}: {first} – {last} ({zone})").format(
                number=first.isocalendar()[1],
                first=format_date(first, "d MMM"),
                last=format_date(last, "d MMM y"),
                zone=self._zone,
            )
        )
