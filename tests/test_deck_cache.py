"""Decks as last read, cached as JSON so that the app's first screen does not parse unchanged decks."""

import json
import os
import subprocess
import sys

import pytest

from deckapp.deck import load_deck
from deckapp.deck.cache import cache_file, read_deck
from deckapp.deck.model import DeckError

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(REPO, "decks", "mfdl-lecture-02.yaml")


def test_a_cached_deck_is_the_deck_the_reader_reads():
    first = read_deck(BUNDLED)
    assert os.path.exists(cache_file())
    again = read_deck(BUNDLED)  # from the cache
    assert again == first == load_deck(BUNDLED)
    assert [card.line for card in again.cards] == [card.line for card in load_deck(BUNDLED).cards]
    assert again.limits == first.limits and again.id_at == first.id_at


def test_an_edited_deck_is_read_again(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("deck: d\ntitle: One\ncards:\n  - id: a\n    front: Q\n    back: A\n", encoding="utf-8")
    assert read_deck(str(path)).title == "One"
    path.write_text("deck: d\ntitle: Two\ncards:\n  - id: a\n    front: Q\n    back: A\n", encoding="utf-8")
    assert read_deck(str(path)).title == "Two"


def test_an_edit_that_keeps_the_size_and_time_is_caught_by_the_mark_the_index_uses_too(tmp_path):
    from deckapp.deck.marks import file_mark
    from deckapp.review.deck_index import summary

    path = tmp_path / "d.yaml"
    path.write_text("deck: d\ntitle: One\ncards:\n  - id: a\n    front: Q\n    back: A\n", encoding="utf-8")
    before = os.stat(path)
    assert read_deck(str(path)).title == "One"
    with open(cache_file(), encoding="utf-8") as handle:
        key, *mark = file_mark(str(path))[1]
        assert json.load(handle)[key]["mark"] == mark
    path.write_text("deck: d\ntitle: Two\ncards:\n  - id: a\n    front: Q\n    back: A\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert read_deck(str(path)).title == "Two" == summary(None, str(path)).title


def test_a_broken_deck_gives_the_same_problems_from_the_cache(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("deck: bad\ntitle: B\ncards:\n  - id: a\n    frnt: Q\n", encoding="utf-8")
    with pytest.raises(DeckError) as first:
        read_deck(str(path))
    with pytest.raises(DeckError) as cached:
        read_deck(str(path))
    assert cached.value.lines() == first.value.lines() and first.value.lines()


def test_a_damaged_cache_is_ignored_and_replaced():
    os.makedirs(os.path.dirname(cache_file()), exist_ok=True)
    with open(cache_file(), "w", encoding="utf-8") as handle:
        handle.write("{not json")
    assert read_deck(BUNDLED) == load_deck(BUNDLED)
    with open(cache_file(), encoding="utf-8") as handle:
        assert os.path.realpath(BUNDLED) in json.load(handle)


def test_reading_an_unchanged_deck_imports_no_yaml_reader():
    read_deck(BUNDLED)
    code = ("import sys\nfrom deckapp.deck.library import read_deck\n"
            f"read_deck({BUNDLED!r})\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'yaml'\n"
            "             or m == 'deckapp.deck.reader' or m.startswith('deckapp.deck.yaml_')))")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": REPO}, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_cycle_collector_is_paused_while_the_cache_is_read_and_written(monkeypatch, tmp_path):
    """Its JSON is as many objects as the deck: the collector would walk them over and over (bench_export.py)."""
    import gc

    from deckapp.deck import cache

    seen = []
    read, write = cache._read_cache, cache._write_cache
    monkeypatch.setattr(cache, "_read_cache", lambda: (seen.append(("read", gc.isenabled())), read())[1])
    monkeypatch.setattr(cache, "_write_cache", lambda kept: (seen.append(("write", gc.isenabled())), write(kept))[1])
    path = tmp_path / "d.yaml"
    path.write_text("deck: d\ntitle: One\ncards:\n  - id: a\n    front: Q\n    back: A\n", encoding="utf-8")
    read_deck(str(path))
    path.write_text("deck: d\ntitle: One\ncards:\n  - id: a\n    front: Q\n    bakc: A\n", encoding="utf-8")
    with pytest.raises(DeckError):
        read_deck(str(path))
    assert seen == [("read", False), ("write", False)] * 2
    assert gc.isenabled()


def test_the_cache_file_is_parsed_once_for_many_decks_and_again_when_another_process_writes_it(monkeypatch,
                                                                                              tmp_path):
    """A library of big decks read one after another would parse the whole cache once per deck."""
    from deckapp.deck import cache

    decks = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(f"deck: {name}\ntitle: T\ncards:\n  - id: a\n    front: Q\n    back: A\n", encoding="utf-8")
        decks.append(str(path))
        read_deck(str(path))  # cached
    parsed = []
    load = json.load
    monkeypatch.setattr(cache.json, "load", lambda handle: (parsed.append(1), load(handle))[1])
    assert [read_deck(path).id for path in decks] == ["a", "b", "c"] and parsed == []  # as this process wrote it
    with open(cache_file(), encoding="utf-8") as handle:
        saved = load(handle)
    saved[os.path.realpath(decks[0])]["deck"]["title"] = "Written by another deckapp"
    with open(cache_file(), "w", encoding="utf-8") as handle:  # another process, same marks: its entry is used
        json.dump(saved, handle)
    assert read_deck(decks[0]).title == "Written by another deckapp" and len(parsed) == 1
    assert [read_deck(path).id for path in decks] == ["a", "b", "c"] and len(parsed) == 1


def test_an_edited_deck_parses_only_the_answers_its_previous_version_did_not_have(monkeypatch, tmp_path):
    """Typed answers read before by the same code are readable still; a new one is parsed, and reported if bad."""
    from deckapp.answers import parser
    from deckapp.deck import cache

    def deck(answers):
        cards = "".join(f"  - id: c{i}\n    front: Q{i}\n    answer: '{a}'\n" for i, a in enumerate(answers))
        return f"deck: d\ntitle: T\ncards:\n{cards}"

    path = tmp_path / "d.yaml"
    path.write_text(deck(["2*x", "x^2 + 1", "sin(x)"]), encoding="utf-8")
    read_deck(str(path))
    parsed = []
    parse = parser.parse
    monkeypatch.setattr(parser, "parse", lambda text, *a, **k: (parsed.append(text), parse(text, *a, **k))[1])
    path.write_text(deck(["2*x", "x^2 + 1", "cos(x)"]), encoding="utf-8")
    assert [card.answer for card in read_deck(str(path)).cards] == ["2*x", "x^2 + 1", "cos(x)"]
    assert parsed == ["cos(x)"]
    path.write_text(deck(["2*x", "x^2 + 1", "cos(x", "1/0"]), encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        read_deck(str(path))
    assert [p.line for p in caught.value.problems] == [12, 15] and parsed[1:] == ["cos(x", "1/0"]
    parsed.clear()  # a deck that had problems vouches for none of its answers
    path.write_text(deck(["2*x", "x^2 + 1", "tan(x)"]), encoding="utf-8")
    read_deck(str(path))
    assert parsed == ["2*x", "x^2 + 1", "tan(x)"]
    parsed.clear()  # nor does an entry written by other deckapp code
    with open(cache_file(), encoding="utf-8") as handle:
        saved = json.load(handle)
    saved[os.path.realpath(path)]["mark"][-1] = "deckapp 0.0.1 00000000"
    with open(cache_file(), "w", encoding="utf-8") as handle:
        json.dump(saved, handle)
    path.write_text(deck(["2*x", "x^2 + 1", "tan(x) + 1"]), encoding="utf-8")
    read_deck(str(path))
    assert parsed == ["2*x", "x^2 + 1", "tan(x) + 1"]
    assert cache._answers_read_before(None, []) == frozenset()
