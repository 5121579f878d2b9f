"""A zoomable picture view (shared by the viewer and the compare window) and photo captions."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView

from journal import format as fmt
from journal.models import Photo
from journal.store.journal import Journal

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.02, 16.0


def photo_caption(journal: Journal, photo: Photo) -> str:
    """'Sat, 14 Mar 2026 · Day 3 after session 2 (11 Mar 2026) · Left cheek' (as Today says it)."""
    info = journal.day_info(photo.date)
    if info.session:
        dates = [session.date for session in journal.sessions()]
        number = dates.index(info.session.date) + 1 if info.session.date in dates else None
        day = fmt.day_after_session(info.day, number, info.session.date)
    else:
        day = "before the first session"
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
