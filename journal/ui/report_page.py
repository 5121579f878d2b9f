"""The Report page: the printed summary for a dermatologist - preview, print, save as PDF.

The page collects the period and what to include, keeps the patient's name and the
"Questions for my dermatologist" in the journal's settings, and hands everything to
``journal.report.build_report``. The one document it gets back is shown in the
embedded preview, sent to the printer and written as PDF, so what is previewed is
what is printed.
"""
from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QDate, QMarginsF, QObject, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QDateEdit, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QFrame, QLineEdit, QMessageBox, QPlainTextEdit, QProgressDialog, QPushButton, QScrollArea,
    QStackedWidget, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal.models import JournalError

log = logging.getLogger(__name__)

SETTING_NAME = "patient_name"
SETTING_QUESTIONS = "questions"
LONG_LOG_DAYS = 120        # more logged days than this: suggest a shorter period
LOG_ROWS_PER_PAGE = 62     # about, for A4 / Letter


class _Cancelled(Exception):
    """The user pressed Cancel in the progress dialog."""


class _BuildReceiver(QObject):
    """On the GUI thread: shows the worker's progress and ends the wait when it is done."""

    def __init__(self, dialog, loop, parent=None):
        super().__init__(parent)
        self.dialog, self.loop = dialog, loop
        self.outcome: dict = {}

    @Slot(int, str)
    def on_progress(self, percent: int, text: str) -> None:
        self.dialog.setLabelText(self.tr(text))
        self.dialog.setValue(percent)

    @Slot(object, object)
    def on_done(self, data, error) -> None:
        self.outcome = {"data": data, "error": error}
        self.loop.quit()


