"""Cell parsers shared by every row model: each returns a typed value or
raises :class:`FieldError` with a translated reason.

CSV cells arrive as text; XLSX cells may already be numbers, booleans or
(naive) datetimes. Instants follow SPEC.md section 7: ISO 8601 with an offset
or ``Z``; a naive time needs a zone (``--zone``, or the import dialog's
choice; read there as wall-clock time, DST gaps refused with the first valid
time, TIME-2), and the error without one says where the caller offers it
(:class:`ZoneHint`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar

from di_desk.domain.calendar import validate_code
from di_desk.domain.releases import Version
from di_desk.domain.timeutil import localize, parse_instant, to_utc, zone
from di_desk.i18n import _

E = TypeVar("E", bound=Enum)

_TRUE = frozenset({"true", "yes", "y", "1", "ja", "j", "waar", "on"})
_FALSE = frozenset({"false", "no", "n", "0", "nee", "onwaar", "off"})


class FieldError(ValueError):
    """A cell that cannot be read; the message says why (translated)."""


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text(cell: Any) -> str:
    """The cell as trimmed text; numbers without a spurious ``.0``."""
    if cell.__class__ is str:
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.isoformat()
    return str(cell).strip()


def required_text(cell: Any) -> str:
    value = text(cell)
    if not value:
        raise FieldError(_("a value is required."))
    return value


@lru_cache(maxsize=64)
def _enum_table(enum: type[Enum]) -> dict[str, Enum]:
    """Lower-case keys (value, name, ``-``/space variants) → member, for fast lookups."""
    table: dict[str, Enum] = {}
    for member in enum:
        for key in (str(member.value), member.name):
            low = key.strip().lower()
            for variant in (
                low,
                low.replace(" ", "_"),
                low.replace("_", " "),
                low.replace("-", "_"),
            ):
                table.setdefault(variant, member)
    return table


def enum_lookup(enum: type[E], text: str) -> E | None:
    """The member whose token (or name) is ``text``, case-insensitively; None if none."""
    return _enum_table(enum).get(text.lower())  # type: ignore[return-value]


def allowed_values(enum: type[Enum]) -> str:
    return ", ".join(str(member.value) for member in enum)


def enum_value(cell: Any, enum: type[E]) -> E:
    """Match the cell case-insensitively against the enum's tokens (FILE-1..6)."""
    raw = text(cell)
    if not raw:
        raise FieldError(
            _("a value is required; allowed: {allowed}.").format(allowed=allowed_values(enum))
        )
    member = _enum_table(enum).get(raw.lower())
    if member is None:
        parse = getattr(enum, "parse", None)
        if parse is not None:
            try:
                member = parse(raw)
            except ValueError:
                member = None
    if member is None:
        raise FieldError(
            _("unknown value {value!r}; allowed: {allowed}.").format(
                value=raw, allowed=allowed_values(enum)
            )
        )
    return member  # type: ignore[return-value]


class ZoneHint(Enum):
    """Where the caller lets the user give the zone of times without an offset.

    It decides what the error for such a time advises (TIME-2, SPEC section 7).
    """

    #: nowhere: the time needs an offset
    NONE = "none"
    #: the command line's ``--zone`` option
    CLI = "cli"
    #: the import dialog's "Read times without a zone offset in:" choice
    DIALOG = "dialog"
    #: an import without that choice: File → Import… has it
    MENU = "menu"


def naive_time_message(raw: str, hint: ZoneHint = ZoneHint.NONE) -> str:
    """Why ``raw`` (a time without an offset) cannot be read, and how to fix it."""
    if hint is ZoneHint.CLI:
        text = _("{value!r} has no time zone offset; add one (e.g. +01:00 or Z) or pass --zone.")
    elif hint is ZoneHint.DIALOG:
        text = _(
            "{value!r} has no time zone offset; add one (e.g. +01:00 or Z), or tick "
            "“Read times without a zone offset in:” and choose the zone."
        )
    elif hint is ZoneHint.MENU:
        text = _(
            "{value!r} has no time zone offset; add one (e.g. +01:00 or Z), or import the "
            "file with File → Import…, where you can choose the zone of such times."
        )
    else:
        text = _("{value!r} has no time zone offset; add one (e.g. +01:00 or Z).")
    return text.format(value=raw)


def _naive(
    value: datetime, zone_key: str | None, raw: str, hint: ZoneHint = ZoneHint.NONE
) -> datetime:
    if zone_key is None:
        raise FieldError(naive_time_message(raw, hint))
    try:
        return to_utc(localize(value, zone_key))
    except ValueError as exc:  # NonexistentLocalTime proposes the first valid time
        raise FieldError(str(exc)) from None


