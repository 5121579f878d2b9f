"""Step 2 of the summary: the collected data as HTML (Jinja2, autoescape ON).

Everything the user typed (notes, names, questions) prints literally.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from journal import APP_NAME
from journal.models import FLAGS, SYMPTOM_LABELS, SYMPTOMS
from journal.report.collect import (
    CAUTION_WINDOW, KEEP_MARK, SUSPECT_DAYS_BEFORE, ReportData, long_date, score_fields,
)

LOG_HEADING = "Appendix: daily log"
LOG_NOTE_HEADER = "Red flags, context and note"
# Daily log: percentage widths of the columns (the note takes the rest).
LOG_COLUMNS = {"date": 9, "day": 4, "scores": 26, "products": 30, "note": 31}
SCORE_NAMES = ("Red", "Swel", "Pain", "Itch", "Dry", "Spot")


def _resources_dir() -> Path:
    from journal.resources import resource_path

    return resource_path("")


@functools.cache
def _environment():
    """One Jinja2 environment per process: the template is compiled once (it checks the
    file's time, so an edited template is still picked up)."""
    import jinja2
    from markupsafe import Markup, escape

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_resources_dir())),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )

    def nl2br(text: str) -> Markup:
        return Markup("<br>").join(escape(line) for line in (text or "").splitlines())

    env.filters["nl2br"] = nl2br
    env.filters["long_date"] = long_date
    env.filters["nobreak"] = _nobreak
    return env


def _nobreak(text: str) -> str:
    """A date in parentheses kept on one line: "Session 1 (9 Sep 2026)" never ends a line
    with "(9 Sep"."""
    return re.sub(r"\(([^()]*)\)", lambda m: "(" + m.group(1).replace(" ", "\u00a0") + ")",
                  text or "")


def render_html(data: ReportData, log_pages: list | None = None) -> str:
    """The summary as HTML for QTextDocument; user text is escaped by Jinja2's autoescape.

    `log_pages`: the daily log's rows cut into pages (one table each); default one table.
    """
    template = _environment().get_template("report.html.j2")
    return template.render(
        r=data, app_name=APP_NAME, keep_mark=KEEP_MARK, log_heading=LOG_HEADING,
        log_pages=log_pages or ([data.log_rows] if data.log_rows else []),
        log_columns=LOG_COLUMNS, log_note_header=LOG_NOTE_HEADER,
        suspect_days=SUSPECT_DAYS_BEFORE,
        caution_from=f"\u2212{-CAUTION_WINDOW[0]}", caution_to=CAUTION_WINDOW[1],
        score_header=score_fields(list(SCORE_NAMES)),
        symptom_legend=", ".join(f"{short} = {SYMPTOM_LABELS[n].lower()}"
                                 for short, n in zip(SCORE_NAMES, SYMPTOMS)),
        flag_names=[label[0].lower() + label[1:] for _, label in FLAGS.values()],
    )


def log_probe_html(rows: list) -> str:
    """A page with just the daily log's table of `rows`, made by the template's own macros
    (journal.report.paginate measures the log's rows on it)."""
    template = _environment().from_string(
        '{% import "report_parts.html.j2" as parts %}<html><head><style>{{ parts.style() }}'
        '</style></head><body>{{ parts.log_table(rows, log_columns, score_header, '
        'log_note_header) }}</body></html>')
    return template.render(rows=rows, log_columns=LOG_COLUMNS, log_note_header=LOG_NOTE_HEADER,
                           score_header=score_fields(list(SCORE_NAMES)))
