"""The Trends page, driven like a user would: controls, saving a day elsewhere, start-up cost."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import numpy as np
import pytest

from journal.models import DayEntry
from tests.ui.conftest import SMALL_TODAY

D = dt.date
TODAY = SMALL_TODAY  # the `hub` fixture's today (tests/ui/conftest.py)

# matplotlib's Qt toolbar asks for a Qt 5 attribute that Qt 6 deprecates (not our code).
pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value 'Qt.*AA_UseHighDpiPixmaps:DeprecationWarning")


@pytest.fixture
def page(hub, qtbot):
    from journal.ui.trends import TrendsPage

    widget = TrendsPage(hub)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _timeline_axes(page):
    return page.timeline_fig._journal_timeline


def _gids(ax):
    return {a.get_gid() for a in ax.get_children() if a.get_gid()}


def _drawn(qtbot, canvas, action):
    """Run `action` and wait until the canvas has actually been redrawn."""
    events = []
    cid = canvas.mpl_connect("draw_event", events.append)
    try:
        action()
        qtbot.waitUntil(lambda: bool(events), timeout=3000)
    finally:
        canvas.mpl_disconnect(cid)


def _bar_dates(page):
    from matplotlib.dates import num2date

    from journal.charts import rect_centres

    _ax, bars_ax, _strip = _timeline_axes(page)
    (bars,) = [a for a in bars_ax.get_children() if a.get_gid() == "breakout-bars"]
    return [num2date(x).date() for x in rect_centres(bars)]


def test_page_shows_both_charts_the_table_and_a_save_image_button(page, tmp_path):
    ax, _bars, _strip = _timeline_axes(page)
    assert "session-markers" in _gids(ax) and "symptom-redness" in _gids(ax)
    recovery = page.recovery_fig._journal_recovery
    assert {"recovery-1", "recovery-2"} <= _gids(recovery)
    table = page.table
    assert table.columnCount() == 2 and table.rowCount() == 5
    assert table.horizontalHeaderItem(1).text().endswith("(current)")
    assert table.item(0, 0).text() == "4 on day 2"
    assert table.item(2, 0).text() == "1"           # the day with pus
    assert "retinoid" in table.item(3, 0).text()
    actions = [a.text() for a in page.save_button.menu().actions()]
    assert actions == ["Timeline…", "Recovery curves…"]
    saved = page.save_image("timeline", str(tmp_path / "timeline"))
    assert saved.endswith(".png") and (tmp_path / "timeline.png").read_bytes()[:4] == b"\x89PNG"


def test_a_chart_image_is_not_saved_into_the_journals_folder(page, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    inside = page.hub.journal.data_dir / "timeline.png"
    assert page.save_image("timeline", str(inside)) is None
    assert not inside.exists() and "inside the journal's folder" in said[0]


def test_changing_the_symptoms_updates_the_timeline(page, qtbot):
    ax = _timeline_axes(page)[0]
    assert "symptom-swelling" not in _gids(ax)
    _drawn(qtbot, page.timeline_canvas, lambda: page.symptom_boxes["swelling"].setChecked(True))
    assert "symptom-swelling" in _gids(ax)
    _drawn(qtbot, page.timeline_canvas, lambda: page.symptom_boxes["redness"].setChecked(False))
    assert "symptom-redness" not in _gids(ax)
    legend = [t.get_text() for t in page.timeline_fig.legends[0].get_texts()]
    assert "swelling" in legend and "redness" not in legend
    # the choice is remembered for next time
    assert page.hub.settings.value("trends/symptoms") == "swelling,dryness"


def test_changing_the_range_updates_the_timeline(page, qtbot):
    from matplotlib.dates import date2num

    ax = _timeline_axes(page)[0]
    _drawn(qtbot, page.timeline_canvas,
           lambda: page.range_combo.setCurrentIndex(page.range_combo.findData("2w")))
    lo, hi = ax.get_xlim()
    assert lo < date2num(TODAY - dt.timedelta(days=13)) < date2num(TODAY) < hi
    assert hi - lo < 16
    (markers,) = [a for a in ax.get_children() if a.get_gid() == "session-markers"]
    assert len(markers.get_segments()) == 1          # only the April session is in range
    assert _bar_dates(page) == [D(2026, 4, 6)]

    _drawn(qtbot, page.timeline_canvas,
           lambda: page.range_combo.setCurrentIndex(page.range_combo.findData("all")))
    assert len([a for a in ax.get_children() if a.get_gid() == "session-markers"][0]
               .get_segments()) == 2
    assert page.from_edit.date().toPython() == D(2026, 2, 27)   # the range shown

    page.range_combo.setCurrentIndex(page.range_combo.findData("custom"))
    assert page.from_edit.isEnabled()
    _drawn(qtbot, page.timeline_canvas, lambda: page.from_edit.setDate(D(2026, 3, 2)))
    _drawn(qtbot, page.timeline_canvas, lambda: page.to_edit.setDate(D(2026, 3, 3)))
    assert _bar_dates(page) == [D(2026, 3, 2), D(2026, 3, 3)]


def test_recovery_controls_and_rolling_mean(page, qtbot):
    from matplotlib.dates import date2num

    recovery = page.recovery_fig._journal_recovery
    _drawn(qtbot, page.recovery_canvas, lambda: page.recovery_combo.setCurrentIndex(
        page.recovery_combo.findData("redness")))
    assert recovery.get_ylabel() == "rating (0–10)"
    (line,) = [a for a in recovery.get_lines() if a.get_gid() == "recovery-1"]
    assert list(line.get_ydata()[:3]) == [7, 5, 3]
    _drawn(qtbot, page.recovery_canvas, lambda: page.days_spin.setValue(28))
    (line,) = [a for a in recovery.get_lines() if a.get_gid() == "recovery-1"]
    assert len(line.get_xdata()) == 29
    # the 3-day mean smooths the timeline; recovery curves keep the logged values (as the
    # table does), so that chart is not redrawn
    recovery_draws = []
    cid = page.recovery_canvas.mpl_connect("draw_event", recovery_draws.append)
    _drawn(qtbot, page.timeline_canvas, lambda: page.smooth_box.setChecked(True))
    page.recovery_canvas.mpl_disconnect(cid)
    (smoothed,) = [a for a in _timeline_axes(page)[0].get_lines()
                   if a.get_gid() == "symptom-redness"]
    assert _timeline_axes(page)[0].get_title(loc="left").startswith("3-day means")
    assert smoothed.get_ydata()[list(smoothed.get_xdata()).index(
        date2num(D(2026, 3, 2)))] == pytest.approx(5.0)          # (7 + 5 + 3) / 3
    assert recovery_draws == []
    (line,) = [a for a in recovery.get_lines() if a.get_gid() == "recovery-1"]
    assert list(line.get_ydata()[:3]) == [7, 5, 3]


def test_a_day_saved_elsewhere_updates_the_charts_and_table(page, hub, qtbot):
    hub.journal.save_entry(DayEntry(date=TODAY, redness=3, breakouts=6))
    _drawn(qtbot, page.timeline_canvas, lambda: hub.entries_changed.emit(TODAY))
    assert TODAY in _bar_dates(page)
    assert page.table.item(0, 1).text() == "6 on day 2"
    (line,) = [a for a in page.recovery_fig._journal_recovery.get_lines()
               if a.get_gid() == "recovery-2"]
    assert list(line.get_ydata()[:3]) == [0, 1, 6]


def test_a_day_outside_every_recovery_window_leaves_that_chart_alone(page, hub, qtbot):
    late = D(2026, 3, 25)                       # day 24 of session 1: beyond the 14 days shown
    hub.journal.save_entry(DayEntry(date=late, breakouts=3))
    recovery_draws = []
    cid = page.recovery_canvas.mpl_connect("draw_event", recovery_draws.append)
    _drawn(qtbot, page.timeline_canvas, lambda: hub.entries_changed.emit(late))
    qtbot.wait(50)
    page.recovery_canvas.mpl_disconnect(cid)
    assert late in _bar_dates(page)
    assert page.table.item(4, 0).text() == "5 of 35"       # days logged, session 1
    assert recovery_draws == []


def test_saving_on_the_today_page_updates_trends(page, hub, qtbot):
    from journal.ui.today import TodayPage

    from PySide6.QtCore import QCoreApplication, QEvent

    today = TodayPage(hub)
    try:
        today.show()
        assert today.date() == TODAY
        today.ratings["redness"].setValue(2)
        today.breakouts.setValue(5)
        _drawn(qtbot, page.timeline_canvas, today.save)
        assert TODAY in _bar_dates(page)
        assert page.table.item(0, 1).text() == "5 on day 2"
        assert page.table.item(1, 1).text() == "day 2"       # redness 2 on 7 April
    finally:
        # destroy it now, with its timers, while the journal is still open
        today.close()
        today.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def test_hidden_page_waits_until_shown(page, hub, qtbot):
    page.hide()
    hub.journal.save_entry(DayEntry(date=TODAY, breakouts=9))
    hub.entries_changed.emit(TODAY)
    assert page._dirty and page.table.item(0, 1).text() == "1 on day 1"   # not redrawn yet
    _drawn(qtbot, page.timeline_canvas, page.show)
    assert not page._dirty and page.table.item(0, 1).text() == "9 on day 2"


def test_sessions_changed_redraws_markers(page, hub, qtbot):
    from journal.models import Session

    hub.journal.add_session(Session(date=D(2026, 3, 20)))
    _drawn(qtbot, page.timeline_canvas, hub.sessions_changed.emit)
    ax = _timeline_axes(page)[0]
    (markers,) = [a for a in ax.get_children() if a.get_gid() == "session-markers"]
    assert len(markers.get_segments()) == 3
    assert page.table.columnCount() == 3


def test_dark_window_palette_gives_a_dark_chart(page, qtbot):
    from PySide6.QtGui import QColor, QPalette

    palette = page.palette()
    palette.setColor(QPalette.Base, QColor("#202124"))
    palette.setColor(QPalette.Text, QColor("#e8eaed"))
    _drawn(qtbot, page.timeline_canvas, lambda: page.setPalette(palette))
    r, g, b, _a = page.timeline_fig.get_facecolor()
    assert max(r, g, b) < 0.2


def test_redraw_reuses_the_figures_and_canvases(page, qtbot):
    canvas, fig, axes = page.timeline_canvas, page.timeline_fig, _timeline_axes(page)
    for name in ("itch", "pain"):
        _drawn(qtbot, canvas, lambda n=name: page.symptom_boxes[n].toggle())
    assert page.timeline_canvas is canvas and canvas.figure is fig
    assert _timeline_axes(page) == axes and len(fig.axes) == 3
    assert page.last_draw_seconds < 1.0   # generous: the benchmark in tests/perf is the judge


def test_missing_day_is_a_gap_on_the_page(page):
    from matplotlib.dates import date2num

    ax = _timeline_axes(page)[0]
    (line,) = [a for a in ax.get_lines() if a.get_gid() == "symptom-redness"]
    y = np.asarray(line.get_ydata())[np.asarray(line.get_xdata()) == date2num(D(2026, 3, 4))]
    assert np.isnan(y).all()


def test_start_up_does_not_import_matplotlib(data_dir):
    from tests.conftest import ROOT

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(ROOT / "main.py"), "--data-dir", str(data_dir),
         "--quit-after-show"], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "journal.ui.main_window" in imported
    assert not {m for m in imported if m.split(".")[0] in ("matplotlib", "numpy")}



def test_range_dates_are_written_as_the_app_writes_dates(page):
    page.range_combo.setCurrentIndex(page.range_combo.findData("custom"))
    page.from_edit.setDate(D(2025, 9, 14))
    assert page.from_edit.text() == "14 Sept 2025"  # en_GB's CLDR name (Qt's own: "Sep")
