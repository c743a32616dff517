"""A small maintenance database for the maintenance service, tab and week view tests.

One customer per region zone (EU, AMER, APJC, AUS), one cluster each, plus an
SME cluster of the EU customer whose publisher is in AMER (MAINT-2), a
blackout period of the EU customer (MAINT-11) and a few events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from di_desk.domain.enums import MaintenanceType, Region
from di_desk.domain.timeutil import localize
from di_desk.services.listing import ListQuery
from di_desk.services.maintenance import MaintenanceService
from di_desk.storage import Repository, open_database
from di_desk.storage import tables as t

NOW = datetime(2026, 3, 25, 12, tzinfo=UTC)
WHO = "tester"

CUSTOMERS = {
    Region.EU: ("Waddenkust Bouw B.V.", "NL", "Europe/Amsterdam", "WADDEN-CL1"),
    Region.AMER: ("Catskill Manufacturing Co.", "US-NY", "America/New_York", "CATSKILL-CL1"),
    Region.APJC: ("Kawasaki Kogyo", "JP", "Asia/Tokyo", "KAWASAKI-CL1"),
    Region.AUS: ("Outback Freight Pty Ltd", "AU-ACT", "Australia/Sydney", "OUTBACK-CL1"),
}


@dataclass
class Fixture:
    db: Any
    customers: dict[Region, int] = field(default_factory=dict)
    clusters: dict[Region, int] = field(default_factory=dict)
    sme_cluster: int = 0
    events: dict[str, int] = field(default_factory=dict)


def local(day: date, at: time, zone_key: str, fold: int = 0) -> datetime:
    return localize(datetime.combine(day, at), zone_key, fold=fold).astimezone(UTC)


def add_event(fx: Fixture, region: Region, kind: MaintenanceType, start: datetime,
              end: datetime, **extra: Any) -> int:  # fmt: skip
    row = Repository(fx.db, t.MaintenanceEvent).create(
        WHO,
        customer=fx.customers[region],
        cluster=fx.clusters[region],
        region=region,
        type=kind,
        start=start,
        end=end,
        calendar=CUSTOMERS[region][1],
        reason=extra.pop("reason", f"{kind.value} work"),
        **extra,
    )
    return int(row["id"])


def build(tmp_path: Path) -> Fixture:
    db = open_database(tmp_path / "maintenance.sqlite")
    fx = Fixture(db)
    customers = Repository(db, t.Customer)
    clusters = Repository(db, t.Cluster)
    for region, (name, calendar, zone_key, cluster) in CUSTOMERS.items():
        cid = customers.create(WHO, name=name, region=region, calendar=calendar, zone=zone_key)
        fx.customers[region] = int(cid["id"])
        row = clusters.create(WHO, customer=cid["id"], name=cluster, region=region)
        fx.clusters[region] = int(row["id"])
    sme = clusters.create(
        WHO,
        customer=fx.customers[Region.EU],
        name="WADDEN-SME",
        region=Region.EU,
        is_sme=True,
        publisher_region=Region.AMER,
    )
    fx.sme_cluster = int(sme["id"])
    Repository(db, t.Blackout).create(
        WHO,
        customer=fx.customers[Region.EU],
        first_day=date(2026, 4, 1),
        last_day=date(2026, 4, 2),
        note="Month-end closing",
    )
    ams = "Europe/Amsterdam"
    fx.events["fine"] = add_event(
        fx, Region.EU, MaintenanceType.ROUTINE,
        local(date(2026, 3, 24), time(21, 30), ams), local(date(2026, 3, 24), time(23), ams),
    )  # fmt: skip
    fx.events["disruptive"] = add_event(
        fx, Region.EU, MaintenanceType.DISRUPTIVE,
        local(date(2026, 4, 20), time(22), ams), local(date(2026, 4, 20), time(23), ams),
        notice_sent=date(2026, 4, 1),
    )  # fmt: skip
    fx.events["emergency"] = add_event(
        fx, Region.EU, MaintenanceType.EMERGENCY,
        local(date(2026, 3, 26), time(14), ams), local(date(2026, 3, 26), time(15), ams),
        emergency_reason="restore_service", urgent=True,
    )  # fmt: skip
    fx.events["early"] = add_event(
        fx, Region.AMER, MaintenanceType.ROUTINE,
        local(date(2026, 3, 25), time(19), "America/New_York"),
        local(date(2026, 3, 25), time(22), "America/New_York"),
    )  # fmt: skip
    return fx


def service(fx: Fixture) -> MaintenanceService:
    return MaintenanceService(fx.db, clock=lambda: NOW, who=WHO)


def make_tab(qtbot: Any, fx: Fixture, settings: Any, zone_key: str = "Europe/Amsterdam") -> Any:
    from di_desk.ui.language import LanguageNotifier
    from di_desk.ui.tabs.base import AppEvents, TabContext
    from di_desk.ui.tabs.maintenance import MaintenanceTab

    settings.display_zone = zone_key
    context = TabContext(
        settings=settings, notifier=LanguageNotifier(), events=AppEvents(), db=fx.db
    )
    tab = MaintenanceTab(service(fx), context)
    qtbot.addWidget(tab)
    tab.resize(1366, 740)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def violations_of(tab: Any, event_id: int) -> str:
    """The Violations cell of an event's row as the list shows it."""
    assert tab.select_record(event_id)
    row = tab.model.row_of_id(event_id)
    column = tab.model.column_index("violations")
    return tab.model.index(row, column).data()


def all_ids(fx: Fixture) -> list[int]:
    from di_desk.storage.sources import MaintenanceSource

    return list(MaintenanceSource(fx.db).ids(ListQuery(), 0, 1000))
