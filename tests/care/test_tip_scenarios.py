"""The tip scenario table: a journal built through the facade, a date, the tips in order.

Each row is something a patient could log, read as a clinician would: which tips show,
with which severity, most urgent first. The rows include every case of issue 11 and its
neighbours (the same symptom a day earlier and later, a point lower and higher).
Severity words: U = urgent, C = caution, I = info.
"""
from __future__ import annotations

import datetime as dt

import pytest

from journal.care.ingredients import RESOURCES as RESOURCES_DIR
from journal.care.rules import rulebook
from journal.care.tips import matched_tips, product_mark
from journal.models import FLAGS, DayEntry, Product, Session

S = dt.date(2026, 3, 1)  # the session (day 0) in every scenario

SHELF = {
    # name: (category, label)
    "Cleanser": ("cleanser", "Aqua, Sodium Cocoyl Glycinate, Cetearyl Alcohol"),
    "Sunscreen": ("sunscreen", "Zinc Oxide 20%, Aqua, Caprylic/Capric Triglyceride"),
    "Retinol Serum": ("serum", "Aqua, Retinol, Squalane"),
    "Tretinoin Cream": ("other", "Tretinoin 0.05%, Purified Water, Stearic Acid"),
    "Adapalene Gel": ("other", "Adapalene 0.1%, Carbomer 940, Propylene Glycol"),
    "Coconut Balm": ("moisturiser", "Cocos Nucifera (Coconut) Oil, Cera Alba"),
    "Glow Toner": ("other", "Aqua, Glycolic Acid 7%, Alcohol Denat."),
    "BP Wash": ("cleanser", "Benzoyl Peroxide 5%, Aqua, Glycerin"),
    "SA Cleanser": ("cleanser", "Salicylic Acid 2%, Aqua, Sodium Laureth Sulfate"),
    "C Serum": ("serum", "Aqua, Ascorbic Acid 15%, Ferulic Acid"),
    "Walnut Scrub": ("cleanser", "Aqua, Juglans Regia Shell Powder, Glycerin"),
    "Scented Cream": ("moisturiser", "Aqua, Glycerin, Parfum, Linalool"),
    "Plain Cream": ("moisturiser", "Aqua, Glycerin, Petrolatum, Ceramide NP"),
    "Antibiotic Ointment": ("other", "Bacitracin Zinc, White Petrolatum"),
    "Azelaic Gel": ("other", "Aqua, Azelaic Acid 15%, Propylene Glycol"),
}
BASICS = ("Cleanser", "Sunscreen")


def d(offset: int, products=BASICS, **fields):
    """A logged day: offset from the session, the products used, the ratings and ticks."""
    return offset, fields, tuple(products)


def row(name, days, asked, expected, sessions=(0,), profile=None):
    return pytest.param(days, asked, expected, sessions, profile or {}, id=name)


