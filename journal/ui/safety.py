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
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from journal.models import JournalError


def tr(text: str) -> str:
    return QCoreApplication.translate("safety", text)


class _Busy:
    def __enter__(self):
        QApplication.setOverrideCursor(Qt.WaitCursor)

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()


def back_up(window, path: str | None = None) -> Path | None:
    """Write a backup archive where the user chooses; say that it holds health data."""
    from journal.store.backup import write_backup

    if path is None:
        suggested = str(Path.home() / f"skin-journal-backup-{dt.date.today().isoformat()}.zip")
        path, _ = QFileDialog.getSaveFileName(window, tr("Back up the journal"), suggested,
                                              tr("Backup archive (*.zip)"))
        if not path:
            return None
    try:
        with _Busy():
            result = write_backup(window.hub.journal.data_dir, Path(path))
    except (JournalError, OSError) as exc:
        QMessageBox.warning(window, tr("Backup failed"), str(exc))
        return None
    text = tr("Backup written to %s (%d photos).\n\nThe backup holds your health data and face "
              "photos: keep it somewhere private.") % (result.path, result.photos)
    if result.missing_photos:
        text += tr("\n\n%d photo files were missing and could not be included; "
                   "use Help > Check journal.") % len(result.missing_photos)
    QMessageBox.information(window, tr("Backed up"), text)
    return result.path


def restore(window, path: str | None = None) -> bool:
    """Replace the journal with a verified backup, keeping the current one aside."""
    from journal.store.restore import restore_archive, verify_archive

    for widget in getattr(window, "_widgets", {}).values():
        if hasattr(widget, "maybe_leave") and not widget.maybe_leave():
            return False
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, tr("Restore a backup"), str(Path.home()),
                                              tr("Backup archive (*.zip);;All files (*)"))
        if not path:
            return False
    journal = window.hub.journal
    try:
        with _Busy():
            info = verify_archive(Path(path))
    except (JournalError, OSError) as exc:
        QMessageBox.warning(window, tr("Cannot restore"), str(exc))
        return False
    answer = QMessageBox.question(
        window, tr("Restore backup"),
        tr("Replace the journal with the backup made %s (%d photos)?\n\nThe current journal "
           "is kept in a restore-undo folder inside %s, so this can be undone.")
        % (info.created or tr("at an unknown time"), info.photos, journal.data_dir),
        QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    if answer != QMessageBox.Yes:
        return False
    journal.close()
    try:
        with _Busy():
            _info, undo = restore_archive(journal.data_dir, Path(path))
    except (JournalError, OSError) as exc:
        QMessageBox.warning(window, tr("Cannot restore"), str(exc))
        return False
    finally:
        try:
            journal.reconnect()
        except JournalError as exc:  # e.g. the restored journal cannot be upgraded
            QMessageBox.critical(window, tr("Cannot open the journal"), str(exc))
            window.close()
        else:
            if not window.hub.check_outside_changes():
                window.hub.everything_changed()
    where = tr("\n\nThe previous journal is in %s.") % undo if undo else ""
    QMessageBox.information(window, tr("Restored"), tr("The backup was restored.") + where)
    return True


def _in_window_words(message: str) -> str:
    """The check's messages are written for the command line: say the window's way instead."""
    return message.replace("`check --repair` builds them",
                           tr("built as the photos are shown"))


def check_journal(window) -> int:
    """Help > Check journal: the same report as `python main.py check`, with a Repair button."""
    from journal.store.check import check_journal as run_check

    data_dir = window.hub.journal.data_dir
    try:
        with _Busy():
            report = run_check(data_dir)
    except (JournalError, OSError) as exc:
        QMessageBox.warning(window, tr("Check journal"), str(exc))
        return 2
    lines = [f"• {_in_window_words(p.message)}" for p in report.problems]
    if not report.remaining:
        summary = tr("The journal is healthy: %d days, %d photos, database integrity ok.") % (
            report.days, report.photos)
        QMessageBox.information(window, tr("Check journal"),
                                "\n\n".join([summary, "\n".join(lines)]) if lines else summary)
        return 0
    fixable = [p for p in report.problems if p.fixable and not p.fixed]
    count = len(report.remaining)
    heading = tr("1 problem found:") if count == 1 else tr("%d problems found:") % count
    box = QMessageBox(QMessageBox.Warning, tr("Check journal"),
                      heading + "\n\n" + "\n".join(lines), QMessageBox.Close, window)
    repair_button = box.addButton(tr("Repair what is safe"), QMessageBox.AcceptRole) \
        if fixable else None
    box.exec()
    if repair_button is None or box.clickedButton() is not repair_button:
        return 1
    try:
        with _Busy():
            report = run_check(data_dir, repair=True)
    except (JournalError, OSError) as exc:
        QMessageBox.warning(window, tr("Check journal"), str(exc))
        return 2
    window.hub.photos_changed.emit(None)
    lines = [f"• {p.message}" for p in report.problems]
    count = len(report.remaining)
    heading = (tr("Repaired.") if count == 0 else
               tr("1 problem remains:") if count == 1 else tr("%d problems remain:") % count)
    QMessageBox.information(window, tr("Check journal"), heading + "\n\n" + "\n".join(lines))
    return 0 if count == 0 else 1
