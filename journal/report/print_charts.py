"""The brief's two charts, painted with Qt at print resolution.

The Trends page draws with matplotlib (journal.charts): resizable, themed, redrawn as the user
chooses. The brief needs two fixed pictures on paper, and importing matplotlib and drawing
with it was half of a first brief (0.65 s of 1.3 s for three months). Qt is loaded for the
pages anyway and paints both charts in a few hundredths of a second. They read as the Trends
page's charts do: the same data (journal.trends), the same colours and line styles
(journal.palette), and a day without an entry is a gap, never a zero.

- timeline: new spots a day as bars (right axis), redness and dryness as lines (left axis,
  0-10), each session a labelled dashed line, a red-flag day a band and a marker above the
  plot; beneath, a row per product with a caution ingredient, marking the days it was used.
- recovery: new spots by day since each session (the latest six), the current session thick,
  days a caution product was used as diamonds, the highest point ringed and labelled.

Lengths are in points (1/72 in). A chart is painted `width` points wide at `dpi`;
`Chart.texts` lists every text painted, in order, for tests and tools.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter, QPainterPath, QPen,
)

from journal import format as fmt
from journal.palette import LIGHT, SESSION_STYLES, SYMPTOM_STYLES, ChartTheme, peak_text
from journal.report.collect import FONT_FAMILY
from journal.trends import SERIES_LABELS, TrendData, recovery_curves

TICK_FONT = 7.2      # points: tick labels, legends, strip and session labels
LABEL_FONT = 7.8     # points: axis labels
LEGEND_ROW = 10.5    # points: one row of a legend
HANDLE = 15.0        # points: a legend entry's sample line or patch
PLOT_HEIGHT = 118.0  # points: the timeline's plotting area (its strip goes below)
RECOVERY_HEIGHT = 132.0  # points: the recovery curves' plotting area
MARKERS_UP_TO = 120  # days: a marker on each day's value up to this many days
DETAIL_UP_TO = 400   # days: dashed, thicker lines up to this many (denser than the ink after)
MAX_STRIP_ROWS = 10  # caution-strip rows: the products used on most days, then "N others"

# matplotlib's dash patterns, in line widths (Qt's unit too): the same lines as on screen.
_DASHES = {"--": (3.7, 1.6), "-.": (6.4, 1.6, 1.0, 1.6), ":": (1.0, 1.65)}


@dataclass
class Chart:
    """A painted chart: the picture, its size in points, every text painted on it, and (for
    tests and tools) its plotting area and the x of day `k` of the range (0 = the first)."""
    image: QImage
    width: float
    height: float
    texts: list[str] = field(default_factory=list)
    plot: QRectF | None = None
    x_of: Callable[[float], float] | None = None

    def pixel(self, x: float, y: float) -> QColor:
        """The colour painted at (x, y) points."""
        scale = self.image.width() / self.width
        return self.image.pixelColor(min(self.image.width() - 1, int(x * scale)),
                                     min(self.image.height() - 1, int(y * scale)))


# -- painting in points -------------------------------------------------------------------
def _device(width: int = 1, height: int = 1) -> QImage:
    image = QImage(width, height, QImage.Format_RGB32)
    # 72 dots an inch: a font's point is one unit, the same unit as every length here.
    dots_per_metre = round(72 / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


class _Fonts:
    """Fonts and their metrics in points (measured on a 72-dpi device)."""

    def __init__(self):
        if not isinstance(QGuiApplication.instance(), QGuiApplication):   # (Qt would crash
            # on the first font without one)
            raise RuntimeError("painting a chart needs a QGuiApplication")
        self._device = _device()
        self._fonts: dict[tuple[float, bool], tuple[QFont, QFontMetricsF]] = {}

    def font(self, size: float, bold: bool = False) -> QFont:
        return self._get(size, bold)[0]

    def metrics(self, size: float = TICK_FONT, bold: bool = False) -> QFontMetricsF:
        return self._get(size, bold)[1]

    def width(self, text: str, size: float = TICK_FONT, bold: bool = False) -> float:
        return self.metrics(size, bold).horizontalAdvance(text)

    def _get(self, size, bold):
        if (size, bold) not in self._fonts:
            font = QFont(FONT_FAMILY)
            font.setStyleHint(QFont.SansSerif)
            font.setPointSizeF(size)
            font.setBold(bold)
            font.setHintingPreference(QFont.PreferNoHinting)  # the shapes, scaled: print
            self._fonts[(size, bold)] = (font, QFontMetricsF(font, self._device))
        return self._fonts[(size, bold)]


class _Canvas:
    """A picture `width` x `height` points painted at `dpi`, every length in points."""

    def __init__(self, fonts: _Fonts, width: float, height: float, dpi: float,
                 theme: ChartTheme):
        scale = dpi / 72
        self.fonts, self.width, self.height, self.theme = fonts, width, height, theme
        self.image = _device(max(1, round(width * scale)), max(1, round(height * scale)))
        self.image.fill(QColor(theme.background))
        self.painter = QPainter(self.image)
        self.painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.painter.scale(scale, scale)
        self.texts: list[str] = []

    def finish(self, plot: QRectF | None = None, x_of=None) -> Chart:
        self.painter.end()
        return Chart(self.image, self.width, self.height, self.texts, plot, x_of)

    # -- text
    def text(self, x: float, y: float, text: str, *, size: float = TICK_FONT,
             colour: str | None = None, align: str = "left", valign: str = "center",
             rotate: float = 0, bold: bool = False, backing: str | None = None) -> None:
        """`text` placed by its (`align`, `valign`) point at (x, y); `rotate` in degrees
        (-90: reading upwards). `backing` fills the text's box first."""
        metrics = self.fonts.metrics(size, bold)
        width = metrics.horizontalAdvance(text)
        ascent, descent = metrics.ascent(), metrics.descent()
        dx = {"left": 0.0, "center": -width / 2, "right": -width}[align]
        dy = {"top": ascent, "center": (ascent - descent) / 2, "bottom": -descent,
              "baseline": 0.0}[valign]
        painter = self.painter
        painter.save()
        painter.translate(x, y)
        if rotate:
            painter.rotate(rotate)
        if backing is not None:
            painter.fillRect(QRectF(dx - 1, dy - ascent - 0.5, width + 2, ascent + descent + 1),
                             QColor(backing))
        painter.setFont(self.fonts.font(size, bold))
        painter.setPen(QColor(colour or self.theme.foreground))
        painter.drawText(QPointF(dx, dy), text)
        painter.restore()
        self.texts.append(text)

    # -- lines and shapes
    def pen(self, colour: str, width: float, style="-", cap=Qt.FlatCap) -> QPen:
        """A pen of matplotlib's line `style`; `cap` None: round ends on a solid line (a
        data line), flat on a dashed one."""
        pen = QPen(QColor(colour), width)
        pen.setJoinStyle(Qt.RoundJoin if style == "-" else Qt.MiterJoin)
        if cap is None:
            cap = Qt.RoundCap if style == "-" else Qt.FlatCap
        pen.setCapStyle(cap)
        pattern = _DASHES.get(style) if isinstance(style, str) else style[1]
        if pattern:
            pen.setDashPattern(list(pattern))
        return pen

    def line(self, x0, y0, x1, y1, pen: QPen) -> None:
        self.painter.setPen(pen)
        self.painter.drawLine(QPointF(x0, y0), QPointF(x1, y1))

    def path(self, path: QPainterPath, pen: QPen | None = None, fill: QColor | None = None):
        self.painter.setPen(pen if pen is not None else Qt.NoPen)
        self.painter.setBrush(fill if fill is not None else Qt.NoBrush)
        self.painter.drawPath(path)
        self.painter.setBrush(Qt.NoBrush)

    def rects(self, rects: Sequence[QRectF], colour: QColor) -> None:
        """Filled rectangles in one call (a path of years of them fills 20 times slower),
        edges on whole pixels: at print resolution they look the same, twice as fast."""
        if rects:
            self.painter.save()
            self.painter.setRenderHint(QPainter.Antialiasing, False)
            self.painter.setPen(Qt.NoPen)
            self.painter.setBrush(colour)
            self.painter.drawRects(rects)
            self.painter.restore()

    def markers(self, kind: str, points: Sequence[tuple[float, float]], size: float,
                fill: str | None, edge: str | None = None, edge_width: float = 0.0) -> None:
        """matplotlib's marker `kind` ("o", "s", "^", "v", "D") of `size` points across."""
        if not points:
            return
        path = QPainterPath()
        path.setFillRule(Qt.WindingFill)   # two markers overlapping: both filled
        for x, y in points:
            _add_marker(path, kind, x, y, size)
        pen = QPen(QColor(edge), edge_width) if edge and edge_width else None
        self.path(path, pen, QColor(fill) if fill else None)


