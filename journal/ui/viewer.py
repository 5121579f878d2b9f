"""The photo viewer: one photo large, zoom and pan, step through the days of an area.

Keys: wheel or +/- zoom, 0 fits the photo, drag pans, Left/Right go to the
previous/next day with a photo of the same area, S stars the photo for the
report, Delete removes it (after asking), C compares it with another.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QHBoxLayout, QLabel,
    QMessageBox, QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal.models import JournalError, Photo
from journal.ui.widgets.photo_strip import NewestFirstWorkers

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.02, 16.0


def load_pixmap(journal, photo: Photo) -> QPixmap:
    """The stored photo at full size (a null pixmap if the file is gone)."""
    image = read_image(journal.photos_dir / photo.file_name)
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


def read_image(path: Path) -> QImage:
    """Decode a stored photo with Pillow (about 3x faster than Qt's JPEG reader here).

    Safe on a worker thread: it makes a QImage, never a QPixmap.
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


class _FullImageWorker(NewestFirstWorkers):
    """One thread decoding full-size photos; a job is (path, results)."""

    def __init__(self):
        super().__init__("full-images")

    def trim(self, waiting, newest) -> None:
        # the newest request for a path replaces older ones; at most four wait
        waiting[:] = [job for job in waiting[:-1] if job[0] != newest[0]][-3:] + [newest]

    def work(self, job):
        path = job[0]
        try:
            image = read_image(path)
        except Exception:  # noqa: BLE001 - the worker must outlive one bad file
            image = QImage()
        return path.name, image


_full_worker: _FullImageWorker | None = None


class FullImages(QObject):
    """Full-size photos decoded off the GUI thread; the last few stay in memory.

    ``image(name)`` answers at once from memory (or None after asking the worker);
    ``loaded`` tells which file just arrived.
    """

    loaded = Signal(str)
    KEEP = 3  # current, previous and the next one fetched ahead (~36 MB each at 12 MP)

    def __init__(self, photos_dir: Path, parent=None):
        super().__init__(parent)
        self.photos_dir = photos_dir
        self._cache: OrderedDict[str, QImage] = OrderedDict()
        self._asked: set[str] = set()
        self._results: list = []
        self._timer = QTimer(self)
        self._timer.setInterval(25)
        self._timer.timeout.connect(self._collect)

    def image(self, file_name: str) -> QImage | None:
        if file_name in self._cache:
            self._cache.move_to_end(file_name)
            return self._cache[file_name]
        self.request(file_name)
        return None

    def request(self, file_name: str) -> None:
        global _full_worker
        if file_name in self._cache or file_name in self._asked:
            return
        if _full_worker is None:
            _full_worker = _FullImageWorker()
        self._asked.add(file_name)
        _full_worker.submit((self.photos_dir / file_name, self._results))
        self._timer.start()

    def wait(self, file_name: str, timeout: float = 10.0) -> QImage | None:
        """Block until `file_name` is in memory (tests and scripts)."""
        deadline = time.monotonic() + timeout
        while file_name not in self._cache and time.monotonic() < deadline:
            if file_name not in self._asked:
                self.request(file_name)
            time.sleep(0.005)
            self._collect()
        return self._cache.get(file_name)

    def _collect(self) -> None:
        while self._results:
            name, image = self._results.pop(0)
            self._asked.discard(name)
            self._cache[name] = image
            self._cache.move_to_end(name)
            while len(self._cache) > self.KEEP:
                self._cache.popitem(last=False)
            self.loaded.emit(name)
        if not self._asked:
            self._timer.stop()


def photo_caption(journal, photo: Photo) -> str:
    """'Sat 14 Mar 2026 · Day 3 after the session of 11 Mar 2026 · left cheek'."""
    info = journal.day_info(photo.date)
    day = (fmt.day_after_session(info.day, None, info.session.date)
           if info.session else "before the first session")
    return f"{fmt.weekday_date(photo.date)} · {day} · {fmt.area(photo.area)}"


class ZoomView(QGraphicsView):
    """A QGraphicsView showing one picture: wheel/+/- zoom around the cursor, drag to pan."""

    view_changed = Signal()  # zoom or scroll position changed (for synchronised views)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.SmoothPixmapTransform | QPainter.Antialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        self.setBackgroundBrush(QColor("#1e2327"))
        self.setFrameShape(QGraphicsView.NoFrame)
        self.setFocusPolicy(Qt.StrongFocus)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.SmoothTransformation)
        self.scene().addItem(self.item)
        self._fitted = True
        self.horizontalScrollBar().valueChanged.connect(self.view_changed)
        self.verticalScrollBar().valueChanged.connect(self.view_changed)

    def set_pixmap(self, pixmap: QPixmap, scene_width: float | None = None) -> None:
        """Show `pixmap`; with `scene_width` it is scaled to that width in scene units,
        so two views of different-sized photos can share one transform (and a small
        stand-in can take the place of the full photo)."""
        self.item.setPixmap(pixmap)
        scale = scene_width / pixmap.width() if scene_width and pixmap.width() else 1.0
        self.item.setScale(scale)
        rect = self.item.sceneBoundingRect()
        self.scene().setSceneRect(rect if not rect.isEmpty() else QRectF(0, 0, 1, 1))
        if self._fitted:
            self.fit()

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        new = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom() * factor))
        if new != self.zoom():
            self._fitted = False
            self.scale(new / self.zoom(), new / self.zoom())
            self.view_changed.emit()

    def fit(self) -> None:
        self._fitted = True
        if not self.scene().sceneRect().isEmpty():
            self.fitInView(self.scene().sceneRect(), Qt.KeepAspectRatio)
        self.view_changed.emit()

    def actual_size(self) -> None:
        self._fitted = False
        self.resetTransform()
        self.view_changed.emit()

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP ** steps)
        event.accept()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key_Plus, Qt.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key in (Qt.Key_Minus, Qt.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key_0:
            self.fit()
        elif key in (Qt.Key_Left, Qt.Key_Right):
            event.ignore()  # arrows step through the photos, handled by the window
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def follow(self, other: "ZoomView") -> None:
        """Take the zoom and scroll position of `other` (no signal loops: equal values are no-ops)."""
        if self.transform() != other.transform():
            self._fitted = other._fitted
            self.setTransform(other.transform())
        self.horizontalScrollBar().setValue(other.horizontalScrollBar().value())
        self.verticalScrollBar().setValue(other.verticalScrollBar().value())


def neighbour(journal, photo: Photo, step: int) -> Photo | None:
    """The photo of the same area on the previous (-1) or next (+1) day that has one."""
    same_area = journal.photos(area=photo.area)
    if step < 0:
        earlier = [p for p in same_area if p.date < photo.date]
        if not earlier:
            return None
        day = earlier[-1].date
        return next(p for p in earlier if p.date == day)
    later = [p for p in same_area if p.date > photo.date]
    return later[0] if later else None


class PhotoViewer(QDialog):
    """A window with one photo; reused for whatever photo the user opens next."""

    photo_shown = Signal(int)

    def __init__(self, hub, photo_id: int, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.journal = hub.journal
        self.photo: Photo | None = None
        self._direction = 1
        self.full_images = FullImages(self.journal.photos_dir, self)
        self.full_images.loaded.connect(self._full_image_loaded)
        self.setWindowTitle(self.tr("Photo"))
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.resize(1000, 760)

        self.prev_button = QToolButton(text="◀")
        self.prev_button.setToolTip(self.tr("Previous day with a photo of this area (Left)"))
        self.next_button = QToolButton(text="▶")
        self.next_button.setToolTip(self.tr("Next day with a photo of this area (Right)"))
        self.caption = QLabel()
        self.caption.setObjectName("dayLabel")
        self.caption.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("hint")
        self.star_button = QPushButton()
        self.star_button.setCheckable(True)
        self.star_button.setStyleSheet(
            "QPushButton:checked { background: #fff4d6; border-color: #d9a400; color: #7a5a00; }")
        self.star_button.setToolTip(self.tr("Show this photo in the report for the dermatologist (S)"))
        self.compare_button = QPushButton(self.tr("Compare…"))
        self.compare_button.setToolTip(self.tr("Put this photo next to another (C)"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.fit_button = QPushButton(self.tr("Fit"))
        self.fit_button.setToolTip(self.tr("Fit the photo in the window (0); zoom with the wheel or +/-"))

        top = QHBoxLayout()
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.caption)
        titles.addWidget(self.detail)
        top.addLayout(titles, 1)
        for button in (self.fit_button, self.star_button, self.compare_button, self.delete_button):
            top.addWidget(button)
        self.view = ZoomView()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.star_button.toggled.connect(self._star)
        self.delete_button.clicked.connect(self.delete)
        self.compare_button.clicked.connect(self.compare)
        self.fit_button.clicked.connect(self.view.fit)
        hub.photos_changed.connect(self._photos_changed)
        self.show_photo(photo_id)

    def keyPressEvent(self, event) -> None:
        # Keys reach here from the view (which leaves the arrows to us) or any button.
        actions = {Qt.Key_Left: lambda: self.step(-1), Qt.Key_Right: lambda: self.step(1),
                   Qt.Key_S: self.star_button.toggle, Qt.Key_Delete: self.delete,
                   Qt.Key_C: self.compare}
        action = actions.get(event.key())
        if action is not None and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            action()
            event.accept()
        else:
            super().keyPressEvent(event)

    def show_photo(self, photo_id: int) -> None:
        try:
            photo = self.journal.photo(photo_id)
        except JournalError:
            self.close()
            return
        self.photo = photo
        self.view._fitted = True
        image = self.full_images.image(photo.file_name)
        if image is not None:
            pixmap = QPixmap.fromImage(image) if not image.isNull() else QPixmap()
        else:  # the thumbnail, enlarged, until the full photo is decoded
            pixmap = self._stand_in(photo)
        self.view.set_pixmap(pixmap, photo.width)
        self._prefetch(photo)
        self.caption.setText(photo_caption(self.journal, photo))
        details = []
        if photo.taken_at:
            details.append(self.tr("Taken %s") % fmt.date_time(photo.taken_at))
        if not (self.journal.photos_dir / photo.file_name).is_file():
            details.append(self.tr("the photo file is missing from the journal folder"))
        self.detail.setText(" · ".join(details))
        blocked = self.star_button.blockSignals(True)
        self.star_button.setChecked(photo.for_report)
        self.star_button.blockSignals(blocked)
        self._update_star_text()
        self.prev_button.setEnabled(neighbour(self.journal, photo, -1) is not None)
        self.next_button.setEnabled(neighbour(self.journal, photo, 1) is not None)
        self.setWindowTitle(self.tr("Photo – %s") % photo_caption(self.journal, photo))
        self.view.setFocus()
        self.photo_shown.emit(photo.id)

    def step(self, direction: int) -> None:
        if self.photo is None:
            return
        other = neighbour(self.journal, self.photo, direction)
        if other is not None:
            self._direction = direction
            self.show_photo(other.id)

    def _stand_in(self, photo: Photo) -> QPixmap:
        from journal.store.photos import thumbnail_path

        try:
            return QPixmap(str(thumbnail_path(self.journal, photo, 512)))
        except JournalError:
            return QPixmap()

    def _prefetch(self, photo: Photo) -> None:
        """Decode the photo one step further in the direction the user is going."""
        ahead = neighbour(self.journal, photo, self._direction)
        if ahead is not None:
            self.full_images.request(ahead.file_name)

    def _full_image_loaded(self, file_name: str) -> None:
        if self.photo is not None and self.photo.file_name == file_name:
            image = self.full_images.image(file_name)
            if image is not None and not image.isNull():
                self.view.set_pixmap(QPixmap.fromImage(image), self.photo.width)

    def _star(self, checked: bool) -> None:
        if self.photo is None:
            return
        self.journal.set_for_report(self.photo.id, checked)
        self.photo.for_report = checked
        self._update_star_text()
        self.hub.photos_changed.emit(self.photo.date)

    def _update_star_text(self) -> None:
        self.star_button.setText(self.tr("★ For report") if self.star_button.isChecked()
                                 else self.tr("☆ For report"))

    def delete(self) -> None:
        if self.photo is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete photo"),
            self.tr("Delete this photo of the %s from %s? This cannot be undone.")
            % (self.photo.area, fmt.weekday_date(self.photo.date)),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        from journal.store.photos import delete_photo

        photo = self.photo
        after = neighbour(self.journal, photo, 1) or neighbour(self.journal, photo, -1)
        delete_photo(self.journal, photo.id)
        self.photo = None
        self.hub.photos_changed.emit(photo.date)
        if after is not None:
            self.show_photo(after.id)
        else:
            self.close()

    def compare(self) -> None:
        if self.photo is None:
            return
        from journal.ui.compare import open_compare

        open_compare(self.hub, self.photo.id, None, self.parentWidget() or self)

    def _photos_changed(self, date) -> None:
        if self.photo is not None and (date is None or date == self.photo.date):
            try:
                fresh = self.journal.photo(self.photo.id)
            except JournalError:  # deleted elsewhere
                self.close()
                return
            if fresh.for_report != self.star_button.isChecked():  # starred elsewhere
                self.photo.for_report = fresh.for_report
                blocked = self.star_button.blockSignals(True)
                self.star_button.setChecked(fresh.for_report)
                self.star_button.blockSignals(blocked)
                self._update_star_text()


_open_viewer: PhotoViewer | None = None


def open_viewer(hub, photo_id: int, parent: QWidget | None = None) -> PhotoViewer:
    """Show `photo_id` in the viewer window, reusing it if it is already open."""
    global _open_viewer
    viewer = _open_viewer
    try:
        alive = viewer is not None and viewer.isVisible()
    except RuntimeError:  # its C++ side is gone
        alive = False
    if alive and viewer.hub is hub:
        viewer.show_photo(photo_id)
    else:
        viewer = PhotoViewer(hub, photo_id, parent.window() if parent is not None else None)
        _open_viewer = viewer
    viewer.show()
    viewer.raise_()
    viewer.activateWindow()
    return viewer
