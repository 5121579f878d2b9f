"""Photo thumbnails for lists: an off-thread loader with a memory cache, a list model,
and the strip of the day's photos shown on the Today page.

Thumbnails come from the disk cache of ``journal.store.photos`` (built there when
missing). Decoding happens on two worker threads; the GUI thread only turns the
finished QImage into a QPixmap and keeps it in QPixmapCache, so a view asks for
exactly the thumbnails it shows and scrolling never waits for a disk read.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import threading
import time

from PySide6.QtCore import (
    QAbstractListModel, QEvent, QModelIndex, QObject, QRect, QSize, Qt, QTimer, Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QPixmapCache
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel, QListView, QPushButton,
    QStyle, QStyledItemDelegate, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal.models import AREAS, Photo

PHOTO_ROLE = Qt.UserRole + 1
IMAGE_FILTER = "Photos (*.jpg *.jpeg *.png *.webp *.heic *.heif *.JPG *.JPEG *.PNG *.WEBP *.HEIC *.HEIF)"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"}
THUMB_SIZE = 256


class NewestFirstWorkers:
    """Daemon threads taking the newest waiting job first (what the user looks at now).

    A job is a tuple whose last item is a list; `work(job)` returns a result that is
    appended to that list, which the GUI thread polls (list.append is atomic under the
    GIL). So workers touch no Qt object but QImage, and a flood of results costs one
    model signal per poll. Subclasses may `trim` the waiting list after each submit.
    """

    def __init__(self, name: str, threads: int = 1):
        self._cond = threading.Condition()
        self._waiting: list[tuple] = []
        for n in range(threads):
            threading.Thread(target=self._run, name=f"{name}-{n}", daemon=True).start()

    def submit(self, job: tuple) -> None:
        with self._cond:
            self._waiting.append(job)
            self.trim(self._waiting, job)
            self._cond.notify()

    def trim(self, waiting: list[tuple], newest: tuple) -> None:
        """Drop waiting jobs that are no longer worth doing (called under the lock)."""

    def work(self, job: tuple):
        raise NotImplementedError

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._waiting:
                    self._cond.wait()
                job = self._waiting.pop()
            job[-1].append(self.work(job))


class _ThumbnailWorkers(NewestFirstWorkers):
    """Two threads building thumbnails; a job is (photos_dir, thumbs_dir, file_name, size, results)."""

    MAX_WAITING = 96  # older requests (scrolled past) are dropped; asked again when seen

    def __init__(self):
        super().__init__("thumbnails", threads=2)

    def trim(self, waiting, newest) -> None:
        if len(waiting) > self.MAX_WAITING:
            dropped = waiting.pop(0)
            dropped[-1].append((dropped[2], None))  # "not loaded": may be asked again

    def work(self, job):
        from journal.store.photos import build_thumbnail

        photos_dir, thumbs_dir, file_name, size, _results = job
        try:
            image = QImage(str(build_thumbnail(photos_dir / file_name, thumbs_dir, size)))
        except Exception:  # noqa: BLE001 - a worker must outlive one bad file
            image = QImage()
        return file_name, image


_workers: _ThumbnailWorkers | None = None


class ThumbnailLoader(QObject):
    """Hands out thumbnails as QPixmaps: from memory at once, else None and a callback later.

    Views register ``on_ready(callback)``; each callback gets the set of file names
    that became available, once per poll (every 30 ms while loads are pending).
    """

    def __init__(self, journal, size: int = THUMB_SIZE, parent=None):
        super().__init__(parent)
        self.journal = journal
        self.size = size
        self._pending: set[str] = set()
        self._failed: set[str] = set()
        self._results: list[tuple[str, QImage | None]] = []
        self._to_submit: list[str] = []
        self._callbacks: list = []
        self._timer = QTimer(self)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._collect)
        if QPixmapCache.cacheLimit() < 64 * 1024:
            QPixmapCache.setCacheLimit(64 * 1024)  # KB: room for ~1,000 thumbnails

    def on_ready(self, callback) -> None:
        self._callbacks.append(callback)

    def _key(self, file_name: str) -> str:
        return f"thumb:{self.size}:{file_name}"

    def pixmap(self, file_name: str) -> QPixmap | None:
        """The thumbnail if it is in memory; otherwise start loading it and return None."""
        found = QPixmapCache.find(self._key(file_name))
        if found is not None and not found.isNull():
            return found
        if file_name not in self._pending and file_name not in self._failed:
            # Handed to the workers on the next tick, after this paint: the window shows
            # first, and the thumbnails of one paint go out together.
            self._pending.add(file_name)
            self._to_submit.append(file_name)
            if not self._timer.isActive():
                self._timer.start()
        return None

    def failed(self, file_name: str) -> bool:
        return file_name in self._failed

    def forget_failures(self) -> None:
        self._failed.clear()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every requested thumbnail is loaded (for tests and scripts)."""
        deadline = time.monotonic() + timeout
        while self._pending and time.monotonic() < deadline:
            time.sleep(0.01)
            self._collect()
        return not self._pending

    def _collect(self) -> None:
        global _workers
        if self._to_submit:
            if _workers is None:
                _workers = _ThumbnailWorkers()
            for file_name in self._to_submit:
                _workers.submit((self.journal.photos_dir, self.journal.thumbs_dir, file_name,
                                 self.size, self._results))
            self._to_submit.clear()
        ready: set[str] = set()
        while self._results:
            file_name, image = self._results.pop(0)
            self._pending.discard(file_name)
            if image is None:
                continue  # dropped from the queue: asked again when shown
            if image.isNull():
                self._failed.add(file_name)
            else:
                QPixmapCache.insert(self._key(file_name), QPixmap.fromImage(image))
            ready.add(file_name)
        if not self._pending:
            self._timer.stop()
        if ready:
            for callback in list(self._callbacks):
                callback(ready)


