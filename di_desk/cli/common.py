"""Shared pieces of the command line: context, errors, output formats, tables."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, Any

from di_desk.domain.timeutil import zone as zone_info
from di_desk.i18n import _
from di_desk.io import writers


class CliError(Exception):
    """A failure the user can act on: printed as one line on stderr, exit ``code``."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def local_zone_key() -> str:
    """The OS local zone's IANA key (``UTC`` when it cannot be told)."""
    try:
        from babel.localtime import get_localzone

        key = getattr(get_localzone(), "key", None)
        if key:
            zone_info(key)
            return key
    except Exception:  # any failure of the OS probe falls back to UTC
        pass
    return "UTC"


@dataclass
class Ctx:
    """What every command gets: parsed arguments and the resolved global options."""

    args: Any
    zone: str | None  # --zone: for naive times and display
    db_path: Path
    debug: bool
    out: IO[str]
    err: IO[str]

    @property
    def display_zone(self) -> str:
        return self.zone or local_zone_key()


@contextmanager
def opened_store(ctx: Ctx, *, create: bool) -> Iterator[Any]:
    """The database at ``--db`` (created when ``create``), closed afterwards."""
    from di_desk.storage.db import open_database
    from di_desk.storage.errors import StorageError

    path = ctx.db_path
    if not create and not path.exists():
        raise CliError(
            _("No database at {path}. Import data first, or pass --db PATH.").format(path=path)
        )
    try:
        db = open_database(path)
    except StorageError as exc:
        raise CliError(str(exc)) from exc
    except Exception as exc:
        busy = _busy_error(exc, path)
        if busy is None:
            raise
        raise busy from exc
    try:
        yield db
    except Exception as exc:
        busy = _busy_error(exc, path)
        if busy is None:
            raise
        raise busy from exc
    finally:
        db.close()


def _busy_error(exc: Exception, path: Path) -> CliError | None:
    """SQLite's "database is locked" (another program kept writing longer than the
    busy timeout) as a clear message; None for any other error."""
    if "database is locked" in str(exc) or "database is busy" in str(exc):
        return CliError(
            _(
                "The database {path} is busy: another DI Desk is writing to it. Nothing was "
                "changed; try again in a moment."
            ).format(path=path)
        )
    return None


# -- output ---------------------------------------------------------------------------


def show_value(value: Any, zone_key: str) -> str:
    """A cell of a text table: instants in ``zone_key``, lists joined, None as ``-``."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        local = value.astimezone(zone_info(zone_key))
        return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or zone_key)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (list, tuple)):
        return ", ".join(show_value(v, zone_key) for v in value) or "-"
    return str(value)


def render_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    headers: Sequence[str] | None,
    zone_key: str,
    *,
    max_width: int = 60,
) -> str:
    """An aligned text table; long cells are cut with ``…``."""
    heads = list(headers or columns)
    cells = []
    for row in rows:
        line = []
        for column in columns:
            text = " ".join(show_value(row.get(column), zone_key).split())
            line.append(text if len(text) <= max_width else text[: max_width - 1] + "…")
        cells.append(line)
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(heads)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for line in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def write_output(
    ctx: Ctx,
    fmt: str,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    headers: Sequence[str] | None = None,
    title: str = "DI Desk",
    table: Callable[[], str] | None = None,
    ics: Callable[[], bytes] | None = None,
) -> None:
    """Print or save ``rows`` as table, csv, json, xlsx or ics (``--output FILE``)."""
    output = getattr(ctx.args, "output", None)
    if fmt == "json":
        data: str | bytes = writers.to_json(rows) + "\n"
    elif fmt == "csv":
        data = writers.to_csv(rows, columns)
    elif fmt == "table":
        data = table() if table else render_table(rows, columns, headers, ctx.display_zone)
    elif fmt == "xlsx":
        if not output:
            raise CliError(_("The xlsx format needs --output FILE."))
        buffer = io.BytesIO()
        writers.write_xlsx(buffer, rows, columns, title=title)
        data = buffer.getvalue()
    elif fmt == "ics":
        if ics is None:
            raise CliError(_("The ics format is only available for maintenance."))
        data = ics()
    else:  # argparse limits the choices
        raise CliError(_("Unknown format: {format}").format(format=fmt))
    if output:
        path = Path(output)
        try:
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8", newline="")
        except OSError as exc:
            raise CliError(
                _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
            ) from exc
        print(_("Wrote {path}.").format(path=path), file=ctx.err)
    elif isinstance(data, bytes):
        if fmt == "ics":
            ctx.out.write(data.decode("utf-8"))
        else:
            sys.stdout.buffer.write(data)
    else:
        ctx.out.write(data)
