"""Series for the Trends charts and the per-session summary: pure functions, no Qt, no matplotlib.

Everything here works on calendar days. A series holds one slot per calendar day of its
range, and a day with no entry (or a symptom not rated that day) is ``None`` - never 0 -
so a chart shows a forgotten evening as a gap rather than as a good day.

"Day N" of a date is ``journal.models.day_since_session``: days since the latest session on
or before it (0 = the session day). Dates before the first session have no day, and a day
belongs to one session only: when two sessions are a day apart, the first one's curve stops
at its day 0.

The rolling mean (``rolling_mean``) is centred on each day and spans calendar days, not
entries: the 3-day mean of a date is the mean of the values logged on the day before, the
day itself and the day after, counting only the days that have a value; it is ``None`` when
none of the three has one. So it never averages entries that lie weeks apart across a gap,
and a gap of three or more days stays a gap.

Typical use (one query for the entries)::

    data = load_trend_data(journal)                      # everything
    data = data.window(start, end)                       # a date range, in memory
    curves = recovery_curves(data, "breakouts", max_day=14)
    rows = summary_table(session_summaries(data))
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Sequence

from journal import format as fmt
from journal.care.ingredients import caution_classes, ingredient_classes
from journal.models import FLAGS, SYMPTOMS, DayEntry, Product, Session, day_since_session
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal

#: The series a chart can show: the five symptom ratings and the count of new spots.
SERIES: tuple[str, ...] = (*SYMPTOMS, "breakouts")

#: Axis / legend labels of the series, with units.
SERIES_LABELS: dict[str, str] = {
    "redness": "Redness",
    "swelling": "Swelling",
    "pain": "Pain",
    "itch": "Itch",
    "dryness": "Dryness / peeling",
    "breakouts": "New spots",
}

#: Redness at or below this counts as "settled" in the session summary.
REDNESS_SETTLED = 2

#: The early days after a session in which caution ingredients matter most (days 0..7:
#: the aftercare sheets say "at least a week" off retinoids, acids and alcohol).
EARLY_DAYS = 7

@functools.lru_cache(maxsize=512)
def caution_classes_of(label_text: str) -> frozenset[str]:
    """Class ids (e.g. "retinoid") of the caution ingredients on a product label."""
    return frozenset(caution_classes(label_text or ""))


def _caution_of(products: dict, pid: int) -> frozenset[str]:
    """The caution classes of product `pid`'s label (none for an unknown id), matched on
    first use (caution_classes_of keeps them): a short period uses a few of the shelf's
    products, and matching 150 labels takes about 0.1 s."""
    product = products.get(pid)
    return caution_classes_of(product.ingredients) if product is not None else frozenset()


def ordered_caution_classes(class_ids: Iterable[str]) -> list[str]:
    """Class ids in the order of resources/ingredients.toml (strongest reasons first)."""
    order = list(ingredient_classes())
    return sorted(set(class_ids), key=lambda c: (order.index(c) if c in order else len(order), c))


def caution_label(class_id: str) -> str:
    """The words shown for a class: its name in resources/ingredients.toml."""
    found = ingredient_classes().get(class_id)
    return found.name if found is not None else class_id.replace("_", " ")


# -- calendar helpers ---------------------------------------------------------------------
def date_range(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every calendar day from `start` to `end` inclusive (empty if end < start)."""
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def rolling_mean(values: Sequence[float | None], window: int = 3) -> list[float | None]:
    """Centred rolling mean over calendar days, skipping missing days.

    `values` holds one slot per calendar day (None = nothing logged). The result for a day
    is the mean of the values present among the `window` days centred on it (for 3: the day
    before, the day itself, the day after); None when none of them has a value. A gap of
    `window` or more days therefore stays a gap, and values either side are never averaged
    together.
    """
    if window < 1 or window % 2 == 0:
        raise ValueError("window must be an odd number of days")
    half = window // 2
    out: list[float | None] = []
    for i in range(len(values)):
        present = [v for v in values[max(0, i - half):i + half + 1] if v is not None]
        out.append(sum(present) / len(present) if present else None)
    return out


