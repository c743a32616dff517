"""Background tasks: callbacks on the GUI thread, progress, cancellation."""

from __future__ import annotations

import sys
import threading

import pytest

from di_desk.ui.qt import QPushButton, QThreadPool, QWidget
from di_desk.ui.workers import Cancelled, run_in_background, run_with_progress


@pytest.fixture
def pool(qapp):
    pool = QThreadPool()
    yield pool
    pool.waitForDone(5000)


def test_success_callback_runs_on_the_gui_thread(qtbot, pool):
    seen = {}

    def work(ctx):
        seen["worker"] = threading.current_thread()
        return 6 * 7

    def done(result):
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    task = run_in_background(work, on_success=done, pool=pool)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["callback"] is threading.main_thread()
    assert seen["worker"] is not threading.main_thread()
    assert not task.is_running()


def test_failure_callback_gets_the_exception(qtbot, pool):
    failures = []

    def work(ctx):
        raise ValueError("bad file")

    task = run_in_background(work, on_success=pytest.fail, on_failure=failures.append, pool=pool)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert len(failures) == 1
    assert isinstance(failures[0], ValueError) and str(failures[0]) == "bad file"
    assert failures[0].__traceback__ is not None


def test_failure_without_callback_goes_to_the_excepthook(qtbot, pool, monkeypatch):
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc_info: hooked.append(exc_info))
    task = run_in_background(lambda ctx: 1 / 0, pool=pool)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert hooked and hooked[0][0] is ZeroDivisionError


def test_progress_reports_arrive_in_order(qtbot, pool):
    reports = []

    def work(ctx):
        for i in range(1, 6):
            ctx.report(i, 5, f"step {i}")
        return "ok"

    task = run_in_background(work, on_progress=lambda *args: reports.append(args), pool=pool)
    with qtbot.waitSignal(task.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == ["ok"]
    assert reports == [(i, 5, f"step {i}") for i in range(1, 6)]


def test_cancel_stops_a_cooperative_task(qtbot, pool):
    started = threading.Event()
    steps = []

    def work(ctx):
        started.set()
        while True:
            ctx.check_cancelled()
            steps.append(1)
            threading.Event().wait(0.005)

    cancelled = []
    task = run_in_background(
        work,
        on_success=pytest.fail,
        on_failure=pytest.fail,
        on_cancelled=lambda: cancelled.append(True),
        pool=pool,
    )
    assert started.wait(5)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.cancel()
    assert cancelled == [True]
    assert task.is_cancelled()


def test_a_task_whose_owner_is_gone_calls_nobody(qtbot, pool):
    gate = threading.Event()
    owner = QWidget()
    called = []
    task = run_in_background(
        lambda ctx: gate.wait(5), on_success=called.append, parent=owner, pool=pool
    )
    owner.deleteLater()
    qtbot.wait(10)
    with qtbot.waitSignal(task.finished, timeout=5000):
        gate.set()
    assert called == []
    assert task.is_cancelled()


def test_progress_dialog_follows_and_closes(qtbot, pool):
    parent = QWidget()
    qtbot.addWidget(parent)
    gate = threading.Event()
    results = []

    def work(ctx):
        ctx.report(1, 4, "first quarter")
        gate.wait(5)
        return "done"

    task, dialog = run_with_progress(
        parent,
        work,
        label="Working",
        on_success=results.append,
        minimum_duration_ms=0,
        pool=pool,
    )
    qtbot.waitUntil(lambda: dialog.labelText() == "first quarter", timeout=5000)
    assert dialog.maximum() == 4 and dialog.value() == 1
    with qtbot.waitSignal(task.finished, timeout=5000):
        gate.set()
    assert results == ["done"]
    assert not dialog.isVisible()


def test_progress_after_the_parent_is_gone_is_dropped(qtbot, pool):
    """A report that arrives after the parent (and its progress dialog) was deleted
    reaches nobody: no error for the user."""
    parent = QWidget()
    deleted, reported = threading.Event(), threading.Event()

    def work(ctx):
        deleted.wait(5)
        ctx.report(2, 4, "late")
        reported.set()

    task, _dialog = run_with_progress(parent, work, label="Working", pool=pool)
    parent.deleteLater()
    qtbot.wait(10)
    deleted.set()
    assert reported.wait(5)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass  # the late report and the end are delivered here, without an exception


def test_progress_dialog_cancel_cancels_the_task(qtbot, pool):
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(ctx):
        while True:
            ctx.check_cancelled()
            threading.Event().wait(0.005)

    cancelled = []
    task, dialog = run_with_progress(
        parent,
        work,
        label="Working",
        on_cancelled=lambda: cancelled.append(1),
        minimum_duration_ms=0,
        pool=pool,
    )
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    with qtbot.waitSignal(task.finished, timeout=5000):
        dialog.findChild(QPushButton).click()
    assert cancelled == [1]


def test_cancelled_is_an_exception_a_task_may_raise_itself(qtbot, pool):
    def work(ctx):
        raise Cancelled

    with qtbot.waitSignal(run_in_background(work, pool=pool).cancelled, timeout=5000):
        pass


def test_shutdown_cancels_running_tasks(qtbot, pool):
    from di_desk.ui.workers import shutdown

    started = threading.Event()

    def work(ctx):
        started.set()
        while True:
            ctx.check_cancelled()
            threading.Event().wait(0.005)

    task = run_in_background(work, pool=pool)
    assert started.wait(5)
    assert shutdown(5000, pool=pool)
    assert task.is_cancelled()
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        pass
