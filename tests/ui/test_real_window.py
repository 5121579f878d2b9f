"""The app on a real X server (Xvfb) with Qt's xcb platform, not offscreen.

Each run is a real process: it proves the system libraries the xcb plugin needs are there
(a missing one aborts the process with exit 134), that a window really maps, and that a day
logged with real mouse clicks and typing is saved. Without Xvfb the tests skip on a
developer's machine and FAIL in CI (CI=true), so CI can never pass without a real window.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest

from journal.store.journal import Journal
from tests.conftest import ROOT


def _xvfb_missing(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is not installed: CI must prove a real window (run .ci/install)")
    pytest.skip(f"{what} is not installed (.ci/install installs it)")


@pytest.fixture(scope="module")
def display():
    """A private Xvfb server; its display name (e.g. ':5'), once it accepts clients."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        _xvfb_missing("Xvfb")
    read_end, write_end = os.pipe()
    # -displayfd: Xvfb picks a free display and writes its number there once it is ready.
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        number = ready.readline().strip()  # EOF (empty) if the server died
    if not number:
        server.wait(timeout=10)
        pytest.fail(f"Xvfb did not start: {server.stderr.read().decode(errors='replace')}")
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)
    server.stderr.close()


def _xcb_env(display: str, data_dir) -> dict:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "JOURNAL_DATA_DIR": str(data_dir)}
    env.pop("WAYLAND_DISPLAY", None)
    return env


# Runs in the child: the real start-up path (lock, checked open, hub, main window), then a
# day logged with the mouse and keyboard once the window is exposed, saved with the button.
LOG_A_DAY = r"""
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from journal.paths import resolve_data_dir
from journal.ui.app import (close_journal, load_style, lock_journal, open_checked_journal,
                            set_app_icon, set_app_identity, window_settings)
from journal.ui.hub import Hub
from journal.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
assert QGuiApplication.platformName() == "xcb", QGuiApplication.platformName()
set_app_identity(app)
set_app_icon(app)
load_style(app)
data_dir = resolve_data_dir(None)
lock = lock_journal(data_dir)
journal = open_checked_journal(data_dir, interactive=False)
hub = Hub(journal, window_settings(data_dir))
window = MainWindow(hub)
window.show()
result = {}

def log_a_day():
    if not window.windowHandle().isExposed():
        QTimer.singleShot(20, log_a_day)  # not mapped yet: look again on the next turn
        return
    today = window.page("today")
    QTest.mouseClick(today.ratings["redness"].group.button(4), Qt.LeftButton)
    today.note.setFocus()
    QTest.keyClicks(today.note, "typed on a real screen")
    QTest.mouseClick(today.save_button, Qt.LeftButton)
    result["window"] = window.windowHandle().winId() != 0 and not window.windowIcon().isNull()
    app.quit()

QTimer.singleShot(0, log_a_day)
QTimer.singleShot(30000, lambda: app.exit(3))  # never hang the test run
code = app.exec()
close_journal(journal, backup=False)
lock.unlock()
print("exposed" if result.get("window") else "not exposed")
sys.exit(code)
"""


def test_log_a_day_in_a_real_x_window(display, data_dir):
    run = subprocess.run([sys.executable, "-c", LOG_A_DAY], cwd=ROOT, env=_xcb_env(display, data_dir),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "exposed"
    with Journal.open(data_dir) as journal:
        entry = journal.entry(dt.date.today())
    assert entry is not None and entry.redness == 4
    assert entry.note == "typed on a real screen"


def test_app_starts_and_paints_on_xcb(display, data_dir):
    """`main.py --quit-after-show` as a user would start it, on the real X server."""
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "--quit-after-show"],
                         env=_xcb_env(display, data_dir), capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Could not load the Qt platform plugin" not in run.stderr
    assert (data_dir / "journal.db").exists()


# The program as main.py runs it, with a note printed if Python's teardown runs; with
# "copy", text is copied in the app just after the first paint.
QUIT_AND_TELL = r"""
import atexit, sys
atexit.register(lambda: print("teardown ran", flush=True))
if sys.argv.pop() == "copy":
    from journal.ui.widgets import first_paint
    real = first_paint.after_first_paint
    def copied_first(widget, callback, delay_ms=0):
        def run():
            from PySide6.QtWidgets import QApplication
            QApplication.clipboard().setText("copied in the app")
            callback()
        real(widget, run, delay_ms)
    first_paint.after_first_paint = copied_first
sys.argv = ["main.py", "--quit-after-show"]
from journal.cli import run
run()
"""


@pytest.mark.parametrize("copy", [False, True])
def test_the_process_ends_at_once_unless_the_clipboard_holds_a_copy(display, data_dir, copy):
    """After an orderly close the process skips Qt's and Python's teardown; with text
    copied in the app it does not, so that Qt hands the text to the clipboard manager."""
    run = subprocess.run([sys.executable, "-c", QUIT_AND_TELL, "copy" if copy else "no"],
                         cwd=ROOT, env=_xcb_env(display, data_dir), capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert ("teardown ran" in run.stdout) == copy
    assert (data_dir / "window.ini").exists()  # the window's place, written on close
    assert not (data_dir / "journal.db-wal").exists()  # the journal closed
    with Journal.open(data_dir):  # and its lock released
        pass
