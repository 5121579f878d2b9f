"""Desktop integration on Linux (freedesktop.org): the menu entry, its icon, the AppStream
metainfo, and the "open at login" autostart entry. All per user, nothing system-wide:

- ``skin-journal --install-desktop-entry`` writes, under $XDG_DATA_HOME (~/.local/share),
  applications/APP_ID.desktop, icons/hicolor/scalable/apps/APP_ID.svg and
  metainfo/APP_ID.metainfo.xml; ``--uninstall-desktop-entry`` removes exactly those.
- The autostart entry is $XDG_CONFIG_HOME/autostart/APP_ID.desktop (~/.config/autostart).

The templates are resource files (resources/desktop/); the command written into the entries
is the one that started us (the installed `skin-journal`, a bundle, or `python main.py`).
No Qt here.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from journal.resources import read_text, resource_path

APP_ID = "org.skinrecoveryjournal.journal"
ICON_FILE = "icons/skin-journal.svg"


def _xdg(var: str, default: str) -> Path:
    value = os.environ.get(var, "")
    # The spec: a relative (or empty) value is invalid and must be ignored.
    return Path(value) if value and os.path.isabs(value) else Path.home() / default


def data_home() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share")


def config_home() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config")


def desktop_entry_files() -> dict[str, Path]:
    """Where --install-desktop-entry writes, by kind."""
    base = data_home()
    return {
        "desktop": base / "applications" / f"{APP_ID}.desktop",
        "icon": base / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        "metainfo": base / "metainfo" / f"{APP_ID}.metainfo.xml",
    }


def autostart_file() -> Path:
    return config_home() / "autostart" / f"{APP_ID}.desktop"


def launch_command() -> list[str]:
    """The command that starts this app as it is installed now."""
    if getattr(sys, "frozen", False):  # a bundle (.ci/bundle): its executable
        return [sys.executable]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "skin-journal" and script.exists():
        return [str(script.resolve())]
    beside = Path(sys.executable).parent / "skin-journal"  # the venv's entry point
    if beside.exists():
        return [str(beside)]
    main_py = Path(__file__).resolve().parent.parent / "main.py"
    return [sys.executable, str(main_py)]


def _exec_arg(arg: str) -> str:
    """One argument of a desktop entry's Exec key, quoted as the specification asks."""
    arg = arg.replace("%", "%%")  # % starts a field code
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return arg
    for char in ("\\", '"', "`", "$"):
        arg = arg.replace(char, "\\" + char)
    return f'"{arg}"'


def _entry_text(extra_args: tuple[str, ...] = (), autostart: bool = False) -> str:
    command = launch_command() + list(extra_args)
    # Exec values go through the desktop entry's own string escaping once more (\\ -> \).
    exec_line = " ".join(_exec_arg(a) for a in command).replace("\\", "\\\\")
    text = (read_text("desktop/skin-journal.desktop")
            .replace("@EXEC@", exec_line)
            .replace("@TRYEXEC@", command[0])
            .replace("@APP_ID@", APP_ID))
    if autostart:
        text += "X-GNOME-Autostart-enabled=true\n"
    return text


def _write(path: Path, text: str | bytes) -> None:
    """Write through a temporary file and a rename: never a half-written entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    if isinstance(text, bytes):
        tmp.write_bytes(text)
    else:
        tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o644)  # desktop files are not secret (our umask makes new files 0600)
    os.replace(tmp, path)


def install_desktop_entry() -> dict[str, Path]:
    files = desktop_entry_files()
    _write(files["icon"], resource_path(ICON_FILE).read_bytes())
    _write(files["metainfo"],
           read_text("desktop/skin-journal.metainfo.xml").replace("@APP_ID@", APP_ID))
    _write(files["desktop"], _entry_text())
    _refresh_menus(files["desktop"].parent)
    return files


def uninstall_desktop_entry() -> list[Path]:
    removed = []
    for path in desktop_entry_files().values():
        if path.exists():
            path.unlink()
            removed.append(path)
    _refresh_menus(desktop_entry_files()["desktop"].parent)
    return removed


def _refresh_menus(applications: Path) -> None:
    """Tell the desktop's menu cache, where the tool exists (menus also notice by themselves)."""
    import shutil
    import subprocess  # (here: the window's start-up imports this module for its icon)

    tool = shutil.which("update-desktop-database")
    if tool and applications.is_dir():
        subprocess.run([tool, "-q", str(applications)], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def set_autostart(enabled: bool) -> Path:
    """Write (or remove) the XDG autostart entry that opens the app at login."""
    path = autostart_file()
    if enabled:
        _write(path, _entry_text(autostart=True))
    elif path.exists():
        path.unlink()
    return path


def autostart_enabled() -> bool:
    return autostart_file().exists()
