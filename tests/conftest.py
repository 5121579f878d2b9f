"""Shared fixtures: every test gets its own temporary data dir; Qt runs offscreen."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("JOURNAL_DATA_DIR", None)
# Texts the tests compare are written for one locale, whatever the machine's (subprocesses too).
os.environ["JOURNAL_LOCALE"] = "en_GB"

import pytest  # noqa: E402

from journal.models import DayEntry, Product, Session  # noqa: E402
from journal.store.journal import Journal  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep every test away from the real user data dir and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("JOURNAL_DATA_DIR", raising=False)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "journal-data"


@pytest.fixture
def journal(data_dir):
    with Journal.open(data_dir) as j:
        yield j


@pytest.fixture
def small_journal(journal):
    """Two sessions, three products and a handful of days, with a gap and a red flag."""
    journal.add_session(Session(date=dt.date(2026, 3, 1), areas=("full face",), depth_mm=0.5,
                                clinic="Bright Skin Clinic"))
    journal.add_session(Session(date=dt.date(2026, 4, 5), areas=("left cheek",), depth_mm=1.0))
    ids = {}
    for name, category, ingredients in [
        ("Gentle Cleanser", "cleanser", "Aqua, Glycerin, Cetearyl Alcohol"),
        ("Night Serum", "serum", "Aqua, Retinol, Squalane"),
        ("Coconut Balm", "moisturiser", "Cocos Nucifera (Coconut) Oil, Cera Alba"),
    ]:
        ids[name] = journal.add_product(Product(name=name, category=category,
                                                ingredients=ingredients))
    days = [
        (dt.date(2026, 2, 27), dict(redness=1, breakouts=0), ["Gentle Cleanser"]),
        (dt.date(2026, 3, 1), dict(redness=7, swelling=5, pain=4, breakouts=0), []),
        (dt.date(2026, 3, 2), dict(redness=5, swelling=3, breakouts=1), ["Gentle Cleanser"]),
        (dt.date(2026, 3, 3), dict(redness=3, breakouts=4, itch=2),
         ["Gentle Cleanser", "Night Serum"]),
        # 2026-03-04 missing: a gap
        (dt.date(2026, 3, 5), dict(redness=2, breakouts=2, pus=True, note="yellow spot"),
         ["Gentle Cleanser", "Coconut Balm"]),
        (dt.date(2026, 4, 5), dict(redness=6, breakouts=0), ["Gentle Cleanser"]),
        (dt.date(2026, 4, 6), dict(redness=4, breakouts=1), ["Gentle Cleanser"]),
    ]
    for date, values, products in days:
        journal.save_entry(DayEntry(date=date, **values,
                                    product_ids=tuple(ids[p] for p in products)))
    return journal


def run_cli(*args, data_dir: Path | None = None, env=None, timeout=120):
    """Run `python main.py ARGS` in a fresh process, the way a user or script does."""
    command = [sys.executable, str(ROOT / "main.py")]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(command + [str(a) for a in args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=ROOT)
