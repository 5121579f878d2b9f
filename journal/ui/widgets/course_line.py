"""One line under the Today page's day heading: how this day compares with the same Day N
after earlier sessions (journal.care.course.course_comparison). Hidden when it says nothing."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel


class CourseLine(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("hint")
        self.setWordWrap(True)
        self.comparison = None
        self.hide()

    def show_for(self, journal, date: dt.date) -> None:
        from journal.care.course import course_comparison

        found = course_comparison(journal, date)
        self.comparison = found
        text = found.text if found is not None else None
        self.setText(text or "")
        self.setVisible(bool(text))
        # Amber (the flags colour) when clearly worse than earlier sessions and the usual course.
        name = "flagsLabel" if found is not None and found.clearly_worse else "hint"
        if self.objectName() != name:
            self.setObjectName(name)
            self.style().unpolish(self)
            self.style().polish(self)
        tip = self.tr("Compared with the same day after your earlier sessions, and with the "
                      "usual course after microneedling where there is no earlier session.")
        if found is not None and found.clearly_worse:
            tip += " " + self.tr("If it worries you, mention it to your clinic.")
        self.setToolTip(tip if text else "")
