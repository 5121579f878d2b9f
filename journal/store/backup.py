"""Keeping the journal safe: backup archives and the daily automatic backups.

A backup is a zip archive holding

- ``journal.db``: a consistent snapshot made with SQLite's online backup API
  (never a copy of the live file, which may be mid-write),
- ``photos/<name>``: every stored photo, byte for byte,
- ``manifest.json``: app name and version, schema version, creation time and
  the SHA-256 and size of every other member.

It is written to a temporary file next to the target and renamed into place,
so a crash never leaves a half archive under the chosen name. Restoring it is
journal.store.restore; the integrity check and repair are journal.store.check;
the locks that keep other processes out are journal.store.lock.

zipfile, json, hashlib and tempfile are imported where used. Nothing here imports Qt.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journal import APP_NAME, __version__
from journal.models import JournalError
from journal.paths import DB_NAME

if TYPE_CHECKING:
    import zipfile


MANIFEST = "manifest.json"
FORMAT = 1
PHOTOS = "photos"
BACKUPS = "backups"
LOST_AND_FOUND = "lost-and-found"
AUTO_PREFIX = "auto-"
HEALTH_NOTE = "this file contains your health data and face photos: keep it somewhere private"

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
# A stored photo's name: the SHA-256 of its bytes (journal.store.photos.store_bytes).
PHOTO_NAME = re.compile(r"^[0-9a-f]{64}\.(jpg|png)$")
_CHUNK = 1 << 20
_SIDE_FILES = ("-wal", "-shm", "-journal")


# -- helpers ---------------------------------------------------------------------------
def _sha256_file(path: Path) -> tuple[str, int]:
    import hashlib  # (here: OpenSSL's ~3 ms are not opening the app's to pay)

    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def _free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `name-2`, `name-3` … if that is taken."""
    target = folder / name
    number = 2
    while target.exists():
        stem, dot, suffix = name.partition(".")
        target = folder / (f"{stem}-{number}{dot}{suffix}")
        number += 1
    return target


def _is_photo_file(path: Path) -> bool:
    """Stored photos; hidden files (temporary names of an import in progress) are not."""
    return path.is_file() and not path.name.startswith(".")


def _summary(check_rows: list[str]) -> str:
    """SQLite's integrity report in one line: the first finding and how many there are."""
    lines = [line for row in check_rows for line in str(row).splitlines()
             if line.strip() and not line.startswith("***")]
    if not lines:
        return "integrity check failed"
    more = f" and {len(lines) - 1} more finding(s)" if len(lines) > 1 else ""
    return f"{lines[0]}{more}"


