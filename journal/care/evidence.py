"""Evidence from the patient's own log: which products went with more new spots, and
whether the current recovery is on course compared with earlier sessions.

Method (the README's Evidence section says the same for a statistician):

* Two windows are analysed separately: the recovery window (days 1-14 after a session)
  and the later days (day 15 on). The session day itself (day 0) is left out.
* Like is compared with like. In the recovery window a day is compared with the other
  days at the same Day N (spots peak on days 2-6 whatever the products); in the later
  days with the other later days after the same session. The strata are Day N and the
  session respectively.
* Each day's new-spot count becomes a residual: the count minus the median of the other
  days in its stratum (leave-one-out), i.e. "how much worse than usual for that Day N".
  The effect is the mean residual on days with the product minus that on days without.
* Significance: a stratified permutation test (use labels shuffled within strata, which
  is exact under "the product makes no difference"). With few days the permutation
  distribution is sampled (2,000 shuffles, fixed seed, so results are reproducible);
  with many days on both sides (30 or more) its exact mean and variance are used with
  the normal approximation (finite-population central limit theorem), which keeps a
  five-year journal fast.
* A verdict needs at least MIN_DAYS comparable days with and MIN_DAYS without the
  product in a window: below 5 and 5, even a perfect separation cannot reach the test's
  level (1 in C(8,4) = 70 arrangements > 1/80). "More" or "fewer" needs a one-sided
  p-value of at most ALPHA_ONE_SIDED (two windows x two directions, 0.05 overall) and a
  difference of at least MIN_EFFECT new spots a day, so tiny differences on long logs
  are not reported as findings.

The core (:func:`evaluate`, :func:`compare_course`) takes plain data; the functions that
read a journal are thin wrappers. No Qt here.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
import math
import statistics
from dataclasses import dataclass, field
from typing import Hashable, Iterable, Sequence
from pathlib import Path



class _LazyNumpy:
    """numpy on first use: the Today page's course line needs no numpy, and start-up must
    not pay for importing it."""

    def __getattr__(self, name):
        import numpy

        globals()["np"] = numpy
        return getattr(numpy, name)


np = _LazyNumpy()

from journal import format as fmt
from journal.care.ingredients import KnowledgeError, read_knowledge_file
from journal.models import CONTEXT, SYMPTOMS, day_since_session, session_numbers
from journal.resources import resource_path

VERDICTS = ("more", "fewer", "no clear difference", "not enough data")
VERDICT_TEXT = {
    "more": "went with more new spots",
    "fewer": "went with fewer new spots",
    "no clear difference": "no clear difference in new spots",
    "not enough data": "not enough data yet",
}
VERDICT_SHORT = {**VERDICT_TEXT, "no clear difference": "no clear difference"}
ASSOCIATION_NOTE = ("These comparisons come from your own log: they show what went together "
                    "on your days, not proof that a product caused it.")

MIN_DAYS = 5              # comparable days needed with AND without the item, per window
ALPHA_ONE_SIDED = 0.0125  # per window and direction: 2 windows x 2 directions = 0.05
MIN_EFFECT = 0.5          # new spots a day (same-Day-N difference) to call "more"/"fewer"
PERMUTATIONS = 2000
FIRST_ROUND = 200         # shuffles before the early stop is considered
EARLY_STOP = 25           # both directions this often as extreme in FIRST_ROUND: p > 0.1, stop
LARGE_SAMPLE = 30         # both sides at least this many days: normal approximation
RECOVERY_DAYS = (1, 14)
LATER_FROM = 15
EVENT_SPAN = 3            # logged days before/after a start or stop that are compared

COURSE_FILE = resource_path("expected_course.toml")
COURSE_MEASURES = ("breakouts", *SYMPTOMS)
COURSE_MAX_DAY = 14
RATING_MARGIN = 2         # points on a 0-10 scale: a meaningful change (Farrar 2001)
SPOT_MARGIN = 2           # new spots


@dataclass(frozen=True)
class WindowEvidence:
    """The comparison within one window (recovery days or later days)."""
    window: str                    # "recovery" or "later"
    label: str                     # "days 1-14 after sessions"
    verdict: str
    used_days: int                 # days with a spot count, with / without the item
    unused_days: int
    comparable_used: int           # of those, days in strata that have both sides
    comparable_unused: int
    spots_used: float | None       # mean new spots a day
    spots_unused: float | None
    redness_used: float | None
    redness_unused: float | None
    difference: float | None       # same-Day-N difference in new spots a day (used - unused)
    p_more: float | None           # one-sided p-values of the stratified permutation test
    p_fewer: float | None
    together_with: tuple[str, ...] = ()
    figures: str = ""


@dataclass(frozen=True)
class ProductEvidence:
    """What the log says about one product (or context item: makeup, sun, sweat)."""
    name: str
    product_id: int | None         # None for context items
    verdict: str                   # one of VERDICTS
    verdict_text: str              # plain words: "went with more new spots"
    figures: str                   # "2.5 vs 0.7 new spots a day, 11 vs 20 days, days 1-14 ..."
    together_with: tuple[str, ...] = ()
    key: Hashable = None           # product id, or "makeup" / "sun" / "sweat"
    windows: tuple[WindowEvidence, ...] = ()
    changes: str = ""              # "after starting it: +1.5 new spots a day (2 times); ..."
    p_value: float | None = None   # of the deciding window and direction
    details: str = ""              # the longer explanation for a tooltip

    @property
    def short_text(self) -> str:
        """For a table cell: "went with more new spots (always with X)"."""
        text = VERDICT_SHORT[self.verdict]
        if self.together_with and self.verdict != "not enough data":
            text += f" (always with {_together(self.together_with)})"
        return text

    @property
    def summary(self) -> str:
        """One line for scripts and tooltips: verdict words and figures."""
        return f"{self.verdict_text} ({self.figures})" if self.figures else self.verdict_text


@dataclass(frozen=True)
class DayRecord:
    """One logged day as plain data for the core."""
    date: dt.date
    day: int | None                # Day N since the latest session; None before any
    session: int | None            # 0-based chronological index of that session
    spots: int | None
    redness: int | None
    used: frozenset = frozenset()  # keys of items used (product ids, context names)


@dataclass(frozen=True)
class Item:
    key: Hashable
    name: str
    product_id: int | None


# -- the pure core ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Window:
    name: str
    label: str
    rows: tuple[int, ...]          # indices into the day list (days with a spot count)
    strata: np.ndarray             # stratum id per row (0..k-1)
    spots: np.ndarray
    residual: np.ndarray           # NaN where the stratum has a single day
    redness: np.ndarray            # NaN where not rated


def _windows(days: Sequence[DayRecord]) -> list[_Window]:
    result = []
    specs = (
        ("recovery", f"days {RECOVERY_DAYS[0]}-{RECOVERY_DAYS[1]} after sessions",
         lambda d: RECOVERY_DAYS[0] <= d.day <= RECOVERY_DAYS[1], lambda d: d.day),
        ("later", f"from day {LATER_FROM} after sessions",
         lambda d: d.day >= LATER_FROM, lambda d: d.session),
    )
    for name, label, inside, stratum_of in specs:
        rows = [i for i, d in enumerate(days)
                if d.day is not None and d.spots is not None and inside(d)]
        keys = sorted({stratum_of(days[i]) for i in rows})
        index = {k: n for n, k in enumerate(keys)}
        strata = np.array([index[stratum_of(days[i])] for i in rows], dtype=np.int64)
        spots = np.array([days[i].spots for i in rows], dtype=float)
        redness = np.array([np.nan if days[i].redness is None else days[i].redness for i in rows],
                           dtype=float)
        result.append(_Window(name, label, tuple(rows), strata, spots,
                              _loo_median_residuals(strata, spots), redness))
    return result


def _loo_median_residuals(strata: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each value minus the median of the other values in its stratum (NaN if alone)."""
    residual = np.full(len(values), np.nan)
    if not len(values):
        return residual
    order = np.argsort(strata, kind="stable")
    bounds = np.flatnonzero(np.diff(strata[order])) + 1
    for block in np.split(order, bounds):
        n = len(block)
        if n < 2:
            continue
        vals = values[block]
        sorted_vals = np.sort(vals)
        # Leaving out one value shifts the median of the rest by at most one position:
        # compute it from the sorted list with that value's rank removed.
        ranks = np.argsort(np.argsort(vals, kind="stable"), kind="stable")
        m = n - 1
        for j, (v, r) in enumerate(zip(vals, ranks)):
            rest_low = m // 2 if m % 2 else m // 2 - 1
            rest_high = m // 2
            lo = sorted_vals[rest_low if rest_low < r else rest_low + 1]
            hi = sorted_vals[rest_high if rest_high < r else rest_high + 1]
            residual[block[j]] = v - (lo + hi) / 2
    return residual


