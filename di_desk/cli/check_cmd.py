"""``di-desk check maintenance FILE``: FILE-1 in, FILE-2 out.

One result per data row, in file order. A row that cannot be read gets the
violation ``FILE-1`` and one message per bad column. Exit code 0 when no row
has a violation, 1 when some do, 2 when the file cannot be read at all.
``check`` never writes to the database; it reads it (read-only) when one
exists, to fill an empty region from the customer and to know blackouts.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from di_desk.cli.common import CliError, Ctx, render_table, write_output
from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.domain.timeutil import zone as zone_info
from di_desk.i18n import _, ngettext
from di_desk.io.errors import FileReadError
from di_desk.io.rows import KnownCustomer
from di_desk.services.maintenance_check import (  # shared with the GUI's import preview
    FILE2_KEYS,
    check_row,
    check_table,
    read_schedule,
    unreadable,
)

__all__ = ["FILE2_KEYS", "check_row", "check_table", "read_schedule", "run", "unreadable"]


def _store_facts(
    ctx: Ctx,
) -> tuple[ReferenceData, dict[str, KnownCustomer] | None, dict[str, list[Any]]]:
    """Reference data, customers and blackouts from the database, read-only."""
    if not ctx.db_path.is_file():
        return DEFAULT_REFERENCE, None, {}
    try:
        from di_desk.services.imports import (
            blackouts_by_customer,
            known_customers,
            read_only_store,
        )
        from di_desk.storage.reference_repo import load_reference

        with read_only_store(ctx.db_path) as db:
            reference = load_reference(db)
            customers = known_customers(reference)
            blackouts = blackouts_by_customer(customers)
        return reference, customers, blackouts
    except Exception as exc:  # a damaged or foreign file: check the file without it
        print(
            _(
                "Warning: the database {path} cannot be read ({reason}); checking without it."
            ).format(path=ctx.db_path, reason=exc),
            file=ctx.err,
        )
        return DEFAULT_REFERENCE, None, {}


# -- the text table ------------------------------------------------------------------------


def _span(start: datetime, end: datetime, zone_key: str) -> str:
    tz = zone_info(zone_key)
    a, b = start.astimezone(tz), end.astimezone(tz)
    if a.date() == b.date():
        text = f"{a:%Y-%m-%d %H:%M}–{b:%H:%M}"
    else:
        text = f"{a:%Y-%m-%d %H:%M} – {b:%m-%d %H:%M}"
    names = [n for n in dict.fromkeys((a.tzname(), b.tzname())) if n]
    return f"{text} {'/'.join(names)}"


def table_text(results: list[dict[str, Any]], reference: ReferenceData, user_zone: str) -> str:
    rows = []
    notes = []
    for r in results:
        region_zone = reference.region(r["region"]).zone if r["region"] is not None else None
        event_region = event_user = window = "-"
        if r["start"] is not None and region_zone is not None:
            event_region = _span(r["start"], r["end"], region_zone)
            event_user = _span(r["start"], r["end"], user_zone)
        if r["window_start"] is not None and region_zone is not None:
            window = _span(r["window_start"], r["window_end"], region_zone)
        rows.append(
            {
                "row": r["row"],
                "customer": r["customer"],
                "cluster": r["cluster"],
                "type": r["type"],
                "region": r["region"],
                "event_region": event_region,
                "event_user": event_user,
                "window": window,
                "notice_due": r["notice_due"],
                "reply_by": r["reply_by"],
                "result": ", ".join(dict.fromkeys(r["violations"])) or _("OK"),
            }
        )
        for rule, message in zip(r["violations"], r["messages"], strict=True):
            notes.append(
                _("Row {row}: {rule} {message}").format(row=r["row"], rule=rule, message=message)
            )
    headers = [
        _("Row"),
        _("Customer"),
        _("Cluster"),
        _("Type"),
        _("Region"),
        _("Event (region time)"),
        _("Event ({zone})").format(zone=user_zone),
        _("Window (region time)"),
        _("Notice due"),
        _("Reply by"),
        _("Result"),
    ]
    columns = list(rows[0]) if rows else list(range(len(headers)))
    text = render_table(rows, columns, headers, user_zone)  # type: ignore[arg-type]
    failing = sum(1 for r in results if r["violations"])
    summary = ngettext(
        "{count} of {total} rows has violations.",
        "{count} of {total} rows have violations.",
        failing,
    ).format(count=failing, total=len(results))
    return text + ("\n" + "\n".join(notes) + "\n" if notes else "") + "\n" + summary + "\n"


def run(ctx: Ctx) -> int:
    path = Path(ctx.args.file)
    try:
        table = read_schedule(path)
    except FileReadError as exc:
        raise CliError(str(exc), 2) from exc
    reference, customers, blackouts = _store_facts(ctx)
    results = check_table(table, ctx.zone, reference, customers, blackouts)
    fmt = ctx.args.format
    columns = [*FILE2_KEYS, "customer", "cluster", "region", "type", "start", "end"]
    write_output(
        ctx,
        fmt,
        results,
        columns,
        title=_("Maintenance check"),
        table=lambda: table_text(results, reference, ctx.display_zone),
    )
    return 1 if any(r["violations"] for r in results) else 0