class _CollectWorker(QObject):
    """Runs journal.report.collect_report in a worker thread; reports progress and the end."""

    progressed = Signal(int, str)
    done = Signal(object, object)   # (ReportData or None, exception or None)

    def __init__(self, journal, start, end, options):
        super().__init__()
        self.args = (journal, start, end, options)
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def _progress(self, percent: int, text: str) -> None:
        if self.cancelled:
            raise _Cancelled()
        self.progressed.emit(percent, text)

    def run(self) -> None:
        from journal.report import collect_report

        try:
            data = collect_report(*self.args, progress=self._progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to show
            self.done.emit(None, exc)
            return
        self.done.emit(data, None)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ReportPage(QWidget):
    """Settings on the left, the page-by-page preview of the summary on the right."""

    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.journal = hub.journal
        self.report = None           # the last built ReportDocument (None: out of date)
        self._printer = None
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
            "A short printed summary to take to your appointment: sessions, charts, red "
            "flags, products with flagged ingredients, photos and your questions."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        self.start_edit = QDateEdit(calendarPopup=True)
        self.end_edit = QDateEdit(calendarPopup=True)
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat("d MMM yyyy")
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
            "Photos starred for the report; if none are starred, the first and last photo "
            "of each area after each session"))
        self.log_box = QCheckBox(self.tr("Daily &log (one line per day)"))
        for box in (self.photos_box, self.log_box):
            box.setChecked(True)
            box.toggled.connect(self._options_changed)
            include_layout.addWidget(box)

        you = QGroupBox(self.tr("Your name and questions"))
        you_form = QFormLayout(you)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("optional"))
        self.name_edit.editingFinished.connect(self.save)
        self.name_edit.textEdited.connect(self._options_changed)
        self.questions_edit = QPlainTextEdit()
        self.questions_edit.setPlaceholderText(self.tr(
            "Questions for my dermatologist, one per line…"))
        self.questions_edit.setMinimumHeight(110)
        self.questions_edit.textChanged.connect(self._options_changed)
        you_form.addRow(self.tr("Patient &name"), self.name_edit)
        questions_label = QLabel(self.tr("&Questions for my dermatologist"))
        questions_label.setBuddy(self.questions_edit)
        you_form.addRow(questions_label)
        you_form.addRow(self.questions_edit)

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
        settings_layout.addWidget(you, 1)
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
        self.placeholder = QLabel(self.tr(
            "Press “Print preview” to see the summary page by page.\n"
            "What you see here is exactly what is printed or saved."))
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
        self._mark_stale()
        self._update_period_info()

    def _mark_stale(self) -> None:
        if self.report is not None and self.preview_stack.currentWidget() is self.preview:
            self.status.setText(self.tr("Changed since the preview: press Print preview "
                                        "to see the new version."))
        self.report = None

    def _update_period_info(self) -> None:
        start, end = _pydate(self.start_edit.date()), _pydate(self.end_edit.date())
        if start > end:
            self.period_info.setText(self.tr("The period starts after it ends."))
            return
        days = sum(1 for d in self.journal.entry_dates() if start <= d <= end)
        sessions = sum(1 for s in self.journal.sessions() if start <= s.date <= end)
        text = self.tr("%s, %s logged, %s in the period.") % (
            fmt.plural((end - start).days + 1, "day"), fmt.number(days),
            fmt.plural(sessions, "session"))
        if self.log_box.isChecked() and days > LONG_LOG_DAYS:
            text += " " + self.tr("The daily log alone takes about %d pages: a shorter period, "
                                  "or no daily log, keeps the summary short.") % (
                round(days / LOG_ROWS_PER_PAGE))
        self.period_info.setText(text)

    # -- building -------------------------------------------------------------------------
    def build(self):
        """The ReportDocument for the current settings (built with progress if needed).

        The slow part (reading the journal, drawing the charts, scaling the photos) runs
        in a worker thread while a cancellable progress dialog shows what is being done;
        the Qt document is then made here, on the GUI thread.
        """
        if self.report is not None:
            return self.report
        from PySide6.QtCore import QEventLoop, QThread

        from journal.report import report_document

        start, end = self.period()
        self.save()
        dialog = QProgressDialog(self.tr("Preparing the summary…"), self.tr("Cancel"), 0, 100,
                                 self)
        dialog.setWindowTitle(self.tr("Summary"))
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setValue(0)
        worker = _CollectWorker(self.journal, start, end, self.options())
        thread = QThread(self)
        worker.moveToThread(thread)
        loop = QEventLoop(self)
        receiver = _BuildReceiver(dialog, loop, self)  # lives here, on the GUI thread
        worker.progressed.connect(receiver.on_progress, Qt.QueuedConnection)
        worker.done.connect(receiver.on_done, Qt.QueuedConnection)
        dialog.canceled.connect(worker.cancel, Qt.DirectConnection)
        thread.started.connect(worker.run)
        QApplication.setOverrideCursor(Qt.BusyCursor)
        try:
            thread.start()
            loop.exec()  # until receiver.on_done
        finally:
            thread.quit()
            thread.wait()
            QApplication.restoreOverrideCursor()
            dialog.reset()
            dialog.deleteLater()
            worker.deleteLater()
            thread.deleteLater()
            receiver.deleteLater()
        outcome = receiver.outcome
        if outcome.get("error") is not None:
            raise outcome["error"]
        dialog_text = self.tr("Laying out the pages")
        self.status.setText(dialog_text)
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            self.report = report_document(outcome["data"])
        finally:
            QApplication.restoreOverrideCursor()
        return self.report

    def _guarded(self, action, failure_title: str):
        """Run `action`; show JournalError and unexpected errors as a message, not a trace."""
        try:
            return action()
        except _Cancelled:
            self.status.setText(self.tr("Cancelled."))
        except JournalError as exc:
            QMessageBox.warning(self, failure_title, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug, but the user gets a message
            log.exception("report failed")
            QMessageBox.critical(self, failure_title,
                                 self.tr("Something went wrong while making the summary:\n%s")
                                 % exc)
        return None

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
        if self.report is not None:
            try:
                self.report.paint(printer)
            except Exception:  # noqa: BLE001 - painting errors are shown by the caller
                log.exception("preview painting failed")

    def show_preview(self) -> bool:
        """Build the summary and show it in the page's preview; True if shown."""
        def run():
            self.build()
            widget = self.preview_widget()
            QApplication.setOverrideCursor(Qt.WaitCursor)
            try:
                widget.updatePreview()
            finally:
                QApplication.restoreOverrideCursor()
            self.preview_stack.setCurrentWidget(widget)
            pages = widget.pageCount()
            self.status.setText(self.tr("Preview: %s, %s.")
                                % (fmt.plural(pages, "page"), self.report.data.period_text))
            return True
        return bool(self._guarded(run, self.tr("Preview failed")))

    # -- printing and PDF -----------------------------------------------------------------
    def print_report(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        def run():
            report = self.build()
            printer = self._make_printer()
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(self.tr("Print the summary"))
            if dialog.exec() != QPrintDialog.Accepted:
                return
            pages = report.paint(printer)
            self.status.setText(self.tr("Sent %s to the printer.") % fmt.plural(pages, "page"))
            if self.preview is not None:
                self.preview.updatePreview()  # the paper size may have changed
        self._guarded(run, self.tr("Printing failed"))

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

    def save_pdf(self, path) -> Path | None:
        """Write the summary to `path` (a .pdf in an existing folder); the path, or None."""
        from journal.report import check_out_path

        def run():
            out = check_out_path(path)
            report = self.build()
            pages = report.write_pdf(out)
            size = out.stat().st_size / 1024
            self.status.setText(self.tr("Saved %s (%s, %s KB).")
                                % (out, fmt.plural(pages, "page"), fmt.number(size, 0)))
            return out
        return self._guarded(run, self.tr("Could not save the PDF"))
