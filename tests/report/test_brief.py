"""The dermatologist's brief on the demo journal: what each page holds (read back from the
PDF with pypdf), pages rendered to PNG with nothing past the margins, stable session
numbers, the note length cap and the suggested questions."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess

import pytest

from journal import format as fmt
from journal.cli import main as cli_main
from journal.models import NOTE_MAX_CHARS, DayEntry, JournalError, Session, session_numbers
from tests.report.pdf import page_texts

pypdf = pytest.importorskip("pypdf")

TODAY = dt.date(2026, 12, 2)      # the demo's "today": sessions on 9 Sep, 14 Oct, 20 Nov 2026
SESSION_1 = fmt.session_label(1, dt.date(2026, 9, 9))   # "Sept" in en_GB (CLDR)
START = dt.date(2026, 9, 9)
LONG_NOTE = " ".join(f"word{i:03d}" for i in range(38))[:300]   # 300 characters, one line
QUESTIONS = "Is the breakout after my second session normal?\nWhen can I go back to retinol?"
MARGINS_MM = (16, 14, 16, 12)     # left, top, right, bottom: journal.report.MARGINS_MM


def _fill(journal, fill_demo):
    fill_demo(journal, today=TODAY)
    journal.set_setting("questions", QUESTIONS)
    journal.update_entry(dt.date(2026, 10, 25), note=LONG_NOTE)
    return journal


@pytest.fixture
def demo_journal(journal, fill_demo):
    return _fill(journal, fill_demo)


@pytest.fixture(scope="module")
def demo_pdf(fill_demo, qapp, tmp_path_factory):
    """The brief of the demo journal, made once for the tests that only read it."""
    from journal.report import build_report
    from journal.store.journal import Journal

    folder = tmp_path_factory.mktemp("brief")
    with Journal.open(folder / "journal-data") as journal:
        report = build_report(_fill(journal, fill_demo), START, TODAY)
        out = folder / "brief.pdf"
        pages = report.write_pdf(out)
    texts = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(out)).pages]
    assert len(texts) == pages
    return report, out, [t.replace(" :", ":") for t in texts]


def test_page_one_answers_the_visit(demo_pdf):
    report, _, pages = demo_pdf
    first = pages[0]
    # The patient's questions come first, before anything else the brief says.
    assert first.index("Is the breakout after my second session normal?") \
        < first.index("Red-flag events")
    assert "When can I go back to retinol?" in first
    # Sessions with their parameters, with their dates.
    for label in (SESSION_1, "Session 2 (14 Oct 2026)", "Session 3 (20 Nov 2026)"):
        assert label in first
    assert "full face; needle depth 0.5 mm; Bright Skin Clinic" in first
    assert "left cheek, right cheek; needle depth 1 mm" in first
    # Per session: peak new spots and its day, caution products around it by day.
    assert "7 on Day 4" in first
    assert "Retinol Night Serum: days" in first and "Coconut Repair Balm: days 2 to 7" in first
    # The per-product verdicts, from journal.care.evidence.
    products = first[first.index("Products and new spots"):]
    for name in ("Coconut Repair Balm", "Retinol Night Serum"):
        assert re.search(re.escape(name) + r" .{0,60}?went with more new spots", products), name
    assert "not proof" in products                     # the association sentence, once
    # A product used every day has no days without it: not "80 of 80 days, not enough data".
    assert "Ceramide Barrier Cream (used every day logged: no days without it)" in products
    # The red-flag day, its Day N, and the suspects marked with their caution classes.
    flags = first[first.index("Red-flag events"):first.index("Sessions and the recovery")]
    assert "19 Oct 2026 Day 5 after Session 2 (14 Oct 2026) Pus or discharge" in flags
    assert "Coconut Repair Balm (pore-clogging oil, fragrance): that day" in flags
    assert "Retinol Night Serum (retinoid, fragrance): that day" in flags
    assert "Also used that day: Gentle Foaming Cleanser" in flags
    assert first.endswith("Page 1 of %d" % len(pages))


def test_page_two_charts_and_course_photos_on_three(demo_journal, demo_pdf):
    from journal.care.course import course_comparison

    report, _, pages = demo_pdf
    assert pages[1].startswith("How the recovery went")
    assert "On course? Each session against the earlier ones" in pages[1]
    day_3 = course_comparison(demo_journal, dt.date(2026, 10, 17)).text   # session 2, day 3
    assert "Session 2 (14 Oct 2026) Day 3 " + " ".join(day_3.split()) in pages[1]
    assert pages[2].startswith("Photos to compare")
    assert pages[3].startswith("Appendix: daily log")


def test_photo_grid_pairs_the_same_day_n(demo_pdf):
    report, _, pages = demo_pdf
    pairs = report.data.photo_pairs
    assert len(pairs) % 2 == 0 and len(pairs) >= 4         # two pairs a row: no half row
    same_day = [p for p in pairs if "previous session and this one" in p.title]
    assert same_day
    for pair in same_day:
        left_day = pair.left.caption.split(" · ")[1]
        assert left_day == pair.right.caption.split(" · ")[1]    # the same Day N
        assert pair.left.session != pair.right.session
    # Printed: each photo with its date, Day N, session and area, side by side.
    photos = pages[2]
    assert (f"{fmt.date(dt.date(2026, 9, 12))} · Day 3 {SESSION_1} full face "
            "17 Oct 2026 · Day 3 Session 2 (14 Oct 2026) full face") in photos
    assert f"{fmt.date(dt.date(2026, 9, 9))} · Day 0 {SESSION_1} full face" in photos  # baseline
    assert "2 Dec 2026 · Day 12 Session 3 (20 Nov 2026) full face ★" in photos  # latest
    # A starred photo matched with another Day N says which day it is beside.
    assert "Full face: Day 12 ★ beside Day 7 of the previous session" in photos
    assert "the one before" not in photos
    sizes = {(image.width, image.height) for image in report.data.photos}
    assert len(sizes) == 1                                   # one size for all


def test_appendix_names_products_and_keeps_notes_whole(demo_pdf):
    _, _, pages = demo_pdf
    appendix = " ".join(pages[3:])
    assert LONG_NOTE in appendix
    assert "Ceramide, Gentle, Hyaluronic" in appendix         # names, not letter codes
    assert "Code" not in " ".join(pages)
    assert not re.search(r"\b[A-H](?: [A-H]){2,}\b", appendix)
    assert "Session 2 (14 Oct 2026)" in appendix and "pus" in appendix
    # The key comes first, under the heading, before the first day it explains.
    assert pages[3].index("Ratings 0–10: Red = redness") < pages[3].index(fmt.date(START))


def ink_box(png) -> tuple[int, int, int, int] | None:
    from PIL import Image, ImageOps

    with Image.open(png) as image:
        return ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 24 else 0) \
            .getbbox()


def render_pages(pdf, folder, dpi=50) -> list:
    """Every page of `pdf` as a PNG (pdftoppm from poppler-utils, see .ci/install)."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: install poppler-utils (.ci/install does)")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "page")],
                   check=True, timeout=120)
    return sorted(folder.glob("page-*.png"))


