"""Sheets and keys in Markdown: math stays LaTeX in $…$ (as GitHub, Pandoc and Obsidian show it), drawings in
fenced blocks, forward/backward tables as Markdown tables."""

from __future__ import annotations

import re

from deckapp.homework.blocks import Block, Drawing, Paragraph, solution_blocks
from deckapp.homework.sheets import Header, Sheet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from deckapp.exercises import Exercise

ANSWER_LINE = "_" * 48


def sheet_markdown(sheet: Sheet, header: Header) -> str:
    out = _top("Homework", sheet, header)
    for number, exercise in enumerate(sheet.exercises, start=1):
        out += _exercise(number, exercise) + [f"Answer: {ANSWER_LINE}", ""]
    return "\n".join(out)


def key_markdown(sheet: Sheet, header: Header) -> str:
    out = _top("Answer key", sheet, header)
    for number, exercise in enumerate(sheet.exercises, start=1):
        out += _exercise(number, exercise)
        out += [f"**Answer:** {exercise.shown_answer or exercise.answer} (typed: {_code(exercise.answer)})", "",
                "**Worked solution**", ""]
        for block in solution_blocks(exercise.steps):
            out += _block(block)
    return "\n".join(out)


def _top(title: str, sheet: Sheet, header: Header) -> list[str]:
    student = f"**{_text(sheet.name)}**" if sheet.name else ANSWER_LINE[:30]
    return [f"# {title} — {_text(header.course)}", "", f"Student: {student} · Date: {_text(header.date)}", ""]


_MARKUP = re.compile(r"([\\`*_\[\]<>$|~#&!])")


def _text(text: str) -> str:
    """A name or title as itself: the characters Markdown (and the $…$ maths and HTML its readers know) would take
    as markup are escaped, so `*x*` stays `*x*`, `$x$` and `<b>` too."""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def _exercise(number: int, exercise: Exercise) -> list[str]:
    """The heading, the prompt and the figure of an exercise: what its sheet and its key both show."""
    return [f"## Exercise {number}", "", exercise.prompt, ""] + (_block(Drawing(exercise.figure)) if exercise.figure
                                                               else [])


def _code(text: str) -> str:
    """Inline code holding `text`, backticks and all: delimited by a longer run of backticks than it holds."""
    ticks = _ticks(text, 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _ticks(text: str, least: int) -> str:
    """A run of backticks longer than any in `text`, and at least `least` long."""
    return "`" * max(least, max((len(run) for run in re.findall("`+", text)), default=0) + 1)


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text, ""]
    if isinstance(block, Drawing):
        fence = _ticks(block.text, 3)
        return [fence + "text", block.text, fence, ""]
    rows = [block.header, tuple("---" for _ in block.header), *block.rows]
    return ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows] + [""]
