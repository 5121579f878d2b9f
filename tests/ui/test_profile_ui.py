"""GUI: the Health profile dialog and Today's marks on products that would raise a caution."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer

from journal.models import Product, Profile, Session
from journal.ui.profile_dialog import ProfileDialog
from journal.ui.widgets.product_marks import MARK_ROLE

TODAY = dt.date.today()


def test_profile_dialog_saves_and_the_tips_follow(qtbot, window, journal):
    journal.add_session(Session(date=TODAY - dt.timedelta(days=1)))
    window.hub.sessions_changed.emit()
    panel = window.page("today").tips_panel
    qtbot.waitUntil(lambda: [c.tip.id for c in panel.cards()] == ["expected-day-0-1"],
                    timeout=2000)
    assert window.action_profile.text() == "&Health profile…"
    dialog = ProfileDialog(window.hub, window)
    assert not dialog.boxes["cold_sores"].isChecked()
    dialog.boxes["cold_sores"].setChecked(True)
    dialog.accept()
    assert journal.profile() == Profile(cold_sores=True)
    qtbot.waitUntil(lambda: [c.tip.id for c in panel.cards()][:1] == ["antiviral-cover"],
                    timeout=2000)
    # reopened, it shows what is stored; Cancel changes nothing
    again = ProfileDialog(window.hub, window)
    assert again.boxes["cold_sores"].isChecked()
    again.boxes["keloids"].setChecked(True)
    again.reject()
    assert journal.profile() == Profile(cold_sores=True)


def test_the_menu_item_opens_the_dialog(qtbot, window):
    seen = []

    def close_it():
        dialog = next(w for w in window.findChildren(ProfileDialog) if w.isVisible())
        seen.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(0, close_it)
    window.action_profile.trigger()
    assert seen == ["Health profile"]


def test_today_marks_a_product_that_would_raise_a_caution(qtbot, window, journal):
    journal.add_session(Session(date=TODAY - dt.timedelta(days=2)))
    for name, label in [("Night Serum", "Aqua, Retinol"), ("Plain Cream", "Aqua, Glycerin")]:
        journal.add_product(Product(name=name, ingredients=label))
    window.hub.products_changed.emit()
    page = window.page("today")
    # the marks come with the side column, just after the page's first paint, worked out
    # in the background
    qtbot.waitUntil(lambda: page.products.item(0).data(MARK_ROLE) is not None, timeout=10000)
    rows = {page.products.item(r).text(): page.products.item(r)
            for r in range(page.products.count())}
    serum, cream = rows["Night Serum"], rows["Plain Cream"]
    assert serum.data(MARK_ROLE) == "retinoid: usually paused for about a week after a session"
    assert serum.toolTip() == serum.data(MARK_ROLE)
    assert serum.data(Qt.AccessibleTextRole) == f"Night Serum, {serum.data(MARK_ROLE)}"
    assert cream.data(MARK_ROLE) == "" and cream.toolTip() == ""
    assert not page.is_dirty()  # a mark is no edit of the day
    # the mark is painted after the name, in the row's own space: no sideways scrolling
    page.products.grab()
    assert page.products.horizontalScrollBar().maximum() == 0
    # the session moves three weeks back: no mark any more
    session = journal.sessions()[0]
    session.date = TODAY - dt.timedelta(days=21)
    journal.update_session(session)
    with qtbot.waitSignal(page.product_marker.marked, timeout=10000):  # (in the background)
        window.hub.sessions_changed.emit()
    assert serum.data(MARK_ROLE) == "" and serum.toolTip() == ""
