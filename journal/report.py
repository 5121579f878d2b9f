"""The dermatologist summary: one document for print preview, printer and PDF.

Three steps, each testable on its own:

1. ``collect_report`` gathers what the summary shows into plain dataclasses
   (pure Python: the Journal facade, trends/charts/ingredients if present,
   matplotlib and Pillow for the pictures). No Qt.
2. ``render_html`` fills ``resources/report.html.j2`` with Jinja2, autoescape ON:
   everything the user typed (notes, names, questions) prints literally.
3. ``build_report`` turns that HTML into a ``QTextDocument`` whose images are
   private resources (``srj://...``) and which refuses to load anything else;
   ``ReportDocument.paint`` lays it out for any paged device (QPrinter for the
   preview and the printer, QPdfWriter for the PDF) and paints it page by page
   with a footer and "Page N of M" on every page - so what is previewed is what
   is printed.

Optional parts (charts, ingredient flags, photos) degrade to a short notice
when their module is missing or fails, so the rest of the summary still prints.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from journal import APP_NAME
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
    from journal.models import latest_session
    latest = latest_session(date, sessions)
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
        names = ", ".join(cli.replace("-", " ") for cli, _ in FLAGS.values())
        lines.append(f"No red flags ({names}) were logged.")
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


# -- step 2: HTML -------------------------------------------------------------------------
def _resources_dir() -> Path:
    from journal.resources import resource_path

    return resource_path("")


def render_html(data: ReportData) -> str:
    """The summary as HTML for QTextDocument; user text is escaped by Jinja2's autoescape."""
    import jinja2
    from markupsafe import Markup, escape

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_resources_dir())),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )

    def nl2br(text: str) -> Markup:
        return Markup("<br>").join(escape(line) for line in (text or "").splitlines())

    env.filters["nl2br"] = nl2br
    env.filters["long_date"] = _long_date
    template = env.get_template("report.html.j2")
    return template.render(
        r=data, app_name=APP_NAME, keep_mark=KEEP_MARK, log_columns=LOG_COLUMNS,
        symptoms=[RATING_SHORT[n] for n in SYMPTOMS],
        symptom_legend=", ".join(f"{RATING_SHORT[n]} = {SYMPTOM_LABELS[n].lower()}"
                                 for n in SYMPTOMS),
        flag_names=[label[0].lower() + label[1:] for _, label in FLAGS.values()],
    )


