"""Step 3 of the summary: the HTML as a paged Qt document for preview, printer and PDF.

``build_report`` turns the HTML into a ``QTextDocument`` whose images are private
resources (``srj://...``) and which refuses to load anything else;
``ReportDocument.paint`` lays it out for any paged device (QPrinter for the preview and
the printer, QPdfWriter for the PDF) and paints it page by page with a footer and
"Page N of M" on every page - so what is previewed is what is printed. Qt is imported
inside the functions: importing this module does not need it.
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from journal import APP_NAME
from journal.models import JournalError
from journal.report.collect import (
    CELL_SPACER_SLACK, FONT_FAMILY, FOOTER_HEIGHT, KEEP_MARK, LAYOUT_DPI, LETTER_TERRITORIES,
    MARGINS_MM, MAX_LAYOUT_FIXES, PREFIX_LAYOUT_ROWS, ROW_OVERHANG, Progress, ReportData,
    ReportOptions, collect_report,
)
from journal.report.logpages import log_pages
from journal.report.render import LOG_HEADING, render_html



def default_page_size():
    """A4, or Letter where the locale's territory uses it (for PDFs; printers have their own)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QPageSize

    locale = QLocale.system()
    territory = locale.territory() if hasattr(locale, "territory") else locale.country()
    return QPageSize(paper_for_territory(getattr(territory, "name", str(territory))))


def body_size(layout) -> tuple[float, float]:
    """(width, height) in layout px of the body of a page with `layout` (footer excluded)."""
    from PySide6.QtGui import QPageLayout

    rect = layout.paintRect(QPageLayout.Inch)
    # Whole px: Qt keeps layout positions in 1/64 px, and pages must meet exactly.
    return float(int(rect.width() * LAYOUT_DPI)), float(int(rect.height() * LAYOUT_DPI
                                                            - FOOTER_HEIGHT))


def paper_for_territory(name: str):
    """QPageSize.Letter for the territories that use it (QLocale names), else A4."""
    from PySide6.QtGui import QPageSize

    return QPageSize.Letter if name in LETTER_TERRITORIES else QPageSize.A4


