"""The Report page: the printed summary for a dermatologist - preview, print, save as PDF.

The page collects the period and what to include, keeps the patient's name and the
"Questions for my dermatologist" in the journal's settings, and hands everything to
``journal.report.build_report``. The one document it gets back is shown in the
embedded preview, sent to the printer and written as PDF, so what is previewed is
what is printed.
"""
from __future__ import annotations

import bisect
import datetime as dt
import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QDate, QMarginsF, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QDateEdit, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QFrame, QLineEdit, QMessageBox, QPlainTextEdit, QProgressDialog, QPushButton, QScrollArea,
    QStackedWidget, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal import settings as S
from journal.models import JournalError
from journal.ui.hub import Hub
from journal.ui.widgets.date_field import use_app_date_format
from journal.ui.tasks import run_task

log = logging.getLogger(__name__)

SETTING_NAME = S.PATIENT_NAME.key  # the same setting as File > Settings… "Your name"
SETTING_QUESTIONS = S.QUESTIONS.key
LONG_LOG_DAYS = 120        # more logged days than this: suggest a shorter period
LOG_ROWS_PER_PAGE = 32     # about, for A4 / Letter (products and notes wrap)
AUTO_PREVIEW_MS = 800      # the preview is rebuilt once changes (typing) pause this long


