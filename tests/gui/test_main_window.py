"""Main window: tabs from the registry, menus and shortcuts, live language switch, state."""

from __future__ import annotations

from pathlib import Path

import pytest

from di_desk import __version__, i18n
from di_desk.i18n import N_
from di_desk.ui.filter_bar import STATUS, FilterBar
from di_desk.ui.language import LanguageNotifier
from di_desk.ui.main_window import MainWindow, WindowHooks
from di_desk.ui.qt import QApplication, QKeySequence, QLabel, Qt, QVBoxLayout, QWidget
from di_desk.ui.settings import Settings
from di_desk.ui.tabs.base import TABS, PlaceholderTab, TabContext, TabRegistry

TITLES = ["Overview", "Cases", "Maintenance", "Releases", "Backups", "Customers"]


class RecordingTab(QWidget):
    """A tab implementing every optional method, recording the calls."""

    def __init__(self, context: TabContext) -> None:
        super().__init__()
        self.context = context
        self.calls: list[str] = []
        self.label = QLabel(self)
        self.filter_bar = FilterBar(combos=(STATUS,), parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        self.calls.append("retranslate")
        self.label.setText(i18n._("Open cases"))

    def refresh(self) -> None:
        self.calls.append("refresh")

    def save_state(self, settings: Settings) -> None:
        self.calls.append("save_state")
        settings.set_last_filters("cases", self.filter_bar.state())

    def restore_state(self, settings: Settings) -> None:
        self.calls.append("restore_state")
        self.filter_bar.restore_state(settings.last_filters("cases"))

    def set_display_zone(self, zone: str) -> None:
        self.calls.append(f"zone {zone}")

    def new_record(self) -> None:
        self.calls.append("new_record")

    def focus_filter(self) -> None:
        self.calls.append("focus_filter")
        self.filter_bar.focus_search()


@pytest.fixture
def registry():
    registry = TabRegistry()
    registry.register("cases", RecordingTab)
    return registry


@pytest.fixture
def make_window(qtbot, settings, registry):
    def make(**kwargs) -> MainWindow:
        kwargs.setdefault("registry", registry)
        window = MainWindow(kwargs.pop("settings", settings), **kwargs)
        qtbot.addWidget(window)
        return window

    return make


def test_six_tabs_in_order_with_placeholders(make_window):
    window = make_window(registry=TabRegistry())
    assert window.tab_keys() == [
        "overview",
        "cases",
        "maintenance",
        "releases",
        "backups",
        "customers",
    ]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == TITLES
    page = window.tab_page("releases")
    assert isinstance(page, PlaceholderTab)
    assert page.message.text() == "This tab is not available yet."
    assert page.heading.text() == "Releases"


def test_registered_tab_replaces_its_placeholder_and_gets_the_context(make_window, settings):
    window = make_window()
    tab = window.tab_page("cases")
    assert isinstance(tab, RecordingTab)
    assert window.tabs.tabText(1) == "Cases"
    assert tab.context.settings is settings
    assert tab.context.db is None and tab.context.db_path is None
    assert tab.context.display_zone == settings.display_zone
    assert "restore_state" in tab.calls


def test_new_tab_keys_are_appended(make_window, registry):
    registry.register("reports", lambda ctx: QLabel("reports"), title=N_("Reports"))
    window = make_window()
    assert window.tab_keys()[-1] == "reports"
    assert window.tabs.tabText(6) == "Reports"


def test_global_registry_has_the_six_tabs():
    assert TABS.keys()[:6] == [
        "overview",
        "cases",
        "maintenance",
        "releases",
        "backups",
        "customers",
    ]


def test_menus_and_shortcuts(make_window):
    window = make_window()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]
    shortcuts = {name: a.shortcut() for name, a in window.actions.items()}
    assert shortcuts["open_database"] == QKeySequence("Ctrl+O")
    assert shortcuts["new_record"] == QKeySequence("Ctrl+N")
    assert shortcuts["find"] == QKeySequence("Ctrl+F")
    assert shortcuts["refresh"] == QKeySequence("F5")
    assert shortcuts["delete"] == QKeySequence(QKeySequence.StandardKey.Delete)
    assert shortcuts["quit"] == QKeySequence("Ctrl+Q")
    file_menu = [a.text() for a in window.menus["menu_file"].actions() if a.text()]
    assert file_menu == [
        "&Open database…",
        "&New database…",
        "&Import…",
        "&Export…",
        "&Print schedule…",
        "&Back up database…",
        "&Restore from backup…",
        "&Quit",
    ]
    assert [a.text() for a in window.menus["menu_language"].actions()] == [
        "English",
        "Nederlands",
    ]
    assert window.actions["language_en"].isChecked()


