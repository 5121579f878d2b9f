"""The daily log's pages: its rows measured as Qt lays them out, cut into one table a page.

Qt breaks a table row line by line across pages, and moving rows one at a time costs a
relayout of the whole document each (minutes for years of notes). So the rows are
measured here (``log_row_heights``) and ``log_pages`` cuts the log into runs of rows that
each fit on a page; the template prints one table per run, each starting a new page.
Qt is imported inside the functions.
"""
from __future__ import annotations

from journal.report.collect import LogRow

LOG_HEADING_ROOM = 84           # px above the first log table: the appendix heading, its key
LOG_BREAK_ROOM = 8              # px above each further table: the page-break paragraph
LOG_PAGE_SLACK = 2              # px of a log page left unused: rounding


def log_pages(rows: list[LogRow], width: float, height: float, device) -> list[list[LogRow]]:
    """The daily log cut into runs of rows that each fit on one page.

    Qt breaks a table row line by line across pages, and moving rows one at a time costs
    a relayout of the whole document each (minutes for years of notes). So each row's
    height is measured here as Qt lays it out (log_row_heights) and the log is printed as
    one table per page, each starting a new page. A row taller than a page (a note of
    thousands of words) is split by Qt wherever it falls, so it starts where the page has
    room rather than leave a page with a row or two and the rest blank.
    """
    heights, header = log_row_heights(rows, width, device)
    pages: list[list[LogRow]] = [[]]
    full = height - LOG_BREAK_ROOM - header - LOG_PAGE_SLACK   # a whole page's room
    room = height - LOG_HEADING_ROOM - header - LOG_PAGE_SLACK
    used = 0.0
    for row, need in zip(rows, heights):
        if pages[-1] and used + need > room and need <= full:
            pages.append([])
            room, used = full, 0.0
        pages[-1].append(row)
        used += need
    return pages


def log_row_heights(rows: list[LogRow], width: float, device) -> tuple[list[float], float]:
    """(each row's height, the header's and the table's own height) in layout px, as Qt lays
    the log's table out `width` px wide.

    A probe table made by the template's own macro is laid out once to read what the
    rows are made of (the line height, a row's padding and borders, each column's text
    width, the header); each row's cells are then broken into lines with QTextLayout, with
    the document's wrap mode and the same fonts (bold, semi-bold and italic where the
    template has them) - which is how the table itself breaks them.
    """
    probe = _log_probe(width, device)
    heights = []
    count = probe.lines
    for row in rows:
        products, product_bold = [], []
        for index, product in enumerate(row.products):
            if index:
                products.append(", ")
            if product.caution:
                product_bold.append((len("".join(products)), len(product.name), "bold"))
            products.append(product.name)
        note, note_formats = "", []
        for part, style in ((row.session, "bold"), (", ".join(row.flags), "semibold"),
                            (row.context, "italic"), (row.note, "")):
            part = _collapse(part)
            if not part:
                continue
            if note:
                note += " · "
            if style:
                note_formats.append((len(note), len(part), style))
            note += part
        lines = max(count(_collapse("".join(products)), tuple(product_bold), "products"),
                    count(note, tuple(note_formats), "note"),
                    count(row.date_text, (), "date"),
                    count(row.day, (), "day"))
        heights.append(lines * probe.line + probe.overhead)
    return heights, probe.header + probe.table_extra


def _collapse(text: str) -> str:
    """Text as HTML shows it: each run of spaces and line breaks one space."""
    return " ".join((text or "").replace("\u00a0", "\x00").split()).replace("\x00", "\u00a0")


class _LogProbe:
    """What the log's table is made of, read from a probe table laid out by Qt."""

    def __init__(self, document, table, device):
        from PySide6.QtGui import QFont, QFontMetricsF, QTextOption

        from journal.report.paginate import _first_line_top

        layout = document.documentLayout()

        def cell_block(row, column):
            return document.findBlock(table.cellAt(row, column).firstPosition())

        def row_top(row):
            return _first_line_top(layout, cell_block(row, 0))

        one = row_top(2) - row_top(1)                    # row 1: one line in every cell
        many_block = cell_block(2, 4)                    # row 2: a note of many lines
        many = row_top(3) - row_top(2)
        many_lines = many_block.layout().lineCount()
        self.line = (many - one) / max(1, many_lines - 1)
        self.overhead = one - self.line
        self.header = row_top(1) - layout.frameBoundingRect(table).top()
        # The table's own border below its last row (row 3: one line, like row 1).
        self.table_extra = max(0.0, layout.frameBoundingRect(table).bottom() - row_top(3) - one)
        columns = ("date", "day", "scores", "products", "note")
        self.widths = {name: cell_block(1, index).layout().lineAt(0).width()
                       for index, name in enumerate(columns)}
        fragment = cell_block(1, 3).begin().fragment()      # "A", a product's name
        regular = QFont(fragment.charFormat().font()).resolve(document.defaultFont())
        self.fonts = {"": regular}
        for style, change in (("bold", lambda f: f.setWeight(QFont.Bold)),
                              ("semibold", lambda f: f.setWeight(QFont.DemiBold)),
                              ("italic", lambda f: f.setItalic(True))):
            font = QFont(regular)
            change(font)
            self.fonts[style] = font
        # The widest of the fonts: a text that fits on one line in it fits in any of them.
        self._widest = QFontMetricsF(self.fonts["bold"], device)
        self.option = QTextOption()
        self.option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.option.setUseDesignMetrics(True)
        self.device = device
        self._known: dict = {}

    def lines(self, text: str, formats: tuple, column: str) -> int:
        """How many lines `text` takes in `column`; `formats`: (start, length, style)."""
        if not text:
            return 1
        key = (text, formats, column)
        found = self._known.get(key)
        if found is None:
            width = self.widths[column]
            # Short text, one line: QFontMetricsF is five times quicker than a QTextLayout.
            found = 1 if self._widest.horizontalAdvance(text) < width - 1 \
                else self._count(text, formats, width)
            self._known[key] = found
        return found

    def _count(self, text: str, formats: tuple, width: float) -> int:
        from PySide6.QtGui import QTextCharFormat, QTextLayout

        layout = QTextLayout(text, self.fonts[""], self.device)
        layout.setTextOption(self.option)
        if formats:
            ranges = []
            for start, length, style in formats:
                part = QTextLayout.FormatRange()
                part.start, part.length = start, length
                char = QTextCharFormat()
                char.setFont(self.fonts[style])
                part.format = char
                ranges.append(part)
            layout.setFormats(ranges)
        layout.beginLayout()
        count = 0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            count += 1
        layout.endLayout()
        return max(1, count)


_PROBES: dict = {}


def _log_probe(width: float, device) -> _LogProbe:
    """The probe for this width (one per width and process: it costs a small layout)."""
    import datetime as dt

    from PySide6.QtCore import QSizeF

    from journal.report.collect import LogProduct
    from journal.report.paginate import _tables, _text_document
    from journal.report.render import log_probe_html

    key = (width, device.logicalDpiX())
    if key not in _PROBES:
        def row(note: str) -> LogRow:
            return LogRow(date=dt.date(2026, 1, 1), day="1", ratings=["1"] * 5, breakouts="1",
                          products=[LogProduct("A", False)], flags=[], context="", note=note,
                          is_session_day=False)

        document = _text_document(device)
        document.setHtml(log_probe_html([row("x"), row("x " * 400), row("x")]))
        document.setPageSize(QSizeF(width, 1e7))
        document.pageCount()
        table = next(_tables(document.rootFrame()))
        _PROBES[key] = _LogProbe(document, table, device)
    return _PROBES[key]
