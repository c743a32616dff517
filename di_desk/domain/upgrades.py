"""Upgrade plans: triggers, the one reschedule, and recording the result (REL-4, REL-5).

Every planned upgrade carries a trigger (REL-4). The partner may reschedule
an upgrade once, for business needs, until 7 calendar days before it
(REL-5); the provider then reports the upgrade done and the installed
version moves to the target. The notice period is MAINT-5's (maintenance
rules), not repeated here; so are the windows: an upgrade is a maintenance
event of type application upgrade (:func:`upgrade_event`), checked by
:func:`di_desk.domain.maintenance.check_event` (MAINT-2, MAINT-3).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from di_desk.domain.enums import LabelledEnum, MaintenanceType, Region
from di_desk.domain.maintenance_events import MaintenanceEvent
from di_desk.domain.reference import ReferenceData, ReleaseTrain
from di_desk.domain.releases import Installed, Version, as_version, row_versions, train_depth
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import N_, _, ngettext

# --------------------------------------------------------------------------
# REL-4 / REL-5: upgrade plans


class UpgradeTrigger(LabelledEnum):
    """REL-4: why an upgrade is planned; every planned upgrade carries one."""

    SECURITY = "security", N_("Security vulnerability needing an upgrade or COP")
    LIFECYCLE = "lifecycle", N_("Version lower than n-1 or near end of life")
    FEATURE_REQUEST = (
        "feature_request",
        N_("Partner request for a later release's feature (TAC case)"),
    )


def below_n_minus_1(version: Version | str, train: ReleaseTrain) -> bool:
    """REL-4: True when ``version`` is older than every version on the n-1 row.

    Such a version (n-2 today, near end of life) is a lifecycle trigger.
    """
    v = as_version(version)
    floor = [x for row in train.rows if train_depth(row.position) <= 1 for x in row_versions(row)]
    return bool(floor) and v < min(floor)


@dataclass(frozen=True)
class Reschedule:
    """REL-5: one reschedule of an upgrade, as recorded."""

    old_start: datetime
    new_start: datetime
    requested_at: datetime
    reason: str


@dataclass(frozen=True)
class UpgradePlan:
    """REL-4/5: an upgrade the provider scheduled for one installed application."""

    installed: Installed
    target: Version
    trigger: UpgradeTrigger
    scheduled_start: datetime  # aware; kept as UTC
    tac_case: str = ""  # the TAC case of a feature request
    reschedules: tuple[Reschedule, ...] = ()
    completed_at: datetime | None = None
    #: aware, kept as UTC; None: ``scheduled_start + reference.upgrade_default_duration``
    scheduled_end: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", as_version(self.target))
        object.__setattr__(self, "trigger", UpgradeTrigger.coerce(self.trigger))
        object.__setattr__(self, "scheduled_start", to_utc(self.scheduled_start))
        if self.scheduled_end is not None:
            object.__setattr__(self, "scheduled_end", to_utc(self.scheduled_end))
        if self.trigger is UpgradeTrigger.FEATURE_REQUEST and not self.tac_case.strip():
            raise ValueError(_("A feature request upgrade needs the TAC case number."))

    def end(self, reference: ReferenceData) -> datetime:
        """Where the upgrade ends (:func:`upgrade_end`)."""
        return upgrade_end(self.scheduled_start, self.scheduled_end, reference)


def upgrade_end(start: datetime, end: datetime | None, reference: ReferenceData) -> datetime:
    """MAINT-3 for upgrades: the plan's own end, else its start plus
    ``reference.upgrade_default_duration`` (aware UTC)."""
    if end is not None:
        return to_utc(end)
    return to_utc(start) + reference.upgrade_default_duration


def upgrade_event(
    customer: str,
    cluster: str,
    region: Region,
    start: datetime,
    end: datetime | None,
    reference: ReferenceData,
    *,
    notice_sent: date | datetime | None = None,
    calendar: str | None = None,
) -> MaintenanceEvent:
    """An upgrade as the maintenance it is (MAINT-4: type application upgrade), for
    :func:`~di_desk.domain.maintenance.check_event`: one window of ``region`` (the
    cluster's after MAINT-2), weekday windows only (MAINT-3), notice as MAINT-5 (REL-5).
    ``end`` None: :func:`upgrade_end`."""
    return MaintenanceEvent(
        customer=customer,
        cluster=cluster,
        region=region,
        type=MaintenanceType.UPGRADE,
        start=to_utc(start),
        end=upgrade_end(start, end, reference),
        notice_sent=notice_sent,
        calendar=calendar,
    )


class RescheduleRefused(ValueError):
    """REL-5: a reschedule the guide does not allow; ``code`` says which rule."""

    def __init__(self, code: str, message: str, last_allowed: datetime | None = None):
        super().__init__(message)
        self.code = code  # "limit", "too_late", "reason", "past", "completed"
        self.last_allowed = last_allowed


def last_reschedule_moment(plan: UpgradePlan, reference: ReferenceData) -> datetime:
    """REL-5: the last instant a reschedule may be asked (start − 7 calendar days)."""
    return plan.scheduled_start - timedelta(days=reference.upgrade_reschedule_min_days)


def _fmt(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def reschedule_upgrade(
    plan: UpgradePlan,
    new_start: datetime,
    now: datetime,
    reason: str,
    reference: ReferenceData,
    *,
    new_end: datetime | None = None,
) -> UpgradePlan:
    """REL-5: move an upgrade once, for business needs, until 7 days before it.

    The upgrade ends at ``new_end``; without it, a plan with an end of its own
    keeps its length, one without keeps none (the default duration applies).

    Raises:
        RescheduleRefused: a completed upgrade, no reason, a second reschedule
            (beyond ``reference.upgrade_max_reschedules``), a request later than
            ``reference.upgrade_reschedule_min_days`` calendar days before the
            scheduled start (the message states the last allowed moment), or a
            new start that is not in the future.
    """
    now_utc, new_utc = to_utc(now), to_utc(new_start)
    if plan.completed_at is not None:
        raise RescheduleRefused("completed", _("This upgrade is already completed."))
    if not reason.strip():
        raise RescheduleRefused("reason", _("A reschedule needs the customer's business reason."))
    limit = reference.upgrade_max_reschedules
    if len(plan.reschedules) >= limit:
        message = (
            _("Upgrades cannot be rescheduled.")
            if limit <= 0
            else ngettext(
                "This upgrade was already rescheduled; only one reschedule is allowed.",
                "This upgrade was already rescheduled {count} times, the most allowed.",
                limit,
            ).format(count=limit)
        )
        raise RescheduleRefused("limit", message)
    last = last_reschedule_moment(plan, reference)
    if now_utc > last:
        days = reference.upgrade_reschedule_min_days
        raise RescheduleRefused(
            "too_late",
            ngettext(
                "Too late to reschedule: the last moment was {last}, "
                "{days} day before the upgrade starts ({start}).",
                "Too late to reschedule: the last moment was {last}, "
                "{days} days before the upgrade starts ({start}).",
                days,
            ).format(last=_fmt(last), days=days, start=_fmt(plan.scheduled_start)),
            last,
        )
    if new_utc <= now_utc:
        raise RescheduleRefused("past", _("The new start must lie in the future."))
    entry = Reschedule(plan.scheduled_start, new_utc, now_utc, reason.strip())
    if new_end is None and plan.scheduled_end is not None:
        new_end = new_utc + (plan.scheduled_end - plan.scheduled_start)
    return replace(
        plan,
        scheduled_start=new_utc,
        scheduled_end=None if new_end is None else to_utc(new_end),
        reschedules=(*plan.reschedules, entry),
    )


def can_reschedule(plan: UpgradePlan, now: datetime, reference: ReferenceData) -> bool:
    """REL-5: whether the app should offer a reschedule at ``now``."""
    return (
        plan.completed_at is None
        and len(plan.reschedules) < reference.upgrade_max_reschedules
        and to_utc(now) <= last_reschedule_moment(plan, reference)
    )


@dataclass(frozen=True)
class UpgradeRecorded:
    """REL-5: the completed plan and the installed application at its new version."""

    plan: UpgradePlan
    installed: Installed
    previous_version: Version


def record_upgrade(plan: UpgradePlan, completed_at: datetime) -> UpgradeRecorded:
    """REL-5: the provider reported a successful upgrade; update the installed version."""
    if plan.completed_at is not None:
        raise ValueError(_("This upgrade is already recorded as completed."))
    done = replace(plan, completed_at=to_utc(completed_at))
    installed = replace(plan.installed, version=plan.target)
    return UpgradeRecorded(done, installed, plan.installed.version)
