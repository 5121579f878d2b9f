"""The window at its smallest and at a large size: nothing a patient needs is cut off."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt


def rect_in(widget, ancestor) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def today_at(window, qtbot, size):
    """The Today page laid out in the window resized to `size`."""
    window.resize(*size)
    page = window.page("today")
    qtbot.waitUntil(lambda: page.width() > 0 and page.isVisible())
    QCoreApplication.processEvents()
    return page


@pytest.mark.parametrize("size", [(760, 540), (1600, 1000)])
def test_today_save_and_every_rating_button_fit_without_sideways_scrolling(demo_window, qtbot, size):
    page = today_at(demo_window, qtbot, size)
    viewport = page.scroll.viewport()
    assert not page.scroll.horizontalScrollBar().isVisible()
    assert page.scroll.widget().width() <= viewport.width()
    # Save is always in view, inside the window, whatever the scroll position.
    save = page.save_button
    assert save.isVisible()
    assert demo_window.rect().contains(rect_in(save, demo_window))
    for name, bar in page.ratings.items():
        page.scroll.ensureWidgetVisible(bar, 0, 0)
        QCoreApplication.processEvents()
        for number in range(11):
            button = bar.group.button(number)
            assert button.isVisible()
            area = rect_in(button, viewport)
            assert viewport.rect().contains(area), (name, number, area, viewport.rect())
            assert button.width() >= 24


@pytest.mark.parametrize("size", [(760, 540), (1180, 780), (1600, 1000)])
def test_every_red_flag_box_fits_the_width_without_sideways_scrolling(demo_window, qtbot, size):
    from PySide6.QtWidgets import QScrollBar

    page = today_at(demo_window, qtbot, size)
    viewport = page.scroll.viewport()
    # no sideways scroll bar anywhere on the page, and the form never wider than its viewport
    assert not any(bar.isVisible() for bar in page.findChildren(QScrollBar)
                   if bar.orientation() == Qt.Horizontal and bar.maximum() > 0)
    assert page.scroll.widget().width() <= viewport.width()
    assert demo_window.width() == size[0]  # (a form too wide would force a wider window)
    assert demo_window.rect().contains(rect_in(page.scroll, demo_window))
    for name, box in page.flags.items():
        row = box.parentWidget()  # the box and its wrapped words
        page.scroll.ensureWidgetVisible(row, 0, 0)
        QCoreApplication.processEvents()
        area = rect_in(row, viewport)
        assert box.isVisible() and area.left() >= 0 and area.right() <= viewport.rect().right(), (
            name, area, viewport.rect())
        # its whole label is shown: the height it has holds the words at the width it has
        label = row.label
        assert label.height() >= label.heightForWidth(label.width()), (name, label.size())


def test_long_red_flag_labels_wrap_and_stay_check_boxes(demo_window, qtbot):
    from journal.models import FLAGS

    demo_window.resize(760, 540)
    page = demo_window.page("today")
    qtbot.waitUntil(lambda: not page._side_beside)
    QCoreApplication.processEvents()
    box = page.flags["eye_problem"]
    label = box.parentWidget().label
    one_line = label.fontMetrics().height()
    assert label.height() > one_line + one_line // 2  # two lines or more
    assert label.text() == FLAGS["eye_problem"][1]
    assert box.accessibleName() == FLAGS["eye_problem"][1]  # read whole by a screen reader
    before = box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_Space)
    assert box.isChecked() != before
    # a click on the wrapped second line toggles it too, and gives it the focus
    page.note.setFocus()
    qtbot.mouseClick(label, Qt.LeftButton, pos=QPoint(label.width() // 2, label.height() - 4))
    assert box.isChecked() == before and box.hasFocus()


def test_side_column_moves_under_the_form_when_narrow(demo_window, qtbot):
    page = demo_window.page("today")
    demo_window.resize(1600, 1000)
    qtbot.waitUntil(lambda: page._side_beside)
    assert page.side.parent() is page.splitter
    demo_window.resize(760, 540)
    qtbot.waitUntil(lambda: not page._side_beside)
    assert page.scroll.widget().isAncestorOf(page.side)


def test_save_bar_says_clearly_what_is_saved(demo_window, qtbot):
    page = demo_window.page("today")
    assert page.status_label.text() == "✓ Saved"            # the demo logged today
    page.ratings["redness"].setValue(7)
    assert page.status_label.text() == "● Unsaved changes"
    assert page.status_label.property("state") == "dirty"
    assert page.save()
    assert page.status_label.property("state") == "saved"


def test_rating_bar_works_with_the_keyboard(demo_window, qtbot):
    from PySide6.QtCore import Qt

    bar = demo_window.page("today").ratings["pain"]
    bar.setValue(None)
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key_Right)
    assert bar.value() == 0
    qtbot.keyClick(bar, Qt.Key_End)
    assert bar.value() == 10
    qtbot.keyClick(bar, Qt.Key_Down)
    assert bar.value() == 9
    qtbot.keyClick(bar, Qt.Key_Delete)
    assert bar.value() is None
    assert bar.accessibleName() == "Pain"
    assert bar.group.button(3).accessibleName() == "3: mild"


def test_the_light_theme_is_qts_own_fusion_and_only_dark_has_a_python_style(qapp):
    """A Python style is called thousands of times while a window is built: the light
    theme (the usual one) has none, and shows Fusion's shortcut underlines."""
    from PySide6.QtWidgets import QProxyStyle, QStyle

    from journal.ui import theme

    sheet = qapp.styleSheet()
    qapp.setStyleSheet("")  # (a style sheet wraps the style: app.style() would be its wrapper)
    try:
        theme.apply(qapp, "dark")
        assert isinstance(qapp.style(), QProxyStyle)
        assert type(qapp.style()).__module__ == "journal.ui.theme"
        theme.apply(qapp, "light")
        style = qapp.style()
        assert not type(style).__module__.startswith("journal")
        assert style.styleHint(QStyle.SH_UnderlineShortcut) == 1
        assert theme.is_applied(qapp)
    finally:
        theme.apply(qapp, "light")
        qapp.setStyleSheet(sheet)


