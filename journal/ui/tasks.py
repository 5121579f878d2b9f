"""The one way to run work off the GUI thread: ``run_task(work, ...)`` on a QThreadPool.

Usage::

    def work(task: TaskHandle) -> ImportResult:          # runs on a pool thread
        with task.open_journal() as journal:              # this thread's own connection
            for n, path in enumerate(paths, 1):
                if task.cancelled:                        # Cancel was pressed
                    raise TaskCancelled()                 # or return a partial result
                ...
                task.progress(n, len(paths), path.name)   # shown on the GUI thread
        return result

    job = run_task(work, data_dir=journal.data_dir, parent=widget,
                   on_success=show_result,                # GUI thread: the return value
                   on_failure=show_problem,               # GUI thread: the exception
                   on_progress=dialog_update)             # GUI thread: (done, total, text)
    job.cancel()                                          # asks the work to stop

Rules:
- The work function touches no widget and no QPixmap (QImage is fine) and never uses
  the GUI thread's ``Journal``: SQLite connections are made per thread
  (``check_same_thread`` is on). ``task.open_journal()`` opens one for this task and
  closes it when the task ends.
- Everything the GUI hears (``progressed``, ``succeeded``, ``failed``, ``cancelled``,
  ``finished``) arrives by queued signals on the GUI thread, so callbacks may touch
  widgets. ``finished`` comes last, always exactly once.
- Without ``on_failure``, a ``JournalError`` is shown next to ``parent`` and anything
  else goes to the log and the error dialog (``journal.ui.errors``).
- A task cancelled before it started never runs (``cancelled`` only). A work function
  that sees ``task.cancelled`` may raise ``TaskCancelled`` (``cancelled`` is emitted)
  or return what it has done (``succeeded``).
- Pools: ``"work"`` (one thread: imports, the report, backups - one at a time, in
  order), ``"thumbnails"`` (two threads), ``"images"`` (one thread, full-size photos) and
  ``"quick"`` (one thread: short reads that must not wait behind an import, e.g. Today's
  product marks).
- At exit the app calls ``cancel_all()`` then ``wait_for_pools()``: work that checks
  ``task.cancelled`` ends early; nothing is cut off in the middle of a write.
  ``priority``: higher runs first among waiting tasks (thumbnails: newest request first).
- Tests wait with ``qtbot.waitSignal(job.finished)``; ``job.wait(timeout)`` blocks (for
  scripts and the CLI-like benchmarks) and then delivers the outcome.
"""
from __future__ import annotations

import importlib
import itertools
import logging
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal

log = logging.getLogger(__name__)

POOLS = {"work": 1, "thumbnails": 2, "images": 1, "quick": 1}
_pools: dict[str, QThreadPool] = {}
_running: set["Task"] = set()  # tasks alive until `finished` (Python must not collect them)
_ids = itertools.count(1)


class TaskCancelled(Exception):
    """Raised by a work function that stops because the user cancelled."""


def pool(name: str) -> QThreadPool:
    """The shared thread pool `name` (one of POOLS), made on first use."""
    if not _pools:
        _share_the_heap()
    if name not in _pools:
        threads = QThreadPool()
        threads.setMaxThreadCount(POOLS[name])
        threads.setExpiryTimeout(30_000)
        _pools[name] = threads
    return _pools[name]


MALLOC_ARENAS = 2


def _share_the_heap() -> None:
    """Let the pools' threads allocate from a shared heap (glibc only; elsewhere nothing).

    glibc gives each new thread a heap ("arena") of its own, up to 8 per core. What a task
    frees there (a report's charts, the photos it decoded) stays counted in the app's
    memory, where the GUI thread can never use it: with five pool threads that was about
    10 MB more at the peak after visiting every page. With two arenas, memory a task frees
    serves the next allocation of any thread; the threads hardly ever allocate at the same
    moment (Python runs one at a time), so nothing waits for the shared heap.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        M_ARENA_MAX = -8  # (malloc.h)
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    except (OSError, AttributeError):  # not glibc (musl has no arenas to share)
        pass


class TaskHandle:
    """What the work function gets: progress, cancellation and its own journal."""

    def __init__(self, relay: "_Relay", cancel: threading.Event, data_dir: Path | None):
        self._relay = relay
        self._cancel = cancel
        self._data_dir = data_dir
        self._journal = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        """Raise TaskCancelled if the user cancelled."""
        if self._cancel.is_set():
            raise TaskCancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Tell the GUI how far the work is (queued: cheap, never waits for the GUI)."""
        try:
            self._relay.progressed.emit(int(done), int(total), str(text))
        except RuntimeError:  # the app is being torn down
            pass

    def open_journal(self):
        """This task's own Journal connection (closed when the task ends)."""
        if self._data_dir is None:
            raise RuntimeError("run_task(..., data_dir=...) is needed to open the journal")
        if self._journal is None:
            from journal.store.journal import Journal

            self._journal = _KeepOpen(Journal.open(self._data_dir))
        return self._journal

    def _close(self) -> None:
        if self._journal is not None:
            self._journal.close_for_real()
            self._journal = None


