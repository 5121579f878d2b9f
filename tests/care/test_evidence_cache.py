"""The evidence kept between runs (journal/care/evidence.py `_Kept`): a fresh process reads it
instead of working it out again, and any change to the log is worked out anew."""
from __future__ import annotations

import stat

import pytest

from journal.care import evidence as ev
from journal.store.journal import Journal


@pytest.fixture
def counted(monkeypatch):
    """evaluate() with a count of how often it ran; a fresh in-process cache (a new process)."""
    calls = []
    real = ev.evaluate

    def evaluate(days, items):
        calls.append(len(days))
        return real(days, items)

    monkeypatch.setattr(ev, "evaluate", evaluate)
    ev._CACHE.clear()
    yield calls
    ev._CACHE.clear()


def test_a_fresh_process_reads_the_kept_evidence(demo_dir, counted):
    with Journal.open(demo_dir) as journal:
        first = ev.product_evidence(journal)
    kept = demo_dir / "cache" / "evidence.json"
    assert len(counted) == 1 and kept.is_file()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # health data: owner only
    assert any(e.verdict == "more" for e in first)     # (the demo has something to say)
    ev._CACHE.clear()                                  # as a new process starts
    with Journal.open(demo_dir) as journal:
        assert ev.product_evidence(journal) == first
    assert len(counted) == 1, "read back, not worked out again"


def test_a_change_to_the_log_elsewhere_is_worked_out_again(demo_dir, counted):
    with Journal.open(demo_dir) as journal:
        before = ev.product_evidence(journal)
        day = max(e.date for e in journal.entries(None, None) if e.breakouts is not None)
        with Journal.open(demo_dir) as other:       # the command line, another process
            other.update_entry(day, breakouts=journal.entry(day).breakouts + 9)
        ev._CACHE.clear()
        after = ev.product_evidence(journal)
        assert len(counted) == 2
        assert after == ev.evaluate(ev.day_records(journal), ev.journal_items(journal))
        assert after != before


def test_a_damaged_or_foreign_file_is_only_a_cache_missed(demo_dir, counted):
    kept = demo_dir / "cache" / "evidence.json"
    with Journal.open(demo_dir) as journal:
        first = ev.product_evidence(journal)
        for text in ("{not json", '{"key": 1}', '{"key": null, "evidence": [{"name": 1}]}', ""):
            kept.write_text(text)
            ev._CACHE.clear()
            assert ev.product_evidence(journal) == first
        ev._CACHE.clear()
        assert ev.product_evidence(journal) == first   # the last one was written back whole
    assert len(counted) == 5
    assert not [p for p in kept.parent.iterdir() if p != kept], "no temporary file left"


def test_a_journal_folder_with_it_is_still_the_journals_own(demo_dir, counted):
    """Others' read access to a journal folder is taken away on opening (paths.tighten);
    the cache folder must not make it look like a shared folder."""
    import os

    from journal.paths import prepare_data_dir

    with Journal.open(demo_dir) as journal:
        ev.product_evidence(journal)
    assert (demo_dir / "cache").is_dir()
    os.chmod(demo_dir, 0o755)
    prepare_data_dir(demo_dir)
    assert stat.S_IMODE(demo_dir.stat().st_mode) == 0o700


def test_the_command_line_in_a_fresh_process_uses_it(demo_dir):
    from tests.conftest import run_cli

    first = run_cli("evidence", data_dir=demo_dir)
    assert first.returncode == 0 and (demo_dir / "cache" / "evidence.json").is_file()
    again = run_cli("evidence", data_dir=demo_dir)
    assert again.returncode == 0 and again.stdout == first.stdout


def test_the_report_s_periods_and_the_whole_log_are_kept_side_by_side(demo_dir, counted):
    """The report asks for its period, the tips for the whole log: one must not throw the
    other out (every report used to work the evidence out again)."""
    import datetime as dt

    with Journal.open(demo_dir) as journal:
        end = max(e.date for e in journal.entries(None, None))
        periods = [(None, None), (end - dt.timedelta(days=91), end),
                   (end - dt.timedelta(days=30), end)]
        first = [ev.product_evidence(journal, *period) for period in periods]
        assert len(counted) == 3
        for _again in range(2):
            for period, evidence in zip(periods, first):
                ev._CACHE.clear()                      # as a new process starts
                assert ev.product_evidence(journal, *period) == evidence
        assert len(counted) == 3, "each period read back, none worked out again"
