"""Decks as last read, kept as JSON in the user cache folder (`decks.json`; DECKAPP_CACHE names another folder),
so that the app's first screen neither parses nor imports the YAML reader for decks that have not changed.

An entry is used only under the file's current mark (deckapp.deck.marks: the same size, modification time and CRC-32
of its bytes, read by the same deckapp code); anything else reads the deck again and replaces the entry. A deck with
errors is kept with its problems, which are raised again as the same DeckError. The cache is only an optimisation:
one that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os

from deckapp.collector import collector_paused
from deckapp.deck.model import Card, Deck, DeckError, ExerciseSpec, Limits, Problem

CACHE = "decks.json"


def cache_file() -> str:
    folder = os.environ.get("DECKAPP_CACHE")
    if not folder:
        from deckapp.paths import user_dir

        folder = user_dir("cache")
    return os.path.join(folder, CACHE)


def to_dict(deck: Deck) -> dict:
    return {"id": deck.id, "title": deck.title, "description": deck.description, "tags": list(deck.tags),
            "scheduler": deck.scheduler, "id_at": list(deck.id_at),
            "limits": {"new_per_day": deck.limits.new_per_day, "reviews_per_day": deck.limits.reviews_per_day},
            "cards": [{"id": card.id, "front": card.front, "back": card.back, "answer": card.answer,
                       "exercise": None if card.exercise is None else {"generator": card.exercise.generator,
                                                                       "difficulty": card.exercise.difficulty},
                       "tags": list(card.tags), "line": card.line} for card in deck.cards]}


def from_dict(data: dict, path: str) -> Deck:
    from pathlib import Path

    cards = tuple(Card(c["id"], c["front"], c["back"], c["answer"],
                       None if c["exercise"] is None else ExerciseSpec(**c["exercise"]), tuple(c["tags"]), c["line"])
                  for c in data["cards"])
    return Deck(data["id"], data["title"], cards, data["description"], tuple(data["tags"]), data["scheduler"],
                Limits(**data["limits"]), Path(path), tuple(data["id_at"]))


# The cache as this process last read or wrote it, under its file's identity then: reading the decks of a library
# one after another parses the file once, not once per deck. Another process's write changes the identity.
_held: tuple[tuple, dict] | None = None


def _identity(path: str) -> tuple:
    found = os.stat(path)
    return path, found.st_ino, found.st_size, found.st_mtime_ns


def _read_cache() -> dict:
    global _held
    path = cache_file()
    try:
        identity = _identity(path)
        if _held is not None and _held[0] == identity:
            return _held[1]
        with open(path, encoding="utf-8") as handle:
            cached = json.load(handle)
        cached = cached if isinstance(cached, dict) else {}
        _held = (identity, cached)
        return cached
    except (OSError, ValueError):
        return {}


def _write_cache(cached: dict) -> None:
    """Save the cache, without the entries of files that are gone."""
    global _held
    from deckapp.errors import UsageError
    from deckapp.files import write_bytes

    kept = {key: entry for key, entry in cached.items() if os.path.exists(key)}
    path = cache_file()
    with contextlib.suppress(UsageError):
        write_bytes(path, json.dumps(kept, ensure_ascii=False).encode("utf-8"), make_folders=True)
        with contextlib.suppress(OSError):
            _held = (_identity(path), kept)


def read_deck(path: str) -> Deck:
    """The deck file at `path`, from the cache when it is unchanged, else parsed (and cached). A deck with errors
    raises DeckError; an unreadable file is a usage error."""
    with collector_paused():  # the cache's JSON, read and written again, is as many objects as the deck
        return _read_deck(path)


def _answers_read_before(entry, mark: list) -> frozenset[str]:
    """The typed answers of the deck as it was before an edit, when the same deckapp code (the mark's last part)
    read it without problems: readable then, so readable now. Parsing them again is most of re-reading a deck of
    typed cards (benchmarks/bench_export.py)."""
    try:
        if entry["mark"][-1] == mark[-1]:
            return frozenset(card["answer"] for card in entry["deck"]["cards"] if isinstance(card["answer"], str))
    except (KeyError, TypeError, IndexError):
        pass  # no entry, one for a deck with problems, or one in an older shape
    return frozenset()


def _read_deck(path: str) -> Deck:
    from deckapp.deck.marks import file_mark

    data, (key, *mark) = file_mark(path)  # the real path is the key; the rest must match
    cached = _read_cache()
    entry = cached.get(key)
    if isinstance(entry, dict) and entry.get("mark") == mark:
        try:
            if "problems" in entry:
                raise DeckError(path, [Problem(line, column, message) for line, column, message in entry["problems"]])
            return from_dict(entry["deck"], path)
        except (KeyError, TypeError, ValueError):
            pass  # an entry in an older shape: read the deck again
    from deckapp.deck.reader import parse_deck

    try:
        deck = parse_deck(data, path, known_answers=_answers_read_before(entry, mark))
    except DeckError as exc:
        cached[key] = {"mark": mark, "problems": [[p.line, p.column, p.message] for p in exc.problems]}
        _write_cache(cached)
        raise
    cached[key] = {"mark": mark, "deck": to_dict(deck)}
    _write_cache(cached)
    return deck
