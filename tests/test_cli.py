"""The command line: every command, and every bad input exits 2 with one line, writing nothing."""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli


def dump(data_dir) -> list[str]:
    """Everything in the journal, as SQL text (independent of WAL and page layout)."""
    conn = sqlite3.connect(data_dir / "journal.db")
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="session")
def cli_template(tmp_path_factory):
    """A journal filled through the CLI itself, once per test session."""
    data_dir = tmp_path_factory.mktemp("cli-template") / "journal-data"
    for args in [
        ("session", "add", "2026-03-01", "--areas", "full face,neck", "--depth-mm", "0.5",
         "--clinic", "Bright Skin", "--notes", "first"),
        ("product", "add", "Night Serum", "--ingredients", "Aqua, Retinol", "--brand", "Nuvé",
         "--category", "serum"),
        ("product", "add", "Gentle Cleanser", "--ingredients", "Aqua, Glycerin"),
        ("log", "2026-03-03", "--redness", "4", "--breakouts", "2", "--used", "night serum",
         "--flag", "pus", "--makeup", "--note", "sore spot"),
    ]:
        result = run_cli(*args, data_dir=data_dir)
        assert result.returncode == 0, result.stderr
    return data_dir


@pytest.fixture
def cli_journal(cli_template, data_dir):
    """This test's copy of the journal the CLI filled."""
    import shutil

    shutil.copytree(cli_template, data_dir)
    return data_dir


def test_session_and_product_lists(cli_journal):
    sessions = run_cli("session", "list", data_dir=cli_journal)
    assert sessions.returncode == 0
    assert "1 Mar 2026\tFull face, neck\t0.5 mm\tBright Skin" in sessions.stdout
    products = run_cli("product", "list", data_dir=cli_journal)
    assert "Night Serum\tNuvé\tserum" in products.stdout
    assert "Gentle Cleanser\t-\tother" in products.stdout


def test_log_reports_day_n_and_updates_only_given_fields(cli_journal):
    result = run_cli("log", "2026-03-03", "--swelling", "1", "--used", "Gentle Cleanser",
                     data_dir=cli_journal)
    assert result.returncode == 0
    assert "Day 2 after the session of 1 Mar 2026" in result.stdout
    doc = _export_json(cli_journal)
    (day,) = doc["entries"]
    assert (day["redness"], day["swelling"], day["breakouts"]) == (4, 1, 2)
    assert sorted(day["products"]) == ["Gentle Cleanser", "Night Serum"]
    assert day["flags"] == ["pus"] and day["makeup"] is True and day["note"] == "sore spot"


def test_log_takes_the_emergency_flags_and_export_names_them(cli_journal):
    result = run_cli("log", "2026-03-04", "--flag", "airway", "--flag", "eye-problem",
                     data_dir=cli_journal)
    assert result.returncode == 0, result.stderr
    doc = _export_json(cli_journal)
    day = next(e for e in doc["entries"] if e["date"] == "2026-03-04")
    assert day["flags"] == ["airway", "eye-problem"]
    tips = run_cli("tips", "2026-03-04", data_dir=cli_journal)
    assert "[URGENT] Swelling of the lips, tongue or throat" in tips.stdout
    assert "[URGENT] An eye problem" in tips.stdout


