"""Evidence from the patient's own log: product verdicts and the course comparison."""
from __future__ import annotations

import datetime as dt
import json
import math
import random

import pytest

from journal.care import evidence, permutation
from journal.care.course import compare_course, course_comparison, expected_course, usual_ranges
from journal.care.evidence import ASSOCIATION_NOTE, product_evidence
from journal.care.permutation import (
    ALPHA_ONE_SIDED, VERDICTS, DayRecord, Item, ProductEvidence, evaluate,
)
from journal.models import DayEntry, Product, Session

START = dt.date(2026, 1, 5)


def _typical_spots(day: int, peak: float) -> float:
    """Spots peak on days 2-6 whatever the products (as in real recoveries)."""
    return peak * math.exp(-((day - 4) ** 2) / 4) + 0.3 if day <= 14 else 0.3


def build_journal(journal, seed=7, sessions=4, gap=30):
    """A journal through the facade: `planted` adds 3 spots on the days it is used (same
    Day N), `random` does nothing, `twice` is used on two days, `alpha`+`beta` always
    together, `cleanser` every day."""
    rng = random.Random(seed)
    ids = {name: journal.add_product(Product(name=name, ingredients="Aqua"))
           for name in ("Planted Balm", "Random Serum", "Twice Mask", "Alpha Gel", "Beta Gel",
                        "Daily Cleanser")}
    for s in range(sessions):
        journal.add_session(Session(date=START + dt.timedelta(days=s * gap)))
    twice = {START + dt.timedelta(days=3), START + dt.timedelta(days=gap + 3)}
    for offset in range(sessions * gap):
        date = START + dt.timedelta(days=offset)
        day = offset % gap
        peak = rng.uniform(2, 4)
        spots = _typical_spots(day, peak) + rng.gauss(0, 0.7)
        used = [ids["Daily Cleanser"]]
        if rng.random() < 0.4:
            used.append(ids["Planted Balm"])
            spots += 3
        if rng.random() < 0.5:
            used.append(ids["Random Serum"])
        if rng.random() < 0.3:
            used += [ids["Alpha Gel"], ids["Beta Gel"]]
        if date in twice:
            used.append(ids["Twice Mask"])
        journal.save_entry(DayEntry(date=date, breakouts=max(0, round(spots)),
                                    redness=max(0, min(10, round(8 * math.exp(-0.5 * day)))),
                                    makeup=rng.random() < 0.3, product_ids=tuple(used)))
    return journal


def _by_name(found: list[ProductEvidence]) -> dict[str, ProductEvidence]:
    return {e.name: e for e in found}


def test_planted_effect_found_random_product_not_blamed(journal):
    found = _by_name(product_evidence(build_journal(journal)))
    planted = found["Planted Balm"]
    assert planted.verdict == "more"
    assert planted.verdict_text == "went with more new spots"
    assert "new spots a day" in planted.figures and "days 1-14 after sessions" in planted.figures
    assert found["Random Serum"].verdict == "no clear difference"
    assert found["Twice Mask"].verdict == "not enough data"
    assert found["Twice Mask"].verdict_text == "not enough data yet"
    assert found["Daily Cleanser"].verdict == "not enough data"
    assert "no days without it" in found["Daily Cleanser"].figures


def test_every_product_and_context_item_is_listed_best_evidence_first(journal):
    found = product_evidence(build_journal(journal))
    names = [e.name for e in found]
    assert sorted(names) == sorted([p.name for p in journal.products()]
                                   + ["Wore makeup", "Sun exposure", "Heavy sweating / exercise"])
    ranks = [VERDICTS.index(e.verdict) for e in found]
    assert ranks == sorted(ranks)
    assert all(e.verdict in VERDICTS for e in found)
    context = [e for e in found if e.product_id is None]
    assert {e.key for e in context} == {"makeup", "sun", "sweat"}


def test_products_always_used_together_are_reported_as_inseparable(journal):
    found = _by_name(product_evidence(build_journal(journal)))
    alpha, beta = found["Alpha Gel"], found["Beta Gel"]
    assert alpha.together_with == ("Beta Gel",)
    assert beta.together_with == ("Alpha Gel",)
    assert "can't tell them apart" in alpha.verdict_text
    assert found["Random Serum"].together_with == ()


