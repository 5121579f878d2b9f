"""GUI: tips beside the Today form follow the unsaved form; products show their flags."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from journal.care.tips import DISCLAIMER
from journal.models import Product, Session
from journal.ui.widgets.tips_panel import TipsPanel

TODAY = dt.date.today()


def tip_ids(panel: TipsPanel) -> list[str]:
    return [card.tip.id for card in panel.cards()]


def test_today_shows_a_retinol_tip_before_saving(qtbot, window, journal):
    journal.add_session(Session(date=TODAY - dt.timedelta(days=2)))
    journal.add_product(Product(name="Night Serum", category="serum",
                                ingredients="Aqua, Retinol, Squalane"))
    window.hub.sessions_changed.emit()
    window.hub.products_changed.emit()
    page = window.page("today")
    panel = page.tips_panel
    qtbot.waitUntil(lambda: "expected-day-2-3" in tip_ids(panel), timeout=2000)
    assert "retinoid-too-soon" not in tip_ids(panel)
    assert panel.disclaimer.text() == DISCLAIMER and panel.disclaimer.isVisible()

    for row in range(page.products.count()):
        item = page.products.item(row)
        if item.text().startswith("Night Serum"):
            item.setCheckState(Qt.Checked)
    qtbot.waitUntil(lambda: "retinoid-too-soon" in tip_ids(panel), timeout=2000)
    card = next(c for c in panel.cards() if c.tip.id == "retinoid-too-soon")
    reasons = [label.text() for label in card.reason_labels]
    assert "•  Night Serum contains Retinol (retinoid); used on day 2" in reasons
    # A widget added to a shown layout is shown by a queued event: let it arrive.
    qtbot.waitUntil(card.title_label.isVisible, timeout=2000)
    assert journal.entry(TODAY) is None  # nothing was saved

    # a red flag ticked on the form goes to the top, still unsaved
    page.flags["pus"].setChecked(True)
    qtbot.waitUntil(lambda: tip_ids(panel)[:1] == ["red-flag-pus"], timeout=2000)
    assert panel.count_label.text().endswith("1 urgent")
    assert journal.entry(TODAY) is None


def test_tips_follow_a_new_session(qtbot, window, journal):
    page = window.page("today")
    panel = page.tips_panel
    qtbot.waitUntil(lambda: tip_ids(panel) == ["no-session-yet"], timeout=2000)
    journal.add_session(Session(date=TODAY))
    window.hub.sessions_changed.emit()
    qtbot.waitUntil(lambda: tip_ids(panel) == ["expected-day-0-1"], timeout=2000)


def test_panel_shows_an_empty_state(qtbot, journal):
    panel = TipsPanel(journal)
    qtbot.addWidget(panel)
    panel.show_tips([])
    assert panel.cards() == []
    assert panel.count_label.text() == "0 tips"


def test_product_editor_flags_as_you_type_and_the_list_shows_flags(qtbot, window, journal):
    journal.add_product(Product(name="Glow Toner", ingredients="Aqua, Glycolic Acid 7%, Alcohol Denat."))
    window.hub.products_changed.emit()
    page = window.page("products")
    page.ingredients.setPlainText("Aqua, Cetearyl Alcohol, Retinyl Palmitate, Parfum")
    qtbot.waitUntil(lambda: "<b>retinoid</b> (Retinyl Palmitate)" in page.flags_label.text()
                    and "<b>fragrance</b> (Parfum)" in page.flags_label.text(), timeout=2000)
    assert "Marked in the list above" in page.flags_label.text()     # explained, and...
    assert page.highlighter.names == ["Retinyl Palmitate", "Parfum"]  # ...marked in the text
    model = page.findChild(QTableView).model()
    flags_column = model.columns.index("Flags")
    cells = [model.index(row, flags_column).data() for row in range(model.rowCount())]
    assert "alpha-hydroxy acid, drying alcohol" in cells  # class names only; the editor shows which ingredients
