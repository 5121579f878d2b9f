"""Aftercare tips matched to what was logged, each with the facts that made it match.

The rules are data in ``resources/tips.toml`` (read and checked once; a bad rule
fails loudly, naming it). :func:`matched_tips` is pure and deterministic: for a
journal and a date it returns the tips whose conditions hold, urgent first, each
carrying its reasons in plain words ("Retinol Night Serum contains Retinol
(retinoid); used on day 2"). Only a window of days around the date is read, so
it stays fast on a journal of many years.

No Qt here: the Today page, the CLI (``python main.py tips [DATE]``) and the
report all call the same function.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from journal import format as fmt
from journal.care.ingredients import (
    RESOURCES, KnowledgeError, ingredient_classes, match_ingredients, read_knowledge_file,
)
from journal.models import CATEGORIES, CONTEXT, FLAGS, SYMPTOMS, DayEntry, Product, Session

TIPS_FILE = RESOURCES / "tips.toml"
SEVERITIES = ("urgent", "caution", "info")
DISCLAIMER = ("General information, not medical advice. Follow your clinician's instructions, "
              "and contact them if you are worried.")
RISING_LOOKBACK = 3          # days back to find the value a rating is "rising" from
MEASURES = (*SYMPTOMS, "breakouts")
_MEASURE_WORDS = {"dryness": "dryness/peeling", "breakouts": "new spots"}


@dataclass
class Tip:
    """One matched tip: what to know, and why it was shown."""
    id: str
    severity: str                  # "urgent", "caution" or "info"
    title: str
    body: str
    reasons: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    body: str
    sources: tuple[str, ...]
    when: dict


@dataclass(frozen=True)
class Rulebook:
    rules: tuple[Rule, ...]
    sources: dict[str, str]        # source id -> citation
    lookback: int                  # days of history any rule may need


# -- loading and checking the rules --------------------------------------------------------
_RULE_KEYS = {"id", "severity", "title", "body", "sources", "when"}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def load_rules(path: Path | str = TIPS_FILE) -> Rulebook:
    """Read and check a tips file; KnowledgeError names the rule and what is wrong."""
    path = Path(path)
    data = read_knowledge_file(path, allowed_keys={"sources", "rule"})
    sources = data.get("sources", {})
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        raise KnowledgeError(f"{path.name}: [sources] must map ids to citations")
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise KnowledgeError(f"{path.name}: needs at least one [[rule]]")
    rules, lookback = [], RISING_LOOKBACK
    for index, raw in enumerate(raw_rules, start=1):
        label = f"{path.name}: rule #{index}"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            label = f"{path.name}: rule {raw['id']!r}"
        try:
            rule, needed = _check_rule(raw, sources)
        except KnowledgeError as exc:
            raise KnowledgeError(f"{label}: {exc}") from None
        if any(r.id == rule.id for r in rules):
            raise KnowledgeError(f"{label}: the id is used twice")
        rules.append(rule)
        lookback = max(lookback, needed)
    return Rulebook(tuple(rules), dict(sources), lookback)


def _check_rule(raw, sources: dict[str, str]) -> tuple[Rule, int]:
    if not isinstance(raw, dict):
        raise KnowledgeError("must be a table")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise KnowledgeError(f"unknown key(s): {', '.join(sorted(unknown))}")
    for key in ("id", "title", "body"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise KnowledgeError(f"{key!r} must be a non-empty string")
    if not _ID_RE.match(raw["id"]):
        raise KnowledgeError("'id' must be lower-case letters, digits and dashes")
    if raw.get("severity") not in SEVERITIES:
        raise KnowledgeError(f"'severity' must be one of {', '.join(SEVERITIES)}, "
                             f"not {raw.get('severity')!r}")
    rule_sources = raw.get("sources")
    if not isinstance(rule_sources, list) or not rule_sources or \
            not all(isinstance(s, str) for s in rule_sources):
        raise KnowledgeError("'sources' must be a non-empty list of source ids")
    missing = [s for s in rule_sources if s not in sources]
    if missing:
        raise KnowledgeError(f"unknown source id(s) {', '.join(missing)}: add them to [sources]")
    when = raw.get("when")
    if not isinstance(when, dict) or not when:
        raise KnowledgeError("needs a [rule.when] table with at least one condition")
    needed = _check_conditions(when)
    rule = Rule(id=raw["id"], severity=raw["severity"], title=raw["title"].strip(),
                body=" ".join(raw["body"].split()), sources=tuple(rule_sources), when=when)
    return rule, needed


def _check_conditions(when: dict) -> int:
    """Check a condition table; return how many days of history it needs."""
    needed = 0
    for key, value in when.items():
        checker = _CHECKERS.get(key)
        if checker is None:
            raise KnowledgeError(f"unknown condition {key!r} (known: {', '.join(sorted(_CHECKERS))})")
        needed = max(needed, checker(key, value) or 0)
    return needed


def _int(key: str, value, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise KnowledgeError(f"{key!r} must be a whole number of at least {minimum}, not {value!r}")
    return value


def _check_day(key, value):
    if not isinstance(value, list) or len(value) not in (1, 2):
        raise KnowledgeError(f"{key!r} must be [first, last] or [first], not {value!r}")
    numbers = [_int(key, v) for v in value]
    if len(numbers) == 2 and numbers[0] > numbers[1]:
        raise KnowledgeError(f"{key!r}: first day {numbers[0]} is after last day {numbers[1]}")


def _check_true(key, value):
    if value is not True:
        raise KnowledgeError(f"{key!r} must be true")


def _check_names(allowed, what):
    def check(key, value):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise KnowledgeError(f"{key!r} must be a non-empty list of {what}")
        bad = [v for v in value if v not in allowed]
        if bad:
            raise KnowledgeError(f"{key!r}: unknown {what} {', '.join(map(repr, bad))} "
                                 f"(known: {', '.join(allowed)})")
    return check


def _check_thresholds(key, value):
    if not isinstance(value, dict) or not value:
        raise KnowledgeError(f"{key!r} must be a table like {{ redness = 5 }}")
    for name, number in value.items():
        if name not in MEASURES:
            raise KnowledgeError(f"{key!r}: unknown rating {name!r} (known: {', '.join(MEASURES)})")
        _int(f"{key}.{name}", number)
    return RISING_LOOKBACK if key == "rising" else 0


def _check_lasting(key, value):
    if not isinstance(value, dict) or set(value) != {"field", "min", "days"}:
        raise KnowledgeError(f"{key!r} must be {{ field = ..., min = N, days = N }}")
    if value["field"] not in MEASURES:
        raise KnowledgeError(f"{key!r}: unknown rating {value['field']!r}")
    _int(f"{key}.min", value["min"])
    return _int(f"{key}.days", value["days"], minimum=2)


def _check_use(list_key, allowed_fn, what):
    def check(key, value):
        if not isinstance(value, dict) or set(value) - {list_key, "within"} or list_key not in value:
            raise KnowledgeError(f"{key!r} must be {{ {list_key} = [...], within = N }}")
        _check_names(allowed_fn(), what)(f"{key}.{list_key}", value[list_key])
        return _int(f"{key}.within", value.get("within", 0))
    return check


def _check_words(key, value):
    if not isinstance(value, list) or not value or \
            not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{key!r} must be a non-empty list of words")


def _check_any(key, value):
    if not isinstance(value, list) or len(value) < 2 or not all(isinstance(v, dict) for v in value):
        raise KnowledgeError(f"{key!r} must be a list of two or more condition tables")
    return max(_check_conditions(v) for v in value)


_CHECKERS = {
    "day": _check_day,
    "no_session": _check_true,
    "flags": _check_names(tuple(FLAGS), "red flag(s)"),
    "at_least": _check_thresholds,
    "any_at_least": _check_thresholds,
    "at_most": _check_thresholds,
    "rising": _check_thresholds,
    "lasting": _check_lasting,
    "used": _check_use("classes", lambda: tuple(ingredient_classes()), "ingredient class(es)"),
    "not_used": _check_use("classes", lambda: tuple(ingredient_classes()), "ingredient class(es)"),
    "suspects": _check_use("classes", lambda: tuple(ingredient_classes()), "ingredient class(es)"),
    "not_used_category": _check_use("categories", lambda: CATEGORIES, "product category(ies)"),
    "context": _check_names(tuple(CONTEXT), "context(s)"),
    "note_mentions": _check_words,
    "any": _check_any,
}


@functools.cache
def rulebook() -> Rulebook:
    """The rules from resources/tips.toml, loaded and checked once."""
    return load_rules(TIPS_FILE)


# -- the facts one evaluation works on -----------------------------------------------------
class _Facts:
    """The window of the journal around one date, with words for naming days and products."""

    def __init__(self, date: dt.date, session: Session | None, entries: dict[dt.date, DayEntry],
                 products: dict[int, Product]):
        self.date = date
        self.session = session
        self.day = (date - session.date).days if session else None
        self.entries = entries
        self.today = entries.get(date)
        self.products = products

    def when(self, date: dt.date) -> str:
        """'day 3' when there is a session, else the date."""
        if self.session is not None and date >= self.session.date:
            return f"day {(date - self.session.date).days}"
        return fmt.date(date)

    def when_list(self, dates: list[dt.date]) -> str:
        if self.session is not None and all(d >= self.session.date for d in dates):
            days = [str((d - self.session.date).days) for d in dates]
            return ("day " if len(days) == 1 else "days ") + _and_list(days)
        return _and_list([fmt.date(d) for d in dates])

    def value(self, date: dt.date, name: str):
        entry = self.entries.get(date)
        return None if entry is None else getattr(entry, name)

    def uses(self, within: int, since_session: bool) -> dict[int, list[dt.date]]:
        """Product id -> dates used, from `within` days before today up to today."""
        start = self.date - dt.timedelta(days=within)
        if since_session and self.session is not None:
            start = max(start, self.session.date)
        found: dict[int, list[dt.date]] = {}
        for date in sorted(self.entries):
            if start <= date <= self.date:
                for pid in self.entries[date].product_ids:
                    if pid in self.products:
                        found.setdefault(pid, []).append(date)
        return found


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _short_list(names: list[str], most: int = 3) -> str:
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most} more"


def _measure(name: str) -> str:
    return _MEASURE_WORDS.get(name, name)


def _amount(name: str, value: int) -> str:
    return fmt.plural(value, "new spot") if name == "breakouts" \
        else f"{_measure(name)} {value} of 10"


# -- conditions: each returns the reasons when it holds, None when it does not --------------
def _when_day(spec, facts, rule_when):
    if facts.day is None:
        return None
    first, last = spec[0], (spec[1] if len(spec) > 1 else None)
    if facts.day < first or (last is not None and facts.day > last):
        return None
    return [f"day {facts.day} after the session of {fmt.date(facts.session.date)}"]


def _when_no_session(spec, facts, rule_when):
    if facts.session is not None:
        return None
    return [f"no session recorded on or before {fmt.date(facts.date)}"]


def _when_flags(spec, facts, rule_when):
    if facts.today is None:
        return None
    found = [FLAGS[name][1] for name in spec if getattr(facts.today, name)]
    return [f"{label} logged on {facts.when(facts.date)}" for label in found] or None


def _thresholds(spec, facts, test, need_all):
    reasons = []
    for name, limit in spec.items():
        value = facts.value(facts.date, name)
        ok = value is not None and test(value, limit)
        if ok:
            reasons.append(f"{_amount(name, value)} on {facts.when(facts.date)}")
        elif need_all:
            return None
    return reasons or None


def _when_at_least(spec, facts, rule_when):
    return _thresholds(spec, facts, lambda v, n: v >= n, need_all=True)


def _when_any_at_least(spec, facts, rule_when):
    return _thresholds(spec, facts, lambda v, n: v >= n, need_all=False)


def _when_at_most(spec, facts, rule_when):
    return _thresholds(spec, facts, lambda v, n: v <= n, need_all=True)


def _when_rising(spec, facts, rule_when):
    reasons = []
    for name, step in spec.items():
        value = facts.value(facts.date, name)
        if value is None:
            continue
        for back in range(1, RISING_LOOKBACK + 1):
            before = facts.date - dt.timedelta(days=back)
            previous = facts.value(before, name)
            if previous is not None:
                if value - previous >= max(step, 1):
                    reasons.append(f"{_amount(name, value)} on {facts.when(facts.date)}, "
                                   f"up from {previous} on {facts.when(before)}")
                break
    return reasons or None


def _when_lasting(spec, facts, rule_when):
    name, minimum, days = spec["field"], spec["min"], spec["days"]
    start = facts.date - dt.timedelta(days=days - 1)
    logged = [(d, facts.value(d, name)) for d in sorted(facts.entries)
              if start <= d <= facts.date and facts.value(d, name) is not None]
    # Most of the window must be logged, including its first days and today.
    if len(logged) < (days + 1) // 2 or logged[0][0] > start + dt.timedelta(days=2) \
            or logged[-1][0] != facts.date:
        return None
    if any(value < minimum for _, value in logged):
        return None
    return [f"{_measure(name)} logged on all {len(logged)} logged days from "
            f"{fmt.date(logged[0][0])} to {fmt.date(facts.date)}"]


def _used_products(spec, facts, rule_when):
    """[(product, [matching ingredients by class], [dates])] for the classes in spec."""
    wanted = spec["classes"]
    classes = ingredient_classes()
    found = []
    for pid, dates in facts.uses(spec.get("within", 0), since_session="day" in rule_when).items():
        product = facts.products[pid]
        by_class: dict[str, list[str]] = {}
        for match in match_ingredients(product.ingredients):
            if match.class_id in wanted:
                by_class.setdefault(match.class_id, []).append(match.ingredient)
        if by_class:
            parts = [f"{_short_list(names)} ({classes[cid].name})"
                     for cid in wanted if cid in by_class for names in [by_class[cid]]]
            found.append((product, parts, dates))
    found.sort(key=lambda item: (item[0].name.casefold(), item[0].id or 0))
    return found


def _product_reasons(found, facts):
    return [f"{product.name} contains {'; '.join(parts)}; used on {facts.when_list(dates)}"
            for product, parts, dates in found]


def _when_used(spec, facts, rule_when):
    return _product_reasons(_used_products(spec, facts, rule_when), facts) or None


def _when_not_used(spec, facts, rule_when):
    if _used_products(spec, facts, rule_when):
        return None
    return []


def _when_suspects(spec, facts, rule_when):
    return _product_reasons(_used_products(spec, facts, rule_when), facts)


def _when_not_used_category(spec, facts, rule_when):
    if facts.today is None:
        return None
    for pid in facts.uses(spec.get("within", 0), since_session=False):
        if facts.products[pid].category in spec["categories"]:
            return None
    what = _and_list(spec["categories"])
    return [f"no {what} logged on {facts.when(facts.date)}"]


def _when_context(spec, facts, rule_when):
    if facts.today is None:
        return None
    found = [CONTEXT[name] for name in spec if getattr(facts.today, name)]
    return [f"{label} on {facts.when(facts.date)}" for label in found] or None


def _when_note_mentions(spec, facts, rule_when):
    if facts.today is None or not facts.today.note:
        return None
    words = re.findall(r"\w+", facts.today.note.casefold())
    for stem in spec:
        for word in words:
            if word.startswith(stem.casefold()):
                return [f"your note on {facts.when(facts.date)} mentions \u201c{word}\u201d"]
    return None


def _when_any(spec, facts, rule_when):
    # The first table that holds gives the reasons: one clear fact, not two overlapping ones.
    for table in spec:
        found = _evaluate(table, facts, {**rule_when, **table})
        if found is not None:
            return found
    return None


_EVALUATORS = {
    "day": _when_day,
    "no_session": _when_no_session,
    "flags": _when_flags,
    "at_least": _when_at_least,
    "any_at_least": _when_any_at_least,
    "at_most": _when_at_most,
    "rising": _when_rising,
    "lasting": _when_lasting,
    "used": _when_used,
    "not_used": _when_not_used,
    "suspects": _when_suspects,
    "not_used_category": _when_not_used_category,
    "context": _when_context,
    "note_mentions": _when_note_mentions,
    "any": _when_any,
}
assert set(_EVALUATORS) == set(_CHECKERS)


def _evaluate(when: dict, facts: _Facts, rule_when: dict) -> list[str] | None:
    reasons: list[str] = []
    # `day` first so that the session is the first reason a person reads.
    for key in sorted(when, key=lambda k: k != "day"):
        found = _EVALUATORS[key](when[key], facts, rule_when)
        if found is None:
            return None
        reasons += [r for r in found if r not in reasons]
    return reasons


# -- public API ----------------------------------------------------------------------------
def matched_tips(journal, date: dt.date, entry: DayEntry | None = None,
                 rules: Rulebook | None = None) -> list[Tip]:
    """The tips whose rules hold on `date`, urgent first, each with its reasons.

    `entry` stands in for the stored entry of that date (the Today page passes the
    unsaved form). Reads only the sessions, the products and a few weeks of entries.
    """
    book = rules or rulebook()
    start = date - dt.timedelta(days=book.lookback + 1)
    entries = {e.date: e for e in journal.entries(start, date)}
    if entry is not None:
        entries[date] = entry
    sessions = [s for s in journal.sessions() if s.date <= date]
    session = max(sessions, key=lambda s: (s.date, s.id or 0)) if sessions else None
    products = {p.id: p for p in journal.products()}
    facts = _Facts(date, session, entries, products)
    tips = []
    for rule in book.rules:
        reasons = _evaluate(rule.when, facts, rule.when)
        if reasons is not None:
            tips.append(Tip(rule.id, rule.severity, rule.title, rule.body, reasons,
                            list(rule.sources)))
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    tips.sort(key=lambda tip: order[tip.severity])  # stable: file order within a severity
    return tips


def source_citation(source_id: str) -> str:
    """The full citation of a source id used by the tips ('' if unknown)."""
    return rulebook().sources.get(source_id, "")


def print_tips(journal, args) -> int:
    """`python main.py tips [DATE]`: the tips for a day (default today), most urgent first."""
    from journal.models import parse_date

    date = parse_date(args.date) if getattr(args, "date", None) else dt.date.today()
    info = journal.day_info(date)
    tips = matched_tips(journal, date)
    print(f"Tips for {fmt.weekday_date(date)} ({info.label()})")
    print(DISCLAIMER)
    if not tips:
        print("\nNo tips for this day.")
    for tip in tips:
        print(f"\n[{tip.severity.upper()}] {tip.title}")
        for reason in tip.reasons:
            print(f"  why: {reason}")
        print(textwrap.fill(tip.body, width=88, initial_indent="  ", subsequent_indent="  "))
        for source in tip.sources:
            print(f"  source: {source_citation(source) or source}")
    return 0
