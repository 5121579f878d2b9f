"""Aftercare tips: which tips a day gets, in which order, and why."""
from __future__ import annotations

import datetime as dt

import pytest

from journal.care.ingredients import KnowledgeError
from journal.care.rules import SEVERITIES, load_rules, rulebook
from journal.care.tips import DISCLAIMER, matched_tips
from journal.models import DayEntry, Product, Session
from tests.conftest import run_cli

S = dt.date(2026, 3, 1)  # the session in most scenarios

SHELF = {
    # name: (category, label)
    "Gentle Cleanser": ("cleanser", "Aqua, Sodium Cocoyl Glycinate, Cetearyl Alcohol"),
    "Night Serum": ("serum", "Aqua, Retinol, Squalane"),
    "Coconut Balm": ("moisturiser", "Cocos Nucifera (Coconut) Oil, Cera Alba"),
    "Mineral Sunscreen": ("sunscreen", "Zinc Oxide 20%, Aqua, Caprylic/Capric Triglyceride"),
    "Glow Toner": ("other", "Aqua, Glycolic Acid 7%, Alcohol Denat."),
}


def day(offset: int) -> dt.date:
    return S + dt.timedelta(days=offset)


def fill(journal, sessions, days) -> dict[str, int]:
    """Sessions (dates) and days [(offset from S, {fields}, [product names])]."""
    for date in sessions:
        journal.add_session(Session(date=date))
    ids = {name: journal.add_product(Product(name=name, category=category, ingredients=label))
           for name, (category, label) in SHELF.items()}
    for offset, values, products in days:
        journal.save_entry(DayEntry(date=day(offset), **values,
                                    product_ids=tuple(ids[p] for p in products)))
    return ids


BASICS = ["Gentle Cleanser", "Mineral Sunscreen"]

