"""Small widgets of the Releases tab: status colours and badges.

:class:`BadgeDelegate` paints a cell's text as a rounded badge in the cell's
background/foreground colours (REL-6 status). Wall-clock input (TIME-2) is
:class:`di_desk.ui.widgets.zoned_datetime.ZonedDateTimeEdit`.
"""

from __future__ import annotations

from di_desk.domain.releases import ReleaseStatus
from di_desk.ui.qt import (
    QBrush,
    QColor,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QRect,
    QStyle,
    Qt,
    QtWidgets,
)

#: REL-6 status → (badge background, text colour)
STATUS_COLOURS: dict[ReleaseStatus, tuple[str, str]] = {
    ReleaseStatus.SUPPORTED: ("#d3eed8", "#14532d"),
    ReleaseStatus.UPGRADE_ADVISED: ("#fdf0c4", "#6b4e00"),
    ReleaseStatus.MUST_UPGRADE: ("#fddcc4", "#7c2d12"),
    ReleaseStatus.UNSUPPORTED: ("#f9d0d3", "#7f1d1d"),
}
WARNING_TEXT = "#b42318"


def status_background(status: ReleaseStatus | None) -> QColor | None:
    return QColor(STATUS_COLOURS[status][0]) if status in STATUS_COLOURS else None


def status_foreground(status: ReleaseStatus | None) -> QColor | None:
    return QColor(STATUS_COLOURS[status][1]) if status in STATUS_COLOURS else None


class BadgeDelegate(QtWidgets.QStyledItemDelegate):
    """Draws the cell text as a rounded badge (colours from the model's roles)."""

    def paint(
        self,
        painter: QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        opt.text = ""
        opt.backgroundBrush = QBrush()
        widget = opt.widget
        style = widget.style() if widget is not None else QtWidgets.QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not text:
            return
        metrics = opt.fontMetrics
        height = min(opt.rect.height() - 4, metrics.height() + 4)
        width = min(metrics.horizontalAdvance(text) + 18, opt.rect.width() - 8)
        rect = QRect(
            opt.rect.x() + 4, opt.rect.y() + (opt.rect.height() - height) // 2, width, height
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_colour(background) or QColor("#e5e7eb"))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(_colour(foreground) or opt.palette.text().color())
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 10)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()


def _colour(value: object) -> QColor | None:
    if isinstance(value, QBrush):
        return value.color()
    return value if isinstance(value, QColor) else None
