"""Maintenance listings and the "needs attention" report for the command line.

``maintenance_report`` re-checks every stored event with the maintenance rules
(the same :func:`~di_desk.domain.maintenance.check_event` as ``check``);
``attention_report`` gathers what needs action in the next N days
(:mod:`di_desk.services.attention`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from peewee import JOIN

from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.services.imports import blackouts_by_customer, known_customers
from di_desk.services.maintenance_check import file2_fields
from di_desk.services.reports import customer_filter
from di_desk.storage import tables as t


def maintenance_report(
    reference: ReferenceData,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    customer: str | None = None,
) -> list[dict[str, Any]]:
    """Stored events in start order, each with its FILE-2 check result."""
    from di_desk.domain.maintenance import MaintenanceEvent, check_event, parse_emergency_reason

    known = known_customers(reference)
    by_id = {c.id: c for c in known.values()}
    blackouts = blackouts_by_customer(known)
    M, K = t.MaintenanceEvent, t.Cluster
    query = (
        M.select(M, K.name.alias("cluster_name"))
        .join(K, on=(M.cluster == K.id), join_type=JOIN.LEFT_OUTER)
        .order_by(M.start, M.id)
    )
    if start is not None:
        query = query.where(M.end > to_utc(start))
    if end is not None:
        query = query.where(M.start < to_utc(end))
    query = customer_filter(query, M, known.values(), customer)
    out = []
    for row in query.dicts():
        cust = by_id[row["customer"]]
        event = MaintenanceEvent(
            customer=cust.name,
            cluster=row["cluster_name"] or "",
            region=row["region"],
            type=row["type"],
            start=row["start"],
            end=row["end"],
            notice_sent=row["notice_sent"],
            calendar=row["calendar"],
            reason=row["reason"],
            urgent=bool(row["urgent"]),
            emergency_reason=parse_emergency_reason(row["emergency_reason"] or row["reason"]),
        )
        result = check_event(event, None, None, reference, blackouts.get(cust.name.casefold(), ()))
        out.append(
            {
                "id": row["id"],
                "customer": cust.name,
                "cluster": event.cluster,
                "region": event.region,
                "type": event.type,
                "start": event.start,
                "end": event.end,
                "notice_sent": event.notice_sent,
                "calendar": event.calendar,
                "reason": event.reason,
                **file2_fields(result),
                "zone": reference.region(event.region).zone,
            }
        )
    return out


def attention_report(reference: ReferenceData, now: datetime, days: int) -> list[dict[str, Any]]:
    """What needs action in the next ``days`` days, most urgent first (``report attention``).

    Kinds: ``case_past_due``, ``case_at_risk``, ``maintenance``, ``reply_by``,
    ``certificate``, ``must_upgrade``, ``backup_stale``, ``backup_gap``,
    ``capacity``. ``due`` is an instant or a date (None when open-ended).
    See :mod:`di_desk.services.attention`, which the Overview tab shares.
    """
    from di_desk.services.attention import attention_report as report

    return report(reference, now, days)
