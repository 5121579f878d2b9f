"""The summary's pictures: the charts (matplotlib) and the photo pairs (Pillow). No Qt.

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
    CONTENT_WIDTH, PhotoPair, ReportImage, long_date, short_names,
)

log = logging.getLogger(__name__)

PRINT_DPI = 200             # charts print at least this sharp, whatever their drawn size
# px of the embedded JPEG: over 300 dpi at its printed size, and the size of the photo
# viewer's stand-ins, so the two share their thumbnails (thumbs/<stem>-512.jpg).
PHOTO_LONG_SIDE = 512
PHOTO_JPEG_QUALITY = 80
PHOTO_BOX = (120, 150)      # layout px (width, height): every photo fits; four rows fit Letter too
MAX_PAIRS = 8               # one page of photo pairs (four rows of two pairs)


# -- charts -------------------------------------------------------------------------------
RECOVERY_LEGEND_ROW_IN = 0.22   # inches of figure height per legend row past two
def _figure_png(figure) -> tuple[bytes, int, int]:
    """A matplotlib figure drawn once, cropped to its ink, as an RGB image that prints
    CONTENT_WIDTH wide at PRINT_DPI or more (more pixels only cost time).

    Encoded as PNG at the fastest compression (a tenth of the size of the raw pixels, for
    the copy kept in cache/report/; Qt compresses the pixels into the PDF itself). The crop
    keeps a small margin around everything drawn, so no label is cut off on paper.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    printed_inches = CONTENT_WIDTH / 96
    dpi = PRINT_DPI * printed_inches / figure.get_figwidth() * 1.05   # 5 %: the crop
    figure.set_dpi(dpi)
    figure.set_facecolor("white")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[:, :, :3]
    # The ink's box: rows and columns that are not all white (a channel under 250; the
    # darkest of the three planes compared once: a tenth of the time of any() on pixels).
    ink = np.minimum(np.minimum(pixels[:, :, 0], pixels[:, :, 1]), pixels[:, :, 2]) < 250
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size and columns.size:
        pad = round(0.04 * dpi)
        top, bottom = max(0, rows[0] - pad), min(pixels.shape[0], rows[-1] + 1 + pad)
        left, right = max(0, columns[0] - pad), min(pixels.shape[1], columns[-1] + 1 + pad)
        pixels = pixels[top:bottom, left:right]
    image = Image.fromarray(np.ascontiguousarray(pixels), "RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue(), image.width, image.height


def _png_size(png: bytes) -> tuple[int, int] | None:
    """(width, height) of a whole PNG file, else None (a damaged kept file)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR" or png[-8:-4] != b"IEND":
        return None
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _chart_digest(data) -> str:
    """A digest of everything the two charts are drawn from (see journal.report.kept)."""
    from importlib.util import find_spec

    from journal import format as fmt
    from journal import trends
    from journal.report import kept

    # The drawing code (found, not imported: that would import matplotlib) and its version.
    sources = [Path(__file__), Path(trends.__file__), Path(fmt.__file__),
               Path(find_spec("journal.charts").origin)]
    matplotlib = find_spec("matplotlib")
    if matplotlib is not None and matplotlib.origin:
        sources.append(Path(matplotlib.origin).with_name("_version.py"))
    return kept.digest(
        data.start, data.end, data.dates, data.values, data.logged, data.flags,
        [sorted(classes) for classes in data.caution],
        data.caution_products, data.sessions, data.days, sorted(data.entries.items()),
        # Names (strip labels) and labels: a product's caution classes come from its label.
        sorted((p.id, p.name, p.ingredients) for p in data.products.values()),
        fmt.current_locale(),
        PRINT_DPI, CONTENT_WIDTH, RECOVERY_LEGEND_ROW_IN, kept.source_digest(*sources))


def chart_images(data, notices: list[str], data_dir=None) -> list[ReportImage]:
    """The timeline and recovery-curve charts from journal.charts, drawn at print size.

    With `data_dir`, a chart drawn before from the same data is read back from the
    journal's cache/report/ folder (journal.report.kept) and matplotlib is not imported."""
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


def _import_charts():
    """journal.charts; if this imports matplotlib, without the help text matplotlib writes
    for each Artist class's set() as it is defined (a fifth of its import, ~0.07 s: nothing
    here reads help texts). matplotlib's own function is put back after the import."""
    import sys

    if "matplotlib.artist" in sys.modules:
        from journal import charts

        return charts
    import matplotlib.artist as artist

    kwdoc = getattr(artist, "kwdoc", None)
    if kwdoc is not None:
        artist.kwdoc = lambda _artist: ""
    try:
        from journal import charts
    finally:
        if kwdoc is not None:
            artist.kwdoc = kwdoc
    return charts


def _draw_charts(data, notices: list[str], titles: dict, keys: list[str]) -> list[ReportImage]:
    """The charts `keys` drawn with matplotlib (journal.charts), as PNG images."""
    charts = _import_charts()

    # (key, heading, figure size in inches, builder). The figure is drawn at the size its
    # legend needs and shown CONTENT_WIDTH wide: the timeline's long legend needs 8.6 in.
    wanted = [
        ("timeline", titles["timeline"], (8.6, 3.6),
         lambda fig: charts.timeline_figure(data, fig, symptoms=("redness", "dryness"),
                                            strip_by="product",
                                            strip_label=lambda n: short.get(n, n))),
        ("recovery", titles["recovery"], (6.9, 2.9),
         lambda fig: charts.recovery_figure(data, fig, series="breakouts", max_day=14)),
    ]
    images = []
    short = short_names([p.name for p in data.products.values()])
    for key, title, (width_in, height_in), draw in wanted:
        if key not in keys:
            continue
        try:
            figure = draw(charts.new_figure(width_in, height_in))
            rows = getattr(figure, "_journal_legend_rows", 0)
            if key == "recovery" and rows > 2:
                # Each legend row past two takes plot height: give it back, or six
                # sessions squash the curves into a strip under their legend.
                figure.set_size_inches(width_in, height_in + RECOVERY_LEGEND_ROW_IN * (rows - 2))
                relayout = getattr(figure, "_journal_relayout", None)
                if relayout is not None:   # (what a resize does: the same as drawn anew)
                    relayout()
                else:
                    figure = draw(figure)
            png, png_width, png_height = _figure_png(figure)
        except Exception:  # a chart failing must not stop the summary
            log.info("chart %s failed", key, exc_info=True)
            notices.append(f"The {key} chart could not be drawn.")
            continue
        images.append(ReportImage(name=f"srj://chart-{key}", data=png, width=CONTENT_WIDTH,
                                  height=round(CONTENT_WIDTH * png_height / png_width),
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