def _seed(key: Hashable, window: str) -> int:
    digest = hashlib.sha256(f"{key!r}/{window}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


def _permutation_p(residual: np.ndarray, strata: np.ndarray, used: np.ndarray,
                   seed: int) -> tuple[float, float]:
    """One-sided p-values (more, fewer) for the sum of residuals on used days, labels
    shuffled within strata. Only strata holding both used and unused days inform it."""
    size = int(strata.max()) + 1 if len(strata) else 0
    n = np.bincount(strata, minlength=size)
    k = np.bincount(strata, weights=used, minlength=size).astype(np.int64)
    mixed = (k > 0) & (k < n)
    keep = mixed[strata]
    if not keep.any():
        return 1.0, 1.0
    residual, strata, used = residual[keep], strata[keep], used[keep]
    observed = float(residual[used].sum())
    # Exact permutation mean and variance (sampling without replacement within strata).
    sums = np.bincount(strata, weights=residual, minlength=size)
    means = np.divide(sums, n, out=np.zeros(size), where=n > 0)
    squares = np.bincount(strata, weights=(residual - means[strata]) ** 2, minlength=size)
    n_m, k_m = n[mixed], k[mixed]
    mean = float((k_m * means[mixed]).sum())
    var = float((k_m * (n_m - k_m) / (n_m * (n_m - 1)) * squares[mixed]).sum())
    if var <= 1e-12:
        return 1.0, 1.0
    if min(k_m.sum(), (n_m - k_m).sum()) >= LARGE_SAMPLE:
        z = (observed - mean) / math.sqrt(var)
        return 0.5 * math.erfc(z / math.sqrt(2)), 0.5 * math.erfc(-z / math.sqrt(2))
    rng = np.random.default_rng(seed)
    order = np.argsort(strata, kind="stable")
    values = residual[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(strata[order])) + 1))
    counts = np.diff(np.concatenate((starts, [len(order)])))
    picked = np.add.reduceat(used[order].astype(np.int64), starts)
    # Draw the smaller side of each stratum; the used sum is the stratum total minus the
    # other side's when the unused days are fewer.
    side = np.minimum(picked, counts - picked)
    flip = side != picked
    fixed = np.add.reduceat(values, starts)[flip].sum()
    sign = np.where(flip, -1.0, 1.0)

    def shuffled_totals(rounds: int) -> np.ndarray:
        totals = np.full(rounds, fixed)
        for size in (1, 2):  # the common case on long logs: all such strata at once
            chosen = np.flatnonzero(side == size)
            if not len(chosen):
                continue
            first = rng.integers(0, counts[chosen], (rounds, len(chosen)))
            drawn = values[starts[chosen] + first]
            if size == 2:
                second = rng.integers(0, counts[chosen] - 1, (rounds, len(chosen)))
                second += second >= first
                drawn = drawn + values[starts[chosen] + second]
            totals += (drawn * sign[chosen]).sum(axis=1)
        for j in np.flatnonzero(side > 2):
            vals = values[starts[j]:starts[j] + counts[j]]
            picks = _sample_without_replacement(rng, rounds, int(counts[j]), int(side[j]))
            totals += vals[picks].sum(axis=1) * sign[j]
        return totals

    eps = 1e-9 * max(1.0, abs(observed))
    # Sequential Monte Carlo (Besag & Clifford 1991): a first tenth of the shuffles; when both
    # directions are already far from significant, stop there (most products: a fast "no").
    totals = shuffled_totals(FIRST_ROUND)
    at_least = np.count_nonzero(totals >= observed - eps)
    at_most = np.count_nonzero(totals <= observed + eps)
    if min(at_least, at_most) < EARLY_STOP:
        totals = shuffled_totals(PERMUTATIONS - FIRST_ROUND)
        at_least += np.count_nonzero(totals >= observed - eps)
        at_most += np.count_nonzero(totals <= observed + eps)
        rounds = PERMUTATIONS
    else:
        rounds = FIRST_ROUND
    return float((1 + at_least) / (rounds + 1)), float((1 + at_most) / (rounds + 1))