SCENARIOS = [
    # -- a gap in the log must not hide a relapse (issue: redness 3 on day 2, 8 on day 6) ----
    row("redness 3 on day 2, 8 on day 6, days between not logged",
        [d(2, redness=3), d(6, redness=8)], 6, "U:relapse-severe"),
    row("the same relapse a day earlier (day 5)",
        [d(2, redness=3), d(5, redness=8)], 5, "U:relapse-severe"),
    row("the same relapse a day later (day 7)",
        [d(2, redness=3), d(7, redness=8)], 7, "U:relapse-severe"),
    row("the same relapse with every day logged",
        [d(2, redness=3), d(3, redness=3), d(4, redness=3), d(5, redness=3), d(6, redness=8)],
        6, "U:relapse-severe"),
    row("redness 3 then 7 on day 6: four points up to severe",
        [d(2, redness=3), d(6, redness=7)], 6, "U:relapse-severe"),
    row("redness 3 then 6 on day 6: worse, not severe",
        [d(2, redness=3), d(6, redness=6)], 6, "C:worse-after-day-3"),
    row("redness 3 then 5 on day 6: two points up to moderate",
        [d(2, redness=3), d(6, redness=5)], 6, "C:worse-after-day-3"),
    row("redness 3 then 4 on day 6: one point is not worse",
        [d(2, redness=3), d(6, redness=4)], 6, "I:expected-day-4-7 I:gentle-routine"),
    row("redness 1 then 3 on day 6: up two points but still mild",
        [d(2, redness=1), d(6, redness=3)], 6, "I:expected-day-4-7 I:gentle-routine"),
    row("redness 8 on day 6 with nothing logged before: above the usual course",
        [d(6, redness=8)], 6, "C:redness-lingering"),
    row("redness 3 on day 2 and 8 on day 3: a jump after improving",
        [d(2, redness=3), d(3, redness=8)], 3, "U:relapse-severe"),
    row("redness 8 on day 0 falling to 3 by day 6: the usual course",
        [d(0, redness=8), d(1, redness=6), d(3, redness=4), d(6, redness=3)], 6,
        "I:expected-day-4-7 I:gentle-routine"),
    row("redness 9 on day 2: more than usual", [d(2, redness=9)], 2, "C:redness-lingering"),
    row("redness 8 on day 2: still fading", [d(2, redness=8)], 2,
        "I:expected-day-2-3 I:gentle-routine"),
    row("redness 9 on day 0, 6 on day 2, 5 on day 4: fading as usual",
        [d(0, redness=9), d(2, redness=6), d(4, redness=5)], 4,
        "I:expected-day-4-7 I:gentle-routine"),
    row("redness 3 on day 0 and 8 on day 6, nothing between",
        [d(0, redness=3), d(6, redness=8)], 6, "U:relapse-severe"),
    row("swelling back up on day 5",
        [d(2, swelling=1), d(5, swelling=4)], 5, "C:worse-after-day-3"),
    row("redness 5 on day 9: longer than usual",
        [d(9, redness=5)], 9, "C:redness-lingering"),
    row("redness 4 on day 9: within the usual course",
        [d(9, redness=4)], 9, "I:expected-later"),
    row("redness 8 on day 3: still within days 2-3",
        [d(3, redness=8)], 3, "I:expected-day-2-3 I:gentle-routine"),
    row("redness 9 on day 3: more than usual",
        [d(3, redness=9)], 3, "C:redness-lingering"),
    row("redness 6 on day 4: more than usual", [d(4, redness=6)], 4, "C:redness-lingering"),
    row("redness 5 on day 7: still within the first week", [d(7, redness=5)], 7,
        "I:expected-day-4-7 I:gentle-routine"),

    # -- pain: severe on day 0-1, a minimum on every rise ------------------------------------
    row("pain 9 on day 1", [d(1, pain=9)], 1, "U:severe-pain-early"),
    row("pain 9 on day 0", [d(0, pain=9)], 0, "U:severe-pain-early"),
    row("pain 10 on day 1", [d(1, pain=10)], 1, "U:severe-pain-early"),
    row("pain 8 on day 1: ask the clinic if it does not ease",
        [d(1, pain=8)], 1, "C:pain-strong-day-1"),
    row("pain 8 on day 0: strong pain is not 'expected'", [d(0, pain=8)], 0,
        "C:pain-strong-day-1"),
    row("pain 7 on day 0", [d(0, pain=7)], 0, "C:pain-strong-day-1"),
    row("pain 6 on day 0", [d(0, pain=6)], 0, "I:expected-day-0-1"),
    row("pain 9 on day 1, 7 on day 2: strong but easing",
        [d(1, pain=9), d(2, pain=7)], 2, "C:follow-up-red-flag C:redness-lingering"),
    row("pain 7 on day 1 and 7 on day 2: not easing",
        [d(1, pain=7), d(2, pain=7)], 2, "U:severe-pain"),
    row("pain 9 on day 2, 8 on day 3: easing but still 8",
        [d(2, pain=9), d(3, pain=8)], 3, "U:severe-pain"),
    row("pain 6 on day 1", [d(1, pain=6)], 1, "I:expected-day-0-1 I:gentle-routine"),
    row("pain 9 on day 2", [d(2, pain=9)], 2, "U:severe-pain"),
    row("pain 7 on day 2", [d(2, pain=7)], 2, "U:severe-pain"),
    row("pain 6 on day 2: more than usual", [d(2, pain=6)], 2, "C:redness-lingering"),
    row("pain 0 then 3 on day 3: no alarm",
        [d(2, pain=0), d(3, pain=3)], 3, "I:expected-day-2-3 I:gentle-routine"),
    row("pain 0 then 2 on day 3", [d(2, pain=0), d(3, pain=2)], 3,
        "I:expected-day-2-3 I:gentle-routine"),
    row("pain 0 then 3 a day earlier (day 2)", [d(1, pain=0), d(2, pain=3)], 2,
        "I:expected-day-2-3 I:gentle-routine"),
    row("pain 0 then 3 a day later (day 4)", [d(3, pain=0), d(4, pain=3)], 4,
        "I:expected-day-4-7 I:gentle-routine"),
    row("pain 0 then 4 on day 3: worsening",
        [d(2, pain=0), d(3, pain=4)], 3, "C:pain-worsening"),
    row("pain 0 then 5 on day 4: worsening",
        [d(2, pain=0), d(4, pain=5)], 4, "C:pain-worsening"),
    row("pain 0 then 7 on day 3: much worse after getting better",
        [d(2, pain=0), d(3, pain=7)], 3, "U:relapse-severe"),
    row("pain 2 on day 2 and 4 on day 3 after 8 on day 0",
        [d(0, pain=8), d(2, pain=2), d(3, pain=4)], 3, "C:pain-worsening"),

    # -- swelling with itch: a possible reaction --------------------------------------------
    row("swelling 9, itch 8, redness 8 on day 1",
        [d(1, swelling=9, itch=8, redness=8)], 1, "U:reaction-swelling-itch"),
    row("swelling 9 and itch 8 on day 0",
        [d(0, swelling=9, itch=8)], 0, "U:reaction-swelling-itch"),
    row("swelling 8 and itch 8 on day 1 (the threshold)",
        [d(1, swelling=8, itch=8)], 1, "U:reaction-swelling-itch"),
    row("swelling 8 and itch 7 on day 1: itch 7 is not strong itch",
        [d(1, swelling=8, itch=7)], 1, "C:swelling-strong-early"),
    row("swelling 8 and itch 6 on day 1: strong swelling only",
        [d(1, swelling=8, itch=6)], 1, "C:swelling-strong-early"),
    row("swelling 7 and itch 8 on day 1: strong itch only",
        [d(1, swelling=7, itch=8)], 1, "C:itch-strong-early"),
    row("swelling 7 and itch 7 on day 1: within the first-day range",
        [d(1, swelling=7, itch=7)], 1, "I:expected-day-0-1 I:gentle-routine"),
    row("swelling 9 and itch 8 on day 2", [d(2, swelling=9, itch=8)], 2,
        "U:reaction-swelling-itch"),
    row("itch 6 on day 5 with a scented cream",
        [d(5, ("Cleanser", "Sunscreen", "Scented Cream"), itch=6)], 5,
        "C:itchy-rash I:fragrance-while-healing"),
    row("itch 5 on day 5 with a scented cream",
        [d(5, ("Cleanser", "Sunscreen", "Scented Cream"), itch=5)], 5,
        "I:fragrance-while-healing I:expected-day-4-7"),

    # -- many new spots ---------------------------------------------------------------------
    row("25 new spots on day 2", [d(2, breakouts=25)], 2, "C:breakouts-many"),
    row("25 new spots on day 1", [d(1, breakouts=25)], 1, "C:breakouts-many"),
    row("25 new spots on day 3", [d(3, breakouts=25)], 3, "C:breakouts-many"),
    row("15 new spots on day 2 (the threshold)", [d(2, breakouts=15)], 2, "C:breakouts-many"),
    row("14 new spots on day 2", [d(2, breakouts=14)], 2,
        "I:breakouts-after-session I:expected-day-2-3 I:gentle-routine"),
    row("3 new spots on day 2: the common crop", [d(2, breakouts=3)], 2,
        "I:breakouts-after-session I:expected-day-2-3 I:gentle-routine"),
    row("40 new spots on day 2", [d(2, breakouts=40)], 2, "U:breakouts-very-many"),
    row("39 new spots on day 2", [d(2, breakouts=39)], 2, "C:breakouts-many"),
    row("25 new spots and fever on day 3: the red flag speaks",
        [d(3, breakouts=25, fever=True)], 3, "U:red-flag-fever"),
    row("20 new spots on day 20: no 'other causes' beside the warning",
        [d(20, breakouts=20)], 20, "C:breakouts-many"),
    row("25 new spots on day 2 with a coconut balm",
        [d(2, ("Cleanser", "Sunscreen", "Coconut Balm"), breakouts=25)], 2,
        "C:breakouts-many C:breakouts-heavy-oils"),
    row("spots rising from 1 to 4 with a coconut balm",
        [d(3, ("Coconut Balm", "Sunscreen"), breakouts=1),
         d(4, ("Coconut Balm", "Sunscreen"), breakouts=4)], 4,
        "C:breakouts-heavy-oils I:expected-day-4-7"),
    row("spots 0 then 1 with a coconut balm: no rise worth a tip",
        [d(3, ("Coconut Balm", "Sunscreen"), breakouts=0),
         d(4, ("Coconut Balm", "Sunscreen"), breakouts=1)], 4, "I:expected-day-4-7"),
    row("spots on most days for two weeks",
        [d(o, breakouts=2) for o in range(20, 34)], 33, "C:breakouts-persisting"),
    row("spots for two weeks with one clear day",
        [d(o, breakouts=0 if o == 27 else 2) for o in range(20, 34)], 33, "I:expected-later"),
    row("many spots weeks later with a plain routine", [d(50, breakouts=4)], 50,
        "I:hormonal-timing"),

    # -- notes: whole words only ------------------------------------------------------------
    row("'clean pillowcase' is not about the pill",
        [d(40, breakouts=2, note="Changed to a clean pillowcase")], 40, "I:expected-later"),
    row("'started the pill again' is",
        [d(40, breakouts=2, note="Started the pill again")], 40,
        "I:hormonal-note I:expected-later"),
    row("'period started' is", [d(40, breakouts=2, note="Period started yesterday")], 40,
        "I:hormonal-note I:expected-later"),
    row("'very stressed at work' is", [d(40, breakouts=2, note="Very stressed at work")], 40,
        "I:hormonal-note I:expected-later"),
    row("'sunscreen pilling' is not", [d(40, breakouts=2, note="Sunscreen pilling again")], 40,
        "I:expected-later"),

    # -- retinoids: prescription ones wait longer --------------------------------------------
    row("tretinoin on day 8", [d(8, ("Cleanser", "Tretinoin Cream", "Sunscreen"))], 8,
        "C:retinoid-rx-too-soon I:expected-later"),
    row("tretinoin on day 7", [d(7, ("Cleanser", "Tretinoin Cream", "Sunscreen"))], 7,
        "C:retinoid-rx-too-soon I:expected-day-4-7"),
    row("tretinoin on day 14", [d(14, ("Cleanser", "Tretinoin Cream", "Sunscreen"))], 14,
        "C:retinoid-rx-too-soon I:expected-later"),
    row("tretinoin on day 15", [d(15, ("Cleanser", "Tretinoin Cream", "Sunscreen"))], 15,
        "I:expected-later"),
    row("adapalene on day 3: the prescription tip, not both",
        [d(3, ("Cleanser", "Adapalene Gel", "Sunscreen"))], 3,
        "C:retinoid-rx-too-soon I:expected-day-2-3"),
    row("retinol on day 7", [d(7, ("Cleanser", "Retinol Serum", "Sunscreen"))], 7,
        "C:retinoid-too-soon I:expected-day-4-7"),
    row("retinol on day 8", [d(8, ("Cleanser", "Retinol Serum", "Sunscreen"))], 8,
        "I:expected-later"),

    # -- benzoyl peroxide and salicylic acid: first-line after the first week ---------------
    row("benzoyl peroxide on day 12 with spots",
        [d(12, ("BP Wash", "Sunscreen"), breakouts=5)], 12, "I:expected-later"),
    row("salicylic acid on day 12 with spots",
        [d(12, ("SA Cleanser", "Sunscreen"), breakouts=5)], 12, "I:expected-later"),
    row("benzoyl peroxide on day 13 with spots",
        [d(13, ("BP Wash", "Sunscreen"), breakouts=5)], 13, "I:expected-later"),
    row("benzoyl peroxide on day 8 with spots",
        [d(8, ("BP Wash", "Sunscreen"), breakouts=5)], 8, "I:expected-later"),
    row("benzoyl peroxide on day 7 with spots",
        [d(7, ("BP Wash", "Sunscreen"), breakouts=5)], 7,
        "C:breakouts-actives C:benzoyl-peroxide-too-soon I:expected-day-4-7"),
    row("salicylic acid on day 5 with spots",
        [d(5, ("SA Cleanser", "Sunscreen"), breakouts=5)], 5,
        "C:breakouts-actives C:acids-too-soon I:expected-day-4-7"),
    row("azelaic acid on day 3", [d(3, ("Cleanser", "Azelaic Gel", "Sunscreen"))], 3,
        "C:acne-active-too-soon I:expected-day-2-3"),
    row("azelaic acid on day 8", [d(8, ("Cleanser", "Azelaic Gel", "Sunscreen"))], 8,
        "I:expected-later"),
    row("azelaic acid on day 10 with spots",
        [d(10, ("Cleanser", "Azelaic Gel", "Sunscreen"), breakouts=5)], 10, "I:expected-later"),
    row("glycolic toner on day 12 with spots: still named",
        [d(12, ("Cleanser", "Glow Toner", "Sunscreen"), breakouts=5)], 12,
        "C:breakouts-actives I:expected-later"),

    # -- an urgent tip never comes with reassurance -----------------------------------------
    row("fever on day 1", [d(1, fever=True)], 1, "U:red-flag-fever"),
    row("fever on day 0", [d(0, fever=True)], 0, "U:red-flag-fever"),
    row("cold sore on day 2", [d(2, cold_sore=True)], 2, "U:red-flag-cold-sore"),
    row("pus on day 5 with a plain cream",
        [d(5, ("Cleanser", "Plain Cream", "Sunscreen"), pus=True)], 5, "U:red-flag-pus"),
    row("spreading redness on day 12", [d(12, spreading_redness=True)], 12,
        "U:red-flag-spreading-redness"),
    row("pus with retinol on day 3: the product tip stays",
        [d(3, ("Retinol Serum", "Sunscreen"), pus=True)], 3,
        "U:red-flag-pus C:retinoid-too-soon"),

    # -- after day 42: the symptom rules still hold (no day range ends) -------------------
    row("redness 2 on day 40, 8 on day 60", [d(40, redness=2), d(60, redness=8)], 60,
        "U:relapse-severe"),
    row("swelling 1 on day 50, 4 on day 60", [d(50, swelling=1), d(60, swelling=4)], 60,
        "C:worse-after-day-3"),
    row("redness 5 on day 60: above the usual course", [d(60, redness=5)], 60,
        "C:redness-lingering"),
    row("itch 6 on day 60 with a scented cream",
        [d(60, ("Cleanser", "Sunscreen", "Scented Cream"), itch=6)], 60, "C:itchy-rash"),
    row("swelling 9 and itch 8 on day 60", [d(60, swelling=9, itch=8)], 60,
        "U:reaction-swelling-itch"),
    row("redness 1 on day 60: nothing to say", [d(60, redness=1)], 60, ""),

    # -- days 1-2: a rise is not "fading" -------------------------------------------------
    row("redness 3 on day 1, 5 on day 2: growing, not fading",
        [d(1, redness=3), d(2, redness=5)], 2, "C:worse-after-day-3"),
    row("redness 2 on day 1, 8 on day 2: much worse",
        [d(1, redness=2), d(2, redness=8)], 2, "U:relapse-severe"),
    row("swelling 2 on day 0, 4 on day 2", [d(0, swelling=2), d(2, swelling=4)], 2,
        "C:worse-after-day-3"),
    row("redness 6 on day 1, 5 on day 2: fading", [d(1, redness=6), d(2, redness=5)], 2,
        "I:expected-day-2-3 I:gentle-routine"),

    # -- pain with redness or swelling growing again: possible infection -----------------
    row("pain 1 to 6 and redness 2 to 5 on day 5",
        [d(2, pain=1, redness=2), d(5, pain=6, redness=5)], 5, "U:pain-redness-rising"),
    row("pain 1 to 4 and swelling 1 to 4 on day 4",
        [d(2, pain=1, swelling=1), d(4, pain=4, swelling=4)], 4, "U:pain-redness-rising"),
    row("pain 1 to 6 alone on day 5", [d(2, pain=1), d(5, pain=6)], 5, "C:pain-worsening"),
    row("pain 1 to 3 and redness 2 to 5 on day 5",
        [d(2, pain=1, redness=2), d(5, pain=3, redness=5)], 5, "C:worse-after-day-3"),

    # -- the days after a red flag: follow up, no reassurance -----------------------------
    row("pus on day 5, nothing ticked on day 6", [d(5, pus=True), d(6)], 6,
        "C:follow-up-red-flag"),
    row("pus on day 5, day 6 not logged", [d(5, pus=True)], 6, "C:follow-up-red-flag"),
    row("pus on day 5, day 8", [d(5, pus=True), d(8)], 8, "C:follow-up-red-flag"),
    row("pus on day 5, day 9", [d(5, pus=True), d(9)], 9, "I:expected-later"),
    row("pus on day 5 and again on day 6", [d(5, pus=True), d(6, pus=True)], 6,
        "U:red-flag-pus"),
    row("pain 6 and redness 5 on day 5 (urgent), pain 3 on day 6: no 'days 4-7' beside it",
        [d(2, pain=1, redness=2), d(5, pain=6, redness=5), d(6, pain=3, redness=5)], 6,
        "C:follow-up-red-flag C:worse-after-day-3"),
    row("an urgent symptom on day 5, day 9: reassurance again",
        [d(2, pain=1, redness=2), d(5, pain=6, redness=5), d(9, pain=1, redness=1)], 9,
        "I:expected-later"),
    row("note 'throat tight' on day 3, nothing on day 4",
        [d(3, note="Throat tight"), d(4)], 4, "C:follow-up-red-flag"),
    row("fever on day 1, 3 spots on day 2",
        [d(1, fever=True), d(2, breakouts=3)], 2, "C:follow-up-red-flag"),

    # -- emergency signs: the airway and eye boxes, and the words in a note ----------------
    row("lips or throat swelling ticked on day 1", [d(1, airway=True)], 1, "U:red-flag-airway"),
    row("lips or throat swelling ticked on day 30", [d(30, airway=True)], 30,
        "U:red-flag-airway"),
    row("lips or throat swelling ticked with no session", [d(0, airway=True)], 0,
        "U:red-flag-airway I:no-session-yet", sessions=()),
    row("an eye problem ticked on day 2", [d(2, eye_problem=True)], 2, "U:red-flag-eye"),
    row("a cold sore near the eye: both boxes", [d(3, cold_sore=True, eye_problem=True)], 3,
        "U:red-flag-eye U:red-flag-cold-sore"),
    row("note 'my throat feels tight' on day 1, nothing ticked",
        [d(1, note="My throat feels tight")], 1, "U:note-emergency-words"),
    row("note 'can't breathe properly' on day 0", [d(0, note="I can't breathe properly")], 0,
        "U:note-emergency-words"),
    row("note 'wheezy tonight' on day 40", [d(40, note="Wheezy tonight")], 40,
        "U:note-emergency-words"),
    row("note 'left eye swollen shut' on day 1", [d(1, note="Left eye swollen shut")], 1,
        "U:note-emergency-words"),
    row("note words with the box ticked: the box's tip, not both",
        [d(1, airway=True, note="lips swollen, wheezing")], 1, "U:red-flag-airway"),
    row("note 'new eye cream' is not an emergency", [d(1, note="Started a new eye cream")], 1,
        "I:expected-day-0-1 I:gentle-routine"),
    row("note 'dry lips, faint redness' is not", [d(3, note="Dry lips, faint redness")], 3,
        "I:expected-day-2-3 I:gentle-routine"),
    row("note 'bruising around the eyes' is not", [d(1, note="Bruising around the eyes")], 1,
        "I:expected-day-0-1 I:gentle-routine"),

    # -- before a session (the second session, planned on day 40) ---------------------------
    row("retinol 3 days before a planned session",
        [d(37, ("Cleanser", "Retinol Serum", "Sunscreen"))], 37,
        "C:pre-session-retinoid I:expected-later", sessions=(0, 40)),
    row("retinol 7 days before a planned session",
        [d(33, ("Cleanser", "Retinol Serum", "Sunscreen"))], 33,
        "C:pre-session-retinoid I:expected-later", sessions=(0, 40)),
    row("retinol 8 days before a planned session",
        [d(32, ("Cleanser", "Retinol Serum", "Sunscreen"))], 32,
        "I:expected-later", sessions=(0, 40)),
    row("retinol 3 days before, seen on the session day",
        [d(37, ("Cleanser", "Retinol Serum", "Sunscreen")), d(40)], 40,
        "C:pre-session-retinoid I:expected-day-0-1", sessions=(0, 40)),
    row("glycolic toner 2 days before a planned session",
        [d(38, ("Cleanser", "Glow Toner", "Sunscreen"))], 38,
        "C:pre-session-actives I:expected-later", sessions=(0, 40)),
    row("glycolic toner 3 days before a planned session",
        [d(37, ("Cleanser", "Glow Toner", "Sunscreen"))], 37,
        "C:pre-session-actives I:expected-later", sessions=(0, 40)),
    row("glycolic toner 4 days before a planned session",
        [d(36, ("Cleanser", "Glow Toner", "Sunscreen"))], 36,
        "I:expected-later", sessions=(0, 40)),
    row("a scrub the day before the first session",
        [d(-1, ("Walnut Scrub", "Sunscreen"))], -1,
        "C:pre-session-actives I:no-session-yet"),
    row("cold-sore history, session in 10 days",
        [d(30)], 30, "C:antiviral-cover I:expected-later", sessions=(0, 40),
        profile=dict(cold_sores=True)),
    row("cold-sore history, session in 14 days",
        [d(26)], 26, "C:antiviral-cover I:expected-later", sessions=(0, 40),
        profile=dict(cold_sores=True)),
    row("cold-sore history, session in 15 days",
        [d(25)], 25, "I:expected-later", sessions=(0, 40), profile=dict(cold_sores=True)),
    row("no cold-sore history, session in 10 days",
        [d(30)], 30, "I:expected-later", sessions=(0, 40)),
    row("cold-sore history, day 2 after a session",
        [d(2)], 2, "C:antiviral-cover I:expected-day-2-3 I:gentle-routine",
        profile=dict(cold_sores=True)),
    row("cold-sore history, day 4 after a session",
        [d(4)], 4, "I:expected-day-4-7 I:gentle-routine", profile=dict(cold_sores=True)),
    row("isotretinoin recently, session in 7 days",
        [d(33)], 33, "C:intake-history I:expected-later", sessions=(0, 40),
        profile=dict(isotretinoin=True)),
    row("keloid tendency, no session ahead",
        [d(33)], 33, "I:expected-later", profile=dict(keloids=True)),

    # -- the rest of the rulebook -----------------------------------------------------------
    row("makeup on day 2", [d(2, makeup=True)], 2,
        "C:makeup-too-soon I:expected-day-2-3 I:gentle-routine"),
    row("makeup on day 3", [d(3, makeup=True)], 3, "I:expected-day-2-3 I:gentle-routine"),
    row("sun on day 7", [d(7, sun=True)], 7,
        "C:sun-too-soon I:expected-day-4-7 I:gentle-routine"),
    row("sun on day 8", [d(8, sun=True)], 8, "I:expected-later"),
    row("exercise on day 2", [d(2, sweat=True)], 2,
        "C:sweat-too-soon I:expected-day-2-3 I:gentle-routine"),
    row("no sunscreen on day 2", [d(2, ("Cleanser",))], 2,
        "I:sunscreen-reminder I:expected-day-2-3"),
    row("vitamin C on day 4: inside two to five days",
        [d(4, ("Cleanser", "C Serum", "Sunscreen"))], 4, "C:vitamin-c-too-soon I:expected-day-4-7"),
    row("vitamin C on day 5", [d(5, ("Cleanser", "C Serum", "Sunscreen"))], 5,
        "I:expected-day-4-7"),
    row("vitamin C on day 9", [d(9, ("Cleanser", "C Serum", "Sunscreen"))], 9,
        "I:expected-later"),
    row("glycolic toner on day 3", [d(3, ("Cleanser", "Glow Toner", "Sunscreen"))], 3,
        "C:acids-too-soon C:alcohol-too-soon I:expected-day-2-3"),
    row("a scrub on day 10", [d(10, ("Walnut Scrub", "Sunscreen"))], 10,
        "C:scrub-too-soon I:expected-later"),
    row("a scrub on day 11", [d(11, ("Walnut Scrub", "Sunscreen"))], 11, "I:expected-later"),
    row("antibiotic ointment on day 2", [d(2, ("Cleanser", "Antibiotic Ointment", "Sunscreen"))],
        2, "I:antibiotic-ointment I:expected-day-2-3 I:gentle-routine"),
    # -- evidence from the patient's own log (journal/care/evidence.py) ---------------------
    row("redness 7 on day 4 after 2 and 1 on day 4 of the two sessions before",
        [d(4, redness=2), d(44, redness=1), d(84, redness=7)], 84, "C:worse-than-earlier-sessions",
        sessions=(0, 40, 80)),
    row("redness 4 on day 4 after 2 and 1 before: higher, but within the usual course",
        [d(4, redness=2), d(44, redness=1), d(84, redness=4)], 84,
        "I:expected-day-4-7 I:gentle-routine", sessions=(0, 40, 80)),
    row("6 new spots on day 5 with the balm, which went with more spots in the log",
        [d(k, breakouts=1) for k in (*range(1, 15), *range(61, 75))]
        + [d(31, breakouts=1)]
        + [d(k, ("Cleanser", "Coconut Balm", "Sunscreen"), breakouts=6) for k in range(32, 39)],
        35, "C:worse-than-earlier-sessions C:breakouts-heavy-oils C:breakouts-log-evidence",
        sessions=(0, 30, 60)),
    row("no session yet", [d(0)], 0, "I:no-session-yet", sessions=()),
    row("pus with no session yet", [d(0, pus=True)], 0, "U:red-flag-pus I:no-session-yet",
        sessions=()),
]

