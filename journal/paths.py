"""Where the journal lives: --data-dir, else $JOURNAL_DATA_DIR, else the user data dir."""
from __future__ import annotations

import os
from pathlib import Path

from journal.models import JournalError

ENV_VAR = "JOURNAL_DATA_DIR"
DB_NAME = "journal.db"
LOCK_NAME = "journal.lock"  # the GUI's single-instance lock (QLockFile), also held by restore


def resolve_data_dir(cli_value: str | os.PathLike | None = None) -> Path:
    """The data dir to use, by precedence; not created or checked here."""
    if cli_value is not None:
        if not str(cli_value).strip():
            raise JournalError("--data-dir is empty; give the journal's folder")
        return Path(cli_value).expanduser()
    if ENV_VAR in os.environ:
        if not os.environ[ENV_VAR].strip():  # a script's unset variable: not the real journal
            raise JournalError(f"{ENV_VAR} is set but empty; give the journal's folder or unset it")
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("SkinRecoveryJournal", appauthor=False))


def prepare_data_dir(path: Path) -> Path:
    """Create the data dir (owner-only) if needed and check that we can write in it.

    Also sets this process's umask to 077: everything the app writes (photos,
    thumbnails, backups, exports, window settings) holds health data and is
    created readable by its owner only.
    """
    private_files()
    if path.exists() and not path.is_dir():
        raise JournalError(f"the data dir {path} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise JournalError(f"cannot create the data dir {path}: {exc.strerror}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise JournalError(f"the data dir {path} is not writable")
    tighten(path)
    return path


def tighten(path: Path) -> None:
    """An existing data dir others could read (say 0755) is made owner-only (0700).

    Only the journal's own folder: empty, or holding journal.db. A shared folder given
    as --data-dir (/tmp, the home folder, /dev as root) keeps its permissions: making it
    0700 would take it away from every other user and service.
    """
    if os.name != "posix":
        return
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o077 and _journal_folder(path):
            os.chmod(path, 0o700)
    except OSError:
        pass  # not ours to change: it stays as it is


# What the app keeps in its folder; anything else means the folder is shared with other things.
_OWN_NAMES = frozenset({"photos", "thumbs", "cache", "backups", "logs", "lost-and-found",
                        "window.ini", LOCK_NAME})
_OWN_PREFIXES = (DB_NAME, ".journal", ".restore", "restore-undo-")


def _journal_folder(path: Path) -> bool:
    """Empty (a new journal's) or holding only what the app puts there."""
    with os.scandir(path) as entries:
        return all(e.name in _OWN_NAMES or e.name.startswith(_OWN_PREFIXES) for e in entries)


def refuse_inside_data_dir(data_dir: Path, out: Path, what: str) -> None:
    """JournalError if `out` would be written inside the journal's folder.

    The folder is the journal's alone: a file written there would be swept into
    the next backup and mixed with what restore and repair manage.
    """
    try:
        data = Path(data_dir).resolve()
        target = Path(out).expanduser().resolve()
    except (OSError, RuntimeError):
        return
    if target == data or data in target.parents:
        raise JournalError(f"{out} is inside the journal's folder {data_dir}; write the {what} "
                           "somewhere else")


def private_files() -> None:
    """New files and folders of this process: owner-only (0600 / 0700) where permissions exist."""
    if os.name == "posix":
        os.umask(os.umask(0o077) | 0o077)


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` as `path` whole or not at all (a temporary file beside it, renamed over
    it), owner-only, making its missing folders owner-only too. No fsync: for what can be
    worked out again (thumbnails, what cache/ keeps). OSError if it cannot be written."""
    import tempfile

    missing, folder = [], Path(path).parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{Path(path).name}-", suffix=".tmp",
                               dir=Path(path).parent)  # 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
