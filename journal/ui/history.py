"""The History page: every logged day, newest first; opening one edits it on Today."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from journal import format as fmt
from journal.models import FLAGS, SYMPTOM_LABELS, SYMPTOMS, day_since_session
from journal.ui.widgets.tables import record_table
from journal.ui.hub import Hub

COLUMNS = ["Date", "Day", *[SYMPTOM_LABELS[s].split(" /")[0] for s in SYMPTOMS],
           "Breakouts", "Red flags", "Products", "Note"]


class HistoryModel(QAbstractTableModel):
    """Rows are DayEntry objects, newest first, with Day N computed once per load."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows = []
        self.days = []
        self.names = {}

    def load(self, entries, session_dates, product_names) -> None:
        self.beginResetModel()
        self.rows = list(reversed(entries))
        self.days = [day_since_session(e.date, session_dates) for e in self.rows]
        self.names = product_names
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        entry, column = self.rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return self._text(entry, self.days[index.row()], column)
        if role == Qt.TextAlignmentRole and 1 <= column <= 2 + len(SYMPTOMS):
            return int(Qt.AlignCenter)
        if role == Qt.ForegroundRole and column == 3 + len(SYMPTOMS) and entry.flags:
            return QColor("#b3261e")
        if role == Qt.FontRole and column == 3 + len(SYMPTOMS) and entry.flags:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ToolTipRole and column == len(COLUMNS) - 1 and entry.note:
            return entry.note
        if role == Qt.ToolTipRole and column == 4 + len(SYMPTOMS) and entry.product_ids:
            return "\n".join(self.names.get(pid, "?") for pid in entry.product_ids)  # cut short
        if role == Qt.UserRole:
            return entry.date
        return None

    def _text(self, entry, day, column) -> str:
        if column == 0:
            return fmt.weekday_date(entry.date)
        if column == 1:
            return "–" if day is None else str(day)
        if 2 <= column < 2 + len(SYMPTOMS):
            value = getattr(entry, SYMPTOMS[column - 2])
            return "–" if value is None else str(value)
        if column == 2 + len(SYMPTOMS):
            return "–" if entry.breakouts is None else str(entry.breakouts)
        if column == 3 + len(SYMPTOMS):
            return ", ".join(FLAGS[f][1].split(" (")[0] for f in entry.flags)
        if column == 4 + len(SYMPTOMS):
            return ", ".join(self.names.get(pid, "?") for pid in entry.product_ids)
        return entry.note.replace("\n", " ")


class HistoryPage(QWidget):
    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.model = HistoryModel(self)
        self.view = record_table(self.model)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.Stretch)
        header.setSectionResizeMode(len(COLUMNS) - 2, QHeaderView.Interactive)
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("History"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        hub.entries_changed.connect(lambda _date: self.refresh())
        hub.sessions_changed.connect(self.refresh)
        hub.products_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        journal = self.hub.journal
        entries = journal.entries()
        self.model.load(entries, [s.date for s in journal.sessions()],
                        {p.id: p.name for p in journal.products()})
        self.view.setColumnWidth(len(COLUMNS) - 2, 260)
        flagged = sum(1 for e in entries if e.flags)
        if not entries:
            self.summary.setText(self.tr(
                "No days logged yet. Each evening, fill in the Today page (Ctrl+1) and press "
                "Save day: every day you log shows here as one row."))
            return
        self.summary.setText(
            self.tr("%d days logged · %d with red flags · double-click or press Enter to edit a day")
            % (len(entries), flagged))

    def _open(self, index) -> None:
        if index.isValid():
            self.hub.open_day.emit(self.model.data(index, Qt.UserRole))
