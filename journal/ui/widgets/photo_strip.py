"""The strip of the day's photos on the Today page, with "Add photos…" and drag-and-drop."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel, QListView, QPushButton,
    QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal import settings
from journal.models import AREAS
from journal.ui.hub import Hub
from journal.ui.widgets.images import THUMB_SIZE, ThumbnailLoader
from journal.ui.widgets.thumbnails import (
    IMAGE_FILTER, PHOTO_ROLE, PhotoListModel, PhotoTileDelegate, image_paths,
)


class DayPhotos(QWidget):
    """The photos of one day, as a strip of thumbnails, with "Add photos…" and drag-and-drop.

    Made for the Today page: ``DayPhotos(hub, page)`` follows ``page.date()`` and takes
    files dropped anywhere on the page.
    """

    imported = Signal(object)  # ImportResult of the last import started here

    def __init__(self, hub: Hub, page: QWidget, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.page = page
        self._date: dt.date | None = None
        self.loader = ThumbnailLoader(hub.journal, THUMB_SIZE, self)
        self.model = PhotoListModel(self.loader, self)

        title = QLabel(self.tr("Photos of the day"))
        title.setObjectName("tipsHeading")  # the same heading look as the tips above it
        title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.area = QComboBox()
        self.area.addItems([self.tr(fmt.area(a)) for a in AREAS])  # "Full face", as in Photos
        last_area = str(hub.settings.value(settings.PHOTOS_LAST_AREA.key, AREAS[0]))
        self.area.setCurrentIndex(AREAS.index(last_area) if last_area in AREAS else 0)
        self.area.currentIndexChanged.connect(
            lambda i: hub.settings.setValue(settings.PHOTOS_LAST_AREA.key, AREAS[i]))
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
        self.model.set_photos(photos, [fmt.area(p.area) + (" ★" if p.for_report else "")
                                       for p in photos])
        # An empty strip would only be a big blank box: the hint says what to do instead,
        # and the tips above get the room.
        self.view.setVisible(bool(photos))
        self.hint.setText(
            self.tr("No photos yet. Drop photos on this page or use “Add photos…”.")
            if not photos else self.tr("%s. Click one to open it.") % fmt.plural(len(photos), "photo")
            + (self.tr(" ★ = in the report for your dermatologist.")
               if any(p.for_report for p in photos) else ""))

    # -- importing ------------------------------------------------------------------------
    def choose_files(self) -> None:
        folder = self.hub.settings.value(settings.PHOTOS_LAST_FOLDER.key, "")
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos for %s") % fmt.weekday_date(self._date),
            str(folder), self.tr(IMAGE_FILTER) + ";;" + self.tr("All files (*)"))
        if files:
            self.hub.settings.setValue(settings.PHOTOS_LAST_FOLDER.key, str(Path(files[0]).parent))
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
            self.hub.open_photo.emit(photo.id)  # the main window opens the viewer