SEVERITY = {"U": "urgent", "C": "caution", "I": "info"}
_IDS = {p.id for p in SCENARIOS}


def build(journal, days, sessions, profile) -> None:
    for offset in sessions:
        journal.add_session(Session(date=S + dt.timedelta(days=offset)))
    ids = {name: journal.add_product(Product(name=name, category=category, ingredients=label))
           for name, (category, label) in SHELF.items()}
    for offset, fields, products in days:
        journal.save_entry(DayEntry(date=S + dt.timedelta(days=offset), **fields,
                                    product_ids=tuple(ids[p] for p in products)))
    if profile:
        journal.set_profile(**profile)


def expected_pairs(text: str) -> list[tuple[str, str]]:
    return [(rule_id, SEVERITY[code]) for code, rule_id in
            (item.split(":", 1) for item in text.split())]


def test_the_table_is_big_enough():
    assert len(SCENARIOS) >= 60
    assert len(_IDS) == len(SCENARIOS)  # every row has its own name


@pytest.mark.parametrize("days, asked, expected, sessions, profile", SCENARIOS)
def test_scenario(journal, days, asked, expected, sessions, profile):
    build(journal, days, sessions, profile)
    tips = matched_tips(journal, S + dt.timedelta(days=asked))
    assert [(t.id, t.severity) for t in tips] == expected_pairs(expected)


