"""Restoring a backup archive: verify everything, rebuild the database, swap it in.

Nothing in the archive is trusted. Before the journal is touched:

- the zip's member list is checked (no duplicate, unsafe, encrypted or oversized
  member; sizes are capped before anything is read, so a zip bomb is refused);
- every member's size and SHA-256 must match the manifest, and every photo's
  bytes the hash its name carries;
- the database must pass ``integrity_check`` and ``foreign_key_check``, have
  exactly the tables and columns the app's own migrations make at its schema
  version and no trigger or view; then its rows are copied into a fresh schema
  built by those migrations, so every CHECK and foreign key of the app applies
  and nothing of the archive's own schema (indexes, defaults) comes along.

The swap is crash-safe: an intent record (``.restore-intent.json``, written and
fsynced first) names what is moved where; the replaced journal goes to
``restore-undo-<timestamp>/``. Placing ``journal.db`` is the last rename and the
point of no return: the next start (``finish_unfinished_restore``, run by every
way of opening a journal) rolls a killed restore back before that point and
forward after it. The whole restore holds the journal alone (journal.store.lock):
no other process has it open meanwhile.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from journal import APP_NAME
from journal.models import JournalError
from journal.paths import DB_NAME, prepare_data_dir
from journal.store.backup import (
    FORMAT, MANIFEST, PHOTO_NAME, PHOTOS, _CHUNK, _SIDE_FILES, _free_name, _fsync_dir, _oserror, _read_only,
    _stamp, _summary, automatic_backups,
)
from journal.store.lock import _RestoreLock, acquire_shared, exclusive, release_shared

INTENT = ".restore-intent.json"
STAGING_PREFIX = ".restore-"
UNDO_PREFIX = "restore-undo-"
MAX_MANIFEST_BYTES = 16 * 2**20
MAX_DATABASE_BYTES = 4 * 2**30
MAX_MEMBERS = 200_000
CRASH_ENV = "JOURNAL_TEST_CRASH_AT"  # tests: the step of the swap at which to SIGKILL ourselves
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MOVABLE = (DB_NAME, *(DB_NAME + s for s in _SIDE_FILES), PHOTOS, "thumbs")


def _max_photo_bytes() -> int:
    from journal.store.photos import MAX_FILE_BYTES

    return MAX_FILE_BYTES


def _crash_point(step: str) -> None:
    """Die here, as hard as a power cut, when a test asks for it (JOURNAL_TEST_CRASH_AT)."""
    if os.environ.get(CRASH_ENV) == step:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


# -- verifying ---------------------------------------------------------------------------
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
    return head == PHOTOS and slash == "/" and bool(PHOTO_NAME.match(tail))


def _member_limit(name: str) -> int:
    if name == MANIFEST:
        return MAX_MANIFEST_BYTES
    if name == DB_NAME:
        return MAX_DATABASE_BYTES
    return _max_photo_bytes()


def _check_infos(archive, label: str) -> dict:
    """The archive's members by name, refusing what no backup of this app contains."""
    import zipfile

    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise JournalError(f"{label} has {len(infos)} files in it, more than a backup can hold")
    by_name = {}
    for info in infos:
        name = info.filename
        if name in by_name:
            raise JournalError(f"{label} contains {name!r} twice; refused")
        by_name[name] = info
        if info.flag_bits & 0x1:
            raise JournalError(f"{label} is password-protected ({name!r}); backups of this app "
                               "never are")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise JournalError(f"{label} is compressed in a way this app does not use ({name!r})")
        if name != MANIFEST and not _safe_member(name):
            continue  # refused by name once the manifest has been read; never read itself
        limit = _member_limit(name)
        if info.file_size > limit:
            raise JournalError(f"{label} is damaged or hostile: {name!r} is "
                               f"{info.file_size / 2**20:.0f} MB, over the limit of "
                               f"{limit / 2**20:.0f} MB")
    return by_name


