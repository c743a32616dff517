"""Customers use cases: details, edits, blackout periods and the backup checklist.

No Qt here; the Customers tab calls these. The rules stay in the domain:
calendars (:func:`~di_desk.domain.calendar.validate_code`, TIME-3), zones
(:func:`~di_desk.domain.timeutil.zone`, TIME-2), release status (REL-6, via
:func:`~di_desk.services.releases.installed_status`), capacity (CAP-1) and the
checklist (BAK-6). Every write goes through
:class:`~di_desk.storage.repositories.Repository` (audited; a stale
``row_version`` raises :class:`~di_desk.storage.errors.StaleEdit`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from peewee import Database, fn

from di_desk.domain.backups import ChecklistItem, backup_checklist
from di_desk.domain.capacity import Capacity, CapacityLine, capacity_lines
from di_desk.domain.enums import Application as AppKind
from di_desk.domain.enums import Region
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import _
from di_desk.services.releases import InstalledStatus, installed_status
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository

#: the editable fields of a customer, in form order
CUSTOMER_FIELDS = (
    "name",
    "region",
    "calendar",
    "zone",
    "sso",
    "contracted_knowledge_workers",
    "contracted_workspace_devices",
    "planned_knowledge_workers",
    "planned_workspace_devices",
)


class CustomerInvalid(ValueError):
    """A customer edit with bad fields; ``errors`` maps field → translated message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


# -- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstalledApplication:
    """REL-6: one application of a cluster with its status on the train."""

    id: int
    kind: AppKind
    version: str
    status: InstalledStatus


@dataclass(frozen=True)
class ClusterInfo:
    id: int
    name: str
    region: Region | None  # None: the customer's
    is_sme: bool
    publisher_region: Region | None
    applications: tuple[InstalledApplication, ...]


@dataclass(frozen=True)
class BlackoutRow:
    """MAINT-11: one blackout period (dates inclusive)."""

    id: int
    row_version: int
    first_day: date
    last_day: date
    note: str


@dataclass(frozen=True)
class CustomerDetail:
    """Everything the Customers tab shows for one customer."""

    row: Mapping[str, Any]  # the stored row (Repository dict, with row_version)
    region: Region | None
    calendar: str  # in force: the customer's, else the region's default
    calendar_is_default: bool
    zone: str
    zone_is_default: bool
    capacity: Capacity
    lines: tuple[CapacityLine, ...]
    clusters: tuple[ClusterInfo, ...]
    blackouts: tuple[BlackoutRow, ...]
    checklist: tuple[ChecklistItem, ...] = field(default=())
    contract: str = ""  # the subscription / contract number of its latest case (CASE-8)

    @property
    def id(self) -> int:
        return int(self.row["id"])

    @property
    def name(self) -> str:
        return str(self.row["name"])

    @property
    def over_capacity(self) -> bool:
        return any(line.over for line in self.lines)


def capacity_of(row: Mapping[str, Any]) -> Capacity | None:
    """CAP-1 counts of a stored customer row (None when a count is negative)."""
    try:
        return Capacity(
            str(row.get("name") or ""),
            int(row.get("contracted_knowledge_workers") or 0),
            int(row.get("contracted_workspace_devices") or 0),
            int(row.get("planned_knowledge_workers") or 0),
            int(row.get("planned_workspace_devices") or 0),
        )
    except ValueError:
        return None


def region_defaults(row: Mapping[str, Any], reference: ReferenceData) -> tuple[str, str]:
    """The calendar code and zone a customer uses without its own (its region's)."""
    region = row.get("region")
    if isinstance(region, Region):
        ref = reference.region(region)
        return ref.calendar, ref.zone
    return reference.partner_calendar, reference.partner_zone


def checklist_ticks(customer_id: int) -> dict[str, datetime]:
    """BAK-6: the ticked items of one customer (item text → when ticked)."""
    C = t.ChecklistItem
    query = C.select(C.text, C.done_at).where(C.customer == customer_id, C.done == True)  # noqa: E712
    return {text: when for text, when in query.tuples() if when is not None}


def _application_order(app: InstalledApplication) -> int:
    """REL-1's order: CUCM, Unity Connection, IM & Presence, CER, Expressway, SME."""
    return list(AppKind).index(app.kind) if isinstance(app.kind, AppKind) else len(AppKind)


