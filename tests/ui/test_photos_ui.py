"""GUI: importing on the Today page, the gallery, the viewer and the comparison."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QItemSelectionModel, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from journal import format as fmt
from journal.models import Session
from journal.store.photos import import_photo
from journal.ui.app import window_settings
from journal.ui.hub import Hub
from journal.ui.main_window import MainWindow

TODAY = dt.date.today()


def jpeg(folder: Path, name: str, colour=(200, 150, 130), size=(160, 120)) -> Path:
    path = folder / name
    img = Image.new("RGB", size, colour)
    img.paste((90, 40, 40), (0, 0, size[0] // 3, size[1] // 3))
    img.save(path, "JPEG", quality=90)
    return path


@pytest.fixture
def window(qtbot, journal):
    hub = Hub(journal, window_settings(journal.data_dir))
    win = MainWindow(hub)
    qtbot.addWidget(win)
    win.show()
    yield win
    from journal.ui import viewer

    if viewer._open_viewer is not None:
        try:
            viewer._open_viewer.close()
        except RuntimeError:
            pass
        viewer._open_viewer = None
    # Destroy the window now, with its timers, while the journal is still open.
    win.close()
    win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)


@pytest.fixture
def album(journal, tmp_path):
    """Two sessions and photos of the left cheek on days 0 and 3 of each, plus one of the chin."""
    first, second = TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=10)
    journal.add_session(Session(date=first, areas=("left cheek",)))
    journal.add_session(Session(date=second, areas=("left cheek",)))
    photos = {}
    for n, (date, area) in enumerate([(first, "left cheek"), (first + dt.timedelta(days=3), "left cheek"),
                                      (second, "left cheek"), (second + dt.timedelta(days=3), "left cheek"),
                                      (second + dt.timedelta(days=3), "chin")]):
        path = jpeg(tmp_path, f"p{n}.jpg", colour=(120 + 25 * n, 100, 90))
        photos[(date, area)] = import_photo(journal, path, date, area)
    return first, second, photos


def drop_files(widget, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(point.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()


# -- Today page ----------------------------------------------------------------------------
def test_add_photos_on_the_today_page_shows_them_in_the_strip(qtbot, window, journal, tmp_path):
    page = window.page("today")
    strip = page.day_photos
    assert strip.model.rowCount() == 0
    assert "No photos yet" in strip.hint.text()
    strip.area.setCurrentText("Left cheek")  # areas read as everywhere else in the app
    assert strip.area.currentText() == "Left cheek"
    files = [jpeg(tmp_path, "a.jpg"), jpeg(tmp_path, "b.jpg", colour=(210, 120, 120))]
    with qtbot.waitSignal(strip.imported, timeout=15000) as blocker:
        strip.import_files(files)
    result = blocker.args[0]
    assert len(result.imported) == 2 and not result.failed
    assert [(p.date, p.area) for p in journal.photos()] == [(TODAY, "left cheek")] * 2
    assert strip.model.rowCount() == 2
    assert strip.hint.text().startswith("2 photo") and "★" not in strip.hint.text()
    assert strip.model.data(strip.model.index(0), Qt.DisplayRole) == "Left cheek"
    journal.set_for_report([journal.photos()[0].id], True)
    window.hub.photos_changed.emit(TODAY)
    assert strip.model.data(strip.model.index(0), Qt.DisplayRole) == "Left cheek ★"
    assert "★ = in the report for your dermatologist" in strip.hint.text()  # the star explained
    first = strip.model.index(0)
    strip.model.data(first, Qt.DecorationRole)  # what painting the strip does: asks for it
    qtbot.waitUntil(strip.loader.is_idle)
    assert not strip.model.data(first, Qt.DecorationRole).isNull()


def test_dropping_files_on_the_today_page_imports_them_and_lists_failures(
        qtbot, window, journal, tmp_path):
    page = window.page("today")
    strip = page.day_photos
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    good = jpeg(tmp_path, "good.jpg")
    with qtbot.waitSignal(strip.imported, timeout=15000):
        drop_files(page.note, [good, empty])  # even onto the note field: a photo, not a path
    assert page.note.toPlainText() == ""
    assert len(journal.photos(TODAY, TODAY)) == 1
    assert strip.model.rowCount() == 1
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes, "the failures are listed at the end"
    text = boxes[-1].text()
    assert "1 photo imported" in text and "empty.jpg: the file is empty" in text
    boxes[-1].close()


def test_strip_follows_the_day_and_opens_the_viewer(qtbot, window, journal, album):
    first, second, photos = album
    page = window.page("today")
    page.open_date(second + dt.timedelta(days=3))
    strip = page.day_photos
    assert strip.model.rowCount() == 2
    index = strip.model.index(0)
    rect = strip.view.visualRect(index)
    qtbot.mouseClick(strip.view.viewport(), Qt.LeftButton, pos=rect.center())
    from journal.ui import viewer

    assert viewer._open_viewer is not None and viewer._open_viewer.isVisible()
    assert viewer._open_viewer.photo.id == strip.model.photos[0].id


# -- viewer ----------------------------------------------------------------------------------
def test_viewer_steps_through_the_days_of_the_same_area(qtbot, window, journal, album):
    first, second, photos = album
    from journal.ui.viewer import open_viewer

    start = photos[(second, "left cheek")]
    view = open_viewer(window.hub, start.id, window)
    qtbot.addWidget(view)
    assert fmt.day_after_session(0, 2, second) in view.caption.text()  # numbered, as on Today
    assert "Left cheek" in view.caption.text()
    # the enlarged thumbnail first, then the full photo, both decoded off the GUI thread
    qtbot.waitUntil(lambda: view.view.item.pixmap().width() == start.width)
    assert view.view.item.scale() == 1

    qtbot.keyClick(view.view, Qt.Key_Right)
    assert view.photo.id == photos[(second + dt.timedelta(days=3), "left cheek")].id  # not the chin
    assert "Day 3" in view.caption.text()
    assert not view.next_button.isEnabled()
    qtbot.keyClick(view.view, Qt.Key_Right)  # the last one: stays
    assert view.photo.date == second + dt.timedelta(days=3)
    for _ in range(3):
        qtbot.keyClick(view.view, Qt.Key_Left)
    assert view.photo.id == photos[(first, "left cheek")].id
    assert not view.prev_button.isEnabled()


def test_viewer_zooms_with_keys_and_wheel(qtbot, window, journal, album):
    _, second, photos = album
    from journal.ui.viewer import open_viewer

    view = open_viewer(window.hub, photos[(second, "left cheek")].id, window)
    qtbot.addWidget(view)
    before = view.view.zoom()
    qtbot.keyClick(view.view, Qt.Key_Plus)
    assert view.view.zoom() == pytest.approx(before * 1.25)
    qtbot.keyClick(view.view, Qt.Key_Minus)
    qtbot.keyClick(view.view, Qt.Key_Minus)
    assert view.view.zoom() == pytest.approx(before / 1.25)
    qtbot.keyClick(view.view, Qt.Key_0)
    assert view.view.zoom() == pytest.approx(before)


def test_viewer_star_and_delete(qtbot, window, journal, album, monkeypatch):
    _, second, photos = album
    from journal.ui.viewer import open_viewer

    photo = photos[(second, "left cheek")]
    view = open_viewer(window.hub, photo.id, window)
    qtbot.addWidget(view)
    with qtbot.waitSignal(window.hub.photos_changed) as changed:
        qtbot.keyClick(view.view, Qt.Key_S)
    assert changed.args == [second]
    assert journal.photo(photo.id).for_report and view.star_button.text().startswith("★")

    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.No))
    qtbot.keyClick(view.view, Qt.Key_Delete)
    assert asked and journal.photo(photo.id)  # said no: still there

    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *args, **kwargs: QMessageBox.Yes))
    stored = journal.photos_dir / photo.file_name
    qtbot.keyClick(view.view, Qt.Key_Delete)
    assert photo.id not in [p.id for p in journal.photos()]
    assert not stored.exists()
    assert view.photo.id == photos[(second + dt.timedelta(days=3), "left cheek")].id


# -- gallery and compare ---------------------------------------------------------------------
def test_viewer_shows_a_failed_star_beside_the_buttons(qtbot, window, journal, album,
                                                       monkeypatch):
    from journal.models import JournalError
    from journal.ui.viewer import open_viewer

    _, second, photos = album
    photo = photos[(second, "left cheek")]
    view = open_viewer(window.hub, photo.id, window)
    qtbot.addWidget(view)

    def disk_full(*args):
        raise JournalError("could not save: database or disk is full")

    monkeypatch.setattr(journal, "set_for_report", disk_full)
    qtbot.keyClick(view.view, Qt.Key_S)
    assert not view.message.isHidden() and "disk is full" in view.message.text()
    assert not view.star_button.isChecked()  # the button says what is stored
    monkeypatch.undo()
    qtbot.keyClick(view.view, Qt.Key_S)
    assert view.message.isHidden() and journal.photo(photo.id).for_report


def test_gallery_shows_a_failed_delete_above_the_photos(qtbot, window, journal, album,
                                                        monkeypatch):
    from journal.models import JournalError
    from journal.store import photos as store_photos

    window.show_page("photos")
    page = window.page("photos")
    page.view.selectionModel().select(page.model.index(page.model.row_of(
        album[2][(album[1], "left cheek")].id)), QItemSelectionModel.Select)

    def disk_full(*args):
        raise JournalError("could not save: database or disk is full")

    monkeypatch.setattr(store_photos, "delete_photos", disk_full)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *args, **kwargs: QMessageBox.Yes))
    page.delete_selected()
    assert not page.message.isHidden() and "disk is full" in page.message.text()
    assert len(journal.photos()) == 5


def test_gallery_groups_by_day_and_filters(qtbot, window, journal, album):
    first, second, photos = album
    window.show_page("photos")
    page = window.page("photos")
    # a grid per session, newest first: a row per area, a column per Day N
    headers = [row[2] for row in page.model.rows if row[0] == "session"]
    assert headers == [f"{fmt.session_label(2, second)}  ·  3 photos",
                       f"{fmt.session_label(1, first)}  ·  2 photos"]
    assert page.model.photo_count() == 5
    kinds = [(row[0], row[1] if row[0] != "photo" else page.model.text(n).split(" · ")[0])
             for n, row in enumerate(page.model.rows)]
    assert kinds[:7] == [("session", second),
                         ("area", "left cheek"), ("photo", "Day 0"), ("photo", "Day 3"),
                         ("area", "chin"), ("gap", None), ("photo", "Day 3")]
    # every area's caption names its session too
    assert all(fmt.session_label(2, second) in row[2] for row in page.model.rows[1:7]
               if row[0] == "area")
    page.area_filter.setCurrentIndex(page.area_filter.findData("chin"))
    assert page.model.photo_count() == 1
    page.area_filter.setCurrentIndex(0)
    page.session_filter.setCurrentIndex(page.session_filter.findText("Session 1", Qt.MatchStartsWith))
    assert {row[1].date for row in page.model.rows if row[0] == "photo"} == {
        first, first + dt.timedelta(days=3)}
    page.view.viewport().repaint()  # painting asks for the thumbnails on screen
    qtbot.waitUntil(page.loader.is_idle)
    assert (journal.thumbs_dir).is_dir() and len(list(journal.thumbs_dir.iterdir())) == 2


def test_compare_two_photos_side_by_side_and_overlaid(qtbot, window, journal, album):
    first, second, photos = album
    window.show_page("photos")
    page = window.page("photos")
    earlier = photos[(first + dt.timedelta(days=3), "left cheek")]
    later = photos[(second + dt.timedelta(days=3), "left cheek")]
    selection = page.view.selectionModel()
    for photo in (earlier, later):
        selection.select(page.model.index(page.model.row_of(photo.id)), QItemSelectionModel.Select)
    assert page.compare_button.isEnabled()
    window.hub.photos_changed.emit(None)  # a refresh keeps the selection
    assert sorted(page.selected_ids()) == sorted([earlier.id, later.id])
    dialog = page.compare_selected()
    qtbot.addWidget(dialog)
    assert dialog.left.photo.id == earlier.id and dialog.right.photo.id == later.id
    qtbot.waitUntil(dialog.is_loaded)  # both decoded off the GUI thread
    assert fmt.day_after_session(3, 1, first) in dialog.left.caption.text()
    assert dialog.left.chooser.currentText().endswith(fmt.day_after_session(3, 1, first))
    assert "Left cheek" in dialog.right.caption.text()

    # Zoom and pan one side: the other follows.
    dialog.left.view.zoom_by(4)
    assert dialog.right.view.transform() == dialog.left.view.transform()
    bar = dialog.left.view.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    assert dialog.right.view.horizontalScrollBar().value() == bar.value()

    dialog.set_mode(1)
    assert dialog.stack.currentIndex() == 1 and dialog.opacity.isVisible()
    dialog.opacity.setValue(30)
    assert dialog.overlay_top.opacity() == pytest.approx(0.3)
    assert not dialog.overlay_top.pixmap().isNull()


def test_quick_pickers(qtbot, window, journal, album):
    first, second, photos = album
    from journal.ui.compare import CompareDialog, day_zero_match, previous_session_match

    now = photos[(second + dt.timedelta(days=3), "left cheek")]
    assert previous_session_match(journal, now).id == photos[(first + dt.timedelta(days=3),
                                                              "left cheek")].id
    assert day_zero_match(journal, now).id == photos[(second, "left cheek")].id
    assert previous_session_match(journal, photos[(second + dt.timedelta(days=3), "chin")]) is None

    dialog = CompareDialog(window.hub, now.id, None, window)
    qtbot.addWidget(dialog)
    assert dialog.left.photo.id == photos[(first + dt.timedelta(days=3), "left cheek")].id
    dialog.pick_day_zero()
    assert dialog.left.photo.id == photos[(second, "left cheek")].id
    dialog.swap()
    assert dialog.right.photo.id == photos[(second, "left cheek")].id
    dialog.pick_previous_session()  # day 0 of session 2 -> day 0 of session 1
    assert dialog.left.photo.id == photos[(first, "left cheek")].id


def test_cancelling_an_import_keeps_what_was_done(qtbot, window, journal, tmp_path):
    strip = window.page("today").day_photos
    files = [jpeg(tmp_path, f"{n}.jpg", colour=(60 + 15 * n, 120, 130), size=(1200, 900))
             for n in range(12)]
    job = strip.import_files(files)
    from PySide6.QtWidgets import QPushButton

    job.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    with qtbot.waitSignal(job.finished, timeout=15000) as done:
        pass
    result = done.args[0]
    assert result.cancelled and len(result.imported) < len(files)
    assert len(journal.photos()) == len(result.imported)
    assert "cancelled" in job.summary_box.text()
    job.summary_box.close()


def test_gallery_of_3000_photos_opens_at_once(qtbot, window, journal, tmp_path):
    photo = import_photo(journal, jpeg(tmp_path, "a.jpg"), TODAY)
    start = TODAY - dt.timedelta(days=1000)
    rows = [((start + dt.timedelta(days=n // 3)).isoformat(), ("full face", "chin", "nose")[n % 3],
             photo.sha256, photo.file_name) for n in range(2999)]
    with journal.transaction():
        journal.conn.executemany(
            "INSERT INTO photos (date, area, sha256, file_name, width, height) "
            "VALUES (?, ?, ?, ?, 160, 120)", rows)
    window.show_page("photos")  # how fast: tests/perf/run.py's gallery rows, not a timed test
    page = window.page("photos")
    page.view.viewport().repaint()
    assert page.model.photo_count() == 3000
    bar = page.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    page.view.viewport().repaint()
    qtbot.waitUntil(page.loader.is_idle)


def test_gallery_stars_and_deletes_the_selection(qtbot, window, journal, album, monkeypatch):
    first, second, photos = album
    window.show_page("photos")
    page = window.page("photos")
    chosen = [photos[(first, "left cheek")], photos[(second, "left cheek")]]
    selection = page.view.selectionModel()
    for photo in chosen:
        selection.select(page.model.index(page.model.row_of(photo.id)), QItemSelectionModel.Select)
    page.set_for_report([p.id for p in chosen], True)
    assert all(journal.photo(p.id).for_report for p in chosen)
    assert sum("★" in page.model.text(n) for n, row in enumerate(page.model.rows)
               if row[0] == "photo") == 2

    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *args, **kwargs: QMessageBox.Yes))
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert page.model.photo_count() == 3
    assert {p.id for p in journal.photos()}.isdisjoint(p.id for p in chosen)


@pytest.mark.parametrize("width", [760, 1000])
def test_viewer_caption_is_not_squeezed_and_its_buttons_stay_in_the_window(qtbot, window, album,
                                                                           width):
    from PySide6.QtCore import QPoint, QRect

    from journal.ui.viewer import open_viewer

    first, second, photos = album
    view = open_viewer(window.hub, photos[(second, "left cheek")].id, window)
    qtbot.addWidget(view)
    view.resize(width, 560)
    qtbot.waitUntil(lambda: view.width() == width)
    QApplication.processEvents()
    # the caption (date, Day N, session, area) has the width: the buttons are not beside it
    assert view.caption.width() >= 0.8 * view.width(), (view.caption.width(), view.width())
    for button in (view.fit_button, view.star_button, view.compare_button, view.delete_button):
        assert button.isVisible()
        assert view.rect().contains(QRect(button.mapTo(view, QPoint(0, 0)), button.size()))


def test_two_sessions_on_one_day_the_gallery_names_the_later_as_everywhere_else(
        qtbot, window, journal, tmp_path):
    """Day N counts from the later of two same-day sessions, and session_numbers calls it
    Session 2: the gallery's heading said "Session 1"."""
    from journal.models import session_label, session_numbers

    day = TODAY - dt.timedelta(days=3)
    journal.add_session(Session(date=day))
    journal.add_session(Session(date=day))
    import_photo(journal, jpeg(tmp_path, "a.jpg"), TODAY)
    window.hub.sessions_changed.emit()
    window.show_page("photos")
    page = window.page("photos")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    later = journal.sessions()[-1]
    expected = session_label(session_numbers(journal.sessions())[later.id], day)
    headings = [row[2] for row in page.model.rows if row[0] == "session"]
    assert headings and headings[0].startswith(expected), headings