def _read_manifest(archive, infos: dict, label: str) -> dict:
    import zipfile
    import zlib

    if MANIFEST not in infos:
        raise JournalError(f"{label} is not a backup of this app (no manifest.json inside)")
    try:
        with archive.open(infos[MANIFEST]) as source:
            raw = source.read(MAX_MANIFEST_BYTES + 1)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError,
            OSError, ValueError):
        raise JournalError(f"{label} is damaged: its manifest cannot be read") from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise JournalError(f"{label} is damaged or hostile: its manifest is too large")
    import json

    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise JournalError(f"{label} has a damaged manifest (not valid JSON)") from None
    if not isinstance(manifest, dict) or manifest.get("app") != APP_NAME:
        raise JournalError(f"{label} is not a backup of {APP_NAME}")
    members = manifest.get("members")
    fmt = manifest.get("format")
    version = manifest.get("schema_version")
    if type(fmt) is not int or not isinstance(members, dict) or type(version) is not int:
        raise JournalError(f"{label} has a damaged manifest (fields missing)")
    if fmt > FORMAT:
        raise JournalError(f"{label} was made by a newer version of the app; please update the app")
    for name, entry in members.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
                and _SHA256.match(entry["sha256"]) and type(entry.get("size")) is int
                and entry["size"] >= 0):
            raise JournalError(f"{label} has a damaged manifest (bad entry for {name!r})")
    if DB_NAME not in members:
        raise JournalError(f"{label} has no journal database in it")
    return manifest


def verify_archive(archive_path: Path, extract_to: Path | None = None,
                   progress=None) -> ArchiveInfo:
    """Check a backup archive completely; raise JournalError (one line) if anything is off.

    With `extract_to`, the verified photos are written to `extract_to/photos/`
    and the rebuilt database to `extract_to/journal.db`, all fsynced. Without it
    only the database is unpacked, to a temporary folder, to check and rebuild it.
    `progress(done, total, text)`, if given, is called as each member is checked.
    """
    import tempfile
    import zipfile

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
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise JournalError(f"{label} is not a backup archive (not a readable zip file)") from None
        except MemoryError:
            raise JournalError(f"{label} is damaged or hostile: too large to open") from None
        with archive:
            infos = _check_infos(archive, label)
            manifest = _read_manifest(archive, infos, label)
            members = manifest["members"]
            for name in members:
                if not _safe_member(name):
                    raise JournalError(f"{label} lists an unsafe file name {name!r}; refused")
                if name not in infos:
                    raise JournalError(f"{label} is incomplete: {name!r} is missing")
            for name in infos:
                if name != MANIFEST and not _safe_member(name):
                    raise JournalError(f"{label} contains an unsafe file name {name!r}; refused")
                if name != MANIFEST and name not in members:
                    raise JournalError(f"{label} contains {name!r}, which its manifest does not list")
            (dest / PHOTOS).mkdir(mode=0o700, exist_ok=True)
            unpacked = dest / ".archive.db"
            for done, (name, entry) in enumerate(members.items(), start=1):
                if progress is not None:
                    progress(done, len(members), name)
                if infos[name].file_size != entry["size"]:
                    raise JournalError(f"{label} is damaged: {name} does not match its checksum")
                if name == DB_NAME:
                    _check_member(archive, infos[name], entry, unpacked, label)
                else:
                    _check_member(archive, infos[name], entry,
                                  dest / name if extract_to is not None else None, label)
        version = rebuild_database(unpacked, dest / DB_NAME, label)
        unpacked.unlink()
        if version != manifest["schema_version"]:
            raise JournalError(f"{label} is damaged: its database does not match its manifest")
        if extract_to is not None:
            _fsync_dir(dest / PHOTOS)
            _fsync_dir(dest)
        return ArchiveInfo(archive_path, version, str(manifest.get("created", "")),
                           str(manifest.get("app_version", "")),
                           sum(1 for n in members if n != DB_NAME))
    except MemoryError:
        raise JournalError(f"{label} is damaged or hostile: too large to check") from None
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _check_member(archive, info, entry: dict, target: Path | None, label: str) -> None:
    """Stream one member, checking its size and hash; write it to `target` (fsynced) if given."""
    import hashlib  # (here and json below: not opening the app's to pay)
    import zipfile
    import zlib

    name = info.filename
    digest, size, limit = hashlib.sha256(), 0, entry["size"]
    out = open(target, "xb") if target is not None else None
    try:
        if out is not None:
            os.chmod(target, 0o600)
        with archive.open(info) as source:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    break
                digest.update(chunk)
                if out is not None:
                    out.write(chunk)
        if out is not None:
            out.flush()
            os.fsync(out.fileno())
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError,
            ValueError):
        raise JournalError(f"{label} is damaged: {name} cannot be read") from None
    finally:
        if out is not None:
            out.close()
    if size != limit or digest.hexdigest() != entry["sha256"]:
        raise JournalError(f"{label} is damaged: {name} does not match its checksum")
    if name != DB_NAME and Path(name).stem != entry["sha256"]:
        raise JournalError(f"{label} is damaged: {name} does not match the checksum in its name")


