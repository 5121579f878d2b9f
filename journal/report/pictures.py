"""The summary's pictures: the charts (journal.report.print_charts, Qt) and the photo
pairs (Pillow).

Photos are chosen to be compared: per area, the baseline (earliest photo) with the
latest, starred photos with their match, and the same Day N after the previous session
(``journal.photo_match``, the compare dialog's own rule). Pairs print two to a row, all
at one size, so the grid has no half-empty row.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from journal.models import AREAS, Photo, day_since_session, latest_session
from journal.photo_match import day_zero_match, previous_session_match
from journal.report.collect import (
    CONTENT_WIDTH, LAYOUT_DPI, PhotoPair, ReportImage, long_date, short_names,
)

log = logging.getLogger(__name__)

PRINT_DPI = 200             # the charts are painted at this resolution
# px of the embedded JPEG: over 300 dpi at its printed size, and the size of the photo
# viewer's stand-ins, so the two share their thumbnails (thumbs/<stem>-512.jpg).
PHOTO_LONG_SIDE = 512
PHOTO_JPEG_QUALITY = 80
PHOTO_BOX = (120, 150)      # layout px (width, height): every photo fits; four rows fit Letter too
MAX_PAIRS = 8               # one page of photo pairs (four rows of two pairs)


# -- charts -------------------------------------------------------------------------------
def _png_size(png: bytes) -> tuple[int, int] | None:
    """(width, height) of a whole PNG file, else None (a damaged kept file)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR" or png[-8:-4] != b"IEND":
        return None
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _chart_digest(data) -> str:
    """A digest of everything the two charts are drawn from (see journal.report.kept)."""
    from journal import format as fmt
    from journal import palette, trends
    from journal.report import kept

    # The drawing code (found, not imported: that would import Qt), with the code of its
    # data and words.
    sources = [Path(__file__), Path(trends.__file__), Path(fmt.__file__),
               Path(palette.__file__), Path(__file__).with_name("print_charts.py")]
    return kept.digest(
        data.start, data.end, data.dates, data.values, data.logged, data.flags,
        [sorted(classes) for classes in data.caution],
        data.caution_products, data.sessions, data.days, sorted(data.entries.items()),
        # Names (strip labels) and labels: a product's caution classes come from its label.
        sorted((p.id, p.name, p.ingredients) for p in data.products.values()),
        fmt.current_locale(), PRINT_DPI, CONTENT_WIDTH, kept.source_digest(*sources))


def chart_images(data, notices: list[str], data_dir=None) -> list[ReportImage]:
    """The timeline and recovery-curve charts, drawn at print size.

    With `data_dir`, a chart drawn before from the same data is read back from the
    journal's cache/report/ folder (journal.report.kept)."""
    from journal.report import kept

    titles = {
        "timeline": "Symptoms and new spots over the period; below, the days each product "
                    "with a caution ingredient was used",
        "recovery": "Recovery curves: new spots by day since each session",
    }
    names = {}
    if data_dir is not None:
        try:
            key = _chart_digest(data)
            names = {chart: f"chart-{chart}-{key[:32]}.png" for chart in titles}
        except Exception:  # a cache that cannot be keyed is only a cache missed
            log.info("chart digest failed", exc_info=True)
    images, missing = {}, []
    for chart, title in titles.items():
        png = kept.read(data_dir, names[chart]) if chart in names else None
        size = _png_size(png) if png else None
        if size is None:
            missing.append(chart)
            continue
        images[chart] = ReportImage(name=f"srj://chart-{chart}", data=png, width=CONTENT_WIDTH,
                                    height=round(CONTENT_WIDTH * size[1] / size[0]), title=title)
    if missing:
        for image in _draw_charts(data, notices, titles, missing):
            chart = image.name.removeprefix("srj://chart-")
            images[chart] = image
            if chart in names:
                kept.write(data_dir, names[chart], image.data)
    return [images[chart] for chart in titles if chart in images]


