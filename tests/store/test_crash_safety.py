"""Crash safety and concurrency: SIGKILL mid-save, a second app, the CLI beside the app,
a full disk, a failing migration."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journal.models import DayEntry, JournalError
from journal.store import db as dbmod
from journal.store.journal import Journal

from tests.conftest import ROOT, Forked, run_cli
from tests.safety_helpers import (
    dispose, integrity, open_window, table_rows, wait_until_waiting_for_the_lock,
)

# -- SIGKILL at random moments -------------------------------------------------------------
WRITER = r"""
import datetime as dt, sys
from journal.models import DayEntry
from journal.store.journal import Journal
journal = Journal.open(sys.argv[1])
start, offset = dt.date.fromisoformat(sys.argv[2]), int(sys.argv[3])
products = [p.id for p in journal.products()]
print("ready", flush=True)
n = 0
while True:
    date = start + dt.timedelta(days=n % 400)  # later rounds rewrite earlier days
    value = offset + n
    journal.save_entry(DayEntry(date=date, breakouts=value % 50, redness=value % 11,
                                note=f"{value}:" + "x" * (value % 300),
                                product_ids=tuple(products[: 1 + value % len(products)])))
    print(f"{date.isoformat()} {value}", flush=True)  # the save returned: acknowledged
    n += 1
"""


def run_script(code: str, *args):
    """`python -c CODE ARGS` as a process of its own, killable mid-write: a child forked from
    this one where fork exists (the two tests below start 22 writers: no interpreter start-up
    each), else a new interpreter. Popen-like either way (stdout, send_signal, communicate)."""
    if not hasattr(os, "fork"):
        return subprocess.Popen([sys.executable, "-c", code, *map(str, args)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)

    def script():
        sys.argv = ["-c", *map(str, args)]
        exec(compile(code, "<script>", "exec"), {"__name__": "__main__"})

    return Forked(script)


def test_every_acknowledged_save_survives_sigkill(journal, data_dir):
    from journal.models import Product

    for name in ("Cleanser", "Serum", "Balm"):
        journal.add_product(Product(name=name, ingredients="Aqua"))
    journal.close()
    rng = random.Random(7)
    acknowledged: dict[str, int] = {}
    deadline = time.monotonic() + 3
    rounds = 0
    while rounds < 16 and (rounds < 8 or time.monotonic() < deadline):
        offset = rounds * 100_000
        proc = run_script(WRITER, data_dir, "2026-01-01", offset)
        assert proc.stdout.readline() == b"ready\n", proc.stderr.read()
        # Kill once a random number of saves were acknowledged (not after a random time:
        # on a busy machine a timed kill may land before the first save). The writer keeps
        # saving while we read, so the kill still lands at an unknown point of a save.
        for _ in range(rng.randint(1, 40)):
            line = proc.stdout.readline().decode()
            date, value = line.split()
            acknowledged[date] = int(value)
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL, err.decode()
        for line in out.decode().split("\n")[:-1]:  # the last piece may be a cut line
            date, value = line.split()
            acknowledged[date] = int(value)
        rounds += 1

        assert integrity(data_dir / "journal.db") == ["ok"]
        conn = sqlite3.connect(data_dir / "journal.db")
        saved = {date: int(note.split(":")[0])
                 for date, note in conn.execute("SELECT date, note FROM entries")}
        uses = dict(conn.execute("SELECT date, count(*) FROM product_uses GROUP BY date"))
        conn.close()
        for date, value in acknowledged.items():
            # The day is there with the last acknowledged value, or a later one whose
            # acknowledgement the kill cut off; never an older one.
            assert saved.get(date, -1) >= value, (date, value, saved.get(date))
        for date, value in saved.items():  # each save wrote its day and its products together
            assert uses.get(date) == 1 + value % 3, date
    assert len(acknowledged) > 5, "the writer got to save something before the kills"


PHOTO_WRITER = r"""
import datetime as dt, sys
from pathlib import Path
from journal.store.journal import Journal
from journal.store.photos import import_photo
journal = Journal.open(sys.argv[1])
pictures = sorted(Path(sys.argv[2]).iterdir())
print("ready", flush=True)
for n, picture in enumerate(pictures):
    photo = import_photo(journal, picture, dt.date(2026, 1, 1) + dt.timedelta(days=int(sys.argv[3]) + n))
    print(photo.file_name, flush=True)
