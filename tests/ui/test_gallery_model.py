"""GUI: the Photos page's lazy list model (journal/ui/gallery_model.py).

It groups narrow rows (id, date, area, star) and reads a photo's whole row only when a
view shows or selects it: these tests count the reads through the journal itself.
"""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from journal import format as fmt
from journal.models import Session
from journal.ui.gallery_model import HEADER_ROLE, GalleryModel
from journal.ui.widgets.images import ThumbnailLoader
from journal.ui.widgets.thumbnails import PHOTO_ROLE

FIRST, SECOND = dt.date(2026, 1, 5), dt.date(2026, 3, 2)


def add_rows(journal, rows) -> None:
    """Photo rows without files: (date, area, starred, taken_at)."""
    with journal.transaction():
        journal.conn.executemany(
            "INSERT INTO photos (date, area, sha256, file_name, width, height, for_report, "
            "taken_at) VALUES (?, ?, ?, ?, 160, 120, ?, ?)",
            [(date.isoformat(), area, f"{n:064x}", f"{n:064x}.jpg", int(star), taken)
             for n, (date, area, star, taken) in enumerate(rows)])


@pytest.fixture
def reads(journal, monkeypatch):
    """The ids of every whole-row read, in order (the journal's own method does the work)."""
    done: list[list[int]] = []
    real = journal.photos_by_id

    def photos_by_id(ids):
        ids = list(ids)
        done.append(ids)
        return real(ids)
    monkeypatch.setattr(journal, "photos_by_id", photos_by_id)
    return done


@pytest.fixture
def model(qtbot, journal):
    journal.add_session(Session(date=FIRST))
    journal.add_session(Session(date=SECOND))
    add_rows(journal, [
        (SECOND, "left cheek", False, "2026-03-02T09:15:00"),
        (SECOND + dt.timedelta(days=3), "left cheek", True, None),
        (SECOND + dt.timedelta(days=3), "chin", False, None),
        (FIRST, "left cheek", False, None),
        (FIRST - dt.timedelta(days=2), "nose", False, None),
    ])
    loader = ThumbnailLoader(journal)
    made = GalleryModel(journal, loader)
    made.load(journal.photo_refs(), [s.date for s in journal.sessions()])
    yield made
    loader.deleteLater()


def texts(model) -> list[tuple]:
    return [(row[0], model.text(n)) for n, row in enumerate(model.rows)]


def test_rows_group_by_session_area_and_day_with_captions_made_when_asked(model, reads):
    assert model.rowCount() == len(model.rows) == 13
    assert model.photo_count() == 5 and model.any_starred()
    day3 = fmt.short_date(SECOND + dt.timedelta(days=3))
    assert texts(model) == [
        ("session", f"{fmt.session_label(2, SECOND)}  ·  3 photos"),
        ("area", f"Left cheek  ·  {fmt.session_label(2, SECOND)}"),
        ("photo", f"Day 0 · {fmt.short_date(SECOND)}"),
        ("photo", f"Day 3 · {day3} ★"),
        ("area", f"Chin  ·  {fmt.session_label(2, SECOND)}"),
        ("gap", ""),
        ("photo", f"Day 3 · {day3}"),
        ("session", f"{fmt.session_label(1, FIRST)}  ·  1 photo"),
        ("area", f"Left cheek  ·  {fmt.session_label(1, FIRST)}"),
        ("photo", f"Day 0 · {fmt.short_date(FIRST)}"),
        ("session", "Before the first session  ·  1 photo"),
        ("area", "Nose  ·  Before the first session"),
        ("photo", fmt.short_date(FIRST - dt.timedelta(days=2))),
    ]
    assert model.data(model.index(3), Qt.DisplayRole) == model.text(3)
    assert model.data(model.index(0), HEADER_ROLE) == "session"
    assert model.data(model.index(2), HEADER_ROLE) is None
    assert model.columns_of(2) == 2 and model.columns_of(9) == 1
    assert not model.flags(model.index(5)) & Qt.ItemIsSelectable  # the gap
    assert model.flags(model.index(2)) & Qt.ItemIsSelectable
    assert reads == []  # captions, grouping and counts need no whole row


def test_a_photo_row_gives_its_whole_photo_read_lazily_with_its_neighbours(model, journal,
                                                                          reads):
    photo = model.data(model.index(2), PHOTO_ROLE)
    assert photo == journal.photo(model.ref(2).id)
    assert photo.taken_at == "2026-03-02T09:15:00"
    assert len(reads) == 1 and len(reads[0]) == 5  # the block of rows around it, in one read
    assert model.data(model.index(6), PHOTO_ROLE).area == "chin"
    assert "Taken" in model.data(model.index(2), Qt.ToolTipRole)
    assert "★" in model.data(model.index(3), Qt.ToolTipRole)
    assert len(reads) == 1  # the rest came from memory
    assert model.data(model.index(5), PHOTO_ROLE) is None  # a gap has no photo
    assert model.data(model.index(0), PHOTO_ROLE) is None
    assert model.row_of(photo.id) == 2 and model.row_of(10_000) == -1


