"""A check box whose label wraps onto more lines instead of widening the page.

A plain QCheckBox keeps its text on one line, so one long label ("Eye problem (pain, swelling
shut, blurred vision, blisters near the eye)") makes a whole form as wide as that line and a
small window scrolls sideways. This one is still a real QCheckBox (its text is the accessible
name, Space toggles it, clicking the words toggles it, the style paints the box and the focus),
it only lays its words out in the width it is given, like a word-wrapped QLabel.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QCheckBox, QSizePolicy, QStyle, QStyleOptionButton, QStylePainter

_FLAGS = Qt.TextWordWrap | Qt.AlignLeft | Qt.AlignVCenter


class WrapCheckBox(QCheckBox):
    """A QCheckBox with a word-wrapped label (height for width, like QLabel.setWordWrap)."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # -- geometry ----------------------------------------------------------------------------
    def _indicator_width(self) -> int:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        style = self.style()
        return (style.pixelMetric(QStyle.PM_IndicatorWidth, option, self)
                + style.pixelMetric(QStyle.PM_CheckBoxLabelSpacing, option, self))

    def _indicator_height(self) -> int:
        return self.style().pixelMetric(QStyle.PM_IndicatorHeight, None, self)

    def _text_height(self, text_width: int) -> int:
        bounds = self.fontMetrics().boundingRect(QRect(0, 0, max(text_width, 1), 10_000),
                                                 _FLAGS, self.text())
        return bounds.height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        text_width = width - self._indicator_width() - 2
        return max(self._indicator_height(), self._text_height(text_width)) + 4

    def sizeHint(self) -> QSize:
        # As wide as the text on one line (a wide window shows it on one line) ...
        width = self._indicator_width() + self.fontMetrics().horizontalAdvance(self.text()) + 4
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # ... but it never asks for more than its longest word: the layout may wrap the rest.
        longest = max((self.fontMetrics().horizontalAdvance(word)
                       for word in self.text().split()), default=0)
        width = self._indicator_width() + longest + 4
        return QSize(width, self.heightForWidth(width))

    def hitButton(self, pos) -> bool:
        return self.rect().contains(pos)  # clicking the words toggles it, on every line

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        text = option.text
        option.text = ""  # the box (and its state) by the style, the words wrapped by us
        indicator = self.style().subElementRect(QStyle.SE_CheckBoxIndicator, option, self)
        option.rect = QRect(0, 0, indicator.right() + 1, self.height())
        painter.drawControl(QStyle.CE_CheckBox, option)
        left = self._indicator_width()
        text_rect = QRect(left, 0, self.width() - left, self.height())
        painter.drawItemText(text_rect, _FLAGS, self.palette(), self.isEnabled(), text,
                             self.foregroundRole())
        if self.hasFocus():
            focus = QStyleOptionButton()
            focus.initFrom(self)
            bounds = self.fontMetrics().boundingRect(text_rect, _FLAGS, text)
            focus.rect = bounds.adjusted(-2, -1, 2, 1).intersected(self.rect())
            painter.drawPrimitive(QStyle.PE_FrameFocusRect, focus)
