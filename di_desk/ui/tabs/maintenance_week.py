"""What the Maintenance tab's week view shows for the list's filter.

* The regions whose windows are drawn: the filter's region, else the regions
  of the filtered customer's clusters (MAINT-2), else every region.
* The week's events matching the filter, each with its rule ids (the domain's
  check, cached by the service) and a tooltip.
* The blackout days (MAINT-11) of one customer: the filter's, else the
  selected event's; every customer's at once would cover every week.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from di_desk.domain.enums import Region
from di_desk.domain.reference import RegionRef
from di_desk.i18n import _
from di_desk.i18n.formatting import format_date
from di_desk.services.listing import ListQuery
from di_desk.services.maintenance import MaintenanceService
from di_desk.ui.tabs.maintenance_columns import event_tooltip, unique_rules
from di_desk.ui.widgets.week_layout import WeekBlackout, WeekData, WeekEvent


def parse_choice(kind: type, value: Any) -> Any:
    """A filter combo's value (Qt hands enum members back as plain text) as ``kind``."""
    try:
        return kind(value) if value is not None else None
    except ValueError:
        return None


def regions_for_filter(service: MaintenanceService, filters: Mapping[str, Any]) -> list[RegionRef]:
    """The regions whose windows the week view draws for the list's filter."""
    reference = service.reference
    region = parse_choice(Region, filters.get("region"))
    if region is not None:
        return [reference.region(region)]
    customer_id = filters.get("customer_id")
    if customer_id is not None:
        regions = {c.region for c in service.clusters(customer_id) if c.region}
        customer = service.customer(customer_id)
        if customer is not None and customer.region is not None:
            regions.add(customer.region)
        if regions:
            return [reference.region(r) for r in Region if r in regions]
    return [reference.region(r) for r in Region if r in reference.regions]


def week_data(
    service: MaintenanceService,
    query: ListQuery,
    display_zone: str,
    blackout_customer: int | None,
    start: datetime,
    end: datetime,
) -> WeekData:
    """The events of ``[start, end)`` matching ``query`` and one customer's blackouts."""
    rows = service.events_between(start, end, query)
    events = [
        WeekEvent(
            id=int(row["id"]),
            region=row["region"],
            start_utc=row["start"],
            end_utc=row["end"],
            title=str(row.get("customer") or ""),
            tooltip=event_tooltip(service, row, display_zone),
            rules=tuple(unique_rules(service.check_row(row))),
        )
        for row in rows
        if isinstance(row.get("region"), Region)
    ]
    ids = [blackout_customer] if blackout_customer is not None else []
    blackouts = []
    for customer, period in service.blackouts_between(ids, start, end):
        lo, hi = period.bounds(customer.zone or "UTC")
        text = _("Blackout of {customer}: {first} – {last}").format(
            customer=customer.name,
            first=format_date(period.first_day),
            last=format_date(period.last_day),
        )
        if period.note:
            text += f" ({period.note})"
        blackouts.append(WeekBlackout(customer.name, lo, hi, text))
    return WeekData(events, blackouts)
