"""Is this recovery on course? A logged day compared with the same Day N after earlier
sessions and with the usual range for that day (resources/expected_course.toml and the
[course] table of resources/tips.toml): :func:`course_comparison` reads a journal, the pure
:func:`compare_course` takes plain data. Used by Today's course line, the tips (the
worse_than_before condition, journal/care/evidence.py) and the brief. No Qt here.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Sequence

from journal import format as fmt
from journal.care.ingredients import KnowledgeError, read_knowledge_file
from journal.models import SYMPTOMS, day_since_session, session_numbers
from journal.resources import resource_path

COURSE_FILE = resource_path("expected_course.toml")
COURSE_MEASURES = ("breakouts", *SYMPTOMS)
COURSE_MAX_DAY = 14
RATING_MARGIN = 2         # points on a 0-10 scale: a meaningful change (Farrar 2001)
SPOT_MARGIN = 2           # new spots


@dataclass(frozen=True)
class CourseRange:
    first_day: int
    last_day: int
    ranges: dict                    # measure -> (low, high)


@dataclass(frozen=True)
class CourseComparison:
    """How one logged day compares with earlier sessions at the same Day N."""
    date: dt.date
    day: int
    session_number: int             # chronological over all sessions, 1 = earliest
    text: str | None                # one line, or None when it says nothing
    clearly_worse: bool = False
    measure: str | None = None      # the measure the line is about
    value: int | None = None
    earlier: tuple[tuple[int, dt.date, int], ...] = ()   # (session number, date, value)
    expected: tuple[int, int] | None = None             # the usual range for that day
    above_expected: bool = False
    higher_than_earlier: bool = False


FILE_MEASURES = ("breakouts", "itch", "dryness")   # the rest: tips.toml [course]


@functools.lru_cache(maxsize=4)
def expected_course(path=COURSE_FILE) -> tuple[CourseRange, ...]:
    """The usual ranges by day after a session of new spots, itch and dryness
    (resources/expected_course.toml)."""
    data = read_knowledge_file(path, allowed_keys={"day", "sources", "note"})
    sources = data.get("sources", {})
    rows = []
    for index, raw in enumerate(data.get("day", []), start=1):
        label = f"{path.name}: day range #{index}"
        try:
            first, last = raw["from"], raw["to"]
            ranges = {m: tuple(raw[m]) for m in FILE_MEASURES}
        except (KeyError, TypeError) as exc:
            raise KnowledgeError(f"{label}: missing {exc}") from None
        for m, pair in ranges.items():
            if len(pair) != 2 or not 0 <= pair[0] <= pair[1]:
                raise KnowledgeError(f"{label}: {m} must be [low, high]")
        cited = raw.get("sources")
        if not cited or any(c not in sources for c in cited):
            raise KnowledgeError(f"{label}: needs sources listed in [sources]")
        rows.append(CourseRange(first, last, ranges))
    if not rows:
        raise KnowledgeError(f"{path.name}: needs at least one [[day]]")
    return tuple(rows)


def usual_ranges(day: int) -> dict[str, tuple[int, int]]:
    """The usual range of each measure on a Day N: new spots, itch and dryness from
    expected_course.toml; redness, swelling and pain from the one [course] table the tips use
    (resources/tips.toml), so the two never disagree. A measure without a bound is left out."""
    from journal.care.conditions import usual_highest
    from journal.care.rules import rulebook

    ranges: dict[str, tuple[int, int]] = {}
    for row in expected_course():
        if row.first_day <= day <= row.last_day:
            ranges.update(row.ranges)
    for measure, steps in rulebook().course.items():
        highest = usual_highest(steps, day)
        if highest is not None:
            ranges[measure] = (0, highest)
    return ranges


_MEASURE_WORDS = {"breakouts": "New spots", "dryness": "Dryness/peeling"}


def _measure_word(measure: str) -> str:
    return _MEASURE_WORDS.get(measure, measure.capitalize())


def _state(measure: str, value: int, day: int) -> str:
    """'Redness on day 4 is 7' / '6 new spots on day 5'."""
    if measure == "breakouts":
        return f"{fmt.plural(value, 'new spot')} on day {fmt.number(day)}"
    return f"{_measure_word(measure)} on day {fmt.number(day)} is {fmt.number(value)}"


def _more(measure: str) -> str:
    return "more" if measure == "breakouts" else "higher"


def _less(measure: str) -> str:
    return "fewer" if measure == "breakouts" else "lower"


def compare_course(day: int, session_number: int, date: dt.date, values: dict,
                   earlier: Sequence[tuple[int, dt.date, dict]],
                   usual: dict | None = None) -> CourseComparison | None:
    """The pure comparison: `values` of this day (measure -> value or None); `earlier` the
    same Day N of earlier sessions as (session number, session date, values), newest first;
    `usual` the usual (low, high) of each measure on that day (:func:`usual_ranges`)."""
    if day is None or day < 0 or day > COURSE_MAX_DAY:
        return None
    usual = usual or {}
    findings = []
    for measure in COURSE_MEASURES:
        value = values.get(measure)
        if value is None:
            continue
        margin = SPOT_MARGIN if measure == "breakouts" else RATING_MARGIN
        before = [(n, d, v[measure]) for n, d, v in earlier if v.get(measure) is not None]
        higher = bool(before) and all(value >= b + margin for _, _, b in before)
        lower = bool(before) and all(value <= b - margin for _, _, b in before)
        rng = usual.get(measure)
        above = rng is not None and value > rng[1]
        findings.append((measure, value, tuple(before), higher, lower, above, rng))
    if not findings:
        return None
    base = dict(date=date, day=day, session_number=session_number)
    # Worst first: higher than every earlier session (by the biggest margin), then above
    # the usual range; then better than every earlier session; then "in line".
    def excess(f):
        measure, value, before, *_ = f
        return value - max(b for _, _, b in before) if before else 0

    worse = [f for f in findings if f[3]]
    if worse:
        measure, value, before, _, _, above, rng = max(worse, key=excess)
        text = (f"{_state(measure, value, day)}, {_more(measure)} than on day {day} "
                f"after {_earlier_list(before)}")
        if above:
            text += f", and above the usual range for that day ({rng[0]}-{rng[1]})"
        return CourseComparison(**base, text=text + ".", clearly_worse=above, measure=measure,
                                value=value, earlier=before, expected=rng, above_expected=above,
                                higher_than_earlier=True)
    above_only = [f for f in findings if f[5]]
    if above_only:
        measure, value, before, _, _, _, rng = max(above_only, key=lambda f: f[1] - f[6][1])
        text = f"{_state(measure, value, day)}, above the usual range " \
               f"for that day ({rng[0]}-{rng[1]})"
        if before:
            text += f"; about the same as after {_earlier_list(before)}"
        # With no earlier session, above the usual course is all there is to compare with.
        return CourseComparison(**base, text=text + ".", clearly_worse=not before,
                                measure=measure, value=value, earlier=before, expected=rng,
                                above_expected=True)
    with_before = [f for f in findings if f[2]]
    if not with_before:
        return CourseComparison(**base, text=None)
    better = [f for f in findings if f[4]]
    sessions = _earlier_sessions(with_before)
    if better:
        measure, value, before, *_ = min(better, key=lambda f: f[1] - min(b for *_, b in f[2]))
        text = (f"{_state(measure, value, day)}, {_less(measure)} than on day {day} "
                f"after {_earlier_list(before)}.")
        return CourseComparison(**base, text=text, measure=measure, value=value, earlier=before)
    # Nothing clearly higher or lower: show new spots and redness beside the earlier values.
    shown = [f for f in with_before if f[0] in ("breakouts", "redness")] or with_before[:1]
    parts = []
    for measure, value, before, *_ in shown:
        earlier_values = fmt.join([f"{v}" for _, _, v in before])
        parts.append(f"{_measure_word(measure).lower()} {value} (then {earlier_values})")
    text = (f"Day {day} is about the same as day {day} after {fmt.join(sessions)}: "
            + ", ".join(parts) + ".")
    return CourseComparison(**base, text=text, earlier=())


def _earlier_list(before) -> str:
    return fmt.join([f"{fmt.session_label(n, d, capital=False)}: {v}" for n, d, v in before])


def _earlier_sessions(findings) -> list[str]:
    seen = {}
    for f in findings:
        for n, d, _ in f[2]:
            seen[n] = fmt.session_label(n, d, capital=False)
    return [seen[n] for n in sorted(seen, reverse=True)]


def course_comparison(journal, date: dt.date, entry=None) -> CourseComparison | None:
    """Compare the logged day `date` with earlier sessions at the same Day N and with the
    usual course; None when there is nothing to compare (no session, day > 14, not logged).
    `entry` stands in for the stored day (the tips pass the Today page's unsaved form)."""
    sessions = journal.sessions()
    dates = [s.date for s in sessions]
    day = day_since_session(date, dates)
    if day is None or day > COURSE_MAX_DAY:
        return None
    entry = entry if entry is not None else journal.entry(date)
    if entry is None:
        return None
    numbers = session_numbers(sessions)          # the report's numbers, 1 = earliest
    index = bisect.bisect_right(dates, date) - 1
    earlier = []
    for position in range(index - 1, -1, -1):    # earlier sessions, newest first
        session = sessions[position]
        next_date = dates[position + 1]
        same_day = session.date + dt.timedelta(days=day)
        if same_day >= next_date:
            continue                             # a later session started before that Day N
        other = journal.entry(same_day)
        if other is not None:
            earlier.append((numbers[session.id], session.date, _values(other)))
    return compare_course(day, numbers[sessions[index].id], date, _values(entry), earlier[:3],
                          usual_ranges(day))


def _values(entry) -> dict:
    return {m: getattr(entry, m) for m in COURSE_MEASURES}
