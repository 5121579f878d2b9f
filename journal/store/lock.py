"""The locks that keep a journal to one writer of its files at a time (no Qt here).

The single-instance lock the GUI takes with QLockFile is read here as the plain
file it is (first line: the holder's process id).
"""
from __future__ import annotations

import os
from pathlib import Path

from journal.models import JournalError
from journal.paths import LOCK_NAME

# -- the single-instance lock -----------------------------------------------------------
def lock_holder(data_dir: Path) -> int | None:
    """The id of another live process holding the journal's lock file, else None.

    The GUI holds the lock with QLockFile (first line of the file: its pid); a
    restore holds it the same way. A lock left by a process that has died is
    stale and ignored, as QLockFile itself does.
    """
    path = Path(data_dir) / LOCK_NAME
    try:
        first = path.read_text(errors="replace").splitlines()[0]
        pid = int(first.strip())
    except (OSError, IndexError, ValueError):
        return None
    if pid == os.getpid() or pid <= 0:
        return None
    if os.name != "posix":
        # No signal 0 here; a held QLockFile is open without delete sharing, a stale one is not.
        try:
            path.unlink()
        except PermissionError:
            return pid
        except OSError:
            pass
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid  # alive, owned by someone else
    return pid


def _refuse_if_open(data_dir: Path, doing: str) -> None:
    pid = lock_holder(data_dir)
    if pid is not None:
        raise JournalError(
            f"the journal in {data_dir} is open in the app (process {pid}); close the app "
            f"before you {doing}"
        )


class _RestoreLock:
    """Hold the journal's lock file while a restore runs, so the app cannot start on it.

    Written in QLockFile's format (pid, program name, host) so the GUI's QLockFile
    sees a live holder. If this process already holds the lock (the GUI restoring
    from its own menu) nothing is done.
    """

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / LOCK_NAME
        self.owned = False

    def __enter__(self):
        import socket

        _refuse_if_open(self.path.parent, "restore a backup")
        try:
            mine = int(self.path.read_text().splitlines()[0]) == os.getpid()
        except (OSError, IndexError, ValueError):
            mine = False
        if mine:
            return self
        self.path.unlink(missing_ok=True)  # stale: its holder has died
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise JournalError(f"the journal in {self.path.parent} is in use; try again") from None
        try:
            program = os.path.basename(os.readlink("/proc/self/exe"))
        except OSError:
            program = "python"
        os.write(fd, f"{os.getpid()}\n{program}\n{socket.gethostname()}\n".encode())
        os.close(fd)
        self.owned = True
        return self

    def __exit__(self, *exc):
        if self.owned:
            self.path.unlink(missing_ok=True)

