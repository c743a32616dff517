"""Deterministic demo data as plain rows: the installed base and nightly backups.

:func:`build_plan` turns a seed into a :class:`DemoPlan`: customers, clusters,
applications, certificates (here), cases (:mod:`.demo_cases`) and maintenance,
releases, COP, DR and checklists (:mod:`.demo_events`), as dicts keyed by
the column names of :mod:`di_desk.storage.tables`. Ids are local (1, 2, …); the
writer shifts them past the ids already in the database. Instants are integer
UTC epoch seconds, dates are :class:`datetime.date`.

Backups are many (one per customer, application and night), so the plan only
describes one :class:`BackupSeries` per customer and application;
:func:`backup_rows` makes their rows as tuples, arithmetically, on demand.
Every part draws from its own ``random.Random`` stream, so the same seed
and ``now`` always give the same rows.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from di_desk.domain.enums import Application, BackupResult, Region
from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.domain.timeutil import to_utc, zone
from di_desk.i18n import _
from di_desk.storage import demo_names as names
from di_desk.storage.errors import StorageError

DAY = 86400
HOUR = 3600
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

#: REL-6 versions and how often a customer runs them (n, n-1, n-2, unsupported).
VERSIONS: tuple[tuple[str, int], ...] = (
    ("15.0 SU2", 40),
    ("15.0 SU1", 20),
    ("14.0 SU3", 12),
    ("14.0 SU4", 10),
    ("12.5 SU7a", 12),
    ("11.5 SU9", 6),
)
PRIMARY_APPS = (
    Application.CUCM,
    Application.UNITY_CONNECTION,
    Application.IM_PRESENCE,
    Application.CER,
    Application.EXPRESSWAY,
)
#: Typical backup size in MB per application (grows slowly over the years).
BACKUP_MB = {
    Application.CUCM: (350, 700),
    Application.UNITY_CONNECTION: (500, 950),
    Application.IM_PRESENCE: (150, 300),
    Application.CER: (100, 200),
    Application.EXPRESSWAY: (100, 180),
    Application.SME: (250, 450),
}
#: Certificates are valid for two years; the last renewal was 3–7 days before
#: the previous expiry (MAINT-10).
CERT_VALID_DAYS = 730
#: Share of customers with a Session Management Edition cluster (REL-1, MAINT-2):
#: most customers with several CUCM clusters tie them together with SME.
SME_SHARE_MULTI = 0.9
SME_SHARE_SINGLE = 0.35
BACKUP_FAILURE_RATE = 0.02
BACKUP_MISSING_RATE = 0.005
#: Chance that a night starts a run of 2–4 failed nights (a recovery-point warning).
BACKUP_STREAK_RATE = 0.0015
#: Order in which the writer inserts the tables (parents first).
TABLE_ORDER = (
    "customer",
    "cluster",
    "application",
    "certificate",
    "support_case",
    "severity_change",
    "action_plan",
    "provider_notice",
    "blackout",
    "maintenance_event",
    "reschedule",
    "cop_request",
    "cop_step",
    "upgrade_plan",
    "dr_event",
    "dr_follow_up",
    "checklist_item",
)


class DemoCancelled(StorageError):
    """The user cancelled demo generation; nothing was written."""

    def __init__(self) -> None:
        super().__init__(_("Demo data generation was cancelled; nothing was saved."))


def rng_for(seed: int, part: str) -> random.Random:
    """An independent, reproducible random stream for one part of the plan."""
    return random.Random(f"di-desk-demo:{seed}:{part}")


def epoch(value: datetime) -> int:
    return int(value.timestamp())


def instant(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def weighted(rng: random.Random, options: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights)[0]


@dataclass(frozen=True)
class CustomerInfo:
    """What the event generators need to know about a customer."""

    id: int
    name: str
    region: Region
    calendar: str
    zone: str
    sso: bool
    contract: str
    size: int  # knowledge workers contracted
    cluster_ids: tuple[int, ...]


@dataclass(frozen=True)
class BackupSeries:
    """One customer's application, backed up nightly (BAK-1)."""

    customer_id: int
    application: Application
    zone: str
    first_day: int  # proleptic ordinal of the first local night
    nights: int
    base_bytes: int
    growth: float  # relative growth over the whole period
    seed: str
    missing: frozenset[int] = frozenset()  # nights (0 = first) that always have no backup
    failed: frozenset[int] = frozenset()  # nights whose backup always fails


