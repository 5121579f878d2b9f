"""Trends and the app's background import of matplotlib (journal/ui/warm_up.py).

A page made while the import is under way shows its controls and table at once and makes
its charts when the import is done. An earlier version crashed when the page (or the
window) went away with the import under way and its end then touched the dead page: these
tests hold the import (a work function waiting on an Event) while pages come and go.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel

from journal.ui import warm_up as warm_up_module


pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value 'Qt.*AA_UseHighDpiPixmaps:DeprecationWarning")


@pytest.fixture
def held(qapp, monkeypatch, qtbot):
    """The app's warm-up made anew, its work held until `held.release()`; `held.warm_up`."""
    release = threading.Event()
    started = threading.Event()

    def work(labels, gui_busy, cancelled):
        started.set()
        assert release.wait(30), "the test never released the warm-up"
        import journal.charts  # noqa: F401 - what the real work ends with (here: imported)

    warm = warm_up_module.WarmUp(qapp)
    monkeypatch.setattr(warm_up_module, "_app_warm_up", warm)
    monkeypatch.setattr(warm_up_module, "warm_up_work", work)

    yield SimpleNamespace(warm_up=warm, started=started, release=release.set)
    release.set()
    if warm.in_flight():
        with qtbot.waitSignal(warm.done, timeout=30_000):
            pass
    warm.deleteLater()


def _delete(widget) -> None:
    widget.hide()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def _placeholders(page) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel)
            if label.text() == "Drawing charts…" and label.isVisibleTo(page)]


def test_a_page_made_during_the_import_is_usable_and_gets_its_charts_when_it_ends(hub, held,
                                                                                  qtbot):
    from journal.ui.trends import TrendsPage

    held.warm_up.start()
    assert held.started.wait(10)
    page = TrendsPage(hub)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    assert not page.charts_ready
    assert len(_placeholders(page)) == 2  # the timeline and the recovery curves
    assert page.table.columnCount() == 2  # the table is there already: two sessions
    assert page.save_image("timeline", "/tmp/never.png") is None
    page.symptom_boxes["swelling"].setChecked(True)  # the controls work meanwhile
    held.release()
    with qtbot.waitSignal(held.warm_up.done, timeout=30_000):
        pass
    assert page.charts_ready
    qtbot.waitUntil(lambda: page.timeline_canvas.isVisible())
    assert _placeholders(page) == []
    gids = {artist.get_gid() for artist in page.timeline_fig._journal_timeline[0].get_children()}
    assert "symptom-swelling" in gids  # chosen while the charts were on their way


def test_a_page_deleted_during_the_import_is_left_alone_when_it_ends(hub, held, qtbot):
    from journal.ui.trends import TrendsPage

    held.warm_up.start()
    assert held.started.wait(10)
    gone = TrendsPage(hub)  # (the Python object outlives the C++ one: the old crash)
    gone.show()
    qtbot.waitExposed(gone)
    _delete(gone)
    hidden = TrendsPage(hub)  # never shown: makes its charts, draws them when shown
    qtbot.addWidget(hidden)
    held.release()
    with qtbot.waitSignal(held.warm_up.done, timeout=30_000):
        pass
    QCoreApplication.processEvents()
    assert hidden.charts_ready
    assert held.warm_up.state == "done"
    from journal.ui.trends import TrendsPage as again

    assert again(hub).charts_ready  # after the import: the charts at once


def test_switching_pages_fast_and_closing_the_window_during_the_import(hub, held, qtbot):
    from journal.ui.main_window import PAGES, MainWindow

    window = MainWindow(hub)
    window.warm_up_after_show = True
    window.show()
    qtbot.waitUntil(held.started.is_set, timeout=10_000)  # begun after the first paint
    for _ in range(3):
        for key, *_rest in PAGES:
            window.show_page(key)
            QCoreApplication.processEvents()
    trends = window.page("trends")
    assert not trends.charts_ready
    window.show_page("trends")
    held.release()
    with qtbot.waitSignal(held.warm_up.done, timeout=30_000):
        pass
    assert trends.charts_ready
    qtbot.waitUntil(lambda: trends.timeline_canvas.isVisible())
    _delete(window)