def _sample_without_replacement(rng, rounds: int, n: int, k: int) -> np.ndarray:
    """`rounds` rows of k distinct indices from range(n), uniformly."""
    if k * 4 <= n:  # few picks from many: draw with replacement, redraw rows with repeats
        picks = rng.integers(0, n, (rounds, k))
        while True:
            ordered = np.sort(picks, axis=1)
            bad = np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))
            if not len(bad):
                return picks
            picks[bad] = rng.integers(0, n, (len(bad), k))
    return np.argpartition(rng.random((rounds, n)), k - 1, axis=1)[:, :k]


def _mean(values: np.ndarray) -> float | None:
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else None


def _num(value: float | None) -> str:
    """A mean as the rest of the app writes numbers (journal.format, by locale): "2.5"."""
    if value is None:
        return "-"
    return fmt.number(0.0 if round(value, 1) == 0 else value, 1)   # never "-0.0"


def _signed(value: float) -> str:
    """A change with its sign: "+1.5", "-0.4", "0.0" (never "-0.0")."""
    if round(value, 1) == 0:
        return _num(0.0)
    return ("+" if value > 0 else "-") + _num(abs(value))


def _days(n: int) -> str:
    return fmt.plural(n, "day")


def _assess_window(win: _Window, item: Item, used: np.ndarray) -> WindowEvidence:
    n_used = int(used.sum())
    n_unused = len(used) - n_used
    if len(used):
        size = int(win.strata.max()) + 1
        per_stratum = np.bincount(win.strata, minlength=size)
        used_per_stratum = np.bincount(win.strata, weights=used, minlength=size)
        mixed = ((used_per_stratum > 0) & (used_per_stratum < per_stratum))[win.strata]
    else:
        mixed = np.zeros(0, dtype=bool)
    valid = mixed & ~np.isnan(win.residual)
    c_used = int((used & valid).sum())
    c_unused = int((~used & valid).sum())
    spots_used = _mean(win.spots[used]) if n_used else None
    spots_unused = _mean(win.spots[~used]) if n_unused else None
    red_used = _mean(win.redness[used]) if n_used else None
    red_unused = _mean(win.redness[~used]) if n_unused else None
    difference = p_more = p_fewer = None
    if c_used and c_unused:
        difference = float(win.residual[used & valid].mean() - win.residual[~used & valid].mean())
    if c_used >= MIN_DAYS and c_unused >= MIN_DAYS:
        p_more, p_fewer = _permutation_p(win.residual[valid], win.strata[valid], used[valid],
                                         _seed(item.key, win.name))
        if p_more <= ALPHA_ONE_SIDED and difference >= MIN_EFFECT:
            verdict = "more"
        elif p_fewer <= ALPHA_ONE_SIDED and difference <= -MIN_EFFECT:
            verdict = "fewer"
        else:
            verdict = "no clear difference"
    else:
        verdict = "not enough data"
    figures = _window_figures(win, verdict, n_used, n_unused, c_used, c_unused,
                              spots_used, spots_unused)
    return WindowEvidence(win.name, win.label, verdict, n_used, n_unused, c_used, c_unused,
                          spots_used, spots_unused, red_used, red_unused, difference,
                          p_more, p_fewer, figures=figures)