def _collect(start, end, options):
    """The background part of a build (see journal.ui.tasks): the task's own journal."""
    def work(task):
        from journal.report import collect_report

        def progress(percent: int, text: str) -> None:
            task.check_cancelled()
            task.progress(percent, 100, text)

        return collect_report(task.open_journal(), start, end, options, progress=progress)
    return work


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ReportPage(QWidget):
    """Settings on the left, the page-by-page preview of the summary on the right."""

    action_done = Signal(object)  # what preview/print/PDF gave (None: failed or cancelled)

    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.journal = hub.journal
        self.report = None           # the last built ReportDocument (None: out of date)
        self.build_task = None       # the build under way (journal.ui.tasks.Task)
        self._counted = None         # (entry dates, session dates) for the period line
        self._printer = None
        self._previewed = None       # the ReportDocument the preview shows
        self._generation = 0         # counts changes: a build started before one is stale
        # The preview builds itself when the page is shown and after changes (debounced).
        self._auto_timer = QTimer(self)
        self._auto_timer.setSingleShot(True)
        self._auto_timer.setInterval(AUTO_PREVIEW_MS)
        self._auto_timer.timeout.connect(self._auto_preview)
        self._build_ui()
        self.load_settings()
        self.reset_period()
        for signal in (hub.entries_changed, hub.photos_changed):
            signal.connect(self._data_changed)
        for signal in (hub.sessions_changed, hub.products_changed):
            signal.connect(self._data_changed)
        hub.settings_changed.connect(self._settings_changed_elsewhere)

    # -- building the widgets -----------------------------------------------------------
    def _build_ui(self) -> None:
        title = QLabel(self.tr("Summary for your dermatologist"))
        title.setObjectName("pageTitle")
        title.setWordWrap(True)  # a narrow window: two lines rather than a clipped title
        hint = QLabel(self.tr(
            "A short printed brief to take to your appointment: your questions, red flags, "
            "sessions, what went with more new spots, charts and photos to compare."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        self.start_edit = QDateEdit(calendarPopup=True)
        self.end_edit = QDateEdit(calendarPopup=True)
        for edit in (self.start_edit, self.end_edit):
            use_app_date_format(edit, "date")  # "14 Sept 2026" (en_GB), as the app writes it
            edit.dateChanged.connect(self._options_changed)
        self.default_button = QPushButton(self.tr("Since the last sessions"))
        self.default_button.setToolTip(self.tr(
            "From the first session of the last three months up to today"))
        self.default_button.clicked.connect(self.reset_period)
        period = QGroupBox(self.tr("Period"))
        period_form = QFormLayout(period)
        for text, edit in ((self.tr("Fro&m"), self.start_edit), (self.tr("&To"), self.end_edit)):
            label = QLabel(text)
            label.setBuddy(edit)
            # Drawn with its mnemonic underline, "To" loses its kerning and is wider than
            # measured: a little room keeps the "o" from being clipped.
            label.setMinimumWidth(label.sizeHint().width() + 4)
            period_form.addRow(label, edit)
        period_form.addRow("", self.default_button)
        self.period_info = QLabel()
        self.period_info.setObjectName("hint")
        self.period_info.setWordWrap(True)
        period_form.addRow(self.period_info)

        include = QGroupBox(self.tr("Include"))
        include_layout = QVBoxLayout(include)
        self.photos_box = QCheckBox(self.tr("&Photos"))
        self.photos_box.setToolTip(self.tr(
            "Photos to compare, per area: starred photos first, the first photo beside the "
            "latest, and the same Day N after the previous session beside this one"))
        self.log_box = QCheckBox(self.tr("Daily &log (an appendix: every day, full notes)"))
        for box in (self.photos_box, self.log_box):
            box.setChecked(True)
            box.toggled.connect(self._options_changed)
            include_layout.addWidget(box)

        you = QGroupBox(self.tr("Your name and questions"))
        you_form = QFormLayout(you)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("optional"))
        self.name_edit.editingFinished.connect(self.save)
        self.name_edit.textEdited.connect(self._mark_stale)  # typing: no query per key
        self.questions_edit = QPlainTextEdit()
        self.questions_edit.setPlaceholderText(self.tr(
            "Questions for my dermatologist, one per line…"))
        self.questions_edit.setMinimumHeight(110)
        self.questions_edit.setMaximumHeight(160)  # the suggestions below stay in sight
        self.questions_edit.textChanged.connect(self._mark_stale)
        you_form.addRow(self.tr("Patient &name"), self.name_edit)
        questions_label = QLabel(self.tr("&Questions for my dermatologist"))
        questions_label.setBuddy(self.questions_edit)
        you_form.addRow(questions_label)
        you_form.addRow(self.questions_edit)
        from journal.ui.widgets.suggested_questions import SuggestedQuestions

        self.suggested = SuggestedQuestions(self.journal, self.questions_edit)
        self.suggested.changed.connect(self.save)

        self.preview_button = QPushButton(self.tr("Print pre&view"))
        self.preview_button.setObjectName("primary")
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button = QPushButton(self.tr("Pr&int…"))
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button = QPushButton(self.tr("Save as P&DF…"))
        self.pdf_button.clicked.connect(self.save_pdf_dialog)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        self.status = QLabel()
        self.status.setObjectName("statusLabel")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)

        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setMinimumWidth(button.sizeHint().width())  # never clip their labels

        # The settings scroll in a small window; the buttons below them always show.
        settings = QWidget()
        settings.setObjectName("sideColumn")
        settings_layout = QVBoxLayout(settings)
        settings_layout.setContentsMargins(0, 0, 0, 0)
        settings_layout.addWidget(title)
        settings_layout.addWidget(hint)
        settings_layout.addWidget(period)
        settings_layout.addWidget(include)
        settings_layout.addWidget(you)  # (stretched, it pushed the suggestions out of sight)
        settings_layout.addWidget(self.suggested)
        settings_layout.addStretch(1)
        settings_scroll = QScrollArea()
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setFrameShape(QFrame.NoFrame)
        settings_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        settings_scroll.setWidget(settings)

        side = QWidget()
        side.setObjectName("sideColumn")
        side.setMinimumWidth(370)  # a scroll area asks for little: keep the title on one line
        side.setMaximumWidth(430)
        side_layout = QVBoxLayout(side)
        # (the layout's default margins, as on the other pages: titles line up)
        side_layout.addWidget(settings_scroll, 1)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.status)

        self.preview_stack = QStackedWidget()
        self.placeholder = QLabel(self._preparing_text())
        self.placeholder.setAlignment(Qt.AlignCenter)
        self.placeholder.setWordWrap(True)  # may shrink: the settings column keeps its room
        self.placeholder.setObjectName("hint")
        self.preview_stack.addWidget(self.placeholder)
        self.preview = None  # QPrintPreviewWidget, made on first use (QtPrintSupport is big)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(side)
        layout.addWidget(self.preview_stack, 1)

    # -- settings -------------------------------------------------------------------------
    def load_settings(self, keep_edits: bool = False) -> None:
        """Show the stored name and questions; with `keep_edits`, not over unsaved typing."""
        name = self.journal.setting(SETTING_NAME, "")
        questions = self.journal.setting(SETTING_QUESTIONS, "")
        loaded_name, loaded_questions = getattr(self, "_loaded", ("", ""))
        if not keep_edits or self.name_edit.text().strip() == loaded_name:
            self.name_edit.setText(name)
        if not keep_edits or self.questions_edit.toPlainText().strip() == loaded_questions:
            self.questions_edit.blockSignals(True)
            self.questions_edit.setPlainText(questions)
            self.questions_edit.blockSignals(False)
        self._loaded = (name, questions)

    def save(self) -> None:
        """Keep the name and the questions in the journal (Ctrl+S, leaving, building)."""
        name = self.name_edit.text().strip()
        questions = self.questions_edit.toPlainText().strip()
        changed = False
        try:
            if name != self.journal.setting(SETTING_NAME, ""):
                self.journal.set_setting(SETTING_NAME, name)
                changed = True
            if questions != self.journal.setting(SETTING_QUESTIONS, ""):
                self.journal.set_setting(SETTING_QUESTIONS, questions)
                changed = True
        except (JournalError, sqlite3.Error) as exc:
            QMessageBox.warning(self, self.tr("Not saved"),
                                self.tr("Your name and questions were not saved: %s") % exc)
            return
        self._loaded = (name, questions)
        if changed:
            self._saving = True
            try:
                self.hub.settings_changed.emit()
            finally:
                self._saving = False

    def maybe_leave(self) -> bool:
        self.save()
        return True

    def refresh(self) -> None:
        self.load_settings()
        self._data_changed()

    def _settings_changed_elsewhere(self) -> None:
        if not getattr(self, "_saving", False):
            self.load_settings(keep_edits=True)

    # -- period ---------------------------------------------------------------------------
    def reset_period(self) -> None:
        from journal.report import default_period

        start, end = default_period(self.journal, self.hub.today())
        self.start_edit.setDate(_qdate(start))
        self.end_edit.setDate(_qdate(end))
        self._options_changed()

    def period(self) -> tuple[dt.date, dt.date]:
        start, end = _pydate(self.start_edit.date()), _pydate(self.end_edit.date())
        if start > end:
            raise JournalError(self.tr("The period starts after it ends: check the dates."))
        return start, end

    def options(self):
        from journal.report import ReportOptions

        return ReportOptions(
            include_photos=self.photos_box.isChecked(),
            include_daily_log=self.log_box.isChecked(),
            patient_name=self.name_edit.text().strip(),
            questions=self.questions_edit.toPlainText().strip(),
        )

    def _options_changed(self, *_args) -> None:
        self._mark_stale()
        self._update_period_info()

    def _data_changed(self, *_args) -> None:
        self._counted = None
        self._mark_stale()
        self._suggested_for = None   # the log changed: the questions may too
        self._update_period_info()

    def _mark_stale(self, *_args) -> None:
        self._generation += 1
        if self.build_task is not None and self.build_task.quiet:
            self.build_task.cancel()  # an automatic build of what is no longer asked for
            self.build_task = None    # (the next one is not held up by it)
        if self.preview is not None and self.preview_stack.currentWidget() is self.preview:
            self.status.setText(self.tr("Changed: updating the preview…"))
        self.report = None
        if self.isVisible():
            self._auto_timer.start(AUTO_PREVIEW_MS)

    # -- the automatic preview --------------------------------------------------------------
    def _preparing_text(self, detail: str = "") -> str:
        text = self.tr("Preparing the preview…")
        if detail:
            text += "\n" + detail
        return text + "\n" + self.tr("What you see here is exactly what is printed or saved.")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.report is None or self.preview_stack.currentWidget() is not self.preview:
            self._auto_timer.start(0)

    def _auto_preview(self) -> None:
        """Build the preview in the background, without a dialog (the page is on screen)."""
        if not self.isVisible():
            return                      # built when the page is next shown
        if self.build_task is not None:
            if self.build_task.quiet:
                return                  # already under way for the current settings
            self._auto_timer.start(AUTO_PREVIEW_MS)  # after the patient's own build
            return
        if self.report is not None and self.preview_stack.currentWidget() is self.preview:
            return                      # up to date
        try:
            self.period()
        except JournalError as exc:
            self.placeholder.setText(str(exc))
            self.preview_stack.setCurrentWidget(self.placeholder)
            self.status.clear()
            return
        if self.preview_stack.currentWidget() is self.placeholder:
            self.placeholder.setText(self._preparing_text())
        self.build(self._show_built, quiet=True)

    def _update_period_info(self) -> None:
        start, end = _pydate(self.start_edit.date()), _pydate(self.end_edit.date())
        if getattr(self, "_suggested_for", None) != (start, end):
            self._suggested_for = (start, end)   # (not on every key typed in the questions)
            self.suggested.set_period(start, end)
        if start > end:
            self.period_info.setText(self.tr("The period starts after it ends."))
            return
        stamp = self.journal.change_stamp()
        if self._counted is None or self._counted[0] != stamp:  # read once per journal change
            self._counted = (stamp, self.journal.entry_dates(),
                             [s.date for s in self.journal.sessions()])
        _stamp, entry_dates, session_dates = self._counted
        days = bisect.bisect_right(entry_dates, end) - bisect.bisect_left(entry_dates, start)
        sessions = (bisect.bisect_right(session_dates, end)
                    - bisect.bisect_left(session_dates, start))
        text = self.tr("%s, %s logged, %s in the period.") % (
            fmt.plural((end - start).days + 1, "day"), fmt.number(days),
            fmt.plural(sessions, "session"))
        if self.log_box.isChecked() and days > LONG_LOG_DAYS:
            text += " " + self.tr("The daily log alone takes about %d pages: a shorter period, "
                                  "or no daily log, keeps the summary short.") % (
                round(days / LOG_ROWS_PER_PAGE))
        self.period_info.setText(text)

    # -- building -------------------------------------------------------------------------
    def build(self, then, quiet: bool = False) -> None:
        """Make the ReportDocument for the current settings, then call ``then(report)``.

        The slow part (reading the journal, drawing the charts, scaling the photos) is a
        background task (its own journal connection) while a cancellable progress dialog
        shows what is being done; the Qt document is then made here, on the GUI thread.
        Failures and cancelling end in ``action_done(None)``. Raises JournalError at once
        for a bad period.

        `quiet` (the automatic preview): no dialog, no busy cursor and no ``action_done``;
        progress is shown in the preview area, a failure in the status line.
        """
        if self.report is not None:
            then(self.report)
            return
        start, end = self.period()
        if not quiet:
            self.save()
        running = self.build_task
        if running is not None and not quiet and running.quiet \
                and running.generation == self._generation:
            # The automatic preview is already building just this: wait for it rather than
            # build it a second time beside it (twice the memory, and later).
            running.quiet = False
            running.thens.append(then)
            self._open_progress(running)
            return
        if running is not None:
            running.cancel()  # settings changed while building: the newest wins
        # The callbacks read the task's quiet, thens and dialog when they run: an automatic
        # build the patient then asks for (above) becomes an asked-for one.

        def progressed(done: int, total: int, text: str) -> None:
            if task.dialog is None:
                if self.preview_stack.currentWidget() is self.placeholder:
                    self.placeholder.setText(self._preparing_text(self.tr(text)))
                return
            task.dialog.setLabelText(self.tr(text))
            task.dialog.setValue(done)

        def collected(data) -> None:
            if task is not self.build_task:
                return  # replaced by a newer build
            if task.is_cancel_requested():
                # Cancel pressed as the collecting ended: the build only read the journal,
                # so Cancel wins (no preview or print dialog after it).
                cancelled()
                return
            if task.quiet and task.generation != self._generation:
                return  # changed meanwhile: the next automatic build follows
            self.status.setText(self.tr("Laying out the pages"))
            from journal.report import report_document

            def lay_out_then_show():
                report = self._lay_out(report_document, data, task.generation)
                for each in task.thens:
                    each(report)
            self._guarded(lay_out_then_show, self.tr("Could not make the summary"), task.quiet)

        def failed(exc) -> None:
            self._show_failure(exc, self.tr("Could not make the summary"), task.quiet)

        def cancelled() -> None:
            if task.quiet:
                return
            self.status.setText(self.tr("Cancelled."))
            self.action_done.emit(None)

        def ended() -> None:
            if task.dialog is not None:
                QApplication.restoreOverrideCursor()
                task.dialog.reset()
                task.dialog.deleteLater()
            if self.build_task is task:
                self.build_task = None

        task = run_task(_collect(start, end, self.options()), data_dir=self.journal.data_dir,
                        parent=self, name="report", on_progress=progressed,
                        on_success=collected, on_failure=failed, on_cancelled=cancelled)
        task.quiet, task.generation, task.thens, task.dialog = quiet, self._generation, [then], None
        task.finished.connect(ended)
        self.build_task = task
        if not quiet:
            self._open_progress(task)

    def _open_progress(self, task) -> None:
        """The cancellable progress dialog (and busy cursor) of a build the patient asked for."""
        dialog = QProgressDialog(self.tr("Preparing the summary…"), self.tr("Cancel"), 0,
                                 100, self)
        dialog.setWindowTitle(self.tr("Summary"))
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setValue(0)
        dialog.canceled.connect(task.cancel)
        task.dialog = dialog
        QApplication.setOverrideCursor(Qt.BusyCursor)

    def _lay_out(self, report_document, data, generation=None):
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            report = report_document(data)
        finally:
            QApplication.restoreOverrideCursor()
        if generation is None or generation == self._generation:
            self.report = report  # kept only while it matches the settings and the log
        return report

    def _guarded(self, action, failure_title: str, quiet: bool = False):
        """Run `action`; show JournalError and unexpected errors as a message, not a trace."""
        try:
            return action()
        except Exception as exc:  # noqa: BLE001 - shown; bugs are logged too
            self._show_failure(exc, failure_title, quiet)
        return None

    def _show_failure(self, exc: BaseException, failure_title: str, quiet: bool = False) -> None:
        from journal.ui.errors import EXPECTED, report_task_failure, show_error

        self.status.setText(failure_title + ".")
        if quiet:  # the automatic preview: a line, not a dialog on every change
            if isinstance(exc, EXPECTED):
                self.status.setText(f"{failure_title}: {exc}")
            else:
                log.error("automatic preview failed", exc_info=exc)
            if self.preview_stack.currentWidget() is self.placeholder:
                self.placeholder.setText(self.status.text())
            return
        if isinstance(exc, EXPECTED):
            show_error(self, exc, title=failure_title)
        else:
            report_task_failure(exc, self, "report")
        self.action_done.emit(None)

    def _make_printer(self):
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        from journal.report import MARGINS_MM, default_page_size

        if self._printer is None:
            printer = QPrinter(QPrinter.HighResolution)
            if QPrinterInfo.defaultPrinter().isNull():
                printer.setPageSize(default_page_size())  # no printer: follow the locale
            printer.setPageOrientation(QPageLayout.Portrait)
            printer.setPageMargins(QMarginsF(*MARGINS_MM), QPageLayout.Millimeter)
            self._printer = printer
        return self._printer

    # -- preview --------------------------------------------------------------------------
    def preview_widget(self):
        """The embedded QPrintPreviewWidget (created on first use)."""
        if self.preview is None:
            from PySide6.QtPrintSupport import QPrintPreviewWidget

            self.preview = QPrintPreviewWidget(self._make_printer(), self)
            self.preview.setZoomMode(QPrintPreviewWidget.FitToWidth)
            self.preview.paintRequested.connect(self._paint_preview)
            self.preview_stack.addWidget(self.preview)
        return self.preview

    def _paint_preview(self, printer) -> None:
        if self._previewed is not None:
            try:
                self._previewed.paint(printer)
            except Exception:  # noqa: BLE001 - painting errors are shown by the caller
                log.exception("preview painting failed")

    def _show_built(self, report) -> int:
        """Show `report` in the embedded preview; its number of pages."""
        widget = self.preview_widget()
        if self._previewed is report and self.preview_stack.currentWidget() is widget:
            return widget.pageCount()  # shown already (an automatic build asked for again)
        first = self._previewed is None
        self._previewed = report  # what the preview paints (kept while a new one is built)
        widget.updatePreview()
        self.preview_stack.setCurrentWidget(widget)
        if first:  # the brief opens on its first page (once the widget has its size)
            QTimer.singleShot(0, widget, lambda: widget.setCurrentPage(1))
        pages = widget.pageCount()
        self.status.setText(self.tr("Preview: %s, %s.")
                            % (fmt.plural(pages, "page"), report.data.period_text))
        return pages

    def show_preview(self) -> None:
        """Build the summary and show it in the page's preview (``action_done(True)``)."""
        def shown(report):
            QApplication.setOverrideCursor(Qt.WaitCursor)
            try:
                self._show_built(report)
            finally:
                QApplication.restoreOverrideCursor()
            self.action_done.emit(True)
        self._guarded(lambda: self.build(lambda report: self._guarded(
            lambda: shown(report), self.tr("Preview failed"))), self.tr("Preview failed"))

    # -- printing and PDF -----------------------------------------------------------------
    def print_report(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        def printed(report):
            printer = self._make_printer()
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(self.tr("Print the summary"))
            if dialog.exec() != QPrintDialog.Accepted:
                self.action_done.emit(None)
                return
            pages = report.paint(printer)
            self.status.setText(self.tr("Sent %s to the printer.") % fmt.plural(pages, "page"))
            if self.preview is not None:
                self.preview.updatePreview()  # the paper size may have changed
            self.action_done.emit(pages)
        self._guarded(lambda: self.build(lambda report: self._guarded(
            lambda: printed(report), self.tr("Printing failed"))), self.tr("Printing failed"))

    def default_pdf_name(self) -> str:
        start, end = _pydate(self.start_edit.date()), _pydate(self.end_edit.date())
        return f"skin-recovery-summary-{start.isoformat()}-to-{end.isoformat()}.pdf"

    def save_pdf_dialog(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation) \
            or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the summary as PDF"), str(Path(folder) / self.default_pdf_name()),
            self.tr("PDF document (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.save_pdf(path)

    def save_pdf(self, path) -> None:
        """Write the summary to `path` (a .pdf in an existing folder); ``action_done(path)``."""
        from journal.paths import refuse_inside_data_dir
        from journal.report import check_out_path

        title = self.tr("Could not save the PDF")

        def written(report):
            pages = report.write_pdf(out)
            size = out.stat().st_size / 1024
            self.status.setText(self.tr("Saved %s (%s, %s KB).")
                                % (out, fmt.plural(pages, "page"), fmt.number(size, 0)))
            self.action_done.emit(out)

        def start():
            nonlocal out
            out = check_out_path(path)
            refuse_inside_data_dir(self.journal.data_dir, out, "report")
            self.build(lambda report: self._guarded(lambda: written(report), title))
        out = None
        self._guarded(start, title)
