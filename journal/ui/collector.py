"""Python's garbage collector, run on the GUI thread only.

The app runs work on pool threads (journal/ui/tasks.py). With the collector on automatic,
a collection starts in whichever thread happens to allocate past the threshold, and it may
free a cycle holding Qt wrappers (a closed dialog, a page of a window gone): their C++ side
is then destroyed on a pool thread, which Qt does not allow for widgets and which crashed the
app (a segmentation fault in a page's constructor on the GUI thread, seen in the test suite
with several tasks running). Anki solved the same crash the same way: switch automatic
collection off and collect from a timer on the GUI thread, generation by generation, only
when the counts say a collection is due, so each pass stays short.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Collects garbage on the GUI thread's timer; automatic collection is off meanwhile."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> int:
        return collect_if_due(self.threshold)

    def stop(self) -> None:
        """Automatic collection on again (the app is closing)."""
        self._timer.stop()
        gc.enable()


def collect_if_due(threshold: tuple[int, int, int]) -> int:
    """The collection Python itself would have run by now (youngest generation first).

    Call it on the GUI thread only (the timer above; the tests, between two tests)."""
    first, second, third = gc.get_count()
    found = 0
    if first > threshold[0]:
        found = gc.collect(0)
        if second > threshold[1]:
            found += gc.collect(1)
            if third > threshold[2]:
                found += gc.collect(2)
    return found


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector once for the application `app` (idempotent)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector(app)
    return _collector
