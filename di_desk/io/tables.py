"""Read a CSV or XLSX file into a raw table: header names and cell values.

Both readers normalize header names (trimmed, lower case, spaces and dashes
as ``_``), so ``Rep name`` and ``rep_name`` are the same column, and the
column order is free (SPEC.md section 7). Row numbers count data rows from 1
(the row after the header); blank rows are skipped but keep their number, so
row N is line N + 1 of the file or sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from di_desk.i18n import _
from di_desk.io.errors import FileReadError
from di_desk.io.safety import check_size, check_xlsx_archive

Cell = Any  # str for CSV; str, int, float, bool, date, datetime or None for XLSX


@dataclass
class RawTable:
    """The header and the data rows of a file, cells untouched but trimmed."""

    path: Path
    columns: tuple[str, ...]
    #: ``(row number, {column: cell})``; row 1 is the first data row
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)
    #: original header spelling per normalized name, for messages
    labels: dict[str, str] = field(default_factory=dict)

    def require(self, required: Iterable[str]) -> None:
        """Raise FileReadError naming every required column the header lacks."""
        missing = [name for name in required if name not in self.columns]
        if missing:
            raise FileReadError(
                _("{path}: missing required column(s): {columns}.").format(
                    path=self.path.name, columns=", ".join(missing)
                )
            )


def normalize_header(name: object) -> str:
    text = "" if name is None else str(name)
    return "_".join(text.strip().lower().replace("-", " ").split())


def _header(path: Path, cells: list[Any]) -> tuple[tuple[str, ...], dict[str, str], list[int]]:
    names: list[str] = []
    labels: dict[str, str] = {}
    keep: list[int] = []
    for index, cell in enumerate(cells):
        name = normalize_header(cell)
        if not name:
            continue
        if name in labels:
            raise FileReadError(
                _("{path}: the column {column!r} appears twice in the header.").format(
                    path=path.name, column=name
                )
            )
        names.append(name)
        labels[name] = str(cell).strip()
        keep.append(index)
    if not names:
        raise FileReadError(_("{path}: the header row is empty.").format(path=path.name))
    return tuple(names), labels, keep


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _rows(
    records: Iterator[list[Any]], columns: tuple[str, ...], keep: list[int]
) -> list[tuple[int, dict[str, Cell]]]:
    """Typed cells (XLSX): trimmed text, other values as they are."""
    rows: list[tuple[int, dict[str, Cell]]] = []
    for number, record in enumerate(records, start=1):
        if not record or all(_blank(cell) for cell in record):
            continue
        cells = [record[i] if i < len(record) else None for i in keep]
        rows.append(
            (
                number,
                {
                    c: (v.strip() if isinstance(v, str) else v)
                    for c, v in zip(columns, cells, strict=True)
                },
            )
        )
    return rows


def _text_rows(
    records: Iterator[list[str]], columns: tuple[str, ...], keep: list[int]
) -> list[tuple[int, dict[str, Cell]]]:
    """Text cells (CSV), the hot path of big imports: trimmed, missing cells empty."""
    rows: list[tuple[int, dict[str, Cell]]] = []
    width = len(keep)
    contiguous = keep == list(range(width))
    strip = str.strip
    for number, record in enumerate(records, start=1):
        if contiguous and len(record) >= width:
            values = list(map(strip, record[:width] if len(record) > width else record))
        else:
            values = [strip(record[i]) if i < len(record) else "" for i in keep]
        if not any(values):
            continue
        rows.append((number, dict(zip(columns, values, strict=True))))
    return rows


# -- CSV --------------------------------------------------------------------


def read_csv_text(text: str, path: Path) -> RawTable:
    """Parse CSV text (comma, header row, any line endings)."""
    if "\x00" in text:
        raise FileReadError(_("{path} is not a CSV text file.").format(path=path.name))
    # Normalize mixed line endings; quoted cells keep "\n" as their line break.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, None)
        if header is None:
            raise FileReadError(_("{path} is empty.").format(path=path.name))
        columns, labels, keep = _header(path, header)
        rows = _text_rows(reader, columns, keep)
    except csv.Error as exc:
        raise FileReadError(
            _("{path} is not valid CSV: {reason}").format(path=path.name, reason=exc)
        ) from None
    return RawTable(path, columns, rows, labels)


def read_csv(path: Path) -> RawTable:
    """Read a UTF-8 CSV file (a BOM is accepted)."""
    check_size(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileReadError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileReadError(
            _("{path} is not a UTF-8 text file; save it as CSV UTF-8.").format(path=path.name)
        ) from None
    return read_csv_text(text, path)


# -- XLSX -------------------------------------------------------------------


def read_xlsx(path: Path, sheet: str | None = None) -> RawTable:
    """Read the first (or the named) sheet of an XLSX workbook.

    Opened read-only with cached values only (``data_only=True``): formulas
    are never evaluated, a formula cell without a cached value reads as empty.
    """
    check_xlsx_archive(path)
    import openpyxl  # deferred: not needed for CSV

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise FileReadError(
            _("{path} is not a readable Excel workbook: {reason}").format(
                path=path.name, reason=exc
            )
        ) from None
    try:
        if sheet is not None and sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        records = (list(values) for values in worksheet.iter_rows(values_only=True))
        header = next(records, None)
        if header is None:
            raise FileReadError(_("{path} is empty.").format(path=path.name))
        columns, labels, keep = _header(path, header)
        rows = _rows(records, columns, keep)
    finally:
        workbook.close()
    return RawTable(path, columns, rows, labels)


def sniff_format(path: Path) -> str:
    """``"csv"``, ``"xlsx"`` or ``"ics"`` from the suffix, else from the first bytes."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".ics", ".ical", ".ifb"):
        return "ics"
    check_size(path)
    with path.open("rb") as handle:
        head = handle.read(64)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    return "csv"


def read_table(path: Path) -> RawTable:
    """Read a CSV or XLSX file (ICS is read by :mod:`di_desk.io.ics`)."""
    kind = sniff_format(path)
    if kind == "xlsx":
        return read_xlsx(path)
    if kind == "ics":
        raise FileReadError(
            _("{path}: calendar files (.ics) can only be read for maintenance.").format(
                path=path.name
            )
        )
    return read_csv(path)
