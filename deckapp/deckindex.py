"""What each deck file holds (its id, title and card ids), remembered in the store's `deck_index` table so
`deckapp stats` does not parse decks that have not changed since it last read them.

A file's entry is used only while the file has the same size and CRC-32 of its bytes and was read by this same
deckapp version; anything else reads the deck afresh (reporting its errors, if it has any) and replaces the entry.
Reading the bytes to checksum them costs far less than parsing them, and unlike a modification time it cannot
miss an edit made within the clock's resolution.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib

from deckapp import __version__
from deckapp.errors import UsageError
from deckapp.storedb import write_transaction

READER = f"deckapp {__version__}"  # a different deckapp may read the same bytes differently: it starts afresh


class DeckSummary:
    """The part of a deck that `deckapp stats` needs. `card_ids` are in deck order."""

    __slots__ = ("id", "title", "card_ids")

    def __init__(self, deck_id: str, title: str, card_ids: list[str]):
        self.id = deck_id
        self.title = title
        self.card_ids = card_ids

    def __repr__(self) -> str:
        return f"DeckSummary({self.id!r}, {self.title!r}, {len(self.card_ids)} cards)"


def summary(conn: sqlite3.Connection, path: str) -> DeckSummary:
    """The summary of the deck file at `path`: from the index when the file is unchanged, else parsed now.

    A deck with errors raises DeckError, exactly as loading it would; an unreadable file is a usage error."""
    key = os.path.realpath(path)
    try:
        with open(key, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    checksum = zlib.crc32(data)
    row = conn.execute("SELECT deck_id, title, card_ids FROM deck_index "
                       "WHERE path = ? AND size = ? AND checksum = ? AND reader = ?",
                       (key, len(data), checksum, READER)).fetchone()
    if row is not None:
        return DeckSummary(row[0], row[1], json.loads(row[2]))
    from deckapp.deck import parse_deck

    deck = parse_deck(data, path)
    found = DeckSummary(deck.id, deck.title, list(deck.card_ids))
    try:
        with write_transaction(conn):
            conn.execute("INSERT OR REPLACE INTO deck_index (path, size, checksum, reader, deck_id, title, card_ids) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (key, len(data), checksum, READER, deck.id, deck.title, json.dumps(found.card_ids)))
    except sqlite3.OperationalError:
        pass  # the store is busy or read-only: the next run parses the deck again, and nothing is lost
    return found