def _utc(value: datetime) -> datetime:
    try:
        return to_utc(value)
    except ValueError as exc:  # outside the calendar once moved to UTC
        raise FieldError(str(exc)) from None


#: imported dates and instants must fall in these years: a date outside them is a
#: typo (``20226``), and business time over millennia would take minutes to compute
FIRST_YEAR, LAST_YEAR = 1900, 2199


def _plausible(value: Any, raw: Any) -> Any:
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return value
    shown = raw.isoformat() if isinstance(raw, date) else text(raw)
    raise FieldError(
        _("{value!r} is not a plausible date: DI Desk accepts the years {first}–{last}.").format(
            value=shown[:40], first=FIRST_YEAR, last=LAST_YEAR
        )
    )


def instant(cell: Any, zone_key: str | None, hint: ZoneHint = ZoneHint.NONE) -> datetime:
    """An aware UTC datetime from ISO text (or an XLSX datetime), in a plausible year.

    A time without an offset is read in ``zone_key``; without one it is an
    error whose advice ``hint`` chooses.
    """
    return _plausible(_instant(cell, zone_key, hint), cell)


def _instant(cell: Any, zone_key: str | None, hint: ZoneHint) -> datetime:
    if isinstance(cell, datetime):
        if cell.tzinfo is not None:
            return _utc(cell)
        return _naive(cell, zone_key, cell.isoformat(sep=" "), hint)
    if isinstance(cell, date):
        return _naive(datetime.combine(cell, time()), zone_key, cell.isoformat(), hint)
    raw = text(cell)
    if not raw:
        raise FieldError(_("a date and time is required."))
    try:  # fast path: Python 3.11 reads offsets and "Z" itself
        value = datetime.fromisoformat(raw)
    except ValueError:
        value = None
    if value is not None:
        if value.tzinfo is not None:
            return _utc(value)
        return _naive(value, zone_key, raw, hint)
    try:
        return parse_instant(raw, zone_key)
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def date_or_instant(
    cell: Any, zone_key: str | None, hint: ZoneHint = ZoneHint.NONE
) -> date | datetime:
    """A bare ISO date stays a date; anything else is read as an instant.

    An XLSX date cell (a datetime at midnight without a zone) is a date.
    """
    if isinstance(cell, datetime):
        if cell.tzinfo is None and cell.time() == time():
            return _plausible(cell.date(), cell)
        return instant(cell, zone_key, hint)
    if isinstance(cell, date):
        return _plausible(cell, cell)
    raw = text(cell)
    if len(raw) == 10:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise FieldError(
                _("{value!r} is not a date (YYYY-MM-DD) or a date and time.").format(value=raw)
            ) from None
        return _plausible(day, raw)
    return instant(raw, zone_key, hint)


#: the largest whole number the database stores (SQLite INTEGER, 64 bits)
MAX_INTEGER = 2**63 - 1


def integer(cell: Any, *, minimum: int | None = 0) -> int:
    """A whole number (``1200``, ``1200.0`` from XLSX); not below ``minimum``,
    not above :data:`MAX_INTEGER`."""
    if isinstance(cell, bool):
        raise FieldError(_("{value!r} is not a whole number.").format(value=cell))
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float) and cell.is_integer():
        value = int(cell)
    else:
        raw = text(cell).replace("_", "")
        try:
            value = int(raw)
        except ValueError:
            raise FieldError(_("{value!r} is not a whole number.").format(value=raw)) from None
    if minimum is not None and value < minimum:
        raise FieldError(
            _("{value} is too small; the least allowed is {minimum}.").format(
                value=value, minimum=minimum
            )
        )
    if abs(value) > MAX_INTEGER:
        raise FieldError(
            _("the number is too large; the most allowed is {maximum}.").format(maximum=MAX_INTEGER)
        )
    return value


def boolean(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    raw = text(cell).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise FieldError(_("{value!r} is not true or false.").format(value=text(cell)))


def calendar_code(cell: Any) -> str:
    """A holidays code (``NL``, ``AU-ACT``, ``US-NY``), normalized to upper case."""
    raw = text(cell)
    try:
        return validate_code(raw)
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def zone_key(cell: Any) -> str:
    """An IANA zone key (``Europe/Amsterdam``)."""
    raw = text(cell)
    try:
        zone(raw)
    except ValueError as exc:
        raise FieldError(str(exc)) from None
    return raw


def version(cell: Any) -> str:
    """REL-6 notation, normalized: ``15.0 su2`` → ``15.0 SU2``."""
    try:
        return str(Version.parse(text(cell)))
    except ValueError as exc:
        raise FieldError(str(exc)) from None