# -- the database: checked, then rebuilt in the app's own schema ---------------------------
def _schema(conn: sqlite3.Connection, db: str = "main") -> dict[str, tuple[str, str]]:
    """name -> (type, sql) of the tables, views and triggers (internal sqlite_ tables left out)."""
    return {name: (kind, sql or "") for kind, name, sql in conn.execute(
        f"SELECT type, name, sql FROM {db}.sqlite_master WHERE type IN ('table','view','trigger')")
        if not name.startswith("sqlite_")}


def _columns(conn: sqlite3.Connection, table: str, db: str = "main") -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA {db}.table_info("{table}")')]


def expected_schema(version: int) -> sqlite3.Connection:
    """An empty in-memory journal built by the app's migrations up to `version`."""
    from journal.store import db as dbmod

    conn = sqlite3.connect(":memory:", isolation_level=None)
    dbmod.migrate(conn, 0, version)
    return conn


def rebuild_database(source: Path, target: Path, label: str) -> int:
    """Check the database `source` and copy its rows into a fresh schema at `target`.

    Returns its schema version. Raises JournalError (target removed) if it is not
    SQLite, is damaged, is newer than this app, or is not a journal exactly as
    this app writes one: other tables or columns, any trigger or view, rows a
    CHECK or foreign key of the app refuses, a photo file name that is not a
    stored photo's, or a date that is not a date.
    """
    from journal.store.db import SCHEMA_VERSION

    with open(source, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise JournalError(f"{label} does not hold a journal database (not SQLite)")
    try:
        conn = sqlite3.connect(_read_only(source), uri=True)
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")  # the rows are read later
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            schema = _schema(conn)
            columns = {name: _columns(conn, name) for name, (kind, _) in schema.items()
                       if kind == "table"}
            broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # a mangled schema text
        raise JournalError(f"{label} holds a damaged database ({exc})") from None
    if result != ["ok"]:
        raise JournalError(f"{label} holds a damaged database ({_summary(result)})")
    if version > SCHEMA_VERSION:
        raise JournalError(
            f"{label} was made by a newer version of the app (schema {version}, this app knows "
            f"up to {SCHEMA_VERSION}); please update the app")
    if version < 1:
        raise JournalError(f"{label} does not hold a journal database")
    if broken is not None:
        raise JournalError(f"{label} holds a damaged database ({broken[0]} rows refer to "
                           f"missing {broken[2]})")
    fresh = expected_schema(version)
    try:
        want = _schema(fresh)
        odd = sorted(name for name, (kind, _) in schema.items() if kind in ("view", "trigger")
                     and want.get(name) != schema[name])
        if odd:
            raise JournalError(f"{label} holds a database with triggers or views this app does "
                               f"not make ({', '.join(odd[:3])}); refused")
        tables = {name for name, (kind, _) in want.items() if kind == "table"}
        if set(columns) != tables or any(
                not schema[t][1].lstrip().upper().startswith("CREATE TABLE") or
                sorted(columns[t]) != sorted(_columns(fresh, t)) for t in tables):
            raise JournalError(f"{label} does not hold a journal database of this app (its "
                               "tables are not the app's)")
    finally:
        fresh.close()
    target.unlink(missing_ok=True)
    try:
        _copy_rows(source, target, version, label)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return version


def _copy_rows(source: Path, target: Path, version: int, label: str) -> None:
    import datetime as dt

    from journal.store import db as dbmod

    conn = sqlite3.connect(target.resolve().as_uri(), uri=True, isolation_level=None)
    try:
        os.chmod(target, 0o600)
        dbmod.migrate(conn, 0, version)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("ATTACH DATABASE ? AS archive", (_read_only(source),))
        tables = [name for name, (kind, _) in _schema(conn).items() if kind == "table"]
        conn.execute("BEGIN")
        for table in tables:
            cols = _columns(conn, table)
            names = ", ".join(f'"{c}"' for c in cols)
            blob = " OR ".join(f'typeof("{c}") = \'blob\'' for c in cols)
            if conn.execute(f'SELECT 1 FROM archive."{table}" WHERE {blob} LIMIT 1').fetchone():
                raise JournalError(f"{label} holds data this app does not write (binary data "
                                   f"in {table}); refused")
            if "date" in cols:
                for (value,) in conn.execute(f'SELECT DISTINCT date FROM archive."{table}"'):
                    try:
                        dt.date.fromisoformat(value)
                    except (TypeError, ValueError):
                        raise JournalError(f"{label} holds a date this app cannot read "
                                           f"({str(value)[:20]!r} in {table}); refused") from None
            if table == "photos":
                for (value,) in conn.execute('SELECT DISTINCT file_name FROM archive.photos'):
                    if not isinstance(value, str) or not PHOTO_NAME.match(value):
                        raise JournalError(f"{label} holds a photo with a file name this app "
                                           "does not make; refused")
            conn.execute(f'DELETE FROM main."{table}"')
            conn.execute(f'INSERT INTO main."{table}" ({names}) '
                         f'SELECT {names} FROM archive."{table}"')
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE archive")
        for table in tables:  # every text as the app will read it: valid UTF-8
            try:
                for _row in conn.execute(f'SELECT * FROM "{table}"'):
                    pass
            except (UnicodeDecodeError, sqlite3.OperationalError):
                raise JournalError(f"{label} holds text that is not valid UTF-8 (in {table}); "
                                   "refused") from None
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise JournalError(f"{label} holds rows that refer to missing ones; refused")
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            raise JournalError(f"{label} could not be rebuilt ({_summary(rows)})")
        conn.execute("PRAGMA journal_mode = DELETE")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise JournalError(f"{label} holds data this app would not have saved ({exc}); "
                           "refused") from None
    finally:
        conn.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


# -- restoring -------------------------------------------------------------------------
def restore_archive(data_dir: Path, archive_path: Path,
                    progress=None) -> tuple[ArchiveInfo, Path | None]:
    """Replace the journal in `data_dir` with a verified backup.

    Returns the archive's info and the folder the previous journal was moved to
    (None if there was none). Raises JournalError, having changed nothing, if
    the archive is not a complete, intact backup of a journal this app can open,
    or if another process has the journal open.
    """
    import tempfile

    data_dir = Path(data_dir)
    created_dir = not data_dir.exists()
    prepare_data_dir(data_dir)
    staged = None
    try:
        with _RestoreLock(data_dir), exclusive(data_dir, "restore a backup"):
            _finish(data_dir)  # an earlier restore that was killed midway comes first
            staged = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=data_dir))
            try:
                info = verify_archive(archive_path, extract_to=staged, progress=progress)
            except OSError as exc:
                raise JournalError(f"could not unpack the backup: {_oserror(exc)}") from None
            undo = _swap_in(data_dir, staged)
    except BaseException:
        if staged is not None and not (data_dir / INTENT).exists():
            shutil.rmtree(staged, ignore_errors=True)
        if created_dir and not (data_dir / INTENT).exists():
            shutil.rmtree(data_dir, ignore_errors=True)
        raise
    shutil.rmtree(staged, ignore_errors=True)
    return info, undo


