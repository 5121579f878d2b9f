"""What the summary keeps between runs, in the journal folder (cache/report/). No Qt.

Keeping the rows of a long summary's tables whole on their pages costs a relayout per row
moved (about 1 s for five years). So the spacers that keep the pages whole are kept under
a digest of the document, the page and the fonts (journal.report.paginate, which replays
them only if they come out the same). The next summary of the same log - the PDF after the
preview, the Report page shown again, a second `report` - reads them instead. Any change to
what they show changes the digest; the newest KEEP_FILES are kept; a file that cannot be
read or written is only a cache missed. Like cache/evidence.json it holds health data:
owner-only, in the journal's own folder.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from journal.paths import write_whole

FOLDER = ("cache", "report")
KEEP_FILES = 16


def digest(*parts) -> str:
    """A digest of `parts` that is the same in every process: their repr, so no part may
    hold a set (its order changes with each process's hash seed); sort it first."""
    out = hashlib.sha256()
    for part in parts:
        if isinstance(part, (set, frozenset)) or (
                isinstance(part, (list, tuple)) and part
                and isinstance(part[0], (set, frozenset))):
            raise TypeError("sort a set before its digest: its order differs between runs")
        out.update(repr(part).encode("utf-8", "surrogatepass"))
        out.update(b"\0")
    return out.hexdigest()


def source_digest(*paths: Path) -> str:
    """A digest of these source files: a change to the code that made a kept file makes
    it anew."""
    out = hashlib.sha256()
    for path in paths:
        out.update(str(path).encode("utf-8", "surrogatepass"))
        try:
            out.update(Path(path).read_bytes())
        except OSError:
            out.update(b"(unreadable)")
    return out.hexdigest()


def _folder(data_dir) -> Path | None:
    return None if data_dir is None else Path(data_dir).joinpath(*FOLDER)


def read(data_dir, name: str) -> bytes | None:
    """The kept file's bytes, or None."""
    folder = _folder(data_dir)
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write(data_dir, name: str, data: bytes) -> None:
    """Keep `data` as `name` (whole or not at all, owner-only); drop the oldest files."""
    folder = _folder(data_dir)
    if folder is None:
        return
    try:
        write_whole(folder / name, data)
        files = sorted((p for p in folder.iterdir() if not p.name.startswith(".")),
                       key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP_FILES:]:
            old.unlink()
    except OSError:
        pass  # a read-only or full disk: the next summary draws it again
