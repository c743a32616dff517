"""A date and wall-clock time typed in one IANA zone (TIME-2).

The typed time goes through :func:`di_desk.domain.timeutil.localize`: a time
inside a spring-forward gap is refused with a message proposing the first
valid time (one click applies it); an ambiguous time (fall back) shows a
chooser for the first (default, ``fold=0``) or second occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from di_desk.domain.timeutil import NonexistentLocalTime, is_ambiguous, localize, zone
from di_desk.i18n import _
from di_desk.i18n.formatting import format_time
from di_desk.ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QtCore,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

QTime = QtCore.QTime


def offset_text(value: datetime) -> str:
    """``CEST, UTC+02:00``: the zone's abbreviation and offset at ``value``."""
    offset = value.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{value.tzname()}, UTC{sign}{hours:02d}:{rest:02d}"


class ZonedDateTimeEdit(QWidget):
    """Date + time (+ occurrence chooser) in :meth:`zone_key`; :meth:`instant` is UTC."""

    changed = Signal()

    def __init__(self, zone_key: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._zone = zone_key
        self._gap: NonexistentLocalTime | None = None
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName(f"{name}_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.time_edit = QtWidgets.QTimeEdit(self)
        self.time_edit.setObjectName(f"{name}_time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.zone_label = QLabel(self)
        self.zone_label.setObjectName(f"{name}_zone")
        self.fold = QComboBox(self)
        self.fold.setObjectName(f"{name}_fold")
        self.fold.setVisible(False)
        self.message = QLabel(self)
        self.message.setObjectName(f"{name}_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b41e1e;")
        self.message.setVisible(False)
        self.fix_button = QPushButton(self)
        self.fix_button.setObjectName(f"{name}_fix")
        self.fix_button.setVisible(False)
        self.fix_button.clicked.connect(self.use_first_valid)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addWidget(self.zone_label)
        row.addWidget(self.fold)
        row.addStretch(1)
        problem = QHBoxLayout()
        problem.setContentsMargins(0, 0, 0, 0)
        problem.addWidget(self.message, 1)
        problem.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addLayout(problem)

        self.date_edit.dateChanged.connect(lambda _d: self._changed())
        self.time_edit.timeChanged.connect(lambda _t: self._changed())
        self.fold.currentIndexChanged.connect(lambda _i: self._changed(keep_fold=True))

    # ------------------------------------------------------------ values

    def zone_key(self) -> str:
        return self._zone

    def naive(self) -> datetime:
        d, t = self.date_edit.date(), self.time_edit.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def fold_value(self) -> int:
        return 1 if self.fold.isVisible() and self.fold.currentIndex() == 1 else 0

    def instant(self) -> datetime | None:
        """The typed time as aware UTC; None while it does not exist (DST gap)."""
        try:
            local = localize(self.naive(), self._zone, fold=self.fold_value())
        except NonexistentLocalTime:
            return None
        return local.astimezone(UTC)

    def problem(self) -> str | None:
        """The translated reason the typed time cannot be used, or None."""
        return str(self._gap) if self._gap is not None else None

    def set_instant(self, value: datetime) -> None:
        """Show ``value`` as wall-clock time in the zone (the second occurrence when it is)."""
        local = value.astimezone(zone(self._zone))
        self._set_wall(local.date(), local.time().replace(tzinfo=None), local.fold)

    def set_wall_clock(self, day: date, at: time, fold: int = 0) -> None:
        """Type ``day`` and ``at`` as a user would (gap and fold rules apply)."""
        self._set_wall(day, at, fold)

    def set_zone(self, zone_key: str, *, keep_instant: bool) -> None:
        """Show times in ``zone_key``: the same instant (converted) or the same wall clock."""
        current = self.instant() if keep_instant else None
        self._zone = zone_key
        if current is not None:
            self.set_instant(current)
        else:
            self._changed()

    def use_first_valid(self) -> None:
        """Apply the first valid time after a DST gap (the message's proposal)."""
        if self._gap is None:
            return
        local = self._gap.first_valid.astimezone(zone(self._zone))
        self._set_wall(local.date(), local.time().replace(tzinfo=None), 0)

    def retranslate(self) -> None:
        self._changed(keep_fold=True)

    # ------------------------------------------------------------ internals

    def _set_wall(self, day: date, at: time, fold: int) -> None:
        widgets = (self.date_edit, self.time_edit, self.fold)
        blocked = [w.blockSignals(True) for w in widgets]
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.time_edit.setTime(QTime(at.hour, at.minute))
        for w, b in zip(widgets, blocked, strict=True):
            w.blockSignals(b)
        self._changed(fold=fold)

    def _changed(self, *, keep_fold: bool = False, fold: int | None = None) -> None:
        naive = self.naive()
        chosen = self.fold_value() if keep_fold else (fold or 0)
        self._gap = None
        try:
            localize(naive, self._zone)
        except NonexistentLocalTime as gap:
            self._gap = gap
        ambiguous = self._gap is None and is_ambiguous(naive, self._zone)
        blocked = self.fold.blockSignals(True)
        self.fold.clear()
        if ambiguous:
            first = localize(naive, self._zone, fold=0)
            second = localize(naive, self._zone, fold=1)
            self.fold.addItem(_("First time ({offset})").format(offset=offset_text(first)))
            self.fold.addItem(_("Second time ({offset})").format(offset=offset_text(second)))
            self.fold.setCurrentIndex(chosen)
            self.fold.setToolTip(
                _("This time occurs twice because the clocks go back; choose which one.")
            )
        self.fold.setVisible(ambiguous)
        self.fold.blockSignals(blocked)
        if self._gap is not None:
            proposal = self._gap.first_valid
            self.message.setText(
                _("{time} does not exist in {zone}: the clocks move forward.").format(
                    time=format_time(datetime.combine(naive.date(), naive.time(), UTC), "UTC"),
                    zone=self._zone,
                )
            )
            self.fix_button.setText(_("Use {time}").format(time=format_time(proposal, self._zone)))
            self.zone_label.setText("")
        else:
            local = localize(naive, self._zone, fold=self.fold_value())
            self.zone_label.setText(local.tzname() or self._zone)
            self.zone_label.setToolTip(self._zone)
        self.message.setVisible(self._gap is not None)
        self.fix_button.setVisible(self._gap is not None)
        self.changed.emit()
