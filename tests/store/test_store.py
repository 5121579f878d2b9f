"""The store: sessions, products, entries, Day N, migrations, refusal of foreign files."""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3

import pytest

from journal.models import DayEntry, JournalError, Product, Session, day_since_session
from journal.store import db as dbmod
from journal.store.journal import Journal

D = dt.date


def test_entry_round_trip_with_products(journal):
    pid = journal.add_product(Product(name="Night Serum", ingredients="Aqua, Retinol"))
    entry = DayEntry(date=D(2026, 3, 3), redness=4, swelling=0, pain=None, itch=2, dryness=10,
                     breakouts=3, pus=True, makeup=True, note="spot on chin", product_ids=(pid,))
    journal.save_entry(entry)
    assert journal.entry(D(2026, 3, 3)) == entry
    assert journal.entry(D(2026, 3, 4)) is None


def test_update_entry_keeps_fields_not_given(journal):
    pid = journal.add_product(Product(name="Balm"))
    journal.update_entry(D(2026, 3, 3), redness=5, note="first", used=[pid])
    journal.update_entry(D(2026, 3, 3), breakouts=2)
    entry = journal.entry(D(2026, 3, 3))
    assert (entry.redness, entry.breakouts, entry.note, entry.product_ids) == (5, 2, "first", (pid,))


@pytest.mark.parametrize("changes", [dict(redness=11), dict(pain=-1), dict(itch="x"),
                                     dict(breakouts=-2), dict(dryness=3.5)])
def test_bad_values_write_nothing(journal, changes):
    journal.update_entry(D(2026, 3, 3), redness=1)
    with pytest.raises(JournalError):
        journal.update_entry(D(2026, 3, 3), **changes)
    assert journal.entry(D(2026, 3, 3)).redness == 1
    assert journal.entries() == [journal.entry(D(2026, 3, 3))]


def test_save_is_atomic_when_a_product_is_unknown(journal):
    journal.update_entry(D(2026, 3, 3), redness=1)
    with pytest.raises(JournalError, match="unknown product"):
        journal.save_entry(DayEntry(date=D(2026, 3, 3), redness=9, product_ids=(999,)))
    assert journal.entry(D(2026, 3, 3)).redness == 1


def test_day_since_session_rules():
    sessions = [D(2026, 3, 1), D(2026, 3, 2), D(2026, 4, 5)]
    assert day_since_session(D(2026, 2, 28), sessions) is None
    assert day_since_session(D(2026, 3, 1), sessions) == 0
    assert day_since_session(D(2026, 3, 2), sessions) == 0   # consecutive sessions: the later wins
    assert day_since_session(D(2026, 3, 5), sessions) == 3
    assert day_since_session(D(2026, 4, 4), sessions) == 33


def test_day_info_names_the_session(small_journal):
    info = small_journal.day_info(D(2026, 3, 3))
    assert (info.day, info.session.date) == (2, D(2026, 3, 1))
    assert info.label() == "Day 2 after the session of 1 Mar 2026"
    assert small_journal.day_info(D(2026, 2, 1)).label() == "before the first session"


def test_sessions_edit_and_delete(journal):
    sid = journal.add_session(Session(date=D(2026, 3, 1), areas=("full face",), depth_mm=0.5))
    session = journal.session(sid)
    session.clinic = "Skin Co"
    session.depth_mm = 1.5
    journal.update_session(session)
    assert journal.sessions()[0].clinic == "Skin Co"
    assert journal.sessions()[0].depth_mm == 1.5
    with pytest.raises(JournalError, match="depth"):
        journal.add_session(Session(date=D(2026, 3, 2), depth_mm=9))
    journal.delete_session(sid)
    assert journal.sessions() == []


def test_dates_beyond_what_day_arithmetic_handles_are_refused(journal):
    """The app's date pickers reach 9999: Day 14 after such a session overflowed Trends."""
    with pytest.raises(JournalError, match="too far in the future"):
        journal.add_session(Session(date=D(9999, 12, 25)))
    with pytest.raises(JournalError, match="too far in the past"):
        journal.save_entry(DayEntry(date=D(1, 1, 1), redness=2))
    assert journal.is_empty()


