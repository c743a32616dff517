"""Certificates and their renewals (MAINT-10): the list, SSO follow-ups, "renewed".

A certificate belongs to the customer named on it (schema v3) or else to its
cluster's customer. Its renewal window and state come from
:func:`~di_desk.domain.certificate_progress.renewal_progress`. For a customer
with SSO on UC applications every renewal has the follow-up actions of the
reference data (``sso_follow_ups``: disable SSO, re-import the IdP metadata,
re-enable SSO, validate SSO); a tick is stored per certificate, expiry (the
renewal) and position, with who ticked it and when (audited).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peewee import JOIN, Database, fn

from di_desk.domain.certificate_progress import RenewalProgress, renewal_progress
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import _
from di_desk.services import reports
from di_desk.services.user import current_user
from di_desk.storage import audit
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository

#: the columns of a certificate export, in order
EXPORT_COLUMNS = (
    "id",
    "customer",
    "cluster",
    "application",
    "subject",
    "expires_at",
    "window_start",
    "window_end",
    "status",
    "renewed_at",
    "sso",
    "follow_ups_done",
    "follow_ups_total",
)


@dataclass(frozen=True)
class FollowUp:
    """One SSO follow-up action of one renewal and whether it is done."""

    position: int  # 1 = first
    action: str  # the reference's text (untranslated msgid)
    done_at: datetime | None = None
    done_by: str = ""

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def title(self) -> str:
        return _(self.action)


def _done_counts(pairs: Iterable[tuple[int, datetime]]) -> dict[tuple[int, int], int]:
    """Ticked follow-ups per (certificate id, expiry epoch)."""
    F = t.CertificateFollowUp
    ids = sorted({cid for cid, _e in pairs})
    counts: dict[tuple[int, int], int] = {}
    for start in range(0, len(ids), 500):
        query = (
            F.select(F.certificate, F.expires_at, fn.COUNT(F.id))
            .where(F.certificate.in_(ids[start : start + 500]), F.done_at.is_null(False))
            .group_by(F.certificate, F.expires_at)
            .tuples()
        )
        for cid, expires, count in query:
            counts[(cid, int(to_utc(expires).timestamp()))] = count
    return counts


def certificate_rows(
    reference: ReferenceData,
    now: datetime,
    *,
    customer_id: int | None = None,
    certificate_ids: Iterable[int] | None = None,
) -> list[dict[str, Any]]:
    """Every certificate (of one customer, or the given ids) in expiry order.

    Each row: ``id``, ``row_version``, ``customer_id``, ``customer``, ``zone``
    (the customer's), ``sso``, ``cluster``, ``application``, ``subject``,
    ``expires_at``, ``renewed_at``, ``window_start``/``window_end`` (MAINT-10,
    UTC), ``status`` (:class:`RenewalProgress`), ``follow_ups_done`` and
    ``follow_ups_total`` (0 without SSO).
    """
    facts = reports.customers(reference)
    C, K, A = t.Certificate, t.Cluster, t.Application
    owner = fn.COALESCE(C.customer, K.customer)
    query = (
        C.select(
            C.id,
            C.row_version,
            owner.alias("owner"),
            K.name,
            A.kind,
            C.subject,
            C.expires_at,
            C.renewed_at,
        )
        .join(K, JOIN.LEFT_OUTER, on=(C.cluster == K.id))
        .switch(C)
        .join(A, JOIN.LEFT_OUTER, on=(C.application == A.id))
        .order_by(C.expires_at, C.id)
    )
    if customer_id is not None:
        query = query.where(owner == customer_id)
    if certificate_ids is not None:
        query = query.where(C.id.in_(list(certificate_ids)))
    raw = list(query.tuples())
    total = len(reference.sso_follow_ups)
    sso_pairs = [
        (r[0], r[6]) for r in raw if r[2] in facts and facts[r[2]].sso and r[6] is not None
    ]
    done = _done_counts(sso_pairs) if sso_pairs and total else {}
    rows = []
    for cid, version, owner_id, cluster, kind, subject, expires, renewed in raw:
        info = facts.get(owner_id)
        renewal = renewal_progress(expires, renewed, now, reference)
        sso = bool(info and info.sso)
        rows.append(
            {
                "id": cid,
                "row_version": version,
                "customer_id": owner_id,
                "customer": info.name if info else "",
                "zone": info.zone if info else reference.partner_zone,
                "sso": sso,
                "cluster": cluster or "",
                "application": kind,
                "subject": subject,
                "expires_at": renewal.expires,
                "renewed_at": renewed,
                "window_start": renewal.window.earliest,
                "window_end": renewal.window.latest,
                "status": renewal.progress,
                "follow_ups_done": done.get((cid, int(renewal.expires.timestamp())), 0)
                if sso
                else 0,
                "follow_ups_total": total if sso else 0,
            }
        )
    return rows


def certificate_customers(reference: ReferenceData) -> list[tuple[int, str]]:
    """``(id, name)`` of the customers that have certificates, by name."""
    C, K = t.Certificate, t.Cluster
    owner = fn.COALESCE(C.customer, K.customer)
    ids = {
        cid
        for (cid,) in C.select(owner)
        .join(K, JOIN.LEFT_OUTER, on=(C.cluster == K.id))
        .distinct()
        .tuples()
        if cid is not None
    }
    facts = reports.customers(reference)
    return sorted(
        ((cid, facts[cid].name) for cid in ids if cid in facts), key=lambda p: p[1].casefold()
    )


def follow_ups(
    certificate_id: int, expires_at: datetime, reference: ReferenceData
) -> tuple[FollowUp, ...]:
    """MAINT-10: the follow-up actions of the renewal for ``expires_at``, with their ticks."""
    F = t.CertificateFollowUp
    stored = {
        position: (done_at, done_by)
        for position, done_at, done_by in F.select(F.position, F.done_at, F.done_by)
        .where(F.certificate == certificate_id, F.expires_at == to_utc(expires_at))
        .tuples()
    }
    out = []
    for position, action in enumerate(reference.sso_follow_ups, start=1):
        done_at, done_by = stored.get(position, (None, ""))
        out.append(FollowUp(position, action, done_at, done_by or ""))
    return tuple(out)


def set_follow_up(
    db: Database,
    certificate_id: int,
    expires_at: datetime,
    position: int,
    action: str,
    done: bool,
    *,
    now: datetime,
    who: str | None = None,
) -> FollowUp:
    """Tick (or untick) one follow-up action of one renewal; audited. Returns it as stored."""
    F = t.CertificateFollowUp
    who = who or current_user()
    expires_at = to_utc(expires_at)
    with db.atomic():
        existing = (
            F.select()
            .where(
                F.certificate == certificate_id,
                F.expires_at == expires_at,
                F.position == position,
            )
            .first()
        )
        done_at = to_utc(now) if done else None
        done_by = who if done else ""
        if existing is None:
            F.insert(
                certificate=certificate_id,
                expires_at=expires_at,
                position=position,
                action=action,
                done_at=done_at,
                done_by=done_by,
            ).execute()
            old = None
        else:
            old = existing.done_at
            F.update(done_at=done_at, done_by=done_by, action=action).where(
                F.id == existing.id
            ).execute()
        audit.record(
            who, "certificate", certificate_id, f"follow_up:{position}", old, done_at, at=now
        )
    return FollowUp(position, action, done_at, done_by)


def mark_renewed(
    db: Database,
    certificate_id: int,
    expected_version: int,
    renewed_at: datetime | None,
    *,
    who: str | None = None,
) -> dict[str, Any]:
    """Record (or clear, with None) the renewal; a stale ``expected_version`` raises StaleEdit."""
    return Repository(db, t.Certificate).update(
        certificate_id, expected_version, who or current_user(), renewed_at=renewed_at
    )


def needs_attention(row: dict[str, Any]) -> bool:
    """A renewal in or past its window, or a renewal whose SSO follow-ups are open."""
    status: RenewalProgress = row["status"]
    if status.needs_attention:
        return True
    return status is RenewalProgress.DONE and row["follow_ups_done"] < row["follow_ups_total"]