def test_what_another_process_wrote_shows_when_the_app_is_active_again(demo_window, qtbot,
                                                                        journal):
    import datetime as dt

    from PySide6.QtWidgets import QApplication

    from journal.models import DayEntry
    from journal.store.journal import Journal

    day = dt.date(2026, 11, 30)
    with Journal.open(journal.data_dir) as other:  # the command line, say
        other.save_entry(DayEntry(date=day, redness=2))
    with qtbot.waitSignal(demo_window.hub.entries_changed, timeout=2000):
        QApplication.instance().applicationStateChanged.emit(Qt.ApplicationActive)
    with qtbot.assertNotEmitted(demo_window.hub.entries_changed):  # nothing new: no refresh
        QApplication.instance().applicationStateChanged.emit(Qt.ApplicationActive)


def test_theme_switch_from_the_view_menu_is_stored_and_applied(demo_window, journal):
    from journal import settings
    from journal.ui import theme

    demo_window.theme_actions["dark"].trigger()
    assert settings.get(journal, settings.THEME) == "dark" and theme.is_dark()
    demo_window.theme_actions["light"].trigger()
    assert settings.get(journal, settings.THEME) == "light" and not theme.is_dark()


def test_an_empty_check_box_can_be_seen_in_the_dark_theme(demo_window, qtbot):
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    from journal.ui import theme

    demo_window.set_theme("dark")  # as View > Theme does: the palette and the style sheet
    assert theme.is_dark()
    try:
        box = demo_window.page("today").flags["pus"]
        box.setChecked(False)
        option = QStyleOptionButton()
        box.initStyleOption(option)
        indicator = box.style().subElementRect(QStyle.SE_CheckBoxIndicator, option, box)
        QCoreApplication.processEvents()
        image = box.grab().toImage()
        inside = image.pixelColor(indicator.center()).lightness()
        edge = max(image.pixelColor(indicator.left(), y).lightness()
                   for y in range(indicator.top() + 2, indicator.bottom() - 1))
        assert edge - inside >= 60, (edge, inside)  # the outline stands out from the box
    finally:
        demo_window.set_theme("light")


