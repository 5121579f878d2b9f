"""Fixtures of the window tests."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from journal.ui.app import window_settings
from journal.ui.hub import Hub
from journal.ui.main_window import MainWindow

SMALL_TODAY = dt.date(2026, 4, 7)  # "today" for the small journal's pages


@pytest.fixture
def hub(small_journal, monkeypatch, qapp):
    """A Hub on the small journal, on SMALL_TODAY."""
    monkeypatch.setattr(Hub, "today", staticmethod(lambda: SMALL_TODAY))
    return Hub(small_journal, window_settings(small_journal.data_dir))


@pytest.fixture
def demo_window(qtbot, journal, fill_demo):
    """The main window, shown, on a copy of the demo journal; deleted at the end."""
    fill_demo(journal)
    window = MainWindow(Hub(journal, window_settings(journal.data_dir)))
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.hide()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


@pytest.fixture
def window(qtbot, journal, monkeypatch):
    """The main window on `journal` (as the test built it), shown.

    Forms are left unsaved on purpose: closing the window then discards them. The window
    (and its pages' debounce timers) is deleted before the journal closes: a refresh firing
    later, in another test, would read a closed journal."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *args, **kwargs: QMessageBox.Discard))
    win = MainWindow(Hub(journal, window_settings(journal.data_dir)))
    win.show()
    yield win
    win.hide()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
