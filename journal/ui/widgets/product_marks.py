"""Today's product checklist: a small mark beside a product that ticking would raise a caution for.

The judgement is :func:`journal.care.tips.product_mark` (pure, no Qt); this module only
shows it: after the product's name, in a smaller, quieter type and cut short with "…" when
the list is narrow ("⚠ retinoid: usually paused for about a week after a session"), in full
in the row's tool tip and for screen readers. Products with nothing worth a second look (no
caution ingredient class) are not evaluated at all, and ``ProductMarker`` works the marks
out as a background task (journal.ui.tasks, its own journal): on a shelf of 150 products
that is about a second the window no longer waits for.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from journal.care.ingredients import caution_classes
from journal.care.tips import product_mark

MARK_ROLE = Qt.UserRole + 1   # the mark text of a row ('' when none)
MARK_GAP = 12                 # pixels between the name and its mark


class MarkDelegate(QStyledItemDelegate):
    """Paints a row as usual, then its mark (if any) in the room left after the name."""

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        mark = index.data(MARK_ROLE)
        if not mark:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else None
        if style is None:
            return
        text_rect = style.subElementRect(QStyle.SE_ItemViewItemText, opt, opt.widget)
        used = QFontMetrics(opt.font).horizontalAdvance(opt.text) + MARK_GAP
        room = text_rect.adjusted(used, 0, 0, 0)
        if room.width() < 24:
            return
        font = opt.font
        font.setPointSizeF(max(font.pointSizeF() * 0.9, 7))
        from journal.ui import theme

        # the caution colour of the tips (legible in both themes), not a faded grey
        color = (opt.palette.color(QPalette.HighlightedText)
                 if opt.state & QStyle.State_Selected else theme.color("caution"))
        painter.save()
        painter.setFont(font)
        painter.setPen(color)
        text = QFontMetrics(font).elidedText(f"⚠ {mark}", Qt.ElideRight, room.width())
        painter.drawText(room, Qt.AlignVCenter | Qt.AlignLeft, text)
        painter.restore()


def mark_products(checklist: QListWidget, journal, entry) -> None:
    """Set or clear the mark of every row of `checklist` for the day of `entry` (the form)."""
    show_marks(checklist, compute_marks(journal, entry, _row_ids(checklist)))


def compute_marks(journal, entry, product_ids, task=None) -> dict[int, str]:
    """The mark of each product (pure: any thread with its own journal); `task` may cancel."""
    products = {p.id: p for p in journal.products()}
    marks = {}
    for pid in product_ids:
        if task is not None:
            task.check_cancelled()
        product = products.get(pid)
        mark = ""
        if product is not None and caution_classes(product.ingredients):
            mark = product_mark(journal, entry.date, product.id, entry=entry)
        marks[pid] = mark
    return marks


def show_marks(checklist: QListWidget, marks: dict[int, str]) -> None:
    """Put the marks on the rows they are for (rows of other products are left alone)."""
    if not isinstance(checklist.itemDelegate(), MarkDelegate):
        checklist.setItemDelegate(MarkDelegate(checklist))
    blocked = checklist.blockSignals(True)  # a mark is no edit of the day
    try:
        for row in range(checklist.count()):
            item = checklist.item(row)
            pid = item.data(Qt.UserRole)
            if pid not in marks:
                continue
            mark = marks[pid]
            item.setData(MARK_ROLE, mark)
            item.setToolTip(mark)
            item.setData(Qt.AccessibleTextRole,
                         f"{item.text()}, {mark}" if mark else item.text())
    finally:
        checklist.blockSignals(blocked)
    checklist.viewport().update()


def _row_ids(checklist: QListWidget) -> list[int]:
    return [checklist.item(row).data(Qt.UserRole) for row in range(checklist.count())]


class ProductMarker(QObject):
    """Marks a checklist in the background; the newest request wins. ``marked`` after each."""

    marked = Signal()

    def __init__(self, checklist: QListWidget, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.checklist, self.data_dir = checklist, data_dir
        self.task = None

    def update(self, entry) -> None:
        """Work out the marks for the day of `entry` (the form as it is now)."""
        from journal.ui.tasks import run_task

        entry = dataclasses.replace(entry)  # a copy: the worker reads it, the form goes on
        if self.task is not None:
            self.task.cancel()
        ids = _row_ids(self.checklist)
        task = run_task(lambda task: compute_marks(task.open_journal(), entry, ids, task),
                        data_dir=self.data_dir, parent=self, pool_name="quick",
                        name="product marks")
        task.succeeded.connect(lambda marks, task=task: self._done(task, marks))
        self.task = task

    def _done(self, task, marks: dict[int, str]) -> None:
        if task is self.task:  # an older request's answer is not shown over a newer one
            show_marks(self.checklist, marks)
            self.marked.emit()
