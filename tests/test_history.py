"""History as a timeline: sessions as dividers, the red-flag day with its note and suspect product."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from journal.ui.app import window_settings
from journal.ui.history import RED_FLAGS
from journal.ui.hub import Hub
from journal.ui.main_window import MainWindow


@pytest.fixture
def history(qtbot, journal, fill_demo):
    fill_demo(journal)
    window = MainWindow(Hub(journal, window_settings(journal.data_dir)))
    window.resize(760, 540)
    window.show()
    window.show_page("history")
    yield window.page("history")
    window.hide()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def test_red_flag_day_shows_its_note_and_the_suspect_product(history, journal):
    (flag_day,) = [r for r in history.model.day_rows() if r.entry.flags]
    assert "yellow pus" in flag_day.entry.note and "yellow pus" in flag_day.text()
    chips = [c.text for c in flag_day.chips]
    assert chips and all(c.suspect for c in flag_day.chips)
    assert {"Coconut Repair Balm", "Retinol Night Serum"} & set(chips)
    # the everyday products are counted, not listed before the suspect ones
    assert "Gentle Foaming Cleanser" not in chips and flag_day.everyday >= 1
    # the card is tall enough for its note and is painted (delegate) without error
    index = history.model.index(history.model.rows.index(flag_day), 0)
    history.view.scrollTo(index)
    assert history.view.visualRect(index).height() > 90
    assert not history.view.grab().isNull()


def test_days_are_grouped_under_their_session(history, journal):
    rows = history.model.rows
    assert rows[0].kind == "session" and rows[0].title.startswith("Session 3 (")
    dividers = [r.title for r in rows if r.kind == "session"]
    assert [d.split(" (")[0] for d in dividers] == [
        "Session 3", "Session 2", "Session 1", "Before the first session"]
    # each day sits under the session it follows: Day N counts from that divider's session
    day_rows = history.model.day_rows()
    assert all(r.day is None or r.day >= 0 for r in day_rows)


def test_filters_red_flag_days_and_days_with_a_product(history, journal):
    history.show_only(RED_FLAGS)
    shown = history.model.day_rows()
    assert len(shown) == 1 and shown[0].entry.flags
    balm = journal.product_by_name("Coconut Repair Balm")
    history.show_only(balm.id)
    shown = history.model.day_rows()
    assert shown and all(balm.id in r.entry.product_ids for r in shown)
    assert "shown of" in history.summary.text()


def test_red_flags_and_product_chips_wrap_inside_the_card_at_760(history, journal, qtbot):
    import dataclasses

    from PySide6.QtWidgets import QStyleOptionViewItem

    (day,) = [e for e in journal.entries() if e.flags]
    journal.save_entry(dataclasses.replace(day, pus=True, fever=True, airway=True,
                                           eye_problem=True, cold_sore=True))
    history.refresh()
    (row,) = [r for r in history.model.day_rows() if r.entry.flags]
    index = history.model.index(history.model.rows.index(row))
    view, delegate = history.view, history.delegate
    qtbot.waitUntil(lambda: view.viewport().width() > 0)
    card = view.visualRect(index)
    assert card.right() <= view.viewport().width()
    room = card.width() - 8 - 2 * 10   # the card's inner width (delegate margins and PAD)
    places = delegate._chip_places(row, view.font(), room)
    assert len(places) == len(row.entry.flags) + len(row.chips) + 1  # flags, chips, the count
    assert all(x + width <= room for _kind, _text, _line, x, width in places)
    lines = 1 + max(line for _kind, _text, line, _x, _width in places)
    assert lines >= 2                                  # five flags do not fit on one line
    # the card is tall enough for every line of chips: taller than the same card when wide
    option = QStyleOptionViewItem()
    option.font = view.font()
    option.rect = card
    narrow = delegate.sizeHint(option, index).height()
    option.rect = card.adjusted(0, 0, 2000, 0)
    assert narrow > delegate.sizeHint(option, index).height()
    assert card.height() >= narrow