def _draw_charts(data, notices: list[str], titles: dict, keys: list[str]) -> list[ReportImage]:
    """The charts `keys` painted with Qt at print size (journal.report.print_charts), as PNG
    images CONTENT_WIDTH wide."""
    from journal.report import print_charts

    short = short_names([p.name for p in data.products.values()])
    width = CONTENT_WIDTH * 72 / LAYOUT_DPI    # points
    painters = {
        "timeline": lambda: print_charts.timeline(
            data, width, dpi=PRINT_DPI, symptoms=("redness", "dryness"),
            strip_label=lambda name: short.get(name, name)),
        "recovery": lambda: print_charts.recovery(data, width, dpi=PRINT_DPI, max_day=14),
    }
    images = []
    for key in keys:
        try:
            chart = painters[key]()
            png = chart.png()
        except Exception:  # a chart failing must not stop the summary
            log.info("chart %s failed", key, exc_info=True)
            notices.append(f"The {key} chart could not be drawn.")
            continue
        images.append(ReportImage(name=f"srj://chart-{key}", data=png, width=CONTENT_WIDTH,
                                  height=round(CONTENT_WIDTH * chart.height / chart.width),
                                  title=titles[key]))
    return images


# -- photos -------------------------------------------------------------------------------
def choose_pairs(journal, start: dt.date, end: dt.date,
                 max_pairs: int = MAX_PAIRS) -> list[tuple[str, Photo, Photo]]:
    """(kind, earlier, later) photo pairs to compare, most useful first, an even number.

    Per area, in order: each starred photo with its match (same Day N, or the nearest
    day, after the previous session; else this session's "before" photo); the baseline
    (earliest photo of the area up to `end`) with the latest of the period; then each
    photo of the period, newest session first, with the photo of the same Day N after the
    previous session. Areas take turns, so each area gets its first pairs before any
    area gets more.
    """
    in_period = journal.photos(start, end)
    areas = sorted({p.area for p in in_period},
                   key=lambda a: (AREAS.index(a) if a in AREAS else len(AREAS), a))
    session_dates = [s.date for s in journal.sessions()]

    def candidates(area):
        """The area's pairs, most useful first, found as they are asked for: each match is
        a query, and five years hold thousands of photos for a page of eight pairs."""
        everything = [p for p in journal.photos(None, end, area)]
        mine = [p for p in in_period if p.area == area]
        for photo in reversed([p for p in mine if p.for_report]):
            yield ("starred", previous_session_match(journal, photo)
                   or day_zero_match(journal, photo), photo)
        if everything and everything[0].id != mine[-1].id:
            yield ("baseline", everything[0], mine[-1])
        by_session = sorted(mine, key=lambda p: (-(p.date - dt.timedelta(
            days=day_since_session(p.date, session_dates) or 0)).toordinal(), p.date))
        for photo in by_session:
            day = day_since_session(photo.date, session_dates)
            if not day:
                continue   # day 0 is the baseline's business
            match = previous_session_match(journal, photo)
            if match is not None and day_since_session(match.date, session_dates) == day:
                yield ("same day", match, photo)

    def queue(area):
        seen = set()
        for kind, earlier, later in candidates(area):
            key = frozenset((earlier.id, later.id)) if earlier is not None else None
            if earlier is None or key in seen or earlier.id == later.id:
                continue
            seen.add(key)
            yield (kind, earlier, later)

    queues = [queue(area) for area in areas]
    chosen: list[tuple[str, Photo, Photo]] = []
    while len(chosen) < max_pairs and queues:   # areas take turns
        for source in list(queues):
            if len(chosen) >= max_pairs:
                break
            pair = next(source, None)
            if pair is None:
                queues.remove(source)
            else:
                chosen.append(pair)
    if len(chosen) % 2 and len(chosen) > 1:
        chosen.pop()   # two pairs a row: no half-empty row
    order = {area: i for i, area in enumerate(areas)}
    chosen.sort(key=lambda pair: order[pair[2].area])   # stable: priority within an area
    return chosen


