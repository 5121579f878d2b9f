"""The charts' colours and line styles, one set for the Trends page (matplotlib, journal.charts)
and the printed brief (Qt, journal.report.print_charts), and the words both write on a
chart. Plain data: no matplotlib, no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}

# Line style and marker per symptom, so the lines differ without colour too (matplotlib's
# names: "-" solid, "--" dashed, "-." dash-dot, ":" dotted, or (offset, (on, off, ...)) in
# line widths; markers "o" circle, "s" square, "^" and "v" triangles, "D" diamond).
SYMPTOM_STYLES = {
    "redness": ("-", "o"),
    "swelling": ("--", "s"),
    "pain": ("-.", "^"),
    "itch": (":", "D"),
    "dryness": ((0, (5, 1, 1, 1)), "v"),
    "breakouts": ("-", "o"),
}
# A line style per session of the recovery curves (the latest is drawn solid and thick).
SESSION_STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1)))


@dataclass(frozen=True)
class ChartTheme:
    """The colours of a chart. LIGHT for paper and light windows, DARK for dark ones."""
    background: str = "#FFFFFF"
    foreground: str = "#1A1A1A"
    muted: str = "#5F5F5F"
    grid: str = "#E3E3E3"
    series: dict[str, str] = field(default_factory=lambda: {
        "redness": OKABE_ITO["vermillion"], "swelling": OKABE_ITO["blue"],
        "pain": OKABE_ITO["purple"], "itch": OKABE_ITO["green"],
        "dryness": OKABE_ITO["orange"], "breakouts": OKABE_ITO["sky_blue"],
    })
    bars: str = OKABE_ITO["sky_blue"]
    red_flag: str = OKABE_ITO["vermillion"]
    red_flag_band: str = "#F6D5C2"
    caution: str = "#6B6B6B"
    # (Okabe-Ito's yellow is too pale on white paper: its black takes the seventh place.)
    sessions: tuple[str, ...] = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"],
                                 OKABE_ITO["purple"], OKABE_ITO["sky_blue"],
                                 OKABE_ITO["vermillion"], OKABE_ITO["black"])
    dark: bool = False


LIGHT = ChartTheme()

DARK = ChartTheme(
    background="#1F1F1F", foreground="#E8E8E8", muted="#A8A8A8", grid="#3A3A3A",
    series={"redness": "#F0772B", "swelling": "#5AA9E6", "pain": OKABE_ITO["purple"],
            "itch": "#2CC79A", "dryness": OKABE_ITO["yellow"], "breakouts": OKABE_ITO["sky_blue"]},
    bars="#3C7FA8", red_flag="#FF7A3D", red_flag_band="#4A2E22", caution="#A0A0A0",
    sessions=("#5AA9E6", OKABE_ITO["orange"], "#2CC79A", OKABE_ITO["purple"],
              OKABE_ITO["yellow"], "#F0772B", "#FFFFFF"),
    dark=True,
)


def theme_for(background: str, foreground: str) -> ChartTheme:
    """A theme matching a window palette: DARK's colours on a dark background, else LIGHT's."""
    r, g, b = (int(background.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    base = DARK if (0.299 * r + 0.587 * g + 0.114 * b) < 128 else LIGHT
    return replace(base, background=background, foreground=foreground)


def peak_text(value: float, day: int) -> str:
    """ "highest: 7, day 4": a recovery curve's highest point, on screen and on paper."""
    shown = f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
    return f"highest: {shown}, day {day}"
