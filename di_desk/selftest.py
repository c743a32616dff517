"""``di-desk --self-test``: check an installation end to end, without a display.

Run from a frozen bundle (``packaging/build.py`` does, from a folder outside
the repository) or from a checkout. Everything happens in a temporary folder
that also serves as ``DI_DESK_HOME``, so the user's settings and databases
are never touched:

* the data the app carries: our catalogs, Qt's Dutch translation, time
  zones, holidays, Babel's locale data, phone number metadata, the icon
  (the checks without Qt are in :mod:`di_desk.selftest_data`);
* a small demo database, the main window on it, every tab, Dutch and back;
* one import (a generated customers CSV through ``di-desk import``) and two
  exports (a report to XLSX and to JSON through ``di-desk export``).

Each check prints one ``OK`` or ``FAIL`` line; a failure is reported with its
reason, never as a traceback. :func:`run_self_test` returns 0 only when every
check passed. Unexpected dialogs are closed (and count as failures), and a
watchdog ends a self-test that hangs.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
import tempfile
import threading
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from di_desk import __version__, i18n
from di_desk.i18n import _
from di_desk.paths import resource_dir
from di_desk.selftest_data import (
    CheckFailed,
    check_babel,
    check_bulk_rules,
    check_catalog,
    check_holidays,
    check_phone_numbers,
    check_zones,
    expect,
)

#: A self-test that has not finished after this many seconds is stopped.
TIMEOUT_SECONDS = 300.0
#: Demo data for the self-test: small, so the whole run takes seconds.
DEMO_CUSTOMERS = 6
DEMO_YEARS = 0.5
#: Customers written to the generated import file.
IMPORT_CUSTOMERS = (
    ("Self-test Harbour BV", "EU", "NL", "Europe/Amsterdam", "true"),
    ("Self-test Prairie Inc", "AMER", "US-NY", "America/New_York", "false"),
    ("Self-test Outback Pty", "AUS", "AU-NSW", "Australia/Sydney", ""),
)


@dataclass
class Result:
    name: str
    ok: bool
    detail: str = ""


class SelfTest:
    """The checks, in order; :meth:`run` returns the exit code."""

    def __init__(self, workdir: Path, out: TextIO) -> None:
        self.workdir = workdir
        self.out = out
        self.results: list[Result] = []
        #: unhandled exceptions and unexpected dialogs while Qt runs
        self.qt_problems: list[str] = []
        self.app: Any = None
        self.window: Any = None
        self.notifier: Any = None
        self.demo_db = workdir / "self-test-demo.sqlite"
        self._guard: Any = None

    # ---------------------------------------------------------------- running

    def check(self, name: str, action: Callable[[], str | None]) -> bool:
        """Run one check; print and record OK or FAIL with the reason."""
        seen = len(self.qt_problems)
        try:
            detail = action() or ""
            if len(self.qt_problems) > seen:
                raise CheckFailed(self.qt_problems[seen])
        except CheckFailed as exc:
            return self._record(Result(name, False, str(exc)))
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            reason = f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
            return self._record(Result(name, False, reason))
        return self._record(Result(name, True, detail))

    def needs(self, name: str, what: str) -> bool:
        """Record ``name`` as failed because an earlier step it needs failed."""
        return self._record(Result(name, False, _("needs: {step}").format(step=what)))

    def _record(self, result: Result) -> bool:
        self.results.append(result)
        mark = _("OK") if result.ok else _("FAIL")
        line = f"{mark:<5} {result.name}"
        if result.detail:
            line += f" — {result.detail}"
        print(line, file=self.out, flush=True)
        return result.ok

    def run(self) -> int:
        frozen = _("bundle") if getattr(sys, "frozen", False) else _("source")
        print(
            _("DI Desk {version} self-test ({kind}, Python {python}, {platform})").format(
                version=__version__,
                kind=frozen,
                python=sys.version.split()[0],
                platform=sys.platform,
            ),
            file=self.out,
            flush=True,
        )
        self.data_checks()
        if self.check(_("Qt application (offscreen)"), self.start_qt):
            self.gui_checks()
        else:
            for step in (_("main window"), _("Dutch"), _("import"), _("export")):
                self.needs(step, _("Qt application (offscreen)"))
        self.io_checks()
        failed = [r for r in self.results if not r.ok]
        if failed:
            print(
                _("Self-test FAILED: {failed} of {total} checks failed.").format(
                    failed=len(failed), total=len(self.results)
                ),
                file=self.out,
                flush=True,
            )
            return 1
        print(
            _("Self-test passed: {total} checks.").format(total=len(self.results)),
            file=self.out,
            flush=True,
        )
        return 0

    # ------------------------------------------------------- data the app carries

    def data_checks(self) -> None:
        self.check(_("translations (Dutch catalog)"), check_catalog)
        self.check(_("time zone data"), check_zones)
        self.check(_("public holidays"), check_holidays)
        self.check(_("date and number formats (Babel)"), check_babel)
        self.check(_("phone number metadata"), check_phone_numbers)
        self.check(_("bulk rule computations (NumPy)"), check_bulk_rules)

    # ------------------------------------------------------------------- the GUI

    def start_qt(self) -> str:
        from di_desk.ui.qt import QApplication, QTimer

        app = QApplication.instance()
        if app is None:
            QApplication.setApplicationName("DI Desk")
            QApplication.setOrganizationName("DI Desk")
            QApplication.setApplicationVersion(__version__)
            app = QApplication([sys.argv[0] if sys.argv else "di-desk"])
        self.app = app
        self._guard = QTimer()
        self._guard.setInterval(100)
        self._guard.timeout.connect(self._close_unexpected_dialogs)
        self._guard.start()
        return str(app.platformName())

    def _close_unexpected_dialogs(self) -> None:
        from di_desk.ui.qt import QApplication

        widget = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if widget is None:
            return
        text = getattr(widget, "text", None)
        message = text() if callable(text) else ""
        self.qt_problems.append(
            _("unexpected dialog “{title}”: {text}").format(
                title=widget.windowTitle(), text=message
            )
        )
        widget.close()

    def pump(self, ms: int = 30) -> None:
        """Let Qt (and its thread pool) finish what the last step started."""
        from di_desk.ui.qt import QApplication, QThreadPool

        deadline = time.monotonic() + ms / 1000
        while True:
            QApplication.processEvents()
            if time.monotonic() >= deadline:
                break
            time.sleep(0.005)
        QThreadPool.globalInstance().waitForDone(5000)
        QApplication.processEvents()

    @contextlib.contextmanager
    def catching_slot_errors(self) -> Iterator[None]:
        """Exceptions raised in Qt slots reach sys.excepthook: record them.

        Qt's own critical messages count as problems too; its warnings go to
        stderr, except the offscreen platform's note that it cannot resize.
        """
        from di_desk.ui.qt import QtCore

        def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
            self.qt_problems.append(f"{exc_type.__name__}: {exc}")

        def messages(kind: Any, _context: Any, text: str) -> None:
            if kind in (QtCore.QtMsgType.QtCriticalMsg, QtCore.QtMsgType.QtFatalMsg):
                self.qt_problems.append(f"Qt: {text}")
            elif kind == QtCore.QtMsgType.QtWarningMsg and "propagateSizeHints" not in text:
                print(f"Qt: {text}", file=sys.stderr)

        previous = sys.excepthook
        sys.excepthook = hook
        previous_handler = QtCore.qInstallMessageHandler(messages)
        try:
            yield
        finally:
            QtCore.qInstallMessageHandler(previous_handler)
            sys.excepthook = previous

    def gui_checks(self) -> None:
        with self.catching_slot_errors():
            self.check(_("application icon"), self.check_icon)
            self.check(_("Qt's Dutch translation"), self.check_qt_translation)
            demo_ok = self.check(_("demo database"), self.make_demo_database)
            if not self.check(_("main window"), self.open_window):
                for step in (_("tabs"), _("Dutch"), _("closing the window")):
                    self.needs(step, _("main window"))
                return
            if not demo_ok:
                self.needs(_("database shown"), _("demo database"))
            else:
                self.check(_("database shown"), self.check_database_shown)
            keys = list(self.window.tab_keys())
            if not keys:
                self._record(Result(_("tabs"), False, _("the window has no tabs")))
            for key in keys:
                title = self._tab_title(key)
                self.check(
                    _("tab “{title}”").format(title=title), lambda key=key: self.visit_tab(key)
                )
            self.check(_("refresh (F5)"), self.refresh)
            english = self._texts()
            # Names made now: the report stays in one language across the switch.
            back, closing = _("switch back to English"), _("closing the window")
            self.check(_("switch to Dutch"), lambda: self.switch_to_dutch(english))
            self.check(back, lambda: self.switch_to_english(english))
            self.check(closing, self.close_window)

    def check_icon(self) -> str:
        from di_desk.ui.qt import QIcon, QPixmap

        path = resource_dir() / "di-desk.png"
        expect(path.is_file(), _("{path} is missing").format(path=path))
        pixmap = QPixmap(str(path))
        expect(not pixmap.isNull(), _("{path} cannot be read").format(path=path))
        expect(not QIcon(pixmap).isNull(), _("no icon from {path}").format(path=path))
        return f"{pixmap.width()}×{pixmap.height()}"

    def check_qt_translation(self) -> str:
        from di_desk.ui.language import qt_translations_dir
        from di_desk.ui.qt import QTranslator

        folder = qt_translations_dir()
        translator = QTranslator()
        expect(
            translator.load("qtbase_nl", folder),
            _("qtbase_nl.qm is not in {folder}").format(folder=folder),
        )
        cancel = translator.translate("QPlatformTheme", "Cancel")
        expect(cancel == "Annuleren", _("“Cancel” translates to “{text}”").format(text=cancel))
        return cancel

    def make_demo_database(self) -> str:
        try:
            from di_desk.storage import demo
        except ImportError as exc:
            raise CheckFailed(
                _("the demo data module is missing: {error}").format(error=exc)
            ) from None
        db = demo.ensure_demo_database(self.demo_db, customers=DEMO_CUSTOMERS, years=DEMO_YEARS)
        db.close()
        expect(self.demo_db.is_file(), _("no database file was written"))
        return f"{self.demo_db.stat().st_size // 1024} KiB"

    def open_window(self) -> str:
        from di_desk import app as composition
        from di_desk.ui.language import LanguageNotifier
        from di_desk.ui.settings import Settings

        settings = Settings(self.workdir / "settings.ini")
        self.notifier = LanguageNotifier(self.app)
        self.notifier.switch("en")
        db_path = self.demo_db if self.demo_db.is_file() else None
        build = getattr(composition, "build_window", None)
        if callable(build):
            self.window = build(db_path, settings, notifier=self.notifier)
        else:  # an older composition root: the bare window, without a database
            from di_desk.ui.main_window import MainWindow

            self.window = MainWindow(settings, notifier=self.notifier)
        self.window.show()
        self.pump(100)
        expect(self.window.isVisible(), _("the window is not shown"))
        return count_tabs(len(self.window.tab_keys()))

    def check_database_shown(self) -> str:
        expect(self.window.db is not None, _("the window has no database open"))
        expect(
            Path(self.window.db_path) == self.demo_db,
            _("the window shows {path}").format(path=self.window.db_path),
        )
        version = self.window.schema_version
        return _("schema version {version}").format(version=version)

    def _tab_title(self, key: str) -> str:
        for index, spec_key in enumerate(self.window.tab_keys()):
            if spec_key == key:
                return str(self.window.tabs.tabText(index)).replace("&", "")
        return key

    def visit_tab(self, key: str) -> str:
        self.window.set_current_tab(key)
        self.pump()
        expect(
            self.window.current_tab_key() == key,
            _("the current tab is {key}").format(key=self.window.current_tab_key()),
        )
        page = self.window.tab_page(key)
        expect(page.isVisible(), _("the page is not visible"))
        busy = getattr(page, "is_busy", None)
        if callable(busy):  # work it starts in the background must finish
            deadline = time.monotonic() + 30
            while busy() and time.monotonic() < deadline:
                self.pump()
            expect(not busy(), _("the tab's background work did not finish"))
        if hasattr(page, "chart"):  # the Overview's chart needs QtCharts in the bundle
            expect(page.chart is not None, _("the chart was not made"))
        return type(page).__name__

    def refresh(self) -> None:
        self.window.refresh()
        self.pump()

    def _texts(self) -> list[str]:
        """Tab titles and menu titles: what a language switch must change."""
        if self.window is None:
            return []
        tabs = self.window.tabs
        texts = [str(tabs.tabText(i)) for i in range(tabs.count())]
        texts += [str(action.text()) for action in self.window.menuBar().actions()]
        return texts

    def switch_to_dutch(self, english: list[str]) -> str:
        self.window.switch_language("nl")
        self.pump()
        expect(i18n.current_language() == "nl", _("the language is still English"))
        translator = getattr(self.notifier, "qt_translator", None)
        expect(
            translator is not None and not translator.isEmpty(),
            _("Qt's Dutch translator is not loaded"),
        )
        dutch = self._texts()
        changed = sum(1 for a, b in zip(english, dutch, strict=False) if a != b)
        expect(changed > 0, _("no menu or tab title changed"))
        return f"{changed}/{len(dutch)}"  # computed in Dutch: no words

    def switch_to_english(self, english: list[str]) -> None:
        self.window.switch_language("en")
        self.pump()
        expect(i18n.current_language() == "en", _("the language is still Dutch"))
        expect(self._texts() == english, _("the titles are not the English ones again"))

    def close_window(self) -> None:
        window = self.window
        db = window.db
        expect(window.close(), _("the window refused to close"))
        self.pump()
        expect(not window.isVisible(), _("the window is still visible"))
        if db is not None and hasattr(db, "close"):
            db.close()
        window.deleteLater()
        self.window = None
        self.pump()

    # ------------------------------------------------------------ import, export

    def io_checks(self) -> None:
        imported = self.check(_("import of a customers CSV"), self.import_customers)
        if not imported:
            self.needs(_("imported rows are in the database"), _("import of a customers CSV"))
        else:
            self.check(_("imported rows are in the database"), self.count_imported)
        self.check(_("export of a report to XLSX"), self.export_xlsx)
        self.check(_("export of a report to JSON"), self.export_json)

    def cli(self, *args: str) -> str:
        """Run one ``di-desk`` CLI command in this process; its output, or CheckFailed."""
        from di_desk.cli import main as cli_main

        out, err = io.StringIO(), io.StringIO()
        language = i18n.current_language()
        try:
            code = cli_main(
                [*args, "--db", str(self.demo_db), "--lang", "en"], stdout=out, stderr=err
            )
        finally:
            i18n.install(language)
        if code != 0:
            lines = [line for line in err.getvalue().splitlines() if line.strip()]
            raise CheckFailed(
                _("di-desk {command} exited with {code}: {message}").format(
                    command=args[0], code=code, message=" / ".join(lines[:3])
                )
            )
        return out.getvalue().strip()

    def import_customers(self) -> str:
        path = self.workdir / "self-test-customers.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(("name", "region", "calendar", "zone", "sso"))
            writer.writerows(IMPORT_CUSTOMERS)
        return self.cli("import", "customers", str(path))

    def count_imported(self) -> str:
        from di_desk.storage import tables
        from di_desk.storage.db import open_database

        names = [row[0] for row in IMPORT_CUSTOMERS]
        db = open_database(self.demo_db)
        try:
            found = tables.Customer.select().where(tables.Customer.name.in_(names)).count()
        finally:
            db.close()
        expect(
            found == len(names),
            _("{found} of {count} customers found").format(found=found, count=len(names)),
        )
        return str(found)

    def export_xlsx(self) -> str:
        target = self.workdir / "self-test-cases.xlsx"
        self.cli("export", "cases", "--format", "xlsx", "--output", str(target))
        expect(target.is_file(), _("{path} was not written").format(path=target.name))
        with zipfile.ZipFile(target) as book:
            names = set(book.namelist())
        expect("xl/workbook.xml" in names, _("{path} is not a workbook").format(path=target.name))
        return f"{target.stat().st_size:,} B"

    def export_json(self) -> str:
        target = self.workdir / "self-test-sla.json"
        self.cli("export", "sla", "--format", "json", "--output", str(target))
        data = json.loads(target.read_text(encoding="utf-8"))
        expect(isinstance(data, list) and data, _("the report is empty"))
        return count_rows(len(data))

    def stop(self) -> None:
        if self._guard is not None:
            self._guard.stop()
            self._guard = None
        if self.notifier is not None and hasattr(self.notifier, "detach"):
            with contextlib.suppress(Exception):
                self.notifier.detach()


def count_tabs(count: int) -> str:
    return i18n.ngettext("{count} tab", "{count} tabs", count).format(count=count)


def count_rows(count: int) -> str:
    return i18n.ngettext("{count} row", "{count} rows", count).format(count=count)


# ------------------------------------------------------------------ entry point


@contextlib.contextmanager
def _environment(home: Path) -> Iterator[None]:
    """Offscreen Qt and a private DI_DESK_HOME, restored afterwards."""
    saved = {key: os.environ.get(key) for key in ("QT_QPA_PLATFORM", "DI_DESK_HOME")}
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["DI_DESK_HOME"] = str(home)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _watchdog(seconds: float, out: TextIO) -> threading.Timer:
    def expire() -> None:
        message = _("FAIL  the self-test did not finish in {seconds:.0f} s").format(seconds=seconds)
        with contextlib.suppress(Exception):
            print(message, file=out, flush=True)
        os._exit(1)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    return timer


def run_self_test(out: TextIO | None = None, *, timeout: float | None = TIMEOUT_SECONDS) -> int:
    """Check the installation; print each check; 0 only when all passed."""
    stream = out or sys.stdout or io.StringIO()  # a windowed Windows .exe has no stdout
    language = i18n.current_language()
    timer = _watchdog(timeout, stream) if timeout else None
    try:
        with tempfile.TemporaryDirectory(
            prefix="di-desk-self-test-", ignore_cleanup_errors=True
        ) as tmp:
            workdir = Path(tmp)
            with _environment(workdir / "home"):
                test = SelfTest(workdir, stream)
                try:
                    return test.run()
                finally:
                    test.stop()
    except Exception as exc:  # the harness itself broke: still one line, no traceback
        print(_("FAIL  self-test: {error}").format(error=exc), file=stream, flush=True)
        return 1
    finally:
        if timer is not None:
            timer.cancel()
        with contextlib.suppress(Exception):
            i18n.install(language)


def main(argv: list[str] | None = None) -> int:
    """``python -m di_desk.selftest``: the same as ``di-desk --self-test``."""
    del argv
    return run_self_test()


if __name__ == "__main__":
    sys.exit(main())
