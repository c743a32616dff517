"""The Backups tab: retention per row, gaps, recovery point, DR objective, import (BAK-1..5).

Fixture (display zone and customers in Europe/Amsterdam, "now" pinned at
Fri 2026-03-20 10:00 UTC):

* Acme, CUCM: a good backup every night at 01:00 from the night of Feb 1
  to the night of Mar 19, except the night of Mar 10 (failed) and of Mar 12
  (no backup).
* Bolt, CER: good backups the nights of Dec 31 to Jan 9, failed ones every
  night after; so its three newest good backups are kept by count only, and
  its recovery point is weeks old.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from di_desk.domain.backups import NightState, retention_table
from di_desk.domain.disaster_recovery import DrState
from di_desk.domain.enums import Application, BackupResult, DrKind, Region
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.i18n.formatting import format_date, format_datetime
from di_desk.storage.bulk import bulk_insert, bulk_insert_backups
from di_desk.storage.db import open_database
from di_desk.storage.tables import Backup, Customer
from di_desk.ui.language import LanguageNotifier
from di_desk.ui.qt import QDate, QDialogButtonBox, Qt, QtCore
from di_desk.ui.tabs.backups import BackupsTab
from di_desk.ui.tabs.backups_columns import WARNING_BG
from di_desk.ui.tabs.backups_dr import DrEventDialog
from di_desk.ui.tabs.base import AppEvents, TabContext

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
GOOD, FAILED = BackupResult.GOOD, BackupResult.FAILED
CUCM, CER = Application.CUCM, Application.CER


def at_one(night: date) -> datetime:
    """01:00 Amsterdam the morning after ``night`` (a backup of that night)."""
    return datetime.combine(night + timedelta(days=1), time(1, 0), AMS).astimezone(UTC)


def nights(first: date, last: date) -> list[date]:
    return [first + timedelta(days=d) for d in range((last - first).days + 1)]


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.sqlite")
    bulk_insert(
        database,
        Customer,
        [
            {"name": "Acme", "region": Region.EU, "zone": "Europe/Amsterdam"},
            {"name": "Bolt", "region": Region.EU, "zone": "Europe/Amsterdam"},
        ],
    )
    rows = []
    for night in nights(date(2026, 2, 1), date(2026, 3, 19)):
        if night == date(2026, 3, 12):
            continue  # missing
        result = FAILED if night == date(2026, 3, 10) else GOOD
        rows.append(backup(1, CUCM, at_one(night), result))
    for night in nights(date(2025, 12, 31), date(2026, 3, 19)):
        result = GOOD if night <= date(2026, 1, 9) else FAILED
        rows.append(backup(2, CER, at_one(night), result))
    bulk_insert_backups(database, rows)
    yield database
    database.close()


def backup(customer: int, app: Application, taken: datetime, result: BackupResult) -> dict:
    return {
        "customer_id": customer,
        "application": app,
        "taken_at": taken,
        "result": result,
        "size_bytes": 500_000_000,
        "source": "test",
    }


@pytest.fixture
def tab(qtbot, db, settings):
    settings.display_zone = "Europe/Amsterdam"
    context = TabContext(
        settings=settings,
        notifier=LanguageNotifier(),
        events=AppEvents(),
        db=db,
        db_path=db.path,
        services={"clock": lambda: NOW},
    )
    widget = BackupsTab(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    qtbot.waitUntil(lambda: widget.summary is not None, timeout=10_000)
    return widget


def choose(tab: BackupsTab, key: str, value) -> None:
    combo = tab.bar.combos[key]
    combo.setCurrentIndex(combo.findData(value))


def list_rows(tab: BackupsTab) -> list[dict]:
    model = tab.model
    while model.canFetchMore():
        model.fetchMore()
    return [model.row_data(r) for r in range(model.rowCount())]


def summary_row(tab: BackupsTab, customer: str, app: Application) -> int:
    model = tab.summary_pane.model
    for r in range(model.rowCount()):
        row = model.row_data(r)
        if row["customer"] == customer and row["application"] == app:
            return r
    raise AssertionError(f"no summary row for {customer} {app}")


def test_bak2_list_shows_retained_and_expired_with_the_rule_and_date(tab):
    """BAK-2: retained by age / by count / both, expired ones with the date they expired."""
    choose(tab, "customer_id", 1)
    rows = list_rows(tab)
    assert len(rows) == 46
    newest, failed_night, oldest = rows[0], rows[8], rows[-1]
    assert newest["taken_at"] == at_one(date(2026, 3, 19))
    assert tab.visible_retention(0) == (
        "Retained",
        "last 3 good, within 33 days",
        "not while among the last 3 good",
    )
    assert failed_night["result"] is FAILED
    assert tab.visible_retention(8) == (
        "Retained",
        "within 33 days",
        format_date(failed_night["taken_at"] + timedelta(days=33), tz="Europe/Amsterdam"),
    )
    assert oldest["taken_at"] == at_one(date(2026, 2, 1))
    assert tab.visible_retention(len(rows) - 1) == (
        "Expired",
        "",
        format_date(oldest["taken_at"] + timedelta(days=33), tz="Europe/Amsterdam"),
    )


def test_bak2_backups_kept_by_count_only_when_newer_ones_fail(tab):
    """BAK-2: Bolt's three newest good backups are weeks old but kept: last 3 good."""
    choose(tab, "customer_id", 2)
    choose(tab, "result", "good")
    states = [(r["taken_at"], tab.visible_retention(i)) for i, r in enumerate(list_rows(tab))]
    assert [s for _t, s in states[:3]] == [
        ("Retained", "last 3 good", "not while among the last 3 good")
    ] * 3
    assert [t for t, _s in states[:3]] == [at_one(date(2026, 1, d)) for d in (9, 8, 7)]
    assert all(s[0] == "Expired" for _t, s in states[3:])