def test_a_journal_locked_too_long_by_another_writer_is_a_message(journal, data_dir):
    """BEGIN IMMEDIATE itself times out when another process holds the write lock."""
    other = Journal.open(data_dir)
    try:
        other.conn.execute("PRAGMA busy_timeout = 0")  # do not wait the usual 10 s here
        journal.conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(JournalError, match="could not save.*locked"):
            other.add_session(Session(date=D(2026, 3, 1)))
        journal.conn.execute("ROLLBACK")
        other.add_session(Session(date=D(2026, 3, 1)))  # and it works once the lock is gone
        assert len(journal.sessions()) == 1
    finally:
        other.close()


@contextlib.contextmanager
def another_process_writing(db_path, statement: str):
    """A second process runs `statement` in a write transaction it holds for a quarter of a
    second, then commits; the block runs while it holds the lock (it said so before the
    block starts, and the block's first write comes within milliseconds: it waits)."""
    import subprocess
    import sys

    writer = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(db_path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        f"c.execute({statement!r})\n"
        "print('locked', flush=True)\n"
        "time.sleep(0.25)\n"
        "c.execute('COMMIT')\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "locked"
        yield
    finally:
        writer.wait(timeout=30)
        writer.stdout.close()


def test_deleting_a_product_another_process_just_logged_keeps_it(journal, data_dir):
    """The 'never logged' check and the delete are one transaction (no FK traceback)."""
    pid = journal.add_product(Product(name="Night Serum", ingredients="Aqua"))
    journal.save_entry(DayEntry(date=D(2026, 3, 2), redness=1))
    with another_process_writing(data_dir / "journal.db",
                                 f"INSERT INTO product_uses VALUES ('2026-03-02', {pid})"):
        with pytest.raises(JournalError, match="in the log on 1 day"):
            journal.delete_product(pid)
    assert [p.name for p in journal.products()] == ["Night Serum"]


def test_logging_a_product_another_process_just_deleted_is_a_message(journal, data_dir):
    pid = journal.add_product(Product(name="Night Serum", ingredients="Aqua"))
    with another_process_writing(data_dir / "journal.db", f"DELETE FROM products WHERE id={pid}"):
        with pytest.raises(JournalError, match="unknown product"):
            journal.save_entry(DayEntry(date=D(2026, 3, 2), redness=1, product_ids=(pid,)))
    assert journal.entry(D(2026, 3, 2)) is None


def test_products_unique_names_and_history_kept(journal):
    pid = journal.add_product(Product(name="Night Serum", category="serum"))
    with pytest.raises(JournalError, match="already on the shelf"):
        journal.add_product(Product(name="night serum"))
    with pytest.raises(JournalError, match="needs a name"):
        journal.add_product(Product(name="   "))
    with pytest.raises(JournalError, match="category"):
        journal.add_product(Product(name="X", category="potion"))
    journal.update_entry(D(2026, 3, 3), used=[pid])
    with pytest.raises(JournalError, match="stays"):
        journal.delete_product(pid)
    assert journal.product_by_name("NIGHT SERUM").id == pid


def test_products_of_the_previous_logged_day_are_the_default(small_journal):
    names = {p.id: p.name for p in small_journal.products()}
    ticks = small_journal.products_before(D(2026, 3, 4))
    assert sorted(names[i] for i in ticks) == ["Gentle Cleanser", "Night Serum"]


def test_data_dir_is_private(data_dir):
    Journal.open(data_dir).close()
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert (data_dir / "journal.db").stat().st_mode & 0o777 == 0o600


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(data_dir):
    data_dir.mkdir()
    (data_dir / "journal.db").write_text("my shopping list\n" * 20)
    before = _sha(data_dir / "journal.db")
    with pytest.raises(JournalError, match="not a journal database"):
        Journal.open(data_dir)
    assert _sha(data_dir / "journal.db") == before


def test_a_journal_from_a_newer_app_is_refused_and_untouched(data_dir):
    Journal.open(data_dir).close()
    path = data_dir / "journal.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 1}")
    conn.close()
    before = _sha(path)
    with pytest.raises(JournalError, match="newer version"):
        Journal.open(data_dir)
    assert _sha(path) == before


