"""The Health profile dialog: the history a clinic asks about, used by the tips.

One check box per item of :data:`journal.models.PROFILE_FIELDS`; OK saves them all in
one transaction through ``Journal.set_profile`` and tells the hub, so the tips follow.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout,
)

from journal.models import PROFILE_FIELDS, JournalError


class ProfileDialog(QDialog):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle(self.tr("Health profile"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Clinics ask about these before a session. Your answers stay in this journal "
            "and let the tips remind you what to mention, for example antiviral cover if "
            "you get cold sores."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        profile = hub.journal.profile()
        self.boxes: dict[str, QCheckBox] = {}
        for name, (_option, question) in PROFILE_FIELDS.items():
            box = QCheckBox(self.tr(question))
            box.setChecked(getattr(profile, name))
            box.setObjectName(f"profile_{name}")
            self.boxes[name] = box
            layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def answers(self) -> dict[str, bool]:
        return {name: box.isChecked() for name, box in self.boxes.items()}

    def accept(self) -> None:
        try:
            self.hub.journal.set_profile(**self.answers())
        except JournalError as exc:
            QMessageBox.warning(self, self.tr("Not saved"), str(exc))
            return
        self.hub.settings_changed.emit()
        super().accept()


def edit_profile(window) -> None:
    """File > Health profile…: show the dialog for the window's journal."""
    ProfileDialog(window.hub, window).exec()
