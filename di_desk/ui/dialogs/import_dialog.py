"""File → Import…: pick a kind and a file, preview every row, then import all or nothing.

Reading and checking run off the GUI thread (:func:`run_with_progress`)
through :mod:`di_desk.services.import_preview`, the same steps as
``di-desk import``. The preview lists every data row with its status: rows
that cannot be read (FILE-1, with row, column and reason) block the import;
for maintenance the FILE-2 rule violations of each row are shown too, and do
not block it (MAINT-3: such an event is saved with a visible violation).
"Import" writes every row in one transaction and emits
``events.data_changed(kind)`` so the tabs refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from di_desk.domain.reference import ReferenceData
from di_desk.i18n import N_, _, ngettext
from di_desk.io import fields
from di_desk.io.errors import FileReadError, RowsInvalid
from di_desk.io.rows import KINDS
from di_desk.services.import_preview import (
    IMPORT_KINDS,
    ImportCancelled,
    ImportPreview,
    PreviewRow,
)
from di_desk.ui.dialogs.export_dialog import warn
from di_desk.ui.dialogs.zone import zone_keys
from di_desk.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QCheckBox,
    QColor,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.settings import Settings, is_valid_zone
from di_desk.ui.workers import TaskContext, close_thread_connection, run_with_progress

FILE_FILTER = N_("Data files (*.csv *.xlsx *.ics)")
ALL_FILTER = N_("All files (*)")
DIR_KEY = "files/import_dir"

ERROR_BG = QColor(253, 226, 226)
WARNING_BG = QColor(255, 243, 205)
OK_BG = QColor(226, 244, 230)

_AnyIndex = QModelIndex | QPersistentModelIndex


#: the model's first columns; the file's columns follow
ROW, STATUS, PROBLEMS = 0, 1, 2
FIRST_CELL = 3


class PreviewModel(QAbstractTableModel):
    """The rows of an :class:`ImportPreview`: row, status, problems, the file's cells."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preview: ImportPreview | None = None
        self._rows: list[PreviewRow] = []
        self._columns: tuple[str, ...] = ()
        self._only_problems = False

    # -- content

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._preview = preview
        self._columns = preview.columns if preview is not None else ()
        self._filter()
        self.endResetModel()

    def set_only_problems(self, on: bool) -> None:
        self.beginResetModel()
        self._only_problems = on
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        rows = self._preview.rows if self._preview is not None else []
        self._rows = [r for r in rows if r.status != "ok"] if self._only_problems else list(rows)

    def preview_row(self, row: int) -> PreviewRow:
        return self._rows[row]

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            self.dataChanged.emit(
                self.index(0, 0), self.index(max(self.rowCount() - 1, 0), self.columnCount() - 1)
            )

    # -- Qt

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._preview is None:
            return 0
        return len(self._columns) + 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == ROW:
            return _("Row")
        if section == STATUS:
            return _("Status")
        if section == PROBLEMS:
            return _("Problems")
        if self._preview is None:
            return None
        name = self._columns[section - FIRST_CELL]
        return self._preview.table.labels.get(name, name)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ROW:
                return str(row.row)
            if column == STATUS:
                return status_text(row)
            if column == PROBLEMS:
                return "; ".join(row.problems())
            return fields.text(row.cells.get(self._columns[column - FIRST_CELL]))
        status_columns = (STATUS, PROBLEMS)
        if role == Qt.ItemDataRole.ToolTipRole and column in status_columns and row.problems():
            return "\n".join(row.problems())
        if role == Qt.ItemDataRole.BackgroundRole and column in status_columns:
            return {"error": ERROR_BG, "warning": WARNING_BG, "ok": OK_BG}[row.status]
        if role == Qt.ItemDataRole.BackgroundRole and row.errors:
            bad = {e.column for e in row.errors}
            if column >= FIRST_CELL and self._columns[column - FIRST_CELL] in bad:
                return ERROR_BG
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def status_text(row: PreviewRow) -> str:
    if row.status == "error":
        return _("Cannot be imported")
    if row.status == "warning":
        return _("Rule violations: {rules}").format(rules=", ".join(dict.fromkeys(row.violations)))
    return _("OK")


