"""Evidence from the patient's own log: which products went with more new spots.

This module reads a journal into plain records for the pure core (journal/care/permutation.py,
where the method is described: windows, like-for-like residuals, the stratified permutation
test), keeps the results between runs (cache/evidence.json), prints them for the command line
and adds the tip conditions that read the log (its evidence, and whether the recovery is on
course: journal/care/course.py). No Qt here.
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from typing import Hashable, Sequence
from pathlib import Path

from journal import format as fmt
from journal.care import permutation
from journal.care.course import course_comparison
from journal.care.permutation import (
    RECOVERY_DAYS, DayRecord, Item, ProductEvidence, WindowEvidence, evaluate,
)
from journal.models import CONTEXT, day_since_session

ASSOCIATION_NOTE = ("These comparisons come from your own log: they show what went together "
                    "on your days, not proof that a product caused it.")


# -- reading a journal -------------------------------------------------------------------------
def day_records(journal, start: dt.date | None = None, end: dt.date | None = None,
                entries=None) -> list[DayRecord]:
    """The journal's days as plain records for :func:`evaluate`."""
    session_dates = [s.date for s in journal.sessions()]
    entries = journal.entries(start, end) if entries is None else entries
    records = []
    for entry in entries:
        day = day_since_session(entry.date, session_dates)
        session = bisect.bisect_right(session_dates, entry.date) - 1 if day is not None else None
        used = set(entry.product_ids)
        used.update(name for name in CONTEXT if getattr(entry, name))
        records.append(DayRecord(entry.date, day, session, entry.breakouts, entry.redness,
                                 frozenset(used)))
    return records


def journal_items(journal) -> list[Item]:
    items = [Item(p.id, p.name, p.id) for p in journal.products()]
    items += [Item(name, label, None) for name, label in CONTEXT.items()]
    return items


_CACHE: dict = {}


def product_evidence(journal, start: dt.date | None = None, end: dt.date | None = None,
                     used_only: bool = False) -> list[ProductEvidence]:
    """One ProductEvidence per product and context item, best evidence first.

    With `used_only`, only the products used in the range (and the context items): the
    others' rows would say "not enough data" and change no other row (the report lists the
    period's products; three months of five years use a fifth of the shelf).
    Cached per journal, range and data version (any write elsewhere changes it)."""
    stamp = (id(journal), str(getattr(journal, "db_path", "")), start, end, used_only,
             journal.conn.total_changes, journal.data_version())
    cached = _CACHE.get(("evidence", used_only))
    if cached and cached[0] == stamp:
        return list(cached[1])
    kept = _Kept(journal, start, end, used_only)
    result = kept.load()
    if result is None:
        days = day_records(journal, start, end)
        items = journal_items(journal)
        if used_only:
            used = set().union(*(d.used for d in days))
            items = [i for i in items if i.product_id is None or i.key in used]
        result = evaluate(days, items)
        kept.save(result)
    _CACHE[("evidence", used_only)] = (stamp, result)
    return list(result)