def test_a_window_deleted_during_the_import(hub, held, qtbot):
    from journal.ui.main_window import MainWindow

    window = MainWindow(hub)
    window.warm_up_after_show = True
    window.show()
    qtbot.waitUntil(held.started.is_set, timeout=10_000)
    window.show_page("trends")  # made with its placeholders, then the window goes
    QCoreApplication.processEvents()
    window.close()
    _delete(window)
    held.release()
    with qtbot.waitSignal(held.warm_up.done, timeout=30_000):
        pass
    QCoreApplication.processEvents()
    assert held.warm_up.state == "done"


def test_trends_clicked_before_the_warm_up_began_starts_it_and_does_not_wait(hub, held, qtbot,
                                                                                 monkeypatch):
    import sys as sys_

    from journal.ui.main_window import MainWindow

    monkeypatch.delitem(sys_.modules, "journal.charts")  # as in a fresh app
    monkeypatch.setattr(warm_up_module, "DELAY_MS", 60_000)
    window = MainWindow(hub)
    window.warm_up_after_show = True
    window.show()
    qtbot.waitExposed(window)
    assert held.warm_up.state == "idle"
    window.show_page("trends")
    assert held.warm_up.in_flight()
    assert not window.page("trends").charts_ready
    held.release()
    with qtbot.waitSignal(held.warm_up.done, timeout=30_000):
        pass
    assert window.page("trends").charts_ready
    _delete(window)


def test_waiting_for_the_import_on_the_gui_thread_lets_the_worker_run(qapp, monkeypatch):
    """wait(): the GUI thread blocks, and the worker must not give way to it meanwhile."""
    release, seen = threading.Event(), []

    def work(labels, gui_busy, cancelled):
        assert release.wait(30)
        seen.append(gui_busy())

    warm = warm_up_module.WarmUp(qapp)
    heard = []
    warm.done.connect(lambda: heard.append("done"))
    warm.start(work=work)
    threading.Timer(0.1, release.set).start()
    assert warm.wait(30)
    assert seen == [False] and heard == ["done"] and warm.state == "done"
    assert warm.wait(1)  # nothing under way: at once
    warm.deleteLater()


QUIT_DURING_IMPORT = """
import argparse, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import journal.ui.errors
journal.ui.errors.install_excepthook = lambda: None   # tracebacks to stderr
from journal.ui.app import run_app
from journal.ui.warm_up import app_warm_up

app = QApplication(sys.argv[:1])
done = []

def poll():
    window = next((w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"
                   or type(w).__name__ == "MainWindow"), None)
    if window is None or not app_warm_up().in_flight():
        return
    timer.stop()
    if {mode!r} == "trends":
        window.show_page("trends")
        print("page made during the import:", not window.page("trends").charts_ready)
    app.quit()

timer = QTimer()
timer.timeout.connect(poll)
timer.start(1)
code = run_app(argparse.Namespace(data_dir=sys.argv[1], quit_after_show=False))
print("exit", code, "import state", app_warm_up().state)
sys.exit(code)
"""


@pytest.mark.parametrize("mode", ["trends", "quit"])
def test_quitting_the_app_during_the_import(tmp_path, mode):
    """The real app, its real import of matplotlib: quit while it runs (a Trends page made
    meanwhile, or not). No crash, no traceback, the journal closed as usual."""
    from tests.conftest import ROOT

    script = tmp_path / "quit_during_import.py"
    script.write_text(textwrap.dedent(QUIT_DURING_IMPORT.format(mode=mode)))
    data = tmp_path / "journal-data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JOURNAL_LOCALE": "en_GB"}
    result = subprocess.run([sys.executable, str(script), str(data)], capture_output=True,
                            text=True, env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "exit 0" in result.stdout
    if mode == "trends":
        assert "page made during the import: True" in result.stdout


def test_a_trends_page_waiting_for_the_import_does_not_make_it_wait(hub, held, qtbot,
                                                                    monkeypatch):
    """Opening a page makes the warm-up's import give way for a moment (tasks.gui_goes_first);
    Trends, which waits for that import, takes that back."""
    from journal.ui import tasks
    from journal.ui.trends import TrendsPage

    held.warm_up.start()
    assert held.started.wait(10)
    monkeypatch.setattr(tasks, "_gui_first_until", 0.0)
    tasks.gui_goes_first(30)
    page = TrendsPage(hub)
    qtbot.addWidget(page)
    assert not page.charts_ready
    assert tasks._gui_first_until == 0.0
