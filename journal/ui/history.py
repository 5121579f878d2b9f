"""The History page: every logged day as a timeline, newest first; opening one edits it.

Days are grouped under a divider per session (journal/ui/widgets/timeline.py paints them);
the filters narrow it to the red-flag days or to the days a given product was used.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QListView, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal.ui.hub import Hub
from journal.ui.widgets.timeline import (
    DATE_ROLE, TimelineDelegate, TimelineModel, build_rows,
)

ALL, RED_FLAGS = "all", "red-flags"


class HistoryPage(QWidget):
    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.model = TimelineModel(self)
        self.view = QListView()
        self.view.setObjectName("timeline")
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Logged days"))
        from journal.ui import theme

        self.delegate = TimelineDelegate(theme.LiveColours(), self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.setResizeMode(QListView.Adjust)   # heights follow the width (wrapped notes)
        self.view.setUniformItemSizes(False)
        self.view.setSpacing(0)

        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Show which days"))
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        title = QLabel(self.tr("History"))
        title.setObjectName("pageTitle")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        show = QLabel(self.tr("&Show:"))
        show.setBuddy(self.filter)
        top.addWidget(show)
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        hub.entries_changed.connect(lambda _date: self.refresh())
        hub.sessions_changed.connect(self.refresh)
        hub.products_changed.connect(self._products_changed)
        self._products_changed()

    def _products_changed(self) -> None:
        current = self.filter.currentData()
        blocked = self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(self.tr("All days"), ALL)
        self.filter.addItem(self.tr("Days with a red flag"), RED_FLAGS)
        for product in self.hub.journal.products():
            self.filter.addItem(self.tr("Days with %s") % product.name, product.id)
        self.filter.setCurrentIndex(max(0, self.filter.findData(current)))
        self.filter.blockSignals(blocked)
        self.refresh()

    def show_only(self, key) -> None:
        """Filter: ALL, RED_FLAGS or a product id."""
        self.filter.setCurrentIndex(max(0, self.filter.findData(key)))

    def refresh(self) -> None:
        from journal.trends import caution_classes_of, caution_label, ordered_caution_classes

        journal = self.hub.journal
        entries = journal.entries()
        products = journal.products()
        suspect = {p.id: [caution_label(c) for c in
                          ordered_caution_classes(caution_classes_of(p.ingredients))]
                   for p in products}
        key = self.filter.currentData() or ALL
        if key == RED_FLAGS:
            keep = lambda e: bool(e.flags)  # noqa: E731
        elif key == ALL:
            keep = lambda e: True  # noqa: E731
        else:
            keep = lambda e: key in e.product_ids  # noqa: E731
        rows = build_rows(entries, journal.sessions(), {p.id: p.name for p in products},
                          suspect, keep)
        self.model.set_rows(rows)
        if not entries:
            self.summary.setText(self.tr(
                "No days logged yet. Each evening, fill in the Today page (Ctrl+1) and press "
                "Save day: every day you log shows here."))
            return
        shown = len(self.model.day_rows())
        flagged = sum(1 for e in entries if e.flags)
        text = (self.tr("%s logged · %s with a red flag") %
                (fmt.plural(len(entries), "day"), fmt.plural(flagged, "day")))
        if key != ALL:
            text = self.tr("%s shown of %s") % (fmt.plural(shown, "day"), text)
        self.summary.setText(text + self.tr(" · double-click or press Enter to edit a day"))

    def _open(self, index) -> None:
        date = index.data(DATE_ROLE) if index.isValid() else None
        if date is not None:
            self.hub.open_day.emit(date)
