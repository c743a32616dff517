"""Columns and texts of the Maintenance tab's event list.

Times are shown twice (TIME-1): in the region's zone (the zone the windows
are defined in) and in the user's display zone. Notice due, reply-by and the
violations come from :meth:`MaintenanceService.check_row`, which runs the
domain's ``check_event`` for a row the first time the view paints it and
caches the result by ``(id, row_version)``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from di_desk.domain.enums import Region
from di_desk.domain.maintenance import EventCheck
from di_desk.domain.timeutil import zone as tz
from di_desk.i18n import N_, _
from di_desk.i18n.formatting import format_date, format_datetime, format_time
from di_desk.services.maintenance import MaintenanceService
from di_desk.ui.models.lazy_table import Column
from di_desk.ui.qt import QColor

Row = Mapping[str, Any]
LATE = QColor(190, 30, 30)


class ListContext(Protocol):
    """What the columns need of the tab."""

    service: MaintenanceService | None
    display_zone: str


def region_zone(service: MaintenanceService, row: Row) -> str:
    region = row.get("region")
    if isinstance(region, Region):
        return service.region_ref(region).zone
    return "UTC"


def span_text(start: datetime, end: datetime, zone_key: str) -> str:
    """``30 Mar 2026 21:00–23:00 CEST``, or both dates when the span crosses midnight."""
    if start.astimezone(tz(zone_key)).date() == end.astimezone(tz(zone_key)).date():
        return _("{start}–{end}").format(
            start=format_datetime(start, zone_key),
            end=format_time(end, zone_key, show_zone=True),
        )
    return _("{start} – {end}").format(
        start=format_datetime(start, zone_key),
        end=format_datetime(end, zone_key, show_zone=True),
    )


def _day(value: date | datetime | None, zone_key: str | None = None) -> str:
    if value is None:
        return ""
    return format_date(value, tz=zone_key) if isinstance(value, datetime) else format_date(value)


def unique_rules(check: EventCheck) -> list[str]:
    seen: list[str] = []
    for rule in check.rule_ids:
        if rule not in seen:
            seen.append(rule)
    return seen


def violations_tooltip(check: EventCheck) -> str:
    if check.ok:
        return _("No rule is broken.")
    return "\n".join(
        _("{rule}: {message}").format(rule=v.rule, message=v.message) for v in check.violations
    )


def reply_text(check: EventCheck) -> str:
    if check.reply_by is None or check.reply_last_day is None:
        return ""
    return _("{reply_by} (last day {last})").format(
        reply_by=format_date(check.reply_by), last=format_date(check.reply_last_day)
    )


def maintenance_columns(ctx: ListContext) -> tuple[Column, ...]:
    """The list's columns; formatters read the tab's service and display zone when called."""

    def check(row: Row) -> EventCheck | None:
        return ctx.service.check_row(row) if ctx.service is not None else None

    def start_text(value: Any, row: Row) -> str:
        if value is None or ctx.service is None:
            return ""
        return format_datetime(value, region_zone(ctx.service, row), show_zone=True)

    def end_text(value: Any, row: Row) -> str:
        if value is None or ctx.service is None:
            return ""
        key = region_zone(ctx.service, row)
        start = row.get("start")
        if (
            start is not None
            and start.astimezone(tz(key)).date() == value.astimezone(tz(key)).date()
        ):
            return format_time(value, key, show_zone=True)
        return format_datetime(value, key, show_zone=True)

    def your_time(_value: Any, row: Row) -> str:
        if row.get("start") is None or row.get("end") is None:
            return ""
        return span_text(row["start"], row["end"], ctx.display_zone)

    def notice_sent(value: Any, row: Row) -> str:
        if ctx.service is None:
            return ""
        return _day(value, region_zone(ctx.service, row))

    def notice_due(_value: Any, row: Row) -> str:
        result = check(row)
        return _day(result.notice_due) if result else ""

    def notice_colour(_value: Any, row: Row) -> QColor | None:
        result = check(row)
        return LATE if result is not None and result.notice_in_time is False else None

    def notice_tip(_value: Any, row: Row) -> str | None:
        result = check(row)
        if result is None or result.notice_due is None:
            return _("No fixed notice is needed for this type (MAINT-5).")
        if result.notice_in_time is False:
            return _("The notice was sent late (MAINT-5).")
        return _("The notice must be sent on or before this date (MAINT-5).")

    def reply_by(_value: Any, row: Row) -> str:
        result = check(row)
        return reply_text(result) if result else ""

    def violations(_value: Any, row: Row) -> str:
        result = check(row)
        return " ".join(unique_rules(result)) if result else ""

    def violations_tip(_value: Any, row: Row) -> str | None:
        result = check(row)
        return violations_tooltip(result) if result else None

    def zone_tip(_value: Any, row: Row) -> str | None:
        if ctx.service is None:
            return None
        return _("Time zone of the region: {zone}").format(zone=region_zone(ctx.service, row))

    return (
        Column("type", N_("Type"), width=170),
        Column("customer", N_("Customer"), width=170),
        Column("cluster", N_("Cluster"), width=110),
        Column("region", N_("Region"), width=64),
        Column(
            "violations",
            N_("Violations"),
            formatter=violations,
            cell_tooltip=violations_tip,
            sortable=False,
            tooltip=N_("The rules this event breaks; hover for the details"),
            width=130,
        ),
        Column(
            "start",
            N_("Start (region time)"),
            formatter=start_text,
            cell_tooltip=zone_tip,
            tooltip=N_("Start in the time zone of the region whose windows apply"),
            width=165,
        ),
        Column(
            "end",
            N_("End (region time)"),
            formatter=end_text,
            cell_tooltip=zone_tip,
            tooltip=N_("End in the time zone of the region"),
            width=120,
        ),
        Column(
            "your_time",
            N_("Your time"),
            formatter=your_time,
            sortable=False,
            tooltip=N_("Start and end in your display time zone"),
            width=200,
        ),
        Column("notice_sent", N_("Notice sent"), formatter=notice_sent, width=100),
        Column(
            "notice_due",
            N_("Notice due"),
            formatter=notice_due,
            foreground=notice_colour,
            cell_tooltip=notice_tip,
            sortable=False,
            tooltip=N_("The last day the notice may be sent (MAINT-5)"),
            width=100,
        ),
        Column(
            "reply_by",
            N_("Reply by"),
            formatter=reply_by,
            sortable=False,
            tooltip=N_("Reply by this date if the schedule conflicts (MAINT-6)"),
            width=190,
        ),
    )


def event_tooltip(service: MaintenanceService, row: Row, display_zone: str) -> str:
    """Plain-text summary of an event for the week view's tooltip."""
    key = region_zone(service, row)
    result = service.check_row(row)
    event_type = row.get("type")
    lines = [
        getattr(event_type, "label", str(event_type or "")),
        _("{customer} – cluster {cluster}").format(
            customer=row.get("customer") or "", cluster=row.get("cluster") or "-"
        ),
        _("{span} (region time)").format(span=span_text(row["start"], row["end"], key)),
        _("{span} (your time)").format(span=span_text(row["start"], row["end"], display_zone)),
    ]
    lines.extend(
        _("{rule}: {message}").format(rule=v.rule, message=v.message) for v in result.violations
    )
    return "\n".join(lines)


