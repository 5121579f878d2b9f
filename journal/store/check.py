"""The integrity check of a journal, and the safe repairs `check --repair` makes."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from journal.models import JournalError
from journal.paths import DB_NAME
from journal.store.backup import (
    LOST_AND_FOUND, PHOTOS, _SAFE_NAME, _free_name, _read_only, _sha256_file, _summary,
)
from journal.store.lock import _refuse_if_open, exclusive

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
    except (OSError, sqlite3.DatabaseError, UnicodeDecodeError) as exc:
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


def check_journal(data_dir: Path, repair: bool = False, progress=None) -> CheckReport:
    """Look for everything that can be wrong with a journal; with `repair`, fix what is safe.

    Safe means: rebuild missing thumbnails (a cache) and move files that no photo
    refers to into lost-and-found/. A photo is never deleted and the database is
    never written. A repair holds the journal alone (no other process has it open)
    and leaves alone files younger than an import running in this process.
    `progress(done, total, text)`, if given, is called as each photo is checked.
    """
    import stat

    from journal.store.restore import finish_unfinished_restore

    data_dir = Path(data_dir)
    try:
        if not stat.S_ISDIR(os.stat(data_dir).st_mode):
            raise FileNotFoundError
        os.listdir(data_dir)  # a folder we may not read says so here, in one line
    except FileNotFoundError:
        raise JournalError(f"there is no journal at {data_dir}") from None
    except OSError as exc:
        raise JournalError(f"cannot read the journal in {data_dir}: {exc.strerror or exc}") from None
    try:
        finish_unfinished_restore(data_dir)  # a killed restore first: its files are not strays
        if not repair:
            return _check(data_dir, False, progress)
        _refuse_if_open(data_dir, "repair it")
        with exclusive(data_dir, "repair it"):  # no other process may import meanwhile
            return _check(data_dir, True, progress)
    except OSError as exc:
        raise JournalError(f"cannot check the journal in {data_dir}: "
                           f"{exc.strerror or exc}") from None


def _check(data_dir: Path, repair: bool, progress=None) -> CheckReport:
    from journal.store.photos import oldest_running_import

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
    for done, (photo_id, date, area, file_name) in enumerate(rows, start=1):
        if progress is not None:
            progress(done, len(rows), file_name)
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
    # A file an import in this process is writing may not have its row yet: never touched.
    started = oldest_running_import()
    for name in sorted(set(files) - referenced):
        if started is not None and files[name].stat().st_mtime >= started - 2:
            continue
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


def _unreadable(db_path: Path, exc: Exception) -> str:
    """Why the database could not be read; an unwritable folder is not a damaged database."""
    import os

    if not os.access(db_path.parent, os.W_OK | os.X_OK):
        return (f"the database cannot be opened because the journal folder {db_path.parent} is "
                "not writable (SQLite keeps its -wal and -shm files beside the database); "
                "make the folder writable for you and check again")
    return f"the database cannot be read ({exc})"


def _check_db(db_path: Path, report: CheckReport) -> list[tuple] | None:
    from journal.store.db import SCHEMA_VERSION

    add = report.problems.append
    with open(db_path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            add(Problem("database", f"{DB_NAME} is not a SQLite database"))
            return None
    try:
        conn = sqlite3.connect(_read_only(db_path), uri=True, timeout=10)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
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
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        add(Problem("database", _unreadable(db_path, exc)))
        return None
    finally:
        conn.close()


def _check_thumbnails(data_dir: Path, rows, report: CheckReport, repair: bool) -> None:
    """Thumbnails not built (a cache the photos module owns and builds on demand).

    Not a problem, only a note; `--repair` builds them.
    """
    from journal.store.photos import build_thumbnail

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
    from journal.terminal import safe

    repair = bool(getattr(args, "repair", False))
    report = check_journal(Path(data_dir), repair=repair)
    for problem in report.problems:
        mark = "fixed" if problem.fixed else problem.severity
        print(f"{mark}: {safe(problem.message)}")
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
