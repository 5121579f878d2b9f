"""Light and dark: the palette every page and the style sheet take their colours from.

The theme is the journal setting ``settings.THEME`` ("system", "light", "dark"); "system"
follows the desktop's colour scheme (Qt 6.5+ reports it) and changes with it. Both themes use
the Fusion style, which paints every control from the palette, so a page never needs its own
colour: ``resources/style.qss`` names palette roles (``palette(base)``), and code asks
:func:`color` for the few named colours (accent, red flag, caution) in the current theme.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

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


_UNDERLINE_SHORTCUT = QStyle.SH_UnderlineShortcut
_KEY_PRESS, _KEY_RELEASE = QEvent.KeyPress, QEvent.KeyRelease
_DEACTIVATE = QEvent.ApplicationDeactivate


_base_style_hint = QProxyStyle.styleHint


class _Style(QProxyStyle):
    """Fusion, with keyboard-shortcut underlines shown only while Alt is held (as on Windows
    and in GNOME/KDE), not under every label all the time."""

    show_underlines = False

    def styleHint(self, hint, option=None, widget=None, returnData=None):  # noqa: N802
        # (called thousands of times while the first window is built: no attribute look-ups)
        if hint is _UNDERLINE_SHORTCUT:  # (an enum member: one object)
            return int(_Style.show_underlines)
        return _base_style_hint(self, hint, option, widget, returnData)


class _DarkStyle(_Style):
    """The dark theme's: check boxes outlined so that they can be seen. Only the dark theme
    has this Python drawPrimitive: Qt calls it for every primitive painted, and each call
    wraps its option and widget for Python (a few ms of the first paint)."""

    def drawPrimitive(self, element, option, painter, widget=None):  # noqa: N802 - Qt API
        super().drawPrimitive(element, option, painter, widget)
        if is_dark() and element in (QStyle.PE_IndicatorCheckBox,
                                     QStyle.PE_IndicatorItemViewItemCheck):
            # Fusion outlines a check box in a darker shade of the window colour: on the dark
            # window that is almost black on dark grey, so an empty box could not be seen.
            painter.save()
            painter.setRenderHint(QPainter.Antialiasing, True)
            painter.setPen(color("muted"))
            painter.setBrush(Qt.NoBrush)
            box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
            painter.drawRoundedRect(box, 2, 2)
            painter.restore()


class _AltWatcher(QObject):
    """Turns the underlines on while Alt is down, off when it is released or focus leaves."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        # (sees every event of the app: the common case is three identity tests)
        kind = event.type()
        if kind is not _KEY_PRESS and kind is not _KEY_RELEASE and kind is not _DEACTIVATE:
            return False
        if kind is _DEACTIVATE:
            self._show(False)
        elif event.key() == Qt.Key_Alt:
            self._show(kind is _KEY_PRESS)
        return False

    @staticmethod
    def _show(on: bool) -> None:
        if _Style.show_underlines != on:
            _Style.show_underlines = on
            for widget in QApplication.topLevelWidgets():
                if widget.isVisible():
                    widget.update()
                    for child in widget.findChildren(QObject):
                        if hasattr(child, "update") and child.isWidgetType():
                            child.update()


_watcher: _AltWatcher | None = None


def is_applied(app: QApplication) -> bool:
    """True once :func:`apply` has set the app's style."""
    return isinstance(app.style(), _Style)


def apply(app: QApplication, name: str = "system", watch_alt: bool = True) -> str:
    """Use theme `name` for the whole app; return "light" or "dark". `watch_alt=False`
    leaves the Alt key's watcher for later (:func:`watch_alt_key`): it sees every event of
    the app, some 4,500 while the first window is built (~30 ms)."""
    global _current
    _current = resolve(name, app)
    wanted = _DarkStyle if _current == "dark" else _Style
    if type(app.style()) is not wanted:
        app.setStyle(wanted("Fusion"))
    if watch_alt:
        watch_alt_key(app)
    app.setPalette(dark_palette() if _current == "dark" else light_palette())
    return _current


def watch_alt_key(app: QApplication) -> None:
    """Show the shortcut underlines while Alt is held, from now on (once per app)."""
    global _watcher
    if _watcher is None:
        _watcher = _AltWatcher(app)
        app.installEventFilter(_watcher)


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
