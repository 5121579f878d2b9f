"""Shared fixtures: every test gets its own temporary data dir; Qt runs offscreen."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("JOURNAL_DATA_DIR", None)
# Texts the tests compare are written for one locale, whatever the machine's (subprocesses too).
os.environ["JOURNAL_LOCALE"] = "en_GB"


def _temp_root_in_memory() -> None:
    """Temporary data dirs in memory (/dev/shm) when it is a roomy tmpfs and nobody chose one.

    The journal fsyncs every save, backup and restore step; on a busy disk each fsync waits
    for the whole file system's journal (the store tests spent a third of their time there).
    On tmpfs the same calls run and return at once: the code under test is unchanged, and a
    SIGKILL (what the crash tests do) loses nothing the page cache holds anyway. pytest still
    makes its numbered, per-run folders there and keeps only the last three.
    """
    import shutil

    shm = Path("/dev/shm")
    if os.environ.get("PYTEST_DEBUG_TEMPROOT") or not sys.platform.startswith("linux"):
        return
    try:
        roomy = shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2**31
    except OSError:
        return
    if roomy:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(shm)  # pytest's documented temp-root variable


_temp_root_in_memory()

import pytest  # noqa: E402

from journal.models import DayEntry, Product, Session  # noqa: E402
from journal.store.journal import Journal  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_main_thread():
    """As in the app (journal/ui/collector.py): no automatic garbage collection, which could
    run on a task's pool thread and destroy Qt objects there; collected between tests."""
    import gc

    threshold = gc.get_threshold()
    gc.disable()
    yield threshold
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests(_collect_on_the_main_thread):
    yield
    from journal.ui.collector import collect_if_due

    collect_if_due(_collect_on_the_main_thread)


@pytest.fixture(autouse=True)
def _app_look_restored():
    """A test that changes the application's font, palette or style sheet (the theme, the
    text-size tests) gives them back: the next test, on the same worker, lays out as new."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    saved = (app.font(), app.palette(), app.styleSheet()) if app is not None else None
    yield
    app = QApplication.instance()
    if saved is None or app is None:
        return
    font, palette, sheet = saved
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    if app.font() != font:
        app.setFont(font)
    if app.palette() != palette:
        app.setPalette(palette)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep every test away from the real user data dir and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("JOURNAL_DATA_DIR", raising=False)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "journal-data"


@pytest.fixture
def journal(data_dir):
    with Journal.open(data_dir) as j:
        yield j


@pytest.fixture
def small_journal(journal):
    """Two sessions, three products and a handful of days, with a gap and a red flag."""
    journal.add_session(Session(date=dt.date(2026, 3, 1), areas=("full face",), depth_mm=0.5,
                                clinic="Bright Skin Clinic"))
    journal.add_session(Session(date=dt.date(2026, 4, 5), areas=("left cheek",), depth_mm=1.0))
    ids = {}
    for name, category, ingredients in [
        ("Gentle Cleanser", "cleanser", "Aqua, Glycerin, Cetearyl Alcohol"),
        ("Night Serum", "serum", "Aqua, Retinol, Squalane"),
        ("Coconut Balm", "moisturiser", "Cocos Nucifera (Coconut) Oil, Cera Alba"),
    ]:
        ids[name] = journal.add_product(Product(name=name, category=category,
                                                ingredients=ingredients))
    days = [
        (dt.date(2026, 2, 27), dict(redness=1, breakouts=0), ["Gentle Cleanser"]),
        (dt.date(2026, 3, 1), dict(redness=7, swelling=5, pain=4, breakouts=0), []),
        (dt.date(2026, 3, 2), dict(redness=5, swelling=3, breakouts=1), ["Gentle Cleanser"]),
        (dt.date(2026, 3, 3), dict(redness=3, breakouts=4, itch=2),
         ["Gentle Cleanser", "Night Serum"]),
        # 2026-03-04 missing: a gap
        (dt.date(2026, 3, 5), dict(redness=2, breakouts=2, pus=True, note="yellow spot"),
         ["Gentle Cleanser", "Coconut Balm"]),
        (dt.date(2026, 4, 5), dict(redness=6, breakouts=0), ["Gentle Cleanser"]),
        (dt.date(2026, 4, 6), dict(redness=4, breakouts=1), ["Gentle Cleanser"]),
    ]
    for date, values, products in days:
        journal.save_entry(DayEntry(date=date, **values,
                                    product_ids=tuple(ids[p] for p in products)))
    return journal


# The files that take longest, slowest first (measured with --durations; a rough order is
# enough). pytest-xdist's --dist loadfile hands whole files to the two workers in collection
# order (pyproject.toml turns off its reordering by test count), so the long files start
# first and the short ones fill the end: neither worker waits idle for the other's last long
# file. A file not listed here runs after these, in the usual order; none is ever left out.
SLOW_FILES_FIRST = (
    "tests/report/test_brief.py",
    "tests/test_package.py",              # mostly waiting for pip and the new venv
    "tests/report/test_report.py",
    "tests/report/test_kept.py",
    "tests/ui/test_report_page.py",
    "tests/ui/test_trends_warm_up.py",
    "tests/ui/test_trends_layout.py",
    "tests/store/test_crash_safety.py",
    "tests/ui/test_trends_page.py",
    "tests/ui/test_settings_reminders.py",
    "tests/test_charts.py",
    "tests/ui/test_ui_core.py",
    "tests/ui/test_photos_ui.py",
    "tests/store/test_restore_crash.py",
    "tests/report/test_paginate.py",
    "tests/store/test_privacy.py",
    "tests/store/test_photos.py",
    "tests/ui/test_layout.py",
)


@pytest.hookimpl(wrapper=True)
def pytest_xdist_auto_num_workers(config):
    """`-n auto`: a worker per core, and one more. A few tests wait on a real process (an
    app quitting during its import, a writer holding the database's lock, pip); the extra
    worker runs meanwhile (on 2 cores the suite takes 36 s instead of 39 s).
    PYTEST_XDIST_AUTO_NUM_WORKERS, when set, is taken as it is."""
    workers = yield
    return workers if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") else workers + 1


def pytest_collection_modifyitems(items):
    rank = {name: place for place, name in enumerate(SLOW_FILES_FIRST)}
    # sort() is stable: the tests of one file, and the unlisted files, keep their order
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


def run_cli(*args, data_dir: Path | None = None, env=None, timeout=120, process=False):
    """Run `python main.py ARGS` and return a CompletedProcess (returncode, stdout, stderr).

    In this process (``journal.cli.main(argv)``, output captured) unless `process` is
    set or the command starts the window: a fresh process costs about half a second,
    and only signals, exit codes of a real run and the GUI need one.
    """
    argv = (["--data-dir", str(data_dir)] if data_dir is not None else []) + [str(a) for a in args]
    if process or "--quit-after-show" in argv:
        return run_process(argv, env=env, timeout=timeout)
    # A crash point (JOURNAL_TEST_CRASH_AT) kills the process it runs in: never pytest's own.
    if "JOURNAL_TEST_CRASH_AT" in (env or {}):
        if hasattr(os, "fork"):
            return _run_in_a_fork(argv, env)
        return run_process(argv, env=env, timeout=timeout)
    return _run_in_process(argv, env or {})


def run_process(argv: list[str], env=None, timeout=120) -> subprocess.CompletedProcess:
    """`python main.py ARGV` in a fresh process, the way a user or script runs it."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True,
                          text=True, env=full_env, timeout=timeout, cwd=ROOT)


