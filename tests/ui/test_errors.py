"""The one error path: a rotating log in the data folder, a dialog for bugs, messages beside
what failed."""
from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from journal.models import JournalError
from journal.ui import errors


@pytest.fixture
def logged(data_dir):
    path = errors.setup_logging(data_dir)
    undo = errors.install_excepthook()
    yield path
    undo()
    for dialog in errors.open_error_dialogs():
        dialog.close()
    errors.close_logging()


def _raise(exc):
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


def test_the_log_is_in_the_data_folder_and_rotates(logged, data_dir):
    assert logged.parent == data_dir / "logs"
    handler = errors._handler
    assert handler.maxBytes == errors.LOG_BYTES and handler.backupCount == errors.LOG_BACKUPS
    errors.log.info("photo %d imported for %s", 12, "2026-03-04")
    handler.flush()
    assert "photo 12 imported for 2026-03-04" in logged.read_text()


def test_an_uncaught_exception_is_logged_and_shown_with_copyable_details(qtbot, logged):
    sys.excepthook(*_raise(ValueError("a bug")))
    dialog = errors.open_error_dialogs()[-1]
    assert "ValueError: a bug" in dialog.summary.text()
    assert str(logged) in dialog.log_label.text()
    qtbot.mouseClick(dialog.copy_button, qtbot_left())
    assert "ValueError: a bug" in QApplication.clipboard().text()
    assert "Traceback" in QApplication.clipboard().text()
    assert "ValueError: a bug" in logged.read_text()


def test_an_exception_in_another_thread_reaches_the_dialog_on_the_gui_thread(qtbot, logged):
    def fail():
        raise RuntimeError("in a worker")

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: any("in a worker" in d.details
                                for d in errors.open_error_dialogs()), timeout=5000)
    assert "in a worker" in logged.read_text()


def test_a_flood_of_errors_opens_only_a_few_dialogs(qtbot, logged):
    for n in range(10):
        sys.excepthook(*_raise(ValueError(f"bug {n}")))
    assert len(errors.open_error_dialogs()) == errors.MAX_OPEN_DIALOGS
    assert "bug 9" in logged.read_text()


def test_a_journal_error_is_shown_next_to_the_control(qtbot, logged):
    label = QLabel()
    qtbot.addWidget(label)
    with errors.shows_errors(None, label) as guard:
        raise JournalError("could not save: disk full")
    assert guard.failed and label.text() == "could not save: disk full"
    assert not label.isHidden()
    with errors.shows_errors(None, label) as guard:
        pass
    assert not guard.failed and label.isHidden()


def test_without_a_label_a_journal_error_is_a_message_box(monkeypatch, logged):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    with errors.shows_errors(None, title="Not saved"):
        raise OSError(28, "No space left on device")
    assert "No space left" in shown[0]


def test_a_bug_is_not_swallowed_by_shows_errors(logged):
    with pytest.raises(KeyError):
        with errors.shows_errors(None):
            raise KeyError("bug")


def test_a_failed_automatic_backup_is_logged_and_shown(small_journal, logged, monkeypatch):
    from journal.store import backup
    from journal.ui.app import close_journal

    def full(journal, *a, **k):
        raise OSError(28, "No space left on device")

    shown = []
    monkeypatch.setattr(backup, "auto_backup", full)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    close_journal(small_journal, interactive=True)
    assert "automatic backup failed" in shown[0]
    errors._handler.flush()
    assert "automatic backup failed" in logged.read_text()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.LeftButton
