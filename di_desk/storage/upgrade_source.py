"""The row source of the upgrade plans list (REL-4, REL-5).

Upgrade plans with their customer, cluster and installed application, for
the Releases tab. Filters: ``customer_id``, ``trigger`` (REL-4 token),
``completed`` (True: recorded as done, False: still open). The date range
applies to ``scheduled_start``.
"""

from __future__ import annotations

from typing import Any

from peewee import JOIN, Expression, Node

from di_desk.storage.sources import ModelSource, _customer_name_matches
from di_desk.storage.tables import Application, Cluster, Customer, UpgradePlan


class UpgradePlanSource(ModelSource):
    """REL-4/5: upgrade plans by scheduled start (earliest first by default)."""

    model = UpgradePlan
    date_field = UpgradePlan.scheduled_start
    default_sort = ("scheduled_start", False)
    joined_sorts = frozenset({"customer", "cluster", "application", "version"})

    def _filters(self) -> dict[str, Node]:
        u = UpgradePlan
        return {
            "customer_id": u.customer,
            "cluster_id": u.cluster,
            "application_id": u.application,
            "trigger": u.trigger,
            "completed": u.completed_at.is_null(False),
        }

    def _sorts(self) -> dict[str, Node]:
        u = UpgradePlan
        return {
            "scheduled_start": u.scheduled_start,
            "target": u.target,
            "trigger": u.trigger,
            "reschedule_count": u.reschedule_count,
            "completed_at": u.completed_at,
            "notice_sent": u.notice_sent,
            "customer": Customer.name,
            "cluster": Cluster.name,
            "application": Application.kind,
            "version": Application.version,
        }

    def _text_condition(self, word: str) -> Expression:
        u = UpgradePlan
        clusters = Cluster.select(Cluster.id).where(Cluster.name.contains(word))
        return (
            u.customer.in_(_customer_name_matches(word))
            | u.cluster.in_(clusters)
            | u.target.contains(word)
        )

    def _join(self, query: Any) -> Any:
        u = UpgradePlan
        return (
            query.join(Customer, on=(u.customer == Customer.id))
            .switch(u)
            .join(Cluster, JOIN.LEFT_OUTER, on=(u.cluster == Cluster.id))
            .switch(u)
            .join(Application, JOIN.LEFT_OUTER, on=(u.application == Application.id))
        )

    def _extra_columns(self) -> tuple[tuple[str, Node], ...]:
        return (
            ("customer", Customer.name),
            ("customer_region", Customer.region),
            ("customer_calendar", Customer.calendar),
            ("cluster", Cluster.name),
            ("cluster_region", Cluster.region),
            ("publisher_region", Cluster.publisher_region),
            ("is_sme", Cluster.is_sme),
            ("application", Application.kind),
            ("version", Application.version),
        )
