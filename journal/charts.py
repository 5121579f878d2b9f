"""matplotlib figures for the Trends page and the printed report (no Qt here).

Import this module lazily (it imports matplotlib). Each builder draws into a Figure and
returns it: pass ``fig`` to redraw into an existing figure (the Trends page reuses one
figure per chart, so a redraw only replaces the plotted artists), or leave it out to get a
new one (the report makes its own and saves it)::

    from journal import charts, trends

    data = trends.load_trend_data(journal)
    fig = charts.timeline_figure(data, symptoms=("redness", "dryness"))
    fig.savefig("timeline.pdf")
    charts.recovery_figure(data, series="breakouts").savefig("recovery.svg")
    headers, rows = charts.SUMMARY_HEADERS, charts.summary_rows(data)

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies), and
every series also differs by line style or marker. Sizes are in points and inches, so a
figure looks the same on screen and on paper. ``theme_for(background, foreground)`` makes
a theme that follows a window palette (the page uses it for dark window themes).

Days without an entry are NaN: a gap in a line, no bar - never a zero.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib import dates as mdates
from matplotlib import transforms
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter

from journal import format as fmt
from journal.palette import (  # noqa: F401  (re-exported: the charts' public names)
    DARK, LIGHT, OKABE_ITO, ChartTheme, theme_for,
)
from journal.palette import peak_text
from journal.palette import SESSION_STYLES as _SESSION_STYLES
from journal.palette import SYMPTOM_STYLES as _STYLE
from journal.trends import (
    SERIES_LABELS, SUMMARY_HEADERS, TrendData, caution_label, recovery_curves, rolling_mean,
    session_summaries, summary_table,
)

__all__ = [
    "ChartTheme", "LIGHT", "DARK", "theme_for", "new_figure", "timeline_figure",
    "recovery_figure", "summary_rows", "SUMMARY_HEADERS", "OKABE_ITO", "product_days_figure",
]

_FONT = 8.5          # points: tick labels and legends
_LABEL_FONT = 9.5    # points: axis labels and titles


def new_figure(width: float = 10.0, height: float = 4.0, dpi: float = 100) -> Figure:
    """A Figure of `width` x `height` inches not tied to pyplot (safe in any thread)."""
    return Figure(figsize=(width, height), dpi=dpi)


def summary_rows(data: TrendData) -> list[tuple[str, ...]]:
    """The per-session summary table as text rows matching SUMMARY_HEADERS."""
    return summary_table(session_summaries(data))


# -- timeline --------------------------------------------------------------------------
def timeline_figure(data: TrendData, fig: Figure | None = None, *,
                    symptoms: Sequence[str] = ("redness",), breakouts: bool = True,
                    smooth: bool = False, theme: ChartTheme = LIGHT) -> Figure:
    """New spots per day as bars and the chosen symptom ratings as lines, over dates.

    Session days are labelled vertical lines, red-flag days a marker at the top and a band,
    and a strip underneath shows the days a product with a caution ingredient was used (one
    row per ingredient class). With `smooth`, the bars and lines show the centred 3-day mean
    (see ``journal.trends.rolling_mean``). (The printed brief paints its own timeline, a row
    per product: journal.report.print_charts.)
    """
    fig = fig if fig is not None else new_figure(10, 4.2)
    axes = getattr(fig, "_journal_timeline", None)
    if axes is None:
        fig.clear()
        ax = fig.add_axes((0.1, 0.3, 0.8, 0.6))
        strip = fig.add_axes((0.1, 0.1, 0.8, 0.15), sharex=ax)
        bars_ax = ax.twinx()
        ax.set_zorder(bars_ax.get_zorder() + 1)   # lines above the bars
        ax.patch.set_visible(False)
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
        strip.xaxis.set_major_locator(locator)
        strip.xaxis.set_major_formatter(mdates.ConciseDateFormatter(
            locator, offset_formats=["", "%Y", "%Y", "%Y", "%Y", "%Y-%m-%d"]))
        ax.tick_params(labelbottom=False)
        fig._journal_timeline = axes = (ax, bars_ax, strip)
        _keep_layout(fig, "timeline")
        # Axes without a label of their own get none placed: matplotlib would measure every
        # tick label's box on each draw to place it (see _place_axis_labels).
        for axis in (ax.xaxis, bars_ax.xaxis, strip.xaxis, strip.yaxis):
            axis.set_label_coords(0.5, 0.0)
    ax, bars_ax, strip = axes
    for each in axes:
        _clear(each)
    for legend in list(fig.legends):
        legend.remove()
    _apply_theme(fig, axes, theme)

    _timeline_labels(fig, theme)
    if smooth:  # one note for all series (a suffix on each legend entry would crowd it)
        ax.set_title("3-day means (each day with the day before and after)", loc="left",
                     fontsize=_FONT, color=theme.muted, pad=3)
    ax.set_ylim(0, 10.6)
    ax.set_yticks(range(0, 11, 2))
    ax.grid(True, axis="y", color=theme.grid, linewidth=0.7)
    ax.set_axisbelow(True)
    handles: list = []

    # An empty chart has no dates: no axis labels then (matplotlib would show hours of 1970).
    strip.tick_params(labelbottom=not data.is_empty)
    strip.xaxis.get_offset_text().set_visible(not data.is_empty)
    if data.is_empty:
        ax.text(0.5, 0.5, "Nothing logged in this range", transform=ax.transAxes,
                ha="center", va="center", fontsize=_LABEL_FONT, color=theme.muted)
        strip.set_yticks([])
        bars_ax.set_ylim(0, 5)
        return fig

    x = mdates.date2num(data.dates)
    lo, hi = x[0] - 0.6, x[-1] + 0.6
    ax.set_xlim(lo, hi)
    _day_ticks(strip, hi - lo)

    # New spots: one compound path of rectangles (fast for years of days), none on a gap.
    spots = data.values["breakouts"]
    if smooth:
        spots = rolling_mean(spots)
    spots_arr = _nan_array(spots)
    top = np.nanmax(spots_arr) if np.isfinite(spots_arr).any() else 0
    bars_top = max(5.0, top * 1.15)
    bars_ax.set_ylim(0, bars_top)
    _place_axis_labels(fig, bars_top)
    bars_ax.yaxis.set_major_locator(_integer_locator())
    if breakouts:
        bars = _day_rects(x, np.zeros_like(spots_arr), spots_arr, 0.8 if len(x) < 400 else 1.0)
        bars.set(facecolor=theme.bars, edgecolor="none", alpha=0.85 if theme.dark else 0.75,
                 gid="breakout-bars", zorder=2)  # above a red-flag band
        bars_ax.add_artist(bars)  # add_patch would walk every segment for data limits
        handles.append(Patch(facecolor=theme.bars, alpha=0.75,
                             label="new spots"))

    # Symptom lines: NaN on missing days, so a gap is a gap. Over long ranges the daily
    # points are denser than the pixels: plain thinner lines (dashes and markers would
    # only cost drawing time), told apart by colour and the legend.
    markers = len(x) <= 120
    detailed = len(x) <= 400
    for name in symptoms:
        values = data.values[name]
        if smooth:
            values = rolling_mean(values)
        style, marker = _STYLE[name]
        line, = ax.plot(x, _nan_array(values), color=theme.series[name],
                        linestyle=style if detailed else "-", linewidth=1.8 if detailed else 1.1,
                        marker=marker if markers else None, markersize=3.5,
                        solid_joinstyle="round" if detailed else "bevel",
                        label=SERIES_LABELS[name].lower(),
                        gid=f"symptom-{name}")
        handles.append(line)

    # Sessions: a labelled vertical line each (one collection; short labels when crowded).
    date_x = transforms.blended_transform_factory(ax.transData, ax.transAxes)  # x date, y 0..1
    shown = data.sessions_in_range()
    if shown:
        xs = mdates.date2num([s.date for _n, s in shown])
        session_lines = LineCollection([[(sx, 0), (sx, 1)] for sx in xs], transform=date_x,
                                       colors=theme.foreground, linewidths=1.1,
                                       linestyles=[(0, (4, 2))], alpha=0.8,
                                       gid="session-markers")
        ax.add_collection(session_lines, autolim=False)
        width_in = ax.get_position().width * fig.get_size_inches()[0]
        inches_per_day = width_in / max(1.0, hi - lo)
        right_room = np.diff(np.append(xs, hi)) * inches_per_day
        left_room = np.diff(np.insert(xs, 0, lo)) * inches_per_day
        full_width = 1.3  # inches of "Session 12 · 1.5 mm" at this size, with a margin
        previous_full_right = False
        numbered = {n for n, _s in shown[-12:]}  # many sessions: number the latest 12 only
        for i, ((number, session), sx) in enumerate(zip(shown, xs)):
            depth = f" · {fmt.depth(session.depth_mm)}" if session.depth_mm else ""
            align, text = "left", f" Session {number}{depth}"
            short_width = 0.8  # "Session 12" without the depth
            if right_room[i] >= full_width:
                pass
            elif left_room[i] >= full_width * (2 if previous_full_right else 1):
                align, text = "right", f"Session {number}{depth} "
            elif right_room[i] >= short_width:
                text = f" Session {number}"   # a bare "3" at the edge said nothing
            elif left_room[i] >= short_width + (full_width if previous_full_right else 0):
                align, text = "right", f"Session {number} "
            elif right_room[i] >= 0.2 and number in numbered:
                text = f" {number}"
            else:
                previous_full_right = False
                continue
            previous_full_right = align == "left" and text.startswith(" Session")
            box = (dict(boxstyle="square,pad=0.15", facecolor=theme.background,
                        edgecolor="none", alpha=0.8) if text.strip().startswith("Session")
                   else None)  # short labels need no backing (and boxes cost drawing time)
            ax.text(sx, 0.985, text, transform=date_x, ha=align, va="top", fontsize=_FONT,
                    color=theme.foreground, gid="session-label", clip_on=True, bbox=box)
        handles.append(Line2D([], [], color=theme.foreground, linewidth=1.1,
                              linestyle=(0, (4, 2)), label="session"))

    # Red flags: a light band behind the day (under its spots bar, on the bars' axes) and a
    # marker just above the plot, in the margin, clear of the session labels inside it.
    flag_days = np.array([xi for xi, f in zip(x, data.flags) if f])
    if flag_days.size:
        bars_date_x = transforms.blended_transform_factory(bars_ax.transData, bars_ax.transAxes)
        band = _day_rects(flag_days, np.zeros(flag_days.size), np.ones(flag_days.size), 1.0,
                          transform=bars_date_x)
        band.set(facecolor=theme.red_flag_band, edgecolor="none", zorder=0.5,
                 gid="red-flag-band")
        bars_ax.add_artist(band)
        above = transforms.offset_copy(date_x, fig=fig, y=5.5, units="points")
        ax.plot(flag_days, np.full(flag_days.size, 1.0), transform=above, linestyle="none",
                marker="v", markersize=8, color=theme.red_flag, markeredgecolor=theme.foreground,
                markeredgewidth=0.6, clip_on=False, gid="red-flag", zorder=5)
        handles.append(Line2D([], [], linestyle="none", marker="v", markersize=8,
                              color=theme.red_flag, markeredgecolor=theme.foreground,
                              markeredgewidth=0.6, label="red flag"))

    # Caution strip: a row per ingredient class used in the range.
    classes = data.caution_classes_used()
    if classes:
        for row, cls in enumerate(classes):
            used = np.array([cls in c for c in data.caution], dtype=bool)
            # one rectangle per run of consecutive days (far fewer to draw than days)
            edges = np.flatnonzero(np.diff(np.concatenate(([0], used.astype(np.int8), [0]))))
            starts, ends = edges[::2], edges[1::2]
            rects = _runs_rects(x[0] + starts - 0.5, x[0] + ends - 0.5, row - 0.36, row + 0.36)
            rects.set(facecolor=theme.caution, edgecolor="none", gid=f"caution-{cls}")
            strip.add_artist(rects)
        strip.set_ylim(len(classes) - 0.5, -0.5)
        strip.set_yticks(range(len(classes)))
        strip.set_yticklabels([caution_label(c) for c in classes], fontsize=_FONT - 1)
        fig._journal_strip_labels = max(len(caution_label(c)) for c in classes)
    else:
        fig._journal_strip_labels = 0
        strip.set_ylim(0, 1)
        strip.set_yticks([])
        strip.text(0.5, 0.5, "no product with a caution ingredient used", ha="center",
                   va="center", transform=strip.transAxes, fontsize=_FONT - 0.5,
                   color=theme.muted)
    fig._journal_strip_rows = max(1, len(classes))
    fig._journal_relayout()
    if classes:
        handles.append(Patch(facecolor=theme.caution, label="caution ingredient (strip below)"))
    strip.set_xlim(lo, hi)

    ncol = _legend_columns([h.get_label() for h in handles], fig.get_size_inches()[0] - 0.2)
    fig._journal_legend_rows = -(-len(handles) // ncol)
    fig._journal_relayout()
    _timeline_labels(fig, theme, rows=len(classes))
    fig.legend(handles=handles, loc="upper center", ncol=ncol, fontsize=_FONT, frameon=False,
               bbox_to_anchor=(0.5, 0.995), labelcolor=theme.foreground, handlelength=2.6,
               columnspacing=1.4)
    return fig


def _place_axis_labels(fig: Figure, spots_top: float) -> None:
    """The rating and new-spots labels beside their tick labels, at offsets worked out from
    the widest tick label (the same place matplotlib finds by measuring every tick label's
    box on each draw, a tenth of a redraw of five years)."""
    from matplotlib import rcParams

    digits = len(str(int(spots_top)))
    if getattr(fig, "_journal_label_digits", None) == digits:
        return   # placed already (a new transform would throw away the labels' layout)
    fig._journal_label_digits = digits
    ax, bars_ax, _strip = fig._journal_timeline
    digit = 0.64 * _FONT    # points: a digit of the tick labels' font (DejaVu Sans: 0.636 em)
    for axis, widest, side in ((ax.yaxis, 2, -1), (bars_ax.yaxis, digits, 1)):
        offset = (rcParams["ytick.major.size"] + rcParams["ytick.major.pad"] + widest * digit
                  + rcParams["axes.labelpad"])
        axis.set_label_coords(0 if side < 0 else 1, 0.5, transform=transforms.offset_copy(
            ax.transAxes, fig=fig, x=side * offset, units="points"))


def _timeline_labels(fig: Figure, theme: ChartTheme, rows: int = 0) -> None:
    """Axis and strip labels sized to the space the layout gave them (never overlapping)."""
    ax, bars_ax, strip = fig._journal_timeline
    # The y labels run along the plot's height: shorter words when it is short.
    tall = ax.get_position().height * fig.get_size_inches()[1] >= 1.1
    ax.set_ylabel("rating (0–10)" if tall else "rating", fontsize=_LABEL_FONT,
                  color=theme.foreground)
    bars_ax.set_ylabel("new spots" if tall else "spots", fontsize=_LABEL_FONT,
                       color=theme.foreground)
    if rows:  # strip labels as tall as a row allows, at most the tick size
        row_points = strip.get_position().height * fig.get_size_inches()[1] * 72 / rows
        size = max(5.0, min(_FONT - 1, row_points * 0.8))
        for label in strip.get_yticklabels():  # (tick_params would remake every tick: slow)
            label.set_fontsize(size)


def _legend_columns(labels: Sequence[str], width_in: float) -> int:
    """The most legend columns whose estimated width fits `width_in` (matplotlib fills the
    columns top to bottom, and each column is as wide as its widest entry)."""
    entry = [0.068 * len(label) + 0.62 for label in labels]  # text + handle + spacing
    for ncol in range(len(labels), 1, -1):
        rows = -(-len(labels) // ncol)
        columns = [entry[c * rows:(c + 1) * rows] for c in range(ncol)]
        if sum(max(col) for col in columns if col) <= width_in:
            return -(-len(labels) // rows)   # balanced: as few columns as these rows need
    return 1


# -- recovery curves -------------------------------------------------------------------
def _recovery_axes(fig: Figure):
    """The one axes of a by-Day-N figure (recovery curves, a product's days), cleared: made
    on the figure's first use and reused after, so redraws keep the figure's layout."""
    ax = getattr(fig, "_journal_recovery", None)
    if ax is None:
        fig.clear()
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        fig._journal_recovery = ax
        _keep_layout(fig, "recovery")
    _clear(ax)
    return ax


def recovery_figure(data: TrendData, fig: Figure | None = None, *, series: str = "breakouts",
                    max_day: int = 14, smooth: bool = False, max_sessions: int = 6,
                    theme: ChartTheme = LIGHT, earlier_band: bool = False) -> Figure:
    """One line per session of `series` by day since the session (0..max_day, at most 42).

    Shows the latest `max_sessions` sessions; the latest is drawn thick and on top. Days on
    which a product with a caution ingredient was used are diamonds on the curve, and the
    highest point of all is ringed and labelled, so the worst session stands out. With
    `earlier_band`, a shaded band behind the curves spans the lowest to highest value of all
    earlier sessions at each day, so the current recovery reads against them.
    """
    max_day = max(1, min(42, int(max_day)))
    fig = fig if fig is not None else new_figure(6, 3.8)
    ax = _recovery_axes(fig)
    for legend in list(fig.legends):
        legend.remove()
    _apply_theme(fig, (ax,), theme)

    is_count = series == "breakouts"
    what = SERIES_LABELS[series].lower()
    ax.set_xlabel("day since session (0 = session day)", fontsize=_LABEL_FONT,
                  color=theme.foreground)
    ax.set_ylabel("new spots" if is_count else "rating (0–10)", fontsize=_LABEL_FONT,
                  color=theme.foreground)
    ax.set_xlim(-0.4, max_day + 0.4)
    ax.xaxis.set_major_locator(_integer_locator(steps=(1, 2, 5, 7, 10)))
    ax.grid(True, color=theme.grid, linewidth=0.7)
    ax.set_axisbelow(True)

    curves = recovery_curves(data, series, max_day=max_day, smooth=smooth)
    band = earlier_range_band(curves, max_day) if earlier_band else None
    title = f"{what.capitalize()} after each session" + (" (3-day mean)" if smooth else "")
    if len(curves) > max_sessions:
        title += f" (latest {max_sessions} of {len(curves)})"
        curves = curves[-max_sessions:]
    for old in [t for t in fig.texts if t.get_gid() == "recovery-title"]:
        old.remove()
    fig.text(0.01, 0.99, title, ha="left", va="top", fontsize=_LABEL_FONT + 0.5,
             color=theme.foreground, gid="recovery-title")
    if not curves:
        ax.text(0.5, 0.5, "No session recorded yet", transform=ax.transAxes, ha="center",
                va="center", fontsize=_LABEL_FONT, color=theme.muted)
        ax.set_ylim(0, 10.6 if not is_count else 5)
        return fig

    days = np.arange(max_day + 1)
    best = None
    handles = []
    any_caution = False
    if band is not None:
        low, high = band
        shown = np.isfinite(low)
        ax.fill_between(days, low, high, where=shown, color=theme.muted, alpha=0.18,
                        linewidth=0, zorder=1, gid="recovery-earlier-band")
        handles.append(Patch(facecolor=theme.muted, alpha=0.18, edgecolor="none",
                             label="range of earlier sessions"))
    for index, curve in enumerate(curves):
        values = _nan_array(curve.values)
        colour = theme.sessions[(curve.number - 1) % len(theme.sessions)]
        width = 3.0 if curve.current else 1.7
        line, = ax.plot(
            days, values, color=colour, linewidth=width,
            linestyle="-" if curve.current else _SESSION_STYLES[index % len(_SESSION_STYLES)],
            marker="o", markersize=5 if curve.current else 3.5,
            zorder=4 if curve.current else 3,
            label=curve.label + (" (current)" if curve.current else ""),
            gid=f"recovery-{curve.number}")
        handles.append(line)
        # Days a product with a caution ingredient went on: a larger diamond on the curve.
        marked = [k for k in curve.caution_days if np.isfinite(values[k])]
        if marked:
            any_caution = True
            ax.plot(marked, values[marked], linestyle="none", marker="D", markersize=6.5,
                    color=colour, markeredgecolor=theme.foreground, markeredgewidth=0.7,
                    zorder=4.5, gid=f"recovery-caution-{curve.number}")
        if np.isfinite(values).any():
            peak = int(np.nanargmax(values))
            if best is None or values[peak] > best[0]:
                best = (values[peak], peak, curve.number)
    if any_caution:
        handles.append(Line2D([], [], linestyle="none", marker="D", markersize=6,
                              color=theme.caution, markeredgecolor=theme.foreground,
                              markeredgewidth=0.7, label="caution ingredient used that day"))

    # Head room above the curves for the peak's label (the legend sits above the plot).
    # A little below 0 too: a curve at 0 would hide in the axis line (and its diamonds
    # would sit on it alone, as if the curve had stopped).
    room = 1.18
    if is_count:
        top = max(4.0, best[0] if best else 0)
        bottom = -0.04 * (top * room + 0.3)
        ax.set_ylim(bottom, top * room + 0.3)
        ax.yaxis.set_major_locator(_integer_locator())
    else:
        bottom = -0.04 * (10 * room + 0.3)
        ax.set_ylim(bottom, 10 * room + 0.3)
        ax.set_yticks(range(0, 11, 2))
    if best is not None and best[0] > 0:
        value, day, number = best
        ax.plot([day], [value], linestyle="none", marker="o", markersize=15,
                markerfacecolor="none", markeredgecolor=theme.foreground, markeredgewidth=1.2,
                zorder=5, gid="recovery-peak")
        ax.annotate(peak_text(value, day), xy=(day, value), xytext=(0, 10),
                    textcoords="offset points", ha="left" if day < max_day * 0.15 else "center",
                    va="bottom",
                    fontsize=_FONT, color=theme.foreground, gid="recovery-peak-label")
    # The legend above the plot (never over a curve), in as many columns as the width takes.
    width_in = fig.get_size_inches()[0] - 0.4
    ncol = _legend_columns([h.get_label() for h in handles], width_in)
    fig._journal_legend_rows = -(-len(handles) // ncol)
    # Room above the peak for its label depends on the plot's height: worked out again on
    # every resize (drawn while the page was still small, the axis kept twice the room).
    fig._journal_recovery_top = ax.get_ylim()[1]
    fig._journal_recovery_peak = best[0] if best is not None and best[0] > 0 else None
    fig._journal_relayout()
    legend = ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(-0.02, 1.0),
                       ncol=ncol, fontsize=_FONT - 0.5, frameon=False,
                       labelcolor=theme.foreground, handlelength=2.4, borderaxespad=0.2,
                       labelspacing=0.3, columnspacing=1.2)
    legend.set_gid("recovery-legend")
    return fig


def earlier_range_band(curves, max_day: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(low, high) by day 0..max_day over the sessions before the current one (NaN where
    none logged that day); None without an earlier session."""
    earlier = [c for c in curves if not c.current]
    if not earlier or not any(c.current for c in curves):
        return None
    values = np.array([_nan_array(c.values)[:max_day + 1] for c in earlier])
    known = np.isfinite(values).any(axis=0)
    low = np.full(max_day + 1, np.nan)
    high = np.full(max_day + 1, np.nan)
    low[known] = np.nanmin(values[:, known], axis=0)
    high[known] = np.nanmax(values[:, known], axis=0)
    return low, high


# -- one product: new spots by day, with and without it ----------------------------------
def product_days_figure(rows, name: str, fig: Figure | None = None, *,
                        theme: ChartTheme = LIGHT) -> Figure:
    """Mean new spots by day after a session on days with and without one product.

    `rows` are (day, mean_with, days_with, mean_without, days_without), means None where no
    day was logged (journal.care.evidence.spots_by_day). Marker size grows with the days
    behind a mean, so a point from one day does not look as solid as one from ten.
    """
    fig = fig if fig is not None else new_figure(6, 3.6)
    ax = _recovery_axes(fig)
    _apply_theme(fig, (ax,), theme)
    ax.set_xlabel("day since session", fontsize=_LABEL_FONT, color=theme.foreground)
    ax.set_ylabel("new spots a day", fontsize=_LABEL_FONT, color=theme.foreground)
    ax.grid(True, color=theme.grid, linewidth=0.7)
    ax.set_axisbelow(True)
    title = f"With and without {name}"
    ax.set_title(title, fontsize=_LABEL_FONT + 0.5, color=theme.foreground, loc="left")
    days = np.array([r[0] for r in rows], dtype=float)
    if len(days):
        ax.set_xlim(days.min() - 0.5, days.max() + 0.5)
    ax.xaxis.set_major_locator(_integer_locator(steps=(1, 2, 5, 7, 10)))
    top = 0.0
    handles = []
    for index, (label, colour, style, marker) in enumerate((
            (f"with it ({sum(r[2] for r in rows)} days)", OKABE_ITO["vermillion"], "-", "o"),
            (f"without it ({sum(r[4] for r in rows)} days)", theme.series["swelling"], "--",
             "s"))):
        means = _nan_array([r[1 + 2 * index] for r in rows])
        counts = np.array([r[2 + 2 * index] for r in rows], dtype=float)
        line, = ax.plot(days, means, color=colour, linestyle=style, linewidth=1.8, zorder=3,
                        label=label, gid=f"product-{'with' if index == 0 else 'without'}")
        finite = np.isfinite(means)
        ax.scatter(days[finite], means[finite], s=12 + 10 * np.sqrt(counts[finite]),
                   color=colour, marker=marker, zorder=4)
        handles.append(Line2D([], [], color=colour, linestyle=style, marker=marker,
                              label=label))
        if finite.any():
            top = max(top, float(np.nanmax(means)))
    ax.set_ylim(0, max(3.0, top) * (1.15 + 0.08 * len(handles)) + 0.2)
    if not any(r[2] for r in rows) or not any(r[4] for r in rows):
        ax.text(0.5, 0.5, "not enough days with and without it to compare",
                transform=ax.transAxes, ha="center", va="center", fontsize=_LABEL_FONT,
                color=theme.muted)
    legend = ax.legend(handles=handles, loc="upper right", fontsize=_FONT - 0.5, frameon=True,
                       framealpha=0.9, facecolor=theme.background, edgecolor=theme.grid,
                       labelcolor=theme.foreground)
    legend.set_gid("product-legend")
    return fig


# -- helpers ---------------------------------------------------------------------------
def _nan_array(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


_RECT_CODES = np.array([Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY],
                       dtype=Path.code_type)


def _day_rects(x: np.ndarray, bottom: np.ndarray, top: np.ndarray, width: float,
               transform=None) -> PathPatch:
    """One rectangle per finite (x, bottom..top), all in one compound path (one draw call).

    Days whose value is NaN (nothing logged) or equal to the bottom get no rectangle.
    """
    x = np.asarray(x, dtype=float)
    bottom, top = np.asarray(bottom, dtype=float), np.asarray(top, dtype=float)
    keep = np.isfinite(top) & np.isfinite(bottom) & (top != bottom)
    x, bottom, top = x[keep], bottom[keep], top[keep]
    half = width / 2
    verts = np.stack([
        np.column_stack([x - half, bottom]), np.column_stack([x - half, top]),
        np.column_stack([x + half, top]), np.column_stack([x + half, bottom]),
        np.column_stack([x - half, bottom]),
    ], axis=1).reshape(-1, 2)
    codes = np.tile(_RECT_CODES, len(x))
    patch = PathPatch(Path(verts if len(x) else np.zeros((0, 2)), codes if len(x) else None))
    if transform is not None:
        patch.set_transform(transform)
    return patch


def _runs_rects(x0: np.ndarray, x1: np.ndarray, bottom: float, top: float) -> PathPatch:
    """Rectangles from x0[i] to x1[i] between bottom and top, in one compound path."""
    n = len(x0)
    verts = np.stack([
        np.column_stack([x0, np.full(n, bottom)]), np.column_stack([x0, np.full(n, top)]),
        np.column_stack([x1, np.full(n, top)]), np.column_stack([x1, np.full(n, bottom)]),
        np.column_stack([x0, np.full(n, bottom)]),
    ], axis=1).reshape(-1, 2)
    return PathPatch(Path(verts if n else np.zeros((0, 2)), np.tile(_RECT_CODES, n) if n else None))


def rect_spans(patch: PathPatch) -> list[tuple[float, float]]:
    """(left, right) x of each rectangle of a bar/strip patch (for tests and tools)."""
    verts = patch.get_path().vertices
    corners = verts.reshape(-1, 5, 2)
    return [(float(c[0, 0]), float(c[2, 0])) for c in corners]


def rect_centres(patch: PathPatch) -> np.ndarray:
    """x of the centre of each rectangle drawn by a bar/strip patch (for tests and tools)."""
    verts = patch.get_path().vertices
    if not len(verts):
        return np.zeros(0)
    corners = verts.reshape(-1, 5, 2)
    return (corners[:, 0, 0] + corners[:, 2, 0]) / 2


def _day_ticks(strip, span_days: float) -> None:
    """Whole days on a short range (the automatic locator would label hours: "12:00",
    "Nov-30"); the automatic one, with its concise labels, from about two weeks on."""
    if span_days < 15:
        locator = mdates.DayLocator(interval=1 if span_days < 8 else 2)
        strip.xaxis.set_major_locator(locator)
        strip.xaxis.set_major_formatter(FuncFormatter(   # "1 Dec" (no "%-d": not on Windows)
            lambda value, _pos: f"{mdates.num2date(value).day} {mdates.num2date(value):%b}"))
    elif not isinstance(strip.xaxis.get_major_locator(), mdates.AutoDateLocator):
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
        strip.xaxis.set_major_locator(locator)
        strip.xaxis.set_major_formatter(mdates.ConciseDateFormatter(
            locator, offset_formats=["", "%Y", "%Y", "%Y", "%Y", "%Y-%m-%d"]))


def _integer_locator(steps=(1, 2, 5, 10)):
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins="auto", integer=True, steps=list(steps), min_n_ticks=3)


def _clear(ax) -> None:
    """Remove what a previous draw plotted, keeping the axes (much cheaper than ax.clear())."""
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.artists]:
        artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    ax.set_title("", loc="left")
    ax.set_title("")


