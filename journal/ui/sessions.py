"""The Sessions page: record, edit and delete treatment sessions."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QGridLayout, QLineEdit, QPlainTextEdit, QWidget

from journal import format as fmt
from journal.ui.widgets.count_box import DepthBox
from journal.models import AREAS, Session, session_numbers
from journal.ui.widgets.list_editor import ListEditorPage
from journal.ui.widgets.date_field import use_app_date_format


class SessionsPage(ListEditorPage):
    title = "Treatment sessions"
    columns = ["Session", "Areas", "Needle depth", "Clinic", "Notes"]
    noun = "session"
    empty_text = ("No session yet. Enter your treatment in the form and press Save: "
                  "the Today page then counts the days since it and shows tips for each day.")

    def build_form(self, form) -> None:
        self.date_edit = QDateEdit(calendarPopup=True)
        use_app_date_format(self.date_edit)
        areas = QWidget()
        grid = QGridLayout(areas)
        grid.setContentsMargins(0, 0, 0, 0)
        self.area_boxes = {}
        for index, area in enumerate(AREAS):
            box = QCheckBox(self.tr(area))
            self.area_boxes[area] = box
            grid.addWidget(box, index // 2, index % 2)
        self.depth = DepthBox()  # "1 mm" as in the table, never "1.00 mm"
        self.depth.setRange(0.0, 5.0)
        self.depth.setSingleStep(0.25)
        self.depth.setDecimals(2)
        self.depth.setSuffix(" mm")
        self.depth.setSpecialValueText(self.tr("not known"))
        self.clinic = QLineEdit()
        self.clinic.setPlaceholderText(self.tr("Clinic or practitioner"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Device, serum used, what the clinician said…"))
        self.notes.setFixedHeight(90)
        form.addRow(self.tr("&Date"), self.date_edit)
        form.addRow(self.tr("Treated areas"), areas)
        form.addRow(self.tr("Needle de&pth"), self.depth)
        form.addRow(self.tr("&Clinic"), self.clinic)
        form.addRow(self.tr("&Notes"), self.notes)

    def load_records(self):
        sessions = self.journal.sessions()
        self._numbers = session_numbers(sessions)  # the same numbers as everywhere else
        return list(reversed(sessions))

    def _label(self, s, capital: bool = True) -> str:
        number = getattr(self, "_numbers", {}).get(s.id)
        if number is None:
            return fmt.date(s.date)
        return fmt.session_label(number, s.date, capital=capital)

    def row_values(self, s):
        return [self._label(s), fmt.areas(s.areas), fmt.depth(s.depth_mm), s.clinic,
                s.notes.replace("\n", " ")]

    def fill_form(self, s) -> None:
        date = s.date if s else self.hub.today()
        self.date_edit.setDate(QDate(date.year, date.month, date.day))
        for area, box in self.area_boxes.items():
            box.setChecked(area in s.areas if s else area == "full face")
        self.depth.setValue((s.depth_mm or 0.0) if s else 0.0)
        self.clinic.setText(s.clinic if s else "")
        self.notes.setPlainText(s.notes if s else "")

    def read_form(self) -> Session:
        q = self.date_edit.date()
        depth = self.depth.value()
        return Session(
            date=dt.date(q.year(), q.month(), q.day()),
            areas=tuple(a for a, box in self.area_boxes.items() if box.isChecked()),
            depth_mm=depth or None, clinic=self.clinic.text().strip(),
            notes=self.notes.toPlainText().strip(),
            id=self.current.id if self.current else None,
        )

    def write(self, session) -> None:
        if session.id is None:
            self.journal.add_session(session)
        else:
            self.journal.update_session(session)

    def remove(self, session) -> None:
        self.journal.delete_session(session.id)

    def describe(self, s) -> str:
        return self._label(s, capital=False)

    def changed_signal(self):
        return self.hub.sessions_changed
