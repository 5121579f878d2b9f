"""The wheel is a complete app: built from this checkout, installed into a fresh virtual
environment outside it, and run from another folder with its `skin-journal` command.

The new environment reuses the dependencies already in .venv (a .pth line pointing at its
site-packages, and `--no-deps`), so nothing is downloaded and the test stays fast; the
checkout itself is never on that environment's path, so only what the wheel holds is used.
"""
from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _run(command, **kwargs):
    run = subprocess.run([str(c) for c in command], capture_output=True, text=True,
                         timeout=300, **kwargs)
    assert run.returncode == 0, f"{command}: {run.stdout}\n{run.stderr}"
    return run


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    env = {**os.environ, "PIP_NO_INDEX": "1"}  # everything needed is here: no downloads
    # --no-build-isolation: the setuptools in .venv builds it (a test extra), offline.
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
          "--disable-pip-version-check", "-w", out, ROOT], env=env, cwd=build)
    wheels = list(out.glob("skin_recovery_journal-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_holds_every_module_and_resource(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "journal").rglob("*.py")}
    assert modules - names == set(), "pyproject.toml [tool.setuptools] packages misses these"
    resources = {f"journal/_resources/{p.relative_to(ROOT / 'resources')}"
                 for p in (ROOT / "resources").rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts}
    assert resources - names == set(), "package-data misses these resource files"
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[gui_scripts]" in text and "skin-journal = journal.cli:run" in text


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel in it; returns its bin folder."""
    target = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=False).create(target)
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(target),
                                                       "platbase": str(target)}))
    # The dependencies from .venv, after the env's own site-packages (the wheel wins).
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "zz_dependencies_from_dev_venv.pth").write_text("\n".join(deps) + "\n")
    # .venv's pip installs into the new env (--python): its scripts run the new interpreter.
    _run([sys.executable, "-m", "pip", "--python", target / "bin" / "python", "install", "-q",
          "--no-deps", "--no-index", "--disable-pip-version-check", wheel])
    return target / "bin"


def test_installed_wheel_runs_every_command_from_another_folder(installed, tmp_path):
    elsewhere = tmp_path / "somewhere else"
    elsewhere.mkdir()
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(JOURNAL_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    tool = installed / "skin-journal"
    assert tool.exists()

    where = _run([installed / "python", "-c",
                  "import journal, journal.resources as r; print(journal.__file__); "
                  "print(r.resource_path('tips.toml'))"], cwd=elsewhere, env=env).stdout
    assert str(ROOT) not in where and str(installed.parent) in where

    assert "days" in _run([tool, "demo"], cwd=elsewhere, env=env).stdout
    tips = _run([tool, "tips"], cwd=elsewhere, env=env).stdout
    assert tips.strip()
    _run([tool, "report", "--out", "summary.pdf"], cwd=elsewhere, env=env)
    assert (elsewhere / "summary.pdf").read_bytes().startswith(b"%PDF")
    _run([tool, "--quit-after-show"], cwd=elsewhere, env=env)
    usage = subprocess.run([str(tool), "bogus"], cwd=elsewhere, env=env, capture_output=True,
                           text=True)
    assert usage.returncode == 2 and usage.stderr.startswith("error: ")
