"""Restore cannot lose a saved day: a real SIGKILL at every step of the swap, other processes.

The crash hook: with JOURNAL_TEST_CRASH_AT=<step> the restoring process kills itself
with SIGKILL at that step (journal/store/restore.py `_crash_point`), as hard as a
power cut. After each kill the next start must find the old journal or the new one,
complete (every row, every photo file), never an empty one.
"""
from __future__ import annotations

import datetime as dt
import shutil
import signal
import subprocess
import sys

import pytest

from journal.models import DayEntry, JournalError
from journal.store import backup, restore
from journal.store.check import check_journal
from journal.store.journal import Journal
from journal.store.lock import exclusive

from tests.conftest import ROOT, run_cli
from tests.safety_helpers import add_photos, folder_hashes, table_rows

OLD_DAY, NEW_DAY = dt.date(2026, 5, 1), dt.date(2026, 6, 1)
SWAP_STEPS = ["intent-written", "undo-made", "moved-journal.db", "moved-journal.db-wal",
              "moved-journal.db-shm", "moved-photos", "moved-thumbs", "placed-photos",
              "placed-journal.db", "intent-removed"]
COMMITTED = {"placed-journal.db", "intent-removed"}


def _journal(folder, day, note, photos_from, photos=1):
    with Journal.open(folder) as journal:
        for n in range(3):
            journal.save_entry(DayEntry(date=day + dt.timedelta(days=n), redness=n, note=note))
        add_photos(journal, photos_from, count=photos, date=day)
        journal.set_setting("who", note)


