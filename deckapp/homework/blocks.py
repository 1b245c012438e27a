"""An exercise's text cut into the pieces every output format draws: paragraphs (card text, math in $…$),
monospace drawings, and tables.

A worked solution is a list of steps (`Exercise.steps`); a graph exercise's solution holds the forward/backward table of
`deckapp.autodiff.table`, a header line, a line of ─ runs, then the rows, columns padded to the ─ runs' widths.
Such a table is read back into its cells, so a sheet typesets it as a table rather than as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_RULE = re.compile(r"─+")


@dataclass(frozen=True)
class Paragraph:
    text: str  # card text: math in $…$


@dataclass(frozen=True)
class Drawing:
    text: str  # monospace lines, shown exactly


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Drawing | Table


def solution_blocks(steps: Sequence[str]) -> list[Block]:
    """The worked solution's steps: each line of prose a paragraph, each forward/backward table a Table."""
    blocks: list[Block] = []
    for chunk in (step.strip("\n") for step in steps):
        lines = chunk.split("\n")
        table = read_table(lines)
        if table is not None:
            blocks.append(table)
        elif _is_drawing(lines):
            blocks.append(Drawing(chunk))
        else:
            blocks.extend(Paragraph(line.strip()) for line in lines if line.strip())
    return blocks


def read_table(lines: list[str]) -> Table | None:
    """A text table (header, a rule of ─ runs under each column, rows) as cells; None for any other text."""
    if len(lines) < 3 or not lines[1].strip() or set(lines[1]) - {"─", " "}:
        return None
    starts = [m.start() for m in _RULE.finditer(lines[1])]

    def cells(line: str) -> tuple[str, ...]:
        bounds = zip(starts, [*starts[1:], None], strict=True)
        return tuple(line[start:end].strip() for start, end in bounds)

    header = cells(lines[0])
    if not all(header):
        return None
    return Table(header, tuple(cells(line) for line in lines[2:]))


def _is_drawing(lines: list[str]) -> bool:
    """Lines laid out in columns or with box-drawing characters: monospace text, not prose."""
    return any(ch in line for line in lines for ch in "─│├└┌┐┘┬┴┼") or any("   " in line.strip() for line in lines)