def test_tips_under_the_form_show_whole_cards_not_a_small_box_that_scrolls(demo_window, qtbot):
    page = demo_window.page("today")
    demo_window.resize(760, 540)
    qtbot.waitUntil(lambda: not page._side_beside and page._tips_panel is not None)
    panel = page.tips_panel
    qtbot.waitUntil(lambda: bool(panel.cards()))
    assert not panel.scroll.isVisible()              # one scroll bar: the page's
    assert page.scroll.widget().isAncestorOf(panel.list_widget)

    def whole(card) -> bool:
        return card.height() >= (card.heightForWidth(card.width()) if card.hasHeightForWidth()
                                 else card.minimumSizeHint().height())
    # (once laid out: the layout runs on posted events, a turn or two of the loop)
    qtbot.waitUntil(lambda: all(whole(card) for card in panel.cards()), timeout=2000)
    demo_window.resize(1600, 1000)
    qtbot.waitUntil(lambda: page._side_beside)
    assert panel.scroll.widget() is panel.list_widget and not panel.scroll.isHidden()


def test_product_marks_are_painted_in_the_caution_colour(demo_window, qtbot, journal):
    import datetime as dt

    from journal.ui import theme
    from journal.ui.widgets.product_marks import MARK_ROLE

    page = demo_window.page("today")
    demo_window.resize(1600, 1000)
    page._build_side_column()
    with qtbot.waitSignal(page.product_marker.marked, timeout=10000):
        page.open_date(journal.sessions()[-1].date + dt.timedelta(days=1))
    rows = [r for r in range(page.products.count()) if page.products.item(r).data(MARK_ROLE)]
    assert rows, "the demo shelf has a product to mark on day 1"
    image = page.products.viewport().grab().toImage()
    rect = page.products.visualItemRect(page.products.item(rows[0]))
    caution = theme.color("caution")
    near = [(x, y) for x in range(rect.left(), rect.right(), 1)
            for y in range(rect.top(), rect.bottom())
            if max(abs(image.pixelColor(x, y).red() - caution.red()),
                   abs(image.pixelColor(x, y).green() - caution.green()),
                   abs(image.pixelColor(x, y).blue() - caution.blue())) < 40]
    assert len(near) > 20  # the "⚠ …" words, not a faded grey


@pytest.mark.parametrize("key, wanted", [("products", ("Name", "In your log")),
                                         ("sessions", ("Session", "Areas"))])
def test_the_first_columns_of_a_record_table_fit_at_the_smallest_size(demo_window, qtbot, key,
                                                                      wanted):
    """Long names and verdicts wrap instead of pushing what a patient looks for (the verdict
    in the log) behind a sideways scroll bar."""
    demo_window.resize(760, 540)
    demo_window.show_page(key)
    page = demo_window.page(key)
    qtbot.waitUntil(lambda: page.isVisible() and page.view.viewport().width() > 0)
    QCoreApplication.processEvents()
    view, header = page.view, page.view.horizontalHeader()
    for name in wanted:
        column = page.model.columns.index(name)
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert 0 <= header.sectionViewportPosition(column) and right <= view.viewport().width(), (
            name, right, view.viewport().width())


@pytest.mark.parametrize("size", [(760, 540), (1600, 1000)])
def test_the_photos_filter_row_has_nothing_on_top_of_anything(demo_window, qtbot, size):
    """At 760 px the count and the star's meaning ran over the Session box."""
    demo_window.resize(*size)
    demo_window.show_page("photos")
    page = demo_window.page("photos")
    qtbot.waitUntil(lambda: page.isVisible() and bool(page.count_label.text()))
    QCoreApplication.processEvents()
    boxes = [rect_in(w, page) for w in (page.area_filter, page.session_filter, page.count_label)]
    for first, second in zip(boxes, boxes[1:]):
        assert not first.intersects(second), (first, second)
    assert boxes[-1].right() <= page.width()