"""


def test_a_photo_import_killed_midway_leaves_no_row_without_its_file(journal, data_dir, tmp_path):
    from PIL import Image

    journal.close()
    camera = tmp_path / "camera"
    camera.mkdir()
    for n in range(8):
        Image.new("RGB", (1600, 1200), (20 * n, 90, 140)).save(camera / f"IMG_{n}.jpg", quality=95)
    rng = random.Random(11)
    acknowledged = set()
    for round_ in range(6):
        proc = run_script(PHOTO_WRITER, data_dir, camera, round_ * 10)
        assert proc.stdout.readline() == b"ready\n", proc.stderr.read()
        time.sleep(rng.uniform(0.0, 0.3))
        proc.kill()
        out, err = proc.communicate(timeout=10)
        acknowledged |= set(out.decode().split("\n")[:-1])
    assert integrity(data_dir / "journal.db") == ["ok"]
    conn = sqlite3.connect(data_dir / "journal.db")
    rows = {r[0] for r in conn.execute("SELECT file_name FROM photos")}
    conn.close()
    assert acknowledged <= rows
    for name in rows:
        path = data_dir / "photos" / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == Path(name).stem
    # At worst a file without its row (or a temporary file): check finds it, repair tidies it.
    result = run_cli("check", "--repair", data_dir=data_dir)
    assert result.returncode == 0, result.stdout
    assert run_cli("check", data_dir=data_dir).returncode == 0


# -- one app per journal; the CLI beside the app ---------------------------------------------
def start_gui(data_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lock = data_dir / "journal.lock"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().startswith(f"{proc.pid}\n"):
            return proc
        if proc.poll() is not None:
            pytest.fail(f"the app did not start: {proc.stderr.read().decode()}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the app did not take its lock in 30 s")


def test_a_second_app_restore_and_repair_are_refused_while_the_app_is_open(small_journal,
                                                                             data_dir, tmp_path):
    small_journal.close()
    gui = start_gui(data_dir)
    try:
        second = run_cli("--quit-after-show", data_dir=data_dir,
                         env={"QT_QPA_PLATFORM": "offscreen"})
        assert second.returncode == 2
        assert second.stderr.strip() == (
            f"error: this journal ({data_dir}) is already open in another window "
            f"(process {gui.pid}); switch to that window instead, or close it first")

        made = run_cli("backup", "--out", tmp_path / "live.zip", data_dir=data_dir)
        assert made.returncode == 0, made.stderr  # backing up while the app is open is fine
        restore = run_cli("restore", tmp_path / "live.zip", data_dir=data_dir)
        assert restore.returncode == 2 and "close the app before you restore" in restore.stderr
        assert not list(data_dir.glob("restore-undo-*"))
        repair = run_cli("check", "--repair", data_dir=data_dir)
        assert repair.returncode == 2 and "close the app before you repair" in repair.stderr
        assert run_cli("check", data_dir=data_dir).returncode == 0  # looking is fine

        logged = run_cli("log", "2026-04-07", "--redness", "2", data_dir=data_dir)
        assert logged.returncode == 0, logged.stderr
    finally:
        gui.kill()  # as hard as a crash: the lock file stays behind, stale
        gui.wait(10)
    assert (data_dir / "journal.lock").exists()
    again = run_cli("--quit-after-show", data_dir=data_dir, env={"QT_QPA_PLATFORM": "offscreen"})
    assert again.returncode == 0, again.stderr  # a dead app's lock does not lock you out
    with Journal.open(data_dir) as journal:
        assert journal.entry(dt.date(2026, 4, 7)).redness == 2


def test_restore_holds_the_lock_so_the_app_cannot_start_meanwhile(journal, data_dir, qapp):
    from PySide6.QtCore import QLockFile

    from journal.store.lock import _RestoreLock

    with _RestoreLock(data_dir):
        probe = QLockFile(str(data_dir / "journal.lock"))
        probe.setStaleLockTime(0)
        assert not probe.tryLock(0)
    assert not (data_dir / "journal.lock").exists()


def test_cli_writes_while_the_app_is_open_are_safe_and_appear_on_refresh(qtbot, small_journal,
                                                                         data_dir):
    window = open_window(qtbot, small_journal)
    hub = window.hub
    # The app is in the middle of its own write when the CLI comes in: the CLI waits.
    small_journal.conn.execute("BEGIN IMMEDIATE")
    small_journal.conn.execute("UPDATE entries SET note='from the app' WHERE date='2026-03-02'")
    cli = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "log", "2026-03-10",
         "--redness", "4", "--note", "from the terminal"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_waiting_for_the_lock(cli, data_dir / "journal.db")  # the busy timeout
    small_journal.conn.execute("COMMIT")
    out, err = cli.communicate(timeout=30)
    assert cli.returncode == 0, err

    with qtbot.waitSignal(hub.entries_changed, timeout=2000):
        window.refresh_all()
    assert small_journal.entry(dt.date(2026, 3, 10)).note == "from the terminal"
    assert small_journal.entry(dt.date(2026, 3, 2)).note == "from the app"
    assert integrity(data_dir / "journal.db") == ["ok"]
    dispose(window)


# -- a full disk ---------------------------------------------------------------------------
FILLER = r"""
import datetime as dt, os, resource, signal, sys
from pathlib import Path
from journal.models import DayEntry, JournalError
from journal.store.journal import Journal
from journal.store.photos import import_photo
if sys.argv[3] != "0":  # no tiny filesystem: files may not grow past this many bytes
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), int(sys.argv[3])))
journal = Journal.open(sys.argv[1])
pictures = sorted(Path(sys.argv[2]).iterdir())
day = dt.date(2026, 1, 1)
n = 0
try:
    while True:
        journal.save_entry(DayEntry(date=day, redness=n % 11, breakouts=n, note="n" * 900))
        print(f"day {day.isoformat()} {n}", flush=True)
        if n % 3 == 0:
            photo = import_photo(journal, pictures[(n // 3) % len(pictures)], day)
            print(f"photo {photo.file_name}", flush=True)
        day += dt.timedelta(days=1)
        n += 1
except JournalError as exc:
    print(f"FULL {exc}", flush=True)
for k, picture in enumerate(pictures):  # photos on the full disk: each refused cleanly
    try:
        photo = import_photo(journal, picture, dt.date(2027, 1, 1) + dt.timedelta(days=k))
        print(f"photo {photo.file_name}", flush=True)
    except JournalError as exc:
        print(f"PHOTOFAIL {exc}", flush=True)
"""


@pytest.fixture
def tiny_dir(tmp_path):
    """A data dir on a 768 KiB filesystem when we may mount one; else (None, byte limit)."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=768k,mode=0700", "tmpfs",
                               str(mount_point)], capture_output=True)
        if done.returncode == 0:
            yield mount_point / "journal", 0
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)
            return
    yield mount_point / "journal", 700_000  # RLIMIT_FSIZE: writes past it fail (EFBIG)


