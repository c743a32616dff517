"""Disaster recovery events and their objective (BAK-5).

For an application failure or corruption the provider aims at a new
Publisher within one business day (TIME-4, the provider's calendar) from the
start of disaster recovery; a hardware failure has no fixed objective. After
the provider's DRS restore the partner may carry out its own restore steps,
tracked as follow-up actions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from di_desk.domain.calendar import BusinessCalendar
from di_desk.domain.enums import Application, DrKind, LabelledEnum
from di_desk.domain.reference import ReferenceData
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import N_, _


class DrState(LabelledEnum):
    """BAK-5: where a DR event stands against its objective."""

    MET = "met", N_("Objective met")
    MISSED = "missed", N_("Objective missed")
    RUNNING = "running", N_("Running")
    NO_OBJECTIVE = "no_objective", N_("No fixed objective (case by case)")


@dataclass(frozen=True)
class FollowUp:
    """BAK-5: one of the partner's own restore steps after the provider's DRS restore."""

    text: str
    done_at: datetime | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class DrEvent:
    """BAK-5: a disaster recovery of one customer's application."""

    customer: str
    application: Application
    kind: DrKind
    started_at: datetime  # aware; kept as UTC
    publisher_rebuilt_at: datetime | None = None
    follow_ups: tuple[FollowUp, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "application", Application.coerce(self.application))
        set_(self, "kind", DrKind.coerce(self.kind))
        set_(self, "started_at", to_utc(self.started_at))
        if self.publisher_rebuilt_at is not None:
            rebuilt = to_utc(self.publisher_rebuilt_at)
            if rebuilt < self.started_at:
                raise ValueError(_("The Publisher cannot be rebuilt before recovery started."))
            set_(self, "publisher_rebuilt_at", rebuilt)


def provider_calendar(reference: ReferenceData) -> BusinessCalendar:
    """The provider's business calendar from the reference data (BAK-5, TIME-3)."""
    return BusinessCalendar(
        code=reference.provider_calendar,
        zone=reference.provider_zone,
        workdays=reference.workdays,
        opens=reference.business_opens,
        closes=reference.business_closes,
    )


def dr_objective(
    event: DrEvent, reference: ReferenceData, calendar: BusinessCalendar | None = None
) -> datetime | None:
    """BAK-5: when a new Publisher is due (aware UTC), or None for a hardware failure.

    ``reference.dr_objective_business_days`` business days (TIME-4) after the
    start, in ``calendar`` (default: the provider's calendar).
    """
    if event.kind is not DrKind.APPLICATION_FAILURE:
        return None
    cal = calendar or provider_calendar(reference)
    return cal.add_business_days(event.started_at, reference.dr_objective_business_days)


@dataclass(frozen=True)
class DrStatus:
    """BAK-5: the objective and how the event stands against it."""

    state: DrState
    objective: datetime | None
    time_left: timedelta | None = None  # wall clock, while running
    business_time_left: timedelta | None = None  # in the provider calendar, while running
    late_by: timedelta | None = None  # wall clock, when missed


def dr_status(
    event: DrEvent,
    now: datetime,
    reference: ReferenceData,
    calendar: BusinessCalendar | None = None,
) -> DrStatus:
    """BAK-5: met / missed / running (with time left) / no objective.

    Met when the Publisher was rebuilt at or before the objective; missed when
    it was rebuilt later, or is not yet rebuilt after the objective.
    """
    cal = calendar or provider_calendar(reference)
    objective = dr_objective(event, reference, cal)
    if objective is None:
        return DrStatus(DrState.NO_OBJECTIVE, None)
    rebuilt = event.publisher_rebuilt_at
    if rebuilt is not None:
        if rebuilt <= objective:
            return DrStatus(DrState.MET, objective)
        return DrStatus(DrState.MISSED, objective, late_by=rebuilt - objective)
    now = to_utc(now)
    if now <= objective:
        return DrStatus(
            DrState.RUNNING,
            objective,
            time_left=objective - now,
            business_time_left=cal.business_time_between(now, objective),
        )
    return DrStatus(DrState.MISSED, objective, late_by=now - objective)


def record_rebuilt(event: DrEvent, at: datetime) -> DrEvent:
    """BAK-5: the provider reports the new Publisher (the DRS restore is done)."""
    return replace(event, publisher_rebuilt_at=to_utc(at))


def add_follow_up(event: DrEvent, text: str) -> DrEvent:
    """BAK-5: add one of the partner's restore steps."""
    if not text.strip():
        raise ValueError(_("A follow-up action needs a description."))
    return replace(event, follow_ups=(*event.follow_ups, FollowUp(text.strip())))


def complete_follow_up(event: DrEvent, index: int, at: datetime | None) -> DrEvent:
    """BAK-5: mark follow-up ``index`` done at ``at`` (or not done for None)."""
    if not 0 <= index < len(event.follow_ups):
        raise IndexError(index)
    items = list(event.follow_ups)
    items[index] = replace(items[index], done_at=None if at is None else to_utc(at))
    return replace(event, follow_ups=tuple(items))


def open_follow_ups(event: DrEvent) -> list[FollowUp]:
    """BAK-5: the follow-up actions not yet done."""
    return [f for f in event.follow_ups if not f.done]
