"""Light and dark: the palette every page and the style sheet take their colours from.

The theme is the journal setting ``settings.THEME`` ("system", "light", "dark"); "system"
follows the desktop's colour scheme (Qt 6.5+ reports it) and changes with it. Both themes use
the Fusion style, which paints every control from the palette, so a page never needs its own
colour: ``resources/style.qss`` names palette roles (``palette(base)``), and code asks
:func:`color` for the few named colours (accent, red flag, caution) in the current theme.
"""
from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

# Named colours beyond the palette roles, one value per theme (light, dark). Chosen for a
# contrast of at least 4.5:1 against the base colour of their theme.
NAMED = {
    "accent": ("#0f766e", "#2dd4bf"),
    "accent_text": ("#ffffff", "#06201d"),
    "red_flag": ("#b3261e", "#ff8a80"),
    "red_flag_soft": ("#fbe9e7", "#4a2320"),
    "caution": ("#8a5a00", "#f5c26b"),
    "caution_soft": ("#fff4dc", "#3d3220"),
    "muted": ("#5b6b75", "#a7b4bc"),
    "title": ("#1f3b4d", "#d8e6ee"),
    "card_border": ("#dde3e8", "#3a4750"),
    "chip": ("#e7eef2", "#2c3a43"),
    "good": ("#1b7f3b", "#7fdc9b"),
}

_current = "light"


def is_dark() -> bool:
    """True when the dark palette is in use."""
    return _current == "dark"


def color(name: str) -> QColor:
    """A named colour (see NAMED) in the current theme."""
    light, dark = NAMED[name]
    return QColor(dark if is_dark() else light)


class LiveColours:
    """``colours["accent"]``: the named colour in the theme in use when it is asked for."""

    def __getitem__(self, name: str) -> QColor:
        return color(name)


def system_is_dark(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()
    try:
        return app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt before 6.5: guess from the window colour
        return app.palette().color(QPalette.Window).lightness() < 128


def resolve(name: str, app: QApplication | None = None) -> str:
    """ "light" or "dark" for a theme setting ("system" asks the desktop)."""
    if name == "dark" or (name not in ("light", "dark") and system_is_dark(app)):
        return "dark"
    return "light"


@cache
def _dark_style_class() -> type:
    """Fusion with check boxes outlined so that they can be seen on the dark window.

    Only the dark theme has a Python style (made on first use): Qt calls a Python style's
    methods thousands of times while a window is built, each call wrapping its option and
    widget for Python, which cost the light theme about 25 ms of every start. The light
    theme is Qt's own Fusion, and with it Qt's own rule for shortcut underlines: always
    under the letter, so a keyboard user sees which Alt+letter does what."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QProxyStyle, QStyle

    checks = (QStyle.PE_IndicatorCheckBox, QStyle.PE_IndicatorItemViewItemCheck)

    class DarkStyle(QProxyStyle):
        def drawPrimitive(self, element, option, painter, widget=None):  # noqa: N802 - Qt API
            super().drawPrimitive(element, option, painter, widget)
            if element in checks:  # (this style is only set while the theme is dark)
                # Fusion outlines a check box in a darker shade of the window colour: on the
                # dark window that is almost black on dark grey, so an empty box was unseen.
                painter.save()
                painter.setRenderHint(QPainter.Antialiasing, True)
                painter.setPen(color("muted"))
                painter.setBrush(Qt.NoBrush)
                box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
                painter.drawRoundedRect(box, 2, 2)
                painter.restore()

    return DarkStyle


_APPLIED = "journalTheme"  # the app's properties: the theme apply() set ("light", "dark")
_STYLE = "journalStyle"  # and its style ("fusion", "dark")


def application(argv: list[str]) -> QApplication:
    """The app's QApplication, made with Qt's Fusion style (``-style fusion``, a QApplication
    option): both themes paint with Fusion, and the light theme can then start without
    asking Qt for its style (PySide6 builds the QStyle class's 566 enum members for Python
    the first time it is asked: ~4 ms of the first window)."""
    app = QApplication([*argv[:1], "-style", "fusion"])
    app.setProperty(_STYLE, "fusion")
    return app


def is_applied(app: QApplication) -> bool:
    """True once :func:`apply` has set the app's style and palette for the current theme."""
    return app.property(_APPLIED) == _current


def apply(app: QApplication, name: str = "system") -> str:
    """Use theme `name` for the whole app; return "light" or "dark"."""
    global _current
    _current = resolve(name, app)
    style = "dark" if _current == "dark" else "fusion"
    if app.property(_STYLE) != style:  # (a style sheet wraps the style: ask what we set)
        if style == "dark":
            app.setStyle(_dark_style_class()("Fusion"))
        elif app.property(_STYLE) is not None or app.style().name().lower() != "fusion":
            app.setStyle("Fusion")  # (after dark; or an app not made by application())
        app.setProperty(_STYLE, style)
    app.setPalette(dark_palette() if _current == "dark" else light_palette())
    app.setProperty(_APPLIED, _current)
    return _current


def _palette(roles: dict, disabled: str) -> QPalette:
    """A palette of these colours; disabled text, button text and window text in `disabled`."""
    palette = QPalette()
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.Text, QPalette.ButtonText, QPalette.WindowText):
        palette.setColor(QPalette.Disabled, role, QColor(disabled))
    return palette


def light_palette() -> QPalette:
    roles = {
        QPalette.Window: "#f7f8fa", QPalette.WindowText: "#22313a",
        QPalette.Base: "#ffffff", QPalette.AlternateBase: "#f5f8fa",
        QPalette.Text: "#22313a", QPalette.Button: "#ffffff", QPalette.ButtonText: "#1f3b4d",
        QPalette.Highlight: "#cde9e6", QPalette.HighlightedText: "#10242f",
        QPalette.ToolTipBase: "#ffffff", QPalette.ToolTipText: "#22313a",
        QPalette.PlaceholderText: "#7b8a93", QPalette.Link: "#0f766e",
        QPalette.Mid: "#c5cfd6", QPalette.Midlight: "#dde3e8", QPalette.Dark: "#9aa7af",
        QPalette.Light: "#ffffff", QPalette.Shadow: "#6b7a83",
    }
    return _palette(roles, disabled="#9aa7af")


def dark_palette() -> QPalette:
    roles = {
        QPalette.Window: "#1b2328", QPalette.WindowText: "#e3eaee",
        QPalette.Base: "#232d33", QPalette.AlternateBase: "#28333a",
        QPalette.Text: "#e3eaee", QPalette.Button: "#2b363d", QPalette.ButtonText: "#e3eaee",
        QPalette.Highlight: "#1f5f58", QPalette.HighlightedText: "#ffffff",
        QPalette.ToolTipBase: "#2b363d", QPalette.ToolTipText: "#e3eaee",
        QPalette.PlaceholderText: "#8a99a3", QPalette.Link: "#2dd4bf",
        QPalette.Mid: "#4a5861", QPalette.Midlight: "#3a4750", QPalette.Dark: "#141a1e",
        QPalette.Light: "#3a4750", QPalette.Shadow: "#0b0f11",
    }
    return _palette(roles, disabled="#6b7a83")


def style_sheet(text: str) -> str:
    """The style sheet with its @named colours (``@accent``) put in for the current theme."""
    for name in sorted(NAMED, key=len, reverse=True):
        text = text.replace(f"@{name}", color(name).name())
    return text
