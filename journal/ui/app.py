"""Start the GUI: QApplication, the journal, the main window."""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from journal import format as fmt
from journal import APP_NAME
from journal.models import JournalError
from journal.paths import resolve_data_dir


def window_settings(data_dir) -> QSettings:
    """Window state lives beside the journal, so each journal (and each test) has its own."""
    return QSettings(str(data_dir / "window.ini"), QSettings.IniFormat)


def load_style(app: QApplication) -> None:
    """The style sheet, its named colours (@accent ...) in the current theme (journal.ui.theme)."""
    from importlib.resources import files

    from journal.ui import theme

    try:
        text = (files("journal").parent / "resources" / "style.qss").read_text()
    except OSError:
        return  # running without the resources folder: Qt's default look
    app.setStyleSheet(theme.style_sheet(text))


def run_app(args) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("SkinRecoveryJournal")
    if not os.environ.get("JOURNAL_LOCALE"):
        from PySide6.QtCore import QLocale

        fmt.set_locale(QLocale.system().name())  # the app writes dates as the desktop does
    load_style(app)
    data_dir = resolve_data_dir(args.data_dir)
    try:
        lock = lock_journal(data_dir)
        journal = open_checked_journal(data_dir, interactive=not args.quit_after_show)
    except JournalError as exc:
        if args.quit_after_show:
            raise
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    if journal is None:  # damaged, and the user chose not to restore a backup
        lock.unlock()
        return 2

    from journal import settings
    from journal.ui import theme
    from journal.ui.hub import Hub
    from journal.ui.main_window import MainWindow

    theme.apply(app, settings.get(journal, settings.THEME))  # light, dark or the desktop's
    load_style(app)

    hub = Hub(journal, window_settings(journal.data_dir))
    window = MainWindow(hub)
    window.warm_up_after_show = True  # matplotlib etc. in the background once idle (perf)
    if args.quit_after_show:
        from journal.ui.widgets.first_paint import after_first_paint

        after_first_paint(window, app.quit)  # start-up timing: painted once, then quit
    window.show()
    try:
        return app.exec()
    finally:
        close_journal(hub.journal, backup=not args.quit_after_show)
        lock.unlock()


# -- journal safety: one app per journal, a check before opening, a backup on close -------
def lock_journal(data_dir):
    """Take the journal's single-instance lock (QLockFile in the data dir), or say who has it."""
    from PySide6.QtCore import QLockFile

    from journal.paths import LOCK_NAME, prepare_data_dir

    prepare_data_dir(data_dir)
    lock = QLockFile(str(data_dir / LOCK_NAME))
    lock.setStaleLockTime(0)  # held for the whole session; a dead holder is still detected
    if not lock.tryLock(0):
        if lock.error() == QLockFile.LockFailedError:
            info = lock.getLockInfo()  # PySide6: (pid, host, app); some bindings add an ok flag
            pid = info[-3] if len(info) >= 3 and isinstance(info[-3], int) else 0
            who = f" (process {pid})" if pid > 0 else ""
            raise JournalError(
                f"this journal ({data_dir}) is already open in another window{who}; "
                "switch to that window instead, or close it first")
        raise JournalError(f"cannot lock the journal in {data_dir}: the folder is not writable")
    return lock


def open_checked_journal(data_dir, interactive: bool = True, parent=None):
    """Open the journal after a cheap `PRAGMA quick_check` that writes nothing.

    If the check fails, nothing is written to that journal: the user is offered
    the newest good automatic backup (the damaged journal is kept aside in a
    restore-undo folder). Returns None if they decline; raises JournalError when
    there is nothing to offer or when not interactive.
    """
    from journal.store.backup import newest_good_backup, quick_check, restore_archive
    from journal.store.journal import Journal

    problem = quick_check(data_dir)
    if problem is not None:
        text = (f"The journal in {data_dir} looks damaged: {problem}. "
                "Nothing has been written to it.")
        found = newest_good_backup(data_dir)
        if found is None:
            raise JournalError(text + " There is no good automatic backup to restore; run "
                               "`python main.py check` for details, or restore a backup you "
                               "made with `python main.py restore FILE`.")
        path, info = found
        if not interactive:
            raise JournalError(text + f" The newest good automatic backup is {path}; restore it "
                               f"with `python main.py restore {path}`.")
        answer = QMessageBox.question(
            parent, APP_NAME,
            text + f"\n\nRestore the newest good automatic backup, made {info.created}?\n"
            "The damaged journal will be kept aside in a restore-undo folder.",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer != QMessageBox.Yes:
            return None
        restore_archive(data_dir, path)
    return Journal.open(data_dir)


def close_journal(journal, backup: bool = True) -> None:
    """The daily automatic backup (see journal.store.backup.auto_backup), then close."""
    if backup and not journal.is_empty():
        from journal.store.backup import auto_backup

        try:
            auto_backup(journal)
        except (JournalError, OSError) as exc:
            print(f"warning: the automatic backup failed: {exc}", file=sys.stderr)
    journal.close()
