"""The bar at the foot of Today: what is saved, what is not, and Save, always in view.

It stays below the scrolling form, so at any window size the patient sees at a glance
whether the day is saved and can save it without scrolling.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy

STATES = {
    # state: (text, accessible description)
    "new": ("Not logged yet", "This day has nothing saved yet"),
    "dirty": ("● Unsaved changes", "You changed this day and have not saved it"),
    "saved": ("✓ Saved", "Everything on this page is saved"),
}


class SaveBar(QFrame):
    """Delete/clear on the left, the save state and any error in the middle, Save on the right."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("saveBar")
        self.delete_button = QPushButton(self.tr("Delete day…"))
        self.state_label = QLabel()
        self.state_label.setObjectName("saveState")
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.save_button = QPushButton(self.tr("Save day"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.setAccessibleName(self.tr("Save day"))
        self._widened = False  # Save gets 24 px more than its styled size (showEvent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.delete_button)
        layout.addSpacing(8)
        layout.addWidget(self.state_label)
        layout.addWidget(self.error_label, 1)
        layout.addWidget(self.save_button)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._widened:  # (measured once styled: the style sheet is on by now)
            self._widened = True
            self.save_button.setMinimumWidth(self.save_button.sizeHint().width() + 24)

    def set_state(self, state: str) -> None:
        """ "new", "dirty" or "saved": the words and their colour (style.qss, by state)."""
        text, description = STATES[state]
        self.state_label.setText(self.tr(text))
        self.state_label.setAccessibleDescription(self.tr(description))
        self.state_label.setProperty("state", state)
        if self.state_label.testAttribute(Qt.WA_WState_Polished):  # (else styled when shown:
            # asking for the style before the first paint would cost ~4 ms of PySide6's)
            self.state_label.style().unpolish(self.state_label)
            self.state_label.style().polish(self.state_label)
