"""The first thing an empty journal shows: three steps, and a sample journal to look around in.

The sample journal lives in its own folder beside the user's (``<journal>-sample``), is filled
with the demo (journal/demo.py) the first time and opens in a second window, so exploring it
never touches the user's own journal.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from journal.ui.hub import Hub

WELCOME_WIDTH = 820  # px: about 100 characters a line, the longest comfortable to read

STEPS = [
    # (page key, button, what it is for)
    ("sessions", "1. Add your session",
     "The date of your microneedling treatment, the areas and the needle depth. Every day "
     "after it is counted from it: Day 0, Day 1, …"),
    ("products", "2. Add your products",
     "What you put on your skin, with the ingredient list from the label. Ingredients that "
     "aftercare advice says to keep off freshly treated skin are marked."),
    ("today", "3. Log today",
     "Each evening, tap how red, swollen, sore, itchy and dry the skin is, count new spots "
     "and tick what you used. Tips for the day appear as you go."),
]


def sample_folder(data_dir: Path) -> Path:
    """Where the sample journal lives: a folder beside the user's, never inside it."""
    data_dir = Path(data_dir)
    return data_dir.with_name(data_dir.name + "-sample")


def make_sample_journal(folder: Path) -> Path:
    """Fill `folder` with the demo journal the first time (kept as it is afterwards)."""
    from journal.demo import build_demo
    from journal.store.journal import Journal

    with Journal.open(folder) as journal:
        if journal.is_empty():
            build_demo(journal)
    return folder


class WelcomePage(QWidget):
    """Shown instead of Today while the journal is empty; `step_chosen` carries a page key."""

    step_chosen = Signal(str)

    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        title = QLabel(self.tr("Welcome to your recovery journal"))
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr(
            "A private diary for the days after microneedling: how the skin feels, what you "
            "put on it and photos, all kept on this computer. Three steps to start:"))
        intro.setWordWrap(True)
        # Lines a person can read: the steps keep a column's width in a wide window.
        content = QWidget()
        content.setMaximumWidth(WELCOME_WIDTH)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addWidget(content, 1)
        outer.addStretch(0)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.step_buttons: dict[str, QPushButton] = {}
        for key, text, detail in STEPS:
            card = QFrame()
            card.setObjectName("welcomeStep")
            row = QHBoxLayout(card)
            button = QPushButton(self.tr(text))
            button.setObjectName("primary" if key == "sessions" else "")
            button.setMinimumWidth(200)
            button.clicked.connect(lambda _checked=False, k=key: self.step_chosen.emit(k))
            self.step_buttons[key] = button
            words = QLabel(self.tr(detail))
            words.setWordWrap(True)
            words.setObjectName("hint")
            row.addWidget(button, 0, Qt.AlignTop)
            row.addWidget(words, 1)
            layout.addWidget(card)
        # Reminders are off until the patient turns them on: here, or in File > Settings…
        from journal.ui.widgets.reminder_choice import ReminderChoice

        self.reminder = ReminderChoice(hub)
        reminder_card = QFrame()
        reminder_card.setObjectName("welcomeStep")
        QVBoxLayout(reminder_card).addWidget(self.reminder)
        layout.addWidget(reminder_card)
        layout.addSpacing(12)
        sample_card = QFrame()
        sample_card.setObjectName("welcomeStep")  # in line with the steps above
        sample_row = QHBoxLayout(sample_card)
        self.sample_button = QPushButton(self.tr("Try the sample journal"))
        self.sample_button.setAccessibleDescription(self.tr(
            "Opens a journal of made-up days in a second window; yours is not changed"))
        self.sample_button.setMinimumWidth(200)  # as wide as the step buttons
        self.sample_button.clicked.connect(self.open_sample)
        sample_words = QLabel(self.tr(
            "Look around a journal with three sessions and three months of made-up days. It "
            "opens in its own window and its own folder: your journal stays empty until you "
            "start it."))
        sample_words.setWordWrap(True)
        sample_words.setObjectName("hint")
        sample_row.addWidget(self.sample_button, 0, Qt.AlignTop)
        sample_row.addWidget(sample_words, 1)
        layout.addWidget(sample_card)
        layout.addStretch(1)

    def open_sample(self) -> Path | None:
        """Build the sample journal (first time) and open it in a second window."""
        folder = sample_folder(self.hub.journal.data_dir)
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            make_sample_journal(folder)
        except Exception as exc:  # noqa: BLE001 - say so; the user's journal is untouched
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, self.tr("Sample journal"),
                                self.tr("The sample journal could not be made: %s") % exc)
            return None
        QApplication.restoreOverrideCursor()
        code = "import sys; from journal.cli import main; sys.exit(main(sys.argv[1:]))"
        started = QProcess.startDetached(sys.executable, ["-c", code, "--data-dir", str(folder)],
                                         str(Path(__file__).resolve().parents[2]))
        ok = started[0] if isinstance(started, tuple) else bool(started)
        if not ok:
            QMessageBox.warning(self, self.tr("Sample journal"),
                                self.tr("The sample journal is in %s, but its window did not "
                                        "open.") % folder)
        return folder