def _add_marker(path: QPainterPath, kind: str, x: float, y: float, size: float) -> None:
    r = size / 2
    if kind == "o":
        path.addEllipse(QPointF(x, y), r, r)
        return
    if kind == "s":
        r *= 0.85   # matplotlib's square is a little smaller than its circle's width
        path.addRect(QRectF(x - r, y - r, 2 * r, 2 * r))
        return
    corners = {"^": ((0, -r), (r, r * 0.8), (-r, r * 0.8)),
               "v": ((0, r), (r, -r * 0.8), (-r, -r * 0.8)),
               "D": ((0, -r), (r * 0.75, 0), (0, r), (-r * 0.75, 0))}[kind]
    path.moveTo(x + corners[0][0], y + corners[0][1])
    for dx, dy in corners[1:]:
        path.lineTo(x + dx, y + dy)
    path.closeSubpath()


def _alpha(colour: str, alpha: float) -> QColor:
    out = QColor(colour)
    out.setAlphaF(alpha)
    return out


# -- legends ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Entry:
    label: str
    kind: str                 # "line", "patch" or "marker"
    colour: str
    style: object = "-"       # line style (a line entry)
    marker: str | None = None
    width: float = 1.4        # line width
    size: float = 3.0         # marker size
    edge: str | None = None   # marker edge colour
    alpha: float = 1.0        # patch opacity