def _window_figures(win, verdict, n_used, n_unused, c_used, c_unused, s_used, s_unused) -> str:
    if n_used + n_unused == 0:
        return f"no new-spot counts in {win.label} yet"
    if n_used == 0:
        return f"not used in {win.label}"
    if n_unused == 0:
        return f"used on all {_days(n_used)} logged, {win.label}: none without it to compare"
    text = (f"{_num(s_used)} vs {_num(s_unused)} new spots a day, "
            f"{fmt.number(n_used)} vs {_days(n_unused)}, {win.label}")
    if verdict == "not enough data":
        same = "at the same day after a session" if win.name == "recovery" else \
            "after the same session"
        if min(c_used, c_unused) == 0:
            text += f"; never both with and without it {same}, so nothing like-for-like to compare"
        else:
            text += (f"; only {fmt.number(c_used)} with and {fmt.number(c_unused)} without it "
                     f"{same} (at least {fmt.number(MIN_DAYS)} of each needed)")
    return text


def _changes(step_ok: np.ndarray, residual: np.ndarray, used: np.ndarray) -> str:
    """Mean change in same-Day-N new spots over the EVENT_SPAN logged days after a start
    or stop compared with the EVENT_SPAN before. `step_ok[i]`: day i follows day i-1
    closely enough (at most 2 days apart) to count as a change."""
    if len(used) < 2:
        return ""
    switch = np.flatnonzero((used[1:] != used[:-1]) & step_ok[1:]) + 1
    if not len(switch):
        return ""
    known = ~np.isnan(residual)
    csum = np.concatenate(([0.0], np.cumsum(np.where(known, residual, 0.0))))
    ccount = np.concatenate(([0], np.cumsum(known)))
    end = np.minimum(switch + EVENT_SPAN, len(used))
    begin = np.maximum(switch - EVENT_SPAN, 0)
    after_n = ccount[end] - ccount[switch]
    prior_n = ccount[switch] - ccount[begin]
    ok = (after_n > 0) & (prior_n > 0)
    change = np.zeros(len(switch))
    change[ok] = ((csum[end] - csum[switch])[ok] / after_n[ok]
                  - (csum[switch] - csum[begin])[ok] / prior_n[ok])
    started = used[switch]
    parts = []
    for what, mask in (("starting", started & ok), ("stopping", ~started & ok)):
        count = int(mask.sum())
        if count:
            times = "once" if count == 1 else f"{fmt.number(count)} times"
            parts.append(f"after {what} it: {_signed(float(change[mask].mean()))} new spots a day "
                         f"compared with the days before ({times})")
    return "; ".join(parts)


