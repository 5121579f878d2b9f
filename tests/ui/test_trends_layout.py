"""Trends at the smallest window and a large one: no chart text on top of another."""
from __future__ import annotations

import itertools

import pytest
from matplotlib.text import Text

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value 'Qt.*AA_UseHighDpiPixmaps:DeprecationWarning")


def visible_texts(fig):
    renderer = fig.canvas.get_renderer()
    boxes = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if text.axes is not None and not text.get_clip_on() is False and not text.axes.get_visible():
            continue
        box = text.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            boxes.append((text.get_text(), box))
    return boxes


def overlaps(fig):
    found = []
    for (a, box_a), (b, box_b) in itertools.combinations(visible_texts(fig), 2):
        if box_a.shrunk(0.98, 0.9).overlaps(box_b.shrunk(0.98, 0.9)):
            found.append((a, b))
    return found


@pytest.mark.parametrize("size", [(760, 540), (1180, 780), (1600, 1000)])
def test_no_chart_text_overlaps_another(demo_window, qtbot, size):
    demo_window.resize(*size)
    demo_window.show_page("trends")
    page = demo_window.page("trends")
    qtbot.waitUntil(lambda: page.timeline_canvas.width() > 100)
    page.redraw()  # as after a resize settles
    for fig in (page.timeline_fig, page.recovery_fig):
        fig.canvas.draw()
        assert visible_texts(fig)
        assert overlaps(fig) == []


def test_red_flag_band_is_behind_the_spots_bars(demo_window, qtbot):
    demo_window.show_page("trends")
    page = demo_window.page("trends")
    ax, bars_ax, _strip = page.timeline_fig._journal_timeline
    (band,) = [a for a in bars_ax.get_children() if a.get_gid() == "red-flag-band"]
    (bars,) = [a for a in bars_ax.get_children() if a.get_gid() == "breakout-bars"]
    assert band.get_zorder() < bars.get_zorder()
    # the red-flag marker sits above the plot, not on the session labels inside it
    fig = page.timeline_fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (marker,) = [a for a in ax.get_lines() if a.get_gid() == "red-flag"]
    top_of_plot = ax.get_window_extent(renderer).y1
    assert marker.get_window_extent(renderer).y0 >= top_of_plot - 1


def test_after_shrinking_the_window_the_recovery_chart_is_redrawn_to_fit(demo_window, qtbot):
    """Drawn at the default size and then made small, the recovery chart kept its wide
    legend in a 160-pixel canvas: the legend ran into the title. A resize redraws it."""
    demo_window.resize(1180, 780)
    demo_window.show_page("trends")
    page = demo_window.page("trends")
    qtbot.waitUntil(lambda: page.recovery_canvas.width() > 100 and not page._dirty)
    wide = page._recovery_built_width
    demo_window.resize(760, 540)
    qtbot.waitUntil(lambda: page._recovery_built_width not in (None, wide), timeout=5000)
    page.recovery_canvas.draw()
    assert page.recovery_canvas.height() >= 300
    assert overlaps(page.recovery_fig) == []


def test_the_header_fits_the_smallest_window(demo_window, qtbot):
    demo_window.resize(760, 540)
    demo_window.show_page("trends")
    page = demo_window.page("trends")
    qtbot.waitUntil(lambda: page.isVisible() and page.width() < 700)
    assert not page.from_edit.isVisible()                    # a preset range: the axis says it
    # nothing squeezed below its size (once the layout has heard of the hidden dates)
    qtbot.waitUntil(lambda: page.minimumSizeHint().width() <= page.width(), timeout=3000)
    page.range_combo.setCurrentIndex(page.range_combo.findData("custom"))
    assert page.from_edit.isVisible() and page.to_edit.isEnabled()
    demo_window.resize(1600, 1000)
    page.range_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.width() > 1000)
    assert page.from_edit.isVisible() and not page.from_edit.isEnabled()
