"""Keeping the journal safe: backup archives, restore, and the integrity check.

A backup is a zip archive holding

- ``journal.db``: a consistent snapshot made with SQLite's online backup API
  (never a copy of the live file, which may be mid-write),
- ``photos/<name>``: every stored photo, byte for byte,
- ``manifest.json``: app name and version, schema version, creation time and
  the SHA-256 and size of every other member.

It is written to a temporary file next to the target and renamed into place,
so a crash never leaves a half archive under the chosen name. Restoring
verifies everything (manifest, every hash, member names, the database's
``integrity_check`` and schema version) before it touches the journal, and
keeps the replaced journal in ``restore-undo-<timestamp>/`` so a restore can
be undone by hand.

zipfile, json and tempfile are imported where used: the app imports this
module at start-up for `quick_check`. Nothing here imports Qt: the single-instance lock the GUI takes with QLockFile
is read here as the plain file it is (first line: the holder's process id).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from journal import APP_NAME, __version__
from journal.models import JournalError
from journal.paths import DB_NAME, LOCK_NAME, prepare_data_dir

MANIFEST = "manifest.json"
FORMAT = 1
PHOTOS = "photos"
BACKUPS = "backups"
LOST_AND_FOUND = "lost-and-found"
AUTO_PREFIX = "auto-"
DEFAULT_KEEP = 7
HEALTH_NOTE = "this file contains your health data and face photos: keep it somewhere private"

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
_CHUNK = 1 << 20
_SIDE_FILES = ("-wal", "-shm", "-journal")


# -- helpers ---------------------------------------------------------------------------
def _sha256_file(path: Path) -> tuple[str, int]:
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


# -- the single-instance lock -----------------------------------------------------------
def lock_holder(data_dir: Path) -> int | None:
    """The id of another live process holding the journal's lock file, else None.

    The GUI holds the lock with QLockFile (first line of the file: its pid); a
    restore holds it the same way. A lock left by a process that has died is
    stale and ignored, as QLockFile itself does.
    """
    path = Path(data_dir) / LOCK_NAME
    try:
        first = path.read_text(errors="replace").splitlines()[0]
        pid = int(first.strip())
    except (OSError, IndexError, ValueError):
        return None
    if pid == os.getpid() or pid <= 0:
        return None
    if os.name != "posix":
        # No signal 0 here; a held QLockFile is open without delete sharing, a stale one is not.
        try:
            path.unlink()
        except PermissionError:
            return pid
        except OSError:
            pass
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid  # alive, owned by someone else
    return pid


def _refuse_if_open(data_dir: Path, doing: str) -> None:
    pid = lock_holder(data_dir)
    if pid is not None:
        raise JournalError(
            f"the journal in {data_dir} is open in the app (process {pid}); close the app "
            f"before you {doing}"
        )


class _RestoreLock:
    """Hold the journal's lock file while a restore runs, so the app cannot start on it.

    Written in QLockFile's format (pid, program name, host) so the GUI's QLockFile
    sees a live holder. If this process already holds the lock (the GUI restoring
    from its own menu) nothing is done.
    """

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / LOCK_NAME
        self.owned = False

    def __enter__(self):
        import socket

        _refuse_if_open(self.path.parent, "restore a backup")
        try:
            mine = int(self.path.read_text().splitlines()[0]) == os.getpid()
        except (OSError, IndexError, ValueError):
            mine = False
        if mine:
            return self
        self.path.unlink(missing_ok=True)  # stale: its holder has died
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise JournalError(f"the journal in {self.path.parent} is in use; try again") from None
        try:
            program = os.path.basename(os.readlink("/proc/self/exe"))
        except OSError:
            program = "python"
        os.write(fd, f"{os.getpid()}\n{program}\n{socket.gethostname()}\n".encode())
        os.close(fd)
        self.owned = True
        return self

    def __exit__(self, *exc):
        if self.owned:
            self.path.unlink(missing_ok=True)


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


def write_backup(data_dir: Path, out: Path, now: dt.datetime | None = None) -> BackupResult:
    """Write a backup archive of the journal in `data_dir` to `out` (atomically)."""
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
            for name in names:
                if not _SAFE_NAME.match(name):
                    continue
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
    if not out.parent.is_dir():
        raise JournalError(f"the folder {out.parent} does not exist")
    target = out.resolve()
    data = data_dir.resolve()
    if target.parent == data and target.name.startswith(DB_NAME) or \
            any(parent in (data / PHOTOS, data / "thumbs") for parent in target.parents):
        raise JournalError(f"{out} is part of the journal itself; choose another file name")


def _add_member(archive: zipfile.ZipFile, path: Path, name: str, compression: int) -> dict:
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
    result = write_backup(journal.data_dir, Path(args.out).expanduser())
    print(f"backup written to {result.path} ({result.photos} photo(s), "
          f"{result.size / 1e6:.1f} MB); {HEALTH_NOTE}")
    if result.missing_photos:
        print(f"warning: {len(result.missing_photos)} photo file(s) the journal refers to are "
              "missing and could not be backed up; run `check` for details")
    return 0


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


# -- automatic backups -----------------------------------------------------------------
def backups_to_keep(journal) -> int:
    """The journal setting `backups_to_keep` (default 7; 0 turns automatic backups off)."""
    try:
        return max(0, min(365, int(journal.setting("backups_to_keep", str(DEFAULT_KEEP)))))
    except ValueError:
        return DEFAULT_KEEP


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


def newest_good_backup(data_dir: Path) -> tuple[Path, ArchiveInfo] | None:
    """The newest automatic backup that passes verification, if any."""
    for path in automatic_backups(data_dir):
        try:
            return path, verify_archive(path)
        except (JournalError, OSError):
            continue
    return None


def quick_check(data_dir: Path) -> str | None:
    """PRAGMA quick_check on the journal without writing to it: None if fine, else why not.

    A journal that does not exist yet is fine (it will be created).
    """
    path = Path(data_dir) / DB_NAME
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return "journal.db is not a SQLite database"
        conn = sqlite3.connect(_read_only(path), uri=True, timeout=10)
        try:
            rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except (OSError, sqlite3.DatabaseError) as exc:
        return f"journal.db cannot be read ({exc})"
    if rows != ["ok"]:
        return f"journal.db is damaged ({_summary(rows)})"
    return None


# -- check and repair ------------------------------------------------------------------
@dataclass
class Problem:
    kind: str           # integrity, foreign_key, missing_photo, damaged_photo, orphan, thumbnail …
    message: str
    fixable: bool = False
    fixed: bool = False
    severity: str = "problem"   # or "note": worth saying, not wrong (a cache not built yet)


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    days: int = 0
    photos: int = 0

    @property
    def remaining(self) -> list[Problem]:
        """Problems not fixed (notes do not count)."""
        return [p for p in self.problems if not p.fixed and p.severity == "problem"]


def check_journal(data_dir: Path, repair: bool = False) -> CheckReport:
    """Look for everything that can be wrong with a journal; with `repair`, fix what is safe.

    Safe means: rebuild missing thumbnails (a cache) and move files that no photo
    refers to into lost-and-found/. A photo is never deleted and the database is
    never written.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise JournalError(f"there is no journal at {data_dir}")
    if repair:
        _refuse_if_open(data_dir, "repair it")
    report = CheckReport()
    add = report.problems.append
    db_path = data_dir / DB_NAME
    rows: list[tuple] | None = None
    if not db_path.exists():
        add(Problem("database", f"there is no {DB_NAME} in {data_dir}"))
    else:
        rows = _check_db(db_path, report)
    photos_dir = data_dir / PHOTOS
    files = {p.name: p for p in photos_dir.iterdir() if p.is_file()} if photos_dir.is_dir() else {}
    if rows is None:
        return report  # without the rows nothing can be said about the files
    report.photos = len(rows)
    referenced = set()
    healthy_rows = []
    for photo_id, date, area, file_name in rows:
        referenced.add(file_name)
        what = f"photo {photo_id} ({date}, {area})"
        path = photos_dir / file_name
        if not _SAFE_NAME.match(file_name or "") or file_name not in files:
            add(Problem("missing_photo", f"{what}: its file photos/{file_name} is missing; "
                                         "restore a backup to get it back"))
            continue
        digest, _ = _sha256_file(path)
        if digest != Path(file_name).stem:
            add(Problem("damaged_photo", f"{what}: photos/{file_name} is damaged (its content "
                                         "does not match its checksum); restore a backup"))
            continue
        healthy_rows.append((photo_id, file_name))
    for name in sorted(set(files) - referenced):
        problem = Problem("orphan", f"photos/{name} belongs to no photo in the journal", True)
        if repair:
            folder = data_dir / LOST_AND_FOUND
            folder.mkdir(mode=0o700, exist_ok=True)
            target = _free_name(folder, name)
            os.replace(files[name], target)
            problem.fixed = True
            problem.message += f"; moved to {target.relative_to(data_dir)}"
        add(problem)
    _check_thumbnails(data_dir, healthy_rows, report, repair)
    return report


