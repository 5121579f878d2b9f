"""Step 1 of the summary: everything it shows, gathered into plain dataclasses.

Pure Python (the Journal facade, trends, the product evidence and the ingredient classes
if present; the pictures come from ``journal.report.pictures``). No Qt.

Page 1 (the brief) answers the visit's questions: the patient's own questions, the
sessions with their parameters and how each went, the per-product evidence, and the
red-flag days with the products that are suspects. Page 2 holds the charts and the
"on course?" comparison, then the photo pages and the daily log as an appendix.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import sys
from dataclasses import dataclass, field
from typing import Callable

from journal import format as fmt
from journal import settings
from journal.models import (
    CONTEXT, FLAGS, SYMPTOM_LABELS, SYMPTOMS, DayEntry, JournalError, Session,
    day_since_session, latest_session, parse_date, session_label, session_numbers,
)

log = logging.getLogger(__name__)  # failures of optional parts: info (the summary says it)

Progress = Callable[[int, str], None]  # (percent 0-100, what is being done)

# Layout units: the document is laid out at this resolution (CSS px) and scaled to the device.
LAYOUT_DPI = 96
FOOTER_HEIGHT = 30          # px reserved at the bottom of every page for the footer
CONTENT_WIDTH = 660         # px: widest picture; fits A4 and Letter with our margins
# The brief's typeface (its text and its charts): one each system has, with every glyph used.
FONT_FAMILY = {"win32": "Arial", "darwin": "Helvetica"}.get(sys.platform, "DejaVu Sans")
MARGINS_MM = (16, 14, 16, 12)   # left, top, right, bottom
SETTLED_REDNESS = 2         # redness at or below this counts as "settled"
DEFAULT_MONTHS = 3
CAUTION_WINDOW = (-7, 7)    # days around a session whose caution products page 1 lists
SUSPECT_DAYS_BEFORE = 3     # a red flag's suspects: caution products that day or 3 days before
COURSE_DAYS = (3, 7, 14)    # Day N of each session compared with the earlier sessions
COURSE_SESSIONS = 4         # the latest sessions of the period that get that comparison
# Territories that use US Letter paper (QLocale.Territory names).
LETTER_TERRITORIES = {"UnitedStates", "Canada", "Mexico", "Philippines", "Chile", "Colombia",
                      "Venezuela", "PuertoRico", "Guatemala", "CostaRica", "DominicanRepublic",
                      "Panama", "ElSalvador", "Nicaragua", "Honduras"}
# Text of the empty paragraphs that mark a group to keep on one page (a photo row).
KEEP_MARK = "\u200b"
MAX_LAYOUT_FIXES = 300      # headings, photo rows and table rows moved to the next page
CELL_SPACER_SLACK = 4       # px
ROW_OVERHANG = 3            # px a table row may reach past the page end (descent, padding)
PREFIX_LAYOUT_ROWS = 30     # a daily log longer than a page: lay out what precedes it apart
VERDICT_CLASS = {"more": "worse", "fewer": "better"}


# -- options and data ---------------------------------------------------------------------
@dataclass
class ReportOptions:
    """What to include; None for patient_name/questions means "the journal's settings"."""
    include_photos: bool = True
    include_daily_log: bool = True      # the appendix
    include_charts: bool = True
    patient_name: str | None = None
    questions: str | None = None
    generated: dt.datetime | None = None


@dataclass
class SessionRow:
    """A session with its parameters and how the recovery after it went."""
    number: int
    date: dt.date
    label: str                      # "Session 2 (14 Oct 2026)"
    areas: str
    depth: str
    clinic: str
    notes: str
    before_period: bool = False
    days_logged: str = "–"
    peak: str = "–"                 # "7 on Day 4"
    peak_value: int | None = None
    settled: str = "–"              # "Day 4", "not yet (Day 12)"
    red_flag_days: list[str] = field(default_factory=list)   # "Day 5: pus"
    caution: list[str] = field(default_factory=list)         # "Retinol Night Serum: days 2 to 7"


@dataclass
class Suspect:
    name: str
    classes: str            # "retinoid, fragrance"
    when: str               # "that day and each of the 3 days before", "1 and 3 days before"


@dataclass
class RedFlagEvent:
    date: dt.date
    day_label: str          # "Day 5 after Session 2 (14 Oct 2026)"
    flags: list[str]
    ratings: str
    note: str
    suspects: list[Suspect] = field(default_factory=list)
    others: str = ""        # the other products used that day


@dataclass
class EvidenceRow:
    """One line of the product table: what the log says about a product (or context)."""
    name: str
    is_context: bool
    days_used: int
    caution: str            # "retinoid (Retinol)" or ""
    verdict: str            # one of permutation.VERDICTS ("" when the evidence is unavailable)
    verdict_text: str
    figures: str
    together_with: str = ""

    @property
    def css(self) -> str:
        return VERDICT_CLASS.get(self.verdict, "muted")


@dataclass
class CourseLine:
    session: str            # "Session 2 (14 Oct 2026)"
    day: int
    text: str
    clearly_worse: bool


@dataclass
class LogProduct:
    name: str
    caution: bool


@dataclass
class LogRow:
    date: dt.date
    day: str
    ratings: list[str]
    breakouts: str
    products: list[LogProduct]
    flags: list[str]
    context: str
    note: str
    is_session_day: bool
    session: str = ""       # the session's label on a session day
    date_text: str = ""     # the date as printed (formatted once: the pages measure it too)

    def __post_init__(self):
        if not self.date_text:
            self.date_text = fmt.date(self.date)

    @property
    def scores(self) -> str:
        """The ratings and the new spots in fixed-width fields, under SCORE_HEADER."""
        return score_fields([*self.ratings, self.breakouts])


SCORE_WIDTH = 4             # characters of each score field in the daily log (monospace)


def score_fields(values: list[str]) -> str:
    """Values right-aligned in SCORE_WIDTH-character fields, joined by no-break spaces (the
    daily log prints its six numbers in one monospace cell: a sixth of the layout work)."""
    return "\u00a0".join(value.rjust(SCORE_WIDTH, "\u00a0") for value in values)


@dataclass
class ReportImage:
    """A picture for the document: encoded bytes (a photo) or a painted picture (a chart's
    QImage, used as it is), plus its size on the page (layout px)."""
    name: str          # private resource name, e.g. srj://photo-3
    data: bytes
    width: int
    height: int
    title: str = ""
    caption: str = ""
    detail: str = ""
    session: str = ""
    picture: object = None   # the painted picture; else `data` is decoded


@dataclass
class PhotoPair:
    """Two photos of one area to compare: "before" on the left, "after" on the right."""
    title: str                  # "Full face · Day 3 after Session 2 and Session 3"
    left: ReportImage
    right: ReportImage


@dataclass
class ReportData:
    title: str
    patient_name: str
    start: dt.date
    end: dt.date
    generated: dt.datetime
    days_in_period: int
    days_logged: int
    sessions: list[SessionRow] = field(default_factory=list)
    red_flags: list[RedFlagEvent] = field(default_factory=list)
    evidence: list[EvidenceRow] = field(default_factory=list)
    evidence_note: str = ""

    @property
    def evidence_rows(self) -> list[EvidenceRow]:
        """The product table's rows: items the log could compare (and products without
        evidence at all when the comparison is unavailable)."""
        return [row for row in self.evidence if row.verdict != "not enough data"]

    @property
    def evidence_thin(self) -> list[EvidenceRow]:
        """Items used, but with too little data to compare: one line under the table."""
        return [row for row in self.evidence if row.verdict == "not enough data"]
    course: list[CourseLine] = field(default_factory=list)
    log_rows: list[LogRow] | None = None
    charts: list[ReportImage] = field(default_factory=list)
    photo_pairs: list[PhotoPair] | None = None
    photo_note: str = ""
    questions: str = ""
    highlights: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    ingredients_known: bool = True
    evidence_known: bool = True
    kept_in: object = None      # the journal's folder: page layouts kept between runs

    @property
    def period_text(self) -> str:
        return fmt.date_range(self.start, self.end)

    @property
    def generated_text(self) -> str:
        """ "Generated 2 Dec 2026, 09:04": the brief's stamp (a kept layout leaves it out)."""
        return f"Generated {long_date(self.generated)}, {fmt.time(self.generated)}"

    def chart(self, key: str) -> ReportImage | None:
        return next((c for c in self.charts if c.name == f"srj://chart-{key}"), None)

    @property
    def photos(self) -> list[ReportImage]:
        return [image for pair in self.photo_pairs or () for image in (pair.left, pair.right)]

    @property
    def images(self) -> list[ReportImage]:
        return [*self.charts, *self.photos]


