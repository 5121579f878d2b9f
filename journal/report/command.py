"""The headless command: `python main.py report --out FILE.pdf [--from DATE] [--to DATE]`."""
from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

from journal import format as fmt
from journal.models import JournalError, parse_date
from journal.report.collect import check_period, default_period
from journal.report.paginate import build_report


def ensure_gui_application():
    """A QGuiApplication for headless use; offscreen when there is no display."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import journal.qt  # noqa: F401  (PySide6 without its __feature__ import hook)
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def check_out_path(out: str | Path) -> Path:
    """The PDF path to write; JournalError unless it ends in .pdf in an existing folder."""
    path = Path(out).expanduser()
    if path.suffix.lower() != ".pdf":
        raise JournalError(
            f"the report is a PDF: the file name must end in .pdf, not {path.name!r}")
    if path.is_dir():
        raise JournalError(f"{path} is a folder; give a file name ending in .pdf")
    if not path.parent.is_dir():
        raise JournalError(f"the folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise JournalError(f"the folder {path.parent} is not writable")
    return path


def report_cli(journal, args) -> int:
    """`python main.py report --out FILE.pdf [--from DATE] [--to DATE]`."""
    from journal.paths import refuse_inside_data_dir
    from journal.terminal import safe

    out = check_out_path(args.out)
    refuse_inside_data_dir(journal.data_dir, out, "report")
    end = parse_date(args.end) if getattr(args, "end", None) else dt.date.today()
    if end > dt.date.today():  # the period would be named by days that have not come yet
        raise JournalError(f"--to {end} is in the future: a report ends today at the latest")
    if getattr(args, "start", None):
        start = parse_date(args.start)
    else:
        start = default_period(journal, end)[0]
    start, end = check_period(start, end)
    began = time.perf_counter()
    ensure_gui_application()
    report = build_report(journal, start, end)
    pages = report.write_pdf(out)
    size_kb = out.stat().st_size / 1024
    print(safe(f"wrote {out}") + f" ({fmt.plural(pages, 'page')}, {fmt.number(size_kb, 0)} KB, "
          f"{start} to {end}) in {time.perf_counter() - began:.1f} s")
    for notice in report.data.notices:
        print(safe(f"note: {notice}"), file=sys.stderr)
    return 0