def _check_db(db_path: Path, report: CheckReport) -> list[tuple] | None:
    from journal.store.db import SCHEMA_VERSION

    add = report.problems.append
    with open(db_path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            add(Problem("database", f"{DB_NAME} is not a SQLite database"))
            return None
    try:
        conn = sqlite3.connect(_read_only(db_path), uri=True, timeout=10)
    except sqlite3.DatabaseError as exc:
        add(Problem("database", f"{DB_NAME} cannot be opened ({exc})"))
        return None
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            add(Problem("integrity", f"the database is damaged ({_summary(integrity)}); "
                                     "restore a backup"))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            add(Problem("database", f"the journal was made by a newer version of the app "
                                    f"(schema {version}); please update the app"))
            return None
        broken: dict[tuple[str, str], int] = {}
        for table, _rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            broken[(table, parent)] = broken.get((table, parent), 0) + 1
        for (table, parent), count in sorted(broken.items()):
            add(Problem("foreign_key", f"{count} row(s) in {table} refer to missing {parent}"))
        report.days = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        if version < 2:
            return []
        return conn.execute(
            "SELECT id, date, area, file_name FROM photos ORDER BY date, id").fetchall()
    except sqlite3.DatabaseError as exc:
        add(Problem("database", f"the database cannot be read ({exc})"))
        return None
    finally:
        conn.close()


def _check_thumbnails(data_dir: Path, rows, report: CheckReport, repair: bool) -> None:
    """Thumbnails not built (a cache the photos module owns and builds on demand).

    Not a problem, only a note; `--repair` builds them.
    """
    try:
        from journal.store.photos import build_thumbnail
    except ImportError:
        return  # no thumbnail cache in this version
    thumbs_dir = data_dir / "thumbs"
    missing = [(file_name, path) for _photo_id, file_name in rows
               if not (path := _thumbnail_file(thumbs_dir, file_name)).exists()]
    if not missing:
        return
    note = Problem("thumbnail", f"{len(missing)} photo thumbnail(s) not built yet (a cache; "
                                "`check --repair` builds them)", True, severity="note")
    report.problems.append(note)
    if repair:
        built = 0
        for file_name, path in missing:
            try:
                build_thumbnail(data_dir / PHOTOS / file_name, thumbs_dir)
            except JournalError:
                continue
            built += path.exists()
        note.fixed = built == len(missing)
        note.message = f"{len(missing)} photo thumbnail(s) were missing; built {built}"


def _thumbnail_file(thumbs_dir: Path, file_name: str) -> Path:
    """The default-size thumbnail's path, as journal.store.photos.build_thumbnail names it."""
    import inspect

    from journal.store.photos import build_thumbnail

    size = inspect.signature(build_thumbnail).parameters["size"].default
    return thumbs_dir / f"{Path(file_name).stem}-{size}.jpg"


def check_cli(data_dir: Path, args) -> int:
    """`check [--repair]`: print a report; exit 0 healthy, 1 problems remain."""
    repair = bool(getattr(args, "repair", False))
    report = check_journal(Path(data_dir), repair=repair)
    for problem in report.problems:
        mark = "fixed" if problem.fixed else problem.severity
        print(f"{mark}: {problem.message}")
    remaining = report.remaining
    if not remaining:
        print(f"journal OK: {report.days} day(s), {report.photos} photo(s), "
              "database integrity ok" + (" after repair" if any(p.fixed for p in report.problems)
                                         else ""))
        return 0
    fixable = sum(p.fixable for p in remaining)
    hint = f"; `check --repair` can fix {fixable}" if fixable and not repair else ""
    print(f"{len(remaining)} problem(s) found{hint}")
    return 1