@dataclass
class DemoPlan:
    """Everything :func:`build_plan` made, before it is written."""

    seed: int
    now: int  # epoch seconds
    start: int  # epoch seconds: the first night of backups
    reference: ReferenceData
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    series: list[BackupSeries] = field(default_factory=list)
    customers: list[CustomerInfo] = field(default_factory=list)
    clusters: dict[int, dict[str, Any]] = field(default_factory=dict)
    applications: list[dict[str, Any]] = field(default_factory=list)

    def table(self, key: str) -> list[dict[str, Any]]:
        return self.rows.setdefault(key, [])

    def add(self, key: str, row: dict[str, Any]) -> int:
        """Append ``row`` to table ``key`` with the next local id; returns the id."""
        rows = self.table(key)
        row_id = len(rows) + 1
        rows.append({"id": row_id, **row})
        return row_id

    @property
    def backup_estimate(self) -> int:
        """Nights × series: an upper bound of the backup rows."""
        return sum(s.nights for s in self.series)

    def counts(self) -> dict[str, int]:
        return {key: len(self.rows.get(key, ())) for key in TABLE_ORDER}


# -- customers and their installation ---------------------------------------------------


def _customer_names(rng: random.Random, countries: list[str]) -> list[str]:
    pools = {c: list(names.company_names(c)) for c in sorted(set(countries))}
    for pool in pools.values():
        rng.shuffle(pool)
    taken: dict[str, int] = {}
    result = []
    for country in countries:
        pool = pools[country]
        index = taken.get(country, 0)
        taken[country] = index + 1
        base = pool[index % len(pool)]
        result.append(base if index < len(pool) else f"{base} {index // len(pool) + 1}")
    return result


def _slug(company: str) -> str:
    """``"Müller Logistik GmbH"`` → ``"MULLER"``: the cluster name prefix."""
    ascii_name = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode()
    words = [re.sub(r"[^A-Z0-9]", "", w.upper()) for w in ascii_name.split()]
    return next((w for w in words if len(w) > 2), "CUST")[:10]


def _version(rng: random.Random, base: str) -> str:
    return base if rng.random() < 0.75 else weighted(rng, VERSIONS)