class _KeepOpen:
    """The task's Journal; ``with task.open_journal() as j`` does not close it early."""

    def __init__(self, journal: Journal):
        self._journal = journal

    def __getattr__(self, name):
        return getattr(self._journal, name)

    def __enter__(self):
        return self._journal

    def __exit__(self, *exc) -> None:
        pass

    def close(self) -> None:
        pass

    def close_for_real(self) -> None:
        self._journal.close()


class _Relay(QObject):
    """Made on the GUI thread, emitted from the worker: every connection to it is queued."""

    progressed = Signal(int, int, str)
    done = Signal(str, object)  # ("succeeded" | "failed" | "cancelled", value)


class _Runnable(QRunnable):
    def __init__(self, task: "Task", work: Callable, handle: TaskHandle):
        super().__init__()
        self.setAutoDelete(True)
        self._task, self._work, self._handle = task, work, handle
        self._relay = task._relay

    def run(self) -> None:
        relay, handle = self._relay, self._handle
        try:
            if handle.cancelled:
                outcome = ("cancelled", None)
            else:
                outcome = ("succeeded", self._work(handle))
        except TaskCancelled:
            outcome = ("cancelled", None)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            outcome = ("failed", exc)
        finally:
            try:
                handle._close()
            except Exception:  # noqa: BLE001 - closing must not hide the outcome
                log.exception("closing a task's journal failed")
        finished = self._task._finished_event
        self._task = self._work = self._handle = None
        try:
            relay.done.emit(*outcome)  # queued to the GUI thread...
        except RuntimeError:  # the app is being torn down: nobody is left to hear it
            pass
        finished.set()                 # ...before wait() looks for it


