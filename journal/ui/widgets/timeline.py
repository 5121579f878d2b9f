"""The History timeline: one card per logged day, grouped under a divider per session.

A patient scans it top to bottom: the date and Day N, the five ratings as small bars, the
count of new spots, red flags as a warning mark with their names, the products worth a
second look as chips (those with a caution ingredient first; the everyday ones only counted),
and the note in full. Qt model/view: ``TimelineModel`` holds plain rows, ``TimelineDelegate``
paints them; nothing here reads the journal.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from journal import format as fmt
from journal.models import FLAGS, SYMPTOM_LABELS, SYMPTOMS, DayEntry

ROW_ROLE = Qt.UserRole + 10      # the TimelineRow
DATE_ROLE = Qt.UserRole          # the dt.date of a day row (None for a divider)
PAD = 10
BAR_W, BAR_H = 46, 6


@dataclass(frozen=True)
class Chip:
    text: str
    suspect: bool          # has a caution ingredient: shown first, in the caution colour
    tooltip: str = ""


@dataclass
class TimelineRow:
    kind: str                                   # "session" (a divider) or "day"
    title: str = ""                             # divider text, or the day's date
    entry: DayEntry | None = None
    day: int | None = None
    chips: list[Chip] = field(default_factory=list)
    everyday: int = 0                           # products used without a caution ingredient

    def text(self) -> str:
        """Everything on the card as one line (screen readers, tooltips, tests)."""
        if self.kind == "session":
            return self.title
        e = self.entry
        parts = [self.title, fmt.day_n(self.day)]
        parts += [f"{SYMPTOM_LABELS[s].split(' /')[0].lower()} {e.rating(s)}"
                  for s in SYMPTOMS if e.rating(s) is not None]
        if e.breakouts is not None:
            parts.append(fmt.plural(e.breakouts, "new spot"))
        if e.flags:
            parts.append("red flag: " + ", ".join(FLAGS[f][1] for f in e.flags))
        if self.chips:
            parts.append("products: " + ", ".join(c.text for c in self.chips))
        if e.note:
            parts.append("note: " + e.note)
        return " · ".join(parts)


class TimelineModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[TimelineRow] = []

    def set_rows(self, rows: list[TimelineRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index):
        if index.isValid() and self.rows[index.row()].kind == "session":
            return Qt.ItemIsEnabled
        return super().flags(index)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return row.text()
        if role == ROW_ROLE:
            return row
        if role == DATE_ROLE:
            return row.entry.date if row.entry is not None else None
        if role == Qt.ToolTipRole and row.kind == "day":
            return row.text().replace(" · ", "\n")
        return None

    def day_rows(self) -> list[TimelineRow]:
        return [r for r in self.rows if r.kind == "day"]


def build_rows(entries: list[DayEntry], sessions: list, products: dict,
               suspect_classes: dict[int, list[str]], keep=lambda entry: True
               ) -> list[TimelineRow]:
    """Rows newest first: a divider where each session begins, then its days (kept by `keep`).

    `products` maps id -> name; `suspect_classes` maps id -> the caution classes (words) of
    that product's label (empty: an everyday product).
    """
    from journal.models import day_since_session

    dates = [s.date for s in sessions]
    rows: list[TimelineRow] = []
    current = object()
    for entry in sorted(entries, key=lambda e: e.date, reverse=True):
        if not keep(entry):
            continue
        day = day_since_session(entry.date, dates)
        owner = None if day is None else entry.date - dt.timedelta(days=day)
        if owner != current:
            current = owner
            if owner is None:
                title = "Before the first session"
            else:
                number = dates.index(owner) + 1
                session = sessions[number - 1]
                extra = [fmt.areas(session.areas)] if session.areas else []
                if session.depth_mm:
                    extra.append(fmt.depth(session.depth_mm))
                title = fmt.session_label(number, owner) + (
                    "  ·  " + ", ".join(extra) if extra else "")
            rows.append(TimelineRow("session", title))
        chips, everyday = [], 0
        for pid in entry.product_ids:
            classes = suspect_classes.get(pid, [])
            if classes:
                chips.append(Chip(products.get(pid, "?"), True, ", ".join(classes)))
            else:
                everyday += 1
        chips.sort(key=lambda c: c.text.lower())
        rows.append(TimelineRow("day", fmt.weekday_date(entry.date), entry, day, chips, everyday))
    return rows


class TimelineDelegate(QStyledItemDelegate):
    """Paints a divider or a day card; heights follow the note's wrapped text."""

    def __init__(self, colours, parent=None):
        super().__init__(parent)
        self.colours = colours  # name -> QColor (journal.ui.theme.color)

    # -- sizes -------------------------------------------------------------------------
    def sizeHint(self, option, index) -> QSize:
        row: TimelineRow = index.data(ROW_ROLE)
        fm = QFontMetrics(option.font)
        line = fm.height()
        view = self.parent()
        width = max(200, option.rect.width()
                    or (view.viewport().width() if hasattr(view, "viewport") else 0) or 600)
        if row.kind == "session":
            return QSize(width, line + 18)
        height = PAD + line + 6 + max(line, BAR_H * 2 + 6) + 6
        if row.entry.flags or row.chips or row.everyday:
            lines = 1 + max(top for _kind, _text, top, _x, _w in
                            self._chip_places(row, option.font, width - 8 - 2 * PAD))
            height += lines * (line + 10)
        if row.entry.note:
            note_rect = fm.boundingRect(QRect(0, 0, width - 2 * PAD - 8, 10_000),
                                        Qt.TextWordWrap, row.entry.note)
            height += note_rect.height() + 6
        return QSize(width, height + PAD)

    # -- painting ----------------------------------------------------------------------
    def paint(self, painter, option, index) -> None:
        row: TimelineRow = index.data(ROW_ROLE)
        painter.save()
        rect = option.rect
        if row.kind == "session":
            self._divider(painter, rect, row, option)
        else:
            self._card(painter, rect.adjusted(4, 3, -4, -3), row, option)
        painter.restore()

    def _divider(self, painter, rect, row, option) -> None:
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.colours["title"])
        text_rect = rect.adjusted(PAD, 6, -PAD, 0)
        painter.drawText(text_rect, Qt.AlignLeft | Qt.AlignVCenter, row.title)
        used = QFontMetrics(font).horizontalAdvance(row.title) + PAD * 2
        painter.setPen(QPen(self.colours["card_border"], 1))
        y = rect.center().y() + 3
        painter.drawLine(rect.left() + used, y, rect.right() - PAD, y)

    def _card(self, painter, rect, row, option) -> None:
        palette = option.palette
        selected = option.state & QStyle.State_Selected
        e = row.entry
        border = self.colours["red_flag"] if e.flags else self.colours["card_border"]
        painter.setPen(QPen(border, 2 if e.flags else 1))
        painter.setBrush(palette.color(QPalette.Highlight) if selected
                         else palette.color(QPalette.Base))
        painter.drawRoundedRect(rect, 6, 6)
        if option.state & QStyle.State_HasFocus:
            painter.setPen(QPen(self.colours["accent"], 2, Qt.DotLine))
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 5, 5)
        fm = QFontMetrics(option.font)
        line = fm.height()
        text = palette.color(QPalette.HighlightedText if selected else QPalette.Text)
        x, y = rect.left() + PAD, rect.top() + PAD
        # date and Day N
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(x, y + fm.ascent(), row.title)
        painter.setFont(option.font)
        painter.setPen(self.colours["muted"])
        painter.drawText(x + QFontMetrics(bold).horizontalAdvance(row.title) + 12,
                         y + fm.ascent(), fmt.day_n(row.day))
        y += line + 6
        # ratings as small bars, new spots as a number
        small = QFont(option.font)
        small.setPointSizeF(max(6.5, option.font.pointSizeF() * 0.85))
        sfm = QFontMetrics(small)
        painter.setFont(small)
        column = x
        for name in SYMPTOMS:
            value = e.rating(name)
            label = SYMPTOM_LABELS[name].split(" /")[0]
            painter.setPen(self.colours["muted"])
            painter.drawText(column, y + sfm.ascent(), label)
            bar_y = y + sfm.height() + 2
            painter.setPen(Qt.NoPen)
            painter.setBrush(self.colours["chip"])
            painter.drawRoundedRect(column, bar_y, BAR_W, BAR_H, 2, 2)
            if value:
                painter.setBrush(self._rating_colour(value))
                painter.drawRoundedRect(column, bar_y, max(2, BAR_W * value // 10), BAR_H, 2, 2)
            painter.setPen(text)
            painter.drawText(column + BAR_W + 4, bar_y + BAR_H + 1,
                             "–" if value is None else str(value))
            column += max(BAR_W + 22, sfm.horizontalAdvance(label) + 10)
        painter.setPen(text)
        spots = "spots not counted" if e.breakouts is None else fmt.plural(e.breakouts, "new spot")
        painter.drawText(column + 6, y + sfm.ascent() + sfm.height() // 2 + 2, spots)
        y += max(line, BAR_H * 2 + 6) + 6 + 4
        painter.setFont(option.font)
        # red flags, then product chips
        if e.flags or row.chips or row.everyday:
            # chips flow onto more lines in a narrow window instead of running off the card
            lines = 0
            for kind, text_, top, chip_x, width in self._chip_places(row, option.font,
                                                                     rect.width() - 2 * PAD):
                chip_y = y + top * (line + 10)
                lines = max(lines, top + 1)
                if kind == "flag":
                    self._chip(painter, x + chip_x, chip_y, text_, self.colours["red_flag_soft"],
                               self.colours["red_flag"], fm, bold=True, width=width)
                elif kind == "chip":
                    self._chip(painter, x + chip_x, chip_y, text_, self.colours["caution_soft"],
                               self.colours["caution"], fm, width=width)
                else:
                    painter.setPen(self.colours["muted"])
                    painter.drawText(QRect(x + chip_x + 2, chip_y + 3, width, line),
                                     Qt.AlignLeft | Qt.AlignTop,
                                     fm.elidedText(text_, Qt.ElideRight, width))
            y += lines * (line + 10)
        if e.note:
            painter.setPen(text)
            note_rect = QRect(x, y, rect.width() - 2 * PAD, 10_000)
            painter.drawText(note_rect, Qt.TextWordWrap | Qt.AlignLeft | Qt.AlignTop, e.note)

    @staticmethod
    def _chip_places(row: TimelineRow, font: QFont, room: int) -> list[tuple]:
        """(kind, text, line, x, width) of each red flag, product chip and the everyday count,
        left to right, a new line when the next does not fit in `room` pixels; a chip wider
        than a whole line is cut short with "…" (its full text is in the row's tooltip)."""
        bold = QFont(font)
        bold.setBold(True)
        fm, bfm = QFontMetrics(font), QFontMetrics(bold)
        items = [("flag", "⚠ " + FLAGS[f][1].split(" (")[0], bfm.horizontalAdvance(
            "⚠ " + FLAGS[f][1].split(" (")[0]) + 14) for f in row.entry.flags]
        items += [("chip", c.text, fm.horizontalAdvance(c.text) + 14) for c in row.chips]
        if row.everyday:
            text = ("+ " if row.chips else "") + fmt.plural(row.everyday, "everyday product")
            items.append(("count", text, fm.horizontalAdvance(text) + 4))
        places, line, x = [], 0, 0
        room = max(room, 60)
        for kind, text, width in items:
            width = min(width, room)
            if x and x + width > room:
                line, x = line + 1, 0
            places.append((kind, text, line, x, width))
            x += width + 6
        return places

    def _chip(self, painter, x, y, text, fill, ink, fm, bold=False, width=None) -> int:
        font = QFont(painter.font())
        font.setBold(bold)
        measure = QFontMetrics(font)
        width = width or measure.horizontalAdvance(text) + 14
        if measure.horizontalAdvance(text) + 14 > width:  # wider than a whole line
            text = measure.elidedText(text, Qt.ElideRight, width - 14)
        painter.setPen(Qt.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(x, y, width, fm.height() + 6, 9, 9)
        painter.setPen(ink)
        if bold:
            painter.setFont(font)
        painter.drawText(QRect(x, y, width, fm.height() + 6), Qt.AlignCenter, text)
        if bold:
            font.setBold(False)
            painter.setFont(font)
        return x + width + 6

    def _rating_colour(self, value: int) -> QColor:
        if value >= 7:
            return self.colours["red_flag"]
        if value >= 4:
            return self.colours["caution"]
        return self.colours["accent"]
