"""File > Settings… (Ctrl+,): the patient's choices, in one dialog built from journal/settings.py.

Each field is one ``Setting`` (its label is the field's words). OK writes only what changed
and then emits ``hub.settings_changed`` once, so every page (and the reminders, and the
theme) follows. "Open at login" is not a journal setting: it is this computer's XDG
autostart entry (journal/desktop.py), so its state is whether that file exists.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import sys

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit,
    QMessageBox, QSpinBox, QSystemTrayIcon, QTimeEdit, QVBoxLayout,
)

from journal import settings as S
from journal.models import JournalError

UNIT_NAMES = {"C": "°C (Celsius)", "F": "°F (Fahrenheit)"}
THEME_NAMES = {"system": "Same as the system", "light": "Light", "dark": "Dark"}


def parse_time(text: str) -> dt.time:
    """'20:00' -> 20:00; the setting's default for anything else."""
    try:
        return dt.time.fromisoformat(str(text).strip())
    except ValueError:
        return dt.time.fromisoformat(S.REMINDER_TIME.default)


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def autostart_supported() -> bool:
    return sys.platform.startswith("linux") or "bsd" in sys.platform


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class SettingsDialog(QDialog):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.journal = hub.journal
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(500)

        # -- you ------------------------------------------------------------------------------
        self.patient_name = QLineEdit()
        you = QGroupBox(self.tr("You"))
        form = QFormLayout(you)
        form.addRow(self.tr(S.PATIENT_NAME.label), self.patient_name)

        # -- reminders ------------------------------------------------------------------------
        self.reminder_enabled = QCheckBox(self.tr(S.REMINDER_ENABLED.label))
        self.reminder_time = QTimeEdit()
        self.reminder_time.setDisplayFormat("HH:mm")
        self.reminder_time.setMaximumWidth(110)
        self.keep_in_tray = QCheckBox(self.tr(S.KEEP_IN_TRAY.label))
        self.open_at_login = QCheckBox(self.tr("Open the app when I log in"))
        reminders = QGroupBox(self.tr("Reminders"))
        column = QVBoxLayout(reminders)  # (a form layout clips its wrapped full-width hints)
        column.addWidget(self.reminder_enabled)
        time_row = QHBoxLayout()
        time_label = QLabel(self.tr(S.REMINDER_TIME.label))
        time_label.setBuddy(self.reminder_time)
        time_row.addWidget(time_label)
        time_row.addWidget(self.reminder_time)
        time_row.addStretch(1)
        column.addLayout(time_row)
        column.addWidget(_hint(self.tr("A notification while the app is running, only on days "
                                       "you have not logged yet. Nothing leaves this computer.")))
        column.addWidget(self.keep_in_tray)
        if not tray_available():
            self.keep_in_tray.setEnabled(False)
            column.addWidget(_hint(self.tr("This desktop has no system tray: the reminder shows "
                                           "in the window, and closing the window quits.")))
        column.addWidget(self.open_at_login)
        if not autostart_supported():
            self.open_at_login.setEnabled(False)
        self.reminder_enabled.toggled.connect(self.reminder_time.setEnabled)

        # -- backups --------------------------------------------------------------------------
        from journal.store.backup import BACKUPS

        self.backups_to_keep = QSpinBox()
        self.backups_to_keep.setRange(0, 365)
        self.backups_to_keep.setSpecialValueText(self.tr("off"))
        self.backups_to_keep.setMaximumWidth(110)
        backups = QGroupBox(self.tr("Automatic backups"))
        form = QFormLayout(backups)
        form.addRow(self.tr(S.BACKUPS_TO_KEEP.label), self.backups_to_keep)
        # (the folder's path broke mid-word across lines: it is in the tooltip instead)
        where = QLabel(self.tr("When you close the app, once a day, a backup is written to the "
                               "“%s” folder of your journal (File > Open data folder). "
                               "0 turns them off.") % BACKUPS)
        where.setToolTip(str(self.journal.data_dir / BACKUPS))
        where.setObjectName("hint")
        where.setWordWrap(True)
        form.addRow(where)

        # -- display --------------------------------------------------------------------------
        self.temperature_unit = QComboBox()
        for key in S.TEMPERATURE_UNIT.choices:
            self.temperature_unit.addItem(self.tr(UNIT_NAMES[key]), key)
        self.theme = QComboBox()
        for key in S.THEME.choices:
            self.theme.addItem(self.tr(THEME_NAMES[key]), key)
        display = QGroupBox(self.tr("Display"))
        form = QFormLayout(display)
        form.addRow(self.tr(S.TEMPERATURE_UNIT.label), self.temperature_unit)
        form.addRow(self.tr(S.THEME.label), self.theme)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for box in (you, reminders, backups, display):
            layout.addWidget(box)
        layout.addWidget(self.buttons)
        self.load()
        # Qt underestimates the height of wrapped hints at first: start at the full height.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    # -- values -----------------------------------------------------------------------------
    def load(self) -> None:
        from journal.desktop import autostart_enabled

        get = lambda setting: S.get(self.journal, setting)  # noqa: E731
        self.patient_name.setText(get(S.PATIENT_NAME))
        self.reminder_enabled.setChecked(get(S.REMINDER_ENABLED))
        time = parse_time(get(S.REMINDER_TIME))
        self.reminder_time.setTime(QTime(time.hour, time.minute))
        self.reminder_time.setEnabled(self.reminder_enabled.isChecked())
        self.keep_in_tray.setChecked(get(S.KEEP_IN_TRAY))
        self.open_at_login.setChecked(autostart_supported() and autostart_enabled())
        self.backups_to_keep.setValue(max(0, min(365, get(S.BACKUPS_TO_KEEP))))
        self.temperature_unit.setCurrentIndex(self.temperature_unit.findData(
            get(S.TEMPERATURE_UNIT)))
        self.theme.setCurrentIndex(self.theme.findData(get(S.THEME)))

    def values(self) -> dict:
        """The journal settings as the dialog shows them now."""
        time = self.reminder_time.time()
        return {
            S.PATIENT_NAME: self.patient_name.text().strip(),
            S.REMINDER_ENABLED: self.reminder_enabled.isChecked(),
            S.REMINDER_TIME: f"{time.hour():02d}:{time.minute():02d}",
            S.KEEP_IN_TRAY: self.keep_in_tray.isChecked(),
            S.BACKUPS_TO_KEEP: self.backups_to_keep.value(),
            S.TEMPERATURE_UNIT: self.temperature_unit.currentData(),
            S.THEME: self.theme.currentData(),
        }

    def save(self) -> bool:
        """Write what changed; True when everything was written."""
        from journal import desktop

        changed = False
        try:
            for setting, value in self.values().items():
                if S.get(self.journal, setting) != value:
                    S.put(self.journal, setting, value)
                    changed = True
            wanted = self.open_at_login.isChecked()
            if self.open_at_login.isEnabled() and wanted != desktop.autostart_enabled():
                desktop.set_autostart(wanted)
                changed = True
        except (JournalError, OSError, sqlite3.Error) as exc:
            QMessageBox.warning(self, self.tr("Settings not saved"), str(exc))
            return False
        finally:
            if changed:
                self.hub.settings_changed.emit()
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()


def show_settings(window) -> SettingsDialog:
    """File > Settings…: the dialog, window-modal (the app goes on, e.g. reminders)."""
    dialog = SettingsDialog(window.hub, window)
    dialog.open()
    return dialog