NO_SESSION = "no session recorded yet: the comparison uses the days after a session"


def evaluate(days: Sequence[DayRecord], items: Sequence[Item]) -> list[ProductEvidence]:
    """The evidence for each item, best evidence first (the pure core)."""
    days = sorted(days, key=lambda d: d.date)
    no_session = bool(days) and all(d.day is None for d in days)
    windows = _windows(days)
    residual = np.full(len(days), np.nan)
    for win in windows:
        residual[list(win.rows)] = win.residual
    ordinals = np.array([d.date.toordinal() for d in days], dtype=np.int64)
    step_ok = np.concatenate(([False], np.diff(ordinals) <= 2)) if len(days) else np.zeros(0, bool)
    # One boolean matrix day x item, filled from the (short) use lists of each day.
    column = {item.key: n for n, item in enumerate(items)}
    matrix = np.zeros((len(days), len(items)), dtype=bool)
    for row, day in enumerate(days):
        for key in day.used:
            n = column.get(key)
            if n is not None:
                matrix[row, n] = True
    names = [item.name for item in items]
    # Which items share exactly the same days in each window (excluding never/always).
    groups: dict[str, dict[bytes, list[int]]] = {}
    for win in windows:
        sub = matrix[list(win.rows)] if win.rows else np.zeros((0, len(items)), bool)
        groups[win.name] = {}
        for n in range(len(items)):
            used = sub[:, n]
            if used.any() and not used.all():
                groups[win.name].setdefault(np.packbits(used).tobytes(), []).append(n)
    subs = {win.name: matrix[list(win.rows)] if win.rows else np.zeros((0, len(items)), bool)
            for win in windows}
    result = []
    for n, item in enumerate(items):
        assessed = []
        for win in windows:
            used = subs[win.name][:, n]
            found = _assess_window(win, item, used)
            if used.any() and not used.all():
                mates = groups[win.name][np.packbits(used).tobytes()]
                together = tuple(sorted((names[m] for m in mates if m != n), key=str.casefold))
                if together:
                    found = _replace(found, together_with=together)
            assessed.append(found)
        found = _combine(item, assessed, _changes(step_ok, residual, matrix[:, n]))
        if no_session:
            found = _replace(found, figures=NO_SESSION, details=NO_SESSION[:1].upper()
                             + NO_SESSION[1:] + ".")
        result.append(found)
    rank = {v: i for i, v in enumerate(VERDICTS)}
    result.sort(key=lambda e: (rank[e.verdict], e.p_value if e.p_value is not None else 2.0,
                               e.name.casefold()))
    return result


