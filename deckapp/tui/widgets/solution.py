"""What a card shows once answered: the answer, the worked solution, the card's note. Paragraphs wrap to the
screen; a table (a header line over a rule of ─, as deckapp.autodiff.render.table draws the forward/backward
table) keeps one row per line and, when the terminal is too narrow, scrolls sideways inside itself."""

from __future__ import annotations

import re
from collections.abc import Awaitable

from rich.text import Text
from textual.containers import HorizontalScroll, Vertical
from textual.widgets import Static

RULE = re.compile(r"─+( +─+)*")


def blocks(text: str) -> list[tuple[bool, str]]:
    """`text` cut into runs of paragraphs and tables: (is_table, text) in order, blank lines between them."""
    found: list[tuple[bool, str]] = []
    for paragraph in text.split("\n\n") if text else ():
        lines = paragraph.split("\n")
        table = len(lines) >= 2 and RULE.fullmatch(lines[1].strip()) is not None
        if found and not table and not found[-1][0]:
            found[-1] = (False, f"{found[-1][1]}\n\n{paragraph}")
        else:
            found.append((table, paragraph))
    return found


class Wide(HorizontalScroll):
    """Lines that must not wrap (a table, a drawing): as wide as they are, scrolled sideways when need be."""

    DEFAULT_CSS = """
    Wide {
        height: auto;
        scrollbar-size-horizontal: 1;
    }
    Wide > Static {
        width: auto;
    }
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(Static(Text(text)), **kwargs)
        self.can_focus = False

    def update(self, text: str) -> None:
        self.query_one(Static).update(Text(text))
        self.display = bool(text)


class Solution(Vertical):
    DEFAULT_CSS = """
    Solution {
        height: auto;
    }
    Solution > Wide {
        margin: 1 0;
    }
    """

    def show(self, parts: list[str]) -> Awaitable:
        """Show `parts` (terminal text, already in Unicode maths), each a paragraph or more, in order; awaiting the
        result waits until they are mounted."""
        removed = self.remove_children()
        widgets = [Wide(text) if table else Static(Text(text)) for table, text in blocks("\n\n".join(parts))]
        self.display = bool(widgets)
        return self.mount_all(widgets) if widgets else removed

    @property
    def text(self) -> str:
        """What is shown, as plain text (for tests and for reading back)."""
        return "\n\n".join(str(static.render()) for static in self.query(Static))
