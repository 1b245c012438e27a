"""Anki's text format (File > Import of a .txt/.csv, and Anki's "Notes in Plain Text" export), both ways.

Writing: the header lines Anki reads (`#separator:tab`, `#html:true`, `#notetype:Basic`, `#deck:…`,
`#tags column:…`, `#guid column:…`), then one row per note: guid, front, back, tags. A field holding the
separator, a quote or a line break is quoted, a quote inside doubled, as Anki's manual says.

Reading: tab-, comma- or semicolon-separated files, with or without those headers (and the `#columns:`,
`#notetype column:`, `#deck column:` ones of Anki's own export), HTML or plain. Every malformed row is reported
as FILE:LINE: message.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deckapp.csvfile import records
from deckapp.export.notes import notes

if TYPE_CHECKING:
    from deckapp.deck.model import Deck

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "colon": ":", "space": " "}
_HTML = re.compile(r"<[a-zA-Z/][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def to_anki_text(deck: Deck, variants: int = 1) -> str:
    out = io.StringIO()
    for header in ("separator:tab", "html:true", "notetype:Basic", f"deck:{_one_line(deck.title)}",
                   "tags column:4", "guid column:1"):
        out.write(f"#{header}\n")
    writer = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for note in notes(deck, variants):
        writer.writerow((note.guid, note.front, note.back, " ".join(note.tags)))
    return out.getvalue()


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Row:
    """One note of a text file: its fields in order, and what the header lines say the other columns hold."""

    line: int
    fields: list[str]
    tags: list[str] = field(default_factory=list)
    guid: str = ""
    notetype: str = ""
    deck: str = ""


@dataclass
class TextFile:
    rows: list[Row]
    is_html: bool
    deck: str = ""  # the `#deck:` header
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def read_anki_text(text: str) -> TextFile:
    """Rows of an Anki text file; malformed rows are left out and listed in `problems`."""
    lines = text.splitlines(keepends=True)
    headers: dict[str, str] = {}
    at: dict[str, int] = {}  # the line of each header
    count = 0
    for line in lines:
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        headers[key.strip().lower()] = value.rstrip("\r\n")
        count += 1
        at[key.strip().lower()] = count
    body = "".join(lines[count:])
    result = TextFile([], is_html=False, deck=headers.get("deck", "").strip())
    separator = _separator(headers.get("separator"), body)
    if separator is None:
        result.problems.append((at["separator"], f"unknown separator '{headers['separator'].strip()}': Anki's are "
                                                 f"{', '.join(name.capitalize() for name in SEPARATORS)} or one "
                                                 "character"))
        return result  # every row would be split wrongly
    columns = _columns(headers)
    rows = [r for r in records(body, delimiter=separator, first_line=count + 1)
            if r.problem or any(value.strip() for value in r.cells)]
    width = next((len(r.cells) for r in rows if not r.problem), 0)
    for r in rows:
        if r.problem:
            result.problems.append((r.line, r.problem))
        elif len(r.cells) != width:
            fields = f"{len(r.cells)} field{'s' * (len(r.cells) != 1)}"
            result.problems.append((r.line, f"this row has {fields}, the first row has {width}: a separator too many "
                                            "or too few, or a field that needs quotes"))
        else:
            result.rows.append(_row(r.line, r.cells, columns))
    if "html" in headers:
        result.is_html = headers["html"].strip().lower() == "true"
    else:
        result.is_html = any(_HTML.search(value) for row in result.rows for value in row.fields)
    return result


def _separator(declared: str | None, body: str) -> str | None:
    """The separator the `#separator:` header names (None for a name Anki does not know), else the one the first
    line uses."""
    if declared is not None:
        value = declared.strip()
        if value.lower() in SEPARATORS:
            return SEPARATORS[value.lower()]
        if len(declared) == 1 or len(value) == 1:
            return declared if len(declared) == 1 else value
        return None if value else "\t"
    first = next((line for line in body.splitlines() if line.strip()), "")
    for candidate in ("\t", ";", ","):  # a tab first, then the order Anki's manual gives
        if candidate in first:
            return candidate
    return "\t"


def _columns(headers: dict[str, str]) -> dict[str, int]:
    """0-based columns of the guid, note type, deck and tags, as the headers give them."""
    found = {}
    for name in ("guid", "notetype", "deck", "tags"):
        value = headers.get(f"{name} column", "").strip()
        if value.isdigit() and int(value) > 0:
            found[name] = int(value) - 1
    return found


def _row(line: int, record: list[str], columns: dict[str, int]) -> Row:
    meta = set(columns.values())
    fields = [value for i, value in enumerate(record) if i not in meta]
    row = Row(line, fields)

    def cell(name: str) -> str:
        """The column a header names; empty when the row ends before it (trailing empty fields left off)."""
        at = columns.get(name, len(record))
        return record[at] if at < len(record) else ""

    if "tags" in columns:
        row.tags = cell("tags").split()
    elif len(fields) > 2:  # as Anki does for a two-field note type: the column after the fields holds the tags
        row.tags = fields[2].split()
        row.fields = fields[:2]
    row.guid = cell("guid").strip()
    row.notetype = cell("notetype")
    row.deck = cell("deck")
    return row

