"""File → Export…, and "Export selection" for maintenance events.

The rows come from the same report functions as ``di-desk report``
(:mod:`di_desk.services.exports`); the writers neutralize formula injection
in CSV and XLSX. Maintenance also exports as iCalendar (.ics): one VEVENT per
event in UTC, with the window and the event in the region's zone in the
description. Writing runs off the GUI thread.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from di_desk.domain.reference import ReferenceData
from di_desk.i18n import N_, _, ngettext
from di_desk.services.exports import EXPORT_KINDS, KINDS_BY_KEY, default_file_name
from di_desk.ui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    is_valid_qobject,
)
from di_desk.ui.settings import Settings
from di_desk.ui.widgets.zoned_datetime import date_edit
from di_desk.ui.workers import Task, TaskContext, close_thread_connection, run_with_progress

FORMAT_TITLES: dict[str, str] = {
    "csv": N_("CSV (comma-separated)"),
    "xlsx": N_("Excel workbook (.xlsx)"),
    "json": N_("JSON"),
    "ics": N_("Calendar (.ics)"),
}
FORMAT_FILTERS: dict[str, str] = {
    "csv": N_("CSV files (*.csv)"),
    "xlsx": N_("Excel workbooks (*.xlsx)"),
    "json": N_("JSON files (*.json)"),
    "ics": N_("Calendar files (*.ics)"),
}
DIR_KEY = "files/export_dir"


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def day_start(day: date, zone: str) -> datetime:
    """00:00 of ``day`` in ``zone`` as a UTC instant (a DST gap moves to the first valid time)."""
    from di_desk.domain.windows import wall_clock_to_utc

    return wall_clock_to_utc(day, time(0), zone)


def warn(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A window-modal warning that does not block the caller (translated texts)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class ExportDialog(QDialog):
    """Kind, format, customer, period and file; writes in the background."""

    def __init__(
        self,
        db: Any,
        *,
        reference: Callable[[], ReferenceData],
        settings: Settings | None = None,
        display_zone: str = "UTC",
        customers: Sequence[str] = (),
        kind: str | None = None,
        now: Callable[[], datetime] = _utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.db = db
        self._reference = reference
        self.settings = settings
        self.display_zone = display_zone
        self._now = now
        self.written: Path | None = None
        self.result_text = ""

        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("export_kind")
        for spec in EXPORT_KINDS:
            self.kind_combo.addItem("", spec.key)
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("export_format")
        self.customer_combo = QComboBox(self)
        self.customer_combo.setObjectName("export_customer")
        self.customer_combo.addItem("", "")
        for name in customers:
            self.customer_combo.addItem(name, name)
        self.period_check = QCheckBox(self)
        self.period_check.setObjectName("export_period")
        today = QDate.currentDate()
        self.from_edit = date_edit(self, "export_from", today.addDays(-30))
        self.to_edit = date_edit(self, "export_to", today.addDays(90))
        self.to_label = QLabel(self)
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("export_file")
        self.browse_button = QPushButton(self)
        self.browse_button.setObjectName("export_browse")
        self.note = QLabel(self)
        self.note.setObjectName("export_note")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export_write")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

        period = QHBoxLayout()
        period.addWidget(self.period_check)
        period.addWidget(self.from_edit)
        period.addWidget(self.to_label)
        period.addWidget(self.to_edit)
        period.addStretch(1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.form = QFormLayout()
        self.form_labels = [QLabel(self) for _i in range(5)]
        for label, field, buddy in zip(
            self.form_labels,
            (self.kind_combo, self.format_combo, self.customer_combo, period, file_row),
            (self.kind_combo, self.format_combo, self.customer_combo, None, self.file_edit),
            strict=True,
        ):
            if buddy is not None:
                label.setBuddy(buddy)
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.period_check.toggled.connect(self._update_enabled)
        self.browse_button.clicked.connect(self.browse)
        self.export_button.clicked.connect(self.run_export)
        self.close_button.clicked.connect(self.reject)
        self.file_edit.textChanged.connect(self._update_enabled)

        if kind is not None:
            index = self.kind_combo.findData(kind)
            if index >= 0:
                self.kind_combo.setCurrentIndex(index)
        self._kind_changed()
        self.setMinimumWidth(560)
        self.retranslate()

    # -- public

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, fmt: str) -> None:
        index = self.format_combo.findData(fmt)
        if index >= 0:
            self.format_combo.setCurrentIndex(index)

    def path(self) -> Path | None:
        text = self.file_edit.text().strip()
        return Path(text).expanduser() if text else None

    def period(self) -> tuple[datetime | None, datetime | None]:
        """The chosen days in the display zone as ``[start, end)`` UTC instants."""
        if not (self.period_check.isChecked() and KINDS_BY_KEY[self.kind()].period):
            return None, None
        first = self.from_edit.date().toPython()
        last = self.to_edit.date().toPython()
        return (
            day_start(first, self.display_zone),
            day_start(last + timedelta(days=1), self.display_zone),
        )

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export data"))
        for index in range(self.kind_combo.count()):
            self.kind_combo.setItemText(
                index, _(KINDS_BY_KEY[self.kind_combo.itemData(index)].title)
            )
        for index in range(self.format_combo.count()):
            self.format_combo.setItemText(
                index, _(FORMAT_TITLES[self.format_combo.itemData(index)])
            )
        self.customer_combo.setItemText(0, _("All customers"))
        labels = (_("&Data:"), _("&Format:"), _("&Customer:"), _("Period:"), _("F&ile:"))
        for label, text in zip(self.form_labels, labels, strict=True):
            label.setText(text)
        self.period_check.setText(_("Only from"))
        self.to_label.setText(_("to"))
        self.browse_button.setText(_("&Browse…"))
        self.export_button.setText(_("&Export"))
        self.close_button.setText(_("Close"))
        self.note.setText(
            _(
                "Times are written in UTC (ISO 8601 with Z). Cells that a spreadsheet "
                "would read as a formula are written as text."
            )
        )

    # -- steps

    def browse(self) -> None:
        fmt = self.fmt()
        suggestion = self.file_edit.text().strip() or str(
            Path(self._start_dir()) / default_file_name(self.kind(), fmt, self._now())
        )
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export data"), suggestion, _(FORMAT_FILTERS[fmt])
        )
        if path:
            if not Path(path).suffix:
                path += f".{fmt}"
            self.file_edit.setText(path)

    def run_export(self) -> Task | None:
        path = self.path()
        if path is None:
            return None
        kind, fmt, db, reference = self.kind(), self.fmt(), self.db, self._reference
        customer = str(self.customer_combo.currentData() or "") or None
        start, end = self.period()
        now = self._now()
        title = _(KINDS_BY_KEY[kind].title)

        def work(_ctx: TaskContext) -> tuple[Path, int]:
            from di_desk.services.exports import export_rows, write_export

            try:
                rows, columns = export_rows(
                    kind, reference(), now, customer=customer, start=start, end=end
                )
                return path, write_export(path, fmt, rows, columns, kind=kind, title=title)
            finally:
                close_thread_connection(db)

        self.export_button.setEnabled(False)
        task, _dialog = run_with_progress(
            self,
            work,
            label=_("Exporting to {file}…").format(file=path.name),
            on_success=self._exported,
            on_failure=self._failed,
        )
        if self.settings is not None:
            self.settings.set_value(DIR_KEY, str(path.parent))
        return task

    # -- callbacks

    def _exported(self, result: tuple[Path, int]) -> None:
        path, count = result
        self.written = path
        self.result_text = ngettext(
            "Exported {count} row to {file}.", "Exported {count} rows to {file}.", count
        ).format(count=count, file=path.name)
        status_bar = getattr(self.parent(), "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(self.result_text, 10_000)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._update_enabled()
        warn(self, _("Export data"), _("The export failed:\n{error}").format(error=exc))

    # -- helpers

    def _kind_changed(self) -> None:
        spec = KINDS_BY_KEY[self.kind()]
        current = self.format_combo.currentData()
        blocked = self.format_combo.blockSignals(True)
        self.format_combo.clear()
        for fmt in spec.formats:
            self.format_combo.addItem(_(FORMAT_TITLES[fmt]), fmt)
        index = self.format_combo.findData(current)
        self.format_combo.setCurrentIndex(max(index, 0))
        self.format_combo.blockSignals(blocked)
        self._format_changed()

    def _format_changed(self) -> None:
        """Keep the file's suffix in line with the format."""
        path = self.path()
        fmt = self.fmt()
        if path is not None and fmt and path.suffix.lower() != f".{fmt}":
            self.file_edit.setText(str(path.with_suffix(f".{fmt}")))
        self._update_enabled()

    def _update_enabled(self) -> None:
        period = KINDS_BY_KEY[self.kind()].period
        self.period_check.setEnabled(period)
        on = period and self.period_check.isChecked()
        self.from_edit.setEnabled(on)
        self.to_edit.setEnabled(on)
        self.export_button.setEnabled(self.path() is not None)

    def _start_dir(self) -> str:
        if self.settings is not None:
            return str(self.settings.value(DIR_KEY, "") or "")
        return ""


