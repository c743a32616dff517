"""The window with damaged or foreign files, backups, restores and stale edits.

- File → Open on a truncated, empty, non-SQLite, foreign or newer-schema
  file: a clear translated message, not a byte written (content and mtime),
  and "Open another…" lets the user pick a good file.
- Start-up with ``--db`` on such a file: the same message with "Quit".
- File → Back up database (online backup API) and File → Restore from
  backup… (checked first, the current database copied aside, then restored
  in place and reopened).
- A stale edit in the customer dialog is told; an exception in a slot shows
  the error dialog, is logged, and the window keeps working.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from di_desk import app
from di_desk.storage.db import backup_to, open_database
from di_desk.storage.migrations import SCHEMA_VERSION
from di_desk.storage.repositories import Repository
from di_desk.storage.tables import Customer
from di_desk.ui.qt import QFileDialog, QMessageBox


def _good_db(path: Path, *names: str) -> Path:
    db = open_database(path)
    for name in names:
        Repository(db, Customer).create("test", name=name, region="EU")
    db.close()
    return path


def _bad_files(folder: Path) -> dict[str, Path]:
    files = {}
    files["empty"] = folder / "empty.sqlite"
    files["empty"].write_bytes(b"")
    files["text"] = folder / "notes.sqlite"
    files["text"].write_text("name,region\nAcme,EU\n", encoding="utf-8")
    good = _good_db(folder / "source.sqlite", *(f"Customer {i}" for i in range(50)))
    db = open_database(good)
    backup_to(db, folder / "truncated.sqlite")
    db.close()
    data = (folder / "truncated.sqlite").read_bytes()
    (folder / "truncated.sqlite").write_bytes(data[: len(data) // 2])
    files["truncated"] = folder / "truncated.sqlite"
    files["foreign"] = folder / "foreign.sqlite"
    conn = sqlite3.connect(files["foreign"])
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.commit()
    conn.close()
    files["newer"] = _good_db(folder / "newer.sqlite", "Future BV")
    conn = sqlite3.connect(files["newer"])
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    return files


EXPECTED = {
    "empty": "empty (0 bytes)",
    "text": "not an SQLite file",
    "truncated": "truncated",
    "foreign": "another application",
    "newer": "newer version of DI Desk",
}


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _open_failed_box(qtbot, window) -> QMessageBox:
    box: list[QMessageBox] = []

    def shown() -> bool:
        box[:] = [b for b in window.findChildren(QMessageBox, "open_failed_box") if b.isVisible()]
        return bool(box)

    qtbot.waitUntil(shown)
    return box[0]


def _click(box: QMessageBox, text: str) -> None:
    for button in box.buttons():
        if button.text() == text:
            button.click()
            return
    raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_file_open_refuses_bad_files_without_writing(qtbot, settings, tmp_path, monkeypatch, kind):
    """File → Open a bad file: a clear message, nothing written, then another file opens."""
    good = _good_db(tmp_path / "good.sqlite", "Acme")
    window = app.build_window(good, settings)
    qtbot.addWidget(window)
    bad_folder = tmp_path / "bad"
    bad_folder.mkdir()
    bad = _bad_files(bad_folder)[kind]
    before = _snapshot(bad_folder)
    other = _good_db(tmp_path / "other.sqlite", "Globex")
    answers = iter([str(bad), str(other)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (next(answers), ""))

    window.actions["open_database"].trigger()
    box = _open_failed_box(qtbot, window)
    assert EXPECTED[kind] in box.text() and str(bad) in box.text()
    assert "The file was not changed." in box.informativeText()
    assert window.db_path == good and window.db is not None  # the open database stays
    assert _snapshot(bad_folder) == before  # not a byte, not an mtime, no -wal/-shm

    _click(box, "Open another…")  # the user picks another file
    qtbot.waitUntil(lambda: window.db_path == other)
    assert Customer.select().count() == 1 and Customer.get().name == "Globex"
    assert _snapshot(bad_folder) == before
    window.db.close()


def test_open_failure_is_translated(qtbot, settings, tmp_path, monkeypatch, fake_dutch):
    from di_desk import i18n

    window = app.build_window(None, settings)
    qtbot.addWidget(window)
    bad = tmp_path / "empty.sqlite"
    bad.write_bytes(b"")
    i18n.install("nl")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    window.actions["open_database"].trigger()
    box = _open_failed_box(qtbot, window)
    assert box.windowTitle().startswith("[nl] ")
    assert box.text().startswith("[nl] ") and box.informativeText().startswith("[nl] ")
    assert "[nl] Open another…" in {b.text() for b in box.buttons()}  # Close: Qt's own
    box.close()


@pytest.mark.parametrize("kind", ["truncated", "newer"])
def test_startup_with_a_bad_file_offers_another_or_quit(qtbot, settings, tmp_path, kind):
    """``--db`` on a bad file: a message (no traceback) with Open another… and Quit."""
    bad = _bad_files(tmp_path)[kind]
    before = bad.read_bytes(), bad.stat().st_mtime_ns
    window = app.build_window(bad, settings)
    qtbot.addWidget(window)
    window.show()
    box = _open_failed_box(qtbot, window)
    assert EXPECTED[kind] in box.text()
    texts = {b.text() for b in box.buttons()}
    assert {"Open another…", "Quit"} <= texts
    assert window.db is None
    _click(box, "Quit")
    qtbot.waitUntil(lambda: not window.isVisible())  # closed cleanly, state saved
    assert (bad.read_bytes(), bad.stat().st_mtime_ns) == before


def test_back_up_and_restore_from_backup(qtbot, settings, tmp_path, monkeypatch):
    """File → Back up, more work, File → Restore: the backup's data, the newer data kept aside."""
    live = _good_db(tmp_path / "live.sqlite", "Acme")
    window = app.build_window(live, settings)
    qtbot.addWidget(window)
    backup = tmp_path / "backups" / "monday.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(backup), ""))
    window.actions["backup_database"].trigger()
    qtbot.waitUntil(lambda: backup.exists(), timeout=10_000)
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage())
    Repository(window.db, Customer).create("test", name="Added after the backup", region="EU")

    # a damaged "backup" is refused before anything happens
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(backup.read_bytes()[:2000])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    window.actions["restore_database"].trigger()
    qtbot.waitUntil(lambda: _visible_box(window, "cannot be restored") is not None)
    _visible_box(window, "cannot be restored").close()
    assert Customer.select().count() == 2

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    window.actions["restore_database"].trigger()
    confirm = window.findChild(QMessageBox, "restore_confirm_box")
    assert confirm is not None and "monday.sqlite" in confirm.text()
    _click(confirm, "Restore")
    qtbot.waitUntil(lambda: "Restored from monday.sqlite" in window.statusBar().currentMessage())
    assert window.db_path == live
    assert [c.name for c in Customer.select()] == ["Acme"]
    kept = list(tmp_path.glob("live.before-restore.*.sqlite"))
    assert len(kept) == 1
    conn = sqlite3.connect(kept[0])
    assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 2  # nothing lost
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    if os.name == "posix":
        assert kept[0].stat().st_mode & 0o777 == 0o600
    window.db.close()


