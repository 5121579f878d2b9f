"""The photo viewer: one photo large, zoom and pan, step through the days of an area.

Keys: wheel or +/- zoom, 0 fits the photo, drag pans, Left/Right go to the
previous/next day with a photo of the same area, S stars the photo for the
report, Delete removes it (after asking), C compares it with another.
"""
from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal.models import JournalError, Photo
from journal.store.journal import Journal
from journal.ui.compare import open_compare
from journal.ui.errors import shows_errors
from journal.ui.hub import Hub
from journal.ui.widgets.images import FullImages, ThumbnailLoader
from journal.ui.widgets.photo_view import ZoomView, photo_caption

STAND_IN_SIZE = 512  # the thumbnail shown enlarged until the full photo is decoded
BUTTONS_BESIDE_WIDTH = 1100  # px: below it the buttons go under the caption


def neighbour(journal: Journal, photo: Photo, step: int) -> Photo | None:
    """The photo of the same area on the previous (-1) or next (+1) day that has one."""
    return journal.photo_beside(photo, step)


def _blank(photo: Photo) -> QPixmap:
    """A small empty picture of the photo's shape: zoom and fit work before it arrives."""
    width = 64
    pixmap = QPixmap(width, max(1, round(width * photo.height / max(1, photo.width))))
    pixmap.fill(QColor("#1e2327"))
    return pixmap


class PhotoViewer(QDialog):
    """A window with one photo; reused for whatever photo the user opens next."""

    photo_shown = Signal(int)

    def __init__(self, hub: Hub, photo_id: int, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.journal = hub.journal
        self.photo: Photo | None = None
        self._direction = 1
        self._neighbours: dict[int, Photo | None] = {}
        self.full_images = FullImages(self.journal.photos_dir, self)
        self.full_images.loaded.connect(self._full_image_loaded)
        self.stand_ins = ThumbnailLoader(self.journal, STAND_IN_SIZE, self)
        self.stand_ins.on_ready(self._stand_in_loaded)
        self.setWindowTitle(self.tr("Photo"))
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.resize(1000, 760)

        self.prev_button = QToolButton(text="◀")
        self.prev_button.setToolTip(self.tr("Previous day with a photo of this area (Left)"))
        self.prev_button.setAccessibleName(self.tr("Previous photo of this area"))
        self.next_button = QToolButton(text="▶")
        self.next_button.setToolTip(self.tr("Next day with a photo of this area (Right)"))
        self.next_button.setAccessibleName(self.tr("Next photo of this area"))
        self.caption = QLabel()
        self.caption.setObjectName("dayLabel")
        self.caption.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("hint")
        self.message = QLabel()  # a failed star or delete is said here, beside the buttons
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()
        self.star_button = QPushButton()
        self.star_button.setCheckable(True)
        from journal.ui import theme

        self.star_button.setStyleSheet(theme.style_sheet(
            "QPushButton:checked { background: @caution_soft; border-color: @caution; "
            "color: @caution; }"))
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
        # The buttons: beside the caption in a wide window, on their own row under it when
        # narrow, so the caption is not squeezed into three lines.
        self.actions = QWidget()
        actions = QHBoxLayout(self.actions)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addStretch(1)
        for button in (self.fit_button, self.star_button, self.compare_button, self.delete_button):
            actions.addWidget(button)
        self._top = top
        top.addWidget(self.actions)
        self.view = ZoomView()
        self._layout = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)

        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.star_button.toggled.connect(self._star)
        self.delete_button.clicked.connect(self.delete)
        self.compare_button.clicked.connect(self.compare)
        self.fit_button.clicked.connect(self.view.fit)
        hub.photos_changed.connect(self._photos_changed)
        self.show_photo(photo_id)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        beside = self.width() >= BUTTONS_BESIDE_WIDTH
        if beside != (self._top.indexOf(self.actions) >= 0):
            (self._top.addWidget if beside else
             lambda widget: self._layout.insertWidget(1, widget))(self.actions)

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
            pixmap = self.stand_ins.pixmap(photo.file_name) or _blank(photo)
        self.view.set_pixmap(pixmap, photo.width)
        caption = photo_caption(self.journal, photo)
        self.caption.setText(caption)
        self.message.hide()
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
        before, after = neighbour(self.journal, photo, -1), neighbour(self.journal, photo, 1)
        self._neighbours = {-1: before, 1: after}
        self.prev_button.setEnabled(before is not None)
        self.next_button.setEnabled(after is not None)
        self._prefetch()
        self.setWindowTitle(self.tr("Photo – %s") % caption)
        self.view.setFocus()
        self.photo_shown.emit(photo.id)

    def step(self, direction: int) -> None:
        if self.photo is None:
            return
        other = self._neighbours.get(direction)
        if other is not None:
            self._direction = direction
            self.show_photo(other.id)

    def _prefetch(self) -> None:
        """Decode the photo one step further in the direction the user is going."""
        ahead = self._neighbours.get(self._direction)
        if ahead is not None:
            self.full_images.request(ahead.file_name)

    def _stand_in_loaded(self, file_names: set[str]) -> None:
        photo = self.photo
        if photo is not None and photo.file_name in file_names \
                and self.full_images.cached(photo.file_name) is None:
            pixmap = self.stand_ins.pixmap(photo.file_name)
            if pixmap is not None:
                self.view.set_pixmap(pixmap, photo.width)

    def _full_image_loaded(self, file_name: str) -> None:
        if self.photo is not None and self.photo.file_name == file_name:
            image = self.full_images.image(file_name)
            if image is not None and not image.isNull():
                self.view.set_pixmap(QPixmap.fromImage(image), self.photo.width)

    def _star(self, checked: bool) -> None:
        if self.photo is None:
            return
        with shows_errors(self, self.message) as guard:
            self.journal.set_for_report(self.photo.id, checked)
        if guard.failed:
            blocked = self.star_button.blockSignals(True)
            self.star_button.setChecked(not checked)
            self.star_button.blockSignals(blocked)
            return
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
        after = self._neighbours.get(1) or self._neighbours.get(-1)
        with shows_errors(self, self.message) as guard:
            delete_photo(self.journal, photo.id)
        if guard.failed:
            return
        self.photo = None
        self.hub.photos_changed.emit(photo.date)
        if after is not None:
            self.show_photo(after.id)
        else:
            self.close()

    def compare(self) -> None:
        if self.photo is None:
            return
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


def open_viewer(hub: Hub, photo_id: int, parent: QWidget | None = None) -> PhotoViewer:
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
