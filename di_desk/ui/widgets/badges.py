"""Rule ids drawn as small coloured badges in a table cell.

The cell's display text is the rule ids separated by spaces (``"MAINT-3
MAINT-5"``), so copying, sorting and accessibility still see plain text; the
delegate paints one rounded badge per id. The model's tooltip carries the
messages.
"""

from __future__ import annotations

from di_desk.ui.qt import (
    QColor,
    QFont,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
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


def badge_texts(text: str) -> list[str]:
    return [part for part in (text or "").split() if part]


class BadgeDelegate(QtWidgets.QStyledItemDelegate):
    """Paints the space-separated words of a cell as badges."""

    def paint(
        self,
        painter: QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        badges = badge_texts(text if isinstance(text, str) else "")
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
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
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(RULE_COLOURS.get(word, DEFAULT_COLOUR))
            painter.drawRoundedRect(badge, rect.height() / 2, rect.height() / 2)
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, word)
            x += width + 4
        painter.restore()

    def sizeHint(
        self,
        option: QtWidgets.QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QtCore.QSize:
        hint = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        metrics = QtGui.QFontMetrics(option.font)
        width = sum(metrics.horizontalAdvance(w) + 14 for w in badge_texts(str(text or "")))
        return QtCore.QSize(max(hint.width(), width + 6), hint.height())
