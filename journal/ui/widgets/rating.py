"""A 0-10 rating as a row of buttons, with the anchor words beside it.

Clicking the chosen number again clears it ("not rated"). With the focus on the
row, the digit keys, Left/Right (and Up/Down, Home/End) and Delete change the value; the row
then shows a focus frame in the accent colour. The buttons shrink to 24 px and grow to 36 px
with the room, so all eleven fit a 760-pixel window.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QButtonGroup, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget,
)

from journal.models import RATING_MAX, RATING_MIN, rating_anchor


class RatingBar(QWidget):
    valueChanged = Signal(object)  # int or None

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(f"rating-{name}")
        self.setFocusPolicy(Qt.StrongFocus)
        self._value: int | None = None
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)  # room for the focus frame
        layout.setSpacing(2)
        for number in range(RATING_MIN, RATING_MAX + 1):
            button = QPushButton(str(number))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.NoFocus)
            button.setMinimumSize(24, 28)
            button.setMaximumSize(36, 28)
            button.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
            button.setProperty("rating", number)
            button.setToolTip(f"{number}: {rating_anchor(number)}")
            button.setAccessibleName(f"{number}: {rating_anchor(number)}")
            self.group.addButton(button, number)
            layout.addWidget(button)
        self.anchor = QLabel()
        self.anchor.setMinimumWidth(self.anchor.fontMetrics().horizontalAdvance("10 · severe"))
        self.anchor.setObjectName("anchor")
        layout.addSpacing(6)
        layout.addWidget(self.anchor)
        layout.addStretch(1)
        self.group.idClicked.connect(self._clicked)
        self._show()

    def value(self) -> int | None:
        return self._value

    def setValue(self, value: int | None) -> None:
        if value == self._value:
            return
        self._value = value
        self._show()
        self.valueChanged.emit(value)

    def _clicked(self, number: int) -> None:
        self.setValue(None if number == self._value else number)

    def _show(self) -> None:
        for button in self.group.buttons():
            button.setChecked(self.group.id(button) == self._value)
        text = rating_anchor(self._value)
        self.anchor.setText(text if self._value is None else f"{self._value} · {text}")
        self.setAccessibleDescription(text if self._value is None else f"{self._value} of 10, {text}")

    def keyPressEvent(self, event) -> None:
        key, value = event.key(), self._value
        if Qt.Key_0 <= key <= Qt.Key_9:
            self.setValue(key - Qt.Key_0)
        elif key in (Qt.Key_Right, Qt.Key_Up):
            self.setValue(min(RATING_MAX, (value if value is not None else -1) + 1))
        elif key in (Qt.Key_Left, Qt.Key_Down):
            self.setValue(max(RATING_MIN, (value if value is not None else 1) - 1))
        elif key == Qt.Key_Home:
            self.setValue(RATING_MIN)
        elif key == Qt.Key_End:
            self.setValue(RATING_MAX)
        elif key in (Qt.Key_Delete, Qt.Key_Backspace):
            self.setValue(None)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.hasFocus():  # keyboard users see where the arrow keys go
            from journal.ui import theme

            painter = QPainter(self)
            painter.setRenderHint(QPainter.Antialiasing)
            painter.setPen(QPen(theme.color("accent"), 2))
            last = self.group.button(RATING_MAX).geometry()
            painter.drawRoundedRect(1, 1, last.right() + 2, self.height() - 2, 5, 5)