@pytest.mark.parametrize("old_version", range(1, dbmod.SCHEMA_VERSION))
def test_migrations_upgrade_an_older_journal_with_its_data(data_dir, old_version):
    data_dir.mkdir()
    path = data_dir / "journal.db"
    conn = sqlite3.connect(path, isolation_level=None)
    dbmod.migrate(conn, 0, old_version)
    conn.execute("INSERT INTO sessions (date, areas) VALUES ('2026-03-01', 'full face')")
    conn.execute("INSERT INTO entries (date, redness) VALUES ('2026-03-02', 6)")
    conn.close()
    with Journal.open(data_dir) as journal:
        assert journal.conn.execute("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
        assert journal.entry(D(2026, 3, 2)).redness == 6
        assert journal.day_info(D(2026, 3, 2)).day == 1
    snapshots = list((data_dir / "backups").glob(f"before-migration-v{old_version}-*.db"))
    assert len(snapshots) == 1
    old = sqlite3.connect(snapshots[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == old_version


def test_demo_builds_a_believable_journal_and_refuses_to_overwrite(journal, monkeypatch):
    import journal.demo_photos as demo_photos
    from journal.demo import build_demo

    # (the demo's photos have their own test in test_photos.py: the rows are tested here)
    monkeypatch.setattr(demo_photos, "add_demo_photos", lambda *args, **kwargs: 0)

    build_demo(journal, today=D(2026, 6, 30))
    sessions = journal.sessions()
    assert len(sessions) == 3
    gaps = [(b.date - a.date).days for a, b in zip(sessions, sessions[1:])]
    assert all(30 <= g <= 40 for g in gaps)
    entries = journal.entries()
    assert 85 <= len(entries) <= 100
    assert len(journal.products()) == 8
    assert sum(1 for e in entries if e.flags) == 1

    def peak_breakouts(session):
        return max(e.breakouts for e in entries
                   if 0 <= (e.date - session.date).days <= 10 and e.breakouts is not None)
    peaks = [peak_breakouts(s) for s in sessions]
    assert peaks[1] == max(peaks) and peaks[1] > peaks[0] + 2   # the retinol session was worst
    day0 = [e for e in entries if e.date in {s.date for s in sessions}]
    assert all(e.redness >= 6 for e in day0)
    with pytest.raises(JournalError, match="--force"):
        build_demo(journal)
    build_demo(journal, force=True, today=D(2026, 6, 30))
    assert len(journal.sessions()) == 3


def test_v4_adds_the_airway_and_eye_flags_to_a_v3_journal(data_dir):
    """A journal from before the two emergency flags gets both columns, unticked, and they
    accept only 0 and 1 like the other yes/no columns."""
    data_dir.mkdir()
    path = data_dir / "journal.db"
    conn = sqlite3.connect(path, isolation_level=None)
    dbmod.migrate(conn, 0, 3)
    conn.execute("INSERT INTO entries (date, redness, pus) VALUES ('2026-03-02', 6, 1)")
    conn.close()
    with Journal.open(data_dir) as journal:
        entry = journal.entry(D(2026, 3, 2))
        assert (entry.pus, entry.airway, entry.eye_problem) == (True, False, False)
        journal.save_entry(DayEntry(date=D(2026, 3, 3), airway=True, eye_problem=True))
        assert journal.entry(D(2026, 3, 3)).flags == ["airway", "eye_problem"]
        for column in ("airway", "eye_problem"):
            with pytest.raises(sqlite3.IntegrityError):
                journal.conn.execute(f"UPDATE entries SET {column} = 2")
