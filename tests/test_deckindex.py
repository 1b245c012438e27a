"""The deck index: `deckapp stats` reads a deck file's id, title and card ids from the store while the file is
unchanged, and reads the deck afresh whenever its bytes (or the deckapp reading them) change."""

import json
import sqlite3

import pytest

from deckapp import deckindex
from deckapp.cli import main
from deckapp.deck import DeckError
from deckapp.storedb import connect

DECK = "deck: mine\ntitle: {title}\ncards:\n" + "".join(
    f"  - id: card-{i}\n    front: F{i}\n    back: B{i}\n" for i in range(3))


@pytest.fixture
def conn(tmp_path):
    opened = connect(str(tmp_path / "s.sqlite3"))
    yield opened
    opened.close()


@pytest.fixture
def no_parsing(monkeypatch):
    """From now on, parsing a deck fails the test: what follows must come from the index."""
    def refuse(*args, **kwargs):
        raise AssertionError("the deck was parsed again")

    def start():
        monkeypatch.setattr("deckapp.deck.parse_deck", refuse)

    return start


def test_an_unchanged_deck_is_not_parsed_again(conn, tmp_path, no_parsing):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")
    first = deckindex.summary(conn, str(path))
    no_parsing()
    again = deckindex.summary(conn, str(path))
    assert (again.id, again.title, again.card_ids) == (first.id, first.title, first.card_ids)
    assert first.card_ids == ["card-0", "card-1", "card-2"]


def test_an_edit_of_the_same_size_is_seen(conn, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")
    assert deckindex.summary(conn, str(path)).title == "Mine"
    path.write_text(DECK.format(title="Ours"), encoding="utf-8")  # same length, same second
    assert deckindex.summary(conn, str(path)).title == "Ours"
    assert conn.execute("SELECT COUNT(*) FROM deck_index").fetchone()[0] == 1  # replaced, not added


def test_another_deckapp_version_reads_the_deck_afresh(conn, tmp_path, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")
    deckindex.summary(conn, str(path))
    conn.execute("UPDATE deck_index SET title = 'stale'")
    assert deckindex.summary(conn, str(path)).title == "stale"  # the index is what an unchanged file gets
    monkeypatch.setattr(deckindex, "READER", "deckapp 99")
    assert deckindex.summary(conn, str(path)).title == "Mine"


def test_a_deck_with_errors_is_reported_every_time_and_never_indexed(conn, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("deck: bad\ntitle: Bad\ncards:\n  - id: a\n    front: F\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DeckError, match="back"):
            deckindex.summary(conn, str(path))
    assert conn.execute("SELECT COUNT(*) FROM deck_index").fetchone()[0] == 0


def test_a_store_too_busy_to_write_still_gives_the_summary(conn, tmp_path, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")

    def busy(_conn):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(deckindex, "write_transaction", busy)
    assert deckindex.summary(conn, str(path)).card_ids == ["card-0", "card-1", "card-2"]
    assert conn.execute("SELECT COUNT(*) FROM deck_index").fetchone()[0] == 0


def test_stats_follows_a_deck_as_it_is_edited(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")

    def cards():
        assert main(["stats", "--json", str(path)]) == 0
        return {d["id"]: d["cards"] for d in json.loads(capsys.readouterr().out)["decks"]}

    assert cards() == {"mfdl-lecture-02": 21, "mine": 3}
    assert cards() == {"mfdl-lecture-02": 21, "mine": 3}  # from the index this time
    path.write_text(DECK.format(title="Mine") + "  - id: card-3\n    front: F\n    back: B\n", encoding="utf-8")
    assert cards() == {"mfdl-lecture-02": 21, "mine": 4}
    path.write_text("deck: mine\ntitle: Mine\ncards: []\n", encoding="utf-8")
    assert main(["stats", "--json", str(path)]) == 1
    assert "cards" in capsys.readouterr().err

