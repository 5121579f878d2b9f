"""Step 1 of the summary: everything it shows, gathered into plain dataclasses.

Pure Python (the Journal facade, trends/charts/ingredients if present, matplotlib and
Pillow for the pictures). No Qt.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from journal.models import (
    CONTEXT, FLAGS, SYMPTOM_LABELS, SYMPTOMS, DayEntry, JournalError, Photo, Session,
    day_since_session, parse_date,
)

log = logging.getLogger(__name__)  # failures of optional parts: info (the summary says it)

Progress = Callable[[int, str], None]  # (percent 0-100, what is being done)

# Layout units: the document is laid out at this resolution (CSS px) and scaled to the device.
LAYOUT_DPI = 96
FOOTER_HEIGHT = 30          # px reserved at the bottom of every page for the footer
CONTENT_WIDTH = 660         # px: widest picture; fits A4 and Letter with our margins
MARGINS_MM = (16, 14, 16, 12)   # left, top, right, bottom
CHART_DPI = 220           # charts stay above 200 dpi after the tight crop
PHOTO_LONG_SIDE = 900
PHOTO_JPEG_QUALITY = 80
NOTE_LENGTH = 80            # characters of a note in the daily log
SETTLED_REDNESS = 2         # redness at or below this counts as "settled"
DEFAULT_MONTHS = 3
# Territories that use US Letter paper (QLocale.Territory names).
LETTER_TERRITORIES = {"UnitedStates", "Canada", "Mexico", "Philippines", "Chile", "Colombia",
                      "Venezuela", "PuertoRico", "Guatemala", "CostaRica", "DominicanRepublic",
                      "Panama", "ElSalvador", "Nicaragua", "Honduras"}
# Daily log: percentage widths of the columns whose text is fitted to one line, and the
# smallest body width they are fitted for (A4 with our margins, in layout px).
LOG_COLUMNS = {"products": 13, "context": 12, "note": 31}
LOG_FIT_WIDTH = 660
LOG_FONT_FAMILIES = ["DejaVu Sans Condensed", "Arial Narrow"]
LOG_FONT_POINTS = 7.5
# Text of the empty paragraphs that mark a group to keep on one page (a photo row).
KEEP_MARK = "\u200b"
MAX_LAYOUT_FIXES = 300      # headings, photo rows and table rows moved to the next page
CELL_SPACER_SLACK = 4       # px
ROW_OVERHANG = 3            # px a table row may reach past the page end (descent, padding)
PREFIX_LAYOUT_ROWS = 150    # a daily log longer than this: lay out what precedes it apart
RATING_SHORT = {"redness": "Red", "swelling": "Swell", "pain": "Pain", "itch": "Itch",
                "dryness": "Dry"}



# -- options and data ---------------------------------------------------------------------
@dataclass
class ReportOptions:
    """What to include; None for patient_name/questions means "the journal's settings"."""
    include_photos: bool = True
    include_daily_log: bool = True
    include_charts: bool = True
    patient_name: str | None = None
    questions: str | None = None
    generated: dt.datetime | None = None


@dataclass
class SessionRow:
    number: int
    date: dt.date
    areas: str
    depth: str
    clinic: str
    notes: str
    before_period: bool = False


@dataclass
class SessionSummary:
    number: int
    date: dt.date
    days_logged: str
    peak_breakouts: str
    peak_value: int | None
    redness_settled: str
    red_flag_days: str
    caution_days: str


@dataclass
class RedFlagEvent:
    date: dt.date
    day_label: str
    flags: list[str]
    ratings: str
    products: str
    note: str


@dataclass
class FlagClass:
    name: str
    ingredients: list[str]


@dataclass
class ProductRow:
    code: str
    name: str
    brand: str
    category: str
    days_used: int
    first_used: dt.date
    last_used: dt.date
    flags: list[FlagClass]
    soothing: list[str]
    span: str = ""      # "7 Sep – 30 Nov": first and last use in the period


@dataclass
class LogRow:
    date: dt.date
    day: str
    ratings: list[str]
    breakouts: str
    products: str
    flags: list[str]
    context: str
    note: str
    is_session_day: bool


@dataclass
class ReportImage:
    """A picture for the document: encoded bytes plus its size on the page (layout px)."""
    name: str          # private resource name, e.g. srj://photo-3
    data: bytes
    width: int
    height: int
    title: str = ""
    caption: str = ""
    detail: str = ""


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
    summaries: list[SessionSummary] = field(default_factory=list)
    red_flags: list[RedFlagEvent] = field(default_factory=list)
    products: list[ProductRow] = field(default_factory=list)
    log_rows: list[LogRow] | None = None
    charts: list[ReportImage] = field(default_factory=list)
    photos: list[ReportImage] | None = None
    photo_note: str = ""
    questions: str = ""
    highlights: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    ingredients_known: bool = True

    @property
    def period_text(self) -> str:
        return f"{_long_date(self.start)} – {_long_date(self.end)}"

    def chart(self, key: str) -> ReportImage | None:
        return next((c for c in self.charts if c.name == f"srj://chart-{key}"), None)

    @property
    def images(self) -> list[ReportImage]:
        return [*self.charts, *(self.photos or [])]


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
def collect_report(journal, start: dt.date, end: dt.date, options: ReportOptions | None = None,
                   progress: Progress | None = None) -> ReportData:
    """Everything the summary shows, as plain data (no Qt)."""
    options = options or ReportOptions()
    progress = progress or (lambda percent, text: None)
    start, end = check_period(start, end)
    progress(2, "Reading the journal")
    all_sessions = journal.sessions()
    session_dates = [s.date for s in all_sessions]
    number_of = {id(s): i + 1 for i, s in enumerate(all_sessions)}
    entries = journal.entries(start, end)
    products = {p.id: p for p in journal.products()}
    patient = options.patient_name if options.patient_name is not None \
        else journal.setting("patient_name", "")
    questions = options.questions if options.questions is not None \
        else journal.setting("questions", "")
    data = ReportData(
        title="Microneedling recovery summary",
        patient_name=patient.strip(),
        start=start, end=end,
        generated=options.generated or dt.datetime.now().replace(microsecond=0),
        days_in_period=(end - start).days + 1,
        days_logged=len(entries),
        questions=questions.strip(),
    )

    # Sessions: those in the period, plus the one the period starts in (its Day N apply).
    shown = [s for s in all_sessions if start <= s.date <= end]
    before = [s for s in all_sessions if s.date < start]
    if before and (not shown or shown[0].date > start):
        shown.insert(0, before[-1])
    data.sessions = [_session_row(s, number_of[id(s)], start) for s in shown]

    def day_label(date: dt.date) -> str:
        day = day_since_session(date, session_dates)
        return "–" if day is None else str(day)

    # Ingredient classes per product (optional module).
    matcher = _ingredient_matcher()
    data.ingredients_known = matcher is not None
    if matcher is None:
        data.notices.append("Ingredient flags are not available in this version of the app.")

    progress(8, "Products and red flags")
    codes = _product_codes(products)
    used_days = journal.product_days(start, end)
    for pid, days in used_days.items():
        product = products.get(pid)
        if product is None:
            continue
        flags, soothing = _ingredient_flags(matcher, product.ingredients)
        data.products.append(ProductRow(
            code=codes[pid], name=product.name, brand=product.brand, category=product.category,
            days_used=len(days), first_used=days[0], last_used=days[-1], flags=flags,
            soothing=soothing, span=_span_text(days[0], days[-1], start.year == end.year)))
    # Flagged products first (what the dermatologist looks for), then by days used.
    data.products.sort(key=lambda p: (not p.flags, -p.days_used, p.name.lower()))

    for entry in entries:
        if not entry.flags:
            continue
        data.red_flags.append(RedFlagEvent(
            date=entry.date,
            day_label=_day_words(entry.date, session_dates, number_of, all_sessions),
            flags=[FLAGS[f][1] for f in entry.flags],
            ratings=_ratings_text(entry),
            products=", ".join(products[p].name for p in entry.product_ids if p in products),
            note=entry.note.strip(),
        ))

    data.summaries = _session_summaries(journal, shown, all_sessions, number_of, entries, end)

    if options.include_daily_log:
        progress(15, "Daily log")
        data.log_rows = [
            LogRow(
                date=e.date, day=day_label(e.date),
                ratings=["" if e.rating(n) is None else str(e.rating(n)) for n in SYMPTOMS],
                breakouts="" if e.breakouts is None else str(e.breakouts),
                products=" ".join(sorted((codes[p] for p in e.product_ids if p in codes),
                                         key=_code_order)),
                flags=[FLAGS[f][0].replace("-", " ") for f in e.flags],
                context=", ".join(name for name in CONTEXT if getattr(e, name)),
                note=_shorten(e.note, NOTE_LENGTH),
                is_session_day=e.date in session_dates,
            )
            for e in entries
        ]

    data.highlights = _highlights(data)

    if options.include_charts and entries:
        progress(25, "Drawing the charts")
        data.charts = _chart_images(journal, start, end, data.notices)
    if options.include_photos:
        progress(55, "Preparing the photos")
        data.photos, data.photo_note = _photo_images(journal, start, end, session_dates,
                                                     data.notices, progress)
    progress(80, "Laying out the pages")
    return data


def _session_row(s: Session, number: int, start: dt.date) -> SessionRow:
    return SessionRow(
        number=number, date=s.date, areas=", ".join(s.areas) or "–",
        depth="–" if s.depth_mm is None else f"{s.depth_mm:g} mm",
        clinic=s.clinic or "–", notes=s.notes, before_period=s.date < start)


def _day_words(date, session_dates, number_of, sessions) -> str:
    day = day_since_session(date, session_dates)
    if day is None:
        return "before the first session"
    latest = [s for s in sessions if s.date <= date][-1]
    return f"Day {day} after session {number_of[id(latest)]}"


def _ratings_text(entry: DayEntry) -> str:
    parts = [f"{SYMPTOM_LABELS[n].split(' /')[0].lower()} {entry.rating(n)}"
             for n in SYMPTOMS if entry.rating(n) is not None]
    if entry.breakouts is not None:
        parts.append(f"{entry.breakouts} new spot{'s' if entry.breakouts != 1 else ''}")
    return ", ".join(parts)


def _shorten(text: str, length: int) -> str:
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    return text[: length - 1].rstrip() + "…"


def _span_text(first: dt.date, last: dt.date, same_year: bool) -> str:
    def short(day):
        return f"{day.day} {day.strftime('%b')}" + ("" if same_year else f" {day.year % 100:02d}")
    return short(first) if first == last else f"{short(first)} – {short(last)}"


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


def _product_codes(products: dict) -> dict[int, str]:
    """Short, stable codes for the daily log: A, B ... Z, AA, AB ... by product name."""
    ordered = sorted(products.values(), key=lambda p: p.name.lower())
    return {p.id: _letters(i) for i, p in enumerate(ordered)}


def _letters(index: int) -> str:
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def _code_order(code: str) -> tuple[int, str]:
    return len(code), code


def _ingredient_matcher():
    try:
        from journal.care.ingredients import match_ingredients
    except ImportError:
        return None
    return match_ingredients


def _ingredient_flags(matcher, label: str) -> tuple[list[FlagClass], list[str]]:
    if matcher is None or not label:
        return [], []
    try:
        matches = matcher(label)
    except Exception:  # a bad label must not stop the summary
        log.info("ingredient matching failed", exc_info=True)
        return [], []
    flags: dict[str, FlagClass] = {}
    soothing: dict[str, None] = {}
    for m in matches:
        if getattr(m, "caution", True):
            group = flags.setdefault(m.class_id, FlagClass(m.class_name, []))
            if m.ingredient not in group.ingredients:
                group.ingredients.append(m.ingredient)
        else:
            soothing.setdefault(m.class_name, None)
    return list(flags.values()), list(soothing)


def _session_summaries(journal, shown, all_sessions, number_of, entries,
                       end) -> list[SessionSummary]:
    """Per session: days logged, peak new spots and its day, when redness settled, red flags.

    The numbers come from ``journal.trends.session_summaries`` (so the report and the
    Trends page agree); without that module, from our own reading of the entries.
    """
    flag_days: dict[int, list[str]] = {}
    for e in entries:
        if e.flags:
            day = day_since_session(e.date, [s.date for s in all_sessions])
            owner = [s for s in all_sessions if s.date <= e.date]
            if owner:
                flag_days.setdefault(number_of[id(owner[-1])], []).append(
                    f"Day {day}: {', '.join(FLAGS[f][0] for f in e.flags)}")
    try:
        from journal import trends
    except ImportError:
        trends = None
    rows = []
    if trends is not None:
        try:
            data = trends.build_trend_data(journal.entries(None, end), all_sessions,
                                           journal.products())
            wanted = {s.date: number_of[id(s)] for s in shown}
            for summary in trends.session_summaries(data, until=end):
                if summary.number not in wanted.values():
                    continue
                rows.append(_summary_row(summary.number, summary.session.date,
                                         summary.days_logged, summary.last_day,
                                         summary.peak_breakouts, summary.peak_day,
                                         summary.redness_settled_day, summary.current,
                                         summary.caution_days, flag_days))
            return rows
        except Exception:  # fall back to our own reading below
            log.info("trends.session_summaries failed", exc_info=True)
            rows = []
    for s in shown:
        index = all_sessions.index(s)
        next_date = all_sessions[index + 1].date if index + 1 < len(all_sessions) else None
        last = (next_date - dt.timedelta(days=1)) if next_date else max(end, s.date)
        own = [e for e in entries if s.date <= e.date <= last]
        peak = max((e for e in own if e.breakouts is not None),
                   key=lambda e: (e.breakouts, -e.date.toordinal()), default=None)
        settled = next((e for e in own if e.redness is not None
                        and e.redness <= SETTLED_REDNESS), None)
        rows.append(_summary_row(
            number_of[id(s)], s.date, len(own), (last - s.date).days,
            None if peak is None else peak.breakouts,
            None if peak is None else (peak.date - s.date).days,
            None if settled is None else (settled.date - s.date).days,
            next_date is None, None, flag_days))
    return rows


def _summary_row(number, date, days_logged, last_day, peak, peak_day, settled_day, current,
                 caution_days, flag_days) -> SessionSummary:
    if settled_day is not None:
        settled = f"Day {settled_day}"
    else:
        settled = f"not yet (Day {last_day})" if current else "not in the period"
    return SessionSummary(
        number=number, date=date,
        days_logged=f"{days_logged} of {last_day + 1}",
        peak_breakouts="–" if peak is None else f"{peak} on Day {peak_day}",
        peak_value=peak,
        redness_settled=settled,
        red_flag_days="; ".join(flag_days.get(number, [])) or "none",
        caution_days="–" if caution_days is None else str(caution_days),
    )


def _highlights(data: ReportData) -> list[str]:
    """The two-minute version: a few sentences at the top of page 1."""
    lines = []
    in_period = [s for s in data.sessions if not s.before_period]
    count = f"{len(in_period)} treatment session{'s' if len(in_period) != 1 else ''}"
    earlier = [s for s in data.sessions if s.before_period]
    if earlier:
        last = earlier[-1]
        sessions = (f"The period starts on Day {(data.start - last.date).days} after session "
                    f"{last.number} ({last.date.isoformat()}); "
                    + (f"{len(in_period)} more treatment session"
                       f"{'s' if len(in_period) != 1 else ''} in the period"
                       if in_period else "no new session in it"))
    else:
        sessions = f"{count} in the period" if in_period else "No treatment session yet"
    lines.append(f"{sessions}; {data.days_logged} of {data.days_in_period} days logged.")
    if data.red_flags:
        first = data.red_flags[0]
        more = (f" and {len(data.red_flags) - 1} more day{'s' if len(data.red_flags) > 2 else ''}"
                if len(data.red_flags) > 1 else "")
        count = len(data.red_flags)
        what = ", ".join(f[0].lower() + f[1:] for f in first.flags)
        lines.append(f"Red flag{'s' if count > 1 else ''} logged on "
                     f"{'1 day' if count == 1 else f'{count} days'}: "
                     f"{what} on {first.date.isoformat()} ({first.day_label}){more}.")
    else:
        lines.append("No red flags (pus, fever, spreading redness, cold sore) were logged.")
    peaks = [s for s in data.summaries if s.peak_value is not None]
    if peaks:
        worst = max(peaks, key=lambda s: s.peak_value)
        lines.append(f"Most new spots after a session: {worst.peak_breakouts} after session "
                     f"{worst.number} "
                     f"({worst.date.isoformat()}).")
    flagged = [p for p in data.products if p.flags]
    if flagged:
        parts = [f"{p.name} ({', '.join(f.name for f in p.flags)})" for p in flagged[:4]]
        more = f" and {len(flagged) - 4} more" if len(flagged) > 4 else ""
        lines.append(f"Products with caution ingredients: {'; '.join(parts)}{more}.")
    return lines


# -- pictures -----------------------------------------------------------------------------
def _figure_png(figure) -> tuple[bytes, int, int]:
    """A matplotlib figure as an RGB PNG at CHART_DPI (no alpha: one image object in the PDF)."""
    from PIL import Image

    buffer = io.BytesIO()
    # A tight box: whatever the chart's own margins, no label is cut off on paper.
    # Qt decodes the PNG and compresses the pixels into the PDF itself, so squeezing the
    # PNG buys nothing: the fastest compression (optimize=True took ~0.1 s a chart).
    figure.savefig(buffer, format="png", dpi=CHART_DPI, facecolor="white",
                   bbox_inches="tight", pad_inches=0.04, pil_kwargs={"compress_level": 1})
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue(), image.width, image.height


def _chart_images(journal, start, end, notices: list[str]) -> list[ReportImage]:
    """The timeline and recovery-curve charts from journal.charts, drawn at print size."""
    try:
        from journal import charts, trends
    except ImportError:
        notices.append("Charts are not available in this version of the app.")
        return []
    try:
        data = trends.load_trend_data(journal, start, end)
    except Exception:
        log.info("trend data failed", exc_info=True)
        notices.append("The charts could not be drawn.")
        return []
    # (key, heading, figure size in inches, builder). The figure is drawn at the size its
    # legend needs and shown CONTENT_WIDTH wide: the timeline's long legend needs 8.6 in.
    wanted = [
        ("timeline", "Symptoms and new spots over the period", (8.6, 3.4),
         lambda fig: charts.timeline_figure(data, fig, symptoms=("redness", "dryness"))),
        ("recovery", "Recovery curves: each session by day since the session", (6.9, 2.6),
         lambda fig: charts.recovery_figure(data, fig, series="breakouts", max_day=14)),
    ]
    images = []
    for key, title, (width_in, height_in), draw in wanted:
        try:
            figure = draw(charts.new_figure(width_in, height_in))
            png, png_width, png_height = _figure_png(figure)
        except Exception:  # a chart failing must not stop the summary
            log.info("chart %s failed", key, exc_info=True)
            notices.append(f"The {key} chart could not be drawn.")
            continue
        images.append(ReportImage(name=f"srj://chart-{key}", data=png, width=CONTENT_WIDTH,
                                  height=round(CONTENT_WIDTH * png_height / png_width),
                                  title=title))
    return images


def select_photos(photos: list[Photo], session_dates: list[dt.date]) -> list[Photo]:
    """Photos starred "for report"; if none, the first and last of each area per session."""
    starred = [p for p in photos if p.for_report]
    if starred:
        return starred
    groups: dict[tuple, list[Photo]] = {}
    for p in photos:
        day = day_since_session(p.date, session_dates)
        session_key = None if day is None else p.date - dt.timedelta(days=day)
        groups.setdefault((session_key, p.area), []).append(p)
    chosen: list[Photo] = []
    for group in groups.values():
        group.sort(key=lambda p: (p.date, p.taken_at or "", p.id or 0))
        chosen.append(group[0])
        if len(group) > 1:
            chosen.append(group[-1])
    chosen.sort(key=lambda p: (p.area, p.date, p.id or 0))
    return chosen


def _photo_images(journal, start, end, session_dates, notices, progress) -> tuple[list, str]:
    try:
        photos = journal.photos(start, end)
    except Exception:
        log.info("reading photos failed", exc_info=True)
        notices.append("Photos could not be read.")
        return [], ""
    chosen = select_photos(photos, session_dates)
    note = ("Photos marked “for report”." if any(p.for_report for p in chosen)
            else "First and last photo of each area after each session.")
    images = []
    for index, photo in enumerate(chosen):
        progress(55 + int(25 * index / max(1, len(chosen))), "Preparing the photos")
        path = journal.photos_dir / photo.file_name
        try:
            data, width, height = _downscaled_jpeg(path)
        except Exception as exc:  # a missing or broken file must not stop the summary
            log.info("photo %s skipped: %s", path, exc)
            notices.append(f"The photo of {photo.date.isoformat()} ({photo.area}) "
                           "could not be read and is left out.")
            continue
        box = 200
        scale = box / max(width, height)
        day = day_since_session(photo.date, session_dates)
        images.append(ReportImage(
            name=f"srj://photo-{index + 1}", data=data,
            width=round(width * scale), height=round(height * scale),
            caption=(f"{photo.date.isoformat()} · "
                     f"{'Day ' + str(day) if day is not None else 'no session'}"),
            detail=photo.area + (" ★" if photo.for_report else "")))
    return images, note


def _downscaled_jpeg(path: Path) -> tuple[bytes, int, int]:
    """The photo as a JPEG of at most PHOTO_LONG_SIDE px on its long side."""
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((PHOTO_LONG_SIDE, PHOTO_LONG_SIDE), Image.Resampling.LANCZOS)
        image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=PHOTO_JPEG_QUALITY, optimize=True)
        return out.getvalue(), image.width, image.height