def test_bak2_retained_and_expired_filters_agree_with_the_report(tab, db):
    """BAK-2 in SQL: the retention filter gives exactly the rows the domain table expires."""
    everything = list(
        Backup.select(
            Backup.id, Backup.customer, Backup.application, Backup.taken_at, Backup.result
        )
        .order_by(Backup.taken_at, Backup.id)
        .tuples()
    )
    table = retention_table(
        [r[1] for r in everything],
        [r[2] for r in everything],
        [r[3] for r in everything],
        [r[4] is GOOD for r in everything],
        NOW,
        DEFAULT_REFERENCE,
    )
    expired = {r[0] for i, r in enumerate(everything) if not table.retained(i)}
    choose(tab, "retention", "expired")
    assert {r["id"] for r in list_rows(tab)} == expired
    choose(tab, "retention", "retained")
    assert {r["id"] for r in list_rows(tab)} == {r[0] for r in everything} - expired


def test_bak3_summary_gaps_and_recovery_point_warning(tab):
    """BAK-3: gaps in the last 30/90 nights and the recovery point; warns above 24 h + 6 h."""
    model = tab.summary_pane.model
    acme = model.row_data(summary_row(tab, "Acme", CUCM))
    assert (acme["gaps_short"], acme["gaps_long"], acme["warning"]) == (2, 2, False)
    assert acme["age"] == NOW - at_one(date(2026, 3, 19))
    assert acme["retained"] == 32  # taken since the cut-off (Feb 15 10:00 UTC) less the missing one
    bolt_row = summary_row(tab, "Bolt", CER)
    bolt = model.row_data(bolt_row)
    assert bolt["warning"] is True
    assert bolt["newest_good"] == at_one(date(2026, 1, 9))
    assert bolt["gaps_short"] == 30
    assert bolt["gaps_long"] == 68  # from its first night, Dec 31, to Mar 18
    age = model.index(bolt_row, model.column_index("age"))
    assert age.data(Qt.ItemDataRole.BackgroundRole) == WARNING_BG
    assert "older than 30 hours" in age.data(Qt.ItemDataRole.ToolTipRole)
    ok_age = model.index(summary_row(tab, "Acme", CUCM), model.column_index("age"))
    assert ok_age.data(Qt.ItemDataRole.BackgroundRole) is None


def test_bak3_timeline_of_the_selected_group(tab):
    """BAK-2/3: the chart's nights: good / failed / missing, kept by count, the horizon."""
    assert tab.selected_group() == (2, CER)  # at first, the first group that warns
    assert tab.summary_pane.select_group(1, CUCM)
    shown = {night: (state, kept) for night, state, kept in tab.timeline.nights()}
    assert len(tab.timeline.nights()) == 60
    assert shown[date(2026, 3, 10)] == (NightState.FAILED, False)
    assert shown[date(2026, 3, 12)] == (NightState.MISSING, False)
    assert shown[date(2026, 1, 31)] == (NightState.MISSING, False)  # before the first backup
    assert [n for n, (_s, kept) in shown.items() if kept] == [
        date(2026, 3, 17),
        date(2026, 3, 18),
        date(2026, 3, 19),
    ]
    assert max(shown) == date(2026, 3, 19)  # tonight has its backup already
    first = tab.timeline.nights()[0][0]
    assert 0 < tab.timeline.horizon() < 60
    # The cut-off, Feb 15 11:00 Amsterdam, is late in the night of Feb 14 (noon to noon).
    assert first + timedelta(days=int(tab.timeline.horizon())) == date(2026, 2, 14)
    assert tab.timeline.horizon() % 1 == pytest.approx(23 / 24)
    assert len(tab.timeline.legend()) == 5
    tab.timeline.grab()  # paints without error