# -- step 3: the Qt document --------------------------------------------------------------
def default_page_size():
    """A4, or Letter where the locale's territory uses it (for PDFs; printers have their own)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QPageSize

    locale = QLocale.system()
    territory = locale.territory() if hasattr(locale, "territory") else locale.country()
    return QPageSize(paper_for_territory(getattr(territory, "name", str(territory))))


def paper_for_territory(name: str):
    """QPageSize.Letter for the territories that use it (QLocale names), else A4."""
    from PySide6.QtGui import QPageSize

    return QPageSize.Letter if name in LETTER_TERRITORIES else QPageSize.A4


def page_layout(page_size=None):
    """Our page layout (portrait, our margins) for `page_size` (default: the locale's)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout

    return QPageLayout(page_size or default_page_size(), QPageLayout.Portrait,
                       QMarginsF(*MARGINS_MM), QPageLayout.Millimeter)


class ReportDocument:
    """The built summary: a QTextDocument plus what the footer needs.

    ``paint(device)`` lays the document out for the device's printable area and
    paints every page; use it for QPrinter (preview and printing) and QPdfWriter.
    """

    def __init__(self, data: ReportData, html: str, reference_device, images,
                 prefix_html: str | None = None):
        self.data = data
        self.html = html
        self.prefix_html = prefix_html      # the same without the daily log (long reports)
        self.images = images                # resource name -> QImage
        self._reference = reference_device  # the layout's paint device (kept alive)
        self.document = self._new_document()
        self._spacers: list[tuple[int, float]] = []   # (block number, height), in order
        self._laid_out_for = None
        self.load_html()
        who = f"{data.patient_name} · " if data.patient_name else ""
        self.footer_text = f"{APP_NAME} · {who}{data.period_text} · patient-recorded data"

    @property
    def title(self) -> str:
        name = f" – {self.data.patient_name}" if self.data.patient_name else ""
        return f"{self.data.title}{name} ({self.data.start} to {self.data.end})"

    @property
    def image_count(self) -> int:
        return len(self.data.images)

    def layout_for(self, device) -> tuple[float, float, float]:
        """Lay the document out for `device`; return (scale, body width, body height) in px."""
        from PySide6.QtCore import QSizeF
        from PySide6.QtGui import QPageLayout

        rect = device.pageLayout().paintRect(QPageLayout.Inch)
        # Whole px: Qt keeps layout positions in 1/64 px, and pages must meet exactly.
        width = float(int(rect.width() * LAYOUT_DPI))
        height = float(int(rect.height() * LAYOUT_DPI - FOOTER_HEIGHT))
        if self._laid_out_for != (width, height):
            if self._spacers:  # laid out before for other paper: start from the HTML again
                self.load_html()
            self.document.setPageSize(QSizeF(width, height))
            if self.prefix_html is not None:
                self._replay(self._prefix_spacers(QSizeF(width, height)))
            self._keep_headings_with_next(self.document, height)
            self._laid_out_for = (width, height)
        return device.logicalDpiX() / LAYOUT_DPI, width, height

    def _new_document(self):
        from PySide6.QtGui import QFont

        document = _make_text_document_class()()
        document.documentLayout().setPaintDevice(self._reference)
        document.setUseDesignMetrics(True)
        document.setDocumentMargin(0)
        font = QFont({"win32": "Arial", "darwin": "Helvetica"}.get(sys.platform, "DejaVu Sans"))
        font.setStyleHint(QFont.SansSerif)
        font.setPointSizeF(9)
        if hasattr(font, "setFeature"):  # Qt >= 6.7: no "fi" ligature, so PDF text searches
            for tag in ("liga", "clig"):
                font.setFeature(QFont.Tag(tag), 0)
        document.setDefaultFont(font)
        return document

    def _fill(self, document, html: str) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QTextDocument

        document.setHtml(html)
        for name, image in self.images.items():
            document.addResource(QTextDocument.ImageResource, QUrl(name), image)
        document.setMetaInformation(QTextDocument.DocumentTitle, self.data.title)

    def load_html(self) -> None:
        """(Re)fill the document from the HTML, with our pictures as its only resources."""
        self._fill(self.document, self.html)
        self._spacers = []
        self._laid_out_for = None

    def _prefix_spacers(self, page_size) -> list[tuple[int, float]]:
        """Spacers for the part before the daily log, found on a document without the log.

        Every spacer makes Qt lay out the rest of the document again, which for a
        daily log of years takes about a second. What comes before the log lays out the
        same with or without it, so its spacers are found on the short document and then
        replayed on the long one in a single edit.
        """
        prefix = self._new_document()
        self._fill(prefix, self.prefix_html)
        prefix.setPageSize(page_size)
        limit = _heading_number(prefix, "Daily log")
        found = self._keep_headings_with_next(prefix, page_size.height(), record=[])
        before_log = []
        for number, height in found:  # keep those above the log (each moves it down one)
            if number < limit:
                before_log.append((number, height))
                limit += 1
        return before_log

    def _replay(self, spacers: list[tuple[int, float]]) -> None:
        from PySide6.QtGui import QTextCursor

        if not spacers:
            return
        cursor = QTextCursor(self.document)
        cursor.beginEditBlock()
        for number, height in spacers:
            _insert_spacer_at(self.document.findBlockByNumber(number), height, cursor)
        cursor.endEditBlock()
        self._spacers += spacers

    def _headings(self):
        block = self.document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                yield block
            block = block.next()

    def _keep_headings_with_next(self, document, page_height: float,
                                 record: list | None = None) -> list[tuple[int, float]]:
        """Keep a heading with what follows it, a photo row together, a table row whole.

        Qt's rich text has no "keep with next", after some tables it even lets a heading
        straddle the page end (a page-break-before then skips a whole page), and it splits
        table rows line by line. So after layout, a heading whose following block starts
        on a later page or that crosses the page end, a group between two KEEP_MARK
        paragraphs (a photo row) that crosses a page end, and a table row shorter than a
        page that crosses one, get an empty fixed-height block before them that fills the
        rest of the page. One fix at a time on a complete layout, and confirmed on a fresh
        one at the end (Qt's incremental relayout after an edit is not always the same).
        Returns the list of spacers, as (block number, height).
        """
        from PySide6.QtGui import QTextCursor

        record = self._spacers if record is None else record
        layout = document.documentLayout()
        moved_rows: set[tuple[int, int]] = set()
        fresh = False
        for _fix in range(MAX_LAYOUT_FIXES):
            document.pageCount()  # lay out everything (Qt does it lazily otherwise)
            spacers = _next_fix(document, layout, page_height, moved_rows)
            if not spacers:
                if fresh:
                    break
                # Confirm on a complete fresh layout before stopping.
                document.markContentsDirty(0, document.characterCount())
                fresh = True
                continue
            fresh = False
            cursor = QTextCursor(document)
            cursor.beginEditBlock()  # one relayout for all the spacers of this fix
            for number, height in spacers:
                record.append((number, height))
                _insert_spacer_at(document.findBlockByNumber(number), height, cursor)
            cursor.endEditBlock()
        return record

    def page_count(self, device=None) -> int:
        if device is not None:
            self.layout_for(device)
        return self.document.pageCount()

    def paint(self, device, progress: Progress | None = None) -> int:
        """Paint every page on a paged device (QPrinter / QPdfWriter); return the page count."""
        from PySide6.QtCore import QPointF, QRectF, Qt
        from PySide6.QtGui import QColor, QFont, QPainter, QPen

        scale, width, height = self.layout_for(device)
        pages = self.document.pageCount()
        painter = QPainter()
        if not painter.begin(device):
            raise JournalError("could not start printing (the printer or file is not available)")
        try:
            painter.setRenderHint(QPainter.Antialiasing)
            painter.setRenderHint(QPainter.SmoothPixmapTransform)
            painter.scale(scale, scale)
            footer_font = QFont(self.document.defaultFont())
            footer_font.setPixelSize(10)  # layout px: 7.5 pt
            for page in range(pages):
                if progress:
                    progress(85 + int(15 * page / max(1, pages)), f"Page {page + 1} of {pages}")
                if page:
                    device.newPage()
                painter.save()
                painter.translate(0, -page * height)
                self.document.drawContents(painter, QRectF(0, page * height, width, height))
                painter.restore()
                # Footer: a rule, who/what on the left, "Page N of M" on the right.
                top = height + 8
                painter.setPen(QPen(QColor("#9aa5ad"), 0.6))
                painter.drawLine(QPointF(0, top), QPointF(width, top))
                painter.setFont(footer_font)
                painter.setPen(QColor("#4a5560"))
                box = QRectF(0, top + 3, width, FOOTER_HEIGHT - 11)
                painter.drawText(box, Qt.AlignLeft | Qt.AlignTop, self.footer_text)
                painter.drawText(box, Qt.AlignRight | Qt.AlignTop, f"Page {page + 1} of {pages}")
        finally:
            painter.end()
        return pages

    def write_pdf(self, path: Path | str, page_size=None, progress: Progress | None = None) -> int:
        """Write the PDF atomically (temp file, then rename); return the number of pages."""
        from PySide6.QtGui import QPdfWriter

        path = Path(path)
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".pdf.tmp",
                                            dir=str(path.parent))
        except OSError as exc:
            raise JournalError(f"could not write {path}: {exc.strerror or exc}") from None
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            writer = QPdfWriter(str(tmp))
            writer.setResolution(600)
            writer.setPageLayout(page_layout(page_size))
            writer.setTitle(self.title)
            writer.setCreator(APP_NAME)
            pages = self.paint(writer, progress)
            del writer  # flushes and closes the file
            if tmp.stat().st_size == 0:
                raise JournalError(f"could not write {path}")
            os.replace(tmp, path)
        except OSError as exc:
            raise JournalError(f"could not write {path}: {exc.strerror or exc}") from None
        finally:
            if tmp.exists():
                tmp.unlink()
        return pages


