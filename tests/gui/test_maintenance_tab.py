"""The Maintenance tab: list, editor, reschedule draft (MAINT-1..13, TIME-1/2)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from di_desk.domain.change_requests import ChangeRequestState
from di_desk.domain.cop import CopStep
from di_desk.domain.enums import MaintenanceType, Region
from di_desk.storage import Repository
from di_desk.storage import tables as t
from di_desk.ui.qt import QDate, QDesktopServices, QDialogButtonBox, QMessageBox, Qt
from tests import maintenance_fixtures as md

AMS = "Europe/Amsterdam"


@pytest.fixture
def fx(tmp_path):
    fixture = md.build(tmp_path)
    yield fixture
    fixture.db.close()


@pytest.fixture
def tab(qtbot, fx, settings):
    return md.make_tab(qtbot, fx, settings)


def new_editor(tab, region=Region.EU, kind=MaintenanceType.ROUTINE, fx=None):
    editor = tab.new_record()
    f = editor.fields
    if fx is not None:
        f.customer.setCurrentIndex(f.customer.findData(fx.customers[region]))
    f.type_combo.setCurrentIndex(f.type_combo.findData(kind.value))
    return editor


def type_times(editor, start_day, start_at, end_day, end_at):
    f = editor.fields
    f.start.set_wall_clock(start_day, start_at)
    f.end.set_wall_clock(end_day, end_at)


def save(qtbot, editor):
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.LeftButton)


def rules(editor):
    check = editor.current_check()
    return [] if check is None else check.rule_ids


# -- MAINT-3 -------------------------------------------------------------------------


def test_event_outside_the_window_shows_maint3_and_moving_it_inside_clears_it(qtbot, tab, fx):
    """MAINT-3: saved with a visible violation, never moved; inside the window it clears."""
    editor = new_editor(tab, fx=fx)
    qtbot.keyClicks(editor.fields.reason, "Patch the subscribers")
    type_times(editor, date(2026, 3, 31), time(19), date(2026, 3, 31), time(20))
    assert rules(editor) == ["MAINT-3"]
    assert "the next window is Tue, 31 Mar 2026 21:00" in editor.window_label.text()
    with qtbot.waitSignal(editor.saved) as saved:
        save(qtbot, editor)
    event_id = saved.args[0]
    stored = Repository(fx.db, t.MaintenanceEvent).require(event_id)
    assert stored["start"] == md.local(date(2026, 3, 31), time(19), AMS)  # not moved
    assert md.violations_of(tab, event_id) == "MAINT-3"
    assert "MAINT-3" in tab.details.text()

    editor = tab.edit_record(event_id)
    type_times(editor, date(2026, 3, 31), time(21, 30), date(2026, 3, 31), time(23))
    assert rules(editor) == []
    assert "Inside the weekday window" in editor.window_label.text()
    save(qtbot, editor)
    assert md.violations_of(tab, event_id) == ""


def test_weekend_window_only_for_provider_infrastructure(qtbot, tab, fx):
    """MAINT-3: a Saturday-night window takes infrastructure maintenance, not an upgrade."""
    editor = new_editor(tab, kind=MaintenanceType.INFRASTRUCTURE, fx=fx)
    type_times(editor, date(2026, 3, 21), time(22), date(2026, 3, 21), time(23, 30))
    assert rules(editor) == []
    assert "weekend window" in editor.window_label.text()
    f = editor.fields
    f.type_combo.setCurrentIndex(f.type_combo.findData(MaintenanceType.UPGRADE.value))
    assert rules(editor) == ["MAINT-3"]
    assert "weekend window" in editor.current_check().messages[0]
    assert MaintenanceType.INFRASTRUCTURE.label in editor.current_check().messages[0]


# (region, Saturday before a DST change or any night, expected window length in hours)
DST_NIGHTS = [
    (Region.EU, date(2026, 3, 28), 8),
    (Region.EU, date(2026, 10, 24), 10),
    (Region.AMER, date(2026, 3, 7), 8),
    (Region.AMER, date(2026, 10, 31), 10),
    (Region.AUS, date(2026, 4, 4), 10),
    (Region.AUS, date(2026, 10, 3), 8),
    (Region.APJC, date(2026, 3, 28), 9),  # Japan has no DST: always 9 hours
]


@pytest.mark.parametrize(("region", "night", "hours"), DST_NIGHTS)
def test_dst_night_window_has_its_real_length(qtbot, tab, fx, region, night, hours):
    """TIME-2/MAINT-1: 21:00–06:00 on a DST night is 8 or 10 hours, in every region."""
    editor = new_editor(tab, region, MaintenanceType.INFRASTRUCTURE, fx)
    assert editor.fields.entry_zone() == md.CUSTOMERS[region][2]
    type_times(editor, night, time(21), night + timedelta(days=1), time(6))
    check = editor.current_check()
    assert check.rule_ids == []
    assert check.window.duration == timedelta(hours=hours)
    assert editor.fields.start.instant() == check.window.start_utc
    assert editor.fields.end.instant() == check.window.end_utc
    type_times(editor, night, time(21), night + timedelta(days=1), time(6, 30))
    assert rules(editor) == ["MAINT-3"]


# -- TIME-2 input --------------------------------------------------------------------


def test_time_in_a_dst_gap_is_refused_with_the_first_valid_time(qtbot, tab, fx):
    """TIME-2: 02:30 on 2026-03-29 does not exist in Amsterdam; 03:00 is proposed."""
    editor = new_editor(tab, fx=fx)
    f = editor.fields
    f.start.set_wall_clock(date(2026, 3, 29), time(2, 30))
    assert f.start.instant() is None
    assert f.start.message.isVisible()
    assert "03:00" in f.start.fix_button.text()
    save(qtbot, editor)
    assert editor.isVisible()
    assert editor.error_label.text().startswith("Start:")
    qtbot.mouseClick(f.start.fix_button, Qt.LeftButton)
    assert f.start.time_edit.time().hour() == 3
    assert f.start.instant() == md.local(date(2026, 3, 29), time(3), AMS)
    assert not f.start.message.isVisible()


def test_ambiguous_time_defaults_to_the_first_and_offers_the_second(qtbot, tab, fx):
    """TIME-2: 02:30 on 2026-10-25 occurs twice in Amsterdam; fold=0 unless chosen."""
    editor = new_editor(tab, fx=fx)
    f = editor.fields
    f.start.set_wall_clock(date(2026, 10, 25), time(2, 30))
    assert f.start.fold.isVisible()
    first = f.start.instant()
    f.start.fold.setCurrentIndex(1)
    assert f.start.instant() - first == timedelta(hours=1)
    assert "CET" in f.start.fold.currentText()


def test_times_can_be_typed_in_the_display_zone(qtbot, tab, fx):
    """TIME-1: the chooser switches between region time and the user's time, same instant."""
    editor = new_editor(tab, Region.AMER, fx=fx)
    f = editor.fields
    type_times(editor, date(2026, 3, 30), time(21), date(2026, 3, 30), time(23))
    instant = f.start.instant()
    f.zone_choice.mine_button.setChecked(True)
    assert f.start.zone_key == AMS
    assert f.start.instant() == instant
    assert f.start.time_edit.time().hour() == 3  # 21:00 EDT is 03:00 CEST
    assert "region time" in f.duration_label.text()


