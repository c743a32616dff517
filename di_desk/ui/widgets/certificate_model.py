"""The certificates list's table model and cell texts (MAINT-10).

Used by :class:`di_desk.ui.widgets.certificates.CertificatesWidget`: one row
per certificate with its status, customer, subject, expiry, expected renewal
window (``[E − 7 d, E − 3 d]``) in the display zone, SSO follow-ups and
cluster / application.
"""

from __future__ import annotations

from typing import Any

from di_desk.domain.certificate_progress import RenewalProgress
from di_desk.i18n import N_, _
from di_desk.i18n.formatting import format_datetime
from di_desk.ui.qt import (
    QAbstractTableModel,
    QColor,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

_AnyIndex = QModelIndex | QPersistentModelIndex

STATUS_COLOURS: dict[RenewalProgress, QColor] = {
    RenewalProgress.SOON: QColor(255, 249, 219),
    RenewalProgress.IN_WINDOW: QColor(255, 236, 179),
    RenewalProgress.OVERDUE: QColor(253, 218, 218),
    RenewalProgress.EXPIRED: QColor(245, 190, 190),
    RenewalProgress.DONE: QColor(222, 242, 226),
}

COLUMNS: tuple[tuple[str, str], ...] = (
    ("status", N_("Status")),
    ("customer", N_("Customer")),
    ("subject", N_("Certificate")),
    ("expires_at", N_("Expires")),
    ("window", N_("Expected renewal")),
    ("follow_ups", N_("SSO follow-ups")),
    ("cluster", N_("Cluster / application")),
)
COLUMN = {key: index for index, (key, _title) in enumerate(COLUMNS)}


def window_text(row: dict[str, Any], zone: str) -> str:
    """MAINT-10: ``[E − 7 d, E − 3 d]`` in ``zone``."""
    return _("{start} – {end}").format(
        start=format_datetime(row["window_start"], zone),
        end=format_datetime(row["window_end"], zone, show_zone=True),
    )


def follow_up_text(row: dict[str, Any]) -> str:
    if not row["sso"]:
        return _("No SSO")
    return _("{done} of {total} done").format(
        done=row["follow_ups_done"], total=row["follow_ups_total"]
    )


def cluster_text(row: dict[str, Any]) -> str:
    app = row["application"]
    if row["cluster"] and app is not None:
        return f"{row['cluster']} · {app.label}"
    return row["cluster"] or (app.label if app is not None else "")


class CertificateModel(QAbstractTableModel):
    """Certificate rows (a few hundred to a few thousand: all in memory)."""

    def __init__(self, display_zone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.display_zone = display_zone
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def replace_row(self, row: dict[str, Any]) -> None:
        for index, old in enumerate(self.rows):
            if old["id"] == row["id"]:
                self.rows[index] = row
                self.dataChanged.emit(self.index(index, 0), self.index(index, len(COLUMNS) - 1))
                return

    def row_of(self, certificate_id: int) -> int:
        for index, row in enumerate(self.rows):
            if row["id"] == certificate_id:
                return index
        return -1

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            last = self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][1])
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "customer":
                return row["customer"]
            if key == "cluster":
                return cluster_text(row)
            if key == "subject":
                return row["subject"]
            if key == "expires_at":
                return format_datetime(row["expires_at"], self.display_zone, show_zone=True)
            if key == "window":
                return window_text(row, self.display_zone)
            if key == "status":
                return row["status"].label
            if key == "follow_ups":
                return follow_up_text(row)
        if role == Qt.ItemDataRole.BackgroundRole and key == "status":
            return STATUS_COLOURS.get(row["status"])
        if role == Qt.ItemDataRole.BackgroundRole and key == "follow_ups" and row["sso"]:
            done = row["follow_ups_done"] >= row["follow_ups_total"]
            if row["status"] is RenewalProgress.DONE and not done:
                return STATUS_COLOURS[RenewalProgress.IN_WINDOW]
        if role == Qt.ItemDataRole.ToolTipRole and key in ("status", "customer", "subject"):
            return {"status": row["status"].label, "customer": row["customer"]}.get(
                key, row["subject"]
            )
        if role == Qt.ItemDataRole.ToolTipRole and key == "window":
            return _("Renewed by the provider only 3–7 days before expiry (MAINT-10).")
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None
