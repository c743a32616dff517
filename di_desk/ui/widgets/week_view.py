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
from datetime import UTC, date, datetime, time, timedelta

from di_desk.domain.reference import RegionRef
from di_desk.domain.timeutil import zone
from di_desk.i18n import _
from di_desk.i18n.formatting import format_date, format_duration, format_time
from di_desk.ui.qt import (
    QBrush,
    QColor,
    QDate,
    QDateEdit,
    QEvent,
    QFont,
    QHBoxLayout,
    QLabel,
    QPainter,
    Qt,
    QtCore,
    QtGui,
    QToolButton,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from di_desk.ui.widgets.week_layout import (
    DAYS,
    Band,
    LaneBand,
    Segment,
    WeekData,
    WeekLayout,
    lanes_for,
    monday_of,
)

QRectF = QtCore.QRectF
QPointF = QtCore.QPointF
QPen = QtGui.QPen

Provider = Callable[[datetime, datetime], WeekData]

WEEKDAY_BAND = QColor(96, 176, 96, 120)
WEEKEND_FILL = QColor(120, 150, 215, 55)
WEEKEND_HATCH = QColor(60, 95, 180, 170)
BLACKOUT = QColor(245, 150, 40, 70)
BLACKOUT_EDGE = QColor(220, 120, 20, 160)
BLOCK = QColor(44, 92, 160)
BLOCK_TEXT = QColor(255, 255, 255)
VIOLATION = QColor(214, 30, 30)
SELECTED = QColor(255, 200, 0)
GRID = QColor(0, 0, 0, 28)
DAY_LINE = QColor(0, 0, 0, 70)
TODAY = QColor(255, 235, 150, 90)


def clock_text(at: time) -> str:
    """A wall-clock time of day in the active locale (``21:00``)."""
    return format_time(datetime.combine(date(2000, 1, 3), at, UTC), "UTC")


class WeekCanvas(QWidget):
    """The painted grid; all geometry goes through :meth:`segment_rect`."""

    clicked = Signal(int)
    activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("week_canvas")
        self.week: WeekLayout | None = None
        self.selected_id: int | None = None
        self.today: date | None = None
        self.setMinimumSize(420, 320)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding
        )

    # ---------------------------------------------------------- geometry

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        return font

    def left_margin(self) -> float:
        return float(QtGui.QFontMetrics(self._small_font()).horizontalAdvance("00:00") + 10)

    def header_height(self) -> float:
        line = QtGui.QFontMetrics(self.font()).height()
        lanes = len(self.week.lanes) if self.week else 1
        return float(
            line + 8 + (QtGui.QFontMetrics(self._small_font()).height() if lanes > 1 else 0)
        )

    def legend_height(self) -> float:
        return float(QtGui.QFontMetrics(self._small_font()).height() + 10)

    def day_width(self) -> float:
        return max(1.0, (self.width() - self.left_margin() - 2) / DAYS)

    def hour_height(self) -> float:
        rows = self.week.rows() if self.week else 24.0
        return max(1.0, (self.height() - self.header_height() - self.legend_height() - 2) / rows)

    def lane_width(self) -> float:
        lanes = len(self.week.lanes) if self.week and self.week.lanes else 1
        return self.day_width() / lanes

    def day_rect(self, day: int) -> QRectF:
        rows = self.week.rows() if self.week else 24.0
        return QRectF(
            self.left_margin() + day * self.day_width(),
            self.header_height(),
            self.day_width(),
            rows * self.hour_height(),
        )

    def segment_rect(
        self, segment: Segment, lane: int | None, slot: int = 0, slots: int = 1, inset: float = 0
    ) -> QRectF:
        """The rectangle of ``segment``: its lane (None: the whole day) and slot."""
        day = self.day_rect(segment.day)
        y0 = day.top() + segment.top * self.hour_height()
        y1 = day.top() + segment.bottom * self.hour_height()
        if lane is None:
            return QRectF(day.left(), y0, day.width(), y1 - y0)
        x = day.left() + lane * self.lane_width() + 1 + inset
        width = self.lane_width() - 2 - 2 * inset
        slot_w = width / max(1, slots)
        return QRectF(x + slot * slot_w, y0, max(2.0, slot_w - 1), max(2.0, y1 - y0))

    def band_rects(self, band: LaneBand) -> list[QRectF]:
        return [self.segment_rect(s, band.lane) for s in band.segments]

    def block_rects(self, event_id: int) -> list[QRectF]:
        block = self.week.block(event_id) if self.week else None
        if block is None:
            return []
        return [
            self.segment_rect(s, block.lane, block.slot, block.slots, inset=3)
            for s in block.segments
        ]

    def block_at(self, pos: QPointF) -> int | None:
        if self.week is None:
            return None
        for block in reversed(self.week.blocks):  # the one painted last is on top
            if any(r.contains(pos) for r in self.block_rects(block.event.id)):
                return block.event.id
        return None

    # ---------------------------------------------------------- painting

    def paintEvent(self, _event: QEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(self.rect(), QColor(255, 255, 255))
        if self.week is not None:
            self._paint_header(painter)
            self._paint_grid(painter)
            self._paint_shades(painter)
            self._paint_bands(painter)
            self._paint_transitions(painter)
            self._paint_blocks(painter)
        self._paint_legend(painter)
        painter.end()

    def _paint_header(self, painter: QPainter) -> None:
        assert self.week is not None
        line = QtGui.QFontMetrics(self.font()).height() + 6
        small = self._small_font()
        for d in range(DAYS):
            day = self.week.day(d)
            rect = QRectF(self.left_margin() + d * self.day_width(), 0, self.day_width(), line)
            if day == self.today:
                painter.fillRect(rect, TODAY)
            elif day.weekday() >= 5:
                painter.fillRect(rect, QColor(0, 0, 0, 12))
            font = QFont(self.font())
            font.setBold(day == self.today)
            painter.setFont(font)
            painter.setPen(QColor(30, 30, 30))
            text = format_date(day, "EEE d MMM")
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            if len(self.week.lanes) > 1:
                painter.setFont(small)
                painter.setPen(QColor(90, 90, 90))
                for i, lane in enumerate(self.week.lanes):
                    lane_rect = QRectF(
                        rect.left() + i * self.lane_width(),
                        line,
                        self.lane_width(),
                        self.header_height() - line,
                    )
                    metrics = QtGui.QFontMetrics(small)
                    label = lane.label
                    if metrics.horizontalAdvance(label) > lane_rect.width() - 2:
                        label = lane.short_label
                    painter.drawText(lane_rect, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_grid(self, painter: QPainter) -> None:
        assert self.week is not None
        small = self._small_font()
        painter.setFont(small)
        rows = self.week.rows()
        step = 1 if self.hour_height() * 1 >= QtGui.QFontMetrics(small).height() else 3
        if step == 3 and self.hour_height() * 2 >= QtGui.QFontMetrics(small).height():
            step = 2
        top = self.header_height()
        for d in range(DAYS):
            day = self.day_rect(d)
            if self.week.day(d) == self.today:
                painter.fillRect(day, TODAY)
            for lane in range(1, len(self.week.lanes), 2):  # every other lane faintly striped
                x = day.left() + lane * self.lane_width()
                painter.fillRect(
                    QRectF(x, day.top(), self.lane_width(), day.height()), QColor(0, 0, 0, 10)
                )
            length = self.week.day_hours(d)
            if length < rows:  # hours this day does not have (DST, or a 24 h day in a 25 h week)
                missing = QRectF(
                    day.left(),
                    top + length * self.hour_height(),
                    day.width(),
                    (rows - length) * self.hour_height(),
                )
                painter.fillRect(missing, QBrush(QColor(0, 0, 0, 30), Qt.BrushStyle.Dense6Pattern))
        for h in range(int(rows) + 1):
            y = top + h * self.hour_height()
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(self.left_margin(), y), QPointF(self.width() - 2, y))
            if h % step == 0 and h < rows:
                painter.setPen(QColor(80, 80, 80))
                label = clock_text(time(h % 24))
                painter.drawText(
                    QRectF(0, y - 1, self.left_margin() - 6, self.hour_height() + 2),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    label,
                )
        painter.setPen(QPen(DAY_LINE, 1))
        for d in range(DAYS + 1):
            x = self.left_margin() + d * self.day_width()
            painter.drawLine(QPointF(x, 0), QPointF(x, top + rows * self.hour_height()))

    def _paint_shades(self, painter: QPainter) -> None:
        assert self.week is not None
        for shade in self.week.shades:
            for segment in shade.segments:
                rect = self.segment_rect(segment, None)
                painter.fillRect(rect, BLACKOUT)
                painter.fillRect(rect, QBrush(BLACKOUT_EDGE, Qt.BrushStyle.FDiagPattern))

    def _paint_bands(self, painter: QPainter) -> None:
        assert self.week is not None
        seen: set[tuple[int, datetime]] = set()
        for band in self.week.bands:
            key = (band.lane, band.band.start_utc)
            if key in seen:  # regions sharing a lane share their windows
                continue
            seen.add(key)
            for rect in self.band_rects(band):
                if band.band.weekend:
                    painter.fillRect(rect, WEEKEND_FILL)
                    painter.fillRect(rect, QBrush(WEEKEND_HATCH, Qt.BrushStyle.BDiagPattern))
                else:
                    painter.fillRect(rect, WEEKDAY_BAND)

    def _paint_transitions(self, painter: QPainter) -> None:
        assert self.week is not None
        pen = QPen(QColor(120, 0, 120), 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        for day, at, _shift in self.week.transitions():
            rect = self.segment_rect(Segment(day, at, at), None)
            painter.drawLine(rect.topLeft(), rect.topRight())

    def _paint_blocks(self, painter: QPainter) -> None:
        assert self.week is not None
        painter.setFont(self._small_font())
        metrics = QtGui.QFontMetrics(self._small_font())
        for block in self.week.blocks:
            selected = block.event.id == self.selected_id
            for rect in self.block_rects(block.event.id):
                painter.setBrush(BLOCK)
                if block.event.violating:
                    painter.setPen(QPen(VIOLATION, 2.5))
                else:
                    painter.setPen(QPen(BLOCK.darker(140), 1))
                painter.drawRoundedRect(rect, 2, 2)
                if selected:
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.setPen(QPen(SELECTED, 2))
                    painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 3, 3)
                if rect.width() > 36 and rect.height() > metrics.height():
                    painter.setPen(BLOCK_TEXT)
                    text = metrics.elidedText(
                        block.event.title, Qt.TextElideMode.ElideRight, int(rect.width()) - 4
                    )
                    painter.drawText(
                        rect.adjusted(2, 1, -2, -1),
                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                        text,
                    )

    def _paint_legend(self, painter: QPainter) -> None:
        small = self._small_font()
        painter.setFont(small)
        metrics = QtGui.QFontMetrics(small)
        y = self.height() - self.legend_height() + 4
        size = metrics.height() - 2
        x = self.left_margin()
        items = (
            (_("Weekday window"), [QBrush(WEEKDAY_BAND)], None),
            (
                _("Weekend window (provider infrastructure only)"),
                [QBrush(WEEKEND_FILL), QBrush(WEEKEND_HATCH, Qt.BrushStyle.BDiagPattern)],
                None,
            ),
            (
                _("Blackout day"),
                [QBrush(BLACKOUT), QBrush(BLACKOUT_EDGE, Qt.BrushStyle.FDiagPattern)],
                None,
            ),
            (_("Breaks a rule"), [QBrush(BLOCK)], VIOLATION),
        )
        for text, brushes, outline in items:
            swatch = QRectF(x, y, size * 1.6, size)
            for brush in brushes:
                painter.fillRect(swatch, brush)
            if outline is not None:
                painter.setPen(QPen(outline, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(swatch)
            painter.setPen(QColor(50, 50, 50))
            painter.drawText(QPointF(x + swatch.width() + 4, y + metrics.ascent() - 1), text)
            x += swatch.width() + 12 + metrics.horizontalAdvance(text)

    # ---------------------------------------------------------- interaction

    def tooltip_at(self, pos: QPointF) -> str:
        if self.week is None:
            return ""
        event_id = self.block_at(pos)
        if event_id is not None:
            block = self.week.block(event_id)
            return block.event.tooltip if block else ""
        if pos.y() < self.header_height() and pos.x() > self.left_margin():
            lane = int(((pos.x() - self.left_margin()) % self.day_width()) // self.lane_width())
            if 0 <= lane < len(self.week.lanes):
                ref = self.week.lanes[lane].ref
                return _("{regions}: windows {opens}–{closes} in {zone}").format(
                    regions=self.week.lanes[lane].label,
                    opens=clock_text(ref.window_opens),
                    closes=clock_text(ref.window_closes),
                    zone=ref.zone,
                )
        lines = []
        shown: set[tuple[int, datetime]] = set()
        for band in self.week.bands:
            key = (band.lane, band.band.start_utc)
            if key in shown or not any(r.contains(pos) for r in self.band_rects(band)):
                continue
            shown.add(key)
            lane = self.week.lanes[band.lane]
            kind = _("Weekend window") if band.band.weekend else _("Weekday window")
            lines.append(
                _("{regions} – {kind}: {window}, {length}").format(
                    regions=lane.label,
                    kind=kind,
                    window=band.window.describe(),
                    length=format_duration(band.window.duration),
                )
            )
        for shade in self.week.shades:
            if any(self.segment_rect(s, None).contains(pos) for s in shade.segments):
                lines.append(shade.blackout.tooltip)
        return "\n".join(lines)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QtWidgets.QToolTip.showText(event.globalPos(), text, self)
            else:
                QtWidgets.QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event_id = self.block_at(event.position())
            if event_id is not None:
                self.selected_id = event_id
                self.update()
                self.clicked.emit(event_id)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QtGui.QMouseEvent) -> None:
        event_id = self.block_at(event.position())
        if event_id is not None:
            self.activated.emit(event_id)
        super().mouseDoubleClickEvent(event)


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
        self.go_to = QDateEdit(self)
        self.go_to.setObjectName("week_go_to")
        self.go_to.setCalendarPopup(True)
        self.go_to.setDisplayFormat("yyyy-MM-dd")
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
