"""The background runner: outcomes and progress on the GUI thread, cancellation, own journal."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from journal.models import JournalError, Session
from journal.ui.tasks import TaskCancelled, run_task


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    gui = threading.current_thread()
    seen = []

    def work(task):
        for n in range(1, 4):
            task.progress(n, 3, f"step {n}")
        return threading.current_thread().name

    with qtbot.waitSignal(run_task(work, on_progress=lambda *a: seen.append(
            (a, threading.current_thread() is gui)),
            on_success=lambda r: seen.append(("result", r))).finished, timeout=5000):
        pass
    assert seen[:3] == [((n, 3, f"step {n}"), True) for n in (1, 2, 3)]
    assert seen[3][0] == "result" and seen[3][1] != gui.name  # ran elsewhere


def test_a_failure_is_delivered_with_its_exception(qtbot):
    failures = []

    def work(task):
        raise JournalError("disk full")

    job = run_task(work, on_failure=failures.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert job.state == "failed" and isinstance(failures[0], JournalError)
    assert str(job.error) == "disk full"


def test_cancel_stops_the_work_where_it_checks(qtbot):
    started, release = threading.Event(), threading.Event()
    outcomes = []

    def work(task):
        started.set()
        release.wait(5)
        task.check_cancelled()
        return "not reached"

    job = run_task(work, on_success=outcomes.append, on_cancelled=lambda: outcomes.append("x"))
    assert started.wait(5)
    job.cancel()
    release.set()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert job.state == "cancelled" and outcomes == ["x"]


def test_a_task_cancelled_before_it_starts_never_runs(qtbot):
    gate = threading.Event()
    ran = []
    blocker = run_task(lambda task: gate.wait(5))  # the one "work" thread is busy
    waiting = run_task(lambda task: ran.append(True))
    waiting.cancel()
    gate.set()
    with qtbot.waitSignals([blocker.finished, waiting.finished], timeout=5000):
        pass
    assert waiting.state == "cancelled" and not ran


def test_newest_first_with_priorities(qtbot):
    gate = threading.Event()
    order = []
    run_task(lambda task: gate.wait(5))
    jobs = [run_task(lambda task, n=n: order.append(n), priority=n) for n in range(4)]
    gate.set()
    with qtbot.waitSignals([j.finished for j in jobs], timeout=5000):
        pass
    assert order == [3, 2, 1, 0]


def test_the_worker_opens_its_own_journal(qtbot, journal):
    from datetime import date

    journal.add_session(Session(date=date(2026, 3, 1), areas=("full face",)))

    def borrow(task):
        return journal.sessions()  # the GUI thread's connection: refused

    def own(task):
        with task.open_journal() as mine:
            return [s.date for s in mine.sessions()]

    borrowed = run_task(borrow, on_failure=lambda exc: None)
    owned = run_task(own, data_dir=journal.data_dir)
    with qtbot.waitSignals([borrowed.finished, owned.finished], timeout=5000):
        pass
    assert isinstance(borrowed.error, sqlite3.ProgrammingError)
    assert "thread" in str(borrowed.error)
    assert owned.result == [date(2026, 3, 1)]


def test_wait_delivers_the_outcome_without_an_event_loop(qapp):
    job = run_task(lambda task: 42)
    assert job.wait(5)
    assert job.state == "succeeded" and job.result == 42


def test_an_unexpected_failure_without_handler_reaches_the_error_dialog(qtbot, data_dir):
    from journal.ui import errors

    errors.setup_logging(data_dir)
    try:
        job = run_task(lambda task: 1 / 0, name="divide")
        with qtbot.waitSignal(job.finished, timeout=5000):
            pass
        dialogs = errors.open_error_dialogs()
        assert dialogs and "ZeroDivisionError" in dialogs[-1].details
        assert "background task divide failed" in errors.log_path().read_text()
        for dialog in dialogs:
            dialog.close()
    finally:
        errors.close_logging()


def test_task_cancelled_is_an_exception_the_work_may_raise(qtbot):
    def work(task):
        raise TaskCancelled()

    job = run_task(work)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        pass
    assert job.state == "cancelled"


@pytest.fixture(autouse=True)
def _pools_idle():
    yield
    from journal.ui.tasks import wait_for_pools

    assert wait_for_pools(5000)


def test_a_task_whose_parent_is_deleted_delivers_nothing(qtbot):
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QObject

    from journal.ui import tasks

    gate = threading.Event()
    owner = QObject()
    heard = []
    job = run_task(lambda task: gate.wait(5), parent=owner, on_success=heard.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(job))
    gate.set()
    assert tasks.wait_for_pools(5000)
    QCoreApplication.processEvents()  # deliver what was queued: nothing, to a deleted task
    assert heard == []
    run_task(lambda task: None).wait(5)  # the next task forgets the deleted one
    assert job not in tasks._running


def test_an_import_giving_way_waits_while_the_gui_thread_is_busy(tmp_path, monkeypatch):
    import sys

    from journal.ui.tasks import import_giving_way

    (tmp_path / "gives_way_probe.py").write_text("VALUE = 7\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "gives_way_probe", raising=False)
    busy, asked = threading.Event(), threading.Semaphore(0)
    busy.set()

    def gui_busy():
        asked.release()
        return busy.is_set()
    worker = threading.Thread(target=import_giving_way, args=(["gives_way_probe"], gui_busy, 30))
    worker.start()
    for _ in range(5):  # asked five times while busy: still waiting
        assert asked.acquire(timeout=10)
    assert "gives_way_probe" not in sys.modules
    busy.clear()
    worker.join(timeout=10)
    assert sys.modules["gives_way_probe"].VALUE == 7
    assert not any(type(f).__name__ == "_GiveWay" for f in sys.meta_path)  # removed again


def test_the_heartbeat_is_busy_only_while_the_gui_thread_is_away_from_its_event_loop(qtbot):
    import time

    from journal.ui.tasks import GuiHeartbeat

    heartbeat = GuiHeartbeat()
    qtbot.waitUntil(lambda: not heartbeat.busy())
    until = time.perf_counter() + 2 * GuiHeartbeat.BUSY_AFTER
    while time.perf_counter() < until:  # a page being built: no event loop meanwhile
        pass
    assert heartbeat.busy()
    qtbot.waitUntil(lambda: not heartbeat.busy())
    heartbeat.stop()


def test_the_heartbeat_is_busy_while_an_opened_page_goes_first_though_the_loop_turns(
        qtbot, monkeypatch):
    from journal.ui import tasks

    monkeypatch.setattr(tasks, "_gui_first_until", 0.0)
    heartbeat = tasks.GuiHeartbeat()
    qtbot.waitUntil(lambda: not heartbeat.busy())
    tasks.gui_goes_first(0.3)
    beat = heartbeat._beat
    qtbot.waitUntil(lambda: heartbeat._beat > beat)  # the event loop turns (a tick) ...
    assert heartbeat.busy()  # ... and the GUI thread still goes first
    qtbot.waitUntil(lambda: not heartbeat.busy(), timeout=2000)
    heartbeat.stop()


def test_opening_a_page_lets_it_go_first(qtbot, demo_window, monkeypatch):
    import time

    from journal.ui import main_window, tasks

    monkeypatch.setattr(tasks, "_gui_first_until", 0.0)
    demo_window.show_page("sessions")
    assert tasks._gui_first_until > time.perf_counter() + main_window.PAGE_OPENING_S / 2
