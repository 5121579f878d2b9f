"""Pictures decoded off the GUI thread: thumbnails for lists, full-size photos for viewers.

Both run on the one background runner (``journal.ui.tasks``): thumbnails on the
"thumbnails" pool (two threads, the newest request first, since that is what the
user looks at now), full-size photos on the "images" pool. Workers make only
QImages; the GUI thread turns them into QPixmaps. Results come back by queued
signals: there is no timer polling for them.
"""
from __future__ import annotations

import itertools
from collections import OrderedDict, deque
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QPixmapCache

from journal.store.journal import Journal
from journal.ui.tasks import Task, run_task

THUMB_SIZE = 256
_priorities = itertools.count(1)  # later requests run first (QThreadPool: higher first)


def read_image(path: Path) -> QImage:
    """Decode a stored photo with Pillow (about 3x faster than Qt's JPEG reader here).

    Safe on a worker thread: it makes a QImage, never a QPixmap. Null if unreadable.
    """
    from PIL import Image

    try:
        with Image.open(path) as img:
            img.load()
            if img.mode not in ("RGB", "RGBA", "L"):
                img = img.convert("RGBA" if "A" in img.getbands() else "RGB")
            formats = {"RGB": (QImage.Format_RGB888, 3), "RGBA": (QImage.Format_RGBA8888, 4),
                       "L": (QImage.Format_Grayscale8, 1)}
            qformat, depth = formats[img.mode]
            data = img.tobytes()
            return QImage(data, img.width, img.height, img.width * depth, qformat).copy()
    except (OSError, ValueError, MemoryError):
        return QImage()


def _thumbnail_work(source: Path, thumbs_dir: Path, size: int):
    def work(task) -> QImage:
        from journal.models import JournalError
        from journal.store.photos import build_thumbnail

        try:
            return QImage(str(build_thumbnail(source, thumbs_dir, size)))
        except (JournalError, OSError):
            return QImage()  # "file missing": painted as such
    return work


class ThumbnailLoader(QObject):
    """Hands out thumbnails as QPixmaps: from memory at once, else None and a callback later.

    Views register ``on_ready(callback)``; a callback gets the set of file names that
    became available, once per turn of the event loop (one repaint for a burst).
    ``idle`` is emitted when nothing is pending any more (tests wait for it).
    """

    idle = Signal()
    MAX_WAITING = 96  # older requests (scrolled past) are dropped; asked again when seen

    def __init__(self, journal: Journal, size: int = THUMB_SIZE, parent: QObject | None = None):
        super().__init__(parent)
        # only the folders: the workers never touch the GUI thread's journal
        self.photos_dir, self.thumbs_dir, self.size = journal.photos_dir, journal.thumbs_dir, size
        self._pending: dict[str, Task | None] = {}
        self._waiting: deque[str] = deque()
        self._failed: set[str] = set()
        self._ready: set[str] = set()
        self._callbacks: list[Callable[[set[str]], None]] = []
        self._flush_scheduled = False
        if QPixmapCache.cacheLimit() < 64 * 1024:
            QPixmapCache.setCacheLimit(64 * 1024)  # KB: room for ~1,000 thumbnails

    def on_ready(self, callback: Callable[[set[str]], None]) -> None:
        self._callbacks.append(callback)

    def _key(self, file_name: str) -> str:
        return f"thumb:{self.size}:{self.thumbs_dir}/{file_name}"

    def pixmap(self, file_name: str) -> QPixmap | None:
        """The thumbnail if it is in memory; otherwise start loading it and return None."""
        found = QPixmapCache.find(self._key(file_name))
        if found is not None and not found.isNull():
            return found
        if file_name not in self._pending and file_name not in self._failed:
            # Handed to the runner after this paint: the thumbnails of one paint go together.
            self._pending[file_name] = None
            self._schedule_flush()
        return None

    def failed(self, file_name: str) -> bool:
        return file_name in self._failed

    def forget_failures(self) -> None:
        self._failed.clear()

    def is_idle(self) -> bool:
        return not self._pending

    def _schedule_flush(self) -> None:
        if not self._flush_scheduled:
            self._flush_scheduled = True
            QTimer.singleShot(0, self, self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        for file_name, task in list(self._pending.items()):
            if task is None:
                self._submit(file_name)
        if self._ready:
            ready, self._ready = self._ready, set()
            for callback in list(self._callbacks):
                callback(ready)
        if not self._pending:
            self.idle.emit()

    def _submit(self, file_name: str) -> None:
        task = run_task(_thumbnail_work(self.photos_dir / file_name, self.thumbs_dir, self.size),
                        pool_name="thumbnails", priority=next(_priorities), parent=self,
                        name="thumbnail")
        task.succeeded.connect(lambda image, f=file_name: self._loaded(f, image))
        task.cancelled.connect(lambda f=file_name: self._dropped(f))
        task.finished.connect(task.deleteLater)
        self._pending[file_name] = task
        self._waiting.append(file_name)
        while len(self._waiting) > self.MAX_WAITING:
            old = self._pending.get(self._waiting.popleft())
            if old is not None:
                old.cancel()  # not started yet: never runs ("not loaded", asked again)

    def _loaded(self, file_name: str, image: QImage) -> None:
        self._forget(file_name)
        if image.isNull():
            self._failed.add(file_name)
        else:
            QPixmapCache.insert(self._key(file_name), QPixmap.fromImage(image))
        self._ready.add(file_name)
        self._schedule_flush()

    def _dropped(self, file_name: str) -> None:
        self._forget(file_name)
        self._schedule_flush()

    def _forget(self, file_name: str) -> None:
        self._pending.pop(file_name, None)
        try:
            self._waiting.remove(file_name)
        except ValueError:
            pass


class FullImages(QObject):
    """Full-size photos decoded off the GUI thread; the last few stay in memory.

    ``image(name)`` answers at once from memory (or None after asking the runner);
    ``loaded(name)`` tells which file just arrived.
    """

    loaded = Signal(str)
    KEEP = 3  # current, previous and the next one fetched ahead (~36 MB each at 12 MP)
    MAX_WAITING = 3

    def __init__(self, photos_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.photos_dir = photos_dir
        self._cache: OrderedDict[str, QImage] = OrderedDict()
        self._asked: OrderedDict[str, Task] = OrderedDict()

    def image(self, file_name: str) -> QImage | None:
        if file_name in self._cache:
            self._cache.move_to_end(file_name)
            return self._cache[file_name]
        self.request(file_name)
        return None

    def cached(self, file_name: str) -> QImage | None:
        return self._cache.get(file_name)

    def request(self, file_name: str) -> None:
        if file_name in self._cache or file_name in self._asked:
            return
        path = self.photos_dir / file_name
        task = run_task(lambda task: read_image(path), pool_name="images",
                        priority=next(_priorities), parent=self, name="full image")
        task.succeeded.connect(lambda image, f=file_name: self._loaded(f, image))
        task.cancelled.connect(lambda f=file_name: self._asked.pop(f, None))
        task.finished.connect(task.deleteLater)
        self._asked[file_name] = task
        while len(self._asked) > self.MAX_WAITING:  # stepping fast: only the last few matter
            _name, old = self._asked.popitem(last=False)
            old.cancel()

    def _loaded(self, file_name: str, image: QImage) -> None:
        self._asked.pop(file_name, None)
        self._cache[file_name] = image
        self._cache.move_to_end(file_name)
        while len(self._cache) > self.KEEP:
            self._cache.popitem(last=False)
        self.loaded.emit(file_name)
