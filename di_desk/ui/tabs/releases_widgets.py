"""Colours of the Releases tab: REL-6 status badges and warnings.

The badges are painted by :class:`di_desk.ui.widgets.badges.StatusBadgeDelegate`;
wall-clock input (TIME-2) is :class:`di_desk.ui.widgets.zoned_datetime.ZonedDateTimeEdit`.
"""

from __future__ import annotations

from di_desk.domain.releases import ReleaseStatus
from di_desk.ui.qt import QColor

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
