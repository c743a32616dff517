"""Importing validated rows into the store (FILE-1, 3, 4, 5, 6, certificates).

The CLI (and the GUI's import dialog) read a file into row models with
:mod:`di_desk.io.rows`, then call :func:`check_rows` for the rules that need
the database (duplicates, clusters and applications that must exist) and
:func:`write_rows` to insert everything in one transaction. Nothing is
written when any row is bad.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peewee import Database

from di_desk.domain.cases import customer_calendar, response_due, response_due_many, severity_for
from di_desk.domain.enums import Application, CaseStatus, Region, Severity
from di_desk.domain.maintenance import parse_emergency_reason
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import _
from di_desk.io.errors import RowError
from di_desk.io.rows import (
    ApplicationRow,
    BackupRow,
    CaseRow,
    CertificateRow,
    CustomerRow,
    KnownCustomer,
    MaintenanceRow,
)
from di_desk.services.user import current_user
from di_desk.storage import tables as t
from di_desk.storage.bulk import bulk_insert
from di_desk.storage.fields import to_epoch

CHUNK = 5_000


#: a calendar's share of a case import from which response dues are computed as arrays
BULK_DUE_ROWS = 256


@contextlib.contextmanager
def read_only_store(path: Path) -> Iterator[Database]:
    """The database at ``path`` opened read-only (``check`` never writes, FILE-1).

    The tables are bound to it for the duration of the ``with`` block.
    """
    from peewee import SqliteDatabase

    uri = Path(path).resolve().as_uri() + "?mode=ro"
    db = SqliteDatabase(uri, uri=True, pragmas=[("query_only", 1)])
    db.connect()
    try:
        with db.bind_ctx(t.ALL_MODELS, bind_refs=False, bind_backrefs=False):
            yield db
    finally:
        db.close()


def known_customers(reference: ReferenceData) -> dict[str, KnownCustomer]:
    """Every customer keyed by case-folded name; calendar and zone resolved from
    the region when the customer has none."""
    result: dict[str, KnownCustomer] = {}
    query = t.Customer.select(
        t.Customer.id, t.Customer.name, t.Customer.region, t.Customer.calendar,
        t.Customer.zone, t.Customer.sso,
    ).tuples()  # fmt: skip
    for cid, name, region, calendar, zone, sso in query:
        region = region if isinstance(region, Region) else None
        ref = reference.region(region) if region is not None else None
        result[name.casefold()] = KnownCustomer(
            name=name,
            region=region,
            calendar=calendar or (ref.calendar if ref else None),
            zone=zone or (ref.zone if ref else None),
            sso=bool(sso),
            id=cid,
        )
    return result


def blackouts_by_customer(customers: dict[str, KnownCustomer]) -> dict[str, list[Any]]:
    """MAINT-11: each customer's blackout periods as domain values (by case-folded name)."""
    from di_desk.domain.maintenance import Blackout

    names = {c.id: c for c in customers.values()}
    result: dict[str, list[Any]] = {}
    query = t.Blackout.select(
        t.Blackout.customer, t.Blackout.first_day, t.Blackout.last_day, t.Blackout.note
    ).tuples()
    for cid, first, last, note in query:
        known = names.get(cid)
        if known is None or last < first:
            continue
        result.setdefault(known.name.casefold(), []).append(
            Blackout(first, last, known.name, note or "", known.zone)
        )
    return result


# -- checks that need the store --------------------------------------------------------


def _clusters() -> dict[tuple[int, str], int]:
    query = t.Cluster.select(t.Cluster.id, t.Cluster.customer, t.Cluster.name).tuples()
    return {(cust, name.casefold()): cid for cid, cust, name in query}


def _applications() -> dict[tuple[int, Application], int]:
    query = t.Application.select(t.Application.id, t.Application.cluster, t.Application.kind)
    return {(cluster, kind): aid for aid, cluster, kind in query.tuples()}


