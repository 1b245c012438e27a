"""Where a character of a YAML text value sits in the deck file, and YAML escapes that were meant as LaTeX.

Composed nodes only know where a value starts and ends. Messages about a character inside a value (an answer the
parser cannot read, a `\\t` that YAML turned into a tab) find its line and column from the file's text, which is
split into lines only when such a message is needed. Where the value's text is not a plain copy of the file's
(folded and multi-line scalars), `value_position` says so and callers point at the value's start instead.
"""

from __future__ import annotations

import re
import unicodedata

from yaml.nodes import ScalarNode

from deckapp.deck.model import Problem

LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")  # the line breaks YAML counts lines by

# Escapes that give back the character after the backslash (or its like): nothing LaTeX could have meant changes.
_HARMLESS = frozenset('\\"/ \t')
_SIMPLE = {"0": "a NUL character", "a": "a bell character", "b": "a backspace", "t": "a tab", "n": "a line break",
           "v": "a vertical tab", "f": "a form feed", "r": "a carriage return", "e": "an escape character",
           "N": "a next-line character", "_": "a no-break space", "L": "a line separator",
           "P": "a paragraph separator", "\\": "a backslash", '"': "a double quote", "/": "a slash", " ": "a space",
           "\t": "a tab"}
_DECODED = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029", "\\": "\\", '"': '"', "/": "/", " ": " ",
            "\t": "\t"}
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}
_WORD = re.compile(r"[A-Za-z]*")
# LaTeX commands that start with a letter YAML reads as an escape, beyond those deckapp.deck.latex renders.
_MORE_COMMANDS = {
    "angle", "arg", "ast", "begin", "binom", "bmatrix", "bot", "bullet", "dfrac", "emptyset", "end", "equiv",
    "flat", "langle", "lfloor", "lceil", "Leftarrow", "Leftrightarrow", "neg", "newline", "nleq", "not", "notin",
    "nu", "Nu", "Pr", "rangle", "rceil", "rfloor", "rm", "tfrac", "textbf", "textit", "top", "triangle",
    "vartheta", "vdots", "vee", "bf", "boxed", "exists", "ell",
}


class Source:
    """The deck file's text, split into lines (YAML's line breaks) on first use."""

    def __init__(self, text: str):
        self.text = text
        self._starts: list[int] | None = None

    def line(self, index: int) -> str:
        """Line `index` (0-based, as in YAML marks) without its line break; '' past the end."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]
        if not 0 <= index < len(self._starts):
            return ""
        start = self._starts[index]
        found = LINE_BREAK.search(self.text, start)
        return self.text[start:found.start() if found else len(self.text)]


def shown(text: str, limit: int = 60) -> str:
    """`text` on one line for a message: line breaks as ⏎, other control characters escaped, cut at `limit`."""
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    out = []
    for char in text:
        if char == "\n":
            out.append("⏎")
        elif unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            out.append(repr(char)[1:-1])
        else:
            out.append(char)
    return "".join(out)


def value_position(source: Source, node: ScalarNode, offset: int) -> tuple[int, int] | None:
    """The 1-based (line, column) in the file of character `offset` of the node's value (one past its last visible
    character for an offset at or past the end), or None where the value is not a plain copy of the file's text:
    folded and multi-line flow scalars."""
    value = node.value
    end = len(value.rstrip())
    if end == 0:
        return None
    if offset >= end:
        found = value_position(source, node, end - 1)
        return (found[0], found[1] + 1) if found else None
    start, stop = node.start_mark, node.end_mark
    if node.style == "|":
        return _in_literal_block(source, start.line, value, offset)
    if node.style == ">" or start.line != stop.line:
        return None
    if not node.style:  # plain: None from PyYAML's parser, '' from libyaml's
        line = source.line(start.line)
        ok = line[start.column:start.column + len(value)] == value
        return (start.line + 1, start.column + offset + 1) if ok else None
    units = _quoted_units(source.line(start.line), start.column, stop.column, node.style)
    if units is None or len(units) != len(value):
        return None
    return start.line + 1, units[offset][0] + 1


def _in_literal_block(source: Source, header: int, value: str, offset: int) -> tuple[int, int] | None:
    """A `|` block keeps each line of the file, less the block's indentation, as one line of its value."""
    index = value.count("\n", 0, offset)
    line_start = value.rfind("\n", 0, offset) + 1
    line_end = value.find("\n", offset)
    text = value[line_start:line_end if line_end >= 0 else len(value)]
    written = source.line(header + 1 + index)
    if not text or not written.endswith(text):
        return None
    return header + 2 + index, len(written) - len(text) + (offset - line_start) + 1


def _quoted_units(line: str, start: int, stop: int, style: str) -> list[tuple[int, str, str]] | None:
    """The characters of a one-line quoted scalar, each as (0-based column where it is written, what is written,
    the character it stands for); None if the line does not hold the scalar as expected."""
    if line[start:start + 1] != style or line[stop - 1:stop] != style or stop - start < 2:
        return None
    units = []
    i, end = start + 1, stop - 1
    while i < end:
        char = line[i]
        if style == "'" and char == "'":
            units.append((i, "''", "'"))
            i += 2
        elif style == '"' and char == "\\":
            unit = _escape(line, i, end)
            if unit is None:
                return None
            units.append(unit)
            i += len(unit[1])
        else:
            units.append((i, char, char))
            i += 1
    return units


