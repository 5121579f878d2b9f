"""Backup and restore: one archive, verified before anything is replaced, undoable."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zipfile

import pytest

from journal.models import DayEntry, JournalError
from journal.store import backup
from journal.store.db import SCHEMA_VERSION
from journal.store.journal import Journal

from tests.conftest import run_cli
from tests.safety_helpers import (
    add_photos, corrupt_database, dispose, fill, fingerprint, finish, folder_hashes, open_window,
    table_rows,
)


@pytest.fixture
def full_journal(small_journal, tmp_path):
    """The small journal plus two real photos and a setting."""
    add_photos(small_journal, tmp_path / "camera", count=2)
    small_journal.set_setting("backups_to_keep", "3")
    return small_journal


def test_backup_cli_writes_archive_with_manifest_and_says_it_holds_health_data(
        full_journal, data_dir, tmp_path):
    full_journal.close()
    out = tmp_path / "out" / "journal-backup.zip"
    out.parent.mkdir()
    result = run_cli("backup", "--out", out, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "health data" in result.stdout
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        photo_names = {f"photos/{p.name}" for p in (data_dir / "photos").iterdir()}
        assert names == {"journal.db", "manifest.json", *photo_names}
        assert len(photo_names) == 2
        assert manifest["app"] == "Skin Recovery Journal"
        assert manifest["schema_version"] == SCHEMA_VERSION
        assert manifest["app_version"] and manifest["created"]
        assert set(manifest["members"]) == names - {"manifest.json"}
        for name, entry in manifest["members"].items():
            data = archive.read(name)
            assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert (out.stat().st_mode & 0o777) == 0o600
    assert not [p for p in out.parent.iterdir() if p != out], "no temporary file left behind"


def test_restore_into_an_empty_folder_gives_the_same_rows_and_identical_photos(
        full_journal, data_dir, tmp_path):
    out = tmp_path / "b.zip"
    backup.write_backup(data_dir, out)
    full_journal.close()
    other = tmp_path / "elsewhere"
    result = run_cli("restore", out, data_dir=other)
    assert result.returncode == 0, result.stderr
    assert table_rows(other / "journal.db") == table_rows(data_dir / "journal.db")
    assert folder_hashes(other / "photos") == folder_hashes(data_dir / "photos")
    with Journal.open(other) as restored:  # and the app opens it
        assert [e.date for e in restored.entries()][0] == dt.date(2026, 2, 27)
        assert len(restored.photos()) == 2


def test_restore_keeps_the_replaced_journal_aside_so_it_can_be_undone(full_journal, data_dir,
                                                                        tmp_path):
    out = tmp_path / "b.zip"
    backup.write_backup(data_dir, out)
    before_rows = table_rows(data_dir / "journal.db")
    # Later the journal changes: a new day, one more photo.
    full_journal.save_entry(DayEntry(date=dt.date(2026, 5, 1), redness=9, note="after backup"))
    add_photos(full_journal, tmp_path / "camera2", count=1, date=dt.date(2026, 5, 1))
    full_journal.close()
    changed_rows = table_rows(data_dir / "journal.db")
    changed_photos = folder_hashes(data_dir / "photos")

    result = run_cli("restore", out, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert table_rows(data_dir / "journal.db") == before_rows
    undo = sorted(data_dir.glob("restore-undo-*"))
    assert len(undo) == 1 and str(undo[0]) in result.stdout
    assert table_rows(undo[0] / "journal.db") == changed_rows
    assert folder_hashes(undo[0] / "photos") == changed_photos
    assert not list(data_dir.glob(".restore-*")), "no staging folder left behind"


def test_backup_is_consistent_while_the_app_has_a_write_in_progress(full_journal, data_dir,
                                                                      tmp_path):
    # The "app" holds the journal open with a write transaction not yet committed.
    full_journal.conn.execute("BEGIN IMMEDIATE")
    full_journal.conn.execute("INSERT INTO entries (date, redness) VALUES ('2026-06-01', 3)")
    try:
        result = run_cli("backup", "--out", tmp_path / "live.zip", data_dir=data_dir)
        assert result.returncode == 0, result.stderr
    finally:
        full_journal.conn.execute("COMMIT")
    restored = tmp_path / "restored"
    backup.restore_archive(restored, tmp_path / "live.zip")
    dates = [r[0] for r in table_rows(restored / "journal.db")["entries"]]
    assert "2026-03-05" in dates and "2026-06-01" not in dates


def test_archive_that_is_not_a_backup_changes_nothing(full_journal, data_dir, tmp_path):
    full_journal.close()
    before = fingerprint(data_dir)
    junk = tmp_path / "holiday.zip"
    with zipfile.ZipFile(junk, "w") as archive:
        archive.writestr("beach.txt", "sun")
    result = run_cli("restore", junk, data_dir=data_dir)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "manifest" in result.stderr
    assert "Traceback" not in result.stderr
    assert fingerprint(data_dir) == before
    assert not list(data_dir.glob("restore-undo-*")) and not list(data_dir.glob(".restore-*"))


def test_archive_from_a_newer_app_is_refused(full_journal, data_dir, tmp_path):
    newer = tmp_path / "newer.zip"
    backup.write_backup(data_dir, newer)
    full_journal.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    backup.write_backup(data_dir, newer)
    full_journal.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    with pytest.raises(JournalError, match="newer version of the app"):
        backup.verify_archive(newer)


def test_an_older_schema_backup_restores_and_is_upgraded_on_open(data_dir, tmp_path):
    from journal.store import db

    old_dir = tmp_path / "old"
    old_dir.mkdir()
    conn = sqlite3.connect(old_dir / "journal.db", isolation_level=None)
    db.migrate(conn, 0, to_version=1)
    conn.execute("INSERT INTO entries (date, redness) VALUES ('2025-12-01', 4)")
    conn.close()
    backup.write_backup(old_dir, tmp_path / "v1.zip")
    info, undo = backup.restore_archive(data_dir, tmp_path / "v1.zip")
    assert info.schema_version == 1 and undo is None
    with Journal.open(data_dir) as journal:
        assert journal.entry(dt.date(2025, 12, 1)).redness == 4
        assert journal.photos() == []


# -- automatic backups -------------------------------------------------------------------
def test_automatic_backup_at_most_once_a_day_and_only_the_newest_n_kept(full_journal, data_dir):
    day = dt.datetime(2026, 7, 1, 21, 0)
    made = [backup.auto_backup(full_journal, now=day)]
    assert made[0] is not None and made[0].parent == data_dir / "backups"
    assert backup.auto_backup(full_journal, now=day + dt.timedelta(hours=2)) is None
    for n in range(1, 6):  # keep = 3 (journal setting)
        made.append(backup.auto_backup(full_journal, now=day + dt.timedelta(days=n)))
    kept = backup.automatic_backups(data_dir)
    assert kept == list(reversed(made[-3:]))
    assert all(not p.exists() for p in made[:-3])


def test_backups_to_keep_defaults_to_seven_and_zero_turns_them_off(journal):
    assert backup.backups_to_keep(journal) == 7
    journal.set_setting("backups_to_keep", "0")
    fill(journal, 1)
    assert backup.auto_backup(journal) is None
    assert backup.automatic_backups(journal.data_dir) == []


def test_newest_good_backup_skips_a_damaged_one(full_journal, data_dir):
    good = backup.auto_backup(full_journal, now=dt.datetime(2026, 7, 1, 20, 0))
    bad = backup.auto_backup(full_journal, now=dt.datetime(2026, 7, 2, 20, 0))
    data = bytearray(bad.read_bytes())
    data[len(data) // 3: len(data) // 3 + 64] = b"\0" * 64
    bad.write_bytes(bytes(data))
    path, info = backup.newest_good_backup(data_dir)
    assert path == good and info.photos == 2


# -- the GUI: File > Back up… and Restore… ---------------------------------------------------
@pytest.fixture
def window(qtbot, full_journal):
    win = open_window(qtbot, full_journal)
    yield win
    dispose(win)


def test_menu_back_up_and_restore(qtbot, window, full_journal, data_dir, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from journal.ui import safety

    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    assert window.action_backup.text().startswith("&Back up")
    out = finish(qtbot, safety.back_up, window, str(tmp_path / "menu.zip"))
    assert out == tmp_path / "menu.zip" and "health data" in said[-1]

    full_journal.delete_entry(dt.date(2026, 3, 5))
    seen = []
    window.hub.entries_changed.connect(seen.append)
    assert finish(qtbot, safety.restore, window, str(out))
    assert window.hub.journal is full_journal, "pages keep their journal object"
    assert full_journal.entry(dt.date(2026, 3, 5)).pus  # back, through the same object
    assert seen, "pages were told to refresh"
    assert "restore-undo-" in said[-1]


def test_menu_restore_of_a_damaged_file_says_why_and_keeps_the_journal(
        qtbot, window, full_journal, data_dir, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from journal.ui import safety

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert not finish(qtbot, safety.restore, window, str(bad))
    assert "not a backup archive" in warned[-1]
    assert len(full_journal.entries()) == 7


# -- start-up: quick_check and the offer to restore ------------------------------------------
def test_damaged_journal_at_start_writes_nothing_and_offers_the_newest_good_backup(
        full_journal, data_dir, monkeypatch, qapp):
    from PySide6.QtWidgets import QMessageBox

    from journal.ui import app

    fill(full_journal, 120, start=dt.date(2025, 1, 1))  # a few pages to damage
    good = backup.auto_backup(full_journal, now=dt.datetime(2026, 7, 1, 20, 0))
    full_journal.close()
    corrupt_database(data_dir / "journal.db")
    damaged = (data_dir / "journal.db").read_bytes()
    assert backup.quick_check(data_dir) is not None

    with pytest.raises(JournalError, match="looks damaged.*" + good.name):
        app.open_checked_journal(data_dir, interactive=False)
    assert (data_dir / "journal.db").read_bytes() == damaged

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    assert app.open_checked_journal(data_dir) is None
    assert (data_dir / "journal.db").read_bytes() == damaged and "Nothing has been written" in asked[0]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    journal = app.open_checked_journal(data_dir)
    try:
        assert len(journal.entries()) == 127
    finally:
        journal.close()
    undo = next(data_dir.glob("restore-undo-*"))
    assert (undo / "journal.db").read_bytes() == damaged


def test_closing_the_app_writes_the_daily_backup_but_not_for_an_empty_journal(tmp_path):
    from journal.ui.app import close_journal

    empty = Journal.open(tmp_path / "empty")
    close_journal(empty)
    assert backup.automatic_backups(tmp_path / "empty") == []

    used = Journal.open(tmp_path / "used")
    fill(used, 3)
    close_journal(used)
    made = backup.automatic_backups(tmp_path / "used")
    assert len(made) == 1 and made[0].name.startswith(f"auto-{dt.date.today():%Y%m%d}-")
    assert backup.verify_archive(made[0]).photos == 0
    again = Journal.open(tmp_path / "used")
    close_journal(again)  # the same day: no second one
    assert backup.automatic_backups(tmp_path / "used") == made


def test_backup_restore_and_check_run_in_the_background_with_the_window_responsive(
        qtbot, window, full_journal, tmp_path, monkeypatch):
    """The work waits on a gate the GUI thread opens: only a free GUI thread can open it."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    from journal.store import backup as backup_module
    from journal.ui import safety

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    gate = threading.Event()
    real = backup_module.write_backup

    def gated(*args, **kwargs):
        assert threading.current_thread() is not threading.main_thread()
        assert gate.wait(30), "the GUI thread never opened the gate"
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_module, "write_backup", gated)
    results = []
    job = safety.back_up(window, str(tmp_path / "bg.zip"), on_done=results.append)
    ticks = []
    QTimer.singleShot(0, lambda: ticks.append("the event loop ran"))
    qtbot.waitUntil(lambda: bool(ticks))  # the GUI thread is free while the backup waits
    dialogs = [w for w in window.findChildren(QProgressDialog)]
    assert dialogs and not results and job.state == "waiting"
    gate.set()
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    assert results == [tmp_path / "bg.zip"]
    qtbot.waitUntil(lambda: not [w for w in window.findChildren(QProgressDialog)
                                 if w.isVisible()])
    assert finish(qtbot, safety.restore, window, str(tmp_path / "bg.zip"))
    assert finish(qtbot, safety.check_journal, window) == 0
