"""Maintenance listings and the "needs attention" report for the command line.

``maintenance_report`` re-checks every stored event with the maintenance rules
(the same :func:`~di_desk.domain.maintenance.check_event` as ``check``);
``attention_report`` gathers what needs action in the next N days.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from peewee import JOIN, fn

from di_desk.domain.enums import BackupResult
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc, zone
from di_desk.i18n import _, ngettext
from di_desk.services import reports
from di_desk.services.imports import blackouts_by_customer, known_customers
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
    if customer:
        ids = [c.id for c in known.values() if c.name.casefold() == customer.casefold()]
        query = query.where(M.customer.in_(ids or [-1]))
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
                "violations": result.rule_ids,
                "messages": result.messages,
                "window_start": result.window_start,
                "window_end": result.window_end,
                "notice_due": result.notice_due,
                "reply_by": result.reply_by,
                "reply_last_day": result.reply_last_day,
                "zone": reference.region(event.region).zone,
            }
        )
    return out


def _item(kind: str, customer: str, subject: str, due: Any, detail: str) -> dict[str, Any]:
    return {"kind": kind, "customer": customer, "subject": subject, "due": due, "detail": detail}


def _case_items(reference: ReferenceData, now: datetime, horizon: datetime) -> list[dict[str, Any]]:
    facts = reports.customers(reference)
    S = t.SupportCase
    query = S.select(S.id, S.customer, S.severity, S.response_due).where(
        S.acknowledged_at.is_null(), S.response_due.is_null(False), S.response_due < horizon
    )
    items = []
    for cid, cust, severity, due in query.tuples():
        late = due < now
        items.append(
            _item(
                "case_past_due" if late else "case_at_risk",
                facts[cust].name,
                _("Case #{id} ({severity})").format(id=cid, severity=severity.value),
                due,
                _("Not acknowledged; the response objective has passed.")
                if late
                else _("Not acknowledged yet; the response objective is near."),
            )
        )
    return items


def _maintenance_items(
    reference: ReferenceData, now: datetime, horizon: datetime
) -> list[dict[str, Any]]:
    items = []
    today = now.date()
    for ev in maintenance_report(
        reference, start=now - timedelta(days=31), end=horizon + timedelta(days=62)
    ):
        subject = f"{ev['type'].label}: {ev['cluster']}"
        if now <= ev["start"] < horizon:
            detail = "; ".join(
                f"{r} {m}" for r, m in zip(ev["violations"], ev["messages"], strict=True)
            )
            items.append(
                _item("maintenance", ev["customer"], subject, ev["start"], detail or _("OK"))
            )
        last = ev["reply_last_day"]
        if last is not None and ev["start"] >= now and today <= last <= horizon.date():
            items.append(
                _item(
                    "reply_by",
                    ev["customer"],
                    subject,
                    ev["reply_by"],
                    _("Reply by {reply_by} (last day {last}) if the date conflicts.").format(
                        reply_by=ev["reply_by"].isoformat(), last=last.isoformat()
                    ),
                )
            )
    return items


def _certificate_items(
    reference: ReferenceData, now: datetime, horizon: datetime
) -> list[dict[str, Any]]:
    from di_desk.domain.certificates import renewal_status, renewal_window

    facts = reports.customers(reference)
    C, K = t.Certificate, t.Cluster
    query = (
        C.select(C.subject, C.expires_at, K.customer)
        .join(K, on=(C.cluster == K.id), join_type=JOIN.LEFT_OUTER)
        .where(
            C.renewed_at.is_null(),
            C.expires_at < horizon + timedelta(days=reference.cert_renewal_earliest_days),
        )
        .tuples()
    )
    items = []
    for subject, expires, cust in query:
        window = renewal_window(expires, reference)
        if window.earliest >= horizon:
            continue
        status = renewal_status(expires, now, reference)
        items.append(
            _item(
                "certificate",
                facts[cust].name if cust in facts else "",
                subject,
                expires,
                _("{status}; renewal expected {earliest} – {latest} (UTC).").format(
                    status=status.label,
                    earliest=f"{window.earliest:%Y-%m-%d %H:%M}",
                    latest=f"{window.latest:%Y-%m-%d %H:%M}",
                ),
            )
        )
    return items


def _backup_items(reference: ReferenceData, now: datetime, days: int) -> list[dict[str, Any]]:
    from di_desk.domain.backups import (
        Backup,
        backup_gaps,
        last_complete_night,
        recovery_point_limit,
    )

    facts = reports.customers(reference)
    B = t.Backup
    limit = recovery_point_limit(reference)
    groups = B.select(B.customer, B.application).where(B.taken_at <= now).distinct().tuples()
    newest = dict(
        ((c, a), ts)
        for c, a, ts in B.select(B.customer, B.application, fn.MAX(B.taken_at))
        .where(B.result == BackupResult.GOOD, B.taken_at <= now)
        .group_by(B.customer, B.application)
        .tuples()
    )
    items = []
    for cust, app in groups:
        raw = newest.get((cust, app))
        newest_good = (
            raw if raw is None or isinstance(raw, datetime) else B.taken_at.python_value(raw)
        )
        name = facts[cust].name
        if newest_good is None or now - newest_good > limit:
            items.append(
                _item(
                    "backup_stale",
                    name,
                    str(app.value),
                    newest_good,
                    _("No good backup at all.")
                    if newest_good is None
                    else _("The newest good backup is {hours} hours old.").format(
                        hours=int((now - newest_good).total_seconds() // 3600)
                    ),
                )
            )
    nights = max(1, days)
    recent = B.select(B.customer, B.application, B.taken_at, B.result).where(
        B.taken_at > now - timedelta(days=nights + 2), B.taken_at <= now
    )
    per_customer: dict[int, list[Backup]] = {}
    for cust, app, taken, result in recent.tuples():
        per_customer.setdefault(cust, []).append(Backup(facts[cust].name, app, taken, result))
    all_groups: dict[int, list[tuple[str, Any]]] = {}
    for cust, app in groups:
        all_groups.setdefault(cust, []).append((facts[cust].name, app))
    for cust, keys in all_groups.items():
        key_zone = facts[cust].zone
        last = last_complete_night(now, key_zone)
        gaps = backup_gaps(
            per_customer.get(cust, []), last - timedelta(days=nights - 1), last, key_zone, keys
        )
        counted: dict[Any, list[Any]] = {}
        for gap in gaps:
            counted.setdefault(gap.application, []).append(gap.night)
        for app, missing in counted.items():
            items.append(
                _item(
                    "backup_gap",
                    facts[cust].name,
                    str(app.value),
                    missing[-1],
                    ngettext(
                        "{count} night without a good backup: {nights}.",
                        "{count} nights without a good backup: {nights}.",
                        len(missing),
                    ).format(count=len(missing), nights=", ".join(n.isoformat() for n in missing)),
                )
            )
    return items


def attention_report(reference: ReferenceData, now: datetime, days: int) -> list[dict[str, Any]]:
    """What needs action in the next ``days`` days, most urgent first.

    Kinds: ``case_past_due``, ``case_at_risk``, ``maintenance``, ``reply_by``,
    ``certificate``, ``must_upgrade``, ``backup_stale``, ``backup_gap``,
    ``capacity``. ``due`` is an instant or a date (None when open-ended).
    """
    now = to_utc(now)
    horizon = now + timedelta(days=days)
    items = [
        *_case_items(reference, now, horizon),
        *_maintenance_items(reference, now, horizon),
        *_certificate_items(reference, now, horizon),
        *_backup_items(reference, now, days),
    ]
    for app in reports.releases_report(reference):
        if app["status"] in ("must_upgrade", "unsupported"):
            items.append(
                _item(
                    "must_upgrade",
                    app["customer"],
                    f"{app['cluster']} {app['application'].value} {app['version']}",
                    None,
                    _("Upgrade to {target} ({status}).").format(
                        target=app["target"], status=app["status"]
                    ),
                )
            )
    for facts in reports.customers(reference).values():
        over = [
            label
            for label, contracted, planned in (
                (_("Knowledge Workers"), facts.contract[0], facts.planned[0]),
                (_("Workspace devices"), facts.contract[1], facts.planned[1]),
            )
            if planned > contracted
        ]
        if over:
            items.append(
                _item(
                    "capacity",
                    facts.name,
                    ", ".join(over),
                    None,
                    _(
                        "Planned growth exceeds the contracted capacity; "
                        "open a TAC case with an expansion plan."
                    ),
                )
            )
    order = {k: i for i, k in enumerate(
        ("case_past_due", "case_at_risk", "maintenance", "reply_by", "certificate",
         "backup_stale", "backup_gap", "must_upgrade", "capacity")
    )}  # fmt: skip

    def sort_key(item: dict[str, Any]) -> tuple[Any, ...]:
        due = item["due"]
        if isinstance(due, datetime):
            stamp = to_utc(due).timestamp()
        elif due is not None:
            stamp = datetime(due.year, due.month, due.day, tzinfo=zone("UTC")).timestamp()
        else:
            stamp = float("inf")
        return (order[item["kind"]], stamp, item["customer"].casefold())

    items.sort(key=sort_key)
    return items