def page_layout(page_size=None):
    """Our page layout (portrait, our margins) for `page_size` (default: the locale's)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout

    return QPageLayout(page_size or default_page_size(), QPageLayout.Portrait,
                       QMarginsF(*MARGINS_MM), QPageLayout.Millimeter)


class ReportDocument:
    """The built summary: a QTextDocument plus what the footer needs.

    ``paint(device)`` lays the document out for the device's printable area and
    paints every page; use it for QPrinter (preview and printing) and QPdfWriter.
    """

    def __init__(self, data: ReportData, html: str, reference_device, images,
                 prefix_html: str | None = None, html_for=None):
        self.data = data
        self.html = html
        self.html_for = html_for            # (width, height) -> the HTML for that page size
        self.prefix_html = prefix_html      # the same without the daily log (long reports)
        self.prefix_stages: list[tuple[str, str]] = []   # (HTML, heading): see _prefix_spacers
        self.images = images                # resource name -> QImage
        self._reference = reference_device  # the layout's paint device (kept alive)
        self.document = self._new_document()
        self._spacers: list[tuple[int, float]] = []   # (block number, height), in order
        self._laid_out_for = None
        self._html_size = None
        self.load_html()
        who = f"{data.patient_name} · " if data.patient_name else ""
        self.footer_text = f"{APP_NAME} · {who}{data.period_text} · patient-recorded data"

    @property
    def title(self) -> str:
        name = f" – {self.data.patient_name}" if self.data.patient_name else ""
        return f"{self.data.title}{name} ({self.data.start} to {self.data.end})"

    @property
    def image_count(self) -> int:
        return len(self.data.images)

    def layout_for(self, device) -> tuple[float, float, float]:
        """Lay the document out for `device`; return (scale, body width, body height) in px."""
        from PySide6.QtCore import QSizeF

        width, height = body_size(device.pageLayout())
        if self._laid_out_for != (width, height):
            if self.html_for is not None and self._html_size != (width, height):
                self.html = self.html_for(width, height)   # the daily log cut into pages
                self._html_size = (width, height)
                self.load_html()
            elif self._spacers:  # laid out before for other paper: start from the HTML again
                self.load_html()
            page = QSizeF(width, height)
            name = self._kept_name(width, height)
            if not self._reuse_kept_layout(name, page):
                if self.prefix_html is not None:
                    self._replay(self._prefix_spacers(page))
                # The spacers go in before the page size is set: setting it lays the whole
                # document out afresh, once, with them in place. (Set first, Qt's lazy
                # layout of the new size was under way when they went in: the edit laid
                # out what followed them again, and left some of it where it was, so a
                # third whole layout had to follow.)
                self.document.setPageSize(page)
                # With the part before the log settled (and confirmed) on its own, a check
                # of the whole is enough: a fresh relayout of years of log costs seconds.
                self._keep_headings_with_next(self.document, height,
                                              confirm=self.prefix_html is None)
                self._keep_layout(name)
            self._laid_out_for = (width, height)
        return device.logicalDpiX() / LAYOUT_DPI, width, height

    def _new_document(self):
        return _text_document(self._reference)

    # -- the spacers kept between runs (journal.report.kept) ------------------------------
    def _kept_name(self, width: float, height: float) -> str | None:
        """The kept layout's file name: a digest of the HTML (but the time it was made), the
        page, the fonts Qt found, Qt's version and this code."""
        if getattr(self.data, "kept_in", None) is None:
            return None
        from markupsafe import escape
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion
        from PySide6.QtGui import QFont, QFontInfo

        from journal.report import kept, logpages

        html = self.html.replace(str(escape(self.data.generated_text)), "Generated")
        fonts = [QFontInfo(self.document.defaultFont()).family()]
        for families in (["DejaVu Sans Condensed", "Arial Narrow"],
                         ["DejaVu Sans Mono", "Consolas", "Menlo"]):
            font = QFont()
            font.setFamilies(families)
            fonts.append(QFontInfo(font).family())
        key = kept.digest(html, width, height, fonts, qVersion(), pyside_version, LAYOUT_DPI,
                          kept.source_digest(Path(__file__), Path(logpages.__file__)))
        return f"layout-{key[:32]}.json"

    def _fingerprint(self) -> list:
        """The page count and where the block after each spacer starts: the same numbers,
        the same layout as the one that was kept."""
        from PySide6.QtGui import QTextBlockFormat

        fixed = QTextBlockFormat.FixedHeight.value
        layout = self.document.documentLayout()
        out = [self.document.pageCount()]
        block = self.document.begin()
        while block.isValid():
            following = block.next()
            if following.isValid() and block.blockFormat().lineHeightType() == fixed \
                    and not block.text():
                out.append(round(_first_line_top(layout, following), 1))
            block = following
        return out

    def _reuse_kept_layout(self, name: str | None, page) -> bool:
        """Replay the spacers kept for this very document and page, if their layout comes
        out the same as when they were found; else leave the document as loaded."""
        import json

        from journal.report import kept

        raw = kept.read(self.data.kept_in, name) if name else None
        if raw is None:
            return False
        try:
            saved = json.loads(raw)
            spacers = [(int(number), float(size)) for number, size in saved["spacers"]]
            fingerprint = saved["fingerprint"]
        except (ValueError, TypeError, KeyError):
            return False
        if any(not 0 <= number < self.document.blockCount() + index
               for index, (number, _size) in enumerate(spacers)):
            return False
        self._replay(spacers)
        self.document.setPageSize(page)   # a fresh layout with them in, as they were confirmed
        if self._fingerprint() == fingerprint and not _next_fix(
                self.document, self.document.documentLayout(), page.height(), set()):
            return True
        self.load_html()   # another layout after all (other fonts?): work it out afresh
        return False

    def _keep_layout(self, name: str | None) -> None:
        import json

        from journal.report import kept

        if name:
            kept.write(self.data.kept_in, name, json.dumps(
                {"spacers": self._spacers, "fingerprint": self._fingerprint()}).encode())

    def _fill(self, document, html: str) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QTextDocument

        document.setHtml(html)
        for name, image in self.images.items():
            document.addResource(QTextDocument.ImageResource, QUrl(name), image)
        document.setMetaInformation(QTextDocument.DocumentTitle, self.data.title)

    def load_html(self) -> None:
        """(Re)fill the document from the HTML, with our pictures as its only resources."""
        self._fill(self.document, self.html)
        self._spacers = []
        self._laid_out_for = None

    def _prefix_spacers(self, page_size) -> list[tuple[int, float]]:
        """Spacers for the part before the daily log, found on documents without the log.

        Every spacer makes Qt lay out the rest of the document again, which for a
        daily log of years takes about a second. What comes before the log lays out the
        same with or without it, so its spacers are found on the short document and then
        replayed on the long one in a single edit. The same goes, in stages, for the long
        tables before it (``prefix_stages``: years of red flags, sessions and products
        fill pages each): the red-flag table's rows are moved on a document that ends
        after it, then the sessions' on one that ends after them (the red-flag spacers
        replayed in one edit), and so on; each stage keeps the spacers above its heading.
        """
        spacers: list[tuple[int, float]] = []
        for html, heading in [*self.prefix_stages, (self.prefix_html, LOG_HEADING)]:
            prefix = self._new_document()
            self._fill(prefix, html)
            prefix.setPageSize(page_size)
            _replay_on(prefix, spacers)
            limit = _heading_number(prefix, heading)
            found = self._keep_headings_with_next(prefix, page_size.height(), record=[])
            for number, height in found:  # keep those above the heading (each moves it down)
                if number < limit:
                    spacers.append((number, height))
                    limit += 1
        return spacers

    def _replay(self, spacers: list[tuple[int, float]]) -> None:
        _replay_on(self.document, spacers)
        self._spacers += spacers

    def _keep_headings_with_next(self, document, page_height: float,
                                 record: list | None = None,
                                 confirm: bool = True) -> list[tuple[int, float]]:
        """Keep a heading with what follows it, a photo row together, a table row whole.

        Qt's rich text has no "keep with next", after some tables it even lets a heading
        straddle the page end (a page-break-before then skips a whole page), and it splits
        table rows line by line. So after layout, a heading whose following block starts
        on a later page or that crosses the page end, a group between two KEEP_MARK
        paragraphs (a photo row) that crosses a page end, and a table row shorter than a
        page that crosses one, get an empty fixed-height block before them that fills the
        rest of the page. One fix at a time on a complete layout, and confirmed on a fresh
        one at the end (Qt's incremental relayout after an edit is not always the same).
        Returns the list of spacers, as (block number, height).
        """
        record = self._spacers if record is None else record
        layout = document.documentLayout()
        moved_rows: set[tuple[int, int]] = set()
        fresh = False
        for _fix in range(MAX_LAYOUT_FIXES):
            document.pageCount()  # lay out everything (Qt does it lazily otherwise)
            spacers = _next_fix(document, layout, page_height, moved_rows)
            if not spacers:
                if fresh or not confirm:
                    break
                # Confirm on a complete fresh layout before stopping.
                document.markContentsDirty(0, document.characterCount())
                fresh = True
                continue
            fresh = False
            record.extend(spacers)
            _replay_on(document, spacers)  # one relayout for all the spacers of this fix
        return record

    def page_count(self, device=None) -> int:
        if device is not None:
            self.layout_for(device)
        return self.document.pageCount()

    def paint(self, device, progress: Progress | None = None) -> int:
        """Paint every page on a paged device (QPrinter / QPdfWriter); return the page count."""
        from PySide6.QtCore import QPointF, QRectF, Qt
        from PySide6.QtGui import QColor, QFont, QPainter, QPen

        scale, width, height = self.layout_for(device)
        pages = self.document.pageCount()
        painter = QPainter()
        if not painter.begin(device):
            raise JournalError("could not start printing (the printer or file is not available)")
        try:
            painter.setRenderHint(QPainter.Antialiasing)
            painter.setRenderHint(QPainter.SmoothPixmapTransform)
            painter.scale(scale, scale)
            footer_font = QFont(self.document.defaultFont())
            footer_font.setPixelSize(10)  # layout px: 7.5 pt
            for page in range(pages):
                if progress:
                    progress(85 + int(15 * page / max(1, pages)), f"Page {page + 1} of {pages}")
                if page:
                    device.newPage()
                painter.save()
                painter.translate(0, -page * height)
                self.document.drawContents(painter, QRectF(0, page * height, width, height))
                painter.restore()
                # Footer: a rule, who/what on the left, "Page N of M" on the right.
                top = height + 8
                painter.setPen(QPen(QColor("#9aa5ad"), 0.6))
                painter.drawLine(QPointF(0, top), QPointF(width, top))
                painter.setFont(footer_font)
                painter.setPen(QColor("#4a5560"))
                box = QRectF(0, top + 3, width, FOOTER_HEIGHT - 11)
                painter.drawText(box, Qt.AlignLeft | Qt.AlignTop, self.footer_text)
                painter.drawText(box, Qt.AlignRight | Qt.AlignTop, f"Page {page + 1} of {pages}")
        finally:
            painter.end()
        return pages

    def write_pdf(self, path: Path | str, page_size=None, progress: Progress | None = None) -> int:
        """Write the PDF atomically (temp file, then rename); return the number of pages."""
        from PySide6.QtGui import QPdfWriter

        path = Path(path)
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".pdf.tmp",
                                            dir=str(path.parent))
        except OSError as exc:
            raise JournalError(f"could not write {path}: {exc.strerror or exc}") from None
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            writer = QPdfWriter(str(tmp))
            writer.setResolution(600)
            writer.setPageLayout(page_layout(page_size))
            writer.setTitle(self.title)
            writer.setCreator(APP_NAME)
            pages = self.paint(writer, progress)
            del writer  # flushes and closes the file
            if tmp.stat().st_size == 0:
                raise JournalError(f"could not write {path}")
            os.replace(tmp, path)
        except OSError as exc:
            raise JournalError(f"could not write {path}: {exc.strerror or exc}") from None
        finally:
            if tmp.exists():
                tmp.unlink()
        return pages


