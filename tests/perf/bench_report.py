"""Benchmark of the dermatologist summary (not part of the test run).

    .venv/bin/python tests/perf/bench_report.py [--days 1826] [--photos 40] [--keep DIR]

Builds a journal with `days` daily entries (a session every ~8 weeks, notes on some days,
photos after each session) and times the report for the last 3 months, the last year and
the whole journal, cold (nothing in the journal's cache/ folder) and warm (as the next run
finds it): building the QTextDocument and writing the PDF, with the page count and the
file size.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

END = dt.date(2026, 11, 30)
NOTES = ["Skin calm today.", "A few small whiteheads on the chin, <not> squeezed them.",
         "Tight and dry in the morning, better after the cream.", "Red patch near the nose."]


def build_journal(data_dir: Path, days: int, photos: int, seed: int = 7):
    from PIL import Image, ImageDraw

    from bench_trends import build_journal as build_days
    from journal.store.photos import import_photo_data

    journal = build_days(data_dir, days, seed=seed, products_per_day=5, notes=NOTES)
    rng = random.Random(seed)
    session_dates = [s.date for s in journal.sessions()]
    for n in range(photos):
        image = Image.new("RGB", (2000, 1500), (220, 170, 150))
        draw = ImageDraw.Draw(image)
        for i in range(200):
            x, y = rng.randrange(2000), rng.randrange(1500)
            draw.ellipse((x, y, x + 30, y + 30), fill=(200, 90 + i % 60, 90))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=88)
        session = session_dates[-1 - (n // 4) % len(session_dates)]
        import_photo_data(journal, out.getvalue(), session + dt.timedelta(days=(n % 4) * 3),
                          "full face")
    return journal


def time_report(journal, start, end, out: Path) -> str:
    """The brief made twice, as two `report` runs would: cold (nothing kept in the journal's
    cache/ folder: the evidence worked out, the charts drawn, the page breaks found) and
    warm (read back from cache/). CPU time of this process, and wall-clock time."""
    import shutil

    from journal.care import evidence
    from journal.report import build_report

    def once(label: str) -> str:
        wall, cpu = time.perf_counter(), time.process_time()
        report = build_report(journal, start, end)
        built_cpu = time.process_time()
        pages = report.write_pdf(out)
        return (f"{label} {time.process_time() - cpu:.2f} s CPU ({time.perf_counter() - wall:.2f}"
                f" s wall; build {built_cpu - cpu:.2f} s, PDF {time.process_time() - built_cpu:.2f}"
                f" s), {pages} pages, {out.stat().st_size / 1024:.0f} KB")

    shutil.rmtree(journal.data_dir / "cache", ignore_errors=True)
    evidence._CACHE.clear()
    cold = once("cold")
    evidence._CACHE.clear()   # (a new process would start without it)
    return f"{cold}; {once('warm')}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=5 * 365 + 1)
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--keep", help="keep the PDFs in this folder")
    args = parser.parse_args()

    from journal.report import ensure_gui_application

    ensure_gui_application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        journal = build_journal(Path(tmp) / "journal", args.days, args.photos)
        print(f"journal: {args.days} days, {len(journal.sessions())} sessions, "
              f"{args.photos} photos, made in {time.perf_counter() - began:.1f} s")
        for label, days in (("3 months", 91), ("1 year", 365), ("all", args.days)):
            start = END - dt.timedelta(days=days - 1)
            print(f"{label:>8}: " + time_report(journal, start, END,
                                                  folder / f"report-{days}.pdf"))
        journal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
