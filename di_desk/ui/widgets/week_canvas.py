"""The painted grid of the maintenance week view (see :mod:`di_desk.ui.widgets.week_view`).

Every rectangle comes from :meth:`WeekCanvas.segment_rect`: x from the day
column and the region lane, y from the hours since the day's local midnight
(real elapsed time, so DST nights keep their length). Painting order: header,
grid, blackout shades, window bands (weekday solid green, weekend hatched
blue), DST transition lines, event blocks (red outline when a rule is broken,
yellow frame when selected), legend.

The keyboard reaches everything the mouse does: with the canvas focused,
Left/Right (or Up/Down) select the previous/next event in time, Enter opens
it, Page Up/Page Down step a week, Ctrl+Page Up/Down a month, Home goes to
this week; the selected event's details are its tooltip and accessible
description.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from di_desk.i18n import _, current_language
from di_desk.i18n.formatting import format_date, format_duration, format_time
from di_desk.ui.qt import (
    QBrush,
    QColor,
    QEvent,
    QFont,
    QPainter,
    Qt,
    QtCore,
    QtGui,
    QtWidgets,
    QWidget,
    Signal,
)
from di_desk.ui.widgets.week_layout import DAYS, LaneBand, Segment, WeekLayout

QRectF = QtCore.QRectF
QPointF = QtCore.QPointF
QPen = QtGui.QPen

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
    #: the keyboard asks for another week: (weeks, months) to step, or (0, 0) for today
    step_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("week_canvas")
        self.week: WeekLayout | None = None
        self.selected_id: int | None = None
        self.today: date | None = None
        self._font_cache: (
            tuple[str, tuple[QFont, QtGui.QFontMetrics, QtGui.QFontMetrics]] | None
        ) = None
        self._legend_cache: tuple[tuple[int, str, str], list[Any]] | None = None
        self.setMinimumSize(420, 320)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding
        )

    # ---------------------------------------------------------- geometry

    def _fonts(self) -> tuple[QFont, QtGui.QFontMetrics, QtGui.QFontMetrics]:
        """(small font, its metrics, the widget font's metrics), made once per font:
        every rectangle asks for them."""
        key = self.font().key()
        if self._font_cache is None or self._font_cache[0] != key:
            small = QFont(self.font())
            small.setPointSizeF(max(6.5, small.pointSizeF() * 0.85))
            fonts = (small, QtGui.QFontMetrics(small), QtGui.QFontMetrics(self.font()))
            self._font_cache = (key, fonts)
        return self._font_cache[1]

    def _small_font(self) -> QFont:
        return QFont(self._fonts()[0])

    def left_margin(self) -> float:
        return float(self._fonts()[1].horizontalAdvance("00:00") + 10)

    def header_height(self) -> float:
        _small, small_metrics, metrics = self._fonts()
        lanes = len(self.week.lanes) if self.week else 1
        return float(metrics.height() + 8 + (small_metrics.height() if lanes > 1 else 0))

    def legend_height(self) -> float:
        rows = 1 + max((row for *_item, row in self._legend_layout()), default=0)
        return float(rows * (self._fonts()[1].height() + 4) + 6)

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
        if self.hasFocus():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
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

    def legend(self) -> list[str]:
        """The legend's texts, in the active language."""
        return [text for text, _brushes, _outline in self._legend_items()]

    @staticmethod
    def _legend_items() -> list[tuple[str, list[QBrush], QColor | None]]:
        return [
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
        ]

    def _legend_layout(
        self,
    ) -> list[tuple[str, list[QBrush], QColor | None, float, int]]:
        """Each legend item with its x and row: an item that does not fit starts a new row.

        Kept until the width, the font or the language changes (every rectangle
        of the grid depends on the legend's height).
        """
        key = (self.width(), self.font().key(), current_language())
        if self._legend_cache is not None and self._legend_cache[0] == key:
            return self._legend_cache[1]
        metrics = QtGui.QFontMetrics(self._small_font())
        swatch = (metrics.height() - 2) * 1.6
        start = self.left_margin()
        x, row, placed = start, 0, []
        for text, brushes, outline in self._legend_items():
            width = swatch + 4 + metrics.horizontalAdvance(text)
            if x > start and x + width > self.width() - 2:
                x, row = start, row + 1
            placed.append((text, brushes, outline, x, row))
            x += width + 8
        self._legend_cache = (key, placed)
        return placed

    def _paint_legend(self, painter: QPainter) -> None:
        small = self._small_font()
        painter.setFont(small)
        metrics = QtGui.QFontMetrics(small)
        top = self.height() - self.legend_height() + 4
        size = metrics.height() - 2
        for text, brushes, outline, x, row in self._legend_layout():
            y = top + row * (metrics.height() + 4)
            swatch = QRectF(x, y, size * 1.6, size)
            for brush in brushes:
                painter.fillRect(swatch, brush)
            if outline is not None:
                painter.setPen(QPen(outline, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(swatch)
            painter.setPen(QColor(50, 50, 50))
            painter.drawText(QPointF(x + swatch.width() + 4, y + metrics.ascent() - 1), text)

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

    # ---------------------------------------------------------- keyboard

    def event_ids_in_time(self) -> list[int]:
        """The shown events by start (then id): the keyboard's order."""
        if self.week is None:
            return []
        blocks = sorted(self.week.blocks, key=lambda b: (b.event.start_utc, b.event.id))
        return [b.event.id for b in blocks]

    def select_by_keyboard(self, event_id: int) -> None:
        self.selected_id = event_id
        block = next(b for b in self.week.blocks if b.event.id == event_id) if self.week else None
        description = block.event.tooltip or block.event.title if block is not None else ""
        self.setAccessibleDescription(description)
        rects = self.block_rects(event_id)
        if rects and description:
            point = self.mapToGlobal(rects[0].center().toPoint())
            QtWidgets.QToolTip.showText(point, description, self)
        self.update()
        self.clicked.emit(event_id)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        ids = self.event_ids_in_time()
        step = {
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Up: -1,
        }.get(Qt.Key(key))
        if step is not None and ids:
            if self.selected_id in ids:
                index = max(0, min(len(ids) - 1, ids.index(self.selected_id) + step))
            else:
                index = 0 if step > 0 else len(ids) - 1
            self.select_by_keyboard(ids[index])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id in ids:
            self.activated.emit(self.selected_id)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            sign = -1 if key == Qt.Key.Key_PageUp else 1
            self.step_requested.emit(0 if ctrl else sign, sign if ctrl else 0)
        elif key == Qt.Key.Key_Home:
            self.step_requested.emit(0, 0)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QtGui.QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

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
