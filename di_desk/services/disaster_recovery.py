"""Disaster recovery events and the partner's follow-up actions (BAK-5), for the GUI.

The stored rows (``dr_event``, ``dr_follow_up``) become domain
:class:`~di_desk.domain.disaster_recovery.DrEvent` values; the objective and
the state (met / missed / running / none) are the domain's
(:func:`~di_desk.domain.disaster_recovery.dr_status`, provider calendar).
Every change is audited; an edit of an event that changed meanwhile raises
:class:`~di_desk.storage.errors.StaleEdit`.

Reading: a stored DR event has no application column; the objective does not
depend on it (one business day to a new Publisher), so the domain event is
built for the CUCM Publisher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from di_desk.domain.disaster_recovery import (
    DrEvent,
    DrStatus,
    FollowUp,
    add_follow_up,
    dr_status,
    provider_calendar,
)
from di_desk.domain.enums import Application, DrKind
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.services.reports import customers as customer_facts
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository

PUBLISHER_APPLICATION = Application.CUCM


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    text: str
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class DrRow:
    """One DR event as the tab shows it."""

    id: int
    row_version: int
    customer_id: int
    customer: str
    kind: DrKind
    started_at: datetime
    rebuilt_at: datetime | None
    notes: str
    status: DrStatus
    follow_ups: tuple[FollowUpRow, ...] = ()

    @property
    def open_follow_ups(self) -> int:
        return sum(1 for f in self.follow_ups if not f.done)

    def as_row(self) -> dict[str, Any]:
        """For a list model: the columns by key, plus the whole object under ``"event"``."""
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "customer": self.customer,
            "kind": self.kind,
            "started_at": self.started_at,
            "rebuilt_at": self.rebuilt_at,
            "objective": self.status.objective,
            "state": self.status.state,
            "follow_ups": (self.open_follow_ups, len(self.follow_ups)),
            "event": self,
        }


def domain_event(
    customer: str,
    kind: DrKind | str,
    started_at: datetime,
    rebuilt_at: datetime | None = None,
    notes: str = "",
    follow_ups: tuple[FollowUp, ...] = (),
) -> DrEvent:
    """BAK-5: the domain event (raises ValueError with a translated message when invalid)."""
    return DrEvent(
        customer=customer,
        application=PUBLISHER_APPLICATION,
        kind=kind,
        started_at=started_at,
        publisher_rebuilt_at=rebuilt_at,
        follow_ups=follow_ups,
        note=notes,
    )


def dr_rows(
    reference: ReferenceData, now: datetime, *, customer_id: int | None = None
) -> list[DrRow]:
    """Every DR event (of one customer), newest start first, with its objective and state."""
    facts = customer_facts(reference)
    calendar = provider_calendar(reference)
    E, F = t.DrEvent, t.DrFollowUp
    query = E.select(
        E.id, E.row_version, E.customer, E.kind, E.started_at, E.publisher_rebuilt_at, E.notes
    ).order_by(E.started_at.desc(), E.id.desc())
    if customer_id is not None:
        query = query.where(E.customer == customer_id)
    events = list(query.tuples())
    follow: dict[int, list[FollowUpRow]] = {}
    if events:
        ids = [e[0] for e in events]
        steps = (
            F.select(F.id, F.event, F.text, F.done_at)
            .where(F.event.in_(ids))
            .order_by(F.event, F.position, F.id)
            .tuples()
        )
        for fid, event_id, text, done_at in steps:
            follow.setdefault(event_id, []).append(FollowUpRow(fid, text, done_at))
    now = to_utc(now)
    rows = []
    for eid, version, cid, kind, started, rebuilt, notes in events:
        name = facts[cid].name if cid in facts else ""
        event = domain_event(name, kind, started, rebuilt, notes or "")
        rows.append(
            DrRow(
                id=eid,
                row_version=version,
                customer_id=cid,
                customer=name,
                kind=event.kind,
                started_at=event.started_at,
                rebuilt_at=event.publisher_rebuilt_at,
                notes=notes or "",
                status=dr_status(event, now, reference, calendar),
                follow_ups=tuple(follow.get(eid, ())),
            )
        )
    return rows


def save_dr_event(
    db: Any,
    who: str,
    *,
    customer_id: int,
    kind: DrKind,
    started_at: datetime,
    rebuilt_at: datetime | None = None,
    notes: str = "",
    event_id: int | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Add (``event_id`` None) or change a DR event, after the domain accepted it.

    Raises ValueError (translated) for an invalid event and StaleEdit when the
    stored event changed since ``expected_version``.
    """
    event = domain_event("", kind, started_at, rebuilt_at, notes)
    values = {
        "customer": customer_id,
        "kind": event.kind,
        "started_at": event.started_at,
        "publisher_rebuilt_at": event.publisher_rebuilt_at,
        "notes": notes,
    }
    repo = Repository(db, t.DrEvent)
    if event_id is None:
        return repo.create(who, **values)
    return repo.update(event_id, expected_version, who, **values)


def add_follow_up_action(db: Any, who: str, event_id: int, text: str) -> dict[str, Any]:
    """BAK-5: one more of the partner's restore steps (ValueError for an empty text)."""
    stored = Repository(db, t.DrEvent).require(event_id)
    event = domain_event(
        "", stored["kind"], stored["started_at"], stored["publisher_rebuilt_at"], stored["notes"]
    )
    checked = add_follow_up(event, text)
    repo = Repository(db, t.DrFollowUp, "dr_follow_up")
    F = t.DrFollowUp
    with db.atomic():
        last = F.select(F.position).where(F.event == event_id).order_by(F.position.desc()).scalar()
        return repo.create(
            who, event=event_id, position=(last or 0) + 1, text=checked.follow_ups[-1].text
        )


def set_follow_up_done(db: Any, who: str, follow_up_id: int, at: datetime | None) -> dict[str, Any]:
    """BAK-5: tick a follow-up action done at ``at`` (None: not done)."""
    repo = Repository(db, t.DrFollowUp, "dr_follow_up")
    return repo.update(follow_up_id, None, who, done_at=None if at is None else to_utc(at))
