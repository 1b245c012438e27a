"""A deck path must be a regular file (or a link to one) of at most 20 MB, checked before anything is read: a
named pipe does not block, a device is not read forever, a huge file is refused in one line."""

import os
import socket
import sys

import pytest
from conftest import run_unprivileged

from deckapp import paths
from deckapp.cli import main
from deckapp.errors import UsageError

DECK = "deck: tiny\ntitle: Tiny\ncards:\n  - id: a\n    front: F\n    back: B\n"
NOW = {"DECKAPP_NOW": "2026-03-02T10:00:00+00:00"}

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes and /dev/zero are POSIX")


@posix_only
@pytest.mark.parametrize("command", ["validate", "stats", "study"])
def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path, deckapp_cli, command):
    pipe = tmp_path / "f.yaml"
    os.mkfifo(pipe)
    result = deckapp_cli(command, str(pipe), env=NOW, timeout=30)
    assert result.returncode == 2
    assert result.stderr == f"deckapp: {pipe}: a named pipe, not a deck file (a deck is a regular file)\n"


@posix_only
@pytest.mark.parametrize("command", ["validate", "stats"])
def test_a_device_is_refused_not_read_until_memory_runs_out(deckapp_cli, command):
    result = deckapp_cli(command, "/dev/zero", env=NOW, timeout=30)
    assert result.returncode == 2
    assert result.stderr == "deckapp: /dev/zero: a device, not a deck file (a deck is a regular file)\n"


@posix_only
def test_a_socket_is_refused(tmp_path, capsys):
    place = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(place))
        assert main(["validate", str(place)]) == 2
    finally:
        server.close()
    assert capsys.readouterr().err == f"deckapp: {place}: a socket, not a deck file (a deck is a regular file)\n"


@pytest.mark.parametrize("command", ["validate", "stats"])
def test_a_deck_over_the_size_cap_is_refused_before_reading(tmp_path, deckapp_cli, command):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:  # sparse: 50 MB that take no room and would take a minute to parse
        handle.write(DECK.encode())
        handle.truncate(50_000_000)
    result = deckapp_cli(command, str(huge), env=NOW, timeout=30)
    assert result.returncode == 2
    assert result.stderr == (f"deckapp: {huge}: 50,000,000 bytes, more than a deck may hold (20 MB); "
                             "split it into several decks\n")


def test_the_cap_is_20_mb_and_a_deck_of_exactly_the_cap_is_read(tmp_path, monkeypatch):
    assert paths.MAX_DECK_BYTES == 20_000_000
    monkeypatch.setattr(paths, "MAX_DECK_BYTES", len(DECK) + 10)
    deck = tmp_path / "d.yaml"
    deck.write_text(DECK + "#" * 9 + "\n", encoding="utf-8")
    data, info = paths.read_deck_file(str(deck))
    assert data == deck.read_bytes() and info.st_size == len(data)
    deck.write_text(DECK + "#" * 10 + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match=f"{len(DECK) + 11} bytes, more than a deck may hold"):
        paths.read_deck_file(str(deck))


def test_a_link_to_a_regular_deck_file_is_read(tmp_path, capsys):
    (tmp_path / "real.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    assert main(["validate", str(tmp_path / "link.yaml")]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'link.yaml'}: 1 card (0 exercises) OK\n"


def test_a_deck_in_a_folder_that_cannot_be_entered_is_not_called_missing(tmp_path):
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "d.yaml").write_text(DECK, encoding="utf-8")
    folder.chmod(0o000)
    try:
        result = run_unprivileged("-m", "deckapp", "validate", str(folder / "d.yaml"))
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr == (f"deckapp: {folder / 'd.yaml'}: cannot read: permission denied (on the file, or on a "
                             "folder on its way)\n")


def test_a_deck_file_that_cannot_be_read_says_permission_denied(tmp_path):
    deck = tmp_path / "d.yaml"
    deck.write_text(DECK, encoding="utf-8")
    deck.chmod(0o000)
    try:
        result = run_unprivileged("-m", "deckapp", "validate", str(deck))
    finally:
        deck.chmod(0o644)
    assert result.returncode == 2
    assert result.stderr == (f"deckapp: {deck}: cannot read: permission denied (on the file, or on a folder on its "
                             "way)\n")
