"""What needs attention in the next N days, for the Overview tab and ``report attention``.

:func:`attention_items` gathers, from the store and the rules, the cases at
risk of missing (or past) their response objective (CASE-5), maintenance in
the coming days with its check (MAINT-3..11), notices whose reply-by date is
near (MAINT-6), expected certificate renewals and their SSO follow-ups
(MAINT-10), applications that must upgrade (REL-6), backup gaps and stale
recovery points (BAK-3) and customers over capacity (CAP-1).

Each :class:`AttentionItem` carries the facts a view needs (the record it is
about, an urgency level, kind-specific values in ``facts``); its ``subject``
and ``detail`` texts are rendered on access in the active language. The
command line's rows (:func:`attention_report`, the ``report attention``
contract) are ``item.as_row()`` of the kinds listed in :data:`REPORT_KINDS`.
The tables must be bound to an open database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from peewee import JOIN, fn

from di_desk.domain.enums import BackupResult
from di_desk.domain.reference import ReferenceData
from di_desk.domain.releases import ReleaseStatus
from di_desk.domain.timeutil import to_utc, zone
from di_desk.i18n import _, ngettext
from di_desk.i18n.formatting import format_datetime
from di_desk.services import reports
from di_desk.services.attention_item import (
    CRITICAL,
    INFO,
    KINDS,
    REPORT_KINDS,
    WARNING,
    AttentionItem,
)
from di_desk.storage import tables as t


def _text(value: str) -> Callable[[], str]:
    return lambda: value


# -- CASE-5 ----------------------------------------------------------------------------


def _case_items(
    facts: dict[int, reports.CustomerFacts], now: datetime, horizon: datetime
) -> list[AttentionItem]:
    S = t.SupportCase
    query = S.select(S.id, S.customer, S.severity, S.response_due).where(
        S.acknowledged_at.is_null(), S.response_due.is_null(False), S.response_due < horizon
    )
    items = []
    for cid, cust, severity, due in query.tuples():
        late = due < now
        items.append(
            AttentionItem(
                "case_past_due" if late else "case_at_risk",
                facts[cust].name,
                due,
                CRITICAL if late else WARNING,
                ("cases", cid),
                cust,
                lambda cid=cid, sev=severity: _("Case #{id} ({severity})").format(
                    id=cid, severity=sev.value
                ),
                (lambda: _("Not acknowledged; the response objective has passed."))
                if late
                else (lambda: _("Not acknowledged yet; the response objective is near.")),
                MappingProxyType({"case_id": cid, "severity": severity, "response_due": due}),
            )
        )
    return items


# -- MAINT-3..11 -----------------------------------------------------------------------


def _maintenance_items(
    reference: ReferenceData,
    facts: dict[int, reports.CustomerFacts],
    now: datetime,
    horizon: datetime,
    events_until: datetime,
) -> list[AttentionItem]:
    from di_desk.services.schedule import maintenance_report

    ids = {known.name: known.id for known in facts.values()}
    items = []
    today = now.date()
    for ev in maintenance_report(
        reference, start=now - timedelta(days=31), end=horizon + timedelta(days=62)
    ):

        def subject(ev: dict[str, Any] = ev) -> str:
            return f"{ev['type'].label}: {ev['cluster']}"

        values = MappingProxyType(
            {
                "event_id": ev["id"],
                "cluster": ev["cluster"],
                "type": ev["type"],
                "region": ev["region"],
                "zone": ev["zone"],
                "start": ev["start"],
                "end": ev["end"],
                "window_start": ev["window_start"],
                "window_end": ev["window_end"],
                "violations": tuple(ev["violations"]),
                "messages": tuple(ev["messages"]),
                "notice_due": ev["notice_due"],
                "reply_by": ev["reply_by"],
                "reply_last_day": ev["reply_last_day"],
            }
        )
        customer_id = ids.get(ev["customer"])
        target = ("maintenance", ev["id"])
        if now <= ev["start"] < events_until:
            detail = "; ".join(
                f"{r} {m}" for r, m in zip(ev["violations"], ev["messages"], strict=True)
            )
            items.append(
                AttentionItem(
                    "maintenance",
                    ev["customer"],
                    ev["start"],
                    WARNING if ev["violations"] else INFO,
                    target,
                    customer_id,
                    subject,
                    _text(detail) if detail else (lambda: _("OK")),
                    values,
                )
            )
        last = ev["reply_last_day"]
        if last is not None and ev["start"] >= now and today <= last <= horizon.date():
            reply_by = ev["reply_by"]
            items.append(
                AttentionItem(
                    "reply_by",
                    ev["customer"],
                    reply_by,
                    CRITICAL if reply_by < today else WARNING,
                    target,
                    customer_id,
                    subject,
                    lambda reply_by=reply_by, last=last: _(
                        "Reply by {reply_by} (last day {last}) if the date conflicts."
                    ).format(reply_by=reply_by.isoformat(), last=last.isoformat()),
                    values,
                )
            )
    return items


# -- MAINT-10 ----------------------------------------------------------------------------


def _certificate_items(
    reference: ReferenceData,
    facts: dict[int, reports.CustomerFacts],
    now: datetime,
    horizon: datetime,
) -> tuple[list[AttentionItem], list[AttentionItem]]:
    """Expected renewals, and the SSO follow-ups of those for customers with SSO."""
    from di_desk.domain.certificate_progress import renewal_counts
    from di_desk.domain.certificates import (
        RenewalStatus,
        renewal_status,
        renewal_window,
        sso_follow_ups,
    )

    C, K = t.Certificate, t.Cluster
    # the customer named on the certificate (schema v3), else its cluster's
    query = (
        C.select(
            C.subject,
            C.expires_at,
            fn.COALESCE(C.customer, K.customer),
            C.id,
            C.cluster,
            C.renewed_at,
        )
        .join(K, on=(C.cluster == K.id), join_type=JOIN.LEFT_OUTER)
        .where(C.expires_at < horizon + timedelta(days=reference.cert_renewal_earliest_days))
        .tuples()
    )
    renewals, follow_ups = [], []
    # a renewal recorded for this expiry settles it; an older one was the previous renewal
    rows = [row for row in query if not renewal_counts(row[1], row[5], reference)]
    done = _follow_ups_done([row[3] for row in rows])
    for subject, expires, cust, cert_id, cluster_id, _renewed in rows:
        window = renewal_window(expires, reference)
        if window.earliest >= horizon:
            continue
        status = renewal_status(expires, now, reference)
        known = facts.get(cust)
        level = {
            RenewalStatus.EXPIRED: CRITICAL,
            RenewalStatus.ABOUT_TO_EXPIRE: CRITICAL,
            RenewalStatus.IN_WINDOW: WARNING,
        }.get(status, INFO)
        sso = bool(known and known.sso)
        values = MappingProxyType(
            {
                "certificate_id": cert_id,
                "cluster_id": cluster_id,
                "expires_at": expires,
                "renewal_earliest": window.earliest,
                "renewal_latest": window.latest,
                "status": status,
                "sso": sso,
            }
        )
        target = ("customers", cust) if known else None
        renewals.append(
            AttentionItem(
                "certificate",
                known.name if known else "",
                expires,
                level,
                target,
                cust if known else None,
                _text(subject),
                lambda status=status, window=window: _(
                    "{status}; renewal expected {earliest} – {latest} (UTC)."
                ).format(
                    status=status.label,
                    earliest=format_datetime(window.earliest, "UTC"),
                    latest=format_datetime(window.latest, "UTC"),
                ),
                values,
            )
        )
        ticked = done.get((cert_id, to_utc(expires)), frozenset())
        pending = [a for a in sso_follow_ups(sso, reference) if a.order not in ticked]
        if pending and status is not RenewalStatus.EXPIRED:

            def steps(positions: tuple[int, ...] = tuple(a.order for a in pending)) -> str:
                actions = [a for a in sso_follow_ups(True, reference) if a.order in positions]
                return _("After the renewal: {steps}.").format(
                    steps="; ".join(f"{a.order}. {a.title}" for a in actions)
                )

            follow_ups.append(
                AttentionItem(
                    "sso_follow_up",
                    known.name if known else "",
                    window.latest,
                    INFO if level == INFO else WARNING,
                    target,
                    cust,
                    _text(subject),
                    steps,
                    values,
                )
            )
    return renewals, follow_ups


def _follow_ups_done(certificate_ids: list[int]) -> dict[tuple[int, datetime], frozenset[int]]:
    """MAINT-10: the ticked follow-up positions per (certificate, renewal expiry)."""
    F = t.CertificateFollowUp
    done: dict[tuple[int, datetime], set[int]] = {}
    for start in range(0, len(certificate_ids), 500):
        chunk = certificate_ids[start : start + 500]
        query = F.select(F.certificate, F.expires_at, F.position).where(
            F.certificate.in_(chunk), F.done_at.is_null(False)
        )
        for cert, expires, position in query.tuples():
            done.setdefault((cert, to_utc(expires)), set()).add(position)
    return {key: frozenset(value) for key, value in done.items()}


# -- BAK-3 ---------------------------------------------------------------------------------


def _backup_items(
    reference: ReferenceData,
    facts: dict[int, reports.CustomerFacts],
    now: datetime,
    days: int,
) -> list[AttentionItem]:
    from di_desk.domain.backups import (
        Backup,
        backup_gaps,
        last_complete_night,
        recovery_point_limit,
    )

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
        if newest_good is None or now - newest_good > limit:
            age = None if newest_good is None else now - newest_good
            items.append(
                AttentionItem(
                    "backup_stale",
                    facts[cust].name,
                    newest_good,
                    CRITICAL,
                    ("backups", cust),
                    cust,
                    _text(str(app.value)),
                    (lambda: _("No good backup at all."))
                    if age is None
                    else lambda age=age: _("The newest good backup is {hours} hours old.").format(
                        hours=int(age.total_seconds() // 3600)
                    ),
                    MappingProxyType({"application": app, "newest_good": newest_good, "age": age}),
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
                AttentionItem(
                    "backup_gap",
                    facts[cust].name,
                    missing[-1],
                    WARNING,
                    ("backups", cust),
                    cust,
                    _text(str(app.value)),
                    lambda missing=tuple(missing): ngettext(
                        "{count} night without a good backup: {nights}.",
                        "{count} nights without a good backup: {nights}.",
                        len(missing),
                    ).format(count=len(missing), nights=", ".join(n.isoformat() for n in missing)),
                    MappingProxyType({"application": app, "nights": tuple(missing)}),
                )
            )
    return items


# -- REL-6 and CAP-1 -------------------------------------------------------------------------


def _upgrade_items(reference: ReferenceData) -> list[AttentionItem]:
    items = []
    for app in reports.application_rows(reference):
        if app["status"] in ("must_upgrade", "unsupported"):
            items.append(
                AttentionItem(
                    "must_upgrade",
                    app["customer"],
                    None,
                    CRITICAL if app["status"] == "unsupported" else WARNING,
                    ("releases", app["id"]),
                    app["customer_id"],
                    _text(f"{app['cluster']} {app['application'].value} {app['version']}"),
                    lambda app=app: _("Upgrade to {target} ({status}).").format(
                        target=app["target"], status=ReleaseStatus(app["status"]).label
                    ),
                    MappingProxyType(
                        {
                            "application_id": app["id"],
                            "cluster": app["cluster"],
                            "application": app["application"],
                            "version": app["version"],
                            "position": app["position"],
                            "status": app["status"],
                            "target": app["target"],
                        }
                    ),
                )
            )
    return items


def _capacity_items(facts: dict[int, reports.CustomerFacts]) -> list[AttentionItem]:
    from di_desk.domain.capacity import Capacity, over_capacity

    items = []
    for known in facts.values():
        try:
            capacity = Capacity(known.name, *known.contract, *known.planned)
        except ValueError:  # negative counts: nothing sensible to compare
            continue
        over = over_capacity(capacity)
        if over:
            items.append(
                AttentionItem(
                    "capacity",
                    known.name,
                    None,
                    WARNING,
                    ("customers", known.id),
                    known.id,
                    lambda over=tuple(over): ", ".join(kind.label for kind in over),
                    lambda: _(
                        "Planned growth exceeds the contracted capacity; "
                        "open a TAC case with an expansion plan."
                    ),
                    MappingProxyType({"capacity": capacity, "over": tuple(over)}),
                )
            )
    return items


# -- all of it -------------------------------------------------------------------------------


def _sort_key(item: AttentionItem) -> tuple[Any, ...]:
    due = item.due
    if isinstance(due, datetime):
        stamp = to_utc(due).timestamp()
    elif due is not None:
        stamp = datetime(due.year, due.month, due.day, tzinfo=zone("UTC")).timestamp()
    else:
        stamp = float("inf")
    return (KINDS.index(item.kind), stamp, item.customer.casefold())


def attention_items(
    reference: ReferenceData,
    now: datetime,
    days: int,
    *,
    maintenance_days: int | None = None,
    kinds: frozenset[str] | None = None,
) -> list[AttentionItem]:
    """What needs action in the next ``days`` days, by kind (:data:`KINDS` order),
    then due time (open-ended last), then customer.

    ``maintenance_days`` limits the maintenance events listed to those starting
    in that many days (default ``days``); ``kinds`` limits the kinds gathered.

    ``facts`` per kind: cases ``case_id``, ``severity``, ``response_due``;
    maintenance and reply_by ``event_id``, ``cluster``, ``type``, ``region``,
    ``zone`` (the region's), ``start``, ``end``, ``window_start``,
    ``window_end``, ``violations``, ``messages``, ``notice_due``,
    ``reply_by``, ``reply_last_day``; certificate and sso_follow_up
    ``certificate_id``, ``cluster_id``, ``expires_at``, ``renewal_earliest``,
    ``renewal_latest``, ``status``, ``sso``; backup_stale ``application``,
    ``newest_good``, ``age``; backup_gap ``application``, ``nights``;
    must_upgrade ``application_id``, ``cluster``, ``application``,
    ``version``, ``position``, ``status``, ``target``; capacity ``capacity``
    (domain :class:`~di_desk.domain.capacity.Capacity`), ``over``.
    """
    wanted = frozenset(KINDS) if kinds is None else kinds
    now = to_utc(now)
    horizon = now + timedelta(days=days)
    events_until = now + timedelta(days=days if maintenance_days is None else maintenance_days)
    facts = reports.customers(reference)
    items: list[AttentionItem] = []
    if wanted & {"case_past_due", "case_at_risk"}:
        items += _case_items(facts, now, horizon)
    if wanted & {"maintenance", "reply_by"}:
        items += _maintenance_items(reference, facts, now, horizon, events_until)
    if wanted & {"certificate", "sso_follow_up"}:
        renewals, follow_ups = _certificate_items(reference, facts, now, horizon)
        items += renewals + follow_ups
    if wanted & {"backup_stale", "backup_gap"}:
        items += _backup_items(reference, facts, now, days)
    if "must_upgrade" in wanted:
        items += _upgrade_items(reference)
    if "capacity" in wanted:
        items += _capacity_items(facts)
    items = [item for item in items if item.kind in wanted]
    items.sort(key=_sort_key)
    return items


def attention_report(reference: ReferenceData, now: datetime, days: int) -> list[dict[str, Any]]:
    """``di-desk report attention``: the rows of :func:`attention_items` of
    :data:`REPORT_KINDS` (kind, customer, subject, due, detail), most urgent first.

    ``due`` is an instant or a date (None when open-ended).
    """
    return [item.as_row() for item in attention_items(reference, now, days, kinds=REPORT_KINDS)]
