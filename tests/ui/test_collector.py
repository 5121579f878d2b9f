"""Garbage is collected on the GUI thread only (journal/ui/collector.py)."""
from __future__ import annotations

import gc
import threading

from journal.ui.collector import GuiThreadCollector, collect_if_due


class _Cycle:
    def __init__(self):
        self.me = self


def test_the_collector_turns_automatic_collection_off_and_collects_when_due(qtbot):
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        gc.collect()
        freed = []
        for _ in range(collector.threshold[0] + 50):  # past the first generation's threshold
            cycle = _Cycle()
            cycle.note = threading.get_ident()
        cycle = None
        import weakref

        probe = _Cycle()
        gone = weakref.ref(probe, lambda _ref: freed.append(threading.get_ident()))
        probe = None
        assert gone() is not None  # a cycle: only a collection frees it
        qtbot.waitUntil(lambda: bool(freed), timeout=5000)  # the timer's collection
        assert freed == [threading.get_ident()]  # on this (the GUI) thread
    finally:
        collector.stop()
        if not was_enabled:
            gc.disable()


def test_collect_if_due_does_nothing_below_the_threshold():
    gc.collect()
    assert collect_if_due((10**9, 10, 10)) == 0
