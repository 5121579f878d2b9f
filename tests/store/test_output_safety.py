"""Output that cannot be turned against the user, and input edges (issue: hostile text, paths).

Escapes in printed text, control characters at input, CSV formula cells, empty data
dirs, strict dates, odd file names on a strict UTF-8 terminal, folder permissions,
ICC profile text, output files inside the data folder, and check/repair edges.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import sqlite3
import stat
import subprocess
import sys

import pytest

from journal.cli import main
from journal.models import DayEntry, JournalError, Product, Session, parse_date
from journal.store import photos
from journal.store.check import check_journal
from journal.store.journal import Journal

from tests.conftest import ROOT, run_cli
from tests.safety_helpers import add_photos, write_jpeg

HOSTILE = "Balm\x1b]0;owned\x07\x1b[2J\n99\tfake row\u202eevil"


def run(data_dir, *args, capsys):
    code = main(["--data-dir", str(data_dir), *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _plant(journal, table, column, value, where="1=1"):
    """Hostile text already in the journal (an old version, another tool): output must cope."""
    journal.conn.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (value,))


def _no_controls(text: str) -> None:
    for char in text:
        assert char in "\n\t" or (char.isprintable() and char not in "\u202e\u2066"), repr(char)


def test_product_session_and_tips_output_escape_controls_and_bidi(journal, data_dir, capsys):
    journal.add_product(Product(name="Plain", ingredients="Aqua"))
    journal.add_session(Session(date=dt.date(2026, 3, 1), clinic="Clinic"))
    _plant(journal, "products", "name", HOSTILE)
    _plant(journal, "products", "brand", HOSTILE)
    _plant(journal, "sessions", "clinic", HOSTILE)
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=3,
                                product_ids=(journal.products()[0].id,)))
    for command, rows in ((("product", "list"), 1), (("session", "list"), 1),
                          (("tips", "2026-03-02"), None)):
        code, out, err = run(data_dir, *command, capsys=capsys)
        assert code == 0, err
        _no_controls(out)
        assert "\\x1b]0;owned\\x07" in out or command[0] == "tips"
        if rows is not None:
            assert len(out.splitlines()) == rows  # a newline in a name fakes no extra row


def test_errors_echoing_user_text_are_escaped(journal, data_dir, capsys):
    code, _out, err = run(data_dir, "log", "2026-03-02", "--used", HOSTILE, capsys=capsys)
    assert code == 2 and err.count("\n") == 1
    _no_controls(err)


@pytest.mark.parametrize("field,make", [
    ("product name", lambda v: Product(name=v, ingredients="Aqua")),
    ("brand", lambda v: Product(name="P", brand=v, ingredients="Aqua")),
    ("clinic", lambda v: Session(date=dt.date(2026, 3, 1), clinic=v)),
    ("area", lambda v: Session(date=dt.date(2026, 3, 1), areas=(v,))),
])
def test_control_characters_in_names_are_refused_at_input(journal, field, make):
    for value in ("A\x1b[2J", "A\nB", "A\u202eB", "A\x00B", "A\x85B"):
        item = make(value)
        with pytest.raises(JournalError, match="contains"):
            item.validate()
    assert journal.is_empty()


def test_notes_keep_newlines_and_tabs_but_not_escapes(journal):
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), note="line one\nline\ttwo"))
    assert journal.entry(dt.date(2026, 3, 2)).note == "line one\nline\ttwo"
    with pytest.raises(JournalError, match="U\\+001B"):
        journal.save_entry(DayEntry(date=dt.date(2026, 3, 3), note="x\x1b]0;t\x07"))
    with pytest.raises(JournalError):
        journal.add_session(Session(date=dt.date(2026, 3, 1), notes="\u202eevil"))


def test_csv_export_neutralises_formula_cells(journal, data_dir, tmp_path, capsys):
    journal.add_product(Product(name="=HYPERLINK(\"http://x\",\"click\")", ingredients="Aqua"))
    notes = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tlead", "plain - text", "'quoted"]
    for n, note in enumerate(notes):
        journal.save_entry(DayEntry(date=dt.date(2026, 3, 1) + dt.timedelta(days=n), note=note,
                                    product_ids=(journal.products()[0].id,) if n == 0 else ()))
    out = tmp_path / "days.csv"
    code, _o, err = run(data_dir, "export", "--out", out, capsys=capsys)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert [r["note"] for r in rows] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tlead",
                                         "plain - text", "'quoted"]
    from journal.store.export import neutralise_cell

    assert neutralise_cell("\rx") == "'\rx" and neutralise_cell(-3) == -3
    assert rows[0]["products"].startswith("'=HYPERLINK")
    assert all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r)


def test_an_empty_data_dir_is_refused_from_the_option_and_the_environment(tmp_path, capsys,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["--data-dir", "", "log", "2026-03-02", "--redness", "1"])
    assert code == 2 and "--data-dir is empty" in capsys.readouterr().err
    monkeypatch.setenv("JOURNAL_DATA_DIR", "")
    code = main(["log", "2026-03-02", "--redness", "1"])
    assert code == 2 and "JOURNAL_DATA_DIR is set but empty" in capsys.readouterr().err
    real = tmp_path.parent / "home"  # nothing was written to any journal
    assert not list(tmp_path.rglob("journal.db")) and not list(real.rglob("journal.db"))


@pytest.mark.parametrize("text", ["2026-W27-7", "20260705", "2026-07-05T00:00", "2026-7-5",
                                  "2026-07-05 ", "+2026-07-0", "٢٠٢٦-٠٧-٠٥"])
def test_only_yyyy_mm_dd_dates_are_accepted(journal, data_dir, capsys, text):
    if text.strip() != text:
        assert parse_date(text) == dt.date(2026, 7, 5)  # surrounding spaces are forgiven
        return
    with pytest.raises(JournalError, match="YYYY-MM-DD"):
        parse_date(text)
    code, _o, err = run(data_dir, "log", text, "--redness", "1", capsys=capsys)
    assert code == 2 and err.count("\n") == 1
    assert journal.entries() == []


def test_file_names_with_newlines_or_non_utf8_bytes_print_safely_on_a_strict_terminal(
        journal, data_dir, tmp_path):
    journal.close()
    folder = os.fsencode(tmp_path / "cam")
    os.mkdir(folder)
    good = os.path.join(folder, b"face\nfake line \xff.jpg")
    bad = os.path.join(folder, b"notes \xfe\x1b[2J.jpg")
    write_jpeg(tmp_path / "tmp.jpg")
    shutil.copy(tmp_path / "tmp.jpg", good)
    with open(bad, "wb") as handle:
        handle.write(b"not a picture")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    for attempt in range(2):  # the second time: already there / still bad
        result = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "photo", "add",
             good, bad, "--date", "2026-03-02"], capture_output=True, env=env, cwd=ROOT)
        assert b"Traceback" not in result.stderr, result.stderr
        assert result.returncode == (0 if attempt == 0 else 2)  # 2: nothing new was filed
        text = (result.stdout + result.stderr).decode("utf-8")  # strict: it is valid UTF-8
        _no_controls(text)
        assert "\\xfe\\x1b[2J.jpg" in text
    with Journal.open(data_dir) as reopened:
        assert len(reopened.photos()) == 1


def test_an_existing_0755_data_folder_is_tightened_to_0700(tmp_path, capsys):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    code, _o, err = run(folder, "log", "2026-03-02", "--redness", "1", capsys=capsys)
    assert code == 0, err
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# -- ICC profiles -------------------------------------------------------------------------
def _profile_with_text(base: bytes, text: str, description: str | None = None) -> bytes:
    """An ICC profile with an extra tag of text (and maybe another description)."""
    import struct

    count = struct.unpack_from(">I", base, 128)[0]
    tags = []
    for n in range(count):
        sig, offset, size = struct.unpack_from(">4sII", base, 132 + 12 * n)
        tags.append([sig, base[offset:offset + size]])

    def mluc(value: str) -> bytes:
        data = value.encode("utf-16-be")
        return b"mluc" + b"\0" * 4 + struct.pack(">II2s2sII", 1, 12, b"en", b"US", len(data),
                                                  28) + data
    tags.append([b"dmnd", mluc(text)])
    if description is not None:
        tags = [[sig, mluc(description) if sig == b"desc" else data] for sig, data in tags]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table, blob = struct.pack(">I", len(tags)), b""
    for sig, data in tags:
        while (offset + len(blob)) % 4:
            blob += b"\0"
        table += struct.pack(">4sII", sig, offset + len(blob), len(data))
        blob += data
    profile = bytearray(base[:128] + table + blob)
    struct.pack_into(">I", profile, 0, len(profile))
    profile[84:100] = b"\0" * 16  # no profile ID
    return bytes(profile)


def test_what_the_app_keeps_is_written_whole_and_owner_only(tmp_path):
    from journal.paths import write_whole

    target = tmp_path / "cache" / "report" / "chart.png"
    umask = os.umask(0o022)  # (the umask the app sets is not what makes these owner-only)
    try:
        write_whole(target, b"first")
        write_whole(target, b"second")
    finally:
        os.umask(umask)
    assert target.read_bytes() == b"second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.parent.parent.stat().st_mode) == 0o700
    (target.parent / "taken").mkdir()
    with pytest.raises(OSError):   # a folder in the way: nothing written, no temporary left
        write_whole(target.parent / "taken", b"x")
    assert sorted(p.name for p in target.parent.iterdir()) == ["chart.png", "taken"]


@pytest.mark.parametrize("description", [None, "Jane Doe's camera, 51.5N 0.1W"])
def test_icc_profile_text_never_reaches_the_stored_photo(journal, tmp_path, description):
    from PIL import Image, ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    hostile = _profile_with_text(srgb, "Owner Jane Doe <xmp:GPS 51.5074,-0.1278>", description)
    ImageCms.ImageCmsProfile(io.BytesIO(hostile))  # a valid profile, as far as LittleCMS goes
    path = tmp_path / "marked.jpg"
    Image.new("RGB", (64, 48), (190, 60, 60)).save(path, "JPEG", icc_profile=hostile)
    photo = photos.import_photo(journal, path, dt.date(2026, 3, 2))
    stored = (journal.photos_dir / photo.file_name).read_bytes()
    for needle in ("Jane Doe", "GPS", "51.5"):
        assert needle.encode("utf-16-be") not in stored and needle.encode() not in stored
    with Image.open(journal.photos_dir / photo.file_name) as img:
        assert img.info["icc_profile"] == photos.srgb_profile()
        assert abs(img.getpixel((30, 20))[0] - 190) < 12  # the colour survived


# -- files written where they must not be -----------------------------------------------
def test_backup_over_a_device_or_pipe_is_refused(journal, data_dir, tmp_path, capsys):
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=1))
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, _o, err = run(data_dir, "backup", "--out", pipe, capsys=capsys)
    assert code == 2 and "not a regular file" in err and err.count("\n") == 1
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


@pytest.mark.parametrize("command,name", [("export", "days.csv"), ("backup", "b.zip"),
                                          ("report", "brief.pdf")])
def test_export_report_and_backup_inside_the_data_folder_are_refused(
        journal, data_dir, capsys, command, name):
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=1))
    for target in (data_dir / name, data_dir / "backups" / name):
        target.parent.mkdir(exist_ok=True)
        code, _o, err = run(data_dir, command, "--out", target, capsys=capsys)
        assert code == 2 and "inside the journal's folder" in err and err.count("\n") == 1
        assert not target.exists()


# -- check and repair ---------------------------------------------------------------------
def test_repair_leaves_files_of_an_import_still_running_alone(journal, data_dir, tmp_path):
    add_photos(journal, tmp_path / "cam", count=1)
    old_stray = journal.photos_dir / ("a" * 64 + ".jpg")
    old_stray.write_bytes(b"stray")
    os.utime(old_stray, (1, 1))  # long before any import began
    with photos._ImportRunning():
        fresh = journal.photos_dir / ("b" * 64 + ".jpg")  # written by the running import
        fresh.write_bytes(b"new")
        temp = journal.photos_dir / ".import-123.tmp"
        temp.write_bytes(b"half")
        report = check_journal(data_dir, repair=True)
        assert fresh.exists() and temp.exists()
        assert not old_stray.exists()
        assert any(p.fixed and "a" * 64 in p.message for p in report.problems)
    report = check_journal(data_dir, repair=True)  # the import is over: strays now
    assert not fresh.exists() and not temp.exists()


def test_check_on_a_folder_the_user_cannot_read_is_one_line(journal, data_dir, tmp_path):
    """As a real non-root user (root reads through permissions)."""
    setpriv = shutil.which("setpriv")
    python = "/usr/bin/python3"
    if os.geteuid() != 0 or not setpriv or not os.path.exists(python):
        pytest.skip("needs root to switch to an unprivileged user with setpriv")
    version = subprocess.run([python, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True).stdout.strip()
    if version != str(sys.version_info[:2]):
        pytest.skip(f"system python {version} cannot load this venv's packages")
    import tempfile

    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=1))
    journal.close()
    base = tempfile.mkdtemp(prefix="journal-perm-", dir="/tmp")  # others may pass through /tmp
    os.chmod(base, 0o711)
    data_dir = shutil.copytree(data_dir, os.path.join(base, "journal"))  # 0700, root's
    site = next(p for p in sys.path if p.endswith("site-packages"))
    result = subprocess.run(
        [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", python,
         str(ROOT / "main.py"), "--data-dir", str(data_dir), "check"],
        capture_output=True, text=True, cwd="/",
        env={"PYTHONPATH": f"{site}:{ROOT}", "HOME": "/nonexistent", "PATH": "/usr/bin:/bin"})
    shutil.rmtree(base)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"error: cannot read the journal in {data_dir}: Permission denied\n"


def test_check_and_repair_finish_an_interrupted_restore_before_looking(journal, data_dir,
                                                                       tmp_path):
    """The old failure: a killed restore, then `check` called every photo a stray."""
    from journal.store import backup, restore

    add_photos(journal, tmp_path / "cam", count=2)
    journal.close()
    backup.write_backup(data_dir, tmp_path / "b.zip")
    result = run_cli("restore", tmp_path / "b.zip", data_dir=data_dir,
                     env={restore.CRASH_ENV: "moved-photos"})
    assert result.returncode == -9
    report = check_journal(data_dir, repair=True)
    assert report.remaining == [] and not any(p.kind == "orphan" for p in report.problems)
    assert len(list((data_dir / "photos").iterdir())) == 2
    assert not (data_dir / "lost-and-found").exists()
    conn = sqlite3.connect(data_dir / "journal.db")
    assert conn.execute("SELECT count(*) FROM photos").fetchone()[0] == 2
    conn.close()
