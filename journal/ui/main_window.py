"""The main window: a page list on the left, the current page on the right.

Pages are created when first shown, so opening the app costs only the Today
page; Trends (matplotlib) and the photo gallery load when the user goes there.
A page is any QWidget class taking ``(hub, parent)``; it may define
``maybe_leave() -> bool`` (asked before switching away or closing, for unsaved
changes), ``save()`` (Ctrl+S) and ``refresh()`` (F5).
"""
from __future__ import annotations

import importlib
import sys

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
    QStackedWidget, QWidget,
)

from journal import APP_NAME, __version__
from journal import settings
from journal.ui.hub import Hub
from journal.ui.tasks import gui_goes_first
from journal.ui.widgets.first_paint import after_first_paint

# key, title, module, class: the order of the page list (and of Ctrl+1 ... Ctrl+7).
PAGES = [
    ("today", "Today", "journal.ui.today", "TodayPage"),
    ("history", "History", "journal.ui.history", "HistoryPage"),
    ("photos", "Photos", "journal.ui.gallery", "GalleryPage"),
    ("trends", "Trends", "journal.ui.trends", "TrendsPage"),
    ("sessions", "Sessions", "journal.ui.sessions", "SessionsPage"),
    ("products", "Products", "journal.ui.products", "ProductsPage"),
    ("report", "Report", "journal.ui.report_page", "ReportPage"),
]


# Pages that import heavy libraries (matplotlib, Pillow, the report machinery): when the
# window reopens on one of them, it is built just after the first paint, not before it.
DEFERRED_PAGES = {"photos", "trends", "report"}
# For this long after a page is opened, background imports that give way wait for the GUI
# thread even while its event loop turns (a long list laid out in batches, first thumbnails).
PAGE_OPENING_S = 0.5


def _safety():
    from journal.ui import safety

    return safety


