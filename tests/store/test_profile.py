"""The patient profile: stored in the journal, set by the CLI, exported and backed up."""
from __future__ import annotations

import json

import pytest

from journal.cli import main
from journal.models import JournalError, Profile
from journal.store.backup import restore_archive, write_backup
from journal.store.journal import Journal


def test_profile_starts_all_no_and_keeps_what_is_set(journal):
    assert journal.profile() == Profile()
    assert journal.set_profile(cold_sores=True, keloids=True) == Profile(cold_sores=True,
                                                                         keloids=True)
    journal.set_profile(keloids=False)
    assert journal.profile() == Profile(cold_sores=True)


def test_unknown_profile_item_writes_nothing(journal):
    with pytest.raises(JournalError, match="unknown profile item"):
        journal.set_profile(cold_sores=True, moles=True)
    assert journal.profile() == Profile()


def test_cli_prints_and_sets_the_profile(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "profile"]) == 0
    out = capsys.readouterr().out
    assert "cold-sores\tno\t" in out and "acne-flare\tno\t" in out
    assert main(["--data-dir", str(data_dir), "profile", "--cold-sores", "yes",
                 "--isotretinoin", "yes", "--acne-flare", "no"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("profile saved")
    assert "cold-sores\tyes\t" in out and "isotretinoin\tyes\t" in out
    with Journal.open(data_dir) as journal:
        assert journal.profile() == Profile(cold_sores=True, isotretinoin=True)


def test_cli_bad_answer_is_one_line_and_writes_nothing(data_dir, capsys):
    main(["--data-dir", str(data_dir), "profile", "--keloids", "yes"])
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), "profile", "--keloids", "no", "--cold-sores",
                 "maybe"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: argument --cold-sores: invalid choice: 'maybe'")
    assert err.count("\n") == 1
    with Journal.open(data_dir) as journal:
        assert journal.profile() == Profile(keloids=True)


def test_profile_is_in_the_json_export(data_dir, tmp_path, capsys):
    main(["--data-dir", str(data_dir), "profile", "--cold-sores", "yes"])
    out = tmp_path / "all.json"
    assert main(["--data-dir", str(data_dir), "export", "--out", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["settings"]["profile_cold_sores"] == "true"
    assert document["profile"] == {"cold_sores": True, "isotretinoin": False, "keloids": False,
                                   "acne_flare": False}


def test_profile_travels_in_a_backup(data_dir, tmp_path):
    with Journal.open(data_dir) as journal:
        journal.set_profile(cold_sores=True, acne_flare=True)
    archive = write_backup(data_dir, tmp_path / "b.zip").path
    with Journal.open(data_dir) as journal:
        journal.set_profile(cold_sores=False, acne_flare=False)
    restore_archive(data_dir, archive)
    with Journal.open(data_dir) as journal:
        assert journal.profile() == Profile(cold_sores=True, acne_flare=True)