class Task(QObject):
    """One piece of background work; its signals arrive on the GUI thread."""

    progressed = Signal(int, int, str)   # done, total, text
    succeeded = Signal(object)           # the work function's return value
    failed = Signal(object)              # the exception it raised
    cancelled = Signal()
    finished = Signal()                  # after any of the three above

    def __init__(self, name: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self.name = name or f"task-{next(_ids)}"
        self.result: Any = None
        self.error: BaseException | None = None
        self.state = "waiting"  # running work; then "succeeded" | "failed" | "cancelled"
        self._cancel = threading.Event()
        self._finished_event = threading.Event()
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress)
        self._relay.done.connect(self._on_done)

    def cancel(self) -> None:
        """Ask the work to stop (it checks ``task.cancelled``); waiting work never starts."""
        self._cancel.set()

    def is_cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_done(self) -> bool:
        return self.state != "waiting"

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until the work has ended and deliver its outcome now; True if it ended.

        For scripts and benchmarks; GUI code connects to ``finished`` instead.
        """
        if not self._finished_event.wait(timeout):
            return False
        from PySide6.QtCore import QCoreApplication

        # the outcome is queued to us: deliver it (and the progress before it) now
        QCoreApplication.sendPostedEvents(self)
        if not self.is_done():
            QCoreApplication.processEvents()
        return self.is_done()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if not self.is_done():
            self.progressed.emit(done, total, text)

    @Slot(str, object)
    def _on_done(self, state: str, value: object) -> None:
        if self.is_done():
            return
        self.state = state
        try:
            if state == "succeeded":
                self.result = value
                self.succeeded.emit(value)
            elif state == "failed":
                self.error = value
                self.failed.emit(value)
            else:
                self.cancelled.emit()
        finally:
            self.finished.emit()
            _running.discard(self)


def run_task(work: Callable[[TaskHandle], Any], *, data_dir: Path | None = None,
             parent: QObject | None = None, pool_name: str = "work", priority: int = 0,
             on_success: Callable[[Any], None] | None = None,
             on_failure: Callable[[BaseException], None] | None = None,
             on_progress: Callable[[int, int, str], None] | None = None,
             on_cancelled: Callable[[], None] | None = None, name: str = "") -> Task:
    """Start `work(handle)` on the pool `pool_name`; the Task's signals come to this thread.

    Callbacks are connected to the Task's signals (so they run on the GUI thread). A
    failure with no `on_failure` is shown: see ``journal.ui.errors.report_task_failure``.
    """
    import shiboken6

    # a task deleted with its parent before its work ended hears nothing more: forget it
    _running.difference_update([t for t in _running if not shiboken6.isValid(t)])
    task = Task(name, parent)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    if on_success is not None:
        task.succeeded.connect(on_success)
    if on_cancelled is not None:
        task.cancelled.connect(on_cancelled)
    if on_failure is not None:
        task.failed.connect(on_failure)
    else:
        def shown(exc, task=task):
            from journal.ui.errors import report_task_failure

            report_task_failure(exc, task.parent(), task.name)
        task.failed.connect(shown)
    _running.add(task)
    handle = TaskHandle(task._relay, task._cancel, Path(data_dir) if data_dir else None)
    task.state = "waiting"
    pool(pool_name).start(_Runnable(task, work, handle), priority)
    return task


def cancel_all() -> None:
    """Ask every task not yet finished to stop (the app is closing)."""
    for task in list(_running):
        try:
            task.cancel()
        except RuntimeError:  # deleted meanwhile
            pass


def wait_for_pools(timeout_ms: int = 30_000) -> bool:
    """Block until every pool is idle (the app's exit; tests' clean-up)."""
    return all(threads.waitForDone(timeout_ms) for threads in _pools.values())


# -- imports that give way to the GUI thread ---------------------------------------------------
_gui_first_until = 0.0  # time.perf_counter() until which the GUI thread goes first


def gui_goes_first(seconds: float) -> None:
    """(GUI thread) The GUI thread has work for about `seconds` that runs a piece at a time
    between passes of the event loop (a page just opened: Qt lays out a long list in
    batches, its first thumbnails arrive), so its heartbeat keeps ticking: background
    imports that give way (``import_giving_way``) wait meanwhile all the same."""
    global _gui_first_until
    _gui_first_until = max(_gui_first_until, time.perf_counter() + seconds)


def gui_waits_for_imports() -> None:
    """(GUI thread) What was opened waits for a background import (Trends for matplotlib):
    the GUI thread no longer goes first."""
    global _gui_first_until
    _gui_first_until = 0.0


class GuiHeartbeat(QObject):
    """Ticks on the GUI thread while it runs its event loop; ``busy()`` (any thread) is True
    when the GUI thread has not been back there for a while (building a page, painting) or
    was said to go first (``gui_goes_first``), unless it is importing a module (it may be
    waiting for one a worker is importing)."""

    BUSY_AFTER = 0.03  # seconds without a tick

    def __init__(self, parent: QObject | None = None):
        from PySide6.QtCore import QTimer

        super().__init__(parent)
        self._gui_thread = threading.get_ident()
        self._beat = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        self._beat = time.perf_counter()

    def busy(self) -> bool:
        now = time.perf_counter()
        if now - self._beat <= self.BUSY_AFTER and now >= _gui_first_until:
            return False
        frame = sys._current_frames().get(self._gui_thread)
        while frame is not None:
            if frame.f_code.co_name == "_find_and_load":
                return False
            frame = frame.f_back
        return True

    def stop(self) -> None:
        self._timer.stop()


class _GiveWay:
    """Before each module this thread imports, wait while the GUI thread is busy (the waits
    add up to at most `max_wait`: a GUI thread that waits for one of these very modules
    cannot tick, and gets it at the latest then). A meta path finder: ``find_spec`` is all
    the import system asks of one (importlib.abc.MetaPathFinder is not imported for it: it
    brings importlib.resources, ~1 ms on the way to the first window)."""

    def __init__(self, busy: Callable[[], bool], max_wait: float):
        self.thread, self.busy, self.left = threading.get_ident(), busy, max_wait

    def find_spec(self, _name, _path=None, _target=None):
        if threading.get_ident() == self.thread:
            while self.left > 0 and self.busy():
                time.sleep(0.005)  # (without the GIL: the GUI thread runs)
                self.left -= 0.005
        return None  # the usual finders find it


def import_giving_way(modules: list[str], gui_busy: Callable[[], bool],
                      max_wait: float = 1.0,
                      cancelled: Callable[[], bool] = lambda: False) -> None:
    """(a pool thread) Import `modules`, letting the GUI thread go first: Python runs one
    thread at a time, so a long import beside a page being built makes both slow; this one
    pauses between modules while ``gui_busy()`` and fills the GUI thread's idle time.
    Stops before the next of `modules` once ``cancelled()`` (the app is closing)."""
    finder = _GiveWay(gui_busy, max_wait)
    sys.meta_path.insert(0, finder)
    try:
        for module in modules:
            if cancelled():
                break
            importlib.import_module(module)
    finally:
        sys.meta_path.remove(finder)
