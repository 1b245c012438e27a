"""`deckapp validate` over files and folders: one real file is checked once, a deck id used by two files is
reported at the id, a deck-named link that leads nowhere is an error; and the usage errors' wording."""

import os
import textwrap

import pytest

from deckapp import paths
from deckapp.cli import main

OK = textwrap.dedent("""\
    deck: ok-deck
    title: OK
    cards:
      - id: a
        front: F
        back: B
      - id: b
        front: F
        answer: "2*x"
      - id: c
        front: F
        exercise: {generator: chain_rule, difficulty: 2}
    """)


@pytest.fixture
def ok(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(OK, encoding="utf-8")
    return path


def test_one_file_given_twice_is_checked_once(ok, capsys):
    assert main(["validate", str(ok), str(ok)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{ok}: 3 cards (1 exercise) OK\n" and captured.err == ""


def test_a_link_to_a_deck_in_the_same_folder_is_the_same_deck(ok, capsys):
    (ok.parent / "link.yaml").symlink_to("ok.yaml")
    os.link(ok, ok.parent / "hard.yml")
    assert main(["validate", str(ok.parent)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{ok.parent / 'hard.yml'}: 3 cards (1 exercise) OK\n" and captured.err == ""


def test_two_files_with_one_deck_id_are_reported_at_the_id(ok, tmp_path, capsys):
    other = tmp_path / "other.yaml"
    other.write_text("# a copy\n\ndeck:   ok-deck\n" + OK.split("\n", 1)[1], encoding="utf-8")
    assert main(["validate", str(ok), str(other)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{ok}: 3 cards (1 exercise) OK\n"
    assert captured.err == f"{other}:3:9: deck id 'ok-deck' is also used by {ok}\n"


def test_a_broken_link_named_like_a_deck_is_reported(ok, capsys):
    (ok.parent / "broken.yaml").symlink_to("nowhere.yaml")
    assert main(["validate", str(ok.parent)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (f"deckapp: {ok.parent / 'broken.yaml'}: cannot read: no such file or directory "
                            "(a symbolic link to 'nowhere.yaml')\n")


def test_a_link_loop_named_like_a_deck_is_reported(ok, capsys):
    (ok.parent / "loop.yaml").symlink_to("loop.yaml")
    assert main(["validate", str(ok.parent)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{ok.parent / 'loop.yaml'}: cannot read: " in err


def test_stats_reports_a_broken_link_too(ok, capsys):
    (ok.parent / "broken.yml").symlink_to("nowhere.yml")
    assert main(["stats", str(ok.parent)]) == 2
    assert "broken.yml: cannot read: no such file" in capsys.readouterr().err


def test_folders_and_links_to_folders_named_like_decks_are_still_skipped(ok, capsys):
    (ok.parent / "dir.yaml").mkdir()
    (ok.parent / "dirlink.yaml").symlink_to("dir.yaml")
    (ok.parent / "notes.txt").symlink_to("nowhere.txt")
    assert main(["validate", str(ok.parent)]) == 0
    assert capsys.readouterr().out == f"{ok}: 3 cards (1 exercise) OK\n"


def test_a_broken_link_given_by_name_says_so(tmp_path, capsys):
    (tmp_path / "broken.yaml").symlink_to("nowhere.yaml")
    assert main(["validate", str(tmp_path / "broken.yaml")]) == 2
    assert "broken.yaml: cannot read: no such file or directory (a symbolic link to" in capsys.readouterr().err


def test_listing_a_folder_does_not_stat_each_regular_file(ok, monkeypatch):
    """The directory entries' types are enough for regular files: `deckapp stats` lists folders on start-up."""
    (ok.parent / "b.yml").write_text(OK, encoding="utf-8")

    real_stat = os.stat
    statted = []

    def watched_stat(path, *args, **kwargs):
        if os.fspath(path).endswith((".yaml", ".yml")):
            statted.append(os.fspath(path))
        return real_stat(path, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "stat", watched_stat)
        found = paths.deck_files([str(ok.parent)])
    assert found == [str(ok.parent / "b.yml"), str(ok)]
    assert statted == []


@pytest.mark.parametrize(("cards", "exercises", "expected"), [
    (1, 1, "1 card (1 exercise)"), (2, 0, "2 cards (0 exercises)"), (3, 2, "3 cards (2 exercises)"),
])
def test_the_ok_line_counts_in_words(tmp_path, capsys, cards, exercises, expected):
    lines = ["deck: d", "title: T", "cards:"]
    for i in range(cards):
        lines.append(f"  - {{id: c{i}, front: F, " +
                     ("exercise: {generator: derivative}}" if i < exercises else "back: B}"))
    path = tmp_path / "d.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: {expected} OK\n"


def test_an_unknown_option_points_at_the_commands_help(capsys):
    assert main(["validate", "--frob"]) == 2
    assert capsys.readouterr().err == "deckapp: unrecognized arguments: --frob (see 'deckapp validate --help')\n"


def test_an_unknown_option_before_the_command_points_at_the_main_help(capsys):
    assert main(["--frob"]) == 2
    assert capsys.readouterr().err == "deckapp: unrecognized arguments: --frob (see 'deckapp --help')\n"


@pytest.mark.parametrize(("argv", "missing", "dashed", "command"), [
    (["check", "x", "-x"], "ANSWER", "-x", "check"),
    (["grad", "-x", "--at", "x=1"], "EXPR", "-x", "grad"),
    (["check", "--kind", "expr", "-sin(x)"], "EXPECTED, ANSWER", "-sin(x)", "check"),
])
def test_a_missing_argument_after_one_starting_with_a_dash_suggests_the_double_dash(capsys, argv, missing, dashed,
                                                                                       command):
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"deckapp: the following arguments are required: {missing}; put -- before arguments that start with '-' "
        f"(such as '{dashed}') (see 'deckapp {command} --help')\n")


@pytest.mark.parametrize("argv", [["check", "x"], ["check", "-2"], ["grad", "--at", "x=1"]])
def test_no_double_dash_hint_without_a_dashed_argument(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "the following arguments are required" in err and "put --" not in err


def test_the_hint_works(capsys):
    assert main(["check", "--", "x", "-x"]) == 1  # read and graded: incorrect, not a usage error
    assert main(["grad", "--at", "x=1", "--", "-x"]) == 0
    assert "∂/∂x: -1.0" in capsys.readouterr().out
