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
    if cli_value:
        return Path(cli_value).expanduser()
    if os.environ.get(ENV_VAR):
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
    return path


def private_files() -> None:
    """New files and folders of this process: owner-only (0600 / 0700) where permissions exist."""
    if os.name == "posix":
        os.umask(os.umask(0o077) | 0o077)
