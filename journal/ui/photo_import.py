"""Import photos off the GUI thread, with a progress dialog that can be cancelled.

The import is a background task (``journal.ui.tasks``): it opens its own connection to
the journal, runs ``journal.store.photos.import_photos`` and sends its progress to the
dialog. At the end the page hears ``photos_changed`` and the user sees what failed and
why; the good files are kept either way. Imports run one at a time, in order (the
"work" pool has one thread).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from journal import format as fmt
from journal.models import JournalError
from journal.ui.hub import Hub
from journal.ui.tasks import Task, run_task


def _import_work(paths, date, area, date_from_capture):
    """The background part: the task's own journal, progress and cancel through the task."""
    def work(task):
        from journal.store.photos import import_photos

        def progress(done, total, path):
            task.progress(done, total, path.name)

        try:
            return import_photos(task.open_journal(), paths, date, area, progress=progress,
                                 is_cancelled=lambda: task.cancelled,
                                 date_from_capture=date_from_capture)
        except JournalError:
            raise
        except Exception as exc:  # noqa: BLE001 - told to the user, the good photos are kept
            raise JournalError(f"the import stopped: {exc}") from exc
    return work


class PhotoImport(QObject):
    """One batch import: ``start()``, then ``finished(ImportResult)`` on the GUI thread."""

    finished = Signal(object)

    def __init__(self, hub: Hub, paths: list[Path], date: dt.date, area: str,
                 parent_widget: QWidget | None = None, date_from_capture: bool = False):
        super().__init__(parent_widget)
        self.hub = hub
        self.paths = [Path(p) for p in paths]
        self.date, self.area = date, area
        self.date_from_capture = date_from_capture
        self.parent_widget = parent_widget
        self.result = None
        self.summary_box: QMessageBox | None = None
        self.task: Task | None = None
        self.dialog = QProgressDialog(
            self.tr("Importing photos…"), self.tr("Cancel"), 0, len(self.paths), parent_widget)
        self.dialog.setWindowTitle(self.tr("Import photos"))
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        self.dialog.setValue(0)
        self.task = run_task(
            _import_work(self.paths, self.date, self.area, self.date_from_capture),
            data_dir=self.hub.journal.data_dir, parent=self, name="photo import",
            on_progress=self._progress, on_success=self._done, on_failure=self._done,
            on_cancelled=self._cancelled_before_start)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self.dialog.setLabelText(self.tr("Stopping after the current photo…"))

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the import ends, then deliver its result (for scripts)."""
        if self.task is not None:
            self.task.wait(timeout)

    def _cancelled_before_start(self) -> None:
        from journal.store.photos import ImportResult

        self._done(ImportResult(cancelled=True))

    def _progress(self, done: int, total: int, name: str) -> None:
        if self.task is not None and not self.task.is_cancel_requested():
            self.dialog.setLabelText(self.tr("Imported %d of %d: %s") % (done, total, name))
        self.dialog.setValue(done)

    def _done(self, outcome) -> None:
        self.dialog.hide()
        self.dialog.deleteLater()
        if isinstance(outcome, Exception):
            self.result = outcome
            QMessageBox.warning(self.parent_widget, self.tr("Import failed"), str(outcome))
            return
        self.result = outcome
        dates = {p.date for p in outcome.imported}
        if dates:
            self.hub.photos_changed.emit(dates.pop() if len(dates) == 1 else None)
        if outcome.failed or outcome.duplicates or outcome.cancelled:
            self._show_summary(outcome)
        self.finished.emit(outcome)

    def summary_text(self, result) -> str:
        lines = [self.tr("%s imported.") % fmt.plural(len(result.imported), "photo")]
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
