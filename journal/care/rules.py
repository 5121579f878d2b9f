"""The tips' rule file, resources/tips.toml: read and checked once, a bad rule failing loudly.

:func:`load_rules` reads a tips file into a :class:`Rulebook` (its rules, their sources and
the ``[course]`` table), checking every rule's keys and its ``[rule.when]`` table: each
condition's value is checked by that condition's checker (journal/care/conditions.py, where
the conditions live). :func:`rulebook` is the app's own file, loaded once.
Matching the rules against a journal is journal/care/tips.py's work.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from journal.care.conditions import MEASURES, RISING_LOOKBACK, _check_conditions, _int
from journal.care.ingredients import RESOURCES, KnowledgeError, read_knowledge_file

TIPS_FILE = RESOURCES / "tips.toml"
SEVERITIES = ("urgent", "caution", "info")
ROLES = ("warning", "reassurance")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    body: str
    sources: tuple[str, ...]
    when: dict
    role: str = ""                        # "", "warning" or "reassurance"
    superseded_by: tuple[str, ...] = ()   # not shown when one of these rules shows
    mark: str = ""                        # Today's short mark for a product that would trigger it


@dataclass(frozen=True)
class Rulebook:
    rules: tuple[Rule, ...]
    sources: dict[str, str]        # source id -> citation
    lookback: int                  # days of history any rule may need
    course: dict = field(default_factory=dict)  # measure -> ((from_day, highest usual), ...)


# -- loading and checking the rules --------------------------------------------------------
_RULE_KEYS = {"id", "severity", "title", "body", "sources", "when", "role", "superseded_by",
              "mark"}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def load_rules(path: Path | str = TIPS_FILE) -> Rulebook:
    """Read and check a tips file; KnowledgeError names the rule and what is wrong."""
    import journal.care.evidence  # noqa: F401 - adds the log-evidence conditions

    path = Path(path)
    data = read_knowledge_file(path, allowed_keys={"sources", "rule", "course"})
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
    ids = {r.id for r in rules}
    for rule in rules:
        missing = [i for i in rule.superseded_by if i not in ids or i == rule.id]
        if missing:
            raise KnowledgeError(f"{path.name}: rule {rule.id!r}: 'superseded_by' names unknown "
                                 f"or own rule id(s) {', '.join(missing)}")
        if "above_course" in _condition_keys(rule.when):
            for name in _course_names(rule.when):
                if name not in data.get("course", {}):
                    raise KnowledgeError(f"{path.name}: rule {rule.id!r}: 'above_course' needs "
                                         f"a [course] line for {name!r}")
    return Rulebook(tuple(rules), dict(sources), lookback, _check_course(data.get("course", {})))


def _condition_keys(when: dict) -> set[str]:
    keys = set(when)
    for table in when.get("any", []):
        keys |= _condition_keys(table)
    return keys


def _course_names(when: dict) -> set[str]:
    names = set(when.get("above_course", []))
    for table in when.get("any", []):
        names |= _course_names(table)
    return names


def _check_course(course) -> dict:
    """[course]: measure = [[from_day, highest usual], ...], from_day rising."""
    if not isinstance(course, dict):
        raise KnowledgeError("tips.toml: [course] must be a table of measures")
    checked = {}
    for name, steps in course.items():
        if name not in MEASURES:
            raise KnowledgeError(f"tips.toml: [course]: unknown rating {name!r}")
        if not isinstance(steps, list) or not steps or not all(
                isinstance(p, list) and len(p) == 2 for p in steps):
            raise KnowledgeError(f"tips.toml: [course] {name}: must be [[from_day, highest], ...]")
        pairs = tuple((_int(f"course.{name}", a), _int(f"course.{name}", b)) for a, b in steps)
        if [a for a, _ in pairs] != sorted({a for a, _ in pairs}):
            raise KnowledgeError(f"tips.toml: [course] {name}: days must rise")
        checked[name] = pairs
    return checked


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
    role = raw.get("role", "")
    if role and role not in ROLES:
        raise KnowledgeError(f"'role' must be one of {', '.join(ROLES)}, not {role!r}")
    superseded = raw.get("superseded_by", [])
    if not isinstance(superseded, list) or not all(isinstance(i, str) for i in superseded):
        raise KnowledgeError("'superseded_by' must be a list of rule ids")
    mark = raw.get("mark", "")
    if not isinstance(mark, str):
        raise KnowledgeError("'mark' must be a string")
    rule = Rule(id=raw["id"], severity=raw["severity"], title=raw["title"].strip(),
                body=" ".join(raw["body"].split()), sources=tuple(rule_sources), when=when,
                role=role, superseded_by=tuple(superseded), mark=mark.strip())
    return rule, needed


@functools.cache
def rulebook() -> Rulebook:
    """The rules from resources/tips.toml, loaded and checked once."""
    return load_rules(TIPS_FILE)
