"""Run something once a widget has first painted, so the first frame is not held up."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer


_stopped = False


def stop_all() -> None:
    """Callbacks not yet run never will (``--quit-after-show``: the app is quitting, and a
    timer that expires in the same pass of the event loop would still run)."""
    global _stopped
    _stopped = True


class _AfterFirstPaint(QObject):
    def __init__(self, widget, callback, delay_ms: int):
        super().__init__(widget)  # dies with the widget, and so does the pending callback
        self._callback, self._delay_ms = callback, delay_ms
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(self._delay_ms, self, self._run)
        return False

    def _run(self) -> None:
        if not _stopped:
            self._callback()


def after_first_paint(widget, callback, delay_ms: int = 0) -> None:
    """Call `callback` once, `delay_ms` after `widget` receives its first paint event."""
    _AfterFirstPaint(widget, callback, delay_ms)
