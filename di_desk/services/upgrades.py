"""Upgrade plans: list facts, reschedule, record the result, plan a new one (REL-4, REL-5).

No Qt here. The rules are the domain's: :func:`~di_desk.domain.upgrades.reschedule_upgrade`
(one reschedule until 7 days before), :func:`~di_desk.domain.upgrades.record_upgrade`
and MAINT-5's :func:`~di_desk.domain.maintenance.notice_due` (type application
upgrade). An upgrade is maintenance of type application upgrade:
:class:`~di_desk.services.upgrade_rules.PlanRules` (re-exported here) runs
:func:`~di_desk.domain.maintenance.check_event` on it (one weekday window of the
cluster's region, MAINT-2/3; notice, MAINT-5; blackout periods, MAINT-11); a plan
without ``scheduled_end`` lasts the reference's ``upgrade_default_duration``. A
plan that breaks a rule is saved with its violations shown, never moved. Every
change goes through
:class:`~di_desk.storage.repositories.Repository` (row version checked, one
audit row per changed column).

The ``upgrade_plan`` table keeps the number of reschedules, not their
history: the reason of a reschedule and the TAC case of a feature request
(REL-4) are kept as audit rows of the plan (fields ``reschedule_reason`` and
``tac_case``). When the plan's application upgrade also exists as a
maintenance event (same customer and cluster, type upgrade, same start), a
reschedule moves that event too and records the request in its reschedules.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from di_desk.domain.enums import MaintenanceType
from di_desk.domain.reference import ReferenceData
from di_desk.domain.releases import Installed, Version
from di_desk.domain.upgrades import (
    RescheduleRefused,
    UpgradePlan,
    UpgradeRecorded,
    UpgradeTrigger,
    record_upgrade,
    reschedule_upgrade,
)
from di_desk.i18n import _, ngettext
from di_desk.i18n.formatting import format_datetime
from di_desk.services.upgrade_rules import PlanRules, PlanTiming
from di_desk.storage import audit
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository, customer_names

__all__ = [
    "PlanRules",
    "PlanTiming",
    "application_choices",
    "application_choices_by_id",
    "create_plan",
    "customer_choices",
    "domain_plan",
    "last_moment",
    "record_plan_done",
    "refusal_text",
    "reschedule_plan",
    "reschedule_precheck",
]

ENTITY = "upgrade_plan"
#: far enough ahead that only the plan's own state can refuse a reschedule
_PROBE_AHEAD = timedelta(days=3650)


# --------------------------------------------------------------------------
# reading plans as domain objects


def customer_choices(db: Any) -> list[tuple[int, str]]:
    """Customer ids and names, by name (for filters and the new-plan dialog)."""
    return customer_names(db)


def application_choices(db: Any, customer_id: int) -> list[dict[str, Any]]:
    """The installed applications of one customer, with what :class:`PlanRules` needs."""
    A, K, C = t.Application, t.Cluster, t.Customer
    query = (
        A.select(
            A.id,
            A.kind.alias("application"),
            A.version,
            K.id.alias("cluster_id"),
            K.name.alias("cluster"),
            K.region.alias("cluster_region"),
            K.is_sme,
            K.publisher_region,
            C.id.alias("customer_id"),
            C.name.alias("customer"),
            C.region.alias("customer_region"),
            C.calendar.alias("customer_calendar"),
        )
        .join(K, on=(A.cluster == K.id))
        .join(C, on=(K.customer == C.id))
        .where(K.customer == customer_id)
        .order_by(K.name, A.kind)
        .dicts()
    )
    return list(query)


def _tac_case(plan_id: int) -> str:
    for entry in audit.history(ENTITY, plan_id, limit=50):
        if entry["field"] == "tac_case" and entry["new"]:
            return str(entry["new"])
    return ""


def domain_plan(db: Any, row: Mapping[str, Any]) -> UpgradePlan:
    """The stored plan ``row`` (a :class:`Repository` dict) as a domain :class:`UpgradePlan`.

    Raises:
        ValueError: the plan has no application or no start any more.
    """
    if row.get("application_id") is None or row.get("scheduled_start") is None:
        raise ValueError(
            _("This upgrade plan has no application or no scheduled start; it cannot be changed.")
        )
    A, K, C = t.Application, t.Cluster, t.Customer
    kind, version, cluster, customer = (
        A.select(A.kind, A.version, K.name, C.name)
        .join(K, on=(A.cluster == K.id))
        .join(C, on=(K.customer == C.id))
        .where(A.id == row["application_id"])
        .tuples()
        .get()
    )
    target = Version.parse(row["target"])
    try:
        installed_version = Version.parse(version or "")
    except ValueError:  # an unreadable installed version does not matter to REL-5
        installed_version = target
    trigger = UpgradeTrigger.parse(str(row["trigger"]))
    reschedules = tuple(
        _PastReschedule(row["scheduled_start"]) for _ in range(row.get("reschedule_count") or 0)
    )
    return UpgradePlan(
        installed=Installed(customer, cluster, kind, installed_version),
        target=target,
        trigger=trigger,
        scheduled_start=row["scheduled_start"],
        # REL-4: a feature request names its TAC case; older rows may not have kept it
        tac_case=_tac_case(row["id"]) or "-",
        reschedules=reschedules,  # type: ignore[arg-type]
        completed_at=row.get("completed_at"),
        scheduled_end=row.get("scheduled_end"),
    )


def _PastReschedule(start: datetime) -> Any:
    """A reschedule the table only counts (its details are in the audit log)."""
    from di_desk.domain.upgrades import Reschedule

    return Reschedule(start, start, start, "")


def _require(db: Any, plan_id: int, expected_version: int | None) -> dict[str, Any]:
    plans = Repository(db, t.UpgradePlan, ENTITY)
    row = plans.require(plan_id)
    plans.check_version(plan_id, row, expected_version)
    return row


# --------------------------------------------------------------------------
# REL-5: reschedule once, until 7 days before


def refusal_text(
    refused: RescheduleRefused, start: datetime, display_zone: str, reference: ReferenceData
) -> str:
    """The refusal as shown: a late request names the last moment in ``display_zone``."""
    if refused.code == "too_late" and refused.last_allowed is not None:
        days = reference.upgrade_reschedule_min_days
        return ngettext(
            "Too late to reschedule: the last allowed moment was {last}, "
            "{days} day before the upgrade starts on {start}.",
            "Too late to reschedule: the last allowed moment was {last}, "
            "{days} days before the upgrade starts on {start}.",
            days,
        ).format(
            last=format_datetime(refused.last_allowed, display_zone, show_zone=True),
            days=days,
            start=format_datetime(start, display_zone, show_zone=True),
        )
    return str(refused)


def _localised(
    refused: RescheduleRefused, plan: UpgradePlan, display_zone: str, reference: ReferenceData
) -> RescheduleRefused:
    return RescheduleRefused(
        refused.code,
        refusal_text(refused, plan.scheduled_start, display_zone, reference),
        refused.last_allowed,
    )


def reschedule_precheck(
    db: Any, plan_id: int, now: datetime, reference: ReferenceData, display_zone: str
) -> RescheduleRefused | None:
    """REL-5: why the plan cannot be rescheduled at ``now`` (completed, already
    rescheduled, too late), or None when a request may be made.

    Asks the domain rule itself with a placeholder reason and a far-away
    start, so the answer never differs from the real request.
    """
    row = _require(db, plan_id, None)
    try:
        plan = domain_plan(db, row)
    except ValueError as exc:
        return RescheduleRefused("missing", str(exc))
    try:
        reschedule_upgrade(plan, now + _PROBE_AHEAD, now, "-", reference)
    except RescheduleRefused as refused:
        return _localised(refused, plan, display_zone, reference)
    return None


def last_moment(row: Mapping[str, Any], reference: ReferenceData) -> datetime | None:
    """REL-5: the last instant a reschedule may be asked for this plan."""
    start = row.get("scheduled_start")
    if start is None:
        return None
    return start - timedelta(days=reference.upgrade_reschedule_min_days)


def reschedule_plan(
    db: Any,
    plan_id: int,
    expected_version: int,
    new_start: datetime,
    reason: str,
    now: datetime,
    reference: ReferenceData,
    who: str,
    *,
    display_zone: str = "UTC",
    new_end: datetime | None = None,
) -> dict[str, Any]:
    """REL-5: move an upgrade (audited); returns the stored plan.

    It ends at ``new_end``; without it, a plan with an end keeps its length.
    A new time outside the windows is saved as asked (its violations show).

    Raises:
        RescheduleRefused: the domain's refusal, a late one naming the last
            allowed moment in ``display_zone``.
        StaleEdit: the plan changed since the user read it.
    """
    plans = Repository(db, t.UpgradePlan, ENTITY)
    with db.atomic():
        row = _require(db, plan_id, expected_version)
        plan = domain_plan(db, row)
        try:
            moved = reschedule_upgrade(plan, new_start, now, reason, reference, new_end=new_end)
        except RescheduleRefused as refused:
            raise _localised(refused, plan, display_zone, reference) from None
        stored = plans.update(
            plan_id,
            expected_version,
            who,
            scheduled_start=moved.scheduled_start,
            scheduled_end=moved.scheduled_end,
            reschedule_count=(row["reschedule_count"] or 0) + 1,
        )
        audit.record(who, ENTITY, plan_id, "reschedule_reason", None, reason.strip(), at=now)
        _move_event(
            db, row, moved.scheduled_start, reason.strip(), now, who, new_end=moved.scheduled_end
        )
    return stored


def _move_event(
    db: Any,
    row: Mapping[str, Any],
    new_start: datetime,
    reason: str,
    now: datetime,
    who: str,
    *,
    new_end: datetime | None = None,
) -> None:
    """Move the maintenance event of the same upgrade, if there is one (MAINT-6 history)."""
    M = t.MaintenanceEvent
    query = M.select(M.id, M.start, M.end).where(
        M.customer == row["customer_id"],
        M.type == MaintenanceType.UPGRADE,
        M.start == row["scheduled_start"],
    )
    query = query.where(
        M.cluster.is_null() if row["cluster_id"] is None else M.cluster == row["cluster_id"]
    )
    found = query.tuples().first()
    if found is None:
        return
    event_id, start, end = found
    Repository(db, M, "maintenance_event").update(
        event_id, None, who, start=new_start, end=new_end or end + (new_start - start)
    )
    t.Reschedule.insert(
        event=event_id, requested_at=now, reason=reason, new_start=new_start, by="partner"
    ).execute()


# --------------------------------------------------------------------------
# REL-5: the provider reported a successful upgrade


def record_plan_done(
    db: Any, plan_id: int, expected_version: int, completed_at: datetime, who: str
) -> UpgradeRecorded:
    """REL-5: mark the plan completed and set the installed version to its target (audited).

    Raises:
        ValueError: already completed, or no application any more (translated).
        StaleEdit: the plan changed since the user read it.
    """
    plans = Repository(db, t.UpgradePlan, ENTITY)
    with db.atomic():
        row = _require(db, plan_id, expected_version)
        done = record_upgrade(domain_plan(db, row), completed_at)
        plans.update(plan_id, expected_version, who, completed_at=done.plan.completed_at)
        Repository(db, t.Application).update(
            row["application_id"], None, who, version=str(done.installed.version)
        )
    return done


# --------------------------------------------------------------------------
# REL-4: a new plan


def create_plan(
    db: Any,
    application_id: int,
    target: str,
    trigger: UpgradeTrigger | str,
    start: datetime,
    who: str,
    *,
    tac_case: str = "",
    end: datetime | None = None,
) -> dict[str, Any]:
    """REL-4: plan an upgrade of one installed application (audited).

    ``end`` None: the plan lasts the reference's ``upgrade_default_duration``.
    A start outside the windows is saved as asked (its violations show, MAINT-3).

    Raises:
        ValueError: unreadable target, a feature request without TAC case,
            a start or end without a zone (translated).
    """
    apps = application_choices_by_id(db, application_id)
    try:
        installed_version = Version.parse(apps["version"] or "")
    except ValueError:
        installed_version = Version.parse(target)
    plan = UpgradePlan(
        installed=Installed(
            apps["customer"], apps["cluster"], apps["application"], installed_version
        ),
        target=Version.parse(target),
        trigger=trigger,
        scheduled_start=start,
        tac_case=tac_case.strip(),
        scheduled_end=end,
    )
    with db.atomic():
        row = Repository(db, t.UpgradePlan, ENTITY).create(
            who,
            customer=apps["customer_id"],
            cluster=apps["cluster_id"],
            application=application_id,
            target=str(plan.target),
            scheduled_start=plan.scheduled_start,
            scheduled_end=plan.scheduled_end,
            trigger=plan.trigger.value,
        )
        if plan.tac_case:
            audit.record(who, ENTITY, row["id"], "tac_case", None, plan.tac_case)
    return row


def application_choices_by_id(db: Any, application_id: int) -> dict[str, Any]:
    """One installed application with its cluster and customer facts."""
    A = t.Application
    customer_id = (
        A.select(t.Cluster.customer).join(t.Cluster).where(A.id == application_id).scalar()
    )
    for row in application_choices(db, customer_id):
        if row["id"] == application_id:
            return row
    raise ValueError(_("The application no longer exists."))
