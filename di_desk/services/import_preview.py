"""The GUI's import: read and check every row first (preview), then commit all or nothing.

The same steps as ``di-desk import`` (:mod:`di_desk.io.rows` to read,
:func:`~di_desk.services.imports.check_rows` for what needs the store,
:func:`~di_desk.services.imports.write_rows` to insert in one transaction),
split so that a dialog can show every row with its status before anything is
written. For maintenance every readable row also gets its FILE-2 check
(:func:`~di_desk.services.maintenance_check.check_row`): violations are shown
but do not block the import (MAINT-3: an event that breaks a rule is saved
with a visible violation). Rows that cannot be read (FILE-1) block it.

The tables must be bound to an open database in the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import Database

from di_desk.domain.reference import ReferenceData
from di_desk.i18n import _
from di_desk.io.errors import FileReadError, RowError, RowsInvalid
from di_desk.io.fields import ZoneHint
from di_desk.io.rows import KINDS, ParseContext, parse_one
from di_desk.io.tables import RawTable, read_table, sniff_format
from di_desk.services.imports import (
    ImportResult,
    blackouts_by_customer,
    check_rows,
    known_customers,
    write_rows,
)

#: the kinds the import offers, customers first (other kinds need them)
IMPORT_KINDS = tuple(KINDS)
#: rows parsed between two progress reports / cancel checks
STEP = 2_000

Progress = Callable[[int, int], None]


class ImportCancelled(Exception):
    """The user cancelled the preview."""


@dataclass
class PreviewRow:
    """One data row: its cells, what blocks it, and (maintenance) its rule violations."""

    row: int
    cells: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``"error"`` (blocks the import), ``"warning"`` (rule violations) or ``"ok"``."""
        if self.errors:
            return "error"
        if self.violations:
            return "warning"
        return "ok"

    def problems(self) -> list[str]:
        """Every problem as one line: the reading errors first, then the violations."""
        lines = [
            _("Column {column}: {message}").format(column=e.column, message=e.message)
            if e.column
            else e.message
            for e in self.errors
        ]
        pairs = zip(self.violations, self.messages, strict=True)
        lines += [f"{rule}: {message}" for rule, message in pairs]
        return lines


@dataclass
class ImportPreview:
    """What importing ``path`` as ``kind`` would do; nothing is written yet."""

    kind: str
    path: Path
    zone: str | None
    table: RawTable
    rows: list[PreviewRow]
    errors: list[RowError]

    @property
    def columns(self) -> tuple[str, ...]:
        """The kind's columns that the file has, in the kind's order."""
        return tuple(c for c in KINDS[self.kind].columns if c in self.table.columns)

    @property
    def ok(self) -> bool:
        """True when every row can be imported (and there is at least one)."""
        return not self.errors and bool(self.rows)

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def warning_rows(self) -> int:
        return sum(1 for r in self.rows if r.status == "warning")


def read_import_file(kind: str, path: Path) -> RawTable:
    """The file as a raw table; FileReadError when it cannot be read or lacks a column."""
    if kind not in KINDS:
        raise FileReadError(_("Unknown kind of data: {kind}").format(kind=kind))
    if sniff_format(path) == "ics":
        if kind != "maintenance":
            raise FileReadError(
                _("{path}: calendar files (.ics) can only be imported as maintenance.").format(
                    path=path.name
                )
            )
        from di_desk.io.ics import read_ics

        table = read_ics(path)
    else:
        table = read_table(path)
    table.require(KINDS[kind].required)
    return table


def _parse(
    kind: str,
    table: RawTable,
    reference: ReferenceData,
    zone: str | None,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> tuple[list[Any], dict[int, PreviewRow], dict[str, Any]]:
    customers = known_customers(reference)
    pctx = ParseContext(
        zone=zone,
        reference=reference,
        customers=None if kind == "customers" else customers,
        zone_hint=ZoneHint.DIALOG,  # the dialog's "Read times without a zone offset in:"
    )
    models: list[Any] = []
    rows: dict[int, PreviewRow] = {}
    total = len(table.rows)
    for index, (number, cells) in enumerate(table.rows):
        if index % STEP == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled
            if progress is not None:
                progress(index, total)
        model, errors = parse_one(kind, number, cells, pctx)
        rows[number] = PreviewRow(number, cells, errors)
        if model is not None and not errors:
            models.append(model)
    for error in check_rows(kind, models, customers):
        rows[error.row].errors.append(error)
    if progress is not None:
        progress(total, total)
    return models, rows, customers


def preview_import(
    kind: str,
    path: Path,
    reference: ReferenceData,
    *,
    zone: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportPreview:
    """Read and check every row of ``path`` as ``kind``; writes nothing.

    Raises FileReadError when the file cannot be read at all, ImportCancelled
    when ``cancelled()`` turns True.
    """
    table = read_import_file(kind, path)
    models, rows, customers = _parse(kind, table, reference, zone, progress, cancelled)
    if kind == "maintenance":
        from di_desk.services.maintenance_check import check_row

        blackouts = blackouts_by_customer(customers)
        for model in models:
            row = rows[model.row]
            if row.errors:
                continue
            try:
                result = check_row(model, reference, blackouts)
            except ValueError as exc:  # a rule that cannot be applied: the row is unusable
                row.errors.append(RowError(model.row, "", str(exc)))
                continue
            row.violations = list(result["violations"])
            row.messages = list(result["messages"])
    ordered = [rows[number] for number, _cells in table.rows]
    errors = sorted((e for r in ordered for e in r.errors), key=lambda e: e.row)
    return ImportPreview(kind, path, zone, table, ordered, errors)


def commit_import(
    db: Database, preview: ImportPreview, reference: ReferenceData, *, who: str | None = None
) -> ImportResult:
    """Write every row of ``preview`` in one transaction, or nothing.

    The rows are read and checked again against the database as it is now
    (another window may have changed it); any problem raises RowsInvalid and
    nothing is written.
    """
    if not preview.rows:
        raise RowsInvalid([])
    models, rows, customers = _parse(
        preview.kind, preview.table, reference, preview.zone, None, None
    )
    errors = sorted((e for r in rows.values() for e in r.errors), key=lambda e: e.row)
    if errors:
        raise RowsInvalid(errors)
    return write_rows(
        db, preview.kind, models, customers, reference, source=preview.path.name, who=who
    )
