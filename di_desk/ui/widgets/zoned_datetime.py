"""A date and wall-clock time typed in one IANA zone (TIME-2), and a zone chooser.

:class:`ZonedDateTimeEdit` is the one editor for wall-clock input. The typed
time goes through :func:`di_desk.domain.timeutil.localize`: a time inside a
spring-forward gap is refused with the domain's message and a button that
applies the first valid time; an ambiguous time (fall back) shows a chooser
for the first (default, ``fold=0``) or the second occurrence. Given a display
zone, a line under the field says what the time is in the user's zone.

:class:`ZoneChoice` lets the user type times in a region's zone or in the
display zone (TIME-1) and keeps one or more editors in step with the choice.

:func:`date_edit` is the plain date field (ISO, with a calendar popup);
:func:`qdate` and :func:`pydate` convert between ``datetime.date`` and ``QDate``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from di_desk.domain.timeutil import (
    NonexistentLocalTime,
    is_ambiguous,
    localize,
    to_utc,
    zone,
)
from di_desk.i18n import _
from di_desk.i18n.formatting import format_datetime, format_time
from di_desk.ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QtCore,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

ERROR_STYLE = "color: #b41e1e;"
DATE_FORMAT = "yyyy-MM-dd"
TIME_FORMAT = "HH:mm"


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget, name: str, value: date | QDate | None = None) -> QDateEdit:
    """A date field as every dialog shows one: ISO ``yyyy-MM-dd`` with a calendar popup."""
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    if value is not None:
        edit.setDate(qdate(value) if isinstance(value, date) else value)
    return edit


def offset_text(value: datetime) -> str:
    """``CEST, UTC+02:00``: the zone's abbreviation and offset at ``value``."""
    offset = value.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{value.tzname()}, UTC{sign}{hours:02d}:{rest:02d}"


