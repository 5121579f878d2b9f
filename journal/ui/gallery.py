"""The Photos page: a grid per session, newest session first: a row per area, a column per Day N.

One QListView in icon mode over one list model (``journal.ui.gallery_model``, which reads a
photo's whole row only when it is shown): each session starts with a heading as wide
as the view ("Session 2 (14 Oct 2026)"), each area with a caption line, and the area's photos
follow in Day N order (0, 1, 2, 3, 5, 7, 14 …) with an empty slot where another area of the
same session has a photo that day, so the days line up in columns down the session. Thumbnails come from the disk cache through
``ThumbnailLoader`` (off the GUI thread, kept in memory), so only what is on
screen is ever read: thousands of photos open at once and scroll smoothly.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
    QFormLayout, QHBoxLayout, QLabel, QListView, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal.models import AREAS, Photo, PhotoRef
from journal import settings
from journal.ui.errors import shows_errors
from journal.ui.gallery_model import HEADER_ROLE, GalleryModel
from journal.ui.hub import Hub
from journal.ui.widgets.images import THUMB_SIZE, ThumbnailLoader
from journal.ui.widgets.date_field import use_app_date_format
from journal.ui.widgets.thumbnails import (
    IMAGE_FILTER, PHOTO_ROLE, PhotoTileDelegate, image_paths,
)

CELL = QSize(176, 206)
ICON_BOX = 160
HEADER_HEIGHT = 34


class GalleryDelegate(PhotoTileDelegate):
    """Day captions across the whole view, photo tiles (thumbnail and area) for the rest."""

    def __init__(self, view: QListView, loader: ThumbnailLoader):
        super().__init__(view, loader, ICON_BOX, CELL)
        self.view = view
        self.header_font = QFont(view.font())
        self.header_font.setBold(True)
        self.header_font.setPointSizeF(view.font().pointSizeF() * 1.1)
        self._sizes: dict[tuple, QSize] = {}

    def sizeHint(self, option, index) -> QSize:
        # Asked for every row as the view lays out (13,000 for 10,000 photos): straight from
        # the model's rows, one size per kind of row, session size and width.
        model, row = index.model(), index.row()
        kind = model.rows[row][0] if isinstance(model, GalleryModel) else index.data(HEADER_ROLE)
        kind = kind if kind in ("session", "area") else None
        key = (kind, kind or model.columns_of(row), self.view.viewport().width(),
               self.view.spacing(), option.fontMetrics.height())
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > 2000:  # (widths come and go as the window is resized)
                self._sizes.clear()
            size = self._sizes[key] = self._size_hint(option, index, kind)
        return size

    def _size_hint(self, option, index, kind) -> QSize:
        if kind:
            width = self.view.viewport().width() - 2 * self.view.spacing() - 2
            height = HEADER_HEIGHT if kind == "session" else option.fontMetrics.height() + 8
            return QSize(max(width, CELL.width()), height)
        # Few days in a session: larger tiles fill the width (up to 1.6 times the usual size).
        columns = max(1, index.model().columns_of(index.row()))
        room = self.view.viewport().width() - 2 * self.view.spacing() - 4
        width = max(CELL.width(), min(CELL.width() * 8 // 5, room // columns - 2 * self.view.spacing()))
        return QSize(width, width + CELL.height() - CELL.width())

    def paint(self, painter: QPainter, option, index) -> None:
        from journal.ui import theme

        kind = index.data(HEADER_ROLE)
        if not kind:
            if index.data(PHOTO_ROLE) is not None:
                self.box = min(option.rect.width(), option.rect.height() - 46) - 16
                super().paint(painter, option, index)
            else:  # an empty slot keeps the days in columns
                painter.save()
                painter.setPen(QPen(theme.color("card_border"), 1, Qt.DashLine))
                painter.setBrush(Qt.NoBrush)
                painter.drawRoundedRect(option.rect.adjusted(8, 8, -8, -8), 6, 6)
                painter.restore()
            return
        painter.save()
        rect = option.rect
        if kind == "session":
            painter.setFont(self.header_font)
            painter.setPen(theme.color("title"))
            painter.drawText(rect.adjusted(4, 0, -4, -6), Qt.AlignLeft | Qt.AlignBottom,
                             index.data(Qt.DisplayRole))
            painter.setPen(QPen(theme.color("card_border"), 1))
            painter.drawLine(rect.left() + 4, rect.bottom() - 1, rect.right() - 4,
                             rect.bottom() - 1)
        else:
            painter.setPen(theme.color("muted"))
            painter.drawText(rect.adjusted(6, 0, -4, 0), Qt.AlignLeft | Qt.AlignVCenter,
                             index.data(Qt.DisplayRole))
        painter.restore()


class ImportOptionsDialog(QDialog):
    """Asks which day and area a batch of photos belongs to."""

    def __init__(self, count: int, date: dt.date, area: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import %s") % fmt.plural(count, "photo"))
        self.date_edit = QDateEdit(QDate(date.year, date.month, date.day), calendarPopup=True)
        use_app_date_format(self.date_edit)
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.area = QComboBox()
        self.area.addItems([self.tr(a) for a in AREAS])
        self.area.setCurrentIndex(AREAS.index(area) if area in AREAS else 0)
        self.use_capture = QCheckBox(self.tr("&Use the day the camera recorded, when a photo "
                                             "has one"))
        self.use_capture.setChecked(True)
        form = QFormLayout(self)
        form.addRow(self.tr("&Area"), self.area)
        form.addRow(self.tr("&Day"), self.date_edit)
        form.addRow("", self.use_capture)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> tuple[dt.date, str, bool]:
        q = self.date_edit.date()
        return (dt.date(q.year(), q.month(), q.day()), AREAS[self.area.currentIndex()],
                self.use_capture.isChecked())


class GalleryPage(QWidget):
    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.journal = hub.journal
        self.loader = ThumbnailLoader(self.journal, THUMB_SIZE, self)
        self.model = GalleryModel(self.journal, self.loader, self)

        title = QLabel(self.tr("Photos"))
        title.setObjectName("pageTitle")
        self.area_filter = QComboBox()
        self.area_filter.addItem(self.tr("All areas"), None)
        for area in AREAS:
            self.area_filter.addItem(self.tr(area), area)
        self.session_filter = QComboBox()
        self.session_filter.setMinimumWidth(220)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.count_label.setWordWrap(True)  # in a small window it wraps beside the filters
        self.compare_button = QPushButton(self.tr("&Compare"))
        self.compare_button.setToolTip(self.tr("Compare the two selected photos (or one with "
                                               "its match from the previous session)"))
        self.import_button = QPushButton(self.tr("&Import photos…"))
        self.import_button.setObjectName("primary")
        # The title row carries the actions, the row below it the filters (as on Trends):
        # both fit in the smallest window.
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.compare_button)
        top.addWidget(self.import_button)
        filters = QHBoxLayout()
        area_label = QLabel(self.tr("&Area"))
        area_label.setBuddy(self.area_filter)
        session_label = QLabel(self.tr("S&ession"))
        session_label.setBuddy(self.session_filter)
        filters.addWidget(area_label)
        filters.addWidget(self.area_filter)
        filters.addSpacing(8)
        filters.addWidget(session_label)
        filters.addWidget(self.session_filter)
        filters.addSpacing(8)
        filters.addWidget(self.count_label, 1)

        self.view = QListView()
        self.view.setObjectName("gallery")
        self.view.setViewMode(QListView.IconMode)
        self.view.setFlow(QListView.LeftToRight)
        self.view.setWrapping(True)
        self.view.setResizeMode(QListView.Adjust)
        self.view.setMovement(QListView.Static)
        self.view.setLayoutMode(QListView.Batched)
        self.view.setBatchSize(400)
        self.view.setSpacing(4)
        self.view.setUniformItemSizes(False)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.view.verticalScrollBar().setSingleStep(40)
        self.view.setModel(self.model)
        self.view.setItemDelegate(GalleryDelegate(self.view, self.loader))
        self.empty_label = QLabel()
        self.empty_label.setObjectName("hint")
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        self.message = QLabel()  # a failed star or delete is said here, above the photos
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addWidget(self.empty_label, 1)  # (shown instead of the view: takes its room)
        layout.addWidget(self.view, 1)
        # Tab goes row by row, as the page reads
        for first, second in ((self.compare_button, self.import_button),
                              (self.import_button, self.area_filter),
                              (self.area_filter, self.session_filter),
                              (self.session_filter, self.view)):
            QWidget.setTabOrder(first, second)
        self.setAcceptDrops(True)

        self.area_filter.currentIndexChanged.connect(self.refresh)
        self.session_filter.currentIndexChanged.connect(self.refresh)
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.compare_button.clicked.connect(self.compare_selected)
        self.import_button.clicked.connect(self.choose_files)
        hub.photos_changed.connect(lambda _date: self.refresh())
        hub.sessions_changed.connect(self._sessions_changed)
        self._sessions_changed()

    # -- filters and loading ------------------------------------------------------------------
    def _sessions_changed(self) -> None:
        current = self.session_filter.currentData()
        blocked = self.session_filter.blockSignals(True)
        self.session_filter.clear()
        self.session_filter.addItem(self.tr("All sessions"), None)
        sessions = self.journal.sessions()
        if sessions:
            self.session_filter.addItem(self.tr("Before the first session"),
                                        (None, sessions[0].date - dt.timedelta(days=1)))
        for number, session in enumerate(sessions, start=1):
            end = (sessions[number].date - dt.timedelta(days=1)) if number < len(sessions) else None
            self.session_filter.addItem(
                fmt.session_label(number, session.date),
                (session.date, end))
        index = self.session_filter.findData(current)
        self.session_filter.setCurrentIndex(max(0, index))
        self.session_filter.blockSignals(blocked)
        self.refresh()

    def refresh(self) -> None:
        span = self.session_filter.currentData()
        start, end = span if span else (None, None)
        # (id, date, area, star) only: the whole row of a photo is read when it is shown
        refs = self.journal.photo_refs(start, end, self.area_filter.currentData())
        selected = set(self.selected_ids())
        self.loader.forget_failures()
        self.model.load(refs, [s.date for s in self.journal.sessions()])
        count = self.model.photo_count()
        self.count_label.setText(fmt.plural(count, "photo") + (
            self.tr("  ·  ★ = in the report for your dermatologist")
            if self.model.any_starred() else ""))
        self.empty_label.setVisible(count == 0)
        self.view.setVisible(count > 0)
        filtered = span is not None or self.area_filter.currentData() is not None
        self.empty_label.setText(
            self.tr("No photos match these filters.") if filtered else
            self.tr("No photos yet.\n\nImport photos with “Import photos…”, drop them here, or add "
                    "them for a day on the Today page. They are copied into your journal, upright "
                    "and without location data; the originals are left untouched."))
        for photo_id in selected:
            row = self.model.row_of(photo_id)
            if row >= 0:
                self.view.selectionModel().select(self.model.index(row),
                                                  QItemSelectionModel.Select)
        self._selection_changed()

    # -- selection, viewer, compare -------------------------------------------------------------
    def _selected_rows(self) -> list[int]:
        if self.view.selectionModel() is None:
            return []
        return sorted(index.row() for index in self.view.selectionModel().selectedIndexes())

    def selected_refs(self) -> list[PhotoRef]:
        """(id, date, area, star) of the selected photos, in the view's order."""
        return [ref for ref in map(self.model.ref, self._selected_rows()) if ref is not None]

    def selected_ids(self) -> list[int]:
        return [ref.id for ref in self.selected_refs()]

    def selected_photos(self) -> list[Photo]:
        """The whole rows of the selected photos, in the view's order."""
        return self.model.photos_at(self._selected_rows())

    def _selection_changed(self, *_args) -> None:
        self.compare_button.setEnabled(1 <= len(self.selected_ids()) <= 2)

    def _open(self, index) -> None:
        photo = index.data(PHOTO_ROLE)
        if photo is not None:
            from journal.ui.viewer import open_viewer

            open_viewer(self.hub, photo.id, self)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Delete and self.selected_ids():
            self.delete_selected()
        else:
            super().keyPressEvent(event)

    def _context_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        index = self.view.indexAt(pos)
        if index.data(PHOTO_ROLE) is None:
            return
        if not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)
        chosen = self.selected_refs()
        ids = [ref.id for ref in chosen]
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self._open(index))
        compare = menu.addAction(self.tr("Compare"), self.compare_selected)
        compare.setEnabled(1 <= len(ids) <= 2)
        starred = all(photo.for_report for photo in chosen)
        menu.addAction(self.tr("Remove the star (not for report)") if starred
                       else self.tr("Star for the report"),
                       lambda: self.set_for_report(ids, not starred))
        menu.addSeparator()
        menu.addAction(self.tr("Delete %s…") % fmt.plural(len(ids), "photo"), self.delete_selected)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def set_for_report(self, ids: list[int], starred: bool) -> None:
        with shows_errors(self, self.message) as guard:
            self.journal.set_for_report(ids, starred)  # one transaction for all of them
        if not guard.failed:
            self.hub.photos_changed.emit(None)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete photos"),
            self.tr("Delete %s from the journal? This cannot be undone. "
                    "(The original files you imported from are not touched.)")
            % fmt.plural(len(ids), "selected photo"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        from journal.store.photos import delete_photos

        with shows_errors(self, self.message):
            delete_photos(self.journal, ids)  # one transaction, then the unused files
        self.hub.photos_changed.emit(None)  # even after a failure: show what is there now

    def compare_selected(self):
        photos = sorted(self.selected_refs(), key=lambda p: (p.date, p.id))
        if not 1 <= len(photos) <= 2:
            return None
        from journal.ui.compare import open_compare

        other = photos[0].id if len(photos) == 2 else None
        return open_compare(self.hub, photos[-1].id, other, self)

    # -- import -----------------------------------------------------------------------------------
    def choose_files(self) -> None:
        folder = self.hub.settings.value(settings.PHOTOS_LAST_FOLDER.key, "")
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import photos"), str(folder),
            self.tr(IMAGE_FILTER) + ";;" + self.tr("All files (*)"))
        if files:
            self.hub.settings.setValue(settings.PHOTOS_LAST_FOLDER.key, str(Path(files[0]).parent))
            self.ask_and_import([Path(f) for f in files])

    def ask_and_import(self, paths: list[Path]) -> None:
        area = self.area_filter.currentData() or "full face"
        dialog = ImportOptionsDialog(len(paths), self.hub.today(), area, self)
        if dialog.exec() != QDialog.Accepted:
            return
        date, area, use_capture = dialog.chosen()
        self.import_files(paths, date, area, use_capture)

    def import_files(self, paths: list[Path], date: dt.date, area: str,
                     date_from_capture: bool = True):
        """Import off the GUI thread with a cancellable progress dialog; returns the job."""
        from journal.ui.photo_import import PhotoImport

        job = PhotoImport(self.hub, paths, date, area, parent_widget=self,
                          date_from_capture=date_from_capture)
        job.start()
        return job

    def dragEnterEvent(self, event) -> None:
        if image_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = image_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            # Ask after the drop has finished: a modal dialog inside a drop handler would
            # keep the file manager waiting.
            QTimer.singleShot(0, lambda: self.ask_and_import(paths))
