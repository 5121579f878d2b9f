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


def probe_pdf_floor(data_dir):
    """The floor of a report: start Qt and write a one-line document as PDF."""
    started = now()
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    writer = QPdfWriter(str(Path(data_dir) / "floor.pdf"))
    writer.setPageSize(QPageSize(QPageSize.A4))
    document = QTextDocument()
    document.setPlainText("Skin Recovery Journal")
    document.print_(writer)
    del writer, app
    return {"seconds": now() - started}


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
def _app(styled: bool = True):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if styled:
        from journal.ui.app import load_style

        load_style(app)
    return app


def _window(data_dir, **settings_values):
    """The main window on `data_dir`, shown and painted, as run_app builds it."""
    from PySide6.QtCore import QSettings

    from journal.store.journal import Journal
    from journal.ui.hub import Hub
    from journal.ui.main_window import MainWindow

    app = _app(styled=False)  # the style sheet once the window is built, as run_app does
    journal = Journal.open(Path(data_dir))
    settings = QSettings(str(Path(data_dir) / "perf-window.ini"), QSettings.IniFormat)
    settings.clear()
    for key, value in settings_values.items():
        settings.setValue(key.replace("__", "/"), value)
    hub = Hub(journal, settings)
    window = MainWindow(hub)
    from journal.ui.app import load_style

    load_style(app)
    window.warm_up_after_show = True  # as run_app does
    window.show()
    _settle(app, 0.2)
    return app, hub, window


def _settle(app, seconds: float) -> None:
    """Run the app's event loop for `seconds` (timers, workers and paints go on as usual)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def _paint_now(app, widget) -> None:
    """Deliver pending events, then paint `widget` synchronously (what the user would see)."""
    app.processEvents()
    widget.repaint()
    app.processEvents()


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB.

    Not ``ru_maxrss``: a child started by fork + exec inherits its parent's high-water
    mark there, so when run.py (big) starts a probe, both the app and the bare window
    showed run.py's peak. VmHWM belongs to this process image only.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # not Linux: the best there is

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _show_preview_and_wait(app, page) -> None:
    """Press Print preview on the report page and run the event loop until it is shown."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    page.action_done.connect(lambda *_: loop.quit())
    QTimer.singleShot(0, page.show_preview)
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()


def probe_rss(data_dir):
    """Peak resident memory after visiting every page (the gallery scrolled to its end, the
    report's print preview shown)."""
    app, hub, window = _window(data_dir)
    visited = []
    for key, *_ in window.pages:
        window.show_page(key)
        page = window.page(key)
        _paint_now(app, window)
        _settle(app, 0.6)
        scroll_to_end(app, page)
        if hasattr(page, "show_preview"):  # the report page: what a visit is for
            _show_preview_and_wait(app, page)
            _settle(app, 0.6)
        visited.append(key)
    _settle(app, 1.0)
    return {"mb": peak_mb(), "pages": visited}


def scroll_to_end(app, page) -> None:
    """Scroll every scroll area of `page` to its bottom and paint."""
    from PySide6.QtWidgets import QAbstractScrollArea

    for area in page.findChildren(QAbstractScrollArea):
        bar = area.verticalScrollBar()
        if bar.maximum() > 0:
            bar.setValue(bar.maximum())
    _paint_now(app, page)


def probe_trends(data_dir, look_first="3"):
    """Open Trends for the first time on all five years, then tick one more symptom.

    The user first looks at Today for `look_first` seconds (as people do; the window
    warms up in that time); "0" clicks Trends the moment the window has painted.
    "first" is the page painted and usable: its controls and session table, and its
    charts unless matplotlib's import (begun as the window showed) is still under way,
    when "Drawing charts…" stands in for them; "charts" is when the charts are painted.
    """
    app, hub, window = _window(data_dir, trends__range="all")
    _settle(app, float(look_first))
    started = now()
    window.show_page("trends")
    page = window.page("trends")
    _paint_now(app, window)
    first = now() - started
    deadline = now() + 60
    while not page.charts_ready and now() < deadline:
        app.processEvents()
        time.sleep(0.002)
    if not page.charts_ready:
        raise RuntimeError("the charts never came")
    _paint_now(app, window)
    charts = now() - started
    box = page.symptom_boxes["swelling"]
    started = now()
    box.setChecked(not box.isChecked())
    _paint_now(app, window)
    redraw = now() - started
    return {"first": first, "charts": charts, "redraw": redraw}


def probe_mpl_floor(_data_dir):
    """The floor of Trends: import matplotlib's Qt canvas and draw one empty axes, then redraw."""
    from PySide6.QtWidgets import QMainWindow

    app = _app()
    window = QMainWindow()
    window.resize(1180, 780)
    window.show()
    _settle(app, 0.2)
    started = now()
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 3.6), dpi=100)
    canvas = FigureCanvasQTAgg(fig)
    ax = fig.add_subplot()
    window.setCentralWidget(canvas)
    _paint_now(app, window)
    first = now() - started
    started = now()
    ax.clear()
    canvas.draw_idle()
    _paint_now(app, window)
    return {"first": first, "redraw": now() - started}


