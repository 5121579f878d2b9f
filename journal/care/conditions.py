"""The conditions a tip rule's ``[rule.when]`` table may use, and the one registry of them.

Each condition has a checker, run when the rules are loaded (journal/care/rules.py), which
raises KnowledgeError for a bad value and returns the days of history the condition needs,
and an evaluator, run when the rules are matched (journal/care/tips.py), which returns the
reasons in plain words when the condition holds, None when it does not. Evaluators read the
facts of one evaluation (:class:`_Facts`: a window of the journal around the date).
:func:`add_condition` adds a condition to both halves of the registry at once (as
journal/care/evidence.py does for the log's evidence).

Safety rules of the conditions (see the header of tips.toml for the thresholds):

- "rising" compares today with the best (lowest) value logged since the session, so
  days missing from the log cannot hide a relapse, and every rising condition has a
  minimum level, so a small move near zero never counts as worse;
- "above_course" compares today with the highest level still usual for that Day N.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from journal import format as fmt
from journal.care.ingredients import KnowledgeError, ingredient_classes, match_ingredients
from journal.models import (
    CATEGORIES, CONTEXT, FLAGS, PROFILE_FIELDS, SYMPTOMS, DayEntry, Product, Profile, Session,
)

if TYPE_CHECKING:
    from journal.care.rules import Rulebook

RISING_LOOKBACK = 42         # days back (at most) to find the best value since the session
MEASURES = (*SYMPTOMS, "breakouts")
_MEASURE_WORDS = {"dryness": "dryness/peeling", "breakouts": "new spots"}


# -- checking a condition's value (when the rules are loaded) ------------------------------
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


def _ratings(key, value, example: str):
    """(rating, its setting) of a table keyed by rating names, each name checked."""
    if not isinstance(value, dict) or not value:
        raise KnowledgeError(f"{key!r} must be a table like {example}")
    for name, setting in value.items():
        if name not in MEASURES:
            raise KnowledgeError(f"{key!r}: unknown rating {name!r} (known: {', '.join(MEASURES)})")
        yield name, setting


def _check_thresholds(key, value):
    for name, number in _ratings(key, value, "{ redness = 5 }"):
        _int(f"{key}.{name}", number)


def _check_rising(key, value):
    for name, spec in _ratings(key, value, "{ redness = { by = 2, min = 5 } }"):
        if not isinstance(spec, dict) or set(spec) != {"by", "min"}:
            raise KnowledgeError(f"{key}.{name} must be {{ by = N, min = N }}: every rise needs "
                                 "a minimum level")
        _int(f"{key}.{name}.by", spec["by"], minimum=1)
        _int(f"{key}.{name}.min", spec["min"], minimum=1)
    return RISING_LOOKBACK


def _check_measures(key, value):
    _check_names(MEASURES, "rating(s)")(key, value)


def _check_not_falling(key, value):
    _check_measures(key, value)
    return RISING_LOOKBACK


def _check_flagged_before(key, value):
    return _int(key, value, minimum=1)


def _check_urgent_before(key, value):
    return _int(key, value, minimum=1) + RISING_LOOKBACK


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
            not all(isinstance(v, str) and _words_of(v) for v in value):
        raise KnowledgeError(f"{key!r} must be a non-empty list of words")


def _check_profile(key, value):
    _check_names(tuple(PROFILE_FIELDS), "profile item(s)")(key, value)


def _check_any(key, value):
    if not isinstance(value, list) or len(value) < 2 or not all(isinstance(v, dict) for v in value):
        raise KnowledgeError(f"{key!r} must be a list of two or more condition tables")
    return max(_check_conditions(v) for v in value)


_CLASSES = lambda: tuple(ingredient_classes())  # noqa: E731 - read when a rule is checked

_CHECKERS = {
    "day": _check_day,
    "days_to_session": _check_day,
    "no_session": _check_true,
    "flags": _check_names(tuple(FLAGS), "red flag(s)"),
    "at_least": _check_thresholds,
    "any_at_least": _check_thresholds,
    "at_most": _check_thresholds,
    "rising": _check_rising,
    "above_course": _check_measures,
    "not_falling": _check_not_falling,
    "flagged_before": _check_flagged_before,
    "urgent_before": _check_urgent_before,
    "lasting": _check_lasting,
    "used": _check_use("classes", _CLASSES, "ingredient class(es)"),
    "not_used": _check_use("classes", _CLASSES, "ingredient class(es)"),
    "suspects": _check_use("classes", _CLASSES, "ingredient class(es)"),
    "used_before_session": _check_use("classes", _CLASSES, "ingredient class(es)"),
    "not_used_category": _check_use("categories", lambda: CATEGORIES, "product category(ies)"),
    "context": _check_names(tuple(CONTEXT), "context(s)"),
    "note_mentions": _check_words,
    "profile": _check_profile,
    "any": _check_any,
}


# -- the facts one evaluation works on -----------------------------------------------------
class _Facts:
    """The window of the journal around one date, with words for naming days and products."""

    def __init__(self, date: dt.date, session: Session | None, entries: dict[dt.date, DayEntry],
                 products: dict[int, Product], next_session: Session | None = None,
                 profile: Profile | None = None, course: dict | None = None, journal=None):
        self.date = date
        self.session = session
        self.day = (date - session.date).days if session else None
        self.entries = entries
        self.today = entries.get(date)
        self.products = products
        self.next_session = next_session      # the nearest session on or after `date`
        self.profile = profile or Profile()
        self.course = course or {}
        self.journal = journal                # for conditions that need more (evidence)
        self.book: Rulebook | None = None     # set by matched_tips (urgent_before)
        self.all_sessions: list[Session] = [s for s in (session, next_session) if s]

    def when(self, date: dt.date) -> str:
        """'day 3' when there is a session, else the date."""
        if self.session is not None and date >= self.session.date:
            return f"day {(date - self.session.date).days}"
        return fmt.date(date)

    def when_list(self, dates: list[dt.date]) -> str:
        if self.session is not None and all(d >= self.session.date for d in dates):
            days = [str((d - self.session.date).days) for d in dates]
            return ("day " if len(days) == 1 else "days ") + fmt.join(days)
        return fmt.join([fmt.date(d) for d in dates])

    def value(self, date: dt.date, name: str):
        entry = self.entries.get(date)
        return None if entry is None else getattr(entry, name)

    def best_before(self, name: str) -> tuple[int, dt.date] | None:
        """The lowest value logged since the session (or the lookback), before today.

        The session day counts: the day is logged in the evening, after the treatment, and
        a mild day 0 followed by a severe day 6 is a relapse whatever lies between.
        """
        start = self.date - dt.timedelta(days=RISING_LOOKBACK)
        if self.session is not None:
            start = max(start, self.session.date)
        best = None
        for date in sorted(self.entries):
            value = self.value(date, name)
            if start <= date < self.date and value is not None and \
                    (best is None or value < best[0]):
                best = (value, date)
        return best

    def last_before(self, name: str) -> tuple[int, dt.date] | None:
        """The latest value logged before today (since the session, within the lookback)."""
        start = self.date - dt.timedelta(days=RISING_LOOKBACK)
        if self.session is not None:
            start = max(start, self.session.date)
        for date in sorted(self.entries, reverse=True):
            value = self.value(date, name)
            if start <= date < self.date and value is not None:
                return value, date
        return None

    def usual_highest(self, name: str) -> int | None:
        """The highest level still usual on this Day N ([course] in tips.toml); None if unset."""
        if self.day is None:
            return None
        return usual_highest(self.course.get(name, ()), self.day)

    def uses(self, within: int, since_session: bool) -> dict[int, list[dt.date]]:
        """Product id -> dates used, from `within` days before today up to today."""
        start = self.date - dt.timedelta(days=within)
        if since_session and self.session is not None:
            start = max(start, self.session.date)
        return self.uses_between(start, self.date)

    def uses_between(self, start: dt.date, end: dt.date) -> dict[int, list[dt.date]]:
        found: dict[int, list[dt.date]] = {}
        for date in sorted(self.entries):
            if start <= date <= end:
                for pid in self.entries[date].product_ids:
                    if pid in self.products:
                        found.setdefault(pid, []).append(date)
        return found


def usual_highest(steps, day: int) -> int | None:
    """The highest level still usual on Day `day` by a measure's [course] steps
    (((from_day, level), ...), in day order); None before the first step or without steps."""
    highest = None
    for from_day, level in steps:
        if day >= from_day:
            highest = level
    return highest


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


def _when_days_to_session(spec, facts, rule_when):
    upcoming = facts.next_session
    if upcoming is None:
        return None
    left = (upcoming.date - facts.date).days
    first, last = spec[0], (spec[1] if len(spec) > 1 else None)
    if left < first or (last is not None and left > last):
        return None
    when = "today" if left == 0 else f"in {fmt.plural(left, 'day')}"
    return [f"a session on {fmt.date(upcoming.date)} ({when})"]


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
    """Today at least `by` above the best value since the session, and at least `min`."""
    reasons = []
    for name, limits in spec.items():
        value = facts.value(facts.date, name)
        best = facts.best_before(name)
        if value is None or best is None or value < limits["min"]:
            continue
        low, low_date = best
        if value - low >= limits["by"]:
            reasons.append(f"{_amount(name, value)} on {facts.when(facts.date)}, "
                           f"up from {low} on {facts.when(low_date)}")
    return reasons or None


def _when_above_course(spec, facts, rule_when):
    reasons = []
    for name in spec:
        value, highest = facts.value(facts.date, name), facts.usual_highest(name)
        if value is not None and highest is not None and value > highest:
            reasons.append(f"{_amount(name, value)} on {facts.when(facts.date)}, more than "
                           f"usual by this day (up to {highest})")
    return reasons or None


def _when_not_falling(spec, facts, rule_when):
    """Today logged and not lower than the last value logged before it (since the session);
    with nothing earlier to compare, it cannot be called falling, so it holds."""
    reasons = None
    for name in spec:
        value = facts.value(facts.date, name)
        if value is None:
            continue
        before = facts.last_before(name)
        if before is None:
            reasons = reasons or []
        elif value >= before[0]:
            reasons = (reasons or []) + [f"{_amount(name, value)} on {facts.when(facts.date)}, "
                                         f"not lower than {before[0]} on {facts.when(before[1])}"]
    return reasons


def _when_flagged_before(spec, facts, rule_when):
    """A red flag ticked on one of the `spec` days before today (not today)."""
    for back in range(1, spec + 1):
        date = facts.date - dt.timedelta(days=back)
        entry = facts.entries.get(date)
        if entry is not None and entry.flags:
            labels = fmt.join([FLAGS[name][1] for name in entry.flags])
            ago = f"{back} day{'s' if back != 1 else ''} ago"
            return [f"you ticked \u201c{labels}\u201d {ago} ({facts.when(date)})"]
    return None


def _when_urgent_before(spec, facts, rule_when):
    """An urgent tip held on one of the `spec` logged days before today (not today)."""
    if facts.book is None:
        return None
    from journal.models import latest_session

    urgent = [r for r in facts.book.rules if r.severity == "urgent"]
    for back in range(1, spec + 1):
        date = facts.date - dt.timedelta(days=back)
        if date not in facts.entries:
            continue
        ahead = [s for s in facts.all_sessions if s.date >= date]
        then = _Facts(date, latest_session(date, facts.all_sessions), facts.entries,
                      facts.products, min(ahead, key=lambda s: (s.date, s.id or 0))
                      if ahead else None, facts.profile, facts.course, facts.journal)
        for rule in urgent:
            if _evaluate(rule.when, then, rule.when) is not None:
                return [f"an urgent tip on {facts.when(date)}: \u201c{rule.title}\u201d"]
    return None


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
    uses = facts.uses(spec.get("within", 0), since_session="day" in rule_when)
    return _products_of_classes(spec, uses, facts)


def _products_of_classes(spec, uses, facts):
    wanted = spec["classes"]
    classes = ingredient_classes()
    found = []
    for pid, dates in uses.items():
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


def _when_used_before_session(spec, facts, rule_when):
    """Products of these classes used in the `within` days before the nearest session ahead."""
    upcoming = facts.next_session
    if upcoming is None:
        return None
    start = upcoming.date - dt.timedelta(days=spec.get("within", 0))
    end = min(facts.date, upcoming.date - dt.timedelta(days=1))
    found = _products_of_classes(spec, facts.uses_between(start, end), facts)
    return [f"{product.name} contains {'; '.join(parts)}; used on "
            f"{fmt.join([fmt.date(d) for d in dates])}"
            for product, parts, dates in found] or None


def _when_profile(spec, facts, rule_when):
    found = [PROFILE_FIELDS[name][1] for name in spec if getattr(facts.profile, name)]
    return [f"your health profile: \u201c{text}\u201d" for text in found] or None


def _when_not_used_category(spec, facts, rule_when):
    if facts.today is None:
        return None
    for pid in facts.uses(spec.get("within", 0), since_session=False):
        if facts.products[pid].category in spec["categories"]:
            return None
    what = fmt.join(spec["categories"])
    return [f"no {what} logged on {facts.when(facts.date)}"]


def _when_context(spec, facts, rule_when):
    if facts.today is None:
        return None
    found = [CONTEXT[name] for name in spec if getattr(facts.today, name)]
    return [f"{label} on {facts.when(facts.date)}" for label in found] or None


_NOTE_WORD_RE = re.compile(r"[^\W_]+")


def _words_of(text: str) -> tuple[str, ...]:
    return tuple(_NOTE_WORD_RE.findall(text.casefold()))


def _has_phrase(words: tuple[str, ...], phrases) -> tuple[str, ...] | None:
    """The first phrase (a tuple of whole words) found in `words`, else None."""
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if words[i:i + size] == phrase:
                return phrase
    return None


def _when_note_mentions(spec, facts, rule_when):
    """Whole words or phrases only: "pill" is not found in "pillowcase"."""
    if facts.today is None or not facts.today.note:
        return None
    found = _has_phrase(_words_of(facts.today.note), [_words_of(p) for p in spec])
    if found is None:
        return None
    return [f"your note on {facts.when(facts.date)} mentions \u201c{' '.join(found)}\u201d"]


def _when_any(spec, facts, rule_when):
    # The first table that holds gives the reasons: one clear fact, not two overlapping ones.
    for table in spec:
        found = _evaluate(table, facts, {**rule_when, **table})
        if found is not None:
            return found
    return None


_EVALUATORS = {
    "day": _when_day,
    "days_to_session": _when_days_to_session,
    "no_session": _when_no_session,
    "flags": _when_flags,
    "at_least": _when_at_least,
    "any_at_least": _when_any_at_least,
    "at_most": _when_at_most,
    "rising": _when_rising,
    "above_course": _when_above_course,
    "not_falling": _when_not_falling,
    "flagged_before": _when_flagged_before,
    "urgent_before": _when_urgent_before,
    "lasting": _when_lasting,
    "used": _when_used,
    "not_used": _when_not_used,
    "suspects": _when_suspects,
    "used_before_session": _when_used_before_session,
    "not_used_category": _when_not_used_category,
    "context": _when_context,
    "note_mentions": _when_note_mentions,
    "profile": _when_profile,
    "any": _when_any,
}
assert set(_EVALUATORS) == set(_CHECKERS)


def add_condition(name: str, check, evaluate) -> None:
    """Teach the rules a new condition (e.g. evidence from the log), used as `name = ...`.

    `check(key, value)` raises KnowledgeError for a bad value and returns the days of
    history it needs (or None); `evaluate(value, facts, rule_when)` returns the reasons
    (a list of plain sentences; [] holds without a reason) or None when it does not hold.
    `facts.journal`, `facts.date`, `facts.session` and `facts.day` are there to use.
    Call it at import of the module that adds it, and import that module at the top of
    load_rules() in journal/care/rules.py (as journal/care/evidence.py is) so it runs
    before the rules are read.
    """
    if name in _CHECKERS:
        raise ValueError(f"condition {name!r} exists")
    _CHECKERS[name] = check
    _EVALUATORS[name] = evaluate


def _evaluate(when: dict, facts: _Facts, rule_when: dict) -> list[str] | None:
    reasons: list[str] = []
    # `day` first so that the session is the first reason a person reads.
    for key in sorted(when, key=lambda k: k != "day"):
        found = _EVALUATORS[key](when[key], facts, rule_when)
        if found is None:
            return None
        reasons += [r for r in found if r not in reasons]
    return reasons