def _next_fix(document, layout, page_height: float, moved_rows) -> list[tuple[int, float]]:
    """The first page-break problem as spacers to insert, [(block number, height)], or []."""
    from PySide6.QtGui import QTextFormat

    block = document.begin()
    while block.isValid():
        is_heading = block.blockFormat().headingLevel() > 0
        if is_heading and block.blockFormat().pageBreakPolicy() \
                & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            block = block.next()   # starts a page anyway: a spacer would leave a blank page
            continue
        if not is_heading and not _is_keep_mark(block):
            block = block.next()
            continue
        top = _first_line_top(layout, block)
        page_end = (int((top + 1) // page_height) + 1) * page_height
        if is_heading:
            if block.next().isValid() and block.layout().lineCount():
                height = block.layout().lineAt(0).height()
                following = _first_line_top(layout, block.next())
                if following + 1 >= page_end or top + height > page_end + 0.5:
                    return [(block.blockNumber(), page_end - top)]
        else:
            bottom, _end = _group_bottom(layout, block.next())
            if bottom > page_end + 0.5 and bottom - top < page_height:
                # Take the section's heading (and its legend) along if they would be left
                # behind on this page.
                target = _heading_before(block) or block
                target_top = _first_line_top(layout, target)
                if target is not block and target_top < page_end - page_height:
                    target, target_top = block, top
                return [(target.blockNumber(), page_end - target_top)]
        block = block.next()
    split = _first_split_row(document, layout, page_height, moved_rows)
    if split is None:
        return []
    table, row, top = split
    moved_rows.add((table.firstPosition(), row))  # never the same row twice
    page_end = (int((top + 1) // page_height) + 1) * page_height
    # A little short of the page end: a spacer that does not quite fit in its cell
    # (padding) would itself go to the next page and push the row twice.
    height = page_end - top - CELL_SPACER_SLACK
    firsts = []
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.row() == row and cell.column() == column:
            firsts.append(document.findBlock(cell.firstPosition()).blockNumber())
    return [(number, height) for number in reversed(firsts)]  # from the end: numbers hold


def _replay_on(document, spacers: list[tuple[int, float]]) -> None:
    """Insert `spacers` (block number, height; in the order found) in one edit."""
    from PySide6.QtGui import QTextCursor

    if not spacers:
        return
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for number, height in spacers:
        _insert_spacer_at(document.findBlockByNumber(number), height, cursor)
    cursor.endEditBlock()


def _insert_spacer_at(block, height: float, cursor=None):
    """An empty block of `height` px before `block`, pushing it down (to the next page).

    Returns the block that now holds `block`'s content. With `cursor`, the caller holds
    an edit block open (one relayout for many spacers).
    """
    from PySide6.QtGui import QTextBlockFormat, QTextCursor

    own = cursor is None
    cursor = QTextCursor(block) if own else cursor
    position = block.position()
    cursor.setPosition(position)
    if own:
        cursor.beginEditBlock()  # one relayout for both steps
    cursor.insertBlock(block.blockFormat(), block.charFormat())  # the content moves down
    moved = cursor.block()
    spacer = QTextBlockFormat()
    spacer.setLineHeight(max(1.0, height), QTextBlockFormat.FixedHeight.value)
    spacer.setTopMargin(0)
    spacer.setBottomMargin(0)
    cursor.setPosition(position)  # the new empty block (setPosition does not lay out)
    cursor.setBlockFormat(spacer)
    if own:
        cursor.endEditBlock()
    return moved


def _heading_number(document, text: str) -> int:
    """Block number of the heading with this text (a very large number if none)."""
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.text() == text:
            return block.blockNumber()
        block = block.next()
    return 1 << 30


def _tables(frame):
    from PySide6.QtGui import QTextTable

    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from _tables(child)


def _first_split_row(document, layout, page_height: float, skip=frozenset()):
    """(table, row, top) of the first table row whose lines fall on two pages, or None.

    Qt breaks table rows line by line; a row shorter than a page is better moved whole.
    Only the row just above each page end can cross it, so each page end is looked up
    with a binary search over the rows (the daily log has thousands).
    """
    def row_top(table, row):
        cell = table.cellAt(row, 0)
        return _first_line_top(layout, document.findBlock(cell.firstPosition()))

    def row_span(table, row):
        top, bottom = float("inf"), 0.0
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            if cell.row() != row or cell.column() != column:
                continue  # covered by a spanning cell
            first = document.findBlock(cell.firstPosition())
            last = document.findBlock(max(cell.firstPosition(), cell.lastPosition() - 1))
            # Spacers and empty cells show nothing, wherever their lines are.
            while first.blockNumber() < last.blockNumber() and not first.text().strip():
                first = first.next()
            if not first.text().strip():
                continue
            top = min(top, _first_line_top(layout, first))
            bottom = max(bottom, _last_line_bottom(layout, last))
        return top, bottom

    for table in _tables(document.rootFrame()):
        first_row = table.format().headerRowCount()
        if first_row >= table.rows():
            continue
        table_top = row_top(table, first_row)
        table_bottom = row_span(table, table.rows() - 1)[1]
        page_end = (int((table_top + 1) // page_height) + 1) * page_height
        while page_end < table_bottom:
            low, high = first_row, table.rows() - 1   # last row starting above page_end
            while low < high:
                middle = (low + high + 1) // 2
                if row_top(table, middle) < page_end:
                    low = middle
                else:
                    high = middle - 1
            for row in sorted({low, max(first_row, low - 1)}):
                if (table.firstPosition(), row) in skip:
                    continue
                top, bottom = row_span(table, row)
                # A few px over the end is the line's descent and padding, not text.
                if top < page_end < bottom - ROW_OVERHANG and bottom - top < page_height:
                    return table, row, top
            page_end += page_height
    return None


def _last_line_bottom(layout, block) -> float:
    text_layout = block.layout()
    rect = layout.blockBoundingRect(block)
    if text_layout is None or not text_layout.lineCount():
        return rect.bottom()
    last = text_layout.lineAt(text_layout.lineCount() - 1)
    return rect.top() + last.y() + last.height()


def _heading_before(block):
    """The heading just before `block` (at most two plain paragraphs back), or None."""
    from PySide6.QtGui import QTextCursor

    previous = block.previous()
    for _ in range(3):
        if not previous.isValid() or QTextCursor(previous).currentTable() is not None:
            return None
        if previous.blockFormat().headingLevel() > 0:
            return previous
        previous = previous.previous()
    return None


def _is_keep_mark(block) -> bool:
    return block.text().strip() == KEEP_MARK


def _group_bottom(layout, block):
    """Lowest line bottom from `block` up to the next KEEP_MARK block or heading (returned
    too)."""
    bottom = 0.0
    while block.isValid() and not _is_keep_mark(block) \
            and block.blockFormat().headingLevel() == 0:
        text_layout = block.layout()
        if text_layout is not None and text_layout.lineCount():
            last = text_layout.lineAt(text_layout.lineCount() - 1)
            bottom = max(bottom, layout.blockBoundingRect(block).top() + last.y() + last.height())
        block = block.next()
    return bottom, (block if block.isValid() else None)


def _first_line_top(layout, block) -> float:
    """Where the block's first line is drawn (a line that did not fit is pushed down)."""
    top = layout.blockBoundingRect(block).top()
    text_layout = block.layout()
    if text_layout is not None and text_layout.lineCount():
        top += text_layout.lineAt(0).y()
    return top


def _text_document(reference):
    """An empty summary document laid out on `reference` (a 96 dpi image), with its font."""
    from PySide6.QtGui import QFont

    document = _make_text_document_class()()
    document.documentLayout().setPaintDevice(reference)
    document.setUseDesignMetrics(True)
    document.setDocumentMargin(0)
    font = QFont(FONT_FAMILY)
    font.setStyleHint(QFont.SansSerif)
    font.setPointSizeF(9)
    if hasattr(font, "setFeature"):  # Qt >= 6.7: no "fi" ligature, so PDF text searches
        for tag in ("liga", "clig"):
            font.setFeature(QFont.Tag(tag), 0)
    document.setDefaultFont(font)
    return document


def _make_text_document_class():
    from PySide6.QtGui import QImage, QTextDocument

    class SealedTextDocument(QTextDocument):
        """A QTextDocument that loads nothing by itself: only resources we added exist.

        Returning nothing is not enough: Qt's image handler then reads the file named in
        ``src`` itself. So any unknown image is a blank pixel and any other resource empty.
        """

        _blank = None

        def loadResource(self, type_, name):  # noqa: N802 - Qt API
            if type_ == QTextDocument.ImageResource:
                if SealedTextDocument._blank is None:
                    blank = QImage(1, 1, QImage.Format_RGB32)
                    blank.fill(0xFFFFFFFF)
                    SealedTextDocument._blank = blank
                return SealedTextDocument._blank
            return ""

    return SealedTextDocument


def build_report(journal, start: dt.date, end: dt.date, options: ReportOptions | None = None,
                 progress: Progress | None = None) -> ReportDocument:
    """Build the summary for `start`..`end` as a ReportDocument (needs a QGuiApplication)."""
    return report_document(collect_report(journal, start, end, options, progress))


def report_document(data: ReportData) -> ReportDocument:
    """The printable document for collected data (on the GUI thread: it makes Qt objects)."""
    from PySide6.QtGui import QImage

    # Lay out at a fixed resolution whatever the screen: a 96 dpi image as the paint device.
    reference = QImage(8, 8, QImage.Format_RGB32)
    reference.setDotsPerMeterX(round(LAYOUT_DPI / 0.0254))
    reference.setDotsPerMeterY(round(LAYOUT_DPI / 0.0254))
    def html_for(width: float, height: float) -> str:
        chunks = log_pages(data.log_rows, width, height, reference) if data.log_rows else None
        return render_html(data, chunks)

    size = body_size(page_layout())   # the usual paper here; layout_for redoes it for others
    html = html_for(*size)
    # Everything before the daily log, for laying out a long report quickly (see layout_for).
    prefix_html, stages = None, []
    if data.log_rows and len(data.log_rows) > PREFIX_LAYOUT_ROWS:
        prefix_html = render_html(replace(data, log_rows=[]))
        stages = _prefix_stages(data, prefix_html)
    images = {}
    for image in data.images:
        qimage = image.picture if image.picture is not None else QImage.fromData(image.data)
        if not qimage.isNull():
            images[image.name] = qimage
    document = ReportDocument(data, html, reference, images, prefix_html,
                              html_for if data.log_rows else None)
    document._html_size = size if data.log_rows else None
    document.prefix_stages = stages
    return document


# The long tables before the daily log: the heading after each table, the table (a list
# of ReportData), and the data without it and what follows (for a stage of _prefix_spacers).
STAGED_SECTIONS = (
    ("Sessions and the recovery after each", "red_flags",
     dict(sessions=[], evidence=[], course=[])),
    ("Products and new spots", "sessions", dict(evidence=[], course=[])),
)
STAGE_ROWS = 20   # rows of such a table that fill pages: its own stage is worth a layout


def _prefix_stages(data: ReportData, prefix_html: str) -> list[tuple[str, str]]:
    """(HTML, heading) of the documents that end just after each long table before the log;
    each used only where its HTML is the prefix's, to the byte, up to the heading."""
    stages = []
    for heading, table, empty in STAGED_SECTIONS:
        if len(getattr(data, table)) < STAGE_ROWS:
            continue
        html = render_html(replace(data, log_rows=[], **empty))
        mark = f"<h2>{heading}</h2>"
        cut = html.find(mark)
        if cut > 0 and prefix_html.find(mark) == cut and html[:cut] == prefix_html[:cut]:
            stages.append((html, heading))
    return stages