def _export_json(data_dir, tmp_name="out.json"):
    out = data_dir.parent / tmp_name
    result = run_cli("export", "--out", out, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "health data" in result.stdout
    return json.loads(out.read_text())


def test_export_json_has_everything(cli_journal):
    doc = _export_json(cli_journal)
    assert doc["sessions"][0]["areas"] == ["full face", "neck"]
    assert doc["sessions"][0]["depth_mm"] == 0.5
    assert {p["name"]: p["ingredients"] for p in doc["products"]}["Night Serum"] == "Aqua, Retinol"
    assert doc["entries"][0]["day_since_session"] == 2


def test_export_json_keeps_the_questions_for_the_dermatologist(demo_dir):
    doc = _export_json(demo_dir)
    assert "wait before using retinol again" in doc["settings"]["questions"]


def test_export_csv_one_row_per_day(cli_journal):
    run_cli("log", "2026-02-27", "--redness", "1", data_dir=cli_journal)
    out = cli_journal.parent / "out.csv"
    assert run_cli("export", "--out", out, data_dir=cli_journal).returncode == 0
    rows = list(csv.DictReader(out.open()))
    assert [r["date"] for r in rows] == ["2026-02-27", "2026-03-03"]
    assert rows[0]["day_since_session"] == ""          # before the first session
    assert rows[1]["day_since_session"] == "2"
    assert rows[1]["flags"] == "pus" and rows[1]["products"] == "Night Serum"


def test_product_names_ignore_case_beyond_ascii(cli_journal):
    assert run_cli("product", "add", "Crème Été", "--ingredients", "Aqua",
                   data_dir=cli_journal).returncode == 0
    result = run_cli("log", "2026-03-04", "--used", "crème été", data_dir=cli_journal)
    assert result.returncode == 0, result.stderr
    assert _export_json(cli_journal)["entries"][-1]["products"] == ["Crème Été"]
    again = run_cli("product", "add", "CRÈME ÉTÉ", "--ingredients", "Aqua", data_dir=cli_journal)
    assert again.returncode == 2 and "already on the shelf" in again.stderr


def test_export_into_a_path_that_cannot_be_written_is_one_line(cli_journal, tmp_path):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x")
    for out in (not_a_folder / "journal.json", "/proc/journal.json"):
        result = run_cli("export", "--out", out, data_dir=cli_journal)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [("product", "list"), ("tips", "2026-03-03")])
def test_output_into_a_closed_pipe_is_no_traceback(cli_journal, command):
    """`python main.py tips | head -1`: the reader goes away before we finish writing."""
    from tests.conftest import ROOT

    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data-dir",
                              str(cli_journal), *command],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    child.stdout.close()  # long before the child has started writing
    err = child.stderr.read().decode()
    child.wait(timeout=60)
    child.stderr.close()
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_log_while_the_app_saves_the_same_day_loses_neither_change(cli_journal):
    """`log` changes only the fields given: also when the app saves that day meanwhile."""
    from tests.conftest import ROOT
    from tests.safety_helpers import wait_until_waiting_for_the_lock

    app = sqlite3.connect(cli_journal / "journal.db", isolation_level=None)
    try:
        app.execute("BEGIN IMMEDIATE")  # the app is saving 2026-03-03 right now
        app.execute("UPDATE entries SET note='changed in the app' WHERE date='2026-03-03'")
        cli = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data-dir",
                                str(cli_journal), "log", "2026-03-03", "--swelling", "3"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_until_waiting_for_the_lock(cli, cli_journal / "journal.db")
        app.execute("COMMIT")
        _, err = cli.communicate(timeout=60)
        assert cli.returncode == 0, err
    finally:
        app.close()
    (day,) = _export_json(cli_journal)["entries"]
    assert day["swelling"] == 3 and day["note"] == "changed in the app"


def test_out_with_a_tilde_the_shell_left_alone_means_home(cli_journal):
    """`--out=~/x.json` reaches us unexpanded (as `report --out` already handles)."""
    home = Path(os.environ["HOME"])
    assert run_cli("export", "--out=~/journal.json", data_dir=cli_journal).returncode == 0
    assert json.loads((home / "journal.json").read_text())["entries"]
    backup = run_cli("backup", "--out=~/journal.zip", data_dir=cli_journal)
    assert backup.returncode == 0, backup.stderr
    restored = run_cli("restore", "~/journal.zip", data_dir=cli_journal.parent / "again")
    assert restored.returncode == 0, restored.stderr


def test_demo_then_refuses_without_force(demo_template, data_dir, demo_without_photos):
    import shutil

    shutil.copytree(demo_template, data_dir)  # what `demo` made, once for the whole run
    assert len(run_cli("session", "list", data_dir=data_dir).stdout.splitlines()) == 3
    before = dump(data_dir)
    second = run_cli("demo", data_dir=data_dir)
    assert second.returncode == 2 and "--force" in second.stderr
    assert dump(data_dir) == before
    assert run_cli("demo", "--force", data_dir=data_dir).returncode == 0