def assert_within_margins(pdf, folder, dpi=50):
    from PIL import Image

    pngs = render_pages(pdf, folder, dpi)
    assert pngs
    px = dpi / 25.4
    for png in pngs:
        with Image.open(png) as image:
            width, height = image.size
        box = ink_box(png)
        assert box is not None, f"{png.name} is blank"
        left, top, right, bottom = box
        assert left >= MARGINS_MM[0] * px - 1, (png.name, box)
        assert top >= MARGINS_MM[1] * px - 1, (png.name, box)
        assert right <= width - MARGINS_MM[2] * px + 1, (png.name, box)
        assert bottom <= height - MARGINS_MM[3] * px + 1, (png.name, box)
    return pngs


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_no_ink_past_the_margins_and_nothing_wider_than_the_page(demo_journal, qapp,
                                                                 tmp_path, paper):
    from PySide6.QtGui import QPageSize, QPdfWriter

    from journal.report import build_report, page_layout

    # A long unbroken word and a long note must wrap, not widen the page.
    demo_journal.update_entry(dt.date(2026, 11, 2), note="x" * 400 + " " + LONG_NOTE * 20)
    report = build_report(demo_journal, START, TODAY)
    out = tmp_path / "brief.pdf"
    report.write_pdf(out, QPageSize(getattr(QPageSize, paper)))
    assert_within_margins(out, tmp_path)
    # Page 1 holds the whole brief, its association sentence too: nothing spills alone
    # onto a page of its own before the charts (Letter is 17 mm shorter than A4).
    texts = page_texts(out)
    assert "not proof" in texts[0]
    assert texts[1].startswith("How the recovery went"), texts[1][:200]
    # One page of photos: the four rows of pairs fit Letter too, not 3 + 1 on two pages.
    assert texts[2].startswith("Photos to compare") and texts[3].startswith("Appendix")
    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setPageLayout(page_layout(QPageSize(getattr(QPageSize, paper))))
    _, width, _ = report.layout_for(writer)
    # Qt clips at the body's edge: content wider than the body would be cut off. (Qt
    # counts 1 px of the 100 %-wide tables' outer border past the width.)
    assert report.document.size().width() <= width + 1.5


