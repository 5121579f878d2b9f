"""Every control on every page has a name a screen reader can say, and Tab reaches it."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget,
)

from journal.ui.app import window_settings
from journal.ui.hub import Hub
from journal.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value 'Qt.*AA_UseHighDpiPixmaps:DeprecationWarning")


@pytest.fixture
def window(qtbot, journal, fill_demo):
    fill_demo(journal)
    win = MainWindow(Hub(journal, window_settings(journal.data_dir)))
    win.show()
    yield win
    win.hide()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def spoken_name(widget: QWidget, labels: dict) -> str:
    """What a screen reader announces: the accessible name, a button's words, a buddy label."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and re.search(r"\w", widget.text()):
        return widget.text()
    if id(widget) in labels:
        return labels[id(widget)]
    if isinstance(widget, (QLineEdit, QPlainTextEdit)) and widget.placeholderText():
        return widget.placeholderText()
    return ""


@pytest.mark.parametrize("key", [p[0] for p in PAGES])
def test_every_control_on_a_page_has_a_name(window, qtbot, key):
    window.show_page(key)
    page = window.page(key)
    qtbot.waitUntil(page.isVisible)
    labels = {id(label.buddy()): label.text().replace("&", "")
              for label in page.findChildren(QLabel) if label.buddy() is not None}
    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractSpinBox)
    nameless = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(page) \
                or widget.objectName().startswith("qt_"):  # Qt's own parts (table corner)
            continue
        if widget.focusPolicy() == Qt.NoFocus and not isinstance(widget, QAbstractButton):
            continue
        if type(widget).__name__ in ("QSpinBoxLineEdit", "QLineEdit") and isinstance(
                widget.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # the editor inside a spin box or combo box: named by its owner
        if not spoken_name(widget, labels):
            nameless.append(f"{type(widget).__name__} {widget.objectName()!r} "
                            f"{widget.toolTip()!r}")
    assert nameless == [], "\n".join(nameless)


def test_tab_reaches_every_rating_the_note_and_save_on_today(window, qtbot):
    page = window.page("today")
    qtbot.waitUntil(page.isVisible)
    reached, widget = [], page.prev_button
    for _ in range(400):  # walk the Tab chain once round
        widget = widget.nextInFocusChain()
        if widget.isVisibleTo(window) and widget.focusPolicy() & Qt.TabFocus \
                and widget.isEnabled():
            reached.append(widget)
        if widget is page.prev_button:
            break
    for bar in page.ratings.values():
        assert bar in reached
    assert page.note in reached and page.save_button in reached
    assert reached.index(page.ratings["redness"]) < reached.index(page.save_button)
