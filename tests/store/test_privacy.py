"""Privacy: owner-only files, no network at all, and health-data warnings on what leaves."""
from __future__ import annotations

import datetime as dt
import os
import socket
import stat
import sys

import pytest

from tests.conftest import run_cli
from tests.safety_helpers import dispose, open_window, write_jpeg

POSIX = pytest.mark.skipif(os.name != "posix", reason="file permissions are a POSIX matter")


def modes(folder):
    """{relative path: permission bits} for the folder and everything under it."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.lstat().st_mode)
    return found


@POSIX
def test_data_dir_is_owner_only_and_so_is_everything_in_it(tmp_path):
    data_dir = tmp_path / "new" / "journal"
    assert run_cli("log", "2026-03-01", "--redness", "6", data_dir=data_dir).returncode == 0
    picture = write_jpeg(tmp_path / "IMG_0001.jpg")
    added = run_cli("photo", "add", picture, "--date", "2026-03-02", data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    assert run_cli("backup", "--out", tmp_path / "b.zip", data_dir=data_dir).returncode == 0
    assert run_cli("restore", tmp_path / "b.zip", data_dir=data_dir).returncode == 0
    (data_dir / "photos" / "stray.bin").write_bytes(b"x")  # -> lost-and-found by the repair
    os.chmod(data_dir / "photos" / "stray.bin", 0o600)
    assert run_cli("check", "--repair", data_dir=data_dir).returncode == 0  # + thumbnails
    gui = run_cli("--quit-after-show", data_dir=data_dir, env={"QT_QPA_PLATFORM": "offscreen"})
    assert gui.returncode == 0, gui.stderr
    found = modes(data_dir)
    for sub in ("photos", "thumbs", "lost-and-found"):
        assert sub in found, f"{sub}/ was made"
    assert any(name.startswith("restore-undo-") for name in found)
    wrong = {name: oct(mode) for name, mode in found.items()
             if mode != (0o700 if (data_dir / name).is_dir() else 0o600)}
    assert wrong == {}
    # Files the user chose to write elsewhere hold health data too: owner-only as well.
    assert stat.S_IMODE((tmp_path / "b.zip").stat().st_mode) == 0o600
    out = run_cli("export", "--out", tmp_path / "days.csv", data_dir=data_dir)
    assert "health data" in out.stdout
    assert stat.S_IMODE((tmp_path / "days.csv").stat().st_mode) == 0o600


def test_backup_and_export_say_they_hold_health_data(small_journal, data_dir, tmp_path):
    small_journal.close()
    made = run_cli("backup", "--out", tmp_path / "b.zip", data_dir=data_dir)
    assert "contains your health data" in made.stdout
    exported = run_cli("export", "--out", tmp_path / "all.json", data_dir=data_dir)
    assert "contains your health data" in exported.stdout


# -- no network ----------------------------------------------------------------------------
class NetworkTried(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Make every way to open a socket fail, and record each attempt."""
    attempts = []

    class GuardedSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            attempts.append(("socket", args))
            raise NetworkTried(f"socket{args}")

    def refuse(name):
        def fail(*args, **kwargs):
            attempts.append((name, args))
            raise NetworkTried(name)
        return fail

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair",
                 "create_server"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_a_whole_session_tries_no_network(qtbot, small_journal, tmp_path, no_network, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    qt_network_before = "PySide6.QtNetwork" in sys.modules
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.Ok)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Ok)
    window = open_window(qtbot, small_journal)
    window.show()
    steps = ["open"]

    # Log a day on the Today page, as a user does.
    today = window.page("today")
    day = dt.date(2026, 3, 6)
    today.open_date(day)
    qtbot.mouseClick(today.ratings["redness"].group.button(4), Qt.LeftButton)
    today.breakouts.setValue(2)
    window.action_save.trigger()
    assert small_journal.entry(day).redness == 4
    steps.append("log")

    from journal.ui.photo_import import PhotoImport

    picture = write_jpeg(tmp_path / "IMG_0042.jpg")
    job = PhotoImport(window.hub, [picture], day, "full face", window)
    with qtbot.waitSignal(job.finished, timeout=20000):
        job.start()
    assert len(small_journal.photos(day, day)) == 1
    steps.append("photo")
    window.show_page("photos")
    gallery = window.page("photos")
    qtbot.waitUntil(lambda: gallery.isVisible())
    steps.append("gallery")
    window.show_page("trends")
    trends = window.page("trends")
    qtbot.waitUntil(lambda: trends._drawn_theme is not None)  # the charts have been drawn
    steps.append("trends")
    window.show_page("report")
    report = window.page("report")
    with qtbot.waitSignal(report.action_done, timeout=30000) as done:
        report.save_pdf(str(tmp_path / "summary.pdf"))
    out = done.args[0]
    assert out is not None and out.stat().st_size > 1000
    steps.append("report")

    from journal.ui import safety

    from tests.safety_helpers import finish

    assert finish(qtbot, safety.back_up, window, str(tmp_path / "b.zip")) is not None
    assert finish(qtbot, safety.check_journal, window) == 0
    steps.append("backup")
    dispose(window)

    assert no_network == [], f"network tried during: {steps}"
    if not qt_network_before:
        assert "PySide6.QtNetwork" not in sys.modules
    assert steps == ["open", "log", "photo", "gallery", "trends", "report", "backup"]


def test_the_network_guard_itself_catches_an_attempt(no_network):
    import urllib.request

    with pytest.raises(NetworkTried):
        urllib.request.urlopen("http://example.invalid/", timeout=1)
    assert no_network and no_network[0][0] in ("getaddrinfo", "create_connection", "socket")
