"""The start and end of an upgrade plan with the live window check (MAINT-2, MAINT-3).

An upgrade is maintenance of type application upgrade: it must lie inside one
weekday window of its cluster's region. The dialogs of
:mod:`~di_desk.ui.tabs.releases_plan_dialogs` use :class:`PlanSpan` (two
:class:`~di_desk.ui.widgets.zoned_datetime.ZonedDateTimeEdit` fields in the
region's zone; moving the start moves the end with it) and show
:func:`window_check_html` under them. The check itself is the domain's
``check_event``, run by :meth:`di_desk.services.upgrades.PlanRules.check`; a
violation is shown, never refused and never corrected (MAINT-3).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, timedelta

from di_desk.domain.maintenance import EventCheck
from di_desk.domain.windows import Window
from di_desk.i18n import _
from di_desk.i18n.formatting import format_duration
from di_desk.ui.qt import QObject, Qt, QtWidgets, QWidget, Signal
from di_desk.ui.widgets.zoned_datetime import ZonedDateTimeEdit

OK_COLOUR = "#2a7a2a"
BAD_COLOUR = "#b41e1e"


class PlanSpan(QObject):
    """Start and end fields of one upgrade, in the zone of the cluster's region.

    Changing the start keeps the length (the end moves with it); changing the
    end changes the length.
    """

    changed = Signal()

    def __init__(
        self, zone_key: str, parent: QWidget, *, name: str, display_zone: str | None
    ) -> None:
        super().__init__(parent)
        self.start = ZonedDateTimeEdit(
            zone_key, parent, name=f"{name}_start", display_zone=display_zone
        )
        self.end = ZonedDateTimeEdit(
            zone_key, parent, name=f"{name}_end", display_zone=display_zone
        )
        self._length: timedelta | None = None
        self._setting = False
        self.start.changed.connect(self._start_changed)
        self.end.changed.connect(self._end_changed)

    @property
    def zone_key(self) -> str:
        return self.start.zone_key

    def set_zone(self, zone_key: str) -> None:
        """Read both fields in ``zone_key`` (the same instants)."""
        self._setting = True
        try:
            self.start.set_zone(zone_key)
            self.end.set_zone(zone_key)
        finally:
            self._setting = False
        self.changed.emit()

    def set_span(self, start: datetime, end: datetime) -> None:
        self._setting = True
        try:
            self._length = end - start
            self.start.set_instant(start)
            self.end.set_instant(end)
        finally:
            self._setting = False
        self.changed.emit()

    def span(self) -> tuple[datetime, datetime] | None:
        """``(start, end)`` as aware UTC, or None while a field cannot be used."""
        start, end = self.start.instant(), self.end.instant()
        return None if start is None or end is None else (start, end)

    def problem(self) -> str | None:
        """Why the typed times cannot be used (translated, naming the field), or None."""
        if self.start.instant() is None:
            return _("Start: {reason}").format(reason=self.start.problem())
        if self.end.instant() is None:
            return _("End: {reason}").format(reason=self.end.problem())
        return None

    def retranslate(self) -> None:
        self._setting = True
        try:
            self.start.retranslate()
            self.end.retranslate()
        finally:
            self._setting = False

    def _start_changed(self) -> None:
        start = self.start.instant()
        if not self._setting and start is not None and self._length is not None:
            self._setting = True
            try:
                self.end.set_instant(start + self._length)
            finally:
                self._setting = False
        if not self._setting:
            self.changed.emit()

    def _end_changed(self) -> None:
        if self._setting:
            return
        span = self.span()
        if span is not None:
            self._length = span[1] - span[0]
        self.changed.emit()


def window_check_html(
    check: EventCheck | None, span: tuple[datetime, datetime] | None, problem: str | None
) -> str:
    """The live check under the fields: the window that applies, or why not (MAINT-3),
    the other broken rules, and that a violation does not stop saving."""
    esc = html.escape
    if check is None or span is None:
        return esc(problem or _("Choose the application to upgrade."))
    lines = [
        esc(
            _(
                "The windows of region {region} apply; an upgrade needs one weekday "
                "window (MAINT-2, MAINT-3)."
            ).format(region=check.region.label)
        )
    ]
    start, end = span
    if end > start:
        lines.append(esc(_("Duration: {duration}").format(duration=format_duration(end - start))))
    window_rules = [v for v in check.violations if v.rule == "MAINT-3"]
    if check.window is not None and not window_rules:
        inside = (
            _("Inside the weekend window {window}, {length}.")
            if check.window.weekend
            else _("Inside the weekday window {window}, {length}.")
        ).format(window=check.window.describe(), length=format_duration(check.window.duration))
        lines.append(f"<span style='color:{OK_COLOUR}'>✔ {esc(inside)}</span>")
    for violation in check.violations:
        text = _("{rule}: {message}").format(rule=violation.rule, message=violation.message)
        lines.append(f"<span style='color:{BAD_COLOUR}'>✖ {esc(text)}</span>")
    if check.violations:
        lines.append(
            esc(
                _(
                    "It can be saved like this; the plan keeps these times and the list "
                    "shows the violation."
                )
            )
        )
    return "<br>".join(lines)


def proposal_text(window: Window) -> str:
    """One proposed window: its span in the region's zone, its length, weekday/weekend."""
    kind = _("weekend") if window.weekend else _("weekday")
    return _("{window}, {length} ({kind})").format(
        window=window.describe(), length=format_duration(window.duration), kind=kind
    )


class Proposals(QtWidgets.QListWidget):
    """The next weekday windows that could take the upgrade (domain ``suggest_alternatives``);
    activating one moves the start to its opening, keeping the length."""

    def __init__(self, parent: QWidget | None = None, *, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.windows: list[Window] = []

    def set_windows(self, windows: Sequence[Window]) -> None:
        self.windows = list(windows)
        self.clear()
        for window in self.windows:
            item = QtWidgets.QListWidgetItem(self)
            item.setData(Qt.ItemDataRole.UserRole, window.start_utc)
        self.retranslate()
        rows = max(len(self.windows), 1)
        self.setFixedHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 4)

    def retranslate(self) -> None:
        for i, window in enumerate(self.windows):
            self.item(i).setText(proposal_text(window))
            self.item(i).setToolTip(window.zone)