def test_day_since_session_is_allowed_for():
    """A product used only on the peak days (2-6) of every session is not blamed for the
    peak: compared with the same Day N it makes no difference."""
    rng = random.Random(3)
    days = []
    for s in range(6):
        for d in range(1, 15):
            spots = round(_typical_spots(d, 4) + rng.gauss(0, 0.5))
            used = {1} if 2 <= d <= 6 and rng.random() < 0.5 else set()
            days.append(DayRecord(START + dt.timedelta(days=s * 20 + d), d, s, max(0, spots),
                                  None, frozenset(used)))
    raw = evaluate(days, [Item(1, "Peak-days cream", 1)])[0]
    window = raw.windows[0]
    assert window.spots_used > window.spots_unused + 1  # a naive comparison would blame it
    assert raw.verdict == "no clear difference"


def _neutral_journal(rng: random.Random) -> list[DayRecord]:
    days = []
    p_use = rng.uniform(0.15, 0.85)
    sessions = rng.choice([2, 3, 4])
    for s in range(sessions):
        peak = rng.uniform(1, 7)              # some sessions are simply worse
        for d in range(0, 35):
            spots = max(0, round(_typical_spots(d, peak) + rng.gauss(0, 0.8)))
            used = frozenset({1}) if rng.random() < p_use else frozenset()
            days.append(DayRecord(START + dt.timedelta(days=s * 35 + d), d, s, spots,
                                  rng.randint(0, 5), used))
    return days


def test_a_neutral_product_rarely_gets_more_over_200_random_journals():
    """The false-alarm rate of "more" stays within the chosen level (two windows, one-sided
    ALPHA_ONE_SIDED each: at most 2.5 %, i.e. 5 of 200)."""
    rng = random.Random(20261202)
    verdicts = [evaluate(_neutral_journal(rng), [Item(1, "Neutral", 1)])[0].verdict
                for _ in range(200)]
    assert verdicts.count("more") <= 2 * ALPHA_ONE_SIDED * 200
    assert verdicts.count("no clear difference") >= 180


def test_results_are_deterministic(journal):
    build_journal(journal)
    first = product_evidence(journal)
    evidence._CACHE.clear()
    assert product_evidence(journal) == first


def test_cache_follows_writes(journal):
    build_journal(journal)
    before = _by_name(product_evidence(journal))["Twice Mask"]
    date = START + dt.timedelta(days=5)
    mask = journal.product_by_name("Twice Mask").id
    journal.update_entry(date, used=[mask])
    after = _by_name(product_evidence(journal))["Twice Mask"]
    assert after.windows[0].used_days == before.windows[0].used_days + 1


def test_used_only_lists_the_periods_products_as_the_whole_list_does(journal):
    """The report's list (used_only): the products used in the period and the context
    items, each as in the whole list, in the same order; an unused product is left out."""
    build_journal(journal)
    journal.add_product(Product(name="Never Used", ingredients="Aqua"))
    start, end = START + dt.timedelta(days=20), START + dt.timedelta(days=75)
    every = product_evidence(journal, start, end)
    evidence._CACHE.clear()                              # as a new process starts
    used = product_evidence(journal, start, end, used_only=True)
    in_period = {pid for e in journal.entries(start, end) for pid in e.product_ids}
    assert "Never Used" in [e.name for e in every]
    assert used == [e for e in every if e.product_id is None or e.product_id in in_period]
    assert {e.name for e in used} >= {"Planted Balm", "Alpha Gel", "Wore makeup"}
    assert "Never Used" not in [e.name for e in used]
    assert product_evidence(journal, start, end) == every   # each list kept as it is
    evidence._CACHE.clear()
    assert product_evidence(journal, start, end, used_only=True) == used   # from cache/


def test_empty_journal_lists_context_items_as_not_enough_data(journal):
    found = product_evidence(journal)
    assert [e.verdict for e in found] == ["not enough data"] * 3


# -- the course comparison -----------------------------------------------------------------------
def _course_journal(journal, third_redness: int):
    for s in range(3):
        journal.add_session(Session(date=START + dt.timedelta(days=40 * s)))
    for s, redness in enumerate((2, 1, third_redness)):
        journal.save_entry(DayEntry(date=START + dt.timedelta(days=40 * s + 4), redness=redness,
                                    breakouts=1))
    return START + dt.timedelta(days=84)