class _Kept:
    """The last evidence worked out, kept in the journal folder (cache/evidence.json) under a
    digest of the log (Journal.days_digest), the period, the locale and the source of this
    module and of the method's (journal/care/permutation.py), so a fresh process (`tips`, the
    next start, the report) reads it (~0.03 s) instead of working it out again (~0.6 s on five
    years). The last KEEP periods are kept (the whole log for the tips, the report's periods):
    one would be thrown out by the next report. Any change to the log changes the digest; a
    file that cannot be read or written is only a cache missed."""

    NAME = "evidence.json"
    KEEP = 4

    def __init__(self, journal, start, end, used_only: bool = False):
        self.path = self.key = None
        data_dir = getattr(journal, "data_dir", None)
        if data_dir is None or not hasattr(journal, "days_digest"):
            return
        self.path = Path(data_dir) / "cache" / self.NAME
        source = hashlib.sha256(Path(__file__).read_bytes()
                                + Path(permutation.__file__).read_bytes()).hexdigest()
        self.key = [journal.days_digest(), str(start), str(end), fmt.current_locale(), source]
        if used_only:   # (a key as before for the whole list: kept files stay good)
            self.key.append("used only")

    def load(self) -> list[ProductEvidence] | None:
        if self.path is None:
            return None
        for kept in self._read():
            try:
                if kept.get("key") == self.key:
                    return [_evidence_from(item) for item in kept["evidence"]]
            except (ValueError, TypeError, KeyError, AttributeError):
                return None
        return None

    def _read(self) -> list:
        """The kept periods, newest first ([] for a missing or damaged file)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            kept = data.get("kept") if isinstance(data, dict) else None
            return [k for k in kept if isinstance(k, dict)] if isinstance(kept, list) else []
        except (OSError, ValueError, TypeError, AttributeError):
            return []

    def save(self, result: list[ProductEvidence]) -> None:
        if self.path is None:
            return
        import dataclasses

        from journal.paths import write_whole

        # Another period's evidence stays (the same period's, of an older log, goes).
        others = [k for k in self._read()
                  if isinstance(k.get("key"), list) and k["key"][1:] != self.key[1:]]
        mine = {"key": self.key, "evidence": [dataclasses.asdict(e) for e in result]}
        text = json.dumps({"kept": [mine, *others][:self.KEEP]})
        try:
            write_whole(self.path, text.encode("utf-8"))  # whoever reads it meanwhile: whole
        except OSError:
            pass  # a read-only or full disk: the next run works it out again


def _evidence_from(item: dict) -> ProductEvidence:
    windows = tuple(WindowEvidence(**{**w, "together_with": tuple(w["together_with"])})
                    for w in item["windows"])
    return ProductEvidence(**{**item, "together_with": tuple(item["together_with"]),
                              "windows": windows})


def strongest_more(journal) -> ProductEvidence | None:
    """The item with the strongest "more" evidence, or None."""
    found = [e for e in product_evidence(journal) if e.verdict == "more"]
    return found[0] if found else None


# -- command line ----------------------------------------------------------------------------
def evidence_dict(evidence: ProductEvidence) -> dict:
    """One item as plain JSON-ready data (the `evidence --json` objects)."""
    return {
        "name": evidence.name,
        "product_id": evidence.product_id,
        "context": evidence.key if evidence.product_id is None else None,
        "verdict": evidence.verdict,
        "verdict_text": evidence.verdict_text,
        "figures": evidence.figures,
        "together_with": list(evidence.together_with),
        "p_value": None if evidence.p_value is None else round(evidence.p_value, 4),
        "changes": evidence.changes,
        "windows": [
            {"window": w.window, "label": w.label, "verdict": w.verdict,
             "used_days": w.used_days, "unused_days": w.unused_days,
             "comparable_used_days": w.comparable_used,
             "comparable_unused_days": w.comparable_unused,
             "spots_used": _round(w.spots_used), "spots_unused": _round(w.spots_unused),
             "redness_used": _round(w.redness_used), "redness_unused": _round(w.redness_unused),
             "same_day_difference": _round(w.difference),
             "together_with": list(w.together_with)}
            for w in evidence.windows
        ],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def print_evidence(journal, args) -> int:
    """`python main.py evidence [--json]`: one line per product (name, verdict, figures),
    tab-separated; the association note goes to stderr so that scripts get rows only."""
    import json
    import sys

    found = product_evidence(journal)
    if getattr(args, "json", False):
        from journal.terminal import BIDI_AND_SEPARATORS, INVISIBLE

        text = json.dumps([evidence_dict(e) for e in found], ensure_ascii=False, indent=2)
        # JSON escapes control characters itself; bidi and invisible ones too, so the output
        # reads as it is on a terminal (the parsed names are unchanged).
        hidden = BIDI_AND_SEPARATORS | INVISIBLE
        print("".join(f"\\u{ord(c):04x}" if c in hidden else c for c in text))
        return 0
    from journal.terminal import safe

    for e in found:  # a name can hold anything an old journal or another tool stored
        print(f"{safe(e.name)}\t{safe(e.verdict_text)}\t{safe(e.figures)}")
    print(ASSOCIATION_NOTE, file=sys.stderr)
    return 0


# -- for charts ------------------------------------------------------------------------------------
def spots_by_day(records: Sequence[DayRecord], key: Hashable,
                 days: tuple[int, int] = RECOVERY_DAYS) -> list[tuple]:
    """(day, mean new spots with the item, days with, mean without, days without) for each
    Day N in `days`: the per-product chart on the Trends page."""
    sums = {d: [0, 0, 0, 0] for d in range(days[0], days[1] + 1)}
    for record in records:
        if record.day is None or record.spots is None or record.day not in sums:
            continue
        cell = sums[record.day]
        side = 0 if key in record.used else 2
        cell[side] += record.spots
        cell[side + 1] += 1
    return [(d, s[0] / s[1] if s[1] else None, s[1], s[2] / s[3] if s[3] else None, s[3])
            for d, s in sums.items()]


# -- conditions for the tips (resources/tips.toml): the log's evidence and its course ------------
def _when_log_evidence(spec, facts, rule_when):
    """Holds when the log has a product (or context item) that went with more new spots; the
    reason names the strongest, with its figures, and when it was last used."""
    if facts.journal is None:
        return None
    best = strongest_more(facts.journal)
    if best is None:
        return None
    reason = f"In your log, {best.name} {best.verdict_text} ({best.figures})"
    if best.product_id is not None:
        recent = sorted(d for d, entry in facts.entries.items()
                        if facts.date - dt.timedelta(days=3) <= d <= facts.date
                        and best.product_id in entry.product_ids)
        if recent:
            reason += f"; used on {facts.when_list(recent)}"
    return [reason]


def _when_worse_than_before(spec, facts, rule_when):
    """Holds when today is higher than on the same Day N after every earlier session (by a
    meaningful margin) and above the usual range for that day; the reason says by how much."""
    if facts.journal is None or facts.today is None:
        return None
    found = course_comparison(facts.journal, facts.date, entry=facts.today)
    if found is None or not (found.higher_than_earlier and found.above_expected):
        return None
    return [found.text.rstrip(".")]


def _register_tip_conditions() -> None:
    from journal.care import conditions

    for name, evaluator in (("log_evidence", _when_log_evidence),
                            ("worse_than_before", _when_worse_than_before)):
        if name not in conditions._CHECKERS:
            conditions.add_condition(name, conditions._check_true, evaluator)


_register_tip_conditions()
