"""PySide6 imported the way this app uses it, for the GUI (journal.ui) and the printed brief.

PySide6 replaces ``builtins.__import__`` with a hook for its opt-in ``from __feature__
import snake_case, true_property``; as a side effect, after every import statement it reads
the source of each module it has not seen yet to look for "PySide6" (~120 modules: ~15 ms of
the app's start-up, ~20 ms of a brief). The app uses no ``__feature__``, so the import
PySide6 wrapped (``builtins.__orig_import__``, its lazy loading of Qt classes) is put back:
the same modules are imported, without the reading. Import this module before PySide6's
others; importing it again does nothing.
"""
import builtins

import PySide6.QtCore  # noqa: F401  (installs the hook, once per process)

if builtins.__import__ is getattr(builtins, "__feature_import__", None) and \
        hasattr(builtins, "__orig_import__"):
    builtins.__import__ = builtins.__orig_import__
