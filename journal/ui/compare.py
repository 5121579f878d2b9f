"""Compare two photos: side by side with synchronised zoom and pan, or overlaid.

The right pane is "now" (the photo the user started from), the left pane the one
to compare with. Quick pickers fill the left pane with the same area on the same
Day N after the previous session, or with the day of this session (day 0).
Both photos are scaled to the same width in the scene, so one transform and one
scroll position show the same part of each even when their sizes differ.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QGraphicsPixmapItem, QHBoxLayout, QLabel, QPushButton,
    QSlider, QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal.models import JournalError, Photo, latest_session_index
from journal.photo_match import day_zero_match, previous_session_match  # noqa: F401 - importers
from journal.ui.hub import Hub
from journal.ui.widgets.images import FullImages
from journal.ui.widgets.photo_view import ZoomView, photo_caption

SCENE_WIDTH = 1000.0


# -- the window --------------------------------------------------------------------------------
class ComparePane(QWidget):
    """A photo chooser (same area), a caption and a zoomable view."""

    def __init__(self, compare: "CompareDialog", parent=None):
        super().__init__(parent)
        self.compare = compare
        self.photo: Photo | None = None
        self.chooser = QComboBox()
        self.chooser.setMaxVisibleItems(20)
        self.caption = QLabel()
        self.caption.setObjectName("compareCaption")
        self.caption.setWordWrap(True)
        self.view = ZoomView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chooser)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)
        self.chooser.activated.connect(self._chosen)

    def set_photo(self, photo: Photo | None) -> None:
        journal = self.compare.journal
        self.photo = photo
        blocked = self.chooser.blockSignals(True)
        self.chooser.clear()
        if photo is not None:
            sessions = journal.sessions()
            for other in reversed(journal.photos(area=photo.area)):
                info_index = latest_session_index(other.date, sessions)
                day = (fmt.day_after_session((other.date - sessions[info_index].date).days,
                                             info_index + 1, sessions[info_index].date)
                       if info_index is not None else "before the first session")
                self.chooser.addItem(f"{fmt.date(other.date)} · {day}" +
                                     (" ★" if other.for_report else ""), other.id)
            self.chooser.setCurrentIndex(self.chooser.findData(photo.id))
            self.caption.setText(photo_caption(journal, photo))
            image = self.compare.full_images.image(photo.file_name)  # None: decoding
            self.view.set_pixmap(QPixmap.fromImage(image) if image is not None else QPixmap(),
                                 SCENE_WIDTH)
        else:
            self.caption.setText(self.tr("No photo to compare with"))
            self.view.set_pixmap(QPixmap(), SCENE_WIDTH)
        self.chooser.blockSignals(blocked)

    def _chosen(self, index: int) -> None:
        photo_id = self.chooser.itemData(index)
        try:
            self.set_photo(self.compare.journal.photo(photo_id))
        except JournalError:
            return
        self.compare.photos_chosen()


class CompareDialog(QDialog):
    def __init__(self, hub: Hub, now_id: int, other_id: int | None = None, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.journal = hub.journal
        self.full_images = FullImages(self.journal.photos_dir, self)  # decoded off the GUI thread
        self.full_images.loaded.connect(self._image_loaded)
        self.setWindowTitle(self.tr("Compare photos"))
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.resize(1200, 760)

        self.side_button = QPushButton(self.tr("&Side by side"))
        self.overlay_button = QPushButton(self.tr("&Overlay"))
        self.mode_group = QButtonGroup(self)
        for index, button in enumerate((self.side_button, self.overlay_button)):
            button.setCheckable(True)
            from journal.ui import theme

            button.setStyleSheet(theme.style_sheet(
                "QPushButton:checked { background: @accent; color: @accent_text; "
                "border-color: @accent; }"))
            self.mode_group.addButton(button, index)
        self.side_button.setChecked(True)
        self.opacity_label = QLabel(self.tr("Right photo on top:"))
        self.opacity = QSlider(Qt.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(50)
        self.opacity.setFixedWidth(160)
        self.opacity.setToolTip(self.tr("0: only the left photo · 100: only the right photo"))
        self.previous_session_button = QPushButton(self.tr("&Previous session, same day"))
        self.previous_session_button.setToolTip(
            self.tr("Left: the same area on the same day after the session before"))
        self.day_zero_button = QPushButton(self.tr("&Before (day 0) vs now"))
        self.day_zero_button.setToolTip(self.tr("Left: the same area on the day of this session"))
        self.swap_button = QPushButton(self.tr("S&wap"))
        self.message = QLabel()
        self.message.setObjectName("errorLabel")
        self.message.hide()
        top = QHBoxLayout()
        for widget in (self.side_button, self.overlay_button, self.opacity_label, self.opacity):
            top.addWidget(widget)
        top.addStretch(1)
        for widget in (self.previous_session_button, self.day_zero_button, self.swap_button):
            top.addWidget(widget)

        self.left = ComparePane(self)
        self.right = ComparePane(self)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.left)
        splitter.addWidget(self.right)
        splitter.setChildrenCollapsible(False)
        self.overlay = ZoomView()
        self.overlay_top = QGraphicsPixmapItem()
        self.overlay_top.setTransformationMode(Qt.SmoothTransformation)
        self.overlay.scene().addItem(self.overlay_top)
        self.overlay_caption = QLabel()
        self.overlay_caption.setObjectName("compareCaption")
        self.overlay_caption.setWordWrap(True)
        overlay_page = QWidget()
        overlay_layout = QVBoxLayout(overlay_page)
        overlay_layout.setContentsMargins(0, 0, 0, 0)
        overlay_layout.addWidget(self.overlay_caption)
        overlay_layout.addWidget(self.overlay, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(overlay_page)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.stack, 1)

        self.left.view.view_changed.connect(lambda: self.right.view.follow(self.left.view))
        self.right.view.view_changed.connect(lambda: self.left.view.follow(self.right.view))
        self.mode_group.idClicked.connect(self.set_mode)
        self.opacity.valueChanged.connect(self._opacity_changed)
        self.previous_session_button.clicked.connect(self.pick_previous_session)
        self.day_zero_button.clicked.connect(self.pick_day_zero)
        self.swap_button.clicked.connect(self.swap)

        now = self.journal.photo(now_id)
        other = self.journal.photo(other_id) if other_id is not None else (
            previous_session_match(self.journal, now) or day_zero_match(self.journal, now))
        self.set_photos(other, now)
        self.set_mode(0)

    # -- choosing photos ----------------------------------------------------------------------
    def set_photos(self, left: Photo | None, right: Photo | None) -> None:
        self.left.set_photo(left)
        self.right.set_photo(right)
        self.photos_chosen()

    def photos_chosen(self) -> None:
        """Both panes are set: refresh the overlay and the quick pickers."""
        left, right = self.left.photo, self.right.photo
        base = self.left.view.item.pixmap()
        self.overlay.set_pixmap(base, SCENE_WIDTH)
        top = self.right.view.item.pixmap()
        self.overlay_top.setPixmap(top)
        self.overlay_top.setScale(SCENE_WIDTH / top.width() if top.width() else 1.0)
        self._opacity_changed(self.opacity.value())
        captions = [p and photo_caption(self.journal, p) for p in (left, right)]
        self.overlay_caption.setText(self.tr("Left: %s\nRight (on top): %s") % (
            captions[0] or "–", captions[1] or "–"))
        self.previous_session_button.setEnabled(
            right is not None and previous_session_match(self.journal, right) is not None)
        self.day_zero_button.setEnabled(
            right is not None and day_zero_match(self.journal, right) is not None)
        self.right.view.follow(self.left.view)

    def pick_previous_session(self) -> None:
        match = self.right.photo and previous_session_match(self.journal, self.right.photo)
        self._pick(match, self.tr("There is no photo of this area after the previous session."))

    def pick_day_zero(self) -> None:
        match = self.right.photo and day_zero_match(self.journal, self.right.photo)
        self._pick(match, self.tr("There is no photo of this area from the session day."))

    def _pick(self, match: Photo | None, missing: str) -> None:
        self.message.setText("" if match is not None else missing)
        self.message.setVisible(match is None)
        if match is None:
            return
        self.set_photos(match, self.right.photo)

    def swap(self) -> None:
        self.set_photos(self.right.photo, self.left.photo)

    def _image_loaded(self, file_name: str) -> None:
        """A full-size photo arrived: show it in the panes (and the overlay) that want it."""
        image = self.full_images.cached(file_name)
        if image is None:
            return
        shown = False
        for pane in (self.left, self.right):
            if pane.photo is not None and pane.photo.file_name == file_name:
                pane.view.set_pixmap(QPixmap.fromImage(image), SCENE_WIDTH)
                shown = True
        if shown:
            self.photos_chosen()

    def is_loaded(self) -> bool:
        """Both chosen photos are on screen at full size (tests)."""
        return all(pane.photo is None or not pane.view.item.pixmap().isNull()
                   for pane in (self.left, self.right))

    # -- showing --------------------------------------------------------------------------------
    def set_mode(self, mode: int) -> None:
        self.mode_group.button(mode).setChecked(True)
        self.stack.setCurrentIndex(mode)
        self.opacity.setVisible(mode == 1)
        self.opacity_label.setVisible(mode == 1)
        if mode == 1:
            self.overlay.fit()

    def _opacity_changed(self, value: int) -> None:
        self.overlay_top.setOpacity(value / 100)


def open_compare(hub: Hub, now_id: int, other_id: int | None = None, parent=None) -> CompareDialog:
    dialog = CompareDialog(hub, now_id, other_id, parent)
    dialog.show()
    dialog.raise_()
    return dialog