class ZonedDateTimeEdit(QWidget):
    """Date + time (+ occurrence chooser) in :attr:`zone_key`; :meth:`instant` is aware UTC.

    Child object names start with ``name``: ``<name>_date``, ``<name>_time``,
    ``<name>_zone``, ``<name>_fold``, ``<name>_message``, ``<name>_fix`` and
    ``<name>_hint``.
    """

    #: the date, time, occurrence or zone changed
    changed = Signal()

    def __init__(
        self,
        zone_key: str,
        parent: QWidget | None = None,
        *,
        name: str = "instant",
        display_zone: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._zone = zone_key
        self._display_zone = display_zone
        self._gap: NonexistentLocalTime | None = None
        self._problem: str | None = None
        self.date_edit = date_edit(self, f"{name}_date")
        self.time_edit = QtWidgets.QTimeEdit(self)
        self.time_edit.setObjectName(f"{name}_time")
        self.time_edit.setDisplayFormat(TIME_FORMAT)
        self.zone_label = QLabel(self)
        self.zone_label.setObjectName(f"{name}_zone")
        self.fold = QComboBox(self)
        self.fold.setObjectName(f"{name}_fold")
        self.fold.setVisible(False)
        self.message = QLabel(self)
        self.message.setObjectName(f"{name}_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)
        self.fix_button = QPushButton(self)
        self.fix_button.setObjectName(f"{name}_fix")
        self.fix_button.setVisible(False)
        self.fix_button.clicked.connect(self.use_first_valid)
        self.hint = QLabel(self)
        self.hint.setObjectName(f"{name}_hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.hint.setVisible(False)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addWidget(self.zone_label)
        row.addStretch(1)
        occurrence = QHBoxLayout()
        occurrence.setContentsMargins(0, 0, 0, 0)
        occurrence.addWidget(self.fold)
        occurrence.addStretch(1)
        problem = QHBoxLayout()
        problem.setContentsMargins(0, 0, 0, 0)
        problem.addWidget(self.message, 1)
        problem.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addLayout(occurrence)
        layout.addLayout(problem)
        layout.addWidget(self.hint)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Maximum
        )

        self.date_edit.dateChanged.connect(lambda _d: self._changed())
        self.time_edit.timeChanged.connect(lambda _t: self._changed())
        self.fold.currentIndexChanged.connect(lambda _i: self._changed(keep_fold=True))
        self._changed()

    # ------------------------------------------------------------ values

    @property
    def zone_key(self) -> str:
        """The zone the wall-clock time is typed in."""
        return self._zone

    def naive(self) -> datetime:
        """The typed wall-clock time (no zone)."""
        d, t = self.date_edit.date(), self.time_edit.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def fold_value(self) -> int:
        """1 when the second occurrence of an ambiguous time is chosen, else 0."""
        return 1 if self.fold.count() == 2 and self.fold.currentIndex() == 1 else 0

    def instant(self) -> datetime | None:
        """The typed time as aware UTC; None while it cannot be used (see :meth:`problem`)."""
        try:
            return to_utc(localize(self.naive(), self._zone, fold=self.fold_value()))
        except ValueError:  # NonexistentLocalTime (a DST gap) or outside the calendar
            return None

    def problem(self) -> str | None:
        """The translated reason the typed time cannot be used, or None."""
        return self._problem

    # ------------------------------------------------------------ setting

    def set_instant(self, value: datetime) -> None:
        """Show ``value`` as wall-clock time in the zone (the second occurrence when it is)."""
        local = to_utc(value).astimezone(zone(self._zone))
        self._set_wall(local.date(), local.time().replace(tzinfo=None), local.fold)

    def set_wall_clock(self, day: date, at: time, fold: int = 0) -> None:
        """Type ``day`` and ``at`` as a user would (gap and fold rules apply)."""
        self._set_wall(day, at, fold)

    def set_zone(self, zone_key: str, *, keep_instant: bool = True) -> None:
        """Read the wall clock in ``zone_key`` from now on: the same instant
        (converted) or, with ``keep_instant=False``, the same wall-clock time."""
        current = self.instant() if keep_instant else None
        self._zone = zone_key
        if current is not None:
            self.set_instant(current)
        else:
            self._changed()

    def set_display_zone(self, zone_key: str) -> None:
        """The user's zone for the line under the field."""
        self._display_zone = zone_key
        self._changed(keep_fold=True)

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
        self.date_edit.setDate(qdate(day))
        self.time_edit.setTime(QtCore.QTime(at.hour, at.minute))
        for w, b in zip(widgets, blocked, strict=True):
            w.blockSignals(b)
        self._changed(fold=fold)

    def _changed(self, *, keep_fold: bool = False, fold: int | None = None) -> None:
        naive = self.naive()
        chosen = self.fold_value() if keep_fold else (fold or 0)
        self._gap = None
        self._problem = None
        ambiguous = False
        try:
            localize(naive, self._zone)
            ambiguous = is_ambiguous(naive, self._zone)
        except NonexistentLocalTime as gap:
            self._gap = gap
            self._problem = str(gap)
        except ValueError as exc:  # e.g. the last day of the calendar
            self._problem = str(exc)
        self._fill_fold(naive, ambiguous, chosen)
        instant = None
        if self._problem is None:
            try:
                instant = to_utc(localize(naive, self._zone, fold=self.fold_value()))
            except ValueError as exc:
                self._problem = str(exc)
        self.message.setText(self._problem or "")
        self.message.setVisible(self._problem is not None)
        self.fix_button.setVisible(self._gap is not None)
        if self._gap is not None:
            proposal = format_time(self._gap.first_valid, self._zone)
            self.fix_button.setText(_("Use {time}").format(time=proposal))
        if instant is not None:
            abbreviation = instant.astimezone(zone(self._zone)).tzname() or ""
            self.zone_label.setText(
                _("{zone} ({abbreviation})").format(zone=self._zone, abbreviation=abbreviation)
            )
        else:
            self.zone_label.setText(self._zone)
        show_hint = self._display_zone is not None and instant is not None
        if show_hint:
            self.hint.setText(
                _("That is {moment} in your display zone.").format(
                    moment=format_datetime(instant, self._display_zone, show_zone=True)
                )
            )
        self.hint.setVisible(show_hint)
        self.changed.emit()

    def _fill_fold(self, naive: datetime, ambiguous: bool, chosen: int) -> None:
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


class ZoneChoice(QWidget):
    """Times typed in the region's zone or in the user's display zone (TIME-1).

    The editors given to :meth:`attach` follow the choice: switching keeps the
    instant (the wall clock is converted); a new region keeps the wall clock
    when times are typed in region time (they now mean the new region's time).
    """

    #: the user switched between region time and their own time
    changed = Signal()

    def __init__(
        self, display_zone: str, parent: QWidget | None = None, *, name: str = "zone"
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._display_zone = display_zone
        self._region_zone: str | None = None
        self._edits: list[ZonedDateTimeEdit] = []
        self.region_button = QtWidgets.QRadioButton(self)
        self.region_button.setObjectName(f"{name}_region")
        self.mine_button = QtWidgets.QRadioButton(self)
        self.mine_button.setObjectName(f"{name}_mine")
        self.region_button.setChecked(True)
        self._group = QtWidgets.QButtonGroup(self)
        self._group.addButton(self.region_button)
        self._group.addButton(self.mine_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.region_button)
        layout.addWidget(self.mine_button)
        self.region_button.toggled.connect(lambda _on: self._chosen())
        self.retranslate()

    def attach(self, *edits: ZonedDateTimeEdit) -> None:
        """Let ``edits`` read their wall clock in :meth:`entry_zone`."""
        self._edits.extend(edits)
        for edit in edits:
            edit.set_zone(self.entry_zone(), keep_instant=False)

    def region_chosen(self) -> bool:
        return self.region_button.isChecked()

    def entry_zone(self) -> str:
        """The zone the times are typed in: the region's or the display zone."""
        if self.region_chosen():
            return self._region_zone or self._display_zone
        return self._display_zone

    def other_zone(self) -> tuple[str, bool] | None:
        """The zone the times are *not* typed in, and whether it is the user's; None if same."""
        region_zone = self._region_zone
        if region_zone is None or region_zone == self._display_zone:
            return None
        if self.region_chosen():
            return self._display_zone, True
        return region_zone, False

    def set_region_zone(self, zone_key: str | None) -> None:
        """The region (and so its zone) changed; typed wall-clock times stay as typed."""
        self._region_zone = zone_key
        if self.region_chosen():
            for edit in self._edits:
                edit.set_zone(self.entry_zone(), keep_instant=False)
        self.retranslate()

    def retranslate(self) -> None:
        self.region_button.setText(_("Region time ({zone})").format(zone=self._region_zone or "-"))
        self.mine_button.setText(_("My time ({zone})").format(zone=self._display_zone))

    def _chosen(self) -> None:
        for edit in self._edits:
            edit.set_zone(self.entry_zone(), keep_instant=True)
        self.changed.emit()
