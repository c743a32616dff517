"""``di-desk report KIND`` (and ``di-desk export KIND``): cases (FILE-3), sla
(CASE-6), retention (FILE-4), releases (FILE-6), maintenance and attention."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from di_desk.cli.common import CliError, Ctx, opened_store, write_output
from di_desk.domain.timeutil import localize, to_utc
from di_desk.i18n import _
from di_desk.io import fields

REPORT_KINDS = ("cases", "sla", "retention", "releases", "maintenance", "attention")

#: (columns of csv/json/xlsx, columns of the text table) per report; None: all.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "cases": (
        "id", "customer", "opened", "severity", "response_due", "acknowledged", "met", "status",
    ),
    "sla": ("severity", "met", "missed", "pending", "due", "ratio", "target", "below_target"),
    "retention": ("customer", "application", "taken_at", "result", "retained", "reasons",
                  "expires_at"),
    "releases": ("customer", "cluster", "application", "version", "position", "status", "target"),
    "maintenance": ("id", "customer", "cluster", "type", "region", "start", "end", "notice_due",
                    "violations"),
    "attention": ("kind", "customer", "subject", "due", "detail"),
}  # fmt: skip


def instant_option(ctx: Ctx, text: str | None, option: str) -> datetime | None:
    """An instant option; a bare date is 00:00 in the display zone (--zone or local)."""
    if text is None:
        return None
    try:
        value = fields.date_or_instant(text, ctx.zone)
        if isinstance(value, datetime):
            return value
        return to_utc(localize(datetime.combine(value, time()), ctx.display_zone))
    except ValueError as exc:
        raise CliError(_("{option}: {reason}").format(option=option, reason=exc)) from exc


def _ics_events(rows: list[dict[str, Any]]) -> bytes:
    from di_desk.cli.common import show_value
    from di_desk.io.ics import to_ics

    events = []
    for r in rows:
        lines = [
            _("Window ({zone}): {start} – {end}").format(
                zone=r["zone"],
                start=show_value(r["window_start"], r["zone"]),
                end=show_value(r["window_end"], r["zone"]),
            )
            if r["window_start"]
            else _("Outside the maintenance windows of {region}.").format(region=r["region"].value),
            _("Event ({zone}): {start} – {end}").format(
                zone=r["zone"],
                start=show_value(r["start"], r["zone"]),
                end=show_value(r["end"], r["zone"]),
            ),
            *(
                f"{rule}: {message}"
                for rule, message in zip(r["violations"], r["messages"], strict=True)
            ),
            "",
            f"customer: {r['customer']}",
            f"cluster: {r['cluster']}",
            f"region: {r['region'].value}",
            f"type: {r['type'].value}",
        ]
        events.append(
            {
                **r,
                "uid": f"maintenance-{r['id']}@di-desk",
                "summary": f"{r['type'].label} – {r['customer']} {r['cluster']}".strip(),
                "description": "\n".join(lines),
            }
        )
    return to_ics(events)


def run(ctx: Ctx) -> int:
    from di_desk.services import reports, schedule
    from di_desk.storage.reference_repo import load_reference

    args = ctx.args
    kind: str = args.kind
    fmt: str = args.format or ("csv" if args.command == "export" else "table")
    if fmt == "ics" and kind != "maintenance":
        raise CliError(_("The ics format is only available for maintenance."))
    now = instant_option(ctx, args.now, "--now") or datetime.now(UTC).replace(microsecond=0)
    start = instant_option(ctx, args.start, "--from")
    end = instant_option(ctx, args.end, "--to")
    customer = args.customer
    with opened_store(ctx, create=False) as db:
        reference = load_reference(db)
        if kind == "cases":
            rows = reports.cases_report(reference, now, customer=customer, start=start, end=end)
        elif kind == "sla":
            end = end or now
            start = start or end - timedelta(days=30)
            if end <= start:
                raise CliError(_("--to must be after --from."))
            rows = reports.sla_report(reference, start, end, now, customer=customer)
        elif kind == "retention":
            at = instant_option(ctx, args.at, "--at") or now
            rows = reports.retention_report(reference, at, customer=customer)
        elif kind == "releases":
            rows = reports.releases_report(reference, customer=customer)
        elif kind == "maintenance":
            rows = schedule.maintenance_report(reference, start=start, end=end, customer=customer)
        elif kind == "attention":
            if args.days < 0:
                raise CliError(_("--days cannot be negative."))
            rows = schedule.attention_report(reference, now, args.days)
        else:  # argparse limits the choices
            raise CliError(_("Unknown report: {kind}").format(kind=kind))
    columns = list(rows[0]) if rows else list(TABLE_COLUMNS[kind])
    table_columns = TABLE_COLUMNS[kind]

    def table() -> str:
        from di_desk.cli.common import render_table

        if not rows:
            return _("Nothing to report.") + "\n"
        return render_table(rows, table_columns, None, ctx.display_zone, max_width=70)

    write_output(
        ctx,
        fmt,
        rows,
        columns,
        title=kind,
        table=table,
        ics=(lambda: _ics_events(rows)) if kind == "maintenance" else None,
    )
    return 0