class MainWindow(QMainWindow):
    def __init__(self, hub: Hub, parent=None, welcome: bool = False):
        """`welcome`: open an empty journal on the first-run welcome (run_app sets it; windows
        made by tests open on Today unless they ask)."""
        super().__init__(parent)
        self.hub = hub
        self._welcome_if_empty = welcome
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(760, 540)
        self.pages = PAGES
        self._widgets: dict[str, QWidget] = {}
        self._restoring = False
        self._deferred_page: str | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(170)
        for index, (key, title, *_rest) in enumerate(self.pages):
            item = QListWidgetItem(self.tr(title))
            item.setData(Qt.UserRole, key)
            item.setToolTip(self.tr("%s (Ctrl+%d)") % (self.tr(title), index + 1))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self._build_menus()

        hub.show_page.connect(self.show_page)
        hub.open_day.connect(self._open_day)
        hub.open_photo.connect(self._open_photo)
        # back from another app (a terminal, say): what the CLI wrote there shows here
        QApplication.instance().applicationStateChanged.connect(self._app_state_changed)
        self._restore_state()

        from journal.ui.tray import Reminders

        self.reminders = Reminders(self)  # evening reminder and tray icon (off by default)

    # -- pages ---------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page widget for `key`, created on first use."""
        if key not in self._widgets:
            _, _, module, cls = next(p for p in self.pages if p[0] == key)
            if key == "trends" and self.warm_up_after_show and self.isVisible() \
                    and "journal.charts" not in sys.modules:
                # clicked before the warm-up began: begin it, the page waits for it
                self._warm_up()
            QApplication.setOverrideCursor(Qt.WaitCursor)
            try:
                # Before the window shows, the page is made inside the stack: moved there
                # afterwards, it was styled a second time (~14 ms for Today before the first
                # paint). (Later, made there, some pages' tables took other column widths.)
                parent = self if self.isVisible() else self.stack
                widget = getattr(importlib.import_module(module), cls)(self.hub, parent)
            finally:
                QApplication.restoreOverrideCursor()
            self._widgets[key] = widget
            self.stack.addWidget(widget)
        return self._widgets[key]

    def current_key(self) -> str:
        return self.pages[max(0, self.nav.currentRow())][0]

    def current_page(self) -> QWidget | None:
        return self._widgets.get(self.current_key())

    def show_page(self, key: str) -> None:
        index = next(i for i, p in enumerate(self.pages) if p[0] == key)
        self.nav.setCurrentRow(index)
        if self.welcome is not None and self.stack.currentWidget() is self.welcome:
            self.stack.setCurrentWidget(self.page(key))  # the same row: no signal came

    welcome = None  # journal/ui/welcome.py, while an empty journal opens

    def _show_welcome(self) -> None:
        from journal.ui.welcome import WelcomePage

        self.welcome = WelcomePage(self.hub, self)
        self.welcome.step_chosen.connect(self.show_page)
        self.stack.addWidget(self.welcome)
        self.stack.setCurrentWidget(self.welcome)
        # Filled from elsewhere (the command line, a restore): the welcome has done its job.
        for signal in (self.hub.sessions_changed, self.hub.products_changed,
                       self.hub.entries_changed):
            signal.connect(self._leave_welcome_when_filled)

    def _leave_welcome_when_filled(self, *_args) -> None:
        if self.stack.currentWidget() is self.welcome \
                and not self.hub.journal.is_empty(counting_settings=False):
            self.stack.setCurrentWidget(self.page(self.current_key()))

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.pages[row][0]
        self._keep(settings.WINDOW_PAGE, key)
        if not self._restoring:  # (at start-up the warm-up waits for the first paint anyway)
            gui_goes_first(PAGE_OPENING_S)  # a page opened goes before the warm-up's import
        if self._restoring and key in DEFERRED_PAGES:
            # Reopening on a heavy page: show the window first, build the page right after.
            self._deferred_page = key
            after_first_paint(self, self._build_deferred_page)
            return
        self.stack.setCurrentWidget(self.page(key))

    def _build_deferred_page(self) -> None:
        key, self._deferred_page = self._deferred_page, None
        if key is not None and self.current_key() == key:
            self.stack.setCurrentWidget(self.page(key))

    def _open_day(self, date) -> None:
        self.show_page("today")
        self.page("today").open_date(date)

    def _open_photo(self, photo_id: int) -> None:
        from journal.ui.viewer import open_viewer

        open_viewer(self.hub, photo_id, self)

    # -- menus and shortcuts -------------------------------------------------------------
    def _build_menus(self) -> None:
        self.menu_file = menu_file = self.menuBar().addMenu(self.tr("&File"))
        self.action_save = self._action(menu_file, self.tr("&Save"), QKeySequence.Save,
                                        self._save_current)
        menu_file.addSeparator()
        self._action(menu_file, self.tr("&Export…"), "Ctrl+E", self._export)
        self._action(menu_file, self.tr("&Print summary…"), QKeySequence.Print,
                     self._print_summary)
        # journal safety (journal/ui/safety.py): backups contain health data, the dialogs say so
        # (the modules behind rarely used actions are imported when they are chosen)
        self.action_backup = self._action(menu_file, self.tr("&Back up…"), None,
                                          lambda: _safety().back_up(self))
        self.action_restore = self._action(menu_file, self.tr("&Restore…"), None,
                                           lambda: _safety().restore(self))
        self.action_open_folder = self._action(menu_file, self.tr("&Open data folder"), None,
                                               self._open_data_folder)
        menu_file.addSeparator()
        self.action_profile = self._action(menu_file, self.tr("&Health profile…"), None,
                                           self._edit_profile)
        # patient name, reminders, tray, automatic backups, units, theme
        self.action_settings = self._action(menu_file, self.tr("Se&ttings…"), "Ctrl+,",
                                            self.show_settings)
        menu_file.addSeparator()
        self.action_quit = self._action(menu_file, self.tr("&Quit"), QKeySequence.Quit,
                                        lambda: self.reminders.quit())  # also from the tray

        self.menu_go = self.menuBar().addMenu(self.tr("&Go"))
        for index, (key, title, *_rest) in enumerate(self.pages):
            self._action(self.menu_go, self.tr(title), f"Ctrl+{index + 1}",
                         lambda checked=False, k=key: self.show_page(k))
        self.menu_go.addSeparator()
        self._action(self.menu_go, self.tr("&Refresh"), QKeySequence.Refresh, self.refresh_all)

        self.menu_view = self.menuBar().addMenu(self.tr("&View"))
        theme_menu = self.menu_view.addMenu(self.tr("&Theme"))
        from PySide6.QtGui import QActionGroup

        from journal import settings as journal_settings

        group = QActionGroup(self)
        current = journal_settings.get(self.hub.journal, journal_settings.THEME)
        self.theme_actions = {}
        for key, text in (("system", self.tr("Same as the &system")),
                          ("light", self.tr("&Light")), ("dark", self.tr("&Dark"))):
            action = theme_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(key == current)
            action.triggered.connect(lambda _checked=False, k=key: self.set_theme(k))
            group.addAction(action)
            self.theme_actions[key] = action
        self.hub.settings_changed.connect(self._follow_theme_setting)

        self.menu_help = self.menuBar().addMenu(self.tr("&Help"))
        self.action_check = self._action(self.menu_help, self.tr("&Check journal"), None,
                                         lambda: _safety().check_journal(self))
        self._action(self.menu_help, self.tr("&About"), None, self._about)

    def _action(self, menu, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _edit_profile(self) -> None:
        from journal.ui.profile_dialog import edit_profile

        edit_profile(self)

    def show_settings(self):
        from journal.ui.settings_dialog import show_settings

        return show_settings(self)

    def _save_current(self) -> None:
        page = self.current_page()
        if page is not None and hasattr(page, "save"):
            page.save()

    def _print_summary(self) -> None:
        """Ctrl+P: the dermatologist summary, previewed page by page on the Report page."""
        self.show_page("report")
        self.page("report").show_preview()

    def refresh_all(self) -> None:
        if not self.hub.check_outside_changes():
            self.hub.everything_changed()

    def _export(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from journal.models import JournalError
        from journal.store.export import export

        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export journal"), "journal-export.json",
            self.tr("JSON, everything (*.json);;CSV, one row per day (*.csv)"))
        if not path:
            return
        try:
            from pathlib import Path

            count = export(self.hub.journal, Path(path))
        except (JournalError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Export failed"), str(exc))
            return
        QMessageBox.information(
            self, self.tr("Exported"),
            self.tr("%d days written to %s.\n\nThis file contains your health data: "
                    "keep it somewhere private.") % (count, path))

    def set_theme(self, key: str) -> None:
        """View > Theme: store the choice in the journal and repaint everything in it."""
        from journal import settings as journal_settings

        journal_settings.put(self.hub.journal, journal_settings.THEME, key)
        self.hub.settings_changed.emit()

    def _follow_theme_setting(self) -> None:
        """Apply the theme setting (View menu, Settings dialog) if it changed what is shown."""
        from journal import settings as journal_settings
        from journal.ui import theme
        from journal.ui.app import load_style

        key = journal_settings.get(self.hub.journal, journal_settings.THEME)
        if key in self.theme_actions:
            self.theme_actions[key].setChecked(True)
        app = QApplication.instance()
        if theme.resolve(key, app) == ("dark" if theme.is_dark() else "light") and \
                theme.is_applied(app):
            return
        theme.apply(app, key)
        load_style(app)

    def _open_data_folder(self) -> None:
        """The journal's folder in the file manager (the only place the path is shown, with About)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.hub.journal.data_dir)))

    def _about(self) -> None:
        import html

        QMessageBox.about(
            self, self.tr("About %s") % APP_NAME,
            self.tr("<b>%s</b> %s<br>A private journal for recovering after microneedling."
                    "<br>Everything stays on this computer: no account, no network."
                    "<br><br>Journal folder: %s") % (APP_NAME, __version__,
                                                   html.escape(str(self.hub.journal.data_dir))))

    # -- window state --------------------------------------------------------------------
    def _restore_state(self) -> None:
        stored = self.hub.settings
        geometry = stored.value(settings.WINDOW_GEOMETRY.key)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 780)
        key = stored.value(settings.WINDOW_PAGE.key, settings.WINDOW_PAGE.default)
        keys = [p[0] for p in self.pages]
        self._restoring = True
        try:
            self.show_page(key if key in keys else "today")
        finally:
            self._restoring = False
        if self._welcome_if_empty and self.current_key() == "today" \
                and self.hub.journal.is_empty(counting_settings=False):
            self._show_welcome()  # first run: three steps and the sample journal

    def closeEvent(self, event) -> None:
        if self.reminders.hides_instead_of_closing():  # "keep running in the tray"
            event.ignore()
            return
        for widget in self._widgets.values():
            if hasattr(widget, "maybe_leave") and not widget.maybe_leave():
                event.ignore()
                return
        self._keep(settings.WINDOW_GEOMETRY, self.saveGeometry())
        self.hub.settings.sync()
        event.accept()

    def _keep(self, setting, value) -> None:
        """Store a window setting only when it changed: each write of window.ini is a locked,
        fsynced file (milliseconds), and reopening on the same page and place changes none."""
        if self.hub.settings.value(setting.key, setting.default) != value:
            self.hub.settings.setValue(setting.key, value)

    def _app_state_changed(self, state) -> None:
        if state == Qt.ApplicationActive:
            self.hub.check_outside_changes()

    # -- warm-up (performance: see tests/perf/run.py) ------------------------------------
    # Set by run_app (the real app, one window per process); off for windows made by tests,
    # which must not start threads or freeze the garbage collector behind their backs.
    warm_up_after_show = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.warm_up_after_show and not hasattr(self, "_warm_up_timer"):
            from PySide6.QtCore import QTimer

            self._warm_up_timer = QTimer(self)
            self._warm_up_timer.setSingleShot(True)
            self._warm_up_timer.timeout.connect(self._warm_up)
            from journal.ui.warm_up import DELAY_MS

            self._warm_up_timer.start(DELAY_MS)

    def _warm_up(self) -> None:
        """Import what Trends needs (and match the shelf's labels) as a background task:
        the app's one warm-up (journal/ui/warm_up.py), which outlives this window."""
        if self.isHidden() or "trends" in self._widgets:
            return
        from journal.ui.warm_up import app_warm_up

        app_warm_up().start(p.ingredients for p in self.hub.journal.products())
