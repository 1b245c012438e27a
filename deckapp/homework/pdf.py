"""Sheets and keys as PDF, typeset by typst (the `typst` package bundles the compiler and its fonts).

The typst source uses only typst's own functions and the fonts inside the package, never system fonts or typst
packages (machines may be offline), and sets no date in the PDF, so the same sheet always gives the same bytes.
"""

from __future__ import annotations

from functools import partial

from deckapp.errors import UsageError
from deckapp.homework.blocks import Block, Drawing, Paragraph, Table, solution_blocks
from deckapp.homework.sheets import Header, Sheet
from deckapp.homework.typst_math import escape_text, text_to_typst, typst_string

TYPE_CHECKING = False
if TYPE_CHECKING:
    from deckapp.exercises import Exercise

INSTALL = "pip install 'deckapp[pdf]'"

PREAMBLE = """\
#set document(title: {title}, date: none)
#set page(paper: "a4", margin: (x: 2.2cm, top: 2cm, bottom: 2.2cm),
  footer: context align(center, text(size: 9pt, fill: luma(110))[{footer} · page #counter(page).display("1 of 1",
    both: true)]))
#set text(font: "New Computer Modern", size: 11pt, lang: "en")
#set par(justify: false, leading: 0.62em, spacing: 0.9em)
#show raw: set text(font: "DejaVu Sans Mono", size: 8.5pt)
#show heading: set text(size: 12pt)
#show heading: set block(above: 1.4em, below: 0.8em)
#let answer-box(height) = block(width: 100%, height: height, stroke: 0.6pt + luma(150), radius: 3pt, inset: 7pt,
  text(size: 9pt, fill: luma(120))[Answer])
#grid(columns: (1fr, auto), align: (left + bottom, right + bottom),
  [#text(size: 16pt, weight: "bold")[{kind}] \\ #text(size: 10.5pt)[{course}]],
  text(size: 10.5pt)[Date: {date}])
#line(length: 100%, stroke: 0.6pt)
#text(size: 11pt)[Student: {student}]
"""


def require_typst() -> None:
    """Raise a UsageError saying how to install typst when it is missing."""
    try:
        import typst  # noqa: F401
    except ImportError:
        raise UsageError(f"--format pdf needs the typst package: {INSTALL}") from None


def sheet_pdf(sheet: Sheet, header: Header) -> bytes:
    return _typeset(sheet_typst, sheet, header)


def key_pdf(sheet: Sheet, header: Header) -> bytes:
    return _typeset(key_typst, sheet, header)


def _typeset(source, sheet: Sheet, header: Header) -> bytes:
    """The PDF of `source(sheet, header)`; should typst refuse a formula the converter wrote, the sheet is made
    again with every formula as the terminal shows it, so that a run never stops on one formula."""
    import typst

    try:
        return compile_typst(source(sheet, header))
    except typst.TypstError:
        return compile_typst(source(sheet, header, typeset_math=False))


def compile_typst(source: str) -> bytes:
    import typst

    return typst.compile(source.encode("utf-8"), format="pdf", ignore_system_fonts=True)


def sheet_typst(sheet: Sheet, header: Header, typeset_math: bool = True) -> str:
    text = partial(text_to_typst, typeset_math=typeset_math)
    out = [_preamble("Homework", sheet, header)]
    for number, exercise in enumerate(sheet.exercises, start=1):
        parts = _exercise(number, exercise, text)
        parts.append(f"#answer-box({'5cm' if exercise.figure else '3.2cm'})")
        out.append(_unbroken(parts))
    return "\n\n".join(out)


def key_typst(sheet: Sheet, header: Header, typeset_math: bool = True) -> str:
    text = partial(text_to_typst, typeset_math=typeset_math)
    out = [_preamble("Answer key", sheet, header)]
    for number, exercise in enumerate(sheet.exercises, start=1):
        parts = _exercise(number, exercise, text)
        parts.append(f"*Answer:* {text(exercise.shown_answer or exercise.answer)} \\\n"
                     f"#text(size: 9pt)[Typed: {_raw(exercise.answer)}]")
        out.append(_unbroken(parts))
        out.append("*Worked solution*")
        out += [_block(block, text) for block in solution_blocks(exercise.steps)]
    return "\n\n".join(out)


def _exercise(number: int, exercise: Exercise, text) -> list[str]:
    """The heading, the prompt and the figure of an exercise: what its sheet and its key both show."""
    parts = [f"== Exercise {number}", text(exercise.prompt)]
    return parts + [_block(Drawing(exercise.figure), text)] if exercise.figure else parts


def _preamble(kind: str, sheet: Sheet, header: Header) -> str:
    student = f"*{escape_text(sheet.name)}*" if sheet.name else '#box(width: 7cm, stroke: (bottom: 0.6pt))[#v(1em)]'
    footer = f"{kind} · {escape_text(sheet.name)}" if sheet.name else kind
    return PREAMBLE.format(title=typst_string(f"{kind} — {sheet.name}" if sheet.name else kind), footer=footer,
                           kind=kind, course=escape_text(header.course), date=escape_text(header.date),
                           student=student)


def _unbroken(parts: list[str]) -> str:
    """Typst content kept on one page: an exercise is not split from its drawing or its answer box."""
    return "#block(breakable: false, width: 100%)[\n" + "\n\n".join(parts) + "\n]\n"


def _block(block: Block, text) -> str:
    if isinstance(block, Paragraph):
        return text(block.text) + "\n"
    if isinstance(block, Drawing):
        return f"#block(inset: (left: 1em))[#raw({typst_string(block.text)}, block: true)]\n"
    return _table(block)


def _table(table: Table) -> str:
    columns = len(table.header)
    header = ", ".join(f"[*{escape_text(cell)}*]" for cell in table.header)
    rows = ",\n  ".join(", ".join(f"[{escape_text(cell)}]" for cell in row) for row in table.rows)
    return (f"#table(columns: {columns}, align: left, stroke: none, inset: (x: 6pt, y: 3.5pt),\n"
            f"  table.hline(stroke: 0.8pt), table.header({header}), table.hline(stroke: 0.5pt),\n"
            f"  {rows},\n  table.hline(stroke: 0.8pt))\n")


def _raw(text: str) -> str:
    return f"#raw({typst_string(text)})"