def _write_intent(data_dir: Path, intent: dict) -> None:
    import json

    tmp = data_dir / (INTENT + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(intent, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, data_dir / INTENT)
    _fsync_dir(data_dir)


def _swap_in(data_dir: Path, staged: Path) -> Path | None:
    """Move the current journal aside into restore-undo-<stamp>/, then the staged one in.

    Every step is recorded first in the intent record, so a crash at any point is
    finished or undone by the next start (finish_unfinished_restore).
    """
    undo = _free_name(data_dir, f"{UNDO_PREFIX}{_stamp()}")
    current = [name for name in _MOVABLE if os.path.lexists(data_dir / name)]
    intent = {"staged": staged.name, "undo": undo.name, "current": current,
              "placed": [PHOTOS, DB_NAME]}
    try:
        _write_intent(data_dir, intent)
        _crash_point("intent-written")
        if current:
            undo.mkdir(mode=0o700)
            _crash_point("undo-made")
        for name in current:
            os.replace(data_dir / name, undo / name)
            _crash_point(f"moved-{name}")
        _fsync_dir(undo)
        for name in intent["placed"]:  # journal.db last: the point of no return
            os.replace(staged / name, data_dir / name)
            _fsync_dir(data_dir)
            _crash_point(f"placed-{name}")
        (data_dir / INTENT).unlink()
        _fsync_dir(data_dir)
        _crash_point("intent-removed")
    except BaseException as exc:
        try:
            _complete(data_dir, intent)
        except OSError:
            pass  # the intent record stays: the next start finishes the job
        if isinstance(exc, OSError):
            raise JournalError(f"could not restore: {_oserror(exc)}; the journal was not "
                               "changed") from None
        raise
    return undo if current else None


def _read_intent(data_dir: Path) -> dict:
    import json

    path = data_dir / INTENT
    try:
        intent = json.loads(path.read_text(encoding="utf-8"))
        staged, undo = intent["staged"], intent["undo"]
        current, placed = list(intent["current"]), list(intent["placed"])
    except (OSError, ValueError, KeyError, TypeError):
        raise JournalError(
            f"a restore was interrupted in {data_dir} and its record {INTENT} cannot be read; "
            f"nothing was changed: look in the restore-undo-* folders for the previous journal"
        ) from None
    if not (isinstance(staged, str) and staged.startswith(STAGING_PREFIX) and "/" not in staged
            and isinstance(undo, str) and undo.startswith(UNDO_PREFIX) and "/" not in undo
            and set(current) <= set(_MOVABLE) and set(placed) <= {PHOTOS, DB_NAME}):
        raise JournalError(f"a restore was interrupted in {data_dir} and its record {INTENT} "
                           "is not one this app writes; nothing was changed")
    return {"staged": staged, "undo": undo, "current": current, "placed": placed}


def _complete(data_dir: Path, intent: dict) -> str:
    """Finish (journal.db already placed) or undo an interrupted swap; idempotent."""
    staged, undo = data_dir / intent["staged"], data_dir / intent["undo"]
    current, placed = intent["current"], intent["placed"]
    committed = (not (staged / DB_NAME).exists() and (data_dir / DB_NAME).exists()
                 and (DB_NAME not in current or (undo / DB_NAME).exists()))
    if committed:
        outcome = "finished"
    else:
        outcome = "undone"
        for name in reversed(placed):  # the backup's files that were already put in place
            if not os.path.lexists(staged / name) and os.path.lexists(data_dir / name) \
                    and (name not in current or os.path.lexists(undo / name)):
                staged.mkdir(mode=0o700, exist_ok=True)
                os.replace(data_dir / name, staged / name)
                _crash_point(f"undo-placed-{name}")
        for name in current:  # the journal's own files back from restore-undo
            if os.path.lexists(undo / name) and not os.path.lexists(data_dir / name):
                os.replace(undo / name, data_dir / name)
                _crash_point(f"undo-moved-{name}")
        if undo.is_dir() and not any(undo.iterdir()):
            undo.rmdir()
    _fsync_dir(data_dir)
    (data_dir / INTENT).unlink(missing_ok=True)
    _fsync_dir(data_dir)
    shutil.rmtree(staged, ignore_errors=True)
    return outcome


def _finish(data_dir: Path) -> str | None:
    """With the journal held alone: complete an interrupted restore; clear stale staging."""
    outcome = None
    if (data_dir / INTENT).exists():
        outcome = _complete(data_dir, _read_intent(data_dir))
    for leftover in data_dir.glob(STAGING_PREFIX + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)  # unpacked by a restore that died
    (data_dir / (INTENT + ".tmp")).unlink(missing_ok=True)
    return outcome


def finish_unfinished_restore(data_dir: Path) -> str | None:
    """Complete or undo a restore that was killed midway; None if there was none.

    Every way of opening a journal (the CLI's, the app's, check's) calls this
    first. Returns "finished" (the backup is in place) or "undone" (the
    previous journal is back). Holds the journal alone while it works; a restore
    that is still running in another process is waited for, never touched.
    """
    data_dir = Path(data_dir)
    try:
        names = os.listdir(data_dir)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise JournalError(f"cannot read the data dir {data_dir}: {_oserror(exc)}") from None
    if INTENT not in names and not any(n.startswith(STAGING_PREFIX) for n in names):
        return None
    acquire_shared(data_dir)  # waits while a live restore holds the journal
    try:
        if not (data_dir / INTENT).exists() and not any(data_dir.glob(STAGING_PREFIX + "*")):
            return None
        try:
            with exclusive(data_dir, "finish the interrupted restore", wait=10.0):
                return _finish(data_dir)
        except JournalError:
            if (data_dir / INTENT).exists():
                raise
            return None  # only stale unpacked files, and the journal is busy: leave them
    finally:
        release_shared(data_dir)


def restore_cli(data_dir: Path, args) -> int:
    """`restore FILE`: verify the archive fully, then replace the journal with it."""
    from journal.terminal import safe

    info, undo = restore_archive(Path(data_dir), Path(args.file).expanduser())
    print(safe(f"restored {info.path.name} (made {info.created or 'at an unknown time'}, "
               f"{info.photos} photo(s)) into {data_dir}"))
    if undo is not None:
        print(safe(f"the previous journal was kept in {undo}; to undo, move its contents back"))
    return 0


def newest_good_backup(data_dir: Path) -> tuple[Path, ArchiveInfo] | None:
    """The newest automatic backup that passes verification, if any."""
    for path in automatic_backups(data_dir):
        try:
            return path, verify_archive(path)
        except (JournalError, OSError):
            continue
    return None
