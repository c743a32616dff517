"""A small database with one thing of each attention kind (Overview and Customers tests).

At :data:`NOW` (Wed 2026-03-25 10:00 UTC):

* Alpha Zorg: an S3 case past its response objective (CASE-5/6);
* Beta Bouw (SSO): a routine change on Thursday night inside the EU window
  (MAINT-1/3) and a certificate expiring on Monday, in its renewal window
  (MAINT-10), so SSO follow-ups too;
* Gamma Logistics: CUCM 12.5 SU7a, which must upgrade (REL-6);
* Delta Energie: nightly good backups with one night missing (BAK-3);
* Epsilon Media: 150 Knowledge Workers planned, 100 contracted (CAP-1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from di_desk.domain.enums import (
    Application,
    BackupResult,
    CaseStatus,
    Impact,
    MaintenanceType,
    Region,
    Severity,
    Urgency,
)
from di_desk.storage import open_database
from di_desk.storage import tables as t
from di_desk.storage.repositories import Repository

NOW = datetime(2026, 3, 25, 10, 0, tzinfo=UTC)
WHO = "tester"
GAP_NIGHT = datetime(2026, 3, 19).date()


@dataclass
class Fixture:
    db: Any
    path: Path
    customers: dict[str, int] = field(default_factory=dict)
    case_id: int = 0
    event_id: int = 0
    certificate_id: int = 0
    application_id: int = 0


def _customer(fx: Fixture, name: str, region: Region, **values: Any) -> int:
    row = Repository(fx.db, t.Customer).create(WHO, name=name, region=region, **values)
    fx.customers[name] = row["id"]
    return row["id"]


def _cluster(fx: Fixture, customer: str, name: str, versions: dict[Application, str]) -> int:
    cluster = Repository(fx.db, t.Cluster).create(
        WHO, customer_id=fx.customers[customer], name=name
    )
    for kind, version in versions.items():
        app = Repository(fx.db, t.Application).create(
            WHO, cluster_id=cluster["id"], kind=kind, version=version
        )
        if version.startswith("12.5"):
            fx.application_id = app["id"]
    return cluster["id"]


def build(path: Path) -> Fixture:
    """Create the database at ``path`` (tables stay bound to it)."""
    db = open_database(path)
    fx = Fixture(db, path)
    _customer(fx, "Alpha Zorg", Region.EU, calendar="NL")
    _customer(fx, "Beta Bouw", Region.EU, sso=True)
    _customer(fx, "Gamma Logistics", Region.AMER)
    _customer(fx, "Delta Energie", Region.EU)
    _customer(
        fx,
        "Epsilon Media",
        Region.EU,
        contracted_knowledge_workers=100,
        planned_knowledge_workers=150,
        contracted_workspace_devices=20,
        planned_workspace_devices=10,
    )
    case = Repository(db, t.SupportCase).create(
        WHO,
        customer_id=fx.customers["Alpha Zorg"],
        opened_at=datetime(2026, 3, 20, 10, tzinfo=UTC),
        impact=Impact.LOCALIZED,
        urgency=Urgency.MEDIUM,
        severity=Severity.S3,
        status=CaseStatus.OPENED,
        response_due=datetime(2026, 3, 23, 10, tzinfo=UTC),
        problem="Voicemail greetings lost",
        contract="SUB-1234",
    )
    fx.case_id = case["id"]
    beta = _cluster(fx, "Beta Bouw", "BETA-CL1", {Application.CUCM: "15.0 SU2"})
    # Thu 26 Mar 21:30–23:30 Amsterdam (CET): inside the EU window.
    event = Repository(db, t.MaintenanceEvent).create(
        WHO,
        customer_id=fx.customers["Beta Bouw"],
        cluster_id=beta,
        region=Region.EU,
        type=MaintenanceType.ROUTINE,
        start=datetime(2026, 3, 26, 20, 30, tzinfo=UTC),
        end=datetime(2026, 3, 26, 22, 30, tzinfo=UTC),
    )
    fx.event_id = event["id"]
    cert = Repository(db, t.Certificate).create(
        WHO,
        cluster_id=beta,
        subject="tomcat CN=cucm-pub.beta.example.net",
        expires_at=datetime(2026, 3, 30, 12, tzinfo=UTC),
    )
    fx.certificate_id = cert["id"]
    _cluster(fx, "Gamma Logistics", "GAMMA-CL1", {Application.CUCM: "12.5 SU7a"})
    _cluster(fx, "Delta Energie", "DELTA-CL1", {Application.CUCM: "15.0 SU2"})
    _cluster(fx, "Epsilon Media", "EPSILON-CL1", {Application.CUCM: "15.0 SU2"})
    delta = fx.customers["Delta Energie"]
    rows = []
    for day in range(1, 26):
        taken = datetime(2026, 3, day, 0, 30, tzinfo=UTC)  # 01:30 Amsterdam: night day-1
        if (taken - timedelta(days=1)).date() == GAP_NIGHT:
            continue
        rows.append(
            {
                "customer": delta,
                "application": Application.CUCM,
                "taken_at": taken,
                "result": BackupResult.GOOD,
                "size_bytes": 1000,
            }
        )
    t.Backup.insert_many(rows).execute()
    return fx
