"""Photo thumbnails for lists: an off-thread loader with a memory cache, a list model,
and the strip of the day's photos shown on the Today page.

Thumbnails come from the disk cache of ``journal.store.photos`` (built there when
missing). Decoding happens on a small QThreadPool; the GUI thread only turns the
finished QImage into a QPixmap and keeps it in QPixmapCache, so a view asks for
exactly the thumbnails it shows and scrolling never waits for a disk read.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel, QEvent, QModelIndex, QObject, QRunnable, QSize, Qt, QThreadPool, Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QPixmapCache
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel, QListView, QPushButton,
    QVBoxLayout, QWidget,
)

from journal.models import AREAS, Photo

PHOTO_ROLE = Qt.UserRole + 1
IMAGE_FILTER = "Photos (*.jpg *.jpeg *.png *.webp *.heic *.heif *.JPG *.JPEG *.PNG *.WEBP *.HEIC *.HEIF)"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"}
THUMB_SIZE = 256


class _LoadSignals(QObject):
    loaded = Signal(str, QImage)  # file name, image (null if it failed)


class _LoadThumbnail(QRunnable):
    def __init__(self, signals: _LoadSignals, photos_dir: Path, thumbs_dir: Path,
                 file_name: str, size: int):
        super().__init__()
        self.signals, self.file_name, self.size = signals, file_name, size
        self.photos_dir, self.thumbs_dir = photos_dir, thumbs_dir

    def run(self) -> None:
        from journal.models import JournalError
        from journal.store.photos import build_thumbnail

        try:
            path = build_thumbnail(self.photos_dir / self.file_name, self.thumbs_dir, self.size)
            image = QImage(str(path))
        except (JournalError, OSError):
            image = QImage()
        self.signals.loaded.emit(self.file_name, image)


class ThumbnailLoader(QObject):
    """Hands out thumbnails as QPixmaps: from memory at once, else None and `ready` later."""

    ready = Signal(str)  # file name whose thumbnail is now in memory
    _pool: QThreadPool | None = None

    def __init__(self, journal, size: int = THUMB_SIZE, parent=None):
        super().__init__(parent)
        self.journal = journal
        self.size = size
        self._pending: set[str] = set()
        self._failed: set[str] = set()
        self._order = 0
        self._signals = _LoadSignals(self)
        self._signals.loaded.connect(self._loaded)
        if QPixmapCache.cacheLimit() < 64 * 1024:
            QPixmapCache.setCacheLimit(64 * 1024)  # KB: room for ~1,000 thumbnails

    @classmethod
    def pool(cls) -> QThreadPool:
        if cls._pool is None:
            cls._pool = QThreadPool()
            cls._pool.setMaxThreadCount(2)
        return cls._pool

    def _key(self, file_name: str) -> str:
        return f"thumb:{self.size}:{file_name}"

    def pixmap(self, file_name: str) -> QPixmap | None:
        """The thumbnail if it is in memory; otherwise start loading it and return None."""
        found = QPixmapCache.find(self._key(file_name))
        if found is not None and not found.isNull():
            return found
        if file_name not in self._pending and file_name not in self._failed:
            self._pending.add(file_name)
            self._order += 1  # the latest request (what is on screen now) goes first
            job = _LoadThumbnail(self._signals, self.journal.photos_dir, self.journal.thumbs_dir,
                                 file_name, self.size)
            self.pool().start(job, min(self._order, 2**30))
        return None

    def failed(self, file_name: str) -> bool:
        return file_name in self._failed

    def forget_failures(self) -> None:
        self._failed.clear()

    def _loaded(self, file_name: str, image: QImage) -> None:
        self._pending.discard(file_name)
        if image.isNull():
            self._failed.add(file_name)
        else:
            QPixmapCache.insert(self._key(file_name), QPixmap.fromImage(image))
        self.ready.emit(file_name)


def placeholder(size: int, text: str = "") -> QPixmap:
    """A quiet grey tile shown while a thumbnail loads (or when its file is missing)."""
    key = f"placeholder:{size}:{text}"
    found = QPixmapCache.find(key)
    if found is not None and not found.isNull():
        return found
    pixmap = QPixmap(size, size * 3 // 4)
    pixmap.fill(QColor("#e6eaee"))
    if text:
        painter = QPainter(pixmap)
        painter.setPen(QColor("#7b8a93"))
        painter.drawText(pixmap.rect(), Qt.AlignCenter, text)
        painter.end()
    QPixmapCache.insert(key, pixmap)
    return pixmap


class PhotoListModel(QAbstractListModel):
    """Photos with a caption each; the decoration is the thumbnail, loaded lazily."""

    def __init__(self, loader: ThumbnailLoader, parent=None):
        super().__init__(parent)
        self.loader = loader
        self.photos: list[Photo] = []
        self.captions: list[str] = []
        self._rows_by_file: dict[str, list[int]] = {}
        loader.ready.connect(self._thumbnail_ready)

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
            pixmap = self.loader.pixmap(photo.file_name)
            if pixmap is None:
                return placeholder(self.loader.size // 2,
                                   "missing" if self.loader.failed(photo.file_name) else "")
            return pixmap
        if role == Qt.ToolTipRole:
            return f"{photo.date:%a %d %b %Y} · {photo.area}" + (
                f"\ntaken {photo.taken_at.replace('T', ' ')}" if photo.taken_at else "")
        if role == PHOTO_ROLE:
            return photo
        return None

    def row_of(self, photo_id: int) -> int:
        for row, photo in enumerate(self.photos):
            if photo.id == photo_id:
                return row
        return -1

    def _thumbnail_ready(self, file_name: str) -> None:
        for row in self._rows_by_file.get(file_name, ()):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.DecorationRole])


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
        title.setObjectName("sectionTitle")
        self.area = QComboBox()
        self.area.addItems([self.tr(a) for a in AREAS])
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
        self.view.setIconSize(QSize(112, 112))
        self.view.setGridSize(QSize(128, 142))
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
        self.hint.setText(
            self.tr("No photos yet. Drop photos on this page or use “Add photos…”.")
            if not photos else self.tr("%d photo(s). Click one to open it.") % len(photos))

    # -- importing ------------------------------------------------------------------------
    def choose_files(self) -> None:
        folder = self.hub.settings.value("photos/last_folder", "")
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos for %s") % self._date.strftime("%a %d %b %Y"),
            str(folder), self.tr(IMAGE_FILTER) + ";;" + self.tr("All files (*)"))
        if files:
            self.hub.settings.setValue("photos/last_folder", str(Path(files[0]).parent))
            self.import_files([Path(f) for f in files])

    def import_files(self, paths: list[Path]):
        """Import `paths` for the page's day off the GUI thread; returns the PhotoImport."""
        from journal.ui.photo_import import PhotoImport

        job = PhotoImport(self.hub, paths, self._date, AREAS[self.area.currentIndex()],
                          parent_widget=self)
        job.finished.connect(self.imported.emit)
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
