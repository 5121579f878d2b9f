"""Benchmark of the Trends page on five years of daily entries (not part of the test run).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_trends.py [--days 1826]

Prints the time of: the one entries query, the first open of the page (matplotlib import
included when run in a fresh process), and redraws after control changes (each a full,
synchronous draw of both canvases), with the median and worst of several runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def build_journal(data_dir: Path, days: int, seed: int = 5, products_per_day: int = 4,
                  notes: tuple[str, ...] = ()):
    """A journal with `days` daily entries, a session every ~8 weeks, products used daily
    (and now and then one of `notes`). Also used by bench_report.py."""
    from journal.demo import PRODUCTS
    from journal.store.journal import Journal

    journal = Journal.open(data_dir)
    rng = random.Random(seed)
    end = dt.date(2026, 11, 30)
    start = end - dt.timedelta(days=days - 1)
    db = journal.db
    with journal.transaction():
        db["products"].insert_all({"name": n, "brand": b, "category": c, "ingredients": i}
                                  for n, b, c, i in PRODUCTS)
        ids = [r[0] for r in journal.conn.execute("SELECT id FROM products")]
        sessions, day = [], start + dt.timedelta(days=20)
        while day <= end:
            sessions.append({"date": day.isoformat(), "areas": "full face", "depth_mm": 1.0,
                             "clinic": "Bright Skin Clinic", "notes": ""})
            day += dt.timedelta(days=rng.randint(42, 70))
        db["sessions"].insert_all(sessions)
        entries, uses = [], []
        for i in range(days):
            date = (start + dt.timedelta(days=i)).isoformat()
            if rng.random() < 0.05:
                continue
            entries.append({"date": date, "redness": rng.randint(0, 9), "swelling": rng.randint(0, 5),
                            "pain": rng.randint(0, 4), "itch": rng.randint(0, 4),
                            "dryness": rng.randint(0, 6), "breakouts": rng.randint(0, 6),
                            "pus": int(rng.random() < 0.01), "makeup": int(rng.random() < 0.3),
                            "note": rng.choice(notes) if notes and rng.random() < 0.2 else ""})
            uses += [{"date": date, "product_id": pid} for pid in rng.sample(ids, products_per_day)]
        db["entries"].insert_all(entries)
        db["product_uses"].insert_all(uses)
    return journal


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=5 * 365 + 1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        journal = build_journal(Path(tmp) / "journal", args.days)
        print(f"built {args.days} days, {len(journal.sessions())} sessions "
              f"in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        journal.entries()
        print(f"one entries query (all days): {1000 * (time.perf_counter() - started):.0f} ms")

        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        from journal.ui.app import window_settings
        from journal.ui.hub import Hub

        hub = Hub(journal, window_settings(journal.data_dir))
        hub.today = staticmethod(lambda: dt.date(2026, 11, 30))

        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        started, cpu_started = time.perf_counter(), time.process_time()
        from journal.ui.trends import TrendsPage  # imports matplotlib

        imported = time.perf_counter()
        page = TrendsPage(hub)
        page.resize(1010, 740)
        page.show()
        app.processEvents()
        page.timeline_canvas.draw()  # make sure both are drawn at the final size
        page.recovery_canvas.draw()
        done = time.perf_counter()
        print(f"first open: {1000 * (done - started):.0f} ms "
              f"(import {1000 * (imported - started):.0f} ms, "
              f"build + first draw {1000 * (done - imported):.0f} ms; "
              f"CPU {1000 * (time.process_time() - cpu_started):.0f} ms)")

        cpu_times: list[float] = []

        def redraw_time(change) -> float:
            t, c = time.perf_counter(), time.process_time()
            change()  # the page rebuilds the artists and asks for an idle repaint
            app.processEvents()  # ... which happens here: Agg draw + paint
            app.processEvents()
            cpu_times.append(time.process_time() - c)
            return time.perf_counter() - t

        cases = {
            "range: all (5 years)": lambda: page.range_combo.setCurrentIndex(
                page.range_combo.findData("all")),
            "toggle swelling": lambda: page.symptom_boxes["swelling"].toggle(),
            "toggle 3-day mean": lambda: page.smooth_box.toggle(),
            "recovery of redness/breakouts": lambda: page.recovery_combo.setCurrentIndex(
                (page.recovery_combo.currentIndex() + 1) % 2),
            "range: last 6 weeks": lambda: page.range_combo.setCurrentIndex(
                page.range_combo.findData("6w")),
            "range: last 2 weeks": lambda: page.range_combo.setCurrentIndex(
                page.range_combo.findData("2w")),
            "a day saved (in a recovery window)": lambda: hub.entries_changed.emit(
                page._sessions[-1].date + dt.timedelta(days=2)),
            "a day saved (outside them)": lambda: hub.entries_changed.emit(
                page._sessions[-1].date - dt.timedelta(days=20)),
        }
        for name, change in cases.items():
            if name.startswith("range: last"):
                times = []
                for _ in range(args.repeat):
                    times.append(redraw_time(change))
                    page.range_combo.setCurrentIndex(page.range_combo.findData("all"))
                    app.processEvents()
                    app.processEvents()
            elif name.startswith("range: all"):
                times = []
                for _ in range(args.repeat):
                    page.range_combo.setCurrentIndex(page.range_combo.findData("6w"))
                    app.processEvents()
                    app.processEvents()
                    times.append(redraw_time(change))
            else:
                page.range_combo.setCurrentIndex(page.range_combo.findData("all"))
                app.processEvents()
                times = [redraw_time(change) for _ in range(args.repeat)]
            cpu = cpu_times[-len(times):]
            print(f"redraw after {name:30s} wall: median {1000 * statistics.median(times):4.0f} ms,"
                  f" worst {1000 * max(times):4.0f} ms; CPU: median "
                  f"{1000 * statistics.median(cpu):4.0f} ms")
        page.close()
        page.deleteLater()
        app.processEvents()
        journal.close()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt/matplotlib objects (not under test here)


if __name__ == "__main__":
    sys.exit(main())