# -- the data behind the charts ----------------------------------------------------------
@dataclass
class TrendData:
    """Everything the Trends charts need, one slot per calendar day from `start` to `end`.

    `sessions` holds every session (also those outside the range: the Day N of the first
    dates in the range may count from an earlier one), oldest first.
    """
    start: dt.date | None
    end: dt.date | None
    dates: list[dt.date]
    values: dict[str, list[float | None]]          # series name -> value per day (None: gap)
    logged: list[bool]                             # an entry exists for the day
    flags: list[tuple[str, ...]]                   # red-flag column names per day
    caution: list[frozenset[str]]                  # caution class ids of the products used
    caution_products: list[tuple[str, ...]]        # names of those products, per day
    sessions: list[Session]
    days: list[int | None]                         # day since session per date
    entries: dict[dt.date, DayEntry] = field(default_factory=dict, repr=False)
    products: dict[int, Product] = field(default_factory=dict, repr=False)

    @property
    def is_empty(self) -> bool:
        return not self.dates

    def window(self, start: dt.date | None, end: dt.date | None) -> "TrendData":
        """The same data limited to (or padded out to) `start`..`end`; no database access."""
        return build_trend_data(self.entries.values(), self.sessions, self.products.values(),
                                start or self.start, end or self.end)

    def sessions_in_range(self) -> list[tuple[int, Session]]:
        """(1-based number, session) of the sessions whose date falls inside the range."""
        if self.start is None:
            return []
        return [(n, s) for n, s in enumerate(self.sessions, 1)
                if self.start <= s.date <= self.end]

    def caution_classes_used(self) -> list[str]:
        """Caution classes used on any day of the range, in CAUTION_LABELS order."""
        return ordered_caution_classes(set().union(*self.caution) if self.caution else set())


def build_trend_data(entries: Iterable[DayEntry], sessions: Iterable[Session],
                     products: Iterable[Product], start: dt.date | None = None,
                     end: dt.date | None = None) -> TrendData:
    """Turn entries into per-day series from `start` to `end`.

    Without `start`/`end` the range runs from the first entry or session to the last one.
    Entries outside the range are kept (for `TrendData.window`) but not in the series.
    """
    by_date = {e.date: e for e in entries}
    sessions = sorted(sessions, key=lambda s: (s.date, s.id or 0))
    products_by_id = {p.id: p for p in products}
    known = list(by_date) + [s.date for s in sessions]
    if start is None and known:
        start = min(known)
    if end is None and known:
        end = max(known)
    if start is None or end is None or end < start:
        dates: list[dt.date] = []
    else:
        dates = date_range(start, end)
    session_dates = [s.date for s in sessions]
    values: dict[str, list[float | None]] = {name: [] for name in SERIES}
    logged, flags, caution, caution_products = [], [], [], []
    for day in dates:
        entry = by_date.get(day)
        logged.append(entry is not None)
        if entry is None:
            for name in SERIES:
                values[name].append(None)
            flags.append(())
            caution.append(frozenset())
            caution_products.append(())
            continue
        for name in SERIES:
            values[name].append(getattr(entry, name))
        flags.append(tuple(f for f in FLAGS if getattr(entry, f)))
        classes: set[str] = set()
        names = []
        for pid in entry.product_ids:
            found = _caution_of(products_by_id, pid)
            if found:
                classes |= found
                names.append(products_by_id[pid].name)
        caution.append(frozenset(classes))
        caution_products.append(tuple(names))
    return TrendData(
        start=start if dates else None, end=end if dates else None, dates=dates, values=values,
        logged=logged, flags=flags, caution=caution, caution_products=caution_products,
        sessions=sessions, days=[day_since_session(d, session_dates) for d in dates],
        entries=by_date, products=products_by_id,
    )