# -- MAINT-2 -------------------------------------------------------------------------


def test_sme_cluster_follows_its_publishers_region(qtbot, tab, fx):
    """MAINT-2: the EU customer's SME cluster uses the AMER windows of its publisher."""
    editor = new_editor(tab, fx=fx)
    f = editor.fields
    assert f.region() is Region.EU
    f.cluster.setCurrentIndex(f.cluster.findData(fx.sme_cluster))
    assert f.region() is Region.AMER
    assert "SME" in f.region_label.text()
    assert f.entry_zone() == "America/New_York"


# -- MAINT-5, 6, 11 -----------------------------------------------------------------------


def test_late_notice_is_flagged_and_reply_dates_shown(qtbot, tab, fx):
    """MAINT-5/6: start Mon 30 Mar 21:00 (NL): notice due 16 Mar; sent 20 Mar is late."""
    editor = new_editor(tab, kind=MaintenanceType.DISRUPTIVE, fx=fx)
    type_times(editor, date(2026, 3, 30), time(21), date(2026, 3, 30), time(23))
    assert editor.current_check().notice_due == date(2026, 3, 16)
    assert "16 Mar 2026" in editor.notice_label.text()
    f = editor.fields
    qtbot.mouseClick(f.notice_check, Qt.LeftButton)
    f.notice_date.setDate(QDate(2026, 3, 20))
    assert rules(editor) == ["MAINT-5"]
    assert "late" in editor.notice_label.text()
    check = editor.current_check()
    assert (check.reply_by, check.reply_last_day) == (date(2026, 3, 24), date(2026, 3, 25))
    assert "24 Mar 2026" in editor.reply_label.text()
    f.notice_date.setDate(QDate(2026, 3, 16))
    assert rules(editor) == []
    with qtbot.waitSignal(editor.saved) as saved:
        save(qtbot, editor)
    model = tab.model
    row = model.row_of_id(saved.args[0])
    assert model.index(row, model.column_index("notice_due")).data() == "16 Mar 2026"