def _legend_grid(fonts: _Fonts, entries: Sequence[_Entry], room: float
                 ) -> tuple[list[list[_Entry]], list[float]]:
    """The entries in as many columns as `room` points take, row by row, balanced (as few
    columns as its rows need); and each column's width."""
    widths = [HANDLE + 3 + fonts.width(e.label) for e in entries]
    for columns in range(len(entries), 0, -1):
        rows = -(-len(entries) // columns)
        columns = -(-len(entries) // rows)
        spans = [max(widths[i] for i in range(c, len(entries), columns))
                 for c in range(columns)]
        if sum(spans) + 9 * (columns - 1) <= room or columns == 1:
            grid = [list(entries[r * columns:(r + 1) * columns]) for r in range(rows)]
            return grid, spans
    return [], []


def _draw_legend(canvas: _Canvas, entries: Sequence[_Entry], left: float, top: float,
                 room: float, centred: bool) -> float:
    """The legend in `room` points from (left, top); its height."""
    grid, spans = _legend_grid(canvas.fonts, entries, room)
    if not grid:
        return 0.0
    total = sum(spans) + 9 * (len(spans) - 1)
    x0 = left + (room - total) / 2 if centred else left
    for r, row in enumerate(grid):
        y = top + LEGEND_ROW * (r + 0.5)
        x = x0
        for c, entry in enumerate(row):
            _draw_handle(canvas, entry, x, y)
            canvas.text(x + HANDLE + 3, y, entry.label)
            x += spans[c] + 9
    return LEGEND_ROW * len(grid)


def _draw_handle(canvas: _Canvas, entry: _Entry, x: float, y: float) -> None:
    middle = x + HANDLE / 2
    if entry.kind == "patch":
        canvas.rects([QRectF(middle - 5, y - 2.8, 10, 5.6)], _alpha(entry.colour, entry.alpha))
        return
    if entry.kind == "line":
        canvas.line(x, y, x + HANDLE, y, canvas.pen(entry.colour, entry.width, entry.style))
    if entry.marker:
        canvas.markers(entry.marker, [(middle, y)], entry.size, entry.colour, entry.edge,
                       0.6 if entry.edge else 0)


# -- axes ---------------------------------------------------------------------------------
def _nice_step(top: float, most: int, steps=(1, 2, 5)) -> int:
    """The smallest whole step from 1, 2, 5, 10, 20, 50 ... giving at most `most` + 1 ticks
    from 0 to `top`."""
    scale = 1
    while True:
        for step in steps:
            if top / (step * scale) <= most:
                return step * scale
        scale *= 10


def _date_ticks(fonts: _Fonts, start: dt.date, end: dt.date, x_of: Callable[[dt.date], float],
                ) -> tuple[list[tuple[float, str]], str]:
    """(x, label) ticks for dates from `start` to `end`, the densest set whose labels stand
    apart (at most ten); and the year to write beside them, "" when a label gives it."""
    def fits(ticks):
        if not 1 <= len(ticks) <= 10:
            return False
        spans = [(x - fonts.width(t) / 2, x + fonts.width(t) / 2) for x, t in ticks]
        return all(b[0] - a[1] >= 5 for a, b in zip(spans, spans[1:]))

    chosen: list[tuple[float, str]] = []
    for dates in _tick_candidates(start, end):
        ticks = [(x_of(day), label) for day, label in dates]
        if fits(ticks):
            chosen = ticks
            break
        chosen = chosen or ticks[:1]
    shows_year = any(label.isdigit() and len(label) == 4 for _x, label in chosen)
    year = "" if shows_year else (str(end.year) if start.year == end.year
                                  else f"{start.year}–{end.year}")
    return chosen, year


def _tick_candidates(start: dt.date, end: dt.date) -> Iterator[list[tuple[dt.date, str]]]:
    """Ticks from dense to sparse: days, weeks, half months, months, years."""
    span = (end - start).days
    if span <= 40:
        for step in (1, 2, 7):
            yield [(start + dt.timedelta(days=k), fmt.short_date(start + dt.timedelta(days=k)))
                   for k in range(0, span + 1, step)]

    def month_label(day: dt.date) -> str:
        return str(day.year) if day.month == 1 else fmt.month_name(day)

    months = []
    cursor = dt.date(start.year, start.month, 1)
    while cursor <= end:
        months.append(cursor)
        cursor = dt.date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    if span <= 200:
        yield [(d, month_label(d) if d.day == 1 else "15")
               for m in months for d in (m, m.replace(day=15)) if start <= d <= end]
    for step in (1, 2, 3, 4, 6):
        yield [(m, month_label(m)) for m in months if start <= m and (m.month - 1) % step == 0]
    for step in (1, 2, 5, 10, 20, 50):
        yield [(dt.date(year, 1, 1), str(year)) for year in range(start.year, end.year + 1)
               if year % step == 0 and start <= dt.date(year, 1, 1)]


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """(first, last + 1) of each run of True."""
    runs, begin = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and begin is None:
            begin = index
        elif not flag and begin is not None:
            runs.append((begin, index))
            begin = None
    return runs


def _series(canvas: _Canvas, points: Sequence[tuple[float, float | None]], pen: QPen) -> None:
    """A line through the points, broken where a value is None (a day not logged)."""
    if pen.style() == Qt.SolidLine:
        # Segment by segment, round-capped: the same ink as one path with round joins, and
        # ten times faster to fill over years of days.
        canvas.painter.setPen(pen)
        canvas.painter.drawLines([QLineF(a[0], a[1], b[0], b[1]) for a, b in
                                  zip(points, points[1:]) if a[1] is not None
                                  and b[1] is not None])
        return
    path, drawing = QPainterPath(), False   # one path: the dashes run on across the days
    for x, y in points:
        if y is None:
            drawing = False
        elif drawing:
            path.lineTo(x, y)
        else:
            path.moveTo(x, y)
            drawing = True
    canvas.path(path, pen)


def _frame(canvas: _Canvas, rect: QRectF) -> None:
    canvas.painter.setPen(QPen(QColor(canvas.theme.muted), 0.6))
    canvas.painter.setBrush(Qt.NoBrush)
    canvas.painter.drawRect(rect)


def _y_ticks(canvas: _Canvas, rect: QRectF, ticks: Sequence[tuple[float, str]], right: bool,
             grid: bool) -> None:
    """Tick marks and labels on the left (or right) edge of `rect`; grid lines across it."""
    muted = QPen(QColor(canvas.theme.muted), 0.6)
    grid_pen = QPen(QColor(canvas.theme.grid), 0.6)
    edge = rect.right() if right else rect.left()
    out = 2.5 if right else -2.5
    for y, label in ticks:
        if grid:
            canvas.line(rect.left(), y, rect.right(), y, grid_pen)
        canvas.line(edge, y, edge + out, y, muted)
        canvas.text(edge + out * 1.6, y, label, align="left" if right else "right")


def _x_ticks(canvas: _Canvas, rect: QRectF, ticks: Sequence[tuple[float, str]],
             grid: bool) -> None:
    """Tick marks and labels under `rect`; grid lines up through it."""
    muted = QPen(QColor(canvas.theme.muted), 0.6)
    grid_pen = QPen(QColor(canvas.theme.grid), 0.6)
    for x, label in ticks:
        if grid:
            canvas.line(x, rect.top(), x, rect.bottom(), grid_pen)
        canvas.line(x, rect.bottom(), x, rect.bottom() + 2.5, muted)
        canvas.text(x, rect.bottom() + 3, label, align="center", valign="top")


# -- the timeline -------------------------------------------------------------------------
def timeline(data: TrendData, width: float, *, dpi: float,
             symptoms: Sequence[str] = ("redness", "dryness"),
             strip_label: Callable[[str], str] = str, theme: ChartTheme = LIGHT) -> Chart:
    """New spots and `symptoms` day by day over the range, sessions and red flags marked,
    and a strip per caution product (named by `strip_label`) with the days it was used."""
    fonts = _Fonts()
    days = len(data.dates)
    shown = data.sessions_in_range() if days else []
    flagged = [i for i, flags in enumerate(data.flags) if flags] if days else []
    names, others = _strip_rows(data.caution_products)
    entries = [_Entry("new spots", "patch", theme.bars, alpha=0.75)]
    line_width = 1.45 if days <= DETAIL_UP_TO else 0.9
    for name in symptoms:
        style, marker = SYMPTOM_STYLES[name]
        entries.append(_Entry(SERIES_LABELS[name].lower(), "line", theme.series[name],
                              style=style if days <= DETAIL_UP_TO else "-",
                              marker=marker if days <= MARKERS_UP_TO else None,
                              width=line_width, size=2.8))
    if shown:
        entries.append(_Entry("session", "line", theme.foreground, style=(0, (4, 2)),
                              width=0.9))
    if flagged:
        entries.append(_Entry("red flag", "marker", theme.red_flag, marker="v", size=6.4,
                              edge=theme.foreground))
    if names or others:
        entries.append(_Entry("product with a caution ingredient (below)", "patch",
                              theme.caution))

    strip_font = TICK_FONT - 0.8
    labels = [fonts.metrics(strip_font).elidedText(strip_label(n), Qt.ElideRight, 130)
              for n in names]    # (a long name gives way to the plot)
    if others:
        labels.append(fmt.plural(len(others), "other product"))
    spots = data.values["breakouts"] if days else []
    highest = max((v for v in spots if v is not None), default=0)
    spots_top = max(5.0, highest * 1.15)
    spot_ticks = list(range(0, int(spots_top) + 1, _nice_step(spots_top, 5)))
    rating_width = fonts.width("10")
    spots_width = max(fonts.width(str(v)) for v in spot_ticks)
    label_height = fonts.metrics(LABEL_FONT).height()
    left = max(rating_width + 4.5 + label_height + 3,
               max((fonts.width(t, strip_font) for t in labels), default=0) + 5)
    right = spots_width + 4.5 + label_height + 3
    plot_width = width - left - right
    legend_rows = len(_legend_grid(fonts, entries, width - 4)[0])
    flag_room = 9.0 if flagged else 2.0
    top = 1 + LEGEND_ROW * legend_rows + 2 + flag_room
    row_height = 9.0
    strip_height = row_height * len(labels) + 3 if labels else 12.0
    main = QRectF(left, top, plot_width, PLOT_HEIGHT)
    strip = QRectF(left, main.bottom() + 5, plot_width, strip_height)
    tick_line = fonts.metrics().height()
    height = strip.bottom() + 2.5 + 2 * tick_line + 2
    canvas = _Canvas(fonts, width, height, dpi, theme)
    _draw_legend(canvas, entries, 2, 1, width - 4, centred=True)

    if not days:
        _frame(canvas, main)
        _frame(canvas, strip)
        canvas.text(main.center().x(), main.center().y(), "Nothing logged in this range",
                    size=LABEL_FONT, colour=theme.muted, align="center")
        return canvas.finish()

    span = days - 1 + 1.2

    def x_of(index: float) -> float:
        return left + (index + 0.6) / span * plot_width

    def y_rating(value: float) -> float:
        return main.bottom() - value / 10.6 * main.height()

    def y_spots(value: float) -> float:
        return main.bottom() - value / spots_top * main.height()

    # Red-flag days: a light band behind the day, a marker above the plot (drawn last).
    canvas.rects([QRectF(x_of(i - 0.5), main.top(), x_of(i + 0.5) - x_of(i - 0.5),
                         main.height()) for i in flagged], QColor(theme.red_flag_band))
    _y_ticks(canvas, main, [(y_rating(v), str(v)) for v in range(0, 11, 2)], right=False,
             grid=True)
    _y_ticks(canvas, main, [(y_spots(v), str(v)) for v in spot_ticks], right=True, grid=False)

    # New spots: a bar per logged day (none on a gap, none for a zero).
    half = (0.8 if days < DETAIL_UP_TO else 1.0) / 2
    canvas.painter.save()
    canvas.painter.setClipRect(main)
    canvas.rects([QRectF(x_of(i - half), y_spots(v), x_of(i + half) - x_of(i - half),
                         main.bottom() - y_spots(v))
                  for i, v in enumerate(spots) if v], _alpha(theme.bars, 0.75))

    # Symptom lines (with a marker on each day over short ranges).
    for entry, name in zip(entries[1:], symptoms):
        points = [(x_of(i), None if v is None else y_rating(v))
                  for i, v in enumerate(data.values[name])]
        _series(canvas, points, canvas.pen(entry.colour, entry.width, entry.style, cap=None))
        if entry.marker:
            canvas.markers(entry.marker, [p for p in points if p[1] is not None], entry.size,
                           entry.colour)

    # Sessions: a dashed line each, labelled where there is room for it.
    session_pen = canvas.pen(theme.foreground, 0.9, (0, (4, 2)))
    xs = [x_of((s.date - data.start).days) for _n, s in shown]
    for x in xs:
        canvas.line(x, main.top(), x, main.bottom(), session_pen)
    for (number, session), x, text, align in _session_labels(fonts, shown, xs, main):
        canvas.text(x, main.top() + 1.5, text, align=align, valign="top",
                    backing=theme.background if "Session" in text else None)
    canvas.painter.restore()
    _frame(canvas, main)
    canvas.markers("v", [(x_of(i), main.top() - 5) for i in flagged], 6.4, theme.red_flag,
                   theme.foreground, 0.5)
    canvas.text(left - rating_width - 4.5 - label_height / 2 - 1, main.center().y(),
                "rating (0–10)", size=LABEL_FONT, align="center", rotate=-90)
    canvas.text(main.right() + spots_width + 4.5 + label_height / 2, main.center().y(),
                "new spots", size=LABEL_FONT, align="center", rotate=-90)

    # The caution strip: a row per product, a block per run of days it was used.
    if labels:
        rows = [{name} for name in names] + ([set(others)] if others else [])
        for row, (row_names, label) in enumerate(zip(rows, labels)):
            middle = strip.top() + 1.5 + row_height * (row + 0.5)
            used = [not row_names.isdisjoint(day) for day in data.caution_products]
            canvas.rects([QRectF(x_of(a - 0.5), middle - row_height * 0.36,
                                 x_of(b - 0.5) - x_of(a - 0.5), row_height * 0.72)
                          for a, b in _runs(used)], QColor(theme.caution))
            canvas.text(strip.left() - 3, middle, label, size=strip_font, align="right")
    else:
        canvas.text(strip.center().x(), strip.center().y(),
                    "no product with a caution ingredient used", colour=theme.muted,
                    align="center")
    _frame(canvas, strip)

    # Dates under the strip.
    ticks, year = _date_ticks(fonts, data.start, data.end,
                              lambda day: x_of((day - data.start).days))
    _x_ticks(canvas, strip, ticks, grid=False)
    if year:
        canvas.text(strip.right(), strip.bottom() + 3 + tick_line, year, align="right",
                    valign="top")
    return canvas.finish(main, x_of)


def _strip_rows(days: Sequence[Sequence[str]]) -> tuple[list[str], list[str]]:
    """The caution products to give a strip row each, in the order first used: all of them
    up to MAX_STRIP_ROWS, else those used on the most days (the rest share a last row)."""
    counts: dict[str, int] = {}
    for names in days:
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    if len(counts) <= MAX_STRIP_ROWS:
        return list(counts), []
    kept = set(sorted(counts, key=lambda n: -counts[n])[:MAX_STRIP_ROWS - 1])
    return [n for n in counts if n in kept], [n for n in counts if n not in kept]


def _session_labels(fonts: _Fonts, shown, xs: list[float], main: QRectF):
    """(session, x, text, align) of each session label that has room: "Session 2 · 1 mm"
    to the right of its line, else to its left, else shorter, else none."""
    out = []
    numbered = {n for n, _s in shown[-12:]}   # many sessions: number the latest 12 only
    previous_full_right = False
    for i, ((number, session), x) in enumerate(zip(shown, xs)):
        right_room = (xs[i + 1] if i + 1 < len(xs) else main.right()) - x
        left_room = x - (xs[i - 1] if i else main.left())
        depth = f" · {fmt.depth(session.depth_mm)}" if session.depth_mm else ""
        full, short = f"Session {number}{depth}", f"Session {number}"
        full_width, short_width = fonts.width(full) + 6, fonts.width(short) + 6
        if right_room >= full_width:
            align, text = "left", full
        elif left_room >= full_width * (2 if previous_full_right else 1):
            align, text = "right", full
        elif right_room >= short_width:
            align, text = "left", short
        elif left_room >= short_width + (full_width if previous_full_right else 0):
            align, text = "right", short
        elif right_room >= fonts.width(str(number)) + 4 and number in numbered:
            align, text = "left", str(number)
        else:
            previous_full_right = False
            continue
        previous_full_right = align == "left" and text.startswith("Session")
        out.append(((number, session), x + (2 if align == "left" else -2), text, align))
    return out


# -- recovery curves ----------------------------------------------------------------------
def recovery(data: TrendData, width: float, *, dpi: float, max_day: int = 14,
             max_sessions: int = 6, theme: ChartTheme = LIGHT) -> Chart:
    """New spots by day since each of the latest `max_sessions` sessions, 0..`max_day`."""
    fonts = _Fonts()
    curves = recovery_curves(data, "breakouts", max_day=max_day)
    note = (f"The latest {max_sessions} of {len(curves)} sessions"
            if len(curves) > max_sessions else "")
    curves = curves[-max_sessions:]
    entries = []
    for index, curve in enumerate(curves):
        colour = theme.sessions[(curve.number - 1) % len(theme.sessions)]
        entries.append(_Entry(
            curve.label + (" (current)" if curve.current else ""), "line", colour,
            style="-" if curve.current else SESSION_STYLES[index % len(SESSION_STYLES)],
            marker="o", width=2.6 if curve.current else 1.5, size=4.4 if curve.current else 3.0))
    caution = {curve.number: [k for k in curve.caution_days
                              if k < len(curve.values) and curve.values[k] is not None]
               for curve in curves}
    if any(caution.values()):
        entries.append(_Entry("caution ingredient used that day", "marker", theme.caution,
                              marker="D", size=5.4, edge=theme.foreground))

    # The highest point: on a tie, the oldest session's first (as the Trends page rings it).
    best = max(((v, k, c.number) for c in curves for k, v in enumerate(c.values)
                if v is not None), key=lambda point: point[0], default=None)
    peak = best[0] if best else 0
    # Head room for the highest point's label, and a little below 0: a curve at 0 is not
    # drawn on the axis line.
    y_top = max(4.0, peak) * 1.18 + 0.3
    for _ in range(3):
        y_bottom = -0.04 * y_top
        needed = peak + 20 / RECOVERY_HEIGHT * (y_top - y_bottom)
        y_top = max(y_top, needed)
    y_bottom = -0.04 * y_top
    value_ticks = list(range(0, int(y_top) + 1, _nice_step(y_top, 6)))

    label_height = fonts.metrics(LABEL_FONT).height()
    tick_line = fonts.metrics().height()
    left = max(fonts.width(str(v)) for v in value_ticks) + 4.5 + label_height + 3
    right = 8.0
    plot_width = width - left - right
    legend_rows = len(_legend_grid(fonts, entries, width - 4)[0])
    top = 2 + (tick_line + 2 if note else 0) + LEGEND_ROW * legend_rows + 4
    main = QRectF(left, top, plot_width, RECOVERY_HEIGHT)
    height = main.bottom() + 2.5 + tick_line + 2 + label_height + 2
    canvas = _Canvas(fonts, width, height, dpi, theme)
    if note:
        canvas.text(2, 2, note, colour=theme.muted, valign="top")
    _draw_legend(canvas, entries, 2, top - 4 - LEGEND_ROW * legend_rows, width - 4,
                 centred=False)
    canvas.text(main.center().x(), height - 2, "day since session (0 = session day)",
                size=LABEL_FONT, align="center", valign="bottom")
    canvas.text(label_height / 2 + 1, main.center().y(), "new spots", size=LABEL_FONT,
                align="center", rotate=-90)
    if not curves:
        _frame(canvas, main)
        canvas.text(main.center().x(), main.center().y(), "No session recorded yet",
                    size=LABEL_FONT, colour=theme.muted, align="center")
        return canvas.finish()

    def x_of(day: float) -> float:
        return main.left() + (day + 0.4) / (max_day + 0.8) * main.width()

    def y_of(value: float) -> float:
        return main.bottom() - (value - y_bottom) / (y_top - y_bottom) * main.height()

    _x_ticks(canvas, main, [(x_of(day), str(day)) for day in range(
        0, max_day + 1, _nice_step(max_day, 8, steps=(1, 2, 5, 7, 10)))], grid=True)
    _y_ticks(canvas, main, [(y_of(v), str(v)) for v in value_ticks], right=False, grid=True)

    canvas.painter.save()
    canvas.painter.setClipRect(main.adjusted(-8, -8, 8, 2))
    ordered = sorted(zip(curves, entries), key=lambda pair: pair[0].current)  # current on top
    for curve, entry in ordered:
        points = [(x_of(k), None if v is None else y_of(v)) for k, v in enumerate(curve.values)]
        _series(canvas, points, canvas.pen(entry.colour, entry.width, entry.style, cap=None))
        canvas.markers("o", [p for p in points if p[1] is not None], entry.size, entry.colour)
        canvas.markers("D", [points[k] for k in caution[curve.number]], 5.4, entry.colour,
                       theme.foreground, 0.6)
    canvas.painter.restore()
    _frame(canvas, main)
    if best is not None and peak > 0:
        value, day, _number = best
        x, y = x_of(day), y_of(value)
        canvas.painter.setPen(QPen(QColor(theme.foreground), 1.0))
        canvas.painter.drawEllipse(QPointF(x, y), 6.5, 6.5)
        canvas.text(x, y - 8.5, peak_text(value, day),
                    align="left" if day < max_day * 0.15 else
                    "right" if day > max_day * 0.85 else "center", valign="bottom")
    return canvas.finish(main, x_of)

