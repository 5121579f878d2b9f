"""A page with a table of records on the left and an editor form on the right.

Sessions and Products both work this way: pick a row to edit it, "New" to start
a blank record, Save (Ctrl+S) to write it, Delete with a confirmation. Subclasses
say what the columns are and how a record maps to the form.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter,
    QVBoxLayout, QWidget,
)

from journal.models import JournalError
from journal.ui.widgets.tables import record_table
from journal.ui.hub import Hub


class RecordModel(QAbstractTableModel):
    def __init__(self, columns, row_values, parent=None, row_tooltips=None):
        super().__init__(parent)
        self.columns = columns
        self.row_values = row_values
        self.row_tooltips = row_tooltips  # record -> {column: tooltip}; else the cell text
        self.records = []
        self.cells = []
        self.tips = []

    def load(self, records) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.cells = [self.row_values(r) for r in self.records]
        self.tips = [self.row_tooltips(r) if self.row_tooltips else {} for r in self.records]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.columns[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if index.isValid() and role == Qt.ToolTipRole:
            tip = self.tips[index.row()].get(index.column())
            if tip:
                return tip
        if index.isValid() and role in (Qt.DisplayRole, Qt.ToolTipRole):
            return self.cells[index.row()][index.column()]
        return None


class ListEditorPage(QWidget):
    title = ""
    columns: list[str] = []
    noun = "record"

    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.journal = hub.journal
        self.current = None  # the record being edited, None for a new one
        self._baseline = None

        self.model = RecordModel(self.columns, self.row_values, self,
                                 getattr(self, "row_tooltips", None))
        self.view = record_table(self.model)
        self.view.horizontalHeader().setStretchLastSection(True)

        self.form_box = QGroupBox()
        box_layout = QVBoxLayout(self.form_box)
        self.form = QFormLayout()
        self.build_form(self.form)
        box_layout.addLayout(self.form)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        box_layout.addWidget(self.error_label)
        box_layout.addStretch(1)
        self.new_button = QPushButton(self.tr("New %s") % self.noun)
        self.new_button.setToolTip(self.tr("Ctrl+N"))
        self.new_button.setShortcut("Ctrl+N")
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box_layout.addLayout(buttons)
        self._fitted = False  # the form's minimum sizes, taken once styled (showEvent)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        title = QLabel(self.tr(self.title))
        title.setObjectName("pageTitle")
        title.setWordWrap(True)  # two lines in a small window, so the form keeps its room
        header.addWidget(title, 1)
        header.addWidget(self.new_button)
        left_layout.addLayout(header)
        # what to do on a first visit, while the table is empty (see `empty_text`)
        self.empty_hint = QLabel(self.tr(self.empty_text))
        self.empty_hint.setObjectName("hint")
        self.empty_hint.setWordWrap(True)
        left_layout.addWidget(self.empty_hint)
        left_layout.addWidget(self.view, 1)
        # The form's title sits on the page title's line (not in the box's frame), so both
        # headings align; the box below holds only the fields.
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.form_title = QLabel()
        self.form_title.setObjectName("pageTitle")
        self.form_title.setWordWrap(True)
        right_layout.addWidget(self.form_title)
        right_layout.addWidget(self.form_box, 1)
        self.form_box.setStyleSheet("QGroupBox { margin-top: 0px; }")
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])  # 3:2 from the start (the wrapping title asks for little)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.changed_signal().connect(self.refresh)
        self.refresh()
        self._edit(None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:  # the first show: the style sheet is on by now
            self._fitted = True
            # Fields stay usable in the smallest window; the style sheet's padding of the
            # box is not in its size hint, hence the extra room.
            self.form_box.setMinimumWidth(max(280, self.form_box.minimumSizeHint().width() + 20))
            self.form_title.setMinimumHeight(self.new_button.sizeHint().height())

    # -- for subclasses -------------------------------------------------------------------
    empty_text = "Nothing here yet: fill in the form and press Save."
    def build_form(self, form: QFormLayout) -> None: ...
    def load_records(self) -> list: ...
    def row_values(self, record) -> list[str]: ...
    def fill_form(self, record) -> None: ...   # record None: blank form
    def read_form(self):  ...                  # -> a new record from the form (id = current's)
    def write(self, record) -> None: ...       # add or update; raises JournalError
    def remove(self, record) -> None: ...
    def describe(self, record) -> str: ...
    def changed_signal(self): ...

    # -- behaviour ------------------------------------------------------------------------
    def refresh(self) -> None:
        current_id = getattr(self.current, "id", None)
        self.model.load(self.load_records())
        self.empty_hint.setVisible(not self.model.records)
        self.select_id(current_id)

    def select_id(self, record_id) -> None:
        for row, record in enumerate(self.model.records):
            if record.id == record_id and record_id is not None:
                blocked = self.view.selectionModel().blockSignals(True)
                self.view.selectRow(row)
                self.view.selectionModel().blockSignals(blocked)
                return

    def new_record(self) -> None:
        if not self.maybe_leave():
            return
        self.view.clearSelection()
        self._edit(None)

    def _edit(self, record) -> None:
        self.current = record
        self.fill_form(record)
        title = self.describe(record) if record else self.tr("New %s") % self.noun
        self.form_title.setText(title[:1].upper() + title[1:])
        self.form_box.setAccessibleName(self.form_title.text())
        self.delete_button.setEnabled(record is not None)
        self.error_label.setText("")
        self._baseline = self._form_state()

    def _form_state(self):
        try:
            return self.read_form()
        except (JournalError, ValueError):
            return None

    def is_dirty(self) -> bool:
        return self._form_state() != self._baseline

    def _row_changed(self, current, previous) -> None:
        if not current.isValid():
            return
        if not self.maybe_leave():
            blocked = self.view.selectionModel().blockSignals(True)
            if previous.isValid():
                self.view.selectRow(previous.row())
            else:
                self.view.clearSelection()
            self.view.selectionModel().blockSignals(blocked)
            return
        self._edit(self.model.records[current.row()])

    def maybe_leave(self) -> bool:
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("Save your changes to this %s?") % self.noun,
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def save(self) -> bool:
        try:
            record = self.read_form()
            self.write(record)
        except JournalError as exc:
            self.error_label.setText(str(exc))
            return False
        self.current = record
        self._baseline = self._form_state()
        self.changed_signal().emit()  # pages refresh on it, this one included
        self._edit(record)
        self.select_id(record.id)
        return True

    def delete(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete %s") % self.noun,
            self.tr("Delete %s? This cannot be undone.") % self.describe(self.current),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        try:
            self.remove(self.current)
        except JournalError as exc:
            self.error_label.setText(str(exc))
            return
        self.current = None
        self.changed_signal().emit()
        self._edit(None)
