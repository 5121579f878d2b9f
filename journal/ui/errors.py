"""The one error path of the app: a log file, a dialog for bugs, a message for JournalError.

API:
- ``setup_logging(data_dir) -> Path``: log to ``<data dir>/logs/journal.log`` (rotating:
  1 MB, 3 old files kept; the file is opened at the first record). What is logged: ids,
  dates, counts, file names the app made, and tracebacks of bugs; never ratings, notes, product names or photo contents (a
  failed save shown to the user is logged by its type only).
- ``install_excepthook()``: every exception nobody caught (``sys.excepthook`` on the
  GUI thread, ``threading.excepthook`` on other threads) is logged and shown in one
  ``ErrorDialog`` with "Copy details" and where the log is. Returns a callable that
  puts the previous hooks back (tests).
- ``show_error(where, exc, label=None, title=None)``: a caught ``JournalError`` (or
  ``OSError``: disk full) shown next to what failed: in ``label`` (a QLabel beside the
  control) when given, else in a message box over ``where``. It is logged (the
  message, no traceback).
- ``shows_errors(where, label=None, title=None)``: a context manager for a slot that
  writes: ``with shows_errors(self, self.message): journal.set_for_report(...)``.
  Catches JournalError/OSError/sqlite3.Error and shows them; its ``.failed`` says
  whether the block failed. Anything else is a bug and goes to the excepthook.
- ``report_task_failure(exc, where, name)``: the default ``on_failure`` of
  ``journal.ui.tasks.run_task``.
- ``report_bug(exc_type, exc, tb)``: log and show (what the hooks call).
"""
from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from journal import APP_NAME, __version__
from journal.models import JournalError

log = logging.getLogger("journal")
LOG_FOLDER = "logs"
LOG_NAME = "journal.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
EXPECTED = (JournalError, OSError, sqlite3.Error)  # "could not save" kinds: shown, not bugs

_log_path: Path | None = None
_handler: logging.Handler | None = None


class _FileLog(logging.Handler):
    """The rotating log file, opened (its folder made, ``logging.handlers`` imported) at the
    first record: the first window does not wait for either. ``.maxBytes`` and
    ``.backupCount`` are the file's rotation; ``.file`` is the RotatingFileHandler once made."""

    def __init__(self, path: Path):
        super().__init__(logging.INFO)
        self.path, self.maxBytes, self.backupCount = path, LOG_BYTES, LOG_BACKUPS
        self.file: logging.Handler | None = None
        self.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            import logging.handlers  # (socket, pickle, queue: not the first window's to pay)

            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError:
                self.handleError(record)
                return
            self.file = logging.handlers.RotatingFileHandler(
                self.path, maxBytes=self.maxBytes, backupCount=self.backupCount,
                encoding="utf-8", delay=True)
            self.file.setFormatter(self.formatter)
        self.file.emit(record)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def setup_logging(data_dir: Path, started: bool = True) -> Path:
    """Send the app's log (logger "journal") to a rotating file in the data folder; with
    `started`, its first line says which version started (the app writes it once the
    window shows: :func:`log_started`)."""
    global _log_path, _handler
    path = Path(data_dir) / LOG_FOLDER / LOG_NAME
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    _handler = _FileLog(path)
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    _log_path = path
    if started:
        log_started()
    return path


def log_started() -> None:
    log.info("%s %s started", APP_NAME, __version__)


def log_path() -> Path | None:
    """The log file in use (None before setup_logging)."""
    return _log_path


def close_logging() -> None:
    global _handler, _log_path
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    _handler = _log_path = None


# -- bugs: the exception hook and its dialog --------------------------------------------------
def details_text(exc_type, exc, tb) -> str:
    """What "Copy details" copies: version, the exception and its traceback."""
    lines = traceback.format_exception(exc_type, exc, tb)
    return f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}\n\n" + "".join(lines)


