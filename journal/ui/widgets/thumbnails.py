"""Photo tiles for lists and grids: a list model whose decoration is the thumbnail, the
delegate that paints a tile, and what a drag-and-drop of photo files holds.

Thumbnails come from ``journal.ui.widgets.images.ThumbnailLoader``, so a view asks
for exactly the thumbnails it shows and scrolling never waits for a disk read.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from journal import format as fmt
from journal.models import Photo
from journal.ui.widgets.images import THUMB_SIZE, ThumbnailLoader

__all__ = ["PHOTO_ROLE", "IMAGE_FILTER", "IMAGE_SUFFIXES", "THUMB_SIZE", "PhotoTileDelegate",
           "PhotoListModel", "repaint_thumbnails", "image_paths"]

PHOTO_ROLE = Qt.UserRole + 1
IMAGE_FILTER = "Photos (*.jpg *.jpeg *.png *.webp *.heic *.heif *.JPG *.JPEG *.PNG *.WEBP *.HEIC *.HEIF)"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"}


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
        from journal.ui import theme

        palette = option.palette
        painter.setPen(QPen(theme.color("accent"), 2) if selected
                       else QPen(theme.color("card_border"), 1))
        painter.setBrush(palette.color(palette.ColorRole.Highlight) if selected
                         else palette.color(palette.ColorRole.Base))
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
            painter.setBrush(theme.color("chip"))
            painter.drawRect(box.adjusted(box.width() // 16, box.height() // 8,
                                          -box.width() // 16, -box.height() // 8))
            if photo is not None and self.loader.failed(photo.file_name):
                painter.setPen(theme.color("muted"))
                painter.drawText(box, Qt.AlignCenter, "file missing")
        painter.setPen(palette.color(palette.ColorRole.HighlightedText if selected
                                     else palette.ColorRole.Text))
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
            return photo_tooltip(photo)
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


def photo_tooltip(photo, long_date=None) -> str:
    """A thumbnail's tooltip: the day (``fmt.weekday_date``, or `long_date`) and area, when it
    was taken, whether it is starred."""
    return (f"{(long_date or fmt.weekday_date)(photo.date)} · {fmt.area(photo.area)}"
            + (f"\nTaken {fmt.date_time(photo.taken_at)}" if photo.taken_at else "")
            + ("\n★ in the report for your dermatologist" if photo.for_report else ""))


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
