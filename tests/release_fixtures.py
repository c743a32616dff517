"""A small installed base and upgrade plans for the Releases tests (REL-2..6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from di_desk.domain.enums import Application, MaintenanceType, Region
from di_desk.storage.repositories import Repository
from di_desk.storage.tables import Application as AppRow
from di_desk.storage.tables import Cluster, Customer, MaintenanceEvent, UpgradePlan

WHO = "tester"


@dataclass
class Installed:
    customers: dict[str, int] = field(default_factory=dict)
    clusters: dict[str, int] = field(default_factory=dict)
    apps: dict[str, int] = field(default_factory=dict)  # "customer/app" → id
    plans: dict[str, int] = field(default_factory=dict)


#: customer, region, cluster, application, version
ROWS: tuple[tuple[str, Region, str, Application, str], ...] = (
    ("Acme", Region.EU, "ACME-CL1", Application.CUCM, "15.0 SU2"),
    ("Acme", Region.EU, "ACME-CL1", Application.UNITY_CONNECTION, "15.0 SU1"),
    ("Beta", Region.AMER, "BETA-CL1", Application.CUCM, "14.0 SU3"),
    ("Beta", Region.AMER, "BETA-CL1", Application.CER, "12.5 SU7a"),
    ("Gamma", Region.APJC, "GAMMA-CL1", Application.CUCM, "11.5 SU9"),
)


def installed_base(db: Any) -> Installed:
    data = Installed()
    for customer, region, cluster, app, version in ROWS:
        if customer not in data.customers:
            data.customers[customer] = Repository(db, Customer).create(
                WHO, name=customer, region=region
            )["id"]
        if cluster not in data.clusters:
            data.clusters[cluster] = Repository(db, Cluster).create(
                WHO, customer=data.customers[customer], name=cluster
            )["id"]
        data.apps[f"{customer}/{app.value}"] = Repository(db, AppRow).create(
            WHO, cluster=data.clusters[cluster], kind=app, version=version
        )["id"]
    return data


def add_plan(
    db: Any,
    data: Installed,
    key: str,
    start: datetime,
    *,
    trigger: str = "lifecycle",
    target: str = "15.0 SU2",
    with_event: bool = False,
) -> int:
    """An upgrade plan for the application ``key`` ("Beta/CUCM") starting at ``start``."""
    customer = key.split("/")[0]
    app_id = data.apps[key]
    cluster_id = Repository(db, AppRow).require(app_id)["cluster_id"]
    plan = Repository(db, UpgradePlan).create(
        WHO,
        customer=data.customers[customer],
        cluster=cluster_id,
        application=app_id,
        target=target,
        scheduled_start=start,
        trigger=trigger,
    )
    if with_event:
        Repository(db, MaintenanceEvent).create(
            WHO,
            customer=data.customers[customer],
            cluster=cluster_id,
            region=Region.EU,
            type=MaintenanceType.UPGRADE,
            start=start,
            end=start + timedelta(hours=4),
        )
    data.plans[key] = plan["id"]
    return plan["id"]