def test_hooked_actions_are_disabled_until_wired(make_window):
    window = make_window()
    assert not window.actions["open_database"].isEnabled()
    opened = []
    window.set_hooks(WindowHooks(open_database=opened.append, import_data=lambda: None))
    assert window.actions["open_database"].isEnabled()
    assert not window.actions["import"].isEnabled()  # needs an open database
    window.set_database(object(), Path("/tmp/x.sqlite"), 3)
    assert window.actions["import"].isEnabled()


def test_the_last_tab_is_built_once_when_shown(make_window, settings):
    """A window reopened on its last tab builds that page when shown, not while
    it is being constructed (and again once its database is set)."""
    settings.last_tab = "cases"
    window = make_window()
    assert window.current_tab_key() == "cases"
    assert window._pages == {}
    window.show()
    assert set(window._pages) == {"cases"}
    assert window.actions["new_record"].isEnabled()


def test_edit_actions_follow_the_current_tab(make_window):
    window = make_window()
    window.set_current_tab("cases")
    assert window.actions["new_record"].isEnabled()
    assert not window.actions["delete"].isEnabled()  # RecordingTab has no delete_selected
    window.actions["new_record"].trigger()
    window.actions["find"].trigger()
    tab = window.tab_page("cases")
    assert tab.calls[-2:] == ["new_record", "focus_filter"]
    window.set_current_tab("backups")
    assert not window.actions["new_record"].isEnabled()
    assert not window.actions["find"].isEnabled()


def test_ctrl_f_focuses_the_filter(qtbot, make_window):
    window = make_window()
    window.set_current_tab("cases")
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window.tabs, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    tab = window.tab_page("cases")
    assert "focus_filter" in tab.calls
    assert tab.filter_bar.search.hasFocus()


def test_f5_refreshes_every_built_tab(make_window):
    window = make_window()
    cases = window.tab_page("cases")  # built on first use
    window.actions["refresh"].trigger()
    assert cases.calls[-1] == "refresh"


def test_tabs_are_built_when_first_shown(make_window):
    """Start-up builds only the visible tab, when the window is first shown (so a
    database opened before that does not build it twice); the others on first use."""
    window = make_window()
    assert window._pages == {}
    window.show()
    assert set(window._pages) == {window.current_tab_key()}
    window.set_current_tab("customers")
    assert "customers" in window._pages
    assert window.tab_page("backups") is window.tab_page("backups")


def test_language_switch_retranslates_everything(qtbot, make_window, settings, fake_dutch):
    window = make_window()
    tab = window.tab_page("cases")
    tab.calls.clear()
    with qtbot.waitSignal(window.notifier.language_changed) as blocker:
        window.actions["language_nl"].trigger()
    assert blocker.args == ["nl"]
    assert settings.language == "nl"
    assert i18n.current_language() == "nl"
    assert window.tabs.tabText(1) == "[nl] Cases"
    assert window.menuBar().actions()[0].text() == "[nl] &File"
    assert window.actions["refresh"].text() == "[nl] &Refresh"
    assert window.db_label.text() == "[nl] No database open"
    assert window.zone_label.text().startswith("[nl] Time zone")
    assert window.tab_page("overview").message.text() == "[nl] This tab is not available yet."
    assert tab.calls == ["retranslate"]
    assert tab.label.text() == "[nl] Open cases"
    assert window.actions["language_nl"].isChecked()
    translator = window.notifier.qt_translator
    assert translator is not None and not translator.isEmpty()

    window.actions["language_en"].trigger()
    assert window.tabs.tabText(1) == "Cases"
    assert window.notifier.qt_translator is None
    assert settings.language == "en"


def test_state_is_restored_in_a_new_window(qtbot, make_window, settings):
    window = make_window()
    with qtbot.waitExposed(window):
        window.show()
    window.resize(760, 520)
    window.set_current_tab("backups")
    window.tab_page("cases").filter_bar.search.setText("phones")
    window.close()
    assert settings.last_tab == "backups"
    assert settings.window_geometry

    again = make_window(settings=Settings(settings.path))
    with qtbot.waitExposed(again):
        again.show()
    assert again.current_tab_key() == "backups"
    assert (again.width(), again.height()) == (760, 520)  # offscreen screen: 800×600
    assert again.tab_page("cases").filter_bar.search.text() == "phones"


