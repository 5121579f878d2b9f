"""The welcome's one reminder choice: "Remind me each evening at [20:00]" (off until ticked).

Writes the same two journal settings as File > Settings… (REMINDER_ENABLED, REMINDER_TIME) as
soon as the patient changes them and tells the app (``hub.settings_changed``), so the tray's
reminder follows at once.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QTimeEdit, QVBoxLayout, QWidget

from journal import settings as S
from journal.models import JournalError
from journal.ui.hub import Hub


def _time(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(str(text).strip())
    except ValueError:
        return dt.time.fromisoformat(S.REMINDER_TIME.default)


class ReminderChoice(QWidget):
    """A check box and a time; every change is stored at once."""

    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.enabled = QCheckBox(self.tr("Remind me each evening at"))
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName(self.tr("Reminder time"))
        self.time.setMaximumWidth(110)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        words = QLabel(self.tr("Off unless you tick it. A notification while the journal is "
                               "open, only on days you have not logged yet; change it any time "
                               "in File > Settings…"))
        words.setObjectName("hint")
        words.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.time)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(words)
        column.addWidget(self.error)

        journal = hub.journal
        self.enabled.setChecked(S.get(journal, S.REMINDER_ENABLED))
        chosen = _time(S.get(journal, S.REMINDER_TIME))
        self.time.setTime(QTime(chosen.hour, chosen.minute))
        self.time.setEnabled(self.enabled.isChecked())
        self.enabled.toggled.connect(self._store)
        self.time.timeChanged.connect(self._store)

    def _store(self, *_args) -> None:
        self.time.setEnabled(self.enabled.isChecked())
        journal = self.hub.journal
        try:
            S.put(journal, S.REMINDER_ENABLED, self.enabled.isChecked())
            if self.enabled.isChecked():
                S.put(journal, S.REMINDER_TIME, self.time.time().toString("HH:mm"))
        except (JournalError, sqlite3.Error) as exc:
            self.error.setText(self.tr("The reminder could not be saved: %s") % exc)
            self.error.show()
            return
        self.error.hide()
        self.hub.settings_changed.emit()
