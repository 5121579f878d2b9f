"""The journal shared by all pages, plus the signals that tell pages what changed.

Pages never talk to each other directly: a page that saves something emits the
matching signal here, and every page that shows that data refreshes itself.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QSettings, Signal

from journal.store.journal import Journal


class Hub(QObject):
    entries_changed = Signal(object)   # the dt.date saved or deleted (None: many)
    sessions_changed = Signal()
    products_changed = Signal()
    photos_changed = Signal(object)    # the dt.date whose photos changed (None: many)
    settings_changed = Signal()
    open_day = Signal(object)          # ask the Today page to show this dt.date
    show_page = Signal(str)            # ask the main window to show a page by key
    open_photo = Signal(int)           # ask the main window to show this photo in the viewer

    def __init__(self, journal: Journal, settings: QSettings, parent=None):
        super().__init__(parent)
        self.journal = journal
        self.settings = settings
        self._seen_version = journal.data_version()

    def everything_changed(self) -> None:
        """Something outside this window wrote to the journal: refresh every page."""
        self.sessions_changed.emit()
        self.products_changed.emit()
        self.entries_changed.emit(None)
        self.photos_changed.emit(None)

    def check_outside_changes(self) -> bool:
        """Refresh the pages if another process (the CLI, say) changed the journal."""
        version = self.journal.data_version()
        if version != self._seen_version:
            self._seen_version = version
            self.everything_changed()
            return True
        return False

    @staticmethod
    def today() -> dt.date:
        return dt.date.today()
