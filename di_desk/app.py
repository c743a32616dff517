"""Composition root of the desktop app: arguments, QApplication, database, window.

``main(argv)`` is what ``di-desk`` runs without a CLI sub-command.
:func:`build_window` wires the storage layer to the window; the window still
opens (with an empty state) when the storage layer is missing or a database
cannot be opened.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from di_desk import __version__, i18n
from di_desk.i18n import _

if TYPE_CHECKING:
    from di_desk.ui.language import LanguageNotifier
    from di_desk.ui.main_window import MainWindow
    from di_desk.ui.settings import Settings

log = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options and the rest (left for Qt, e.g. ``-platform offscreen``)."""
    parser = argparse.ArgumentParser(prog="di-desk", description=_("DI Desk (desktop app)"))
    parser.add_argument("--db", metavar="PATH", help=_("the database file to open"))
    parser.add_argument(
        "--demo", action="store_true", help=_("open a database filled with demo data")
    )
    parser.add_argument(
        "--lang", choices=sorted(i18n.LANGUAGES), help=_("the language of the interface")
    )
    parser.add_argument(
        "--self-test", action="store_true", help=_("check the installation and exit")
    )
    parser.add_argument("--version", action="version", version=f"DI Desk {__version__}")
    return parser.parse_known_args(argv)


# ------------------------------------------------------------------ storage glue


def _storage() -> ModuleType | None:
    """The storage package, or None while it cannot be imported (empty window)."""
    try:
        import di_desk.storage as storage
    except ImportError:
        log.warning("storage layer not available; starting without a database")
        return None
    return storage if hasattr(storage, "open_database") else None


def open_database(path: Path) -> tuple[Any, int | None]:
    """Open ``path`` through the storage layer: ``(db, schema_version)``.

    Raises what the storage layer raises; ``(None, None)`` without one.
    """
    storage = _storage()
    if storage is None:
        return None, None
    db = storage.open_database(path)
    from di_desk.storage.db import schema_version

    return db, schema_version(db)


def demo_database_path() -> Path:
    from di_desk import paths

    return paths.data_dir() / "demo.sqlite"


# ------------------------------------------------------------------ the window


