"""The Releases tab: train edits (REL-2), announce (REL-3), upgrade plans
(REL-4, REL-5, MAINT-5) and the per-application list with its status filter (REL-6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from di_desk import i18n
from di_desk.domain.releases import ReleaseStatus
from di_desk.storage import audit, load_reference
from di_desk.storage.db import open_database
from di_desk.storage.repositories import Repository
from di_desk.storage.tables import Application, UpgradePlan
from di_desk.ui.language import LanguageNotifier
from di_desk.ui.qt import QDate, QLineEdit, QMessageBox, Qt, QtCore, is_valid_qobject
from di_desk.ui.tabs.base import AppEvents, TabContext
from di_desk.ui.tabs.releases import PLANS_PAGE, ReleasesTab
from tests.release_fixtures import add_plan, installed_base

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday 10:00 in Amsterdam
ZONE = "Europe/Amsterdam"


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "releases.sqlite")
    yield database
    database.close()


@pytest.fixture
def base(db):
    return installed_base(db)


@pytest.fixture
def make_tab(qtbot, settings, db, base):
    settings.display_zone = ZONE

    def make() -> ReleasesTab:
        context = TabContext(
            settings=settings,
            notifier=LanguageNotifier(),
            events=AppEvents(),
            db=db,
            services={"clock": lambda: NOW},
        )
        tab = ReleasesTab(context, who="tester")
        qtbot.addWidget(tab)
        tab.resize(1366, 700)
        tab.show()
        tab.restore_state(settings)
        return tab

    return make


def app_row(tab: ReleasesTab, app_id: int) -> dict[str, str]:
    """The displayed cells of one application row, by column key."""
    model = tab.apps.model
    assert tab.select_record(app_id)
    row = model.row_of_id(app_id)
    return {col.key: model.data(model.index(row, i)) for i, col in enumerate(model.columns)}


def edit_cell(qtbot, tab: ReleasesTab, row: int, column: int, text: str) -> None:
    """Double-click a train cell, replace its text, press Enter."""
    view = tab.train_panel.view
    index = tab.train_panel.model.index(row, column)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: bool(view.viewport().findChildren(QLineEdit)))
    editor = view.viewport().findChildren(QLineEdit)[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits and closes the editor through a queued call
    qtbot.waitUntil(lambda: not is_valid_qobject(editor) or not editor.isVisible())


def n_minus_1(tab: ReleasesTab) -> int:
    return [r.position for r in tab.train.rows].index("n-1")


def test_edit_train_cell_is_saved_with_an_audit_row(qtbot, make_tab, db):
    """REL-2: the train is editable reference data; each edit is audited."""
    tab = make_tab()
    row = n_minus_1(tab)
    edit_cell(qtbot, tab, row, 2, "14.0 SU3, 14.0 SU4, 14.0 SU5")
    stored = load_reference(db).train
    assert stored.rows[row].versions == ("14.0 SU3", "14.0 SU4", "14.0 SU5")
    entry = audit.history("reference")[0]
    assert (entry["who"], entry["field"]) == ("tester", "train")
    assert "14.0 SU5" in entry["new"]
    assert tab.train_panel.model.data(tab.train_panel.model.index(row, 2)).endswith("14.0 SU5")


def test_invalid_version_is_refused_at_the_cell(qtbot, make_tab, db):
    """REL-2/REL-6: an unreadable version is refused with a message naming row and column."""
    tab = make_tab()
    before = load_reference(db).train
    row = n_minus_1(tab)
    edit_cell(qtbot, tab, row, 2, "14.0 SU3, fourteen")
    assert load_reference(db).train == before
    error = tab.train_panel.error
    assert error.isVisible()
    assert "n-1" in error.text() and "Versions" in error.text()
    assert "'fourteen' is not a version" in error.text()
    # the editor comes back with what was typed (nothing is lost)
    view = tab.train_panel.view

    def editors() -> list[QLineEdit]:
        return [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]

    qtbot.waitUntil(lambda: bool(editors()))
    assert editors()[0].text() == "14.0 SU3, fourteen"
    assert audit.history("reference") == []


def test_untick_may_stay_and_set_target(qtbot, make_tab, db):
    """REL-2: yes/no cells are ticked; the upgrade target must be on the n row."""
    tab = make_tab()
    model = tab.train_panel.model
    n_row = [r.position for r in tab.train.rows].index("n")
    index = model.index(n_row, 5)
    assert model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert load_reference(db).train.rows[n_row].may_stay is False
    edit = tab.train_panel.target_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "14.0 SU4")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "n row" in tab.train_panel.error.text()
    assert load_reference(db).train.upgrade_target == "15.0 SU2"


def test_announce_release_shifts_every_status(qtbot, make_tab, db, base):
    """REL-3: preview who is affected, confirm; the train shifts and statuses follow."""
    tab = make_tab()
    acme = base.apps["Acme/CUCM"]
    assert app_row(tab, acme)["status"] == "Supported"
    qtbot.mouseClick(tab.train_panel.announce_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "16.0 SU1")
    qtbot.keyClicks(dialog.versions_edit, "16.0, 16.0 SU1")
    qtbot.keyClicks(dialog.target_edit, "16.0 SU1")
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert "12.5 SU7a enters End-of-Sale" in dialog.train_after.text()
    assert dialog.changes.rowCount() == 4  # Gamma's 11.5 SU9 stays unsupported
    assert dialog.summary.item(0, 0).text() == "15.0 SU2"
    assert dialog.summary.item(0, 2).text() == "n-1 · Must upgrade"
    assert load_reference(db).train.upgrade_target == "15.0 SU2"  # nothing saved yet
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    train = load_reference(db).train
    assert train.upgrade_target == "16.0 SU1"
    assert {r.position: r.release for r in train.rows}["n-1"] == "15.0 SU1 / SU2"
    cells = app_row(tab, acme)
    assert (cells["position"], cells["status"], cells["target"]) == (
        "n-1",
        "Must upgrade",
        "16.0 SU1",
    )
    cer = app_row(tab, base.apps["Beta/CER"])  # 12.5 SU7a: End-of-Sale
    assert (cer["position"], cer["status"]) == ("—", "Unsupported")
    assert audit.history("reference")[0]["field"] == "train"


def test_status_filter_runs_in_sql(qtbot, make_tab, db, base):
    """REL-6: filter by status (as version IN …), customer and application."""
    tab = make_tab()
    combo = tab.apps.bar.combos["status"]
    combo.setCurrentIndex(combo.findData(ReleaseStatus.MUST_UPGRADE.value))
    assert tab.apps.model.total_count() == 2
    assert tab.apps.model.query.filters["version"] == ["12.5 SU7a", "14.0 SU3"]
    combo.setCurrentIndex(combo.findData(ReleaseStatus.UNSUPPORTED.value))
    assert tab.apps.model.total_count() == 1
    assert app_row(tab, base.apps["Gamma/CUCM"])["status"] == "Unsupported"
    tab.apps.bar.clear()
    apps = tab.apps.bar.combos["application"]
    apps.setCurrentIndex(apps.findData("CUCM"))
    assert tab.apps.model.total_count() == 3
    customers = tab.apps.bar.combos["customer_id"]
    customers.setCurrentIndex(customers.findData(base.customers["Beta"]))
    assert tab.apps.model.total_count() == 1
    assert "Must upgrade: 2" in tab.apps.summary.text()


def select_plan(qtbot, tab: ReleasesTab, plan_id: int) -> None:
    tab.pages.setCurrentIndex(PLANS_PAGE)
    tab.plans.refresh()
    assert tab.plans.view.select_id(plan_id)


def test_reschedule_once_then_the_second_is_refused(qtbot, make_tab, db, base):
    """REL-5: one reschedule, with a reason; a second one is refused clearly."""
    start = NOW + timedelta(days=30)
    plan_id = add_plan(db, base, "Beta/CUCM", start)
    tab = make_tab()
    select_plan(qtbot, tab, plan_id)
    assert "may be asked until" in tab.plans.detail.text()
    qtbot.mouseClick(tab.plans.reschedule_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog.objectName() == "reschedule_dialog"
    assert dialog.start.zone_key == "America/New_York"  # Beta is an AMER customer
    dialog.start.date_edit.setDate(QDate(2026, 4, 14))
    dialog.start.time_edit.setTime(QtCore.QTime(21, 0))
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert "business reason" in dialog.error.text()  # no reason: refused, dialog open
    qtbot.keyClicks(dialog.reason, "Year-end call centre peak")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    stored = Repository(db, UpgradePlan).require(plan_id)
    assert stored["reschedule_count"] == 1
    assert stored["scheduled_start"] == datetime(2026, 4, 15, 1, 0, tzinfo=UTC)  # 21:00 EDT
    reasons = [
        e["new"]
        for e in audit.history("upgrade_plan", plan_id)
        if e["field"] == "reschedule_reason"
    ]
    assert reasons == ["Year-end call centre peak"]

    select_plan(qtbot, tab, plan_id)
    assert "only one reschedule" in tab.plans.detail.text()
    qtbot.mouseClick(tab.plans.reschedule_button, Qt.MouseButton.LeftButton)
    box = tab.dialog
    assert isinstance(box, QMessageBox)
    assert "already rescheduled; only one reschedule is allowed" in box.text()


def test_late_reschedule_is_refused_with_the_last_allowed_moment(qtbot, make_tab, db, base):
    """REL-5: within 7 days of the start: refused, naming the last moment (display zone)."""
    start = datetime(2026, 3, 6, 20, 0, tzinfo=UTC)  # Friday 21:00 in Amsterdam
    plan_id = add_plan(db, base, "Acme/CUCM", start)
    tab = make_tab()
    select_plan(qtbot, tab, plan_id)
    qtbot.mouseClick(tab.plans.reschedule_button, Qt.MouseButton.LeftButton)
    box = tab.dialog
    assert isinstance(box, QMessageBox)
    assert "Too late to reschedule" in box.text()
    assert "27 Feb 2026 21:00 CET" in box.text()
    assert Repository(db, UpgradePlan).require(plan_id)["reschedule_count"] == 0


def test_record_successful_upgrade_updates_the_version(qtbot, make_tab, db, base):
    """REL-5: the provider reported the upgrade; the installed version becomes the target."""
    plan_id = add_plan(db, base, "Beta/CUCM", NOW + timedelta(days=20))
    tab = make_tab()
    app_id = base.apps["Beta/CUCM"]
    assert app_row(tab, app_id)["status"] == "Must upgrade"
    select_plan(qtbot, tab, plan_id)
    qtbot.mouseClick(tab.plans.record_button, Qt.MouseButton.LeftButton)
    box = tab.dialog
    assert "14.0" not in box.text() and "15.0 SU2" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert Repository(db, Application).require(app_id)["version"] == "15.0 SU2"
    assert Repository(db, UpgradePlan).require(plan_id)["completed_at"] == NOW
    assert "now runs 15.0 SU2" in tab.status.text()
    assert app_row(tab, app_id)["status"] == "Supported"
    tab.pages.setCurrentIndex(PLANS_PAGE)
    assert tab.plans.model.total_count() == 0  # the list shows open plans by default


def test_new_plan_needs_a_trigger_and_a_tac_case_for_a_feature(qtbot, make_tab, db, base):
    """REL-4: every plan carries a trigger; a feature request names its TAC case."""
    tab = make_tab()
    tab.select_record(base.apps["Acme/CUCM"])
    qtbot.mouseClick(tab.apps.plan_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog.selected_application()["id"] == base.apps["Acme/CUCM"]
    assert dialog.start.zone_key == "Europe/Amsterdam"
    assert "notice to the customer is due by" in dialog.notice.text()
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert "REL-4" in dialog.error.text()
    dialog.trigger.setCurrentIndex(dialog.trigger.findData("feature_request"))
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert "TAC case" in dialog.error.text()
    qtbot.keyClicks(dialog.tac_case, "698765432")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    plans = Repository(db, UpgradePlan).find()
    assert [(p["trigger"], p["target"]) for p in plans] == [("feature_request", "15.0 SU2")]
    assert tab.pages.currentIndex() == PLANS_PAGE
    assert tab.plans.view.selected_ids() == [plans[0]["id"]]


def test_dst_gap_start_is_refused_with_the_first_valid_time(qtbot, make_tab, db, base):
    """TIME-2: a start in the spring-forward gap names the first valid time."""
    plan_id = add_plan(db, base, "Acme/CUCM", NOW + timedelta(days=30))
    tab = make_tab()
    select_plan(qtbot, tab, plan_id)
    qtbot.mouseClick(tab.plans.reschedule_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    dialog.start.date_edit.setDate(QDate(2026, 3, 29))
    dialog.start.time_edit.setTime(QtCore.QTime(2, 30))
    assert "03:00" in dialog.start.message.text()
    qtbot.keyClicks(dialog.reason, "Board meeting")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert "does not exist" in dialog.error.text()
    assert Repository(db, UpgradePlan).require(plan_id)["reschedule_count"] == 0


def test_select_record_language_zone_and_state(qtbot, make_tab, settings, fake_dutch, base):
    """Overview navigation, live language switch, display zone and saved state."""
    tab = make_tab()
    assert tab.select_record(base.apps["Gamma/CUCM"])
    assert tab.select_record(999_999) is False
    i18n.install("nl")
    tab.retranslate()
    assert tab.train_panel.announce_button.text().startswith("[nl]")
    assert tab.pages.tabText(0).startswith("[nl]")
    assert tab.apps.model.headerData(0, Qt.Orientation.Horizontal).startswith("[nl]")
    i18n.install("en")
    tab.retranslate()
    add_plan(tab.db, base, "Acme/CUCM", datetime(2026, 4, 1, 19, 0, tzinfo=UTC))
    tab.refresh()
    tab.set_display_zone("Asia/Tokyo")
    model = tab.plans.model
    assert model.data(model.index(0, model.column_index("scheduled_start"))).endswith("JST")
    assert model.data(model.index(0, model.column_index("region_start"))).endswith("CEST")
    tab.pages.setCurrentIndex(PLANS_PAGE)
    tab.save_state(settings)
    again = make_tab()
    assert again.pages.currentIndex() == PLANS_PAGE


def test_without_a_database_the_tab_says_so(qtbot, settings):
    context = TabContext(settings=settings, notifier=LanguageNotifier(), events=AppEvents())
    tab = ReleasesTab(context)
    qtbot.addWidget(tab)
    assert "database" in tab.empty.text()
    assert tab.select_record(1) is False
    tab.refresh()
    tab.focus_filter()


def test_train_and_changes_models_pass_the_model_tester(qtmodeltester, db):
    from di_desk.services.releases import current_train, preview_announcement
    from di_desk.ui.tabs.releases_announce import ChangesModel
    from di_desk.ui.tabs.releases_train import TrainModel

    train = current_train(db)
    qtmodeltester.check(TrainModel(train, lambda *_a: None))
    changes = ChangesModel()
    changes.set_changes(preview_announcement(db, train, "16.0", "16.0", "16.0").changes)
    qtmodeltester.check(changes)


# -- MAINT-2/MAINT-3: an upgrade lies inside one weekday window of its cluster's region ------


def plan_cells(tab: ReleasesTab, plan_id: int) -> dict[str, tuple[str, str]]:
    """(text, tooltip) of each cell of one plan row, by column key."""
    model = tab.plans.model
    row = model.row_of_id(plan_id)
    return {
        col.key: (
            model.data(model.index(row, i)),
            model.data(model.index(row, i), Qt.ItemDataRole.ToolTipRole),
        )
        for i, col in enumerate(model.columns)
    }


def test_plans_list_shows_window_violations_as_badges(qtbot, make_tab, db, base):
    """MAINT-3: a weekday-window plan is clean; a Saturday night and an end after 06:00
    show MAINT-3 with the message as tooltip (saved as entered, never moved)."""
    fine = add_plan(db, base, "Acme/CUCM", datetime(2026, 4, 6, 19, 0, tzinfo=UTC))  # Mon 21:00
    saturday = add_plan(db, base, "Acme/Unity Connection", datetime(2026, 4, 4, 20, 0, tzinfo=UTC))
    late = add_plan(db, base, "Beta/CUCM", datetime(2026, 4, 7, 7, 0, tzinfo=UTC))  # 03:00 EDT
    tab = make_tab()
    select_plan(qtbot, tab, fine)
    cells = plan_cells(tab, fine)
    assert cells["violations"] == ("", "No rule is broken.")
    assert cells["scheduled_end"][0] == "7 Apr 2026 01:00 CEST"  # start + the default 4 hours
    assert "default length" in cells["scheduled_end"][1]
    text, tip = plan_cells(tab, saturday)["violations"]
    assert text == "MAINT-3" and "weekend window" in tip
    text, tip = plan_cells(tab, late)["violations"]
    assert text == "MAINT-3" and "after the window closes at 06:00 (America/New_York)" in tip
    assert tab.plans.view.itemDelegateForColumn(tab.plans.model.column_index("violations"))


def test_new_plan_shows_the_live_window_check_and_saves_a_violation(qtbot, make_tab, db, base):
    """MAINT-3: the dialog names the weekday window that applies; a Saturday start is shown
    as MAINT-3 and saved as entered, with the violation visible in the list."""
    tab = make_tab()
    tab.select_record(base.apps["Acme/CUCM"])
    qtbot.mouseClick(tab.apps.plan_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    # proposed: the first weekday window a month ahead (Wed 1 Apr 2026), 4 hours
    assert dialog.start.naive() == datetime(2026, 4, 1, 21, 0)
    assert dialog.end.naive() == datetime(2026, 4, 2, 1, 0)
    assert "Inside the weekday window Wed, 1 Apr 2026 21:00" in dialog.window.text()
    assert "region EU" in dialog.window.text()
    dialog.start.date_edit.setDate(QDate(2026, 4, 4))  # Saturday
    dialog.start.time_edit.setTime(QtCore.QTime(22, 0))
    assert dialog.end.naive() == datetime(2026, 4, 5, 2, 0)  # the end follows the start
    assert "MAINT-3" in dialog.window.text() and "weekend window" in dialog.window.text()
    assert "can be saved like this" in dialog.window.text()
    dialog.trigger.setCurrentIndex(dialog.trigger.findData("lifecycle"))
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    stored = Repository(db, UpgradePlan).find()[0]
    assert stored["scheduled_start"] == datetime(2026, 4, 4, 20, 0, tzinfo=UTC)  # not moved
    assert stored["scheduled_end"] == datetime(2026, 4, 5, 0, 0, tzinfo=UTC)
    assert "MAINT-3" in tab.status.text()
    assert plan_cells(tab, stored["id"])["violations"][0] == "MAINT-3"


def test_new_plan_end_after_06_00_is_flagged(qtbot, make_tab, db, base):
    """MAINT-3: an end after the window closes (06:00 local) is shown at once."""
    tab = make_tab()
    dialog = tab.new_plan(base.apps["Acme/CUCM"])
    dialog.end.time_edit.setTime(QtCore.QTime(7, 0))
    assert "after the window closes at 06:00" in dialog.window.text()
    dialog.end.time_edit.setTime(QtCore.QTime(5, 0))
    assert "Inside the weekday window" in dialog.window.text()
    assert "✖" not in dialog.window.text()


def test_sme_cluster_plan_uses_the_publisher_region(qtbot, make_tab, db, base):
    """MAINT-2: an SME cluster of an EU customer with an AMER publisher uses New York's windows."""
    from di_desk.domain.enums import Application as AppKind
    from di_desk.domain.enums import Region
    from di_desk.storage.tables import Cluster

    sme = Repository(db, Cluster).create(
        "tester", customer=base.customers["Acme"], name="ACME-SME", is_sme=True,
        publisher_region=Region.AMER,
    )["id"]  # fmt: skip
    app_id = Repository(db, Application).create(
        "tester", cluster=sme, kind=AppKind.SME, version="14.0 SU3"
    )["id"]
    tab = make_tab()
    dialog = tab.new_plan(app_id)
    assert dialog.start.zone_key == "America/New_York"
    assert "region AMER" in dialog.window.text()
    assert "(America/New_York)" in dialog.window.text()
    assert "Inside the weekday window" in dialog.window.text()