def event_details_html(service: MaintenanceService, row: Row, display_zone: str) -> str:
    """The detail pane under the list for the selected event."""
    key = region_zone(service, row)
    result = service.check_row(row)
    esc = html.escape
    event_type = row.get("type")
    parts = [
        "<b>{}</b> · {}".format(
            esc(getattr(event_type, "label", str(event_type or ""))),
            esc(
                _("{customer} – cluster {cluster}").format(
                    customer=row.get("customer") or "", cluster=row.get("cluster") or "-"
                )
            ),
        ),
        esc(
            _("{region}: {span} · your time: {mine}").format(
                region=getattr(row.get("region"), "label", ""),
                span=span_text(row["start"], row["end"], key),
                mine=span_text(row["start"], row["end"], display_zone),
            )
        ),
    ]
    if result.window is not None:
        parts.append(esc(_("Window: {window}").format(window=result.window.describe())))
    if row.get("reason"):
        parts.append(esc(str(row["reason"])))
    if result.ok:
        parts.append("<span style='color:#2a7a2a'>{}</span>".format(esc(_("No rule is broken."))))
    for v in result.violations:
        parts.append(f"<span style='color:#b41e1e'><b>{esc(v.rule)}</b> {esc(v.message)}</span>")
    return "<br>".join(parts)