def test_only_the_rows_shown_are_read_and_only_the_last_ones_kept(qtbot, journal, reads):
    start = dt.date(2020, 1, 1)
    add_rows(journal, [(start + dt.timedelta(days=n // 2), ("chin", "nose")[n % 2], False,
                        None) for n in range(600)])
    loader = ThumbnailLoader(journal)
    model = GalleryModel(journal, loader)
    model.FETCH, model.KEEP = 16, 40
    model.load(journal.photo_refs(), [])
    assert reads == [] and model.photo_count() == 600
    last = model.rowCount() - 1
    assert model.data(model.index(last), PHOTO_ROLE).id == model.ref(last).id
    assert len(reads) == 1 and 0 < len(reads[0]) <= 16
    for row in range(0, 200):
        model.data(model.index(row), PHOTO_ROLE)
    assert len(model._cache) == 40  # the least recently shown went
    read = sum(len(ids) for ids in reads)
    assert read < 250  # about the rows asked for, never the 600
    # a selection of many is read in one go, without crowding out what is on screen
    photos = model.photos_at(range(model.rowCount()))
    assert [p.id for p in photos] == [r.id for r in map(model.ref, range(model.rowCount()))
                                      if r is not None]
    assert len(reads[-1]) == 600 - 40  # (those in memory are not read again)
    loader.deleteLater()


def test_a_thumbnail_repaints_the_rows_of_its_file(model, qtbot):
    photo = model.data(model.index(3), PHOTO_ROLE)
    with qtbot.waitSignal(model.dataChanged) as changed:
        model._thumbnails_ready({photo.file_name})
    first, last = changed.args[0], changed.args[1]
    assert first.row() == last.row() == 3 and changed.args[2] == [Qt.DecorationRole]


def test_a_photo_deleted_since_the_load_is_a_blank_not_an_error(model, journal):
    gone = model.ref(6).id
    with journal.transaction():
        journal.conn.execute("DELETE FROM photos WHERE id = ?", (gone,))
    assert model.data(model.index(6), PHOTO_ROLE) is None
    assert model.data(model.index(6), Qt.DecorationRole) is None
    assert model.data(model.index(2), PHOTO_ROLE) is not None
    assert model.photos_at([2, 6]) == [model.photo(2)]


def test_filters_reload_the_model_and_keep_the_selection(qtbot, journal, reads):
    from journal.ui.app import window_settings
    from journal.ui.hub import Hub
    from journal.ui.main_window import MainWindow

    journal.add_session(Session(date=FIRST))
    journal.add_session(Session(date=SECOND))
    add_rows(journal, [(SECOND + dt.timedelta(days=n), area, n == 1, None)
                       for n in range(4) for area in ("chin", "nose")]
             + [(FIRST + dt.timedelta(days=2), "chin", False, None)])
    window = MainWindow(Hub(journal, window_settings(journal.data_dir)))
    qtbot.addWidget(window)
    window.show()
    window.show_page("photos")
    page = window.page("photos")
    assert page.model.photo_count() == 9 and "★" in page.count_label.text()
    chin = [r for r in map(page.model.ref, range(page.model.rowCount()))
            if r is not None and r.area == "chin"]
    page.view.selectionModel().select(page.model.index(page.model.row_of(chin[0].id)),
                                      QItemSelectionModel.Select)
    page.area_filter.setCurrentIndex(page.area_filter.findData("chin"))
    assert page.model.photo_count() == 5
    assert {r.area for r in map(page.model.ref, range(page.model.rowCount())) if r} == {"chin"}
    assert page.selected_ids() == [chin[0].id]  # kept across the reload
    assert [p.id for p in page.selected_photos()] == [chin[0].id]
    page.session_filter.setCurrentIndex(page.session_filter.findText("Session 1",
                                                                    Qt.MatchStartsWith))
    assert page.model.photo_count() == 1 and "★" not in page.count_label.text()
    assert page.selected_ids() == []  # not in this session
    page.area_filter.setCurrentIndex(page.area_filter.findData("nose"))
    assert page.model.photo_count() == 0 and page.view.isHidden()
    assert "No photos match" in page.empty_label.text()
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def test_two_photos_of_an_area_on_one_day_take_two_columns(qtbot, journal):
    journal.add_session(Session(date=FIRST))
    day = FIRST + dt.timedelta(days=1)
    add_rows(journal, [(day, "chin", False, None), (day, "nose", False, None),
                       (day, "chin", False, None), (day + dt.timedelta(days=1), "nose", False,
                                                     None)])
    loader = ThumbnailLoader(journal)
    model = GalleryModel(journal, loader)
    model.load(journal.photo_refs(), [FIRST])
    kinds = [(row[0], row[1].area if row[0] == "photo" else None) for row in model.rows]
    # columns: day 1 (first photo), day 1 (second photo), day 2; areas in AREAS order
    assert kinds == [("session", None), ("area", None), ("photo", "nose"), ("gap", None),
                     ("photo", "nose"), ("area", None), ("photo", "chin"), ("photo", "chin"),
                     ("gap", None)]
    assert [model.text(n).split(" · ")[0] for n in (2, 4, 6, 7)] == [
        "Day 1", "Day 2", "Day 1", "Day 1"]
    assert model.ref(6).id < model.ref(7).id
    assert model.columns_of(2) == 3
    loader.deleteLater()