def _warn(parent: Any, title: str, text: str) -> Any:
    """A window-modal warning that does not block the caller."""
    from di_desk.ui.qt import QMessageBox, Qt

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class _Wiring:
    """The window's hooks, backed by the storage layer."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def show_database(self, path: Path, *, startup: bool = False) -> bool:
        """Open ``path`` and show it; a failure leaves the current database and says why.

        A database of an older schema is first copied aside and migrated on a
        worker thread behind a progress dialog; it is shown when that is done.
        """
        if self._migrate_in_background(path, startup=startup):
            return True
        try:
            db, version = open_database(path)
        except Exception as exc:
            log.warning("cannot open %s: %s", path, exc)
            self.cannot_open(path, exc, startup=startup)
            return False
        if db is None:
            return False
        old = self.window.db
        self.window.set_database(db, path, version)
        if old is not None and old is not db and hasattr(old, "close"):
            old.close()
        return True

    def _migrate_in_background(self, path: Path, *, startup: bool) -> bool:
        """Start the migration of an older database off the GUI thread (True: started)."""
        from di_desk.storage.db import needs_migration

        if _storage() is None or not needs_migration(path):
            return False
        from di_desk.ui.workers import run_with_progress

        def work(ctx: Any) -> None:
            ctx.check_cancelled()  # before anything is written
            from di_desk.storage.db import open_database as open_file

            open_file(path).close()  # copies the file aside, then migrates

        def done(_result: Any) -> None:
            self.show_database(path, startup=startup)

        def failed(exc: BaseException) -> None:
            log.warning("cannot migrate %s: %s", path, exc)
            self.cannot_open(path, exc, startup=startup)

        run_with_progress(
            self.window,
            work,
            label=_(
                "Updating {name} to this version of DI Desk. A copy of the old file is "
                "kept beside it."
            ).format(name=path.name),
            title=_("Updating the database"),
            on_success=done,
            on_failure=failed,
        )
        return True

    def cannot_open(self, path: Path, exc: BaseException, *, startup: bool = False) -> Any:
        """Why ``path`` cannot be opened (the file was not written to), with "Open
        another…"; at start-up without a database also "Quit"."""
        from di_desk.ui.qt import QMessageBox, Qt, QTimer

        window = self.window
        box = QMessageBox(window)
        box.setObjectName("open_failed_box")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Cannot open the database"))
        box.setText(
            _("The database {path} cannot be opened:\n{error}").format(
                path=path, error=str(exc) or type(exc).__name__
            )
        )
        box.setInformativeText(
            _(
                "The file was not changed. Open another database, or make a new one "
                "with File → New database."
            )
        )
        other = box.addButton(_("Open another…"), QMessageBox.ButtonRole.AcceptRole)
        quit_button = None
        if startup and window.db is None:
            quit_button = box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
            box.addButton(_("Continue without a database"), QMessageBox.ButtonRole.RejectRole)
        else:
            box.addButton(QMessageBox.StandardButton.Close)

        def clicked(button: Any) -> None:
            if button is other:
                QTimer.singleShot(0, window.open_database)
            elif quit_button is not None and button is quit_button:
                QTimer.singleShot(0, window.close)

        box.buttonClicked.connect(clicked)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def restore(self, backup: Path) -> Any:
        """File → Restore from backup: check the file, ask, then restore (nothing lost)."""
        from di_desk.storage.db import check_backup_file
        from di_desk.storage.errors import StorageError
        from di_desk.ui.qt import QMessageBox, Qt

        live = self.window.db_path
        if live is None:
            return None
        try:
            if backup.exists() and live.exists() and backup.samefile(live):
                raise StorageError(_("This is the open database itself; choose a backup file."))
            check_backup_file(backup)
        except (StorageError, OSError) as exc:
            return _warn(
                self.window,
                _("Restore from backup"),
                _("{path} cannot be restored:\n{error}").format(path=backup, error=exc),
            )
        box = QMessageBox(self.window)
        box.setObjectName("restore_confirm_box")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Restore from backup"))
        box.setText(
            _("Replace the open database {live} with the backup {backup}?").format(
                live=live.name, backup=backup
            )
        )
        box.setInformativeText(
            _("The database as it is now is first copied to a file beside it, so nothing is lost.")
        )
        restore_button = box.addButton(_("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: self._restore(live, backup) if button is restore_button else None
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _restore(self, live: Path, backup: Path) -> bool:
        from di_desk.storage.db import restore_from
        from di_desk.ui.qt import QApplication, Qt

        window = self.window
        old = window.db
        window.set_database(None, None)
        if old is not None and hasattr(old, "close"):
            old.close()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            aside = restore_from(live, backup)
        except Exception as exc:
            log.warning("restoring %s from %s failed: %s", live, backup, exc)
            QApplication.restoreOverrideCursor()
            _warn(
                window,
                _("Restore from backup"),
                _("The restore failed; the database was not changed:\n{error}").format(error=exc),
            )
            self.show_database(live)
            return False
        QApplication.restoreOverrideCursor()
        if not self.show_database(live):
            return False
        window.statusBar().showMessage(
            _("Restored from {backup}. The database as it was is kept in {copy}.").format(
                backup=backup.name, copy=aside
            )
        )
        return True

    def new_database(self, path: Path) -> None:
        if path.exists():
            _warn(
                self.window,
                _("New database"),
                _("{path} already exists. Choose a new file name.").format(path=path),
            )
            return
        self.show_database(path)

    def open_demo(self, path: Path) -> None:
        """Create (or reuse) the demo database in the background, then show it."""
        from di_desk.storage import demo
        from di_desk.ui.workers import run_with_progress

        def work(ctx: Any) -> Path:
            db = demo.ensure_demo_database(
                path,
                progress=lambda done, total: ctx.report(done, total),
                cancelled=lambda: ctx.cancelled,
            )
            db.close()  # the GUI thread opens its own connection
            return path

        run_with_progress(
            self.window,
            work,
            label=_("Preparing the demo database…"),
            on_success=self.show_database,
            on_failure=lambda exc: _warn(
                self.window,
                _("Demo data"),
                _("The demo database could not be made:\n{error}").format(error=exc),
            ),
        )

    def backup(self, target: Path) -> None:
        from di_desk.ui.workers import run_with_progress

        source = self.window.db_path
        if source is None:
            return

        def work(_ctx: Any) -> Path:
            # A plain connection of this thread (SQLite connections stay in their
            # thread); no peewee database is needed for a copy.
            from di_desk.storage.db import backup_file

            return backup_file(source, target)

        run_with_progress(
            self.window,
            work,
            label=_("Backing up the database…"),
            on_success=lambda path: self.window.statusBar().showMessage(
                _("Backed up to {path}").format(path=path), 10_000
            ),
            on_failure=lambda exc: _warn(
                self.window,
                _("Back up database"),
                _("The backup failed:\n{error}").format(error=exc),
            ),
        )

    def import_data(self) -> None:
        """File → Import…: preview every row, then import all or nothing."""
        from di_desk.ui import file_actions

        window = self.window
        current = window.current_tab_key()
        kinds = {
            "customers": "customers",
            "releases": "applications",
            "cases": "cases",
            "maintenance": "maintenance",
            "backups": "backups",
        }
        file_actions.open_import(
            window,
            window.db,
            settings=window.settings,
            events=window.events,
            kind=kinds.get(current or ""),
        )

    def export_data(self) -> None:
        """File → Export…: reports as CSV, XLSX, JSON (and .ics for maintenance)."""
        from di_desk.ui import file_actions

        window = self.window
        current = window.current_tab_key()
        kinds = {"cases": "cases", "maintenance": "maintenance", "releases": "releases"}
        file_actions.open_export(
            window, window.db, settings=window.settings, kind=kinds.get(current or "")
        )

    def print_schedule(self) -> None:
        """File → Print schedule…: one customer's schedule, printed or as PDF."""
        from di_desk.ui import file_actions

        window = self.window
        page = window.current_page() if window.current_tab_key() == "maintenance" else None
        extras = getattr(page, "maintenance_extras", None)
        customer = extras.customer_id() if extras is not None else None
        file_actions.open_schedule(
            window, window.db, settings=window.settings, customer_id=customer
        )

    def reference(self) -> Any:
        from di_desk.domain.reference import DEFAULT_REFERENCE
        from di_desk.storage import load_reference

        return load_reference(self.window.db) if self.window.db is not None else DEFAULT_REFERENCE


def build_window(
    db_path: Path | None,
    settings: Settings,
    *,
    notifier: LanguageNotifier | None = None,
    demo: bool = False,
) -> MainWindow:
    """The main window with ``db_path`` open (or an empty state) and its hooks wired.

    With ``demo`` the demo database at ``db_path`` is created if needed (in the
    background, with a progress dialog) and then shown.
    """
    from di_desk.ui.main_window import MainWindow, WindowHooks
    from di_desk.ui.tabs import register_builtin_tabs

    register_builtin_tabs()
    window = MainWindow(settings, notifier=notifier)
    if _storage() is None:
        return window
    wiring = _Wiring(window)
    window.set_hooks(
        WindowHooks(
            open_database=wiring.show_database,
            new_database=wiring.new_database,
            backup_database=wiring.backup,
            restore_database=wiring.restore,
            reference=wiring.reference,
            import_data=wiring.import_data,
            export_data=wiring.export_data,
            print_schedule=wiring.print_schedule,
        )
    )
    if db_path is not None:
        if demo:
            wiring.open_demo(db_path)
        else:
            wiring.show_database(db_path, startup=True)
    return window


def main(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.self_test:
        from di_desk.selftest import run_self_test

        return run_self_test()

    from di_desk import paths
    from di_desk.ui import errors, workers
    from di_desk.ui.language import LanguageNotifier
    from di_desk.ui.paths import settings_path
    from di_desk.ui.qt import QApplication, QIcon
    from di_desk.ui.settings import Settings

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    QApplication.setApplicationName("DI Desk")
    QApplication.setOrganizationName("DI Desk")
    QApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.aboutToQuit.connect(workers.shutdown)
    icon = paths.resource_dir() / "di-desk.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    errors.install(paths.log_dir())
    settings = Settings(settings_path())
    notifier = LanguageNotifier(app)
    notifier.switch(args.lang or settings.language or i18n.system_language())

    if args.db:
        db_path = Path(args.db).expanduser()
    elif args.demo:
        db_path = demo_database_path()
    elif settings.last_database and Path(settings.last_database).is_file():
        db_path = Path(settings.last_database)
    else:
        db_path = paths.database_path()
    paths.ensure_dir(db_path.parent)

    window = build_window(db_path, settings, notifier=notifier, demo=args.demo)
    window.show()
    return int(app.exec())
