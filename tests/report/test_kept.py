"""The charts kept between summaries (journal/report/kept.py): the next summary of the same
log reads them back instead of importing matplotlib and drawing them again; any change to
what they show draws them anew; a damaged file is only a cache missed."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat

import pytest

from journal.report import collect_report, kept, pictures

START, END = dt.date(2026, 2, 27), dt.date(2026, 4, 10)


@pytest.fixture
def drawn(monkeypatch):
    """pictures._draw_charts with a list of the charts each call drew."""
    calls = []
    real = pictures._draw_charts

    def draw(data, notices, titles, keys):
        calls.append(list(keys))
        return real(data, notices, titles, keys)

    monkeypatch.setattr(pictures, "_draw_charts", draw)
    return calls


def charts(journal):
    data = collect_report(journal, START, END)
    return {image.name: image for image in data.charts}


def test_the_next_summary_of_the_same_log_reads_the_charts_back(small_journal, drawn):
    first = charts(small_journal)
    assert drawn == [["timeline", "recovery"]] and set(first) == {
        "srj://chart-timeline", "srj://chart-recovery"}
    folder = small_journal.data_dir / "cache" / "report"
    files = sorted(folder.iterdir())
    assert len(files) == 2
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)   # health data
    again = charts(small_journal)
    assert drawn == [["timeline", "recovery"]], "read back, not drawn again"
    assert {n: (i.data, i.width, i.height, i.title) for n, i in again.items()} == \
        {n: (i.data, i.width, i.height, i.title) for n, i in first.items()}


def test_a_change_to_the_log_or_the_period_draws_them_again(small_journal, drawn):
    charts(small_journal)
    small_journal.update_entry(dt.date(2026, 3, 4), breakouts=7)
    charts(small_journal)
    assert drawn == [["timeline", "recovery"]] * 2
    collect_report(small_journal, START + dt.timedelta(days=1), END)
    assert len(drawn) == 3
    # A label edited: its caution classes mark the timeline's strips and the curves' days.
    product = small_journal.products()[0]
    small_journal.update_product(dataclasses.replace(
        product, ingredients=(product.ingredients or "Aqua") + ", Retinol"))
    collect_report(small_journal, START + dt.timedelta(days=1), END)
    assert len(drawn) == 4


def test_a_damaged_kept_chart_is_drawn_again(small_journal, drawn):
    first = charts(small_journal)
    folder = small_journal.data_dir / "cache" / "report"
    timeline = next(p for p in folder.iterdir() if p.name.startswith("chart-timeline"))
    timeline.write_bytes(timeline.read_bytes()[:-100])   # cut short
    again = charts(small_journal)
    assert drawn == [["timeline", "recovery"], ["timeline"]]
    assert again["srj://chart-timeline"].data == first["srj://chart-timeline"].data


def test_only_the_newest_are_kept(tmp_path):
    for index in range(kept.KEEP_FILES + 3):
        kept.write(tmp_path, f"chart-{index}.png", b"x")
        path = tmp_path / "cache" / "report" / f"chart-{index}.png"
        # Distinct times, whatever the file system's resolution.
        os.utime(path, (1000 + index, 1000 + index))
    names = sorted(p.name for p in (tmp_path / "cache" / "report").iterdir())
    assert len(names) == kept.KEEP_FILES and "chart-0.png" not in names


def test_the_digest_refuses_a_set_whose_order_changes_between_runs():
    assert kept.digest([1, "a"], {"b": 2}) == kept.digest([1, "a"], {"b": 2})
    for part in ({"a", "b"}, [frozenset({"a"})]):
        with pytest.raises(TypeError):
            kept.digest(part)