def test_blackout_clash_is_flagged(qtbot, tab, fx):
    """MAINT-11: the customer's blackout period 1–2 Apr makes an event there a violation."""
    editor = new_editor(tab, fx=fx)
    type_times(editor, date(2026, 4, 1), time(21), date(2026, 4, 1), time(22))
    assert rules(editor) == ["MAINT-11"]
    assert "Month-end closing" in editor.blackout_label.text()
    type_times(editor, date(2026, 4, 6), time(21), date(2026, 4, 6), time(22))
    assert rules(editor) == []
    assert editor.blackout_label.text() == ""


# -- MAINT-7, 8 ----------------------------------------------------------------------


def test_emergency_change_needs_a_reason(qtbot, tab, fx):
    """MAINT-8: no reason, no save; one of the four reasons (or Other + text) is enough."""
    editor = new_editor(tab, kind=MaintenanceType.EMERGENCY, fx=fx)
    f = editor.fields
    assert f.emergency_combo.isVisible()
    f.reason.clear()
    type_times(editor, date(2026, 3, 26), time(10), date(2026, 3, 26), time(11))
    assert rules(editor) == ["MAINT-8"]  # the window does not apply (exempt)
    save(qtbot, editor)
    assert editor.isVisible()
    assert "MAINT-8" in editor.error_label.text()
    f.emergency_combo.setCurrentIndex(f.emergency_combo.findData("fix_security_vulnerability"))
    assert rules(editor) == []
    with qtbot.waitSignal(editor.saved) as saved:
        save(qtbot, editor)
    stored = Repository(fx.db, t.MaintenanceEvent).require(saved.args[0])
    assert stored["emergency_reason"] == "fix_security_vulnerability"
    assert stored["start"] == md.local(date(2026, 3, 26), time(10), AMS)


def test_no_reschedule_for_emergency_or_urgent_changes(qtbot, tab, fx):
    """MAINT-7: the reschedule action and button are not offered."""
    assert tab.select_record(fx.events["emergency"])
    assert not tab.reschedule_action.isEnabled()
    assert tab.draft_reschedule() is None
    editor = tab.edit_selected()
    assert not editor.reschedule_button.isVisible()
    assert "cannot be rescheduled" in editor.help_label.text()
    editor.reject()
    assert tab.select_record(fx.events["fine"])
    assert tab.reschedule_action.isEnabled()
    editor = tab.edit_selected()
    assert editor.reschedule_button.isVisible()
    qtbot.mouseClick(editor.fields.urgent, Qt.LeftButton)
    assert not editor.reschedule_button.isVisible()


# -- MAINT-6 ------------------------------------------------------------------------


def test_reschedule_request_draft_mailto_and_record(qtbot, tab, fx, monkeypatch):
    """MAINT-6: reason required, alternatives proposed, e-mail text and mailto, recorded."""
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert tab.select_record(fx.events["disruptive"])
    dialog = tab.draft_reschedule()
    assert not dialog.open_button.isEnabled()
    assert dialog.alternatives.count() == 3
    qtbot.keyClicks(dialog.reason, "Conflicts with the customer's month-end closing")
    text = dialog.preview.toPlainText()
    assert text.startswith("To: ucm-cloud-change-management@cisco.com\nSubject: Reschedule")
    assert "Waddenkust Bouw B.V." in text
    assert "Conflicts with the customer's month-end closing" in text
    assert "Proposed alternatives (Europe/Amsterdam):" in text
    dialog.alternatives.item(2).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.preview.toPlainText().count("\n- ") == 2
    qtbot.mouseClick(dialog.open_button, Qt.LeftButton)
    assert len(opened) == 1
    url = opened[0].toString()
    assert url.startswith("mailto:ucm-cloud-change-management@cisco.com?subject=Reschedule")
    assert "month-end" in url and "%0D%0A" in url
    stored = Repository(fx.db, t.Reschedule).find(event=fx.events["disruptive"])
    assert [r["reason"] for r in stored] == ["Conflicts with the customer's month-end closing"]
    qtbot.mouseClick(dialog.copy_button, Qt.LeftButton)
    assert len(Repository(fx.db, t.Reschedule).find(event=fx.events["disruptive"])) == 1