def test_a_full_disk_gives_a_clear_message_and_loses_nothing_acknowledged(tiny_dir, tmp_path):
    from tests.safety_helpers import write_jpeg

    data_dir, byte_limit = tiny_dir
    camera = tmp_path / "camera"
    camera.mkdir()
    for n in range(6):  # noisy pictures, ~100 KB each stored
        import random as rnd

        from PIL import Image

        rng = rnd.Random(n)
        img = Image.frombytes("RGB", (256, 256), bytes(rng.getrandbits(8) for _ in range(256 * 768)))
        img.save(camera / f"IMG_{n}.jpg", quality=95)
    write_jpeg(camera / "IMG_small.jpg")
    done = subprocess.run([sys.executable, "-c", FILLER, str(data_dir), str(camera),
                           str(byte_limit)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr  # no crash, no traceback
    lines = done.stdout.splitlines()
    full = [line for line in lines if line.startswith("FULL ")]
    assert len(full) == 1, lines[-3:]
    message = full[0][5:]
    assert "could not save" in message and message.count("\n") == 0
    assert any(word in message for word in ("full", "No space", "too large", "I/O")), message

    assert integrity(data_dir / "journal.db") == ["ok"]
    conn = sqlite3.connect(data_dir / "journal.db")
    saved = dict(conn.execute("SELECT date, breakouts FROM entries"))
    rows = [r[0] for r in conn.execute("SELECT file_name FROM photos")]
    conn.close()
    days = [line.split()[1:] for line in lines if line.startswith("day ")]
    assert len(days) > 3
    for date, n in days:
        assert saved[date] == int(n)
    photos = [line.split()[1] for line in lines if line.startswith("photo ")]
    assert set(photos) <= set(rows)
    if byte_limit == 0:
        refused = [line for line in lines if line.startswith("PHOTOFAIL ")]
        assert refused and all("could not save" in line for line in refused), refused
    files = sorted(p.name for p in (data_dir / "photos").iterdir())
    assert not [f for f in files if f.startswith(".")], "no half-written photo left behind"
    assert set(rows) <= set(files), "never a row without its file"
    for name in files:  # and every file there is whole
        digest = hashlib.sha256((data_dir / "photos" / name).read_bytes()).hexdigest()
        assert name.startswith(digest)

    if byte_limit == 0:  # the CLI on the full disk: one clear line, exit 2, nothing written
        # A day the filler never logged (before its first); `log` refuses future days.
        logged = run_cli("log", "2025-06-01", "--note", "x" * 20000, data_dir=data_dir)
        assert logged.returncode == 2, logged.stderr
        assert logged.stderr.startswith("error: could not save") and "Traceback" not in logged.stderr
        assert integrity(data_dir / "journal.db") == ["ok"]


# -- a failing migration -----------------------------------------------------------------------
def make_v1_journal(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True)
    path = data_dir / "journal.db"
    conn = sqlite3.connect(path, isolation_level=None)
    dbmod.migrate(conn, 0, to_version=1)
    conn.execute("INSERT INTO sessions (date, areas) VALUES ('2026-03-01', 'full face')")
    conn.execute("INSERT INTO entries (date, redness, note) VALUES ('2026-03-02', 6, 'sore')")
    conn.close()
    return path


def test_a_failing_migration_step_leaves_the_journal_at_its_old_version(data_dir, monkeypatch):
    path = make_v1_journal(data_dir)
    before = table_rows(path)
    broken = [*dbmod.MIGRATIONS[1], "INSERT INTO no_such_table VALUES (1)"]
    monkeypatch.setattr(dbmod, "MIGRATIONS", [dbmod.MIGRATIONS[0], broken, *dbmod.MIGRATIONS[2:]])
    with pytest.raises(JournalError) as failure:
        Journal.open(data_dir)
    message = str(failure.value)
    assert f"could not upgrade the journal to schema {dbmod.SCHEMA_VERSION}" in message
    assert "left at schema 1" in message and "before-migration-v1-" in message

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert "photos" not in tables, "the half-run step was rolled back"
    assert table_rows(path) == before and integrity(path) == ["ok"]
    snapshot = next((data_dir / "backups").glob("before-migration-v1-*.db"))
    assert table_rows(snapshot) == before

    monkeypatch.undo()  # the fixed app upgrades the same journal fine
    with Journal.open(data_dir) as journal:
        assert journal.entry(dt.date(2026, 3, 2)).note == "sore"


def test_a_failing_later_step_keeps_the_steps_before_it(data_dir):
    path = make_v1_journal(data_dir)
    steps = [*dbmod.MIGRATIONS, ["CREATE TABLE notes_next (x)", "oops, not SQL"]]
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        dbmod.migrate(conn, 1, to_version=len(steps), migrations=steps)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "photos" in tables and "notes_next" not in tables
    assert conn.execute("SELECT redness, note FROM entries").fetchall() == [(6, "sore")]
    conn.close()


def test_a_dangling_reference_after_a_step_rolls_it_back(data_dir):
    """Foreign keys are off while tables are rebuilt, and checked before each step commits."""
    path = make_v1_journal(data_dir)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    steps = [*dbmod.MIGRATIONS, ["INSERT INTO product_uses (date, product_id) "
                                 "VALUES ('2026-03-02', 99)"]]
    with pytest.raises(sqlite3.IntegrityError):
        dbmod.migrate(conn, 1, to_version=len(steps), migrations=steps)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM product_uses").fetchone() == (0,)
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)  # back on
    conn.close()


def test_flags_accept_only_yes_or_no(journal):
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), pus=True))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        journal.conn.execute("UPDATE entries SET pus = 2")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        journal.conn.execute("INSERT INTO photos (date, area, sha256, file_name, width, height,"
                             " for_report) VALUES ('2026-03-02', 'chin', 'x', 'x.jpg', 1, 1, 5)")


def test_the_cli_reports_a_failing_migration_in_one_line(data_dir, tmp_path):
    """A journal at schema 1 whose data breaks migration 2 (a stray 'photos' table)."""
    path = make_v1_journal(data_dir)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE photos (junk)")
    conn.close()
    before = table_rows(path)
    result = run_cli("session", "list", data_dir=data_dir)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "could not upgrade the journal" in result.stderr
    assert table_rows(path) == before
