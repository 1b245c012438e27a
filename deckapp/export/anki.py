"""A deck as an Anki package (.apkg), through genanki.

The deck and note type ids come from a stable hash of the deck id and each note's guid from the deck and card
ids (`deckapp.export.notes`), so importing a re-export into Anki updates the notes it has instead of adding new
ones. Notes are stamped with `now`: Anki replaces a note only with a newer one.
"""

from __future__ import annotations

import itertools
import sqlite3
import time
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

from deckapp.exercises.seeds import stable_int
from deckapp.export.html import to_html
from deckapp.export.notes import TYPED_NOTETYPE, notes

if TYPE_CHECKING:
    from deckapp.deck.model import Deck

CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background-color: white; }
pre { font-family: monospace; font-size: 16px; }
.deckapp-answer { font-weight: bold; margin: 0.5em 0; }
"""
ANSWER_SIDE = '{{FrontSide}}<hr id="answer">'


def anki_id(*parts: str) -> int:
    """An id in the range genanki recommends for decks and note types, [2**30, 2**31)."""
    return (1 << 30) + stable_int(*parts, bits=30)


def write_apkg(deck: Deck, out: BinaryIO, *, variants: int = 1, now: datetime | None = None) -> None:
    import genanki

    basic = genanki.Model(
        anki_id("deckapp-notetype", deck.id, "basic"), f"deckapp basic ({deck.id})",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": ANSWER_SIDE + "{{Back}}"}],
        css=CSS)
    typed = genanki.Model(
        anki_id("deckapp-notetype", deck.id, "typed"), f"{TYPED_NOTETYPE} ({deck.id})",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Note"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}<br>{{type:Back}}",
                    "afmt": "{{Front}}" + '<hr id="answer">{{type:Back}}{{#Note}}<br>{{Note}}{{/Note}}'}],
        css=CSS)
    package_deck = genanki.Deck(anki_id("deckapp-deck", deck.id), deck.title, to_html(deck.description))
    for note in notes(deck, variants):
        if note.kind == "typed":
            model, fields = typed, [note.front, note.answer, note.extra]
        else:
            model, fields = basic, [note.front, note.back]
        package_deck.add_note(genanki.Note(model=model, fields=fields, tags=list(note.tags), guid=note.guid))
    timestamp = (now or datetime.now().astimezone()).timestamp()
    _write_package(genanki.Package(package_deck), out, timestamp)


def _write_package(package, out: BinaryIO, timestamp: float) -> None:
    """genanki's Package.write_to_file, in memory: that one leaves its SQLite file in the system's temporary
    folder on every call and stamps the zip entries with the clock; this one leaves nothing behind and gives the
    same bytes for the same deck and `now`."""
    connection = sqlite3.connect(":memory:")
    try:
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    stamp = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, compress_type=zipfile.ZIP_DEFLATED,
                             compresslevel=1)
