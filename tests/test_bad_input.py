"""Bad input, all in one place.

Each case feeds something malformed to the command line, the photo import, the
backup restore or the export, and checks what a user gets: exit code 2, one line
on stderr starting with "error:", no traceback, and the journal byte for byte as
it was (the database file and every file in photos/).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from journal.models import Product, Session
from journal.store import backup
from journal.store.db import SCHEMA_VERSION
from journal.store.journal import Journal

from tests.conftest import run_cli
from tests.safety_helpers import add_photos, fill, fingerprint, write_jpeg


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A journal with sessions, products, days and two photos; copied for every case."""
    root = tmp_path_factory.mktemp("template")
    data_dir = root / "journal"
    with Journal.open(data_dir) as journal:
        journal.add_session(Session(date=dt.date(2026, 3, 1), areas=("full face",), depth_mm=0.5))
        journal.add_product(Product(name="Gentle Cleanser", ingredients="Aqua, Glycerin"))
        fill(journal, 6)
        add_photos(journal, root / "camera", count=2)
    backup.write_backup(data_dir, root / "good.zip")
    return root


@pytest.fixture
def data_dir(template, tmp_path) -> Path:
    target = tmp_path / "journal"
    shutil.copytree(template / "journal", target)
    return target


# -- files the cases feed in ------------------------------------------------------------------
def members_of(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_zip(path: Path, members: dict[str, bytes], manifest: dict | bytes | None = "auto",
              base: dict | None = None) -> Path:
    """A zip with `members`; the manifest is computed from them unless given."""
    if manifest == "auto":
        manifest = dict(base or {}, members={
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in members.items()})
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
        if manifest is not None:
            z.writestr("manifest.json", manifest if isinstance(manifest, bytes)
                       else json.dumps(manifest))
    return path


def good_parts(template: Path) -> tuple[dict[str, bytes], dict]:
    members = members_of(template / "good.zip")
    manifest = json.loads(members.pop("manifest.json"))
    return members, manifest


def archive_case(make):
    """A case `restore FILE` where `make(template, tmp_path) -> FILE`."""
    return lambda template, tmp: ["restore", make(template, tmp)]


def _truncated(template, tmp):
    data = (template / "good.zip").read_bytes()
    return _bytes(tmp / "truncated.zip", data[: len(data) // 2])


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _edited(change):
    """A backup rebuilt after `change(members, manifest)` edits it (hashes recomputed)."""
    def make(template, tmp):
        members, manifest = good_parts(template)
        change(members, manifest)
        base = {k: v for k, v in manifest.items() if k != "members"}
        return write_zip(tmp / "edited.zip", members, base=base)
    return make


def _hash_mismatch(template, tmp):
    members, manifest = good_parts(template)
    photo = next(n for n in members if n.startswith("photos/"))
    data = bytearray(members[photo])
    data[100] ^= 0x01  # one bit flipped, manifest unchanged
    members[photo] = bytes(data)
    return write_zip(tmp / "flipped.zip", members, manifest)


def _with_extra(name, listed=True):
    def make(template, tmp):
        members, manifest = good_parts(template)
        members[name] = b"payload"
        if not listed:
            return write_zip(tmp / "extra.zip", members, manifest)
        base = {k: v for k, v in manifest.items() if k != "members"}
        return write_zip(tmp / "extra.zip", members, base=base)
    return make


def _missing_member(template, tmp):
    members, manifest = good_parts(template)
    del members[next(n for n in members if n.startswith("photos/"))]
    return write_zip(tmp / "missing.zip", members, manifest)


def _duplicate_member(template, tmp):
    members, manifest = good_parts(template)
    path = write_zip(tmp / "twice.zip", members, manifest)
    with zipfile.ZipFile(path, "a") as z, pytest.warns(UserWarning):
        z.writestr("journal.db", b"second copy")
    return path


def _not_sqlite_db(members, manifest):
    members["journal.db"] = b"this is my diary, not a database\n" * 100


def _damaged_db(members, manifest):
    data = bytearray(members["journal.db"])
    for offset in range(4096 * 2, len(data) - 4096, 4096):
        data[offset + 8: offset + 200] = b"\xde\xad\xbe\xef" * 48
    members["journal.db"] = bytes(data)


def _sqlite_file(tmp, setup) -> bytes:
    path = tmp / "scratch.db"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    setup(conn)
    conn.commit()
    conn.close()
    return path.read_bytes()


def _foreign_db(template, tmp):
    members, manifest = good_parts(template)
    members["journal.db"] = _sqlite_file(
        tmp, lambda c: c.execute("CREATE TABLE invoices (id INTEGER, total REAL)"))
    base = {k: v for k, v in manifest.items() if k != "members"}
    base["schema_version"] = 0
    return write_zip(tmp / "foreign.zip", members, base=base)


def _newer_schema(template, tmp):
    members, manifest = good_parts(template)
    src = tmp / "newer.db"
    src.write_bytes(members["journal.db"])
    conn = sqlite3.connect(src)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    members["journal.db"] = src.read_bytes()
    base = {k: v for k, v in manifest.items() if k != "members"}
    base["schema_version"] = SCHEMA_VERSION + 1
    return write_zip(tmp / "newer.zip", members, base=base)


def _manifest(value):
    def make(template, tmp):
        members, _manifest = good_parts(template)
        return write_zip(tmp / "manifest.zip", members, value)
    return make


def _photo(make_file):
    def case(template, tmp):
        return ["photo", "add", make_file(tmp), "--date", "2026-03-03"]
    return case


def _truncated_jpeg(tmp):
    whole = write_jpeg(tmp / "whole.jpg").read_bytes()
    return _bytes(tmp / "IMG_cut.jpg", whole[: len(whole) // 2])


def _gif(tmp):
    from PIL import Image

    Image.new("P", (20, 20)).save(tmp / "anim.gif", "GIF")
    return tmp / "anim.gif"


def _folder(tmp):
    (tmp / "album").mkdir()
    return tmp / "album"


def _json_folder(tmp):
    (tmp / "saved.json").mkdir()
    return tmp / "saved.json"


# name -> function(template, tmp_path) -> argv (after --data-dir)
CASES = {
    # the command line
    "log: impossible date": lambda t, p: ["log", "2026-13-45", "--redness", "3"],
    "log: date in words": lambda t, p: ["log", "yesterday"],
    "log: rating above 10": lambda t, p: ["log", "2026-03-02", "--redness", "11"],
    "log: rating not a number": lambda t, p: ["log", "2026-03-02", "--pain", "lots"],
    "log: negative breakouts": lambda t, p: ["log", "2026-03-02", "--breakouts", "-3"],
    "log: unknown product": lambda t, p: ["log", "2026-03-02", "--used", "Unicorn Cream"],
    "log: unknown red flag": lambda t, p: ["log", "2026-03-02", "--flag", "rash"],
    "log: no date": lambda t, p: ["log"],
    "session: bad date": lambda t, p: ["session", "add", "01/03/2026"],
    "session: needle depth too deep": lambda t, p: ["session", "add", "2026-04-01",
                                                    "--depth-mm", "9"],
    "session: needle depth not a number": lambda t, p: ["session", "add", "2026-04-01",
                                                        "--depth-mm", "deep"],
    "product: already on the shelf": lambda t, p: ["product", "add", "gentle cleanser",
                                                   "--ingredients", "Aqua"],
    "product: blank name": lambda t, p: ["product", "add", "   ", "--ingredients", "Aqua"],
    "product: unknown category": lambda t, p: ["product", "add", "X", "--ingredients", "Aqua",
                                               "--category", "food"],
    "unknown command": lambda t, p: ["frobnicate"],
    "tips: 30 February": lambda t, p: ["tips", "2026-02-30"],
    "report: period backwards": lambda t, p: ["report", "--out", p / "r.pdf", "--from",
                                              "2026-05-01", "--to", "2026-04-01"],
    "report: folder does not exist": lambda t, p: ["report", "--out", p / "no" / "r.pdf"],
    "report: not a pdf name": lambda t, p: ["report", "--out", p / "r.docx"],
    # photo import
    "photo: a text file": _photo(lambda p: _bytes(p / "notes.jpg", b"dear diary\n" * 20)),
    "photo: an empty file": _photo(lambda p: _bytes(p / "empty.jpg", b"")),
    "photo: a truncated JPEG": _photo(_truncated_jpeg),
    "photo: no such file": _photo(lambda p: p / "IMG_9999.jpg"),
    "photo: a folder": _photo(_folder),
    "photo: a GIF": _photo(_gif),
    "photo: bad date": lambda t, p: ["photo", "add", write_jpeg(p / "ok.jpg"), "--date",
                                     "2026-02-31"],
    "photo: unknown area": lambda t, p: ["photo", "add", write_jpeg(p / "ok.jpg"), "--date",
                                         "2026-03-03", "--area", "elbow"],
    # backup archives
    "restore: truncated zip": archive_case(_truncated),
    "restore: not a zip at all": archive_case(lambda t, p: _bytes(p / "b.zip", b"\x00" * 5000)),
    "restore: no such file": archive_case(lambda t, p: p / "nothing-here.zip"),
    "restore: a zip without manifest": archive_case(
        lambda t, p: write_zip(p / "plain.zip", {"journal.db": b"x"}, manifest=None)),
    "restore: manifest not JSON": archive_case(_manifest(b"{not json")),
    "restore: manifest of another app": archive_case(_manifest({"app": "Other", "members": {}})),
    "restore: manifest fields missing": archive_case(
        _manifest({"app": "Skin Recovery Journal", "format": 1})),
    "restore: hash mismatch": archive_case(_hash_mismatch),
    "restore: ../../x inside": archive_case(_with_extra("../../x")),
    "restore: photos/../../x inside": archive_case(_with_extra("photos/../../x")),
    "restore: absolute path inside": archive_case(_with_extra("/tmp/evil")),
    "restore: member the manifest does not list": archive_case(
        _with_extra("photos/extra.jpg", listed=False)),
    "restore: member missing": archive_case(_missing_member),
    "restore: member twice": archive_case(_duplicate_member),
    "restore: database not SQLite": archive_case(_edited(_not_sqlite_db)),
    "restore: database damaged": archive_case(_edited(_damaged_db)),
    "restore: SQLite but not a journal": archive_case(_foreign_db),
    "restore: schema from a newer app": archive_case(_newer_schema),
    # backup and export targets
    "backup: folder does not exist": lambda t, p: ["backup", "--out", p / "no" / "b.zip"],
    "backup: a folder": lambda t, p: ["backup", "--out", p],
    "backup: over the journal itself": "backup-over-journal",
    "export: unknown file type": lambda t, p: ["export", "--out", p / "days.txt"],
    "export: folder does not exist": lambda t, p: ["export", "--out", p / "no" / "days.csv"],
    "export: a folder": lambda t, p: ["export", "--out", _json_folder(p)],
}


def run_main(argv, capsys) -> tuple[int, str, str]:
    from journal.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_refused_in_one_line_and_changes_nothing(name, template, data_dir,
                                                              tmp_path, capsys):
    case = CASES[name]
    if case == "backup-over-journal":
        argv = ["backup", "--out", data_dir / "journal.db"]
    else:
        argv = case(template, tmp_path)
    before = fingerprint(data_dir)
    listing = sorted(p.name for p in data_dir.iterdir())
    code, out, err = run_main(["--data-dir", data_dir, *argv], capsys)
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and len(lines[0]) < 400, err
    assert "Traceback" not in err + out
    assert fingerprint(data_dir) == before, "the journal was changed"
    assert sorted(p.name for p in data_dir.iterdir()) == listing, "files left behind"


def test_there_are_at_least_30_cases():
    assert len(CASES) >= 30


def test_a_few_of_them_through_a_real_process(template, data_dir, tmp_path):
    """The same promises hold in a fresh process, the way a script runs the CLI."""
    for argv in (["log", "2026-13-45"], ["restore", _hash_mismatch(template, tmp_path)],
                 ["photo", "add", _bytes(tmp_path / "x.jpg", b"text"), "--date", "2026-03-03"]):
        before = fingerprint(data_dir)
        result = run_cli(*argv, data_dir=data_dir)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
        assert fingerprint(data_dir) == before


def test_data_dir_that_is_a_file(tmp_path, capsys):
    not_a_dir = _bytes(tmp_path / "journal", b"a file")
    code, _out, err = run_main(["--data-dir", not_a_dir, "log", "2026-03-02"], capsys)
    assert code == 2 and err == f"error: the data dir {not_a_dir} is a file, not a folder\n"
    assert not_a_dir.read_bytes() == b"a file"


def test_a_journal_file_that_is_not_sqlite_is_left_untouched(tmp_path, capsys):
    data_dir = tmp_path / "journal"
    data_dir.mkdir()
    db = _bytes(data_dir / "journal.db", b"my shopping list\n" * 30)
    code, _out, err = run_main(["--data-dir", data_dir, "log", "2026-03-02"], capsys)
    assert code == 2 and "not a journal database (not SQLite)" in err
    assert db.read_bytes() == b"my shopping list\n" * 30
    # the lock file that says who has the journal open is the only file added
    assert sorted(p.name for p in data_dir.iterdir()) == [".journal-access.lock", "journal.db"]


def test_messages_name_the_problem(template, data_dir, tmp_path, capsys):
    """Not just any one line: a line that says what is wrong."""
    expected = {
        "restore: ../../x inside": "unsafe file name '../../x'",
        "restore: hash mismatch": "does not match its checksum",
        "restore: truncated zip": "not a backup archive",
        "restore: a zip without manifest": "no manifest.json",
        "restore: database not SQLite": "not SQLite",
        "restore: schema from a newer app": "newer version of the app",
        "restore: SQLite but not a journal": "does not hold a journal database",
        "log: rating above 10": "redness",
        "photo: a truncated JPEG": "incomplete",
    }
    for name, words in expected.items():
        code, _out, err = run_main(["--data-dir", data_dir, *CASES[name](template, tmp_path)],
                                   capsys)
        assert code == 2 and words in err, (name, err)
