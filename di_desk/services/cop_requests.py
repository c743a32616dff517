"""COP requests and their steps (MAINT-13), for the event editor's checklist.

A customer-initiated COP request walks the steps of
:data:`di_desk.domain.cop.COP_STEPS` in order (service request → provider
upload → partner download → partner install). Each step is one ``CopStep``
row (``name`` = the step's token, ``done_at`` once done); completing steps goes
through :meth:`di_desk.domain.cop.CopRequest.complete`, so the order rule is
the domain's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from peewee import Database

from di_desk.domain.cop import COP_STEPS, CopRequest, CopStep
from di_desk.domain.enums import Party
from di_desk.domain.timeutil import to_utc
from di_desk.storage import audit
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository


@dataclass(frozen=True)
class CopRequestInfo:
    """One stored COP request with its steps as the domain sees them."""

    id: int
    customer_id: int
    cluster_id: int | None
    description: str
    requested_at: datetime
    initiator: Party | str
    emergency: bool
    status: str
    request: CopRequest


def _parse_step(name: str) -> CopStep | None:
    try:
        return CopStep.parse(name)
    except ValueError:
        return None


def _completed(request_id: int) -> tuple[tuple[CopStep, datetime], ...]:
    s = t.CopStep
    rows = (
        s.select(s.name, s.done_at)
        .where(s.request == request_id, s.done_at.is_null(False))
        .order_by(s.position, s.id)
        .tuples()
    )
    done = {}
    for name, at in rows:
        step = _parse_step(name)
        if step is not None and at is not None:
            done[step] = at
    completed = []
    for step in COP_STEPS:  # only an unbroken prefix counts as done (MAINT-13 order)
        if step not in done:
            break
        completed.append((step, done[step]))
    return tuple(completed)


def cop_requests(db: Database, customer_id: int) -> list[CopRequestInfo]:
    """The customer's COP requests, newest first."""
    r = t.CopRequest
    query = (
        r.select(
            r.id,
            r.cluster,
            r.description,
            r.requested_at,
            r.initiator,
            r.emergency,
            r.status,
            t.Customer.name,
        )
        .join(t.Customer, on=(r.customer == t.Customer.id))
        .where(r.customer == customer_id)
        .order_by(r.requested_at.desc(), r.id.desc())
    )
    result = []
    for rid, cluster, description, requested, initiator, emergency, status, name in query.tuples():
        request = CopRequest(customer=name, cop_file=description or "", completed=_completed(rid))
        result.append(
            CopRequestInfo(
                rid,
                customer_id,
                cluster,
                description or "",
                requested,
                initiator,
                bool(emergency),
                status or "open",
                request,
            )
        )
    return result


def create_request(
    db: Database,
    customer_id: int,
    cluster_id: int | None,
    description: str,
    at: datetime,
    who: str,
) -> int:
    """A new customer-initiated COP request with its four open steps; returns its id."""
    with db.atomic():
        row = Repository(db, t.CopRequest, "COP request").create(
            who,
            customer=customer_id,
            cluster=cluster_id,
            initiator=Party.PARTNER,
            emergency=False,
            description=description,
            requested_at=to_utc(at),
            status="open",
        )
        for position, step in enumerate(COP_STEPS, start=1):
            t.CopStep.insert(
                request=row["id"], position=position, name=step.value, done_at=None, note=""
            ).execute()
    return int(row["id"])


def complete_steps(
    db: Database, request_id: int, steps: Sequence[CopStep], at: datetime, who: str
) -> CopRequest:
    """Mark ``steps`` done at ``at``, in order (ValueError naming the step that is due).

    Nothing is written when one step is out of order.
    """
    info = None
    s = t.CopStep
    r = t.CopRequest
    customer_id = r.select(r.customer).where(r.id == request_id).scalar()
    if customer_id is not None:
        info = next((i for i in cop_requests(db, customer_id) if i.id == request_id), None)
    if info is None:
        raise ValueError(request_id)
    request = info.request
    when = to_utc(at)
    for step in steps:
        request = request.complete(step, when)  # raises for a step out of order
    with db.atomic():
        for step in steps:
            updated = (
                s.update(done_at=when)
                .where(s.request == request_id, s.name == step.value)
                .execute()
            )
            if not updated:
                t.CopStep.insert(
                    request=request_id,
                    position=COP_STEPS.index(step) + 1,
                    name=step.value,
                    done_at=when,
                    note="",
                ).execute()
            audit.record(who, "COP request", request_id, step.value, None, when)
        if request.is_complete:
            Repository(db, t.CopRequest, "COP request").update(request_id, None, who, status="done")
    return request
