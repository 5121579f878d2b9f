"""The dermatologist summary: build real PDFs and read them back with pypdf."""
from __future__ import annotations

import datetime as dt
import io
import os
import re

import pytest

from journal.cli import main as cli_main
from tests.conftest import run_cli
from tests.report.pdf import page_texts

pypdf = pytest.importorskip("pypdf")

START, END = dt.date(2026, 2, 27), dt.date(2026, 4, 10)
HTML_NOTE = '<b>worse</b> & <i>itchy</i>'
QUESTION = ("Is the pus on day 4 something to worry about?\nCan I restart the retinol serum?\n"
            'Is <img src="file:///etc/hostname"> a <b>problem</b>?')


def skin_jpeg(seed: int, size=(1600, 1200)) -> bytes:
    """A real JPEG with some texture (so it does not compress to nothing)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (222, 170, 150))
    draw = ImageDraw.Draw(image)
    for i in range(120):
        x, y = (seed * 97 + i * 131) % size[0], (seed * 53 + i * 71) % size[1]
        draw.ellipse((x, y, x + 40, y + 40), fill=(200, 90 + i % 60, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def report_journal(small_journal):
    """small_journal plus a patient name, questions, an HTML-ish note and three photos."""
    from journal.store.photos import import_photo_data

    j = small_journal
    j.update_entry(dt.date(2026, 3, 6), redness=2, breakouts=1, note=HTML_NOTE)
    j.set_setting("patient_name", "Ada Example")
    j.set_setting("questions", QUESTION)
    for seed, day in enumerate((dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 5))):
        import_photo_data(j, skin_jpeg(seed), day, "full face")
    return j


@pytest.fixture
def qapp_offscreen(qapp):
    """pytest-qt's QApplication (a QGuiApplication made first would break the GUI tests)."""
    return qapp


def pdf_text(path) -> tuple[str, "pypdf.PdfReader"]:
    """The PDF's text (all pages, white space collapsed) and the PDF itself."""
    return " ".join(page_texts(path)), pypdf.PdfReader(str(path))


def count_images(reader) -> int:
    """Distinct image XObjects used on the pages."""
    seen = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for name, ref in xobjects.items():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                seen.add(getattr(ref, "idnum", name))
    return len(seen)


def build_pdf(journal, path, options=None, start=START, end=END):
    from journal.report import build_report

    report = build_report(journal, start, end, options)
    pages = report.write_pdf(path)
    return report, pages


def test_pdf_holds_what_the_dermatologist_needs(report_journal, qapp_offscreen, tmp_path):
    out = tmp_path / "summary.pdf"
    report, pages = build_pdf(report_journal, out)
    text, reader = pdf_text(out)
    first = page_texts(out)[0]

    assert len(reader.pages) == pages >= 2
    assert "Ada Example" in first
    # Page 1: the questions first, then red flags, sessions with their parameters, products.
    assert first.index("Is the pus on day 4 something to worry about?") \
        < first.index("Red-flag events") < first.index("Sessions and the recovery") \
        < first.index("Products and new spots")
    for session in ("Session 1 (1 Mar 2026)", "Session 2 (5 Apr 2026)"):
        assert session in first
    assert "full face; needle depth 0.5 mm; Bright Skin Clinic" in first
    for product in ("Gentle Cleanser", "Night Serum", "Coconut Balm"):
        assert product in first
    # Caution ingredient classes by product.
    assert "retinoid" in first and "pore-clogging oil" in first
    # The red-flag day, with its Day N, its note and its suspects (caution products of that
    # day and the days before), not the harmless cleanser.
    assert re.search(r"5 Mar 2026 Day 4 after Session 1 \(1 Mar 2026\) Pus or discharge",
                     first), first[:1500]
    assert "yellow spot" in first
    suspects = first[first.index("Pus or discharge"):first.index("Sessions and the recovery")]
    suspects = suspects.replace(" :", ":")   # pypdf puts a space after a coloured span
    assert "Coconut Balm (pore-clogging oil): that day" in suspects
    assert "Night Serum (retinoid): 2 days before" in suspects
    assert "Also used that day: Gentle Cleanser" in suspects
    # Caution products around each session, by day.
    assert "Night Serum: day 2" in first and "Coconut Balm: day 4" in first
    # Every page has its footer with "Page N of M".
    for number, page in enumerate(page_texts(out), 1):
        assert f"Page {number} of {pages}" in page


