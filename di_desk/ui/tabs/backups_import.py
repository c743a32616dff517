"""Import backups (FILE-4) from the Backups tab: background, progress, all or nothing.

The work is :func:`di_desk.services.backups.import_backups` (the steps of
``di-desk import backups FILE``) on a pool thread with a cancellable progress
dialog; row errors come back in :class:`RowErrorsDialog` and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from di_desk.i18n import N_, _, ngettext
from di_desk.io.errors import FileReadError, RowError
from di_desk.io.fields import ZoneHint
from di_desk.services.backups import ImportOutcome, import_backups
from di_desk.services.user import current_user
from di_desk.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.workers import TaskContext, run_with_progress

FILE_FILTER = N_("Backup files (*.csv *.xlsx)")
ALL_FILTER = N_("All files (*)")


class RowErrorsDialog(QDialog):
    """The rows that stopped an import: row, column, problem."""

    def __init__(self, file: str, errors: Sequence[RowError], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import_row_errors")
        self.file = file
        self.errors = list(errors)
        self.summary = QLabel(self)
        self.summary.setObjectName("import_errors_summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(self.errors), 3, self)
        self.table.setObjectName("import_errors_table")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, error in enumerate(self.errors):
            for column, value in enumerate((str(error.row), error.column, error.message)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.retranslate()
        self.resize(720, 360)

    def retranslate(self) -> None:
        bad = len({e.row for e in self.errors})
        self.setWindowTitle(_("Import backups"))
        self.summary.setText(
            ngettext(
                "Nothing was imported from {file}: {count} row has errors.",
                "Nothing was imported from {file}: {count} rows have errors.",
                bad,
            ).format(file=self.file, count=bad)
        )
        self.table.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem")])

    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]


def choose_file(parent: QWidget, start_dir: str = "") -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Import backups"), start_dir, f"{_(FILE_FILTER)};;{_(ALL_FILTER)}"
    )
    return Path(path) if path else None


def start_import(
    parent: QWidget,
    db: Any,
    path: Path,
    on_done: Callable[[ImportOutcome], None],
    *,
    zone: str | None = None,
) -> Any:
    """Import ``path`` in the background; ``on_done`` gets the outcome (added or errors).

    A file that cannot be read, or a failure, shows a message; returns the task.
    """

    def work(ctx: TaskContext) -> ImportOutcome:
        try:
            return import_backups(
                db,
                path,
                zone=zone,
                zone_hint=ZoneHint.MENU,  # File → Import… offers the zone, this button not
                who=current_user(),
                progress=ctx.report,
                check_cancelled=ctx.check_cancelled,
            )
        finally:
            db.close()  # this thread's connection only

    def failed(exc: BaseException) -> None:
        if isinstance(exc, FileReadError):
            message = str(exc)
        else:
            message = _("The import failed; nothing was saved.\n{error}").format(error=exc)
        QMessageBox.warning(parent, _("Import backups"), message)

    task, _dialog = run_with_progress(
        parent,
        work,
        label=_("Importing {file}…").format(file=path.name),
        title=_("Import backups"),
        on_success=on_done,
        on_failure=failed,
    )
    return task
