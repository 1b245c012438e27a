"""deckapp.files: every file deckapp writes is written whole, beside its place, and then put in place; the config
files and the deck cache go through it too."""

import json
import os
from pathlib import Path

import pytest

from deckapp import config, files
from deckapp.deck.cache import cache_file, read_deck
from deckapp.errors import UsageError

BUNDLED = str(Path(__file__).resolve().parent.parent / "decks" / "mfdl-lecture-02.yaml")


def test_a_missing_folder_is_refused_unless_asked_to_make_it(tmp_path):
    target = tmp_path / "a" / "b" / "f.txt"
    with pytest.raises(UsageError, match="does not exist"):
        files.write_bytes(str(target), b"x")
    assert not (tmp_path / "a").exists()
    files.write_bytes(str(target), b"x", make_folders=True)
    assert target.read_bytes() == b"x"


def test_a_config_file_is_replaced_whole_keeping_its_permissions(tmp_path, monkeypatch):
    monkeypatch.setenv("DECKAPP_CONFIG", str(tmp_path / "config"))
    config.write("settings.json", {"theme": "a"})
    path = Path(config.config_file("settings.json"))
    path.chmod(0o600)
    config.write("settings.json", {"theme": "é"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"theme": "é"}
    assert path.stat().st_mode & 0o777 == 0o600 and os.listdir(path.parent) == ["settings.json"]


def test_a_config_file_that_cannot_be_written_is_one_usage_error(tmp_path, monkeypatch):
    (tmp_path / "config").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("DECKAPP_CONFIG", str(tmp_path / "config"))
    with pytest.raises(UsageError, match=r"settings\.json: cannot write: "):
        config.write("settings.json", {"theme": "a"})


def test_a_deck_cache_that_cannot_be_written_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("DECKAPP_CACHE", str(tmp_path / "cache"))
    os.makedirs(cache_file())  # a folder where the cache file should be
    assert read_deck(BUNDLED).id == "mfdl-lecture-02"
    assert os.listdir(tmp_path / "cache") == ["decks.json"] and os.listdir(cache_file()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", [["export", BUNDLED, "--format", "csv", "-o"], ["grade", "M", "A", "--csv"]])
def test_a_named_pipe_or_device_to_write_is_refused_not_replaced_by_a_regular_file(tmp_path, capsys, command):
    """Replacing a target whole renames a new file over it: over /dev/null that would put a regular file in the
    device's place (as root, for every program), so any target that is not a regular file is refused first."""
    from deckapp.cli import main

    pipe = tmp_path / "out"
    os.mkfifo(pipe)
    assert main([*command, str(pipe)]) == 2
    assert capsys.readouterr().err == f"deckapp: {pipe}: a named pipe, not a regular file; give the name of a file " \
                                      "to write\n"
    assert pipe.is_fifo() and os.listdir(tmp_path) == ["out"]
    with pytest.raises(UsageError, match=r"^/dev/null: a device, not a regular file"):
        files.check_target("/dev/null")
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("command", [["grade", "{other}", "{input}", "--csv", "{input}"],
                                     ["grade", "{input}", "{other}", "--csv", "{input}"],
                                     ["export", "{input}", "--format", "json", "-o", "{input}"],
                                     ["import", "{input}", "-o", "{input}", "--force"]])
def test_the_file_a_command_reads_is_never_its_output(tmp_path, capsys, command):
    """`grade M answers.csv --csv answers.csv` replaced the students' answers with the gradebook."""
    from deckapp.cli import main

    source, other = tmp_path / "input.yaml", tmp_path / "other.csv"
    source.write_text("Question\tAnswer\n" if command[0] == "import" else
                      "deck: own\ntitle: Own\ncards:\n  - id: a\n    front: Question\n    back: Answer\n",
                      encoding="utf-8")
    other.write_text("student,exercise,answer\n", encoding="utf-8")
    before = source.read_bytes()
    argv = [arg.format(input=source, other=other) for arg in command]
    argv[-1 if argv[-1] != "--force" else -2] = f"{tmp_path}/./{source.name}"  # the same file by another name
    assert main(argv) == 2
    assert capsys.readouterr().err == f"deckapp: {tmp_path}/./input.yaml: is the file {source} that this command " \
                                      "reads; write to another file\n"
    assert source.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["input.yaml", "other.csv"]


def test_writing_through_a_symbolic_link_replaces_the_file_it_points_to_and_keeps_the_link(tmp_path):
    (tmp_path / "real.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to("real.md")
    files.write_bytes(str(tmp_path / "link.md"), b"new\n")
    assert os.readlink(tmp_path / "link.md") == "real.md"
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]  # no temporary file left
    with pytest.raises(UsageError, match="already exists"):  # a link is an existing file: --force to replace
        files.write_output(str(tmp_path / "link.md"), lambda out: out.write(b"x"), replace=False)
