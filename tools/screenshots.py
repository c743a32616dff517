"""Screenshots of every tab in English and Dutch, for docs/screenshots/.

    python tools/screenshots.py                    # every registered tab, en and nl
    python tools/screenshots.py overview customers # only these tabs
    python tools/screenshots.py --lang nl cases    # only Dutch
    python tools/screenshots.py --list             # the tab keys

Builds a demo database in a temporary folder (fixed seed and "now", so the
pictures only change when the app does), opens the real main window at
1366x768 on the offscreen platform, and saves
``docs/screenshots/<tab>-<lang>.png``. Tabs read "now" from the window's
``clock`` service (``TabContext.now()``), pinned to the demo's. A tab that is
still a placeholder is captured as it is; a tab that fails is reported and
the others are still taken. Work the tabs start in the background is waited
for, and dialogs a tab leaves open are closed before the picture.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUT_DIR = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)
LANGUAGES = ("en", "nl")
#: the demo: small enough to build in a second or two, big enough to fill the lists
DEMO_CUSTOMERS = 16
DEMO_YEARS = 1.5
DEMO_SEED = 20260327
DEMO_NOW = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # a Friday morning in Europe
DISPLAY_ZONE = "Europe/Amsterdam"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Screenshots of the tabs, en and nl.")
    parser.add_argument("tabs", nargs="*", help="tab keys (default: every registered tab)")
    parser.add_argument(
        "--lang", action="append", choices=LANGUAGES, help="a language (default: both)"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--list", action="store_true", help="print the tab keys and exit")
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="seconds to wait for a tab's work"
    )
    return parser.parse_args(argv)


def settle(app, timeout: float, quiet_ms: int = 300) -> None:
    """Process events until no background task ran for ``quiet_ms`` (or ``timeout``)."""
    from di_desk.ui.qt import QThreadPool

    pool = QThreadPool.globalInstance()
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        app.processEvents()
        pool.waitForDone(25)
        app.processEvents()
        if pool.activeThreadCount() == 0:
            quiet_since = quiet_since or time.monotonic()
            if (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return
        else:
            quiet_since = None
        time.sleep(0.01)


def close_stray_windows(app, window) -> list[str]:
    """Close dialogs and message boxes a tab left open; returns their titles."""
    closed = []
    for widget in app.topLevelWidgets():
        if widget is window or not widget.isVisible():
            continue
        if widget.isWindow():
            closed.append(widget.windowTitle() or type(widget).__name__)
            widget.close()
    return closed


def build_demo(folder: Path) -> Path:
    from di_desk.storage import open_database
    from di_desk.storage.demo import generate_demo

    path = folder / "demo.sqlite"
    db = open_database(path)
    try:
        generate_demo(db, customers=DEMO_CUSTOMERS, years=DEMO_YEARS, seed=DEMO_SEED, now=DEMO_NOW)
    finally:
        db.close()
    return path


def demo_window(folder_name: str, timeout: float = 20):
    """The real main window offscreen at :data:`SIZE` on a fresh demo database in a
    temporary ``folder_name``, in English, "now" fixed: ``(qapp, window, db)``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.gettempdir()) / folder_name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["DI_DESK_HOME"] = str(folder)  # never the user's settings or data

    from di_desk import app as app_module
    from di_desk.ui.language import LanguageNotifier
    from di_desk.ui.qt import QApplication
    from di_desk.ui.settings import Settings

    QApplication.setApplicationName("DI Desk")
    qapp = QApplication.instance() or QApplication([sys.argv[0]])
    settings = Settings(folder / "settings.ini")
    settings.display_zone = DISPLAY_ZONE
    notifier = LanguageNotifier(qapp)
    notifier.switch("en")
    window = app_module.build_window(None, settings, notifier=notifier)
    db_path = build_demo(folder)
    window.set_service("clock", lambda: DEMO_NOW)
    db, version = app_module.open_database(db_path)
    window.set_database(db, db_path, version)
    window.resize(*SIZE)
    window.show()
    settle(qapp, timeout)
    return qapp, window, db


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A fixed folder: the status bar shows the database path, so pictures stay stable.
    folder = Path(tempfile.gettempdir()) / "di-desk-screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["DI_DESK_HOME"] = str(folder)  # never the user's settings or data

    from di_desk import app as app_module
    from di_desk.ui.language import LanguageNotifier
    from di_desk.ui.qt import QApplication
    from di_desk.ui.settings import Settings

    QApplication.setApplicationName("DI Desk")
    qapp = QApplication.instance() or QApplication([sys.argv[0]])
    settings = Settings(folder / "settings.ini")
    settings.display_zone = DISPLAY_ZONE
    notifier = LanguageNotifier(qapp)
    notifier.switch("en")

    window = app_module.build_window(None, settings, notifier=notifier)
    keys = window.tab_keys()
    if args.list:
        print("\n".join(keys))
        return 0
    unknown = [key for key in args.tabs if key not in keys]
    if unknown:
        print(f"unknown tab(s): {', '.join(unknown)}; known: {', '.join(keys)}", file=sys.stderr)
        return 2
    wanted = args.tabs or keys
    languages = args.lang or list(LANGUAGES)

    started = time.perf_counter()
    db_path = build_demo(folder)
    print(f"demo database: {db_path} ({time.perf_counter() - started:.1f} s)")
    window.set_service("clock", lambda: DEMO_NOW)
    db, version = app_module.open_database(db_path)
    window.set_database(db, db_path, version)
    window.resize(*SIZE)
    window.show()
    settle(qapp, args.timeout)

    args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for lang in languages:
        window.switch_language(lang)
        settle(qapp, args.timeout)
        for key in wanted:
            target = args.out / f"{key}-{lang}.png"
            try:
                window.set_current_tab(key)
                settle(qapp, args.timeout)
                for title in close_stray_windows(qapp, window):
                    print(f"  {key}-{lang}: closed a window left open: {title}")
                settle(qapp, 1.0, quiet_ms=100)
                if window.size().width() != SIZE[0] or window.size().height() != SIZE[1]:
                    window.resize(*SIZE)
                    settle(qapp, 1.0, quiet_ms=100)
                if not window.grab().save(str(target)):
                    raise OSError(f"cannot write {target}")
                print(
                    f"saved {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
                )
            except Exception:
                failures += 1
                print(f"FAILED {key}-{lang}:", file=sys.stderr)
                traceback.print_exc()
    window.close()
    db.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