def _leave_wal(folder, note):
    """A committed row that lives only in journal.db-wal, as a killed process leaves it."""
    code = ("import sqlite3, os, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('PRAGMA journal_mode=WAL'); "
            "c.execute(\"INSERT INTO settings VALUES ('in-wal', ?)\", (sys.argv[2],)); "
            "c.commit(); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(folder / "journal.db"), note], check=True)
    assert (folder / "journal.db-wal").exists() and (folder / "journal.db-shm").exists()


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """An old journal (photos, thumbnails, a WAL with a committed row) and a backup of another."""
    root = tmp_path_factory.mktemp("templates")
    old, new = root / "old", root / "new"
    _journal(old, OLD_DAY, "old", root / "cam-old", photos=2)
    from journal.store.photos import build_thumbnail

    for photo in (old / "photos").iterdir():
        build_thumbnail(photo, old / "thumbs")
    _journal(new, NEW_DAY, "new", root / "cam-new", photos=1)
    archive = root / "new.zip"
    backup.write_backup(new, archive)
    old_plain = root / "old-plain"  # the same without WAL: closed cleanly
    shutil.copytree(old, old_plain)
    _leave_wal(old, "old-wal")
    expect_old = _state(old)
    expect_new = _state_of_archive(archive, root / "unpacked")
    return {"old": old, "old-plain": old_plain, "archive": archive,
            "expect": {"old": expect_old, "new": expect_new,
                       "old-plain": _state(old_plain)}}


def _state(folder):
    """Rows of every table (read through SQLite, WAL included) and the photo files' hashes."""
    return {"rows": table_rows(folder / "journal.db"),
            "photos": folder_hashes(folder / "photos")}


def _state_of_archive(archive, into):
    into.mkdir()
    journal_dir = into / "j"
    restore.restore_archive(journal_dir, archive)
    return _state(journal_dir)


def _settle(folder):
    """What the next start sees: open the journal (which finishes or undoes a killed restore)."""
    with Journal.open(folder) as journal:
        assert not journal.is_empty()
    assert not (folder / restore.INTENT).exists()
    assert not list(folder.glob(".restore-*"))
    report = check_journal(folder)
    assert report.remaining == [], [p.message for p in report.remaining]
    return _state(folder)


def _crash_restore(folder, archive, step):
    return run_cli("restore", archive, data_dir=folder, env={restore.CRASH_ENV: step})


RUNS = [(base, step) for base in ("old", "old-plain", None) for step in SWAP_STEPS]


@pytest.mark.parametrize("base,step", RUNS, ids=[f"{b}-{s}" for b, s in RUNS])
def test_sigkill_at_each_step_of_the_swap_leaves_the_old_or_the_new_journal_complete(
        templates, tmp_path, base, step):
    folder = tmp_path / "journal"
    if base is not None:
        shutil.copytree(templates[base], folder)
    present = {p.name for p in folder.iterdir()} if folder.exists() else set()
    result = _crash_restore(folder, templates["archive"], step)
    killed = (step in ("intent-written", "placed-photos", "placed-journal.db", "intent-removed")
              or step == "undo-made" and bool(present & set(restore._MOVABLE))
              or step.startswith("moved-") and step[len("moved-"):] in present)
    assert result.returncode == (-signal.SIGKILL if killed else 0), (result.stderr, step)
    if base is None and killed and step not in COMMITTED:
        assert restore.finish_unfinished_restore(folder) == "undone"
        assert not (folder / "journal.db").exists() and not (folder / "photos").exists()
        return
    state = _settle(folder)
    assert state == templates["expect"]["new" if not killed or step in COMMITTED else base]
    if base == "old" and killed and step not in COMMITTED:  # the row only the WAL held
        assert "old-wal" in str(state["rows"]["settings"])


UNDO_STEPS = ["undo-placed-photos", "undo-moved-journal.db", "undo-moved-journal.db-wal",
              "undo-moved-photos", "undo-moved-thumbs"]


DOUBLE = [(first, step) for first in ("moved-thumbs", "placed-photos") for step in UNDO_STEPS]


@pytest.mark.parametrize("first,step", DOUBLE, ids=[f"{f}-then-{s}" for f, s in DOUBLE])
def test_a_second_sigkill_while_undoing_the_first_still_ends_with_the_old_journal(
        templates, tmp_path, first, step):
    folder = tmp_path / "journal"
    shutil.copytree(templates["old"], folder)
    killed = _crash_restore(folder, templates["archive"], first)
    assert killed.returncode == -signal.SIGKILL
    # The next start (any command) is killed too, while it puts the old journal back.
    second = run_cli("session", "list", data_dir=folder, env={restore.CRASH_ENV: step})
    if first == "moved-thumbs" and step == "undo-placed-photos":
        assert second.returncode == 0, second.stderr  # nothing of the backup was placed yet
    else:
        assert second.returncode == -signal.SIGKILL, (second.stderr, step)
        assert (folder / restore.INTENT).exists()
    assert _settle(folder) == templates["expect"]["old"]


def test_the_app_and_the_cli_both_finish_an_interrupted_restore_before_anything_else(
        templates, tmp_path, qapp):
    from journal.ui.app import open_checked_journal

    for opener in ("cli", "app"):
        folder = tmp_path / opener
        shutil.copytree(templates["old"], folder)
        killed = _crash_restore(folder, templates["archive"], "moved-photos")
        assert killed.returncode == -signal.SIGKILL
        assert not (folder / "journal.db").exists()  # the moment the old bug began
        if opener == "cli":
            listed = run_cli("session", "list", data_dir=folder)
            assert listed.returncode == 0, listed.stderr
        else:
            open_checked_journal(folder, interactive=False).close()
        assert _state(folder) == templates["expect"]["old"]


def test_a_folder_with_photos_or_backups_but_no_journal_is_never_given_an_empty_one(
        templates, tmp_path, demo_without_photos):
    for keep in ("photos", "backups", "restore-undo-20260101-000000"):
        folder = tmp_path / keep
        (folder / keep).mkdir(parents=True)
        (folder / keep / "something").write_bytes(b"x")
        result = run_cli("log", "2026-05-02", "--redness", "3", data_dir=folder)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "there is no journal.db" in result.stderr
        assert not (folder / "journal.db").exists()
        with pytest.raises(JournalError, match="an empty journal was not started"):
            Journal.open(folder)
    fresh = run_cli("log", "2026-05-02", "--redness", "3", data_dir=tmp_path / "new")
    assert fresh.returncode == 0, fresh.stderr  # a new empty folder: the first run
    demo = run_cli("demo", data_dir=tmp_path / "photos")
    assert demo.returncode == 0, demo.stderr  # asked for explicitly


# -- other processes ---------------------------------------------------------------------
HOLDER = """
import datetime as dt, sys
from journal.models import DayEntry, JournalError
from journal.store.journal import Journal
journal = Journal.open(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
try:
    journal.save_entry(DayEntry(date=dt.date(2026, 5, 9), redness=9, note="late"))
    print("saved", flush=True)
except JournalError as exc:
    print(f"refused: {exc}", flush=True)
journal.close()
"""


def _holder(folder):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "open", proc.stderr.read()
    return proc


def test_restore_is_refused_while_another_process_has_the_journal_open(templates, tmp_path):
    folder = tmp_path / "journal"
    shutil.copytree(templates["old-plain"], folder)
    holder = _holder(folder)
    try:
        result = run_cli("restore", templates["archive"], data_dir=folder)
        assert result.returncode == 2 and result.stderr.count("\n") == 1
        assert "open in another program" in result.stderr
        assert not list(folder.glob("restore-undo-*"))
        repair = run_cli("check", "--repair", data_dir=folder)
        assert repair.returncode == 2 and "close it before you repair it" in repair.stderr
        out, _ = holder.communicate("go\n", timeout=60)
    finally:
        holder.kill()
    assert out.strip() == "saved"  # its save landed in the live journal, where it belongs
    with Journal.open(folder) as journal:
        assert journal.entry(dt.date(2026, 5, 9)).note == "late"


def test_a_command_started_during_a_restore_waits_and_then_writes_into_the_restored_journal(
        templates, tmp_path):
    folder = tmp_path / "journal"
    shutil.copytree(templates["old-plain"], folder)
    with exclusive(folder, "test"):
        waiting = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(folder), "log",
             "2026-06-02", "--note", "after"], cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        restore.restore_archive(folder, templates["archive"])
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    with Journal.open(folder) as journal:
        assert journal.entry(dt.date(2026, 6, 2)).note == "after"
        assert journal.setting("who", "") == "new"
    undo = next(folder.glob("restore-undo-*"))
    assert "after" not in str(table_rows(undo / "journal.db")["entries"])