# -- MAINT-9, 12, 13 -------------------------------------------------------------------


def test_partner_request_offers_only_legal_review_moves(qtbot, tab, fx):
    """MAINT-9: requested → under joint review → approved/rejected → scheduled."""
    editor = new_editor(tab, kind=MaintenanceType.PARTNER_REQUEST, fx=fx)
    review = editor.fields.review
    assert review.isVisible()
    assert list(review.buttons) == [ChangeRequestState.UNDER_JOINT_REVIEW]
    type_times(editor, date(2026, 3, 31), time(21, 30), date(2026, 3, 31), time(23))
    assert rules(editor) == ["MAINT-9"]
    qtbot.mouseClick(review.buttons[ChangeRequestState.UNDER_JOINT_REVIEW], Qt.LeftButton)
    assert set(review.buttons) == {ChangeRequestState.APPROVED, ChangeRequestState.REJECTED}
    qtbot.mouseClick(review.buttons[ChangeRequestState.APPROVED], Qt.LeftButton)
    assert list(review.buttons) == [ChangeRequestState.SCHEDULED]
    assert rules(editor) == []
    with qtbot.waitSignal(editor.saved) as saved:
        save(qtbot, editor)
    stored = Repository(fx.db, t.MaintenanceEvent).require(saved.args[0])
    assert stored["review_state"] == "approved"


def test_cop_steps_are_ticked_in_order_and_saved(qtbot, tab, fx):
    """MAINT-13: the steps of a COP request, only the next one can be ticked."""
    editor = new_editor(tab, kind=MaintenanceType.COP, fx=fx)
    cop = editor.fields.cop
    assert cop.isVisible()
    boxes = cop.steps
    assert boxes[CopStep.SERVICE_REQUEST].isEnabled()
    assert not boxes[CopStep.PROVIDER_UPLOAD].isEnabled()
    qtbot.mouseClick(boxes[CopStep.SERVICE_REQUEST], Qt.LeftButton)
    assert boxes[CopStep.PROVIDER_UPLOAD].isEnabled()
    qtbot.mouseClick(boxes[CopStep.PROVIDER_UPLOAD], Qt.LeftButton)
    assert cop.pending_steps() == [CopStep.SERVICE_REQUEST, CopStep.PROVIDER_UPLOAD]
    cop.set_path(cop.path().PROVIDER_EMERGENCY)
    assert editor.fields.urgent.isChecked()  # a provider emergency COP cannot be rescheduled
    qtbot.keyClicks(editor.fields.reason, "Locale pack nl_NL")
    type_times(editor, date(2026, 3, 31), time(21, 30), date(2026, 3, 31), time(22))
    with qtbot.waitSignal(editor.saved):
        save(qtbot, editor)
    steps = Repository(fx.db, t.CopStep).find(order_by=("position",))
    assert [(s["name"], s["done_at"] is not None) for s in steps] == [
        ("service_request", True),
        ("provider_upload", True),
        ("partner_download", False),
        ("partner_install", False),
    ]
    request = Repository(fx.db, t.CopRequest).find()[0]
    assert request["description"] == "Locale pack nl_NL"


def test_the_editor_states_that_vulnerability_scans_are_not_supported(qtbot, tab, fx):
    """MAINT-12: the statement is in the editor's help area."""
    editor = new_editor(tab, fx=fx)
    assert "Vulnerability scans" in editor.help_label.text()
    assert "not supported" in editor.help_label.text()


# -- the list ------------------------------------------------------------------------


