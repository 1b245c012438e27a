"""Every file a user names (a roster, a manifest, an answers file, a file to import) is read like a deck file: a
named pipe or a device is refused at once rather than waited on or read forever, an oversized file is refused
before it is read, and each is one line on stderr with exit 2."""

import json
import os
import sys

import pytest

from deckapp import __version__, paths
from deckapp.errors import UsageError
from tests.conftest import run_deckapp

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes and /dev/zero are POSIX")
MANIFEST = {"generated_with": __version__,
            "students": [{"student": "Ada", "exercises": [{"number": 1, "answer": "x", "kind": "expr"}]}]}


def commands(folder, special):
    """(what, the arguments reading `special` as that file) for each of the four readers."""
    manifest, answers = folder / "manifest.json", folder / "answers.csv"
    manifest.write_text(json.dumps(MANIFEST), encoding="utf-8")
    answers.write_text("student,exercise,answer\nAda,1,x\n", encoding="utf-8")
    return [
        ("the roster", ["homework", "--students", special, "--generators", "derivative", "--count", "1", "--seed",
                        "1", "--format", "md", "-o", str(folder / "out")]),
        ("the manifest", ["grade", special, str(answers)]),
        ("the answers", ["grade", str(manifest), special]),
        ("the file to import", ["import", special, "-o", str(folder / "deck.yaml")]),
    ]


@posix_only
@pytest.mark.parametrize("which", range(4), ids=["roster", "manifest", "answers", "import"])
def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path, which):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    what, args = commands(tmp_path, str(pipe))[which]
    result = run_deckapp(*args, timeout=30)
    assert (result.returncode, result.stderr) == (2, f"deckapp: {pipe}: a named pipe; give {what} as a regular file\n")
    assert not (tmp_path / "out").exists() and not (tmp_path / "deck.yaml").exists()


@posix_only
@pytest.mark.parametrize("which", range(4), ids=["roster", "manifest", "answers", "import"])
def test_a_device_is_refused_not_read_until_memory_runs_out(tmp_path, which):
    what, args = commands(tmp_path, "/dev/zero")[which]
    result = run_deckapp(*args, timeout=30)
    assert (result.returncode, result.stderr) == (2, f"deckapp: /dev/zero: a device; give {what} as a regular file\n")


@pytest.mark.parametrize("which", range(4), ids=["roster", "manifest", "answers", "import"])
def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path, which):
    huge = tmp_path / "huge"
    with open(huge, "wb") as handle:  # sparse: takes no room
        handle.truncate(paths.MAX_INPUT_BYTES + 1)
    what, args = commands(tmp_path, str(huge))[which]
    result = run_deckapp(*args, timeout=30)
    assert (result.returncode, result.stderr) == \
        (2, f"deckapp: {huge}: 20,000,001 bytes, more than {what} may hold (20,000,000 bytes)\n")


@pytest.mark.parametrize("which", range(4), ids=["roster", "manifest", "answers", "import"])
def test_a_missing_file_and_one_not_utf8_are_one_line_naming_what_it_is(tmp_path, which):
    missing = tmp_path / "missing"
    what, args = commands(tmp_path, str(missing))[which]
    result = run_deckapp(*args)
    assert (result.returncode, result.stderr) == \
        (2, f"deckapp: {missing}: cannot read {what}: no such file or directory\n")
    latin = tmp_path / "latin"
    latin.write_bytes(b"name\nAda\nRen\xe9\n")
    what, args = commands(tmp_path, str(latin))[which]
    result = run_deckapp(*args)
    assert (result.returncode, result.stderr) == \
        (2, f"deckapp: {latin}:3: not UTF-8 text (byte 0xe9); save {what} as UTF-8\n")


def test_a_file_of_exactly_the_cap_is_read_and_its_byte_order_mark_dropped(tmp_path):
    text = tmp_path / "t"
    text.write_bytes(b"\xef\xbb\xbfsix b")
    assert paths.read_text(str(text), "the roster", max_bytes=8) == "six b"
    with pytest.raises(UsageError, match=r"8 bytes, more than the roster may hold \(7 bytes\)"):
        paths.read_input(str(text), "the roster", max_bytes=7)