class Forked:
    """`target()` in a child forked from this process (POSIX), used like a subprocess.Popen:
    `pid`, `stdout` and `stderr` (binary pipes), `send_signal`, `kill`, `communicate`,
    `returncode` (-9 after a SIGKILL, as subprocess says it).

    A real process of its own (it may be killed, or SIGKILL itself, mid-write), without the
    ~0.1 s of CPU a fresh interpreter spends starting and importing the journal. The child
    touches no object of pytest's: it writes to pipes of its own and leaves with os._exit
    (`target`'s return value, or 1 after printing an exception), running no cleanup of ours.
    """

    def __init__(self, target, env: dict | None = None):
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        pipes = [os.pipe(), os.pipe()]
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            status = 70
            try:
                import io

                os.environ.update(env or {})
                for (_read, write), fd in zip(pipes, (1, 2)):
                    os.dup2(write, fd)
                for read, write in pipes:
                    os.close(read)
                    os.close(write)
                sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), write_through=True)
                sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), write_through=True)
                try:
                    status = target()
                except SystemExit as exc:
                    status = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
                except BaseException:
                    import traceback

                    traceback.print_exc()
                    status = 1
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(status or 0)
        for _read, write in pipes:
            os.close(write)
        # unbuffered: a readline() leaves nothing in a buffer that communicate() would miss
        self.stdout, self.stderr = (os.fdopen(read, "rb", buffering=0) for read, _write in pipes)
        self.returncode = None

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)

    def wait(self) -> int:
        if self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self.returncode

    def communicate(self, timeout: float = 120) -> tuple[bytes, bytes]:
        """Everything the child writes until it ends (killed after `timeout` seconds)."""
        import selectors
        import time

        chunks = {self.stdout: [], self.stderr: []}
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            for pipe in chunks:
                selector.register(pipe, selectors.EVENT_READ)
            while selector.get_map():
                left = deadline - time.monotonic()
                if left <= 0:
                    self.kill()
                    self.wait()
                    raise subprocess.TimeoutExpired(f"forked child {self.pid}", timeout)
                for key, _ in selector.select(timeout=left):
                    data = os.read(key.fd, 65536)
                    if data:
                        chunks[key.fileobj].append(data)
                    else:
                        selector.unregister(key.fileobj)
        for pipe in chunks:
            pipe.close()
        self.wait()
        return b"".join(chunks[self.stdout]), b"".join(chunks[self.stderr])


