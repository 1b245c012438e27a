"""What each deck file holds (its id, title and card ids), remembered in the store's `deck_index` table so
`deckapp stats` does not parse decks that have not changed since it last read them.

An entry is used only while its file has the same size, modification time and CRC-32 of its bytes, and only by
the same deckapp code (its version and the size and modification time of each of its modules: a deckapp that
validates decks differently starts afresh). Anything else reads the deck again, reporting its errors as
`validate` would, and replaces the entry. The checksum catches an edit that keeps the size within the clock's
resolution; CRC-32 is no defence against a file crafted to collide, which would only make `stats` show the deck
as it was.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import zlib

from deckapp import __version__
from deckapp.paths import PACKAGE_DIR, read_deck_file
from deckapp.review.database import verify, write_transaction

_reader: str | None = None


def reader() -> str:
    """Which code reads decks: deckapp's version and a checksum of the names, sizes and times of its modules and
    of PyYAML's `__init__.py` (rewritten whenever PyYAML is installed, upgraded or rebuilt)."""
    global _reader
    if _reader is None:
        marks = []
        for folder, subfolders, files in os.walk(PACKAGE_DIR):
            subfolders[:] = sorted(name for name in subfolders if name not in ("__pycache__", "decks"))
            for name in sorted(files):
                if name.endswith((".py", ".pyc")):
                    marks.append(_mark(os.path.join(folder, name), PACKAGE_DIR))
        yaml_init = _find_yaml()
        marks.append(_mark(yaml_init, os.path.dirname(yaml_init)) if yaml_init else "no yaml")
        _reader = f"deckapp {__version__} {zlib.crc32(chr(10).join(marks).encode()):08x}"
    return _reader


def _mark(path: str, base: str) -> str:
    info = os.stat(path)
    return f"{os.path.relpath(path, base)}:{info.st_size}:{info.st_mtime_ns}"


def _find_yaml() -> str | None:
    """Where `import yaml` would load PyYAML from, found without importing it (that takes ~10 ms)."""
    for entry in sys.path:
        candidate = os.path.join(entry or os.getcwd(), "yaml", "__init__.py")
        if os.path.isfile(candidate):
            return os.path.realpath(candidate)
    return None


def file_mark(path: str) -> tuple[bytes, tuple[str, int, int, int, str]]:
    """The bytes of the deck file at `path` and its mark: (real path, size, modification time, CRC-32 of the bytes,
    reader()). What was read from the file under the same mark still holds. An unreadable file is a usage error."""
    data, info = read_deck_file(path)
    return data, (os.path.realpath(path), len(data), info.st_mtime_ns, zlib.crc32(data), reader())


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
