"""The brief's charts, painted with Qt (journal.report.print_charts): what they say and show."""
from __future__ import annotations

import datetime as dt

import pytest

from journal.models import DayEntry, Product, Session
from journal.trends import build_trend_data, load_trend_data

D = dt.date
WIDTH = 495.0   # points: the brief's content width
DPI = 120       # enough to see a day's bar; quicker than the brief's 200


@pytest.fixture
def painter(qapp):
    from journal.report import print_charts

    return print_charts


def _sessions_with_days(count: int):
    sessions = [Session(date=D(2026, 1, 1) + dt.timedelta(days=30 * k), depth_mm=1.0)
                for k in range(count)]
    entries = [DayEntry(date=s.date + dt.timedelta(days=d), breakouts=0 if d > 3 else 2)
               for s in sessions for d in range(15)]
    return build_trend_data(entries, sessions, [])


def _blank_border(chart) -> bool:
    """Nothing runs off the picture: its outermost pixels are all background."""
    image = chart.image
    white = image.pixelColor(0, 0)
    edges = ([(x, 0) for x in range(image.width())] + [(x, image.height() - 1)
                                                        for x in range(image.width())]
             + [(0, y) for y in range(image.height())]
             + [(image.width() - 1, y) for y in range(image.height())])
    return all(image.pixelColor(x, y) == white for x, y in edges)


def test_the_demo_timeline_names_products_sessions_and_months(painter, journal, fill_demo):
    from journal.report.collect import short_names

    fill_demo(journal, today=D(2026, 12, 2))
    data = load_trend_data(journal, D(2026, 9, 9), D(2026, 12, 2))
    short = short_names([p.name for p in journal.products()])
    chart = painter.timeline(data, WIDTH, dpi=DPI, strip_label=lambda n: short[n])
    texts = chart.texts
    for wanted in ("Retinol", "Glycolic", "Coconut", "Session 2 · 1 mm", "red flag",
                   "redness", "dryness / peeling", "new spots", "Oct", "Nov", "2026"):
        assert wanted in texts, wanted
    assert texts.index("Retinol") < texts.index("Glycolic") < texts.index("Coconut")
    assert short["Mineral Sunscreen SPF 50"] == "Mineral Sunscreen"  # apart from the foundation
    assert not any(":" in t for t in texts if t[:1].isdigit())   # no clock times on a date axis
    assert _blank_border(chart)


def test_a_day_without_an_entry_is_a_gap_not_a_zero(painter):
    sessions = [Session(date=D(2026, 3, 1))]
    entries = [DayEntry(date=D(2026, 3, 1), breakouts=4, redness=6),
               DayEntry(date=D(2026, 3, 3), breakouts=4, redness=6)]     # 2 March not logged
    data = build_trend_data(entries, sessions, [], D(2026, 3, 1), D(2026, 3, 3))
    chart = painter.timeline(data, WIDTH, dpi=DPI)
    low = chart.plot.bottom() - 3          # just above the axis: where a bar would be
    bar = chart.pixel(chart.x_of(0) + 4, low)
    assert bar.blue() > bar.red() + 40     # day 1: a sky-blue bar
    gap = chart.pixel(chart.x_of(1), low)
    assert gap.red() > 240 and gap.green() > 240 and gap.blue() > 240   # day 2: nothing
    # and no redness line across the gap: the line at 6 does not pass day 2
    line_y = chart.plot.bottom() - 6 / 10.6 * chart.plot.height()
    for dy in (-1, 0, 1):   # white or the grey grid line: no vermillion
        ink = chart.pixel(chart.x_of(1), line_y + dy)
        assert ink.green() > 200 and ink.blue() > 200, (dy, ink.name())
    assert "1 Mar" in chart.texts and "3 Mar" in chart.texts   # a short range: whole days


