"""Screenshots of every page at the three window sizes, light and dark (not a test).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/screenshots.py OUT_DIR [--pages today,trends]
        [--sizes 760x540,1180x780,1600x1000] [--themes light,dark] [--scale 2] [--empty]

Builds the demo journal in a temporary folder (the user's journal is never touched), opens the
main window and writes OUT_DIR/<page>-<width>x<height>-<theme>.png for each combination, plus
the welcome page of an empty journal with --empty. Look at them after every change to a page.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES = ("760x540", "1180x780", "1600x1000")


def settle(app, seconds: float = 0.6) -> None:
    """Let layouts, deferred builds (after first paint) and thumbnails finish (a script: sleeps
    are fine here, unlike in tests)."""
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def settle_until(app, done, seconds: float = 30.0) -> None:
    """Process events until `done()` (or `seconds` have passed), then settle."""
    import time

    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    settle(app)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--pages", default="")
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--themes", default="light,dark")
    parser.add_argument("--scale", default="1", help="device pixel ratio (2 = high DPI)")
    parser.add_argument("--empty", action="store_true", help="also an empty journal (welcome)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale
    os.environ.setdefault("JOURNAL_LOCALE", "en_GB")

    from PySide6.QtWidgets import QApplication

    from journal.demo import build_demo
    from journal.store.journal import Journal
    from journal.ui import theme
    from journal.ui.app import load_style, window_settings
    from journal.ui.hub import Hub
    from journal.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="srj-shots-"))
    journals = []
    demo = Journal.open(folder / "demo")
    build_demo(demo)
    journals.append(("", demo))
    if args.empty:
        journals.append(("empty-", Journal.open(folder / "empty")))
    sizes = [tuple(int(n) for n in s.split("x")) for s in args.sizes.split(",") if s]
    for prefix, journal in journals:
        for name in args.themes.split(","):
            theme.apply(app, name)
            app.setStyleSheet("")  # built, then styled, as run_app does
            window = MainWindow(Hub(journal, window_settings(journal.data_dir)), welcome=True)
            load_style(app)
            window.show()
            keys = [p[0] for p in window.pages]
            wanted = [k for k in args.pages.split(",") if k] or keys
            if prefix:
                wanted = ["welcome"]
            for width, height in sizes:
                window.resize(width, height)
                for key in wanted:
                    if not prefix:  # an empty journal: what it opens on (the welcome)
                        window.show_page(key)
                    settle(app)
                    if key == "report" and not prefix:  # its preview builds in the background
                        settle_until(app, lambda: window.page("report").report is not None)
                    path = out / f"{prefix}{key}-{width}x{height}-{name}.png"
                    window.grab().save(str(path))
                    print(path)
            window.close()
            window.deleteLater()
            app.processEvents()
        journal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
