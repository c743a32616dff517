"""Announce release… (REL-3): the new release, a preview of what changes for whom, confirm.

The dialog asks the new release's name, its versions and the new upgrade
target, and shows — before anything is saved — the shifted train, the release
entering End-of-Sale, and every installed application whose position or
status changes (domain :func:`~di_desk.domain.releases.announce_release`
over the installed base). The Announce button is enabled only for a valid
preview; the tab stores the announcement when the dialog is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from di_desk.domain.reference import ReleaseTrain
from di_desk.domain.releases import Announcement, Assessment, ReleaseStatus
from di_desk.i18n import N_, _, ngettext
from di_desk.i18n.formatting import format_number
from di_desk.services.releases import changes_by_version
from di_desk.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.tabs.releases_widgets import WARNING_TEXT, status_background, status_foreground

Preview = Callable[[str, str, str], Announcement]
_AnyIndex = QModelIndex | QPersistentModelIndex


def moved(position: str | None, status: ReleaseStatus) -> str:
    """``n-1 · Must upgrade``: a train position and a status, for the preview."""
    return _("{position} · {status}").format(position=position or "—", status=status.label)


def _assessment(a: Assessment) -> str:
    return moved(a.position, a.status)


class ChangesModel(QAbstractTableModel):
    """REL-3 preview: one row per installed application whose position or status changes."""

    TITLES = (
        N_("Customer"),
        N_("Cluster"),
        N_("Application"),
        N_("Version"),
        N_("Now"),
        N_("After the announcement"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changes: tuple[Any, ...] = ()

    def set_changes(self, changes: tuple[Any, ...]) -> None:
        self.beginResetModel()
        self._changes = changes
        self.endResetModel()

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._changes)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.TITLES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.TITLES[section])
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change = self._changes[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            item = change.installed
            return (
                item.customer,
                item.cluster,
                item.application.label,
                str(item.version),
                _assessment(change.old),
                _assessment(change.new),
            )[column]
        if role == Qt.ItemDataRole.BackgroundRole and column in (4, 5):
            return status_background((change.old, change.new)[column - 4].status)
        if role == Qt.ItemDataRole.ForegroundRole and column in (4, 5):
            return status_foreground((change.old, change.new)[column - 4].status)
        return None


class AnnounceDialog(QDialog):
    """REL-3: ask the new release, preview the shift and who it affects, then confirm."""

    def __init__(self, train: ReleaseTrain, preview: Preview, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("announce_dialog")
        self._train = train
        self._preview = preview
        self.announcement: Announcement | None = None
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("announce_name")
        self.versions_edit = QLineEdit(self)
        self.versions_edit.setObjectName("announce_versions")
        self.target_edit = QLineEdit(self)
        self.target_edit.setObjectName("announce_target")
        self.form = QFormLayout()
        self._labels = [QLabel(self) for _ in range(3)]
        for label, edit in zip(
            self._labels, (self.name_edit, self.versions_edit, self.target_edit), strict=True
        ):
            label.setBuddy(edit)
            self.form.addRow(label, edit)
        self.error = QLabel(self)
        self.error.setObjectName("announce_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {WARNING_TEXT};")
        self.train_after = QLabel(self)
        self.train_after.setObjectName("announce_train_after")
        self.train_after.setWordWrap(True)
        self.summary = QTableWidget(0, 5, self)
        self.summary.setObjectName("announce_summary")
        self.summary.verticalHeader().hide()
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        row_height = self.fontMetrics().height() + 8
        self.summary.verticalHeader().setDefaultSectionSize(row_height)
        self.changes = ChangesModel(self)
        self.details = QTableView(self)
        self.details.setObjectName("announce_changes")
        self.details.setModel(self.changes)
        self.details.verticalHeader().hide()
        self.details.verticalHeader().setDefaultSectionSize(row_height)
        self.details.setAlternatingRowColors(True)
        header = self.details.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.train_after)
        layout.addWidget(self.summary)
        layout.addWidget(self.count)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.update_preview)
        for edit in (self.name_edit, self.versions_edit, self.target_edit):
            edit.textChanged.connect(lambda _t: self._debounce.start())
        self.resize(900, 620)
        self.retranslate()
        self.update_preview()

    @property
    def ok_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def update_preview(self) -> None:
        """Recompute the preview from the fields (no save)."""
        self._debounce.stop()
        name = self.name_edit.text().strip()
        versions = self.versions_edit.text().strip()
        target = self.target_edit.text().strip()
        self.announcement = None
        message = ""
        if not versions:
            message = _("Enter the new release's versions and its upgrade target.")
        else:
            try:
                self.announcement = self._preview(name, versions, target or versions)
            except ValueError as exc:
                message = str(exc)
        self.error.setText(message)
        self.error.setVisible(bool(message) and bool(versions))
        self.ok_button.setEnabled(self.announcement is not None)
        self._show(self.announcement)

    def accept(self) -> None:
        self.update_preview()
        if self.announcement is not None:
            super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Announce release"))
        self.intro.setText(
            _(
                "When a new Collaboration Systems release is announced, n becomes n-1, "
                "n-1 becomes n-2 and the old n-2 enters End-of-Sale. Check who is affected "
                "before you confirm."
            )
        )
        for label, text in zip(
            self._labels,
            (_("Release name:"), _("Versions:"), _("New upgrade target:")),
            strict=True,
        ):
            label.setText(text)
        self.name_edit.setPlaceholderText(_("e.g. 16.0 SU1"))
        self.versions_edit.setPlaceholderText(_("e.g. 16.0, 16.0 SU1"))
        self.target_edit.setPlaceholderText(_("e.g. 16.0 SU1"))
        self.ok_button.setText(_("Announce"))
        self.summary.setHorizontalHeaderLabels(
            [_("Version"), _("Now"), _("After the announcement"), _("Applications"),
             _("Customers")]
        )  # fmt: skip
        self.changes.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        self._show(self.announcement)

    def _show(self, announcement: Announcement | None) -> None:
        if announcement is None:
            self.train_after.setText("")
            self.summary.setRowCount(0)
            self.changes.set_changes(())
            self.count.setText("")
            return
        rows = sorted(announcement.train.rows, key=lambda r: r.position)
        train = "; ".join(f"{row.position}: {row.release}" for row in rows)
        text = _("The train becomes {train}; upgrade target {target}.").format(
            train=train, target=announcement.train.upgrade_target
        )
        if announcement.end_of_sale is not None:
            text += " " + _("{release} enters End-of-Sale.").format(
                release=announcement.end_of_sale.release
            )
        self.train_after.setText(text)
        groups = changes_by_version(announcement)
        self.summary.setRowCount(len(groups))
        for r, group in enumerate(groups):
            cells = (
                group.version,
                moved(group.old_position, group.old_status),
                moved(group.new_position, group.new_status),
                format_number(group.applications),
                format_number(group.customers),
            )
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c in (1, 2):
                    status = group.old_status if c == 1 else group.new_status
                    if (bg := status_background(status)) is not None:
                        item.setBackground(bg)
                if c >= 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.summary.setItem(r, c, item)
        visible = min(len(groups), 6)
        height = self.summary.horizontalHeader().sizeHint().height() + 2 * self.summary.frameWidth()
        self.summary.setFixedHeight(
            height + visible * self.summary.verticalHeader().defaultSectionSize() + 2
        )
        self.changes.set_changes(
            tuple(
                sorted(
                    announcement.changes,
                    key=lambda c: (c.installed.customer.casefold(), c.installed.cluster.casefold()),
                )
            )
        )
        n = len(announcement.changes)
        customers = len({c.installed.customer for c in announcement.changes})
        self.count.setText(
            _("{applications}, at {customers}.").format(
                applications=ngettext(
                    "{n} installed application changes position or status",
                    "{n} installed applications change position or status",
                    n,
                ).format(n=format_number(n)),
                customers=ngettext("{n} customer", "{n} customers", customers).format(
                    n=format_number(customers)
                ),
            )
        )