def export_maintenance_selection(
    parent: QWidget,
    db: Any,
    ids: Sequence[int],
    fmt: str,
    *,
    reference: Callable[[], ReferenceData],
    settings: Settings | None = None,
    path: Path | None = None,
    on_done: Callable[[Path, int], None] | None = None,
) -> Task | None:
    """Export the maintenance events ``ids`` as ``fmt`` (``"ics"`` or ``"xlsx"``).

    Asks for the file unless ``path`` is given; returns the running task.
    """
    if not ids:
        box = warn(parent, _("Export selection"), _("Select one or more maintenance events first."))
        box.setIcon(QMessageBox.Icon.Information)
        return None
    if path is None:
        start = str(settings.value(DIR_KEY, "") or "") if settings is not None else ""
        name = default_file_name("maintenance", fmt, _utc_now())
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, _("Export selection"), str(Path(start) / name), _(FORMAT_FILTERS[fmt])
        )
        if not chosen:
            return None
        path = Path(chosen) if Path(chosen).suffix else Path(chosen + f".{fmt}")
    wanted = list(ids)
    target = path

    def work(_ctx: TaskContext) -> int:
        from di_desk.services.exports import (
            MAINTENANCE_COLUMNS,
            maintenance_rows_for_ids,
            write_export,
        )

        try:
            rows = maintenance_rows_for_ids(reference(), wanted)
            return write_export(
                target, fmt, rows, MAINTENANCE_COLUMNS, kind="maintenance", title=_("Maintenance")
            )
        finally:
            close_thread_connection(db)

    owner = weakref.ref(parent)

    def done(count: int) -> None:
        message = ngettext(
            "Exported {count} event to {file}.", "Exported {count} events to {file}.", count
        ).format(count=count, file=target.name)
        widget = owner()
        if widget is not None and is_valid_qobject(widget):
            status_bar = getattr(widget.window(), "statusBar", None)
            if callable(status_bar):
                status_bar().showMessage(message, 10_000)
        if on_done is not None:
            on_done(target, count)

    def failed(exc: BaseException) -> None:
        widget = owner()
        if widget is not None and is_valid_qobject(widget):
            text = _("The export failed:\n{error}").format(error=exc)
            warn(widget, _("Export selection"), text)

    if settings is not None:
        settings.set_value(DIR_KEY, str(target.parent))
    task, _dialog = run_with_progress(
        parent,
        work,
        label=_("Exporting to {file}…").format(file=target.name),
        on_success=done,
        on_failure=failed,
    )
    return task
