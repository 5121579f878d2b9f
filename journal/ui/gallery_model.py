"""The Photos page's list model: every photo of the journal as a row, read lazily.

Opening the gallery reads only (id, date, area, star) of each photo, in one narrow query
(``Journal.photo_refs``); that is all the grouping, the filters and the captions need. The
whole row of a photo (its file, for the thumbnail; the time it was taken, for the tooltip) is
read when a view shows or selects it: a block of neighbouring rows in one query
(``Journal.photos_by_id``), of which the last few hundred stay in memory.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import OrderedDict

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from journal import format as fmt
from journal.models import AREAS, Photo, PhotoRef
from journal.store.journal import Journal
from journal.ui.widgets.images import ThumbnailLoader
from journal.ui.widgets.thumbnails import PHOTO_ROLE, photo_tooltip, repaint_thumbnails

HEADER_ROLE = Qt.UserRole + 2


@functools.lru_cache(maxsize=None)
def _long_date(date: dt.date) -> str:
    # Cached: strftime imports `time` on every call, which adds up over years of days.
    return fmt.weekday_date(date)


class GalleryModel(QAbstractListModel):
    """Rows: ('session', date, heading), ('area', name, caption), ('photo', PhotoRef, Day N)
    and ('gap', None, "") where the area has no photo on a day another area has one.

    ``text(row)`` is what a row says; ``photo(row)`` the whole ``Photo`` of a photo row."""

    FETCH = 64  # rows whose photos are read together (a screen or two of tiles)
    KEEP = 512  # whole photos kept in memory, the least recently shown dropped first

    def __init__(self, journal: Journal, loader: ThumbnailLoader, parent=None):
        super().__init__(parent)
        self.journal = journal
        self.loader = loader
        self.rows: list[tuple] = []
        self._photo_count = 0
        self._starred = False
        self._columns: list[int] = []
        self._cache: OrderedDict[int, tuple[int, Photo]] = OrderedDict()  # id -> (row, photo)
        self._row_by_id: dict[int, int] | None = None  # made when first asked
        # (Day N, month, day) -> "Day 3 · 17 Oct": the short date has no year, so babel
        # formats each day of the year once, not each of years of dates
        self._captions: dict[tuple, str] = {}
        loader.on_ready(self._thumbnails_ready)

    def load(self, refs: list[PhotoRef], session_dates: list[dt.date]) -> None:
        """Group `refs` (by date, then id) by session (newest first), then area, then Day N.

        `session_dates` must be sorted ascending."""
        by_session: dict[dt.date | None, list[tuple]] = {}
        bisect_right = bisect.bisect_right
        for ref in refs:
            index = bisect_right(session_dates, ref.date)
            start = session_dates[index - 1] if index else None
            found = by_session.get(start)
            if found is None:
                found = by_session[start] = []
            found.append(ref)
        rows: list[tuple] = []
        columns_of: list[int] = []
        for start in sorted(by_session, key=lambda d: d or dt.date.min, reverse=True):
            shots = by_session[start]
            if start is None:
                heading = "Before the first session"
            else:
                # the number session_numbers gives the latest session of that day (the one
                # Day N counts from, when two share a date): its place among the sorted dates
                heading = fmt.session_label(bisect_right(session_dates, start), start)
            rows.append(("session", start, f"{heading}  ·  {fmt.plural(len(shots), 'photo')}"))
            columns_of.append(0)
            # The column of a photo: its Day N (its date before any session), and which of
            # that day's photos of the area it is. `shots` are in (date, id) order already.
            placed: dict[str, dict[tuple[int, int], PhotoRef]] = {}
            columns: set[tuple[int, int]] = set()
            # (an area's photos of one day come one after another: its last slot tells)
            last: dict[str, tuple[int, int]] = {}
            base = start.toordinal() if start else 0
            for ref in shots:
                area = ref.area
                key = ref.date.toordinal() - base
                cells = placed.get(area)
                if cells is None:
                    cells = placed[area] = {}
                before = last.get(area)
                slot = (key, before[1] + 1) if before is not None and before[0] == key else (key, 0)
                last[area] = slot
                cells[slot] = ref
                columns.add(slot)
            ordered = sorted(columns)
            day_of = (lambda key: key) if start else (lambda key: None)
            for area in sorted(placed, key=lambda a: (AREAS.index(a) if a in AREAS else 99, a)):
                rows.append(("area", area, f"{fmt.area(area)}  ·  {heading}"))
                columns_of.append(0)
                cells = placed[area]
                for slot in ordered:
                    ref = cells.get(slot)
                    rows.append(("gap", None, "") if ref is None
                                else ("photo", ref, day_of(slot[0])))
                columns_of.extend([len(ordered)] * len(ordered))
        self.beginResetModel()
        self.rows = rows
        self._columns = columns_of
        self._photo_count = len(refs)
        self._starred = any(ref.for_report for ref in refs)
        self._cache.clear()
        self._row_by_id = None
        self.endResetModel()

    # -- what the page asks -------------------------------------------------------------------
    def columns_of(self, row: int) -> int:
        """How many day columns the session of a tile has."""
        return self._columns[row] if 0 <= row < len(self._columns) else 1

    def photo_count(self) -> int:
        return self._photo_count

    def any_starred(self) -> bool:
        return self._starred

    def ref(self, row: int) -> PhotoRef | None:
        """The narrow row (id, date, area, star) of a photo row; None for any other row."""
        kind, value, _ = self.rows[row]
        return value if kind == "photo" else None

    def text(self, row: int) -> str:
        """What the row says: a heading, an area's caption, or "Day 3 · 17 Oct ★"."""
        kind, value, text = self.rows[row]
        if kind != "photo":
            return text
        key = (text, value.date.month, value.date.day)
        caption = self._captions.get(key)
        if caption is None:
            caption = fmt.short_date(value.date)
            if text is not None:
                caption = f"{fmt.day_n(text)} · {caption}"
            self._captions[key] = caption
        return caption + " ★" if value.for_report else caption

    def photo(self, row: int) -> Photo | None:
        """The whole photo of a photo row, read with its neighbours' when not in memory;
        None for other rows (and for a photo deleted since the last load)."""
        ref = self.ref(row)
        if ref is None:
            return None
        found = self._cache.get(ref.id)
        if found is None:
            self._fetch(range(row - row % self.FETCH, row - row % self.FETCH + self.FETCH))
            found = self._cache.get(ref.id)
            if found is None:
                return None
        self._cache.move_to_end(ref.id)
        return found[1]

    def photos_at(self, rows) -> list[Photo]:
        """The whole photos of these rows (other rows left out), in one read for those not in
        memory (a selection of thousands does not go through the cache)."""
        refs = [ref for ref in map(self.ref, rows) if ref is not None]
        missing = [ref.id for ref in refs if ref.id not in self._cache]
        read = self.journal.photos_by_id(missing) if missing else {}
        found = [self._cache[ref.id][1] if ref.id in self._cache else read.get(ref.id)
                 for ref in refs]
        return [photo for photo in found if photo is not None]

    def row_of(self, photo_id: int) -> int:
        if self._row_by_id is None:
            self._row_by_id = {row[1].id: index for index, row in enumerate(self.rows)
                               if row[0] == "photo"}
        return self._row_by_id.get(photo_id, -1)

    def _fetch(self, rows: range) -> None:
        wanted = {}
        for row in rows:
            if 0 <= row < len(self.rows) and self.rows[row][0] == "photo":
                wanted[self.rows[row][1].id] = row
        for photo_id, photo in self.journal.photos_by_id(
                [i for i in wanted if i not in self._cache]).items():
            self._cache[photo_id] = (wanted[photo_id], photo)
        while len(self._cache) > self.KEEP:
            self._cache.popitem(last=False)

    # -- the model ----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index):
        if index.isValid() and self.rows[index.row()][0] in ("session", "area"):
            return Qt.ItemIsEnabled
        if index.isValid() and self.rows[index.row()][0] == "gap":
            return Qt.NoItemFlags
        return super().flags(index)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        kind = self.rows[row][0]
        if role == Qt.DisplayRole:
            return self.text(row)
        if role == HEADER_ROLE:
            return kind if kind in ("session", "area") else None
        if kind != "photo":
            return None
        if role == PHOTO_ROLE:
            return self.photo(row)
        if role == Qt.DecorationRole:
            photo = self.photo(row)
            return None if photo is None else self.loader.pixmap(photo.file_name)
        if role == Qt.ToolTipRole:
            photo = self.photo(row)
            return None if photo is None else photo_tooltip(photo, _long_date)
        return None

    def _thumbnails_ready(self, file_names: set[str]) -> None:
        # A thumbnail is asked for a photo on screen, so its row is among those in memory.
        rows_by_file: dict[str, list[int]] = {}
        for row, photo in self._cache.values():
            if photo.file_name in file_names:
                rows_by_file.setdefault(photo.file_name, []).append(row)
        repaint_thumbnails(self, rows_by_file, file_names)
