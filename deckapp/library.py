"""Finding decks: the bundled ones, files and folders given by path, and a deck named by its id."""

from __future__ import annotations

from pathlib import Path

from deckapp import paths
from deckapp.deck import Deck, load_deck, suggest
from deckapp.errors import UsageError


def read_deck(path: Path) -> Deck:
    """Load one deck file; an unreadable file is a usage error (exit 2), a bad deck a DeckError (exit 1)."""
    try:
        return load_deck(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def bundled_decks() -> list[Deck]:
    return [read_deck(p) for p in paths.bundled_deck_paths()]


def decks_from(refs: list[str]) -> list[Deck]:
    """The bundled decks plus the decks at the given paths; a deck given by path replaces a bundled twin."""
    by_id = {deck.id: deck for deck in bundled_decks()}
    for path in paths.deck_files(refs):
        deck = read_deck(path)
        by_id[deck.id] = deck
    return list(by_id.values())


def resolve_deck(ref: str) -> Deck:
    """A deck file's path, or the id of a bundled deck."""
    path = Path(ref)
    if path.is_file():
        return read_deck(path)
    if path.is_dir():
        raise UsageError(f"{ref}: is a folder; give one deck file or a deck id")
    decks = bundled_decks()
    for deck in decks:
        if deck.id == ref:
            return deck
    ids = [deck.id for deck in decks]
    hint = suggest(ref, ids) or f" (bundled decks: {', '.join(ids)})"
    raise UsageError(f"no deck file or bundled deck named '{ref}'{hint}")
