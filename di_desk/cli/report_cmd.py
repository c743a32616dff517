"""``di-desk report KIND`` (and ``di-desk export KIND``): cases (FILE-3), sla
(CASE-6), retention (FILE-4), releases (FILE-6), maintenance, attention and
upgrades (REL-4/5).

The calendar (ics) of maintenance and upgrades is built by
:mod:`di_desk.services.exports`, the same as the GUI's export."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from di_desk.cli.common import CliError, Ctx, opened_store, write_output
from di_desk.domain.timeutil import localize, to_utc
from di_desk.i18n import _
from di_desk.io import fields

REPORT_KINDS = (
    "cases", "sla", "retention", "releases", "maintenance", "attention", "upgrades",
)  # fmt: skip
#: the reports that also write a calendar (``--format ics``)
ICS_KINDS = ("maintenance", "upgrades")

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
    "upgrades": ("customer", "cluster", "application", "target", "scheduled_start", "region",
                 "start_region", "trigger", "notice_due", "reschedule_count", "completed_at"),
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


def _upgrades_table(rows: list[dict[str, Any]], display_zone: str) -> str:
    """REL-4/5 as text: the start in ``display_zone`` and in the region's zone."""
    from di_desk.cli.common import render_table, show_value

    if not rows:
        return _("Nothing to report.") + "\n"
    shown = [
        {
            **r,
            "start_region": show_value(r["scheduled_start"], r["zone"])
            if r["scheduled_start"] is not None and r["zone"]
            else None,
        }
        for r in rows
    ]
    headers = [
        _("Customer"),
        _("Cluster"),
        _("Application"),
        _("Target"),
        _("Start ({zone})").format(zone=display_zone),
        _("Region"),
        _("Start (region time)"),
        _("Trigger"),
        _("Notice due"),
        _("Reschedules"),
        _("Completed"),
    ]
    return render_table(shown, TABLE_COLUMNS["upgrades"], headers, display_zone, max_width=70)


def run(ctx: Ctx) -> int:
    from di_desk.services import reports, schedule
    from di_desk.storage.reference_repo import load_reference

    args = ctx.args
    kind: str = args.kind
    fmt: str = args.format or ("csv" if args.command == "export" else "table")
    if fmt == "ics" and kind not in ICS_KINDS:
        raise CliError(_("The ics format is only available for maintenance and upgrades."))
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
        elif kind == "upgrades":
            if start is not None and end is not None and end <= start:
                raise CliError(_("--to must be after --from."))
            rows = reports.upgrades_report(db, reference, customer=customer, start=start, end=end)
        else:  # argparse limits the choices
            raise CliError(_("Unknown report: {kind}").format(kind=kind))
    if kind == "upgrades":
        columns = list(reports.UPGRADE_COLUMNS)
    else:
        columns = list(rows[0]) if rows else list(TABLE_COLUMNS[kind])
    table_columns = TABLE_COLUMNS[kind]

    def table() -> str:
        from di_desk.cli.common import render_table

        if kind == "upgrades":
            return _upgrades_table(rows, ctx.display_zone)
        if not rows:
            return _("Nothing to report.") + "\n"
        return render_table(rows, table_columns, None, ctx.display_zone, max_width=70)

    def ics() -> bytes:
        from di_desk.services import exports

        if kind == "upgrades":
            return exports.upgrades_ics(rows)
        return exports.maintenance_ics(rows)

    write_output(
        ctx,
        fmt,
        rows,
        columns,
        title=kind,
        table=table,
        ics=ics if kind in ICS_KINDS else None,
    )
    return 0
