"""Import photos off the GUI thread, with a progress dialog that can be cancelled.

The worker opens its own connection to the journal (SQLite connections are not
shared between threads), runs ``journal.store.photos.import_photos`` and reports
each file through a queued signal. At the end the page hears ``photos_changed``
and the user sees what failed and why; the good files are kept either way.
"""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog


class _ImportSignals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)  # ImportResult, or an Exception for a failure of the whole import


class _ImportRunnable(QRunnable):
    def __init__(self, data_dir: Path, paths, date, area, date_from_capture, cancel, signals):
        super().__init__()
        self.data_dir, self.paths, self.date, self.area = data_dir, paths, date, area
        self.date_from_capture, self.cancel, self.signals = date_from_capture, cancel, signals

    def run(self) -> None:
        from journal.models import JournalError
        from journal.store.journal import Journal
        from journal.store.photos import import_photos

        try:
            with Journal.open(self.data_dir) as journal:  # this thread's own connection
                result = import_photos(
                    journal, self.paths, self.date, self.area,
                    progress=lambda done, total, path: self.signals.progress.emit(
                        done, total, path.name),
                    is_cancelled=self.cancel.is_set,
                    date_from_capture=self.date_from_capture)
        except JournalError as exc:
            self.signals.done.emit(exc)
            return
        self.signals.done.emit(result)


class PhotoImport(QObject):
    """One batch import: ``start()``, then ``finished(ImportResult)`` on the GUI thread."""

    finished = Signal(object)
    _pool: QThreadPool | None = None

    def __init__(self, hub, paths: list[Path], date: dt.date, area: str, parent_widget=None,
                 date_from_capture: bool = False):
        super().__init__(parent_widget)
        self.hub = hub
        self.paths = [Path(p) for p in paths]
        self.date, self.area = date, area
        self.date_from_capture = date_from_capture
        self.parent_widget = parent_widget
        self.result = None
        self.summary_box: QMessageBox | None = None
        self._cancel = threading.Event()
        self._signals = _ImportSignals(self)
        self._signals.progress.connect(self._progress)
        self._signals.done.connect(self._done)
        self.dialog = QProgressDialog(
            self.tr("Importing photos…"), self.tr("Cancel"), 0, len(self.paths), parent_widget)
        self.dialog.setWindowTitle(self.tr("Import photos"))
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)

    @classmethod
    def pool(cls) -> QThreadPool:
        if cls._pool is None:
            cls._pool = QThreadPool()
            cls._pool.setMaxThreadCount(1)  # one import at a time; the others queue
        return cls._pool

    def start(self) -> None:
        self.dialog.setValue(0)
        self.pool().start(_ImportRunnable(
            self.hub.journal.data_dir, self.paths, self.date, self.area, self.date_from_capture,
            self._cancel, self._signals))

    def cancel(self) -> None:
        self._cancel.set()
        self.dialog.setLabelText(self.tr("Stopping after the current photo…"))

    def _progress(self, done: int, total: int, name: str) -> None:
        if not self._cancel.is_set():
            self.dialog.setLabelText(self.tr("Imported %d of %d: %s") % (done, total, name))
        self.dialog.setValue(done)

    def _done(self, outcome) -> None:
        self.dialog.hide()
        self.dialog.deleteLater()
        if isinstance(outcome, Exception):
            QMessageBox.warning(self.parent_widget, self.tr("Import failed"), str(outcome))
            return
        self.result = outcome
        dates = {p.date for p in outcome.imported}
        if dates or outcome.duplicates:
            self.hub.photos_changed.emit(dates.pop() if len(dates) == 1 else None)
        if outcome.failed or outcome.duplicates or outcome.cancelled:
            self._show_summary(outcome)
        self.finished.emit(outcome)

    def summary_text(self, result) -> str:
        lines = [self.tr("%d photo(s) imported.") % len(result.imported)]
        if result.cancelled:
            lines.append(self.tr("The import was cancelled; the photos already imported are kept."))
        if result.duplicates:
            lines.append(self.tr("%d already in the journal for that day and area, not added again:")
                         % len(result.duplicates))
            lines += [f"  • {p.name}" for p in result.duplicates[:20]]
        if result.failed:
            lines.append(self.tr("%d could not be imported:") % len(result.failed))
            lines += [f"  • {p.name}: {reason}" for p, reason in result.failed[:40]]
            if len(result.failed) > 40:
                lines.append(self.tr("  … and %d more") % (len(result.failed) - 40))
        return "\n".join(lines)

    def _show_summary(self, result) -> None:
        box = QMessageBox(QMessageBox.Warning if result.failed else QMessageBox.Information,
                          self.tr("Import photos"), self.summary_text(result),
                          QMessageBox.Ok, self.parent_widget)
        box.setAttribute(Qt.WA_DeleteOnClose)
        self.summary_box = box
        box.open()  # not exec(): the window stays live behind it