# -- formatting (through journal.format) -----------------------------------------------
def long_date(day: dt.date) -> str:
    return fmt.date(day)


def _plural(count: int, word: str) -> str:
    return fmt.plural(count, word)


def _minus(number: int) -> str:
    return f"\u2212{-number}" if number < 0 else str(number)


def day_ranges(days: list[int]) -> str:
    """[-3, -2, -1, 2, 3, 4] -> "days −3 to −1, 2 to 4"; [5] -> "day 5"."""
    days = sorted(set(days))
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [_minus(r[0]) if len(r) == 1 else
             f"{_minus(r[0])}{' and ' if len(r) == 2 else ' to '}{_minus(r[-1])}" for r in runs]
    return ("day " if len(days) == 1 else "days ") + ", ".join(parts)


# -- period -------------------------------------------------------------------------------
def default_period(journal, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Since the first session of the last three months (else three months back) to today."""
    today = today or dt.date.today()
    three_months_ago = _months_before(today, DEFAULT_MONTHS)
    recent = [s.date for s in journal.sessions() if three_months_ago <= s.date <= today]
    return (min(recent) if recent else three_months_ago), today


def check_period(start, end) -> tuple[dt.date, dt.date]:
    """Parse and check a period; JournalError for bad dates or start after end."""
    start, end = parse_date(start), parse_date(end)
    if start > end:
        raise JournalError(f"the period starts ({start}) after it ends ({end})")
    return start, end


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for dd in range(day.day, 27, -1):
        try:
            return dt.date(year, month, dd)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


# -- step 1: collect ----------------------------------------------------------------------
class _Context:
    """What several parts of the collection share: sessions, numbers, products, entries."""

    def __init__(self, journal, start: dt.date, end: dt.date):
        self.journal = journal
        self.start, self.end = start, end
        self.sessions = journal.sessions()
        self.dates = [s.date for s in self.sessions]
        self.numbers = session_numbers(self.sessions)
        self.products = {p.id: p for p in journal.products()}
        self.caution = _CautionByProduct(self.products)
        # Entries of the period plus the week before its first session shown (caution
        # products used before a session, a red flag's days before).
        self.shown = self._shown_sessions()
        first = min([start, *(s.date for s in self.shown)]) + dt.timedelta(
            days=min(CAUTION_WINDOW[0], -SUSPECT_DAYS_BEFORE))
        self.wide = {e.date: e for e in journal.entries(first, end)}
        self.entries = [e for d, e in self.wide.items() if start <= d]

    def _shown_sessions(self) -> list[Session]:
        """Sessions in the period, plus the one the period starts in (its Day N apply)."""
        shown = [s for s in self.sessions if self.start <= s.date <= self.end]
        before = [s for s in self.sessions if s.date < self.start]
        if before and (not shown or shown[0].date > self.start):
            shown.insert(0, before[-1])
        return shown

    def label(self, session: Session) -> str:
        return session_label(self.numbers[session.id], session.date)

    def owner(self, date: dt.date) -> Session | None:
        """The latest session on or before `date`."""
        return latest_session(date, self.sessions)

    def day_words(self, date: dt.date) -> str:
        owner = self.owner(date)
        if owner is None:
            return "before the first session"
        return f"Day {(date - owner.date).days} after {self.label(owner)}"


def collect_report(journal, start: dt.date, end: dt.date, options: ReportOptions | None = None,
                   progress: Progress | None = None) -> ReportData:
    """Everything the summary shows, as plain data (no Qt)."""
    from journal.report import pictures

    options = options or ReportOptions()
    progress = progress or (lambda percent, text: None)
    start, end = check_period(start, end)
    progress(2, "Reading the journal")
    ctx = _Context(journal, start, end)
    patient = options.patient_name if options.patient_name is not None \
        else settings.get(journal, settings.PATIENT_NAME)
    questions = options.questions if options.questions is not None \
        else settings.get(journal, settings.QUESTIONS)
    data = ReportData(
        title="Microneedling recovery summary",
        patient_name=patient.strip(),
        start=start, end=end,
        generated=options.generated or dt.datetime.now().replace(microsecond=0),
        days_in_period=(end - start).days + 1,
        days_logged=len(ctx.entries),
        questions=questions.strip(),
    )

    progress(6, "Sessions and red flags")
    trend_data = _trend_data(journal, start, end)
    data.sessions = _session_rows(ctx, trend_data)
    data.red_flags = [_red_flag(ctx, e) for e in ctx.entries if e.flags]

    progress(10, "Products")
    data.evidence, data.evidence_note, data.evidence_known = _evidence_rows(ctx, data.notices)
    data.course = _course_lines(ctx)

    if options.include_daily_log:
        progress(15, "Daily log")
        data.log_rows = _log_rows(ctx)

    data.highlights, data.kept_in = _highlights(data), getattr(journal, "data_dir", None)

    if options.include_charts and ctx.entries and trend_data is not None:
        progress(25, "Drawing the charts")
        data.charts = pictures.chart_images(trend_data, data.notices)
    elif options.include_charts and ctx.entries:
        data.notices.append("The charts could not be drawn.")
    if options.include_photos:
        progress(55, "Preparing the photos")
        data.photo_pairs, data.photo_note = pictures.photo_pairs(
            journal, start, end, ctx.label, data.notices, progress)
    progress(80, "Laying out the pages")
    return data


def _trend_data(journal, start, end):
    try:
        from journal import trends

        return trends.load_trend_data(journal, start, end)
    except Exception:  # no trends module, or it failed: the table falls back, charts say so
        log.info("trend data failed", exc_info=True)
        return None


class _CautionByProduct:
    """Product id -> its caution ingredient classes as words ("retinoid (Retinol)"), matched
    on first use: a short period uses a few of the shelf's products (150 labels: 0.1 s)."""

    def __init__(self, products: dict):
        self.products = products
        self.found: dict[int, list[str] | None] = {}

    def get(self, pid: int, default=None):
        if pid not in self.found:
            self.found[pid] = self._match(pid)
        found = self.found[pid]
        return default if found is None else found

    def _match(self, pid: int) -> list[str] | None:
        from journal.care.ingredients import match_ingredients

        product = self.products.get(pid)
        if product is None:
            return None
        classes: dict[str, list[str]] = {}
        try:
            matches = match_ingredients(product.ingredients or "")
        except Exception:  # a bad label must not stop the summary
            log.info("ingredient matching failed for %r", product.name, exc_info=True)
            return None
        for m in matches:
            if m.caution and m.ingredient not in classes.setdefault(m.class_name, []):
                classes[m.class_name].append(m.ingredient)
        return [f"{name} ({', '.join(names)})" for name, names in classes.items()]


def _class_names(ctx: _Context, pid: int) -> str:
    return ", ".join(c.split(" (")[0] for c in ctx.caution.get(pid, []))


def _session_rows(ctx: _Context, trend_data) -> list[SessionRow]:
    summaries = {}
    if trend_data is not None:
        try:
            from journal import trends

            summaries = {s.session.id: s for s in trends.session_summaries(
                trend_data, until=ctx.end, only={s.id for s in ctx.shown})}
        except Exception:
            log.info("trends.session_summaries failed", exc_info=True)
    flag_days: dict[int, list[str]] = {}
    for e in ctx.entries:
        owner = ctx.owner(e.date)
        if e.flags and owner is not None:
            flag_days.setdefault(owner.id, []).append(
                f"Day {(e.date - owner.date).days}: "
                + ", ".join(FLAGS[f][0].replace("-", " ") for f in e.flags))
    rows = []
    for s in ctx.shown:
        row = SessionRow(
            number=ctx.numbers[s.id], date=s.date, label=ctx.label(s),
            areas=", ".join(s.areas) or "–",
            depth=fmt.depth(s.depth_mm),
            clinic=s.clinic or "", notes=s.notes.strip(), before_period=s.date < ctx.start,
            red_flag_days=flag_days.get(s.id, []), caution=_caution_around(ctx, s))
        summary = summaries.get(s.id)
        if summary is not None:
            _fill_summary(row, summary.days_logged, summary.last_day, summary.peak_breakouts,
                          summary.peak_day, summary.redness_settled_day, summary.current)
        else:
            _own_summary(ctx, s, row)
        rows.append(row)
    return rows


def _own_summary(ctx: _Context, s: Session, row: SessionRow) -> None:
    index = ctx.sessions.index(s)
    next_date = ctx.sessions[index + 1].date if index + 1 < len(ctx.sessions) else None
    last = (next_date - dt.timedelta(days=1)) if next_date else max(ctx.end, s.date)
    last = min(last, max(ctx.end, s.date))
    own = [e for d, e in ctx.wide.items() if s.date <= d <= last]
    peak = max((e for e in own if e.breakouts is not None),
               key=lambda e: (e.breakouts, -e.date.toordinal()), default=None)
    settled = next((e for e in own if e.redness is not None
                    and e.redness <= SETTLED_REDNESS), None)
    _fill_summary(row, len(own), (last - s.date).days,
                  None if peak is None else peak.breakouts,
                  None if peak is None else (peak.date - s.date).days,
                  None if settled is None else (settled.date - s.date).days, next_date is None)


def _fill_summary(row, days_logged, last_day, peak, peak_day, settled_day, current) -> None:
    row.days_logged = f"{days_logged} of {last_day + 1}"
    row.peak_value = peak
    row.peak = "–" if peak is None else f"{peak} on Day\u00a0{peak_day}"
    if settled_day is not None:
        row.settled = f"Day {settled_day}"
    else:
        row.settled = f"not yet (Day {last_day})" if current else "not in the period"


def _caution_around(ctx: _Context, s: Session) -> list[str]:
    """"Retinol Night Serum: days −3, 2 to 7" for the caution products of days −7..7
    (their ingredient classes are in the product table)."""
    days: dict[int, list[int]] = {}
    low, high = CAUTION_WINDOW
    for offset in range(low, high + 1):
        entry = ctx.wide.get(s.date + dt.timedelta(days=offset))
        if entry is None or entry.date > ctx.end:
            continue
        for pid in entry.product_ids:
            if ctx.caution.get(pid):
                days.setdefault(pid, []).append(offset)
    order = sorted(days, key=lambda pid: (min(days[pid]), ctx.products[pid].name.lower()))
    return [f"{ctx.products[pid].name}: {day_ranges(days[pid])}" for pid in order]


def _red_flag(ctx: _Context, entry: DayEntry) -> RedFlagEvent:
    seen: dict[int, list[int]] = {}
    for back in range(SUSPECT_DAYS_BEFORE, -1, -1):
        earlier = ctx.wide.get(entry.date - dt.timedelta(days=back))
        if earlier is None:
            continue
        for pid in earlier.product_ids:
            if ctx.caution.get(pid):
                seen.setdefault(pid, []).append(back)
    suspects = []
    for pid in sorted(seen, key=lambda p: (min(seen[p]), ctx.products[p].name.lower())):
        backs = sorted(seen[pid])
        before = [b for b in backs if b]
        parts = ["that day"] if 0 in backs else []
        # Which days, never a count that reads as one day: "2 days before" meant both
        # "on day -2" and "on 2 of the 3 days before".
        if before == list(range(1, SUSPECT_DAYS_BEFORE + 1)):
            parts.append(f"each of the {SUSPECT_DAYS_BEFORE} days before")
        elif before:
            parts.append(fmt.join(str(b) for b in before)
                         + (" day before" if before == [1] else " days before"))
        suspects.append(Suspect(name=ctx.products[pid].name, classes=_class_names(ctx, pid),
                                when=(", " if " and " in parts[-1] else " and ").join(parts)))
    suspect_names = {s.name for s in suspects}
    others = [ctx.products[p].name for p in entry.product_ids
              if p in ctx.products and ctx.products[p].name not in suspect_names]
    return RedFlagEvent(
        date=entry.date, day_label=ctx.day_words(entry.date),
        flags=[FLAGS[f][1] for f in entry.flags], ratings=_ratings_text(entry),
        note=entry.note.strip(), suspects=suspects, others=", ".join(others))


def _ratings_text(entry: DayEntry) -> str:
    parts = [f"{SYMPTOM_LABELS[n].split(' /')[0].lower()} {entry.rating(n)}"
             for n in SYMPTOMS if entry.rating(n) is not None]
    if entry.breakouts is not None:
        parts.append(_plural(entry.breakouts, "new spot"))
    return ", ".join(parts)


def _evidence_rows(ctx: _Context, notices: list[str]) -> tuple[list[EvidenceRow], str, bool]:
    """The product table: every product used in the period (and the context items logged),
    with its caution ingredients and what the log says about it (journal.care.evidence)."""
    used: dict[int, int] = {}
    context_days = {name: 0 for name in CONTEXT}
    for e in ctx.entries:
        for pid in e.product_ids:
            used[pid] = used.get(pid, 0) + 1
        for name in CONTEXT:
            context_days[name] += bool(getattr(e, name))
    try:
        from journal.care import evidence
        items = evidence.product_evidence(ctx.journal, ctx.start, ctx.end, used_only=True)
        note = evidence.ASSOCIATION_NOTE
    except Exception:  # no evidence module, or it failed: the table still lists the products
        log.info("product evidence failed", exc_info=True)
        notices.append("The comparison of products with new spots is not available.")
        items, note = [], ""
    rows, listed = [], set()
    context_by_label = {label: name for name, label in CONTEXT.items()}
    for item in items:
        if item.product_id is not None:
            if item.product_id not in used or item.product_id not in ctx.products:
                continue
            listed.add(item.product_id)
            days, caution = used[item.product_id], _class_names(ctx, item.product_id)
        else:
            key = getattr(item, "key", None)
            name = key if key in CONTEXT else context_by_label.get(item.name)
            days = context_days.get(name, 0)
            if not days:
                continue
            caution = ""
        rows.append(EvidenceRow(
            name=item.name, is_context=item.product_id is None, days_used=days,
            caution=caution, verdict=item.verdict, verdict_text=item.verdict_text,
            figures=item.figures, together_with=", ".join(item.together_with)))
    for pid in sorted(set(used) - listed, key=lambda p: -used[p]):
        if pid in ctx.products:
            rows.append(EvidenceRow(
                name=ctx.products[pid].name, is_context=False, days_used=used[pid],
                caution=_class_names(ctx, pid), verdict="", verdict_text="",
                figures=""))
    return rows, note, bool(items) or not used


def _course_lines(ctx: _Context) -> list[CourseLine]:
    """"On course?": Day 3, 7 and 14 of the period's latest sessions against earlier ones."""
    from journal.care.course import course_comparison

    lines = []
    in_period = [s for s in ctx.shown if s.date >= ctx.start][-COURSE_SESSIONS:]
    for s in in_period:
        index = ctx.sessions.index(s)
        following = ctx.sessions[index + 1].date if index + 1 < len(ctx.sessions) else None
        for day in COURSE_DAYS:
            date = s.date + dt.timedelta(days=day)
            if date > ctx.end or (following is not None and date >= following):
                continue
            try:
                comparison = course_comparison(ctx.journal, date)
            except Exception:
                log.info("course comparison failed", exc_info=True)
                return lines
            if comparison is not None and comparison.text:
                lines.append(CourseLine(session=ctx.label(s), day=day, text=comparison.text,
                                        clearly_worse=bool(comparison.clearly_worse)))
    return lines


def short_names(names: list[str]) -> dict[str, str]:
    """Each name shortened to its first words, as few as keep it apart from the others
    ("Retinol Night Serum" -> "Retinol"; "Mineral Sunscreen SPF 50" -> "Mineral Sunscreen"
    beside "Mineral Foundation"): readable without a key, since every product table shows
    the full names, which begin with the same words."""
    return dict(_short_names(tuple(names)))


@functools.lru_cache(maxsize=8)
def _short_names(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    words = {name: name.split() for name in names}
    # How many names begin with each run of words (lower case): a name's first `count`
    # words are shared with another name when more than one begins with them.
    starts: dict[tuple[str, ...], int] = {}
    for own in words.values():
        lower = tuple(w.lower() for w in own)
        for count in range(1, len(lower) + 1):
            starts[lower[:count]] = starts.get(lower[:count], 0) + 1
    out = []
    for name, own in words.items():
        lower = tuple(w.lower() for w in own)
        count = 2 if own and len(own[0]) < 4 else 1
        while count < len(own) and starts.get(lower[:count], 0) > 1:
            count += 1
        out.append((name, " ".join(own[:count]) or name))
    return tuple(out)


def _log_rows(ctx: _Context) -> list[LogRow]:
    session_by_date = {s.date: s for s in ctx.sessions}
    short = short_names([p.name for p in ctx.products.values()])
    rows = []
    for e in ctx.entries:
        day = day_since_session(e.date, ctx.dates)
        names = sorted((ctx.products[p] for p in e.product_ids if p in ctx.products),
                       key=lambda p: p.name.lower())
        session = session_by_date.get(e.date)
        rows.append(LogRow(
            date=e.date, day="–" if day is None else str(day),
            ratings=["" if e.rating(n) is None else str(e.rating(n)) for n in SYMPTOMS],
            breakouts="" if e.breakouts is None else str(e.breakouts),
            products=[LogProduct(short[p.name], bool(ctx.caution.get(p.id))) for p in names],
            flags=[FLAGS[f][0].replace("-", " ") for f in e.flags],
            context=", ".join(CONTEXT[name].split(" /")[0].lower()
                              for name in CONTEXT if getattr(e, name)),
            note=e.note.strip(), is_session_day=session is not None,
            session=ctx.label(session) if session is not None else ""))
    return rows


def _highlights(data: ReportData) -> list[str]:
    """The two-minute version: a few sentences for the top of page 1."""
    lines = []
    in_period = [s for s in data.sessions if not s.before_period]
    earlier = [s for s in data.sessions if s.before_period]
    if earlier:
        last = earlier[-1]
        sessions = (f"The period starts on Day {(data.start - last.date).days} after "
                    f"{last.label}; "
                    + (f"{_plural(len(in_period), 'more treatment session')} in the period"
                       if in_period else "no new session in it"))
    elif in_period:
        sessions = f"{_plural(len(in_period), 'treatment session')} in the period"
    else:
        sessions = "No treatment session yet"
    lines.append(f"{sessions}; {data.days_logged} of {data.days_in_period} days logged.")
    if data.red_flags:
        lines.append(f"Red flag logged on {_plural(len(data.red_flags), 'day')}.")
    else:
        names = ", ".join(cli.replace("-", " ") for cli, _ in FLAGS.values())
        lines.append(f"No red flags ({names}) were logged.")
    more = [row.name for row in data.evidence if row.verdict == "more"]
    if more:
        lines.append(f"Went with more new spots: {', '.join(more)}.")
    return lines
