"""Reading CSV a person wrote or a spreadsheet saved (a roster, the answers, an Anki text export): strictly, so a
stray or unclosed quote is a problem at its line rather than a field quietly made of the rest, and with the
columns a header names found whatever their case. A row that cannot be read is reported in one wording."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from deckapp.errors import UsageError


@dataclass(frozen=True)
class Record:
    line: int  # where the row starts
    cells: list[str]
    problem: str = ""  # why the row cannot be read, if it cannot (its cells are then empty)


@dataclass(frozen=True)
class Table:
    header: list[str]  # as written, without surrounding spaces; empty for an empty file
    at: dict[str, int]  # each wanted column that the header names: where it is
    missing: list[str]  # the wanted columns it does not name
    records: list[Record]  # every row after the header, blank ones included


def records(text: str, *, delimiter: str = ",", first_line: int = 1, cell: str = "field") -> Iterator[Record]:
    """The rows of `text`, each with the line it starts on (`first_line` is the number of the text's first line).
    A row the reader cannot read is a Record with a problem (see `problem`), and reading goes on after it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    while True:
        line = first_line + reader.line_num
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Record(line, [], problem(exc, cell))
            continue
        yield Record(line, cells)


def problem(exc: csv.Error, cell: str = "field") -> str:
    """Why a row cannot be read, in words; `cell` names what a field of the file is (an answer, a field)."""
    if "unexpected end of data" in str(exc):
        return "a quoted field is never closed (a missing '\"'): the rest of the file is not read"
    article = "an" if cell[:1] in "aeiou" else "a"
    return (f"this row cannot be read: {exc} (a quote inside {article} {cell} is written twice, the whole {cell} in "
            "quotes)")


def read_table(text: str, path: str, columns: tuple[str, ...], *, cell: str = "field") -> Table:
    """`text` as CSV whose first row names its columns; `columns` are found in it ignoring case and surrounding
    spaces. A header the reader cannot read is a UsageError."""
    rows = records(text, cell=cell)
    first = next(rows, None)
    if first is not None and first.problem:
        raise UsageError(f"{path}:1: cannot read the CSV header: {first.problem}")
    header = [name.strip() for name in first.cells] if first else []
    folded = [name.casefold() for name in header]
    at = {name: folded.index(name.casefold()) for name in columns if name.casefold() in folded}
    return Table(header, at, [name for name in columns if name not in at], list(rows))
