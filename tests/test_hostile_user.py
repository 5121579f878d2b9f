"""A demanding new user's edge cases: the app's save dialogs, product names, evidence labels.

Each case was found by running the commands and the app as a user would; each test failed
before its fix.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from PySide6.QtWidgets import QFileDialog, QMessageBox

from journal.models import DayEntry

from tests.conftest import run_cli
from tests.safety_helpers import dispose, open_window


# -- the app's Export and Report save dialogs refuse the journal's own folder -----------------
def test_app_export_inside_the_data_folder_is_refused(qtbot, journal, data_dir, monkeypatch):
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=1))
    target = data_dir / "backups" / "days.csv"
    target.parent.mkdir(exist_ok=True)
    shown = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    window = open_window(qtbot, journal)
    try:
        window._export()
    finally:
        dispose(window)
    assert not target.exists()
    assert len(shown) == 1 and "inside the journal's folder" in shown[0]


def test_app_report_inside_the_data_folder_is_refused(qtbot, small_journal, tmp_path,
                                                       monkeypatch):
    from PySide6.QtCore import QSettings

    from journal.ui.hub import Hub
    from journal.ui.report_page import ReportPage

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    hub = Hub(small_journal, QSettings(str(tmp_path / "w.ini"), QSettings.IniFormat))
    page = ReportPage(hub)
    qtbot.addWidget(page)
    target = small_journal.data_dir / "summary.pdf"
    with qtbot.waitSignal(page.action_done, timeout=30000) as done:
        page.save_pdf(target)
    assert done.args == [None]
    assert not target.exists()
    assert shown and "inside the journal's folder" in shown[-1]


# -- product names that look the same are the same product ---------------------------------
NFC, NFD = "Cr\u00e8me", "Cre\u0300me"      # "Crème" typed two ways (macOS file names use NFD)


def test_a_name_in_decomposed_form_is_the_same_product(data_dir):
    assert run_cli("product", "add", NFC, "--ingredients", "", data_dir=data_dir).returncode == 0
    for name in (NFD, NFD.upper()):
        again = run_cli("product", "add", name, "--ingredients", "", data_dir=data_dir)
        assert again.returncode == 2 and "already on the shelf" in again.stderr
    logged = run_cli("log", "2026-03-02", "--used", NFD, data_dir=data_dir)
    assert logged.returncode == 0, logged.stderr
    listed = run_cli("product", "list", data_dir=data_dir).stdout
    assert listed.count("\n") == 1


def test_a_decomposed_name_is_stored_composed(journal):
    from journal.models import Product

    journal.add_product(Product(name=NFD))
    assert journal.products()[0].name == NFC
    assert journal.product_by_name(NFC).name == NFC


def test_invisible_characters_in_a_name_are_refused(data_dir):
    for name in ("Z\u200b", "\ufeffZ", "Z\u2060", "Z\u00ad"):
        result = run_cli("product", "add", name, "--ingredients", "", data_dir=data_dir)
        assert result.returncode == 2 and result.stderr.startswith("error: ")
        assert "invisible" in result.stderr and result.stderr.count("\n") == 1
    assert run_cli("product", "list", data_dir=data_dir).stdout == ""


# -- evidence: a name already in the journal cannot act on the terminal ---------------------
HOSTILE = "Balm\x1b]0;owned\x07\x1b[2J\n99\tfake row\u202eevil"


def test_evidence_escapes_names_on_the_terminal(journal, data_dir):
    from journal.models import Product, Session

    journal.add_session(Session(date=dt.date(2026, 3, 1)))
    balm = journal.add_product(Product(name="Balm"))
    cream = journal.add_product(Product(name="Cream"))
    for i in range(30):
        journal.save_entry(DayEntry(date=dt.date(2026, 3, 1) + dt.timedelta(i), breakouts=i % 3,
                                    product_ids=(balm, cream) if i % 2 else ()))
    with journal.conn:
        journal.conn.execute("UPDATE products SET name=? WHERE id=?", (HOSTILE, balm))
    result = run_cli("evidence", data_dir=data_dir)
    assert result.returncode == 0
    rows = result.stdout.splitlines()
    assert len(rows) == 2 + 3                      # two products, makeup, sun, sweat
    assert all(row.count("\t") == 2 for row in rows)
    assert not any(c in result.stdout for c in "\x1b\x07\u202e")
    assert "Balm\\x1b]0;owned" in result.stdout   # shown, as an escape


# -- evidence says numbers, plurals and sessions as the rest of the app does -----------------
@pytest.fixture
def german():
    from journal import format as fmt

    yield fmt.set_locale("de_DE")
    fmt.set_locale("en_GB")


def _planted(journal):
    """Balm on odd days with 3 more spots; two sessions so that course comparisons exist."""
    from journal.models import Product, Session

    start = dt.date(2026, 3, 1)
    journal.add_session(Session(date=start))
    journal.add_session(Session(date=start + dt.timedelta(30)))
    balm = journal.add_product(Product(name="Balm"))
    for i in range(45):
        journal.save_entry(DayEntry(date=start + dt.timedelta(i), redness=2 + (i >= 30) * 4,
                                    breakouts=(i % 3) + (3 if i % 2 else 0) + (i >= 30) * 3,
                                    product_ids=(balm,) if i % 2 else ()))
    return start


def test_evidence_figures_follow_the_locale(journal, german):
    from journal.care.evidence import product_evidence

    _planted(journal)
    balm = next(e for e in product_evidence(journal) if e.name == "Balm")
    assert balm.verdict == "more"
    assert re.match(r"\d+,\d vs \d+,\d new spots a day", balm.figures), balm.figures
    assert "." not in balm.figures.split(" new spots")[0]


def test_course_comparison_names_sessions_as_the_report_does(journal):
    from journal import format as fmt
    from journal.care.course import course_comparison
    from journal.models import session_numbers

    start = _planted(journal)
    # a third session recorded later but dated first: the numbers are chronological
    from journal.models import Session
    journal.add_session(Session(date=start - dt.timedelta(60)))
    numbers = session_numbers(journal.sessions())
    first = next(s for s in journal.sessions() if s.date == start)
    found = course_comparison(journal, start + dt.timedelta(33))
    assert found is not None and found.text
    assert found.session_number == 3
    assert fmt.session_label(numbers[first.id], first.date, capital=False) in found.text


def test_evidence_without_a_session_says_so(journal, data_dir):
    from journal.models import Product

    cream = journal.add_product(Product(name="Cream"))
    for i in range(20):
        journal.save_entry(DayEntry(date=dt.date(2026, 3, 1) + dt.timedelta(i), breakouts=i % 3,
                                    product_ids=(cream,) if i % 2 else ()))
    rows = run_cli("evidence", data_dir=data_dir).stdout.splitlines()
    assert rows and all("no session recorded yet" in row for row in rows), rows


def test_evidence_on_days_without_a_spot_count_does_not_say_nothing_was_logged(journal, data_dir):
    from journal.models import Session

    journal.add_session(Session(date=dt.date(2026, 3, 1)))
    for i in range(1, 10):
        journal.save_entry(DayEntry(date=dt.date(2026, 3, 1) + dt.timedelta(i), redness=3))
    out = run_cli("evidence", data_dir=data_dir).stdout
    assert "no days logged" not in out and "no new-spot counts in days 1-14" in out, out


# -- command-line edges ------------------------------------------------------------------------
def test_the_window_without_a_display_is_one_line_not_a_qt_abort(data_dir):
    import os

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    from tests.conftest import ROOT
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "display" in result.stderr and "qt.qpa" not in result.stderr
    assert not (data_dir / "journal.db").exists()


def test_version(data_dir):
    from journal import __version__

    result = run_cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout


@pytest.mark.parametrize("args,words", [
    (("tips", ""), "not a valid date"),
    (("restore", ""), "give the backup file"),
])
def test_empty_or_odd_arguments_are_refused(journal, data_dir, tmp_path, args, words):
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=1))
    args = [a.format(tmp=tmp_path) for a in args]
    before = list(journal.conn.iterdump())
    result = run_cli(*args, data_dir=data_dir)
    assert result.returncode == 2 and result.stderr.startswith("error: ")
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert list(journal.conn.iterdump()) == before


def test_demo_force_keeps_a_backup_of_the_journal_it_replaces(journal, data_dir,
                                                                demo_without_photos):
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=7, note="my own day"))
    journal.close()
    result = run_cli("demo", "--force", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    kept = sorted((data_dir / "backups").glob("before-demo-*.zip"))
    assert len(kept) == 1 and str(kept[0]) in result.stdout
    restored = run_cli("restore", kept[0], data_dir=data_dir)
    assert restored.returncode == 0, restored.stderr
    from journal.store.journal import Journal

    again = Journal.open(data_dir)
    try:
        assert [e.note for e in again.entries()] == ["my own day"]
    finally:
        again.close()


def test_demo_on_an_empty_journal_writes_no_backup(data_dir, demo_without_photos):
    assert run_cli("demo", data_dir=data_dir).returncode == 0
    assert not list((data_dir / "backups").glob("*.zip")) if (data_dir / "backups").exists() \
        else True


def test_an_invisible_character_already_in_a_name_is_shown(journal, data_dir):
    from journal.models import Product

    journal.add_product(Product(name="Zinc cream"))
    twin = journal.add_product(Product(name="Zinc creamy"))
    with journal.conn:  # stored by a version that did not refuse it
        journal.conn.execute("UPDATE products SET name=? WHERE id=?", ("Zinc cream\u200b", twin))
    listed = run_cli("product", "list", data_dir=data_dir).stdout
    assert "Zinc cream\\u200b" in listed and "\u200b" not in listed


@pytest.mark.parametrize("args,words", [
    (("--redness", ""), "--redness is empty"),       # `--redness "$R"` with R unset
    (("--breakouts", " "), "--breakouts is empty"),
    ((), "nothing to log"),
])
def test_log_with_an_empty_value_or_nothing_is_refused(journal, data_dir, args, words):
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=6, breakouts=2))
    before = list(journal.conn.iterdump())
    for day in ("2026-03-02", "2026-03-03"):
        result = run_cli("log", day, *args, data_dir=data_dir)
        assert result.returncode == 2 and result.stderr.startswith("error: "), result
        assert words in result.stderr and result.stderr.count("\n") == 1
    assert list(journal.conn.iterdump()) == before


def test_a_needle_depth_of_zero_says_what_is_allowed(data_dir):
    result = run_cli("session", "add", "2026-03-01", "--depth-mm", "0", data_dir=data_dir)
    assert result.returncode == 2 and "more than 0" in result.stderr


@pytest.mark.parametrize("args,words", [
    (("product", "add", "Balm" * 100, "--ingredients", "Aqua"), "the product name is 400"),
    (("product", "add", "Balm", "--brand", "B" * 201, "--ingredients", "Aqua"), "the brand"),
    (("product", "add", "Balm", "--ingredients", "Aqua, " * 4000), "the ingredient list is"),
    (("session", "add", "2026-03-01", "--clinic", "C" * 201), "the clinic"),
])
def test_overlong_names_are_refused(journal, data_dir, args, words):
    """A 100,000-character product name made a 6-page brief 48 pages long."""
    before = list(journal.conn.iterdump())
    result = run_cli(*args, data_dir=data_dir)
    assert result.returncode == 2 and result.stderr.startswith("error: ")
    assert words in result.stderr and "at most" in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(journal.conn.iterdump()) == before


def test_a_name_of_the_longest_length_is_kept(data_dir):
    assert run_cli("product", "add", "B" * 200, "--ingredients", "Aqua, " * 3000,
                   data_dir=data_dir).returncode == 0


# -- opening a journal another program is writing --------------------------------------------
def _open_while_another_commits(path, monkeypatch) -> list[str]:
    """One round: a writer holds RESERVED and commits the moment connect() switches to WAL."""
    import sqlite3
    import threading

    from journal.store import db as dbmod

    first = dbmod.connect(path)
    first.execute("PRAGMA journal_mode = DELETE")   # as restore leaves it
    first.close()
    switching = threading.Event()

    class Signalling(sqlite3.Connection):
        def execute(self, sql, *args):
            if sql.replace(" ", "").lower().startswith("pragmajournal_mode=wal"):
                switching.set()
            return super().execute(sql, *args)

    real_connect = sqlite3.connect
    monkeypatch.setattr(dbmod.sqlite3, "connect",
                        lambda *a, **k: real_connect(*a, factory=Signalling, **k))
    writer = real_connect(path, isolation_level=None, timeout=10, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT OR REPLACE INTO settings VALUES ('k', 'v')")
    failures = []

    def commit_when_switching():
        switching.wait(30)
        try:
            writer.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            failures.append(f"writer: {exc}")

    committer = threading.Thread(target=commit_when_switching)
    committer.start()
    try:
        dbmod.connect(path).close()
    except Exception as exc:   # noqa: BLE001 - the failure under test
        failures.append(str(exc))
    committer.join()
    writer.close()
    monkeypatch.undo()
    return failures


def test_opening_while_another_connection_commits_waits_instead_of_failing(tmp_path, monkeypatch):
    """After a restore the journal is a fresh file in rollback mode, and every command that waited
    for the restore opens it at once. Switching it to WAL while another one commits deadlocked;
    SQLite answers a deadlock with 'database is locked' at once, not after the busy timeout, and
    the command said 'not a readable journal database'. The race is lost in about a third of
    the rounds: 30 rounds."""
    import sqlite3

    for round_ in range(30):
        path = tmp_path / f"{round_}" / "journal.db"
        path.parent.mkdir()
        assert _open_while_another_commits(path, monkeypatch) == [], f"round {round_}"
        check = sqlite3.connect(path)
        assert check.execute("SELECT value FROM settings WHERE key='k'").fetchone() == ("v",)
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        check.close()


# -- check on a folder that cannot be written ---------------------------------------------------
@pytest.fixture
def unwritable():
    """Make a folder unwritable for this user (chmod, or for root the immutable flag)."""
    import os
    import shutil
    import subprocess

    made = []

    def make(folder):
        if os.geteuid() != 0:
            folder.chmod(0o500)
            made.append(lambda: folder.chmod(0o700))
        elif shutil.which("chattr") and subprocess.run(
                ["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
            made.append(lambda: subprocess.run(["chattr", "-i", str(folder)], check=True))
        else:
            pytest.skip("cannot make a folder unwritable for root here")

    yield make
    for undo in made:
        undo()


def test_check_on_an_unwritable_folder_says_so_not_that_the_database_is_unreadable(
        journal, data_dir, unwritable):
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=1))
    journal.close()
    unwritable(data_dir)
    result = run_cli("check", data_dir=data_dir)
    assert result.returncode == 1
    assert "not writable" in result.stdout and "cannot be read" not in result.stdout


def test_evidence_json_escapes_bidi_and_invisible_characters_and_keeps_the_name(journal, data_dir):
    import json

    from journal.models import Product

    balm = journal.add_product(Product(name="Balm"))
    name = "Balm\u202eevil\u200b\u2028"
    with journal.conn:
        journal.conn.execute("UPDATE products SET name=? WHERE id=?", (name, balm))
    result = run_cli("evidence", "--json", data_dir=data_dir)
    assert result.returncode == 0
    assert not any(c in result.stdout for c in "\u202e\u200b\u2028\x1b")
    assert name in [item["name"] for item in json.loads(result.stdout)]


# -- --data-dir pointed at a folder that is not a journal's ---------------------------------------
@pytest.mark.parametrize("mode", [0o755, 0o1777])
def test_a_shared_folder_given_as_data_dir_keeps_its_permissions(tmp_path, mode):
    """`--data-dir /tmp` (or ~, or /dev as root) made the folder 0700: every other user and
    service lost it. Only a folder that is the journal's own (empty, new, or holding
    journal.db) is tightened."""
    import os

    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "someone-elses-file.txt").write_text("x")
    os.chmod(shared, mode)
    for _ in range(2):  # the second time journal.db is there
        assert run_cli("session", "list", data_dir=shared).returncode == 0
        assert shared.stat().st_mode & 0o7777 == mode


def test_a_journal_folder_is_still_tightened(tmp_path):
    import os

    folder = tmp_path / "journal"
    assert run_cli("log", "2026-03-02", "--redness", "1", data_dir=folder).returncode == 0
    os.chmod(folder, 0o755)
    assert run_cli("session", "list", data_dir=folder).returncode == 0
    assert folder.stat().st_mode & 0o777 == 0o700


# -- days still to come ------------------------------------------------------------------------
def test_tips_and_a_report_ending_in_the_future_are_refused(data_dir, tmp_path):
    """`tips 2099-01-01` printed "Day 26,340 after the session"; `report --to 2099-01-01`
    named a period of days not lived yet. Both are one line and exit 2 now; today is fine."""
    import datetime as dt

    today = dt.date.today()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert run_cli("session", "add", today.isoformat(), data_dir=data_dir).returncode == 0
    tips = run_cli("tips", tomorrow, data_dir=data_dir)
    assert (tips.returncode, tips.stdout) == (2, "")
    assert tips.stderr.startswith("error: ") and "future" in tips.stderr
    assert len(tips.stderr.strip().splitlines()) == 1
    assert run_cli("tips", today.isoformat(), data_dir=data_dir).returncode == 0
    out = tmp_path / "brief.pdf"
    report = run_cli("report", "--out", out, "--to", tomorrow, data_dir=data_dir)
    assert report.returncode == 2 and "future" in report.stderr and not out.exists()
