"""What restore accepts: nothing in an archive is trusted (members, manifest, database).

Each hostile archive below gets one line and leaves the live journal as it was;
then a fuzz: 200 archives mutated at random (fixed seed), each ending in a
restored journal equal to that archive or in a one-line refusal with the live
journal unchanged.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sqlite3
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from journal.cli import main
from journal.models import DayEntry, JournalError
from journal.store import backup, restore
from journal.store.journal import Journal

from tests.safety_helpers import add_photos, fingerprint, folder_hashes, table_rows


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    """A real backup of a small journal, unpacked: {member name: bytes}, and its manifest."""
    root = tmp_path_factory.mktemp("archive")
    with Journal.open(root / "j") as journal:
        for n in range(3):
            journal.save_entry(DayEntry(date=dt.date(2026, 3, 1) + dt.timedelta(days=n),
                                        redness=n, note=f"day {n}"))
        add_photos(journal, root / "cam", count=2)
    backup.write_backup(root / "j", root / "good.zip")
    with zipfile.ZipFile(root / "good.zip") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    return members, manifest


@pytest.fixture(scope="module")
def live_template(tmp_path_factory):
    root = tmp_path_factory.mktemp("live")
    with Journal.open(root / "live") as journal:
        journal.save_entry(DayEntry(date=dt.date(2026, 1, 5), redness=4, note="live"))
    return root / "live"


def write_archive(path: Path, members: dict, manifest, *, raw_manifest: bytes | None = None,
                  extra: list[tuple[str, bytes]] = (), rehash: bool = True) -> Path:
    manifest = json.loads(json.dumps(manifest))
    if rehash:
        manifest["members"] = {name: {"sha256": hashlib.sha256(data).hexdigest(),
                                      "size": len(data)} for name, data in members.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names on purpose
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
            archive.writestr("manifest.json", raw_manifest if raw_manifest is not None
                             else json.dumps(manifest))
            for name, data in extra:
                archive.writestr(name, data)
    return path


def with_sql(db_bytes: bytes, tmp_path: Path, *statements: str) -> bytes:
    path = tmp_path / f"edit-{hashlib.sha256(repr(statements).encode()).hexdigest()[:8]}.db"
    path.write_bytes(db_bytes)
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()
    return path.read_bytes()


def refused(live: Path, archive: Path, capsys, words: str) -> None:
    before = fingerprint(live)
    code = main(["--data-dir", str(live), "restore", str(archive)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert words in err, err
    assert fingerprint(live) == before
    assert not list(live.glob("restore-undo-*")) and not list(live.glob(".restore-*"))


@pytest.fixture
def live(live_template, tmp_path):
    import shutil

    target = tmp_path / "live"
    shutil.copytree(live_template, target)
    return target


# -- the database -----------------------------------------------------------------------
def test_a_database_with_a_trigger_is_refused(parts, live, tmp_path, capsys):
    members, manifest = parts
    db = with_sql(members["journal.db"], tmp_path,
                  "CREATE TRIGGER rewrite AFTER INSERT ON entries BEGIN "
                  "UPDATE entries SET redness = 0; END")
    archive = write_archive(tmp_path / "t.zip", {**members, "journal.db": db}, manifest)
    refused(live, archive, capsys, "triggers or views")


def test_a_database_with_a_view_or_another_table_is_refused(parts, live, tmp_path, capsys):
    members, manifest = parts
    for n, (statement, words) in enumerate([
            ("CREATE VIEW everything AS SELECT * FROM entries", "triggers or views"),
            ("CREATE TABLE extra (x)", "tables are not the app's"),
            ("ALTER TABLE entries ADD COLUMN secret TEXT", "tables are not the app's"),
            ("DROP TABLE photos", "tables are not the app's")]):
        db = with_sql(members["journal.db"], tmp_path, statement)
        archive = write_archive(tmp_path / f"v{n}.zip", {**members, "journal.db": db}, manifest)
        refused(live, archive, capsys, words)


def test_any_sqlite_file_with_the_right_table_names_is_not_a_journal(live, tmp_path, capsys):
    db_path = tmp_path / "fake.db"
    conn = sqlite3.connect(db_path)
    conn.executescript("CREATE TABLE entries (x); CREATE TABLE sessions (y); "
                       "CREATE TABLE products (z); PRAGMA user_version = 2;")
    conn.close()
    archive = write_archive(tmp_path / "fake.zip", {"journal.db": db_path.read_bytes()},
                            {"app": "Skin Recovery Journal", "format": 1, "schema_version": 2})
    refused(live, archive, capsys, "tables are not the app's")


def test_rows_the_app_would_never_save_are_refused(parts, live, tmp_path, capsys):
    members, manifest = parts
    # A table rebuilt without its CHECK, holding a rating of 99: the app's own schema refuses it.
    db = with_sql(members["journal.db"], tmp_path,
                  "PRAGMA writable_schema = ON",
                  "UPDATE sqlite_master SET sql = replace(sql, "
                  "'CHECK (redness BETWEEN 0 AND 10)', '') WHERE name = 'entries'",
                  "PRAGMA writable_schema = OFF")
    db = with_sql(db, tmp_path, "UPDATE entries SET redness = 99")
    archive = write_archive(tmp_path / "r.zip", {**members, "journal.db": db}, manifest)
    refused(live, archive, capsys, "would not have saved")
    for n, (statement, words) in enumerate([
            ("UPDATE photos SET file_name = '../../../etc/passwd'", "file name"),
            ("UPDATE entries SET note = x'00ff'", "binary data"),
            ("PRAGMA foreign_keys = OFF; INSERT INTO product_uses VALUES ('2026-03-01', 77)",
             "refer to missing")]):
        db = members["journal.db"]
        for part in statement.split("; "):
            db = with_sql(db, tmp_path, part)
        archive = write_archive(tmp_path / f"r{n}.zip", {**members, "journal.db": db}, manifest)
        refused(live, archive, capsys, words)


def test_a_good_archive_is_rebuilt_in_the_apps_schema_with_the_same_rows(parts, live, tmp_path):
    members, manifest = parts
    archive = write_archive(tmp_path / "good.zip", members, manifest)
    source = tmp_path / "source.db"
    source.write_bytes(members["journal.db"])
    restore.restore_archive(live, archive)
    assert table_rows(live / "journal.db") == table_rows(source)
    with Journal.open(live) as journal:
        assert [e.note for e in journal.entries()] == ["day 0", "day 1", "day 2"]


# -- members and manifest ---------------------------------------------------------------
def test_manifest_edge_cases_get_one_line(parts, live, tmp_path, capsys):
    members, manifest = parts
    deep = b"[" * 100_000 + b"]" * 100_000
    refused(live, write_archive(tmp_path / "deep.zip", members, manifest, raw_manifest=deep),
            capsys, "not valid JSON")
    dup = write_archive(tmp_path / "dup.zip", members, manifest,
                        extra=[("manifest.json", json.dumps(manifest).encode())])
    refused(live, dup, capsys, "twice")
    big = write_archive(tmp_path / "big.zip", members, manifest,
                        raw_manifest=b" " * (restore.MAX_MANIFEST_BYTES + 10))
    refused(live, big, capsys, "over the limit")


def test_a_zip_bomb_is_refused_before_it_is_read(parts, live, tmp_path, capsys):
    """A member claiming 4 GiB is refused by its size alone: no MemoryError, nothing read."""
    members, manifest = parts
    path = write_archive(tmp_path / "bomb.zip", members, manifest)
    data = bytearray(path.read_bytes())
    # Patch the central directory's uncompressed size of manifest.json to 4 GiB - 1.
    at, offset = -1, 0
    while (offset := data.find(b"PK\x01\x02", offset)) >= 0:
        name_len = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46:offset + 46 + name_len] == b"manifest.json":
            struct.pack_into("<I", data, offset + 24, 0xFFFFFFFE)
            at = offset
        offset += 4
    assert at >= 0
    path.write_bytes(bytes(data))
    refused(live, path, capsys, "over the limit")


def test_an_encrypted_member_is_refused(parts, live, tmp_path, capsys):
    members, manifest = parts
    path = write_archive(tmp_path / "locked.zip", members, manifest)
    data = bytearray(path.read_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        offset = 0
        while (offset := data.find(signature, offset)) >= 0:
            data[offset + flag_at] |= 0x1
            offset += 4
    path.write_bytes(bytes(data))
    refused(live, path, capsys, "password-protected")


def test_a_photo_whose_bytes_do_not_match_its_name_is_refused(parts, live, tmp_path, capsys):
    members, manifest = parts
    name = next(n for n in members if n.startswith("photos/"))
    swapped = {**members, name: members[name] + b"\x00"}  # manifest rehashed to match
    refused(live, write_archive(tmp_path / "p.zip", swapped, manifest), capsys,
            "checksum in its name")


# -- the fuzz -----------------------------------------------------------------------------
def _mutate(rng: random.Random, members: dict, manifest: dict, tmp_path: Path):
    """One random change (or two); returns (members, manifest, raw_manifest, extra, rehash)."""
    members = dict(members)
    manifest = json.loads(json.dumps(manifest))
    raw, extra, rehash = None, [], rng.random() < 0.7
    for _ in range(rng.choice((1, 1, 2))):
        kind = rng.randrange(12)
        names = sorted(members)
        if kind == 0 and names:
            members.pop(rng.choice(names))
        elif kind == 1 and names:
            name = rng.choice(names)
            extra.append((name, members[name]))
        elif kind == 2:
            key = rng.choice(["app", "format", "schema_version", "created", "members",
                              "app_version"])
            manifest[key] = rng.choice([None, -1, 0, 1, 2, 99, "x", [], {}, 2.5, True,
                                        {"journal.db": 1}, [[[[1]]]]])
            rehash = False
        elif kind == 3:
            name = rng.choice(sorted(manifest["members"]))
            entry = manifest["members"][name]
            entry[rng.choice(["sha256", "size"])] = rng.choice(
                [0, -5, 10**12, "0" * 64, "zz", None, entry["size"] + 1])
            rehash = False
        elif kind == 4 and "journal.db" in members:
            db = bytearray(members["journal.db"])
            for _ in range(rng.randint(1, 20)):
                db[rng.randrange(len(db))] = rng.randrange(256)
            members["journal.db"] = bytes(db)
        elif kind == 5 and "journal.db" in members:
            db = members["journal.db"]
            members["journal.db"] = db[:rng.randrange(len(db))]
        elif kind == 6 and len(names) > 1:
            name = rng.choice([n for n in names if n.startswith("photos/")])
            new = rng.choice(["photos/" + "0" * 64 + ".jpg", "photos/x.jpg", "../x",
                              "photos/.hidden", "photos/" + name[-20:], "/abs"])
            members[new] = members.pop(name)
        elif kind == 7:
            extra.append((rng.choice(["notes.txt", "photos/" + "a" * 64 + ".png",
                                      "journal.db-wal", "photos/sub/x.jpg"]), b"hello"))
        elif kind == 8 and "journal.db" in members:
            statement = rng.choice([
                "DELETE FROM entries WHERE date = '2026-03-02'",
                "UPDATE entries SET note = 'changed'",
                "INSERT INTO settings VALUES ('k', 'v')",
                "CREATE TRIGGER t AFTER INSERT ON entries BEGIN SELECT 1; END",
                "CREATE VIEW v AS SELECT 1",
                "CREATE TABLE extra (x)",
                "DROP TABLE settings",
                "PRAGMA user_version = 1",
                "PRAGMA user_version = 77",
                "UPDATE entries SET date = '2026-02-30'",
                "UPDATE entries SET note = x'0102'",
                "DELETE FROM photos",
                "UPDATE photos SET file_name = 'x/../../y.jpg'",
                "CREATE INDEX extra_index ON entries(note)",
            ])
            try:
                members["journal.db"] = with_sql(members["journal.db"], tmp_path, statement)
            except sqlite3.DatabaseError:
                continue  # an earlier mutation already broke it: it stays broken
            if statement.startswith("PRAGMA user_version"):
                manifest["schema_version"] = int(statement.rsplit(" ", 1)[1])
        elif kind == 9:
            name = rng.choice(names) if names else "journal.db"
            data = members.get(name, b"")
            members[name] = data + bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))
        elif kind == 10:
            raw = rng.choice([b"", b"{", b"null", b"[]", b"\xff\xfe", b'{"app": 1}',
                              b"[" * 5000 + b"]" * 5000, json.dumps(manifest).encode()[:-3]])
        elif kind == 11:
            manifest["members"]["photos/" + "b" * 64 + ".jpg"] = {"sha256": "b" * 64, "size": 3}
            rehash = False
    return members, manifest, raw, extra, rehash


def _archive_state(path: Path, scratch: Path):
    """What a faithful restore of `path` gives: the rows of its database and its photos."""
    with zipfile.ZipFile(path) as archive:
        scratch.mkdir()
        (scratch / "journal.db").write_bytes(archive.read("journal.db"))
        photos = {name.split("/", 1)[1]: hashlib.sha256(archive.read(name)).hexdigest()
                  for name in archive.namelist() if name.startswith("photos/")}
    return table_rows(scratch / "journal.db"), photos


def test_fuzz_200_mutated_archives_restore_exactly_or_are_refused_in_one_line(
        parts, live_template, tmp_path):
    import shutil

    members, manifest = parts
    rng = random.Random(1616)
    live = tmp_path / "live"
    shutil.copytree(live_template, live)
    outcomes = {"restored": 0, "refused": 0}
    for n in range(200):
        path = tmp_path / f"m{n}.zip"
        m_members, m_manifest, raw, extra, rehash = _mutate(rng, members, manifest, tmp_path)
        write_archive(path, m_members, m_manifest, raw_manifest=raw, extra=extra, rehash=rehash)
        before_rows, before_photos = table_rows(live / "journal.db"), folder_hashes(live / "photos")
        before = fingerprint(live)
        try:
            restore.restore_archive(live, path)
        except JournalError as exc:
            assert "\n" not in str(exc), (n, str(exc))
            assert fingerprint(live) == before, n
            assert table_rows(live / "journal.db") == before_rows
            assert folder_hashes(live / "photos") == before_photos
            assert not list(live.glob(".restore-*")), n
            outcomes["refused"] += 1
            continue
        rows, photos = _archive_state(path, tmp_path / f"s{n}")
        assert table_rows(live / "journal.db") == rows, n
        assert folder_hashes(live / "photos") == photos, n
        with Journal.open(live) as journal:  # and the app can use it
            journal.entries()
            journal.photos()
        for undo in live.glob("restore-undo-*"):
            shutil.rmtree(undo)
        outcomes["restored"] += 1
    print(outcomes)
    assert outcomes["restored"] >= 10 and outcomes["refused"] >= 100, outcomes


def test_a_stray_file_in_photos_does_not_make_the_backup_unrestorable(live, tmp_path):
    (live / "photos").mkdir(exist_ok=True)
    (live / "photos" / "notes.txt").write_text("mine")
    backup.write_backup(live, tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        assert "photos/notes.txt" not in archive.namelist()
    restore.restore_archive(tmp_path / "elsewhere", tmp_path / "b.zip")
    assert table_rows(tmp_path / "elsewhere" / "journal.db") == table_rows(live / "journal.db")