def test_every_rule_fires_in_some_scenario():
    fired = {rule_id for p in SCENARIOS for rule_id, _ in expected_pairs(p.values[2])}
    never = [r.id for r in rulebook().rules if r.id not in fired]
    assert never == []


def test_the_table_agrees_with_the_rulebook_on_severities():
    severity = {r.id: r.severity for r in rulebook().rules}
    for p in SCENARIOS:
        for rule_id, expected in expected_pairs(p.values[2]):
            assert severity[rule_id] == expected, (p.id, rule_id)


def test_every_rule_has_sources_that_exist():
    book = rulebook()
    for rule in book.rules:
        assert rule.sources, rule.id
        for source in rule.sources:
            assert book.sources.get(source, "").strip(), (rule.id, source)


def _warning_sign(days, asked, sessions) -> bool:
    """A red flag, a severe symptom, or a clear worsening on the day asked (read from the
    inputs, independently of the rules)."""
    by_day = {offset: fields for offset, fields, _ in days}
    today = by_day.get(asked)
    if today is None:
        return False
    day = asked - max((s for s in sessions if s <= asked), default=asked)
    if any(today.get(flag) for flag in FLAGS):
        return True
    note = today.get("note", "").casefold()
    if any(word in note for word in ("throat", "breathe", "wheez", "swollen shut", "lips swollen")):
        return True
    if today.get("pain", 0) >= 9 or (day >= 2 and today.get("pain", 0) >= 7):
        return True
    if today.get("swelling", 0) >= 8 or today.get("itch", 0) >= 8 or \
            today.get("breakouts", 0) >= 15:
        return True
    def rise(name):
        earlier = [f[name] for o, f in by_day.items() if o < asked and name in f]
        return today[name] - min(earlier) if name in today and earlier else 0
    if day >= 2 and rise("pain") >= 2 and today["pain"] >= 4 and any(
            rise(n) >= 2 and today[n] >= 4 for n in ("redness", "swelling")):
        return True
    if day >= 2:
        for name in ("redness", "swelling", "pain"):
            earlier = [f[name] for o, f in by_day.items() if o < asked and name in f]
            if name in today and earlier and today[name] - min(earlier) >= 3 and today[name] >= 6:
                return True
    return False