def _run_in_a_fork(argv: list[str], env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    """`journal.cli.main(argv)` in a forked child (see Forked): the restore crash tests start
    about fifty processes that SIGKILL themselves at a step."""
    from journal.cli import main

    child = Forked(lambda: main(argv), env)
    out, err = child.communicate(timeout)
    return subprocess.CompletedProcess(["main.py", *argv], child.returncode,
                                       out.decode("utf-8", "replace"),
                                       err.decode("utf-8", "replace"))


def _run_in_process(argv: list[str], env: dict) -> subprocess.CompletedProcess:
    import contextlib
    import io
    import traceback

    from journal.cli import main

    if argv and "report" in argv:  # the PDF needs a QGuiApplication: let it be pytest-qt's
        from PySide6.QtWidgets import QApplication

        QApplication.instance() or QApplication([])
    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
            except Exception:  # what a real run would print before dying with 1
                traceback.print_exc()
                code = 1
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(["main.py", *argv], code, out.getvalue(), err.getvalue())


def built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(folder)` once per test run, whichever worker asks first; the folder it filled.

    The pytest-xdist workers share their run's temporary folder: the first to ask builds
    (under a lock) and the others wait and reuse it. Tests copy it, never change it.
    Without fcntl (Windows), each worker builds its own.
    """
    import shutil

    try:
        import fcntl
    except ImportError:
        fcntl = None
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and fcntl is not None:
        root = root.parent  # the run's folder, above the workers' own
    folder = root / f"built-once-{name}"
    with open(root / f"built-once-{name}.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = folder / ".built"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half way
            build(folder / "journal-data")
            assert not (folder / "journal-data" / "journal.db-wal").exists(), "left open"
            done.touch()
    return folder / "journal-data"


def _build_demo_with_the_cli(folder: Path) -> None:
    result = _run_in_process(["--data-dir", str(folder), "demo"], {})
    assert result.returncode == 0, result.stderr


@pytest.fixture
def demo_without_photos(monkeypatch):
    """`demo` and build_demo without the generated photos (about a second of CPU each time),
    for tests of what the command does around them: refusing, backing up, exit codes. The
    photos have their own test (tests/store/test_photos.py, on the demo as `demo` made it)."""
    import journal.demo_photos as demo_photos

    monkeypatch.setattr(demo_photos, "add_demo_photos", lambda *args, **kwargs: 0)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo journal as `main.py demo` makes it today, built once per test run."""
    return built_once(tmp_path_factory, f"demo-{dt.date.today()}", _build_demo_with_the_cli)


@pytest.fixture
def demo_dir(demo_template, data_dir) -> Path:
    """A copy of the demo journal in this test's data dir."""
    import shutil

    shutil.copytree(demo_template, data_dir)
    return data_dir


@pytest.fixture(scope="session")
def fill_demo(tmp_path_factory):
    """`fill_demo(journal, today=None)`: what `build_demo(journal, today=today)` leaves in an
    empty, open journal, copied from a demo built once per test run (and per `today`).

    The demo's photos are generated pictures (about a second of CPU per build); a copy of the
    database (SQLite's backup API, into the journal's own connection) and the photo files
    takes milliseconds. Today's demo is `demo_template` itself: `main.py demo` is
    `build_demo(journal)` on an empty journal.
    """
    import shutil
    import sqlite3

    from journal.demo import build_demo

    def build_for(today: dt.date):
        def build(folder: Path) -> None:
            if today == dt.date.today():
                _build_demo_with_the_cli(folder)
            else:
                with Journal.open(folder) as template:
                    build_demo(template, today=today)
        return build

    def fill(journal: Journal, today: dt.date | None = None) -> Journal:
        assert journal.is_empty(), "fill_demo fills an empty journal, as build_demo does"
        today = today or dt.date.today()
        folder = built_once(tmp_path_factory, f"demo-{today}", build_for(today))
        for item in folder.iterdir():
            if item.is_dir():
                shutil.copytree(item, journal.data_dir / item.name, dirs_exist_ok=True)
        # immutable: the template is closed for good (no WAL), and other workers read it too
        source = sqlite3.connect(f"{(folder / 'journal.db').as_uri()}?immutable=1", uri=True)
        try:
            source.backup(journal.conn)
        finally:
            source.close()
        journal.reconnect()  # no cache may keep what the empty journal said
        return journal

    return fill
