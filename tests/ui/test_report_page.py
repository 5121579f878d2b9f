"""The Report page: settings kept in the journal, a preview built without a modal dialog."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QMessageBox

from journal.ui.hub import Hub
from tests.report.pdf import page_texts

pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def page(qtbot, small_journal, tmp_path, monkeypatch):
    from journal.ui import report_page
    from journal.ui.report_page import ReportPage

    # The same debounce, a shorter pause (the tests wait for the rebuild, not the clock).
    monkeypatch.setattr(report_page, "AUTO_PREVIEW_MS", 50)
    hub = Hub(small_journal, QSettings(str(tmp_path / "w.ini"), QSettings.IniFormat))
    hub.today = lambda: dt.date(2026, 4, 10)
    widget = ReportPage(hub)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def test_default_period_starts_at_the_first_recent_session(page):
    assert page.start_edit.date() == QDate(2026, 3, 1)
    assert page.end_edit.date() == QDate(2026, 4, 10)
    assert "2 sessions" in page.period_info.text()


def previewed(page, qtbot):
    """Press Print preview and wait for the build; what action_done said."""
    with qtbot.waitSignal(page.action_done, timeout=30000) as done:
        page.show_preview()
    return done.args[0]


def test_preview_builds_and_shows_every_page(page, qtbot):
    assert previewed(page, qtbot)
    preview = page.preview
    assert page.preview_stack.currentWidget() is preview
    assert preview.pageCount() == page.report.page_count() >= 2
    assert f"{preview.pageCount()} pages" in page.status.text()


def test_name_and_questions_are_kept_in_the_journal(page, qtbot):
    seen = []
    page.hub.settings_changed.connect(lambda: seen.append(True))
    qtbot.keyClicks(page.name_edit, "Ada Example")
    page.questions_edit.setPlainText("Is this normal?\nWhen can I use retinol?")
    page.save()
    journal = page.journal
    assert journal.setting("patient_name") == "Ada Example"
    assert journal.setting("questions") == "Is this normal?\nWhen can I use retinol?"
    assert seen


def test_save_pdf_writes_what_the_preview_shows(page, tmp_path, qtbot):
    page.name_edit.setText("Ada Example")
    page.log_box.setChecked(False)
    assert previewed(page, qtbot)
    with qtbot.waitSignal(page.action_done, timeout=30000) as done:
        page.save_pdf(tmp_path / "summary.pdf")
    out = done.args[0]
    assert out == tmp_path / "summary.pdf"
    texts = page_texts(out)
    assert "Ada Example" in " ".join(texts) and "Daily log" not in " ".join(texts)
    assert len(texts) == len(pypdf.PdfReader(str(out)).pages) == page.preview.pageCount()


def test_bad_input_is_a_message_not_a_traceback(page, tmp_path, monkeypatch, qtbot):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    with qtbot.waitSignal(page.action_done) as done:
        page.save_pdf(tmp_path / "summary.txt")
    assert done.args == [None]
    assert "must end in .pdf" in shown[-1]
    page.start_edit.setDate(QDate(2026, 4, 9))
    page.end_edit.setDate(QDate(2026, 3, 1))
    assert not previewed(page, qtbot)
    assert "starts after it ends" in shown[-1]
    assert not (tmp_path / "summary.txt").exists()


def test_new_data_makes_the_built_summary_stale(page, qtbot):
    assert previewed(page, qtbot)
    assert page.report is not None
    page.hub.entries_changed.emit(None)
    assert page.report is None


def test_long_period_suggests_a_shorter_summary(page):
    from journal.models import DayEntry

    start = dt.date(2025, 1, 1)
    for offset in range(200):
        page.journal.save_entry(DayEntry(date=start + dt.timedelta(days=offset), redness=1))
    page.start_edit.setDate(QDate(2025, 1, 1))
    assert "daily log alone takes about" in page.period_info.text()
    page.log_box.setChecked(False)
    assert "daily log alone" not in page.period_info.text()


def test_cancel_stops_the_build_without_a_message(page, monkeypatch, qtbot):
    from journal.ui import errors

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a))
    with qtbot.waitSignal(page.action_done, timeout=30000) as done:
        page.show_preview()
        page.build_task.cancel()  # what the progress dialog's Cancel button does
    assert done.args == [None] and not errors.open_error_dialogs()
    assert page.status.text() == "Cancelled."
    assert page.report is None and not shown


def test_cancel_pressed_as_the_build_ends_still_cancels(page, monkeypatch, qtbot):
    """The work has ended and its result waits in the queue when Cancel is pressed: no
    preview (or print dialog) after Cancel."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    with qtbot.waitSignal(page.action_done, timeout=30000) as done:
        page.show_preview()
        task = page.build_task
        assert task._finished_event.wait(30)   # ended; its outcome not delivered yet
        assert not task.is_done()
        task.cancel()
    assert done.args == [None] and task.state == "succeeded"
    assert page.status.text() == "Cancelled." and page.report is None and not shown


