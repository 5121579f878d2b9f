"""A spin box for a count that writes its noun in agreement: "1 new spot", "3 new spots"."""
from __future__ import annotations

import re

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from journal import format as fmt


class CountBox(QSpinBox):
    """Minimum value shows `special` ("not counted"); others "N <noun>" through journal.format."""

    def __init__(self, singular: str, plural: str | None = None, parent=None):
        super().__init__(parent)
        self._singular, self._plural = singular, plural

    def textFromValue(self, value: int) -> str:
        return fmt.plural(value, self._singular, self._plural)

    def valueFromText(self, text: str) -> int:
        digits = re.sub(r"\D", "", text)
        return int(digits) if digits else self.minimum()

    def validate(self, text, pos):
        from PySide6.QtGui import QValidator

        if text == self.specialValueText() or re.fullmatch(r"\s*\d{0,3}\D*", text):
            return QValidator.Acceptable if re.search(r"\d", text) or text == \
                self.specialValueText() else QValidator.Intermediate, text, pos
        return QValidator.Invalid, text, pos


class DepthBox(QDoubleSpinBox):
    """A needle depth written as journal.format writes it everywhere: "1 mm", "0.75 mm"."""

    def textFromValue(self, value: float) -> str:
        return fmt.number(value)
