"""Releases use cases: train edits (REL-2), announce (REL-3), status filter (REL-6),
upgrade plans (REL-4, REL-5, MAINT-5)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from di_desk.domain.enums import Application as AppKind
from di_desk.domain.enums import Region
from di_desk.domain.releases import ReleaseStatus
from di_desk.domain.upgrades import RescheduleRefused, UpgradeTrigger
from di_desk.services import releases, upgrades
from di_desk.services.listing import ListQuery
from di_desk.storage import audit, load_reference
from di_desk.storage.db import open_database
from di_desk.storage.errors import StaleEdit
from di_desk.storage.repositories import Repository
from di_desk.storage.sources import ApplicationSource
from di_desk.storage.tables import (
    Application,
    Blackout,
    Cluster,
    MaintenanceEvent,
    Reschedule,
    UpgradePlan,
)
from di_desk.storage.upgrade_source import UpgradePlanSource
from tests.release_fixtures import WHO, add_plan, installed_base

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "releases.sqlite")
    yield database
    database.close()


@pytest.fixture
def base(db):
    return installed_base(db)


def test_installed_status_treats_unreadable_versions_as_unsupported(db):
    """REL-6: a version on no row (or unreadable) is unsupported; the target is the train's."""
    train = releases.current_train(db)
    assert releases.installed_status("15.0 SU2", train).status is ReleaseStatus.SUPPORTED
    odd = releases.installed_status("banana", train)
    assert (odd.position, odd.status, odd.target) == (None, ReleaseStatus.UNSUPPORTED, "15.0 SU2")


def test_status_filter_is_sql_side_by_version(db, base):
    """REL-6: each status becomes the stored versions that have it (version IN …)."""
    train = releases.current_train(db)
    must = releases.versions_with_status(db, train, {ReleaseStatus.MUST_UPGRADE})
    assert must == ["12.5 SU7a", "14.0 SU3"]
    source = ApplicationSource(db)
    assert source.count(ListQuery(filters={"version": must})) == 2
    none = releases.versions_with_status(db, train, {"upgrade_advised"})
    assert source.count(ListQuery(filters={"version": none})) == 1
    counts = releases.status_counts(db, train)
    assert counts[ReleaseStatus.UNSUPPORTED] == 1 and sum(counts.values()) == 5


def test_edit_train_cell_is_audited_and_checked(db):
    """REL-2: a train edit goes through update_reference (audit row); bad input is refused."""
    train = releases.current_train(db)
    n1 = [r.position for r in train.rows].index("n-1")
    new = releases.edit_train_row(db, train, n1, "versions", "14.0 SU3 / SU4 / SU5", WHO)
    assert new.rows[n1].versions == ("14.0 SU3", "14.0 SU4", "14.0 SU5")
    assert load_reference(db).train == new
    entries = audit.history("reference")
    assert entries[0]["field"] == "train" and "14.0 SU5" in entries[0]["new"]
    with pytest.raises(ValueError, match="is not a version"):
        releases.edit_train_row(db, new, n1, "versions", "14.0 SU3, banana", WHO)
    with pytest.raises(ValueError, match="belongs to one row"):
        releases.edit_train_row(db, new, n1, "versions", "15.0 SU2", WHO)
    with pytest.raises(releases.TrainChanged):
        releases.edit_train_row(db, train, n1, "release", "14.0", WHO)


def test_target_must_stay_on_the_n_row(db):
    train = releases.current_train(db)
    with pytest.raises(ValueError, match="n row"):
        releases.set_upgrade_target(db, train, "14.0 SU4", WHO)
    assert releases.set_upgrade_target(db, train, "15.0 su1", WHO).upgrade_target == "15.0 SU1"


def test_announce_shifts_the_train_and_recomputes(db, base):
    """REL-3: n → n-1 → n-2 → End-of-Sale; 15.0 SU2 becomes n-1 / must upgrade."""
    train = releases.current_train(db)
    preview = releases.preview_announcement(db, train, "16.0 SU1", "16.0 SU1", "16.0 SU1")
    assert preview.end_of_sale is not None and preview.end_of_sale.release == "12.5 SU7a"
    by_version = {c.version: c for c in releases.changes_by_version(preview)}
    su2 = by_version["15.0 SU2"]
    assert (su2.old_position, su2.new_position) == ("n", "n-1")
    assert su2.new_status is ReleaseStatus.MUST_UPGRADE
    assert by_version["12.5 SU7a"].new_status is ReleaseStatus.UNSUPPORTED
    assert load_reference(db).train == train  # a preview saves nothing
    new = releases.apply_announcement(db, train, preview, WHO)
    assert load_reference(db).train == new
    status = releases.installed_status("15.0 SU2", new)
    assert (status.position, status.status) == ("n-1", ReleaseStatus.MUST_UPGRADE)
    with pytest.raises(ValueError, match="newer"):
        releases.preview_announcement(db, new, "15.5", "15.5", "15.5")


