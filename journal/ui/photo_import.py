"""Import photos off the GUI thread, with a progress dialog that can be cancelled.

The worker opens its own connection to the journal (SQLite connections are not
shared between threads), runs ``journal.store.photos.import_photos`` and leaves
its progress where a GUI timer picks it up. At the end the page hears ``photos_changed``
and the user sees what failed and why; the good files are kept either way.
"""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from journal import format as fmt
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog



def _run_import(data_dir: Path, paths, date, area, date_from_capture, cancel, state: dict) -> None:
    """The worker thread: its own connection, progress written to `state` for the GUI to poll."""
    from journal.models import JournalError
    from journal.store.journal import Journal
    from journal.store.photos import import_photos

    def progress(done, total, path):
        state["progress"] = (done, total, path.name)

    try:
        with Journal.open(data_dir) as journal:  # this thread's own SQLite connection
            state["result"] = import_photos(journal, paths, date, area, progress=progress,
                                            is_cancelled=cancel.is_set,
                                            date_from_capture=date_from_capture)
    except JournalError as exc:
        state["result"] = exc
    except Exception as exc:  # noqa: BLE001 - reported to the user instead of lost in a thread
        state["result"] = JournalError(f"the import stopped: {exc}")


class PhotoImport(QObject):
    """One batch import: ``start()``, then ``finished(ImportResult)`` on the GUI thread.

    The worker is a plain Python thread whose progress the GUI polls every 50 ms,
    so the worker never touches a Qt object.
    """

    finished = Signal(object)
    _lock = threading.Lock()  # one import at a time; the next one waits for it

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
        self._state: dict = {}
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)
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
        args = (self.hub.journal.data_dir, self.paths, self.date, self.area,
                self.date_from_capture, self._cancel, self._state)

        def run():
            with PhotoImport._lock:
                _run_import(*args)
        self._thread = threading.Thread(target=run, name="photo-import", daemon=True)
        self._thread.start()
        self._timer.start()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def cancel(self) -> None:
        self._cancel.set()
        self.dialog.setLabelText(self.tr("Stopping after the current photo…"))

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the worker ends, then deliver its result (for tests and scripts)."""
        if self._thread is not None:
            self._thread.join(timeout)
        self._poll()

    def _poll(self) -> None:
        progress = self._state.get("progress")
        if progress is not None:
            done, total, name = progress
            if not self._cancel.is_set():
                self.dialog.setLabelText(self.tr("Imported %d of %d: %s") % (done, total, name))
            self.dialog.setValue(done)
        if "result" in self._state and self.result is None:
            self._timer.stop()
            self._done(self._state["result"])

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
