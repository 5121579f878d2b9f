"""The Products page: the shelf of products with their label ingredient lists."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit

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


class ProductsPage(ListEditorPage):
    title = "Product shelf"
    columns = ["Name", "Brand", "Category", "Used on", "Flags"]
    noun = "product"
    empty_text = ("Your shelf is empty. Add each product you put on your skin, with the "
                  "ingredient list from its label: you tick them on the Today page, and "
                  "ingredients that can irritate healing skin are flagged.")

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
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Brand"), self.brand)
        form.addRow(self.tr("&Category"), self.category)
        form.addRow(self.tr("&Ingredients"), self.ingredients)
        form.addRow(self.tr("Flags"), self.flags_label)
        self._flag_timer = QTimer(self, singleShot=True, interval=150)
        self._flag_timer.timeout.connect(self._show_flags)
        self.ingredients.textChanged.connect(self._flag_timer.start)

    def _show_flags(self) -> None:
        flags = ingredient_flags(self.ingredients.toPlainText())
        self.flags_label.setText(flags or self.tr("nothing flagged"))

    def load_records(self):
        self._uses = {pid: len(days) for pid, days in self.journal.product_days().items()}
        return self.journal.products()

    def row_values(self, p):
        uses = self._uses.get(p.id, 0)
        return [p.name, p.brand, p.category, self.tr("%d days") % uses if uses else "–",
                flagged_class_names(p.ingredients)]

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
