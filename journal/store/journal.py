"""The Journal facade: typed methods to add, read, update and delete.

Everything above the store (CLI, tips, trends, UI) goes through this class and
gets plain dataclasses back. Each public write is one transaction: either all
of it is saved or none of it.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import fields
from pathlib import Path
from typing import Iterable, Iterator

from journal import settings
from journal.models import (
    CONTEXT, FLAGS, SYMPTOMS, DayEntry, DayInfo, JournalError, Photo, PhotoRef, Product, Profile,
    Session, latest_session, name_key, parse_date,
)
from journal.paths import DB_NAME, prepare_data_dir
from journal.store import db as dbmod

_ENTRY_COLUMNS = ("date", *SYMPTOMS, "breakouts", *FLAGS, *CONTEXT, "note")
_PHOTO_COLUMNS = ("id", "date", "area", "sha256", "file_name", "width", "height", "taken_at",
                  "for_report")
_ENTRY_FIELDS = {f.name for f in fields(DayEntry)} - {"date", "product_ids"}


class Journal:
    """One journal: a data dir holding journal.db and the photo folders."""

    def __init__(self, data_dir: Path, conn: sqlite3.Connection):
        self.data_dir = data_dir
        self.conn = conn
        # One Journal per thread (SQLite's check_same_thread is on; background tasks open
        # their own, see journal.ui.tasks): this cache is never shared between threads.
        self._sessions_cache: list[Session] | None = None
        self._sessions_stamp: int | None = None
        self._locked = False
        self._identity = _file_identity(data_dir / DB_NAME)

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path | str, new_journal: bool = False) -> "Journal":
        """Open the journal in `data_dir`, creating the folder and database if needed.

        The one way in, for the command line and the app alike: a restore that was
        killed midway is finished or undone first (journal.store.restore), and this
        process is registered as having the journal open (journal.store.lock), so a
        restore or repair cannot run under it. A new empty journal is made only in
        a new or empty folder, or with `new_journal` (the demo command): never over
        photos, backups or a journal a restore kept aside.
        """
        from journal.store.lock import acquire_shared, release_shared
        from journal.store.restore import finish_unfinished_restore

        data_dir = prepare_data_dir(Path(data_dir))
        acquire_shared(data_dir)  # waits while a restore or repair runs in another process
        try:
            finish_unfinished_restore(data_dir)
            if not new_journal:
                refuse_new_journal_beside_data(data_dir)
            journal = cls(data_dir, dbmod.connect(data_dir / DB_NAME))
        except BaseException:
            release_shared(data_dir)
            raise
        journal._locked = True
        return journal

    def close(self) -> None:
        self.conn.close()
        if self._locked:
            from journal.store.lock import release_shared

            self._locked = False
            release_shared(self.data_dir)

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"

    @property
    def thumbs_dir(self) -> Path:
        return self.data_dir / "thumbs"

    @property
    def db(self):
        """The same connection as a ``sqlite_utils.Database`` (imported on first use)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any error."""
        if self.conn.in_transaction:  # nested: the outer transaction decides
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # another writer held the lock too long
            if _is_storage_error(exc):
                raise JournalError(f"could not save: {exc}; nothing of this change was saved") from None
            raise
        if _file_identity(self.db_path) != self._identity:
            self.conn.execute("ROLLBACK")
            raise JournalError(
                f"the journal in {self.data_dir} was replaced (a backup was restored) while "
                "this program had it open; nothing of this change was saved: open it again")
        try:
            yield self.conn
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if _is_storage_error(exc):  # disk full, I/O error, locked too long
                raise JournalError(f"could not save: {exc}; nothing of this change was saved") from None
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise JournalError(f"could not save: {exc}") from None

    def data_version(self) -> int:
        """Changes when another connection (say the CLI) has written to the journal."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def days_digest(self) -> str:
        """A digest of every logged day (all but its note), product use, session date and
        product name: equal digests, equal data, in any process. For results worked out from
        the whole log that are worth keeping between runs (journal.care.evidence)."""
        import hashlib

        digest = hashlib.sha256()
        for table, columns, order in (
                ("entries", [c for c in _ENTRY_COLUMNS if c != "note"], "date"),
                ("product_uses", ["date", "product_id"], "date, product_id"),
                ("sessions", ["id", "date"], "id"),
                ("products", ["id", "name"], "id")):
            row = " || ',' || ".join(f"quote({c})" for c in columns)
            found = self.conn.execute(
                f"SELECT group_concat(line, char(10)) FROM "
                f"(SELECT {row} AS line FROM {table} ORDER BY {order})").fetchone()[0]
            digest.update(f"{table}:{len(columns)}\n{found or ''}\n".encode())
        return digest.hexdigest()

    def is_empty(self, counting_settings: bool = True) -> bool:
        """Nothing stored; `counting_settings=False`: no session, product, day or photo yet
        (a reminder or theme chosen on the first run does not make a journal started)."""
        tables = ("sessions", "products", "entries", "photos")
        for table in tables + (("settings",) if counting_settings else ()):
            if self.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                return False
        return True

    # -- sessions ------------------------------------------------------------------------
    def sessions(self) -> list[Session]:
        """All sessions, oldest first (cached until anything writes to the journal)."""
        stamp = self._change_stamp()
        if self._sessions_cache is None or stamp != self._sessions_stamp:
            rows = self.conn.execute(
                "SELECT id, date, areas, depth_mm, clinic, notes FROM sessions ORDER BY date, id"
            ).fetchall()
            self._sessions_cache = [_session_from_row(r) for r in rows]
            self._sessions_stamp = stamp
        return list(self._sessions_cache)

    def session(self, session_id: int) -> Session:
        for session in self.sessions():
            if session.id == session_id:
                return session
        raise JournalError(f"there is no session with id {session_id}")

    def add_session(self, session: Session) -> int:
        session.validate()
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO sessions (date, areas, depth_mm, clinic, notes) VALUES (?,?,?,?,?)",
                _session_values(session),
            )
        session.id = cursor.lastrowid
        return session.id

    def update_session(self, session: Session) -> None:
        session.validate()
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE sessions SET date=?, areas=?, depth_mm=?, clinic=?, notes=? WHERE id=?",
                (*_session_values(session), session.id),
            )
            if cursor.rowcount != 1:
                raise JournalError(f"there is no session with id {session.id}")

    def delete_session(self, session_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM sessions WHERE id=?", (session_id,))

    def day_info(self, date: dt.date) -> DayInfo:
        """Day N after the latest session on or before `date`."""
        latest = latest_session(date, self.sessions())
        if latest is None:
            return DayInfo(date, None, None)
        return DayInfo(date, latest, (date - latest.date).days)

    # -- products ------------------------------------------------------------------------
    def products(self) -> list[Product]:
        """The shelf, sorted by name."""
        rows = self.conn.execute(
            "SELECT id, name, brand, category, ingredients FROM products ORDER BY name COLLATE NOCASE"
        ).fetchall()
        return [Product(id=r[0], name=r[1], brand=r[2], category=r[3], ingredients=r[4])
                for r in rows]

    def product(self, product_id: int) -> Product:
        for product in self.products():
            if product.id == product_id:
                return product
        raise JournalError(f"there is no product with id {product_id}")

    def product_by_name(self, name: str) -> Product:
        """Find a product by name, ignoring case; JournalError if it is not on the shelf."""
        row = self.conn.execute(
            "SELECT id, name, brand, category, ingredients FROM products WHERE name = ? COLLATE NOCASE",
            ((name or "").strip(),),
        ).fetchone()
        if row is None:  # NOCASE folds only ASCII: "crème" must find "Crème" too
            wanted = name_key(name)
            for product in self.products():
                if name_key(product.name) == wanted:
                    return product
            raise JournalError(
                f"unknown product {name!r}: add it first with `product add` "
                "(see `product list` for the shelf)"
            )
        return Product(id=row[0], name=row[1], brand=row[2], category=row[3], ingredients=row[4])

    def add_product(self, product: Product) -> int:
        product.validate()
        with self.transaction():
            self._check_name_free(product)
            try:
                cursor = self.conn.execute(
                    "INSERT INTO products (name, brand, category, ingredients) VALUES (?,?,?,?)",
                    (product.name, product.brand.strip(), product.category,
                     product.ingredients.strip()),
                )
            except sqlite3.IntegrityError:
                raise JournalError(f"a product named {product.name!r} is already on the shelf") from None
        product.id = cursor.lastrowid
        return product.id

    def update_product(self, product: Product) -> None:
        product.validate()
        with self.transaction():
            self._check_name_free(product)
            try:
                self.conn.execute(
                    "UPDATE products SET name=?, brand=?, category=?, ingredients=? WHERE id=?",
                    (product.name, product.brand.strip(), product.category,
                     product.ingredients.strip(), product.id),
                )
            except sqlite3.IntegrityError:
                raise JournalError(f"a product named {product.name!r} is already on the shelf") from None

    def _check_name_free(self, product: Product) -> None:
        """Names are unique ignoring case, also beyond ASCII (which NOCASE alone misses)."""
        wanted = name_key(product.name)
        if any(name_key(p.name) == wanted and p.id != product.id for p in self.products()):
            raise JournalError(f"a product named {product.name!r} is already on the shelf")

    def product_use_count(self, product_id: int) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM product_uses WHERE product_id=?", (product_id,)
        ).fetchone()[0]

    def delete_product(self, product_id: int) -> None:
        """Remove a product that was never logged; a used product keeps its history."""
        with self.transaction():  # checked under the write lock: a log meanwhile counts
            uses = self.product_use_count(product_id)
            if uses:
                raise JournalError(
                    f"this product is in the log on {uses} day(s); it stays so that the history "
                    "remains true"
                )
            self.conn.execute("DELETE FROM products WHERE id=?", (product_id,))

    # -- day entries ---------------------------------------------------------------------
    def entry(self, date: dt.date) -> DayEntry | None:
        found = self.entries(date, date)
        return found[0] if found else None

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[DayEntry]:
        """Entries between `start` and `end` inclusive (either may be open), oldest first."""
        where, params = _date_range(start, end)
        rows = self.conn.execute(
            f"SELECT {', '.join(_ENTRY_COLUMNS)} FROM entries {where} ORDER BY date", params
        ).fetchall()
        uses: dict[str, list[int]] = {}
        for date, product_id in self.conn.execute(
            f"SELECT date, product_id FROM product_uses {where} ORDER BY date, product_id", params
        ):
            uses.setdefault(date, []).append(product_id)
        return [_entry_from_row(row, uses.get(row[0], ())) for row in rows]

    def entry_dates(self) -> list[dt.date]:
        return [dt.date.fromisoformat(r[0])
                for r in self.conn.execute("SELECT date FROM entries ORDER BY date")]

    def save_entry(self, entry: DayEntry) -> None:
        """Write the whole day (replacing what was there), with its products, atomically."""
        self.save_entries([entry])

    def save_entries(self, entries: Iterable[DayEntry]) -> None:
        """Write whole days (each replacing what was there) in one transaction: all or none."""
        entries = list(entries)
        for entry in entries:
            entry.validate()
        with self.transaction():  # the products are checked under the write lock
            known = {row[0] for row in self.conn.execute("SELECT id FROM products")}
            for entry in entries:
                unknown = [pid for pid in entry.product_ids if pid not in known]
                if unknown:
                    raise JournalError(f"unknown product id(s): {', '.join(map(str, unknown))}")
                self.conn.execute(
                    f"INSERT INTO entries ({', '.join(_ENTRY_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(_ENTRY_COLUMNS))}) "
                    f"ON CONFLICT(date) DO UPDATE SET "
                    + ", ".join(f"{c}=excluded.{c}" for c in _ENTRY_COLUMNS[1:]),
                    [_to_sql(getattr(entry, c)) for c in _ENTRY_COLUMNS],
                )
                day = entry.date.isoformat()
                self.conn.execute("DELETE FROM product_uses WHERE date=?", (day,))
                self.conn.executemany(
                    "INSERT INTO product_uses (date, product_id) VALUES (?, ?)",
                    [(day, pid) for pid in sorted(set(entry.product_ids))],
                )

    def clear(self) -> None:
        """Remove every session, product, day, photo row and setting (one transaction).

        Photo files are left for ``journal.store.photos.remove_unreferenced_files``.
        """
        with self.transaction():
            for table in ("photos", "product_uses", "entries", "sessions", "products",
                          "settings"):
                self.conn.execute(f"DELETE FROM {table}")

    def update_entry(self, date: dt.date, used: Iterable[int] | None = None, **changes) -> DayEntry:
        """Change only the given fields of a day (creating it if new), keep the rest.

        `used` adds products to the day's list. Returns the saved entry.
        """
        bad = set(changes) - _ENTRY_FIELDS
        if bad:
            raise JournalError(f"unknown field(s): {', '.join(sorted(bad))}")
        with self.transaction():  # read and write as one: a save in between is not lost
            entry = self.entry(date) or DayEntry(date=date)
            for name, value in changes.items():
                setattr(entry, name, value)
            if used:
                entry.product_ids = tuple(sorted(set(entry.product_ids) | set(used)))
            self.save_entry(entry)
        return entry

    def delete_entry(self, date: dt.date) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM entries WHERE date=?", (date.isoformat(),))

    def products_before(self, date: dt.date) -> tuple[int, ...]:
        """Products of the latest logged day before `date`: the default ticks for a new day."""
        row = self.conn.execute(
            "SELECT max(date) FROM entries WHERE date < ?", (date.isoformat(),)
        ).fetchone()
        if not row or row[0] is None:
            return ()
        return tuple(r[0] for r in self.conn.execute(
            "SELECT product_id FROM product_uses WHERE date=? ORDER BY product_id", (row[0],)))

    def product_days(self, start: dt.date | None = None,
                     end: dt.date | None = None) -> dict[int, list[dt.date]]:
        """For each product, the dates it was used in the range, oldest first."""
        where, params = _date_range(start, end)
        days: dict[int, list[dt.date]] = {}
        for date, pid in self.conn.execute(
            f"SELECT date, product_id FROM product_uses {where} ORDER BY date", params
        ):
            days.setdefault(pid, []).append(dt.date.fromisoformat(date))
        return days

    # -- photos (rows only; files and import live in store/photos.py) ---------------------
    def photos(self, start: dt.date | None = None, end: dt.date | None = None,
               area: str | None = None) -> list[Photo]:
        """Photo rows in the date range (and area), oldest first."""
        where, params = _date_range(start, end, area)
        rows = self.conn.execute(
            f"SELECT {', '.join(_PHOTO_COLUMNS)} FROM photos {where} ORDER BY date, area, id",
            params,
        ).fetchall()
        return [_photo_from_row(r) for r in rows]

    def photo_refs(self, start: dt.date | None = None, end: dt.date | None = None,
                   area: str | None = None) -> list[PhotoRef]:
        """(id, date, area, starred) of the photos in the date range (and area), by date then
        id: what the gallery groups and captions 10,000 photos by, in one narrow query (a
        quarter of the time of ``photos``); ``photos_by_id`` gives the rows on screen."""
        where, params = _date_range(start, end, area)
        # "+date": sorting the rows read beats walking the date index and looking each row
        # up in the table (a third faster for all the photos; a range still uses the index)
        rows = self.conn.execute(
            f"SELECT id, date, area, for_report FROM photos {where} ORDER BY +date, id", params
        ).fetchall()
        dates = {date: dt.date.fromisoformat(date) for date in {row[1] for row in rows}}
        make = PhotoRef._make  # (a day's photos share one date object)
        return [make((photo_id, dates[date], photo_area, for_report == 1))
                for photo_id, date, photo_area, for_report in rows]

    def photos_by_id(self, photo_ids: Iterable[int]) -> dict[int, Photo]:
        """The whole rows of these photos, by id (an id that is not there is left out)."""
        ids = list(dict.fromkeys(photo_ids))
        found: dict[int, Photo] = {}
        for at in range(0, len(ids), 500):  # (well under SQLite's limit of variables)
            chunk = ids[at:at + 500]
            for row in self.conn.execute(
                    f"SELECT {', '.join(_PHOTO_COLUMNS)} FROM photos "
                    f"WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
                photo = _photo_from_row(row)
                found[photo.id] = photo
        return found

    def photo(self, photo_id: int) -> Photo:
        row = self.conn.execute(
            f"SELECT {', '.join(_PHOTO_COLUMNS)} FROM photos WHERE id=?", (photo_id,)
        ).fetchone()
        if row is None:
            raise JournalError(f"there is no photo with id {photo_id}")
        return _photo_from_row(row)

    def photo_beside(self, photo: Photo, step: int) -> Photo | None:
        """The photo of the same area on the nearest earlier (-1) or later (+1) day with one
        (the first of that day); one indexed lookup."""
        sign, order = ("<", "DESC") if step < 0 else (">", "ASC")
        row = self.conn.execute(
            f"SELECT {', '.join(_PHOTO_COLUMNS)} FROM photos WHERE area = ? AND date {sign} ? "
            f"ORDER BY date {order}, id LIMIT 1", (photo.area, photo.date.isoformat())
        ).fetchone()
        return _photo_from_row(row) if row is not None else None

    def set_for_report(self, photo_ids: int | Iterable[int], starred: bool) -> None:
        """Star (or unstar) one photo or many, in one transaction."""
        ids = [photo_ids] if isinstance(photo_ids, int) else list(photo_ids)
        with self.transaction():
            self.conn.executemany("UPDATE photos SET for_report=? WHERE id=?",
                                  [(int(starred), photo_id) for photo_id in ids])

    # -- settings ------------------------------------------------------------------------
    def setting(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    # -- the patient profile (rows of the settings table, declared in journal/settings.py) --
    def profile(self) -> Profile:
        return Profile(**{name: settings.get(self, setting)
                          for name, setting in settings.PROFILE.items()})

    def set_profile(self, **changes: bool) -> Profile:
        """Change some profile answers (one transaction); return the whole profile."""
        unknown = set(changes) - set(settings.PROFILE)
        if unknown:
            raise JournalError(f"unknown profile item(s): {', '.join(sorted(unknown))}")
        with self.transaction():
            for name, value in changes.items():
                setting = settings.PROFILE[name]
                self.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                    (setting.key, setting.format(bool(value))),
                )
        return self.profile()

    # -- journal safety (backup and restore, journal/store/backup.py) ----------------------
    def reconnect(self) -> None:
        """Open journal.db afresh, e.g. after a restore put another file in its place."""
        from journal.store.lock import acquire_shared, release_shared
        from journal.store.restore import finish_unfinished_restore

        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        if not self._locked:
            finish_unfinished_restore(self.data_dir)
            acquire_shared(self.data_dir)
            self._locked = True
        try:
            refuse_new_journal_beside_data(self.data_dir)
            self.conn = dbmod.connect(self.db_path)
        except BaseException:
            self._locked = False
            release_shared(self.data_dir)
            raise
        self._identity = _file_identity(self.db_path)
        self._sessions_cache = None
        self._sessions_stamp = None

    # -- internals -----------------------------------------------------------------------
    def change_stamp(self) -> int:
        """Differs after any write, ours or another connection's (cheap: no table is read).

        For caches above the store: keep a result with the stamp it was read at.
        """
        # total_changes covers our own writes, data_version those of other connections.
        return hash((self.conn.total_changes, self.data_version()))

    _change_stamp = change_stamp


def _is_storage_error(exc: BaseException) -> bool:
    """SQLite failing to store (not a bug in our SQL): worth a message, not a traceback."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in text for word in ("full", "disk i/o", "locked", "readonly", "read-only"))


def _date_range(start: dt.date | None, end: dt.date | None,
                area: str | None = None) -> tuple[str, list[str]]:
    """The WHERE clause (or "") and its parameters for rows in the dates (and area)."""
    clauses, params = [], []
    if start is not None:
        clauses.append("date >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append("date <= ?")
        params.append(end.isoformat())
    if area:
        clauses.append("area = ?")
        params.append(area)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _to_sql(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _entry_from_row(row, product_ids) -> DayEntry:
    values = dict(zip(_ENTRY_COLUMNS, row))
    values["date"] = dt.date.fromisoformat(values["date"])
    for name in (*FLAGS, *CONTEXT):
        values[name] = bool(values[name])
    return DayEntry(**values, product_ids=tuple(product_ids))


def _photo_from_row(row) -> Photo:
    values = dict(zip(_PHOTO_COLUMNS, row))
    values["date"] = dt.date.fromisoformat(values["date"])
    values["for_report"] = bool(values["for_report"])
    return Photo(**values)


def _session_values(session: Session) -> tuple:
    areas = ",".join(a.strip() for a in session.areas if a.strip())
    return (parse_date(session.date).isoformat(), areas, session.depth_mm,
            session.clinic.strip(), session.notes.strip())


def _session_from_row(row) -> Session:
    return Session(
        id=row[0], date=dt.date.fromisoformat(row[1]),
        areas=tuple(a for a in row[2].split(",") if a), depth_mm=row[3],
        clinic=row[4], notes=row[5],
    )


def _file_identity(path: Path) -> tuple[int, int] | None:
    """Which file `path` is (device, inode): a restore puts another file under the name."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def refuse_new_journal_beside_data(data_dir: Path) -> None:
    """JournalError if journal.db is missing (or empty) but the folder holds a journal's data.

    Starting an empty journal there would hide the user's data behind it (and a
    repair would then move their photos away): say what is there and what to do.
    """
    db_path = Path(data_dir) / DB_NAME
    try:
        if db_path.stat().st_size > 0:
            return
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise JournalError(f"cannot read the journal {db_path}: {exc.strerror or exc}") from None
    found = []
    for folder, what in (("photos", "photos"), ("backups", "backups"),
                         ("lost-and-found", "lost-and-found files")):
        try:
            if any((Path(data_dir) / folder).iterdir()):
                found.append(what)
        except OSError:
            continue
    undo = sorted(Path(data_dir).glob("restore-undo-*"))
    if undo:
        found.append(f"a journal a restore kept aside ({undo[-1].name})")
    if found:
        raise JournalError(
            f"there is no {DB_NAME} in {data_dir}, but the folder holds {', '.join(found)}; an "
            "empty journal was not started over them. Restore a backup (`restore FILE`), move "
            "the journal back from a restore-undo folder, or choose another folder")
