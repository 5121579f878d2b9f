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


def _questions(journal, period) -> list:
    """The suggested questions for `period` (none for no period or a reversed one)."""
    from journal.report.questions import suggested_questions

    if period is None or period[0] > period[1]:
        return []
    try:
        return suggested_questions(journal, *period)
    except Exception:  # the helper must never stop the page
        log.warning("suggested questions failed", exc_info=True)
        return []


class SuggestedQuestions(QGroupBox):
    """Tick boxes for the suggested questions, kept in step with `questions_edit`."""

    changed = Signal()
    updated = Signal()   # the questions for the current period are shown

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
        # The questions need the whole period's evidence: worked out once changes pause,
        # in the background (journal.ui.tasks), never on the GUI thread.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh_in_background)
        self._task = None
        questions_edit.textChanged.connect(self._sync_ticks)

    def set_period(self, start: dt.date, end: dt.date) -> None:
        """Show the questions for this period (soon: several changes make one refresh)."""
        self._period = (start, end)
        self._timer.start()

    def refresh(self) -> None:
        """Work the questions out now, on this thread (tests, scripts)."""
        self._timer.stop()
        self._show(_questions(self.journal, self._period))

    def refresh_in_background(self) -> None:
        """Work the questions out on the runner's quick pool; shown when ready."""
        from journal.ui.tasks import run_task

        self._timer.stop()
        if self._task is not None:
            self._task.cancel()
        period = self._period

        def work(task):
            return _questions(task.open_journal(), period)

        def done(questions, period=period):
            if period == self._period:   # else a newer period's questions follow
                self._show(questions)

        self._task = run_task(work, data_dir=self.journal.data_dir, parent=self,
                              pool_name="quick", name="suggested questions",
                              on_success=done, on_failure=lambda exc: done([]))

    def _show(self, questions) -> None:
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
        self.updated.emit()

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