def check_rows(
    kind: str, models: Sequence[Any], customers: dict[str, KnownCustomer]
) -> list[RowError]:
    """Problems only the store (or the whole file) can show: duplicates in the
    file, certificates naming a cluster or application that does not exist."""
    errors: list[RowError] = []
    if kind == "customers":
        seen: dict[str, int] = {}
        for row in models:
            key = row.name.casefold()
            if key in seen:
                errors.append(
                    RowError(
                        row.row,
                        "name",
                        _("the customer {name!r} is already in row {first}.").format(
                            name=row.name, first=seen[key]
                        ),
                    )
                )
            seen.setdefault(key, row.row)
    elif kind == "applications":
        seen_app: dict[tuple[str, str, Application], int] = {}
        for row in models:
            app_key = (row.customer.casefold(), row.cluster.casefold(), row.application)
            if app_key in seen_app:
                errors.append(
                    RowError(
                        row.row,
                        "application",
                        _("{application} on cluster {cluster} is already in row {first}.").format(
                            application=row.application.value,
                            cluster=row.cluster,
                            first=seen_app[app_key],
                        ),
                    )
                )
            seen_app.setdefault(app_key, row.row)
    elif kind == "certificates":
        clusters = _clusters()
        apps = _applications()
        for row in models:
            if not row.cluster:
                continue
            customer = customers[row.customer.casefold()]
            cluster_id = clusters.get((customer.id, row.cluster.casefold()))
            if cluster_id is None:
                errors.append(
                    RowError(
                        row.row,
                        "cluster",
                        _("unknown cluster {cluster!r}; import the applications first.").format(
                            cluster=row.cluster
                        ),
                    )
                )
            elif row.application is not None and (cluster_id, row.application) not in apps:
                errors.append(
                    RowError(
                        row.row,
                        "application",
                        _("cluster {cluster!r} has no {application}; import it first.").format(
                            cluster=row.cluster, application=row.application.value
                        ),
                    )
                )
    return errors


# -- writing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    kind: str
    added: int
    updated: int = 0


def _ensure_cluster(
    clusters: dict[tuple[int, str], int], customer_id: int, name: str, **values: Any
) -> int:
    key = (customer_id, name.casefold())
    cluster_id = clusters.get(key)
    if cluster_id is None:
        cluster_id = t.Cluster.insert(customer=customer_id, name=name, **values).execute()
        clusters[key] = cluster_id
    elif values:
        t.Cluster.update(row_version=t.Cluster.row_version + 1, **values).where(
            t.Cluster.id == cluster_id
        ).execute()
    return cluster_id


def _write_customers(
    rows: Sequence[CustomerRow], customers: dict[str, KnownCustomer]
) -> tuple[int, int]:
    added = updated = 0
    new = []
    for row in rows:
        values = {"region": row.region, "calendar": row.calendar, "zone": row.zone, "sso": row.sso}
        known = customers.get(row.name.casefold())
        if known is None:
            new.append({"name": row.name, **values})
        else:
            t.Customer.update(row_version=t.Customer.row_version + 1, **values).where(
                t.Customer.id == known.id
            ).execute()
            updated += 1
    if new:
        added = bulk_insert(t.Customer._meta.database, t.Customer, new)
    return added, updated


def _write_applications(
    rows: Sequence[ApplicationRow], customers: dict[str, KnownCustomer]
) -> tuple[int, int]:
    clusters = _clusters()
    apps = _applications()
    added = updated = 0
    for row in rows:
        customer = customers[row.customer.casefold()]
        extra: dict[str, Any] = {}
        if row.application is Application.SME:
            extra["is_sme"] = True
        if row.publisher_region is not None:
            extra["publisher_region"] = row.publisher_region
        cluster_id = _ensure_cluster(clusters, customer.id, row.cluster, **extra)
        app_id = apps.get((cluster_id, row.application))
        if app_id is None:
            apps[(cluster_id, row.application)] = t.Application.insert(
                cluster=cluster_id, kind=row.application, version=row.version
            ).execute()
            added += 1
        else:
            t.Application.update(
                version=row.version, row_version=t.Application.row_version + 1
            ).where(t.Application.id == app_id).execute()
            updated += 1
    return added, updated


