"""Card text as HTML for Anki, and back: `$…$` becomes MathJax `\\(…\\)`, `$$…$$` becomes `\\[…\\]`, a line
break becomes `<br>`, and everything else is escaped, so Anki shows the text as written and renders the maths.

`from_html` undoes `to_html` (a lone `$` comes back as `\\$`, which shows the same), and reads the HTML Anki's
editor writes (`<div>` lines, `&nbsp;`) as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

# A `\$` is a dollar sign, never a delimiter (as in deckapp.deck.latex); $$…$$ before $…$.
_DECK_MATH = re.compile(r"\\\$|\$\$(.+?)(?<!\\)\$\$|\$(.+?)(?<!\\)\$", re.DOTALL)
_ANKI_MATH = re.compile(r"\\\[(.+?)\\\]|\\\((.+?)\\\)", re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>|</(?:div|p|li|h[1-6])\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_RAW_BREAK = re.compile(r"(>)?\r?\n")
# A drawing or table line: box-drawing characters, or columns aligned with runs of spaces.
_MONOSPACE = re.compile(r"[\u2500-\u257f]|\S {2,}\S")


def to_html(text: str) -> str:
    """Card text (math in `$…$`) as an Anki field."""
    escaped = html.escape(text, quote=False)  # touches no `$` or backslash, so the maths is found after it
    if "$" in escaped:
        escaped = _DECK_MATH.sub(_mathjax, escaped)
    return escaped.replace("\n", "<br>")


def _mathjax(match: re.Match) -> str:
    display, inline = match.group(1), match.group(2)
    if display is not None:
        return rf"\[{display}\]"
    if inline is not None:
        return rf"\({inline}\)"
    return "$"


def monospace_html(text: str) -> str:
    """A drawing or table, kept in a `<pre>` block."""
    return f"<pre>{_escape(text)}</pre>"


def prose_html(text: str | Sequence[str]) -> str:
    """Text that may hold a drawing or table (a worked solution, or its steps): those go in `<pre>` blocks."""
    return "".join(monospace_html(body) if mono else to_html(body) for mono, body in blocks(text))


def blocks(text: str | Sequence[str]) -> list[tuple[bool, str]]:
    """`text` (or the steps of a worked solution) in runs of lines: (True, lines) for a drawing or table, (False,
    lines) for prose. A step of several lines with a drawing or table line in it is monospace as a whole: the root
    line of a graph's drawing ("d = x * c") has no box-drawing character. The line break between two runs is
    dropped: a drawing is a block of its own wherever it is shown."""
    runs: list[tuple[bool, list[str]]] = []
    for piece in [text] if isinstance(text, str) else text:
        lines = piece.split("\n")
        whole = not isinstance(text, str) and len(lines) > 1 and any(_MONOSPACE.search(line) for line in lines)
        for line in lines:
            mono = whole or bool(_MONOSPACE.search(line))
            if runs and runs[-1][0] == mono:
                runs[-1][1].append(line)
            else:
                runs.append((mono, [line]))
    return [(mono, "\n".join(lines)) for mono, lines in runs]


def from_html(field: str) -> str:
    """An Anki field as card text: MathJax back into `$…$`, a dollar sign of the text as `\\$`, tags dropped."""
    out: list[str] = []
    start = 0
    for match in _ANKI_MATH.finditer(field):
        out.append(inner_text(field[start:match.start()]).replace("$", r"\$"))
        display, inline = match.group(1), match.group(2)
        out.append(f"$${inner_text(display)}$$" if display is not None else f"${inner_text(inline)}$")
        start = match.end()
    out.append(inner_text(field[start:]).replace("$", r"\$"))
    return "".join(out)


def plain_to_text(field: str) -> str:
    """A field of a file imported as plain text (`#html:false`): only the line breaks change."""
    return field.replace("\r\n", "\n")


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def inner_text(fragment: str) -> str:
    """The text of an HTML fragment: line breaks kept, tags dropped, entities decoded."""
    fragment = _RAW_BREAK.sub(lambda m: ">" if m.group(1) else " ", fragment)  # in HTML a line break is a space
    text = _TAG.sub("", _BREAK.sub("\n", fragment))
    return html.unescape(text.replace("&nbsp;", " "))  # Anki's editor writes &nbsp; for a plain space


__all__ = ["to_html", "from_html", "inner_text", "prose_html", "monospace_html", "blocks", "plain_to_text"]
