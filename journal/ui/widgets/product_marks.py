"""Today's product checklist: a small mark beside a product that ticking would raise a caution for.

The judgement is :func:`journal.care.tips.product_mark` (pure, no Qt); this module only
shows it: after the product's name, in a smaller, quieter type and cut short with "…" when
the list is narrow ("⚠ retinoid: usually paused for about a week after a session"), in full
in the row's tool tip and for screen readers. Products with nothing worth a second look (no
caution ingredient class) are not evaluated at all, so a long shelf stays quick.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
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
        color = opt.palette.color(QPalette.HighlightedText if opt.state & QStyle.State_Selected
                                  else QPalette.Text)
        color.setAlpha(175)
        painter.save()
        painter.setFont(font)
        painter.setPen(color)
        text = QFontMetrics(font).elidedText(f"⚠ {mark}", Qt.ElideRight, room.width())
        painter.drawText(room, Qt.AlignVCenter | Qt.AlignLeft, text)
        painter.restore()


def mark_products(checklist: QListWidget, journal, entry) -> None:
    """Set or clear the mark of every row of `checklist` for the day of `entry` (the form)."""
    if not isinstance(checklist.itemDelegate(), MarkDelegate):
        checklist.setItemDelegate(MarkDelegate(checklist))
    products = {p.id: p for p in journal.products()}
    blocked = checklist.blockSignals(True)  # a mark is no edit of the day
    try:
        for row in range(checklist.count()):
            item = checklist.item(row)
            product = products.get(item.data(Qt.UserRole))
            mark = ""
            if product is not None and caution_classes(product.ingredients):
                mark = product_mark(journal, entry.date, product.id, entry=entry)
            item.setData(MARK_ROLE, mark)
            item.setToolTip(mark)
            item.setData(Qt.AccessibleTextRole,
                         f"{item.text()}, {mark}" if mark else item.text())
    finally:
        checklist.blockSignals(blocked)
    checklist.viewport().update()