def test_list_shows_region_time_and_your_time(qtbot, fx, settings):
    """TIME-1: start in the region's zone and the span in the display zone."""
    tab = md.make_tab(qtbot, fx, settings, zone_key="Asia/Tokyo")
    assert tab.select_record(fx.events["early"])
    model = tab.model
    row = model.row_of_id(fx.events["early"])
    start = model.index(row, model.column_index("start")).data()
    mine = model.index(row, model.column_index("your_time")).data()
    assert start == "25 Mar 2026 19:00 EDT"
    assert mine == "26 Mar 2026 08:00–11:00 JST"
    tab.set_display_zone(AMS)
    assert model.index(row, model.column_index("your_time")).data() == "26 Mar 2026 00:00–03:00 CET"
    tip = model.index(row, model.column_index("violations")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("MAINT-3: Starts at")


def test_checks_are_computed_for_painted_rows_only(qtbot, fx, settings):
    """Violations are computed per visible row and cached by (id, row_version)."""
    start = md.local(date(2026, 1, 5), time(21, 30), AMS)
    rows = [
        {
            "customer": fx.customers[Region.EU],
            "cluster": fx.clusters[Region.EU],
            "region": Region.EU,
            "type": MaintenanceType.ROUTINE,
            "start": start + timedelta(days=i),
            "end": start + timedelta(days=i, hours=1),
        }
        for i in range(400)
    ]
    t.MaintenanceEvent.insert_many(rows).execute()
    tab = md.make_tab(qtbot, fx, settings)
    qtbot.wait(50)
    checked = tab.service.cached_check_count()
    assert 0 < checked < 120
    event_id = fx.events["fine"]
    assert md.violations_of(tab, event_id) == ""
    before = tab.service.cached_check_count()
    assert md.violations_of(tab, event_id) == ""
    assert tab.service.cached_check_count() == before


def test_filter_by_type_and_region(qtbot, tab, fx):
    combo = tab.bar.combos["type"]
    combo.setCurrentIndex(combo.findData(MaintenanceType.EMERGENCY.value))
    assert tab.model.total_count() == 1
    tab.bar.clear()
    region = tab.bar.combos["region"]
    region.setCurrentIndex(region.findData(Region.AMER.value))
    assert tab.model.total_count() == 1
    assert [lane.label for lane in tab.week.layout_model().lanes] == ["AMER"]


def test_delete_asks_first(qtbot, tab, fx):
    assert tab.select_record(fx.events["fine"])
    box = tab.delete_selected()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.LeftButton)
    assert Repository(fx.db, t.MaintenanceEvent).get(fx.events["fine"]) is not None
    box = tab.delete_selected()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.LeftButton)
    assert Repository(fx.db, t.MaintenanceEvent).get(fx.events["fine"]) is None
    assert tab.model.total_count() == 3


def test_stale_edit_is_reported_and_the_form_reloaded(qtbot, tab, fx):
    event_id = fx.events["fine"]
    editor = tab.edit_record(event_id)
    Repository(fx.db, t.MaintenanceEvent).update(event_id, 1, "other", reason="Changed elsewhere")
    editor.fields.reason.setText("Mine")
    save(qtbot, editor)
    assert editor.isVisible()
    assert "changed by someone else" in editor.error_label.text()
    assert editor.fields.reason.text() == "Changed elsewhere"
    with qtbot.waitSignal(editor.saved):
        save(qtbot, editor)


def test_select_record_narrows_the_filter_when_needed(qtbot, tab, fx):
    combo = tab.bar.combos["type"]
    combo.setCurrentIndex(combo.findData(MaintenanceType.EMERGENCY.value))
    assert tab.select_record(fx.events["early"])
    assert tab.view.current_id() == fx.events["early"]
    assert tab.week.layout_model().first_day == date(2026, 3, 23)


def test_state_is_saved_and_restored(qtbot, fx, settings):
    tab = md.make_tab(qtbot, fx, settings)
    tab.bar.search.setText("Waddenkust")
    tab.bar.combos["type"].setCurrentIndex(1)
    tab.save_state(settings)
    again = md.make_tab(qtbot, fx, settings)
    again.restore_state(settings)
    assert again.bar.search.text() == "Waddenkust"
    assert again.bar.combos["type"].currentIndex() == 1


def test_language_switch_retranslates(qtbot, tab, fx, fake_dutch):
    from di_desk import i18n

    editor = tab.edit_record(fx.events["fine"])
    i18n.install("nl")
    tab.retranslate()
    assert tab.new_action.text().startswith("[nl]")
    assert tab.model.headerData(0, Qt.Orientation.Horizontal).startswith("[nl]")
    assert tab.week.today_button.text().startswith("[nl]")
    assert editor.fields.labels["customer"].text().startswith("[nl]")
    assert editor.help_label.text().count("[nl]") >= 1


