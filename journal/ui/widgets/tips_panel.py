"""The aftercare tips beside the Today form: what to know today, and why.

`TipsPanel` shows a list of :class:`journal.care.tips.Tip` as cards (urgent in red,
caution in amber, info in blue), each with its title, body and the facts from the
log that made it match. `follow(page, hub)` keeps it in step with a page that has
``date()``, ``current_entry()`` and a ``form_changed`` signal (the Today page),
so the tips change as the form is filled in, before anything is saved.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QStyle, QVBoxLayout, QWidget,
)

from journal import format as fmt
from journal.care.tips import DISCLAIMER, Tip, matched_tips
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal

DEBOUNCE_MS = 150

# severity -> (label, accent colour, background, standard icon)
# (colours are journal.ui.theme names, so both themes read well)
SEVERITY_LOOK = {
    "urgent": ("Urgent", "red_flag", "red_flag_soft", QStyle.SP_MessageBoxCritical),
    "caution": ("Caution", "caution", "caution_soft", QStyle.SP_MessageBoxWarning),
    "info": ("Good to know", "accent", "chip", QStyle.SP_MessageBoxInformation),
}

_STYLE = """
QLabel#tipsHeading { font-size: 12pt; font-weight: 600; color: @title; }
QLabel#tipsDisclaimer { color: @muted; }
QLabel#tipsEmpty { color: @muted; padding: 12px 4px; }
QScrollArea#tipsScroll, QWidget#tipsList { background: transparent; border: none; }
QLabel#tipTitle { font-weight: 600; color: palette(text); }
QLabel#tipBody { color: palette(text); }
QLabel#tipWhyHeading { color: @muted; font-weight: 600; }
QLabel#tipReason { color: palette(text); }
QLabel#tipSources { color: @muted; }
"""


class TipCard(QFrame):
    """One tip: severity badge, title, body, the reasons, the sources."""

    def __init__(self, tip: Tip, parent=None):
        super().__init__(parent)
        self.tip = tip
        from journal.ui import theme

        label, accent, background, icon_kind = SEVERITY_LOOK.get(tip.severity, SEVERITY_LOOK["info"])
        accent, background = theme.color(accent).name(), theme.color(background).name()
        border = theme.color("card_border").name()
        self.setObjectName(f"tip-{tip.id}")
        # The accent is a thick left border in the severity colour.
        self.setStyleSheet(
            f"QFrame#tip-{tip.id} {{ border: 1px solid {border}; border-left: 5px solid {accent}; "
            f"border-radius: 6px; background: {background}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)

        top = QHBoxLayout()
        top.setSpacing(6)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(icon_kind).pixmap(16, 16))
        icon.setFixedSize(16, 16)
        badge = QLabel(self.tr(label).upper())
        badge.setObjectName("tipBadge")
        badge.setStyleSheet(f"color: {accent}; font-weight: 700; letter-spacing: 1px;")
        top.addWidget(icon)
        top.addWidget(badge)
        top.addStretch(1)
        layout.addLayout(top)

        self.title_label = _wrapped(tip.title, "tipTitle")
        layout.addWidget(self.title_label)
        self.body_label = _wrapped(tip.body, "tipBody")
        layout.addWidget(self.body_label)
        if tip.reasons:
            layout.addSpacing(2)
            layout.addWidget(_wrapped(self.tr("Why this tip"), "tipWhyHeading"))
            self.reason_labels = [_wrapped("•  " + reason, "tipReason") for reason in tip.reasons]
            for reason_label in self.reason_labels:
                layout.addWidget(reason_label)
        else:
            self.reason_labels = []
        # Readable references ("Chu et al. 2021"), the full citations one click away.
        refs = "; ".join(short_reference(_citation(sid)) for sid in tip.sources)
        self.sources_label = sources = QLabel(
            self.tr("Sources: %s · <a href='#sources'>details</a>")
            % refs.replace("&", "&amp;").replace("<", "&lt;"))
        sources.setObjectName("tipSources")
        sources.setWordWrap(True)
        sources.setTextFormat(Qt.RichText)
        sources.setTextInteractionFlags(Qt.LinksAccessibleByMouse | Qt.LinksAccessibleByKeyboard)
        sources.setToolTip(_citations(tip.sources))
        sources.linkActivated.connect(lambda _link: self.show_sources())
        layout.addWidget(sources)

    def show_sources(self) -> None:
        """The full citations of this tip's sources, in a small dialog."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Information, self.tr("Sources"),
                          self.tr("Where this tip comes from:"), QMessageBox.Close, self)
        box.setInformativeText("\n\n".join(_citation(sid) for sid in self.tip.sources))
        box.open()