def test_bak3_show_gaps_only(tab, qtbot):
    """BAK-3: "Show gaps only" lists the gap nights, of every group or of the selected one."""
    tab.summary_pane.clear_selection()
    qtbot.mouseClick(tab.gaps_only, Qt.MouseButton.LeftButton)
    assert tab.stack.currentWidget() is tab.gap_view
    assert tab.gap_model.total_count() == 2 + 68
    assert not tab.all_gaps.isVisible()
    tab.summary_pane.select_group(1, CUCM)
    gaps = [tab.gap_model.row_data(r) for r in range(tab.gap_model.rowCount())]
    assert [(g["night"], g["state"]) for g in gaps] == [
        (date(2026, 3, 12), NightState.MISSING),
        (date(2026, 3, 10), NightState.FAILED),
    ]
    assert "2 nights without a good backup" in tab.count_label.text()
    qtbot.mouseClick(tab.all_gaps, Qt.MouseButton.LeftButton)
    assert tab.gap_model.total_count() == 70
    qtbot.mouseClick(tab.gaps_only, Qt.MouseButton.LeftButton)
    assert tab.stack.currentWidget() is tab.view


def test_bak4_no_restore_statement_and_disabled_restore(tab):
    """BAK-4: where a user looks for "restore" the tab says partners cannot restore."""
    assert not tab.restore_button.isEnabled()
    assert "only as part of disaster recovery" in tab.restore_button.toolTip()
    assert "no on-demand restore" in tab.restore_note.text().lower()
    assert "no access" in tab.restore_note.text()
    assert tab.restore_note.isVisibleTo(tab)


def _add_dr_event(tab, qtbot, kind: DrKind, day: date, at: time):
    tab.lower.setCurrentWidget(tab.dr)
    qtbot.mouseClick(tab.dr.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dr.findChild(DrEventDialog, "dr_event_dialog")
    dialog.customer.setCurrentIndex(dialog.customer.findText("Acme"))
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind.value))
    dialog.started.date_edit.setDate(QDate(day.year, day.month, day.day))
    dialog.started.time_edit.setTime(QtCore.QTime(at.hour, at.minute))
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    return dialog


def _dr_cells(tab) -> dict[str, str]:
    model = tab.dr.model
    return {col.key: str(model.index(0, i).data()) for i, col in enumerate(model.columns)}


def test_bak5_application_failure_objective_is_one_business_day(tab, qtbot):
    """BAK-5/TIME-4: started Fri 2026-03-13 16:00 Amsterdam → a new Publisher by Mon 16:00."""
    _add_dr_event(tab, qtbot, DrKind.APPLICATION_FAILURE, date(2026, 3, 13), time(16, 0))
    assert tab.dr.model.rowCount() == 1
    row = tab.dr.model.row_data(0)
    assert row["objective"] == datetime(2026, 3, 16, 16, 0, tzinfo=AMS)
    cells = _dr_cells(tab)
    assert cells["objective"] == format_datetime(row["objective"], "Europe/Amsterdam")
    assert cells["started_at"] == format_datetime(row["started_at"], "Europe/Amsterdam")
    assert row["state"] is DrState.MISSED  # not rebuilt, and "now" is Friday 20 March
    assert cells["state"].startswith("Objective missed by")


def test_bak5_hardware_failure_has_no_objective(tab, qtbot):
    """BAK-5: a hardware failure has no fixed objective (case by case)."""
    _add_dr_event(tab, qtbot, DrKind.HARDWARE_FAILURE, date(2026, 3, 13), time(16, 0))
    row = tab.dr.model.row_data(0)
    assert row["objective"] is None
    cells = _dr_cells(tab)
    assert cells["objective"] == "none (case by case)"
    assert cells["state"] == DrState.NO_OBJECTIVE.label