def _read_only(path: Path) -> str:
    """A SQLite URI opening `path` read-only (names with ?, # or % escaped)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def _oserror(exc: OSError) -> str:
    return exc.strerror or str(exc)


# -- backup ----------------------------------------------------------------------------
@dataclass
class BackupResult:
    path: Path
    schema_version: int
    photos: int
    size: int
    missing_photos: list[str] = field(default_factory=list)


def snapshot_database(db_path: Path, target: Path) -> int:
    """Copy the journal consistently into `target` with the online backup API.

    Uses its own connection, so it works while the app (or anything else) has
    the journal open. Returns the snapshot's schema version.
    """
    if not db_path.exists():
        raise JournalError(f"there is no journal at {db_path.parent}")
    source = sqlite3.connect(db_path, timeout=30)
    try:
        source.execute("PRAGMA busy_timeout = 30000")
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            version = dest.execute("PRAGMA user_version").fetchone()[0]
        finally:
            dest.close()
    except sqlite3.DatabaseError as exc:
        raise JournalError(f"could not read the journal for the backup: {exc}") from None
    finally:
        source.close()
    return version


def write_backup(data_dir: Path, out: Path, now: dt.datetime | None = None,
                 progress=None) -> BackupResult:
    """Write a backup archive of the journal in `data_dir` to `out` (atomically).

    `progress(done, total, text)`, if given, is called as the photos go in.
    """
    import json
    import shutil
    import tempfile
    import zipfile
    data_dir, out = Path(data_dir), Path(out)
    _check_backup_target(data_dir, out)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise JournalError(f"cannot write in {out.parent}: {_oserror(exc)}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    snap_dir = None
    try:
        snap_dir = Path(tempfile.mkdtemp(prefix=".backup-", dir=data_dir))
        snapshot = snap_dir / DB_NAME
        version = snapshot_database(data_dir / DB_NAME, snapshot)
        referenced = _photo_names(snapshot)
        members: dict[str, dict] = {}
        photos_dir = data_dir / PHOTOS
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as archive:
            members[DB_NAME] = _add_member(archive, snapshot, DB_NAME, zipfile.ZIP_DEFLATED)
            names = sorted(p.name for p in photos_dir.iterdir() if _is_photo_file(p)) \
                if photos_dir.is_dir() else []
            for done, name in enumerate(names, start=1):
                if progress is not None:
                    progress(done, len(names), name)
                if not PHOTO_NAME.match(name):
                    continue  # not a stored photo (a stray file `check` reports): restore refuses it
                try:  # photos are already compressed: store them as they are
                    members[f"{PHOTOS}/{name}"] = _add_member(
                        archive, photos_dir / name, f"{PHOTOS}/{name}", zipfile.ZIP_STORED)
                except FileNotFoundError:
                    continue  # deleted in the app while we were copying
            manifest = {
                "app": APP_NAME,
                "app_version": __version__,
                "format": FORMAT,
                "schema_version": version,
                "created": (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
                "members": members,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, out)
        _fsync_dir(out.parent)
    except OSError as exc:
        raise JournalError(f"could not write the backup {out}: {_oserror(exc)}") from None
    finally:
        tmp.unlink(missing_ok=True)
        if snap_dir is not None:
            shutil.rmtree(snap_dir, ignore_errors=True)
    stored = {n.split("/", 1)[1] for n in members if n.startswith(f"{PHOTOS}/")}
    return BackupResult(out, version, len(stored), out.stat().st_size,
                        sorted(referenced - stored))


def _check_backup_target(data_dir: Path, out: Path) -> None:
    if out.is_dir():
        raise JournalError(f"{out} is a folder; give a file name such as journal-backup.zip")
    if os.path.lexists(out) and not out.is_file():  # a device, a pipe, a socket
        raise JournalError(f"{out} is not a regular file; give a file name such as "
                           "journal-backup.zip")
    if not out.parent.is_dir():
        raise JournalError(f"the folder {out.parent} does not exist")
    target = out.resolve()
    data = data_dir.resolve()
    if target.parent == data and target.name.startswith(DB_NAME) or \
            any(parent in (data / PHOTOS, data / "thumbs") for parent in target.parents):
        raise JournalError(f"{out} is part of the journal itself; choose another file name")


def _add_member(archive: zipfile.ZipFile, path: Path, name: str, compression: int) -> dict:
    import hashlib
    import zipfile

    info = zipfile.ZipInfo(name, date_time=dt.datetime.now().timetuple()[:6])
    info.compress_type = compression
    info.external_attr = 0o600 << 16
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as source:
        large = os.fstat(source.fileno()).st_size > (1 << 31)
        with archive.open(info, "w", force_zip64=large) as dest:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                dest.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _photo_names(db_path: Path) -> set[str]:
    conn = sqlite3.connect(db_path)
    try:
        return {row[0] for row in conn.execute("SELECT DISTINCT file_name FROM photos")}
    except sqlite3.DatabaseError:  # a journal from before photos existed
        return set()
    finally:
        conn.close()


def backup_cli(journal, args) -> int:
    """`backup --out FILE`: write the archive, say where and that it holds health data."""
    from journal.paths import refuse_inside_data_dir
    from journal.terminal import safe

    out = Path(args.out).expanduser()
    refuse_inside_data_dir(journal.data_dir, out, "backup")
    result = write_backup(journal.data_dir, out)
    print(safe(f"backup written to {result.path}") + f" ({result.photos} photo(s), "
          f"{result.size / 1e6:.1f} MB); {HEALTH_NOTE}")
    if result.missing_photos:
        print(f"warning: {len(result.missing_photos)} photo file(s) the journal refers to are "
              "missing and could not be backed up; run `check` for details")
    return 0


# -- automatic backups -----------------------------------------------------------------
def backups_to_keep(journal) -> int:
    """The journal setting `backups_to_keep` (default 7; 0 turns automatic backups off)."""
    from journal import settings

    return max(0, min(365, settings.get(journal, settings.BACKUPS_TO_KEEP)))


def automatic_backups(data_dir: Path) -> list[Path]:
    """The automatic backups in `<data_dir>/backups/`, newest first."""
    folder = Path(data_dir) / BACKUPS
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir()
             if p.name.startswith(AUTO_PREFIX) and p.suffix == ".zip" and p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def auto_backup(journal, now: dt.datetime | None = None, keep: int | None = None) -> Path | None:
    """Back up into `<data_dir>/backups/` unless that was done today; keep the newest N.

    Returns the new archive, or None when none was due (or N is 0).
    """
    now = now or dt.datetime.now()
    keep = backups_to_keep(journal) if keep is None else keep
    if keep <= 0:
        return None
    folder = journal.data_dir / BACKUPS
    folder.mkdir(mode=0o700, exist_ok=True)
    today = f"{AUTO_PREFIX}{now:%Y%m%d}-"
    if any(p.name.startswith(today) for p in automatic_backups(journal.data_dir)):
        return None
    result = write_backup(journal.data_dir, folder / f"{AUTO_PREFIX}{_stamp(now)}.zip", now=None)
    for old in automatic_backups(journal.data_dir)[keep:]:
        old.unlink(missing_ok=True)
    return result.path



# Moved to their own modules; the old names keep working for callers not yet updated.
_MOVED = {
    "journal.store.restore": ("ArchiveInfo", "verify_archive", "restore_archive", "restore_cli",
                              "newest_good_backup"),
    "journal.store.check": ("quick_check", "Problem", "CheckReport", "check_journal", "check_cli"),
    "journal.store.lock": ("lock_holder",),
}


def __getattr__(name: str):
    import importlib

    for module, names in _MOVED.items():
        if name in names:
            return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
