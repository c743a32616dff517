"""Exports for the GUI: the reports of the command line written to CSV, XLSX, JSON or ICS.

The rows come from :mod:`di_desk.services.reports`,
:mod:`di_desk.services.schedule` and :mod:`di_desk.services.certificates`
(the same functions ``di-desk report`` uses); :mod:`di_desk.io.writers`
writes them (text cells neutralized against formula injection). Maintenance
also exports as iCalendar: one VEVENT per event in UTC, the window and the
event in the region's zone in the description, and the FILE-1 fields as
``X-DI-`` properties so the file imports again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import N_, _, ngettext
from di_desk.i18n.formatting import format_datetime
from di_desk.io import writers
from di_desk.storage import tables as t

FORMATS = ("csv", "xlsx", "json", "ics")


@dataclass(frozen=True)
class ExportKind:
    key: str
    title: str  # N_ marker
    formats: tuple[str, ...]
    #: the kind can be limited to a period (``start``/``end``)
    period: bool = False


EXPORT_KINDS: tuple[ExportKind, ...] = (
    ExportKind("maintenance", N_("Maintenance schedule"), FORMATS, period=True),
    ExportKind("cases", N_("Support cases"), ("csv", "xlsx", "json"), period=True),
    ExportKind("certificates", N_("Certificates"), ("csv", "xlsx", "json")),
    ExportKind("releases", N_("Releases per application"), ("csv", "xlsx", "json")),
    ExportKind("retention", N_("Backup retention"), ("csv", "xlsx", "json")),
    ExportKind("attention", N_("Needs attention (next 14 days)"), ("csv", "xlsx", "json")),
)
KINDS_BY_KEY = {k.key: k for k in EXPORT_KINDS}

#: the maintenance columns of CSV/XLSX/JSON (FILE-1 fields, then the FILE-2 results)
MAINTENANCE_COLUMNS = (
    "id", "customer", "cluster", "region", "type", "start", "end", "notice_sent", "calendar",
    "reason", "violations", "messages", "window_start", "window_end", "notice_due", "reply_by",
    "reply_last_day", "zone",
)  # fmt: skip


def export_rows(
    kind: str,
    reference: ReferenceData,
    now: datetime,
    *,
    customer: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> tuple[list[dict[str, Any]], list[str] | None]:
    """The rows of one export and its columns (None: every key of the rows)."""
    from di_desk.services import certificates, reports, schedule

    if kind == "maintenance":
        rows = schedule.maintenance_report(reference, start=start, end=end, customer=customer)
        return rows, list(MAINTENANCE_COLUMNS)
    if kind == "cases":
        return reports.cases_report(reference, now, customer=customer, start=start, end=end), None
    if kind == "certificates":
        rows = certificates.certificate_rows(reference, now)
        if customer:
            rows = [r for r in rows if r["customer"].casefold() == customer.casefold()]
        return rows, list(certificates.EXPORT_COLUMNS)
    if kind == "releases":
        return reports.releases_report(reference, customer=customer), None
    if kind == "retention":
        return reports.retention_report(reference, now, customer=customer), None
    if kind == "attention":
        rows = schedule.attention_report(reference, now, 14)
        if customer:
            rows = [r for r in rows if r["customer"].casefold() == customer.casefold()]
        return rows, None
    raise ValueError(kind)


def _instant(field: Any, value: Any) -> datetime:
    return value if isinstance(value, datetime) else field.python_value(value)


def maintenance_rows_for_ids(reference: ReferenceData, ids: Iterable[int]) -> list[dict[str, Any]]:
    """The maintenance report rows (with FILE-2 results) of the events ``ids``, by start."""
    from peewee import fn

    from di_desk.services.schedule import maintenance_report

    wanted = set(ids)
    if not wanted:
        return []
    M = t.MaintenanceEvent
    lo = hi = None
    chunk = sorted(wanted)
    for index in range(0, len(chunk), 500):
        first, last = (
            M.select(fn.MIN(M.start), fn.MAX(M.end))
            .where(M.id.in_(chunk[index : index + 500]))
            .tuples()
            .get()
        )
        if first is None:
            continue
        first, last = _instant(M.start, first), _instant(M.end, last)
        lo = first if lo is None else min(lo, first)
        hi = last if hi is None else max(hi, last)
    if lo is None or hi is None:
        return []
    rows = maintenance_report(
        reference, start=lo - timedelta(seconds=1), end=hi + timedelta(seconds=1)
    )
    return [r for r in rows if r["id"] in wanted]


def _span(start: datetime, end: datetime, zone: str) -> str:
    return _("{start} – {end}").format(
        start=format_datetime(start, zone, show_zone=True),
        end=format_datetime(end, zone, show_zone=True),
    )


def maintenance_ics(rows: Sequence[dict[str, Any]]) -> bytes:
    """One VEVENT per maintenance report row (UTC; the region's zone in the description)."""
    from di_desk.io.ics import to_ics

    events = []
    for r in rows:
        zone = r["zone"]
        lines = [
            _("Event ({zone}): {span}").format(zone=zone, span=_span(r["start"], r["end"], zone)),
            _("Window ({zone}): {span}").format(
                zone=zone, span=_span(r["window_start"], r["window_end"], zone)
            )
            if r.get("window_start")
            else _("Outside the maintenance windows of {region}.").format(region=r["region"].value),
        ]
        if r.get("notice_due"):
            lines.append(_("Notice due: {date}").format(date=r["notice_due"].isoformat()))
        if r.get("reply_by"):
            lines.append(
                _("Reply by: {date} (last day {last})").format(
                    date=r["reply_by"].isoformat(), last=r["reply_last_day"].isoformat()
                )
            )
        pairs = zip(r["violations"], r["messages"], strict=True)
        lines += [f"{rule}: {message}" for rule, message in pairs]
        # untranslated key: value lines, read back by di_desk.io.ics
        lines += [
            "",
            f"customer: {r['customer']}",
            f"cluster: {r['cluster']}",
            f"region: {r['region'].value}",
            f"type: {r['type'].value}",
            f"zone: {zone}",
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


#: the upgrade-plan fields an upgrades calendar carries as X-DI- properties
UPGRADE_PROPERTIES = (
    "customer", "cluster", "application", "target", "region", "zone", "trigger", "notice_due",
    "reschedule_count", "completed_at",
)  # fmt: skip
UPGRADES_PRODID = "-//DI Desk//Upgrades//EN"


def upgrades_ics(rows: Sequence[dict[str, Any]]) -> bytes:
    """One VEVENT per upgrade plan with a scheduled start (REL-4/5), times in UTC.

    ``rows`` are :func:`~di_desk.services.reports.upgrades_report` rows: the
    event runs from ``scheduled_start`` to ``scheduled_end`` (the plan's own
    end, else the reference's default duration). The description gives the start and end in the
    region's zone, the MAINT-5 notice date and the REL-4 trigger; the UID is
    ``upgrade-<plan id>@di-desk``, stable across exports.
    """
    from di_desk.domain.upgrades import UpgradeTrigger
    from di_desk.io.ics import to_ics

    events = []
    for r in rows:
        start, end = r.get("scheduled_start"), r.get("scheduled_end")
        if start is None or end is None:
            continue
        zone = r.get("zone") or "UTC"
        region = r.get("region")
        trigger = r.get("trigger")
        lines = [
            _("Region {region} ({zone}): {span}").format(
                region=getattr(region, "value", region) or "-",
                zone=zone,
                span=_span(start, end, zone),
            ),
            _("Notice due (MAINT-5): {date}").format(date=r["notice_due"].isoformat())
            if r.get("notice_due")
            else _("No notice date (MAINT-5)."),
            _("Trigger (REL-4): {trigger}").format(
                trigger=trigger.label if isinstance(trigger, UpgradeTrigger) else trigger or "-"
            ),
        ]
        if r.get("application"):
            lines.append(
                _("Application: {application}, installed {version}").format(
                    application=getattr(r["application"], "value", r["application"]),
                    version=r.get("version") or "-",
                )
            )
        if r.get("reschedule_count"):
            count = r["reschedule_count"]
            lines.append(
                ngettext("Rescheduled {count} time.", "Rescheduled {count} times.", count).format(
                    count=count
                )
            )
        if r.get("completed_at"):
            lines.append(
                _("Completed: {when}").format(
                    when=format_datetime(r["completed_at"], zone, show_zone=True)
                )
            )
        events.append(
            {
                **r,
                "uid": f"upgrade-{r['id']}@di-desk",
                "summary": _("Upgrade to {target}: {customer} {cluster}")
                .format(target=r["target"], customer=r["customer"], cluster=r.get("cluster") or "")
                .strip(),
                "start": start,
                "end": end,
                "description": "\n".join(lines),
            }
        )
    return to_ics(events, prodid=UPGRADES_PRODID, properties=UPGRADE_PROPERTIES)


def write_export(
    path: Path,
    fmt: str,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str] | None,
    *,
    kind: str,
    title: str = "DI Desk",
) -> int:
    """Write ``rows`` to ``path`` as ``fmt``; returns the number of rows written.

    The file is written next to ``path`` first and then moved into place, so a
    failure never leaves half a file behind.
    """
    if fmt == "ics" and kind != "maintenance":
        raise ValueError(_("The ics format is only available for maintenance."))
    path = Path(path)
    temp = path.with_name(f".{path.name}.partial")
    try:
        if fmt == "csv":
            with temp.open("w", encoding="utf-8-sig", newline="") as stream:
                writers.write_csv(stream, rows, columns)
        elif fmt == "xlsx":
            writers.write_xlsx(temp, rows, columns, title=title)
        elif fmt == "json":
            selected = rows if columns is None else [{c: r.get(c) for c in columns} for r in rows]
            temp.write_text(writers.to_json(selected) + "\n", encoding="utf-8")
        elif fmt == "ics":
            temp.write_bytes(maintenance_ics(rows))
        else:
            raise ValueError(fmt)
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
    return len(rows)


def default_file_name(kind: str, fmt: str, now: datetime) -> str:
    """``maintenance-2026-03-30.csv``."""
    return f"{kind}-{to_utc(now):%Y-%m-%d}.{fmt}"
