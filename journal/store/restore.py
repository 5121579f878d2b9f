"""Restoring a backup archive: verify everything, then swap it in.

Restoring verifies everything (manifest, every hash, member names, the
database's ``integrity_check`` and schema version) before it touches the
journal, and keeps the replaced journal in ``restore-undo-<timestamp>/`` so a
restore can be undone by hand.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from journal import APP_NAME
from journal.models import JournalError
from journal.paths import DB_NAME, prepare_data_dir
from journal.store.backup import (
    FORMAT, MANIFEST, PHOTOS, _CHUNK, _SAFE_NAME, _SIDE_FILES, _free_name, _fsync_dir,
    _oserror, _read_only, _stamp, _summary, automatic_backups,
)
from journal.store.lock import _RestoreLock

# -- verifying and restoring -----------------------------------------------------------
@dataclass
class ArchiveInfo:
    path: Path
    schema_version: int
    created: str
    app_version: str
    photos: int


def _safe_member(name: str) -> bool:
    if name == DB_NAME:
        return True
    head, slash, tail = name.partition("/")
    return head == PHOTOS and slash == "/" and bool(_SAFE_NAME.match(tail)) and ".." not in tail


def _read_manifest(archive: zipfile.ZipFile, label: str) -> dict:
    import json
    try:
        raw = archive.read(MANIFEST)
    except KeyError:
        raise JournalError(f"{label} is not a backup of this app (no manifest.json inside)") from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise JournalError(f"{label} has a damaged manifest (not valid JSON)") from None
    if not isinstance(manifest, dict) or manifest.get("app") != APP_NAME:
        raise JournalError(f"{label} is not a backup of {APP_NAME}")
    members = manifest.get("members")
    fmt = manifest.get("format")
    if not isinstance(fmt, int) or not isinstance(members, dict) \
            or not isinstance(manifest.get("schema_version"), int):
        raise JournalError(f"{label} has a damaged manifest (fields missing)")
    if fmt > FORMAT:
        raise JournalError(f"{label} was made by a newer version of the app; please update the app")
    for name, entry in members.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
                and isinstance(entry.get("size"), int) and entry["size"] >= 0):
            raise JournalError(f"{label} has a damaged manifest (bad entry for {name!r})")
    if DB_NAME not in members:
        raise JournalError(f"{label} has no journal database in it")
    return manifest


def verify_archive(archive_path: Path, extract_to: Path | None = None) -> ArchiveInfo:
    """Check a backup archive completely; raise JournalError (one line) if anything is off.

    With `extract_to`, the verified members are written there (journal.db and
    photos/) as they are checked. Without it only the database is unpacked, to a
    temporary folder, to run its integrity check.
    """
    import shutil
    import tempfile
    import zipfile
    from journal.store.db import SCHEMA_VERSION

    archive_path = Path(archive_path)
    label = archive_path.name
    if not archive_path.is_file():
        raise JournalError(f"there is no backup file at {archive_path}")
    scratch = None
    if extract_to is None:
        scratch = Path(tempfile.mkdtemp(prefix="journal-verify-"))
    dest = extract_to or scratch
    try:
        try:
            archive = zipfile.ZipFile(archive_path)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise JournalError(f"{label} is not a backup archive (not a readable zip file)") from None
        with archive:
            manifest = _read_manifest(archive, label)
            members = manifest["members"]
            seen = set()
            for info in archive.infolist():
                name = info.filename
                if name == MANIFEST:
                    continue
                if not _safe_member(name):
                    raise JournalError(f"{label} contains an unsafe file name {name!r}; refused")
                if name in seen:
                    raise JournalError(f"{label} contains {name!r} twice; refused")
                seen.add(name)
                if name not in members:
                    raise JournalError(f"{label} contains {name!r}, which its manifest does not list")
            for name in members:
                if not _safe_member(name):
                    raise JournalError(f"{label} lists an unsafe file name {name!r}; refused")
                if name not in seen:
                    raise JournalError(f"{label} is incomplete: {name!r} is missing")
            (dest / PHOTOS).mkdir(mode=0o700, exist_ok=True)
            for name, entry in members.items():
                if name != DB_NAME and extract_to is None:
                    _check_member(archive, name, entry, None, label)
                else:
                    _check_member(archive, name, entry, dest / name, label)
        version = _check_database(dest / DB_NAME, label, SCHEMA_VERSION)
        if version != manifest["schema_version"]:
            raise JournalError(f"{label} is damaged: its database does not match its manifest")
        return ArchiveInfo(archive_path, version, str(manifest.get("created", "")),
                           str(manifest.get("app_version", "")),
                           sum(1 for n in members if n != DB_NAME))
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _check_member(archive, name: str, entry: dict, target: Path | None, label: str) -> None:
    """Stream one member, checking its size and hash; write it to `target` if given."""
    import zipfile
    import zlib
    digest, size, limit = hashlib.sha256(), 0, entry["size"]
    out = open(target, "xb") if target is not None else None
    try:
        if out is not None:
            os.chmod(target, 0o600)
        with archive.open(name) as source:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    break
                digest.update(chunk)
                if out is not None:
                    out.write(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError):
        raise JournalError(f"{label} is damaged: {name} cannot be read") from None
    finally:
        if out is not None:
            out.close()
    if size != limit or digest.hexdigest() != entry["sha256"]:
        raise JournalError(f"{label} is damaged: {name} does not match its checksum")


def _check_database(path: Path, label: str, schema_version: int) -> int:
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise JournalError(f"{label} does not hold a journal database (not SQLite)")
    try:
        conn = sqlite3.connect(_read_only(path), uri=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise JournalError(f"{label} holds a damaged database ({exc})") from None
    if result != ["ok"]:
        raise JournalError(f"{label} holds a damaged database ({_summary(result)})")
    if version > schema_version:
        raise JournalError(
            f"{label} was made by a newer version of the app (schema {version}, this app knows "
            f"up to {schema_version}); please update the app")
    if version < 1 or not {"entries", "sessions", "products"} <= tables:
        raise JournalError(f"{label} does not hold a journal database")
    return version


def restore_archive(data_dir: Path, archive_path: Path) -> tuple[ArchiveInfo, Path | None]:
    """Replace the journal in `data_dir` with a verified backup.

    Returns the archive's info and the folder the previous journal was moved to
    (None if there was none). Raises JournalError, having changed nothing, if
    the archive is not a complete, intact backup of a journal this app can open.
    """
    import shutil
    import tempfile
    data_dir = Path(data_dir)
    created_dir = not data_dir.exists()
    prepare_data_dir(data_dir)
    staged = None
    try:
        with _RestoreLock(data_dir):
            staged = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
            try:
                info = verify_archive(archive_path, extract_to=staged)
            except OSError as exc:
                raise JournalError(f"could not unpack the backup: {_oserror(exc)}") from None
            undo = _swap_in(data_dir, staged)
    except BaseException:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
        if created_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
        raise
    shutil.rmtree(staged, ignore_errors=True)
    return info, undo


def _swap_in(data_dir: Path, staged: Path) -> Path | None:
    """Move the current journal aside into restore-undo-<stamp>/, then the staged one in."""
    undo = _free_name(data_dir, f"restore-undo-{_stamp()}")
    current = [name for name in (DB_NAME, *(DB_NAME + s for s in _SIDE_FILES), PHOTOS, "thumbs")
               if (data_dir / name).exists()]
    moved: list[str] = []
    placed: list[str] = []
    try:
        if current:
            undo.mkdir(mode=0o700)
        for name in current:
            os.replace(data_dir / name, undo / name)
            moved.append(name)
        for name in (DB_NAME, PHOTOS):
            os.replace(staged / name, data_dir / name)
            placed.append(name)
        _fsync_dir(data_dir)
    except OSError as exc:
        for name in reversed(placed):
            os.replace(data_dir / name, staged / name)
        for name in reversed(moved):
            os.replace(undo / name, data_dir / name)
        if undo.exists() and not any(undo.iterdir()):
            undo.rmdir()
        raise JournalError(f"could not restore: {_oserror(exc)}; the journal was not changed") from None
    return undo if current else None


def restore_cli(data_dir: Path, args) -> int:
    """`restore FILE`: verify the archive fully, then replace the journal with it."""
    info, undo = restore_archive(Path(data_dir), Path(args.file).expanduser())
    print(f"restored {info.path.name} (made {info.created or 'at an unknown time'}, "
          f"{info.photos} photo(s)) into {data_dir}")
    if undo is not None:
        print(f"the previous journal was kept in {undo}; to undo, move its contents back")
    return 0


def newest_good_backup(data_dir: Path) -> tuple[Path, ArchiveInfo] | None:
    """The newest automatic backup that passes verification, if any."""
    for path in automatic_backups(data_dir):
        try:
            return path, verify_archive(path)
        except (JournalError, OSError):
            continue
    return None