def test_reschedule_once_then_refused(db, base):
    """REL-5: one reschedule; the second is refused; the event moves with it."""
    start = NOW + timedelta(days=30)
    plan_id = add_plan(db, base, "Beta/CUCM", start, with_event=True)
    ref = load_reference(db)
    assert upgrades.reschedule_precheck(db, plan_id, NOW, ref, "UTC") is None
    new_start = start + timedelta(days=7)
    row = upgrades.reschedule_plan(db, plan_id, 1, new_start, "Year-end freeze", NOW, ref, WHO)
    assert (row["scheduled_start"], row["reschedule_count"]) == (new_start, 1)
    fields = {e["field"] for e in audit.history("upgrade_plan", plan_id)}
    assert {"scheduled_start", "reschedule_count", "reschedule_reason"} <= fields
    event = MaintenanceEvent.get()
    assert event.start == new_start and event.end == new_start + timedelta(hours=4)
    assert Reschedule.get().reason == "Year-end freeze"
    refused = upgrades.reschedule_precheck(db, plan_id, NOW, ref, "UTC")
    assert refused is not None and refused.code == "limit"
    with pytest.raises(RescheduleRefused, match="only one reschedule"):
        upgrades.reschedule_plan(db, plan_id, 2, new_start, "again", NOW, ref, WHO)
    with pytest.raises(StaleEdit):
        upgrades.reschedule_plan(db, plan_id, 1, new_start, "again", NOW, ref, WHO)


def test_late_reschedule_names_the_last_moment_in_the_display_zone(db, base):
    """REL-5: later than 7 days before the start: refused, last moment in the display zone."""
    start = datetime(2026, 3, 6, 20, 0, tzinfo=UTC)  # 21:00 in Amsterdam
    plan_id = add_plan(db, base, "Beta/CUCM", start)
    ref = load_reference(db)
    refused = upgrades.reschedule_precheck(db, plan_id, NOW, ref, "Europe/Amsterdam")
    assert refused is not None and refused.code == "too_late"
    assert refused.last_allowed == start - timedelta(days=7)
    assert "27 Feb 2026 21:00 CET" in str(refused)


def test_record_upgrade_updates_the_installed_version(db, base):
    """REL-5: a reported upgrade completes the plan and sets the version (audited)."""
    plan_id = add_plan(db, base, "Beta/CUCM", NOW + timedelta(days=20))
    done = upgrades.record_plan_done(db, plan_id, 1, NOW, WHO)
    assert str(done.previous_version) == "14.0 SU3"
    app = Repository(db, Application).require(base.apps["Beta/CUCM"])
    assert app["version"] == "15.0 SU2"
    assert any(e["field"] == "version" for e in audit.history("application", app["id"]))
    with pytest.raises(ValueError, match="already"):
        upgrades.record_plan_done(db, plan_id, 2, NOW, WHO)
    source = UpgradePlanSource(db)
    assert source.count(ListQuery(filters={"completed": True})) == 1
    assert source.count(ListQuery(filters={"completed": False})) == 0


def test_create_plan_needs_a_tac_case_for_a_feature_request(db, base):
    """REL-4: every plan carries a trigger; a feature request names its TAC case."""
    app_id = base.apps["Acme/CUCM"]
    start = NOW + timedelta(days=40)
    with pytest.raises(ValueError, match="TAC case"):
        upgrades.create_plan(db, app_id, "15.0 SU2", UpgradeTrigger.FEATURE_REQUEST, start, WHO)
    row = upgrades.create_plan(
        db, app_id, "15.0 su2", "feature_request", start, WHO, tac_case="698765432"
    )
    assert row["target"] == "15.0 SU2" and row["trigger"] == "feature_request"
    plan = upgrades.domain_plan(db, row)
    assert plan.tac_case == "698765432"


def test_plan_rows_have_region_zone_and_notice_due(db, base):
    """MAINT-5: an upgrade's notice is due 10 business days before its local start date."""
    start = datetime(2026, 3, 30, 19, 0, tzinfo=UTC)  # Mon 21:00 CEST
    plan_id = add_plan(db, base, "Acme/CUCM", start)
    row = UpgradePlanSource(db).rows([plan_id])[plan_id]
    timing = upgrades.PlanRules(load_reference(db)).timing(row)
    assert timing.zone == "Europe/Amsterdam"
    assert timing.notice_due == date(2026, 3, 16)
    late = upgrades.PlanRules(load_reference(db)).timing({**row, "notice_sent": date(2026, 3, 20)})
    assert late.notice_problem is not None and "Late notice" in late.notice_problem


# -- MAINT-3 for upgrade plans: checked like maintenance (type application upgrade) -----------


def _check(db, plan_id: int, **given):
    row = UpgradePlanSource(db).rows([plan_id])[plan_id]
    return upgrades.PlanRules(load_reference(db), db).check(row, **given)