def _escape(line: str, i: int, end: int) -> tuple[int, str, str] | None:
    """The escape that starts with the backslash at `line[i]`: (column, its text, the character it stands for)."""
    kind = line[i + 1:i + 2]
    if kind in _DECODED:
        return i, line[i:i + 2], _DECODED[kind]
    size = _HEX_LENGTH.get(kind)
    digits = line[i + 2:i + 2 + size] if size else ""
    if size and len(digits) == size and i + 2 + size <= end and re.fullmatch(r"[0-9A-Fa-f]+", digits):
        return i, line[i:i + 2 + size], chr(int(digits, 16))
    return None


def may_hold_escape(node: ScalarNode) -> bool:
    """Cheap: whether a double-quoted value might contain an escape (on one line, one shortens the text)."""
    start, stop = node.start_mark, node.end_mark
    return start.line != stop.line or stop.column - start.column - 2 != len(node.value)


def latex_escapes(source: Source, node: ScalarNode) -> list[Problem]:
    """YAML escapes in a double-quoted value that were surely meant as LaTeX: any escape inside `$…$` that
    changes what was written (`$\\theta$` is a tab and 'heta'), and one outside it whose letter and the letters
    after it name a LaTeX command (`\\nabla`)."""
    from deckapp.deck.latex import MATH

    units = _double_quoted_units(source, node)
    if not units:
        return []
    shadow = "".join(unit[3] for unit in units)
    spans = [(m.start(), m.end()) for m in MATH.finditer(shadow)]
    problems = []
    for index, (line, column, written, _char) in enumerate(units):
        if len(written) < 2 or written[0] != "\\" or written[1] in _HARMLESS:
            continue
        kind = written[1]
        after = _WORD.match(source.line(line), column + len(written)).group() if kind in _SIMPLE else ""
        word = kind + after if kind.isalpha() else ""
        in_math = any(a < index < b - 1 for a, b in spans)
        if in_math or (after and word in _latex_commands()):
            problems.append(Problem(line + 1, column + 1, _escape_message(written, word, in_math)))
    return problems


def _escape_message(written: str, word: str, in_math: bool) -> str:
    kind = written[1]
    what = _SIMPLE.get(kind) or f"the character U+{int(written[2:], 16):04X}"
    where = "here" if word and not in_math else "inside $…$"
    latex = f', not LaTeX "\\{word}"' if word and len(word) > 1 else ", not LaTeX"
    return f'"{written}" {where} is a YAML escape ({what}){latex}: write the text in single quotes or a | block'


def _double_quoted_units(source: Source, node: ScalarNode) -> list[tuple[int, int, str, str]]:
    """Every character of a double-quoted scalar as written, over all its lines: (0-based line, column, text,
    the character it stands for, a line break as a space). Empty if the file does not hold the scalar as expected.
    """
    start, stop = node.start_mark, node.end_mark
    units: list[tuple[int, int, str, str]] = []
    for number in range(start.line, stop.line + 1):
        line = source.line(number)
        first = start.column + 1 if number == start.line else 0
        last = stop.column - 1 if number == stop.line else len(line)
        if number == start.line and line[start.column:first] != '"':
            return []
        if number == stop.line and line[last:last + 1] != '"':
            return []
        i = first
        while i < last:
            if line[i] == "\\":
                if i + 1 == len(line):  # an escaped line break: the line goes on without a space
                    break
                unit = _escape(line, i, last)
                if unit is None:
                    return []
                units.append((number, i, unit[1], unit[2]))
                i += len(unit[1])
            else:
                units.append((number, i, line[i], line[i]))
                i += 1
        else:
            if number != stop.line:
                units.append((number, len(line), "\n", " "))
    return units


def _latex_commands() -> set[str]:
    from deckapp.deck import latex

    names = {name for name in latex.SYMBOLS if name.isalpha()}
    return names | latex.FUNCTIONS | latex.BINARY | latex.PREFIX | _MORE_COMMANDS


def escape_syntax_error(text: str, line: int, column: int, problem: str) -> Problem | None:
    """A YAML syntax error about a backslash in double quotes (unknown escape, missing hex digits), as one line
    at the backslash that names the escape and says how to write LaTeX; None for other errors.
    `line` and `column` are the parser's 0-based mark, which points at or just after the backslash."""
    if "escape" not in problem and "hex" not in problem:
        return None
    written = Source(text).line(line)
    at = written.rfind("\\", max(0, column - 10), column + 1)
    if at < 0:
        return None
    kind = written[at + 1:at + 2]
    word = kind + _WORD.match(written, at + 2).group() if kind.isalpha() else kind
    named = f'"\\{kind}" in "\\{word}"' if len(word) > 1 else f'"\\{kind}"'
    if kind in _HEX_LENGTH:
        what = f"{named} needs {_HEX_LENGTH[kind]} hexadecimal digits"
    else:
        what = f"found unknown escape character {named}"
    return Problem(line + 1, at + 1, f"YAML syntax error: {what}: in double quotes a backslash starts a YAML "
                                     "escape; write the text in single quotes or a | block")