def test_a_connection_opened_before_a_restore_fails_loudly_instead_of_saving_elsewhere(
        templates, tmp_path):
    folder = tmp_path / "journal"
    shutil.copytree(templates["old-plain"], folder)
    stale = Journal.open(folder)  # this process: the lock lets it restore under itself
    try:
        restore.restore_archive(folder, templates["archive"])
        with pytest.raises(JournalError, match="was replaced"):
            stale.save_entry(DayEntry(date=dt.date(2026, 5, 9), redness=1, note="lost?"))
    finally:
        stale.close()
    undo = next(folder.glob("restore-undo-*"))
    assert "lost?" not in str(table_rows(undo / "journal.db")["entries"])
    assert "lost?" not in str(table_rows(folder / "journal.db")["entries"])


def test_another_thread_of_the_app_waits_while_a_restore_runs_on_the_runner(templates,
                                                                             tmp_path):
    """A thumbnail or import task opening the journal mid-restore must not undo the restore."""
    import threading
    import time

    folder = tmp_path / "journal"
    shutil.copytree(templates["old-plain"], folder)
    holding, release = threading.Event(), threading.Event()

    def restorer():
        with exclusive(folder, "test"):
            holding.set()
            assert release.wait(30)
            restore.restore_archive(folder, templates["archive"])

    worker = threading.Thread(target=restorer)
    worker.start()
    assert holding.wait(30)
    opened = []

    def open_and_read():
        with Journal.open(folder) as journal:
            opened.append(journal.setting("who", ""))

    opener = threading.Thread(target=open_and_read)
    opener.start()
    deadline = time.monotonic() + 30
    while True:  # until the opener is parked in the lock's wait (its frame says so)
        frame = sys._current_frames().get(opener.ident)
        names = []
        while frame is not None:
            names.append(frame.f_code.co_name)
            frame = frame.f_back
        if "_wait_for_other_thread" in names:
            break
        assert opener.is_alive() and time.monotonic() < deadline, "the opener did not wait"
        holding.wait(0.01)
    release.set()
    worker.join(30)
    opener.join(30)
    assert opened == ["new"]  # it opened the restored journal
