"""``di-desk import KIND FILE``: validate every row, then insert all in one transaction.

On any bad row nothing is imported: every problem is printed on stderr with
its row, column and reason, and the exit code is 1.
"""

from __future__ import annotations

from pathlib import Path

from di_desk.cli.common import CliError, Ctx, opened_store
from di_desk.i18n import _, ngettext
from di_desk.io.errors import FileReadError
from di_desk.io.fields import ZoneHint
from di_desk.io.rows import KINDS, ParseContext, parse_rows
from di_desk.io.tables import RawTable, read_table, sniff_format

KIND_NAMES = tuple(KINDS)


def read_file(kind: str, path: Path) -> RawTable:
    if sniff_format(path) == "ics":
        if kind != "maintenance":
            raise FileReadError(
                _("{path}: calendar files (.ics) can only be imported as maintenance.").format(
                    path=path.name
                )
            )
        from di_desk.io.ics import read_ics

        return read_ics(path)
    return read_table(path)


def summary(kind: str, added: int, updated: int, path: Path) -> str:
    """One line: what was imported from where, and how many existing rows were updated."""
    label = _(KINDS[kind].title) if kind in KINDS else kind
    if not updated:
        return ngettext(
            "{kind}: {count} row imported from {file}.",
            "{kind}: {count} rows imported from {file}.",
            added,
        ).format(kind=label, count=added, file=path.name)
    imported = ngettext(
        "{kind}: {count} new row imported from {file}.",
        "{kind}: {count} new rows imported from {file}.",
        added,
    ).format(kind=label, count=added, file=path.name)
    changed = ngettext(
        "{count} existing row updated.",
        "{count} existing rows updated.",
        updated,
    ).format(count=updated)
    return f"{imported} {changed}"  # two whole sentences


def run(ctx: Ctx) -> int:
    from di_desk.services.imports import check_rows, known_customers, write_rows
    from di_desk.storage.reference_repo import load_reference

    kind: str = ctx.args.kind
    path = Path(ctx.args.file)
    try:
        table = read_file(kind, path)
        # A missing header is a file error, before the database is touched.
        from di_desk.io.rows import KINDS

        table.require(KINDS[kind].required)
    except FileReadError as exc:
        raise CliError(str(exc), 2) from exc
    with opened_store(ctx, create=True) as db:
        reference = load_reference(db)
        customers = known_customers(reference)
        pctx = ParseContext(
            zone=ctx.zone,
            zone_hint=ZoneHint.CLI,
            reference=reference,
            customers=None if kind == "customers" else customers,
        )
        models, errors = parse_rows(kind, table, pctx)
        errors += check_rows(kind, models, customers)
        if errors:
            errors.sort(key=lambda e: e.row)
            for error in errors:
                print(str(error), file=ctx.err)
            bad = len({e.row for e in errors})
            print(
                ngettext(
                    "Nothing was imported: {count} row has errors.",
                    "Nothing was imported: {count} rows have errors.",
                    bad,
                ).format(count=bad),
                file=ctx.err,
            )
            return 1
        result = write_rows(db, kind, models, customers, reference, source=path.name)
    print(summary(kind, result.added, result.updated, path), file=ctx.out)
    return 0