def _fit_log_rows(rows: list[LogRow], device) -> None:
    """Shorten the daily log's products, context and note so that every row is one line.

    A one-line row never splits across pages, and the log stays compact. Widths are
    measured with the log's font at the layout resolution.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontMetricsF

    font = QFont()
    font.setFamilies(LOG_FONT_FAMILIES)
    font.setPointSizeF(LOG_FONT_POINTS)
    bold = QFont(font)
    bold.setBold(True)
    metrics, bold_metrics = QFontMetricsF(font, device), QFontMetricsF(bold, device)
    padding = 4 + 6  # cell padding plus a safety margin for Qt's column rounding

    def width(column: str) -> float:
        return LOG_FIT_WIDTH * LOG_COLUMNS[column] / 100 - padding

    for row in rows:
        row.products = metrics.elidedText(row.products, Qt.ElideRight, width("products"))
        row.context = metrics.elidedText(row.context, Qt.ElideRight, width("context"))
        room = width("note")
        if row.flags:
            room -= bold_metrics.horizontalAdvance(", ".join(row.flags)) \
                + metrics.horizontalAdvance(" · ")
        row.note = metrics.elidedText(row.note, Qt.ElideRight, max(0.0, room))


def _next_fix(document, layout, page_height: float, moved_rows) -> list[tuple[int, float]]:
    """The first page-break problem as spacers to insert, [(block number, height)], or []."""
    block = document.begin()
    while block.isValid():
        is_heading = block.blockFormat().headingLevel() > 0
        if not is_heading and not _is_keep_mark(block):
            block = block.next()
            continue
        top = _first_line_top(layout, block)
        page_end = (int((top + 1) // page_height) + 1) * page_height
        if is_heading:
            if block.next().isValid() and block.layout().lineCount():
                height = block.layout().lineAt(0).height()
                following = _first_line_top(layout, block.next())
                if following + 1 >= page_end or top + height > page_end + 0.5:
                    return [(block.blockNumber(), page_end - top)]
        else:
            bottom, _end = _group_bottom(layout, block.next())
            if bottom > page_end + 0.5 and bottom - top < page_height:
                # Take the section's heading (and its legend) along if they would be left
                # behind on this page.
                target = _heading_before(block) or block
                target_top = _first_line_top(layout, target)
                if target is not block and target_top < page_end - page_height:
                    target, target_top = block, top
                return [(target.blockNumber(), page_end - target_top)]
        block = block.next()
    split = _first_split_row(document, layout, page_height, moved_rows)
    if split is None:
        return []
    table, row, top = split
    moved_rows.add((table.firstPosition(), row))  # never the same row twice
    page_end = (int((top + 1) // page_height) + 1) * page_height
    # A little short of the page end: a spacer that does not quite fit in its cell
    # (padding) would itself go to the next page and push the row twice.
    height = page_end - top - CELL_SPACER_SLACK
    firsts = []
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.row() == row and cell.column() == column:
            firsts.append(document.findBlock(cell.firstPosition()).blockNumber())
    return [(number, height) for number in reversed(firsts)]  # from the end: numbers hold


def _insert_spacer_at(block, height: float, cursor=None):
    """An empty block of `height` px before `block`, pushing it down (to the next page).

    Returns the block that now holds `block`'s content. With `cursor`, the caller holds
    an edit block open (one relayout for many spacers).
    """
    from PySide6.QtGui import QTextBlockFormat, QTextCursor

    own = cursor is None
    cursor = QTextCursor(block) if own else cursor
    position = block.position()
    cursor.setPosition(position)
    if own:
        cursor.beginEditBlock()  # one relayout for both steps
    cursor.insertBlock(block.blockFormat(), block.charFormat())  # the content moves down
    moved = cursor.block()
    spacer = QTextBlockFormat()
    spacer.setLineHeight(max(1.0, height), QTextBlockFormat.FixedHeight.value)
    spacer.setTopMargin(0)
    spacer.setBottomMargin(0)
    cursor.setPosition(position)  # the new empty block (setPosition does not lay out)
    cursor.setBlockFormat(spacer)
    if own:
        cursor.endEditBlock()
    return moved


def _heading_number(document, text: str) -> int:
    """Block number of the heading with this text (a very large number if none)."""
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.text() == text:
            return block.blockNumber()
        block = block.next()
    return 1 << 30


def _tables(frame):
    from PySide6.QtGui import QTextTable

    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from _tables(child)


def _first_split_row(document, layout, page_height: float, skip=frozenset()):
    """(table, row, top) of the first table row whose lines fall on two pages, or None.

    Qt breaks table rows line by line; a row shorter than a page is better moved whole.
    Only the row just above each page end can cross it, so each page end is looked up
    with a binary search over the rows (the daily log has thousands).
    """
    def row_top(table, row):
        cell = table.cellAt(row, 0)
        return _first_line_top(layout, document.findBlock(cell.firstPosition()))

    def row_span(table, row):
        top, bottom = float("inf"), 0.0
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            if cell.row() != row or cell.column() != column:
                continue  # covered by a spanning cell
            first = document.findBlock(cell.firstPosition())
            last = document.findBlock(max(cell.firstPosition(), cell.lastPosition() - 1))
            # Spacers and empty cells show nothing, wherever their lines are.
            while first.blockNumber() < last.blockNumber() and not first.text().strip():
                first = first.next()
            if not first.text().strip():
                continue
            top = min(top, _first_line_top(layout, first))
            bottom = max(bottom, _last_line_bottom(layout, last))
        return top, bottom

    for table in _tables(document.rootFrame()):
        first_row = table.format().headerRowCount()
        if first_row >= table.rows():
            continue
        table_top = row_top(table, first_row)
        table_bottom = row_span(table, table.rows() - 1)[1]
        page_end = (int((table_top + 1) // page_height) + 1) * page_height
        while page_end < table_bottom:
            low, high = first_row, table.rows() - 1   # last row starting above page_end
            while low < high:
                middle = (low + high + 1) // 2
                if row_top(table, middle) < page_end:
                    low = middle
                else:
                    high = middle - 1
            for row in sorted({low, max(first_row, low - 1)}):
                if (table.firstPosition(), row) in skip:
                    continue
                top, bottom = row_span(table, row)
                # A few px over the end is the line's descent and padding, not text.
                if top < page_end < bottom - ROW_OVERHANG and bottom - top < page_height:
                    return table, row, top
            page_end += page_height
    return None


def _last_line_bottom(layout, block) -> float:
    text_layout = block.layout()
    rect = layout.blockBoundingRect(block)
    if text_layout is None or not text_layout.lineCount():
        return rect.bottom()
    last = text_layout.lineAt(text_layout.lineCount() - 1)
    return rect.top() + last.y() + last.height()


def _heading_before(block):
    """The heading just before `block` (at most two plain paragraphs back), or None."""
    from PySide6.QtGui import QTextCursor

    previous = block.previous()
    for _ in range(3):
        if not previous.isValid() or QTextCursor(previous).currentTable() is not None:
            return None
        if previous.blockFormat().headingLevel() > 0:
            return previous
        previous = previous.previous()
    return None


def _is_keep_mark(block) -> bool:
    return block.text().strip() == KEEP_MARK


def _group_bottom(layout, block):
    """Lowest line bottom from `block` up to the next KEEP_MARK block (returned too)."""
    bottom = 0.0
    while block.isValid() and not _is_keep_mark(block):
        text_layout = block.layout()
        if text_layout is not None and text_layout.lineCount():
            last = text_layout.lineAt(text_layout.lineCount() - 1)
            bottom = max(bottom, layout.blockBoundingRect(block).top() + last.y() + last.height())
        block = block.next()
    return bottom, (block if block.isValid() else None)


def _first_line_top(layout, block) -> float:
    """Where the block's first line is drawn (a line that did not fit is pushed down)."""
    top = layout.blockBoundingRect(block).top()
    text_layout = block.layout()
    if text_layout is not None and text_layout.lineCount():
        top += text_layout.lineAt(0).y()
    return top


