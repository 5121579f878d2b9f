"""Start the GUI: QApplication, the journal, the main window."""
from __future__ import annotations

import os
import sys
import threading

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from journal import format as fmt
from journal import APP_NAME
from journal.models import JournalError
from journal.paths import resolve_data_dir, write_whole
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal


def window_settings(data_dir) -> QSettings:
    """Window state lives beside the journal, so each journal (and each test) has its own."""
    return QSettings(str(data_dir / "window.ini"), QSettings.IniFormat)


START_TEXTS = "cache/start-texts.txt"  # in the journal's folder (its "cache" is ours)


def remember_start_texts(data_dir) -> None:
    """The dates the first window showed last time (journal.format.remember_texts)."""
    try:
        text = (data_dir / START_TEXTS).read_text(encoding="utf-8")
    except (OSError, ValueError):
        text = ""
    fmt.remember_texts(dict(line.split("\t", 1) for line in text.split("\n") if "\t" in line))


def check_start_texts(window=None) -> None:
    """Just after the first paint: the remembered dates worked out with Babel; if one was
    wrong (another locale, a new Babel), Today writes its date and day label anew."""
    if not fmt.check_remembered() and window is not None:
        today = window._widgets.get("today")
        if today is not None:
            from journal.ui.widgets.date_field import use_app_date_format

            use_app_date_format(today.date_edit)
            today._show_day_label()


def store_start_texts(data_dir) -> None:
    """What the first window needed (worked out by Babel), kept for the next start."""
    texts = fmt.remembered_texts()
    lines = "\n".join(f"{key}\t{value}" for key, value in sorted(texts.items())
                      if "\n" not in key + value and "\t" not in key + value)
    path = data_dir / START_TEXTS
    try:
        if lines and (not path.exists() or path.read_text(encoding="utf-8") != lines):
            write_whole(path, lines.encode("utf-8"))
    except (OSError, ValueError):
        pass  # only a little slower next time


def load_style(app: QApplication) -> None:
    """The style sheet, its named colours (@accent ...) in the current theme (journal.ui.theme)."""
    from journal.resources import read_text

    from journal.ui import theme

    try:
        text = read_text("style.qss")
    except OSError:
        return  # running without the resource files: Qt's default look
    app.setStyleSheet(theme.style_sheet(text))


def set_app_identity(app: QApplication) -> None:
    """Name and desktop entry id: the taskbar and the dock know the app (the icon follows
    once the window shows: :func:`set_app_icon`)."""
    from journal.desktop import APP_ID

    app.setApplicationName(APP_NAME)
    app.setOrganizationName("SkinRecoveryJournal")
    app.setDesktopFileName(APP_ID)  # Wayland app id; matches the installed .desktop file


def set_app_icon(app: QApplication) -> None:
    """The window's and the taskbar's icon. Set just after the first paint: loading it
    (and Qt's icon classes) is a few ms the first frame does not need, and the desktop
    shows the new icon at once."""
    from PySide6.QtGui import QIcon

    from journal.desktop import ICON_FILE
    from journal.resources import resource_path

    icon = QIcon(str(resource_path(ICON_FILE)))
    if not icon.isNull():
        app.setWindowIcon(icon)


