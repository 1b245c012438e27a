"""What each deck file holds (its id, title and card ids), remembered in the store's `deck_index` table so
`deckapp stats` does not parse decks that have not changed since it last read them. An entry is used only under
the file's current mark (deckapp.deck.marks); anything else reads the deck again, reporting its errors as
`validate` would, and replaces the entry.
"""

from __future__ import annotations

import os
import sqlite3

from deckapp.deck.marks import file_mark
from deckapp.review.database import verify, write_transaction


class DeckSummary:
    """The part of a deck that `deckapp stats` needs: its id, title and card ids (in deck order), the ids kept as
    the JSON array the store's queries take, so that answering from the index needs no JSON decoding."""

    __slots__ = ("id", "title", "card_ids_json", "unsaved")

    def __init__(self, deck_id: str, title: str, card_ids_json: str, unsaved: tuple | None = None):
        self.id = deck_id
        self.title = title
        self.card_ids_json = card_ids_json
        self.unsaved = unsaved  # the file's mark, while this summary is not yet in a store's index

    @property
    def card_ids(self) -> list[str]:
        import json

        return json.loads(self.card_ids_json)

    def __repr__(self) -> str:
        return f"DeckSummary({self.id!r}, {self.title!r}, {self.card_ids_json})"


def summary(conn: sqlite3.Connection | None, path: str) -> DeckSummary:
    """The summary of the deck file at `path`: from the index when the file is unchanged, else parsed now (and,
    given a store, remembered). A deck with errors raises DeckError; an unreadable file is a usage error."""
    data, mark = file_mark(path)
    if conn is not None:
        row = conn.execute("SELECT deck_id, title, card_ids FROM deck_index "
                           "WHERE path = ? AND size = ? AND mtime_ns = ? AND checksum = ? AND reader = ? "
                           "AND json_valid(card_ids)",  # a damaged entry is only a miss
                           mark).fetchone()
        if row is not None:
            return DeckSummary(*row)
    from deckapp.deck.reader import parse_deck

    deck = parse_deck(data, path)
    found = DeckSummary(deck.id, deck.title, deck.card_ids_json, unsaved=mark)
    if conn is not None:
        remember(conn, [found])
    return found


def remember(conn: sqlite3.Connection, summaries: list[DeckSummary]) -> None:
    """Put the summaries read afresh into the index, dropping entries of files that no longer exist. A store too
    busy to write (or read-only) is left as it is: the next run reads those decks again, and nothing is lost; a
    damaged one is refused (StoreError) before anything is written to it."""
    unsaved = [found for found in summaries if found.unsaved is not None]
    if not unsaved:
        return
    verify(conn)
    try:
        with write_transaction(conn):
            gone = [(path,) for (path,) in conn.execute("SELECT path FROM deck_index") if not os.path.exists(path)]
            conn.executemany("DELETE FROM deck_index WHERE path = ?", gone)
            conn.executemany("INSERT OR REPLACE INTO deck_index (path, size, mtime_ns, checksum, reader, deck_id, "
                             "title, card_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             [(*found.unsaved, found.id, found.title, found.card_ids_json) for found in unsaved])
    except sqlite3.OperationalError:
        return
    for found in unsaved:
        found.unsaved = None