class PhotoTileDelegate(QStyledItemDelegate):
    """Paints a photo as a tile: the thumbnail fitted in a square box, its caption below.

    ``box`` is the thumbnail's square, ``cell`` the whole tile.
    """

    def __init__(self, view, loader: ThumbnailLoader, box: int = 104, cell: QSize = QSize(120, 140)):
        super().__init__(view)
        self.loader, self.box, self.cell = loader, box, cell

    def sizeHint(self, option, index) -> QSize:
        return self.cell

    def paint(self, painter: QPainter, option, index) -> None:
        painter.save()
        selected = bool(option.state & QStyle.State_Selected)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setRenderHint(QPainter.SmoothPixmapTransform)
        tile = option.rect.adjusted(2, 2, -2, -2)
        painter.setPen(QPen(QColor("#0f766e"), 2) if selected else QPen(QColor("#dde3e8"), 1))
        painter.setBrush(QColor("#d9f0ed") if selected else QColor("white"))
        painter.drawRoundedRect(tile, 6, 6)
        box = QRect(tile.left() + (tile.width() - self.box) // 2, tile.top() + 6, self.box, self.box)
        pixmap = index.data(Qt.DecorationRole)
        photo = index.data(PHOTO_ROLE)
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.size().scaled(box.size(), Qt.KeepAspectRatio)
            painter.drawPixmap(QRect(box.left() + (box.width() - size.width()) // 2,
                                     box.top() + (box.height() - size.height()) // 2,
                                     size.width(), size.height()), pixmap)
        else:
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor("#e6eaee"))
            painter.drawRect(box.adjusted(box.width() // 16, box.height() // 8,
                                          -box.width() // 16, -box.height() // 8))
            if photo is not None and self.loader.failed(photo.file_name):
                painter.setPen(QColor("#7b8a93"))
                painter.drawText(box, Qt.AlignCenter, "file missing")
        painter.setPen(QColor("#22313a"))
        caption = QRect(tile.left() + 4, box.bottom() + 4, tile.width() - 8,
                        max(0, tile.bottom() - box.bottom() - 6))
        painter.drawText(caption, Qt.AlignHCenter | Qt.AlignTop,
                         option.fontMetrics.elidedText(index.data(Qt.DisplayRole) or "",
                                                       Qt.ElideRight, caption.width()))
        painter.restore()


class PhotoListModel(QAbstractListModel):
    """Photos with a caption each; the decoration is the thumbnail, loaded lazily."""

    def __init__(self, loader: ThumbnailLoader, parent=None):
        super().__init__(parent)
        self.loader = loader
        self.photos: list[Photo] = []
        self.captions: list[str] = []
        self._rows_by_file: dict[str, list[int]] = {}
        loader.on_ready(self._thumbnails_ready)

    def set_photos(self, photos: list[Photo], captions: list[str]) -> None:
        self.beginResetModel()
        self.photos, self.captions = list(photos), list(captions)
        self._rows_by_file = {}
        for row, photo in enumerate(self.photos):
            self._rows_by_file.setdefault(photo.file_name, []).append(row)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        photo = self.photos[index.row()]
        if role == Qt.DisplayRole:
            return self.captions[index.row()]
        if role == Qt.DecorationRole:
            return self.loader.pixmap(photo.file_name)  # None while loading
        if role == Qt.ToolTipRole:
            return f"{fmt.weekday_date(photo.date)} · {fmt.area(photo.area)}" + (
                f"\ntaken {fmt.date_time(photo.taken_at)}" if photo.taken_at else "")
        if role == PHOTO_ROLE:
            return photo
        return None

    def row_of(self, photo_id: int) -> int:
        for row, photo in enumerate(self.photos):
            if photo.id == photo_id:
                return row
        return -1

    def _thumbnails_ready(self, file_names: set[str]) -> None:
        repaint_thumbnails(self, self._rows_by_file, file_names)


def repaint_thumbnails(model, rows_by_file: dict[str, list[int]], file_names: set[str]) -> None:
    """Tell a list model's views that these files' thumbnails arrived: one signal per batch."""
    rows = [row for name in file_names for row in rows_by_file.get(name, ())]
    if rows:
        model.dataChanged.emit(model.index(min(rows)), model.index(max(rows)), [Qt.DecorationRole])


def image_paths(mime) -> list[Path]:
    """Local files in a drag-and-drop that look like photos."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in IMAGE_SUFFIXES]


class DayPhotos(QWidget):
    """The photos of one day, as a strip of thumbnails, with "Add photos…" and drag-and-drop.

    Made for the Today page: ``DayPhotos(hub, page)`` follows ``page.date()`` and takes
    files dropped anywhere on the page.
    """

    imported = Signal(object)  # ImportResult of the last import started here

    def __init__(self, hub, page, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.page = page
        self._date: dt.date | None = None
        self.loader = ThumbnailLoader(hub.journal, THUMB_SIZE, self)
        self.model = PhotoListModel(self.loader, self)

        title = QLabel(self.tr("Photos of the day"))
        title.setStyleSheet("font-size: 15px; font-weight: 600; color: #1f3b4d;")
        self.area = QComboBox()
        self.area.addItems([self.tr(a) for a in AREAS])
        last_area = str(hub.settings.value("photos/last_area", AREAS[0]))
        self.area.setCurrentIndex(AREAS.index(last_area) if last_area in AREAS else 0)
        self.area.currentIndexChanged.connect(
            lambda i: hub.settings.setValue("photos/last_area", AREAS[i]))
        self.area.setToolTip(self.tr("Area the new photos show"))
        self.add_button = QPushButton(self.tr("Add photos…"))
        self.add_button.setToolTip(self.tr("Add photos for this day (or drop files on the page)"))
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.area)
        head.addWidget(self.add_button)

        self.view = QListView()
        self.view.setObjectName("photoStrip")
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.IconMode)
        self.view.setFlow(QListView.LeftToRight)
        self.view.setWrapping(True)
        self.view.setResizeMode(QListView.Adjust)
        self.view.setMovement(QListView.Static)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(2)
        self.view.setItemDelegate(PhotoTileDelegate(self.view, self.loader))
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setMinimumHeight(160)
        self.view.setMaximumHeight(310)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.view)
        layout.addWidget(self.hint)

        self.add_button.clicked.connect(self.choose_files)
        self.view.activated.connect(self._open)
        self.view.clicked.connect(self._open)
        hub.photos_changed.connect(self._photos_changed)
        hub.sessions_changed.connect(self.reload)
        page.form_changed.connect(self._follow_page)
        self._watch_drops(page)
        self._follow_page()

    # -- following the page's day ----------------------------------------------------------
    def date(self) -> dt.date:
        return self.page.date()

    def _follow_page(self) -> None:
        if self.page.date() != self._date:
            self._date = self.page.date()
            self.reload()

    def _photos_changed(self, date) -> None:
        if date is None or date == self._date:
            self.reload()

    def reload(self) -> None:
        photos = self.hub.journal.photos(self._date, self._date)
        self.model.set_photos(photos, [p.area + (" ★" if p.for_report else "") for p in photos])
        # An empty strip would only be a big blank box: the hint says what to do instead,
        # and the tips above get the room.
        self.view.setVisible(bool(photos))
        self.hint.setText(
            self.tr("No photos yet. Drop photos on this page or use “Add photos…”.")
            if not photos else self.tr("%s. Click one to open it.") % fmt.plural(len(photos), "photo"))

    # -- importing ------------------------------------------------------------------------
    def choose_files(self) -> None:
        folder = self.hub.settings.value("photos/last_folder", "")
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos for %s") % fmt.weekday_date(self._date),
            str(folder), self.tr(IMAGE_FILTER) + ";;" + self.tr("All files (*)"))
        if files:
            self.hub.settings.setValue("photos/last_folder", str(Path(files[0]).parent))
            self.import_files([Path(f) for f in files])

    def import_files(self, paths: list[Path]):
        """Import `paths` for the page's day off the GUI thread; returns the PhotoImport."""
        from journal.ui.photo_import import PhotoImport

        job = PhotoImport(self.hub, paths, self._date, AREAS[self.area.currentIndex()],
                          parent_widget=self)
        job.finished.connect(self.imported)
        job.start()
        return job

    def _watch_drops(self, page) -> None:
        page.setAcceptDrops(True)
        page.installEventFilter(self)
        for child in page.findChildren(QWidget):
            if child.acceptDrops():  # text fields would swallow a dropped file as its path
                child.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind in (QEvent.DragEnter, QEvent.DragMove) and image_paths(event.mimeData()):
            event.setDropAction(Qt.CopyAction)
            event.accept()
            return True
        if kind == QEvent.Drop:
            paths = image_paths(event.mimeData())
            if paths:
                event.setDropAction(Qt.CopyAction)
                event.accept()
                self.import_files(paths)
                return True
        return super().eventFilter(obj, event)

    def _open(self, index) -> None:
        photo = index.data(PHOTO_ROLE)
        if photo is not None:
            from journal.ui.viewer import open_viewer

            open_viewer(self.hub, photo.id, self)
