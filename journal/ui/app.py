"""Start the GUI: QApplication, the journal, the main window."""
from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from journal import APP_NAME
from journal.models import JournalError
from journal.paths import resolve_data_dir


def window_settings(data_dir) -> QSettings:
    """Window state lives beside the journal, so each journal (and each test) has its own."""
    return QSettings(str(data_dir / "window.ini"), QSettings.IniFormat)


def load_style(app: QApplication) -> None:
    from importlib.resources import files

    try:
        app.setStyleSheet((files("journal").parent / "resources" / "style.qss").read_text())
    except OSError:
        pass  # running without the resources folder: Qt's default look


class _QuitAfterPaint(QObject):
    """Quit once the main window has been painted (for `--quit-after-show`)."""

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


def run_app(args) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("SkinRecoveryJournal")
    load_style(app)
    data_dir = resolve_data_dir(args.data_dir)
    try:
        from journal.store.journal import Journal

        journal = Journal.open(data_dir)
    except JournalError as exc:
        if args.quit_after_show:
            raise
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2

    from journal.ui.hub import Hub
    from journal.ui.main_window import MainWindow

    hub = Hub(journal, window_settings(journal.data_dir))
    window = MainWindow(hub)
    if args.quit_after_show:
        watcher = _QuitAfterPaint(window)
        window.installEventFilter(watcher)
    window.show()
    try:
        return app.exec()
    finally:
        journal.close()
