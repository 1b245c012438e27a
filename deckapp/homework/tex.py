"""Sheets and keys as LaTeX sources, for teachers who edit them: the maths is the generators' LaTeX as it is, the
text escaped, and the source compiles with pdflatex, xelatex or lualatex (amsmath, booktabs, iftex)."""

from __future__ import annotations

import re

from deckapp.deck.latex import MATH, SYMBOLS
from deckapp.homework.blocks import Block, Drawing, Paragraph, solution_blocks
from deckapp.homework.sheets import Header, Sheet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from deckapp.exercises import Exercise

PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[margin=2.2cm]{geometry}
\usepackage{amsmath,amssymb,booktabs,iftex}
\ifPDFTeX
  \usepackage[utf8]{inputenc}
  \usepackage[T1]{fontenc}
  % the drawings of computational graphs, in ASCII
  \DeclareUnicodeCharacter{2500}{-}\DeclareUnicodeCharacter{2502}{|}
  \DeclareUnicodeCharacter{251C}{+}\DeclareUnicodeCharacter{2514}{+}
\else
  \usepackage{fontspec}
  \IfFontExistsTF{DejaVu Sans Mono}{\setmonofont{DejaVu Sans Mono}[Scale=0.85]}{}
\fi
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5em}
\newcommand{\answerbox}[1]{\par\noindent\fbox{\parbox[t][#1][t]{\dimexpr\linewidth-2\fboxsep-2\fboxrule}%
  {\footnotesize Answer}}\par}
\pagestyle{plain}
"""

# Unicode the generators write outside $…$ (the header of a forward/backward table), back to LaTeX.
_UNICODE: dict[str, str] = {}
for _name, _char in SYMBOLS.items():
    if _name.isalpha() and _name != "sqrt" and len(_char) == 1 and not _char.isascii():
        _UNICODE.setdefault(_char, f"\\ensuremath{{\\{_name}}}")
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
            "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", **_UNICODE}
_ESCAPE = re.compile("|".join(re.escape(char) for char in _SPECIAL))


def escape(text: str) -> str:
    """Plain text as LaTeX text."""
    return _ESCAPE.sub(lambda m: _SPECIAL[m.group(0)], text)


def card_text(text: str) -> str:
    """Card text: its $…$ maths kept, the rest escaped (a `\\$` of card text is a dollar sign)."""
    out, last = [], 0
    for match in MATH.finditer(text):
        out.append(escape(text[last:match.start()].replace("\\$", "$")))
        out.append(match.group(0))
        last = match.end()
    out.append(escape(text[last:].replace("\\$", "$")))
    return "".join(out)


def sheet_tex(sheet: Sheet, header: Header) -> str:
    out = _top("Homework", sheet, header)
    for number, exercise in enumerate(sheet.exercises, start=1):
        out += _exercise(number, exercise)
        out += [f"\\answerbox{{{'5cm' if exercise.figure else '3.2cm'}}}", ""]
    return "\n".join([*out, "\\end{document}", ""])


def key_tex(sheet: Sheet, header: Header) -> str:
    out = _top("Answer key", sheet, header)
    for number, exercise in enumerate(sheet.exercises, start=1):
        out += _exercise(number, exercise)
        out += [f"\\textbf{{Answer:}} {card_text(exercise.shown_answer or exercise.answer)}\\\\",
                f"{{\\footnotesize Typed: \\texttt{{{escape(exercise.answer)}}}}}", "",
                "\\textbf{Worked solution}", ""]
        for block in solution_blocks(exercise.steps):
            out += _block(block)
    return "\n".join([*out, "\\end{document}", ""])


def _top(kind: str, sheet: Sheet, header: Header) -> list[str]:
    student = f"\\textbf{{{escape(sheet.name)}}}" if sheet.name else "\\rule{7cm}{0.4pt}"
    return [PREAMBLE, "\\begin{document}",
            f"{{\\Large\\bfseries {kind}}}\\hfill Date: {escape(header.date)}\\\\",
            f"{escape(header.course)}\\\\[-0.6em]", "\\rule{\\linewidth}{0.6pt}", "",
            f"Student: {student}", ""]


def _exercise(number: int, exercise: Exercise) -> list[str]:
    """The heading, the prompt and the figure of an exercise: what its sheet and its key both show."""
    out = [f"\\section*{{Exercise {number}}}", card_text(exercise.prompt), ""]
    return out + _block(Drawing(exercise.figure)) if exercise.figure else out


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [card_text(block.text), ""]
    if isinstance(block, Drawing):
        return ["\\begin{verbatim}", block.text, "\\end{verbatim}", ""]
    rows = [" & ".join(escape(cell) for cell in row) + " \\\\" for row in block.rows]
    return [f"\\begin{{tabular}}{{{'l' * len(block.header)}}}", "\\toprule",
            " & ".join(f"\\textbf{{{escape(cell)}}}" for cell in block.header) + " \\\\", "\\midrule",
            *rows, "\\bottomrule", "\\end{tabular}", ""]
