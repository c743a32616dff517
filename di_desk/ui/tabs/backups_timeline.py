"""The retention timeline of one customer+application (BAK-2, BAK-3), painted by hand.

One cell per night (oldest left): good, failed only, or no backup. The
nights holding the backups kept by count (the newest good ones) are
outlined, and a dashed line marks the retention horizon (33 days before
now): to its left a backup is kept only by count. The data comes from
:func:`di_desk.services.backups.group_timeline`; :meth:`RetentionTimeline.nights`
gives it back for tests.
"""

from __future__ import annotations

from datetime import date

from di_desk.domain.backups import NightState
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import _, ngettext
from di_desk.i18n.formatting import format_date
from di_desk.services.backups import Timeline
from di_desk.ui.qt import (
    QColor,
    QEvent,
    QPainter,
    QPoint,
    QRect,
    QSize,
    Qt,
    QtCore,
    QtGui,
    QtWidgets,
    QWidget,
)

COLOURS = {
    NightState.GOOD: QColor("#66bb6a"),
    NightState.FAILED: QColor("#e53935"),
    NightState.MISSING: QColor("#eeeeee"),
}
MISSING_EDGE = QColor("#9e9e9e")
KEPT = QColor("#1565c0")
HORIZON = QColor("#6a1b9a")
BEYOND = QColor(0, 0, 0, 22)  # shade over the nights past the horizon

MARGIN = 8
TOP = 22  # room for the horizon label
CELL_H = 26
AXIS_H = 18


