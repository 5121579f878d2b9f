"""What the summary keeps between runs (journal/report/kept.py): the next summary of the same
log replays its page layout instead of working it out again; any change to what it shows
works it out anew; a damaged file is only a cache missed."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from journal.report import kept, pictures
from tests.report.pdf import page_texts

START, END = dt.date(2026, 2, 27), dt.date(2026, 4, 10)


def test_only_the_newest_are_kept(tmp_path):
    for index in range(kept.KEEP_FILES + 3):
        kept.write(tmp_path, f"layout-{index}.json", b"x")
        path = tmp_path / "cache" / "report" / f"layout-{index}.json"
        # Distinct times, whatever the file system's resolution.
        os.utime(path, (1000 + index, 1000 + index))
    names = sorted(p.name for p in (tmp_path / "cache" / "report").iterdir())
    assert len(names) == kept.KEEP_FILES and "layout-0.json" not in names


def test_the_digest_refuses_a_set_whose_order_changes_between_runs():
    assert kept.digest([1, "a"], {"b": 2}) == kept.digest([1, "a"], {"b": 2})
    for part in ({"a", "b"}, [frozenset({"a"})]):
        with pytest.raises(TypeError):
            kept.digest(part)


# -- the layout's spacers ------------------------------------------------------------------
def _flag(journal, fill_demo):
    """The demo journal with eleven long red-flag days: rows moved to the next page."""
    from tests.report.test_brief import _fill

    _fill(journal, fill_demo)
    days = [dt.date(2026, 9, d) for d in (12, 15, 20)] + \
        [dt.date(2026, 10, d) for d in (1, 16, 22)] + [dt.date(2026, 11, d) for d in (2, 10, 22, 25)]
    for day in days:
        journal.update_entry(day, fever=True, note="Felt hot and shivery in the evening, 38.2 "
                             "measured, took paracetamol; settled by morning. " * 3)
    return journal


@pytest.fixture
def flagged(journal, fill_demo, qapp):
    return _flag(journal, fill_demo)


def _counting_worked_out(monkeypatch) -> list:
    """How often the page breaks are worked out (not replayed from a kept layout)."""
    from journal.report.paginate import ReportDocument

    calls = []
    real = ReportDocument._keep_headings_with_next

    def keep(self, document, *args, **kwargs):
        calls.append(document)
        return real(self, document, *args, **kwargs)

    monkeypatch.setattr(ReportDocument, "_keep_headings_with_next", keep)
    return calls


@pytest.fixture
def worked_out(monkeypatch):
    return _counting_worked_out(monkeypatch)


def brief(journal, tmp_path, name):
    from journal.report import ReportOptions, build_report
    from tests.report.test_brief import START, TODAY

    made = dt.datetime(2026, 12, 2, 10, 5)   # the same text, whenever the minute turns
    report = build_report(journal, START, TODAY, ReportOptions(generated=made))
    out = tmp_path / f"{name}.pdf"
    pages = report.write_pdf(out)
    texts = page_texts(out)
    return report, pages, texts


@pytest.fixture(scope="module")
def first_brief(tmp_path_factory, fill_demo, qapp):
    """A flagged journal's folder after its first brief (which worked out its page breaks
    and kept them in cache/report/), and that brief: made once for the tests below, which
    each get a copy of the folder (a brief of the demo takes about a second)."""
    from journal.store.journal import Journal

    folder = tmp_path_factory.mktemp("kept") / "journal-data"
    with pytest.MonkeyPatch.context() as monkeypatch, Journal.open(folder) as journal:
        counted = _counting_worked_out(monkeypatch)
        _flag(journal, fill_demo)
        first = brief(journal, folder.parent, "first")
    assert first[0]._spacers, "(the tests need rows moved to the next page)"
    assert counted, "the first brief works its page breaks out"
    return folder, first


@pytest.fixture
def after_first(first_brief, data_dir):
    """A copy of the journal after its first brief, open; and that brief."""
    import shutil

    from journal.store.journal import Journal

    folder, first = first_brief
    shutil.copytree(folder, data_dir)
    with Journal.open(data_dir) as journal:
        yield journal, first


def test_the_next_summary_replays_the_kept_layout(after_first, worked_out, tmp_path):
    journal, (first, pages, texts) = after_first
    kept_files = list((journal.data_dir / "cache" / "report").glob("layout-*.json"))
    assert len(kept_files) == 1
    again, pages_again, texts_again = brief(journal, tmp_path, "again")
    assert not worked_out, "replayed, not worked out again"
    assert again._spacers == first._spacers
    assert (pages_again, texts_again) == (pages, texts)


@pytest.mark.parametrize("damage", ["fingerprint", "spacers", "garbage"])
def test_a_kept_layout_that_does_not_come_out_the_same_is_worked_out_again(
        after_first, worked_out, tmp_path, damage):
    import json

    journal, (first, pages, texts) = after_first
    kept_file = next((journal.data_dir / "cache" / "report").glob("layout-*.json"))
    saved = json.loads(kept_file.read_text())
    if damage == "fingerprint":      # e.g. other fonts: the same spacers land elsewhere
        saved["fingerprint"][1] += 12
    elif damage == "spacers":
        saved["spacers"] = [[number + 1, height] for number, height in saved["spacers"]]
    kept_file.write_text("{not json" if damage == "garbage" else json.dumps(saved))
    again, pages_again, texts_again = brief(journal, tmp_path, "again")
    assert worked_out, "worked out afresh"
    assert again._spacers == first._spacers
    assert (pages_again, texts_again) == (pages, texts)


def test_the_time_it_was_made_is_not_part_of_the_layout_s_name(flagged, qapp):
    from journal.report import ReportOptions, collect_report, report_document
    from tests.report.test_brief import START, TODAY

    names, htmls = [], []
    for minute in (5, 59):
        made = dt.datetime(2026, 12, 2, 10, minute)
        document = report_document(collect_report(flagged, START, TODAY,
                                                  ReportOptions(generated=made)))
        htmls.append(document.html)
        names.append(document._kept_name(500.0, 900.0))
    assert htmls[0] != htmls[1]
    assert names[0] == names[1] and names[0].startswith("layout-")


# -- the photos' print copies --------------------------------------------------------------
def test_photos_print_from_their_thumbnail_which_goes_with_the_photo(flagged, monkeypatch):
    """The pairs' photos are the 512 px thumbnails (thumbs/, shared with the photo viewer):
    made once, then read as they are; deleting a photo deletes its copy too."""
    from journal.report import collect_report
    from journal.store.photos import delete_photo
    from tests.report.test_brief import START, TODAY

    first = collect_report(flagged, START, TODAY)
    assert first.photos
    thumbs = {p.name for p in flagged.thumbs_dir.glob("*-512.jpg")}
    assert len(thumbs) == len({i.name for i in first.photos})

    def no_decoding(path):
        raise AssertionError(f"{path} decoded again")

    monkeypatch.setattr(pictures, "_downscaled_jpeg", no_decoding)
    monkeypatch.setattr("PIL.Image.Image.thumbnail", no_decoding)
    again = collect_report(flagged, START, TODAY)
    assert [(i.name, i.data, i.width, i.height) for i in again.photos] == \
        [(i.name, i.data, i.width, i.height) for i in first.photos]
    assert max(max(i.width, i.height) for i in again.photos) <= pictures.PHOTO_LONG_SIDE

    photo_id = int(first.photos[0].name.rsplit("-", 1)[1])
    stem = next(p for p in flagged.photos() if p.id == photo_id).file_name.rsplit(".", 1)[0]
    delete_photo(flagged, photo_id)
    assert not list(flagged.thumbs_dir.glob(f"{stem}-*.jpg"))
