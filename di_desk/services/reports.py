"""Reports for the command line and exports: store rows + domain rules → plain rows.

Each function returns a list of dicts (column → Python value: aware UTC
datetimes, dates, enums, lists) in a stable order; :mod:`di_desk.io.writers`
turns them into CSV, JSON or XLSX. Keys follow SPEC.md FILE-3, FILE-4 and
FILE-6; extra keys come after them. The tables must be bound to an open
database (:func:`di_desk.storage.db.open_database`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from di_desk.domain.cases import Case, channel_for, response_met
from di_desk.domain.enums import CaseCategory, CaseStatus, Region
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.storage import tables as t


@dataclass(frozen=True)
class CustomerFacts:
    id: int
    name: str
    region: Region | None
    calendar: str
    zone: str
    sso: bool
    contract: tuple[int, int]  # knowledge workers, workspace devices
    planned: tuple[int, int]


def customers(reference: ReferenceData) -> dict[int, CustomerFacts]:
    """Every customer by id, calendar and zone resolved from the region."""
    out: dict[int, CustomerFacts] = {}
    C = t.Customer
    query = C.select(
        C.id, C.name, C.region, C.calendar, C.zone, C.sso,
        C.contracted_knowledge_workers, C.contracted_workspace_devices,
        C.planned_knowledge_workers, C.planned_workspace_devices,
    ).tuples()  # fmt: skip
    for cid, name, region, calendar, zone, sso, ckw, cwd, pkw, pwd in query:
        region = region if isinstance(region, Region) else None
        ref = reference.region(region) if region else None
        out[cid] = CustomerFacts(
            cid,
            name,
            region,
            calendar or (ref.calendar if ref else reference.partner_calendar),
            zone or (ref.zone if ref else reference.partner_zone),
            bool(sso),
            (ckw or 0, cwd or 0),
            (pkw or 0, pwd or 0),
        )
    return out


def customer_filter(query: Any, model: Any, known: Iterable[Any], name: str | None) -> Any:
    """``query`` limited to the customer called ``name`` (any case; none when unknown).

    ``known``: the customers (anything with ``id`` and ``name``); ``model`` has a
    ``customer`` column.
    """
    if not name:
        return query
    ids = [c.id for c in known if c.name.casefold() == name.casefold()]
    return query.where(model.customer.in_(ids or [-1]))


# -- FILE-3 cases and CASE-6 compliance ---------------------------------------------------


def case_objects(
    reference: ReferenceData,
    *,
    customer: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[tuple[int, dict[str, Any], Case]]:
    """Cases in opening order as ``(id, stored row, domain Case)``; ``start``/``end``
    filter on the opening instant (``[start, end)``)."""
    facts = customers(reference)
    S = t.SupportCase
    query = S.select().order_by(S.opened_at, S.id)
    query = customer_filter(query, S, facts.values(), customer)
    if start is not None:
        query = query.where(S.opened_at >= to_utc(start))
    if end is not None:
        query = query.where(S.opened_at < to_utc(end))
    out = []
    for row in query.dicts():
        if row["opened_at"] is None or row["severity"] is None:
            continue  # drafts have no objective yet
        case = Case(
            customer=facts[row["customer"]].name,
            opened_at=row["opened_at"],
            impact=row["impact"],
            urgency=row["urgency"],
            severity=row["severity"],
            category=row["category"] or CaseCategory.COMMON_PROBLEM,
            status=row["status"] if isinstance(row["status"], CaseStatus) else CaseStatus.OPENED,
            id=row["id"],
            contract=row["contract"],
            rep_name=row["rep_name"],
            rep_phone=row["rep_phone"],
            rep_email=row["rep_email"],
            problem=row["problem"],
            response_due=row["response_due"],
            acknowledged_at=row["acknowledged_at"],
        )
        out.append((row["id"], row, case))
    return out


def cases_report(
    reference: ReferenceData,
    now: datetime,
    *,
    customer: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[dict[str, Any]]:
    """FILE-3: per case the imported columns plus severity, response_due,
    acknowledged and met (True/False, None while not yet due)."""
    rows = []
    for case_id, row, case in case_objects(reference, customer=customer, start=start, end=end):
        rows.append(
            {
                "id": case_id,
                "customer": case.customer,
                "opened": case.opened_at,
                "impact": case.impact,
                "urgency": case.urgency,
                "contract": case.contract,
                "rep_name": case.rep_name,
                "rep_phone": case.rep_phone,
                "rep_email": case.rep_email,
                "problem": case.problem,
                "calendar": row["calendar"],
                "category": row["category"],
                "severity": case.severity,
                "response_due": case.response_due,
                "acknowledged": case.acknowledged_at,
                "met": response_met(case, now),
                "status": row["status"],
                "channel": channel_for(case.severity, reference).kind,
                "provider_ref": row["provider_ref"],
            }
        )
    return rows


def sla_report(
    reference: ReferenceData,
    start: datetime,
    end: datetime,
    now: datetime,
    *,
    customer: str | None = None,
) -> list[dict[str, Any]]:
    """CASE-6: per severity, cases acknowledged in time / cases due in ``[start, end)``."""
    from di_desk.domain.case_compliance import compliance

    cases = [case for _id, _row, case in case_objects(reference, customer=customer)]
    report = compliance(cases, start, end, now, reference)
    return [
        {
            "severity": row.severity,
            "met": row.met,
            "missed": row.missed,
            "pending": row.pending,
            "due": row.due,
            "ratio": None if row.ratio is None else round(float(row.ratio), 4),
            "target": None if row.target is None else float(row.target),
            "below_target": row.below_target,
            "from": report.start,
            "to": report.end,
        }
        for row in report.rows
    ]


def monthly_sla(
    reference: ReferenceData,
    start: datetime,
    end: datetime,
    now: datetime,
    zone_key: str,
    *,
    customer: str | None = None,
) -> tuple[Any, ...]:
    """CASE-6 per local month of ``zone_key`` for ``[start, end)`` (for a chart):
    :func:`~di_desk.domain.case_compliance.monthly_compliance` of the stored cases."""
    from datetime import timedelta

    from di_desk.domain.case_compliance import monthly_compliance

    # A case is due at most a few business days after it opens (CASE-5, CASE-9):
    # cases opened well before the period cannot be due in it.
    opened_from = to_utc(start) - timedelta(days=62)
    cases = [
        case
        for _id, _row, case in case_objects(
            reference, customer=customer, start=opened_from, end=to_utc(end)
        )
    ]
    return monthly_compliance(cases, start, end, now, reference, zone_key)


# -- FILE-4 retention ----------------------------------------------------------------------


def backup_columns(
    reference: ReferenceData, *, customer: str | None = None
) -> tuple[list[str], list[Any], list[datetime], list[bool], list[int | None]]:
    """All backups as parallel columns, ordered by customer, application, taken_at."""
    from di_desk.domain.enums import BackupResult

    facts = customers(reference)
    B = t.Backup
    query = B.select(B.customer, B.application, B.taken_at, B.result, B.size_bytes)
    query = customer_filter(query, B, facts.values(), customer)
    rows = sorted(
        (
            (facts[c].name, str(getattr(app, "value", app)), app, taken, result, size)
            for c, app, taken, result, size in query.tuples()
        ),
        key=lambda r: (r[0].casefold(), r[1], r[3]),
    )
    return (
        [r[0] for r in rows],
        [r[2] for r in rows],
        [r[3] for r in rows],
        [r[4] is BackupResult.GOOD for r in rows],
        [r[5] for r in rows],
    )


def retention_report(
    reference: ReferenceData, at: datetime, *, customer: str | None = None
) -> list[dict[str, Any]]:
    """FILE-4: per backup customer, application, taken_at, retained, reasons, expires_at."""
    from di_desk.domain.backups import retention_table

    names, apps, taken, good, sizes = backup_columns(reference, customer=customer)
    table = retention_table(names, apps, taken, good, at, reference)
    return [
        {
            "customer": names[i],
            "application": apps[i],
            "taken_at": taken[i],
            "retained": table.retained(i),
            "reasons": [r.value for r in table.reasons(i)],
            "expires_at": table.expires_at(i),
            "result": "good" if good[i] else "failed",
            "size_bytes": sizes[i],
        }
        for i in range(len(table))
    ]


# -- FILE-6 releases -----------------------------------------------------------------------


def application_rows(
    reference: ReferenceData, *, customer: str | None = None
) -> list[dict[str, Any]]:
    """REL-6 per installed application: :func:`releases_report`'s keys plus ``id``
    (the application's) and ``customer_id``, in the same order."""
    from di_desk.services.releases import installed_status

    facts = customers(reference)
    A, K = t.Application, t.Cluster
    query = A.select(K.customer, K.name, A.kind, A.version, A.id).join(K).tuples()
    out = []
    for cust, cluster, kind, version, app_id in query:
        name = facts[cust].name
        if customer and name.casefold() != customer.casefold():
            continue
        # REL-6, shared with the Releases tab; an unreadable version is unsupported
        status = installed_status(version, reference.train)
        out.append(
            {
                "customer": name,
                "cluster": cluster,
                "application": kind,
                "version": version,
                "position": status.position,
                "status": status.status.value,
                "target": status.target,
                "id": app_id,
                "customer_id": cust,
            }
        )
    out.sort(
        key=lambda r: (r["customer"].casefold(), r["cluster"].casefold(), str(r["application"]))
    )
    return out


def releases_report(
    reference: ReferenceData, *, customer: str | None = None
) -> list[dict[str, Any]]:
    """FILE-6: per application customer, cluster, application, version, position,
    status and target (REL-6)."""
    return [
        {key: value for key, value in row.items() if key not in ("id", "customer_id")}
        for row in application_rows(reference, customer=customer)
    ]


# -- REL-4/5 upgrade plans -----------------------------------------------------------------

#: the columns of ``report upgrades`` (csv, json, xlsx), in this order
UPGRADE_COLUMNS = (
    "id", "customer", "cluster", "application", "version", "target", "scheduled_start",
    "scheduled_end", "region", "zone", "trigger", "notice_due", "notice_sent",
    "reschedule_count", "completed_at",
)  # fmt: skip


def upgrades_report(
    db: Any,
    reference: ReferenceData,
    *,
    customer: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[dict[str, Any]]:
    """REL-4/5 per upgrade plan, by scheduled start: the :data:`UPGRADE_COLUMNS`.

    The plans are those of the Releases tab (the same row source), with the
    tab's MAINT-5 facts (:class:`~di_desk.services.upgrade_rules.PlanRules`: the
    region of the cluster, its zone, ``notice_due`` for type application
    upgrade). ``start``/``end`` filter on the scheduled start (``[start, end)``);
    a plan without a start is listed (last) only without them. ``scheduled_end``
    is where the plan ends as the app checks it (:meth:`PlanRules.end
    <di_desk.services.upgrade_rules.PlanRules.end>`): its own end, else its start plus
    the reference's ``upgrade_default_duration``; None without a start.
    """
    from di_desk.domain.upgrades import UpgradeTrigger
    from di_desk.services.listing import ListQuery
    from di_desk.services.upgrade_rules import PlanRules
    from di_desk.storage.upgrade_source import UpgradePlanSource

    filters: dict[str, Any] = {}
    if customer:
        ids = [
            c.id for c in customers(reference).values() if c.name.casefold() == customer.casefold()
        ]
        filters["customer_id"] = ids or [-1]
    query = ListQuery(
        filters=filters,
        date_from=None if start is None else to_utc(start),
        date_to=None if end is None else to_utc(end),
    )
    source = UpgradePlanSource(db)
    ids = source.ids(query, 0, source.count(query))
    found = source.rows(ids)
    rows = [found[i] for i in ids if i in found]
    rows.sort(key=lambda r: r["scheduled_start"] is None)  # plans without a start last
    rules = PlanRules(reference)
    out = []
    for row in rows:
        timing = rules.timing(row)
        try:
            trigger: Any = UpgradeTrigger.parse(str(row["trigger"]))
        except ValueError:  # a token from a newer version: shown as stored
            trigger = row["trigger"]
        out.append(
            {
                "id": row["id"],
                "customer": row["customer"],
                "cluster": row["cluster"],
                "application": row["application"],
                "version": row["version"],
                "target": row["target"],
                "scheduled_start": row["scheduled_start"],
                "scheduled_end": rules.end(row),
                "region": timing.region,
                "zone": timing.zone,
                "trigger": trigger,
                "notice_due": timing.notice_due,
                "notice_sent": row["notice_sent"],
                "reschedule_count": row["reschedule_count"] or 0,
                "completed_at": row["completed_at"],
            }
        )
    return out
