"""Demo data (di_desk.storage.demo): deterministic, complete, rule-aware, fast."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from di_desk.domain.cases import customer_calendar, response_due
from di_desk.domain.change_requests import ChangeRequestState
from di_desk.domain.enums import (
    Application,
    BackupResult,
    CaseStatus,
    DrKind,
    MaintenanceType,
    Region,
    Severity,
)
from di_desk.domain.maintenance import check_event
from di_desk.domain.maintenance_events import Blackout, MaintenanceEvent, parse_emergency_reason
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.domain.releases import ReleaseStatus, release_status
from di_desk.storage import demo
from di_desk.storage import tables as t
from di_desk.storage.db import integrity_check, open_database
from di_desk.storage.demo_data import TABLE_ORDER, build_plan

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
CUSTOMERS, YEARS, SEED = 6, 0.2, 11


def _rows(model, *order):
    return list(model.select().order_by(*(order or (model.id,))).tuples())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One small demo (6 customers, 0.2 years), shared by the read-only tests."""
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    result = demo.generate_demo(db, customers=CUSTOMERS, years=YEARS, seed=SEED, now=NOW)
    yield db, result
    db.close()


def test_same_seed_same_rows(tmp_path):
    """Two runs with one seed and one "now" write the same counts and rows."""
    snapshots = []
    for name in ("a", "b"):
        db = open_database(tmp_path / f"{name}.sqlite")
        result = demo.generate_demo(db, customers=4, years=0.1, seed=5, now=NOW)
        snapshots.append(
            (
                dict(result.counts),
                _rows(t.Customer),
                _rows(t.SupportCase)[:20],
                _rows(t.MaintenanceEvent)[:20],
                _rows(t.Backup)[:50],
                _rows(t.Certificate)[:10],
            )
        )
        db.close()
    assert snapshots[0] == snapshots[1]
    other = build_plan(4, 0.1, 6, NOW)
    assert [c["name"] for c in other.rows["customer"]] != [row[2] for row in snapshots[0][1]]


def test_counts_match_the_database(demo_db):
    db, result = demo_db
    assert result.counts["customer"] == CUSTOMERS == t.Customer.select().count()
    assert result.counts["backup"] == t.Backup.select().count()
    assert result.counts["support_case"] == t.SupportCase.select().count()
    assert result.rows == sum(result.counts.values())
    assert result.rows_per_second > 0
    assert integrity_check(db) == []
    checklist = len(DEFAULT_REFERENCE.backup_checklist)
    assert t.ChecklistItem.select().count() == CUSTOMERS * checklist
    # BAK-1: about one backup per customer, application and night (0.5 % missing).
    nights = int(YEARS * 365.25)
    pairs = (
        t.Application.select(t.Cluster.customer, t.Application.kind)
        .join(t.Cluster)
        .distinct()
        .count()
    )
    assert pairs == len({(row[1], row[2]) for row in _rows(t.Backup)})
    expected = pairs * nights
    assert 0.95 * expected <= result.counts["backup"] <= 1.01 * expected


def test_every_region_and_calendar_present(demo_db):
    """MAINT-1, FILE-5: all regions from six customers on; their calendars and zones."""
    customers = list(t.Customer.select())
    assert {c.region for c in customers} == set(Region)
    assert {c.calendar for c in customers} >= {"NL", "DE", "GB", "US-NY", "AU-ACT", "JP"}
    for customer in customers:
        ZoneInfo(customer.zone)
    assert any(c.sso for c in customers) and not all(c.sso for c in customers)


def test_capacity_some_over_contract(demo_db):
    """CAP-1: planned growth beyond the contract is there to flag."""
    customers = list(t.Customer.select())
    over = [c for c in customers if c.planned_knowledge_workers > c.contracted_knowledge_workers]
    assert over and len(over) < len(customers)
    assert all(c.contracted_workspace_devices > 0 for c in customers)


def test_installed_base(demo_db):
    """REL-1, REL-6, MAINT-2: every application, versions on every train row, SME clusters."""
    apps = list(t.Application.select())
    assert {a.kind for a in apps} == set(Application)
    statuses = {release_status(a.version, DEFAULT_REFERENCE.train) for a in apps}
    assert statuses == set(ReleaseStatus)
    versions = {a.version for a in apps}
    assert {"15.0 SU2", "15.0 SU1", "12.5 SU7a", "11.5 SU9"} <= versions
    assert versions & {"14.0 SU3", "14.0 SU4"}
    sme = [c for c in t.Cluster.select() if c.is_sme]
    assert sme and all(c.publisher_region is not None for c in sme)