def test_user_text_prints_literally_and_loads_nothing(report_journal, qapp_offscreen, tmp_path):
    out = tmp_path / "summary.pdf"
    report, _ = build_pdf(report_journal, out)
    text, reader = pdf_text(out)
    assert '<b>worse</b> & <i>itchy</i>' in text                     # a note, in the log
    assert 'Is <img src="file:///etc/hostname"> a <b>problem</b>?' in text  # a question
    # Only our own pictures: 2 charts + the area's first photo beside its latest (one
    # session: no earlier session to match a Day N with).
    assert count_images(reader) == report.image_count == 4


def test_sealed_document_refuses_outside_resources(qapp_offscreen, report_journal, tmp_path):
    from PIL import Image
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from journal.report import build_report

    picture = tmp_path / "outside.png"
    Image.new("RGB", (20, 20), "red").save(picture)
    report = build_report(report_journal, START, END)
    doc = report.document
    assert doc.resource(QTextDocument.ImageResource, QUrl("srj://chart-timeline")).width() > 1000
    # Even markup put straight into the document cannot pull the file in: Qt gets a blank
    # pixel instead of the file (Qt's own fallback would read the file otherwise).
    for src in (QUrl.fromLocalFile(str(picture)).toString(), str(picture)):
        doc.setHtml(f'<p>x <img src="{src}"></p>')
        doc.size()  # lay out, which is when images are fetched
        image = doc.resource(QTextDocument.ImageResource, QUrl(src))
        assert image is not None and image.size().width() == 1


def test_starred_photos_come_first_with_the_one_to_compare(report_journal, qapp_offscreen,
                                                          tmp_path):
    photos = report_journal.photos()
    report_journal.set_for_report(photos[1].id, True)
    report, _ = build_pdf(report_journal, tmp_path / "starred.pdf")
    text, reader = pdf_text(tmp_path / "starred.pdf")
    # One session: the starred photo of Day 2 beside the session's first photo, and the
    # first beside the latest; two pairs, one row, four pictures plus the two charts.
    assert [p.title for p in report.data.photo_pairs] == [
        "Full face: Day 2 ★ beside Day 1 of the same session", "Full face: first and latest"]
    assert count_images(reader) == 2 + 3  # a photo in two pairs is stored once
    assert "3 Mar 2026 · Day 2" in text and "full face ★" in text


def test_options_leave_out_photos_and_daily_log(report_journal, qapp_offscreen, tmp_path):
    from journal.report import ReportOptions

    out = tmp_path / "short.pdf"
    build_pdf(report_journal, out, ReportOptions(include_photos=False, include_daily_log=False,
                                                 patient_name="", questions=""))
    text, reader = pdf_text(out)
    assert count_images(reader) == 2
    assert "daily log" not in text and "Ada Example" not in text
    assert "(none written)" in text


def test_daily_log_has_a_row_per_day(report_journal, qapp_offscreen):
    from journal.report import collect_report

    data = collect_report(report_journal, START, END)
    logged = [e.date for e in report_journal.entries(START, END)]
    assert [row.date for row in data.log_rows] == logged
    flagged = [row for row in data.log_rows if row.flags]
    assert [(row.date, row.day) for row in flagged] == [(dt.date(2026, 3, 5), "4")]


def test_pdf_paper_follows_the_locale(report_journal, qapp_offscreen, tmp_path):
    from PySide6.QtGui import QPageSize

    from journal.report import build_report, paper_for_territory

    assert paper_for_territory("UnitedStates") == QPageSize.Letter
    assert paper_for_territory("Canada") == QPageSize.Letter
    assert paper_for_territory("Germany") == QPageSize.A4
    report = build_report(report_journal, START, END)
    report.write_pdf(tmp_path / "letter.pdf", QPageSize(QPageSize.Letter))
    report.write_pdf(tmp_path / "a4.pdf", QPageSize(QPageSize.A4))
    letter = pypdf.PdfReader(str(tmp_path / "letter.pdf")).pages[0].mediabox
    a4 = pypdf.PdfReader(str(tmp_path / "a4.pdf")).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