def test_no_warning_sign_gets_info_tips_only():
    signs = [p for p in SCENARIOS if _warning_sign(p.values[0], p.values[1], p.values[3])]
    assert len(signs) >= 25  # the check below is about many rows, not a handful
    for p in signs:
        severities = {severity for _, severity in expected_pairs(p.values[2])}
        assert severities - {"info"}, p.id


def test_no_reassurance_beside_an_urgent_or_warning_tip():
    roles = {r.id: r.role for r in rulebook().rules}
    severity = {r.id: r.severity for r in rulebook().rules}
    for p in SCENARIOS:
        ids = [rule_id for rule_id, _ in expected_pairs(p.values[2])]
        if any(severity[i] == "urgent" or roles[i] == "warning" for i in ids):
            assert not [i for i in ids if roles[i] == "reassurance"], p.id


def test_urgent_only_for_red_flags_or_severe_worsening_symptoms():
    for p in SCENARIOS:
        urgent = [i for i, s in expected_pairs(p.values[2]) if s == "urgent"]
        if urgent:
            assert _warning_sign(p.values[0], p.values[1], p.values[3]), p.id


# -- Today's marks: what ticking a product would raise --------------------------------------
@pytest.mark.parametrize("product, offset, sessions, mark", [
    ("Retinol Serum", 2, (0,), "retinoid: usually paused for about a week after a session"),
    ("Retinol Serum", 9, (0,), ""),
    ("Tretinoin Cream", 9, (0,),
     "prescription retinoid: usually paused for one to two weeks after a session"),
    ("Adapalene Gel", 3, (0,),
     "prescription retinoid: usually paused for one to two weeks after a session"),
    ("BP Wash", 3, (0,), "benzoyl peroxide: usually paused for at least a week after a session"),
    ("Coconut Balm", 3, (0,), ""),  # no spots logged: nothing to raise
    ("BP Wash", 10, (0,), ""),
    ("Glow Toner", 38, (0, 40), "usually stopped a few days before a session"),
    ("Cleanser", 2, (0,), ""),
    # the mark and the rule's window agree: two to five days
    ("C Serum", 4, (0,), "vitamin C: usually paused for two to five days after a session"),
    ("C Serum", 5, (0,), ""),
    ("Azelaic Gel", 3, (0,),
     "acne treatment: ask your clinic whether to leave it out in the first week after a session"),
])
def test_product_mark(journal, product, offset, sessions, mark):
    build(journal, [d(offset, ())], sessions, {})
    pid = journal.product_by_name(product).id
    date = S + dt.timedelta(days=offset)
    assert product_mark(journal, date, pid) == mark
    # the same mark when the product is already ticked, and nothing was saved
    ticked = DayEntry(date=date, product_ids=(pid,))
    assert product_mark(journal, date, pid, entry=ticked) == mark
    assert pid not in journal.entry(date).product_ids


