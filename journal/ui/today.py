"""The Today page: the evening log of one day.

The form shows one date (today by default). Saving writes the whole day in one
transaction. Unsaved changes are never dropped silently: switching the day or
closing the window asks first.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget,
    QMessageBox, QPlainTextEdit, QPushButton, QScrollArea,
    QSplitter, QToolButton, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal.models import CONTEXT, FLAGS, SYMPTOM_LABELS, SYMPTOMS, DayEntry, JournalError
from journal.ui.widgets.course_line import CourseLine
from journal.ui.widgets.first_paint import after_first_paint
from journal.ui.widgets.count_box import CountBox
from journal.ui.widgets.rating import RatingBar
from journal.ui.hub import Hub
from journal.ui.widgets.save_bar import SaveBar
from journal.ui.widgets.wrap_check import WrapCheckBox
from journal.ui.widgets.date_field import use_app_date_format

# Below this page width the side column (tips, photos) moves under the form: the form needs
# about 560 px (0-10 rating buttons in one row), the side column 340 px to be useful.
SIDE_BY_SIDE_WIDTH = 960


def _qdate(date: dt.date) -> QDate:
    return QDate(date.year, date.month, date.day)


def _pydate(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class TodayPage(QWidget):
    form_changed = Signal()
    saved = Signal(object)  # the dt.date saved

    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.journal = hub.journal
        self.product_marker = None  # (made on the first fill of the products list)
        self._date = hub.today()
        self._baseline: DayEntry | None = None
        self._loading = False

        # -- top bar: date navigation and "Day N" -------------------------------------------
        self.prev_button = QToolButton(text="◀")
        self.prev_button.setToolTip(self.tr("Previous day (Alt+Left)"))
        self.prev_button.setAccessibleName(self.tr("Previous day"))
        self.next_button = QToolButton(text="▶")
        self.next_button.setToolTip(self.tr("Next day (Alt+Right)"))
        self.next_button.setAccessibleName(self.tr("Next day"))
        self.date_edit = QDateEdit(calendarPopup=True)
        use_app_date_format(self.date_edit)  # "Wed, 2 Dec 2026", as History writes it
        self.date_edit.setMinimumWidth(150)
        self.date_edit.setAccessibleName(self.tr("Day shown"))
        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.setToolTip(self.tr("Go to today (Ctrl+T)"))
        self.day_label = QLabel()
        self.day_label.setObjectName("dayLabel")
        self.day_label.setWordWrap(True)  # two lines in a small window rather than clipped
        top = QHBoxLayout()
        for widget in (self.prev_button, self.date_edit, self.next_button, self.today_button):
            top.addWidget(widget)
        top.addSpacing(16)
        top.addWidget(self.day_label, 1)

        # -- the form --------------------------------------------------------------------
        symptoms = QGroupBox(self.tr("How does the skin feel today?"))
        grid = QGridLayout(symptoms)
        grid.setHorizontalSpacing(8)
        self.ratings: dict[str, RatingBar] = {}
        for row, name in enumerate(SYMPTOMS):
            label = QLabel("&" + self.tr(SYMPTOM_LABELS[name]))  # Alt+R, S, P, I, D
            bar = RatingBar(name)
            bar.setAccessibleName(self.tr(SYMPTOM_LABELS[name]))
            label.setBuddy(bar)
            grid.addWidget(label, row, 0)
            grid.addWidget(bar, row, 1)
            self.ratings[name] = bar
        hint = QLabel(self.tr("0 = none · 1–3 mild · 4–6 moderate · 7–9 severe · "
                              "10 = worst imaginable. Click a number again to clear it."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        grid.addWidget(hint, len(SYMPTOMS), 0, 1, 2)
        self.breakouts = CountBox("new spot")
        self.breakouts.setRange(-1, 999)
        self.breakouts.setSpecialValueText(self.tr("not counted"))
        self.breakouts.setMinimumWidth(140)
        self.breakouts.setAccessibleName(self.tr("Breakouts: new spots today"))
        breakouts_label = QLabel(self.tr("&Breakouts"))
        breakouts_label.setBuddy(self.breakouts)
        grid.addWidget(breakouts_label, len(SYMPTOMS) + 1, 0)
        grid.addWidget(self.breakouts, len(SYMPTOMS) + 1, 1, Qt.AlignLeft)

        flags_box = QGroupBox(self.tr("Red flags"))
        flags_box.setObjectName("redFlags")
        flags_layout = QGridLayout(flags_box)
        self.flags: dict[str, QCheckBox] = {}
        for index, (name, (_cli, label)) in enumerate(FLAGS.items()):
            row = WrapCheckBox(self.tr(label))  # long labels wrap: no sideways scrolling
            self.flags[name] = row.box
            flags_layout.addWidget(row, index // 2, index % 2)
        flags_layout.setColumnStretch(0, 1)
        flags_layout.setColumnStretch(1, 1)

        context_box = QGroupBox(self.tr("Today I…"))
        context_layout = QHBoxLayout(context_box)  # three short boxes: fit 760 px wide
        self.context: dict[str, QCheckBox] = {}
        for name, label in CONTEXT.items():
            box = QCheckBox(self.tr(label))
            self.context[name] = box
            context_layout.addWidget(box)
        context_layout.addStretch(1)

        products_box = QGroupBox(self.tr("Products used today"))
        products_layout = QVBoxLayout(products_box)
        self.products = QListWidget()
        self.products.setObjectName("productChecklist")
        products_layout.addWidget(self.products)
        self.products_hint = QLabel()
        self.products_hint.setObjectName("hint")
        products_layout.addWidget(self.products_hint)

        note_box = QGroupBox(self.tr("Note"))
        note_layout = QVBoxLayout(note_box)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Anything else worth remembering about today…"))
        self.note.setFixedHeight(80)
        note_layout.addWidget(self.note)

        # The save state and Save stay in view below the scrolling form (journal/ui/widgets).
        self.save_bar = SaveBar()
        self.status_label = self.save_bar.state_label
        self.error_label = self.save_bar.error_label
        self.delete_button = self.save_bar.delete_button
        self.save_button = self.save_bar.save_button

        form = QWidget()
        self.form_layout = form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 4, 0)
        for widget in (symptoms, flags_box, context_box, note_box, products_box):
            form_layout.addWidget(widget)
        form_layout.addStretch(1)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the form reflows instead
        scroll.setWidget(form)
        self._form = form  # (its styled width sets the scroll's minimum: showEvent)

        # -- the side column: tips and the day's photos go here -----------------------------
        self.side = side = QWidget()
        side.setObjectName("sideColumn")
        self.side_layout = QVBoxLayout(side)
        self.side_layout.setContentsMargins(8, 0, 0, 0)
        self._side_beside = True  # beside the form when wide, under it when narrow
        side.setMinimumWidth(360)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(9, 9, 9, 0)
        layout.addLayout(top)
        self.course_line = CourseLine()  # this day against earlier sessions, when it says something
        layout.addWidget(self.course_line)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.save_bar)
        # Tab follows what the eye sees (the buttons were made before the date field)
        QWidget.setTabOrder(self.prev_button, self.date_edit)
        QWidget.setTabOrder(self.date_edit, self.next_button)
        QWidget.setTabOrder(self.next_button, self.today_button)

        # -- wiring -----------------------------------------------------------------------
        self.prev_button.clicked.connect(lambda: self.step_day(-1))
        self.next_button.clicked.connect(lambda: self.step_day(1))
        self.today_button.clicked.connect(lambda: self.open_date(self.hub.today()))
        self.date_edit.dateChanged.connect(self._date_edited)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete_day)
        for bar in self.ratings.values():
            bar.valueChanged.connect(self._changed)
        for box in (*self.flags.values(), *self.context.values()):
            box.toggled.connect(self._changed)
        self.breakouts.valueChanged.connect(self._changed)
        self.products.itemChanged.connect(self._changed)
        self.note.textChanged.connect(self._changed)
        QShortcut(QKeySequence("Alt+Left"), self, lambda: self.step_day(-1))
        QShortcut(QKeySequence("Alt+Right"), self, lambda: self.step_day(1))
        QShortcut(QKeySequence("Ctrl+T"), self, lambda: self.open_date(self.hub.today()))
        hub.products_changed.connect(self._reload_products)
        hub.sessions_changed.connect(self._show_day_label)
        hub.sessions_changed.connect(self._mark_products)
        hub.settings_changed.connect(self._mark_products)
        hub.entries_changed.connect(self._entries_changed)

        # -- the side column: aftercare tips (issue 5) and the day's photos (issue 3) --------
        # Built just after the page first paints (performance: their modules, widgets,
        # thumbnails and first-use Qt set-up cost ~50 ms the first screen need not wait for).
        # Asking for `tips_panel` or `day_photos` before that builds them at once.
        self._tips_panel = None
        self._day_photos = None
        # Today's "on course?" line waits for the first paint too: its comparison loads the
        # evidence and tips modules and the rules (~0.15 s on a five-year journal).
        self.course_line_ready = False

        self._load(self._date)
        # A frame later: the first frame reaches the screen before more work starts.
        after_first_paint(self, self._build_side_column, delay_ms=16)

    @property
    def tips_panel(self):
        """Aftercare tips beside the form: follows the unsaved form, debounced."""
        if self._tips_panel is None:
            from journal.ui.widgets.tips_panel import TipsPanel

            self._tips_panel = TipsPanel(self.journal)
            self._tips_panel.set_inline(not self._side_beside)
            self.side_layout.insertWidget(0, self._tips_panel, 1)
            self._tips_panel.follow(self, self.hub)
        return self._tips_panel

    @property
    def day_photos(self):
        """The day's photos: thumbnail strip, "Add photos…", files dropped on the page."""
        if self._day_photos is None:
            from journal.ui.widgets.photo_strip import DayPhotos

            self._day_photos = DayPhotos(self.hub, self)
            self.side_layout.addWidget(self._day_photos)
        return self._day_photos

    def _build_side_column(self) -> None:
        self.course_line_ready = True
        self.course_line.show_for(self.journal, self._date)
        self.tips_panel, self.day_photos  # noqa: B018 - the properties build them
        self._mark_products()  # after the first paint too: the rules take ~0.1 s to load

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._form is not None:  # the first show: the style sheet is on by now
            # Never narrower than the form needs: the splitter gives the side column less.
            self.scroll.setMinimumWidth(self._form.minimumSizeHint().width()
                                        + self.scroll.verticalScrollBar().sizeHint().width())
            self._form = None

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_side_column()
        if self._side_beside:
            self._share_width()

    def _share_width(self) -> None:
        width = self.splitter.width()
        self.splitter.setSizes([width * 3 // 5, width - width * 3 // 5])

    def _place_side_column(self) -> None:
        """Side column beside the form when the page is wide, under it (in the scroll) when not."""
        beside = self.width() >= SIDE_BY_SIDE_WIDTH
        if beside == self._side_beside:
            return
        self._side_beside = beside
        if self._tips_panel is not None:  # under the form: its full height, no inner scroll
            self._tips_panel.set_inline(not beside)
        if beside:
            self.splitter.addWidget(self.side)
            self.side_layout.setContentsMargins(8, 0, 0, 0)
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self._share_width)  # once the splitter has its new width
        else:
            self.form_layout.insertWidget(self.form_layout.count() - 1, self.side)
            self.side_layout.setContentsMargins(0, 8, 0, 0)
        self.side.show()
    # -- public API -----------------------------------------------------------------------
    def date(self) -> dt.date:
        return self._date

    def current_entry(self) -> DayEntry:
        """The day as the form shows it now, saved or not."""
        ticked = []
        for row in range(self.products.count()):
            item = self.products.item(row)
            if item.checkState() == Qt.Checked:
                ticked.append(item.data(Qt.UserRole))
        breakouts = self.breakouts.value()
        return DayEntry(
            date=self._date,
            **{name: bar.value() for name, bar in self.ratings.items()},
            breakouts=None if breakouts < 0 else breakouts,
            **{name: box.isChecked() for name, box in self.flags.items()},
            **{name: box.isChecked() for name, box in self.context.items()},
            note=self.note.toPlainText().strip(),
            product_ids=tuple(sorted(ticked)),
        )

    def is_dirty(self) -> bool:
        return self._baseline is not None and self.current_entry() != self._baseline

    def open_date(self, date: dt.date) -> bool:
        """Show `date`, asking first about unsaved changes; False if the user cancelled."""
        if date == self._date:
            return True
        if date > self.hub.today():
            self._show_error(self.tr("You cannot log a day in the future."))
            self._set_date_edit(self._date)
            return False
        if not self.maybe_leave():
            self._set_date_edit(self._date)
            return False
        self._load(date)
        return True

    def step_day(self, delta: int) -> None:
        self.open_date(self._date + dt.timedelta(days=delta))

    def maybe_leave(self) -> bool:
        """Ask about unsaved changes: save, discard or stay. True when it is fine to go on."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("You changed %s but did not save it. Save the day now?")
            % fmt.weekday_date(self._date),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def save(self) -> bool:
        entry = self.current_entry()
        if self.journal.entry(entry.date) != self._stored and not self._confirm_overwrite():
            return False
        try:
            self.journal.save_entry(entry)
        except JournalError as exc:
            self._show_error(str(exc))
            return False
        self._baseline = entry
        self._stored = self.journal.entry(entry.date)
        self._show_error("")
        self._update_status()
        self.saved.emit(entry.date)
        self.hub.entries_changed.emit(entry.date)
        return True

    def _confirm_overwrite(self) -> bool:
        """The day was saved elsewhere (the command line, say) while this form was open."""
        answer = QMessageBox.question(
            self, self.tr("Day changed elsewhere"),
            self.tr("%s was changed outside this window (for example from the command line) "
                    "since you opened it. Replace that with what this form shows?")
            % fmt.weekday_date(self._date),
            QMessageBox.Save | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Save

    def delete_day(self) -> None:
        if self.journal.entry(self._date) is None:
            self._load(self._date)  # nothing saved: just clear the form
            return
        answer = QMessageBox.question(
            self, self.tr("Delete day"),
            self.tr("Delete everything logged for %s? Photos of the day are kept.")
            % fmt.weekday_date(self._date),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        try:
            self.journal.delete_entry(self._date)
        except JournalError as exc:  # (disk full, locked too long): said beside the buttons
            self._show_error(str(exc))
            return
        self._load(self._date)
        self.hub.entries_changed.emit(self._date)

    # -- loading --------------------------------------------------------------------------
    def _load(self, date: dt.date) -> None:
        self._loading = True
        try:
            self._date = date
            self._set_date_edit(date)
            entry = self.journal.entry(date)
            self._stored = entry  # as saved when opened: to notice a save made elsewhere
            self._is_new = entry is None
            if entry is None:
                entry = DayEntry(date=date, product_ids=self.journal.products_before(date))
            for name, bar in self.ratings.items():
                bar.setValue(getattr(entry, name))
            self.breakouts.setValue(-1 if entry.breakouts is None else entry.breakouts)
            for name, box in (*self.flags.items(), *self.context.items()):
                box.setChecked(getattr(entry, name))
            self.note.setPlainText(entry.note)
            self._fill_products(set(entry.product_ids))
            self.next_button.setEnabled(date < self.hub.today())
            self._show_error("")
            self._show_day_label()
        finally:
            self._loading = False
        self._baseline = self.current_entry()
        self._update_status()
        self.form_changed.emit()

    def _fill_products(self, ticked: set[int]) -> None:
        blocked = self.products.blockSignals(True)
        self.products.clear()
        products = self.journal.products()
        # the rows in one call, then each row's id and tick (a 150-product shelf: ~3 ms less
        # than making and adding the items one by one, on the way to the first paint)
        self.products.addItems([p.name + (f"  ·  {p.brand}" if p.brand else "") for p in products])
        role, flags, on, off = (Qt.UserRole, Qt.ItemIsEnabled | Qt.ItemIsUserCheckable,
                                Qt.Checked, Qt.Unchecked)
        for row, product in enumerate(products):
            item = self.products.item(row)
            item.setData(role, product.id)
            item.setFlags(flags)
            item.setCheckState(on if product.id in ticked else off)
        self.products.blockSignals(blocked)
        self._mark_products()
        # As tall as the shelf (up to 12 rows), so the note stays in view below it.
        rows = min(max(self.products.count(), 3), 12)
        self.products.setFixedHeight(rows * self.products.sizeHintForRow(0) + 8
                                     if self.products.count() else 60)
        empty = self.products.count() == 0
        self.products_hint.setText(
            self.tr("Your shelf is empty: add products on the Products page (Ctrl+6).") if empty
            else (self.tr("Ticked from your last logged day; untick what you did not use.")
                  if self._is_new and ticked else ""))
        # no blank box for an empty shelf, no blank line under a full one
        self.products.setVisible(not empty)
        self.products_hint.setVisible(bool(self.products_hint.text()))

    def _mark_products(self, *_args) -> None:
        """A small mark on a product that ticking would raise a caution for (issue 11)."""
        if self._tips_panel is None:  # before the first paint: _build_side_column calls again
            return
        if self.product_marker is None:  # worked out in the background: on a long shelf
            from journal.ui.widgets.product_marks import ProductMarker  # it takes ~1 s

            self.product_marker = ProductMarker(self.products, self.journal.data_dir, self)
        self.product_marker.update(self.current_entry())

    def _reload_products(self) -> None:
        ticked = set(self.current_entry().product_ids)
        self._fill_products(ticked)

    def _entries_changed(self, date) -> None:
        # Saved elsewhere (History delete, the CLI...): reload if it is our day and we have no edits.
        if (date is None or date == self._date) and not self.is_dirty():
            self._load(self._date)

    def _show_day_label(self) -> None:
        info = self.journal.day_info(self._date)
        sessions = self.journal.sessions()
        if info.session is None and not sessions:
            self.day_label.setText(self.tr("No session yet: record one on the Sessions page"))
        elif info.session is None:
            self.day_label.setText(self.tr("Before your first session (%s)")
                                   % fmt.date(sessions[0].date))
        else:
            number = next((i for i, s in enumerate(sessions, 1) if s.date == info.session.date),
                          None)
            # the date stays on one line when the label wraps
            when = fmt.date(info.session.date)
            self.day_label.setText(fmt.day_after_session(info.day, number, info.session.date)
                                   .replace(when, when.replace(" ", "\u00a0")))
        if getattr(self, "course_line_ready", False):  # (else _build_side_column shows it)
            self.course_line.show_for(self.journal, self._date)

    def _set_date_edit(self, date: dt.date) -> None:
        blocked = self.date_edit.blockSignals(True)
        self.date_edit.setMaximumDate(_qdate(self.hub.today()))
        self.date_edit.setDate(_qdate(date))
        self.date_edit.blockSignals(blocked)

    def _date_edited(self, qdate: QDate) -> None:
        self.open_date(_pydate(qdate))

    def _changed(self, *_args) -> None:
        if self._loading:
            return
        self._update_status()
        self.form_changed.emit()

    def _update_status(self) -> None:
        logged = self._stored is not None  # as of the last load or save: no query per keystroke
        self.save_bar.set_state("dirty" if self.is_dirty() else "saved" if logged else "new")
        # A day not logged has nothing to delete: the button then only clears the form.
        self.delete_button.setText(self.tr("Delete day…") if logged else self.tr("Clear form"))
        self.delete_button.setEnabled(logged or self.is_dirty())

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
