"""Export the journal as JSON (everything) or CSV (one row per day)."""
from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from journal import __version__
from journal.models import CONTEXT, FLAGS, SYMPTOMS, JournalError, day_since_session
from journal.paths import refuse_inside_data_dir
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal


def export(journal: Journal, out: Path) -> int:
    """Write `out` (.json or .csv, by its suffix) atomically; return the number of days."""
    suffix = out.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise JournalError(f"cannot export to {out.name!r}: the file name must end in .json or .csv")
    if out.is_dir():
        raise JournalError(f"{out} is a folder; give a file name ending in {suffix}")
    if not out.parent.is_dir():
        raise JournalError(f"the folder {out.parent} does not exist")
    refuse_inside_data_dir(journal.data_dir, out, "export")  # for the app's dialog as for the CLI
    rows = day_rows(journal)
    writer = _write_json if suffix == ".json" else _write_csv
    try:
        _write_atomically(out, lambda handle: writer(journal, rows, handle))
    except OSError as exc:  # a read-only folder, a full disk ...
        raise JournalError(f"could not write {out}: {exc.strerror or exc}") from None
    return len(rows)


def day_rows(journal: Journal) -> list[dict]:
    """One dict per logged day, with Day N and product names resolved."""
    names = {p.id: p.name for p in journal.products()}
    session_dates = [s.date for s in journal.sessions()]
    rows = []
    for entry in journal.entries():
        row = {"date": entry.date.isoformat(),
               "day_since_session": day_since_session(entry.date, session_dates)}
        row.update({name: getattr(entry, name) for name in (*SYMPTOMS, "breakouts")})
        row["flags"] = [FLAGS[f][0] for f in entry.flags]
        row.update({name: getattr(entry, name) for name in CONTEXT})
        row["products"] = [names[pid] for pid in entry.product_ids]
        row["note"] = entry.note
        rows.append(row)
    return rows


def _write_json(journal: Journal, rows, handle) -> None:
    document = {
        "app": "Skin Recovery Journal",
        "app_version": __version__,
        "sessions": [
            {**asdict(s), "date": s.date.isoformat(), "areas": list(s.areas)}
            for s in journal.sessions()
        ],
        "products": [asdict(p) for p in journal.products()],
        "entries": rows,
    }
    document["photos"] = [{**asdict(p), "date": p.date.isoformat()} for p in journal.photos()]
    # The name and questions for the dermatologist, backups to keep: typed by the user too.
    document["settings"] = dict(journal.conn.execute("SELECT key, value FROM settings ORDER BY key"))
    document["profile"] = asdict(journal.profile())  # the health profile, also in settings
    json.dump(document, handle, ensure_ascii=False, indent=1)
    handle.write("\n")


def _write_csv(journal: Journal, rows, handle) -> None:
    columns = ["date", "day_since_session", *SYMPTOMS, "breakouts", "flags", *CONTEXT,
               "products", "note"]
    writer = csv.DictWriter(handle, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise_cell(value) for key, value in {
            **row,
            "flags": ";".join(row["flags"]),
            "products": ";".join(row["products"]),
            **{name: int(row[name]) for name in CONTEXT},
        }.items()})


# A spreadsheet runs a cell starting with these as a formula (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """Text a spreadsheet would run as a formula, prefixed with ' so it shows as text (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_atomically(out: Path, write) -> None:
    """Write to a temporary file beside `out`, then rename: never a half-written export."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
