"""Aftercare tips matched to what was logged, each with the facts that made it match.

The rules are data in ``resources/tips.toml`` (read and checked once; a bad rule
fails loudly, naming it). :func:`matched_tips` is pure and deterministic: for a
journal and a date it returns the tips whose conditions hold, urgent first, each
carrying its reasons in plain words ("Retinol Night Serum contains Retinol
(retinoid); used on day 2"). Only a window of days around the date is read, so
it stays fast on a journal of many years.

No Qt here: the Today page, the CLI (``python main.py tips [DATE]``) and the
report all call the same function.

The rules are read by journal/care/rules.py, their conditions are checked and evaluated by
journal/care/conditions.py; this module matches them: it keeps the tips whose conditions all
hold, with their reasons, and drops the ones another tip outranks:

- a rule with ``role = "reassurance"`` (what to expect, "good routine") is never shown
  beside an urgent tip or a tip with ``role = "warning"`` (a worrying symptom);
- ``superseded_by`` drops a milder tip when a stronger one about the same thing shows.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from dataclasses import dataclass, field

from journal import format as fmt
from journal.care.conditions import _evaluate, _Facts
from journal.care.ingredients import ingredient_classes, match_ingredients
from journal.care.rules import SEVERITIES, Rulebook, rulebook
from journal.models import DayEntry, Product

DISCLAIMER = ("General information, not medical advice. Follow your clinician's instructions, "
              "and contact them if you are worried.")
PRE_SESSION_LOOKBACK = 14    # days of uses read before a planned session


@dataclass
class Tip:
    """One matched tip: what to know, and why it was shown."""
    id: str
    severity: str                  # "urgent", "caution" or "info"
    title: str
    body: str
    reasons: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


# -- public API ----------------------------------------------------------------------------
def matched_tips(journal, date: dt.date, entry: DayEntry | None = None,
                 rules: Rulebook | None = None) -> list[Tip]:
    """The tips whose rules hold on `date`, urgent first, each with its reasons.

    `entry` stands in for the stored entry of that date (the Today page passes the
    unsaved form). Reads only the sessions, the products and a few weeks of entries.
    """
    book = rules or rulebook()
    start = date - dt.timedelta(days=max(book.lookback, PRE_SESSION_LOOKBACK) + 1)
    entries = {e.date: e for e in journal.entries(start, date)}
    if entry is not None:
        entries[date] = entry
    from journal.models import latest_session

    all_sessions = journal.sessions()
    session = latest_session(date, all_sessions)
    ahead = [s for s in all_sessions if s.date >= date]
    upcoming = min(ahead, key=lambda s: (s.date, s.id or 0)) if ahead else None
    products = {p.id: p for p in journal.products()}
    profile = journal.profile() if hasattr(journal, "profile") else None
    facts = _Facts(date, session, entries, products, upcoming, profile, book.course, journal)
    facts.book, facts.all_sessions = book, all_sessions
    tips = []
    for rule in book.rules:
        reasons = _evaluate(rule.when, facts, rule.when)
        if reasons is not None:
            tips.append((rule, Tip(rule.id, rule.severity, rule.title, rule.body, reasons,
                                   list(rule.sources))))
    shown = {rule.id for rule, _ in tips}
    warned = any(rule.severity == "urgent" or rule.role == "warning" for rule, _ in tips)
    tips = [(rule, tip) for rule, tip in tips
            if not shown.intersection(rule.superseded_by)
            and not (warned and rule.role == "reassurance")]
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    tips.sort(key=lambda pair: order[pair[1].severity])  # stable: file order within a severity
    return [tip for _, tip in tips]


def product_mark(journal, date: dt.date, product_id: int, entry: DayEntry | None = None,
                 rules: Rulebook | None = None) -> str:
    """The short mark for a product in `date`'s checklist: what ticking it would raise.

    '' when ticking it raises no caution or urgent tip (or the rule has no mark). Compares
    the tips of the day with the product ticked and without it, so a product that is
    already ticked gets its mark too.
    """
    book = rules or rulebook()
    base = entry or journal.entry(date) or DayEntry(date=date)
    others = tuple(pid for pid in base.product_ids if pid != product_id)
    without = {t.id for t in matched_tips(
        journal, date, entry=dataclasses.replace(base, product_ids=others), rules=book)}
    ticked = matched_tips(journal, date, entry=dataclasses.replace(
        base, product_ids=(*others, product_id)), rules=book)
    by_id = {rule.id: rule for rule in book.rules}
    for tip in ticked:
        if tip.severity == "info" or tip.id in without:
            continue
        mark = by_id[tip.id].mark or _class_timing(journal.product(product_id),
                                                   _used_classes(by_id[tip.id].when))
        if mark:
            return mark
    return ""


def _used_classes(when: dict) -> set[str]:
    """The ingredient classes a rule's `used` conditions name (in `any` tables too)."""
    found = set(when.get("used", {}).get("classes", ()))
    for table in when.get("any", ()):
        found |= _used_classes(table)
    return found


def _class_timing(product: Product, wanted: set[str]) -> str:
    """'prescription retinoid: usually paused for one to two weeks after a session': the
    narrowest of the product's classes among `wanted` that says when it is used again."""
    classes = ingredient_classes()
    found = {m.class_id for m in match_ingredients(product.ingredients)}
    matched = [cid for cid in classes if cid in wanted and cid in found]
    narrow_first = sorted(matched, key=lambda cid: not classes[cid].part_of)  # stable
    for cid in narrow_first:
        if classes[cid].timing:
            return f"{classes[cid].name}: {classes[cid].timing}"
    return ""


def source_citation(source_id: str) -> str:
    """The full citation of a source id used by the tips ('' if unknown)."""
    return rulebook().sources.get(source_id, "")


def print_tips(journal, args) -> int:
    """`python main.py tips [DATE]`: the tips for a day (default today), most urgent first."""
    from journal.models import parse_date
    from journal.terminal import safe

    date = parse_date(args.date) if getattr(args, "date", None) else dt.date.today()
    info = journal.day_info(date)
    tips = matched_tips(journal, date)
    print(safe(f"Tips for {fmt.weekday_date(date)} ({info.label()})"))
    print(DISCLAIMER)
    if not tips:
        print("\nNo tips for this day.")
    for tip in tips:
        print(f"\n[{tip.severity.upper()}] {safe(tip.title)}")
        for reason in tip.reasons:
            print(f"  why: {safe(reason)}")
        print(textwrap.fill(safe(tip.body), width=88, initial_indent="  ", subsequent_indent="  "))
        for source in tip.sources:
            print(safe(f"  source: {source_citation(source) or source}"))
    return 0
