"""Start-up: the first window without Babel (the few dates it shows are remembered from the
last start and checked with Babel just after the first paint), and what waits for that paint."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from journal import format as fmt
from journal.ui.app import (
    START_TEXTS, check_start_texts, remember_start_texts, store_start_texts, window_settings,
)
from journal.ui.hub import Hub

TODAY = dt.date(2026, 4, 7)


def _start(data_dir) -> set[str]:
    """The app, started and quit after its first paint: the modules it imported."""
    from tests.conftest import ROOT

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JOURNAL_LOCALE": "de_DE"}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(ROOT / "main.py"), "--data-dir", str(data_dir),
         "--quit-after-show"], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:")}


def test_the_second_start_paints_without_babel(small_journal):
    data_dir = small_journal.data_dir
    small_journal.close()
    first = _start(data_dir)
    assert "babel" in first  # worked out, and kept for the next start
    kept = (data_dir / START_TEXTS).read_text(encoding="utf-8")
    assert "qt|weekday|de_DE\tddd, d. MMM yyyy" in kept
    second = _start(data_dir)
    assert "journal.ui.widgets.rating" in second  # (Today was made)
    assert "babel" not in second


def test_stale_texts_are_corrected_just_after_the_first_paint(small_journal, monkeypatch,
                                                               qtbot):
    from journal.ui.main_window import MainWindow

    monkeypatch.setattr(Hub, "today", staticmethod(lambda: TODAY))
    fmt.set_locale("en_GB")
    for cached in (fmt._usable, fmt._skeleton, fmt._number):
        cached.cache_clear()
    data_dir = small_journal.data_dir
    (data_dir / "cache").mkdir(exist_ok=True)
    (data_dir / START_TEXTS).write_text(
        "qt|weekday|en_GB\tyyyy-MM-dd\ndate|2026-04-05|en_GB\tstale date", encoding="utf-8")
    remember_start_texts(data_dir)
    try:
        window = MainWindow(Hub(small_journal, window_settings(data_dir)))
        qtbot.addWidget(window)
        today = window.page("today")
        assert today.date_edit.displayFormat() == "yyyy-MM-dd"  # as remembered (stale)
        assert "stale\u00a0date" in today.day_label.text()
        check_start_texts(window)
        assert today.date_edit.displayFormat() == "ddd, d MMM yyyy"
        assert "5\u00a0Apr\u00a02026" in today.day_label.text()
        assert "stale" not in today.day_label.text()
        store_start_texts(data_dir)
        kept = (data_dir / START_TEXTS).read_text(encoding="utf-8")
        assert "date|2026-04-05|en_GB\t5 Apr 2026" in kept and "stale" not in kept
    finally:
        fmt.check_remembered()
        for cached in (fmt._usable, fmt._skeleton, fmt._number):
            cached.cache_clear()


STYLED_AFTER_BUILT = """
import argparse, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from journal.ui import main_window
from journal.ui.app import run_app
from journal.ui.widgets import first_paint

app = QApplication(sys.argv[:1])
log = Path(sys.argv[1]) / "logs" / "journal.log"
seen = []

class Window(main_window.MainWindow):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        seen.append(("built", bool(app.styleSheet())))
main_window.MainWindow = Window
real = first_paint.after_first_paint

def watched(widget, callback, delay_ms=0):
    if not isinstance(widget, Window):
        return real(widget, callback, delay_ms)
    def noted():
        seen.append(("painted", bool(app.styleSheet()), not app.windowIcon().isNull(),
                     log.exists()))
        callback()
        seen.append(("after", not app.windowIcon().isNull(),
                     log.exists() and "started" in log.read_text()))
        QTimer.singleShot(0, app.quit)
    real(widget, noted, delay_ms)
first_paint.after_first_paint = watched
run_app(argparse.Namespace(data_dir=sys.argv[1], quit_after_show=False))
print(seen)
"""


def test_the_window_is_styled_once_built_and_the_icon_and_log_follow_the_first_paint(tmp_path):
    """Built without the style sheet (set before the first paint, Qt styles each widget
    once); the icon and the log's first line come just after that paint."""
    import textwrap

    from tests.conftest import ROOT

    script = tmp_path / "styled.py"
    script.write_text(textwrap.dedent(STYLED_AFTER_BUILT))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JOURNAL_LOCALE": "en_GB"}
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "journal-data")],
                            capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == str(
        [("built", False), ("painted", True, False, False), ("after", True, True)])


def test_opening_the_window_does_not_build_the_commands_parsers():
    from journal import cli

    args = cli._window_args(["--data-dir", "some dir", "--quit-after-show"])
    assert args.command is None and args.data_dir == "some dir" and args.quit_after_show
    assert cli._window_args([]).command is None
    assert cli._window_args(["--data-dir=x"]).data_dir == "x"
    for argv in (["demo"], ["--data-dir", "x", "session", "list"], ["--help"], ["-h"],
                 ["--bogus"], ["--data-dir"]):
        assert cli._window_args(argv) is None, argv  # the whole parser, as before


def test_the_gui_imports_without_pysides_source_reading_hook():
    """PySide6's __feature__ hook read the source of every module imported after it (~15 ms
    of the start-up); journal.ui puts the import it wrapped back, Qt's classes still load."""
    import builtins

    import journal.ui  # noqa: F401

    assert builtins.__import__ is not getattr(builtins, "__feature_import__", None)
    from PySide6.QtWidgets import QDialogButtonBox  # (a class PySide6 makes on first import)

    assert QDialogButtonBox.StandardButton.Ok.value > 0
