"""Table cells drawn as small coloured, rounded badges.

:class:`BadgeDelegate`: the cell's display text is rule ids separated by
spaces (``"MAINT-3 MAINT-5"``), so copying, sorting and accessibility still
see plain text; the delegate paints one badge per id. The model's tooltip
carries the messages.

:class:`StatusBadgeDelegate`: the whole text as one badge in the colours of
the model's background and foreground roles (e.g. REL-6 release status).
"""

from __future__ import annotations

from di_desk.ui.qt import (
    QBrush,
    QColor,
    QFont,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QRect,
    Qt,
    QtCore,
    QtGui,
    QtWidgets,
)

#: badge colours by rule id; others use :data:`DEFAULT_COLOUR`
RULE_COLOURS = {
    "MAINT-3": QColor(200, 40, 40),
    "MAINT-5": QColor(214, 110, 0),
    "MAINT-8": QColor(150, 20, 90),
    "MAINT-9": QColor(110, 70, 170),
    "MAINT-10": QColor(0, 120, 140),
    "MAINT-11": QColor(160, 90, 20),
}
DEFAULT_COLOUR = QColor(170, 40, 40)


_AnyIndex = QModelIndex | QPersistentModelIndex


def badge_texts(text: str) -> list[str]:
    return [part for part in (text or "").split() if part]


def paint_cell_without_text(
    delegate: QtWidgets.QStyledItemDelegate,
    painter: QPainter,
    option: QtWidgets.QStyleOptionViewItem,
    index: _AnyIndex,
    *,
    background: bool = True,
) -> QtWidgets.QStyleOptionViewItem:
    """Draw the cell (selection, focus; its background colour unless not
    ``background``) but not its text; the returned option still has the text."""
    opt = QtWidgets.QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    plain = QtWidgets.QStyleOptionViewItem(opt)
    plain.text = ""
    if not background:
        plain.backgroundBrush = QBrush()
    widget = plain.widget
    style = widget.style() if widget is not None else QtWidgets.QApplication.style()
    style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, plain, painter, widget)
    return opt


def draw_badge(
    painter: QPainter,
    rect: QRect | QtCore.QRectF,
    text: str,
    background: QColor,
    foreground: QColor,
) -> None:
    """A rounded badge filling ``rect`` with ``text`` centred in it."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setPen(foreground)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class BadgeDelegate(QtWidgets.QStyledItemDelegate):
    """Paints the space-separated words of a cell as badges."""

    def paint(
        self, painter: QPainter, option: QtWidgets.QStyleOptionViewItem, index: _AnyIndex
    ) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        badges = badge_texts(text if isinstance(text, str) else "")
        paint_cell_without_text(self, painter, option, index)
        if not badges:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(option.font)
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        font.setBold(True)
        painter.setFont(font)
        metrics = QtGui.QFontMetrics(font)
        rect = option.rect.adjusted(3, 2, -3, -2)
        x = float(rect.left())
        for word in badges:
            width = metrics.horizontalAdvance(word) + 10
            if x + width > rect.right():
                painter.setPen(option.palette.color(QtGui.QPalette.ColorRole.Text))
                painter.drawText(
                    QtCore.QRectF(x, rect.top(), rect.right() - x, rect.height()),
                    Qt.AlignmentFlag.AlignVCenter,
                    "…",
                )
                break
            badge = QtCore.QRectF(x, rect.top(), width, rect.height())
            draw_badge(
                painter, badge, word, RULE_COLOURS.get(word, DEFAULT_COLOUR), QColor(255, 255, 255)
            )
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QtWidgets.QStyleOptionViewItem, index: _AnyIndex) -> QtCore.QSize:
        hint = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        metrics = QtGui.QFontMetrics(option.font)
        width = sum(metrics.horizontalAdvance(w) + 14 for w in badge_texts(str(text or "")))
        return QtCore.QSize(max(hint.width(), width + 6), hint.height())


class StatusBadgeDelegate(QtWidgets.QStyledItemDelegate):
    """Draws the cell text as one badge (colours from the model's roles)."""

    def paint(
        self, painter: QPainter, option: QtWidgets.QStyleOptionViewItem, index: _AnyIndex
    ) -> None:
        opt = paint_cell_without_text(self, painter, option, index, background=False)
        text = opt.text
        if not text:
            return
        metrics = opt.fontMetrics
        height = min(opt.rect.height() - 4, metrics.height() + 4)
        width = min(metrics.horizontalAdvance(text) + 18, opt.rect.width() - 8)
        rect = QRect(
            opt.rect.x() + 4, opt.rect.y() + (opt.rect.height() - height) // 2, width, height
        )
        background = _colour(index.data(Qt.ItemDataRole.BackgroundRole))
        foreground = _colour(index.data(Qt.ItemDataRole.ForegroundRole))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 10)
        draw_badge(
            painter,
            rect,
            elided,
            background or QColor("#e5e7eb"),
            foreground or opt.palette.text().color(),
        )
        painter.restore()


def _colour(value: object) -> QColor | None:
    if isinstance(value, QBrush):
        return value.color()
    return value if isinstance(value, QColor) else None