# name, sessions, days, the date asked about (offset from S), expected tip ids in order
SCENARIOS = [
    ("retinol serum on day 2", [S],
     [(2, dict(redness=3), ["Gentle Cleanser", "Night Serum", "Mineral Sunscreen"])],
     2, ["retinoid-too-soon", "expected-day-2-3"]),
    ("retinol serum 30 days after: no warning", [S],
     [(30, dict(redness=1), ["Gentle Cleanser", "Night Serum", "Mineral Sunscreen"])],
     30, ["expected-later"]),
    ("retinol used on day 2 is still named on day 4", [S],
     [(2, {}, ["Night Serum", "Mineral Sunscreen"]), (4, {}, BASICS)],
     4, ["retinoid-too-soon", "expected-day-4-7"]),
    ("pus on day 12: urgent first", [S],
     [(12, dict(pus=True, redness=3), BASICS)],
     12, ["red-flag-pus"]),  # no "expected" beside an urgent tip
    ("pus with no session yet: urgent first", [],
     [(0, dict(pus=True), BASICS)],
     0, ["red-flag-pus", "no-session-yet"]),
    ("pus, fever and a cold sore on day 3", [S],
     [(3, dict(pus=True, fever=True, cold_sore=True), BASICS)],
     3, ["red-flag-pus", "red-flag-fever", "red-flag-cold-sore"]),
    ("breakouts rising with a coconut-oil balm", [S],
     [(3, dict(breakouts=1), ["Coconut Balm", "Mineral Sunscreen"]),
      (4, dict(breakouts=4), ["Coconut Balm", "Mineral Sunscreen"])],
     4, ["breakouts-heavy-oils", "expected-day-4-7"]),
    ("breakouts rising with retinol and balm", [S],
     [(2, dict(breakouts=0), BASICS), (3, dict(breakouts=3), ["Night Serum", "Coconut Balm"])],
     3, ["breakouts-heavy-oils", "breakouts-actives", "retinoid-too-soon", "sunscreen-reminder",
         "expected-day-2-3"]),
    ("a few spots with a gentle routine", [S],
     [(3, dict(breakouts=2), BASICS)],
     3, ["breakouts-after-session", "expected-day-2-3", "gentle-routine"]),
    ("no session yet", [],
     [(0, dict(redness=1), BASICS)],
     0, ["no-session-yet"]),
    ("empty journal", [], [], 0, ["no-session-yet"]),
    ("a day before the first session", [day(10)],
     [(0, dict(redness=1), BASICS)],
     0, ["no-session-yet"]),
    ("makeup and exercise on day 1", [S],
     [(1, dict(makeup=True, sweat=True), ["Gentle Cleanser"])],
     1, ["makeup-too-soon", "sweat-too-soon", "expected-day-0-1"]),
    ("sun on day 2 without sunscreen", [S],
     [(2, dict(sun=True), ["Gentle Cleanser"])],
     2, ["sun-too-soon", "sunscreen-reminder", "expected-day-2-3"]),
    ("glycolic toner on day 3", [S],
     [(3, {}, ["Gentle Cleanser", "Glow Toner"])],
     3, ["acids-too-soon", "alcohol-too-soon", "sunscreen-reminder", "expected-day-2-3"]),
    ("redness worse again on day 5", [S],
     [(4, dict(redness=2), BASICS), (5, dict(redness=5), BASICS)],
     5, ["worse-after-day-3"]),
    ("redness still marked on day 9", [S],
     [(9, dict(redness=6), BASICS)],
     9, ["redness-lingering"]),
    ("strong pain on day 3", [S],
     [(3, dict(pain=8), BASICS)],
     3, ["severe-pain"]),
    ("strong pain on the session day: tell the clinic, no 'expected'", [S],
     [(0, dict(pain=8), BASICS)],
     0, ["pain-strong-day-1"]),
    ("breakouts for two weeks", [S],
     [(offset, dict(breakouts=2), BASICS) for offset in range(20, 34)],
     33, ["breakouts-persisting"]),
    ("breakouts on most days of two weeks, one gap", [S],
     [(offset, dict(breakouts=2), BASICS) for offset in range(20, 34) if offset != 25],
     33, ["breakouts-persisting"]),
    ("breakouts for two weeks with one clear day", [S],
     [(offset, dict(breakouts=0 if offset == 27 else 2), BASICS) for offset in range(20, 34)],
     33, ["expected-later"]),
    ("hormonal note with spots", [S],
     [(40, dict(breakouts=2, note="Period started yesterday"), BASICS)],
     40, ["hormonal-note", "expected-later"]),
    ("many spots weeks later with a plain routine", [S],
     [(50, dict(breakouts=4), BASICS)],
     50, ["hormonal-timing"]),
    ("the latest session counts", [S, day(35)],
     [(37, {}, ["Night Serum", "Mineral Sunscreen"])],
     37, ["retinoid-too-soon", "expected-day-2-3"]),
]


@pytest.mark.parametrize("name, sessions, days, asked, expected", SCENARIOS,
                         ids=[s[0] for s in SCENARIOS])
def test_scenarios(journal, name, sessions, days, asked, expected):
    fill(journal, sessions, days)
    tips = matched_tips(journal, day(asked))
    assert [t.id for t in tips] == expected


def test_urgent_tips_come_first(journal):
    fill(journal, [S], [(3, dict(pus=True, breakouts=5), ["Night Serum", "Coconut Balm"])])
    severities = [t.severity for t in matched_tips(journal, day(3))]
    assert severities[0] == "urgent"
    assert severities == sorted(severities, key=SEVERITIES.index)


def test_reasons_name_the_patients_own_products_and_days(journal):
    fill(journal, [S], [(2, dict(breakouts=1), ["Night Serum", "Coconut Balm"]),
                        (3, dict(breakouts=4), ["Night Serum", "Coconut Balm"])])
    tips = {t.id: t for t in matched_tips(journal, day(3))}
    assert tips["retinoid-too-soon"].reasons == [
        "day 3 after the session of 1 Mar 2026",
        "Night Serum contains Retinol (retinoid); used on days 2 and 3",
    ]
    assert tips["breakouts-heavy-oils"].reasons == [
        "4 new spots on day 3, up from 1 on day 2",
        "Coconut Balm contains Cocos Nucifera (Coconut) Oil (pore-clogging oil); used on days 2 and 3",
    ]
    assert "SEED" in tips["breakouts-heavy-oils"].sources
    assert tips["retinoid-too-soon"].title and tips["retinoid-too-soon"].body


