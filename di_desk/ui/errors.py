"""The GUI's handler for uncaught exceptions.

:func:`install` puts :class:`ErrorHandler` in ``sys.excepthook`` (and
``threading.excepthook``). Every uncaught exception is appended to
``di-desk.log`` in the log folder (:func:`di_desk.paths.log_dir`) and shown
in a translated, non-blocking dialog with a "Copy details" button; the app
keeps running. While a dialog is open, further errors are logged and counted
in it instead of opening more dialogs.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from di_desk import __version__
from di_desk.i18n import _
from di_desk.paths import ensure_dir
from di_desk.ui.qt import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QObject,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)

LOG_NAME = "di-desk.log"
MAX_LOG_BYTES = 1_000_000
log = logging.getLogger("di_desk.ui")


def format_details(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The text of the log entry and of the dialog's details."""
    lines = traceback.format_exception(exc_type, exc, tb)
    return f"DI Desk {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n" + "".join(
        lines
    )


class ErrorDialog(QDialog):
    """Says that something went wrong, offers the details and a copy button."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error_dialog")
        self.setWindowTitle(_("Unexpected error"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._extra = 0
        icon = QLabel(self)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48)
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = _("Something went wrong. DI Desk is still running and you can go on working.")
        if log_path is not None:
            text += "\n" + _("The details were written to {path}.").format(path=log_path)
        self.message.setText(text)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlainText(details)
        self.details.setMinimumSize(560, 200)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(_("Copy details"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        # ActionRole buttons do not close the dialog: only our slot runs.
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(_("Copied"))

    def add_error(self, details: str) -> None:
        """Another error while this dialog is open: append it."""
        self._extra += 1
        self.details.appendPlainText("\n" + details)
        self.setWindowTitle(_("Unexpected errors ({count})").format(count=self._extra + 1))


class _Bridge(QObject):
    """Lives on the GUI thread; carries errors there from any thread."""

    show_requested = Signal(str, object)

    def __init__(self, callback: Callable[[str, Path | None], None]) -> None:
        super().__init__(None)
        self._callback = callback
        self.show_requested.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(str, object)
    def _deliver(self, details: str, log_path: Path | None) -> None:
        self._callback(details, log_path)


class ErrorHandler:
    """Logs uncaught exceptions and shows them without stopping the app."""

    def __init__(
        self,
        log_dir: Path,
        parent: Callable[[], QWidget | None] | None = None,
        *,
        show_dialog: bool = True,
    ) -> None:
        self.log_dir = Path(log_dir)
        self._parent = parent or QApplication.activeWindow
        self._show_dialog = show_dialog
        self.dialog: ErrorDialog | None = None
        self._bridge = _Bridge(self._show)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.count = 0

    @property
    def log_path(self) -> Path:
        return self.log_dir / LOG_NAME

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread_hook

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        self.handle(exc_type, exc, tb)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """Log the exception and show it (later, on the GUI thread)."""
        if issubclass(exc_type, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        self.count += 1
        details = format_details(exc_type, exc, tb)
        written = self.write_log(details)
        log.error("Uncaught exception\n%s", details)
        app = QApplication.instance()
        if not self._show_dialog or app is None:
            sys.stderr.write(details)
            return
        # Never open a dialog inside a paint event or from another thread:
        # the queued signal runs _show from the GUI thread's event loop.
        self._bridge.show_requested.emit(details, written)

    def write_log(self, details: str) -> Path | None:
        """Append ``details`` to the log file; returns its path, or None if it failed."""
        try:
            ensure_dir(self.log_dir)  # 0700: tracebacks may quote customer data
            path = self.log_path
            if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
                path.replace(path.with_suffix(".log.1"))
            stamp = datetime.now().astimezone().isoformat(timespec="seconds")
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with open(fd, "a", encoding="utf-8") as fh:
                fh.write(f"=== {stamp}\n{details}\n")
        except OSError:
            return None
        return path

    def _show(self, details: str, log_path: Path | None) -> None:
        if self.dialog is not None:
            try:
                self.dialog.add_error(details)
                return
            except RuntimeError:  # the dialog was closed and deleted
                self.dialog = None
        dialog = ErrorDialog(details, log_path, self._parent())
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()

    def _dialog_closed(self, _result: int = 0) -> None:
        self.dialog = None


_handler: ErrorHandler | None = None


def install(
    log_dir: Path | None = None, parent: Callable[[], QWidget | None] | None = None
) -> ErrorHandler:
    """Install the GUI error handler (once); returns it."""
    global _handler
    if log_dir is None:
        from di_desk.paths import log_dir as default_log_dir

        log_dir = default_log_dir()
    if _handler is not None:
        _handler.uninstall()
    _handler = ErrorHandler(log_dir, parent)
    _handler.install()
    return _handler