def test_without_a_database_the_tab_shows_an_empty_state(qtbot, settings):
    from di_desk.ui.language import LanguageNotifier
    from di_desk.ui.tabs.base import AppEvents, TabContext
    from di_desk.ui.tabs.maintenance import make_tab

    tab = make_tab(TabContext(settings=settings, notifier=LanguageNotifier(), events=AppEvents()))
    qtbot.addWidget(tab)
    assert tab.empty_label.text()
    assert tab.new_record() is None
    assert not tab.new_action.isEnabled()


def test_tool_actions_can_be_added(qtbot, fx, settings, fake_dutch):
    """Other features (exports, printing, imports) add actions to the tab's toolbar."""
    from di_desk import i18n
    from di_desk.i18n import _
    from di_desk.ui.qt import QAction
    from di_desk.ui.tabs import maintenance

    made = []

    def factory(tab):
        action = QAction(tab)
        tab.add_tool_action(action, lambda: action.setText(_("Export…")))
        made.append(action)

    maintenance.register_tool_action(factory)
    try:
        tab = md.make_tab(qtbot, fx, settings)
    finally:
        maintenance.TOOL_ACTION_FACTORIES.remove(factory)
    assert tab.toolbar.actions()[-1] is made[0]
    assert made[0].text() == "Export…"
    i18n.install("nl")
    tab.retranslate()
    assert made[0].text() == "[nl] Export…"
    assert tab.current_query().sort_key == "start"
    assert tab.select_record(fx.events["fine"])
    assert tab.selected_event_ids() == [fx.events["fine"]]


# -- violations only -------------------------------------------------------------------


def _list_ids(tab):
    return [tab.model.row_id(r) for r in range(tab.model.rowCount())]


def test_violations_only_narrows_list_and_week_and_follows_edits(qtbot, tab, fx, settings):
    """MAINT-3..11: the toggle checks the filtered events in the background, then shows
    only those breaking a rule (list, count and week); an edit that mends one drops it;
    the choice is kept with the tab's state."""
    every = set(_list_ids(tab))
    assert len(every) == 4
    toggle = tab.toolbar.widgetForAction(tab.violations_action)
    qtbot.mouseClick(toggle, Qt.LeftButton)
    assert tab.violations_only
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    flagged = set(_list_ids(tab))
    assert fx.events["early"] in flagged and fx.events["fine"] not in flagged
    assert all(md.violations_of(tab, i) for i in flagged)
    assert tab.count_label.text() == (
        f"{len(flagged)} events break a rule" if len(flagged) > 1 else "1 event breaks a rule"
    )
    tab.week.set_week(date(2026, 3, 23))
    assert fx.events["early"] in tab.week.shown_event_ids()
    assert fx.events["fine"] not in tab.week.shown_event_ids()

    # Another filter is checked again: no AMER event but the early one.
    tab.bar.combos["region"].set_value(Region.AMER)
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    assert _list_ids(tab) == [fx.events["early"]]

    # Mend the early event (inside the New York window): it leaves the list.
    editor = tab.edit_record(fx.events["early"])
    type_times(editor, date(2026, 3, 25), time(21, 30), date(2026, 3, 25), time(22, 30))
    assert rules(editor) == []
    save(qtbot, editor)
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    assert _list_ids(tab) == []
    assert tab.count_label.text() == "0 events break a rule"

    tab.save_state(settings)
    again = md.make_tab(qtbot, fx, settings)
    again.restore_state(settings)  # as the window does
    assert again.violations_only
    qtbot.waitUntil(lambda: not again.is_busy(), timeout=10_000)

    qtbot.mouseClick(toggle, Qt.LeftButton)  # off: every AMER event again
    assert not tab.violations_only and not tab.is_busy()
    assert _list_ids(tab) == [fx.events["early"]]


def test_going_to_an_event_that_breaks_no_rule_turns_violations_only_off(qtbot, tab, fx):
    tab.violations_action.setChecked(True)
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    assert fx.events["fine"] not in _list_ids(tab)
    assert tab.select_record(fx.events["fine"])
    assert not tab.violations_only
    assert tab.view.current_id() == fx.events["fine"]
