"""Background work with results on the GUI thread (Anki's ``aqt/operations`` idea).

Run a callable on a pool thread; get ``on_success(result)`` or
``on_failure(exception)`` back on the GUI thread::

    run_in_background(
        lambda ctx: importer.run(path, progress=ctx.report, cancelled=ctx.check_cancelled),
        on_success=self._imported,
        parent=self,
    )

The callable receives a :class:`TaskContext`: ``ctx.report(done, total, text)``
reports progress and ``ctx.check_cancelled()`` raises :class:`Cancelled` once
the user cancelled. Long work shows a cancellable progress dialog with
:func:`run_with_progress`. Without ``on_failure`` an exception goes to the
GUI error handler (:mod:`di_desk.ui.errors`).

Database work on another thread needs its own connection: SQLite connections
belong to the thread that opened them (peewee opens one per thread).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

from di_desk.i18n import _
from di_desk.ui.qt import (
    QObject,
    QProgressDialog,
    QRunnable,
    Qt,
    QThreadPool,
    QWidget,
    Signal,
    Slot,
    is_valid_qobject,
)


class Cancelled(Exception):
    """Raised inside a task by :meth:`TaskContext.check_cancelled` after a cancel."""


class TaskContext:
    """What a background callable may use: progress reporting and cancellation."""

    def __init__(self, task: Task) -> None:
        self._task = task

    @property
    def cancelled(self) -> bool:
        return self._task.is_cancelled()

    def check_cancelled(self) -> None:
        if self._task.is_cancelled():
            raise Cancelled

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        """Progress: ``done`` of ``total`` steps (``total`` 0: unknown), optional text."""
        self._task.progress.emit(int(done), int(total), text)


class Task(QObject):
    """A running background call. Lives on the GUI thread; its signals arrive there."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()
    progress = Signal(int, int, str)
    #: after succeeded/failed/cancelled, always
    finished = Signal()

    # Internal: emitted on the worker thread, delivered queued to this object.
    _done = Signal(object, object)  # result, exception

    def __init__(self, owner: QObject | None = None) -> None:
        # No Qt parent: the worker thread emits on this object, so it must
        # outlive its owner; _ACTIVE keeps it alive until it finishes.
        super().__init__(None)
        self._cancel = threading.Event()
        self._running = True
        self._orphaned = False
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        if owner is not None:
            owner.destroyed.connect(self._owner_destroyed)

    @Slot()
    def _owner_destroyed(self) -> None:
        """The widget that started the task is gone: cancel, and call back nobody."""
        self._orphaned = True
        self.cancel()

    def cancel(self) -> None:
        """Ask the callable to stop (it must call ``ctx.check_cancelled()``)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._running

    @Slot(object, object)
    def _on_done(self, result: Any, error: BaseException | None) -> None:
        self._running = False
        try:
            if self._orphaned:
                return
            if isinstance(error, Cancelled):
                self.cancelled.emit()
            elif error is not None:
                self.failed.emit(error)
            else:
                self.succeeded.emit(result)
        finally:
            self.finished.emit()
            _ACTIVE.discard(self)


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task
        self._fn = fn

    def run(self) -> None:
        ctx = TaskContext(self._task)
        try:
            result, error = self._fn(ctx), None
        except BaseException as exc:  # every failure goes back to the GUI thread
            result, error = None, exc
        # RuntimeError: the Task is gone because the app is shutting down.
        with contextlib.suppress(RuntimeError):
            self._task._done.emit(result, error)


#: tasks in flight: keeps their Python objects alive until they finish
_ACTIVE: set[Task] = set()


def _report_to_error_handler(exc: BaseException) -> None:
    sys.excepthook(type(exc), exc, exc.__traceback__)


def weak_slot(callback: Callable[..., Any]) -> Callable[..., Any]:
    """``callback`` without keeping its widget alive, when it is a QObject's method.

    A task's callbacks are released when the task ends; if one held the last
    reference to a widget without a parent, the widget would be deleted from
    inside the release (for instance inside its own progress dialog's
    destructor), which crashes. A weak method is called only while its
    object lives; other callables are returned as they are.
    """
    owner = getattr(callback, "__self__", None)
    if not isinstance(owner, QObject):
        return callback
    ref = weakref.WeakMethod(callback)  # type: ignore[arg-type]

    def call(*args: Any) -> None:
        bound = ref()
        if bound is not None and is_valid_qobject(bound.__self__):
            bound(*args)

    return call


def close_thread_connection(db: Any) -> None:
    """Close the calling worker thread's own SQLite connection (peewee keeps one
    per thread); call it when database work on a pool thread is done."""
    close = getattr(db, "close", None)
    if callable(close) and not db.is_closed():
        close()


def run_in_background(
    fn: Callable[[TaskContext], Any],
    *,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
    parent: QObject | None = None,
) -> Task:
    """Start ``fn(ctx)`` on ``pool`` (default: the global pool); returns the :class:`Task`.

    Callbacks run on the GUI thread. Without ``on_failure`` a failure is
    reported through ``sys.excepthook`` (the GUI error dialog). When
    ``parent`` (the widget that asked) is destroyed first, the task is
    cancelled and no callback runs.
    """
    task = Task(owner=parent)
    if on_success is not None:
        task.succeeded.connect(weak_slot(on_success))
    task.failed.connect(
        weak_slot(on_failure) if on_failure is not None else _report_to_error_handler
    )
    if on_progress is not None:
        task.progress.connect(weak_slot(on_progress))
    if on_cancelled is not None:
        task.cancelled.connect(weak_slot(on_cancelled))
    _ACTIVE.add(task)
    (pool or QThreadPool.globalInstance()).start(_Runnable(task, fn))
    return task


def shutdown(timeout_ms: int = 3000, pool: QThreadPool | None = None) -> bool:
    """Cancel every running task and wait for the pool (on ``aboutToQuit``).

    Returns False when some task did not stop in time.
    """
    for task in list(_ACTIVE):
        task.cancel()
    return (pool or QThreadPool.globalInstance()).waitForDone(timeout_ms)


def run_with_progress(
    parent: QWidget | None,
    fn: Callable[[TaskContext], Any],
    *,
    label: str,
    title: str = "",
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    minimum_duration_ms: int = 400,
    pool: QThreadPool | None = None,
) -> tuple[Task, QProgressDialog]:
    """Like :func:`run_in_background`, with a window-modal cancellable progress dialog.

    ``label`` and ``title`` are already translated. The dialog appears only
    when the work takes longer than ``minimum_duration_ms``; Cancel asks the
    task to stop and the dialog closes when the task finishes.
    """
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title or _("Please wait"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(minimum_duration_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)

    def progress(done: int, total: int, text: str) -> None:
        if not is_valid_qobject(dialog):  # deleted with its parent; the task is cancelled
            return
        dialog.setMaximum(max(total, 0))
        if total:
            dialog.setValue(min(done, total))
        if text:
            dialog.setLabelText(text)

    task = run_in_background(
        fn,
        on_success=on_success,
        on_failure=on_failure,
        on_progress=progress,
        on_cancelled=on_cancelled,
        pool=pool,
        parent=parent,
    )

    def cancel() -> None:
        task.cancel()
        dialog.setLabelText(_("Cancelling…"))

    dialog.canceled.connect(cancel)
    task.finished.connect(dialog.close)
    task.finished.connect(dialog.deleteLater)
    return task, dialog
