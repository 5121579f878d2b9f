"""The evening reminder and the tray icon (all off until the patient turns them on).

- At the chosen time (File > Settings…), while the app runs, a notification asks the patient
  to log the day: a system notification from the tray icon where the desktop has a tray,
  otherwise a small non-modal box over the window. Never on a day already logged; never
  for a day that is over (a computer woken after midnight does not remind about yesterday).
- "Log today" (clicking the notification, the tray menu item or the box's button) brings
  the window back and opens Today on today's date.
- "Keep running in the tray": closing the window hides it; the tray menu's Quit (or
  File > Quit) ends the app.

No daemon of our own and no network: a QTimer ticks while the app runs and compares an
injectable clock (a callable returning the local datetime) with the next due time, so a
suspended computer, a changed clock and tests with a fake clock all behave.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon

from journal import APP_NAME
from journal import settings as S

TICK_MS = 30_000  # how often the clock is compared with the due time (no drift, no daemon)


class Reminders(QObject):
    fired = Signal(object)  # the dt.date the patient was reminded to log

    def __init__(self, window, clock: Callable[[], dt.datetime] | None = None,
                 tick_ms: int = TICK_MS,
                 tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable):
        super().__init__(window)  # (window: the parent, see the property below)
        self.hub = window.hub
        self.clock = clock or dt.datetime.now
        self._tray_available = tray_available
        self.tray: QSystemTrayIcon | None = None
        self.box: QMessageBox | None = None  # the fallback notification, when shown
        self.due: dt.datetime | None = None  # the next reminder, when reminders are on
        self._quitting = False
        self._told_about_tray = False
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.check)
        self.hub.settings_changed.connect(self.apply_settings)
        self.apply_settings()

    @property
    def window(self):
        """The main window (our parent). Not kept in an attribute: a connection from the hub
        keeps this object's Python side alive, and it must not keep a deleted window's."""
        return self.parent()

    # -- settings -------------------------------------------------------------------------
    def _setting(self, setting):
        try:
            return S.get(self.hub.journal, setting)
        except Exception:  # noqa: BLE001 - e.g. the journal is being restored: keep defaults
            return setting.default

    def reminder_time(self) -> dt.time:
        from journal.ui.settings_dialog import parse_time

        return parse_time(self._setting(S.REMINDER_TIME))

    def keeps_in_tray(self) -> bool:
        return self.tray is not None and bool(self._setting(S.KEEP_IN_TRAY))

    def apply_settings(self) -> None:
        enabled = bool(self._setting(S.REMINDER_ENABLED))
        wants_tray = enabled or bool(self._setting(S.KEEP_IN_TRAY))
        if wants_tray and self._tray_available():
            self._show_tray()
        elif self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None
        app = QApplication.instance()
        if app is not None:  # hidden in the tray, the app must outlive its last window
            app.setQuitOnLastWindowClosed(not self.keeps_in_tray())
        if enabled:
            self.schedule(self.clock())
            self.timer.start()
        else:
            self.due = None
            self.timer.stop()

    def schedule(self, now: dt.datetime) -> None:
        """The next reminder: today at the chosen time, or tomorrow if that has passed."""
        due = dt.datetime.combine(now.date(), self.reminder_time())
        self.due = due if due > now else due + dt.timedelta(days=1)

    # -- the reminder ---------------------------------------------------------------------
    def check(self) -> bool:
        """Remind if it is time (called by the timer); True when a reminder was shown."""
        now = self.clock()
        if self.due is None or now < self.due:
            return False
        due = self.due
        self.schedule(now)
        if now.date() != due.date():
            return False  # the evening passed while the computer slept: that day is over
        try:
            logged = self.hub.journal.entry(due.date()) is not None
        except Exception:  # noqa: BLE001 - the journal is busy (restore): remind anyway
            logged = False
        if logged:
            return False
        self.notify(due.date())
        return True

    def notify(self, date: dt.date) -> None:
        text = self.tr("How is your skin today? Take a minute to log today, so your trends "
                       "and tips have the day.")
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(APP_NAME, text, QApplication.windowIcon(), 20_000)
        else:
            self._show_box(text)
        self.fired.emit(date)

    def _show_box(self, text: str) -> None:
        """No tray to notify from: a non-modal box over the window, and the taskbar flashes."""
        if self.box is not None:
            self.box.close()
        box = QMessageBox(QMessageBox.Information, self.tr("Time to log today"), text,
                          QMessageBox.NoButton, self.window)
        box.setModal(False)
        self.log_button = box.addButton(self.tr("Log today"), QMessageBox.AcceptRole)
        box.addButton(self.tr("Later"), QMessageBox.RejectRole)
        box.setDefaultButton(self.log_button)
        box.buttonClicked.connect(
            lambda button: self.log_today() if button is self.log_button else None)
        box.finished.connect(lambda _result: setattr(self, "box", None))
        self.box = box
        if self.window.isMinimized():
            self.window.showNormal()
        box.show()
        QApplication.alert(self.window)

    def log_today(self) -> None:
        """Bring the window back and open Today on today's date."""
        self.show_window()
        self.hub.open_day.emit(self.clock().date())

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    # -- the tray icon --------------------------------------------------------------------
    def _show_tray(self) -> None:
        if self.tray is None:
            tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            tray.setToolTip(APP_NAME)
            menu = QMenu()
            self.action_log_today = QAction(self.tr("Log today"), menu)
            self.action_log_today.triggered.connect(self.log_today)
            action_show = QAction(self.tr("Show window"), menu)
            action_show.triggered.connect(self.show_window)
            action_quit = QAction(self.tr("Quit"), menu)
            action_quit.triggered.connect(self.quit)
            for action in (self.action_log_today, action_show):
                menu.addAction(action)
            menu.addSeparator()
            menu.addAction(action_quit)
            tray.setContextMenu(menu)
            self._menu = menu  # the tray does not own its menu
            tray.messageClicked.connect(self.log_today)
            tray.activated.connect(self._tray_activated)
            self.tray = tray
        self.tray.show()

    def _tray_activated(self, reason) -> None:
        if reason in (QSystemTrayIcon.Trigger, QSystemTrayIcon.DoubleClick):
            self.show_window()

    # -- closing and quitting ---------------------------------------------------------------
    def hides_instead_of_closing(self) -> bool:
        """The window's closeEvent asks first: with "keep running in the tray", closing
        hides the window (and says so once); True when it did."""
        if self._quitting or not self.keeps_in_tray():
            return False
        self.window.hide()  # the form keeps what it shows: nothing is lost
        if not self._told_about_tray and self.tray is not None:
            self._told_about_tray = True
            self.tray.showMessage(APP_NAME, self.tr(
                "Still running in the tray, for your reminder. Quit from the tray menu."),
                QApplication.windowIcon(), 8_000)
        return True

    def quit(self) -> None:
        """Really quit (tray menu, File > Quit): the window closes as usual, asking first
        about unsaved changes; the app ends when it did."""
        self._quitting = True
        try:
            closed = self.window.close()
        finally:
            self._quitting = False
        if closed and self.keeps_in_tray():
            QApplication.quit()