def test_session_numbers_are_stable(small_journal, qapp):
    from journal.report import ReportOptions, collect_report

    options = ReportOptions(include_charts=False, include_photos=False)

    def labels(start, end):
        return [s.label for s in collect_report(small_journal, start, end, options).sessions]

    before = labels(dt.date(2026, 2, 27), dt.date(2026, 4, 10))
    assert before == ["Session 1 (1 Mar 2026)", "Session 2 (5 Apr 2026)"]
    # A report of a later range keeps the journal-wide number.
    assert labels(dt.date(2026, 4, 5), dt.date(2026, 4, 10)) == ["Session 2 (5 Apr 2026)"]
    # A session added later, with a later date, changes none of the earlier numbers.
    small_journal.add_session(Session(date=dt.date(2026, 5, 10)))
    assert labels(dt.date(2026, 2, 27), dt.date(2026, 4, 10)) == before
    assert labels(dt.date(2026, 2, 27), dt.date(2026, 5, 20))[-1] == "Session 3 (10 May 2026)"
    numbers = session_numbers(small_journal.sessions())
    assert sorted(numbers.values()) == [1, 2, 3]
    assert session_numbers(list(reversed(small_journal.sessions()))) == numbers


def test_session_list_shows_number_and_date(small_journal, data_dir, capsys):
    small_journal.close()
    assert cli_main(["--data-dir", str(data_dir), "session", "list"]) == 0
    out = capsys.readouterr().out
    assert "\tSession 1 (1 Mar 2026)" in out and "\tSession 2 (5 Apr 2026)" in out
    assert cli_main(["--data-dir", str(data_dir), "session", "add", "2026-06-01"]) == 0
    assert "added Session 3 (1 Jun 2026)" in capsys.readouterr().out


