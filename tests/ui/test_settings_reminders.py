"""File > Settings… and the evening reminder (journal/ui/settings_dialog.py, journal/ui/tray.py).

The reminder runs on a fake clock and a fast QTimer: the test moves the clock past the
chosen time and waits for the reminder, then clicks "Log today" as a patient would.
Offscreen there is no system tray, so the app's own fallback (a box over the window) is
what gets clicked; the tray path is driven through the same scheduler with a tray forced on.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from journal import desktop
from journal import settings as S
from journal.models import DayEntry
from journal.ui.settings_dialog import SettingsDialog
from journal.ui.tray import Reminders
from tests.safety_helpers import dispose, open_window

TODAY = dt.date.today()


class FakeClock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def window(qtbot, journal):
    win = open_window(qtbot, journal)
    win.show()
    yield win
    dispose(win)


def test_everything_is_off_by_default(window, journal):
    assert not S.get(journal, S.REMINDER_ENABLED) and not S.get(journal, S.KEEP_IN_TRAY)
    assert window.reminders.due is None and not window.reminders.timer.isActive()
    assert window.reminders.tray is None
    assert not desktop.autostart_file().exists()


def test_settings_dialog_writes_every_setting_and_tells_the_pages(qtbot, window, journal):
    assert window.action_settings.shortcut().toString() == "Ctrl+,"
    told = []
    window.hub.settings_changed.connect(lambda: told.append(True))
    dialog = SettingsDialog(window.hub, window)
    qtbot.addWidget(dialog)
    assert not dialog.reminder_time.isEnabled()  # follows the reminder checkbox
    dialog.patient_name.setText("  Ana Ruiz ")
    dialog.reminder_enabled.setChecked(True)
    assert dialog.reminder_time.isEnabled()
    dialog.reminder_time.setTime(dialog.reminder_time.time().fromString("21:15", "HH:mm"))
    dialog.backups_to_keep.setValue(14)
    dialog.temperature_unit.setCurrentIndex(dialog.temperature_unit.findData("F"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.open_at_login.setChecked(True)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)

    assert dialog.result() == dialog.DialogCode.Accepted and told == [True]
    assert S.get(journal, S.PATIENT_NAME) == "Ana Ruiz"
    assert S.get(journal, S.REMINDER_ENABLED) is True
    assert S.get(journal, S.REMINDER_TIME) == "21:15"
    from journal.store.backup import backups_to_keep
    assert backups_to_keep(journal) == 14  # what the automatic backup reads
    assert S.get(journal, S.TEMPERATURE_UNIT) == "F" and S.get(journal, S.THEME) == "dark"
    # Open at login: an XDG autostart entry under $XDG_CONFIG_HOME, removed when unticked.
    autostart = Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / f"{desktop.APP_ID}.desktop"
    assert autostart.is_file() and "Exec=" in autostart.read_text()
    # The reminders followed the signal: due at 21:15 today or tomorrow.
    assert window.reminders.due.time() == dt.time(21, 15) and window.reminders.timer.isActive()

    again = SettingsDialog(window.hub, window)
    qtbot.addWidget(again)
    assert again.patient_name.text() == "Ana Ruiz" and again.open_at_login.isChecked()
    again.open_at_login.setChecked(False)
    again.reminder_enabled.setChecked(False)
    again.accept()
    assert not autostart.exists() and window.reminders.due is None


def test_report_page_and_settings_share_the_patient_name(qtbot, window, journal):
    report = window.page("report")
    report.name_edit.setText("Bo Lind")
    report.save()
    dialog = SettingsDialog(window.hub, window)
    qtbot.addWidget(dialog)
    assert dialog.patient_name.text() == "Bo Lind"
    dialog.patient_name.setText("Bo Lindqvist")
    dialog.accept()
    assert report.name_edit.text() == "Bo Lindqvist"


def test_cancel_writes_nothing(qtbot, window, journal):
    dialog = SettingsDialog(window.hub, window)
    qtbot.addWidget(dialog)
    dialog.reminder_enabled.setChecked(True)
    dialog.patient_name.setText("Someone")
    dialog.reject()
    assert S.get(journal, S.REMINDER_ENABLED) is False and S.get(journal, S.PATIENT_NAME) == ""


def _reminders(window, journal, clock, **kwargs) -> Reminders:
    S.put(journal, S.REMINDER_ENABLED, True)
    S.put(journal, S.REMINDER_TIME, "20:00")
    window.reminders.timer.stop()  # the window's own, on the real clock: not this test's
    # the window's closeEvent asks its own Reminders: this one replaces it
    window.reminders = Reminders(window, clock=clock, tick_ms=5, **kwargs)
    return window.reminders


def test_evening_reminder_fires_and_log_today_opens_today(qtbot, window, journal):
    window.show_page("history")
    clock = FakeClock(dt.datetime.combine(TODAY, dt.time(19, 59, 30)))
    reminders = _reminders(window, journal, clock)
    assert reminders.due == dt.datetime.combine(TODAY, dt.time(20, 0))
    assert reminders.check() is False  # not yet
    assert reminders.tray is None  # offscreen: no system tray here

    clock.now = dt.datetime.combine(TODAY, dt.time(20, 0, 5))
    with qtbot.waitSignal(reminders.fired, timeout=5000) as fired:
        pass  # the timer notices the clock
    assert fired.args == [TODAY]
    assert reminders.due == dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(20, 0))
    box = reminders.box
    assert box is not None and box.isVisible() and not box.isModal()

    qtbot.mouseClick(reminders.log_button, Qt.LeftButton)
    assert window.current_key() == "today"
    assert window.page("today").date() == TODAY
    assert window.isVisible()
    qtbot.waitUntil(lambda: reminders.box is None)


def test_no_reminder_on_a_day_already_logged(qtbot, window, journal):
    journal.save_entry(DayEntry(date=TODAY, redness=2))
    clock = FakeClock(dt.datetime.combine(TODAY, dt.time(19, 0)))
    reminders = _reminders(window, journal, clock)
    fired = []
    reminders.fired.connect(fired.append)
    clock.now = dt.datetime.combine(TODAY, dt.time(20, 1))
    assert reminders.check() is False and fired == [] and reminders.box is None
    assert reminders.due.date() == TODAY + dt.timedelta(days=1)  # tomorrow's is still due


def test_no_reminder_for_a_day_that_is_over(qtbot, window, journal):
    """The computer slept through the evening and woke after midnight."""
    clock = FakeClock(dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(19, 0)))
    reminders = _reminders(window, journal, clock)
    clock.now = dt.datetime.combine(TODAY, dt.time(0, 30))
    assert reminders.check() is False and reminders.box is None
    assert reminders.due == dt.datetime.combine(TODAY, dt.time(20, 0))


def test_started_after_the_reminder_time_waits_for_tomorrow(qtbot, window, journal):
    clock = FakeClock(dt.datetime.combine(TODAY, dt.time(22, 0)))
    reminders = _reminders(window, journal, clock)
    assert reminders.due == dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(20, 0))


def test_tray_notification_click_and_keep_in_tray(qtbot, window, journal, monkeypatch):
    """Where a tray exists: the notification's click opens Today; closing keeps it running."""
    S.put(journal, S.KEEP_IN_TRAY, True)
    clock = FakeClock(dt.datetime.combine(TODAY, dt.time(19, 59)))
    reminders = _reminders(window, journal, clock, tray_available=lambda: True)
    assert reminders.tray is not None and reminders.keeps_in_tray()
    assert not QApplication.instance().quitOnLastWindowClosed()
    shown = []
    monkeypatch.setattr(reminders.tray, "supportsMessages", lambda: True)
    monkeypatch.setattr(reminders.tray, "showMessage", lambda *args: shown.append(args))

    window.close()  # hides to the tray instead
    assert not window.isVisible() and shown and "tray" in shown[-1][1]

    clock.now = dt.datetime.combine(TODAY, dt.time(20, 0))
    assert reminders.check() is True and reminders.box is None
    assert "log today" in shown[-1][1].lower()
    reminders.tray.messageClicked.emit()
    assert window.isVisible() and window.current_key() == "today"
    assert window.page("today").date() == TODAY

    window.show_page("history")
    reminders.action_log_today.trigger()  # the tray menu's item does the same
    assert window.current_key() == "today"

    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    reminders.quit()  # tray menu > Quit: really closes
    assert not window.isVisible() and quits == [True]
    S.put(journal, S.KEEP_IN_TRAY, False)
    window.hub.settings_changed.emit()
    assert QApplication.instance().quitOnLastWindowClosed()
