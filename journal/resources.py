"""The app's resource files (knowledge .toml, the report template, the style sheet, icons,
the desktop entry): the one place that finds them.

In the repository they live in the top-level ``resources/`` folder; pyproject.toml maps that
folder into the package as ``journal._resources``, so an installed wheel carries them and
``importlib.resources`` finds them wherever the package is. A checkout that was never
installed (``python main.py`` with only the dependencies on the path) and a bundle made by
.ci/bundle find the same files beside the package, which is where every kind of install
is looked for first. No Qt here.
"""
from __future__ import annotations

import functools
from pathlib import Path

PACKAGE = "journal._resources"
MARKER = "style.qss"  # a file every copy of the resources has


@functools.cache
def _root() -> Path:
    # A real folder beside the package first: a wheel's journal/_resources, the checkout's
    # resources/ (an editable install maps journal._resources there), a bundle's. Found
    # with two stats, without importing importlib.resources on the way to the first window
    # (~2 ms); it is asked only when neither folder is there.
    here = Path(__file__).resolve().parent
    candidates = (here / "_resources", here.parent / "resources")
    for candidate in candidates:
        if (candidate / MARKER).is_file():
            return candidate
    from importlib import resources as importlib_resources

    try:
        root = importlib_resources.files(PACKAGE)
    except ModuleNotFoundError:
        missing = f"the app's resource files are missing (looked in {here})"
        raise FileNotFoundError(missing) from None
    return Path(str(root))  # installed as files: a real folder for Jinja2, Qt


def resource_path(name: str) -> Path:
    """The real file (or folder) for a resource name like 'tips.toml' or 'icons/app.svg'."""
    return _root() / name


def read_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    return resource_path(name).read_bytes()
