"""The main window: menus, one tab per area, a status bar; live language switch.

Tabs come from the registry of :mod:`di_desk.ui.tabs.base` (``register_tab``);
commands whose backend lives elsewhere (open, import, back up, …) are
:class:`WindowHooks` the composition root (:mod:`di_desk.app`) wires; their
actions stay disabled until a hook is set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.i18n import LANGUAGES, N_, _
from di_desk.ui.language import LanguageNotifier
from di_desk.ui.qt import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDialog,
    QFileDialog,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QtGui,
    QVBoxLayout,
    QWidget,
)
from di_desk.ui.settings import Settings
from di_desk.ui.tabs.base import TABS, AppEvents, TabContext, TabRegistry, TabSpec, register_tab

if TYPE_CHECKING:  # the dialogs are imported when first opened
    from di_desk.ui.dialogs.responsibilities import ResponsibilitiesDialog
    from di_desk.ui.dialogs.zone import ZoneDialog

__all__ = ["MainWindow", "WindowHooks", "register_tab"]

DB_FILTER = N_("DI Desk databases (*.sqlite *.db)")
ALL_FILTER = N_("All files (*)")


@dataclass
class WindowHooks:
    """Commands the window cannot do alone; None leaves the action disabled.

    ``open_database(path)`` / ``new_database(path)`` should open the file and
    call :meth:`MainWindow.set_database`. ``reference()`` returns the
    reference data shown by Help → Responsibilities.
    """

    open_database: Callable[[Path], None] | None = None
    new_database: Callable[[Path], None] | None = None
    import_data: Callable[[], None] | None = None
    export_data: Callable[[], None] | None = None
    print_schedule: Callable[[], None] | None = None
    backup_database: Callable[[Path], None] | None = None
    restore_database: Callable[[Path], None] | None = None
    reference: Callable[[], ReferenceData] | None = None


class MainWindow(QMainWindow):
    """Menus (File, Edit, View, Help), the tabs and a status bar."""

    def __init__(
        self,
        settings: Settings,
        *,
        notifier: LanguageNotifier | None = None,
        registry: TabRegistry = TABS,
        hooks: WindowHooks | None = None,
        services: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._constructing = True  # no page is built before the window is complete
        self.setObjectName("main_window")
        self.settings = settings
        self.notifier = notifier or LanguageNotifier(self)
        self.events = AppEvents(self)
        self.hooks = hooks or WindowHooks()
        self._registry = registry
        self._services = dict(services or {})
        self._specs: list[TabSpec] = []
        self._pages: dict[str, QWidget] = {}  # the pages built so far
        self._holders: dict[str, QWidget] = {}  # one per tab, holding its page
        self.db: Any = None
        self.db_path: Path | None = None
        self.schema_version: int | None = None
        #: (object, msgid) pairs retranslated on a language switch
        self._texts: list[tuple[QAction | QMenu, str]] = []
        self._dialogs: list[QDialog] = []

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._current_tab_changed)
        self.setCentralWidget(self.tabs)

        self.db_label = QLabel(self)
        self.db_label.setObjectName("status_database")
        self.zone_label = QLabel(self)
        self.zone_label.setObjectName("status_zone")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.zone_label)

        self._build_menus()
        self._build_tabs()
        self.notifier.language_changed.connect(self._language_changed)
        self.events.navigate_requested.connect(self.navigate)
        self.retranslate()
        self.resize(1200, 760)
        self.restore_state()
        self._constructing = False

    # ------------------------------------------------------------ building

    def _action(
        self,
        menu: QMenu,
        name: str,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self._texts.append((action, text))
        self.actions[name] = action
        return action

    def _menu(self, name: str, title: str) -> QMenu:
        menu = self.menuBar().addMenu("")
        menu.setObjectName(name)
        self._texts.append((menu, title))
        self.menus[name] = menu
        return menu

    def _build_menus(self) -> None:
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        m = self._menu("menu_file", N_("&File"))
        self._action(m, "open_database", N_("&Open database…"), self.open_database, "Ctrl+O")
        self._action(m, "new_database", N_("&New database…"), self.new_database, "Ctrl+Shift+N")
        m.addSeparator()
        self._action(m, "import", N_("&Import…"), self._import, "Ctrl+I")
        self._action(m, "export", N_("&Export…"), self._export, "Ctrl+E")
        self._action(m, "print_schedule", N_("&Print schedule…"), self._print_schedule, "Ctrl+P")
        self._action(m, "backup_database", N_("&Back up database…"), self.backup_database)
        self._action(m, "restore_database", N_("&Restore from backup…"), self.restore_database)
        m.addSeparator()
        self._action(m, "quit", N_("&Quit"), self.close, "Ctrl+Q")

        m = self._menu("menu_edit", N_("&Edit"))
        self._action(m, "new_record", N_("&New record"), self._new_record, "Ctrl+N")
        self._action(m, "delete", N_("&Delete"), self._delete, QKeySequence.StandardKey.Delete)
        m.addSeparator()
        self._action(m, "find", N_("&Find"), self.focus_filter, "Ctrl+F")

        m = self._menu("menu_view", N_("&View"))
        self._action(m, "display_zone", N_("Display &time zone…"), self.choose_display_zone)
        lang_menu = m.addMenu("")
        lang_menu.setObjectName("menu_language")
        self._texts.append((lang_menu, N_("&Language")))
        self.menus["menu_language"] = lang_menu
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        for code, name in LANGUAGES.items():
            action = QAction(name, self)  # a language's own name is not translated
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.switch_language(c))
            self.language_group.addAction(action)
            lang_menu.addAction(action)
            self.actions[f"language_{code}"] = action
        m.addSeparator()
        self._action(m, "refresh", N_("&Refresh"), self.refresh, "F5")

        m = self._menu("menu_help", N_("&Help"))
        self._action(m, "responsibilities", N_("&Responsibilities"), self.show_responsibilities)
        self._action(m, "audit_log", N_("A&udit log…"), self.show_audit_log)
        m.addSeparator()
        self._action(m, "about", N_("&About DI Desk"), self.show_about)
        self._update_hook_actions()

    def _context(self) -> TabContext:
        return TabContext(
            settings=self.settings,
            notifier=self.notifier,
            events=self.events,
            db=self.db,
            db_path=self.db_path,
            services=self._services,
        )

    def _build_tabs(self) -> None:
        """(Re)create the tab holders from the registry for the current database.

        A tab's page is built the first time it is shown (or asked for), so
        start-up pays only for the tab the user sees.
        """
        current = self.current_tab_key() or self.settings.last_tab
        blocked = self.tabs.blockSignals(True)
        for holder in self._holders.values():
            holder.deleteLater()
        self.tabs.clear()
        self._pages = {}
        self._holders = {}
        self._specs = self._registry.specs()
        for spec in self._specs:
            holder = QWidget()
            holder.setObjectName(f"holder_{spec.key}")
            layout = QVBoxLayout(holder)
            layout.setContentsMargins(0, 0, 0, 0)
            self._holders[spec.key] = holder
            self.tabs.addTab(holder, _(spec.title))
        self.tabs.blockSignals(blocked)
        self.set_current_tab(current)
        if self.isVisible():
            self._current_tab_changed()
        # else: the first showEvent builds it, so a database opened right after
        # construction does not build it twice

    def _ensure_page(self, key: str) -> QWidget:
        """The page of tab ``key``, built now if it was not yet."""
        page = self._pages.get(key)
        if page is None:
            spec = next(s for s in self._specs if s.key == key)
            page = spec.factory(self._context())
            page.setObjectName(page.objectName() or f"tab_{spec.key}")
            self._pages[key] = page
            self._holders[key].layout().addWidget(page)
            self._call(page, "restore_state", self.settings)
        return page

    # ----------------------------------------------------------- public API

    def set_database(self, db: Any, path: Path | None, schema_version: int | None = None) -> None:
        """Show another database (None: none): saves tab states, rebuilds the tabs."""
        self._save_tab_states()
        self.db, self.db_path, self.schema_version = db, path, schema_version
        if path is not None:
            self.settings.last_database = str(path)
        self._build_tabs()
        self._update_hook_actions()
        self._update_status()
        self._update_title()

    def set_hooks(self, hooks: WindowHooks) -> None:
        self.hooks = hooks
        self._update_hook_actions()

    def set_service(self, name: str, service: Any) -> None:
        """Offer ``service`` to tabs built from now on (``context.services[name]``)."""
        self._services[name] = service

    def tab_keys(self) -> list[str]:
        return [spec.key for spec in self._specs]

    def tab_page(self, key: str) -> QWidget:
        if key not in self._holders:
            raise KeyError(key)
        return self._ensure_page(key)

    def current_tab_key(self) -> str | None:
        index = self.tabs.currentIndex()
        return self._specs[index].key if 0 <= index < len(self._specs) else None

    def current_page(self) -> QWidget | None:
        key = self.current_tab_key()
        return self._ensure_page(key) if key else None

    def set_current_tab(self, key: str) -> None:
        for index, spec in enumerate(self._specs):
            if spec.key == key:
                self.tabs.setCurrentIndex(index)
                return

    def navigate(self, key: str, record_id: int) -> bool:
        """Show tab ``key`` and its record ``record_id`` (``context.navigate``).

        Returns what the tab's ``select_record`` returned (True: shown), or
        False when the tab is missing or cannot select records.
        """
        if key not in self._holders:
            return False
        self.set_current_tab(key)
        select = getattr(self._ensure_page(key), "select_record", None)
        return bool(select(record_id)) if callable(select) else False

    def switch_language(self, lang: str) -> None:
        """View → Language: activate ``lang`` now and remember it."""
        self.settings.language = lang
        self.notifier.switch(lang)

    def retranslate(self) -> None:
        """Re-read every text of the window and its tabs in the active language."""
        for obj, msgid in self._texts:
            if isinstance(obj, QMenu):
                obj.setTitle(_(msgid))
            else:
                obj.setText(_(msgid))
        for index, spec in enumerate(self._specs):
            self.tabs.setTabText(index, _(spec.title))
        for code, action in self._language_actions().items():
            action.setChecked(code == self.notifier.language)
        self.actions["refresh"].setToolTip(_("Reload the data from the database (F5)"))
        self._update_hook_actions()
        self._update_status()
        self._update_title()
        for page in self._pages.values():
            self._call(page, "retranslate")
        for dialog in list(self._dialogs):
            self._call(dialog, "retranslate")

    def refresh(self) -> None:
        """F5: every tab re-reads the database."""
        for page in self._pages.values():
            self._call(page, "refresh")

    def focus_filter(self) -> None:
        """Ctrl+F: focus the current tab's filter."""
        page = self.current_page()
        if page is not None:
            self._call(page, "focus_filter")

    def save_state(self) -> None:
        """Window geometry, toolbar/dock state, last tab and every tab's state."""
        self.settings.window_geometry = bytes(self.saveGeometry().data())
        self.settings.window_state = bytes(self.saveState().data())
        key = self.current_tab_key()
        if key:
            self.settings.last_tab = key
        self._save_tab_states()
        self.settings.sync()

    def restore_state(self) -> None:
        geometry = self.settings.window_geometry
        if geometry:
            self.restoreGeometry(geometry)
        state = self.settings.window_state
        if state:
            self.restoreState(state)
        self.set_current_tab(self.settings.last_tab)

    # --------------------------------------------------------------- menus

    def open_database(self) -> None:
        if self.hooks.open_database is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open database"), self._start_dir(), f"{_(DB_FILTER)};;{_(ALL_FILTER)}"
        )
        if path:
            self.hooks.open_database(Path(path))

    def new_database(self) -> None:
        if self.hooks.new_database is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("New database"), self._start_dir(), _(DB_FILTER)
        )
        if path:
            self.hooks.new_database(Path(path))

    def backup_database(self) -> None:
        if self.hooks.backup_database is None or self.db_path is None:
            return
        suggestion = str(self.db_path.with_name(self.db_path.stem + "-backup.sqlite"))
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Back up database"), suggestion, _(DB_FILTER)
        )
        if path:
            self.hooks.backup_database(Path(path))

    def restore_database(self) -> None:
        """File → Restore from backup: pick a backup; the hook checks and restores it."""
        if self.hooks.restore_database is None or self.db_path is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Restore from backup"), self._start_dir(), f"{_(DB_FILTER)};;{_(ALL_FILTER)}"
        )
        if path:
            self.hooks.restore_database(Path(path))

    def _import(self) -> None:
        if self.hooks.import_data is not None:
            self.hooks.import_data()

    def _export(self) -> None:
        if self.hooks.export_data is not None:
            self.hooks.export_data()

    def _print_schedule(self) -> None:
        if self.hooks.print_schedule is not None:
            self.hooks.print_schedule()

    def open_dialog(self, dialog: QDialog) -> None:
        """Show ``dialog`` window-modal; retranslated while open, deleted when closed."""
        self._open_dialog(dialog)

    def _new_record(self) -> None:
        page = self.current_page()
        if page is not None:
            self._call(page, "new_record")

    def _delete(self) -> None:
        page = self.current_page()
        if page is not None:
            self._call(page, "delete_selected")

    def choose_display_zone(self) -> ZoneDialog:
        """View → Display time zone: a window-modal dialog; applies on OK."""
        from di_desk.ui.dialogs.zone import ZoneDialog

        dialog = ZoneDialog(self.settings.display_zone, self)
        dialog.accepted.connect(lambda: self.set_display_zone(dialog.zone()))
        self._open_dialog(dialog)
        return dialog

    def set_display_zone(self, zone: str) -> None:
        self.settings.display_zone = zone
        self._update_status()
        for page in self._pages.values():
            self._call(page, "set_display_zone", zone)
        self.events.display_zone_changed.emit(zone)

    def show_about(self) -> QMessageBox:
        from di_desk.ui.dialogs.about import about_box

        box = about_box(self.db_path, self.schema_version, self)
        self._open_dialog(box)
        return box

    def show_responsibilities(self) -> ResponsibilitiesDialog:
        reference = self.hooks.reference() if self.hooks.reference else DEFAULT_REFERENCE
        from di_desk.ui.dialogs.responsibilities import ResponsibilitiesDialog

        dialog = ResponsibilitiesDialog(reference.responsibilities, self)
        self._open_dialog(dialog)
        return dialog

    def show_audit_log(self) -> QDialog | None:
        """Help → Audit log: every recorded change, newest first."""
        if self.db is None:
            return None
        from di_desk.ui.dialogs.audit_log import AuditLogDialog

        dialog = AuditLogDialog(self.db, self.settings.display_zone, self)
        self._open_dialog(dialog)
        return dialog

    # ------------------------------------------------------------ internals

    def _open_dialog(self, dialog: QDialog) -> None:
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._dialog_done(dialog))
        dialog.open()

    def _dialog_done(self, dialog: QDialog) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
        dialog.deleteLater()

    def _language_actions(self) -> dict[str, QAction]:
        return {str(a.data()): a for a in self.language_group.actions()}

    def _language_changed(self, _lang: str) -> None:
        self.retranslate()

    @staticmethod
    def _call(obj: object, method: str, *args: Any) -> bool:
        """Call ``obj.method(*args)`` when the tab or dialog has it."""
        fn = getattr(obj, method, None)
        if callable(fn):
            fn(*args)
            return True
        return False

    def _current_tab_changed(self, _index: int = -1) -> None:
        if self._constructing:
            return  # the first showEvent builds the current page (once, with the database)
        page = self.current_page()
        for name, method in (
            ("new_record", "new_record"),
            ("delete", "delete_selected"),
            ("find", "focus_filter"),
        ):
            self.actions[name].setEnabled(callable(getattr(page, method, None)))

    def _update_hook_actions(self) -> None:
        hooks = self.hooks
        enabled = {
            "open_database": hooks.open_database is not None,
            "new_database": hooks.new_database is not None,
            "import": hooks.import_data is not None and self.db is not None,
            "export": hooks.export_data is not None and self.db is not None,
            "print_schedule": hooks.print_schedule is not None and self.db is not None,
            "backup_database": hooks.backup_database is not None and self.db_path is not None,
            "restore_database": hooks.restore_database is not None and self.db_path is not None,
            "audit_log": self.db is not None,
        }
        for name, on in enabled.items():
            self.actions[name].setEnabled(on)
            self.actions[name].setStatusTip("" if on else _("Not available yet"))

    def _update_status(self) -> None:
        if self.db_path is not None:
            self.db_label.setText(_("Database: {path}").format(path=self.db_path))
            self.db_label.setToolTip(str(self.db_path))
        else:
            self.db_label.setText(_("No database open"))
            self.db_label.setToolTip("")
        self.zone_label.setText(_("Time zone: {zone}").format(zone=self.settings.display_zone))
        self.zone_label.setToolTip(_("Dates and times are shown in this zone"))

    def _update_title(self) -> None:
        name = self.db_path.name if self.db_path is not None else _("no database")
        self.setWindowTitle(f"{name} — DI Desk")

    def _start_dir(self) -> str:
        return str(self.db_path.parent) if self.db_path is not None else ""

    def _save_tab_states(self) -> None:
        for page in self._pages.values():
            self._call(page, "save_state", self.settings)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        if not event.spontaneous():
            self._current_tab_changed()  # builds the current page, if not yet
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
