"""The Report page's "Suggested by your log" box: questions the log raises, each with a
tick box that adds it to (or takes it out of) the patient's own questions.

The questions come from ``journal.report.questions.suggested_questions`` (no Qt); this
widget only shows them and edits the questions text box it is given.
"""
from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


class SuggestedQuestions(QGroupBox):
    """Tick boxes for the suggested questions, kept in step with `questions_edit`."""

    changed = Signal()

    def __init__(self, journal, questions_edit, parent=None):
        super().__init__(self.tr("Suggested by your log"), parent)
        self.journal = journal
        self.questions_edit = questions_edit
        self.questions: list = []
        self.boxes: list[QCheckBox] = []
        self._period: tuple[dt.date, dt.date] | None = None
        self._layout = QVBoxLayout(self)
        self.empty = QLabel(self.tr("Nothing in the log of this period raises a question."))
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self._layout.addWidget(self.empty)
        self._rows: list[QWidget] = []
        # The questions need the whole period's evidence: worked out once typing stops.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        questions_edit.textChanged.connect(self._sync_ticks)

    def set_period(self, start: dt.date, end: dt.date) -> None:
        """Show the questions for this period (soon: several changes make one refresh)."""
        self._period = (start, end)
        self._timer.start()

    def refresh(self) -> None:
        from journal.report.questions import suggested_questions

        self._timer.stop()
        if self._period is None or self._period[0] > self._period[1]:
            questions = []
        else:
            try:
                questions = suggested_questions(self.journal, *self._period)
            except Exception:  # the helper must never stop the page
                log.warning("suggested questions failed", exc_info=True)
                questions = []
        for row in self._rows:
            row.hide()
            self._layout.removeWidget(row)
            row.deleteLater()
        self._rows, self.boxes, self.questions = [], [], questions
        for question in questions:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            box = QCheckBox()
            box.setAccessibleName(question.text)
            box.setToolTip(question.why)
            text = QLabel(f"{question.text}")
            text.setWordWrap(True)
            text.setToolTip(question.why)
            text.setBuddy(box)
            why = QLabel(question.why)
            why.setObjectName("hint")
            why.setWordWrap(True)
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(text)
            column.addWidget(why)
            line.addWidget(box, 0, Qt.AlignTop)
            line.addLayout(column, 1)
            box.toggled.connect(lambda on, q=question: self._toggled(q, on))
            text.mousePressEvent = lambda _event, b=box: b.toggle()
            self._layout.addWidget(row)
            self._rows.append(row)
            self.boxes.append(box)
        self.empty.setVisible(not questions)
        self._sync_ticks()

    def _lines(self) -> list[str]:
        return self.questions_edit.toPlainText().splitlines()

    def _sync_ticks(self) -> None:
        """A box is ticked when its question is among the patient's questions."""
        lines = {line.strip() for line in self._lines()}
        for box, question in zip(self.boxes, self.questions):
            blocked = box.blockSignals(True)
            box.setChecked(question.text in lines)
            box.blockSignals(blocked)

    def _toggled(self, question, on: bool) -> None:
        lines = [line for line in self._lines()]
        present = [i for i, line in enumerate(lines) if line.strip() == question.text]
        if on and not present:
            while lines and not lines[-1].strip():
                lines.pop()
            lines.append(question.text)
        elif not on and present:
            for index in reversed(present):
                del lines[index]
        else:
            return
        self.questions_edit.setPlainText("\n".join(lines))
        self.changed.emit()