class ErrorDialog(QDialog):
    """"Something went wrong": the error, its details, "Copy details" and the log's place."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.details = details
        intro = QLabel(self.tr(
            "The app ran into a problem it did not expect. What you saved before is kept. "
            "If it happens again, please send the details below: they show where the app "
            "failed (read them first: a message may quote something you typed)."))
        intro.setWordWrap(True)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setMinimumSize(520, 200)
        where = log_path()
        self.log_label = QLabel(self.tr("The log is in %s") % where if where is not None
                                else self.tr("No log file is kept for this run."))
        self.log_label.setObjectName("hint")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.copy_button = QPushButton(self.tr("Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.summary, self.text, self.log_label, buttons):
            layout.addWidget(widget)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("Copied"))


class _Bridge(QObject):
    """Brings an exception from any thread to the GUI thread (a queued signal)."""

    raised = Signal(object, object, object)

    @Slot(object, object, object)
    def show(self, exc_type, exc, tb) -> None:
        _show_dialog(exc_type, exc, tb)


_bridge: _Bridge | None = None
_open_dialogs: list[ErrorDialog] = []
MAX_OPEN_DIALOGS = 3  # a bug in a paint loop must not bury the window under dialogs


def _show_dialog(exc_type, exc, tb) -> ErrorDialog | None:
    if QApplication.instance() is None:
        return None
    _open_dialogs[:] = [d for d in _open_dialogs if _alive(d)]
    if len(_open_dialogs) >= MAX_OPEN_DIALOGS:
        return None
    summary = "".join(traceback.format_exception_only(exc_type, exc)).strip()
    dialog = ErrorDialog(summary, details_text(exc_type, exc, tb), QApplication.activeWindow())
    _open_dialogs.append(dialog)
    dialog.open()  # not exec(): no nested event loop inside whatever just failed
    return dialog


def _alive(widget: QWidget) -> bool:
    try:
        return widget.isVisible()
    except RuntimeError:  # its C++ side is gone
        return False


def open_error_dialogs() -> list[ErrorDialog]:
    """The error dialogs on screen (tests)."""
    return [d for d in _open_dialogs if _alive(d)]


def report_bug(exc_type, exc, tb) -> None:
    """Log an unexpected exception and show it in the error dialog (from any thread)."""
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    if QApplication.instance() is None:
        return
    if threading.current_thread() is threading.main_thread():
        _show_dialog(exc_type, exc, tb)
    elif _bridge is not None:
        _bridge.raised.emit(exc_type, exc, tb)


def install_excepthook():
    """Route uncaught exceptions (any thread) to the log and the dialog; returns an undo."""
    global _bridge
    if _bridge is None:
        _bridge = _Bridge()
        _bridge.raised.connect(_bridge.show, Qt.QueuedConnection)
    previous = sys.excepthook, threading.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            previous[0](exc_type, exc, tb)
            return
        report_bug(exc_type, exc, tb)

    def thread_hook(args):
        if args.exc_type is SystemExit:
            return
        report_bug(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook

    def undo() -> None:
        sys.excepthook, threading.excepthook = previous
    return undo


# -- expected failures: shown next to what failed -----------------------------------------------
def show_error(where: QWidget | None, exc: BaseException | str, label: QLabel | None = None,
               title: str | None = None) -> None:
    """Show a failed save (JournalError, disk full) beside the control, or over `where`."""
    text = str(exc)
    # the type only: a message may quote what the user typed (a product name, a note)
    log.warning("shown to the user: %s", type(exc).__name__)
    if label is not None:
        label.setText(text)
        label.setVisible(True)
        return
    QMessageBox.warning(where, title or QApplication.translate("errors", "Not saved"), text)


class shows_errors(contextlib.AbstractContextManager):
    """``with shows_errors(self, label): ...``: expected failures shown, bugs passed on."""

    def __init__(self, where: QWidget | None, label: QLabel | None = None,
                 title: str | None = None):
        self.where, self.label, self.title = where, label, title
        self.failed = False

    def __enter__(self) -> "shows_errors":
        if self.label is not None:
            self.label.clear()
            self.label.hide()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and isinstance(exc, EXPECTED):
            self.failed = True
            show_error(self.where, exc, self.label, self.title)
            return True
        return False


def report_task_failure(exc: BaseException, where: QObject | None, name: str) -> None:
    """What a background task's failure becomes when its caller gave no on_failure."""
    widget = where if isinstance(where, QWidget) else None
    if isinstance(exc, EXPECTED):
        show_error(widget, exc)
        return
    log.error("background task %s failed", name, exc_info=(type(exc), exc, exc.__traceback__))
    if QApplication.instance() is not None:
        _show_dialog(type(exc), exc, exc.__traceback__)
