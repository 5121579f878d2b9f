"""The read-only record table used by Sessions and Products."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

COLUMN_SHARE = 0.5     # no column wider than this share of the table: the text wraps instead
MIN_COLUMN_CAP = 110   # ... but never capped below this many pixels


class _FitColumns(QObject):
    """Caps every column at a share of the visible width whenever the table is resized, so
    that in a narrow window the first columns wrap onto two lines instead of pushing the
    rest (the verdict, the needle depth) behind a sideways scroll bar."""

    def __init__(self, view: QTableView):
        super().__init__(view)
        self._view = view
        self._cap = None
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        cap = max(MIN_COLUMN_CAP, int(self._view.viewport().width() * COLUMN_SHARE))
        if cap != self._cap:
            self._cap = cap
            self._view.horizontalHeader().setMaximumSectionSize(cap)


def record_table(model) -> QTableView:
    """A table of whole rows: one selected at a time, not editable in place, zebra rows."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    # long cells wrap (at most COLUMN_SHARE of the width each) and their rows grow to fit
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view._fit_columns = _FitColumns(view)
    return view
