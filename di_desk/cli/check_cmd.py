"""``di-desk check maintenance FILE``: FILE-1 in, FILE-2 out.

One result per data row, in file order. A row that cannot be read gets the
violation ``FILE-1`` and one message per bad column. Exit code 0 when no row
has a violation, 1 when some do, 2 when the file cannot be read at all.
``check`` never writes to the database; it reads it (read-only) when one
exists, to fill an empty region from the customer and to know blackouts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from di_desk.cli.common import CliError, Ctx, render_table, write_output
from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.domain.timeutil import zone as zone_info
from di_desk.i18n import _
from di_desk.io.errors import FileReadError, RowError
from di_desk.io.rows import KINDS, KnownCustomer, MaintenanceRow, ParseContext, parse_one
from di_desk.io.tables import RawTable, read_table, sniff_format

#: The keys of FILE-2, in order; more follow them (customer, cluster, …).
FILE2_KEYS = (
    "row",
    "violations",
    "messages",
    "window_start",
    "window_end",
    "notice_due",
    "reply_by",
    "reply_last_day",
)


def read_schedule(path: Path) -> RawTable:
    """A FILE-1 schedule from CSV, XLSX or ICS; FileReadError when unreadable."""
    if sniff_format(path) == "ics":
        from di_desk.io.ics import read_ics

        table = read_ics(path)
    else:
        table = read_table(path)
    table.require(KINDS["maintenance"].required)
    return table


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


def unreadable(number: int, errors: Sequence[RowError], cells: dict[str, Any]) -> dict[str, Any]:
    """FILE-2 for a row that cannot be read: ``["FILE-1"]`` and one message that
    names every bad column."""
    parts = [
        _("Column {column}: {message}").format(column=e.column, message=e.message)
        if e.column
        else e.message
        for e in errors
    ]
    return {
        "row": number,
        "violations": ["FILE-1"],
        "messages": [" ".join(parts) or _("The row cannot be read.")],
        "window_start": None,
        "window_end": None,
        "notice_due": None,
        "reply_by": None,
        "reply_last_day": None,
        "customer": cells.get("customer") or None,
        "cluster": cells.get("cluster") or None,
        "region": None,
        "type": None,
        "start": None,
        "end": None,
    }


def check_row(
    row: MaintenanceRow, reference: ReferenceData, blackouts: dict[str, list[Any]]
) -> dict[str, Any]:
    """FILE-2 for a readable row: every maintenance rule (``check_event``)."""
    from di_desk.domain.maintenance import MaintenanceEvent, check_event, parse_emergency_reason

    event = MaintenanceEvent(
        customer=row.customer,
        cluster=row.cluster,
        region=row.region,
        type=row.type,
        start=row.start,
        end=row.end,
        notice_sent=row.notice_sent,
        calendar=row.calendar,
        reason=row.reason,
        emergency_reason=parse_emergency_reason(row.reason),
    )
    result = check_event(event, None, None, reference, blackouts.get(row.customer.casefold(), ()))
    return {
        "row": row.row,
        "violations": result.rule_ids,
        "messages": result.messages,
        "window_start": result.window_start,
        "window_end": result.window_end,
        "notice_due": result.notice_due,
        "reply_by": result.reply_by,
        "reply_last_day": result.reply_last_day,
        "customer": row.customer,
        "cluster": row.cluster,
        "region": row.region,
        "type": row.type,
        "start": row.start,
        "end": row.end,
    }


def check_table(
    table: RawTable,
    zone: str | None,
    reference: ReferenceData = DEFAULT_REFERENCE,
    customers: dict[str, KnownCustomer] | None = None,
    blackouts: dict[str, list[Any]] | None = None,
) -> list[dict[str, Any]]:
    """FILE-2 results, one per data row of ``table``, in file order."""
    pctx = ParseContext(
        zone=zone,
        reference=reference,
        customers=customers,
        require_known=False,
        require_order=False,
    )
    results = []
    for number, cells in table.rows:
        model, errors = parse_one("maintenance", number, cells, pctx)
        if errors or model is None:
            results.append(unreadable(number, errors, cells))
            continue
        try:
            results.append(check_row(model, reference, blackouts or {}))
        except ValueError as exc:  # a rule that cannot be applied: the row is unusable
            results.append(unreadable(number, [RowError(number, "", str(exc))], cells))
    return results


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
    summary = _("{count} of {total} rows have violations.").format(
        count=failing, total=len(results)
    )
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