def test_every_source_is_cited_in_full_on_the_knowledge_page():
    from journal.care.ingredients import RESOURCES, ingredient_classes, ingredient_sources

    page = (RESOURCES / "knowledge.md").read_text(encoding="utf-8")
    citations = page[page.index("## Full citations"):]
    book = rulebook()
    for source in (*book.sources, *ingredient_sources()):
        assert f"**{source}**" in citations, source
    for cls in ingredient_classes().values():
        for source in cls.sources:
            assert source in book.sources or source in ingredient_sources(), (cls.id, source)
    assert "shared/" not in page and "shared/" not in (RESOURCES / "tips.toml").read_text()


def test_a_tip_never_calls_usual_what_the_course_comparison_calls_usual():
    """One usual course: the evidence's course comparison reads redness, swelling and pain
    from the same [course] table as the tips' `above_course`."""
    from journal.care.course import usual_ranges

    course = rulebook().course
    for day in range(0, 43):
        ranges = usual_ranges(day)
        for measure, steps in course.items():
            highest = None
            for from_day, level in steps:
                if day >= from_day:
                    highest = level
            assert ranges.get(measure, (0, None))[1] == highest, (measure, day)


def test_wording_the_reviewer_asked_for():
    """Plain words for a patient reading alone: no command lines, no jargon, no overclaiming."""
    for rule in rulebook().rules:
        text = f"{rule.title} {rule.body}"
        assert "python main.py" not in text, rule.id
        assert " actives" not in text and "antiviral cover" not in text, rule.id
        for overclaim in ("often makes more oil", "skin heals with", "channels stay open",
                          "while it is still open", "many providers", "many sheets",
                          "Most advice", "burn easily"):
            assert overclaim not in text, (rule.id, overclaim)
    page = (RESOURCES_DIR / "knowledge.md").read_text(encoding="utf-8")
    assert "Aquaphor caused" not in page and "7 or more is usually called severe" not in page