def _apply_theme(fig: Figure, axes, theme: ChartTheme) -> None:
    if getattr(fig, "_journal_theme", None) == theme:
        return  # tick_params is slow: skip it when nothing changed
    fig._journal_theme = theme
    fig.set_facecolor(theme.background)
    for ax in axes:
        if ax.patch.get_visible():
            ax.set_facecolor(theme.background)
        for spine in ax.spines.values():
            spine.set_color(theme.muted)
        ax.tick_params(colors=theme.foreground, labelsize=_FONT, which="both")
        ax.tick_params(color=theme.muted, which="both")


def _keep_layout(fig: Figure, kind: str) -> None:
    """Place the axes with margins fixed in inches, again whenever the figure is resized.

    Cheaper than constrained layout on every draw, and the same on screen and on paper.
    """
    def apply(_event=None):
        width, height = fig.get_size_inches()
        if kind == "timeline":
            ax, bars_ax, strip = fig._journal_timeline
            rows_of_legend = getattr(fig, "_journal_legend_rows", 1)
            labels = getattr(fig, "_journal_strip_labels", 0)  # characters of the longest
            left = max(0.75, 0.058 * labels + 0.2)               # caution-strip label
            right, top, bottom, gap = 0.62, 0.36 + 0.2 * rows_of_legend, 0.4, 0.08
            rows = getattr(fig, "_journal_strip_rows", 1)
            strip_h = min(0.16 * rows + 0.08, max(0.3, (height - top - bottom) * 0.35))
            main_h = max(0.2, height - top - bottom - strip_h - gap)
            plot_w = max(0.2, width - left - right)
            main = (left / width, (bottom + strip_h + gap) / height, plot_w / width,
                    main_h / height)
            ax.set_position(main)
            bars_ax.set_position(main)
            strip.set_position((left / width, bottom / height, plot_w / width, strip_h / height))
        else:
            ax = fig._journal_recovery
            rows_of_legend = getattr(fig, "_journal_legend_rows", 1)
            left, right, top, bottom = 0.6, 0.18, 0.34 + 0.19 * rows_of_legend, 0.5
            plot_h = max(0.2, height - top - bottom)
            ax.set_position((left / width, bottom / height,
                             max(0.2, width - left - right) / width, plot_h / height))
            peak = getattr(fig, "_journal_recovery_peak", None)
            if peak is not None:  # room above the peak for its label, in points
                needed = peak / max(0.3, 1 - 28 / max(1.0, plot_h * 72))
                ax.set_ylim(ax.get_ylim()[0], max(fig._journal_recovery_top, needed))

    fig._journal_relayout = apply
    apply()
    fig.canvas.mpl_connect("resize_event", apply)
