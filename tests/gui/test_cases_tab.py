"""The Cases tab and its editor, driven as a user would (CASE-1..12)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from di_desk import i18n
from di_desk.domain.enums import CaseCategory, CaseStatus, Impact, Region, Severity, Urgency
from di_desk.services import case_life
from di_desk.services.cases import CaseDraft, save_case
from di_desk.storage.db import open_database
from di_desk.storage.repositories import Repository
from di_desk.storage.tables import Customer
from di_desk.ui.language import LanguageNotifier
from di_desk.ui.qt import QGuiApplication, QMessageBox, QPoint, Qt
from di_desk.ui.tabs.base import AppEvents, TabContext
from di_desk.ui.tabs.cases import make_tab

WHO = "tester"
# Friday 13 March 2026, 16:00 in Amsterdam
NOW = datetime(2026, 3, 13, 15, 0, tzinfo=UTC)
ZONE = "Europe/Amsterdam"


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.sqlite")
    customers = Repository(database, Customer)
    customers.create(WHO, name="Acme", region=Region.EU)
    customers.create(WHO, name="Globex", region=Region.EU)
    yield database
    database.close()


@pytest.fixture
def clock():
    return {"now": NOW}


@pytest.fixture
def make(qtbot, db, settings, clock):
    settings.display_zone = ZONE

    def build():
        context = TabContext(
            settings=settings,
            notifier=LanguageNotifier(),
            events=AppEvents(),
            db=db,
            services={"clock": lambda: clock["now"]},
        )
        tab = make_tab(context)
        qtbot.addWidget(tab)
        tab.resize(1300, 700)
        tab.show()
        return tab

    return build


def customer_id(db, name):
    return Customer.get(Customer.name == name).id


def complete(db, name="Acme", **changes) -> CaseDraft:
    values = dict(
        customer_id=customer_id(db, name),
        partner="Partner BV",
        contract="91234567",
        rep_name="Ann de Vries",
        rep_phone="+31 20 123 4567",
        rep_email="ann@partner.example",
        category=CaseCategory.SERVICE_OUTAGE,
        problem="No dial tone on the second floor",
        impact=Impact.LOCALIZED,
        urgency=Urgency.MEDIUM,
    )
    values.update(changes)
    return CaseDraft(**values)


def opened_case(db, at=NOW, **changes):
    return save_case(db, complete(db, **changes), WHO, open_it=True, at=at)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot, combo, text):
    """Pick the combo entry starting with ``text`` from its popup list, with the mouse."""
    row = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.showPopup()
    view = combo.view()
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert combo.currentText().startswith(text)


def fill_form(qtbot, form, **overrides):
    """Type a complete case; ``overrides`` replace texts ("" leaves a field empty)."""
    texts = {
        "partner": "Partner BV",
        "contract": "91234567",
        "rep_name": "Ann de Vries",
        "rep_phone": "+31 20 123 4567",
        "rep_email": "ann@partner.example",
        **overrides,
    }
    qtbot.keyClicks(form.customer.lineEdit(), "Acme")
    for key, text in texts.items():
        form.texts[key].clear()
        if text:
            qtbot.keyClicks(form.texts[key], text)
    choose(qtbot, form.category, "Service")
    qtbot.keyClicks(form.problem, "Phones on floor 2 have no dial tone")


def test_create_case_by_typing_and_clicking(qtbot, make, db):
    """CASE-1/3/5/7/8: type a case, see its severity and channel, open it."""
    tab = make()
    editor = tab.new_record()
    form = editor.form
    fill_form(qtbot, form)
    form.affected.clear()
    qtbot.keyClicks(form.affected, "80")
    form.total.clear()
    qtbot.keyClicks(form.total, "100")
    assert form.impact.value() is Impact.WIDESPREAD  # CASE-1: 80 % > 3/4
    assert "Widespread" in form.share.text()
    choose(qtbot, form.urgency, "Critical")
    assert editor.outcome.badge.text() == "S1 (Critical)"
    assert editor.outcome.objective.text() == "15 minutes"
    assert 'href="tel:18005532447"' in editor.outcome.channel.text()
    assert editor.outcome.channel.openExternalLinks()

    click(qtbot, editor.move_buttons[CaseStatus.OPENED])
    dialog = editor.sub_dialog
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog.ok_button())

    assert editor.record is not None and editor.status() is CaseStatus.OPENED
    row = editor.record.row
    assert row["severity"] is Severity.S1 and row["opened_at"] == NOW
    assert row["response_due"] == NOW + timedelta(minutes=15)
    assert tab.model.total_count() == 1
    assert tab.view.selected_ids() == [row["id"]]
    assert "in 15 minutes" in editor.outcome.due.text()
    assert "in the case calendar's zone (Europe/Amsterdam)" in editor.outcome.due_calendar.text()


def test_severity_follows_urgency(qtbot, make):
    """CASE-3/4/5: the badge, effort and objective change with the urgency."""
    editor = make().new_record()
    form = editor.form
    assert editor.outcome.badge.text() == "—"
    choose(qtbot, form.impact, "Localized")
    choose(qtbot, form.urgency, "Medium")
    assert editor.outcome.badge.text() == "S3 (Medium)"
    assert editor.outcome.objective.text() == "1 business day"
    assert "restore service" in editor.outcome.effort.text()
    assert "Support Case Manager" in editor.outcome.channel.text()
    choose(qtbot, form.urgency, "Critical")
    assert editor.outcome.badge.text() == "S2 (High)"
    assert editor.outcome.objective.text() == "30 minutes"
    choose(qtbot, form.urgency, "Low")
    assert editor.outcome.badge.text() == "S4 (Low)"
    assert editor.outcome.objective.text() == "3 business days"


def test_case8_field_errors_for_missing_contract_and_bad_phone(qtbot, make, db):
    """CASE-8: opening names each missing or invalid field under it; a draft may be incomplete."""
    tab = make()
    editor = tab.new_record()
    form = editor.form
    fill_form(qtbot, form, contract="", rep_phone="12345")
    choose(qtbot, form.impact, "Large")
    choose(qtbot, form.urgency, "High")

    click(qtbot, editor.move_buttons[CaseStatus.OPENED])
    assert editor.sub_dialog is None  # refused before asking the time
    assert "Subscription or service-contract number is missing." in form.error_text("contract")
    assert '"12345" is not a valid phone number' in form.error_text("rep_phone")
    assert "Partner representative's phone" in form.error_text("rep_phone")
    assert form.error_text("rep_email") == ""
    assert "#c62828" in form.errors["contract"].styleSheet()
    assert editor.record is None

    qtbot.keyClicks(form.texts["contract"], "9")
    assert form.error_text("contract") == ""  # cleared while typing

    click(qtbot, editor.save_button)  # "Save draft": incomplete is fine
    assert editor.record is not None and editor.status() is CaseStatus.DRAFT
    assert editor.record.row["rep_phone"] == "12345"
    assert tab.model.total_count() == 1


def test_case9_raise_severity_updates_due_and_history(qtbot, make, db):
    row = opened_case(db)  # S3, due Monday 16:00
    tab = make()
    editor = tab.open_editor(row["id"])
    assert "16 Mar 2026 16:00" in editor.outcome.due.text()
    click(qtbot, editor.severity_button)
    dialog = editor.sub_dialog
    assert dialog.raise_radio.isChecked()
    choices = [dialog.new_severity.itemData(i) for i in range(dialog.new_severity.count())]
    assert choices == ["S1", "S2"]  # the partner only raises
    assert dialog.chosen() is Severity.S2  # one step up by default
    assert "13 Mar 2026 16:30" in dialog.result.text()  # 30 minutes from the change
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert dialog.isVisible()  # a reason is required
    assert "reason" in dialog.problem.text()
    qtbot.keyClicks(dialog.reason, "Now the whole site is down")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert not dialog.isVisible()

    assert editor.record.row["severity"] is Severity.S2
    assert editor.outcome.badge.text() == "S2 (High)"
    assert "13 Mar 2026 16:30" in editor.outcome.due.text()
    table = editor.history.severity_table
    assert table.rowCount() == 1
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert cells[1] == "S3 → S2" and cells[2] == "Partner"
    assert cells[3] == "Now the whole site is down"
    assert editor.history.tabText(0) == "Severity history (1)"

    lower = editor.change_severity()
    lower.lower_radio.setChecked(True)
    lowered = [lower.new_severity.itemData(i) for i in range(lower.new_severity.count())]
    assert lowered == ["S3", "S4"]  # the provider only lowers
    assert lower.history.rowCount() == 1


def test_filter_and_sort(qtbot, make, db):
    opened_case(db, name="Acme", urgency=Urgency.LOW)  # S4
    opened_case(db, name="Globex", urgency=Urgency.CRITICAL, impact=Impact.WIDESPREAD)  # S1
    opened_case(db, name="Acme", urgency=Urgency.HIGH, problem="Voicemail is slow")  # S2
    tab = make()
    model = tab.model
    assert model.total_count() == 3

    combo = tab.filter_bar.combos["customer_id"]
    combo.setCurrentIndex(combo.findText("Acme"))
    assert model.total_count() == 2
    qtbot.keyClicks(tab.filter_bar.search, "voicemail")
    qtbot.keyClick(tab.filter_bar.search, Qt.Key.Key_Return)
    assert model.total_count() == 1
    click(qtbot, tab.filter_bar.clear_button)
    assert model.total_count() == 3

    header = tab.view.horizontalHeader()
    section = model.column_index("severity")
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    severities = [model.row_data(r)["severity"] for r in range(model.rowCount())]
    assert severities in (
        [Severity.S1, Severity.S2, Severity.S4],
        [Severity.S4, Severity.S2, Severity.S1],
    )
    assert model.query.sort_key == "severity"


@pytest.mark.parametrize(
    ("steps", "visible"),
    [
        ((), {CaseStatus.ACKNOWLEDGED}),
        ((CaseStatus.ACKNOWLEDGED,), {CaseStatus.ACTION_PLAN, CaseStatus.RESOLVED}),
        (
            (CaseStatus.ACKNOWLEDGED, CaseStatus.RESOLVED),
            {CaseStatus.MONITORING, CaseStatus.CLOSED, CaseStatus.ACKNOWLEDGED},
        ),
        ((CaseStatus.ACKNOWLEDGED, CaseStatus.RESOLVED, CaseStatus.CLOSED), set()),
    ],
)
def test_case10_only_legal_transitions_offered(qtbot, make, db, steps, visible):
    row = opened_case(db)
    for at, step in enumerate(steps, start=1):
        row = case_life.move_case(
            db, row["id"], row["row_version"], step, WHO, at=NOW + timedelta(hours=at)
        )
    editor = make().open_editor(row["id"])
    shown = {status for status, button in editor.move_buttons.items() if button.isVisibleTo(editor)}
    assert shown == visible
    assert editor.severity_button.isEnabled() == (
        row["status"] in (CaseStatus.OPENED, CaseStatus.ACKNOWLEDGED)
    )


def test_draft_offers_only_opening(make):
    editor = make().new_record()
    shown = {status for status, button in editor.move_buttons.items() if button.isVisibleTo(editor)}
    assert shown == {CaseStatus.OPENED}
    assert not editor.severity_button.isVisibleTo(editor)


def test_case10_acknowledge_asks_for_the_time(qtbot, make, db, clock):
    row = opened_case(db)
    clock["now"] = NOW + timedelta(hours=2)
    editor = make().open_editor(row["id"])
    click(qtbot, editor.move_buttons[CaseStatus.ACKNOWLEDGED])
    dialog = editor.sub_dialog
    assert dialog.edit.instant() == NOW + timedelta(hours=2)  # default: now
    dialog.edit.time_edit.setTime(dialog.edit.time_edit.time().addSecs(-3600))
    click(qtbot, dialog.ok_button())
    assert editor.status() is CaseStatus.ACKNOWLEDGED
    assert editor.record.row["acknowledged_at"] == NOW + timedelta(hours=1)
    assert "acknowledged in time" in editor.outcome.due.text()


def test_case10_action_plan_and_case11_notice(qtbot, make, db):
    row = opened_case(db)
    row = case_life.move_case(db, row["id"], row["row_version"], CaseStatus.ACKNOWLEDGED, WHO)
    editor = make().open_editor(row["id"])
    click(qtbot, editor.move_buttons[CaseStatus.ACTION_PLAN])
    dialog = editor.sub_dialog
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert "needs a description" in dialog.problem.text()
    qtbot.keyClicks(dialog.text, "Replace the trunk card on Monday")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert editor.status() is CaseStatus.ACTION_PLAN
    assert editor.history.plans_table.item(0, 2).text() == "Replace the trunk card on Monday"

    click(qtbot, editor.history.add_notice_button)
    notice = editor.sub_dialog
    qtbot.keyClicks(notice.subject, "Incident notification")
    click(qtbot, notice.buttons.button(notice.buttons.StandardButton.Ok))
    assert editor.history.notices_table.rowCount() == 1
    assert editor.history.notices_table.item(0, 1).text() == "Incident notification"


def test_case8_brief_on_the_clipboard(qtbot, make, db):
    row = opened_case(db)
    editor = make().open_editor(row["id"])
    click(qtbot, editor.copy_brief_button)
    text = QGuiApplication.clipboard().text()
    assert "Partner: Partner BV" in text
    assert "Subscription or service-contract number: 91234567" in text
    assert "S3 (Medium) (impact: Localized; urgency: Medium)" in text
    assert "Open the case in Support Case Manager." in text
    assert text.endswith("No dial tone on the second floor")
    assert editor.info.text() == "The case brief is on the clipboard."


def test_case5_deadline_explanation_mentions_the_weekend(qtbot, make, db):
    row = opened_case(db)  # Friday 16:00, S3 → Monday 16:00
    editor = make().open_editor(row["id"])
    assert editor.outcome.explain_button.isEnabled()
    click(qtbot, editor.outcome.explain_button)
    text = editor.message_box.text()
    assert "Saturday, 14 March 2026: Weekend" in text
    assert "Sunday, 15 March 2026: Weekend" in text
    assert "09:00–17:00 in Europe/Amsterdam" in text


def test_case5_live_due_text(qtbot, make, db, clock):
    """The due cell counts down on a timer, repainting only its own column."""
    opened_case(db, urgency=Urgency.CRITICAL, impact=Impact.WIDESPREAD)  # S1: 15 minutes
    tab = make()
    model = tab.model
    column = model.column_index("response_due")
    index = model.index(0, column)
    assert model.data(index).endswith("(in 15 minutes)")
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None

    clock["now"] = NOW + timedelta(minutes=12)  # 3 of 15 minutes left: < 25 %
    with qtbot.waitSignal(model.dataChanged) as blocker:
        tab.due_timer.timeout.emit()
    top_left, bottom_right = blocker.args[:2]
    assert top_left.column() == bottom_right.column() == column
    assert model.data(index).endswith("(in 3 minutes)")
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).name() == "#ffe0b2"

    # What the list paints (its C++ copy of the cells) follows on the next paint.
    painted = tab.view.model()
    tab.view.grab()
    assert painted.data(painted.index(0, column)).endswith("(in 3 minutes)")

    clock["now"] = NOW + timedelta(hours=3, minutes=40)  # 3 h 25 min late: the list says 3 h
    tab.update_due_cells()
    assert model.data(index).endswith("(3 hours overdue)")
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).name() == "#ffcdd2"
    tab.view.grab()
    assert painted.data(painted.index(0, column)).endswith("(3 hours overdue)")
    cell = painted.index(0, column)
    assert painted.data(cell, Qt.ItemDataRole.BackgroundRole).name() == "#ffcdd2"
    assert tab.due_timer.interval() == 30_000


def test_list_columns(make, db):
    opened_case(db, urgency=Urgency.CRITICAL, impact=Impact.WIDESPREAD)
    model = make().model
    cell = {c.key: model.data(model.index(0, i)) for i, c in enumerate(model.columns)}
    assert cell["severity"] == "S1 (Critical)"
    assert cell["customer"] == "Acme" and cell["status"] == "Opened"
    assert cell["opened_at"] == "13 Mar 2026 16:00"  # the display zone
    assert cell["channel"] == "Phone" and cell["acknowledged_at"] == ""
    severity = model.index(0, model.column_index("severity"))
    assert model.data(severity, Qt.ItemDataRole.BackgroundRole).name() == "#c62828"
    assert model.data(severity, Qt.ItemDataRole.ForegroundRole).name() == "#ffffff"


def test_stale_edit_reloads_and_keeps_what_was_typed(qtbot, make, db):
    row = opened_case(db)
    editor = make().open_editor(row["id"])
    save_case(
        db,
        complete(db, id=row["id"], row_version=row["row_version"], problem="Changed elsewhere"),
        "someone",
    )
    editor.form.problem.clear()
    qtbot.keyClicks(editor.form.problem, "My own words")
    click(qtbot, editor.save_button)
    box = editor.message_box
    assert box is not None and "Someone else changed this case" in box.text()
    assert "My own words" in box.detailedText()
    assert editor.form.problem.toPlainText() == "Changed elsewhere"
    assert editor.record.row_version == row["row_version"] + 1
    assert not editor.dirty


def test_delete_only_drafts(qtbot, make, db):
    draft = save_case(db, CaseDraft(customer_id=customer_id(db, "Acme")), WHO)
    opened = opened_case(db)
    tab = make()
    tab.view.select_id(opened["id"])
    box = tab.delete_selected()
    assert "Only drafts can be deleted" in box.text()
    box.close()
    tab.view.select_id(draft["id"])
    box = tab.delete_selected()
    assert box.text() == "Delete 1 draft case?"
    click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    assert tab.model.total_count() == 1
    assert tab.model.row_id(0) == opened["id"]


def test_select_record_clears_a_hiding_filter(qtbot, make, db):
    row = opened_case(db, name="Globex")
    tab = make()
    combo = tab.filter_bar.combos["customer_id"]
    combo.setCurrentIndex(combo.findText("Acme"))
    assert tab.model.total_count() == 0
    assert tab.select_record(row["id"])
    assert tab.view.selected_ids() == [row["id"]]
    assert tab.editor is not None and tab.editor.case_id == row["id"]
    assert not tab.select_record(9999)


def test_enter_opens_the_case(qtbot, make, db):
    row = opened_case(db)
    tab = make()
    tab.view.setFocus()
    tab.view.select_id(row["id"])
    tab.view.setCurrentIndex(tab.model.index(0, 1))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert tab.editor is not None and tab.editor.case_id == row["id"]


def test_state_and_language(qtbot, make, db, settings, fake_dutch):
    opened_case(db)
    tab = make()
    qtbot.keyClicks(tab.filter_bar.search, "dial")
    qtbot.keyClick(tab.filter_bar.search, Qt.Key.Key_Return)
    tab.save_state(settings)
    again = make()
    again.restore_state(settings)  # the window does this when it builds a tab
    assert again.filter_bar.search.text() == "dial"
    assert again.model.query.text == "dial"

    editor = again.new_record()
    painted = again.view.model()  # what the list paints: its C++ copy of the cells
    again.view.grab()
    status = again.model.column_index("status")
    assert painted.data(painted.index(0, status)) == "Opened"
    i18n.install("nl")
    again.retranslate()
    assert again.new_button.text() == "[nl] New case"
    assert again.model.headerData(0, Qt.Orientation.Horizontal) == "[nl] Severity"
    assert painted.headerData(0, Qt.Orientation.Horizontal) == "[nl] Severity"
    again.view.grab()
    assert painted.data(painted.index(0, status)) == "[nl] Opened"
    assert editor.save_button.text() == "[nl] Save draft"
    assert editor.form.titles["contract"].text().startswith("[nl]")
    assert editor.outcome.explain_button.text() == "[nl] Explain deadline"

    again.set_display_zone("America/New_York")
    assert again.model.data(again.model.index(0, again.model.column_index("opened_at"))).endswith(
        "11:00"
    )


def test_no_database_shows_an_empty_state(qtbot, settings):
    context = TabContext(settings=settings, notifier=LanguageNotifier(), events=AppEvents())
    tab = make_tab(context)
    qtbot.addWidget(tab)
    assert tab.empty_label.isVisibleTo(tab)
    assert tab.new_record() is None
    assert not tab.select_record(1)


def test_time2_instant_edit_refuses_a_dst_gap_and_offers_the_second_occurrence(qtbot):
    """TIME-2: 02:30 on 29 March 2026 does not exist in Amsterdam; 02:30 on
    25 October 2026 happens twice."""
    from di_desk.ui.dialogs.case_widgets import InstantDialog

    dialog = InstantDialog("t", "p", ZONE, NOW)
    qtbot.addWidget(dialog)
    edit = dialog.edit
    edit.set_instant(datetime(2026, 3, 29, 0, 30, tzinfo=UTC))  # 01:30 CET
    edit.time_edit.setTime(edit.time_edit.time().addSecs(3600))  # 02:30: in the gap
    assert edit.instant() is None and not dialog.ok_button().isEnabled()
    assert "03:00" in edit.message.text() and "03:00" in edit.fix_button.text()
    click(qtbot, edit.fix_button)
    assert edit.instant() == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST
    assert dialog.ok_button().isEnabled()

    edit.set_instant(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 02:30 CEST, first
    assert edit.fold.isVisibleTo(dialog)
    assert edit.instant() == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    edit.fold.setCurrentIndex(1)
    assert edit.instant() == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET


def test_a_case_deleted_elsewhere_keeps_what_was_typed(qtbot, make, db):
    from di_desk.services.cases import delete_case

    draft = save_case(db, CaseDraft(customer_id=customer_id(db, "Acme")), WHO)
    editor = make().open_editor(draft["id"])
    delete_case(db, draft["id"], draft["row_version"], "someone")
    qtbot.keyClicks(editor.form.problem, "Keep me")
    click(qtbot, editor.save_button)
    assert "deleted this case" in editor.message_box.text()
    assert editor.record is None and editor.form.problem.toPlainText() == "Keep me"
    click(qtbot, editor.save_button)  # saved again, as a new draft
    assert editor.record is not None and editor.record.row["problem"] == "Keep me"
    assert editor.status() is CaseStatus.DRAFT
