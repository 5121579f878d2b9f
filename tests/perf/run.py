"""Benchmark the whole app on a large journal: `.venv/bin/python tests/perf/run.py`.

Builds (once, cached in tests/perf/.cache/) five years of daily entries, 40
sessions, 150 products and 3,000 photos (10,000 photo rows for the gallery measure),
then measures start-up, the Trends page, the gallery, photo import, the report, tips,
export, memory and GUI responsiveness. Each measure is the median of several fresh-process runs,
printed next to a floor measured in the same run (interleaved with it), so the
ratio holds on a busy machine. A measure whose feature is not in the app prints
"n/a (feature missing)". The table is also written to tests/perf/results.json.

Options: --runs N (samples per measure, default 5; expensive ones use fewer),
--only WORD[,WORD] (measures whose name contains a word), --rebuild (the cache),
--json PATH.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

PYTHON = sys.executable
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
ENV.pop("JOURNAL_DATA_DIR", None)
ENV.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's second start finds compiled modules
CLONES = build.CACHE / "clones"


@dataclass
class Result:
    measure: str
    unit: str
    target: str
    median: float | None = None
    floor: float | None = None
    floor_name: str = ""
    ratio: float | None = None
    passed: bool | None = None
    note: str = ""
    samples: list = field(default_factory=list)
    floor_samples: list = field(default_factory=list)
    limit: float | None = None          # pass if the median is under this
    ratio_target: float | None = None   # pass if median / floor is under this
    margin: float | None = None         # pass if median - floor is under this


class Missing(Exception):
    pass


# -- helpers ----------------------------------------------------------------------------------
def clone_journal(name: str) -> Path:
    """A private copy of the cached journal: database copied, photo files hard-linked."""
    source = build.data_dir()
    target = CLONES / name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.is_dir():
            shutil.copytree(item, target / item.name, copy_function=os.link)
        elif item.name.startswith("journal.db"):
            shutil.copy2(item, target / item.name)
    return target


GALLERY_PHOTOS = 10_000
REPORT_ROWS = ["report PDF: last 3 months, first run", "report PDF: all 5 years, first run",
               "report PDF: last 3 months, again, same log",
               "report PDF: all 5 years, again, same log"]


def add_photo_rows(data: Path, total: int) -> None:
    """Grow a clone's photos to `total` rows (more days and areas of the same files), so the
    gallery measure shows years of daily photos without writing 7,000 more files."""
    import sqlite3

    conn = sqlite3.connect(data / "journal.db")
    try:
        rows = conn.execute("SELECT date, area, sha256, file_name, width, height FROM photos"
                            ).fetchall()
        have, extra, shift = len(rows), [], 0
        while have + len(extra) < total:
            shift += 1
            for date, area, sha, name, width, height in rows:
                if have + len(extra) >= total:
                    break
                day = dt.date.fromisoformat(date) - dt.timedelta(days=shift)
                extra.append((day.isoformat(), area, sha, name, width, height))
        with conn:
            conn.executemany("INSERT OR IGNORE INTO photos (date, area, sha256, file_name, "
                             "width, height) VALUES (?, ?, ?, ?, ?, ?)", extra)
    finally:
        conn.close()


def fresh_dir(name: str) -> Path:
    target = CLONES / name
    if target.exists():
        shutil.rmtree(target)
    return target


def probe(name: str, *args, timeout: float = 600) -> dict:
    """Run tests/perf/probes.py NAME ARGS in a fresh process; its JSON result."""
    proc = subprocess.run([PYTHON, str(HERE / "probes.py"), name, *map(str, args)],
                          capture_output=True, text=True, env=ENV, timeout=timeout, cwd=ROOT)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"probe {name} failed (exit {proc.returncode}): "
                           f"{(proc.stderr or proc.stdout).strip()[-800:]}")
    result = json.loads(lines[-1])
    if "missing" in result:
        raise Missing(result["missing"])
    return result


def wall(command: list[str]) -> float:
    """Seconds for a whole process to run `command` (it must succeed)."""
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=120)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {proc.stderr.strip()[-800:]}")
    return seconds


def has(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def needs(*modules: str) -> None:
    missing = [m for m in modules if not has(m)]
    if missing:
        raise Missing(", ".join(missing))


def median(values):
    return statistics.median(values) if values else None


# -- measures ---------------------------------------------------------------------------------
# Each returns the samples (and floor samples) of one or more Results; `runs` is the count.
MEASURES = []


def measure(*names):
    def register(fn):
        MEASURES.append((names, fn))
        return fn
    return register


@measure("start-up")
def m_startup(runs, meta):
    result = Result("start-up", "s", "< 1.8x floor", floor_name="bare PySide6 window")
    data = clone_journal("startup")
    app = [PYTHON, str(ROOT / "main.py"), "--data-dir", str(data), "--quit-after-show"]
    bare = [PYTHON, str(HERE / "bare_window.py")]
    wall(app), wall(bare)  # warm the file cache
    for _ in range(max(runs, 9)):  # (cheap: nine of each, interleaved, as the README says)
        (data / "window.ini").unlink(missing_ok=True)
        result.samples.append(wall(app))
        result.floor_samples.append(wall(bare))
    result.ratio_target = 1.8
    return [result]


@measure("trends")
def m_trends(runs, meta):
    needs("journal.ui.trends")
    first = Result("trends: first open", "s", "< 0.5 s", floor_name="matplotlib import + empty draw",
                   note="5 years shown; opened after 3 s on Today (the window warms up meanwhile)")
    redraw = Result("trends: redraw after symptom change", "s", "< 0.1 s",
                    floor_name="redraw of an empty figure")
    at_once = Result("trends: first open the moment the window shows", "s", "< 0.5 s",
                     floor_name="matplotlib import + empty draw",
                     note="clicked as soon as the window has painted: no time to warm up")
    data = clone_journal("trends")
    charts_at: list[float] = []
    for index in range(runs):
        got = probe("trends", data, 3)
        first.samples.append(got["first"])
        redraw.samples.append(got["redraw"])
        floor = probe("mpl_floor", data)
        for result in (first, at_once):
            result.floor_samples.append(floor["first"])
        redraw.floor_samples.append(floor["redraw"])
        if index < 3:
            got = probe("trends", data, 0)
            at_once.samples.append(got["first"])
            charts_at.append(got["charts"])
    if charts_at:  # "usable": controls and table; the charts may still be coming
        at_once.note += (f"; usable = controls and table painted, charts painted at "
                         f"{statistics.median(charts_at):.2f} s")
    first.limit, redraw.limit, at_once.limit = 0.5, 0.1, 0.5
    return [first, redraw, at_once]


@measure("gallery")
def m_gallery(runs, meta):
    needs("journal.ui.gallery")
    opened = Result(f"gallery: open {GALLERY_PHOTOS:,} photos", "s", "< 0.3 s",
                    floor_name=f"QListView of {GALLERY_PHOTOS:,} text rows")
    scrolled = Result("gallery: scroll to end", "s", "< 1 s",
                      floor_name=f"QListView of {GALLERY_PHOTOS:,} text rows")
    data = clone_journal("gallery")
    add_photo_rows(data, GALLERY_PHOTOS)
    for _ in range(runs):
        got = probe("gallery", data)
        opened.samples.append(got["open"])
        scrolled.samples.append(got["scroll"])
        floor = probe("list_floor", data)
        opened.floor_samples.append(floor["open"])
        scrolled.floor_samples.append(floor["scroll"])
    opened.limit, scrolled.limit = 0.3, 1.0
    return [opened, scrolled]


@measure("import")
def m_import(runs, meta):
    needs("journal.store.photos")
    result = Result("import one 12 MP JPEG (of 20)", "s", "< 2.5x floor",
                    floor_name="Pillow decode of the same file")
    files = sorted((build.CACHE / "phone").glob("*.jpg"))
    for index in range(max(2, min(runs, 3))):
        data = fresh_dir(f"import-{index}")
        result.samples.append(probe("import", data, *files)["seconds"])
        result.floor_samples.append(probe("decode", data, *files)["seconds"])
        shutil.rmtree(data, ignore_errors=True)
    result.ratio_target = 2.5
    return [result]


@measure("report")
def m_report(runs, meta):
    """The brief as a patient makes it: first after the log changed (nothing kept in the
    journal's cache/: evidence, charts, page breaks worked out afresh), then again for the
    same log (read back from cache/)."""
    needs("journal.report")
    if "def report_cli(" not in (ROOT / "journal" / "report" / "command.py").read_text():
        raise Missing("journal.report.report_cli")
    end = dt.date.fromisoformat(meta["end"])
    floor = "Qt + one-line PDF"
    short_cold = Result(REPORT_ROWS[0], "s", "< 1 s", floor_name=floor,
                        note="cache/ deleted before each run")
    full_cold = Result(REPORT_ROWS[1], "s", "< 4 s", floor_name=floor,
                       note="cache/ deleted before each run")
    short = Result(REPORT_ROWS[2], "s", "< 1 s", floor_name=floor)
    full = Result(REPORT_ROWS[3], "s", "< 4 s", floor_name=floor)
    data = clone_journal("report")
    out = CLONES / "report.pdf"  # (the app refuses to write into the journal's own folder)
    three_months = (end - dt.timedelta(days=91)).isoformat()
    periods = ((short_cold, short, three_months), (full_cold, full, meta["start"]))
    for index in range(max(2, min(runs, 3))):
        for cold, again, start in periods:
            shutil.rmtree(data / "cache", ignore_errors=True)   # the log just changed
            for result in (cold, again):
                result.samples.append(probe("cli", data, "report", "--out", out, "--from",
                                            start, "--to", meta["end"])["seconds"])
        seconds = probe("pdf_floor", data)["seconds"]
        for result in (short_cold, full_cold, short, full):
            result.floor_samples.append(seconds)
    short_cold.limit, full_cold.limit, short.limit, full.limit = 1.0, 4.0, 1.0, 4.0
    return [short_cold, full_cold, short, full]


@measure("tips")
def m_tips(runs, meta):
    needs("journal.care.tips")
    result = Result("tips for a day", "s", "< 0.2 s", floor_name="`session list`")
    data = clone_journal("tips")
    day = (dt.date.fromisoformat(meta["last_session"]) + dt.timedelta(days=3)).isoformat()
    for _ in range(runs):
        result.samples.append(probe("cli", data, "tips", day)["seconds"])
        result.floor_samples.append(probe("cli", data, "session", "list")["seconds"])
    result.limit = 0.2
    return [result]


@measure("evidence")
def m_evidence(runs, meta):
    needs("journal.care.evidence")
    result = Result("evidence table, worked out afresh", "s", "< 1 s", floor_name="`session list`")
    data = clone_journal("evidence")
    for _ in range(runs):
        shutil.rmtree(data / "cache", ignore_errors=True)  # no evidence kept from a run before
        result.samples.append(probe("cli", data, "evidence")["seconds"])
        result.floor_samples.append(probe("cli", data, "session", "list")["seconds"])
    result.limit = 1.0
    return [result]


@measure("export")
def m_export(runs, meta):
    result = Result("export everything (JSON)", "s", "< 3 s", floor_name="`session list`")
    data = clone_journal("export")
    for _ in range(runs):
        result.samples.append(probe("cli", data, "export", "--out", CLONES / "x.json")["seconds"])
        result.floor_samples.append(probe("cli", data, "session", "list")["seconds"])
    result.limit = 3.0
    return [result]


@measure("memory")
def m_rss(runs, meta):
    result = Result("peak memory after visiting every page", "MB", "< 250 MB",
                    floor_name="bare PySide6 window", note="VmHWM of the probe process")
    data = clone_journal("rss")
    for _ in range(max(2, min(runs, 3))):
        got = probe("rss", data)
        result.samples.append(got["mb"])
        result.note = "pages: " + ", ".join(got["pages"])
        proc = subprocess.run([PYTHON, str(HERE / "bare_window.py"), "--rss"], capture_output=True,
                              text=True, env=ENV, cwd=ROOT)
        result.floor_samples.append(float(proc.stdout.split()[-1]))
    result.limit = 250
    return [result]


@measure("responsiveness")
def m_gap(runs, meta):
    needs("journal.ui.gallery")
    result = Result("largest GUI gap, 200-photo import", "ms", "< idle + 50 ms",
                    floor_name="same timer, idle")
    files = sorted((build.CACHE / "batch").glob("*.jpg"))
    for index in range(max(1, min(runs, 3))):
        data = clone_journal(f"gap-{index}")
        got = probe("gap", data, *files)
        result.samples.append(got["gap_ms"])
        result.floor_samples.append(got["idle_gap_ms"])
        result.note = got.get("note", "")
        shutil.rmtree(data, ignore_errors=True)
    result.margin = 50
    return [result]


# -- running and reporting --------------------------------------------------------------------
def finish(result: Result) -> Result:
    result.median = median(result.samples)
    result.floor = median(result.floor_samples)
    if result.median is not None and result.floor:
        result.ratio = result.median / result.floor
    if result.ratio_target is not None:
        result.passed = result.ratio is not None and result.ratio < result.ratio_target
    elif result.margin is not None:
        result.passed = (result.median is not None and result.floor is not None
                         and result.median - result.floor < result.margin)
    elif result.limit is not None and result.median is not None:
        result.passed = result.median < result.limit
    return result


def fmt(value, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.0f} ms"
    return f"{value:.0f} {unit}"


def table(results: list[Result]) -> str:
    rows = [("measure", "median", "floor", "ratio", "target", "pass")]
    for r in results:
        if r.note.startswith("n/a") or r.note.startswith("error"):
            rows.append((r.measure, r.note, "", "", r.target, "-" if r.note.startswith("n/a") else "FAIL"))
            continue
        floor = fmt(r.floor, r.unit) + (f" ({r.floor_name})" if r.floor_name else "")
        rows.append((r.measure, fmt(r.median, r.unit), floor,
                     f"{r.ratio:.2f}x" if r.ratio is not None else "-", r.target,
                     {True: "yes", False: "NO", None: "-"}[r.passed]))
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |"
             for row in rows]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


PLACEHOLDERS = {
    "start-up": ["start-up"],
    "trends": ["trends: first open", "trends: redraw after symptom change",
               "trends: first open the moment the window shows"],
    "gallery": [f"gallery: open {GALLERY_PHOTOS:,} photos", "gallery: scroll to end"],
    "import": ["import one 12 MP JPEG (of 20)"],
    "report": REPORT_ROWS,
    "tips": ["tips for a day"],
    "export": ["export everything (JSON)"],
    "memory": ["peak memory after visiting every page"],
    "responsiveness": ["largest GUI gap, 200-photo import"],
}
TARGETS = {"start-up": "< 1.8x floor", "trends: first open": "< 0.5 s",
           "trends: redraw after symptom change": "< 0.1 s",
           "trends: first open the moment the window shows": "< 0.5 s",
           f"gallery: open {GALLERY_PHOTOS:,} photos": "< 0.3 s",
           "gallery: scroll to end": "< 1 s", "import one 12 MP JPEG (of 20)": "< 2.5x floor",
           **dict(zip(REPORT_ROWS, ("< 1 s", "< 4 s", "< 1 s", "< 4 s"))),
           "tips for a day": "< 0.2 s", "export everything (JSON)": "< 3 s",
           "peak memory after visiting every page": "< 250 MB",
           "largest GUI gap, 200-photo import": "< idle + 50 ms"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", default=str(HERE / "results.json"))
    args = parser.parse_args(argv)
    meta = build.ensure_built(args.rebuild)
    words = [w.strip() for w in args.only.split(",") if w.strip()]
    results: list[Result] = []
    started = time.perf_counter()
    for names, fn in MEASURES:
        key = names[0]
        if words and not any(w in key for w in words):
            continue
        print(f"measuring {key} ...", file=sys.stderr, flush=True)
        try:
            got = [finish(r) for r in fn(args.runs, meta)]
        except Missing as exc:
            got = [Result(n, "", TARGETS[n], note=f"n/a (feature missing: {exc})")
                   for n in PLACEHOLDERS[key]]
        except Exception as exc:  # noqa: BLE001 - one broken measure must not hide the others
            got = [Result(n, "", TARGETS[n], passed=False,
                          note=f"error: {str(exc).splitlines()[-1][:200] if str(exc) else exc!r}")
                   for n in PLACEHOLDERS[key]]
        results.extend(got)
    shutil.rmtree(CLONES, ignore_errors=True)
    for r in results:
        if r.note.startswith("n/a"):
            r.note = "n/a (feature missing)"
    print(f"\nLarge journal: {meta['entries']} days over {build.YEARS} years, "
          f"{meta['sessions']} sessions, {meta['products']} products, {meta['photos']} photos "
          f"({build.PHONE_PHOTOS_IN_JOURNAL} at 4000x3000). {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}; took {time.perf_counter() - started:.0f} s.\n")
    print(table(results))
    report = {"when": dt.datetime.now().isoformat(timespec="seconds"), "journal": meta,
              "cpus": os.cpu_count(), "results": [asdict(r) for r in results]}
    Path(args.json).write_text(json.dumps(report, indent=1))
    measured = [r for r in results if not r.note.startswith("n/a")]
    return 0 if all(r.passed is not False for r in measured) else 1


if __name__ == "__main__":
    sys.exit(main())
