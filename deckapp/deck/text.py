"""Card text as a terminal shows it: math rendered as Unicode, hard-wrapped lines joined again."""

from __future__ import annotations

import re

from deckapp.deck.latex import to_unicode

_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Join the lines of a paragraph or list item that YAML block text wrapped by hand.

    A line starting a list item or following a blank line starts a new line; any other line continues the one
    before, so the terminal can wrap text to its own width.
    """
    lines: list[str] = []
    for raw in text.strip("\n").splitlines():
        line = raw.rstrip()
        if not line:
            lines.append("")
        elif lines and lines[-1] and not _ITEM.match(line):
            lines[-1] = f"{lines[-1]} {line.strip()}"
        else:
            lines.append(line)
    return "\n".join(lines)


def for_terminal(text: str) -> str:
    return reflow(to_unicode(text))