def test_demo_refuses_a_journal_holding_only_photos_and_keeps_them(data_dir, tmp_path):
    from PIL import Image

    picture = tmp_path / "face.jpg"
    Image.new("RGB", (64, 48), (200, 150, 130)).save(picture, "JPEG")
    assert run_cli("photo", "add", picture, "--date", "2026-03-02", data_dir=data_dir).returncode == 0
    (stored,) = (data_dir / "photos").iterdir()
    before = dump(data_dir)
    result = run_cli("demo", data_dir=data_dir)
    assert result.returncode == 2 and "--force" in result.stderr
    assert dump(data_dir) == before and stored.is_file()


BAD_INPUTS = [
    (("log", "2026-03-04", "--redness", "11"), "redness must be from 0 to 10"),
    (("log", "2026-03-04", "--pain", "-1"), "pain must be from 0 to 10"),
    (("log", "2026-03-04", "--itch", "lots"), "itch must be a whole number"),
    (("log", "2026-03-04", "--breakouts", "-3"), "breakouts cannot be negative"),
    (("log", "2026-3-4", "--redness", "1"), "not a valid date"),
    (("log", "2026-02-30", "--redness", "1"), "not a valid date"),
    (("log", "yesterday"), "not a valid date"),
    (("log", (dt.date.today() + dt.timedelta(days=1)).isoformat(), "--redness", "1"),
     "cannot log a day in the future"),
    (("log", "0001-01-01", "--redness", "1"), "too far in the past"),
    (("tips", "0001-01-01"), "too far in the past"),
    (("session", "add", "9999-12-31"), "too far in the future"),
    (("log", "2026-03-04", "--used", "Unknown Cream"), "unknown product"),
    (("log", "2026-03-04", "--flag", "headache"), "invalid choice"),
    (("product", "add", "  ", "--ingredients", "Aqua"), "needs a name"),
    (("product", "add", "Night Serum", "--ingredients", "Aqua"), "already on the shelf"),
    (("product", "add", "X", "--ingredients", "Aqua", "--category", "potion"), "invalid choice"),
    (("session", "add", "2026-13-01"), "not a valid date"),
    (("session", "add", "2026-03-05", "--depth-mm", "deep"), "must be a number"),
    (("session", "add", "2026-03-05", "--depth-mm", "12"), "needle depth"),
    (("export", "--out", "journal.txt"), "must end in .json or .csv"),
    (("frobnicate",), "invalid choice"),
]


@pytest.mark.parametrize("args,message", BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(cli_journal, args, message):
    before = dump(cli_journal)
    result = run_cli(*args, data_dir=cli_journal)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert dump(cli_journal) == before


def test_data_dir_that_is_a_file(tmp_path):
    target = tmp_path / "journal.txt"
    target.write_text("not a folder")
    result = run_cli("session", "list", data_dir=target)
    assert result.returncode == 2 and "is a file" in result.stderr
    assert target.read_text() == "not a folder"


def test_data_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("session", "list", data_dir=blocker / "journal")
    assert result.returncode == 2 and "cannot create the data dir" in result.stderr


def test_journal_file_that_is_not_sqlite_is_left_alone(tmp_path):
    data_dir = tmp_path / "d"
    data_dir.mkdir()
    (data_dir / "journal.db").write_bytes(b"PK\x03\x04 definitely a zip")
    result = run_cli("log", "2026-03-04", "--redness", "1", data_dir=data_dir)
    assert result.returncode == 2 and "not a journal database" in result.stderr
    assert (data_dir / "journal.db").read_bytes() == b"PK\x03\x04 definitely a zip"


def test_env_var_chooses_the_data_dir(tmp_path):
    data_dir = tmp_path / "from-env"
    result = run_cli("session", "add", "2026-03-01", env={"JOURNAL_DATA_DIR": str(data_dir)})
    assert result.returncode == 0
    assert (data_dir / "journal.db").exists()


def test_gui_quit_after_show(demo_dir):
    data_dir = demo_dir
    result = run_cli("--quit-after-show", data_dir=data_dir,
                     env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
