"""Today's product checklist: a small mark beside a product that ticking would raise a caution for.

The judgement is :func:`journal.care.tips.product_mark` (pure, no Qt); this module only
shows it: the mark after the product's name ("⚠ retinoid: usually paused for about a week
after a session") and as the row's tool tip. Products with nothing worth a second look
(no caution ingredient class) are not evaluated at all, so a long shelf stays quick.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from journal.care.ingredients import caution_classes
from journal.care.tips import product_mark

MARK_ROLE = Qt.UserRole + 1   # the mark text of a row ('' when none)
NAME_ROLE = Qt.UserRole + 2   # the row's text without the mark


def mark_products(checklist: QListWidget, journal, entry) -> None:
    """Set or clear the mark of every row of `checklist` for the day of `entry` (the form)."""
    products = {p.id: p for p in journal.products()}
    blocked = checklist.blockSignals(True)  # a text change is no edit of the day
    try:
        for row in range(checklist.count()):
            item = checklist.item(row)
            pid = item.data(Qt.UserRole)
            name = item.data(NAME_ROLE) or item.text()
            product = products.get(pid)
            mark = ""
            if product is not None and caution_classes(product.ingredients):
                mark = product_mark(journal, entry.date, pid, entry=entry)
            item.setData(NAME_ROLE, name)
            item.setData(MARK_ROLE, mark)
            item.setText(f"{name}   ⚠ {mark}" if mark else name)
            item.setToolTip(mark)
    finally:
        checklist.blockSignals(blocked)