def run_app(args) -> int:
    from journal.ui import theme

    app = QApplication.instance() or theme.application(sys.argv)
    set_app_identity(app)
    from journal.ui.collector import collect_on_gui_thread

    collect_on_gui_thread(app)  # never a collection on a pool thread (see collector.py)
    data_dir = resolve_data_dir(args.data_dir)
    remember_start_texts(data_dir)  # the first window's dates without loading Babel
    if not os.environ.get("JOURNAL_LOCALE"):
        from PySide6.QtCore import QLocale

        fmt.set_locale(QLocale.system().name())  # the app writes dates as the desktop does
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
    from journal.ui.errors import install_excepthook, log_started, setup_logging
    from journal.ui.hub import Hub
    from journal.ui.main_window import MainWindow

    setup_logging(journal.data_dir, started=False)  # (the file opens at the first record)
    install_excepthook()
    theme.apply(app, settings.get(journal, settings.THEME))  # light, dark or the desktop's

    hub = Hub(journal, window_settings(journal.data_dir))
    window = MainWindow(hub, welcome=True)  # an empty journal opens on the welcome
    # The style sheet goes on once the window is built. Set before, every part of a page put
    # into its parent (a rating row into its box, the box into the form, the form into the
    # page ...) would carry the sheet down its whole subtree again; set now, Qt styles each
    # widget once, before the first paint (~15 ms of every start).
    load_style(app)
    from journal.ui.widgets.first_paint import after_first_paint

    def after_the_first_paint() -> None:
        set_app_icon(app)
        log_started()
        check_start_texts(window)
        store_start_texts(journal.data_dir)
    # (a frame after the first paint, as Today's side column; a start-up timing run has
    # quit by then, and keeps the texts it worked out at its exit)
    after_first_paint(window, after_the_first_paint, delay_ms=16)
    # matplotlib etc. in the background once the window shows (perf); not for a start-up
    # timing run, which would only wait for it at exit
    window.warm_up_after_show = not args.quit_after_show
    if args.quit_after_show:
        from journal.ui.widgets import first_paint

        def quit_now() -> None:  # start-up timing: painted once, then quit
            first_paint.stop_all()  # (what waits for the first paint is not part of it)
            app.quit()
        after_first_paint(window, quit_now)
    window.show()
    try:
        return app.exec()
    finally:
        from journal.ui.tasks import cancel_all, wait_for_pools

        cancel_all()      # what checks for it stops early (an import after its current photo)
        wait_for_pools()  # the rest ends before the journal closes
        if fmt.remembering():  # (quit before the first texts were checked)
            store_start_texts(journal.data_dir)
        close_journal(hub.journal, backup=not args.quit_after_show, interactive=True)
        hub.settings.sync()
        lock.unlock()
        global _ended_in_order
        _ended_in_order = True
        # Nothing left needs collecting: the process ends. Frozen, the ~50,000 objects of
        # the app are not scanned by the collection Python runs at exit (~25 ms).
        import gc

        gc.freeze()


_ended_in_order = False  # run_app got to its end: journal closed, lock released


def end_process(code: int) -> None:
    """End the process at once after the window has closed in order (``journal.cli.run``).

    Everything that keeps the patient's data is done by then: the journal saved, backed up
    and closed, its lock released, the window's settings written, no task running, the log
    flushed here. What is skipped is teardown with nothing to keep: Qt deleting every widget
    and PySide its Python side (~10 ms at every quit). Returns, for Python's usual ending,
    when run_app did not finish, when a thread still runs, or when the clipboard holds
    something copied in the app: Qt hands that to the desktop's clipboard manager as it is
    torn down, so it stays pasteable after the app has gone."""
    if not _ended_in_order or threading.active_count() > 1:
        return
    app = QApplication.instance()
    if app is not None and app.clipboard().ownsClipboard():
        return
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a reader that went away
            pass
    os._exit(code)


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
    from journal.store.check import quick_check
    from journal.store.journal import Journal, refuse_new_journal_beside_data
    from journal.store.restore import (
        finish_unfinished_restore, newest_good_backup, restore_archive,
    )

    finish_unfinished_restore(data_dir)  # a restore killed midway: finished or undone first
    problem = quick_check(data_dir)
    text = (f"The journal in {data_dir} looks damaged: {problem}. "
            "Nothing has been written to it.")
    if problem is None:
        try:
            refuse_new_journal_beside_data(data_dir)
        except JournalError as exc:  # journal.db gone, its photos and backups still there
            problem = text = str(exc)
    if problem is not None:
        found = newest_good_backup(data_dir)
        if found is None:
            raise JournalError(text + " There is no good automatic backup to restore; run "
                               "`skin-journal check` for details, or restore a backup you "
                               "made with `skin-journal restore FILE`.")
        path, info = found
        if not interactive:
            raise JournalError(text + f" The newest good automatic backup is {path}; restore it "
                               f"with `skin-journal restore {path}`.")
        answer = QMessageBox.question(
            parent, APP_NAME,
            text + f"\n\nRestore the newest good automatic backup, made {info.created}?\n"
            "The damaged journal will be kept aside in a restore-undo folder.",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer != QMessageBox.Yes:
            return None
        restore_archive(data_dir, path)
    return Journal.open(data_dir)


def close_journal(journal: Journal, backup: bool = True, interactive: bool = False) -> None:
    """The daily automatic backup (see journal.store.backup.auto_backup), then close.

    A failed backup is logged and, with `interactive`, shown to the user (the journal
    itself is saved; only today's safety copy is missing).
    """
    if backup and not journal.is_empty():
        from journal.store.backup import auto_backup

        try:
            auto_backup(journal)
        except (JournalError, OSError) as exc:
            import logging

            logging.getLogger("journal").warning("automatic backup failed: %s", exc)
            print(f"warning: the automatic backup failed: {exc}", file=sys.stderr)
            if interactive and QApplication.instance() is not None:
                QMessageBox.warning(
                    None, APP_NAME,
                    f"Your journal is saved, but today's automatic backup failed: {exc}\n\n"
                    "Use File > Back up… to make a copy yourself.")
    journal.close()
