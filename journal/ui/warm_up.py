"""The app's warm-up: matplotlib (and the shelf's ingredient matching) imported in the
background just after the window shows, so a first visit to Trends does not wait for it.

There is one ``WarmUp`` per application (``app_warm_up()``), a child of the QApplication:
it outlives every window and page, so its task and its ``done`` signal never belong to
something that can go away while the import runs. A page that needs matplotlib asks
``in_flight()``: if the import is under way, it shows a placeholder and connects ``done``
to a *slot of its own* (the page is then the receiver: Qt drops the connection when the
page is deleted, and the slot still checks ``shiboken6.isValid``); otherwise it imports at
once, on the GUI thread. Rules this keeps:

- the worker only imports modules and runs pure functions: every Qt object, matplotlib's
  canvases included, is made on the GUI thread, after ``done``;
- the GUI thread never imports matplotlib while the worker does (the two would wait on
  each other's module locks, and Python breaks such a cycle by handing one of them a
  half-initialised module: "module 'matplotlib' has no attribute ..."). Code that cannot
  wait for ``done`` calls ``wait()`` first, which blocks until the worker has finished;
- the journal's own modules that ``journal.charts`` needs are imported on the GUI thread
  before the worker starts, so the worker imports nothing the GUI thread may import too.
"""
from __future__ import annotations

import gc
import logging
import threading
from typing import Callable, Iterable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

log = logging.getLogger(__name__)

# Started this long after the window shows: Today's side column, built a frame after the
# first paint, goes first. A user who never goes to Trends pays only memory.
DELAY_MS = 100
MODULES = ("matplotlib.figure", "matplotlib.backends.backend_qtagg", "journal.charts")


def warm_up_work(labels: list[str], gui_busy: Callable[[], bool],
         cancelled: Callable[[], bool] = lambda: False) -> None:
    """The warm-up's work (a pool thread): pure functions and imports only."""
    from journal.trends import caution_classes_of
    from journal.ui.tasks import import_giving_way

    for label in labels:  # first: a page opened at once needs them before any chart
        caution_classes_of(label)
    import_giving_way(list(MODULES), gui_busy, cancelled=cancelled)


class WarmUp(QObject):
    """The background import; ``done`` (GUI thread) once it has ended, however it ended."""

    done = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.state = "idle"  # then "running", then "done"
        self._task = None
        self._heartbeat = None
        self._gui_waiting = threading.Event()

    def in_flight(self) -> bool:
        return self.state == "running"

    def start(self, labels: Iterable[str] = (), work: Callable | None = None) -> bool:
        """Start the import (once per app); False if it was started before.

        `work(labels, gui_busy, cancelled)` runs on a pool thread (default: warm_up_work)."""
        if self.state != "idle":
            return False
        work = work or warm_up_work
        import journal.trends  # noqa: F401 - here, not in the worker (see the docstring)
        from journal.ui.tasks import GuiHeartbeat, run_task

        self.state = "running"
        # What start-up made lives as long as the app: freezing it keeps the collections
        # (on the GUI thread only, see journal/ui/collector.py) short while the imports run.
        gc.freeze()
        heartbeat = self._heartbeat = GuiHeartbeat(self)  # (a page being built goes first)
        waiting = self._gui_waiting

        def busy() -> bool:
            return not waiting.is_set() and heartbeat.busy()
        labels = list(labels)
        self._task = run_task(lambda task: work(labels, busy, lambda: task.cancelled),
                              parent=self, name="warm-up",
                              on_success=lambda _result: gc.freeze(),
                              on_failure=self._failed)
        self._task.finished.connect(self._finished)
        return True

    def wait(self, timeout: float = 120.0) -> bool:
        """(GUI thread) Block until the import has ended and ``done`` was emitted."""
        if self.state != "running":
            return True
        self._gui_waiting.set()  # the worker must not give way to a GUI thread that waits
        try:
            self._task.wait(timeout)
        finally:
            self._gui_waiting.clear()
        return self.state != "running"

    @staticmethod
    def _failed(exc: BaseException) -> None:
        # Whoever needs the module imports it on the GUI thread and reports a failure then.
        log.warning("the background import failed: %r", exc)

    @Slot()
    def _finished(self) -> None:
        self.state = "done"
        if self._heartbeat is not None:
            self._heartbeat.stop()
        self.done.emit()


_app_warm_up: WarmUp | None = None


def app_warm_up() -> WarmUp:
    """The application's WarmUp (made on first use, a child of the QApplication)."""
    global _app_warm_up
    if _app_warm_up is None or not shiboken6.isValid(_app_warm_up):
        _app_warm_up = WarmUp(QCoreApplication.instance())
    return _app_warm_up
