"""An empty journal opens on the welcome: three steps, and a sample journal in its own folder."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QProcess

from journal.ui.app import window_settings
from journal.ui.hub import Hub
from journal.ui.main_window import MainWindow
from journal.ui.welcome import sample_folder


@pytest.fixture
def window(qtbot, journal):
    win = MainWindow(Hub(journal, window_settings(journal.data_dir)), welcome=True)
    win.show()
    yield win
    win.hide()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def test_empty_journal_opens_on_the_welcome_and_its_steps_lead_to_the_pages(window, qtbot):
    assert window.stack.currentWidget() is window.welcome
    assert list(window.welcome.step_buttons) == ["sessions", "products", "today"]
    window.welcome.step_buttons["sessions"].click()
    assert window.current_key() == "sessions"
    assert window.stack.currentWidget() is window.page("sessions")
    window.show_page("today")
    assert window.stack.currentWidget() is window.page("today")


def test_sample_journal_is_made_beside_the_users_and_leaves_it_empty(window, journal,
                                                                     monkeypatch,
                                                                     demo_without_photos):
    started = []
    monkeypatch.setattr(QProcess, "startDetached",
                        staticmethod(lambda *args: started.append(args) or (True, 1)))
    folder = window.welcome.open_sample()
    assert folder == sample_folder(journal.data_dir) and folder != journal.data_dir
    assert not journal.data_dir.is_relative_to(folder) and not folder.is_relative_to(journal.data_dir)
    assert journal.is_empty()                       # the user's journal is untouched
    from journal.store.journal import Journal

    with Journal.open(folder) as sample:
        assert len(sample.sessions()) == 3 and sample.entries()
    (args,) = started
    assert args[1][-2:] == ["--data-dir", str(folder)]


def test_a_journal_with_data_opens_on_today(qtbot, small_journal):
    win = MainWindow(Hub(small_journal, window_settings(small_journal.data_dir)), welcome=True)
    try:
        assert win.welcome is None
        assert win.stack.currentWidget() is win.page("today")
    finally:
        win.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def test_reminder_is_off_until_ticked_on_the_welcome_and_then_stored(window, journal, qtbot):
    from PySide6.QtCore import QTime

    from journal import settings as S

    choice = window.welcome.reminder
    assert not choice.enabled.isChecked() and not choice.time.isEnabled()
    assert choice.time.time() == QTime(20, 0)
    assert S.get(journal, S.REMINDER_ENABLED) is False
    with qtbot.waitSignal(window.hub.settings_changed):
        choice.enabled.setChecked(True)
    assert S.get(journal, S.REMINDER_ENABLED) is True and choice.time.isEnabled()
    with qtbot.waitSignal(window.hub.settings_changed):
        choice.time.setTime(QTime(21, 30))
    assert S.get(journal, S.REMINDER_TIME) == "21:30"
    with qtbot.waitSignal(window.hub.settings_changed):
        choice.enabled.setChecked(False)
    assert S.get(journal, S.REMINDER_ENABLED) is False


def test_a_journal_with_only_a_reminder_chosen_still_opens_on_the_welcome(qtbot, journal):
    from journal import settings as S

    S.put(journal, S.REMINDER_ENABLED, True)
    win = MainWindow(Hub(journal, window_settings(journal.data_dir)), welcome=True)
    try:
        assert win.welcome is not None and win.stack.currentWidget() is win.welcome
        assert win.welcome.reminder.enabled.isChecked()
    finally:
        win.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def test_welcome_keeps_readable_lines_and_its_rows_in_line_in_a_wide_window(window, qtbot):
    from journal.ui.welcome import WELCOME_WIDTH

    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: window.welcome.width() > 1200)
    QCoreApplication.processEvents()
    welcome = window.welcome
    lefts = {b.mapTo(welcome, b.rect().topLeft()).x()
             for b in (*welcome.step_buttons.values(), welcome.sample_button)}
    assert len(lefts) == 1                                   # the sample row lines up
    assert welcome.sample_button.parentWidget().width() <= WELCOME_WIDTH