def test_unsaved_entry_overrides_the_stored_day(journal):
    ids = fill(journal, [S], [(2, {}, ["Gentle Cleanser"])])
    assert "retinoid-too-soon" not in [t.id for t in matched_tips(journal, day(2))]
    form = DayEntry(date=day(2), pus=True, product_ids=(ids["Night Serum"],))
    tips = matched_tips(journal, day(2), entry=form)
    assert [t.id for t in tips][:2] == ["red-flag-pus", "retinoid-too-soon"]
    # nothing was written
    assert journal.entry(day(2)).product_ids == (ids["Gentle Cleanser"],)


def test_the_same_input_gives_the_same_tips(small_journal):
    date = dt.date(2026, 3, 5)
    first = matched_tips(small_journal, date)
    assert first == matched_tips(small_journal, date)
    assert first[0].id == "red-flag-pus"


def test_rulebook_covers_the_issue():
    book = rulebook()
    assert len(book.rules) >= 25
    ids = {r.id for r in book.rules}
    for needed in ("red-flag-pus", "red-flag-fever", "red-flag-spreading-redness",
                   "red-flag-cold-sore", "severe-pain", "expected-day-0-1", "expected-day-2-3",
                   "expected-day-4-7", "expected-later", "retinoid-too-soon", "acids-too-soon",
                   "vitamin-c-too-soon", "scrub-too-soon", "breakouts-heavy-oils",
                   "makeup-too-soon", "sun-too-soon", "sweat-too-soon", "worse-after-day-3",
                   "redness-lingering", "hormonal-timing", "breakouts-persisting"):
        assert needed in ids
    assert all(r.sources for r in book.rules)
    assert {r.severity for r in book.rules if r.id.startswith("red-flag")} == {"urgent"}


GOOD = '''
[sources]
SEED = "the seed"
[[rule]]
id = "ok"
severity = "info"
title = "T"
body = "B"
sources = ["SEED"]
[rule.when]
day = [0, 1]
'''


