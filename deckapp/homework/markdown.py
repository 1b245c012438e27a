"""Sheets and keys in Markdown: math stays LaTeX in $…$ (as GitHub, Pandoc and Obsidian show it), drawings in
fenced blocks, forward/backward tables as Markdown tables."""

from __future__ import annotations

from deckapp.homework.blocks import Block, Drawing, Paragraph, solution_blocks
from deckapp.homework.sheets import Header, Sheet

ANSWER_LINE = "_" * 48


def sheet_markdown(sheet: Sheet, header: Header) -> str:
    out = _top("Homework", sheet, header)
    for number, exercise in enumerate(sheet.exercises, start=1):
        out += [f"## Exercise {number}", "", exercise.prompt, ""]
        if exercise.figure:
            out += _block(Drawing(exercise.figure))
        out += [f"Answer: {ANSWER_LINE}", ""]
    return "\n".join(out)


def key_markdown(sheet: Sheet, header: Header) -> str:
    out = _top("Answer key", sheet, header)
    for number, exercise in enumerate(sheet.exercises, start=1):
        out += [f"## Exercise {number}", "", exercise.prompt, ""]
        if exercise.figure:
            out += _block(Drawing(exercise.figure))
        out += [f"**Answer:** {exercise.shown_answer or exercise.answer} (typed: `{exercise.answer}`)", "",
                "**Worked solution**", ""]
        for block in solution_blocks(exercise.steps):
            out += _block(block)
    return "\n".join(out)


def _top(title: str, sheet: Sheet, header: Header) -> list[str]:
    student = f"**{sheet.name}**" if sheet.name else ANSWER_LINE[:30]
    return [f"# {title} — {header.course}", "", f"Student: {student} · Date: {header.date}", ""]


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text, ""]
    if isinstance(block, Drawing):
        return ["```text", block.text, "```", ""]
    rows = [block.header, tuple("---" for _ in block.header), *block.rows]
    return ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows] + [""]
