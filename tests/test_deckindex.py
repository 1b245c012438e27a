"""The deck index: `deckapp stats` reads a deck file's id, title and card ids from the store while the file is
unchanged, and reads the deck afresh whenever its bytes (or the deckapp reading them) change."""

import json
import os
import sqlite3

import pytest

from deckapp.cli import main
from deckapp.deck import DeckError, marks
from deckapp.review import deck_index as index
from deckapp.review.database import connect

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
        monkeypatch.setattr("deckapp.deck.reader.parse_deck", refuse)

    return start


def test_an_unchanged_deck_is_not_parsed_again(conn, tmp_path, no_parsing):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")
    first = index.summary(conn, str(path))
    no_parsing()
    again = index.summary(conn, str(path))
    assert (again.id, again.title, again.card_ids) == (first.id, first.title, first.card_ids)
    assert first.card_ids == ["card-0", "card-1", "card-2"]


def test_an_edit_of_the_same_size_is_seen(conn, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")
    assert index.summary(conn, str(path)).title == "Mine"
    stamp = path.stat().st_mtime_ns
    path.write_text(DECK.format(title="Ours"), encoding="utf-8")  # same length
    os.utime(path, ns=(stamp, stamp))  # and, as within the clock's resolution, the same time: the bytes tell
    assert index.summary(conn, str(path)).title == "Ours"
    assert conn.execute("SELECT COUNT(*) FROM deck_index").fetchone()[0] == 1  # replaced, not added


def test_another_deckapp_version_reads_the_deck_afresh(conn, tmp_path, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")
    index.summary(conn, str(path))
    conn.execute("UPDATE deck_index SET title = 'stale'")
    assert index.summary(conn, str(path)).title == "stale"  # the index is what an unchanged file gets
    monkeypatch.setattr(marks, "_reader", "deckapp 99 00000000")
    assert index.summary(conn, str(path)).title == "Mine"


def test_the_reader_mark_changes_with_any_module_of_deckapp_or_pyyaml(tmp_path, monkeypatch):
    package = tmp_path / "deckapp"
    (package / "sub" / "__pycache__").mkdir(parents=True)
    (package / "decks").mkdir()
    module = package / "sub" / "deckfile.py"
    module.write_text("RULES = 1\n")

    def mark():
        monkeypatch.setattr(marks, "PACKAGE_DIR", str(package))
        monkeypatch.setattr(marks, "_reader", None)
        return marks.reader()

    first = mark()
    (package / "sub" / "__pycache__" / "deckfile.cpython-311.pyc").write_bytes(b"compiled")
    (package / "decks" / "new.yaml").write_text("deck: x\n")
    assert mark() == first  # compiled copies and bundled decks are not code
    module.write_text("RULES = 2\n")  # same size: the time tells
    os.utime(module, ns=(1, 1))
    second = mark()
    assert second != first
    yaml_init = tmp_path / "site" / "yaml" / "__init__.py"
    yaml_init.parent.mkdir(parents=True)
    yaml_init.write_text("__version__ = '6.0.3'\n")
    monkeypatch.setattr(marks, "_find_yaml", lambda: str(yaml_init))
    third = mark()
    assert third != second
    yaml_init.write_text("__version__ = '6.0.4'\n")  # PyYAML upgraded
    os.utime(yaml_init, ns=(2, 2))
    assert mark() != third


def test_pyyaml_is_found_where_import_finds_it():
    import yaml

    assert marks._find_yaml() == os.path.realpath(yaml.__file__)


def test_entries_of_deleted_deck_files_are_dropped(conn, tmp_path):
    kept, deleted = tmp_path / "kept.yaml", tmp_path / "deleted.yaml"
    deleted.write_text(DECK.format(title="Gone"), encoding="utf-8")
    index.summary(conn, str(deleted))
    deleted.unlink()
    kept.write_text(DECK.format(title="Kept"), encoding="utf-8")
    index.summary(conn, str(kept))
    assert [row[0] for row in conn.execute("SELECT title FROM deck_index")] == ["Kept"]


def test_stats_creates_no_store_when_a_deck_is_missing_or_bad(tmp_path, monkeypatch, capsys):
    db = tmp_path / "new" / "s.sqlite3"
    monkeypatch.setenv("DECKAPP_DB", str(db))
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: bad\ntitle: Bad\ncards: []\n", encoding="utf-8")
    assert main(["stats", str(tmp_path / "missing.yaml")]) == 2
    assert main(["stats", str(bad)]) == 1
    assert not db.parent.exists()
    capsys.readouterr()
    assert main(["stats"]) == 0 and db.exists()


def test_a_deck_with_errors_is_reported_every_time_and_never_indexed(conn, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("deck: bad\ntitle: Bad\ncards:\n  - id: a\n    front: F\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DeckError, match="back"):
            index.summary(conn, str(path))
    assert conn.execute("SELECT COUNT(*) FROM deck_index").fetchone()[0] == 0


def test_a_store_too_busy_to_write_still_gives_the_summary(conn, tmp_path, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")

    def busy(_conn):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(index, "write_transaction", busy)
    assert index.summary(conn, str(path)).card_ids == ["card-0", "card-1", "card-2"]
    assert conn.execute("SELECT COUNT(*) FROM deck_index").fetchone()[0] == 0


def test_stats_follows_a_deck_as_it_is_edited(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")

    def cards():
        assert main(["stats", "--json", str(path)]) == 0
        return {d["id"]: d["cards"] for d in json.loads(capsys.readouterr().out)["decks"]}

    assert cards() == {"mfdl-lecture-02": 28, "mine": 3}
    assert cards() == {"mfdl-lecture-02": 28, "mine": 3}  # from the index this time
    path.write_text(DECK.format(title="Mine") + "  - id: card-3\n    front: F\n    back: B\n", encoding="utf-8")
    assert cards() == {"mfdl-lecture-02": 28, "mine": 4}
    path.write_text("deck: mine\ntitle: Mine\ncards: []\n", encoding="utf-8")
    assert main(["stats", "--json", str(path)]) == 1
    assert "cards" in capsys.readouterr().err



def test_a_new_store_remembers_a_deck_even_when_another_file_replaces_it(tmp_path, monkeypatch, capsys,
                                                                         no_parsing):
    """A deck given by path replaces its bundled twin in the figures; both files are still remembered."""
    from conftest import REPO

    twin = tmp_path / "twin.yaml"
    twin.write_bytes((REPO / "decks" / "mfdl-lecture-02.yaml").read_bytes())
    assert main(["stats", "--json", str(twin)]) == 0  # a new store: decks read first, then remembered
    capsys.readouterr()
    no_parsing()
    assert main(["stats", "--json", str(twin)]) == 0
    assert [d["id"] for d in json.loads(capsys.readouterr().out)["decks"]] == ["mfdl-lecture-02"]


def test_a_damaged_index_entry_is_read_again_not_an_error(conn, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(DECK.format(title="Mine"), encoding="utf-8")
    index.summary(conn, str(path))
    conn.execute("UPDATE deck_index SET card_ids = '[\"card-0\", '")
    assert index.summary(conn, str(path)).card_ids == ["card-0", "card-1", "card-2"]


def test_an_empty_store_file_is_not_set_up_when_a_deck_is_bad(tmp_path, monkeypatch):
    db = tmp_path / "s.sqlite3"
    db.touch()
    monkeypatch.setenv("DECKAPP_DB", str(db))
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: bad\ntitle: Bad\ncards: []\n", encoding="utf-8")
    assert main(["stats", str(bad)]) == 1
    assert db.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "s.sqlite3"]
