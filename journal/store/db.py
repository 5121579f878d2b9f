"""The SQLite connection: pragmas, schema and numbered migrations.

The schema version lives in ``PRAGMA user_version``. Each migration is a list of
SQL statements run in one transaction together with the bump of user_version, so
a failure leaves the journal exactly at its old version. Before an existing
journal is migrated, a snapshot of it is written next to it with SQLite's online
backup API.

Plain ``sqlite3`` is used for the connection itself so that opening a journal
(the path to the first window) does not pay for importing sqlite-utils; the
``Journal`` facade wraps the same connection in ``sqlite_utils.Database`` where
its helpers are worth it (bulk inserts, export).
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from journal.models import JournalError

MIGRATIONS: list[list[str]] = [
    # 1: sessions, products, day entries, product uses, settings
    [
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            areas TEXT NOT NULL DEFAULT '',
            depth_mm REAL CHECK (depth_mm IS NULL OR (depth_mm > 0 AND depth_mm <= 5)),
            clinic TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX sessions_by_date ON sessions(date)",
        """CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
            brand TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT 'other',
            ingredients TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE entries (
            date TEXT PRIMARY KEY
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            redness INTEGER CHECK (redness BETWEEN 0 AND 10),
            swelling INTEGER CHECK (swelling BETWEEN 0 AND 10),
            pain INTEGER CHECK (pain BETWEEN 0 AND 10),
            itch INTEGER CHECK (itch BETWEEN 0 AND 10),
            dryness INTEGER CHECK (dryness BETWEEN 0 AND 10),
            breakouts INTEGER CHECK (breakouts >= 0),
            pus INTEGER NOT NULL DEFAULT 0,
            fever INTEGER NOT NULL DEFAULT 0,
            spreading_redness INTEGER NOT NULL DEFAULT 0,
            cold_sore INTEGER NOT NULL DEFAULT 0,
            makeup INTEGER NOT NULL DEFAULT 0,
            sun INTEGER NOT NULL DEFAULT 0,
            sweat INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE product_uses (
            date TEXT NOT NULL REFERENCES entries(date) ON DELETE CASCADE,
            product_id INTEGER NOT NULL REFERENCES products(id),
            PRIMARY KEY (date, product_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX product_uses_by_product ON product_uses(product_id, date)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
    # 2: photos
    [
        """CREATE TABLE photos (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            area TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            taken_at TEXT,
            for_report INTEGER NOT NULL DEFAULT 0,
            UNIQUE (date, area, sha256)
        )""",
        "CREATE INDEX photos_by_date ON photos(date, area)",
        "CREATE INDEX photos_by_file ON photos(file_name)",
    ],
    # 3: the yes/no columns accept only 0 and 1, and the photos index that repeated the
    # UNIQUE index's leading columns gives way to one for "same area, nearest day" (the
    # viewer's steps).
    # SQLite cannot add a CHECK to a column: each table is rebuilt (see migrate()).
    [
        """CREATE TABLE entries_v3 (
            date TEXT PRIMARY KEY
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            redness INTEGER CHECK (redness BETWEEN 0 AND 10),
            swelling INTEGER CHECK (swelling BETWEEN 0 AND 10),
            pain INTEGER CHECK (pain BETWEEN 0 AND 10),
            itch INTEGER CHECK (itch BETWEEN 0 AND 10),
            dryness INTEGER CHECK (dryness BETWEEN 0 AND 10),
            breakouts INTEGER CHECK (breakouts >= 0),
            pus INTEGER NOT NULL DEFAULT 0 CHECK (pus IN (0, 1)),
            fever INTEGER NOT NULL DEFAULT 0 CHECK (fever IN (0, 1)),
            spreading_redness INTEGER NOT NULL DEFAULT 0 CHECK (spreading_redness IN (0, 1)),
            cold_sore INTEGER NOT NULL DEFAULT 0 CHECK (cold_sore IN (0, 1)),
            makeup INTEGER NOT NULL DEFAULT 0 CHECK (makeup IN (0, 1)),
            sun INTEGER NOT NULL DEFAULT 0 CHECK (sun IN (0, 1)),
            sweat INTEGER NOT NULL DEFAULT 0 CHECK (sweat IN (0, 1)),
            note TEXT NOT NULL DEFAULT ''
        )""",
        "INSERT INTO entries_v3 SELECT date, redness, swelling, pain, itch, dryness, breakouts, "
        "pus <> 0, fever <> 0, spreading_redness <> 0, cold_sore <> 0, makeup <> 0, sun <> 0, "
        "sweat <> 0, note FROM entries",
        "DROP TABLE entries",
        "ALTER TABLE entries_v3 RENAME TO entries",
        """CREATE TABLE photos_v3 (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL
                CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            area TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            taken_at TEXT,
            for_report INTEGER NOT NULL DEFAULT 0 CHECK (for_report IN (0, 1)),
            UNIQUE (date, area, sha256)
        )""",
        "INSERT INTO photos_v3 SELECT id, date, area, sha256, file_name, width, height, "
        "taken_at, for_report <> 0 FROM photos",
        "DROP TABLE photos",  # (and its indexes)
        "ALTER TABLE photos_v3 RENAME TO photos",
        "CREATE INDEX photos_by_area ON photos(area, date)",
        "CREATE INDEX photos_by_file ON photos(file_name)",
    ],
    # 4: two more red flags, for the emergency signs of a severe allergic reaction and for the
    # eye (the tips send both to emergency care).
    [
        "ALTER TABLE entries ADD COLUMN airway INTEGER NOT NULL DEFAULT 0 "
        "CHECK (airway IN (0, 1))",
        "ALTER TABLE entries ADD COLUMN eye_problem INTEGER NOT NULL DEFAULT 0 "
        "CHECK (eye_problem IN (0, 1))",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if new) the journal database and bring its schema up to date.

    Raises JournalError if the file is not a SQLite database or was made by a
    newer version of the app; in both cases the file is left untouched.
    """
    is_new = not path.exists() or path.stat().st_size == 0
    if not is_new:
        _check_header(path)
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"this journal was made by a newer version of the app (schema {version}, "
                f"this app knows up to {SCHEMA_VERSION}); please update the app. "
                "The journal was not changed."
            )
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if is_new:
            os.chmod(path, 0o600)
        if version < SCHEMA_VERSION:
            snapshot = snapshot_before_migration(conn, path, version) if version > 0 else None
            try:
                migrate(conn, version)
            except (sqlite3.DatabaseError, OSError) as exc:
                now = conn.execute("PRAGMA user_version").fetchone()[0]
                kept = f"; a copy from before the upgrade is in {snapshot}" if snapshot else ""
                raise JournalError(
                    f"could not upgrade the journal to schema {SCHEMA_VERSION} ({exc}); it was "
                    f"left at schema {now}, as it was before that step{kept}"
                ) from None
    except sqlite3.OperationalError as exc:
        conn.close()
        if _busy(exc):
            raise JournalError(f"the journal {path} is busy: another program kept it locked for "
                               f"{BUSY_SECONDS} s; try again") from None
        raise JournalError(f"{path} is not a readable journal database ({exc})") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise JournalError(f"{path} is not a readable journal database ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return conn


BUSY_SECONDS = 10


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL (kept in the file: a no-op once done), waiting for other writers.

    A journal fresh from a restore (or new) is in rollback mode, and every command that
    waited for the restore opens it at once. Two connections changing the mode while
    another commits is a lock deadlock, which SQLite reports as "database is locked" at
    once, without its busy timeout: retry until the timeout instead.
    """
    import time

    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_SECONDS
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)  # the other connection is committing: give it the lock
        pause = min(pause * 2, 0.1)


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite gets a chance to write to it."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise JournalError(f"cannot read the journal {path}: {exc.strerror}") from None
    if header != b"SQLite format 3\x00":
        raise JournalError(
            f"{path} is not a journal database (not SQLite); it was left untouched"
        )


def migrate(conn: sqlite3.Connection, from_version: int, to_version: int = SCHEMA_VERSION,
            migrations: list[list[str]] | None = None) -> None:
    """Run each migration after `from_version` in its own transaction.

    Foreign keys are off meanwhile (SQLite's way to rebuild a table others refer to:
    dropping ``entries`` must not cascade to ``product_uses``) and checked before each
    commit: a step that would leave a dangling reference is rolled back.
    """
    steps = MIGRATIONS if migrations is None else migrations
    enforced = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")  # (a no-op inside a transaction: none is open)
    try:
        for number in range(from_version + 1, to_version + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in steps[number - 1]:
                    conn.execute(statement)
                dangling = conn.execute("PRAGMA foreign_key_check").fetchone()
                if dangling is not None:
                    raise sqlite3.IntegrityError(f"a reference from {dangling[0]} has no target")
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")


def snapshot_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Write a consistent copy of the journal before changing its schema."""
    folder = path.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"before-migration-v{version}-{stamp}.db"
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, 0o600)
    return target