def test_set_database_rebuilds_tabs_and_updates_the_status(make_window, settings):
    window = make_window()
    old = window.tab_page("cases")
    db = object()
    window.set_database(db, Path("/data/partner.sqlite"), 4)
    assert "save_state" in old.calls
    new = window.tab_page("cases")
    assert new is not old and new.context.db is db
    assert new.context.db_path == Path("/data/partner.sqlite")
    assert window.db_label.text() == f"Database: {Path('/data/partner.sqlite')}"
    assert window.windowTitle() == "partner.sqlite — DI Desk"
    assert settings.last_database == str(Path("/data/partner.sqlite"))


def test_display_zone_goes_to_settings_status_and_tabs(qtbot, make_window, settings):
    window = make_window()
    window.tab_page("cases")  # built before the change
    with qtbot.waitSignal(window.events.display_zone_changed):
        window.set_display_zone("Australia/Sydney")
    assert settings.display_zone == "Australia/Sydney"
    assert window.zone_label.text() == "Time zone: Australia/Sydney"
    assert window.tab_page("cases").calls[-1] == "zone Australia/Sydney"


def test_zone_dialog_accepts_only_known_zones(make_window):
    window = make_window()
    dialog = window.choose_display_zone()
    ok = dialog.buttons.buttons()[0]
    dialog.combo.setCurrentText("Mars/Olympus")
    assert not ok.isEnabled()
    dialog.combo.setCurrentText("Asia/Tokyo")
    assert ok.isEnabled()
    dialog.accept()
    assert window.settings.display_zone == "Asia/Tokyo"


def test_about_shows_version_database_and_schema(make_window):
    window = make_window()
    window.set_database(None, Path("/data/partner.sqlite"), 7)
    box = window.show_about()
    assert __version__ in box.text()
    assert "partner.sqlite" in box.text()
    assert "Schema version: 7" in box.text()
    box.close()


def test_responsibilities_lists_every_topic(make_window):
    window = make_window()
    dialog = window.show_responsibilities()
    assert dialog.table.rowCount() == 10
    cells = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(10)}
    assert cells["Release management"] == "Provider"
    assert cells["Support"] == "Partner and provider"
    dialog.close()


def test_shared_notifier_and_quit(qtbot, make_window):
    notifier = LanguageNotifier(QApplication.instance())
    window = make_window(notifier=notifier)
    window.show()
    window.actions["quit"].trigger()
    assert not window.isVisible()
    notifier.detach()
    notifier.deleteLater()


def test_live_switch_with_the_real_catalog_and_back(qtbot, demo_window):
    """View → Language with the shipped Dutch catalog: tab titles, the headers of
    the Cases and Backups lists and the labels of an open case editor turn
    Dutch at once, and English again after switching back."""
    from di_desk.domain.enums import CaseStatus
    from di_desk.storage import tables as t

    window = demo_window
    cases, backups = window.tab_page("cases"), window.tab_page("backups")
    case = t.SupportCase.get(t.SupportCase.status == CaseStatus.ACKNOWLEDGED.value)
    window.set_current_tab("cases")
    editor = cases.open_editor(case.id)
    assert editor.isVisible()

    def tab_titles() -> list[str]:
        return [window.tabs.tabText(i) for i in range(window.tabs.count())]

    def headers(model) -> list[str]:
        return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]

    def editor_texts() -> list[str]:
        return [
            editor.details_box.title(),
            editor.class_box.title(),
            editor.life_label.text(),
            editor.save_button.text(),
            editor.form.titles["customer"].text(),
            editor.outcome.explain_button.text(),
        ]

    english = (tab_titles(), headers(cases.model), headers(backups.model), editor_texts())
    assert english[0] == TITLES
    assert "Severity" in english[1] and "Taken at" in english[2]
    assert english[3][:4] == ["Details", "Impact and urgency", "Life cycle:", "Save"]

    with qtbot.waitSignal(window.notifier.language_changed):
        window.actions["language_nl"].trigger()
    assert tab_titles() == ["Overzicht", "Cases", "Onderhoud", "Releases", "Back-ups", "Klanten"]
    assert "Ernstniveau" in headers(cases.model) and "Severity" not in headers(cases.model)
    assert "Gemaakt op" in headers(backups.model) and "Taken at" not in headers(backups.model)
    dutch_editor = editor_texts()
    assert dutch_editor[:4] == ["Details", "Impact en urgentie", "Levenscyclus:", "Opslaan"]
    assert dutch_editor[4] == "Klant:" and dutch_editor[5] != english[3][5]
    assert window.menus["menu_file"].title() == "&Bestand"

    with qtbot.waitSignal(window.notifier.language_changed):
        window.actions["language_en"].trigger()
    assert (tab_titles(), headers(cases.model), headers(backups.model), editor_texts()) == english
    assert window.menus["menu_file"].title() == "&File"
