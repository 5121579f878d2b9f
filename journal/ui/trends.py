"""The Trends page: breakouts and symptoms over time, recovery curves per session, a summary.

The app imports matplotlib in the background just after the window shows (journal/ui/
warm_up.py), so a first visit rarely waits for it: a page made while that import is under
way shows its controls and table at once, "Drawing charts…" where the charts go, and makes
the canvases (on the GUI thread) when the import is done (``charts_ready``). Each chart is
one Figure on one canvas for the life of the page: a change of controls redraws into the
same axes (journal.charts reuses them), and the journal is read once and then patched day
by day as days are saved.
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QFileDialog, QFrame, QHBoxLayout,
    QHeaderView, QLabel, QMenu, QScrollArea, QSizePolicy, QSpinBox, QSplitter, QTableWidget,
    QTableWidgetItem, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal import settings as S
from journal.models import SYMPTOMS
from journal.trends import (
    EARLY_DAYS, SERIES_LABELS, TrendData, build_trend_data, caution_label, session_summaries,
)
from journal.ui.hub import Hub
from journal.ui.tasks import gui_waits_for_imports
from journal.ui.widgets.date_field import use_app_date_format

if TYPE_CHECKING:
    from journal import charts

RANGES = [  # key, label, days (None: everything; 0: custom)
    ("2w", "Last 2 weeks", 14),
    ("6w", "Last 6 weeks", 42),
    ("all", "All", None),
    ("custom", "Custom…", 0),
]
DEFAULT_SYMPTOMS = ("redness", "dryness")
RECOVERY_SESSIONS = 6                  # the recovery chart shows the latest six sessions
TIMELINE, RECOVERY, TABLE = 1, 2, 4   # what a redraw redraws
EVERYTHING = TIMELINE | RECOVERY | TABLE


def _qdate(date: dt.date) -> QDate:
    return QDate(date.year, date.month, date.day)


def _pydate(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


# Below this page width the recovery chart and the session table stack (each full width)
# and the page scrolls up and down rather than squeezing the charts' text together.
STACK_WIDTH = 900
IMAGE_FILTER = "PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)"


class TrendsPage(QWidget):
    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self._entries: dict = {}
        self._sessions: list = []
        self._products: dict = {}
        self._window_cache: tuple | None = None
        self._dirty = False
        self._needs_reload = False
        self._ready = False
        self._drawn_theme = None
        self.last_draw_seconds = 0.0

        title = QLabel(self.tr("Trends"))
        title.setObjectName("pageTitle")

        # -- controls ----------------------------------------------------------------------
        self.range_combo = QComboBox()
        for key, label, _days in RANGES:
            self.range_combo.addItem(self.tr(label), key)
        self.from_edit = QDateEdit(calendarPopup=True)
        self.to_edit = QDateEdit(calendarPopup=True)
        self.range_combo.setAccessibleName(self.tr("Range"))
        self.from_edit.setAccessibleName(self.tr("Range from"))
        self.to_edit.setAccessibleName(self.tr("Range to"))
        for edit in (self.from_edit, self.to_edit):
            use_app_date_format(edit, "date")  # "14 Sept 2026" (en_GB), as the app writes it
        self.symptom_boxes: dict[str, QCheckBox] = {}
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(QLabel(self.tr("Range:")))
        header.addWidget(self.range_combo)
        header.addWidget(self.from_edit)
        self.range_dash = QLabel("–")
        header.addWidget(self.range_dash)
        header.addWidget(self.to_edit)
        # The series to show (no "Show:" label: with the timeline's toolbar now in the
        # header row, the boxes fit the smallest window).
        controls = QHBoxLayout()
        self.breakouts_box = QCheckBox(self.tr("New spots"))
        self.breakouts_box.setToolTip(self.tr("New spots per day, as bars"))
        controls.addWidget(self.breakouts_box)
        for name in SYMPTOMS:
            box = QCheckBox(self.tr(SERIES_LABELS[name].split(" /")[0]))
            box.setToolTip(self.tr("%s rating (0–10), as a line") % SERIES_LABELS[name])
            self.symptom_boxes[name] = box
            controls.addWidget(box)
        controls.addSpacing(12)
        self.smooth_box = QCheckBox(self.tr("3-day mean"))
        self.smooth_box.setToolTip(self.tr(
            "Smooth the timeline: each day becomes the mean of the day before, the day and "
            "the day after (only days with an entry count; a gap of three days or more stays "
            "a gap). The recovery curves always show the values as logged, like the table."))
        controls.addWidget(self.smooth_box)
        controls.addStretch(1)
        # (the timeline's toolbar joins the header row below, once it exists)

        # -- the timeline ------------------------------------------------------------------
        # (the figures, canvases and the evidence panel: _make_charts)
        self.timeline_fig = self.timeline_canvas = None
        self.recovery_fig = self.recovery_canvas = None
        self.evidence_panel = None
        # What a patient needs of a chart toolbar: the range (above) and saving a picture.
        self.save_button = QToolButton(text=self.tr("Save image…"))
        self.save_button.setPopupMode(QToolButton.InstantPopup)
        self.save_button.setAccessibleName(self.tr("Save a chart as an image"))
        save_menu = QMenu(self.save_button)
        save_menu.addAction(self.tr("Timeline…"), lambda: self.save_image("timeline"))
        save_menu.addAction(self.tr("Recovery curves…"), lambda: self.save_image("recovery"))
        self.save_button.setMenu(save_menu)
        timeline_panel = QWidget()
        timeline_layout = QVBoxLayout(timeline_panel)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.setSpacing(0)
        self._timeline_layout = timeline_layout
        self._placeholders = [self._drawing_label(), self._drawing_label(), self._drawing_label()]
        timeline_layout.addWidget(self._placeholders[0], 1)
        header.addSpacing(8)
        header.addWidget(self.save_button)

        # -- recovery curves ----------------------------------------------------------------
        self.recovery_combo = QComboBox()
        for name in ("breakouts", *SYMPTOMS):
            self.recovery_combo.addItem(self.tr(SERIES_LABELS[name]), name)
        self.recovery_combo.setAccessibleName(self.tr("Recovery of"))
        self.days_spin = QSpinBox()
        self.days_spin.setAccessibleName(self.tr("Days after each session"))
        self.days_spin.setRange(7, 42)
        self.days_spin.setSingleStep(7)
        self.days_spin.setSuffix(self.tr(" days"))
        self.days_spin.setToolTip(self.tr("How many days after each session to show"))
        recovery_controls = QHBoxLayout()
        recovery_controls.addWidget(QLabel(self.tr("Recovery of:")))
        recovery_controls.addWidget(self.recovery_combo)
        recovery_controls.addWidget(QLabel(self.tr("over")))
        recovery_controls.addWidget(self.days_spin)
        recovery_controls.addStretch(1)
        # (the recovery chart's toolbar joins this row below)
        recovery_panel = QWidget()
        recovery_layout = QVBoxLayout(recovery_panel)
        recovery_layout.setContentsMargins(0, 0, 0, 0)
        recovery_layout.setSpacing(2)
        recovery_layout.addLayout(recovery_controls)
        self._recovery_layout = recovery_layout
        recovery_layout.addWidget(self._placeholders[1], 1)

        # -- per-session summary (sessions as columns: easy to compare side by side) --------
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setWordWrap(True)
        self.table.setStyleSheet("QHeaderView::section { padding: 4px 5px; }")
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        # A column never narrower than "Session 12 (14 Oct 2026)" wraps to: no word fragments.
        self.table.horizontalHeader().setMinimumSectionSize(
            self.table.fontMetrics().horizontalAdvance("(14 Sept 2026)") + 16)
        summary_title = QLabel(self.tr("Each session at a glance"))
        summary_title.setObjectName("sectionTitle")
        summary_hint = QLabel(self.tr(
            "Days count from the session day (day 0). Caution: retinoids, acids, oils, "
            "alcohol, fragrance …"))
        summary_hint.setToolTip(self.tr(
            "Caution ingredients are those the aftercare advice says to avoid in the first "
            "week: retinoids, acids, pore-clogging oils, drying alcohol, fragrance and others, "
            "found in the ingredient lists of the products ticked on days 0–%d.") % EARLY_DAYS)
        summary_hint.setObjectName("hint")
        summary_hint.setWordWrap(True)
        summary_panel = QWidget()
        summary_layout = QVBoxLayout(summary_panel)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addWidget(summary_title)
        summary_layout.addWidget(self.table, 1)
        summary_layout.addWidget(summary_hint)

        # The summary and, beside it on a tab, one product with and without (issue 12).
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(summary_panel, self.tr("Sessions"))
        self.side_tabs.addTab(self._placeholders[2], self.tr("Products"))
        self.bottom = bottom = QSplitter(Qt.Horizontal)
        bottom.addWidget(recovery_panel)
        bottom.addWidget(self.side_tabs)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)
        bottom.setSizes([500, 500])
        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(timeline_panel)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)

        # The charts scroll up and down (never sideways) when the window is too small for them.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(controls)
        layout.addWidget(self.scroll, 1)

        self._restore_controls()
        # Each control redraws only the chart it changes.
        timeline = lambda *_: self._controls_changed(TIMELINE)  # noqa: E731
        recovery = lambda *_: self._controls_changed(RECOVERY)  # noqa: E731
        self.range_combo.currentIndexChanged.connect(self._range_changed)
        self.from_edit.dateChanged.connect(self._custom_dates_changed)
        self.to_edit.dateChanged.connect(self._custom_dates_changed)
        self.breakouts_box.toggled.connect(timeline)
        for box in self.symptom_boxes.values():
            box.toggled.connect(timeline)
        self.smooth_box.toggled.connect(timeline)
        self.recovery_combo.currentIndexChanged.connect(recovery)
        self.days_spin.valueChanged.connect(recovery)

        hub.entries_changed.connect(self._entries_changed)
        hub.sessions_changed.connect(self._sessions_changed)
        hub.products_changed.connect(self._products_changed)
        # Session labels are fitted to the width: redraw the timeline once a resize settles.
        self._resize_timer = QTimer(self, singleShot=True, interval=200)
        self._resize_timer.timeout.connect(self._resized)
        self._built_size = None
        self._recovery_built_width = None  # its legend's columns follow the width: redrawn too
        self.reload()
        self._ready = True
        self._dirty = True   # the first draw waits for showEvent, when the canvases have a size
        # The charts (matplotlib) are made on the GUI thread: now, or, while the app's warm-up
        # is importing matplotlib in the background, once it is done (the page shows
        # "Drawing charts…" and its table meanwhile). `done` is connected to a slot of this
        # page, so the connection dies with the page (journal/ui/warm_up.py).
        from journal.ui.warm_up import app_warm_up

        warm_up = app_warm_up()
        if warm_up.in_flight():
            warm_up.done.connect(self._warm_up_done)
            gui_waits_for_imports()  # (opening a page made the import wait: not for this one)
        else:
            self._make_charts()

    @Slot()
    def _warm_up_done(self) -> None:
        if shiboken6.isValid(self) and not self.charts_ready:
            self._make_charts()

    @property
    def charts_ready(self) -> bool:
        """True once the charts' canvases exist (see the module's docstring)."""
        return self.timeline_canvas is not None

    def _drawing_label(self) -> QLabel:
        label = QLabel(self.tr("Drawing charts…"))
        label.setObjectName("hint")
        label.setAlignment(Qt.AlignCenter)
        label.setMinimumHeight(160)  # both charts fit a 540-pixel window
        label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        return label

    def _make_charts(self) -> None:
        """The figures, their canvases and the evidence panel, in place of the placeholders."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from journal.ui.widgets.evidence_panel import EvidencePanel

        self.timeline_fig = Figure(figsize=(10, 3.6), dpi=100)
        self.timeline_canvas = FigureCanvasQTAgg(self.timeline_fig)
        self.timeline_canvas.setMinimumHeight(160)  # both charts fit a 540-pixel window
        self.timeline_canvas.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.recovery_fig = Figure(figsize=(6, 3.6), dpi=100)
        self.recovery_canvas = FigureCanvasQTAgg(self.recovery_fig)
        self.recovery_canvas.setMinimumHeight(160)
        self.recovery_canvas.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.evidence_panel = EvidencePanel(self.hub, self.theme)
        timeline_label, recovery_label, products_label = self._placeholders
        self._timeline_layout.replaceWidget(timeline_label, self.timeline_canvas)
        self._recovery_layout.replaceWidget(recovery_label, self.recovery_canvas)
        if self.isVisible():  # (else the layout shows them only on a later turn)
            self.timeline_canvas.show()
            self.recovery_canvas.show()
        current = self.side_tabs.currentIndex()
        blocked = self.side_tabs.blockSignals(True)
        self.side_tabs.removeTab(1)
        self.side_tabs.insertTab(1, self.evidence_panel, self.tr("Products"))
        self.side_tabs.setCurrentIndex(current)
        self.side_tabs.blockSignals(blocked)
        for label in self._placeholders:
            label.hide()
            label.deleteLater()
        self._placeholders = []
        self.timeline_canvas.mpl_connect("resize_event", lambda _e: self._resize_timer.start())
        self.recovery_canvas.mpl_connect("resize_event", lambda _e: self._resize_timer.start())
        self.recovery_canvas.setMinimumHeight(300 if self.width() < STACK_WIDTH else 160)
        if self.isVisible():
            self.redraw(TIMELINE | RECOVERY)  # (the table is there already)
        else:
            self._dirty = True

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the whole journal once (one entries query)."""
        journal = self.hub.journal
        self._entries = {e.date: e for e in journal.entries()}
        self._sessions = journal.sessions()
        self._products = {p.id: p for p in journal.products()}
        self._window_cache = None
        self._dirty = False

    def refresh(self) -> None:
        """Re-read everything and redraw (F5)."""
        self.reload()
        self.redraw()

    def _entries_changed(self, date) -> None:
        if date is None:
            self._schedule(reload=True)
            return
        entry = self.hub.journal.entry(date)  # patch one day instead of re-reading all
        if entry is None:
            self._entries.pop(date, None)
        else:
            self._entries[date] = entry
        self._window_cache = None
        # the recovery chart shows days 0..N of the latest sessions: skip it if untouched
        shown = self._sessions[-RECOVERY_SESSIONS:]
        span = dt.timedelta(days=self.days_spin.value())
        touches_recovery = any(s.date <= date <= s.date + span for s in shown)
        self._schedule(reload=False,
                       parts=EVERYTHING if touches_recovery else TIMELINE | TABLE)

    def _sessions_changed(self) -> None:
        self._sessions = self.hub.journal.sessions()
        self._window_cache = None
        self._schedule(reload=False)

    def _products_changed(self) -> None:
        self._products = {p.id: p for p in self.hub.journal.products()}
        self._window_cache = None
        self._schedule(reload=False)

    def _schedule(self, reload: bool, parts: int = EVERYTHING) -> None:
        """Redraw now if the page is on screen, else (all of it) when it is next shown."""
        if self.isVisible():
            if reload:
                self.reload()
            self.redraw(parts)
        else:
            self._dirty = True
            self._needs_reload = self._needs_reload or reload

    def _resized(self) -> None:
        if not self.isVisible() or not self.charts_ready:
            return
        parts = 0
        if self._built_size != self._timeline_size():
            parts |= TIMELINE
        if self._recovery_built_width != self._recovery_width():
            parts |= RECOVERY
        if parts:
            self.redraw(parts)

    def _recovery_width(self) -> float:
        return round(float(self.recovery_fig.get_size_inches()[0]), 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_to_width()

    def _fit_to_width(self) -> None:
        stacked = self.width() < STACK_WIDTH
        self.bottom.setOrientation(Qt.Vertical if stacked else Qt.Horizontal)
        # Room the charts need to keep their text apart; the page scrolls below it. Stacked,
        # the recovery chart keeps the height of its legend, title and plot (at 160 px its
        # legend ran into the title and the plot was a sliver).
        self.splitter.setMinimumHeight(1000 if stacked else 420)
        if self.recovery_canvas is not None:  # (None: the charts are on their way)
            self.recovery_canvas.setMinimumHeight(300 if stacked else 160)
        self._show_range_dates()

    def _show_range_dates(self) -> None:
        """In a narrow window the greyed-out dates of a preset range are left out (squeezed,
        they showed "29 Aug 202"); the chart's axis shows them. A custom range shows them."""
        shown = self.width() >= STACK_WIDTH or self.range_combo.currentData() == "custom"
        for widget in (self.from_edit, self.range_dash, self.to_edit):
            widget.setVisible(shown)

    def save_image(self, which: str, path: str | None = None) -> str | None:
        """Save the timeline or the recovery chart as PNG, PDF or SVG; the path, or None."""
        fig = self.timeline_fig if which == "timeline" else self.recovery_fig
        if fig is None:  # the charts are still on their way
            return None
        if path is None:
            name = f"skin-journal-{which}.png"
            folder = self.hub.settings.value(S.TRENDS_LAST_FOLDER.key, "")
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the chart as an image"),
                str(Path(folder) / name) if folder else name, self.tr(IMAGE_FILTER))
            if not path:
                return None
            self.hub.settings.setValue(S.TRENDS_LAST_FOLDER.key, str(Path(path).parent))
        if Path(path).suffix.lower() not in (".png", ".pdf", ".svg"):
            path += ".png"
        from journal.models import JournalError
        from journal.paths import refuse_inside_data_dir

        try:  # never into the journal's own folder (the next backup would sweep it up)
            refuse_inside_data_dir(self.hub.journal.data_dir, Path(path), "chart image")
            fig.savefig(path, dpi=200, facecolor=fig.get_facecolor())
        except (OSError, JournalError) as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.tr("Could not save the image"), str(exc))
            return None
        return path

    def _timeline_size(self) -> tuple:
        return tuple(self.timeline_fig.get_size_inches().round(2))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            if self._needs_reload:
                self.reload()
                self._needs_reload = False
            self._dirty = False
            self.redraw()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if (event.type() == QEvent.PaletteChange and self._ready and self.charts_ready
                and self.theme() != self._drawn_theme):
            self.redraw(EVERYTHING)  # follow a switch between light and dark window themes

    def current_range(self) -> tuple[dt.date | None, dt.date | None]:
        """(start, end) of the range control; (None, None) means everything."""
        key = self.range_combo.currentData()
        days = next(d for k, _l, d in RANGES if k == key)
        if days is None:
            return None, None
        if days == 0:
            start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
            return (start, end) if start <= end else (end, start)
        today = self.hub.today()
        return today - dt.timedelta(days=days - 1), today

    def data(self) -> TrendData:
        """The series for the current range (built in memory, cached until data changes)."""
        start, end = self.current_range()
        if self._window_cache is None or self._window_cache[0] != (start, end):
            data = build_trend_data(self._entries.values(), self._sessions,
                                    self._products.values(), start, end)
            self._window_cache = ((start, end), data)
        return self._window_cache[1]

    # -- drawing ---------------------------------------------------------------------------
    def selected_symptoms(self) -> tuple[str, ...]:
        return tuple(n for n in SYMPTOMS if self.symptom_boxes[n].isChecked())

    def theme(self) -> charts.ChartTheme:
        from journal import charts

        palette = self.palette()
        return charts.theme_for(palette.color(QPalette.Base).name(),
                                palette.color(QPalette.Text).name())

    def redraw(self, parts: int = EVERYTHING) -> None:
        """Redraw the charts (and table) in `parts` from the cached data; no database access.

        The figures and axes are reused; the canvases repaint when Qt is next idle.
        """
        started = time.perf_counter()
        data = self.data()
        if not self.charts_ready:  # the table now, the charts when they are made
            if parts & TIMELINE:
                self._show_range_of(data)
            if parts & TABLE:
                self._fill_table(data)
            self.last_draw_seconds = time.perf_counter() - started
            return
        from matplotlib import dates as mdates

        from journal import charts

        theme = self.theme()
        if theme != self._drawn_theme:
            self._drawn_theme, parts = theme, EVERYTHING
        smooth = self.smooth_box.isChecked()
        if parts & TIMELINE:
            charts.timeline_figure(data, self.timeline_fig, symptoms=self.selected_symptoms(),
                                   breakouts=self.breakouts_box.isChecked(), smooth=smooth,
                                   theme=theme)
            main_ax = self.timeline_fig._journal_timeline[0]
            main_ax.fmt_xdata = lambda x: fmt.weekday_date(mdates.num2date(x).date())
            self._built_size = self._timeline_size()
            self._show_range_of(data)
            self.timeline_canvas.draw_idle()
        if parts & RECOVERY:
            charts.recovery_figure(data, self.recovery_fig,
                                   series=self.recovery_combo.currentData(),
                                   max_day=self.days_spin.value(),
                                   max_sessions=RECOVERY_SESSIONS, theme=theme,
                                   earlier_band=True)
            self._recovery_built_width = self._recovery_width()
            self.recovery_canvas.draw_idle()
        if parts & TABLE:
            self._fill_table(data)
        self.last_draw_seconds = time.perf_counter() - started

    def _show_range_of(self, data: TrendData) -> None:
        """A preset range's dates in the (greyed-out) date fields."""
        if self.range_combo.currentData() != "custom" and data.start is not None:
            for edit, date in ((self.from_edit, data.start), (self.to_edit, data.end)):
                edit.blockSignals(True)
                edit.setDate(_qdate(date))
                edit.blockSignals(False)

    def _fill_table(self, data: TrendData) -> None:
        summaries = session_summaries(data)
        metrics = [
            (self.tr("Peak new spots"), lambda s: "—" if s.peak_breakouts is None
             else self.tr("%d on day %d") % (s.peak_breakouts, s.peak_day)),
            (self.tr("Redness ≤ 2 from"), self._settled_text),
            (self.tr("Red-flag days"), lambda s: str(s.red_flag_days)),
            (self.tr("Caution\ningredients,\ndays 0–%d") % EARLY_DAYS,
             lambda s: ", ".join(caution_label(c) for c in s.early_caution) or self.tr("none")),
            (self.tr("Days logged"), lambda s: self.tr("%d of %d") % (s.days_logged,
                                                                      s.last_day + 1)),
        ]
        table = self.table
        table.clear()
        table.setRowCount(len(metrics))
        table.setColumnCount(len(summaries))
        table.setVerticalHeaderLabels([m[0] for m in metrics])
        headers = []
        for s in summaries:
            date = s.session.date
            text = self.tr("Session %d\n%s") % (s.number, fmt.date(date))
            if s.current:
                text += self.tr("\n(current)")
            headers.append(text)
        table.setHorizontalHeaderLabels(headers)
        worst = max((s.peak_breakouts or 0 for s in summaries), default=0)
        for column, s in enumerate(summaries):
            for row, (_label, text_of) in enumerate(metrics):
                item = QTableWidgetItem(text_of(s))
                item.setTextAlignment(Qt.AlignCenter)
                if row == 0 and worst and s.peak_breakouts == worst and len(summaries) > 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if row == 2 and s.red_flag_days:
                    if self._drawn_theme is not None:  # (None: the charts are on their way)
                        item.setForeground(QColor(self._drawn_theme.red_flag))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if row == 3 and s.early_caution_products:
                    item.setToolTip(", ".join(s.early_caution_products))
                table.setItem(row, column, item)
        # Few sessions share the width; many get a fixed width each, newest scrolled into view.
        fits = len(summaries) <= 4
        table.horizontalHeader().setSectionResizeMode(
            QHeaderView.Stretch if fits else QHeaderView.Interactive)
        if not fits:
            for column in range(len(summaries)):
                table.setColumnWidth(column, 140)
            # once laid out, show the newest sessions (the right end)
            QTimer.singleShot(0, lambda: table.horizontalScrollBar().setValue(
                table.horizontalScrollBar().maximum()))

    def _settled_text(self, s) -> str:
        if s.redness_settled_day is not None:
            return self.tr("day %d") % s.redness_settled_day
        return self.tr("not yet") if s.current else self.tr("not within the period")

    # -- controls ----------------------------------------------------------------------------
    def _range_changed(self) -> None:
        custom = self.range_combo.currentData() == "custom"
        # (the date edits already show the range drawn last: it becomes the custom one)
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        self._show_range_dates()
        self._controls_changed(TIMELINE)

    def _custom_dates_changed(self) -> None:
        if self.range_combo.currentData() == "custom":
            self._controls_changed(TIMELINE)

    def _controls_changed(self, parts: int) -> None:
        self._save_controls()
        self.redraw(parts)

    def _restore_controls(self) -> None:
        stored = self.hub.settings
        key = stored.value(S.TRENDS_RANGE.key, S.TRENDS_RANGE.default)
        index = max(0, self.range_combo.findData(key))
        self.range_combo.setCurrentIndex(index)
        today = self.hub.today()
        self.from_edit.setDate(_qdate(today - dt.timedelta(days=41)))
        self.to_edit.setDate(_qdate(today))
        custom = self.range_combo.currentData() == "custom"
        for edit, name in ((self.from_edit, S.TRENDS_FROM.key), (self.to_edit, S.TRENDS_TO.key)):
            text = stored.value(name, "")
            try:
                edit.setDate(_qdate(dt.date.fromisoformat(str(text))))
            except ValueError:
                pass
            edit.setEnabled(custom)
        chosen = stored.value(S.TRENDS_SYMPTOMS.key, None)
        chosen = (DEFAULT_SYMPTOMS if chosen is None
                  else [c for c in str(chosen).split(",") if c in SYMPTOMS])
        for name, box in self.symptom_boxes.items():
            box.setChecked(name in chosen)
        self.breakouts_box.setChecked(str(stored.value(S.TRENDS_BREAKOUTS.key, "true")) == "true")
        self.smooth_box.setChecked(str(stored.value(S.TRENDS_SMOOTH.key, "false")) == "true")
        series = stored.value(S.TRENDS_RECOVERY.key, S.TRENDS_RECOVERY.default)
        self.recovery_combo.setCurrentIndex(max(0, self.recovery_combo.findData(series)))
        try:
            self.days_spin.setValue(int(stored.value(S.TRENDS_DAYS.key, S.TRENDS_DAYS.default)))
        except (TypeError, ValueError):
            self.days_spin.setValue(14)

    def _save_controls(self) -> None:
        stored = self.hub.settings
        stored.setValue(S.TRENDS_RANGE.key, self.range_combo.currentData())
        stored.setValue(S.TRENDS_FROM.key, _pydate(self.from_edit.date()).isoformat())
        stored.setValue(S.TRENDS_TO.key, _pydate(self.to_edit.date()).isoformat())
        stored.setValue(S.TRENDS_SYMPTOMS.key, ",".join(self.selected_symptoms()))
        stored.setValue(S.TRENDS_BREAKOUTS.key, "true" if self.breakouts_box.isChecked() else "false")
        stored.setValue(S.TRENDS_SMOOTH.key, "true" if self.smooth_box.isChecked() else "false")
        stored.setValue(S.TRENDS_RECOVERY.key, self.recovery_combo.currentData())
        stored.setValue(S.TRENDS_DAYS.key, self.days_spin.value())

