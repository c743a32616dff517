"""Row models of the import files (SPEC.md FILE-1, 3, 4, 5, 6 and certificates).

:func:`parse_rows` reads every data row of a :class:`~di_desk.io.tables.RawTable`
into a frozen dataclass of typed values and collects a
:class:`~di_desk.io.errors.RowError` for every bad cell, so one pass reports
all problems. Rules that need the database (does the customer exist?) use
the :class:`ParseContext`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from di_desk.domain.enums import (
    Application,
    BackupResult,
    CaseCategory,
    Impact,
    MaintenanceType,
    Region,
    Urgency,
)
from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.i18n import N_, _
from di_desk.io import fields as f
from di_desk.io.errors import RowError
from di_desk.io.tables import Cell, RawTable


@dataclass(frozen=True)
class KnownCustomer:
    """A customer the database (or an earlier row) knows: what other rows need of it."""

    name: str
    region: Region | None = None
    calendar: str | None = None
    zone: str | None = None
    sso: bool = False
    id: int | None = None


@dataclass
class ParseContext:
    """What row parsing may consult besides the row itself.

    ``zone`` is the zone of naive times (``--zone``, the import dialog's
    choice), ``zone_hint`` where the caller lets the user give one (what
    the error for a naive time without it advises); ``customers`` maps the
    case-folded name to a :class:`KnownCustomer`, or is None when no
    database is at hand (then customer names are not checked). With
    ``require_known`` False a customer missing from ``customers`` is no error
    (``check`` only uses them to fill an empty region).
    """

    zone: str | None = None
    reference: ReferenceData = DEFAULT_REFERENCE
    customers: Mapping[str, KnownCustomer] | None = None
    require_known: bool = True
    zone_hint: f.ZoneHint = f.ZoneHint.NONE
    #: an event that does not end after its start is a row error (import);
    #: ``check`` leaves it to the rules, where it is a MAINT-3 violation
    require_order: bool = True

    def customer(self, name: str) -> KnownCustomer | None:
        if self.customers is None:
            return None
        return self.customers.get(name.casefold())


#: longest message of one bad cell (a cell of 100,000 characters is cut in the middle)
MAX_MESSAGE = 400


class _Row:
    """Reads the cells of one row, turning each FieldError into a RowError."""

    __slots__ = ("cells", "errors", "number")

    def __init__(self, number: int, cells: dict[str, Cell], errors: list[RowError]):
        self.number = number
        self.cells = cells
        self.errors = errors

    def fail(self, column: str, message: str) -> None:
        if len(message) > MAX_MESSAGE:  # a huge cell quoted in full would hide the reason
            message = message[: MAX_MESSAGE // 2] + " … " + message[-MAX_MESSAGE // 4 :]
        self.errors.append(RowError(self.number, column, message))

    def errors_in_row(self) -> bool:
        return bool(self.errors) and self.errors[-1].row == self.number

    def get(self, column: str, parse: Callable[..., Any], *args: Any) -> Any:
        """A required cell, parsed; None (and an error recorded) when bad."""
        try:
            return parse(self.cells.get(column), *args)
        except f.FieldError as exc:
            self.fail(column, str(exc))
            return None

    def opt(self, column: str, parse: Callable[..., Any], *args: Any, default: Any = None) -> Any:
        """An optional cell: ``default`` when blank or absent."""
        cell = self.cells.get(column)
        if f.is_blank(cell):
            return default
        return self.get(column, parse, *args)

    def customer(self, ctx: ParseContext, column: str = "customer") -> str | None:
        name = self.get(column, f.required_text)
        if name is None:
            return None
        if ctx.customers is not None:
            known = ctx.customer(name)
            if known is None and not ctx.require_known:
                return name
            if known is None:
                self.fail(
                    column,
                    _("unknown customer {name!r}; import the customers first.").format(name=name),
                )
                return None
            return known.name
        return name


# -- the row models -----------------------------------------------------------------


@dataclass(frozen=True)
class CustomerRow:
    """FILE-5. ``calendar`` and ``zone`` are resolved (defaults from the region)."""

    row: int
    name: str
    region: Region
    calendar: str
    zone: str
    sso: bool = False


@dataclass(frozen=True)
class ApplicationRow:
    """FILE-6."""

    row: int
    customer: str
    cluster: str
    application: Application
    version: str
    publisher_region: Region | None = None


@dataclass(frozen=True)
class CaseRow:
    """FILE-3. ``impact`` is resolved from ``affected``/``total`` when empty (CASE-1)."""

    row: int
    customer: str
    opened: datetime
    impact: Impact
    urgency: Urgency
    contract: str
    rep_name: str
    rep_phone: str
    rep_email: str
    problem: str
    acknowledged: datetime | None = None
    calendar: str | None = None
    category: CaseCategory | None = None
    affected: int | None = None
    total: int | None = None
    provider_ref: str = ""


@dataclass(frozen=True)
class MaintenanceRow:
    """FILE-1. ``region`` is resolved (the row's, else the customer's);
    ``calendar`` is the row's, else the customer's, else None (region default)."""

    row: int
    customer: str
    cluster: str
    region: Region
    type: MaintenanceType
    start: datetime
    end: datetime
    notice_sent: date | datetime | None = None
    calendar: str | None = None
    reason: str = ""


class BackupRow(NamedTuple):
    """FILE-4 (a named tuple: imports of 100,000s of rows build one per row)."""

    row: int
    customer: str
    application: Application
    taken_at: datetime
    result: BackupResult
    size_bytes: int | None = None


@dataclass(frozen=True)
class CertificateRow:
    """Certificates: one UC application certificate and its expiry (MAINT-10)."""

    row: int
    customer: str
    name: str
    expires_at: datetime
    cluster: str = ""
    application: Application | None = None


# -- parsers ------------------------------------------------------------------------


def _customer(r: _Row, ctx: ParseContext) -> CustomerRow | None:
    name = r.get("name", f.required_text)
    region = r.get("region", f.enum_value, Region)
    calendar = r.opt("calendar", f.calendar_code)
    zone = r.opt("zone", f.zone_key)
    sso = r.opt("sso", f.boolean, default=False)
    if name is None or region is None or r.errors_in_row():
        return None
    ref = ctx.reference.region(region)
    return CustomerRow(r.number, name, region, calendar or ref.calendar, zone or ref.zone, sso)


def _application(r: _Row, ctx: ParseContext) -> ApplicationRow | None:
    customer = r.customer(ctx)
    cluster = r.get("cluster", f.required_text)
    app = r.get("application", f.enum_value, Application)
    ver = r.get("version", f.version)
    publisher = r.opt("publisher_region", f.enum_value, Region)
    if r.errors_in_row():
        return None
    return ApplicationRow(r.number, customer, cluster, app, ver, publisher)


def _case(r: _Row, ctx: ParseContext) -> CaseRow | None:
    from di_desk.domain.case_validation import (
        is_valid_contract,
        is_valid_email,
        is_valid_phone,
        phone_regions_for,
    )
    from di_desk.domain.cases import impact_for_share

    customer = r.customer(ctx)
    opened = r.get("opened", f.instant, ctx.zone, ctx.zone_hint)
    urgency = r.get("urgency", f.enum_value, Urgency)
    affected = r.opt("affected", f.integer)
    total = r.opt("total", f.integer)
    impact = r.opt("impact", f.enum_value, Impact)
    if impact is None and f.is_blank(r.cells.get("impact")):
        if affected is None or total is None:
            r.fail(
                "impact",
                _(
                    "a value is required (or give the affected and total counts); "
                    "allowed: {allowed}."
                ).format(allowed=f.allowed_values(Impact)),
            )
        else:
            try:
                impact = impact_for_share(affected, total)
            except ValueError as exc:
                r.fail("affected", str(exc))
    contract = r.get("contract", f.required_text)
    if contract is not None and not is_valid_contract(contract):
        r.fail(
            "contract",
            _("{value!r} is not a subscription or contract number.").format(value=contract),
        )
    rep_name = r.get("rep_name", f.required_text)
    rep_phone = r.get("rep_phone", f.required_text)
    if rep_phone is not None and not is_valid_phone(rep_phone, phone_regions_for(ctx.reference)):
        r.fail("rep_phone", _("{value!r} is not a valid phone number.").format(value=rep_phone))
    rep_email = r.get("rep_email", f.required_text)
    if rep_email is not None and not is_valid_email(rep_email):
        r.fail("rep_email", _("{value!r} is not a valid e-mail address.").format(value=rep_email))
    problem = r.get("problem", f.required_text)
    acknowledged = r.opt("acknowledged", f.instant, ctx.zone, ctx.zone_hint)
    calendar = r.opt("calendar", f.calendar_code)
    category = r.opt("category", f.enum_value, CaseCategory)
    provider_ref = f.text(r.cells.get("provider_ref"))
    if opened is not None and acknowledged is not None and acknowledged < opened:
        r.fail("acknowledged", _("the acknowledgement is before the case was opened."))
    if r.errors_in_row():
        return None
    return CaseRow(
        r.number, customer, opened, impact, urgency, contract, rep_name, rep_phone,
        rep_email, problem, acknowledged, calendar, category, affected, total, provider_ref,
    )  # fmt: skip


def _maintenance(r: _Row, ctx: ParseContext) -> MaintenanceRow | None:
    customer = r.get("customer", f.required_text)
    known = ctx.customer(customer) if customer is not None else None
    if customer is not None and ctx.customers is not None and known is None and ctx.require_known:
        r.fail(
            "customer",
            _("unknown customer {name!r}; import the customers first.").format(name=customer),
        )
    cluster = r.get("cluster", f.required_text)
    region = r.opt("region", f.enum_value, Region)
    if region is None and f.is_blank(r.cells.get("region")):
        if known is not None and known.region is not None:
            region = known.region
        else:
            r.fail(
                "region",
                _(
                    "a region is required when the customer is not in the database; "
                    "allowed: {allowed}."
                ).format(allowed=f.allowed_values(Region)),
            )
    kind = r.get("type", f.enum_value, MaintenanceType)
    start = r.get("start", f.instant, ctx.zone, ctx.zone_hint)
    end = r.get("end", f.instant, ctx.zone, ctx.zone_hint)
    notice = r.opt("notice_sent", f.date_or_instant, ctx.zone, ctx.zone_hint)
    calendar = r.opt("calendar", f.calendar_code)
    if calendar is None and known is not None:
        calendar = known.calendar
    reason = f.text(r.cells.get("reason"))
    if ctx.require_order and start is not None and end is not None and end <= start:
        r.fail("end", _("the end is not after the start."))
    if r.errors_in_row():
        return None
    return MaintenanceRow(
        r.number, known.name if known else customer, cluster, region, kind, start, end,
        notice, calendar, reason,
    )  # fmt: skip


def _backup_fast(number: int, cells: dict[str, Cell], ctx: ParseContext) -> BackupRow | None:
    """The common case of FILE-4 without per-cell bookkeeping; None sends the row
    through the full parser, which names every problem."""
    name, app, taken, result = (
        cells.get("customer"), cells.get("application"), cells.get("taken_at"), cells.get("result"),
    )  # fmt: skip
    if not (name.__class__ is app.__class__ is taken.__class__ is result.__class__ is str):
        return None
    if ctx.customers is not None:
        known = ctx.customers.get(name.casefold())
        if known is None:
            return None
        name = known.name
    application = f.enum_lookup(Application, app)
    outcome = f.enum_lookup(BackupResult, result)
    try:
        when = datetime.fromisoformat(taken)
    except ValueError:
        return None
    if when.tzinfo is None or application is None or outcome is None or not name:
        return None
    size = cells.get("size_bytes")
    if size:
        if size.__class__ is not str or not (size.isascii() and size.isdigit()) or len(size) > 18:
            return None
        size = int(size)
    else:
        size = None
    try:
        when = when.astimezone(UTC)
    except OverflowError:  # the full parser names the problem
        return None
    if not f.FIRST_YEAR <= when.year <= f.LAST_YEAR:
        return None
    return BackupRow(number, name, application, when, outcome, size)


def _backup(r: _Row, ctx: ParseContext) -> BackupRow | None:
    fast = _backup_fast(r.number, r.cells, ctx)
    if fast is not None:
        return fast
    customer = r.customer(ctx)
    app = r.get("application", f.enum_value, Application)
    taken = r.get("taken_at", f.instant, ctx.zone, ctx.zone_hint)
    result = r.get("result", f.enum_value, BackupResult)
    size = r.opt("size_bytes", f.integer)
    if r.errors_in_row():
        return None
    return BackupRow(r.number, customer, app, taken, result, size)


def _certificate_expiry(
    cell: Cell, zone_key: str | None, customer_zone: str | None, hint: f.ZoneHint
) -> datetime:
    """An instant; a bare date is midnight in ``--zone``, else the customer's zone."""
    value = f.date_or_instant(cell, zone_key, hint)
    if isinstance(value, datetime):
        return value
    return f.instant(value, zone_key or customer_zone, hint)