def _make_text_document_class():
    from PySide6.QtGui import QImage, QTextDocument

    class SealedTextDocument(QTextDocument):
        """A QTextDocument that loads nothing by itself: only resources we added exist.

        Returning nothing is not enough: Qt's image handler then reads the file named in
        ``src`` itself. So any unknown image is a blank pixel and any other resource empty.
        """

        _blank = None

        def loadResource(self, type_, name):  # noqa: N802 - Qt API
            if type_ == QTextDocument.ImageResource:
                if SealedTextDocument._blank is None:
                    blank = QImage(1, 1, QImage.Format_RGB32)
                    blank.fill(0xFFFFFFFF)
                    SealedTextDocument._blank = blank
                return SealedTextDocument._blank
            return ""

    return SealedTextDocument


def build_report(journal, start: dt.date, end: dt.date, options: ReportOptions | None = None,
                 progress: Progress | None = None) -> ReportDocument:
    """Build the summary for `start`..`end` as a ReportDocument (needs a QGuiApplication)."""
    return report_document(collect_report(journal, start, end, options, progress))


def report_document(data: ReportData) -> ReportDocument:
    """The printable document for collected data (on the GUI thread: it makes Qt objects)."""
    from PySide6.QtGui import QImage

    # Lay out at a fixed resolution whatever the screen: a 96 dpi image as the paint device.
    reference = QImage(8, 8, QImage.Format_RGB32)
    reference.setDotsPerMeterX(round(LAYOUT_DPI / 0.0254))
    reference.setDotsPerMeterY(round(LAYOUT_DPI / 0.0254))
    if data.log_rows:
        _fit_log_rows(data.log_rows, reference)
    html = render_html(data)
    # Everything before the daily log, for laying out a long report quickly (see layout_for).
    prefix_html = None
    if data.log_rows and len(data.log_rows) > PREFIX_LAYOUT_ROWS:
        prefix_html = render_html(replace(data, log_rows=[], questions=""))
    images = {}
    for image in data.images:
        qimage = QImage.fromData(image.data)
        if not qimage.isNull():
            images[image.name] = qimage
    return ReportDocument(data, html, reference, images, prefix_html)