class ImportDialog(QDialog):
    """Kind, file, preview and import, with every problem named by row and column."""

    def __init__(
        self,
        db: Any,
        *,
        reference: Callable[[], ReferenceData],
        settings: Settings | None = None,
        events: Any = None,
        kind: str | None = None,
        path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.db = db
        self._reference = reference
        self.settings = settings
        self.events = events
        self.preview: ImportPreview | None = None
        self.result_text = ""
        self._busy = False

        self.kind_label = QLabel(self)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("import_kind")
        for key in IMPORT_KINDS:
            self.kind_combo.addItem("", key)
        self.file_label = QLabel(self)
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("import_file")
        self.browse_button = QPushButton(self)
        self.browse_button.setObjectName("import_browse")
        self.zone_check = QCheckBox(self)
        self.zone_check.setObjectName("import_zone_check")
        self.zone_combo = QComboBox(self)
        self.zone_combo.setObjectName("import_zone")
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(list(zone_keys()))
        self.zone_combo.setCurrentText(settings.display_zone if settings else "UTC")
        self.zone_combo.setEnabled(False)
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("import_check")

        self.summary = QLabel(self)
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.only_problems = QCheckBox(self)
        self.only_problems.setObjectName("import_only_problems")

        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("import_preview")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.problems = QPlainTextEdit(self)
        self.problems.setObjectName("import_problems")
        self.problems.setReadOnly(True)
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.problems.hide()

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("import_commit")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.setEnabled(False)

        form = QGridLayout()
        form.addWidget(self.kind_label, 0, 0)
        form.addWidget(self.kind_combo, 0, 1)
        form.addWidget(self.file_label, 1, 0)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        form.addLayout(file_row, 1, 1)
        zone_row = QHBoxLayout()
        zone_row.addWidget(self.zone_check)
        zone_row.addWidget(self.zone_combo, 1)
        form.addLayout(zone_row, 2, 1)
        form.setColumnStretch(1, 1)
        check_row = QHBoxLayout()
        check_row.addWidget(self.summary, 1)
        check_row.addWidget(self.only_problems)
        check_row.addWidget(self.check_button)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.problems)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 100])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(check_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(self._invalidate)
        self.file_edit.textChanged.connect(self._invalidate)
        self.zone_check.toggled.connect(self.zone_combo.setEnabled)
        self.zone_check.toggled.connect(self._invalidate)
        self.zone_combo.currentTextChanged.connect(self._invalidate)
        self.browse_button.clicked.connect(self.browse)
        self.check_button.clicked.connect(self.run_check)
        self.file_edit.returnPressed.connect(self.run_check)
        self.only_problems.toggled.connect(self.model.set_only_problems)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.reject)

        if kind is not None:
            self.set_kind(kind)
        if path is not None:
            self.file_edit.setText(str(path))
        self.resize(1100, 640)
        self.retranslate()

    # -- public

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        index = self.kind_combo.findData(kind)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)

    def path(self) -> Path | None:
        text = self.file_edit.text().strip()
        return Path(text).expanduser() if text else None

    def zone(self) -> str | None:
        if not self.zone_check.isChecked():
            return None
        key = self.zone_combo.currentText().strip()
        return key or None

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import data"))
        for index in range(self.kind_combo.count()):
            key = self.kind_combo.itemData(index)
            self.kind_combo.setItemText(index, _(KINDS[key].title))
        self.kind_label.setText(_("&Kind of data:"))
        self.kind_label.setBuddy(self.kind_combo)
        self.file_label.setText(_("&File:"))
        self.file_label.setBuddy(self.file_edit)
        self.file_edit.setPlaceholderText(_("A CSV, Excel (.xlsx) or calendar (.ics) file"))
        self.browse_button.setText(_("&Browse…"))
        self.zone_check.setText(_("Read times without a zone offset in:"))
        self.zone_check.setToolTip(
            _("Times in the file must carry an offset (e.g. +02:00 or Z) unless you pick a zone.")
        )
        self.check_button.setText(_("&Check file"))
        self.only_problems.setText(_("Only rows with problems"))
        self.import_button.setText(_("&Import"))
        self.close_button.setText(_("Close"))
        self.model.retranslate()
        self._show_summary()
        if self.preview is not None and not self._busy:
            self.run_check()  # the rows' problems are written in the language of the check

    # -- steps

    def browse(self) -> None:
        start = str(self.path().parent) if self.path() else self._start_dir()
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import data"), start, f"{_(FILE_FILTER)};;{_(ALL_FILTER)}"
        )
        if path:
            self.file_edit.setText(path)
            if self.settings is not None:
                self.settings.set_value(DIR_KEY, str(Path(path).parent))
            self.run_check()

    def run_check(self) -> None:
        """Read and check every row in the background; then show the preview."""
        path = self.path()
        if self._busy:
            return
        if path is None:
            self._fail(_("Choose a file to import."))
            return
        zone = self.zone()
        if zone is not None and not is_valid_zone(zone):
            self._fail(_("{zone} is not a known time zone.").format(zone=zone))
            return
        kind, db, reference = self.kind(), self.db, self._reference

        def work(ctx: TaskContext) -> ImportPreview:
            from di_desk.services.import_preview import preview_import

            try:
                return preview_import(
                    kind,
                    path,
                    reference(),
                    zone=zone,
                    progress=lambda done, total: ctx.report(done, total),
                    cancelled=lambda: ctx.cancelled,
                )
            finally:
                close_thread_connection(db)

        self._set_busy(True)
        run_with_progress(
            self,
            work,
            label=_("Checking {file}…").format(file=path.name),
            on_success=self._checked,
            on_failure=self._check_failed,
            on_cancelled=self._cancelled,
        )

    def run_import(self) -> None:
        """Write every row in one transaction (the rows are checked again first)."""
        preview = self.preview
        if preview is None or not preview.ok or self._busy:
            return
        db, reference = self.db, self._reference

        def work(_ctx: TaskContext) -> Any:
            from di_desk.services.import_preview import commit_import

            try:
                return commit_import(db, preview, reference())
            finally:
                close_thread_connection(db)

        self._set_busy(True)
        run_with_progress(
            self,
            work,
            label=_("Importing {file}…").format(file=preview.path.name),
            on_success=self._imported,
            on_failure=self._import_failed,
        )

    # -- callbacks

    def _checked(self, preview: ImportPreview) -> None:
        self._set_busy(False)
        self.preview = preview
        self.model.set_preview(preview)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column), 260))
        header.resizeSection(PROBLEMS, 420)
        self._show_problems([str(e) for e in preview.errors])
        self._show_summary()

    def _cancelled(self) -> None:
        self._set_busy(False)

    def _check_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ImportCancelled):
            return
        if isinstance(exc, (FileReadError, OSError)):
            self._fail(str(exc))
            return
        raise exc  # anything else is a bug: the error dialog

    def _imported(self, result: Any) -> None:
        self._set_busy(False)
        kind = self.kind()
        added, updated = result.added, result.updated
        text = ngettext(
            "Imported {count} row from {file}.", "Imported {count} rows from {file}.", added
        ).format(count=added, file=self.preview.path.name if self.preview else "")
        if updated:
            text += " " + ngettext(
                "{count} existing row updated.", "{count} existing rows updated.", updated
            ).format(count=updated)
        self.result_text = text
        if self.events is not None:
            self.events.data_changed.emit(kind)
        parent = self.parent()
        status_bar = getattr(parent, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(text, 10_000)
        self.accept()

    def _import_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, RowsInvalid):
            bad = len({e.row for e in exc.errors})
            self._fail(
                ngettext(
                    "Nothing was imported: {count} row has errors now.",
                    "Nothing was imported: {count} rows have errors now.",
                    bad,
                ).format(count=bad)
                + " "
                + _("The database changed since the check; check the file again."),
            )
            self._show_problems([str(e) for e in exc.errors])
            self.import_button.setEnabled(False)
            return
        warn(self, _("Import data"), _("Nothing was imported:\n{error}").format(error=exc))

    # -- helpers

    def _invalidate(self) -> None:
        if self.preview is None and not self.summary.text():
            return
        self.preview = None
        self.model.set_preview(None)
        self._show_problems([])
        self._show_summary()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.check_button, self.browse_button, self.kind_combo, self.file_edit):
            widget.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self.preview is not None and self.preview.ok)

    def _fail(self, message: str) -> None:
        self.summary.setText(message)
        self.summary.setStyleSheet("color: #a0281e;")
        self.import_button.setEnabled(False)

    def _show_problems(self, lines: list[str]) -> None:
        self.problems.setPlainText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def _show_summary(self) -> None:
        preview = self.preview
        self.import_button.setEnabled(preview is not None and preview.ok and not self._busy)
        if preview is None:
            self.summary.setText(_("Choose the kind of data and a file, then check it."))
            self.summary.setStyleSheet("")
            return
        total = len(preview.rows)
        if total == 0:
            self._fail(_("The file has no data rows."))
            return
        if not preview.ok:
            bad = preview.bad_rows
            self.summary.setText(
                ngettext(
                    "Nothing can be imported: {count} of {total} rows has errors. "
                    "Fix the file and check it again.",
                    "Nothing can be imported: {count} of {total} rows have errors. "
                    "Fix the file and check it again.",
                    bad,
                ).format(count=bad, total=total)
            )
            self.summary.setStyleSheet("color: #a0281e;")
            return
        text = ngettext(
            "{count} row is ready to import.", "{count} rows are ready to import.", total
        ).format(count=total)
        if preview.warning_rows:
            text += " " + ngettext(
                "{count} row breaks maintenance rules; it is imported with its violations.",
                "{count} rows break maintenance rules; they are imported with their violations.",
                preview.warning_rows,
            ).format(count=preview.warning_rows)
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #1e6e32;" if not preview.warning_rows else "")

    def _start_dir(self) -> str:
        if self.settings is not None:
            return str(self.settings.value(DIR_KEY, "") or "")
        return ""
