"""The dermatologist summary: one document for print preview, printer and PDF.

Three steps, each testable on its own, plus the command:

1. ``collect`` - ``collect_report`` gathers what the summary shows into plain
   dataclasses (``pictures``: its charts and photo pairs). No Qt.
2. ``render`` - ``render_html`` fills ``resources/report.html.j2`` with Jinja2,
   autoescape ON: everything the user typed prints literally.
3. ``paginate`` - ``build_report`` / ``report_document`` make the paged Qt document;
   ``ReportDocument.paint`` paints it on any paged device (preview, printer, PDF).
4. ``command`` - ``report_cli``, the headless ``report --out FILE.pdf``.

Optional parts (charts, ingredient flags, photos) degrade to a short notice
when their module is missing or fails, so the rest of the summary still prints.
"""
from journal.report.collect import (
    DEFAULT_MONTHS, MARGINS_MM, ReportData, ReportImage, ReportOptions, check_period,
    collect_report, default_period,
)
from journal.report.command import check_out_path, ensure_gui_application, report_cli
from journal.report.paginate import (
    ReportDocument, build_report, default_page_size, page_layout, paper_for_territory,
    report_document,
)
from journal.report.render import render_html

__all__ = [
    "DEFAULT_MONTHS", "MARGINS_MM", "ReportData", "ReportDocument", "ReportImage",
    "ReportOptions", "build_report", "check_out_path", "check_period", "collect_report",
    "default_page_size", "default_period", "ensure_gui_application", "page_layout",
    "paper_for_territory", "render_html", "report_cli", "report_document",
]