def build_installed_base(plan: DemoPlan, customers: int) -> None:
    """Customers with capacity, clusters (some SME), applications and certificates."""
    rng = rng_for(plan.seed, "customers")
    regions = [
        names.REGION_CYCLE[i]
        if i < len(names.REGION_CYCLE)
        else weighted(rng, tuple(names.REGION_WEIGHTS.items()))
        for i in range(customers)
    ]
    countries = [
        names.REGION_COUNTRIES[r][i // len(names.REGION_CYCLE) % len(names.REGION_COUNTRIES[r])]
        for i, r in enumerate(regions)
    ]
    company = _customer_names(rng, countries)
    version_index = 0
    for index in range(customers):
        region, country = regions[index], countries[index]
        _region, code, zone_key, _phone, _tld = names.COUNTRIES[country]
        size = int(rng.choice((300, 800, 1500, 3000, 6000, 12000, 25000)) * rng.uniform(0.8, 1.2))
        devices = int(size * rng.uniform(0.03, 0.12))
        # CAP-1: some customers plan beyond their contracted capacity.
        growth = (
            rng.uniform(1.05, 1.3) if rng.random() < 0.18 or index == 2 else rng.uniform(0.6, 1)
        )
        sso = rng.random() < 0.45 or index == 0
        customer_id = plan.add(
            "customer",
            {
                "name": company[index],
                "region": region.value,
                "calendar": code,
                "zone": zone_key,
                "sso": sso,
                "contracted_knowledge_workers": size,
                "contracted_workspace_devices": devices,
                "planned_knowledge_workers": int(size * growth),
                "planned_workspace_devices": int(devices * rng.uniform(0.7, 1.25)),
                "notes": "",
            },
        )
        contract = f"SUB{rng.randrange(10**7, 10**8)}"
        base = weighted(rng, VERSIONS)
        cluster_ids = []
        n_clusters = 1 + (size > 2500) + (size > 10000 and rng.random() < 0.6)
        for number in range(n_clusters):
            name = f"{_slug(company[index])}-CL{number + 1}"
            cluster_id = plan.add(
                "cluster",
                {
                    "customer": customer_id,
                    "name": name,
                    "region": region.value,
                    "is_sme": False,
                    "publisher_region": None,
                },
            )
            cluster_ids.append(cluster_id)
            kinds = PRIMARY_APPS if number == 0 else (Application.CUCM, Application.IM_PRESENCE)
            for kind in kinds:
                version = VERSIONS[version_index][0] if version_index < len(VERSIONS) else None
                version_index += 1
                _add_application(
                    plan, customer_id, cluster_id, kind, version or _version(rng, base)
                )
        sme_share = SME_SHARE_MULTI if n_clusters > 1 else SME_SHARE_SINGLE
        if rng.random() < sme_share or index == 1:
            publisher = region if rng.random() < 0.5 else rng.choice(list(Region))
            if index == 1:
                publisher = Region.EU
            cluster_id = plan.add(
                "cluster",
                {
                    "customer": customer_id,
                    "name": f"{_slug(company[index])}-SME",
                    "region": region.value,
                    "is_sme": True,
                    "publisher_region": publisher.value,
                },
            )
            cluster_ids.append(cluster_id)
            _add_application(plan, customer_id, cluster_id, Application.SME, _version(rng, base))
        plan.customers.append(
            CustomerInfo(
                customer_id,
                company[index],
                region,
                code,
                zone_key,
                sso,
                contract,
                size,
                tuple(cluster_ids),
            )
        )
    for row in plan.table("cluster"):
        plan.clusters[row["id"]] = row
    _add_certificates(plan)
    _add_backup_series(plan)


def _add_application(
    plan: DemoPlan,
    customer_id: int,
    cluster_id: int,
    kind: Application,
    version: str,
) -> None:
    app_id = plan.add(
        "application", {"cluster": cluster_id, "kind": kind.value, "version": version}
    )
    plan.applications.append(
        {"id": app_id, "customer": customer_id, "cluster": cluster_id, "kind": kind}
    )


def _add_certificates(plan: DemoPlan) -> None:
    """MAINT-10 material: certificates per application, a few expiring within 14 days."""
    rng = rng_for(plan.seed, "certificates")
    cluster_names = {cid: row["name"].lower() for cid, row in plan.clusters.items()}
    soon_forced = 0
    for app in plan.applications:
        kind: Application = app["kind"]
        host = f"{kind.name.lower().replace('_', '')}-pub.{cluster_names[app['cluster']]}"
        for cert_kind in names.CERTIFICATE_KINDS[kind.value]:
            roll = rng.random()
            if soon_forced < 2 and kind is Application.CUCM:  # always a few to renew soon
                days = rng.uniform(2, 13)
                soon_forced += 1
            elif roll < 0.06:
                days = rng.uniform(0.5, 14)
            elif roll < 0.1:
                days = rng.uniform(14, 45)
            else:
                days = rng.uniform(45, CERT_VALID_DAYS)
            expires = plan.now + int(days * DAY) // HOUR * HOUR
            renewed = expires - (CERT_VALID_DAYS + rng.randrange(3, 8)) * DAY
            plan.add(
                "certificate",
                {
                    "application": app["id"],
                    "cluster": app["cluster"],
                    "subject": f"{cert_kind} CN={host}.dedicated.example.net",
                    "expires_at": expires,
                    "renewed_at": renewed if rng.random() < 0.7 else None,
                },
            )


def _add_backup_series(plan: DemoPlan) -> None:
    rng = rng_for(plan.seed, "backup-series")
    by_customer = {c.id: c for c in plan.customers}
    start_day = instant(plan.start).date().toordinal()
    # Backups are kept per customer and application (BAK-1, FILE-4): a second
    # CUCM cluster of a customer does not make a second nightly series.
    kinds = {(app["customer"], app["kind"]): app for app in reversed(plan.applications)}
    firsts = sorted(kinds.values(), key=lambda app: app["id"])
    for index, app in enumerate(firsts):
        customer = by_customer[app["customer"]]
        local_today = instant(plan.now).astimezone(zone(customer.zone))
        # Tonight's backup exists only once the night has passed (03:00 local).
        last_day = local_today.date().toordinal() - (1 if local_today.hour < 3 else 0)
        low, high = BACKUP_MB[app["kind"]]
        nights = max(0, last_day - start_day + 1)
        # Whatever the seed: one missing night, and one application whose last
        # two backups failed (its recovery point is too old, BAK-3).
        missing = frozenset({nights - 4}) if index == 0 and nights > 4 else frozenset()
        failed = frozenset({nights - 2, nights - 1}) if index == 1 and nights > 2 else frozenset()
        plan.series.append(
            BackupSeries(
                customer_id=customer.id,
                application=app["kind"],
                zone=customer.zone,
                first_day=start_day,
                nights=nights,
                base_bytes=int(rng.uniform(low, high) * (1 + customer.size / 60000) * 2**20),
                growth=rng.uniform(0.05, 0.4),
                seed=f"{plan.seed}:backup:{customer.id}:{app['id']}",
                missing=missing,
                failed=failed,
            )
        )


# -- backups ---------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _midnights(zone_key: str, first_day: int, nights: int) -> tuple[int, ...]:
    """Epoch seconds of local midnight for each night (offset taken at 02:00 local)."""
    tz = zone(zone_key)
    result = []
    for n in range(nights):
        day = first_day + n
        offset = tz.utcoffset(datetime.fromordinal(day).replace(hour=2))
        seconds = int(offset.total_seconds()) if offset is not None else 0
        result.append((day - _EPOCH_ORDINAL) * DAY - seconds)
    return tuple(result)


def series_rows(series: BackupSeries) -> Iterator[tuple[int, str, int, str, int | None]]:
    """BAK-1: ``(customer, application, taken_at, result, size_bytes)`` per night.

    A backup runs between 01:00 and 03:00 local time; about 2 % fail (some in
    runs of several nights) and about 0.5 % of nights have no backup at all.
    """
    rng = random.Random(series.seed)
    rand = rng.random
    midnights = _midnights(series.zone, series.first_day, series.nights)
    good, failed = BackupResult.GOOD.value, BackupResult.FAILED.value
    app = series.application.value
    customer = series.customer_id
    base = series.base_bytes
    step = base * series.growth / max(1, series.nights)
    streak = 0
    forced_missing, forced_failed = series.missing, series.failed
    forced = forced_missing | forced_failed
    for n, midnight in enumerate(midnights):
        roll = rand()
        if forced and n in forced:
            if n in forced_failed:
                yield customer, app, midnight + HOUR + int(rand() * 7200), failed, None
            continue
        if streak == 0 and roll < BACKUP_MISSING_RATE:
            continue
        taken = midnight + HOUR + int(rand() * 7200)
        if streak:
            streak -= 1
            yield customer, app, taken, failed, None
        elif roll < BACKUP_MISSING_RATE + BACKUP_FAILURE_RATE:
            if roll < BACKUP_MISSING_RATE + BACKUP_STREAK_RATE:
                streak = 1 + int(rand() * 3)
            yield customer, app, taken, failed, None
        else:
            yield customer, app, taken, good, int((base + step * n) * (0.97 + 0.06 * rand()))


def backup_rows(plan: DemoPlan) -> Iterator[tuple[int, str, int, str, int | None]]:
    """Every backup row of the plan, series after series."""
    for series in plan.series:
        yield from series_rows(series)


# -- the whole plan ---------------------------------------------------------------------


def build_plan(
    customers: int,
    years: float,
    seed: int,
    now: datetime,
    reference: ReferenceData = DEFAULT_REFERENCE,
) -> DemoPlan:
    """The deterministic demo data for ``customers`` over ``years`` up to ``now``."""
    from di_desk.storage.demo_cases import build_cases
    from di_desk.storage.demo_events import build_events

    if customers < 1:
        raise ValueError(_("The number of customers must be at least 1."))
    if years <= 0:
        raise ValueError(_("The number of years must be more than 0."))
    now_s = epoch(to_utc(now))  # a naive "now" is refused (TIME-1)
    start = now_s - int(years * 365.25 * DAY)
    plan = DemoPlan(seed=seed, now=now_s, start=start, reference=reference)
    build_installed_base(plan, customers)
    build_cases(plan)
    build_events(plan)
    return plan


def as_date(seconds: int, zone_key: str) -> date:
    """The local date of an epoch instant in ``zone_key``."""
    return instant(seconds).astimezone(zone(zone_key)).date()


def local_epoch(day: date, hour: float, zone_key: str) -> int:
    """Epoch seconds of ``hour`` o'clock local time on ``day`` (gaps roll forward)."""
    naive = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
    aware = naive.replace(tzinfo=zone(zone_key))
    return int(aware.timestamp())
