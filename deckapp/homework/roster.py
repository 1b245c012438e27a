"""The class list: a text file with one student a line, or a CSV file with a `name` column (other columns, such
as `id` or `email`, are kept). Blank and duplicate names are reported at their lines, never silently kept."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from deckapp.csvfile import read_table
from deckapp.errors import BadInput, UsageError
from deckapp.paths import read_text


@dataclass(frozen=True)
class Student:
    """One student of the roster: the name as written, and the roster's other columns, in order."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)


def name_key(name: str) -> str:
    """What makes two names the same student: case and runs of spaces do not count."""
    return " ".join(name.split()).casefold()


def read_roster(path: str) -> list[Student]:
    """The students of the roster file at `path`, in its order.

    A file ending in .csv is read as CSV with a header naming a `name` column; any other file has one name a line.
    Raises UsageError when the file cannot be read, BadInput (one line each) for blank or duplicate names."""
    text = read_text(path, "the roster")
    rows = _csv_rows(path, text) if os.path.splitext(path)[1].lower() == ".csv" else _text_rows(text)
    students, problems, first_line = [], [], {}
    for line, name, columns, problem in rows:
        if problem:
            problems.append(f"{path}:{line}: {problem}")
            continue
        if not name.strip():
            problems.append(f"{path}:{line}: blank student name")
            continue
        key = name_key(name)
        if key in first_line:
            problems.append(f"{path}:{line}: duplicate student '{name.strip()}' (first on line {first_line[key]})")
            continue
        first_line[key] = line
        students.append(Student(" ".join(name.split()), columns))
    if problems:
        raise BadInput(problems)
    if not students:
        raise UsageError(f"{path}: the roster names no students")
    return students


def _text_rows(text: str):
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()  # blank lines at the end are the file's end, not blank names
    rows = [(number, line, {}, "") for number, line in enumerate(lines, start=1)]
    if lines and lines[0].strip().casefold() == "name":  # a one-column CSV saved as text: no student is "name"
        rows[0] = (1, lines[0], {}, f"'{lines[0].strip()}' is a CSV header, not a student: name the file .csv to "
                                    "read it as CSV, or remove this line")
    return rows


def _csv_rows(path: str, text: str):
    table = read_table(text, path, ("name",))
    if not table.header:
        raise UsageError(f"{path}: the roster is empty")
    if table.missing:
        raise UsageError(f"{path}:1: the roster CSV has no 'name' column (its columns: {', '.join(table.header)})")
    _check_header(path, table.header)
    name_at = table.at["name"]
    rows = list(table.records)
    while rows and not rows[-1].problem and not any(cell.strip() for cell in rows[-1].cells):
        rows.pop()  # empty rows at the end are the file's end, not blank names
    found = []
    for record in rows:
        problem = record.problem
        if not problem and len(record.cells) > len(table.header):  # the extra fields would be lost
            problem = (f"this row has {len(record.cells)} fields, the header names {len(table.header)} columns: a "
                       "comma too many, or a field that needs quotes")
        cells = record.cells + [""] * (len(table.header) - len(record.cells))  # fields left off at the end: empty
        columns = {h: c.strip() for i, (h, c) in enumerate(zip(table.header, cells, strict=False))
                   if i != name_at and h}
        found.append((record.line, cells[name_at], columns, problem))
    return found


def _check_header(path: str, header: list[str]) -> None:
    """Each column once, none the gradebook writes itself (`deckapp grade --csv`: student, exercise N, total):
    a second `id` would be lost, and a `total` beside the gradebook's own could be taken for it."""
    folded = [column.casefold() for column in header]
    for at, column in enumerate(header):
        if column and folded.index(folded[at]) < at:
            raise UsageError(f"{path}:1: the roster CSV names the column '{column}' twice (columns "
                             f"{folded.index(folded[at]) + 1} and {at + 1}); rename or remove one")
        if folded[at] in ("student", "total") or re.fullmatch(r"exercise \d+", folded[at]):
            raise UsageError(f"{path}:1: the roster CSV's column '{column}' is one the gradebook writes itself "
                             "(student, exercise N, total); rename it")