def test_settings_changed_elsewhere_keeps_unsaved_typing(page):
    page.questions_edit.setPlainText("typed but not saved")
    page.journal.set_setting("patient_name", "Name from elsewhere")
    page.hub.settings_changed.emit()
    assert page.name_edit.text() == "Name from elsewhere"
    assert page.questions_edit.toPlainText() == "typed but not saved"


def previewed_pages(page) -> int:
    """Pages in the embedded preview once it shows a summary (0 before)."""
    if page.preview is None or page.preview_stack.currentWidget() is not page.preview:
        return 0
    return page.preview.pageCount()


def test_the_preview_builds_itself_when_the_page_is_shown(qtbot, page):
    from PySide6.QtWidgets import QApplication

    # at once: the preview area says what is happening, and nothing holds the window
    assert page.preview_stack.currentWidget() is page.placeholder
    assert "Preparing the preview" in page.placeholder.text()
    qtbot.waitUntil(lambda: page.build_task is not None, timeout=5000)
    assert page.build_task.quiet and QApplication.activeModalWidget() is None
    qtbot.waitUntil(lambda: previewed_pages(page) >= 2, timeout=30000)
    assert page.report is not None and page.preview.pageCount() == page.report.page_count()
    assert "Preview: " in page.status.text()
    qtbot.waitUntil(lambda: page.preview.currentPage() == 1)   # opens on the first page


def test_the_preview_follows_changes_to_the_settings_and_the_log(page, qtbot):
    qtbot.waitUntil(lambda: previewed_pages(page) >= 2, timeout=30000)
    with_log = page.preview.pageCount()
    page.log_box.setChecked(False)               # one change: a rebuild after a pause
    assert page.report is None and "updating the preview" in page.status.text()
    qtbot.waitUntil(lambda: page.report is not None, timeout=30000)
    assert previewed_pages(page) < with_log
    built = page.report
    page.hub.entries_changed.emit(None)          # the log changed: built again
    assert page.report is None
    qtbot.waitUntil(lambda: page.report is not None, timeout=30000)
    assert page.report is not built


def test_print_preview_pressed_while_the_preview_builds_itself_waits_for_that_build(
        page, qtbot, monkeypatch):
    """Not a second build beside the first (twice the memory, and later): the automatic
    one becomes the asked-for one, with its progress dialog and its answer."""
    from journal.ui import report_page

    page._auto_timer.stop()
    page._auto_preview()                         # what showing the page starts
    automatic = page.build_task
    assert automatic is not None and automatic.quiet and automatic.dialog is None
    started = []
    real = report_page.run_task
    monkeypatch.setattr(report_page, "run_task",
                        lambda *args, **kwargs: started.append(kwargs) or real(*args, **kwargs))
    with qtbot.waitSignal(page.action_done, timeout=30000) as done:
        page.show_preview()
        assert page.build_task is automatic and not automatic.quiet
        assert automatic.dialog is not None      # the patient sees its progress
    assert done.args == [True] and started == []
    assert page.preview_stack.currentWidget() is page.preview
    assert page.preview.pageCount() == page.report.page_count() >= 2


def test_a_bad_period_says_so_in_the_preview_without_a_dialog(page, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    qtbot.waitUntil(lambda: page.build_task is not None, timeout=5000)  # while it builds
    page.start_edit.setDate(QDate(2026, 4, 9))
    page.end_edit.setDate(QDate(2026, 3, 1))
    qtbot.waitUntil(lambda: "starts after it ends" in page.placeholder.text(), timeout=5000)
    assert page.preview_stack.currentWidget() is page.placeholder and not shown


def test_suggested_questions_are_worked_out_in_the_background(qtbot, journal, fill_demo):
    from PySide6.QtWidgets import QPlainTextEdit

    from journal.report.questions import suggested_questions
    from journal.ui.widgets.suggested_questions import SuggestedQuestions

    start, end = dt.date(2026, 9, 1), dt.date(2026, 12, 2)
    fill_demo(journal, today=end)   # the brief's demo too (tests/report/test_brief.py)
    demo_journal = journal
    edit = QPlainTextEdit()
    box = SuggestedQuestions(demo_journal, edit)
    qtbot.addWidget(box)
    qtbot.addWidget(edit)
    with qtbot.waitSignal(box.updated, timeout=10000):
        box.set_period(start, end)
        box.set_period(start, end)               # two changes, one piece of work
    assert box._task.state == "succeeded"
    expected = [q.text for q in suggested_questions(demo_journal, start, end)]
    assert expected and [q.text for q in box.questions] == expected
    assert len(box.boxes) == len(expected)


def test_period_dates_are_written_as_the_app_writes_dates(page):
    page.start_edit.setDate(QDate(2025, 9, 14))
    assert page.start_edit.text() == "14 Sept 2025"  # en_GB's CLDR name (Qt's own: "Sep")
