"""File > Back up…, Restore… and Help > Check journal (how many automatic backups to keep is
in File > Settings…, journal/ui/settings_dialog.py).

The work is done by journal.store.backup, .restore and .check (no Qt there); this module asks the
questions and shows the answers. Each function takes the main window; `path`
skips the file dialog (used by tests and scripts).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from journal.models import JournalError


def tr(text: str) -> str:
    return QCoreApplication.translate("safety", text)


def _in_background(window, title: str, work, on_success, failure_title: str,
                   show_at_once: bool = False):
    """Run `work(task)` on the one background runner with a progress dialog over the window.

    The window keeps painting and the dialog moves (the work is on the runner's thread);
    the dialog is window-modal, so nothing is typed into the journal meanwhile.
    `on_success(result)` runs on the GUI thread; a JournalError or OSError is shown
    in one message box titled `failure_title`, anything else goes to the error dialog.
    """
    from PySide6.QtWidgets import QProgressDialog

    from journal.ui.errors import report_task_failure
    from journal.ui.tasks import run_task

    dialog = QProgressDialog(title, "", 0, 0, window)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)  # none of these can stop halfway safely; none takes long
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0 if show_at_once else 300)
    dialog.setValue(0)

    def progressed(done: int, total: int, _text: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def failed(exc: BaseException) -> None:
        dialog.close()
        if isinstance(exc, (JournalError, OSError)):
            QMessageBox.warning(window, failure_title, str(exc))
        else:
            report_task_failure(exc, window, title)

    def succeeded(result) -> None:
        dialog.close()
        on_success(result)

    job = run_task(work, parent=window, on_progress=progressed, on_success=succeeded,
                   on_failure=failed, name=title)
    job.finished.connect(dialog.deleteLater)
    if show_at_once:
        dialog.show()
    return job


def _done(on_done, value) -> None:
    if on_done is not None:
        on_done(value)


def back_up(window, path: str | None = None, on_done=None):
    """Write a backup archive where the user chooses; say that it holds health data.

    Runs in the background; returns the task (None if nothing was started).
    `on_done(path or None)` is called at the end (tests, scripts).
    """
    from journal.paths import refuse_inside_data_dir
    from journal.store.backup import write_backup

    if path is None:
        suggested = str(Path.home() / f"skin-journal-backup-{dt.date.today().isoformat()}.zip")
        path, _ = QFileDialog.getSaveFileName(window, tr("Back up the journal"), suggested,
                                              tr("Backup archive (*.zip)"))
        if not path:
            return _done(on_done, None)
    data_dir = window.hub.journal.data_dir
    try:
        refuse_inside_data_dir(data_dir, Path(path), "backup")
    except JournalError as exc:
        QMessageBox.warning(window, tr("Backup failed"), str(exc))
        return _done(on_done, None)

    def work(task):
        return write_backup(data_dir, Path(path), progress=task.progress)

    def written(result) -> None:
        text = tr("Backup written to %s (%d photos).\n\nThe backup holds your health data and "
                  "face photos: keep it somewhere private.") % (result.path, result.photos)
        if result.missing_photos:
            text += tr("\n\n%d photo files were missing and could not be included; "
                       "use Help > Check journal.") % len(result.missing_photos)
        QMessageBox.information(window, tr("Backed up"), text)
        _done(on_done, result.path)

    job = _in_background(window, tr("Backing up the journal…"), work, written,
                         tr("Backup failed"))
    job.failed.connect(lambda _exc: _done(on_done, None))
    return job


def restore(window, path: str | None = None, on_done=None):
    """Replace the journal with a verified backup, keeping the current one aside.

    Verifying and restoring run in the background. The window's journal stays open
    meanwhile (a restore from this process may run under it; had it saved anything,
    it would have been refused as "replaced") and is reopened on the restored file.
    `on_done(True | False)` is called at the end.
    """
    from journal.store.restore import restore_archive, verify_archive

    for widget in getattr(window, "_widgets", {}).values():
        if hasattr(widget, "maybe_leave") and not widget.maybe_leave():
            return _done(on_done, False)
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, tr("Restore a backup"), str(Path.home()),
                                              tr("Backup archive (*.zip);;All files (*)"))
        if not path:
            return _done(on_done, False)
    journal = window.hub.journal
    data_dir = journal.data_dir

    def verify(task):
        return verify_archive(Path(path), progress=task.progress)

    def replace(task):
        return restore_archive(data_dir, Path(path), progress=task.progress)

    def verified(info) -> None:
        answer = QMessageBox.question(
            window, tr("Restore backup"),
            tr("Replace the journal with the backup made %s (%d photos)?\n\nThe current "
               "journal is kept in a restore-undo folder inside %s, so this can be undone.")
            % (info.created or tr("at an unknown time"), info.photos, data_dir),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return _done(on_done, False)
        job = _in_background(window, tr("Restoring the backup…"), replace, restored,
                             tr("Cannot restore"), show_at_once=True)
        job.failed.connect(lambda _exc: _done(on_done, False))

    def restored(outcome) -> None:
        _info, undo = outcome
        try:
            journal.reconnect()
        except JournalError as exc:  # e.g. the restored journal cannot be upgraded
            QMessageBox.critical(window, tr("Cannot open the journal"), str(exc))
            window.close()
            return _done(on_done, False)
        if not window.hub.check_outside_changes():
            window.hub.everything_changed()
        where = tr("\n\nThe previous journal is in %s.") % undo if undo else ""
        QMessageBox.information(window, tr("Restored"), tr("The backup was restored.") + where)
        _done(on_done, True)

    job = _in_background(window, tr("Checking the backup…"), verify, verified,
                         tr("Cannot restore"))
    job.failed.connect(lambda _exc: _done(on_done, False))
    return job


def _in_window_words(message: str) -> str:
    """The check's messages are written for the command line: say the window's way instead."""
    return message.replace("`check --repair` builds them",
                           tr("built as the photos are shown"))


def check_journal(window, on_done=None):
    """Help > Check journal: the same report as `python main.py check`, with a Repair button.

    The check and the repair run in the background; `on_done(exit code)` is called at
    the end: 0 healthy (or repaired), 1 problems remain, 2 could not check.
    """
    from journal.store.check import check_journal as run_check

    data_dir = window.hub.journal.data_dir

    def look(task):
        return run_check(data_dir, progress=task.progress)

    def repair(task):
        return run_check(data_dir, repair=True, progress=task.progress)

    def looked(report) -> None:
        lines = [f"• {_in_window_words(p.message)}" for p in report.problems]
        if not report.remaining:
            summary = tr("The journal is healthy: %d days, %d photos, database integrity "
                         "ok.") % (report.days, report.photos)
            QMessageBox.information(window, tr("Check journal"),
                                    "\n\n".join([summary, "\n".join(lines)]) if lines
                                    else summary)
            return _done(on_done, 0)
        fixable = [p for p in report.problems if p.fixable and not p.fixed]
        count = len(report.remaining)
        heading = tr("1 problem found:") if count == 1 else tr("%d problems found:") % count
        box = QMessageBox(QMessageBox.Warning, tr("Check journal"),
                          heading + "\n\n" + "\n".join(lines), QMessageBox.Close, window)
        repair_button = box.addButton(tr("Repair what is safe"), QMessageBox.AcceptRole) \
            if fixable else None
        box.exec()
        if repair_button is None or box.clickedButton() is not repair_button:
            return _done(on_done, 1)
        job = _in_background(window, tr("Repairing the journal…"), repair, repaired,
                             tr("Check journal"))
        job.failed.connect(lambda _exc: _done(on_done, 2))

    def repaired(report) -> None:
        window.hub.photos_changed.emit(None)
        lines = [f"• {p.message}" for p in report.problems]
        count = len(report.remaining)
        heading = (tr("Repaired.") if count == 0 else
                   tr("1 problem remains:") if count == 1 else tr("%d problems remain:") % count)
        QMessageBox.information(window, tr("Check journal"), heading + "\n\n" + "\n".join(lines))
        _done(on_done, 0 if count == 0 else 1)

    job = _in_background(window, tr("Checking the journal…"), look, looked, tr("Check journal"))
    job.failed.connect(lambda _exc: _done(on_done, 2))
    return job
