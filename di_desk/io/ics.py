"""ICS (iCalendar) for maintenance: read VEVENTs as FILE-1 rows, write events.

Reading: each VEVENT is one row, numbered from 1 in file order. ``DTSTART``
and ``DTEND`` (or ``DURATION``) give ``start`` and ``end``; the other FILE-1
columns come from ``X-DI-CUSTOMER``, ``X-DI-CLUSTER``, ``X-DI-REGION``,
``X-DI-TYPE``, ``X-DI-NOTICE-SENT``, ``X-DI-CALENDAR``, ``X-DI-REASON``
properties, or from ``key: value`` lines in ``DESCRIPTION``. A floating time
(no ``TZID``, no ``Z``) is a naive time: it needs ``--zone`` like in CSV.

Writing (:func:`to_ics`, the one place VEVENTs are built): one VEVENT per
item with UTC times, a description, and chosen fields as ``X-DI-``
properties. Maintenance writes the FILE-1 fields so the file reads back;
upgrade plans write their own fields (docs/formats.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from di_desk.i18n import _
from di_desk.io.errors import FileReadError
from di_desk.io.safety import check_size
from di_desk.io.tables import RawTable, normalize_header

MAINTENANCE_COLUMNS = (
    "customer",
    "cluster",
    "region",
    "type",
    "start",
    "end",
    "notice_sent",
    "calendar",
    "reason",
)
_X_PREFIX = "X-DI-"
PRODID = "-//DI Desk//Maintenance//EN"


def _value(prop: Any) -> Any:
    """A property's Python value: datetimes and dates as they are, else text.

    A property icalendar could not parse (``2026-02-30``, ``DURATION:soon``) is
    its raw text, so the row parser names the bad cell.
    """
    try:
        inner = getattr(prop, "dt", None)
    except ValueError:  # icalendar's BrokenCalendarProperty
        inner = None
    if inner is not None:
        return inner
    if isinstance(prop, bytes):
        return prop.decode("utf-8", "replace").strip()
    return str(prop).strip()


def _description_pairs(text: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        name = normalize_header(key)
        if sep and name in MAINTENANCE_COLUMNS and name not in pairs:
            pairs[name] = value.strip()
    return pairs


def _event_cells(event: Any) -> dict[str, Any]:
    cells: dict[str, Any] = dict.fromkeys(MAINTENANCE_COLUMNS)
    description = event.get("DESCRIPTION")
    if description is not None:
        for key, value in _description_pairs(str(description)).items():
            cells[key] = value
    for name, prop in event.property_items(recursive=False):
        if name.upper().startswith(_X_PREFIX):
            key = normalize_header(name[len(_X_PREFIX) :])
            if key in cells:
                cells[key] = _value(prop)
    start = event.get("DTSTART")
    end = event.get("DTEND")
    cells["start"] = _value(start) if start is not None else None
    if end is not None:
        cells["end"] = _value(end)
    elif start is not None and event.get("DURATION") is not None:
        duration = _value(event.get("DURATION"))
        begin = cells["start"]
        if isinstance(duration, timedelta) and isinstance(begin, date):
            try:
                cells["end"] = begin + duration
            except OverflowError:
                cells["end"] = None
        else:
            cells["end"] = None if isinstance(duration, timedelta) else duration
    if not cells.get("reason") and event.get("SUMMARY") is not None and cells.get("type") is None:
        cells["reason"] = str(event.get("SUMMARY"))
    for key, value in cells.items():
        if isinstance(value, date) and not isinstance(value, datetime):
            cells[key] = value.isoformat()
    return cells


def read_ics(path: Path) -> RawTable:
    """The VEVENTs of ``path`` as a FILE-1 table."""
    check_size(path)
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(path.read_bytes())
    except OSError as exc:
        raise FileReadError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    except Exception as exc:  # icalendar raises ValueError and others
        raise FileReadError(
            _("{path} is not a readable calendar file (.ics): {reason}").format(
                path=path.name, reason=exc
            )
        ) from None
    rows = [
        (number, _event_cells(event))
        for number, event in enumerate(calendar.walk("VEVENT"), start=1)
    ]
    return RawTable(path, MAINTENANCE_COLUMNS, rows, {c: c for c in MAINTENANCE_COLUMNS})


#: the FILE-1 fields a maintenance calendar carries as X-DI- properties (read back above)
MAINTENANCE_PROPERTIES = (
    "customer",
    "cluster",
    "region",
    "type",
    "notice_sent",
    "calendar",
    "reason",
)


def _property_text(value: Any) -> str:
    """An X-DI- property value: instants as UTC ``...Z``, dates ISO, enums as tokens."""
    from di_desk.io.writers import plain

    value = plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_ics(
    events: Sequence[Mapping[str, Any]],
    *,
    prodid: str = PRODID,
    properties: Sequence[str] = MAINTENANCE_PROPERTIES,
) -> bytes:
    """A calendar with one VEVENT per mapping.

    Each mapping has ``uid``, ``summary``, ``start``/``end`` (aware; written
    in UTC), optionally ``description`` (text), and the keys named in
    ``properties``, written as ``X-DI-<KEY>`` (``notice_sent`` →
    ``X-DI-NOTICE-SENT``) when not empty.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for item in events:
        event = Event()
        event.add("uid", str(item["uid"]))
        event.add("dtstamp", stamp)
        event.add("dtstart", item["start"].astimezone(UTC))
        event.add("dtend", item["end"].astimezone(UTC))
        event.add("summary", str(item.get("summary", "")))
        if item.get("description"):
            event.add("description", str(item["description"]))
        for key in properties:
            value = item.get(key)
            if value not in (None, ""):
                name = _X_PREFIX + key.upper().replace("_", "-")
                event.add(name, _property_text(value))
        calendar.add_component(event)
    return calendar.to_ical()