@pytest.mark.parametrize("change, message", [
    (("severity = \"info\"", "severity = \"loud\""), "rule 'ok': 'severity' must be one of"),
    (("day = [0, 1]", "days = [0, 1]"), "rule 'ok': unknown condition 'days'"),
    (("day = [0, 1]", "day = [3, 1]"), "rule 'ok': 'day': first day 3 is after last day 1"),
    (("day = [0, 1]", "used = { classes = [\"retinol\"] }"),
     "rule 'ok': 'used.classes': unknown ingredient class(es) 'retinol'"),
    (("day = [0, 1]", "at_least = { redness = \"high\" }"), "rule 'ok': 'at_least.redness'"),
    (("day = [0, 1]", "flags = [\"rash\"]"), "rule 'ok': 'flags': unknown red flag(s) 'rash'"),
    (("sources = [\"SEED\"]", "sources = [\"NOPE\"]"), "rule 'ok': unknown source id(s) NOPE"),
    (("[rule.when]\nday = [0, 1]", ""), "rule 'ok': needs a [rule.when] table"),
    (("title = \"T\"", "title = \"\""), "rule 'ok': 'title' must be a non-empty string"),
    (("day = [0, 1]", "any = [{ day = [0] }]"), "rule 'ok': 'any' must be a list of two or more"),
    (("id = \"ok\"", "id = \"ok\"\ncolour = \"red\""), "rule 'ok': unknown key(s): colour"),
    (("[rule.when]", "[rule.when\n"), "not valid TOML"),
    (("day = [0, 1]", "rising = { pain = 3 }"),
     "rule 'ok': rising.pain must be { by = N, min = N }: every rise needs a minimum level"),
    (("day = [0, 1]", "rising = { pain = { by = 3 } }"), "every rise needs a minimum level"),
    (("day = [0, 1]", "rising = { pain = { by = 3, min = 0 } }"),
     "'rising.pain.min' must be a whole number of at least 1"),
    (("id = \"ok\"", "id = \"ok\"\nrole = \"calm\""), "rule 'ok': 'role' must be one of"),
    (("id = \"ok\"", "id = \"ok\"\nsuperseded_by = [\"nope\"]"),
     "rule 'ok': 'superseded_by' names unknown or own rule id(s) nope"),
    (("day = [0, 1]", "above_course = [\"redness\"]"),
     "rule 'ok': 'above_course' needs a [course] line for 'redness'"),
    (("day = [0, 1]", "profile = [\"moles\"]"), "rule 'ok': 'profile': unknown profile item(s)"),
    (("day = [0, 1]", "note_mentions = [\"!!\"]"), "'note_mentions' must be a non-empty list of words"),
])
def test_bad_rules_fail_loudly_naming_the_rule(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    path = tmp_path / "tips.toml"
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_rules(path)
    assert message in str(info.value)


def test_a_good_rule_file_loads_and_matches(tmp_path, journal):
    path = tmp_path / "tips.toml"
    path.write_text(GOOD, encoding="utf-8")
    book = load_rules(path)
    journal.add_session(Session(date=S))
    assert [t.id for t in matched_tips(journal, day(1), rules=book)] == ["ok"]
    assert matched_tips(journal, day(2), rules=book) == []


# -- the command line ----------------------------------------------------------------------
def test_cli_tips_prints_urgent_first_with_reasons(journal, data_dir):
    fill(journal, [S], [(2, dict(breakouts=1), ["Night Serum"]),
                        (3, dict(pus=True), ["Night Serum"])])
    result = run_cli("tips", day(3).isoformat(), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Tips for Wed, 4 Mar 2026 (Day 3 after the session of 1 Mar 2026)")
    assert DISCLAIMER in out
    assert out.index("[URGENT] Pus or discharge") < out.index("[CAUTION] Retinoids")
    assert "why: Night Serum contains Retinol (retinoid); used on days 2 and 3" in out


def test_cli_tips_defaults_to_today_and_rejects_bad_dates(data_dir):
    result = run_cli("tips", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    from journal import format as fmt

    fmt.set_locale("en_GB")
    assert f"Tips for {fmt.weekday_date(dt.date.today())} (before the first session)" \
        in result.stdout
    assert "Record your treatment" in result.stdout
    bad = run_cli("tips", "2026-02-30", data_dir=data_dir)
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: '2026-02-30' is not a valid date")


def test_a_new_condition_is_one_call(tmp_path, journal, monkeypatch):
    """How issue 12 adds evidence: a checker, an evaluator, a rule that uses it."""
    from journal.care import conditions

    monkeypatch.setattr(conditions, "_CHECKERS", dict(conditions._CHECKERS))
    monkeypatch.setattr(conditions, "_EVALUATORS", dict(conditions._EVALUATORS))

    def check(key, value):
        if not isinstance(value, int):
            raise KnowledgeError(f"{key!r} must be a number")

    def evaluate(value, facts, rule_when):
        count = len(facts.journal.products())
        return [f"{count} products on the shelf"] if count >= value else None

    conditions.add_condition("shelf_at_least", check, evaluate)
    with pytest.raises(ValueError):
        conditions.add_condition("shelf_at_least", check, evaluate)
    path = tmp_path / "tips.toml"
    path.write_text(GOOD.replace("day = [0, 1]", "day = [0, 1]\nshelf_at_least = 1"),
                    encoding="utf-8")
    book = load_rules(path)
    journal.add_session(Session(date=S))
    assert matched_tips(journal, day(1), rules=book) == []
    journal.add_product(Product(name="Cream"))
    [tip] = matched_tips(journal, day(1), rules=book)
    assert tip.reasons == ["day 1 after the session of 1 Mar 2026", "1 products on the shelf"]
    path.write_text(GOOD.replace("day = [0, 1]", "shelf_at_least = \"x\""), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="rule 'ok': 'shelf_at_least' must be a number"):
        load_rules(path)
