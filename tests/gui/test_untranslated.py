"""No English left in the Dutch UI (issue "Dutch and English throughout").

The real main window on a small demo database is switched to Dutch through
View → Language; then every tab is visited (with its second pages: the
releases plans, the backups gaps and DR events, a selected customer), every
dialog reachable from the menus and the tabs is opened the way the UI opens
it (``open()``, never a blocking ``exec()``), and every widget is walked:
labels, buttons, group boxes, placeholders, combo items, tab texts, menus and
actions, tooltips, window titles, the header and the first rows of every
item model, chart titles, axes and series. A text that equals, or is built
from, a message of ``translations/di_desk.pot`` whose Dutch differs is
English that should have been Dutch (:mod:`tests.gui.untranslated`).

A second test opens the dialogs that stay open for a while (editors, import,
export, print) in English first: after the switch their texts must be Dutch
too, so a dialog that does not retranslate is found.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from di_desk import i18n
from di_desk.domain.enums import CaseStatus
from di_desk.storage import tables as t
from di_desk.ui.qt import QDialog, QMessageBox, QThreadPool, QWidget, is_valid_qobject
from tests.gui.conftest import DEMO_NOW
from tests.gui.untranslated import EnglishTexts, Scanner, top_level_dialogs

NOW = DEMO_NOW

#: a maintenance file with problems: an unknown customer, a time without an
#: offset, an unknown type (the import preview shows its row errors)
BAD_SCHEDULE = (
    "customer,cluster,region,type,start,end,notice_sent\n"
    "Nobody Ltd,c1,EU,routine,2026-04-07T21:00:00+02:00,2026-04-07T23:00:00+02:00,\n"
    "{customer},c1,EU,routine,2026-04-08 21:00,2026-04-08T23:00:00+02:00,\n"
    "{customer},c1,EU,coffee,2026-04-09T21:00:00+02:00,2026-04-09T23:00:00+02:00,\n"
)
BAD_BACKUPS = "customer,application,taken_at,result\nNobody Ltd,PBX,2026-03-01 01:30,maybe\n"


@pytest.fixture(scope="module")
def english() -> EnglishTexts:
    return EnglishTexts()


@pytest.fixture
def window(qtbot, demo_window):
    settle(qtbot)
    yield demo_window
    for dialog in top_level_dialogs():
        dialog.close()


def settle(qtbot) -> None:
    """Let background work (summaries, previews) finish and its results arrive."""
    pool = QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=15_000)
    qtbot.wait(20)
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=15_000)


def to_dutch(qtbot, window, *, overview: bool = True) -> None:
    """View → Language → Nederlands, as a user picks it."""
    assert window.actions["language_nl"] in window.menus["menu_language"].actions()
    with qtbot.waitSignal(window.notifier.language_changed):
        window.actions["language_nl"].trigger()
    assert i18n.current_language() == "nl"
    settle(qtbot)
    if overview:
        qtbot.wait(400)  # the Overview recomputes its rule messages after a short delay
        settle(qtbot)


def close(widget: QWidget | None) -> None:
    if isinstance(widget, QDialog) and widget.isVisible():
        widget.done(QDialog.DialogCode.Rejected)


def new_windows(before: set[int]) -> list[QWidget]:
    return [w for w in top_level_dialogs() if id(w) not in before]


# --------------------------------------------------------------------- records


def case_with_history() -> int:
    """The acknowledged (or later) case with the most history entries."""
    best, most = None, -1
    for case in t.SupportCase.select().where(t.SupportCase.status != CaseStatus.DRAFT.value):
        entries = (
            t.SeverityChange.select().where(t.SeverityChange.case == case).count()
            + t.ActionPlan.select().where(t.ActionPlan.case == case).count()
            + t.ProviderNotice.select().where(t.ProviderNotice.case == case).count()
        )
        if entries > most:
            best, most = case.id, entries
    assert best is not None
    return best


def case_in(*statuses: CaseStatus) -> int:
    case = (
        t.SupportCase.select()
        .where(t.SupportCase.status.in_([s.value for s in statuses]))
        .order_by(t.SupportCase.id)
        .first()
    )
    assert case is not None, statuses
    return case.id


def upcoming_event_ids() -> list[int]:
    return [
        e.id
        for e in t.MaintenanceEvent.select()
        .where(t.MaintenanceEvent.start > NOW)
        .order_by(t.MaintenanceEvent.start)
    ]


def open_plan_ids() -> list[int]:
    return [
        p.id
        for p in t.UpgradePlan.select()
        .where(t.UpgradePlan.completed_at.is_null())
        .order_by(t.UpgradePlan.scheduled_start.desc())
    ]


# ------------------------------------------------------------------- dialogs
# Each opener opens one dialog the way the UI does and returns it (or the box).

Opener = Callable[[Any, Any, Path], QWidget | None]


def _cases(window):
    window.set_current_tab("cases")
    return window.tab_page("cases")


def _case_editor(window, case_id: int | None):
    return _cases(window).open_editor(case_id)


def open_case_sub_dialog(window, status: CaseStatus, act: Callable[[Any], Any]):
    editor = _case_editor(window, case_in(status))
    act(editor)
    return editor.message_box if editor.sub_dialog is None else editor.sub_dialog


def resolved_case(window) -> int:
    """An acknowledged case of the demo, resolved now (the demo has none resolved)."""
    from di_desk.services import case_life

    case = t.SupportCase.get_by_id(case_in(CaseStatus.ACKNOWLEDGED))
    case_life.move_case(window.db, case.id, case.row_version, CaseStatus.RESOLVED, "test", at=NOW)
    return case.id


def open_monitoring(window, qtbot, _tmp):
    editor = _case_editor(window, resolved_case(window))
    editor.move_to(CaseStatus.MONITORING)
    return editor.sub_dialog


def open_delete_drafts(window, qtbot, _tmp):
    from di_desk.services.cases import CaseDraft, save_case

    customer = t.Customer.select().order_by(t.Customer.name).first()
    draft = save_case(window.db, CaseDraft(customer_id=customer.id), "test")
    tab = _cases(window)
    tab.refresh()
    tab.view.select_id(draft["id"])
    return tab.delete_selected()


def open_new_case_with_errors(window, qtbot, _tmp):
    editor = _case_editor(window, None)
    editor.move_to(CaseStatus.OPENED)  # CASE-8: every missing field is named in red
    return editor


def open_maintenance_event(window, qtbot, _tmp):
    window.set_current_tab("maintenance")
    tab = window.tab_page("maintenance")
    for event_id in upcoming_event_ids():
        editor = tab.edit_record(event_id)
        if editor.current_check() is not None and editor.current_check().violations:
            return editor
        close(editor)
    raise AssertionError("no upcoming event that breaks a rule")


def open_reschedule_draft(window, qtbot, _tmp):
    window.set_current_tab("maintenance")
    tab = window.tab_page("maintenance")
    for event_id in upcoming_event_ids():
        tab.select_record(event_id)
        dialog = tab.draft_reschedule()
        if dialog is not None:
            return dialog
    raise AssertionError("no event a reschedule can be drafted for")


def open_maintenance_delete(window, qtbot, _tmp):
    window.set_current_tab("maintenance")
    tab = window.tab_page("maintenance")
    tab.select_record(upcoming_event_ids()[0])
    return tab.delete_selected()


def _extras(window):
    window.set_current_tab("maintenance")
    return window.tab_page("maintenance").maintenance_extras


def open_import_preview(window, qtbot, tmp_path):
    customer = t.Customer.select().order_by(t.Customer.name).first().name
    path = tmp_path / "schedule.csv"
    path.write_text(BAD_SCHEDULE.format(customer=customer), encoding="utf-8")
    before = {id(w) for w in top_level_dialogs()}
    window.actions["import"].trigger()
    dialog = next(w for w in new_windows(before) if w.objectName() == "import_dialog")
    dialog.set_kind("maintenance")
    dialog.file_edit.setText(str(path))
    dialog.run_check()
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy, timeout=15_000)
    return dialog


def open_restore_confirmation(window, qtbot, tmp_path):
    backup = tmp_path / "backup.sqlite"
    shutil.copy(window.db_path, backup)
    return window.hooks.restore_database(backup)


def open_from_menu(name: str) -> Opener:
    def opener(window, qtbot, _tmp):
        before = {id(w) for w in top_level_dialogs()}
        window.actions[name].trigger()
        settle(qtbot)
        found = new_windows(before)
        assert found, f"the {name} action opened no window"
        return found[0]

    return opener


def open_announce(window, qtbot, _tmp):
    window.set_current_tab("releases")
    dialog = window.tab_page("releases").announce()
    dialog.name_edit.setText("99.0")
    dialog.versions_edit.setText("99.0")
    dialog.target_edit.setText("99.0")
    dialog.update_preview()
    return dialog


def open_plan_reschedule(window, qtbot, _tmp):
    window.set_current_tab("releases")
    tab = window.tab_page("releases")
    tab.pages.setCurrentIndex(1)
    for plan_id in open_plan_ids():
        dialog = tab.reschedule(plan_id)
        if dialog is not None:
            return dialog
        close(tab.dialog)
    raise AssertionError("no upgrade plan that can be rescheduled")


def open_record_upgrade(window, qtbot, _tmp):
    window.set_current_tab("releases")
    tab = window.tab_page("releases")
    tab.pages.setCurrentIndex(1)
    return tab.record_upgrade(open_plan_ids()[0])


def _backups(window):
    window.set_current_tab("backups")
    return window.tab_page("backups")


def open_dr_edit(window, qtbot, _tmp):
    panel = _backups(window).dr
    event = t.DrEvent.select().order_by(t.DrEvent.id).first()
    assert panel.select_event(event.id)
    return panel.edit_selected()


def open_backup_import_errors(window, qtbot, tmp_path):
    tab = _backups(window)
    path = tmp_path / "backups.csv"
    path.write_text(BAD_BACKUPS, encoding="utf-8")
    tab.import_file(path)
    qtbot.waitUntil(lambda: getattr(tab, "errors_dialog", None) is not None, timeout=15_000)
    return tab.errors_dialog


def _customers(window):
    window.set_current_tab("customers")
    return window.tab_page("customers")


def open_customer_edit(window, qtbot, _tmp):
    tab = _customers(window)
    customer = t.Customer.select().order_by(t.Customer.name).first()
    return tab.edit_customer(customer.id)


def open_customer_delete(window, qtbot, _tmp):
    tab = _customers(window)
    customer = t.Customer.select().order_by(t.Customer.name).first()
    assert tab.select_record(customer.id)
    return tab.delete_selected()


#: (name, opener, live): a live dialog stays open while the user works, so it
#: follows a language switch ("chrome": its own texts, not the rows it reports)
DIALOGS: list[tuple[str, Opener, bool | str]] = [
    ("about", lambda w, q, p: w.show_about(), True),
    ("responsibilities", lambda w, q, p: w.show_responsibilities(), True),
    ("display zone", lambda w, q, p: w.choose_display_zone(), True),
    ("audit log", lambda w, q, p: w.show_audit_log(), True),
    ("restore from backup", open_restore_confirmation, False),
    ("import (preview with errors)", open_import_preview, True),
    ("export", open_from_menu("export"), True),
    ("print schedule", open_from_menu("print_schedule"), True),
    ("case editor, new", lambda w, q, p: _case_editor(w, None), True),
    ("case editor, new, field errors", open_new_case_with_errors, True),
    ("case editor, existing", lambda w, q, p: _case_editor(w, case_with_history()), True),
    (
        "severity change",
        lambda w, q, p: open_case_sub_dialog(
            w, CaseStatus.ACKNOWLEDGED, lambda e: e.change_severity()
        ),
        True,
    ),
    (
        "acknowledge (instant)",
        lambda w, q, p: open_case_sub_dialog(
            w, CaseStatus.OPENED, lambda e: e.move_to(CaseStatus.ACKNOWLEDGED)
        ),
        True,
    ),
    (
        "action plan",
        lambda w, q, p: open_case_sub_dialog(
            w, CaseStatus.ACKNOWLEDGED, lambda e: e.move_to(CaseStatus.ACTION_PLAN)
        ),
        True,
    ),
    ("monitoring (date)", open_monitoring, True),
    ("delete drafts", open_delete_drafts, False),
    (
        "provider notice",
        lambda w, q, p: open_case_sub_dialog(w, CaseStatus.ACKNOWLEDGED, lambda e: e.log_notice()),
        True,
    ),
    (
        "explain deadline",
        lambda w, q, p: open_case_sub_dialog(
            w, CaseStatus.ACKNOWLEDGED, lambda e: e.explain_deadline()
        ),
        False,
    ),
    (
        "event editor, new",
        lambda w, q, p: (w.set_current_tab("maintenance"), w.tab_page("maintenance").new_record())[
            1
        ],
        True,
    ),
    ("event editor, existing", open_maintenance_event, True),
    ("reschedule draft", open_reschedule_draft, True),
    ("delete event", open_maintenance_delete, False),
    ("certificates", lambda w, q, p: _extras(w).open_certificates(), True),
    ("import schedule", lambda w, q, p: _extras(w).open_import(), True),
    ("print schedule (maintenance)", lambda w, q, p: _extras(w).open_schedule(), True),
    ("announce release", open_announce, True),
    (
        "new upgrade plan",
        lambda w, q, p: (w.set_current_tab("releases"), w.tab_page("releases").new_plan())[1],
        True,
    ),
    ("upgrade reschedule", open_plan_reschedule, True),
    ("record upgrade", open_record_upgrade, False),
    ("DR event, new", lambda w, q, p: _backups(w).dr.add_event(), True),
    ("DR event, existing", open_dr_edit, True),
    # its row messages are the import's report, written once: only its own texts follow
    ("backup import errors", open_backup_import_errors, "chrome"),
    ("customer, new", lambda w, q, p: _customers(w).new_record(), True),
    ("customer, existing", open_customer_edit, True),
    ("delete customer", open_customer_delete, False),
]


def open_dialog(name: str, opener: Opener, window, qtbot, tmp_path) -> list[QWidget]:
    """Open one dialog; returns it and any other window it opened."""
    before = {id(w) for w in top_level_dialogs()}
    dialog = opener(window, qtbot, tmp_path)
    settle(qtbot)
    assert dialog is not None, f"{name}: nothing opened"
    windows = [dialog, *(w for w in new_windows(before) if w is not dialog)]
    assert dialog.isVisible(), f"{name}: not shown"
    return windows


def close_dialogs(qtbot) -> None:
    for _round in range(3):
        for dialog in top_level_dialogs():
            if isinstance(dialog, QMessageBox):
                dialog.done(0)
            else:
                close(dialog)
        qtbot.wait(10)


# ---------------------------------------------------------------------- tests


def scan_tabs(window, scanner: Scanner) -> None:
    scanner.check("window [title]", window.windowTitle())
    for part, name in (
        (window.menuBar(), "menu bar"),
        (window.statusBar(), "status bar"),
        (window.tabs.tabBar(), "tab bar"),
    ):
        scanner.scan(part, name)
    for key in window.tab_keys():
        window.set_current_tab(key)
        page = window.tab_page(key)
        scanner.scan(page, f"tab {key}")
        # other pages and states of a tab (rows loaded, a selection's details)
        states: list[tuple[str, Callable[[], Any]]] = []
        if key == "releases":
            states = [
                ("plans", lambda page=page: page.pages.setCurrentIndex(1)),
                ("plan selected", lambda page=page: page.plans.view.selectRow(0)),
            ]
        elif key == "backups":
            states = [
                ("DR events", lambda page=page: page.lower.setCurrentIndex(1)),
                ("gaps", lambda page=page: page.gaps_only.setChecked(True)),
            ]
        elif key == "maintenance":
            states = [("event selected", lambda page=page: page.view.selectRow(0))]
        elif key == "customers":
            states = [("another customer", lambda page=page: page.view.selectRow(1))]
        for state, change in states:
            change()
            scanner.again()
            scanner.scan(page, f"tab {key}, {state}")


def test_every_tab_and_menu_is_dutch(qtbot, window, english):
    """Every tab built in English, then View → Language → Nederlands: nothing English stays."""
    for key in window.tab_keys():  # built before the switch: retranslate() must catch all
        window.set_current_tab(key)
        settle(qtbot)
    blackouts = window.tab_page("customers").detail.blackouts  # an error shown in English
    blackouts.blackout_to.setDate(blackouts.blackout_from.date().addDays(-1))
    assert not blackouts.add_blackout()
    to_dutch(qtbot, window)
    scanner = Scanner(english)
    scan_tabs(window, scanner)
    print(f"\ntabs and menus: {scanner.widgets} widgets, {scanner.texts} texts checked")
    assert scanner.widgets > 500 and scanner.texts > 3000
    assert not scanner.findings, "English left in the Dutch UI:\n" + scanner.report()


def test_every_dialog_is_dutch(qtbot, window, english, tmp_path):
    """Every dialog opened after the switch to Dutch shows Dutch texts only."""
    to_dutch(qtbot, window, overview=False)
    scanner = Scanner(english)
    for name, opener, _live in DIALOGS:
        for dialog in open_dialog(name, opener, window, qtbot, tmp_path):
            scanner.again()
            scanner.scan(dialog, f"dialog {name}")
        close_dialogs(qtbot)
    print(f"\ndialogs: {scanner.widgets} widgets, {scanner.texts} texts checked")
    assert not scanner.findings, "English left in Dutch dialogs:\n" + scanner.report()


#: dialogs whose owner keeps one of them at a time (the tab retranslates the one it
#: holds): they are opened in different rounds
SHARED_OWNER = (
    ("case", ("case editor", "severity", "acknowledge", "action plan", "monitoring", "provider")),
    ("event", ("event editor",)),
    ("releases", ("announce", "new upgrade plan", "upgrade reschedule")),
    ("dr", ("DR event",)),
)


def rounds() -> list[list[tuple[str, Opener, bool | str]]]:
    """The live dialogs in rounds: at most one dialog per owner in a round."""
    groups: dict[str, list[tuple[str, Opener, bool | str]]] = {}
    for entry in DIALOGS:
        if not entry[2]:
            continue
        owner = next((o for o, prefixes in SHARED_OWNER if entry[0].startswith(prefixes)), entry[0])
        groups.setdefault(owner, []).append(entry)
    depth = max(len(g) for g in groups.values())
    return [[g[i] for g in groups.values() if i < len(g)] for i in range(depth)]


def test_open_dialogs_follow_the_language_switch(qtbot, window, english, tmp_path):
    """Dialogs opened in English (editors, import, export…) are Dutch after the switch."""
    scanner = Scanner(english)
    for entries in rounds():
        opened = [
            (name, live, open_dialog(name, opener, window, qtbot, tmp_path))
            for name, opener, live in entries
        ]
        to_dutch(qtbot, window, overview=False)
        for name, live, windows in opened:
            scanner.rows_per_model = 0 if live == "chrome" else 40
            for dialog in windows:
                assert is_valid_qobject(dialog), f"{name} was closed by another dialog"
                scanner.again()
                scanner.scan(dialog, f"dialog {name} (opened in English)")
        close_dialogs(qtbot)
        window.actions["language_en"].trigger()
    print(f"\nlive switch: {scanner.widgets} widgets, {scanner.texts} texts checked")
    assert not scanner.findings, "Open dialogs that kept English:\n" + scanner.report()


def test_the_scan_finds_english_and_passes_dutch(qtbot, english):
    """The scan itself: English labels (with or without their mnemonic), formatted
    English, English beside Dutch, in headers, combo items, menus and tooltips are
    found; Dutch, data and words that are the same in both languages are not."""
    from di_desk.ui.qt import QComboBox, QLabel, QMenu, QPushButton, QTableWidget, QVBoxLayout

    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    english_texts = {
        "label": QLabel("&Refresh"),
        "no_mnemonic": QPushButton("Refresh"),
        "formatted": QLabel("Delete 3 draft cases?"),
        "beside_dutch": QLabel("Zaak #3 · Acme — Opened"),
        "english_date": QLabel("Uiterlijk 27 Mar 2026 18:00"),
        "english_duration": QLabel("Looptijd: 3 days"),
    }
    dutch_texts = {
        "dutch": QLabel("Vernieuwen"),
        "same": QLabel("Status"),
        "product": QLabel("CUCM"),
        "data": QLabel("Acme Logistics"),
        "dutch_formatted": QLabel("Tijdzone: Europe/Amsterdam"),
        "dutch_date": QLabel("Uiterlijk za 28 mrt 2026 18:00, over 3 dagen"),
    }
    for name, widget in {**english_texts, **dutch_texts}.items():
        widget.setObjectName(name)
        layout.addWidget(widget)
    combo = QComboBox(page)
    combo.setObjectName("combo")
    combo.addItems(["Alle klanten", "Severity"])
    table = QTableWidget(1, 2, page)
    table.setObjectName("table")
    table.setHorizontalHeaderLabels(["Klant", "Customer"])
    tipped = QLabel("Klant", page)
    tipped.setObjectName("tipped")
    tipped.setToolTip("Reload the data from the database (F5)")
    menu = QMenu(page)
    menu.addAction("&Quit")

    scanner = Scanner(english)
    scanner.scan(page, "page")  # the menu (a popup window) is walked with its parent
    found = {finding.where for finding in scanner.findings}
    expected = {f"page › {name}" for name in english_texts} | {
        "page › combo [item 1]",
        "page › table [header 1]",
        "page › tipped [tooltip]",
        "page › QMenu › action &Quit",
    }
    assert found == expected, scanner.report()
