"""Fixtures of the window tests."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from journal.ui.app import window_settings
from journal.ui.hub import Hub
from journal.ui.main_window import MainWindow


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