class TipsPanel(QWidget):
    """A scrolling list of tip cards under a heading and the "not medical advice" line."""

    def __init__(self, journal: Journal, parent=None):
        super().__init__(parent)
        self.journal = journal
        self.setObjectName("tipsPanel")
        from journal.ui import theme

        self.setStyleSheet(theme.style_sheet(_STYLE))
        self._shown: list[Tip] | None = None
        self._page = None

        heading = QLabel(self.tr("Aftercare tips"))
        heading.setObjectName("tipsHeading")
        self.count_label = QLabel()
        self.count_label.setObjectName("tipsDisclaimer")
        head = QHBoxLayout()
        head.addWidget(heading)
        head.addStretch(1)
        head.addWidget(self.count_label)
        self.disclaimer = _wrapped(self.tr(DISCLAIMER), "tipsDisclaimer")

        self.list_widget = QWidget()
        self.list_widget.setObjectName("tipsList")
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(0, 0, 4, 0)
        self.list_layout.setSpacing(8)
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("tipsScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.list_widget)
        self.scroll.viewport().setAutoFillBackground(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.disclaimer)
        layout.addSpacing(4)
        layout.addWidget(self.scroll, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._refresh_from_page)
        self.setMinimumWidth(260)
        self.show_tips([])

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        # Wide enough that a tip reads as a paragraph, not a column of single words.
        if self.scroll.widget() is not self.list_widget:  # inline: as tall as its cards
            return QSize(400, super().sizeHint().height())
        return QSize(400, 600)

    # -- public API -----------------------------------------------------------------------
    def set_inline(self, inline: bool) -> None:
        """Inline (under a form that scrolls): the cards at their full height, in the page's
        scroll, not squeezed into a small box that scrolls on its own; else in their own scroll."""
        if inline == (self.scroll.widget() is not self.list_widget):
            return
        layout = self.layout()
        if inline:
            self.scroll.takeWidget()
            layout.insertWidget(layout.indexOf(self.scroll), self.list_widget)
            self.list_layout.setContentsMargins(0, 0, 0, 0)
            self.scroll.hide()
        else:
            layout.removeWidget(self.list_widget)
            self.list_layout.setContentsMargins(0, 0, 4, 0)
            self.scroll.setWidget(self.list_widget)
            self.scroll.show()
        self.list_widget.show()

    def follow(self, page, hub=None) -> None:
        """Show the tips for `page`'s form, updated (debounced) whenever it changes."""
        self._page = page
        page.form_changed.connect(self.schedule)
        if hub is not None:
            hub.sessions_changed.connect(self.schedule)
            hub.products_changed.connect(self.schedule)
            hub.entries_changed.connect(self.schedule)
            hub.settings_changed.connect(self.schedule)  # e.g. the health profile
        self.schedule()

    def schedule(self, *_args) -> None:
        """Recompute soon: many quick edits (typing a note) cost one evaluation."""
        self._timer.start()

    def show_for(self, date: dt.date, entry=None) -> None:
        """Show the tips for `date`, with `entry` standing in for the stored day."""
        self.show_tips(matched_tips(self.journal, date, entry=entry))

    def show_tips(self, tips: list[Tip]) -> None:
        if tips == self._shown:
            return  # nothing changed: keep the scroll position and avoid flicker
        self._shown = list(tips)
        while self.list_layout.count() > 1:
            item = self.list_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if not tips:
            empty = _wrapped(self.tr("No tips for this day. Log how the skin feels and what you "
                                     "put on it, and tips that fit will appear here."), "tipsEmpty")
            self.list_layout.insertWidget(0, empty)
        for index, tip in enumerate(tips):
            self.list_layout.insertWidget(index, TipCard(tip))
        urgent = sum(1 for t in tips if t.severity == "urgent")
        text = fmt.plural(len(tips), "tip")
        if urgent:
            text += self.tr(", %s urgent") % fmt.number(urgent)
        self.count_label.setText(text)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.PaletteChange and self._shown is not None:
            from journal.ui import theme

            self.setStyleSheet(theme.style_sheet(_STYLE))  # the other theme's colours
            shown, self._shown = self._shown, None
            self.show_tips(shown)

    def tips(self) -> list[Tip]:
        """The tips shown now."""
        return list(self._shown or [])

    def cards(self) -> list[TipCard]:
        return [self.list_layout.itemAt(i).widget() for i in range(self.list_layout.count())
                if isinstance(self.list_layout.itemAt(i).widget(), TipCard)]

    def _refresh_from_page(self) -> None:
        if self._page is not None:
            self.show_for(self._page.date(), self._page.current_entry())


def _wrapped(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.PlainText)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
    return label


def _citation(source_id: str) -> str:
    from journal.care.tips import source_citation

    return source_citation(source_id) or source_id


def _citations(source_ids: list[str]) -> str:
    return "\n".join(_citation(sid) for sid in source_ids)


def short_reference(citation: str) -> str:
    """A citation as a reader names it: "Chu S, Foulad DP, ... 2021" -> "Chu et al. 2021";
    "NHS (UK ...), Cellulitis (nhs.uk/...)" -> "NHS: Cellulitis"."""
    import re

    year = re.search(r"\b(19|20)\d\d\b", citation)
    text = re.sub(r"\s*\([^)]*\)", "", citation)
    cut = min([i for i in (text.find(sep) for sep in (". ", ": ", ";")) if i > 0] or [len(text)])
    first = text[:cut]
    parts = [part.strip() for part in first.split(", ")]
    author = re.fullmatch(r"([A-Z][\w'-]+) [A-Z]{1,3}( et al\.?)?", parts[0])
    if author:
        more = len(parts) > 1 or bool(author.group(2))
        head = author.group(1) + (" et al." if more else "")
    elif len(parts) > 1 and not re.search(r"\b(19|20)\d\d\b", parts[0]):
        head = f"{parts[0]}: {parts[1]}"
    else:
        head = parts[0]
    if len(head) > 60:
        head = head[:58].rsplit(" ", 1)[0] + "…"
    if year and year.group(0) not in head:
        head += f" {year.group(0)}"
    return head
