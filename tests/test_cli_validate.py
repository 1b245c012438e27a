"""`deckapp validate` and the CLI's contracts: exit codes, one-line errors, no tracebacks."""

import shutil
import textwrap
from pathlib import Path

import pytest

import deckapp
from deckapp.cli import main
from deckapp.errors import UsageError
from deckapp.paths import now

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "decks" / "mfdl-lecture-02.yaml"

BAD = textwrap.dedent("""\
    deck: d
    title: T
    cards:
      - id: a
        front: F
        back: B
      - id: a
        front: [F]
        back: B
    """)


def test_version(deckapp_cli):
    result = deckapp_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"deckapp {deckapp.__version__}"


def test_validate_without_paths_checks_the_bundled_decks(deckapp_cli, tmp_path):
    result = deckapp_cli("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("mfdl-lecture-02.yaml: 28 cards (12 exercises) OK")


def test_validate_in_the_repository_shows_the_path_as_the_readme_does(deckapp_cli):
    result = deckapp_cli("validate", cwd=REPO)
    assert result.stdout == "decks/mfdl-lecture-02.yaml: 28 cards (12 exercises) OK\n"


def test_validate_reports_every_problem_as_path_line_col(tmp_path, deckapp_cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    result = deckapp_cli("validate", str(bad))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bad}:7:9: duplicate card id 'a' (first used on line 4)",
        f"{bad}:8:12: 'front' must be text, not a list",
    ]
    assert "Traceback" not in result.stderr


def test_validate_a_folder_checks_each_deck_file(tmp_path, capsys):
    shutil.copy(BUNDLED, tmp_path / "good.yaml")
    (tmp_path / "bad.yml").write_text(BAD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a deck", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{tmp_path / 'good.yaml'}: 28 cards (12 exercises) OK\n"
    assert len(captured.err.splitlines()) == 2


def test_two_files_with_one_deck_id_are_reported(tmp_path, capsys):
    shutil.copy(BUNDLED, tmp_path / "a.yaml")
    shutil.copy(BUNDLED, tmp_path / "b.yaml")
    assert main(["validate", str(tmp_path)]) == 1
    assert "deck id 'mfdl-lecture-02' is also used by" in capsys.readouterr().err


def test_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.yaml: no such file or folder" in err


def test_file_that_is_not_utf8_is_reported_with_position(tmp_path, capsys):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("deck: d\ntitle: café\ncards: []\n".encode("latin-1"))
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"{path}:2:11: byte 0xe9 is not UTF-8")


def test_control_character_is_one_line_with_position(tmp_path, capsys):
    path = tmp_path / "control.yaml"
    path.write_bytes(b'deck: "a\x01"\n')
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().err == f"{path}:1:9: control character U+0001 is not allowed in YAML text\n"


def test_unknown_command_is_one_line_exit_2(capsys):
    assert main(["valiate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'valiate'" in err


def test_study_unknown_deck_id_suggests_the_bundled_one(capsys):
    assert main(["study", "mfdl-lecture-2"]) == 2
    assert "did you mean 'mfdl-lecture-02'?" in capsys.readouterr().err


def test_study_needs_a_terminal(deckapp_cli):
    result = deckapp_cli("study", "mfdl-lecture-02")
    assert result.returncode == 2 and "needs a terminal" in result.stderr


def test_bad_clock_override_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("DECKAPP_NOW", "tomorrow")
    with pytest.raises(UsageError, match="DECKAPP_NOW='tomorrow' is not an ISO 8601 time"):
        now()


def test_clock_override_is_read_as_iso_8601(monkeypatch):
    monkeypatch.setenv("DECKAPP_NOW", "2026-03-01T09:30:00+01:00")
    assert now().isoformat() == "2026-03-01T09:30:00+01:00"


def test_a_symlinked_package_still_finds_its_bundled_decks(tmp_path, deckapp_cli):
    """The bundled decks are found from where the package really is, not from where a link to it sits."""
    from conftest import REPO

    (tmp_path / "deckapp").symlink_to(REPO / "deckapp")
    result = deckapp_cli("validate", cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("mfdl-lecture-02.yaml: 28 cards (12 exercises) OK\n")
