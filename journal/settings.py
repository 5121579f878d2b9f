"""Every setting the app keeps, declared once: key, default, type and the words shown for it.

Two homes, on purpose:

- ``JOURNAL`` settings live in the journal's own ``settings`` table, so they travel with the
  journal in an export or a backup (the patient's name, the questions for the dermatologist,
  how many backups to keep, reminders, units, theme).
- ``WINDOW`` settings are this computer's window state, kept in ``window.ini`` beside the
  journal (size, last page, last folder). They are never exported.

Code reads and writes a journal setting through :func:`get` and :func:`put` with one of the
``Setting`` objects below, never with a bare string key, so a typo is an ``AttributeError``
and a default is written in one place only. No Qt here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal

JOURNAL = "journal"
WINDOW = "window"


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    kind: type          # str, int or bool
    label: str          # what the Settings dialog calls it
    home: str = JOURNAL
    choices: tuple = ()  # allowed values, where there is a fixed set

    def parse(self, text: str | None) -> Any:
        """The stored text as a value of this setting's kind; the default when it is unusable."""
        if text is None or text == "":
            return self.default
        try:
            if self.kind is bool:
                value = str(text).strip().lower() in ("1", "true", "yes", "on")
            elif self.kind is int:
                value = int(text)
            else:
                value = str(text)
        except (TypeError, ValueError):
            return self.default
        if self.choices and value not in self.choices:
            return self.default
        return value

    def format(self, value: Any) -> str:
        if self.kind is bool:
            return "true" if value else "false"
        return str(value)


# -- stored in the journal ------------------------------------------------------------------
PATIENT_NAME = Setting("patient_name", "", str, "Your name (printed on the summary)")
QUESTIONS = Setting("questions", "", str, "Questions for your dermatologist")
BACKUPS_TO_KEEP = Setting("backups_to_keep", 7, int, "Daily automatic backups to keep")
REMINDER_ENABLED = Setting("reminder_enabled", False, bool, "Remind me each evening to log the day")
REMINDER_TIME = Setting("reminder_time", "20:00", str, "Reminder time")
KEEP_IN_TRAY = Setting("keep_in_tray", False, bool,
                       "Keep running in the tray when the window is closed")
TEMPERATURE_UNIT = Setting("temperature_unit", "C", str, "Temperatures in", choices=("C", "F"))
THEME = Setting("theme", "system", str, "Theme", choices=("system", "light", "dark"))

# The patient profile (journal.models.PROFILE_FIELDS): read and written through
# Journal.profile() / Journal.set_profile(), shown in the Health profile dialog, not in Settings.
PROFILE_COLD_SORES = Setting("profile_cold_sores", False, bool, "I get cold sores")
PROFILE_ISOTRETINOIN = Setting("profile_isotretinoin", False, bool,
                               "Isotretinoin in the last 6 months")
PROFILE_KELOIDS = Setting("profile_keloids", False, bool, "I tend to form keloids")
PROFILE_ACNE_FLARE = Setting("profile_acne_flare", False, bool, "Acne flare at the moment")
PROFILE: dict[str, Setting] = {
    "cold_sores": PROFILE_COLD_SORES, "isotretinoin": PROFILE_ISOTRETINOIN,
    "keloids": PROFILE_KELOIDS, "acne_flare": PROFILE_ACNE_FLARE,
}

# -- this computer's window state (window.ini) -----------------------------------------------
WINDOW_GEOMETRY = Setting("window/geometry", None, str, "Window size and place", WINDOW)
WINDOW_PAGE = Setting("window/page", "today", str, "Last page", WINDOW)
PHOTOS_LAST_FOLDER = Setting("photos/last_folder", "", str, "Last photo folder", WINDOW)
PHOTOS_LAST_AREA = Setting("photos/last_area", "", str, "Last photo area", WINDOW)
TRENDS_RANGE = Setting("trends/range", "all", str, "Trends range", WINDOW)
TRENDS_FROM = Setting("trends/from", "", str, "Trends custom range start", WINDOW)
TRENDS_TO = Setting("trends/to", "", str, "Trends custom range end", WINDOW)
TRENDS_SYMPTOMS = Setting("trends/symptoms", None, str, "Trends symptoms", WINDOW)
TRENDS_BREAKOUTS = Setting("trends/breakouts", True, bool, "Trends shows new spots", WINDOW)
TRENDS_SMOOTH = Setting("trends/smooth", False, bool, "Trends smoothing", WINDOW)
TRENDS_RECOVERY = Setting("trends/recovery", "breakouts", str, "Recovery curve measure", WINDOW)
TRENDS_DAYS = Setting("trends/days", 14, int, "Recovery curve days", WINDOW)
TRENDS_LAST_FOLDER = Setting("trends/last_folder", "", str, "Last chart image folder", WINDOW)

def get(journal: Journal, setting: Setting) -> Any:
    """A journal setting's value (its default when unset or unusable)."""
    assert setting.home == JOURNAL, setting.key
    return setting.parse(journal.setting(setting.key, ""))


def put(journal: Journal, setting: Setting, value: Any) -> None:
    """Store a journal setting (one transaction)."""
    assert setting.home == JOURNAL, setting.key
    journal.set_setting(setting.key, setting.format(value))
