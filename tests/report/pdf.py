"""Reading a written PDF's text back in tests, page by page, quickly.

pypdf parses the glyph-by-glyph text Qt writes at about a tenth of a second a page: half of
a brief test's time. Poppler's pdftotext (poppler-utils, which the tests need for pdftoppm
already) reads the same pages in a few hundredths. pypdf stays for the PDF's structure
(pages, sizes, images, metadata), and the demo brief's text is also read with it, once a run.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


def page_texts(path: Path | str) -> list[str]:
    """The text of each page in the order it was written (as pypdf reads it: a table row by
    row), its white space collapsed to single spaces."""
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True)
    pages = done.stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()   # (each page ends with a form feed)
    return [" ".join(page.split()) for page in pages]