def load_trend_data(journal: Journal, start: dt.date | None = None,
                    end: dt.date | None = None) -> TrendData:
    """Read what the charts need with one entries query (plus the cached sessions and shelf).

    All entries are read (so that `window` and the session summaries work in memory);
    `start`/`end` only set the range of the series.
    """
    return build_trend_data(journal.entries(), journal.sessions(), journal.products(),
                            start, end)


# -- recovery curves ---------------------------------------------------------------------
@dataclass(frozen=True)
class SessionCurve:
    """One session's values by day since the session: `values[k]` is day k (None: gap)."""
    number: int                 # 1-based, oldest first
    session: Session
    values: tuple[float | None, ...]
    current: bool               # the latest session
    # Works out caution_days: on first use, as matching labels takes time and a chart
    # shows the latest few of years of sessions.
    caution_days_of: Callable[[], tuple[int, ...]] | None = field(
        default=None, compare=False, repr=False)

    @functools.cached_property
    def caution_days(self) -> tuple[int, ...]:
        """Days a product with a caution ingredient was used."""
        return self.caution_days_of() if self.caution_days_of is not None else ()

    @property
    def label(self) -> str:
        return fmt.session_label(self.number, self.session.date)


def session_day_values(entries: dict[dt.date, DayEntry], name: str, session: Session,
                       next_session: dt.date | None, max_day: int) -> list[float | None]:
    """Values of `name` on days 0..max_day of `session`, stopping at the next session."""
    out: list[float | None] = []
    for k in range(max_day + 1):
        day = session.date + dt.timedelta(days=k)
        if next_session is not None and day >= next_session:
            out.append(None)  # that day is counted from the next session
            continue
        entry = entries.get(day)
        out.append(None if entry is None else getattr(entry, name))
    return out


def recovery_curves(data: TrendData, name: str = "breakouts", max_day: int = 14,
                    smooth: bool = False) -> list[SessionCurve]:
    """One curve per session of `name` by day since the session (0..max_day).

    All sessions are included whatever the range of `data` (comparing them is the point).
    With `smooth`, each curve is its own centred 3-day rolling mean.
    """
    if name not in SERIES:
        raise ValueError(f"unknown series {name!r}")
    sessions = data.sessions
    curves = []
    for i, session in enumerate(sessions):
        following = [s.date for s in sessions[i + 1:] if s.date > session.date]
        if i + 1 < len(sessions) and sessions[i + 1].date == session.date:
            continue  # two sessions on one day: the later one owns the days
        values = session_day_values(data.entries, name, session,
                                    following[0] if following else None, max_day)
        if smooth:
            values = rolling_mean(values)
            if following:  # never smooth into days that count from the next session
                cut = (following[0] - session.date).days
                values = [v if k < cut else None for k, v in enumerate(values)]
        cut = (following[0] - session.date).days if following else max_day + 1

        def caution_days(session=session, days=min(cut, max_day + 1)) -> tuple[int, ...]:
            return tuple(k for k in range(days) if _used_caution(
                data, data.entries.get(session.date + dt.timedelta(days=k))))

        curves.append(SessionCurve(number=i + 1, session=session, values=tuple(values),
                                   current=(i == len(sessions) - 1),
                                   caution_days_of=caution_days))
    return curves


def _used_caution(data: TrendData, entry: DayEntry | None) -> bool:
    if entry is None:
        return False
    return any(_caution_of(data.products, pid) for pid in entry.product_ids)


