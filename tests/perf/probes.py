"""One measurement in a fresh process: `python probes.py NAME DATA_DIR [ARGS...]`.

Each probe prints one JSON object on its last line of stdout. run.py starts
them (so every sample pays its own imports, as a user's session does) and
takes medians. Qt runs offscreen.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

now = time.perf_counter


class Missing(Exception):
    """The feature this probe measures is not in the app (yet)."""


# -- command line and store ---------------------------------------------------------------
def probe_cli(data_dir, *args):
    """Time `python main.py --data-dir D ARGS` inside this process (after the interpreter)."""
    from journal import cli

    started = now()
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--data-dir", data_dir, *args])
    seconds = now() - started
    if code != 0:
        raise RuntimeError(f"`{' '.join(args)}` exited with {code}")
    return {"seconds": seconds}


def probe_decode(_data_dir, *files):
    """The floor of an import: Pillow reading and decoding each file in full."""
    from PIL import Image

    started = now()
    for name in files:
        with Image.open(name) as img:
            img.load()
    return {"seconds": (now() - started) / len(files)}


def probe_import(data_dir, *files):
    """Import `files` into an empty journal through the real pipeline; seconds per photo."""
    import PIL.Image  # noqa: F401 - paid once per session, in the floor's process too

    from journal.store.journal import Journal
    from journal.store.photos import import_photos

    with Journal.open(data_dir) as journal:
        started = now()
        result = import_photos(journal, files, "2026-03-14", "full face")
        seconds = now() - started
    if len(result.imported) != len(files):
        raise RuntimeError(f"imported {len(result.imported)} of {len(files)}: {result.failed}")
    return {"seconds": seconds / len(files)}


# -- the GUI ----------------------------------------------------------------------------------
def _app():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from journal.ui.app import load_style

    load_style(app)
    return app


def _window(data_dir):
    """The main window on `data_dir`, shown and painted, as run_app builds it."""
    from PySide6.QtCore import QSettings

    from journal.store.journal import Journal
    from journal.ui.hub import Hub
    from journal.ui.main_window import MainWindow

    app = _app()
    journal = Journal.open(Path(data_dir))
    settings = QSettings(str(Path(data_dir) / "perf-window.ini"), QSettings.IniFormat)
    hub = Hub(journal, settings)
    window = MainWindow(hub)
    window.show()
    _settle(app, 0.2)
    return app, hub, window


def _settle(app, seconds: float) -> None:
    """Run the event loop for `seconds` (lets timers, workers and paints finish)."""
    from PySide6.QtCore import QEventLoop

    deadline = now() + seconds
    while now() < deadline:
        app.processEvents(QEventLoop.AllEvents, 20)
        time.sleep(0.005)


def _paint_now(app, widget) -> None:
    """Deliver pending events, then paint `widget` synchronously (what the user would see)."""
    app.processEvents()
    widget.repaint()
    app.processEvents()


def _require(module: str):
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise Missing(module)


def probe_rss(data_dir):
    """Peak resident memory after visiting every page (and scrolling the gallery to its end)."""
    import resource

    app, hub, window = _window(data_dir)
    visited = []
    for key, *_ in window.pages:
        window.show_page(key)
        page = window.page(key)
        _paint_now(app, window)
        _settle(app, 0.6)
        scroll_to_end(app, page)
        visited.append(key)
    _settle(app, 1.0)
    return {"mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "pages": visited}


def scroll_to_end(app, page) -> None:
    """Scroll every scroll area of `page` to its bottom and paint."""
    from PySide6.QtWidgets import QAbstractScrollArea

    for area in page.findChildren(QAbstractScrollArea):
        bar = area.verticalScrollBar()
        if bar.maximum() > 0:
            bar.setValue(bar.maximum())
    _paint_now(app, page)


def main() -> int:
    probes = {n[len("probe_"):]: fn for n, fn in globals().items() if n.startswith("probe_")}
    name, *args = sys.argv[1:]
    try:
        result = probes[name](*args)
    except Missing as exc:
        result = {"missing": str(exc)}
    sys.stdout.flush()
    print("\n" + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
