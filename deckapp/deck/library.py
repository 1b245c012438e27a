"""Finding decks: the bundled ones, files and folders given by path, and a deck named by its id.

Deck parsing is imported only when a deck is read, so `deckapp stats` can list decks from its index alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from deckapp import paths
from deckapp.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the `stats` path
if TYPE_CHECKING:
    from deckapp.deck.model import Deck


def read_deck(path: str) -> Deck:
    """Load one deck file; an unreadable file is a usage error (exit 2), a bad deck a DeckError (exit 1)."""
    from deckapp.deck.reader import load_deck

    try:
        return load_deck(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def bundled_decks() -> list[Deck]:
    return [read_deck(p) for p in paths.bundled_deck_paths()]


def latest_by_id(decks: Iterable) -> list:
    """One deck per id (anything with an `id`), a later one replacing an earlier one in its place: a deck given
    by path replaces its bundled twin."""
    by_id = {}
    for deck in decks:
        by_id[deck.id] = deck
    return list(by_id.values())


def resolve_deck(ref: str) -> Deck:
    """A deck file's path, or the id of a bundled deck."""
    if os.path.isdir(ref):
        raise UsageError(f"{ref}: is a folder; give one deck file or a deck id")
    if os.path.lexists(ref):  # a file, or something else there that reading will refuse by name
        return read_deck(ref)
    from deckapp.errors import suggest

    decks = bundled_decks()
    for deck in decks:
        if deck.id == ref:
            return deck
    ids = [deck.id for deck in decks]
    hint = suggest(ref, ids) or f" (bundled decks: {', '.join(ids)})"
    raise UsageError(f"no deck file or bundled deck named '{ref}'{hint}")
