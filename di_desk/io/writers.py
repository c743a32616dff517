"""Writers: CSV, JSON and XLSX from plain rows (``{column: value}``).

Values are turned into file form by :func:`plain`: instants become UTC ISO
text with ``Z`` (TIME-1), dates ISO dates, enums their tokens, lists stay
lists in JSON and are joined with ``; `` in CSV/XLSX. Every text cell written
to CSV or XLSX is neutralized against formula injection (a leading
apostrophe before ``=``, ``+``, ``-``, ``@``, tab or CR); numbers and
booleans stay numbers and booleans.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, Any

from di_desk.domain.timeutil import utc_iso

Row = Mapping[str, Any]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralize(value: Any) -> Any:
    """A text cell made safe for spreadsheets; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def plain(value: Any) -> Any:
    """A JSON-ready value: instants as ``...Z``, dates ISO, enums as tokens."""
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> Any:
    """A CSV/XLSX cell: plain, lists joined, text neutralized, None empty."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return neutralize(value)


def columns_of(rows: Sequence[Row], columns: Sequence[str] | None = None) -> list[str]:
    """``columns`` when given, else the keys of the rows in first-seen order."""
    if columns is not None:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def to_json(rows: Iterable[Row] | Any) -> str:
    """The FILE-2/3/4/6 JSON form: ``json.dumps(..., ensure_ascii=False, indent=2)``."""
    data = [plain(dict(r)) for r in rows] if not isinstance(rows, Mapping) else plain(rows)
    return json.dumps(data, ensure_ascii=False, indent=2)


def _csv_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(stream: IO[str], rows: Sequence[Row], columns: Sequence[str] | None = None) -> None:
    """Header row and one line per row, comma-separated, quoted where needed."""
    names = columns_of(rows, columns)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([neutralize(n) for n in names])
    for row in rows:
        writer.writerow([_csv_text(_cell(row.get(n))) for n in names])


def to_csv(rows: Sequence[Row], columns: Sequence[str] | None = None) -> str:
    buffer = io.StringIO()
    write_csv(buffer, rows, columns)
    return buffer.getvalue()


def _xlsx_cell(value: Any) -> Any:
    value = _cell(value)
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)
    return value


def write_xlsx(
    path: Path | IO[bytes],
    rows: Sequence[Row],
    columns: Sequence[str] | None = None,
    *,
    title: str = "DI Desk",
) -> None:
    """One sheet with a bold header row; numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    names = columns_of(rows, columns)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_ILLEGAL_XML.sub("", title)[:31] or "Sheet")
    bold = Font(bold=True)
    header = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=_xlsx_cell(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(row.get(n)) for n in names])
    workbook.save(path)
