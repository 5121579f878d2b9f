"""The daily log's pages (journal/report/logpages.py): each row is measured as Qt
lays it out, so a page's table fits its page and the pages are full, not a quarter blank."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from tests.report.test_brief import START, TODAY, _fill

NOTES = {
    dt.date(2026, 10, 1): "Tight and dry.\n\nBetter after the cream,   much better   by noon.",
    dt.date(2026, 10, 2): "y" * 150,                          # one long word: broken anywhere
    dt.date(2026, 10, 3): "Itchy along the jaw line; " * 12,
    dt.date(2026, 10, 4): "Ein Schönheitsfleck · déjà vu — “quotes” & <b>not bold</b>",
}


@pytest.fixture
def brief(journal, fill_demo, qapp):
    _fill(journal, fill_demo)
    for day, note in NOTES.items():
        journal.update_entry(day, note=note)
    from journal.report import build_report

    return build_report(journal, START, TODAY)


def _log_tables(document):
    from journal.report.paginate import _tables

    for table in _tables(document.rootFrame()):
        def header(column):
            return document.findBlock(table.cellAt(0, column).firstPosition()).text()

        if table.columns() == 5 and header(0) == "Date" and header(3) == "Products":
            yield table


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_log_rows_are_measured_as_qt_lays_them_out(brief, tmp_path, paper):
    from PySide6.QtGui import QPageSize, QPdfWriter

    from journal.report.logpages import log_row_heights
    from journal.report.paginate import _first_line_top, page_layout

    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setPageLayout(page_layout(QPageSize(getattr(QPageSize, paper))))
    _, width, height = brief.layout_for(writer)
    document = brief.document
    layout = document.documentLayout()
    rows = brief.data.log_rows
    estimated, _header = log_row_heights(rows, width, brief._reference)
    measured, fills = [], []
    tables = list(_log_tables(document))
    assert len(tables) >= 2
    for table in tables:
        def top(row):
            return _first_line_top(layout, document.findBlock(table.cellAt(row, 0)
                                                              .firstPosition()))
        frame = layout.frameBoundingRect(table)
        tops = [top(row) for row in range(1, table.rows())] + [frame.bottom()]
        measured += [below - above for above, below in zip(tops, tops[1:])]
        page = int(frame.top() // height)
        assert frame.bottom() <= (page + 1) * height, "a log table runs past its page"
        fills.append((frame.bottom() - page * height) / height)
    assert len(measured) == len(rows)
    worst = max(abs(m - e) for m, e in zip(measured, estimated))
    assert worst < 0.5, worst
    assert min(fills[:-1]) > 0.9, fills      # full pages (the last one holds what is left)


def test_a_row_taller_than_a_page_starts_where_there_is_room(monkeypatch):
    """Qt splits such a row (a note of thousands of words) anyway: moving it to a fresh page
    only left a page with a row or two and the rest blank."""
    from journal.report import logpages

    heights = [100, 100, 5000, 100, 5000, 100, 100]
    monkeypatch.setattr(logpages, "log_row_heights",
                        lambda rows, width, device: (heights, 20.0))
    pages = logpages.log_pages(list(range(len(heights))), 600.0, 1000.0, None)
    assert pages == [[0, 1, 2], [3, 4], [5, 6]]
    # Rows that fit a page still move whole to the next one.
    heights[:] = [400, 400, 400, 400]
    assert logpages.log_pages(list(range(4)), 600.0, 1000.0, None) == [[0, 1], [2, 3]]


def test_a_long_sessions_table_is_kept_whole_in_a_stage_of_its_own(journal, qapp, tmp_path,
                                                                   monkeypatch):
    """Years of sessions fill pages before the products: their rows are moved on a document
    that ends after them (a stage), then replayed; no row or heading is cut on paper."""
    from PySide6.QtGui import QPdfWriter

    from journal.models import DayEntry, Session
    from journal.report import build_report
    from journal.report.paginate import (
        STAGE_ROWS, ReportDocument, _heading_number, _next_fix, body_size, page_layout,
    )

    found = []   # (the products' heading's block number, the spacers found) per document
    keep = ReportDocument._keep_headings_with_next

    def spy(self, document, page_height, record=None, confirm=True):
        heading = _heading_number(document, "Products and new spots")
        spacers = keep(self, document, page_height, record, confirm)
        found.append((heading, list(spacers)))
        return spacers

    monkeypatch.setattr(ReportDocument, "_keep_headings_with_next", spy)

    start = dt.date(2025, 1, 1)
    for number in range(STAGE_ROWS + 6):
        journal.add_session(Session(date=start + dt.timedelta(days=8 * number),
                                    notes="Full face, cheeks and forehead. " * number))
    for offset in range(8 * (STAGE_ROWS + 6)):
        journal.save_entry(DayEntry(date=start + dt.timedelta(days=offset), redness=3,
                                    breakouts=offset % 4))
    end = start + dt.timedelta(days=8 * (STAGE_ROWS + 6) - 1)
    report = build_report(journal, start, end)
    assert [heading for _html, heading in report.prefix_stages] == ["Products and new spots"]
    stage_html = report.prefix_stages[0][0]
    cut = stage_html.index("<h2>Products and new spots</h2>")
    assert stage_html[:cut] == report.prefix_html[:cut] and stage_html != report.prefix_html

    writer = QPdfWriter(str(tmp_path / "brief.pdf"))
    writer.setPageLayout(page_layout())
    pages = report.paint(writer)
    del writer
    document = report.document
    height = body_size(page_layout())[1]
    assert pages == document.pageCount() > 3
    assert _next_fix(document, document.documentLayout(), height, set()) == []
    (stage_heading, in_stage), (prefix_heading, in_prefix), _whole = found
    # The sessions' rows crossing a page end were moved on the stage's document...
    assert [n for n, _h in in_stage if n < stage_heading]
    # ... and replayed on the whole prefix, where nothing above the products moved again.
    assert all(n >= prefix_heading for n, _h in in_prefix)
    assert len(report._spacers) >= len([n for n, _h in in_stage if n < stage_heading])


def test_spacers_replayed_from_the_prefix_leave_the_layout_a_fresh_one_gives(
        journal, fill_demo, qapp, monkeypatch):
    """The part before the log is laid out apart and its spacers replayed on the whole in
    one edit. Replayed while Qt's lazy layout of the page size was under way, the blocks
    after it kept stale places: the charts and the photos' heading went unpainted."""
    from PySide6.QtGui import QPdfWriter

    from journal.report import build_report
    from journal.report.paginate import ReportDocument, _first_line_top, page_layout

    _fill(journal, fill_demo)
    monkeypatch.setattr(ReportDocument, "_prefix_spacers",
                        lambda self, page_size: [(20, 40.0)])   # a row pushed down early
    report = build_report(journal, START, TODAY)
    assert report.prefix_html is not None

    def places(document):
        layout, block, out = document.documentLayout(), document.begin(), []
        while block.isValid():
            out.append((block.text()[:30], round(_first_line_top(layout, block), 1)))
            block = block.next()
        return out

    writer = QPdfWriter(os.devnull)
    writer.setPageLayout(page_layout())
    report.layout_for(writer)
    laid_out = places(report.document)
    report.document.markContentsDirty(0, report.document.characterCount())
    report.document.pageCount()
    assert laid_out == places(report.document)
