"""`deckapp import`: an Anki text export or a deckapp JSON deck becomes a valid deck file (format v1).

Card ids come from deckapp's guids (`deckapp:DECK:CARD`), else from the front, made unique; HTML becomes text
again and MathJax `$…$`. The deck is checked by the same reader as any deck file before anything is written, and
every problem is reported as FILE:LINE: message.
"""

from __future__ import annotations

import bisect
import os
import re

from deckapp.collector import collector_paused
from deckapp.deck.model import SLUG, DeckError, slugify
from deckapp.errors import BadInput, UsageError
from deckapp.export.ankitext import TextFile, read_anki_text
from deckapp.export.deckfile import dump_deck
from deckapp.export.html import plain_to_text
from deckapp.export.json import from_json
from deckapp.export.notes import card_fields, ids_from_guid
from deckapp.files import write_output
from deckapp.paths import decode_text, read_input

SLUG_WORDS = 6
MAX_PROBLEMS = 20
WHAT = "the file to import"


def import_file(path: str, *, deck_id: str | None = None) -> str:
    """The text of a valid deck file holding the deck in `path`; raises BadInput (exit 2) listing every problem."""
    with collector_paused():  # the cards, their YAML written out and read back: see deckapp.collector
        return _import_file(path, deck_id)


def _import_file(path: str, deck_id: str | None) -> str:
    if deck_id is not None and not SLUG.match(deck_id):
        hint = slugify(deck_id)
        raise UsageError(f"--deck-id '{deck_id}' is not a slug: use lowercase letters, digits and hyphens"
                         + (f" (e.g. '{hint}')" if hint else ""))
    text = _read_text(path)
    if text.lstrip().startswith("{") or path.lower().endswith(".json"):  # deckapp JSON (a .json file is never text)
        deck = from_json(text, path)
        where = [f"{path}: card {n}" for n in range(1, len(deck.get("cards") or []) + 1)] \
            if isinstance(deck.get("cards"), list) else []
    else:
        deck, where = _deck_from_text(read_anki_text(text), path)
    if deck_id is not None:
        deck["deck"] = deck_id
    return _checked(deck, where, path)


def write_deck_file(text: str, target: str, *, force: bool = False, source: str | None = None) -> None:
    """Write the deck file; never over `source`, the file imported, even with `force`."""
    write_output(target, lambda out: out.write(text.encode("utf-8")), replace=force,
                 reading=(source,) if source else ())


def _read_text(path: str) -> str:
    data = read_input(path, WHAT)
    if data.startswith(b"PK\x03\x04"):
        raise UsageError(f"{path}: is a zip file (an .apkg?); import a text export instead (in Anki: "
                         "File > Export > Notes in Plain Text)")
    if b"\0" in data:
        raise UsageError(f"{path}: is a binary file, not an Anki text export or a deckapp JSON deck")
    return decode_text(data, path, WHAT)


def _deck_from_text(found: TextFile, path: str) -> tuple[dict, list[str]]:
    problems = [f"{path}:{line}: {message}" for line, message in found.problems]
    if not found.rows and not problems:
        problems.append(f"{path}: no notes in the file")
    stem = os.path.splitext(os.path.basename(path))[0]
    cards: list[dict] = []
    where: list[str] = []
    first_line: dict[str, int] = {}
    tried: dict[str, int] = {}
    guid_decks: set[str] = set()
    for row in found.rows:
        if not row.fields or not row.fields[0].strip():
            problems.append(f"{path}:{row.line}: the front (first field) is empty")
            continue
        ids = ids_from_guid(row.guid) if row.guid else None
        if found.is_html:
            card = card_fields(row.fields[0], row.fields[1:], notetype=row.notetype)
        else:
            card = card_fields(plain_to_text(row.fields[0]), [plain_to_text(f) for f in row.fields[1:]],
                               is_html=False)
        if ids is not None:
            guid_decks.add(ids[0])
            card_id = ids[1]
            if card_id in first_line:
                if "exercise" in card:  # another variant of an exercise card already read
                    continue
                problems.append(f"{path}:{row.line}: card '{card_id}' appears again (first on line "
                                f"{first_line[card_id]})")
                continue
        else:
            card_id = _unique(_slug_of(card["front"]) or "card", first_line, tried)
        first_line[card_id] = row.line
        tags = [tag for tag in row.tags if tag]
        cards.append({"id": card_id, **card, "tags": tags})
        where.append(f"{path}:{row.line}")
    if problems:
        raise BadInput(_at_most(problems, path))
    title = (found.deck or (found.rows[0].deck if found.rows else "") or stem).strip()
    deck_id = next(iter(guid_decks)) if len(guid_decks) == 1 else (slugify(title) or slugify(stem) or "imported")
    return {"deck": deck_id, "title": title, "cards": cards}, where


def _at_most(problems: list[str], path: str) -> list[str]:
    """The first MAX_PROBLEMS problems, then how many more: a file that is no Anki export at all (a Markdown
    file) would otherwise report each of its lines."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], f"{path}: and {len(problems) - MAX_PROBLEMS} more problems: is it an Anki text "
            "export (in Anki: File > Export > Notes in Plain Text) or a deckapp JSON deck?"]


def _slug_of(front: str) -> str:
    words = re.sub(r"\$[^$]*\$", " ", front)  # maths makes poor ids
    return "-".join(slugify(words).split("-")[:SLUG_WORDS])


def _unique(base: str, taken: dict[str, int], tried: dict[str, int]) -> str:
    """`base`, else `base-2`, `base-3`, …: the first not taken. `tried` remembers, per base, the number to go on
    from (every smaller one is taken), so a thousand cards with the same front cost no more than a thousand."""
    if base not in taken:
        return base
    number = tried.get(base, 2)
    while f"{base}-{number}" in taken:
        number += 1
    tried[base] = number + 1
    return f"{base}-{number}"


def _checked(deck: dict, where: list[str], path: str) -> str:
    """The deck file's text, once the deck reader accepts it; its problems are reported where they came from."""
    from deckapp.deck.reader import parse_deck

    text, starts = dump_deck(deck)
    try:
        parse_deck(text, path)
    except DeckError as exc:
        lines = []
        for problem in exc.problems:
            index = bisect.bisect_right(starts, problem.line) - 1
            place = where[index] if 0 <= index < len(where) else path
            lines.append(f"{place}: {problem.message}")
        raise BadInput(_at_most(list(dict.fromkeys(lines)), path)) from None
    return text


__all__ = ["import_file", "write_deck_file"]
