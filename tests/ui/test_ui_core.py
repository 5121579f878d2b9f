"""GUI: the Today page, History, Sessions and Products, as a user drives them."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QMessageBox

from journal import format as fmt
from journal.models import DayEntry, Product, Session
from journal.ui.app import window_settings
from journal.ui.hub import Hub
from journal.ui.main_window import MainWindow

TODAY = dt.date.today()


def destroy(widget) -> None:
    """Delete a window and its pages (and their timers) before the journal closes."""
    widget.hide()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


@pytest.fixture
def window(qtbot, journal):
    hub = Hub(journal, window_settings(journal.data_dir))
    win = MainWindow(hub)
    win.show()
    yield win
    destroy(win)


def answer_dialogs(monkeypatch, answer):
    """Answer every QMessageBox.question with `answer`, recording the questions asked."""
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answer
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def product_item(page, name):
    for row in range(page.products.count()):
        item = page.products.item(row)
        if item.text().startswith(name):
            return item
    raise AssertionError(f"{name} not in the checklist")


def test_fill_today_save_and_see_it_again(qtbot, window, journal):
    journal.add_session(Session(date=TODAY - dt.timedelta(days=2)))
    journal.add_product(Product(name="Night Serum", ingredients="Retinol"))
    window.hub.products_changed.emit()
    window.hub.sessions_changed.emit()
    page = window.page("today")
    assert page.day_label.text().replace("\xa0", " ") == (
        f"Day 2 after session 1 ({fmt.date(TODAY - dt.timedelta(days=2))})")
    qtbot.mouseClick(page.ratings["redness"].group.button(6), Qt.LeftButton)
    page.ratings["itch"].setFocus()
    qtbot.keyClick(page.ratings["itch"], Qt.Key_3)
    page.breakouts.setValue(4)
    page.flags["pus"].setChecked(True)
    page.context["sun"].setChecked(True)
    product_item(page, "Night Serum").setCheckState(Qt.Checked)
    page.note.setPlainText("<b>sore</b> spot")
    assert page.status_label.text().endswith("Unsaved changes")
    window.show_page("today")
    window.action_save.trigger()                       # Ctrl+S
    saved = journal.entry(TODAY)
    assert (saved.redness, saved.itch, saved.breakouts, saved.pus, saved.sun) == (6, 3, 4, True, True)
    assert saved.note == "<b>sore</b> spot"
    assert len(saved.product_ids) == 1
    assert page.status_label.text().endswith("Saved")

    page.open_date(TODAY - dt.timedelta(days=1))
    assert page.ratings["redness"].value() is None
    assert product_item(page, "Night Serum").checkState() == Qt.Unchecked  # nothing logged before
    page.open_date(TODAY)
    assert page.ratings["redness"].value() == 6
    assert page.breakouts.value() == 4 and page.flags["pus"].isChecked()
    assert page.note.toPlainText() == "<b>sore</b> spot"


def test_new_day_pre_ticks_the_products_of_the_last_logged_day(window, journal):
    pid = journal.add_product(Product(name="Cleanser"))
    journal.save_entry(DayEntry(date=TODAY - dt.timedelta(days=3), product_ids=(pid,)))
    page = window.page("today")
    page.open_date(TODAY - dt.timedelta(days=1))
    window.hub.products_changed.emit()
    page.open_date(TODAY)
    assert product_item(page, "Cleanser").checkState() == Qt.Checked
    assert not page.is_dirty()                           # a default is not an edit


def test_unsaved_changes_are_asked_about_on_switching_day(window, journal, monkeypatch):
    page = window.page("today")
    page.ratings["pain"].setValue(5)
    asked = answer_dialogs(monkeypatch, QMessageBox.Cancel)
    assert page.open_date(TODAY - dt.timedelta(days=1)) is False
    assert len(asked) == 1 and page.date() == TODAY and page.ratings["pain"].value() == 5

    answer_dialogs(monkeypatch, QMessageBox.Save)
    assert page.open_date(TODAY - dt.timedelta(days=1)) is True
    assert journal.entry(TODAY).pain == 5

    page.ratings["pain"].setValue(2)
    answer_dialogs(monkeypatch, QMessageBox.Discard)
    page.step_day(1)
    assert page.date() == TODAY
    assert journal.entry(TODAY - dt.timedelta(days=1)) is None


def test_closing_with_unsaved_changes_asks(window, journal, monkeypatch):
    page = window.page("today")
    page.ratings["swelling"].setValue(3)
    asked = answer_dialogs(monkeypatch, QMessageBox.Cancel)
    assert window.close() is False
    assert asked and window.isVisible()
    answer_dialogs(monkeypatch, QMessageBox.Save)
    assert window.close() is True
    assert journal.entry(TODAY).swelling == 3


def test_future_days_cannot_be_logged(window):
    page = window.page("today")
    assert page.open_date(TODAY + dt.timedelta(days=1)) is False
    assert "future" in page.error_label.text()
    assert not page.next_button.isEnabled()


def test_history_lists_newest_first_and_opens_a_day(qtbot, window, small_journal):
    window.hub.everything_changed()
    page = window.page("history")
    rows = page.model.day_rows()
    assert len(rows) == 7
    assert rows[0].title == "Mon, 6 Apr 2026"
    flagged = next(r for r in rows if r.entry.flags)
    assert flagged.day == 4                                  # Day 4: 2026-03-05
    assert "Pus or discharge" in flagged.text()
    index = page.model.index(page.model.rows.index(flagged), 0)
    page.view.doubleClicked.emit(index)
    assert window.current_key() == "today"
    assert window.page("today").date() == dt.date(2026, 3, 5)
    assert window.page("today").flags["pus"].isChecked()


def test_add_edit_and_delete_a_session(qtbot, window, journal, monkeypatch):
    window.show_page("sessions")
    page = window.page("sessions")
    page.new_record()
    page.date_edit.setDate(page.date_edit.date().addDays(-3))
    page.area_boxes["forehead"].setChecked(True)
    page.depth.setValue(1.25)
    page.clinic.setText("Bright Skin")
    assert page.save()
    (session,) = journal.sessions()
    assert session.areas == ("full face", "forehead") and session.depth_mm == 1.25
    assert page.model.rowCount() == 1
    assert "Day 3" in window.page("today").day_label.text()
    # numbered as everywhere else, with the date
    assert page.model.data(page.model.index(0, 0)) == fmt.session_label(1, session.date)

    page.view.selectRow(0)
    page.clinic.setText("Other Clinic")
    assert page.save()
    assert journal.sessions()[0].clinic == "Other Clinic" and len(journal.sessions()) == 1

    answer_dialogs(monkeypatch, QMessageBox.No)
    page.delete()
    assert len(journal.sessions()) == 1
    answer_dialogs(monkeypatch, QMessageBox.Yes)
    page.delete()
    assert journal.sessions() == []
    assert "No session yet" in window.page("today").day_label.text()


def test_add_and_edit_a_product_and_see_it_on_today(qtbot, window, journal):
    page = window.page("products")
    page.new_record()
    page.save()
    assert "needs a name" in page.error_label.text() and journal.products() == []
    page.name.setText("Coconut Balm")
    page.brand.setText("Island")
    page.category.setCurrentIndex(page.category.findData("moisturiser"))
    page.ingredients.setPlainText("Cocos Nucifera (Coconut) Oil, Cera Alba")
    assert page.save()
    (product,) = journal.products()
    assert (product.brand, product.category) == ("Island", "moisturiser")
    assert product_item(window.page("today"), "Coconut Balm")

    page.view.selectRow(0)
    page.name.setText("Coconut Repair Balm")
    assert page.save()
    assert [p.name for p in journal.products()] == ["Coconut Repair Balm"]
    assert product_item(window.page("today"), "Coconut Repair Balm")


def test_window_remembers_size_and_page(qtbot, journal):
    hub = Hub(journal, window_settings(journal.data_dir))
    first = MainWindow(hub)
    first.show()
    first.resize(790, 650)
    first.show_page("products")
    first.close()
    destroy(first)
    second = MainWindow(Hub(journal, window_settings(journal.data_dir)))
    assert second.current_key() == "products"
    assert (second.width(), second.height()) == (790, 650)
    destroy(second)


def test_reopening_writes_no_settings_until_something_changes(qtbot, journal):
    """Reopened on the page it was closed on, at the same place, the window writes nothing
    (each write of window.ini is a locked, fsynced file: milliseconds of every start)."""
    path = journal.data_dir / "window.ini"
    first = MainWindow(Hub(journal, window_settings(journal.data_dir)))
    first.show()
    first.show_page("history")
    first.close()
    destroy(first)

    def written():
        return path.stat().st_ino, path.stat().st_mtime_ns
    before = written()
    hub = Hub(journal, window_settings(journal.data_dir))
    second = MainWindow(hub)
    assert second.current_key() == "history"
    hub.settings.sync()  # (a pending change would be written now)
    assert written() == before
    second.show_page("sessions")
    hub.settings.sync()
    assert written() != before and "sessions" in path.read_text()
    destroy(second)


def test_reopening_on_a_heavy_page_builds_it_after_the_first_paint(qtbot, journal):
    settings = window_settings(journal.data_dir)
    settings.setValue("window/page", "trends")
    win = MainWindow(Hub(journal, settings))
    assert win.current_key() == "trends" and "trends" not in win._widgets
    win.show()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win._widgets.get("trends"))
    destroy(win)


def test_ctrl_p_previews_the_summary_on_the_report_page(qtbot, window, small_journal):
    window.hub.everything_changed()
    actions = {a.shortcut().toString(): a for a in window.menu_file.actions()}
    page = window.page("report")
    with qtbot.waitSignal(page.action_done, timeout=30000):
        actions["Ctrl+P"].trigger()
    assert window.current_key() == "report"
    assert page.preview_stack.currentWidget() is page.preview
    assert page.preview.pageCount() >= 1


def test_saving_over_a_day_changed_elsewhere_asks_first(window, journal, monkeypatch):
    page = window.page("today")
    page.ratings["redness"].setValue(4)
    # meanwhile a script logs the same day through its own connection
    from journal.store.journal import Journal

    with Journal.open(journal.data_dir) as other:
        other.update_entry(TODAY, breakouts=3, note="from the command line")
    asked = answer_dialogs(monkeypatch, QMessageBox.Cancel)
    assert page.save() is False
    assert len(asked) == 1 and "changed outside this window" in asked[0]
    assert journal.entry(TODAY).note == "from the command line"   # nothing overwritten

    answer_dialogs(monkeypatch, QMessageBox.Save)
    assert page.save() is True
    assert journal.entry(TODAY).redness == 4
    asked = answer_dialogs(monkeypatch, QMessageBox.Cancel)
    page.ratings["redness"].setValue(5)
    assert page.save() is True and asked == []                   # our own save is no conflict


def test_a_failed_delete_of_the_day_is_said_beside_the_form(window, journal, monkeypatch):
    from journal.models import JournalError

    journal.save_entry(DayEntry(date=TODAY, redness=3))
    page = window.page("today")
    page.open_date(TODAY)

    def disk_full(date):
        raise JournalError("could not save: database or disk is full")

    monkeypatch.setattr(journal, "delete_entry", disk_full)
    answer_dialogs(monkeypatch, QMessageBox.Yes)
    page.delete_day()
    assert "disk is full" in page.error_label.text()
    assert journal.entry(TODAY).redness == 3