def _visible_box(window, fragment: str) -> QMessageBox | None:
    for box in window.findChildren(QMessageBox):
        if box.isVisible() and fragment in box.text():
            return box
    return None


def test_stale_customer_edit_is_told_and_reloaded(qtbot, settings, tmp_path):
    """Someone else saved the customer first: a clear message, the list shows their change."""
    from di_desk.ui.qt import QApplication

    path = _good_db(tmp_path / "t.sqlite", "Acme")
    window = app.build_window(path, settings)
    qtbot.addWidget(window)
    window.set_current_tab("customers")
    tab = window.tab_page("customers")
    customer_id = Customer.get().id
    dialog = tab.edit_customer(customer_id)
    other = sqlite3.connect(path)  # a colleague's DI Desk saves first
    other.execute("UPDATE customer SET name='Acme Holding', row_version=row_version+1")
    other.commit()
    other.close()
    dialog.name.setText("Acme Europe")
    dialog.try_save()
    QApplication.processEvents()
    box = _visible_box(window, "changed by someone else")
    assert box is not None, [b.text() for b in window.findChildren(QMessageBox)]
    box.close()
    assert Customer.get_by_id(customer_id).name == "Acme Holding"  # no lost update
    window.db.close()


def test_exception_in_a_slot_is_shown_logged_and_the_window_goes_on(qtbot, settings, tmp_path):
    """One handler: an error in a menu action opens the translated dialog, is written to
    the log folder, and a later action still works."""
    from di_desk.ui import errors
    from di_desk.ui.main_window import WindowHooks

    handler = errors.install(tmp_path / "logs")
    try:
        window = app.build_window(_good_db(tmp_path / "t.sqlite", "Acme"), settings)
        qtbot.addWidget(window)
        window.show()
        hooks = window.hooks

        def broken() -> None:
            raise RuntimeError("the import hook broke")

        window.set_hooks(WindowHooks(**{**hooks.__dict__, "import_data": broken}))
        window.actions["import"].trigger()  # the slot raises; Qt hands it to sys.excepthook
        qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
        dialog = handler.dialog
        assert dialog.windowTitle() == "Unexpected error"
        assert "the import hook broke" in dialog.details.toPlainText()
        log = (tmp_path / "logs" / errors.LOG_NAME).read_text(encoding="utf-8")
        assert "RuntimeError: the import hook broke" in log
        dialog.close()
        # the window still works: another action does its job
        about = window.show_about()
        assert about.isVisible()
        about.close()
        window.set_current_tab("customers")
        assert window.current_tab_key() == "customers"
        window.db.close()
    finally:
        handler.uninstall()