def test_bak5_follow_up_actions_after_the_restore(tab, qtbot):
    """BAK-5: the partner's own restore steps are added and ticked off."""
    _add_dr_event(tab, qtbot, DrKind.APPLICATION_FAILURE, date(2026, 3, 13), time(16, 0))
    tab.dr.view.selectRow(0)
    qtbot.keyClicks(tab.dr.follow_text, "Test PSTN calls")
    qtbot.mouseClick(tab.dr.follow_add, Qt.MouseButton.LeftButton)
    assert tab.dr.follow_list.count() == 1
    item = tab.dr.follow_list.item(0)
    assert item.text() == "Test PSTN calls"
    item.setCheckState(Qt.CheckState.Checked)
    assert tab.dr.selected().follow_ups[0].done_at == NOW
    assert _dr_cells(tab)["follow_ups"] == "0 of 1 open"


def test_file4_import_with_a_bad_row_imports_nothing(tab, qtbot, tmp_path, db):
    """FILE-4: one bad row → nothing imported, the row error in a dialog."""
    before = Backup.select().count()
    path = tmp_path / "backups.csv"
    path.write_text(
        "customer,application,taken_at,result,size_bytes\n"
        "Acme,CUCM,2026-03-20T01:00:00+01:00,good,100\n"
        "Acme,CUCM,2026-03-21T01:00:00+01:00,maybe,100\n",
        encoding="utf-8",
    )
    tab.import_file(path)
    qtbot.waitUntil(lambda: getattr(tab, "errors_dialog", None) is not None, timeout=10_000)
    dialog = tab.errors_dialog
    assert Backup.select().count() == before
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "2"
    assert dialog.table.item(0, 1).text() == "result"
    assert "Nothing was imported" in dialog.summary.text()


def test_file4_import_adds_rows_and_refreshes(tab, qtbot, tmp_path):
    path = tmp_path / "backups.csv"
    path.write_text(
        "customer,application,taken_at,result\nBolt,CER,2026-03-20T02:00:00+01:00,good\n",
        encoding="utf-8",
    )
    old = tab.summary
    tab.import_file(path)
    qtbot.waitUntil(lambda: tab.summary is not old, timeout=10_000)
    bolt = tab.summary_pane.model.row_data(summary_row(tab, "Bolt", CER))
    assert bolt["warning"] is False
    assert "Imported 1 backup" in tab.count_label.text() or tab.model.total_count() > 0


def test_select_record_shows_one_customer(tab):
    """Overview navigation: the customer's backups, gaps and recovery points."""
    assert tab.select_record(2) is True
    assert tab.bar.combos["customer_id"].current_value() == 2
    assert tab.selected_group() == (2, CER)
    assert {r["customer_id"] for r in list_rows(tab)} == {2}
    assert tab.select_record(999) is False


def test_retranslate_and_state(tab, fake_dutch, settings):
    from di_desk import i18n

    i18n.install("nl")
    tab.retranslate()
    assert tab.restore_button.text().startswith("[nl] ")
    assert tab.lower.tabText(1).startswith("[nl] ")
    assert tab.model.headerData(0, Qt.Orientation.Horizontal).startswith("[nl] ")
    assert all(text.startswith("[nl] ") for text in tab.timeline.legend())
    i18n.install("en")
    tab.retranslate()
    choose(tab, "customer_id", 1)
    tab.gaps_only.setChecked(True)
    tab.save_state(settings)
    assert settings.last_filters("backups")["gaps_only"] is True
    tab.set_display_zone("UTC")
    tab.refresh()
    assert tab.model.total_count() == 46


def test_no_database_shows_an_empty_tab(qtbot, settings):
    context = TabContext(settings=settings, notifier=LanguageNotifier(), events=AppEvents())
    widget = BackupsTab(context)
    qtbot.addWidget(widget)
    assert widget.model.rowCount() == 0
    assert not widget.import_button.isEnabled()
    assert not widget.dr.add_button.isEnabled()
    assert widget.summary_pane.title.text() == "No database open"
    assert widget.select_record(1) is False
    widget.refresh()
    widget.grab()


def test_time2_dr_start_in_a_dst_gap_is_refused_at_the_field(tab, qtbot):
    """TIME-2: 02:30 on 2026-03-29 does not exist in Amsterdam; nothing is saved."""
    dialog = _add_dr_event(tab, qtbot, DrKind.APPLICATION_FAILURE, date(2026, 3, 29), time(2, 30))
    assert dialog.isVisible()
    assert "does not exist" in dialog.error.text()
    assert tab.dr.model.rowCount() == 0
    qtbot.mouseClick(dialog.started.fix_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert tab.dr.model.row_data(0)["started_at"] == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
