"""The GUI (PySide6). Every module of journal.ui imports through here first, so PySide6 is
set up as journal/qt.py says (without its ``__feature__`` import hook), in the app and in
the tests alike."""
import journal.qt  # noqa: F401
