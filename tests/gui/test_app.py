"""The composition root: arguments, build_window, main() start and stop."""

from __future__ import annotations

from pathlib import Path

import pytest

from di_desk import app, i18n
from di_desk.ui import errors
from di_desk.ui.main_window import MainWindow
from di_desk.ui.qt import QApplication
from di_desk.ui.settings import Settings


def test_parse_args_keeps_qt_arguments():
    args, rest = app.parse_args(["--db", "x.sqlite", "--lang", "nl", "-platform", "offscreen"])
    assert args.db == "x.sqlite" and args.lang == "nl" and not args.demo
    assert rest == ["-platform", "offscreen"]


def test_self_test_option_runs_the_self_test(monkeypatch):
    from di_desk import selftest

    monkeypatch.setattr(selftest, "run_self_test", lambda: 7)
    assert app.main(["--self-test"]) == 7


def test_demo_database_is_made_in_the_background_and_shown(qtbot, settings, tmp_path):
    if app._storage() is None:
        pytest.skip("storage layer not available")
    path = tmp_path / "demo.sqlite"
    window = app.build_window(path, settings, demo=True)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.db is not None, timeout=15_000)
    assert window.db_path == path
    dialog = window.show_responsibilities()
    assert dialog.table.rowCount() == 10
    dialog.close()
    window.db.close()


def test_build_window_without_a_database(qtbot, settings):
    window = app.build_window(None, settings)
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert len(window.tab_keys()) >= 6
    assert window.db is None
    assert window.db_label.text() == "No database open"


def test_build_window_opens_the_database(qtbot, settings, tmp_path):
    if app._storage() is None:
        pytest.skip("storage layer not available")
    path = tmp_path / "partner.sqlite"
    window = app.build_window(path, settings)
    qtbot.addWidget(window)
    assert window.db is not None
    assert window.db_path == path and path.exists()
    assert isinstance(window.schema_version, int)
    assert window.actions["open_database"].isEnabled()
    assert window.actions["backup_database"].isEnabled()
    window.db.close()


def test_build_window_survives_a_file_that_is_no_database(qtbot, settings, tmp_path):
    if app._storage() is None:
        pytest.skip("storage layer not available")
    path = tmp_path / "notes.sqlite"
    path.write_text("these are not the tables you are looking for " * 20)
    window = app.build_window(path, settings)
    qtbot.addWidget(window)
    assert window.db is None
    qtbot.waitUntil(lambda: _warning_shown(window))


def _warning_shown(window) -> bool:
    from di_desk.ui.qt import QMessageBox

    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    for box in boxes:
        box.close()
    return bool(boxes)


def test_main_builds_and_shows_the_window(qtbot, tmp_path, monkeypatch):
    """main() up to the event loop (running exec() inside pytest would end later loops)."""
    monkeypatch.setenv("DI_DESK_HOME", str(tmp_path))
    shown: list[MainWindow] = []

    def fake_exec(self=None) -> int:
        shown.extend(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    try:
        code = app.main(["--db", str(tmp_path / "main.sqlite"), "--lang", "nl"])
    finally:
        if errors._handler is not None:
            errors._handler.uninstall()
    assert code == 0
    assert len(shown) == 1
    window = shown[0]
    qtbot.addWidget(window)
    # the app-wide notifier outlives this test: stop it following i18n
    window.notifier.detach()
    assert i18n.current_language() == "nl"
    assert window.actions["language_nl"].isChecked()
    if app._storage() is not None:
        assert window.db_path == tmp_path / "main.sqlite"
        window.db.close()
    window.close()
    assert Settings(tmp_path / "settings.ini").last_tab == "overview"


def test_an_older_database_is_migrated_off_the_gui_thread_then_shown(qtbot, settings, tmp_path):
    """An older schema is copied aside and migrated on a worker thread; then shown."""
    import sqlite3

    from di_desk.storage.db import SCHEMA_VERSION, needs_migration

    schema_v1 = Path(__file__).parents[1] / "unit" / "storage" / "data" / "schema_v1.sql"
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("BEGIN;\n" + schema_v1.read_text(encoding="utf-8") + "\nCOMMIT;")
    conn.execute(
        "INSERT INTO customer (id, row_version, name, region, sso, contracted_knowledge_workers,"
        " contracted_workspace_devices, planned_knowledge_workers, planned_workspace_devices,"
        " notes) VALUES (1, 1, 'Acme', 'EU', 1, 100, 10, 120, 10, 'kept')"
    )
    conn.commit()
    conn.close()
    assert needs_migration(path)

    window = app.build_window(path, settings)
    qtbot.addWidget(window)
    assert window.db is None  # not yet: the migration runs in the background
    qtbot.waitUntil(lambda: window.db is not None, timeout=15_000)
    assert window.schema_version == SCHEMA_VERSION
    assert not needs_migration(path)
    assert list(tmp_path.glob("old.before-v*.sqlite"))  # the copy aside
    window.db.close()