def test_certificates_expiring_soon(demo_db):
    """MAINT-10: some certificates expire within the next 14 days."""
    soon = t.Certificate.select().where(
        t.Certificate.expires_at.between(NOW, NOW + timedelta(days=14))
    )
    assert soon.count() >= 1
    assert t.Certificate.select().count() > soon.count()


def test_backups_failures_missing_nights_and_times(demo_db):
    """BAK-1/3: nightly at 01:00–03:00 local, ~2 % failed, a few nights missing."""
    zones = {c.id: c.zone for c in t.Customer.select()}
    rows = _rows(t.Backup)
    results = Counter(row[4] for row in rows)
    failed = results[BackupResult.FAILED] / len(rows)
    assert 0.005 < failed < 0.06
    nights: dict[tuple[int, str], set] = defaultdict(set)
    for _id, customer, app, taken, result, size, _source in rows:
        local = taken.astimezone(ZoneInfo(zones[customer]))
        assert 1 <= local.hour <= 3
        assert local.date() <= NOW.date()
        nights[(customer, app)].add(local.date())
        if result is BackupResult.GOOD:
            assert 50 * 2**20 < size < 3 * 2**30
        else:
            assert size is None
    assert sum(len(days) for days in nights.values()) == len(rows)  # one a night at most
    plan = build_plan(CUSTOMERS, YEARS, SEED, NOW)
    assert plan.backup_estimate - len(rows) >= 1  # missing nights
    for days in nights.values():
        gaps = (max(days) - min(days)).days + 1 - len(days)
        assert gaps <= 0.1 * len(days)
    assert any((max(days) - min(days)).days + 1 > len(days) for days in nights.values())


def _case_rows():
    return list(t.SupportCase.select().order_by(t.SupportCase.id))


def test_cases_every_severity_and_acknowledgement(demo_db):
    """CASE-3/5/6: all severities; most acknowledged in time, some late, some open."""
    cases = _case_rows()
    assert {c.severity for c in cases} == set(Severity)
    acked = [c for c in cases if c.acknowledged_at is not None]
    in_time = [c for c in acked if c.acknowledged_at <= c.response_due]
    assert len(in_time) > len(acked) / 2
    assert len(in_time) < len(acked)  # some late
    unacked = [c for c in cases if c.acknowledged_at is None]
    assert all(c.status is CaseStatus.OPENED for c in unacked)
    assert any(c.response_due < NOW for c in unacked)  # overdue: counts as missed
    assert any(c.response_due > NOW for c in unacked)  # not yet due
    assert {c.status for c in cases} >= {CaseStatus.OPENED, CaseStatus.CLOSED}


def test_response_due_follows_the_rules(demo_db):
    """CASE-5: without severity changes, due = response_due(severity, opened, calendar)."""
    changed = {row.case_id for row in t.SeverityChange.select()}
    zones = {c.id: (c.calendar, c.zone) for c in t.Customer.select()}
    checked = 0
    for case in _case_rows():
        if case.id in changed:
            continue
        calendar = customer_calendar(*zones[case.customer_id], DEFAULT_REFERENCE)
        expected = response_due(case.severity, case.opened_at, calendar, DEFAULT_REFERENCE)
        assert case.response_due == expected.replace(microsecond=0)
        checked += 1
    assert checked > 5


def test_severity_changes_action_plans_and_notices(demo_db):
    """CASE-9/10/11."""
    changes = list(t.SeverityChange.select())
    assert {c.by.value for c in changes} == {"partner", "provider"}
    for change in changes:
        if change.by.value == "partner":
            assert change.to_severity.rank < change.from_severity.rank
        else:
            assert change.to_severity.rank > change.from_severity.rank
    assert t.ActionPlan.select().count() >= 1
    assert t.ProviderNotice.select().count() >= 1


def _events():
    customers = {c.id: c for c in t.Customer.select()}
    blackouts = defaultdict(list)
    for b in t.Blackout.select():
        zone = customers[b.customer_id].zone
        blackouts[b.customer_id].append(Blackout(b.first_day, b.last_day, zone=zone))
    for row in t.MaintenanceEvent.select():
        event = MaintenanceEvent(
            customer=customers[row.customer_id].name,
            cluster=str(row.cluster_id),
            region=row.region,
            type=row.type,
            start=row.start,
            end=row.end,
            notice_sent=row.notice_sent,
            calendar=row.calendar,
            reason=row.reason,
            urgent=row.urgent,
            emergency_reason=parse_emergency_reason(row.emergency_reason),
            review_state=ChangeRequestState(row.review_state) if row.review_state else None,
        )
        yield row, check_event(event, None, None, DEFAULT_REFERENCE, blackouts[row.customer_id])


