"""The FILE-2 check of a FILE-1 maintenance schedule, row by row.

Shared by ``di-desk check maintenance`` and the GUI's import preview: every
readable row goes through the domain's
:func:`~di_desk.domain.maintenance.check_event`; a row that cannot be read
gets the violation ``FILE-1`` and a message naming every bad column.
Nothing here writes to the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.i18n import _
from di_desk.io.errors import RowError
from di_desk.io.fields import ZoneHint
from di_desk.io.rows import KINDS, KnownCustomer, MaintenanceRow, ParseContext, parse_one
from di_desk.io.tables import RawTable, read_table, sniff_format

if TYPE_CHECKING:
    from di_desk.domain.maintenance import EventCheck

#: FILE-2's window and dates (None when they do not apply)
FILE2_DATES = ("window_start", "window_end", "notice_due", "reply_by", "reply_last_day")
#: The keys of FILE-2, in order; more follow them (customer, cluster, …).
FILE2_KEYS = ("row", "violations", "messages", *FILE2_DATES)


def file2_fields(result: EventCheck) -> dict[str, Any]:
    """FILE-2's fields (all but ``row``, in order) of one ``check_event`` result.

    Shared by the file check and the stored-events report
    (:func:`di_desk.services.schedule.maintenance_report`).
    """
    return {
        "violations": result.rule_ids,
        "messages": result.messages,
        "window_start": result.window_start,
        "window_end": result.window_end,
        "notice_due": result.notice_due,
        "reply_by": result.reply_by,
        "reply_last_day": result.reply_last_day,
    }


def read_schedule(path: Path) -> RawTable:
    """A FILE-1 schedule from CSV, XLSX or ICS; FileReadError when unreadable."""
    if sniff_format(path) == "ics":
        from di_desk.io.ics import read_ics

        table = read_ics(path)
    else:
        table = read_table(path)
    table.require(KINDS["maintenance"].required)
    return table


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
        **dict.fromkeys(FILE2_DATES),
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
        **file2_fields(result),
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
    zone_hint: ZoneHint = ZoneHint.CLI,
) -> list[dict[str, Any]]:
    """FILE-2 results, one per data row of ``table``, in file order.

    ``zone_hint``: where the user can give the zone of times without an offset
    (``di-desk check``: its ``--zone``).
    """
    pctx = ParseContext(
        zone=zone,
        zone_hint=zone_hint,
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