def test_plan_inside_a_weekday_window_is_fine(db, base):
    """MAINT-3: Mon 21:00 CEST plus the default 4 hours lies inside that weekday window."""
    start = datetime(2026, 3, 30, 19, 0, tzinfo=UTC)
    plan_id = add_plan(db, base, "Acme/CUCM", start)
    check = _check(db, plan_id)
    assert check.ok and check.window is not None and not check.window.weekend
    row = UpgradePlanSource(db).rows([plan_id])[plan_id]
    assert upgrades.PlanRules(load_reference(db)).end(row) == start + timedelta(hours=4)


def test_plan_on_a_saturday_night_breaks_maint3(db, base):
    """MAINT-3: weekend windows are for provider infrastructure only, not for upgrades."""
    saturday = datetime(2026, 4, 4, 20, 0, tzinfo=UTC)  # Sat 22:00 CEST
    plan_id = add_plan(db, base, "Acme/CUCM", saturday)
    check = _check(db, plan_id)
    assert check.rule_ids == ["MAINT-3"] and "weekend window" in check.messages[0]


def test_plan_ending_after_06_00_breaks_maint3_and_is_saved_as_asked(db, base):
    """MAINT-3: an upgrade ending after the window closes is saved, never moved, and flagged."""
    start = datetime(2026, 3, 31, 1, 0, tzinfo=UTC)  # Tue 03:00 CEST
    end = start + timedelta(hours=5)  # 08:00 CEST
    row = upgrades.create_plan(
        db, base.apps["Acme/CUCM"], "15.0 SU2", "lifecycle", start, WHO, end=end
    )
    assert (row["scheduled_start"], row["scheduled_end"]) == (start, end)
    check = _check(db, row["id"])
    assert check.rule_ids == ["MAINT-3"]
    assert "after the window closes at 06:00" in check.messages[0]
    # a dialog's input is checked the same way before saving
    fits = _check(db, row["id"], start=start, end=start + timedelta(hours=2))
    assert fits.ok


def test_sme_cluster_follows_its_publisher_region(db, base):
    """MAINT-2: an SME cluster of an EU customer with an AMER publisher uses New York's windows."""
    sme = Repository(db, Cluster).create(
        WHO, customer=base.customers["Acme"], name="ACME-SME", is_sme=True,
        publisher_region=Region.AMER,
    )["id"]  # fmt: skip
    app_id = Repository(db, Application).create(
        WHO, cluster=sme, kind=AppKind.SME, version="14.0 SU3"
    )["id"]
    new_york = datetime(2026, 3, 31, 1, 0, tzinfo=UTC)  # Mon 21:00 EDT, Tue 03:00 CEST
    plan = upgrades.create_plan(db, app_id, "15.0 SU2", "lifecycle", new_york, WHO)
    check = _check(db, plan["id"])
    assert check.region is Region.AMER and check.ok
    amsterdam = datetime(2026, 3, 30, 19, 0, tzinfo=UTC)  # Mon 21:00 CEST, 15:00 EDT
    outside = _check(db, plan["id"], start=amsterdam, end=amsterdam + timedelta(hours=4))
    assert outside.rule_ids == ["MAINT-3"] and "America/New_York" in outside.messages[0]


def test_blackout_period_and_late_notice_are_flagged_too(db, base):
    """MAINT-11, MAINT-5: the whole maintenance check applies, not only the window."""
    start = datetime(2026, 3, 30, 19, 0, tzinfo=UTC)
    plan_id = add_plan(db, base, "Acme/CUCM", start)
    Repository(db, Blackout).create(
        WHO, customer=base.customers["Acme"], first_day=date(2026, 3, 30),
        last_day=date(2026, 3, 31), note="Quarter close",
    )  # fmt: skip
    Repository(db, UpgradePlan).update(plan_id, 1, WHO, notice_sent=date(2026, 3, 20))
    check = _check(db, plan_id)
    assert check.rule_ids == ["MAINT-5", "MAINT-11"]


def test_reschedule_keeps_the_length_and_proposes_weekday_windows(db, base):
    """REL-5/MAINT-3: the end moves with the start; proposals are the next weekday windows."""
    start = datetime(2026, 4, 13, 19, 0, tzinfo=UTC)  # Mon 21:00 CEST
    row = upgrades.create_plan(
        db, base.apps["Acme/CUCM"], "15.0 SU2", "lifecycle", start, WHO,
        end=start + timedelta(hours=3),
    )  # fmt: skip
    ref = load_reference(db)
    source_row = UpgradePlanSource(db).rows([row["id"]])[row["id"]]
    friday = datetime(2026, 4, 17, 12, 0, tzinfo=UTC)
    windows = upgrades.PlanRules(ref, db).alternatives(source_row, friday)
    assert [w.local_date.isoformat() for w in windows] == ["2026-04-17", "2026-04-20", "2026-04-21"]
    assert not any(w.weekend for w in windows)
    new_start = windows[1].start_utc
    stored = upgrades.reschedule_plan(db, row["id"], 1, new_start, "Audit week", NOW, ref, WHO)
    assert stored["scheduled_end"] == new_start + timedelta(hours=3)
    assert _check(db, row["id"]).ok
