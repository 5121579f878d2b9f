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



# -- who has the journal open: a shared/exclusive lock on a file in the data dir ----------
ACCESS_NAME = ".journal-access.lock"
OPEN_WAIT_SECONDS = 30.0  # how long opening waits for a restore or repair to finish

try:  # POSIX advisory locks; where there are none (Windows) the locks below are no-ops
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None


class _Held:
    def __init__(self, fd: int):
        self.fd = fd
        self.shared = 0
        self.exclusive = False
        self.owner = None  # the thread holding it exclusively


_held: dict[str, _Held] = {}
_guard = None


def _registry_lock():
    """One condition for this process's registry: threads wait on it for each other."""
    global _guard
    if _guard is None:
        import threading

        _guard = threading.Condition(threading.RLock())
    return _guard


def _wait_for_other_thread(data_dir: Path, wait: float) -> bool:
    """With the registry held: wait while another thread of this process holds it alone."""
    import threading
    import time

    deadline = time.monotonic() + wait
    while True:
        held = _held.get(_key(data_dir))
        if held is None or not held.exclusive or held.owner is threading.current_thread():
            return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        _registry_lock().wait(left)


def _key(data_dir: Path) -> str:
    return os.path.realpath(data_dir)


def _open_lock_file(data_dir: Path) -> int:
    try:
        return os.open(Path(data_dir) / ACCESS_NAME,
                       os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        raise JournalError(f"cannot open the journal in {data_dir}: {exc.strerror or exc}") from None


def _flock(fd: int, operation: int, wait: float) -> bool:
    """flock `operation` on `fd`, retrying for up to `wait` seconds; True once it is held."""
    import time

    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


def acquire_shared(data_dir: Path, wait: float = OPEN_WAIT_SECONDS) -> None:
    """Note that this process has the journal open (any number of processes may).

    Waits while a restore or repair holds the journal alone; JournalError if that
    takes longer than `wait` seconds. Pair every call with release_shared.
    """
    if fcntl is None:
        return
    with _registry_lock():
        # A restore or repair on another thread of this process (the app's runner): wait too.
        if not _wait_for_other_thread(data_dir, wait):
            raise JournalError(
                f"the journal in {data_dir} is being restored or repaired; try again when it "
                "has finished")
        held = _held.get(_key(data_dir))
        if held is not None:
            held.shared += 1
            return
        fd = _open_lock_file(data_dir)
        if not _flock(fd, fcntl.LOCK_SH, wait):
            os.close(fd)
            raise JournalError(
                f"the journal in {data_dir} is being restored or repaired by another program; "
                "try again when it has finished")
        held = _held[_key(data_dir)] = _Held(fd)
        held.shared = 1


def release_shared(data_dir: Path) -> None:
    if fcntl is None:
        return
    with _registry_lock():
        held = _held.get(_key(data_dir))
        if held is None or held.shared == 0:
            return
        held.shared -= 1
        if held.shared == 0 and not held.exclusive:
            _drop(data_dir, held)


def _drop(data_dir: Path, held: _Held) -> None:
    del _held[_key(data_dir)]
    try:
        fcntl.flock(held.fd, fcntl.LOCK_UN)
    finally:
        os.close(held.fd)


class exclusive:
    """Hold the journal for this process alone: no other process has it open meanwhile.

    Restore and repair run inside it. Raises JournalError at once (having changed
    nothing) when another process has the journal open: the app, a command still
    running, a script. Opening the journal in another process waits until it ends.
    Re-entrant within a thread; this process's own open journals do not count (the
    app's window keeps its journal open during a restore, then reopens it), but
    other threads of this process wait to open the journal until it ends.
    """

    def __init__(self, data_dir: Path, doing: str, wait: float = 0.0):
        self.data_dir = Path(data_dir)
        self.doing = doing
        self.wait = wait
        self.nested = False

    def __enter__(self):
        import threading

        if fcntl is None:
            return self
        with _registry_lock():
            held = _held.get(_key(self.data_dir))
            if held is not None and held.exclusive and held.owner is threading.current_thread():
                self.nested = True
                return self
            if not _wait_for_other_thread(self.data_dir, max(self.wait, 0.0)):
                raise JournalError(f"the journal in {self.data_dir} is being restored or "
                                   f"repaired; try again when it has finished")
            held = _held.get(_key(self.data_dir))
            if held is None:
                held = _held[_key(self.data_dir)] = _Held(_open_lock_file(self.data_dir))
            if not _flock(held.fd, fcntl.LOCK_EX, self.wait):
                # flock converts shared -> exclusive by dropping the shared lock first: take it back
                if held.shared:
                    _flock(held.fd, fcntl.LOCK_SH, OPEN_WAIT_SECONDS)
                else:
                    _drop(self.data_dir, held)
                raise JournalError(
                    f"the journal in {self.data_dir} is open in another program (the app, or a "
                    f"command or script still running); close it before you {self.doing}")
            held.exclusive = True
            held.owner = threading.current_thread()
        return self

    def __exit__(self, *exc):
        if fcntl is None or self.nested:
            return
        with _registry_lock():
            held = _held[_key(self.data_dir)]
            held.exclusive = False
            held.owner = None
            if held.shared:
                _flock(held.fd, fcntl.LOCK_SH, OPEN_WAIT_SECONDS)
            else:
                _drop(self.data_dir, held)
            _registry_lock().notify_all()