def test_a_note_over_the_cap_is_refused_everywhere(journal, data_dir, capsys):
    day = dt.date(2026, 3, 2)
    with pytest.raises(JournalError, match="20,001 characters long"):
        journal.save_entry(DayEntry(date=day, note="n" * (NOTE_MAX_CHARS + 1)))
    with pytest.raises(JournalError, match="at most 20,000"):
        journal.update_entry(day, note="n" * (NOTE_MAX_CHARS + 1))
    assert journal.entry(day) is None
    journal.save_entry(DayEntry(date=day, note="n" * NOTE_MAX_CHARS))   # the cap itself is fine
    journal.close()
    code = cli_main(["--data-dir", str(data_dir), "log", "2026-03-03",
                     "--note", "y" * (NOTE_MAX_CHARS + 5)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: the note is 20,005 characters long")
    assert err.count("\n") == 1
    from journal.store.journal import Journal

    again = Journal.open(data_dir)
    try:
        assert again.entry(dt.date(2026, 3, 3)) is None
    finally:
        again.close()


def test_suggested_questions_come_from_the_log(demo_journal):
    from journal.report.questions import suggested_questions

    texts = [q.text for q in suggested_questions(demo_journal, START, TODAY)]
    assert "Should I restart the Retinol Night Serum? My spots were higher on days I used " \
           "it." in texts
    assert any(t.startswith("I had pus or discharge on 19 Oct 2026 (Day 5)") for t in texts)
    assert "Do I need antiviral cover before the next session?" not in texts
    # A logged cold sore raises the antiviral question, with the day it was logged.
    demo_journal.update_entry(dt.date(2026, 11, 21), cold_sore=True)
    asked = {q.text: q.why for q in suggested_questions(demo_journal, START, TODAY)}
    assert asked["Do I need antiviral cover before the next session?"] == \
        "You logged a cold sore on 21 Nov 2026."


def test_a_cold_sore_history_in_the_profile_raises_antiviral_cover(small_journal):
    from journal.report.questions import suggested_questions

    period = (dt.date(2026, 2, 27), dt.date(2026, 4, 10))
    assert not [q for q in suggested_questions(small_journal, *period) if "antiviral" in q.text]
    small_journal.set_profile(cold_sores=True)
    [question] = [q for q in suggested_questions(small_journal, *period)
                  if "antiviral" in q.text]
    assert question.why == "Your health profile says you get cold sores."


def test_ticking_a_suggestion_adds_it_to_the_questions(qtbot, demo_journal):
    from PySide6.QtWidgets import QPlainTextEdit

    from journal.ui.widgets.suggested_questions import SuggestedQuestions

    edit = QPlainTextEdit("My own question?")
    box = SuggestedQuestions(demo_journal, edit)
    qtbot.addWidget(box)
    qtbot.addWidget(edit)
    box.set_period(START, TODAY)
    box.refresh()
    texts = [q.text for q in box.questions]
    index = next(i for i, t in enumerate(texts) if "Retinol Night Serum" in t)
    box.boxes[index].click()
    assert edit.toPlainText() == "My own question?\n" + texts[index]
    assert box.boxes[index].isChecked()
    box.boxes[index].click()                       # untick: taken out again
    assert edit.toPlainText() == "My own question?"
    edit.setPlainText("My own question?\n" + texts[0])  # typed (or loaded): shows ticked
    assert box.boxes[0].isChecked() and not box.boxes[index].isChecked()


def test_a_red_flags_suspects_say_which_days_before(small_journal):
    """"2 days before" meant both "on day -2" and "on 2 of the 3 days before": name them."""
    from journal.report import ReportOptions, collect_report

    options = ReportOptions(include_charts=False, include_photos=False)

    def when():
        data = collect_report(small_journal, dt.date(2026, 2, 27), dt.date(2026, 4, 10), options)
        (event,) = data.red_flags
        return {s.name: s.when for s in event.suspects}

    assert when() == {"Coconut Balm": "that day", "Night Serum": "2 days before"}
    serum = small_journal.entry(dt.date(2026, 3, 3)).product_ids[-1]
    day = small_journal.entry(dt.date(2026, 3, 2))
    small_journal.save_entry(dataclasses.replace(day, product_ids=day.product_ids + (serum,)))
    assert when()["Night Serum"] == "2 and 3 days before"
    small_journal.save_entry(DayEntry(date=dt.date(2026, 3, 4), product_ids=(serum,)))
    assert when()["Night Serum"] == "each of the 3 days before"


def test_a_session_without_a_depth_says_so(journal):
    from journal.report import ReportOptions, collect_report, render_html

    journal.add_session(Session(date=dt.date(2026, 11, 30), areas=("full face",)))
    journal.save_entry(DayEntry(date=dt.date(2026, 11, 30), redness=7))
    data = collect_report(journal, dt.date(2026, 11, 30), dt.date(2026, 12, 2),
                          ReportOptions(include_charts=False, include_photos=False))
    html = render_html(data)
    assert "full face; needle depth not recorded" in html and "needle depth –" not in html


def test_many_red_flags_flow_from_page_one(demo_journal, qapp, tmp_path):
    """Eleven red-flag days: the table starts on page 1 and runs on, row by row (a table
    nested in a box left page 2 a blank pink page with one row at its foot)."""
    from journal.report import build_report

    flag_days = [dt.date(2026, 9, d) for d in (12, 15, 20)] + \
        [dt.date(2026, 10, d) for d in (1, 16, 22)] + [dt.date(2026, 11, d) for d in (2, 10, 22, 25)]
    note = "Felt hot and shivery in the evening, 38.2 measured, took paracetamol; settled by morning."
    for day in flag_days:
        demo_journal.update_entry(day, fever=True, note=note)
    report = build_report(demo_journal, START, TODAY)
    out = tmp_path / "flags.pdf"
    report.write_pdf(out)
    pages = page_texts(out)
    assert "11 days with a red flag" in pages[0]
    on_page_one = [d for d in flag_days if f"{fmt.date(d)} Day" in pages[0]]
    assert len(on_page_one) >= 5, on_page_one
    # Every page until the charts carries text beyond its footer: no blank page.
    charts = next(i for i, t in enumerate(pages) if t.startswith("How the recovery went"))
    for text in pages[:charts]:
        assert len(text) > 400, text
