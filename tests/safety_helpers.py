"""Helpers shared by the journal-safety tests (backup, check, crash safety, privacy, bad input)."""
from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

from journal.models import DayEntry

TABLES = ("sessions", "products", "entries", "product_uses", "photos", "settings")


def write_jpeg(path: Path, colour=(200, 60, 60), size=(320, 240)) -> Path:
    """A real JPEG with EXIF (camera make, capture time and GPS), as a phone writes it."""
    import piexif
    from PIL import Image

    exif = piexif.dump({
        "0th": {piexif.ImageIFD.Make: b"PhoneMaker"},
        "Exif": {piexif.ExifIFD.DateTimeOriginal: b"2026:03:14 08:30:12"},
        "GPS": {piexif.GPSIFD.GPSLatitudeRef: b"N",
                piexif.GPSIFD.GPSLatitude: ((52, 1), (31, 1), (1234, 100))},
    })
    img = Image.new("RGB", size, (128, 128, 128))
    img.paste(colour, (0, 0, size[0] // 3, size[1] // 3))
    img.save(path, "JPEG", quality=90, exif=exif)
    return path


def add_photos(journal, folder: Path, count: int = 2, date=dt.date(2026, 3, 2)) -> list:
    """Import `count` distinct real photos through the photos module; return the rows."""
    from journal.store.photos import import_photo

    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in range(count):
        path = write_jpeg(folder / f"IMG_{n:04d}.jpg", colour=(200, 20 * n, 60))
        rows.append(import_photo(journal, path, date, "left cheek" if n % 2 else "full face"))
    return rows


def fill(journal, days: int = 5, start=dt.date(2026, 3, 1)) -> None:
    for n in range(days):
        journal.save_entry(DayEntry(date=start + dt.timedelta(days=n), redness=n % 11,
                                    breakouts=n, note=f"day {n}"))


def table_rows(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every journal table, sorted: 'same rows' compares these."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        result = {}
        for table in TABLES:
            try:
                result[table] = sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            except sqlite3.OperationalError:
                result[table] = None
        return result
    finally:
        conn.close()


def folder_hashes(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fingerprint(data_dir: Path) -> dict:
    """Hashes of the database file(s) and of every file in photos/: 'byte for byte unchanged'."""
    result = {"photos": folder_hashes(data_dir / "photos")}
    for name in ("journal.db", "journal.db-wal"):
        path = data_dir / name
        result[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    return result


def integrity(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def corrupt_database(db_path: Path) -> None:
    """Overwrite the middle of the database with garbage, as a failing disk might."""
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) >= 4 * page, "need a database of a few pages"
    for offset in range(page * 2, len(data) - page, page):
        data[offset + 8: offset + 200] = b"\xde\xad\xbe\xef" * 48
    db_path.write_bytes(bytes(data))


def open_window(qtbot, journal):
    """The main window on `journal`, as the app builds it; call `dispose(window)` when done."""
    from journal.ui.app import window_settings
    from journal.ui.hub import Hub
    from journal.ui.main_window import MainWindow

    window = MainWindow(Hub(journal, window_settings(journal.data_dir)))
    qtbot.addWidget(window)
    return window


def dispose(window) -> None:
    """Delete the window now, so no timer of its pages fires after the journal is closed."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    import gc

    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    # Garbage collection is off during the tests (tests/conftest.py): a cycle (a task that
    # kept the window as an attribute) would keep the deleted window's Python wrapper alive,
    # and pytest-qt, closing the widgets qtbot.addWidget registered, would then call close()
    # on a deleted C++ object (an error at teardown, seen when the file ran alone).
    gc.collect()


def wait_until_waiting_for_the_lock(process, db_path: Path, timeout: float = 30.0) -> None:
    """Return once `process` has `db_path` open and sleeps in SQLite's busy handler.

    Linux: reads /proc/<pid>/fd and /proc/<pid>/wchan. A condition, not a guess of how
    long start-up takes on a busy machine.
    """
    import os
    import time

    deadline = time.monotonic() + timeout
    proc = Path(f"/proc/{process.pid}")
    target = str(Path(db_path).resolve())
    while time.monotonic() < deadline:
        assert process.poll() is None, "the process ended instead of waiting for the lock"
        try:
            opened = any(os.readlink(fd) == target for fd in (proc / "fd").iterdir())
            asleep = "nanosleep" in (proc / "wchan").read_text()
        except OSError:  # a descriptor closed while we looked: look again
            opened = asleep = False
        if opened and asleep:
            return
        time.sleep(0.01)
    raise AssertionError(f"process {process.pid} never waited for the journal's lock")


def finish(qtbot, action, *args, timeout=30000):
    """Run a File/Help safety action (backup, restore, check: background tasks) to its end."""
    results = []
    action(*args, on_done=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=timeout)
    return results[0]