def _pending_thumbnails(page) -> int:
    loader = getattr(page, "loader", None)
    return len(getattr(loader, "_pending", ()))


def _until_painted(app, page, view, timeout: float = 30.0) -> None:
    """Paint until the view's layout is done and every visible thumbnail has arrived."""
    deadline = now() + timeout
    last_max = None
    while now() < deadline:
        _paint_now(app, view.viewport())
        maximum = view.verticalScrollBar().maximum()
        if _pending_thumbnails(page) == 0 and maximum == last_max:
            _paint_now(app, view.viewport())
            if _pending_thumbnails(page) == 0:
                return
        last_max = maximum
        time.sleep(0.002)
    raise RuntimeError("the gallery did not finish painting in time")


def _scroll_to_end(app, page, view, timeout: float = 30.0) -> None:
    """Drag the scroll bar to the bottom (again while the layout grows) until it stays there."""
    bar = view.verticalScrollBar()
    deadline = now() + timeout
    while now() < deadline:
        bar.setValue(bar.maximum())
        _until_painted(app, page, view, timeout)
        if bar.value() == bar.maximum():
            return
    raise RuntimeError("could not scroll the gallery to its end")


def probe_gallery(data_dir):
    """Open the gallery of all the photos (first screen with its thumbnails), scroll to the end."""
    app, hub, window = _window(data_dir)
    started = now()
    window.show_page("photos")
    page = window.page("photos")
    _until_painted(app, page, page.view)
    opened = now() - started
    started = now()
    _scroll_to_end(app, page, page.view)
    scrolled = now() - started
    return {"open": opened, "scroll": scrolled, "rows": page.model.rowCount()}


def probe_list_floor(data_dir):
    """The floor of the gallery: a QListView of as many plain text rows, opened and scrolled."""
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QListView, QMainWindow

    from journal.store.journal import Journal

    app = _app()
    window = QMainWindow()
    window.resize(1180, 780)
    window.show()
    _settle(app, 0.2)
    with Journal.open(Path(data_dir)) as journal:
        started = now()
        photos = journal.photos()
        view = QListView()
        view.setModel(QStringListModel([f"{p.date} {p.area}" for p in photos], view))
        window.setCentralWidget(view)
        _until_painted(app, None, view)
        opened = now() - started
        started = now()
        _scroll_to_end(app, None, view)
    return {"open": opened, "scroll": now() - started}


def probe_gap(data_dir, *files):
    """Largest interval of a 50 ms GUI timer while the gallery imports `files`."""
    from PySide6.QtCore import QEventLoop, QTimer

    app, hub, window = _window(data_dir)
    window.show_page("photos")
    page = window.page("photos")
    _until_painted(app, page, page.view)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(50)
    cpu: dict[float, float] = {}  # tick -> CPU time of the GUI thread: work or waiting?

    def tick():
        ticks.append(now())
        cpu[ticks[-1]] = time.thread_time()
    timer.timeout.connect(tick)
    timer.start()

    def largest_gap(since: float) -> float:
        seen = [t for t in ticks if t >= since]
        return max((b - a for a, b in zip(seen, seen[1:])), default=0.0) * 1000

    idle_from = now()
    _settle(app, 1.5)
    idle = largest_gap(idle_from)
    done = []
    import_from = now()
    job = page.import_files([Path(f) for f in files], hub.today(), "full face", False)
    loop = QEventLoop()
    job.finished.connect(done.append)
    finished_at: list[float] = []
    events: list[tuple[float, str]] = []
    progress = ["?"]
    job.task.progressed.connect(lambda done, _total, _name: progress.__setitem__(0, done))
    timer.timeout.connect(lambda: events.append((now(), f"file {progress[0]}")))
    hub.photos_changed.connect(lambda _d: events.append((now(), "photos_changed")))
    job.finished.connect(lambda _r: finished_at.append(now()))
    job.finished.connect(loop.quit)
    QTimer.singleShot(600_000, loop.quit)
    loop.exec()  # the normal event loop, as in the app
    _settle(app, 1.0)  # the gallery reloads after the import: that counts too
    timer.stop()
    if not done:
        raise RuntimeError("the import did not finish")
    result = done[0]
    seen = [t for t in ticks if t >= import_from]
    worst = sorted(((b - a) * 1000, a - import_from, (cpu[b] - cpu[a]) * 1000)
                   for a, b in zip(seen, seen[1:]))[-5:]
    return {"gap_ms": largest_gap(import_from), "idle_gap_ms": idle,
            "worst": [f"{g:.0f} ms ({busy:.0f} ms of GUI-thread CPU) at {at:.2f} s after "
                      + next((e for t, e in reversed(events) if t <= at + import_from), "start")
                      for g, at, busy in reversed(worst)],
            "finished_at": finished_at[0] - import_from if finished_at else None,
            "seconds": now() - import_from, "imported": len(result.imported),
            "note": f"{len(result.imported)} imported in {now() - import_from:.0f} s"}


def main() -> int:
    import faulthandler

    faulthandler.enable()   # a crash says where (run.py shows the end of stderr)
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
