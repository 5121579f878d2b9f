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
CHART_TITLES = {
    "timeline": "Symptoms and new spots over the period; below, the days each product "
                "with a caution ingredient was used",
    "recovery": "Recovery curves: new spots by day since each session",
}


def chart_images(data, notices: list[str]) -> list[ReportImage]:
    """The timeline and the recovery curves painted with Qt at print size
    (journal.report.print_charts), CONTENT_WIDTH wide; a chart that fails is a notice.

    Painted afresh for every brief: a few hundredths of a second, less than keeping them
    as PNG files and reading them back would save."""
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
    for key, title in CHART_TITLES.items():
        try:
            chart = painters[key]()
        except Exception:  # a chart failing must not stop the summary
            log.info("chart %s failed", key, exc_info=True)
            notices.append(f"The {key} chart could not be drawn.")
            continue
        images.append(ReportImage(name=f"srj://chart-{key}", data=b"", picture=chart.image,
                                  width=CONTENT_WIDTH,
                                  height=round(CONTENT_WIDTH * chart.height / chart.width),
                                  title=title))
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
        copies = {p.id: pool.submit(_print_copy, journal, p) for p in photos}

    def image(photo: Photo) -> ReportImage | None:
        if photo.id in images:
            return images[photo.id]
        path = journal.photos_dir / photo.file_name
        try:
            data, width, height = copies[photo.id].result()
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


def _print_copy(journal, photo: Photo) -> tuple[bytes, int, int]:
    """(a worker thread) The photo as a JPEG of at most PHOTO_LONG_SIDE px: the thumbnail of
    that size (journal.store.photos, a disposable cache that goes with the photo), made if
    missing - the next brief reads it as it is - else scaled here. Raises what the caller
    reports, photo by photo."""
    from PIL import Image

    from journal.store.photos import thumbnail_path

    try:
        data = thumbnail_path(journal, photo, PHOTO_LONG_SIDE).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            return data, image.width, image.height
    except Exception:  # no thumbnail (a read-only folder?): scaled in memory
        return _downscaled_jpeg(journal.photos_dir / photo.file_name)


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