def customer_detail(
    db: Database, customer_id: int, reference: ReferenceData
) -> CustomerDetail | None:
    """The customer with its installation, capacity, blackouts and checklist (None: gone)."""
    row = Repository(db, t.Customer).get(customer_id)
    if row is None:
        return None
    calendar_default, zone_default = region_defaults(row, reference)
    region = row["region"] if isinstance(row["region"], Region) else None
    capacity = capacity_of(row) or Capacity(row["name"], 0, 0, 0, 0)
    K, A = t.Cluster, t.Application
    clusters = []
    for cluster in K.select().where(K.customer == customer_id).order_by(fn.LOWER(K.name), K.id):
        apps = [
            InstalledApplication(
                a.id, a.kind, a.version, installed_status(a.version, reference.train)
            )
            for a in A.select().where(A.cluster == cluster.id).order_by(A.id)
        ]
        apps.sort(key=_application_order)
        clusters.append(
            ClusterInfo(
                cluster.id,
                cluster.name,
                cluster.region if isinstance(cluster.region, Region) else None,
                bool(cluster.is_sme),
                cluster.publisher_region if isinstance(cluster.publisher_region, Region) else None,
                tuple(apps),
            )
        )
    B = t.Blackout
    blackouts = tuple(
        BlackoutRow(b.id, b.row_version, b.first_day, b.last_day, b.note or "")
        for b in B.select().where(B.customer == customer_id).order_by(B.first_day, B.id)
    )
    S = t.SupportCase
    latest = (
        S.select(S.contract)
        .where(S.customer == customer_id, S.contract != "")
        .order_by(S.opened_at.desc(nulls="LAST"), S.id.desc())
        .limit(1)
        .tuples()
        .first()
    )
    return CustomerDetail(
        contract=latest[0] if latest else "",
        row=row,
        region=region,
        calendar=row["calendar"] or calendar_default,
        calendar_is_default=not row["calendar"],
        zone=row["zone"] or zone_default,
        zone_is_default=not row["zone"],
        capacity=capacity,
        lines=tuple(capacity_lines(capacity)),
        clusters=tuple(clusters),
        blackouts=blackouts,
        checklist=tuple(backup_checklist(reference, checklist_ticks(customer_id))),
    )


# -- editing a customer ---------------------------------------------------------------------


def validate_customer(
    db: Database, values: Mapping[str, Any], customer_id: int | None = None
) -> dict[str, Any]:
    """The normalised values of a customer form, or :class:`CustomerInvalid`.

    Name required and unique (case-insensitive); region one of MAINT-1's;
    calendar a ``holidays`` code (TIME-3, empty: the region's); zone an IANA
    key (empty: the region's); counts whole and not negative (CAP-1).
    """
    from di_desk.domain.calendar import validate_code
    from di_desk.domain.timeutil import zone

    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    name = str(values.get("name") or "").strip()
    if not name:
        errors["name"] = _("Enter the customer's name.")
    else:
        C = t.Customer
        folded = name.casefold()
        if any(
            other.casefold() == folded and cid != customer_id
            for cid, other in C.select(C.id, C.name).tuples()
        ):
            errors["name"] = _("Another customer is already called {name!r}.").format(name=name)
        out["name"] = name
    region = values.get("region")
    try:
        out["region"] = region if isinstance(region, Region) else Region.parse(str(region or ""))
    except ValueError:
        errors["region"] = _("Choose a region.")
    code = str(values.get("calendar") or "").strip()
    try:
        out["calendar"] = validate_code(code) or None
    except ValueError as exc:
        errors["calendar"] = str(exc)
    key = str(values.get("zone") or "").strip()
    if key:
        try:
            zone(key)
            out["zone"] = key
        except ValueError as exc:
            errors["zone"] = str(exc)
    else:
        out["zone"] = None
    out["sso"] = bool(values.get("sso"))
    for name_ in CUSTOMER_FIELDS[5:]:
        raw = values.get(name_, 0)
        try:
            count = int(raw or 0)
        except (TypeError, ValueError):
            count = -1
        if count < 0:
            errors[name_] = _("Capacity counts cannot be negative.")
        out[name_] = count
    if errors:
        raise CustomerInvalid(errors)
    return out


def save_customer(
    db: Database,
    values: Mapping[str, Any],
    who: str,
    *,
    customer_id: int | None = None,
    row_version: int | None = None,
) -> dict[str, Any]:
    """Create (``customer_id`` None) or update a customer; returns the stored row."""
    clean = validate_customer(db, values, customer_id)
    repo = Repository(db, t.Customer)
    if customer_id is None:
        return repo.create(who, **clean)
    return repo.update(customer_id, row_version, who, **clean)


def delete_customer(db: Database, customer_id: int, row_version: int | None, who: str) -> None:
    """Delete a customer and everything recorded for it (audited)."""
    Repository(db, t.Customer).delete(customer_id, row_version, who)


# -- MAINT-11 blackout periods -----------------------------------------------------------------


def add_blackout(
    db: Database, customer_id: int, first_day: date, last_day: date, note: str, who: str
) -> dict[str, Any]:
    """MAINT-11: a blackout period (dates inclusive); ValueError when it ends before it starts."""
    if last_day < first_day:
        raise ValueError(_("The last day is before the first day."))
    return Repository(db, t.Blackout).create(
        who, customer_id=customer_id, first_day=first_day, last_day=last_day, note=note.strip()
    )


def remove_blackout(db: Database, blackout_id: int, row_version: int | None, who: str) -> None:
    Repository(db, t.Blackout).delete(blackout_id, row_version, who)


# -- BAK-6 backup checklist ---------------------------------------------------------------------


def set_checklist_item(
    db: Database,
    customer_id: int,
    key: str,
    done: bool,
    at: datetime,
    who: str,
    reference: ReferenceData,
) -> None:
    """BAK-6: tick (or untick) the reference item ``key`` for one customer (audited)."""
    if key not in reference.backup_checklist:
        raise ValueError(_("{item!r} is not on the backup checklist.").format(item=key))
    repo = Repository(db, t.ChecklistItem)
    with db.atomic():
        rows = repo.find(customer_id=customer_id, text=key)
        changes = {"done": done, "done_at": to_utc(at) if done else None}
        if rows:
            row = rows[0]
            repo.update(row["id"], row["row_version"], who, **changes)
        else:
            position = list(reference.backup_checklist).index(key) + 1
            repo.create(who, customer_id=customer_id, position=position, text=key, **changes)