def photo_pairs(journal, start, end, label: Callable, notices: list[str],
                progress) -> tuple[list[PhotoPair], str]:
    """The chosen pairs as pictures with captions; `label(session)` names a session."""
    try:
        pairs = choose_pairs(journal, start, end)
    except Exception:
        log.info("reading photos failed", exc_info=True)
        notices.append("Photos could not be read.")
        return [], ""
    sessions = journal.sessions()
    dates = [s.date for s in sessions]
    images: dict[int, ReportImage | None] = {}
    # Decoded two at a time (Pillow lets go of the GIL while it decodes and scales).
    photos = list({p.id: p for _kind, *both in pairs for p in both}.values())
    with ThreadPoolExecutor(max_workers=2) as pool:
        scaled = dict(zip((p.id for p in photos), pool.map(
            lambda p: _print_copy(journal.photos_dir, journal.thumbs_dir, p.file_name),
            photos)))

    def image(photo: Photo) -> ReportImage | None:
        if photo.id in images:
            return images[photo.id]
        path = journal.photos_dir / photo.file_name
        try:
            result = scaled[photo.id]
            if isinstance(result, Exception):
                raise result
            data, width, height = result
        except Exception as exc:  # a missing or broken file must not stop the summary
            log.info("photo %s skipped: %s", path, exc)
            notices.append(f"The photo of {long_date(photo.date)} ({photo.area}) "
                           "could not be read and is left out.")
            images[photo.id] = None
            return None
        scale = min(PHOTO_BOX[0] / width, PHOTO_BOX[1] / height)
        day = day_since_session(photo.date, dates)
        session = latest_session(photo.date, sessions)
        images[photo.id] = ReportImage(
            name=f"srj://photo-{photo.id}", data=data,
            width=round(width * scale), height=round(height * scale),
            caption=f"{long_date(photo.date)} · {'Day ' + str(day) if day is not None else 'no session yet'}",
            session=label(session) if session is not None else "before the first session",
            detail=photo.area + (" ★" if photo.for_report else ""))
        return images[photo.id]

    out = []
    for index, (kind, earlier, later) in enumerate(pairs):
        progress(55 + int(25 * index / max(1, len(pairs))), "Preparing the photos")
        left, right = image(earlier), image(later)
        if left is None or right is None:
            continue
        area = later.area[:1].upper() + later.area[1:]
        left_day, right_day = left.caption.split(" · ")[1], right.caption.split(" · ")[1]
        star = " ★" if kind == "starred" else ""
        if kind == "baseline":
            title = f"{area}: first and latest"
        elif left_day == right_day:
            title = f"{area}: {right_day}{star}, previous session and this one"
        elif left.session == right.session:
            title = f"{area}: {right_day}{star} beside {left_day} of the same session"
        else:   # the nearest day after the previous session: say which, not "the one before"
            title = f"{area}: {right_day}{star} beside {left_day} of the previous session"
        out.append(PhotoPair(title=title, left=left, right=right))
    if len(out) % 2 and len(out) > 1:
        out.pop()
    note = ("Per area: starred photos (★) beside the one to compare, the first photo beside "
            "the latest, and the same Day N after the previous session beside this one.")
    return out, note


def _print_copy(photos_dir: Path, thumbs_dir: Path, file_name: str
                ) -> tuple[bytes, int, int] | Exception:
    """The photo as a JPEG of at most PHOTO_LONG_SIDE px: the thumbnail of that size
    (journal.store.photos, a disposable cache that goes with the photo), made if missing -
    the next brief reads it as it is - else scaled here; or the error, for the caller."""
    from PIL import Image

    from journal.store.photos import build_thumbnail

    try:
        data = build_thumbnail(photos_dir / file_name, thumbs_dir, PHOTO_LONG_SIDE).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            return data, image.width, image.height
    except Exception:  # no thumbnail (a read-only folder?): scaled in memory
        try:
            return _downscaled_jpeg(photos_dir / file_name)
        except Exception as exc:  # reported by the caller, photo by photo
            return exc


def _downscaled_jpeg(path: Path) -> tuple[bytes, int, int]:
    """The photo as a JPEG of at most PHOTO_LONG_SIDE px on its long side."""
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        # JPEG: decode at 1/2, 1/4 or 1/8 of the size, the smallest that still covers the
        # result (asked for with the photo's own shape: a square box would take the
        # short side for the long one and decode four times the pixels).
        width, height = image.size
        scale = PHOTO_LONG_SIDE / max(width, height, 1)
        if scale < 1:
            image.draft("RGB", (max(1, round(width * scale)), max(1, round(height * scale))))
        image = ImageOps.exif_transpose(image)
        # reducing_gap: a fast box reduction first, then Lanczos on the last factor of 2.
        image.thumbnail((PHOTO_LONG_SIDE, PHOTO_LONG_SIDE), Image.Resampling.LANCZOS,
                        reducing_gap=2.0)
        image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=PHOTO_JPEG_QUALITY)
        return out.getvalue(), image.width, image.height