def test_empty_journal_still_makes_a_summary(journal, qapp_offscreen, tmp_path):
    out = tmp_path / "empty.pdf"
    _, pages = build_pdf(journal, out)
    text, _ = pdf_text(out)
    assert pages == 1
    assert "No treatment session is recorded" in text
    assert "Page 1 of 1" in text


def test_default_period_starts_at_the_first_recent_session(journal):
    from journal.models import Session
    from journal.report import default_period

    today = dt.date(2026, 6, 30)
    assert default_period(journal, today) == (dt.date(2026, 3, 30), today)
    journal.add_session(Session(date=dt.date(2026, 1, 10)))   # older than three months
    journal.add_session(Session(date=dt.date(2026, 4, 20)))
    journal.add_session(Session(date=dt.date(2026, 5, 25)))
    assert default_period(journal, today) == (dt.date(2026, 4, 20), today)


@pytest.mark.parametrize("args, message", [
    (["--out", "{tmp}/summary.txt"], "must end in .pdf"),
    (["--out", "{tmp}/missing/summary.pdf"], "does not exist"),
    (["--out", "{tmp}/s.pdf", "--from", "2026-13-01"], "not a valid date"),
    (["--out", "{tmp}/s.pdf", "--to", "yesterday"], "not a valid date"),
    (["--out", "{tmp}/s.pdf", "--from", "2026-04-01", "--to", "2026-03-01"], "after it ends"),
])
def test_cli_rejects_bad_input_and_writes_nothing(small_journal, data_dir, tmp_path, capsys,
                                                   args, message):
    small_journal.close()
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    before = set(tmp_path.rglob("*"))
    code = cli_main(["--data-dir", str(data_dir), "report", *args])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert set(tmp_path.rglob("*")) - before == set()


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_cli_folder_that_takes_no_new_files_is_one_line(small_journal, data_dir):
    small_journal.close()
    result = run_cli("report", "--out", "/proc/summary.pdf", data_dir=data_dir)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: could not write") and "Traceback" not in result.stderr


