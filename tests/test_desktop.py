"""Desktop integration: the menu entry, icon and metainfo, installed per user and validated
with the freedesktop tools; the window's icon; the autostart entry."""
from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal import desktop
from journal.cli import main
from journal.resources import resource_path


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (.ci/install installs it)")
        pytest.skip(f"{name} is not installed")
    return path


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_validate_and_uninstall_desktop_entry(capsys):
    assert main(["--install-desktop-entry"]) == 0
    files = desktop.desktop_entry_files()
    base = Path(os.environ["XDG_DATA_HOME"])
    assert files["desktop"] == base / "applications" / f"{desktop.APP_ID}.desktop"
    assert files["icon"] == base / "icons/hicolor/scalable/apps" / f"{desktop.APP_ID}.svg"
    assert files["metainfo"] == base / "metainfo" / f"{desktop.APP_ID}.metainfo.xml"
    assert all(path.is_file() for path in files.values())
    assert str(files["desktop"]) in capsys.readouterr().out

    check = subprocess.run([_tool("desktop-file-validate"), str(files["desktop"])],
                           capture_output=True, text=True)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout + check.stderr
    check = subprocess.run([_tool("appstreamcli"), "validate", "--no-net",
                            str(files["metainfo"])], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

    entry = _entry(files["desktop"])
    assert entry["Icon"] == desktop.APP_ID and entry["Name"] == "Skin Recovery Journal"
    # The command starts this very installation (here: this interpreter and main.py).
    assert Path(entry["TryExec"]).exists()
    assert files["icon"].read_bytes() == resource_path(desktop.ICON_FILE).read_bytes()

    assert main(["--uninstall-desktop-entry"]) == 0
    assert not any(path.exists() for path in files.values())
    assert main(["--uninstall-desktop-entry"]) == 0
    assert "no desktop entry" in capsys.readouterr().out


def test_exec_line_quotes_paths_with_spaces(monkeypatch, tmp_path):
    odd = tmp_path / "My Apps" / "skin-journal"
    odd.parent.mkdir()
    odd.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "argv", [str(odd)])
    path = desktop.set_autostart(True)
    assert path == Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / f"{desktop.APP_ID}.desktop"
    assert _entry(path)["Exec"] == f'"{odd}"'
    check = subprocess.run([_tool("desktop-file-validate"), str(path)], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout
    assert desktop.autostart_enabled()
    desktop.set_autostart(False)
    assert not path.exists() and not desktop.autostart_enabled()


def test_desktop_entry_with_a_command_is_bad_input(capsys):
    assert main(["--install-desktop-entry", "tips"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert not desktop.desktop_entry_files()["desktop"].exists()


def test_window_and_taskbar_icon(qapp):
    from PySide6.QtGui import QGuiApplication

    from journal.ui.app import set_app_icon, set_app_identity

    set_app_identity(qapp)
    set_app_icon(qapp)  # (run_app: just after the first paint)
    assert not qapp.windowIcon().isNull()
    assert QGuiApplication.desktopFileName() == desktop.APP_ID
    sizes = qapp.windowIcon().availableSizes() or []
    # SVG: drawn at any size, e.g. the 16 px of a title bar and the 256 px of a dock.
    assert sizes == [] or max(s.width() for s in sizes) >= 256
    assert not qapp.windowIcon().pixmap(16, 16).isNull()
    assert not qapp.windowIcon().pixmap(256, 256).isNull()