def test_maintenance_types_windows_and_violations(demo_db):
    """MAINT-3/4/5/8/9/11: every type, mostly in windows, some violations of each kind."""
    checked = list(_events())
    assert {row.type for row, _check in checked} == set(MaintenanceType)
    upcoming = {row.type for row, _c in checked if NOW <= row.start < NOW + timedelta(days=14)}
    assert upcoming == set(MaintenanceType)
    rules = Counter(rule for _row, check in checked for rule in check.rule_ids)
    assert {"MAINT-3", "MAINT-5", "MAINT-9", "MAINT-11"} <= set(rules)
    clean = sum(1 for _row, check in checked if check.ok)
    assert clean > 0.75 * len(checked)
    emergencies = [row for row, _c in checked if row.type is MaintenanceType.EMERGENCY]
    assert all(parse_emergency_reason(row.emergency_reason) for row in emergencies)


def test_upgrades_reschedules_cop_dr(demo_db):
    """REL-4/5, MAINT-6/13, BAK-5."""
    plans = list(t.UpgradePlan.select())
    assert plans and all(p.target == DEFAULT_REFERENCE.train.upgrade_target for p in plans)
    assert t.Reschedule.select().count() >= 1
    assert t.CopRequest.select().count() >= 1 and t.CopStep.select().count() >= 4
    kinds = {e.kind for e in t.DrEvent.select()}
    assert kinds == set(DrKind)
    assert t.DrFollowUp.select().count() >= 4


def test_cancel_rolls_everything_back(tmp_path):
    """Cancelled while writing backups: no rows, and the backup indexes are back."""
    db = open_database(tmp_path / "c.sqlite")
    calls = []
    after_tables = len(TABLE_ORDER) + 1

    def progress(done, total):
        calls.append((done, total))

    with pytest.raises(demo.DemoCancelled):
        demo.generate_demo(
            db,
            customers=3,
            years=0.1,
            now=NOW,
            progress=progress,
            cancelled=lambda: len(calls) > after_tables,
        )
    assert calls[-1][0] > calls[after_tables - 1][0]  # some backups were written
    assert t.Customer.select().count() == 0
    assert t.Backup.select().count() == 0
    assert len(db.get_indexes("backup")) == len(t.Backup._meta.fields_to_index())
    db.close()


def test_progress_reaches_the_end_and_appends_after_existing_rows(tmp_path):
    db = open_database(tmp_path / "p.sqlite")
    seen = []
    first = demo.generate_demo(
        db, customers=2, years=0.05, now=NOW, progress=lambda d, n: seen.append((d, n))
    )
    assert seen[-1][0] == seen[-1][1] == first.rows
    assert [d for d, _n in seen] == sorted(d for d, _n in seen)
    second = demo.generate_demo(db, customers=2, years=0.05, now=NOW)
    names = [c.name for c in t.Customer.select()]
    assert len(names) == len(set(names)) == 4
    assert t.Backup.select().count() == first.counts["backup"] + second.counts["backup"]
    assert integrity_check(db) == []
    db.close()


def test_ensure_demo_database_fills_only_an_empty_file(tmp_path):
    path = tmp_path / "gui-demo.sqlite"
    db = demo.ensure_demo_database(path, customers=2, years=0.05)
    count = t.Customer.select().count()
    db.close()
    assert count == 2
    db = demo.ensure_demo_database(path, customers=2, years=0.05)
    assert t.Customer.select().count() == 2
    assert demo.fill_if_empty(db) is None
    db.close()


def test_command_line(tmp_path):
    err = io.StringIO()
    path = tmp_path / "cli.sqlite"
    args = ["--customers", "2", "--years", "0.05", "--seed", "3", "--db", str(path)]
    assert demo.main(args, stderr=err) == 0
    text = err.getvalue()
    assert "rows/s" in text and "[" in text and "100%" in text
    assert demo.main(["--customers", "0", "--db", str(path)], stderr=io.StringIO()) == 2


def test_plan_refuses_nonsense():
    with pytest.raises(ValueError):
        build_plan(0, 1, 1, NOW)
    with pytest.raises(ValueError):
        build_plan(1, 0, 1, NOW)