# -- command line -------------------------------------------------------------------------
def ensure_gui_application():
    """A QGuiApplication for headless use; offscreen when there is no display."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def check_out_path(out: str | Path) -> Path:
    """The PDF path to write; JournalError unless it ends in .pdf in an existing folder."""
    path = Path(out).expanduser()
    if path.suffix.lower() != ".pdf":
        raise JournalError(
            f"the report is a PDF: the file name must end in .pdf, not {path.name!r}")
    if path.is_dir():
        raise JournalError(f"{path} is a folder; give a file name ending in .pdf")
    if not path.parent.is_dir():
        raise JournalError(f"the folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise JournalError(f"the folder {path.parent} is not writable")
    return path


def report_cli(journal, args) -> int:
    """`python main.py report --out FILE.pdf [--from DATE] [--to DATE]`."""
    from journal.paths import refuse_inside_data_dir
    from journal.terminal import safe

    out = check_out_path(args.out)
    refuse_inside_data_dir(journal.data_dir, out, "report")
    end = parse_date(args.end) if getattr(args, "end", None) else dt.date.today()
    if getattr(args, "start", None):
        start = parse_date(args.start)
    else:
        start = default_period(journal, end)[0]
    start, end = check_period(start, end)
    began = time.perf_counter()
    ensure_gui_application()
    report = build_report(journal, start, end)
    pages = report.write_pdf(out)
    size_kb = out.stat().st_size / 1024
    print(safe(f"wrote {out}") + f" ({pages} page{'s' if pages != 1 else ''}, {size_kb:.0f} KB, "
          f"{start} to {end}) in {time.perf_counter() - began:.1f} s")
    for notice in report.data.notices:
        print(safe(f"note: {notice}"), file=sys.stderr)
    return 0
