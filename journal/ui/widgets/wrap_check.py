"""A check box whose label wraps onto more lines instead of widening the page.

A plain QCheckBox keeps its text on one line, so one long label ("Eye problem (pain, swelling
shut, blurred vision, blisters near the eye)") makes a whole form as wide as that line and a
small window scrolls sideways. This one is Qt's own widgets side by side: a real QCheckBox
(``.box``: Space toggles it, the style paints it and its focus, its accessible name is the
whole label) and a word-wrapped QLabel (``.label``: Qt lays it out at the height its width
needs; a click on its words toggles the box, as on a check box's own text).

Nothing of it runs Python while a page is laid out or painted. (It used to be a QCheckBox
that measured and painted its own wrapped words: Qt asked it for its height at a width about
a hundred times while the first window was built, and it needed Qt's QStyle in Python, whose
566 enum members PySide6 builds on first use: ~8 ms of every start.)
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

LABEL_SPACING = 6  # between the box and its words, as Fusion spaces a check box's own text


class _Words(QLabel):
    """The label's words: a click on them toggles the box (and gives it the focus)."""

    def __init__(self, text: str, box: QCheckBox):
        super().__init__(text)
        self._box = box
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)  # (beside a taller neighbour: at the top)
        self.setBuddy(box)  # (for screen readers: this text labels that box)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        event.accept()  # (the release toggles, as a button does)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()) \
                and self._box.isEnabled():
            self._box.setFocus(Qt.MouseFocusReason)
            self._box.click()
        event.accept()


class WrapCheckBox(QWidget):
    """A QCheckBox (``.box``) with a word-wrapped label (``.label``) beside it."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.label = _Words(text, self.box)
        # as tall as a line of the words: the box (drawn centred) sits on their first line
        self.box.setMinimumHeight(self.label.fontMetrics().lineSpacing())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(LABEL_SPACING)
        layout.addWidget(self.box, 0, Qt.AlignTop)
        layout.addWidget(self.label, 1)
