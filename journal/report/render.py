"""Step 2 of the summary: the collected data as HTML (Jinja2, autoescape ON).

Everything the user typed (notes, names, questions) prints literally.
"""
from __future__ import annotations

from pathlib import Path

from journal import APP_NAME
from journal.models import FLAGS, SYMPTOM_LABELS, SYMPTOMS
from journal.report.collect import (
    CAUTION_WINDOW, KEEP_MARK, RATING_SHORT, SUSPECT_DAYS_BEFORE, ReportData, long_date,
)

LOG_HEADING = "Appendix: daily log"


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
    env.filters["long_date"] = long_date
    template = env.get_template("report.html.j2")
    return template.render(
        r=data, app_name=APP_NAME, keep_mark=KEEP_MARK, log_heading=LOG_HEADING,
        suspect_days=SUSPECT_DAYS_BEFORE,
        caution_from=f"\u2212{-CAUTION_WINDOW[0]}", caution_to=CAUTION_WINDOW[1],
        symptoms=[RATING_SHORT[n] for n in SYMPTOMS],
        symptom_legend=", ".join(f"{RATING_SHORT[n]} = {SYMPTOM_LABELS[n].lower()}"
                                 for n in SYMPTOMS),
        flag_names=[label[0].lower() + label[1:] for _, label in FLAGS.values()],
    )