def _replace(obj, **changes):
    from dataclasses import replace

    return replace(obj, **changes)


def _combine(item: Item, windows: list[WindowEvidence], changes: str) -> ProductEvidence:
    decided = [w for w in windows if w.verdict in ("more", "fewer")]
    if decided:
        chosen = min(decided, key=lambda w: w.p_more if w.verdict == "more" else w.p_fewer)
        p_value = chosen.p_more if chosen.verdict == "more" else chosen.p_fewer
    else:
        tested = [w for w in windows if w.verdict == "no clear difference"]
        chosen = tested[0] if tested else _most_data(windows)
        p_value = min(chosen.p_more, chosen.p_fewer) if tested else None
    verdict = chosen.verdict
    text = VERDICT_TEXT[verdict]
    figures = chosen.figures
    if all(w.unused_days == 0 for w in windows) and any(w.used_days for w in windows):
        total = sum(w.used_days for w in windows)
        figures = (f"used on every logged day after sessions ({fmt.number(total)}), so there are no days "
                   f"without it to compare")
    together = chosen.together_with
    if together and verdict != "not enough data":
        text += f" — always used together with {_together(together)}, so the log can't tell them apart"
    lines = [f"With it vs without it: {figures}." if figures[:1].isdigit() else
             figures[:1].upper() + figures[1:] + "."]
    if figures == chosen.figures:
        lines += [f"Also: {w.figures}." if w.figures[:1].isdigit() else
                  w.figures[:1].upper() + w.figures[1:] + "."
                  for w in windows if w is not chosen and w.used_days]
    if chosen.difference is not None and verdict in ("more", "fewer", "no clear difference"):
        against = ("the same day after other sessions" if chosen.window == "recovery"
                   else "other later days after the same session")
        lines.append(f"Against {against}: {_signed(chosen.difference)} new spots a day with it.")
    redness = (chosen.redness_used, chosen.redness_unused)
    if None not in redness:
        lines.append(f"Redness {_num(redness[0])} vs {_num(redness[1])} (0-10).")
    if changes:
        lines.append(changes[0].upper() + changes[1:] + ".")
    details = "\n".join(lines)
    return ProductEvidence(
        name=item.name, product_id=item.product_id, verdict=verdict, verdict_text=text,
        figures=figures, together_with=together, key=item.key, windows=tuple(windows),
        changes=changes, p_value=p_value, details=details)


def _most_data(windows: list[WindowEvidence]) -> WindowEvidence:
    return max(windows, key=lambda w: (min(w.comparable_used, w.comparable_unused),
                                       w.used_days, w.window == "recovery"))


def _and(names: Sequence[str]) -> str:
    return fmt.join(names)