class RetentionTimeline(QWidget):
    """Last nights of one group: good / failed / missing, kept-by-count, the horizon."""

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retention_timeline")
        self.reference = reference
        self._timeline: Timeline | None = None
        line = self.fontMetrics().height() + 4
        self.setMinimumHeight(TOP + CELL_H + AXIS_H + 8 + 3 * line + MARGIN)
        self.setMouseTracking(True)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )

    # ----------------------------------------------------------------- API

    def set_timeline(self, timeline: Timeline | None) -> None:
        self._timeline = timeline
        self.update()

    def timeline(self) -> Timeline | None:
        return self._timeline

    def nights(self) -> list[tuple[date, NightState, bool]]:
        """(night, state, holds a backup kept by count), oldest first."""
        return list(self._timeline.nights) if self._timeline else []

    def horizon(self) -> float | None:
        """Where the retention horizon falls, in nights from the first one."""
        return self._timeline.horizon if self._timeline else None

    def legend(self) -> list[str]:
        """The legend's texts, in the active language."""
        days = self.reference.retention_days
        keep = self.reference.retention_keep_good
        return [
            NightState.GOOD.label,
            NightState.FAILED.label,
            NightState.MISSING.label,
            ngettext(
                "Kept by count (last {count} good)", "Kept by count (last {count} good)", keep
            ).format(count=keep),
            ngettext("{days}-day retention horizon", "{days}-day retention horizon", days).format(
                days=days
            ),
        ]

    def retranslate(self) -> None:
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(560, self.minimumHeight())

    # ------------------------------------------------------------ painting

    def _cells(self) -> tuple[float, float]:
        """(x of the first cell, width of a cell)."""
        n = max(1, len(self.nights()))
        return MARGIN, (self.width() - 2 * MARGIN) / n

    def _cell_at(self, pos: QPoint) -> int | None:
        x0, w = self._cells()
        if not self.nights() or not TOP <= pos.y() <= TOP + CELL_H:
            return None
        i = int((pos.x() - x0) // w)
        return i if 0 <= i < len(self.nights()) else None

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QtGui.QPalette.ColorRole.WindowText)
        nights = self.nights()
        if not nights:
            painter.setPen(text)
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                _("Select a customer and application in the summary to see its last nights."),
            )
            return
        x0, w = self._cells()
        for i, (_night, state, kept) in enumerate(nights):
            rect = QtCore.QRectF(x0 + i * w + 1, TOP, max(1.0, w - 2), CELL_H)
            painter.setPen(
                QtGui.QPen(MISSING_EDGE, 1, Qt.PenStyle.DotLine)
                if state is NightState.MISSING
                else Qt.PenStyle.NoPen
            )
            painter.setBrush(COLOURS[state])
            painter.drawRoundedRect(rect, 2, 2)
            if kept:
                painter.setPen(QtGui.QPen(KEPT, 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)
        self._paint_horizon(painter, x0, w, len(nights))
        self._paint_axis(painter, x0, w, nights, text)
        self._paint_legend(painter, text)

    def _paint_horizon(self, painter: QPainter, x0: float, w: float, n: int) -> None:
        horizon = self.horizon()
        if horizon is None:
            return
        x = x0 + horizon * w
        painter.fillRect(QtCore.QRectF(x0, TOP - 2, x - x0, CELL_H + 4), BEYOND)
        painter.setPen(QtGui.QPen(HORIZON, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QtCore.QPointF(x, TOP - 18), QtCore.QPointF(x, TOP + CELL_H + 4))
        label = self.legend()[4]
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(label)
        left = x + 4 if x + 4 + width < self.width() - MARGIN else x - 4 - width
        painter.drawText(QtCore.QPointF(left, TOP - 6), label)

    def _paint_axis(
        self,
        painter: QPainter,
        x0: float,
        w: float,
        nights: list[tuple[date, NightState, bool]],
        text: QColor,
    ) -> None:
        painter.setPen(text)
        metrics = painter.fontMetrics()
        y = TOP + CELL_H + metrics.ascent() + 3
        last_right = -1e9
        for i, (night, _s, _k) in enumerate(nights):
            if night.weekday() != 0 and i not in (0, len(nights) - 1):
                continue  # label Mondays, the first and the last night
            label = format_date(night, "d MMM")
            width = metrics.horizontalAdvance(label)
            left = min(max(x0, x0 + (i + 0.5) * w - width / 2), self.width() - MARGIN - width)
            if left < last_right + 6:
                continue
            painter.drawText(QtCore.QPointF(left, y), label)
            last_right = left + width

    def _paint_legend(self, painter: QPainter, text: QColor) -> None:
        metrics = painter.fontMetrics()
        y = TOP + CELL_H + AXIS_H + 8
        x = float(MARGIN)
        swatch = metrics.height() - 4
        items = self.legend()
        for index, label in enumerate(items):
            width = swatch + 6 + metrics.horizontalAdvance(label) + 16
            if x + width > self.width() - MARGIN and x > MARGIN:
                x, y = float(MARGIN), y + metrics.height() + 4
            box = QtCore.QRectF(x, y, swatch, swatch)
            if index < 3:
                state = (NightState.GOOD, NightState.FAILED, NightState.MISSING)[index]
                painter.setPen(
                    QtGui.QPen(MISSING_EDGE, 1, Qt.PenStyle.DotLine)
                    if state is NightState.MISSING
                    else Qt.PenStyle.NoPen
                )
                painter.setBrush(COLOURS[state])
                painter.drawRoundedRect(box, 2, 2)
            elif index == 3:
                painter.setPen(QtGui.QPen(KEPT, 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 2, 2)
            else:
                painter.setPen(QtGui.QPen(HORIZON, 2, Qt.PenStyle.DashLine))
                mid = box.center().x()
                painter.drawLine(QtCore.QPointF(mid, box.top()), QtCore.QPointF(mid, box.bottom()))
            painter.setPen(text)
            painter.drawText(QtCore.QPointF(x + swatch + 6, y + swatch - 1), label)
            x += width
        before = self._timeline.kept_before if self._timeline else ()
        if before:
            y += metrics.height() + 4
            dates = ", ".join(format_date(t, tz=self._timeline.zone) for t in before)
            painter.drawText(
                QRect(MARGIN, int(y), self.width() - 2 * MARGIN, metrics.height() + 2),
                Qt.AlignmentFlag.AlignLeft,
                _("Also kept by count, older than the chart: {dates}").format(dates=dates),
            )

    # ------------------------------------------------------------ tooltips

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            index = self._cell_at(event.pos())
            if index is None:
                QtWidgets.QToolTip.hideText()
            else:
                night, state, kept = self.nights()[index]
                tip = _("Night of {date}: {state}").format(
                    date=format_date(night, "full"), state=state.label
                )
                if kept:
                    tip += "\n" + self.legend()[3]
                QtWidgets.QToolTip.showText(event.globalPos(), tip, self)
            return True
        return super().event(event)
