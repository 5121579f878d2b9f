"""Date fields that write dates as the rest of the app does (journal.format's locale)."""
from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateEdit

from journal import format as fmt


def use_app_date_format(edit: QDateEdit, kind: str = "weekday") -> QDateEdit:
    """Show `edit`'s date in the app's locale and order ("Wed, 2 Dec 2026" in en_GB, not
    "Wed 2 Dec 2026"), with month and weekday names of that locale."""
    edit.setLocale(QLocale(fmt.current_locale()))
    edit.setDisplayFormat(fmt.qt_date_format(kind))
    return edit