def case_dues(
    severities: Sequence[Severity],
    opened: Sequence[datetime],
    calendars: Sequence[tuple[str, str]],
    reference: ReferenceData,
) -> list[datetime]:
    """CASE-5 for imported cases: each one's response due (UTC).

    Cases are grouped by calendar (holidays code, zone); a group of at least
    :data:`BULK_DUE_ROWS` goes through the array path
    (:func:`~di_desk.domain.cases.response_due_many`, the same results), a
    smaller one case by case (loading NumPy would cost more than it saves).
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(calendars):
        groups.setdefault(key, []).append(i)
    dues: dict[int, datetime] = {}
    for (code, zone), members in groups.items():
        calendar = customer_calendar(code, zone, reference)
        if len(members) >= BULK_DUE_ROWS:
            stamps = response_due_many(
                [severities[i] for i in members],
                [opened[i].timestamp() for i in members],
                calendar,
                reference,
            )
            for i, stamp in zip(members, stamps, strict=True):
                dues[i] = datetime.fromtimestamp(stamp, UTC)
        else:
            for i in members:
                dues[i] = response_due(severities[i], opened[i], calendar, reference)
    return [dues[i] for i in range(len(opened))]


def _write_cases(
    rows: Sequence[CaseRow], customers: dict[str, KnownCustomer], reference: ReferenceData
) -> int:
    severities = [severity_for(row.urgency, row.impact, reference) for row in rows]
    calendars = []
    for row in rows:
        customer = customers[row.customer.casefold()]
        code = row.calendar or customer.calendar or reference.partner_calendar
        calendars.append((code, customer.zone or reference.partner_zone))
    dues = case_dues(severities, [row.opened for row in rows], calendars, reference)
    out = []
    for row, severity, due in zip(rows, severities, dues, strict=True):
        customer = customers[row.customer.casefold()]
        out.append(
            {
                "customer": customer.id,
                "opened_at": row.opened,
                "impact": row.impact,
                "urgency": row.urgency,
                "severity": severity,
                "status": CaseStatus.ACKNOWLEDGED if row.acknowledged else CaseStatus.OPENED,
                "category": row.category,
                "acknowledged_at": row.acknowledged,
                "response_due": due,
                "contract": row.contract,
                "rep_name": row.rep_name,
                "rep_phone": row.rep_phone,
                "rep_email": row.rep_email,
                "problem": row.problem,
                "calendar": row.calendar,
                "provider_ref": row.provider_ref,
            }
        )
    return bulk_insert(t.SupportCase._meta.database, t.SupportCase, out) if out else 0


def _write_maintenance(rows: Sequence[MaintenanceRow], customers: dict[str, KnownCustomer]) -> int:
    clusters = _clusters()
    out = []
    for row in rows:
        customer = customers[row.customer.casefold()]
        reason = parse_emergency_reason(row.reason)
        out.append(
            {
                "customer": customer.id,
                "cluster": _ensure_cluster(clusters, customer.id, row.cluster),
                "region": row.region,
                "type": row.type,
                "start": row.start,
                "end": row.end,
                "notice_sent": row.notice_sent,
                "calendar": row.calendar,
                "reason": row.reason,
                "emergency_reason": reason.value if reason else "",
            }
        )
    return bulk_insert(t.MaintenanceEvent._meta.database, t.MaintenanceEvent, out) if out else 0


def _write_backups(
    rows: Sequence[BackupRow], customers: dict[str, KnownCustomer], source: str
) -> int:
    """The hot path (FILE-4, 100,000s of rows): plain tuples, one prepared statement."""
    db = t.Backup._meta.database
    ids = {key: c.id for key, c in customers.items()}
    sql, _params = t.Backup.insert_many(
        [[None] * 6],
        fields=[
            t.Backup.customer, t.Backup.application, t.Backup.taken_at, t.Backup.result,
            t.Backup.size_bytes, t.Backup.source,
        ],
    ).sql()  # fmt: skip
    cursor = db.cursor()
    values = [
        (
            ids[r.customer.casefold()],
            r.application,  # str enums bind as their token
            to_epoch(r.taken_at),
            r.result,
            r.size_bytes,
            source,
        )
        for r in rows
    ]
    for start in range(0, len(values), CHUNK * 4):
        cursor.executemany(sql, values[start : start + CHUNK * 4])
    return len(values)


def _write_certificates(rows: Sequence[CertificateRow], customers: dict[str, KnownCustomer]) -> int:
    clusters = _clusters()
    apps = _applications()
    out = []
    for row in rows:
        customer = customers[row.customer.casefold()]
        cluster_id = clusters.get((customer.id, row.cluster.casefold())) if row.cluster else None
        app_id = (
            apps.get((cluster_id, row.application))
            if cluster_id is not None and row.application is not None
            else None
        )
        out.append(
            {
                "customer": customer.id,
                "cluster": cluster_id,
                "application": app_id,
                "subject": row.name,
                "expires_at": row.expires_at,
            }
        )
    return bulk_insert(t.Certificate._meta.database, t.Certificate, out) if out else 0


def write_rows(
    db: Database,
    kind: str,
    models: Sequence[Any],
    customers: dict[str, KnownCustomer],
    reference: ReferenceData,
    *,
    source: str = "",
    who: str | None = None,
) -> ImportResult:
    """Insert (or, for customers and applications, update) every row in ONE transaction.

    ``customers`` must hold every customer the rows name (:func:`known_customers`).
    """
    from di_desk.storage import audit

    who = who or current_user()
    updated = 0
    with db.atomic():
        if kind == "customers":
            added, updated = _write_customers(models, customers)
        elif kind == "applications":
            added, updated = _write_applications(models, customers)
        elif kind == "cases":
            added = _write_cases(models, customers, reference)
        elif kind == "maintenance":
            added = _write_maintenance(models, customers)
        elif kind == "backups":
            added = _write_backups(models, customers, source)
        elif kind == "certificates":
            added = _write_certificates(models, customers)
        else:  # pragma: no cover - the CLI offers only the kinds above
            raise ValueError(kind)
        audit.record(who, kind, None, "import", None, f"{source}: +{added} ~{updated}")
    return ImportResult(kind, added, updated)
