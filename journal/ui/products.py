"""The Products page: the shelf of products with their label ingredient lists."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit

from journal import format as fmt
from journal.models import CATEGORIES, Product
from journal.ui.widgets.list_editor import ListEditorPage


def ingredient_flags(label_text: str) -> str:
    """Flagged ingredient classes of a label, with the ingredients that triggered them."""
    from journal.care.ingredients import flag_summary

    return flag_summary(label_text)


def flagged_class_names(label_text: str) -> str:
    """Only the names of the flagged classes: short enough for a table column."""
    from journal.care.ingredients import match_ingredients

    names = dict.fromkeys(m.class_name for m in match_ingredients(label_text) if m.caution)
    return ", ".join(names)


def evidence_by_product(journal) -> dict:
    """Product id -> its evidence; None -> the context items (makeup, sun, sweat)."""
    from journal.care.evidence import product_evidence

    found: dict = {None: []}
    for item in product_evidence(journal):
        if item.product_id is None:
            found[None].append(item)
        else:
            found[item.product_id] = item
    return found


def evidence_tooltip(found) -> str:
    """Rich text, so that Qt wraps the long lines."""
    from html import escape

    lines = [f"<b>{escape(found.name)}</b>: {escape(found.verdict_text)}."]
    lines += [escape(line) for line in found.details.splitlines()]
    return "<p>" + "<br>".join(lines) + "</p>"


def evidence_note_text(context) -> str:
    from journal.care.evidence import ASSOCIATION_NOTE

    parts = [f"{item.name}: {item.short_text}" for item in context]
    text = "“In your log” compares the new spots on days with and without each product, " \
           "at the same day after a session. " + ASSOCIATION_NOTE
    return text + ("\n" + "; ".join(parts) + "." if parts else "")


class ProductsPage(ListEditorPage):
    title = "Product shelf"
    # What the log says and the flags first, beside the name: in a narrow window the brand
    # and category are what scrolls out of sight, not the verdict.
    columns = ["Name", "In your log", "Flags", "Used on", "Brand", "Category"]
    EVIDENCE_COLUMN = 1
    noun = "product"
    empty_text = ("Your shelf is empty. Add each product you put on your skin, with the "
                  "ingredient list from its label: you tick them on the Today page, and "
                  "ingredients that can irritate healing skin are flagged.")

    def __init__(self, hub, parent=None):
        super().__init__(hub, parent)
        # The association sentence, said once, and the context items (not on the shelf).
        self.evidence_note = QLabel()
        self.evidence_note.setObjectName("hint")
        self.evidence_note.setWordWrap(True)
        self.view.parentWidget().layout().addWidget(self.evidence_note)
        self.evidence_note.setText(evidence_note_text(self._evidence.get(None, [])))
        # Days and sessions change the evidence: refreshed when the page is next shown.
        self._stale = False
        hub.entries_changed.connect(self._mark_stale)
        hub.sessions_changed.connect(self._mark_stale)

    def _mark_stale(self, *_args) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def build_form(self, form) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Night Serum"))
        self.brand = QLineEdit()
        self.category = QComboBox()
        for category in CATEGORIES:
            self.category.addItem(self.tr(category), category)
        self.ingredients = QPlainTextEdit()
        self.ingredients.setPlaceholderText(
            self.tr("Paste the ingredient list from the label (INCI), e.g.\n"
                    "Aqua, Glycerin, Retinol, Tocopherol, Parfum"))
        self.ingredients.setMinimumHeight(140)
        self.flags_label = QLabel()
        self.flags_label.setObjectName("flagsLabel")
        self.flags_label.setWordWrap(True)
        self.flags_label.setTextFormat(Qt.RichText)
        from journal.ui.widgets.ingredient_highlighter import IngredientHighlighter

        self.highlighter = IngredientHighlighter(self.ingredients.document())
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Brand"), self.brand)
        form.addRow(self.tr("&Category"), self.category)
        form.addRow(self.tr("&Ingredients"), self.ingredients)
        form.addRow(self.tr("Flags"), self.flags_label)
        self._flag_timer = QTimer(self, singleShot=True, interval=150)
        self._flag_timer.timeout.connect(self._show_flags)
        self.ingredients.textChanged.connect(self._flag_timer.start)

    def _show_flags(self) -> None:
        """Each flagged class with its ingredients and why it matters; the words marked above."""
        from html import escape

        from journal.care.ingredients import grouped_flags

        grouped = grouped_flags(self.ingredients.toPlainText())
        self.highlighter.set_flagged([name for _klass, names in grouped for name in names])
        # the caution colour only when something is flagged
        self.flags_label.setObjectName("flagsLabel" if grouped else "hint")
        self.flags_label.style().unpolish(self.flags_label)
        self.flags_label.style().polish(self.flags_label)
        if not grouped:
            self.flags_label.setText(self.tr("nothing flagged"))
            return
        lines = []
        for klass, names in grouped:
            why = klass.timing or klass.note
            lines.append(f"<b>{escape(klass.name)}</b> ({escape(', '.join(names))})"
                         + (f": {escape(why)}" if why else ""))
        self.flags_label.setText(
            "<br>".join(lines) + "<br><span style='font-weight:normal'>"
            + escape(self.tr("Marked in the list above. Caution ingredients are those aftercare "
                             "advice says to keep off freshly treated skin for a while; ask "
                             "your clinic when in doubt.")) + "</span>")

    def load_records(self):
        self._uses = {pid: len(days) for pid, days in self.journal.product_days().items()}
        self._evidence = evidence_by_product(self.journal)
        if hasattr(self, "evidence_note"):
            self.evidence_note.setText(evidence_note_text(self._evidence.get(None, [])))
        return self.journal.products()

    def row_values(self, p):
        uses = self._uses.get(p.id, 0)
        found = self._evidence.get(p.id)
        return [p.name, found.short_text if found else "", flagged_class_names(p.ingredients),
                fmt.plural(uses, "day") if uses else "–", p.brand, p.category]

    def row_tooltips(self, p) -> dict[int, str]:
        found = self._evidence.get(p.id)
        return {self.EVIDENCE_COLUMN: evidence_tooltip(found)} if found else {}

    def fill_form(self, p) -> None:
        self.name.setText(p.name if p else "")
        self.brand.setText(p.brand if p else "")
        self.category.setCurrentIndex(CATEGORIES.index(p.category) if p else len(CATEGORIES) - 1)
        self.ingredients.setPlainText(p.ingredients if p else "")
        self._show_flags()

    def read_form(self) -> Product:
        return Product(
            name=self.name.text().strip(), brand=self.brand.text().strip(),
            category=self.category.currentData(),
            ingredients=self.ingredients.toPlainText().strip(),
            id=self.current.id if self.current else None,
        )

    def write(self, product) -> None:
        if product.id is None:
            self.journal.add_product(product)
        else:
            self.journal.update_product(product)

    def remove(self, product) -> None:
        self.journal.delete_product(product.id)

    def describe(self, p) -> str:
        return self.tr("“%s”") % p.name

    def changed_signal(self):
        return self.hub.products_changed