# -- per-session summary -----------------------------------------------------------------
@dataclass(frozen=True)
class SessionSummary:
    """How one session went, over its period (from its day to the eve of the next session)."""
    number: int
    session: Session
    last_day: int                       # days in the period - 1 (Day N of its last date)
    days_logged: int
    peak_breakouts: int | None          # most new spots on one day; None if never counted
    peak_day: int | None                # Day N of the (first) peak
    redness_settled_day: int | None     # first Day N with redness <= 2; None if not yet
    red_flag_days: int
    caution_days: int                   # days a product with a caution ingredient was used
    early_caution: tuple[str, ...]      # caution classes used on days 0..EARLY_DAYS
    early_caution_products: tuple[str, ...]  # the products that brought them
    current: bool


def session_summaries(data: TrendData, until: dt.date | None = None,
                      only: Collection[int] | None = None) -> list[SessionSummary]:
    """A summary of every session, oldest first, from all entries in `data`.

    A session's period runs from its date to the day before the next session, or to
    `until` (default: the last entry or session date) for the latest one. With `only`
    (session ids), just those sessions are summed up (numbered as among all).
    """
    sessions = data.sessions
    if until is None:
        known = list(data.entries) + [s.date for s in sessions]
        until = max(known) if known else None
    out = []
    for i, session in enumerate(sessions):
        if only is not None and session.id not in only:
            continue
        following = [s.date for s in sessions[i + 1:] if s.date > session.date]
        if i + 1 < len(sessions) and sessions[i + 1].date == session.date:
            continue
        last = (following[0] - dt.timedelta(days=1)) if following else max(until, session.date)
        peak = peak_day = settled = None
        logged = flagged = cautious = 0
        early: set[str] = set()
        early_products: list[str] = []
        for k in range((last - session.date).days + 1):
            entry = data.entries.get(session.date + dt.timedelta(days=k))
            if entry is None:
                continue
            logged += 1
            if entry.breakouts is not None and (peak is None or entry.breakouts > peak):
                peak, peak_day = entry.breakouts, k
            if settled is None and entry.redness is not None and entry.redness <= REDNESS_SETTLED:
                settled = k
            if entry.flags:
                flagged += 1
            risky = [pid for pid in entry.product_ids if _caution_of(data.products, pid)]
            if risky:
                cautious += 1
            if k <= EARLY_DAYS:
                for pid in risky:
                    early |= _caution_of(data.products, pid)
                    if data.products[pid].name not in early_products:
                        early_products.append(data.products[pid].name)
        out.append(SessionSummary(
            number=i + 1, session=session, last_day=(last - session.date).days,
            days_logged=logged, peak_breakouts=peak, peak_day=peak_day,
            redness_settled_day=settled, red_flag_days=flagged, caution_days=cautious,
            early_caution=tuple(ordered_caution_classes(early)),
            early_caution_products=tuple(early_products), current=(i == len(sessions) - 1),
        ))
    return out


#: Column headers of `summary_table` (the UI and the report show the same table).
SUMMARY_HEADERS: tuple[str, ...] = (
    "Session", "Days logged", "Peak new spots", "Redness ≤ 2 from", "Red-flag days",
    f"Caution ingredients, days 0–{EARLY_DAYS}",
)


def summary_table(summaries: Sequence[SessionSummary]) -> list[tuple[str, ...]]:
    """Rows of text, one per session, matching SUMMARY_HEADERS."""
    rows = []
    for s in summaries:
        depth = f", {fmt.depth(s.session.depth_mm)}" if s.session.depth_mm else ""
        name = f"{fmt.session_label(s.number, s.session.date)}{depth}"
        if s.current:
            name += " (current)"
        peak = "—" if s.peak_breakouts is None else f"{s.peak_breakouts} on day {s.peak_day}"
        if s.redness_settled_day is not None:
            settled = f"day {s.redness_settled_day}"
        else:
            settled = f"not yet (day {s.last_day})" if s.current else "not within the period"
        caution = ", ".join(caution_label(c) for c in s.early_caution) or "none"
        rows.append((name, f"{s.days_logged} of {s.last_day + 1}", peak, settled,
                     str(s.red_flag_days), caution))
    return rows