def test_cli_writes_the_pdf_headless(small_journal, data_dir, tmp_path):
    small_journal.close()
    out = tmp_path / "summary.pdf"
    # No display and no platform chosen: report_cli must pick "offscreen" itself.
    env = {"QT_QPA_PLATFORM": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    result = run_cli("report", "--out", out, "--from", "2026-02-01", "--to", "2026-04-30",
                     data_dir=data_dir, env=env)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "wrote" in result.stdout and "page" in result.stdout
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    text, _ = pdf_text(out)
    assert "5 Mar 2026" in text


def test_missing_parts_degrade_to_a_notice(report_journal, qapp_offscreen, tmp_path, monkeypatch):
    """A chart that fails and a lost photo file: still a summary."""
    from journal.report import print_charts

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(print_charts, "timeline", broken)
    first = report_journal.photos()[0]
    (report_journal.photos_dir / first.file_name).unlink()

    out = tmp_path / "degraded.pdf"
    report, pages = build_pdf(report_journal, out)
    text, reader = pdf_text(out)
    assert "The timeline chart could not be drawn." in text
    assert "could not be read and is left out" in text
    # The recovery chart only: the one pair (first and latest photo) lost its first photo,
    # and half a pair is left out.
    assert count_images(reader) == 1
    assert "Night Serum" in text and "5 Mar 2026" in text


def test_period_starting_mid_recovery_shows_the_session_it_belongs_to(report_journal):
    from journal.report import ReportOptions, collect_report

    data = collect_report(report_journal, dt.date(2026, 3, 3), dt.date(2026, 3, 20),
                          ReportOptions(include_charts=False, include_photos=False))
    assert data.highlights[0].startswith(
        "The period starts on Day 2 after Session 1 (1 Mar 2026); no new session in it")
    assert [(s.date, s.before_period) for s in data.sessions] == [(dt.date(2026, 3, 1), True)]
    assert [row.day for row in data.log_rows] == ["2", "4", "5"]


def _line_span(layout, block):
    rect = layout.blockBoundingRect(block)
    lines = block.layout()
    if lines is None or not lines.lineCount():
        return rect.top(), rect.top()
    first, last = lines.lineAt(0), lines.lineAt(lines.lineCount() - 1)
    return rect.top() + first.y(), rect.top() + last.y() + last.height()


def _first_text_block(document, cell):
    """The cell's first block with text (the builder pushes a row down with empty blocks)."""
    block = document.findBlock(cell.firstPosition())
    while not block.text().strip() and block.position() < cell.lastPosition():
        block = block.next()
    return block


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_pages_break_cleanly(report_journal, qapp_offscreen, tmp_path, paper):
    """No heading alone at a page foot, no photo with its caption on the next page, no
    table row with some lines on one page and the rest on the next."""
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextTable

    from journal.models import DayEntry
    from journal.report import build_report, page_layout
    from journal.store.photos import import_photo_data

    start = dt.date(2026, 4, 6)
    for offset in range(1, 60):
        day = start + dt.timedelta(days=offset)
        report_journal.save_entry(DayEntry(
            date=day, redness=offset % 5, breakouts=offset % 4,
            note="Long note about the skin today, " * (offset % 3)))
    for seed in range(7):
        import_photo_data(report_journal, skin_jpeg(10 + seed), start + dt.timedelta(days=seed),
                          "left cheek" if seed % 2 else "full face")
    report = build_report(report_journal, START, dt.date(2026, 6, 5))
    writer = QPdfWriter(str(tmp_path / "x.pdf"))
    writer.setPageLayout(page_layout(QPageSize(getattr(QPageSize, paper))))
    _, _, height = report.layout_for(writer)
    document = report.document
    layout = document.documentLayout()
    page = lambda y: int((y + 0.5) // height)  # noqa: E731

    block = document.begin()
    headings = 0
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.next().isValid():
            headings += 1
            top, bottom = _line_span(layout, block)
            following, _ = _line_span(layout, block.next())
            assert page(top) == page(bottom - 1) == page(following), block.text()
        block = block.next()
    assert headings >= 8

    def tables(frame):
        for child in frame.childFrames():
            if isinstance(child, QTextTable):
                yield child
            yield from tables(child)

    rows = 0
    for table in tables(document.rootFrame()):
        for row in range(table.format().headerRowCount(), table.rows()):
            spans = [_line_span(layout, _first_text_block(document, table.cellAt(row, c)))
                     for c in range(table.columns())]
            spans += [_line_span(layout, document.findBlock(table.cellAt(row, c).lastPosition()))
                      for c in range(table.columns())]
            top = min(t for t, _ in spans)
            bottom = max(b for _, b in spans)
            rows += 1
            if bottom - top < height:
                assert page(top) == page(bottom - 4), (row, top, bottom, height)
    assert rows > 60


def test_the_highlights_name_every_red_flag_box(journal):
    """With no red flag logged, the summary lists what was asked, the emergency boxes too;
    a logged airway box counts as a red flag."""
    from journal.models import DayEntry, Session
    from journal.report.collect import _highlights, collect_report

    journal.add_session(Session(date=dt.date(2026, 3, 1)))
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 2), redness=5))
    data = collect_report(journal, dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    line = next(x for x in _highlights(data) if x.startswith("No red flags"))
    assert "cold sore, airway, eye problem" in line
    journal.save_entry(DayEntry(date=dt.date(2026, 3, 3), airway=True))
    data = collect_report(journal, dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    assert "Red flag logged on 1 day." in _highlights(data)


def test_the_report_command_sets_pyside_up_without_its_source_reading_hook():
    """(journal/qt.py: PySide6's __feature__ hook read the source of every module imported
    after it, ~20 ms of a brief.) A fresh process, as `report --out` starts."""
    import subprocess
    import sys

    code = ("import builtins\n"
            "from journal.report.command import ensure_gui_application\n"
            "ensure_gui_application()\n"
            "print(builtins.__import__ is getattr(builtins, '__feature_import__', None))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
