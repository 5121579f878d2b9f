"""The pure statistical core of the evidence: from plain day records (DayRecord) and items
(Item) to a verdict per item (ProductEvidence) by :func:`evaluate`. No journal, no Qt here;
journal/care/evidence.py reads a journal into these records and keeps the results.

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
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from typing import Hashable, Sequence


class _LazyNumpy:
    """numpy on first use: the tips import this module (through journal/care/evidence.py)
    when they load their rules, and neither they nor start-up must pay for importing numpy."""

    def __getattr__(self, name):
        import numpy

        globals()["np"] = numpy
        return getattr(numpy, name)


np = _LazyNumpy()

from journal import format as fmt

VERDICTS = ("more", "fewer", "no clear difference", "not enough data")
VERDICT_TEXT = {
    "more": "went with more new spots",
    "fewer": "went with fewer new spots",
    "no clear difference": "no clear difference in new spots",
    "not enough data": "not enough data yet",
}
VERDICT_SHORT = {**VERDICT_TEXT, "no clear difference": "no clear difference"}

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


def _together(names: Sequence[str]) -> str:
    """The names in a sentence: a context item as words ("makeup", not "Wore makeup")."""
    from journal.models import CONTEXT

    phrase = {label: label.lower() for label in CONTEXT.values()}
    phrase[CONTEXT["makeup"]] = "makeup"
    return fmt.join([phrase.get(name, name) for name in names])

