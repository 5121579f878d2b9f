"""Trends page panel: one product (or makeup, sun, sweat) at a time - new spots by day after
a session on days with and without it, with the verdict from journal.care.evidence."""
from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from journal import charts


class EvidencePanel(QWidget):
    def __init__(self, hub, theme_of=None, parent=None):
        super().__init__(parent)
        self.hub = hub
        self._theme_of = theme_of or (lambda: charts.LIGHT)
        self._dirty = True
        self._records = None
        self.combo = QComboBox()
        self.combo.setToolTip(self.tr("The product (or makeup, sun, sweat) to look at"))
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(14)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.fig = Figure(figsize=(6, 3.4), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.fig)
        self.canvas.setMinimumHeight(90)
        self.canvas.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("In your log:")))
        row.addWidget(self.combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.note)
        self.combo.currentIndexChanged.connect(self._draw)
        for signal in (hub.entries_changed, hub.sessions_changed, hub.products_changed):
            signal.connect(self._changed)

    def _changed(self, *_args) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the evidence (cached per data version) and redraw."""
        from journal.care.evidence import ASSOCIATION_NOTE, day_records, product_evidence

        self._dirty = False
        journal = self.hub.journal
        self._evidence = {e.key: e for e in product_evidence(journal)}
        self._records = day_records(journal)
        current = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        for found in self._evidence.values():
            self.combo.addItem(f"{found.name} — {found.short_text}", found.key)
        index = self.combo.findData(current)
        self.combo.setCurrentIndex(index if index >= 0 else 0)
        self.combo.blockSignals(False)
        self.note.setText(ASSOCIATION_NOTE)
        self._draw()

    def select(self, key) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(key)))

    def _draw(self, *_args) -> None:
        from journal.care.evidence import spots_by_day

        key = self.combo.currentData()
        found = self._evidence.get(key) if key is not None else None
        if found is None:
            self.verdict.setText(self.tr("Add products on the Products page to compare them."))
            self.fig.clear()
            self.fig._journal_recovery = None
            self.canvas.draw_idle()
            return
        self.verdict.setText(f"<b>{_escape(found.verdict_text.capitalize())}</b>: "
                             f"{_escape(found.figures)}")
        self.verdict.setToolTip(found.details)
        rows = spots_by_day(self._records, key)
        charts.product_days_figure(rows, found.name, self.fig, theme=self._theme_of())
        self.canvas.draw_idle()


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
