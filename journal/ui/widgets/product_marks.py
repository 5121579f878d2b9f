"""Today's product checklist: a small mark beside a product that ticking would raise a caution for.

The judgement is :func:`journal.care.tips.product_mark` (pure, no Qt); this module only
shows it: the mark after the product's name ("⚠ retinoid: usually paused for about a week
after a session") and as the row's tool tip. Products with nothing worth a second look
(no caution ingredient class) are not evaluated at all, and ``ProductMarker`` works the
marks out as a background task (journal.ui.tasks, its own journal) after the list has first
painted: on a shelf of 150 products that is about a second the window no longer waits for.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QListWidget

from journal.care.ingredients import caution_classes
from journal.care.tips import product_mark

MARK_ROLE = Qt.UserRole + 1   # the mark text of a row ('' when none)
NAME_ROLE = Qt.UserRole + 2   # the row's text without the mark


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
            mark = product_mark(journal, entry.date, pid, entry=entry)
        marks[pid] = mark
    return marks


def show_marks(checklist: QListWidget, marks: dict[int, str]) -> None:
    """Put the marks on the rows they are for (rows of other products are left alone)."""
    blocked = checklist.blockSignals(True)  # a text change is no edit of the day
    try:
        for row in range(checklist.count()):
            item = checklist.item(row)
            pid = item.data(Qt.UserRole)
            if pid not in marks:
                continue
            name = item.data(NAME_ROLE) or item.text()
            mark = marks[pid]
            item.setData(NAME_ROLE, name)
            item.setData(MARK_ROLE, mark)
            item.setText(f"{name}   ⚠ {mark}" if mark else name)
            item.setToolTip(mark)
    finally:
        checklist.blockSignals(blocked)


def _row_ids(checklist: QListWidget) -> list[int]:
    return [checklist.item(row).data(Qt.UserRole) for row in range(checklist.count())]


class ProductMarker(QObject):
    """Marks a checklist in the background; the newest request wins. ``marked`` after each."""

    marked = Signal()

    def __init__(self, checklist: QListWidget, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.checklist, self.data_dir = checklist, data_dir
        self.task = None
        self._painted = False
        self._waiting = None  # the entry to mark for once the list has painted

    def update(self, entry) -> None:
        """Work out the marks for the day of `entry` (the form as it is now)."""
        entry = dataclasses.replace(entry)  # a copy: the worker reads it, the form goes on
        if not self._painted:
            if self._waiting is None:
                from journal.ui.widgets.first_paint import after_first_paint

                after_first_paint(self.checklist, self._first_paint)
            self._waiting = entry
            return
        self._start(entry)

    def _first_paint(self) -> None:
        self._painted = True
        entry, self._waiting = self._waiting, None
        if entry is not None:
            self._start(entry)

    def _start(self, entry) -> None:
        from journal.ui.tasks import run_task

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