def test_years_of_days_read_by_year_and_many_products_share_a_row(painter):
    products = [Product(id=k, name=f"Serum {k}", ingredients="Aqua, Retinol")
                for k in range(1, 15)]
    start = D(2022, 1, 1)
    entries = [DayEntry(date=start + dt.timedelta(days=d), breakouts=d % 3,
                        product_ids=(products[d % 14].id,)) for d in range(1500)]
    data = build_trend_data(entries, [Session(date=start)], products, start,
                            start + dt.timedelta(days=1499))
    chart = painter.timeline(data, WIDTH, dpi=DPI)
    assert {"2023", "2024", "2025"} <= set(chart.texts)
    assert "5 other products" in chart.texts                 # 9 rows of their own, one shared
    assert sum(t.startswith("Serum ") for t in chart.texts) == 9
    assert _blank_border(chart)


def test_an_empty_range_says_so(painter):
    data = build_trend_data([], [], [], D(2026, 3, 1), D(2026, 2, 1))
    assert "Nothing logged in this range" in painter.timeline(data, WIDTH, dpi=DPI).texts
    assert "No session recorded yet" in painter.recovery(data, WIDTH, dpi=DPI).texts


def test_recovery_curves_show_the_latest_six_and_ring_the_highest(painter):
    data = _sessions_with_days(8)
    chart = painter.recovery(data, WIDTH, dpi=DPI)
    assert "The latest 6 of 8 sessions" in chart.texts
    sessions = [t for t in chart.texts if t.startswith("Session ")]
    assert len(sessions) == 6 and sessions[-1].endswith("(current)")
    assert sessions[0].startswith("Session 3 ")
    assert "highest: 2, day 0" in chart.texts
    assert _blank_border(chart)


def test_a_long_recovery_legend_gets_its_height_back(painter):
    two = painter.recovery(_sessions_with_days(2), WIDTH, dpi=DPI)
    six = painter.recovery(_sessions_with_days(6), WIDTH, dpi=DPI)
    assert six.plot.height() == two.plot.height()     # the curves keep their room
    assert six.height > two.height                    # under a taller legend


def test_the_brief_embeds_both_charts_content_wide(qapp, small_journal):
    from journal.report.collect import CONTENT_WIDTH
    from journal.report.pictures import chart_images

    notices: list[str] = []
    images = chart_images(load_trend_data(small_journal), notices)
    assert [i.name for i in images] == ["srj://chart-timeline", "srj://chart-recovery"]
    assert notices == []
    for image in images:    # 200 dpi on paper, the shape it is shown in
        assert image.picture.width() == round(CONTENT_WIDTH / 96 * 200)
        assert image.height == pytest.approx(
            image.width * image.picture.height() / image.picture.width(), abs=1)
        assert image.width == CONTENT_WIDTH and 0.2 < image.height / image.width < 0.8


def test_without_a_gui_application_a_chart_is_a_notice_not_a_crash():
    """(Qt would crash on the first font; the brief says the chart could not be drawn.)"""
    import subprocess
    import sys

    code = ("import datetime as dt\n"
            "from journal.models import DayEntry\n"
            "from journal.trends import build_trend_data\n"
            "from journal.report.pictures import chart_images\n"
            "notices = []\n"
            "data = build_trend_data([DayEntry(date=dt.date(2026, 3, 1), breakouts=2)], [], [])\n"
            "assert chart_images(data, notices) == []\n"
            "print(notices)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "The timeline chart could not be drawn." in done.stdout


def test_big_counts_and_long_names_stay_on_the_picture(painter):
    name = "Extraordinarily Restorative Overnight Retinoid Concentrate With Peptides"
    products = [Product(id=1, name=name, ingredients="Aqua, Retinol")]
    sessions = [Session(date=D(2026, 3, 1))]
    entries = [DayEntry(date=D(2026, 3, 1) + dt.timedelta(days=d), breakouts=40 * d,
                        product_ids=(1,)) for d in range(15)]   # up to 560 new spots
    data = build_trend_data(entries, sessions, products)
    timeline = painter.timeline(data, WIDTH, dpi=DPI)
    label = next(t for t in timeline.texts if t.startswith("Extraordinarily"))
    assert label.endswith("…") and len(label) < len(name)
    assert "400" in timeline.texts                      # the spots axis reaches the top
    recovery = painter.recovery(data, WIDTH, dpi=DPI)
    assert "highest: 560, day 14" in recovery.texts    # (its label at the right edge)
    assert _blank_border(timeline) and _blank_border(recovery)