def test_course_names_both_earlier_sessions_with_dates_and_values(journal):
    date = _course_journal(journal, third_redness=7)
    found = course_comparison(journal, date)
    assert found.session_number == 3 and found.day == 4
    assert found.text == ("Redness on day 4 is 7, higher than on day 4 after session 2 "
                          "(14 Feb 2026): 1 and session 1 (5 Jan 2026): 2, and above the usual "
                          "range for that day (0-5).")
    assert found.clearly_worse


def test_course_higher_than_earlier_but_within_usual_range_is_not_clearly_worse(journal):
    date = _course_journal(journal, third_redness=4)
    found = course_comparison(journal, date)
    assert "higher than on day 4 after session 2" in found.text
    assert not found.clearly_worse


def test_course_in_line_names_the_earlier_values(journal):
    date = _course_journal(journal, third_redness=2)
    found = course_comparison(journal, date)
    assert found.text.startswith("Day 4 is about the same as day 4 after session 2")
    assert "redness 2 (then 1 and 2)" in found.text
    assert not found.clearly_worse


def test_course_says_nothing_without_a_session_a_log_or_after_day_14(journal):
    assert course_comparison(journal, START) is None
    journal.add_session(Session(date=START))
    assert course_comparison(journal, START + dt.timedelta(days=2)) is None  # not logged
    journal.save_entry(DayEntry(date=START + dt.timedelta(days=20), redness=1))
    assert course_comparison(journal, START + dt.timedelta(days=20)) is None
    journal.save_entry(DayEntry(date=START + dt.timedelta(days=2), redness=2))
    first = course_comparison(journal, START + dt.timedelta(days=2))
    assert first is not None and first.text is None  # in the usual range: nothing to say


def test_course_first_session_above_the_usual_range_is_said():
    found = compare_course(5, 1, START, {"redness": 8}, [], usual_ranges(5))
    assert found.text == "Redness on day 5 is 8, above the usual range for that day (0-5)."
    assert found.clearly_worse


def test_course_above_the_usual_range_but_like_an_earlier_session_is_not_clearly_worse():
    earlier = [(1, START, {"redness": 8})]
    found = compare_course(5, 2, START + dt.timedelta(days=40), {"redness": 8}, earlier,
                           usual_ranges(5))
    assert found.text == ("Redness on day 5 is 8, above the usual range for that day (0-5); "
                          "about the same as after session 1 (5 Jan 2026): 8.")
    assert not found.clearly_worse


def test_expected_course_covers_days_0_to_14_with_sources():
    rows = expected_course()
    covered = sorted(d for r in rows for d in range(r.first_day, r.last_day + 1))
    assert covered == list(range(0, 15))


def test_usual_ranges_agree_with_the_tips_course_table():
    from journal.care.rules import rulebook

    course = rulebook().course
    for day in range(0, 15):
        usual = usual_ranges(day)
        assert set(usual) >= {"breakouts", "itch", "dryness"}
        for measure, steps in course.items():
            highest = [level for from_day, level in steps if day >= from_day]
            assert usual.get(measure, (0, None))[1] == (highest[-1] if highest else None)


