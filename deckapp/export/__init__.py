"""Decks out to other tools and back in: an Anki package (.apkg, through genanki), Anki's text format, Markdown
and JSON; `deckapp.export.importers` reads Anki text exports and deckapp JSON back into a deck file.

`export_deck(deck, format, target, variants=…, now=…)` writes one export atomically (or to stdout with "-").
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING

from deckapp.errors import UsageError
from deckapp.files import STDOUT, write_output

if TYPE_CHECKING:
    from deckapp.deck.model import Deck

FORMATS = ("apkg", "csv", "md", "json")
SUFFIXES = {".apkg": "apkg", ".csv": "csv", ".txt": "csv", ".tsv": "csv", ".md": "md", ".json": "json"}
MAX_VARIANTS = 1000


def format_for(target: str, given: str | None) -> str:
    """The format asked for, or the one the target's suffix names."""
    if given is not None:
        return given
    suffix = os.path.splitext(target)[1].lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"give --format ({', '.join(FORMATS)}): '{target}' does not end in "
                         f"{', '.join(SUFFIXES)}")
    return SUFFIXES[suffix]


def export_deck(deck: Deck, fmt: str, target: str, *, variants: int | None = None,
                now: datetime | None = None) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    if variants is not None and fmt not in ("apkg", "csv"):
        raise UsageError(f"--variants is for apkg and csv; {fmt} shows one worked variant of each exercise")
    count = 1 if variants is None else variants
    reading = (str(deck.path),) if deck.path else ()  # exporting over the deck file itself would lose it
    if not 1 <= count <= MAX_VARIANTS:
        raise UsageError(f"--variants must be between 1 and {MAX_VARIANTS}, not {count}")
    if fmt == "apkg":
        if target == STDOUT:
            raise UsageError("an .apkg is a zip file and cannot go to standard output: give -o FILE.apkg")
        from deckapp.export.anki import write_apkg

        write_output(target, lambda out: write_apkg(deck, out, variants=count, now=now), reading=reading)
        return
    data = _text(deck, fmt, count).encode("utf-8")
    write_output(target, lambda out: out.write(data), reading=reading)


def _text(deck: Deck, fmt: str, variants: int) -> str:
    if fmt == "csv":
        from deckapp.export.ankitext import to_anki_text

        return to_anki_text(deck, variants)
    if fmt == "md":
        from deckapp.export.markdown import to_markdown

        return to_markdown(deck)
    from deckapp.export.json import to_json

    return to_json(deck)
