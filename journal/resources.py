"""The app's resource files (knowledge .toml, the report template, the style sheet, icons,
the desktop entry): the one place that finds them.

In the repository they live in the top-level ``resources/`` folder; pyproject.toml maps that
folder into the package as ``journal._resources``, so an installed wheel carries them and
``importlib.resources`` finds them wherever the package is. A checkout that was never
installed (``python main.py`` with only the dependencies on the path) and a bundle made by
.ci/bundle find the same files beside the package. No Qt here.
"""
from __future__ import annotations

import functools
from importlib import resources as _importlib_resources
from pathlib import Path

PACKAGE = "journal._resources"


@functools.cache
def _root() -> Path:
    try:
        root = _importlib_resources.files(PACKAGE)
    except ModuleNotFoundError:  # a plain checkout, or a bundle
        here = Path(__file__).resolve().parent
        for candidate in (here / "_resources", here.parent / "resources"):
            if candidate.is_dir():
                return candidate
        raise FileNotFoundError(f"the app's resource files are missing (looked in {here})")
    return Path(str(root))  # installed as files (wheel, editable): a real folder for Jinja2, Qt


def resource_path(name: str) -> Path:
    """The real file (or folder) for a resource name like 'tips.toml' or 'icons/app.svg'."""
    return _root() / name


def read_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    return resource_path(name).read_bytes()