# -- command line ----------------------------------------------------------------------------------
def test_cli_evidence_json_shape(journal, data_dir, capsys):
    from journal.cli import main

    build_journal(journal)
    assert main(["--data-dir", str(data_dir), "evidence", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(journal.products()) + 3
    first = rows[0]
    assert first["name"] == "Planted Balm" and first["verdict"] == "more"
    assert set(first) >= {"name", "product_id", "verdict", "verdict_text", "figures",
                          "together_with", "windows"}
    assert {w["window"] for w in first["windows"]} == {"recovery", "later"}
    assert isinstance(first["windows"][0]["spots_used"], float)


def test_cli_evidence_lines_and_note_once(journal, data_dir, capsys):
    from journal.cli import main

    build_journal(journal)
    assert main(["--data-dir", str(data_dir), "evidence"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == len(journal.products()) + 3
    assert lines[0].split("\t")[:2] == ["Planted Balm", "went with more new spots"]
    assert err.count(ASSOCIATION_NOTE) == 1 and ASSOCIATION_NOTE not in out


# -- the demo journal ---------------------------------------------------------------------------
@pytest.fixture
def demo_journal(journal, monkeypatch):
    import journal.demo_photos as demo_photos
    from journal.demo import build_demo

    monkeypatch.setattr(demo_photos, "add_demo_photos", lambda *a, **k: 0)
    build_demo(journal, today=dt.date(2026, 11, 30))
    return journal


def test_demo_names_the_balm_and_the_retinol_and_not_the_cleanser(demo_journal):
    found = _by_name(product_evidence(demo_journal))
    for name in ("Coconut Repair Balm", "Retinol Night Serum"):
        assert found[name].verdict == "more", found[name]
        assert "new spots a day" in found[name].figures
    cleanser = found["Gentle Foaming Cleanser"]
    assert cleanser.verdict == "not enough data"
    assert cleanser.verdict_text == "not enough data yet"


def test_demo_session_3_compares_with_sessions_1_and_2(demo_journal):
    sessions = demo_journal.sessions()
    found = course_comparison(demo_journal, sessions[2].date + dt.timedelta(days=4))
    assert found.session_number == 3
    from journal import format as fmt

    assert fmt.session_label(2, sessions[1].date, capital=False) in found.text
    assert fmt.session_label(1, sessions[0].date, capital=False) in found.text


def test_five_year_journal_has_a_row_for_every_product_and_context(tmp_path):
    # how fast: the "evidence table" row of tests/perf/run.py, not a timed test
    from tests.perf.bench_trends import build_journal as bench_journal

    big = bench_journal(tmp_path / "big", days=1800)
    try:
        evidence._CACHE.clear()
        found = product_evidence(big)
    finally:
        big.close()
    assert len(found) == 8 + 3


# -- the Products page ----------------------------------------------------------------------------
def test_products_page_shows_the_verdicts_of_the_demo(qtbot, demo_journal, tmp_path):
    from PySide6.QtCore import QSettings, Qt

    from journal.ui.hub import Hub
    from journal.ui.products import ProductsPage

    hub = Hub(demo_journal, QSettings(str(tmp_path / "w.ini"), QSettings.IniFormat))
    page = ProductsPage(hub)
    qtbot.addWidget(page)
    model = page.model
    column = model.columns.index("In your log")
    cells = {model.data(model.index(r, 0)): model.data(model.index(r, column))
             for r in range(model.rowCount())}
    assert cells["Coconut Repair Balm"] == "went with more new spots"
    assert cells["Retinol Night Serum"] == "went with more new spots"
    assert cells["Gentle Foaming Cleanser"] == "not enough data yet"
    row = [model.data(model.index(r, 0)) for r in range(model.rowCount())].index(
        "Coconut Repair Balm")
    tip = model.data(model.index(row, column), Qt.ToolTipRole)
    assert "new spots a day" in tip and "days 1-14 after sessions" in tip
    assert evidence.ASSOCIATION_NOTE in page.evidence_note.text()
    assert "Wore makeup" in page.evidence_note.text()  # context items, not on the shelf
    # a context item inside a sentence reads as words, not as the Today page's tick box
    assert cells["Mineral Foundation"] == "no clear difference (always with makeup)"
    # the verdict and the flags sit beside the name: wholly in sight in a narrow table
    page.resize(760, 540)
    page.show()
    qtbot.waitExposed(page)
    view, header = page.view, page.view.horizontalHeader()
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    assert 0 < header.sectionViewportPosition(column) and right <= view.viewport().width()


def test_products_page_follows_a_new_day(qtbot, journal, tmp_path):
    from PySide6.QtCore import QSettings

    from journal.ui.hub import Hub
    from journal.ui.products import ProductsPage

    build_journal(journal)
    hub = Hub(journal, QSettings(str(tmp_path / "w.ini"), QSettings.IniFormat))
    page = ProductsPage(hub)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    column = page.model.columns.index("In your log")
    names = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    row = names.index("Twice Mask")
    assert page.model.data(page.model.index(row, column)) == "not enough data yet"
    mask = journal.product_by_name("Twice Mask").id
    for offset in range(0, 120, 2):  # used on every other day: now enough to compare
        journal.update_entry(START + dt.timedelta(days=offset), used=[mask])
    hub.entries_changed.emit(None)
    assert page.model.data(page.model.index(row, column)) == "no clear difference"


# -- the Today page ----------------------------------------------------------------------------------
@pytest.fixture
def today_page(qtbot, tmp_path):
    """Makes a Today page; deletes it (and its deferred photo loading) before the journal
    closes."""
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings

    from journal.ui.hub import Hub
    from journal.ui.today import TodayPage

    pages = []

    def make(journal, date):
        hub = Hub(journal, QSettings(str(tmp_path / "w.ini"), QSettings.IniFormat))
        hub.today = lambda: date
        page = TodayPage(hub)
        page.show()
        qtbot.waitExposed(page)
        qtbot.waitUntil(lambda: page.course_line_ready)  # (shown after the first paint)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.hide()
        page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def test_today_on_a_day_of_session_3_compares_with_sessions_1_and_2(demo_journal, today_page):
    third = demo_journal.sessions()[2].date
    page = today_page(demo_journal, third + dt.timedelta(days=4))
    line = page.course_line
    assert line.isVisible()
    from journal import format as fmt

    sessions = demo_journal.sessions()
    assert fmt.session_label(2, sessions[1].date, capital=False) in line.text()
    assert fmt.session_label(1, sessions[0].date, capital=False) in line.text()


def test_today_line_appears_after_saving_and_hides_when_it_says_nothing(journal, today_page):
    date = _course_journal(journal, third_redness=2)
    journal.delete_entry(date)
    page = today_page(journal, date)
    assert not page.course_line.isVisible()             # not logged yet: nothing to say
    page.ratings["redness"].setValue(8)
    assert page.save()
    assert page.course_line.isVisible()
    assert page.course_line.text().startswith("Redness on day 4 is 8, higher than")
    assert page.course_line.comparison.clearly_worse
    page.open_date(START - dt.timedelta(days=1))        # before any session
    assert not page.course_line.isVisible()


# -- charts and the Trends page ---------------------------------------------------------------------
def test_spots_by_day_splits_each_day_n_by_use():
    days = [DayRecord(START + dt.timedelta(days=i), d, 0, spots, None, frozenset(used))
            for i, (d, spots, used) in enumerate([(2, 4, {1}), (2, 2, {1}), (2, 1, ()),
                                                  (3, 0, ()), (20, 9, {1})])]
    rows = evidence.spots_by_day(days, 1)
    assert rows[1] == (2, 3.0, 2, 1.0, 1)
    assert rows[2] == (3, None, 0, 0.0, 1)
    assert len(rows) == 14 and all(r[0] != 20 for r in rows)


def test_recovery_chart_band_spans_the_earlier_sessions(demo_journal):
    from journal import charts, trends

    data = trends.load_trend_data(demo_journal)
    fig = charts.recovery_figure(data, earlier_band=True)
    ax = fig._journal_recovery
    band = [c for c in ax.collections if c.get_gid() == "recovery-earlier-band"]
    assert len(band) == 1
    top = band[0].get_paths()[0].vertices[:, 1].max()
    curves = trends.recovery_curves(data, "breakouts")
    earlier_peak = max(v for c in curves[:-1] for v in c.values if v is not None)
    assert top == earlier_peak
    plain = charts.recovery_figure(data)
    assert not [c for c in plain._journal_recovery.collections
                if c.get_gid() == "recovery-earlier-band"]


def test_product_chart_draws_with_and_without(demo_journal):
    from journal import charts

    key = demo_journal.product_by_name("Coconut Repair Balm").id
    rows = evidence.spots_by_day(evidence.day_records(demo_journal), key)
    fig = charts.product_days_figure(rows, "Coconut Repair Balm")
    ax = fig._journal_recovery
    lines = {line.get_gid(): line for line in ax.lines}
    with_it = lines["product-with"].get_ydata()
    without = lines["product-without"].get_ydata()
    assert max(v for v in with_it if v == v) > max(v for v in without if v == v)


def test_trends_page_has_the_product_view(qtbot, demo_journal, tmp_path):
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings

    from journal.ui.hub import Hub
    from journal.ui.trends import TrendsPage

    hub = Hub(demo_journal, QSettings(str(tmp_path / "w.ini"), QSettings.IniFormat))
    page = TrendsPage(hub)
    try:
        page.show()
        qtbot.waitExposed(page)
        page.side_tabs.setCurrentWidget(page.evidence_panel)
        panel = page.evidence_panel
        qtbot.waitUntil(lambda: panel.combo.count() == 8 + 3)
        panel.select(demo_journal.product_by_name("Retinol Night Serum").id)
        assert panel.verdict.text().startswith("<b>Went with more new spots</b>")
        assert "Retinol Night Serum" in panel.fig._journal_recovery.get_title(loc="left")
        assert evidence.ASSOCIATION_NOTE == panel.note.text()
        assert [c for c in page.recovery_fig._journal_recovery.collections
                if c.get_gid() == "recovery-earlier-band"]
    finally:
        page.hide()
        page.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def test_a_pair_always_used_together_is_named_together_not_one_blamed():
    rng = random.Random(11)
    days = []
    for s in range(4):
        for d in range(1, 15):
            used = {1, 2} if rng.random() < 0.4 else set()
            spots = _typical_spots(d, 3) + rng.gauss(0, 0.6) + (3 if used else 0)
            days.append(DayRecord(START + dt.timedelta(days=s * 30 + d), d, s,
                                  max(0, round(spots)), None, frozenset(used)))
    found = _by_name(evaluate(days, [Item(1, "Balm", 1), Item(2, "Serum", 2)]))
    for name, other in (("Balm", "Serum"), ("Serum", "Balm")):
        assert found[name].verdict == "more"
        assert found[name].together_with == (other,)
        assert found[name].verdict_text == (f"went with more new spots — always used together "
                                            f"with {other}, so the log can't tell them apart")


def test_typical_value_is_the_median_of_the_other_days_at_that_day_n():
    import numpy as np

    strata = np.array([0, 0, 0, 0, 1, 1, 2])
    values = np.array([1.0, 2.0, 3.0, 10.0, 4.0, 6.0, 5.0])
    residual = permutation._loo_median_residuals(strata, values)
    assert residual[:6].tolist() == [1 - 3, 2 - 3, 3 - 2, 10 - 2, 4 - 6, 6 - 4]
    assert np.isnan(residual[6])  # alone at its Day N: nothing to compare with


# -- the tips ----------------------------------------------------------------------------------------
def test_rising_breakouts_tip_names_the_product_with_the_strongest_more_evidence(journal):
    from journal.care.tips import matched_tips

    build_journal(journal)
    balm = journal.product_by_name("Planted Balm").id
    date = START + dt.timedelta(days=3 * 30 + 3)          # day 3 of the fourth session
    journal.update_entry(date - dt.timedelta(days=1), breakouts=0)
    journal.update_entry(date, breakouts=6, used=[balm])
    tips = {t.id: t for t in matched_tips(journal, date)}
    tip = tips["breakouts-log-evidence"]
    assert any(r.startswith("In your log, Planted Balm went with more new spots (")
               and "; used on day" in r and r.endswith(" 3") for r in tip.reasons)


def test_no_log_evidence_tip_without_a_more_verdict(journal):
    from journal.care.tips import matched_tips

    journal.add_session(Session(date=START))
    journal.save_entry(DayEntry(date=START + dt.timedelta(days=3), breakouts=6))
    assert "breakouts-log-evidence" not in {t.id for t in matched_tips(
        journal, START + dt.timedelta(days=3))}


def test_caution_when_clearly_worse_than_earlier_sessions_and_the_usual_course(journal):
    from journal.care.tips import matched_tips

    date = _course_journal(journal, third_redness=7)
    tips = {t.id: t for t in matched_tips(journal, date)}
    tip = tips["worse-than-earlier-sessions"]
    assert tip.severity == "caution"
    assert tip.reasons[-1].startswith("Redness on day 4 is 7, higher than on day 4 after "
                                      "session 2 (14 Feb 2026): 1")
    assert "redness-lingering" not in tips               # the same finding, said once
    # Higher than before but within the usual course: no caution (crying wolf).
    journal.update_entry(date, redness=4)
    assert "worse-than-earlier-sessions" not in {t.id for t in matched_tips(journal, date)}
    # The unsaved form counts (the Today page passes it).
    form = DayEntry(date=date, redness=8, breakouts=1)
    assert "worse-than-earlier-sessions" in {t.id for t in matched_tips(journal, date, entry=form)}
