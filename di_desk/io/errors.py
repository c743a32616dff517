"""Errors of file reading: a whole file that cannot be read, or one bad cell."""

from __future__ import annotations

from dataclasses import dataclass

from di_desk.i18n import _


class FileReadError(Exception):
    """The file cannot be read at all (missing, not CSV/XLSX/ICS, missing header).

    The message is translated and says what is wrong.
    """


@dataclass(frozen=True)
class RowError:
    """One problem in one data row: ``row`` 1 is the first data row.

    ``column`` is the column's header name, or ``""`` for a problem of the
    whole row (e.g. an end before the start, which names both columns).
    """

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row {row}, column {column}: {message}").format(
                row=self.row, column=self.column, message=self.message
            )
        return _("Row {row}: {message}").format(row=self.row, message=self.message)


class RowsInvalid(Exception):
    """Some rows are bad; ``errors`` lists every problem in row order."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