def test_reschedule_proposes_weekday_windows_and_checks_live(qtbot, make_tab, db, base):
    """REL-5/MAINT-3: the next weekday windows are offered; the check follows the input."""
    start = datetime(2026, 4, 3, 19, 0, tzinfo=UTC)  # Fri 21:00 CEST
    plan_id = add_plan(db, base, "Acme/CUCM", start)
    tab = make_tab()
    select_plan(qtbot, tab, plan_id)
    qtbot.mouseClick(tab.plans.reschedule_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    windows = dialog.proposals.windows
    assert [w.local_date.isoformat() for w in windows] == ["2026-04-06", "2026-04-07", "2026-04-08"]
    assert all("(weekday)" in dialog.proposals.item(i).text() for i in range(3))
    assert dialog.start.naive() == datetime(2026, 4, 6, 21, 0)  # the first proposal
    item = dialog.proposals.item(1)
    qtbot.mouseClick(
        dialog.proposals.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.proposals.visualItemRect(item).center(),
    )
    assert dialog.start.naive() == datetime(2026, 4, 7, 21, 0)
    assert dialog.end.naive() == datetime(2026, 4, 8, 1, 0)
    assert "Inside the weekday window Tue, 7 Apr 2026 21:00" in dialog.window.text()
    dialog.end.time_edit.setTime(QtCore.QTime(6, 30))
    assert "after the window closes at 06:00" in dialog.window.text()
    qtbot.keyClicks(dialog.reason, "Go-live of a new site")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    stored = Repository(db, UpgradePlan).require(plan_id)
    assert stored["scheduled_start"] == datetime(2026, 4, 7, 19, 0, tzinfo=UTC)
    assert stored["scheduled_end"] == datetime(2026, 4, 8, 4, 30, tzinfo=UTC)  # as entered
    assert "MAINT-3" in tab.status.text()
