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
                                                                     monkeypatch):
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
