"""`check` and `check --repair`: find what is wrong, fix only what is safe, never delete a photo."""
from __future__ import annotations

import sqlite3

import pytest

from journal.store import backup

from tests.conftest import run_cli
from tests.safety_helpers import (
    add_photos, corrupt_database, dispose, fill, finish, folder_hashes, open_window,
)


@pytest.fixture
def photo_journal(small_journal, tmp_path):
    add_photos(small_journal, tmp_path / "camera", count=3)
    small_journal.close()
    return small_journal


def check(data_dir, *extra):
    return backup.check_cli(data_dir, type("Args", (), {"repair": "--repair" in extra})())


def test_a_healthy_journal_reports_ok_and_exits_0(photo_journal, data_dir):
    result = run_cli("check", data_dir=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "journal OK: 7 day(s), 3 photo(s), database integrity ok" in result.stdout
    assert result.stderr == ""


def test_orphan_files_are_reported_then_moved_to_lost_and_found(photo_journal, data_dir,
                                                               capsys):
    stray = data_dir / "photos" / "0123abcd.jpg"
    stray.write_bytes(b"\xff\xd8 a stray file")
    leftover = data_dir / "photos" / ".import-x1y2.tmp"  # what a crash mid-import leaves
    leftover.write_bytes(b"half a picture")
    assert check(data_dir) == 1
    out = capsys.readouterr().out
    assert "photos/0123abcd.jpg belongs to no photo" in out
    assert "photos/.import-x1y2.tmp belongs to no photo" in out
    assert "`check --repair` can fix 2" in out

    assert check(data_dir, "--repair") == 0
    out = capsys.readouterr().out
    assert "moved to lost-and-found/0123abcd.jpg" in out
    assert (data_dir / "lost-and-found" / "0123abcd.jpg").read_bytes() == b"\xff\xd8 a stray file"
    assert not stray.exists() and not leftover.exists()
    assert check(data_dir) == 0


def test_a_missing_photo_file_is_reported_and_not_fixable(photo_journal, data_dir, capsys):
    victim = sorted((data_dir / "photos").iterdir())[0]
    victim.unlink()
    others = folder_hashes(data_dir / "photos")
    assert check(data_dir, "--repair") == 1
    out = capsys.readouterr().out
    assert f"its file photos/{victim.name} is missing; restore a backup" in out
    assert folder_hashes(data_dir / "photos") == others, "repair touched no other photo"


def test_a_damaged_photo_is_reported_and_never_deleted(photo_journal, data_dir, capsys):
    victim = sorted((data_dir / "photos").iterdir())[1]
    data = bytearray(victim.read_bytes())
    data[500] ^= 0xFF
    victim.write_bytes(bytes(data))
    assert check(data_dir, "--repair") == 1
    assert f"photos/{victim.name} is damaged" in capsys.readouterr().out
    assert victim.read_bytes() == bytes(data), "the damaged photo is still there, untouched"


def test_rows_pointing_at_missing_products_are_found(photo_journal, data_dir, capsys):
    conn = sqlite3.connect(data_dir / "journal.db", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO product_uses (date, product_id) VALUES ('2026-03-02', 999)")
    conn.close()
    assert check(data_dir) == 1
    assert "1 row(s) in product_uses refer to missing products" in capsys.readouterr().out


def test_a_damaged_database_is_reported_in_one_line(journal, data_dir):
    fill(journal, 150)
    journal.close()
    corrupt_database(data_dir / "journal.db")
    result = run_cli("check", data_dir=data_dir)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("problem:")]
    assert len(lines) == 1 and "the database is damaged" in lines[0], result.stdout
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_database(data_dir):
    data_dir.mkdir()
    (data_dir / "journal.db").write_text("my shopping list\n" * 50)
    result = run_cli("check", data_dir=data_dir)
    assert result.returncode == 1
    assert "journal.db is not a SQLite database" in result.stdout


def test_no_journal_at_all_is_bad_input(tmp_path):
    result = run_cli("check", data_dir=tmp_path / "nowhere")
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: there is no journal at {tmp_path / 'nowhere'}"
    assert not (tmp_path / "nowhere").exists()


def test_missing_thumbnails_are_a_note_and_repair_builds_them(photo_journal, data_dir, capsys):
    from journal.store import photos

    for name in backup._photo_names(data_dir / "journal.db"):
        photos.build_thumbnail(data_dir / "photos" / name, data_dir / "thumbs")
    thumbs = sorted((data_dir / "thumbs").iterdir())
    assert len(thumbs) == 3
    thumbs[0].unlink()
    assert check(data_dir) == 0, "a cache not built yet is not a problem"
    assert "note: 1 photo thumbnail(s) not built yet" in capsys.readouterr().out
    assert check(data_dir, "--repair") == 0
    assert "built 1" in capsys.readouterr().out
    assert thumbs[0].is_file()
    from PIL import Image

    with Image.open(thumbs[0]) as img:
        assert max(img.size) <= 256


def test_help_check_journal_in_the_window(qtbot, small_journal, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from journal.ui import safety

    window = open_window(qtbot, small_journal)
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    assert window.action_check.text() == "&Check journal"
    assert finish(qtbot, safety.check_journal, window) == 0
    assert "The journal is healthy: 7 days" in said[-1]

    (small_journal.photos_dir).mkdir(exist_ok=True)
    (small_journal.photos_dir / "stray.jpg").write_bytes(b"x")

    def click_repair(box):
        said.append(box.text())
        repair = next(b for b in box.buttons() if b.text() == "Repair what is safe")
        repair.click()

    monkeypatch.setattr(QMessageBox, "exec", click_repair)
    assert finish(qtbot, safety.check_journal, window) == 0
    assert "photos/stray.jpg belongs to no photo" in said[-2]
    assert "Repaired." in said[-1]
    assert (small_journal.data_dir / "lost-and-found" / "stray.jpg").exists()
    dispose(window)
