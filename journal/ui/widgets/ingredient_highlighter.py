"""Marks the flagged ingredients in a label's text as the patient types or pastes it."""
from __future__ import annotations

import re

from PySide6.QtGui import QFont, QSyntaxHighlighter, QTextCharFormat


class IngredientHighlighter(QSyntaxHighlighter):
    """Underlines and tints each ingredient of a caution class (journal.care.ingredients)."""

    def __init__(self, document):
        super().__init__(document)
        self._pattern: re.Pattern | None = None
        self.names: list[str] = []

    def set_flagged(self, names: list[str]) -> None:
        """The ingredient texts to mark (as the matcher reported them); [] for none."""
        names = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
        if names == self.names:
            return
        self.names = names
        self._pattern = (re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
                         if names else None)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt API
        if self._pattern is None:
            return
        from journal.ui import theme

        look = QTextCharFormat()
        look.setBackground(theme.color("caution_soft"))
        look.setForeground(theme.color("caution"))
        look.setFontWeight(QFont.DemiBold)
        look.setFontUnderline(True)
        for match in self._pattern.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), look)