def _certificate(r: _Row, ctx: ParseContext) -> CertificateRow | None:
    customer = r.customer(ctx)
    known = ctx.customer(customer) if customer else None
    name = r.get("name", f.required_text)
    expires = r.get(
        "expires_at", _certificate_expiry, ctx.zone, known.zone if known else None, ctx.zone_hint
    )
    cluster = f.text(r.cells.get("cluster"))
    app = r.opt("application", f.enum_value, Application)
    if r.errors_in_row():
        return None
    return CertificateRow(r.number, customer, name, expires, cluster, app)


# -- kinds --------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """An importable kind: its columns, its row parser and what it is called
    (``title``, a message: translate it with ``_()`` when shown)."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    parse: Callable[[_Row, ParseContext], Any] = field(repr=False)
    title: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


#: every importable kind, customers first (the other kinds refer to them)
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "customers",
            ("name", "region"),
            ("calendar", "zone", "sso"),
            _customer,
            N_("Customers"),
        ),
        Kind(
            "applications",
            ("customer", "cluster", "application", "version"),
            ("publisher_region",),
            _application,
            N_("Applications"),
        ),
        Kind(
            "cases",
            (
                "customer",
                "opened",
                "urgency",
                "contract",
                "rep_name",
                "rep_phone",
                "rep_email",
                "problem",
            ),
            ("impact", "affected", "total", "acknowledged", "calendar", "category", "provider_ref"),
            _case,
            N_("Support cases"),
        ),
        Kind(
            "maintenance",
            ("customer", "cluster", "type", "start", "end"),
            ("region", "notice_sent", "calendar", "reason"),
            _maintenance,
            N_("Maintenance schedule"),
        ),
        Kind(
            "backups",
            ("customer", "application", "taken_at", "result"),
            ("size_bytes",),
            _backup,
            N_("Backups"),
        ),
        Kind(
            "certificates",
            ("customer", "name", "expires_at"),
            ("cluster", "application"),
            _certificate,
            N_("Certificates"),
        ),
    )
}


def parse_rows(
    kind: str, table: RawTable, ctx: ParseContext | None = None
) -> tuple[list[Any], list[RowError]]:
    """Every row of ``table`` as a model of ``kind``, and every problem found.

    Raises FileReadError when a required column is missing from the header.
    Rows with errors are left out of the models; the errors are in row order.
    """
    spec = KINDS[kind]
    table.require(spec.required)
    ctx = ctx or ParseContext()
    models: list[Any] = []
    errors: list[RowError] = []
    for number, cells in table.rows:
        model = spec.parse(_Row(number, cells, errors), ctx)
        if model is not None:
            models.append(model)
    return models, errors


def parse_one(
    kind: str, number: int, cells: dict[str, Cell], ctx: ParseContext
) -> tuple[Any, list[RowError]]:
    """One row of ``kind``: the model (or None) and its errors."""
    errors: list[RowError] = []
    model = KINDS[kind].parse(_Row(number, cells, errors), ctx)
    return model, errors
