"""The start-up floor: a bare PySide6 window that quits after its first paint.

It does exactly what `main.py --quit-after-show` does around the app itself:
QApplication, one empty QMainWindow of the same size, quit on the first Paint.
`--rss` prints the peak resident memory (VmHWM) in MB on exit (the memory floor).
"""
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class QuitAfterPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1180, 780)
    watcher = QuitAfterPaint(window)
    window.installEventFilter(watcher)
    window.show()
    code = app.exec()
    if "--rss" in sys.argv:
        from probes import peak_mb  # VmHWM: this process's own peak (see probes.peak_mb)

        print(peak_mb())
    return code


if __name__ == "__main__":
    sys.exit(main())
