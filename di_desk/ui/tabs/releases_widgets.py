"""Small widgets of the Releases tab: status badges and a zoned date-time editor.

:class:`BadgeDelegate` paints a cell's text as a rounded badge in the cell's
background/foreground colours (REL-6 status). :class:`ZonedDateTimeEdit`
takes a wall-clock date and time in a named zone (a region's, TIME-2): a time
in a spring-forward gap is refused with the first valid time, an ambiguous
one defaults to the first occurrence and offers the second.
"""

from __future__ import annotations

from datetime import datetime, time

from di_desk.domain.releases import ReleaseStatus
from di_desk.domain.timeutil import NonexistentLocalTime, is_ambiguous, localize, zone
from di_desk.i18n import _
from di_desk.i18n.formatting import format_datetime
from di_desk.ui.qt import (
    QBrush,
    QCheckBox,
    QColor,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QRect,
    QStyle,
    Qt,
    QtCore,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
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


def _qdate(value: datetime) -> QDate:
    return QDate(value.year, value.month, value.day)


class ZonedDateTimeEdit(QWidget):
    """A wall-clock date and time in one IANA zone, read as an aware instant (TIME-2)."""

    #: the date, time or occurrence changed
    changed = Signal()

    def __init__(self, zone_key: str, display_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone_key
        self._display_zone = display_zone
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("zoned_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.time_edit = QtWidgets.QTimeEdit(self)
        self.time_edit.setObjectName("zoned_time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.zone_label = QLabel(self)
        self.second = QCheckBox(self)
        self.second.setObjectName("zoned_second_occurrence")
        self.second.hide()
        self.hint = QLabel(self)
        self.hint.setObjectName("zoned_hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addWidget(self.zone_label)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.second)
        layout.addWidget(self.hint)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Maximum
        )
        self.date_edit.dateChanged.connect(self._changed)
        self.time_edit.timeChanged.connect(self._changed)
        self.second.toggled.connect(self._changed)
        self.retranslate()

    # ---------------------------------------------------------------- API

    @property
    def zone_key(self) -> str:
        return self._zone

    def set_zone(self, zone_key: str) -> None:
        """Read the wall clock in ``zone_key`` from now on (the shown instant stays)."""
        try:
            instant = self.instant()
        except ValueError:
            instant = None
        self._zone = zone_key
        if instant is not None:
            self.set_instant(instant)
        self.retranslate()

    def set_display_zone(self, zone_key: str) -> None:
        self._display_zone = zone_key
        self._changed()

    def set_instant(self, instant: datetime) -> None:
        """Show ``instant`` as wall-clock time in the editor's zone."""
        local = instant.astimezone(zone(self._zone))
        blockers = [w.blockSignals(True) for w in (self.date_edit, self.time_edit, self.second)]
        self.date_edit.setDate(_qdate(local))
        self.time_edit.setTime(QtCore.QTime(local.hour, local.minute))
        self.second.setChecked(bool(local.fold))
        for w, b in zip((self.date_edit, self.time_edit, self.second), blockers, strict=True):
            w.blockSignals(b)
        self._changed()

    def wall_clock(self) -> datetime:
        d, t = self.date_edit.date(), self.time_edit.time()
        return datetime.combine(
            datetime(d.year(), d.month(), d.day()).date(), time(t.hour(), t.minute())
        )

    def instant(self) -> datetime:
        """The aware instant; :class:`NonexistentLocalTime` for a time in a DST gap."""
        return localize(self.wall_clock(), self._zone, fold=1 if self.second.isChecked() else 0)

    def error(self) -> str | None:
        """The translated reason the wall-clock time cannot be used, or None."""
        try:
            self.instant()
        except NonexistentLocalTime as exc:
            return str(exc)
        except ValueError as exc:
            return str(exc)
        return None

    def retranslate(self) -> None:
        self.zone_label.setText(_("time in {zone}").format(zone=self._zone))
        self.second.setText(_("The second occurrence of this time (after the clocks go back)"))
        self._changed()

    # ----------------------------------------------------------- internals

    def _changed(self, *_args: object) -> None:
        try:
            self.second.setVisible(is_ambiguous(self.wall_clock(), self._zone))
        except ValueError:
            self.second.hide()
        problem = self.error()
        if problem is not None:
            self.hint.setStyleSheet(f"color: {WARNING_TEXT};")
            self.hint.setText(problem)
        else:
            self.hint.setStyleSheet("")
            self.hint.setText(
                _("That is {moment} in your display zone.").format(
                    moment=format_datetime(self.instant(), self._display_zone, show_zone=True)
                )
            )
        self.changed.emit()