def _together(names: Sequence[str]) -> str:
    """The names in a sentence: a context item as words ("makeup", not "Wore makeup")."""
    from journal.models import CONTEXT

    phrase = {label: label.lower() for label in CONTEXT.values()}
    phrase[CONTEXT["makeup"]] = "makeup"
    return _and([phrase.get(name, name) for name in names])


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
    digest of the log (Journal.days_digest), the period, the locale and this module's source,
    so a fresh process (`tips`, the next start, the report) reads it (~0.03 s) instead of
    working it out again (~0.6 s on five years). The last KEEP periods are kept (the whole
    log for the tips, the report's periods): one would be thrown out by the next report.
    Any change to the log changes the digest; a file that cannot be read or written is only
    a cache missed."""

    NAME = "evidence.json"
    KEEP = 4

    def __init__(self, journal, start, end, used_only: bool = False):
        self.path = self.key = None
        data_dir = getattr(journal, "data_dir", None)
        if data_dir is None or not hasattr(journal, "days_digest"):
            return
        self.path = Path(data_dir) / "cache" / self.NAME
        source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
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
        import os
        import tempfile

        # Another period's evidence stays (the same period's, of an older log, goes).
        others = [k for k in self._read()
                  if isinstance(k.get("key"), list) and k["key"][1:] != self.key[1:]]
        mine = {"key": self.key, "evidence": [dataclasses.asdict(e) for e in result]}
        text = json.dumps({"kept": [mine, *others][:self.KEEP]})
        try:
            self.path.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".evidence-", dir=self.path.parent)  # owner-only
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(tmp, self.path)  # whole or not at all, whoever reads it meanwhile
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass  # a read-only or full disk: the next run works it out again


def _evidence_from(item: dict) -> ProductEvidence:
    windows = tuple(WindowEvidence(**{**w, "together_with": tuple(w["together_with"])})
                    for w in item["windows"])
    return ProductEvidence(**{**item, "together_with": tuple(item["together_with"]),
                              "windows": windows})


def evidence_for(journal, product_id: int | None = None, key: Hashable = None):
    """The evidence of one product (by id) or context item (by key); None if unknown."""
    wanted = product_id if key is None else key
    for evidence in product_evidence(journal):
        if evidence.key == wanted:
            return evidence
    return None


def strongest_more(journal) -> ProductEvidence | None:
    """The item with the strongest "more" evidence, or None."""
    found = [e for e in product_evidence(journal) if e.verdict == "more"]
    return found[0] if found else None


# -- is this recovery on course? -----------------------------------------------------------------
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
    from journal.care.rules import rulebook

    ranges: dict[str, tuple[int, int]] = {}
    for row in expected_course():
        if row.first_day <= day <= row.last_day:
            ranges.update(row.ranges)
    for measure, steps in rulebook().course.items():
        highest = None
        for from_day, level in steps:
            if day >= from_day:
                highest = level
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
        earlier_values = _and([f"{v}" for _, _, v in before])
        parts.append(f"{_measure_word(measure).lower()} {value} (then {earlier_values})")
    text = (f"Day {day} is about the same as day {day} after {_and(sessions)}: "
            + ", ".join(parts) + ".")
    return CourseComparison(**base, text=text, earlier=())


def _earlier_list(before) -> str:
    return _and([f"{fmt.session_label(n, d, capital=False)}: {v}" for n, d, v in before])


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


# -- conditions for the tips (resources/tips.toml) -----------------------------------------------
def _when_log_evidence(spec, facts, rule_when):
    """Holds when the log has a product (or context item) that went with more new spots; the
    reason names the strongest, with its figures, and when it was last used."""
    if facts.journal is None:
        return None
    found = [e for e in product_evidence(facts.journal) if e.verdict == "more"]
    if not found:
        return None
    best = found[0]
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

    for name, evaluate in (("log_evidence", _when_log_evidence),
                           ("worse_than_before", _when_worse_than_before)):
        if name not in conditions._CHECKERS:
            conditions.add_condition(name, conditions._check_true, evaluate)


_register_tip_conditions()
