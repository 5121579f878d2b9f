"""journal.charts: what the figures plot, read back from the matplotlib artists."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from journal import charts
from journal.models import DayEntry, Session
from journal.trends import build_trend_data, load_trend_data

matplotlib_dates = pytest.importorskip("matplotlib.dates")
D = dt.date


def _num(date):
    return matplotlib_dates.date2num(date)


def _by_gid(ax, gid):
    return [a for a in ax.get_children() if a.get_gid() == gid]


@pytest.fixture
def data(small_journal):
    return load_trend_data(small_journal)


def test_timeline_has_one_labelled_marker_per_session(data):
    fig = charts.timeline_figure(data, symptoms=("redness",))
    ax, bars_ax, strip = fig._journal_timeline
    (markers,) = _by_gid(ax, "session-markers")
    xs = sorted(segment[0][0] for segment in markers.get_segments())
    assert xs == [_num(D(2026, 3, 1)), _num(D(2026, 4, 5))]
    labels = [t.get_text().strip() for t in _by_gid(ax, "session-label")]
    assert labels == ["Session 1 · 0.5 mm", "Session 2 · 1 mm"]
    legend_texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend_texts[:3] == ["new spots", "redness", "session"]
    assert ax.get_ylabel() == "rating (0–10)" and bars_ax.get_ylabel() == "new spots"


def test_timeline_plots_no_point_and_no_bar_for_a_missing_day(data):
    fig = charts.timeline_figure(data, symptoms=("redness", "swelling"))
    ax, bars_ax, _strip = fig._journal_timeline
    (redness,) = _by_gid(ax, "symptom-redness")
    x, y = redness.get_xdata(), redness.get_ydata()
    missing = _num(D(2026, 3, 4))
    assert np.isnan(y[x == missing]).all()           # a gap, not a zero
    assert y[x == _num(D(2026, 3, 5))] == [2]
    assert np.isfinite(y).sum() == 7                  # the seven logged days only
    (swelling,) = _by_gid(ax, "symptom-swelling")
    assert np.isfinite(swelling.get_ydata()).sum() == 2   # rated on two days only
    (bars,) = _by_gid(bars_ax, "breakout-bars")
    # a bar for each day with new spots: none on the missing day, none for a count of 0
    assert sorted(charts.rect_centres(bars)) == [_num(D(2026, 3, d)) for d in (2, 3, 5)] + \
        [_num(D(2026, 4, 6))]


def test_timeline_marks_red_flags_and_caution_ingredient_days(data):
    fig = charts.timeline_figure(data)
    ax, _bars_ax, strip = fig._journal_timeline
    (flags,) = _by_gid(ax, "red-flag")
    assert list(flags.get_xdata()) == [_num(D(2026, 3, 5))]
    (retinoid,) = _by_gid(strip, "caution-retinoid")
    (oil,) = _by_gid(strip, "caution-comedogenic")
    assert list(charts.rect_centres(retinoid)) == [_num(D(2026, 3, 3))]
    assert list(charts.rect_centres(oil)) == [_num(D(2026, 3, 5))]
    assert [t.get_text() for t in strip.get_yticklabels()] == ["retinoid", "pore-clogging oil"]


def test_recovery_figure_has_one_line_per_session_and_gaps_as_nan(data):
    fig = charts.recovery_figure(data, series="breakouts", max_day=14)
    ax = fig._journal_recovery
    first, second = (_by_gid(ax, f"recovery-{n}")[0] for n in (1, 2))
    assert len([line for line in ax.get_lines() if str(line.get_gid()).startswith(
        "recovery-") and line.get_gid()[9:].isdigit()]) == 2
    assert list(first.get_xdata()) == list(range(15))
    y = first.get_ydata()
    assert list(y[:3]) == [0, 1, 4] and np.isnan(y[3]) and y[4] == 2   # day 3 not logged
    assert np.isnan(y[5:]).all()
    assert list(second.get_ydata()[:2]) == [0, 1]
    assert second.get_linewidth() > first.get_linewidth()            # the current session
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == [
        "Session 1 (1 Mar 2026)", "Session 2 (5 Apr 2026) (current)"]
    # days with a caution ingredient (retinol on day 2, coconut oil on day 4) are marked
    (caution,) = _by_gid(ax, "recovery-caution-1")
    assert list(caution.get_xdata()) == [2, 4]
    (peak,) = _by_gid(ax, "recovery-peak")
    assert (peak.get_xdata()[0], peak.get_ydata()[0]) == (2, 4)
    assert ax.get_xlabel().startswith("day since session") and ax.get_ylabel() == "new spots"


def test_recovery_of_a_symptom_uses_the_rating_axis_and_max_day(data):
    fig = charts.recovery_figure(data, series="redness", max_day=42)
    ax = fig._journal_recovery
    assert ax.get_ylabel() == "rating (0–10)"
    (first,) = _by_gid(ax, "recovery-1")
    assert len(first.get_xdata()) == 43
    assert list(first.get_ydata()[:3]) == [7, 5, 3]
    assert charts.recovery_figure(data, series="redness", max_day=99) is not None
    assert len(_by_gid(ax, "recovery-1")[0].get_xdata()) == 43      # capped at 42


def test_redrawing_into_the_same_figure_replaces_the_artists(data):
    fig = charts.new_figure()
    charts.timeline_figure(data, fig, symptoms=("redness",))
    axes = fig._journal_timeline
    counts = [len(a.get_children()) for a in axes]
    charts.timeline_figure(data, fig, symptoms=("redness",), smooth=True)
    charts.timeline_figure(data, fig, symptoms=("redness",))
    assert fig._journal_timeline == axes and len(fig.axes) == 3
    assert [len(a.get_children()) for a in axes] == counts
    assert len(fig.legends) == 1
    rec = charts.new_figure()
    charts.recovery_figure(data, rec)
    before = len(rec.axes[0].get_children())
    charts.recovery_figure(data, rec, series="itch")
    charts.recovery_figure(data, rec)
    assert len(rec.axes) == 1 and len(rec.axes[0].get_children()) == before


def test_recovery_head_room_follows_the_size_it_is_shown_at(data):
    """Drawn while its page was still small, the axis kept room for a tiny plot after the
    window grew (0-23 for a peak of 7 on Trends): the room is worked out on each resize."""
    fig = charts.recovery_figure(data, charts.new_figure(5.2, 1.2), series="breakouts")
    peak = max(np.nanmax(line.get_ydata()) for line in fig.axes[0].get_lines()
               if str(line.get_gid())[len("recovery-"):].isdigit())
    assert fig.axes[0].get_ylim()[1] > 2.5 * peak       # a tiny plot: much room for the label
    fig.set_size_inches(5.2, 4.4)
    fig._journal_relayout()                               # what a resize event does
    assert peak < fig.axes[0].get_ylim()[1] < 1.5 * peak + 1


def test_smoothed_timeline_shows_the_three_day_mean(data):
    fig = charts.timeline_figure(data, symptoms=("redness",), smooth=True)
    (line,) = _by_gid(fig._journal_timeline[0], "symptom-redness")
    y = dict(zip(line.get_xdata(), line.get_ydata()))
    assert y[_num(D(2026, 3, 2))] == pytest.approx(5.0)      # (7 + 5 + 3) / 3
    assert y[_num(D(2026, 3, 4))] == pytest.approx(2.5)      # missing day: (3 + 2) / 2
    assert np.isnan(y[_num(D(2026, 3, 20))])                 # deep inside a long gap
    assert line.get_label() == "redness"
    assert fig._journal_timeline[0].get_title(loc="left").startswith("3-day means")
    charts.timeline_figure(data, fig, symptoms=("redness",))
    assert fig._journal_timeline[0].get_title(loc="left") == ""


def test_charts_save_as_png_svg_and_pdf(data, tmp_path):
    for name, fig in (("timeline", charts.timeline_figure(data)),
                      ("recovery", charts.recovery_figure(data))):
        for ext, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")):
            path = tmp_path / f"{name}.{ext}"
            fig.savefig(path)
            assert path.read_bytes().startswith(magic)


def test_dark_theme_and_theme_for_a_window_palette(data):
    fig = charts.timeline_figure(data, theme=charts.DARK)
    assert fig.get_facecolor()[:3] == pytest.approx((0x1F / 255,) * 3)
    assert charts.theme_for("#202124", "#e8eaed").dark
    light = charts.theme_for("#ffffff", "#000000")
    assert not light.dark and light.series == charts.LIGHT.series
    # every series colour is from the Okabe-Ito palette in the light theme
    assert set(charts.LIGHT.series.values()) <= set(charts.OKABE_ITO.values())


def test_empty_journal_and_journal_without_sessions(journal):
    empty = load_trend_data(journal)
    fig = charts.timeline_figure(empty)
    assert "Nothing logged" in fig._journal_timeline[0].texts[0].get_text()
    rec = charts.recovery_figure(empty)
    assert "No session" in rec._journal_recovery.texts[0].get_text()
    only_days = build_trend_data([DayEntry(date=D(2026, 1, 1), redness=3)], [], [])
    fig = charts.timeline_figure(only_days)
    assert not _by_gid(fig._journal_timeline[0], "session-markers")


def test_a_session_label_drops_the_depth_before_it_drops_the_word():
    """Between room for "Session 2 · 1 mm" and none at all: "Session 2", not a bare "2"."""
    sessions = [Session(date=D(2026, 1, 1), depth_mm=1.0, id=1),
                Session(date=D(2026, 3, 15), depth_mm=1.0, id=2)]
    entries = [DayEntry(date=D(2026, 1, 1) + dt.timedelta(days=i), redness=2)
               for i in range(95)]
    data = build_trend_data(entries, sessions, [])
    labels = {}
    for width in (3.6, 4.4, 8.6):
        ax = charts.timeline_figure(data, charts.new_figure(width, 3.6))._journal_timeline[0]
        labels[width] = [t.get_text().strip() for t in _by_gid(ax, "session-label")]
    assert labels[8.6] == ["Session 1 · 1 mm", "Session 2 · 1 mm"]
    assert labels[4.4] == ["Session 1 · 1 mm", "Session 2"]
    assert labels[3.6] == ["Session 1 · 1 mm", "2"]     # the last resort, very narrow


def test_crowded_sessions_get_short_labels():
    sessions = [Session(date=D(2026, 1, 1) + dt.timedelta(days=14 * i), id=i + 1)
                for i in range(25)]
    entries = [DayEntry(date=D(2026, 1, 1) + dt.timedelta(days=i), redness=i % 10)
               for i in range(350)]
    fig = charts.timeline_figure(build_trend_data(entries, sessions, []))
    ax = fig._journal_timeline[0]
    (markers,) = _by_gid(ax, "session-markers")
    assert len(markers.get_segments()) == 25                    # every session is marked
    labels = [t.get_text().strip() for t in _by_gid(ax, "session-label")]
    # numbers only, so they do not overlap, and only for the latest twelve
    assert labels[:11] == [str(n) for n in range(14, 25)]
    assert labels[11] in ("25", "Session 25")


def test_summary_rows_match_the_headers(data):
    rows = charts.summary_rows(data)
    assert len(rows) == 2 and all(len(r) == len(charts.SUMMARY_HEADERS) for r in rows)
    assert rows[0][2] == "4 on day 2"


def test_caution_strip_draws_runs_of_consecutive_days_as_one_block():
    from journal.models import Product

    serum = Product(name="Serum", ingredients="Aqua, Retinol", id=1)
    days = [D(2026, 6, 1), D(2026, 6, 2), D(2026, 6, 3), D(2026, 6, 6)]
    entries = [DayEntry(date=d, redness=1, product_ids=(1,)) for d in days]
    entries.append(DayEntry(date=D(2026, 6, 4), redness=1))          # logged, no serum
    data = build_trend_data(entries, [], [serum])
    fig = charts.timeline_figure(data)
    (strip,) = _by_gid(fig._journal_timeline[2], "caution-retinoid")
    assert charts.rect_spans(strip) == [(_num(D(2026, 6, 1)) - 0.5, _num(D(2026, 6, 3)) + 0.5),
                                        (_num(D(2026, 6, 6)) - 0.5, _num(D(2026, 6, 6)) + 0.5)]


def test_a_short_range_is_labelled_in_days_not_hours(data):
    """Two logged days: ticks on whole days ("1 Dec"), never "12:00"; a long range keeps
    the automatic labels when the same figure is redrawn (the Trends page reuses it)."""
    short = build_trend_data([DayEntry(date=D(2026, 11, 30), redness=7),
                              DayEntry(date=D(2026, 12, 1), redness=5, breakouts=1)],
                             [Session(date=D(2026, 11, 30))], [])
    fig = charts.timeline_figure(short)
    fig.canvas.draw()
    strip = fig._journal_timeline[2]
    labels = [t.get_text() for t in strip.get_xticklabels() if t.get_text()]
    assert "30 Nov" in labels and "1 Dec" in labels
    assert not any(":" in label for label in labels), labels
    ticks = strip.get_xticks()
    assert all(float(t).is_integer() for t in ticks)          # midnight: whole days
    charts.timeline_figure(data, fig)
    assert isinstance(strip.xaxis.get_major_locator(), matplotlib_dates.AutoDateLocator)


def _sessions_with_days(count: int):
    sessions = [Session(date=D(2026, 1, 1) + dt.timedelta(days=30 * k)) for k in range(count)]
    entries = [DayEntry(date=s.date + dt.timedelta(days=d), breakouts=0 if d > 3 else 2)
               for s in sessions for d in range(15)]
    return build_trend_data(entries, sessions, [])


def test_recovery_curves_at_zero_stay_above_the_axis_line():
    fig = charts.recovery_figure(_sessions_with_days(2))
    ax = fig._journal_recovery
    assert ax.get_ylim()[0] < 0            # a curve at 0 is not drawn on the axis line
    assert min(t for t in ax.get_yticks() if ax.get_ylim()[0] <= t) == 0   # no "-1" tick


def test_strip_labels_keep_their_size_through_redraws_and_a_theme_change(small_journal):
    from journal.models import Product

    peel = small_journal.add_product(Product(name="Peel", ingredients=(
        "Aqua, Glycolic Acid, Salicylic Acid, Benzoyl Peroxide, Ascorbic Acid, "
        "Alcohol Denat., Parfum")))
    small_journal.update_entry(D(2026, 3, 6), used=[peel])
    data = load_trend_data(small_journal)

    def sizes(fig):
        strip = fig._journal_timeline[2]
        return {t.get_text(): t.get_fontsize() for t in strip.get_yticklabels()}

    fig = charts.timeline_figure(data, charts.new_figure(10, 3.0))  # many low rows
    first = sizes(fig)
    assert len(first) >= 6 and all(size < charts._FONT - 1 for size in first.values())
    charts.timeline_figure(data, fig, symptoms=("redness", "swelling"))
    assert sizes(fig) == first
    charts.timeline_figure(data, fig, theme=charts.DARK)  # the theme sets every label's size
    assert sizes(fig) == first


@pytest.mark.parametrize("most_spots", [3, 40, 400])
def test_axis_labels_sit_where_matplotlib_would_put_them(most_spots):
    """The timeline's y labels are placed at worked-out offsets (measuring every tick label
    on each draw was a tenth of a redraw): within 2 points of matplotlib's own place."""
    entries = [DayEntry(date=D(2026, 3, 1) + dt.timedelta(days=d), redness=d % 11,
                        breakouts=most_spots * d // 19) for d in range(20)]
    from matplotlib import transforms
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = charts.timeline_figure(build_trend_data(entries, [], []), charts.new_figure(8, 3.4))
    canvas = FigureCanvasAgg(fig)
    ax, bars_ax, _strip = fig._journal_timeline
    canvas.draw()
    renderer = canvas.get_renderer()
    ours = [a.yaxis.label.get_window_extent(renderer) for a in (ax, bars_ax)]
    for a in (ax, bars_ax):                           # matplotlib's own placement
        a.yaxis._autolabelpos = True
        a.yaxis.label.set_transform(transforms.blended_transform_factory(
            transforms.IdentityTransform(), a.transAxes))
        a.yaxis.label.set_position((0, 0.5))
    canvas.draw()
    theirs = [a.yaxis.label.get_window_extent(renderer) for a in (ax, bars_ax)]
    points = fig.dpi / 72
    for mine, own in zip(ours, theirs):
        assert abs(mine.x0 - own.x0) <= 2 * points, (mine, own)
