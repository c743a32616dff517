"""The GUI error handler: a log entry, a dialog with Copy details, no crash."""

from __future__ import annotations

import sys
import threading

import pytest

from di_desk import i18n
from di_desk.ui import errors
from di_desk.ui.errors import ErrorHandler
from di_desk.ui.qt import QApplication, QTimer


def _raise(exc: BaseException):
    try:
        raise exc
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


@pytest.fixture
def handler(qapp, tmp_path):
    handler = ErrorHandler(tmp_path / "logs")
    yield handler
    if handler.dialog is not None:
        handler.dialog.close()


def test_writes_the_traceback_to_the_log_and_shows_a_dialog(qtbot, handler):
    handler.handle(*_raise(ValueError("broken row 7")))
    log = (handler.log_dir / "di-desk.log").read_text(encoding="utf-8")
    assert "ValueError: broken row 7" in log
    assert "Traceback" in log and "DI Desk" in log
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    dialog = handler.dialog
    assert dialog.windowTitle() == "Unexpected error"
    assert "still running" in dialog.message.text()
    assert str(handler.log_path) in dialog.message.text()
    assert "broken row 7" in dialog.details.toPlainText()


def test_copy_details_puts_the_traceback_on_the_clipboard(qtbot, handler):
    handler.handle(*_raise(KeyError("customer")))
    qtbot.waitUntil(lambda: handler.dialog is not None)
    handler.dialog.copy_button.click()
    assert "KeyError: 'customer'" in QApplication.clipboard().text()
    assert handler.dialog.isVisible()  # copying does not close it


def test_more_errors_join_the_open_dialog(qtbot, handler):
    handler.handle(*_raise(ValueError("one")))
    qtbot.waitUntil(lambda: handler.dialog is not None)
    first = handler.dialog
    handler.handle(*_raise(ValueError("two")))
    qtbot.wait(10)
    assert handler.dialog is first
    assert "two" in first.details.toPlainText()
    assert first.windowTitle() == "Unexpected errors (2)"
    first.reject()
    assert handler.dialog is None


def test_dialog_is_translated(qtbot, handler, fake_dutch):
    i18n.install("nl")
    handler.handle(*_raise(RuntimeError("x")))
    qtbot.waitUntil(lambda: handler.dialog is not None)
    assert handler.dialog.windowTitle() == "[nl] Unexpected error"
    assert handler.dialog.copy_button.text() == "[nl] Copy details"


def test_log_is_rotated(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(errors, "MAX_LOG_BYTES", 100)
    handler = ErrorHandler(tmp_path / "logs", show_dialog=False)
    handler.handle(*_raise(ValueError("a" * 200)))
    handler.handle(*_raise(ValueError("b")))
    assert "ValueError: b" in capsys.readouterr().err
    assert (handler.log_dir / "di-desk.log.1").exists()
    assert "bbb" not in (handler.log_dir / "di-desk.log").read_text(encoding="utf-8")


def test_unwritable_log_dir_still_shows_the_error(qtbot, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    handler = ErrorHandler(blocker / "logs")
    handler.handle(*_raise(ValueError("no log")))
    qtbot.waitUntil(lambda: handler.dialog is not None)
    assert "no log" in handler.dialog.details.toPlainText()
    handler.dialog.close()


@pytest.mark.qt_no_exception_capture
def test_installed_hook_catches_slot_and_thread_errors(qtbot, tmp_path):
    handler = errors.install(tmp_path / "logs")
    try:
        assert sys.excepthook is handler

        def broken_slot():
            raise RuntimeError("from a slot")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: handler.count == 1)
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: handler.count == 2)
        qtbot.waitUntil(lambda: handler.dialog is not None)
        log = handler.log_path.read_text(encoding="utf-8")
        assert "from a slot" in log and "ZeroDivisionError" in log
        # the app is still usable: the event loop keeps running
        ran = []
        QTimer.singleShot(0, lambda: ran.append(1))
        qtbot.waitUntil(lambda: ran == [1])
    finally:
        if handler.dialog is not None:
            handler.dialog.close()
        handler.uninstall()
    assert sys.excepthook is not handler
