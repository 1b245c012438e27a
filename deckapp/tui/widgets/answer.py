"""The box a typed answer goes in. Ctrl+Z undoes the typing, one change at a time; only an empty box lets Ctrl+Z
through to the screen (the last grade's undo), so typed text is never thrown away by it."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding
from textual.widgets import Input


class AnswerBox(Input):
    BINDINGS = [Binding("ctrl+z", "undo_typing", "Undo typing", id="undo-typing", show=False)]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._earlier: list[str] = []  # the values before each change, the latest last
        self._undoing = False

    def start(self, text: str = "") -> None:
        """Show `text` (a new card's empty box, or a draft kept while away) with no typing to undo."""
        self._undoing = True
        self.value = text
        self.cursor_position = len(text)
        self._undoing = False
        self._earlier.clear()

    def watch_value(self, previous: str, value: str) -> None:
        if not self._undoing and previous != value:
            self._earlier.append(previous)

    def action_undo_typing(self) -> None:
        if not self.value:
            raise SkipAction()  # nothing typed: Ctrl+Z is the screen's
        if not self._earlier:
            return  # a kept draft: there is no typing of this showing to undo, and the text stays
        self._undoing = True
        self.value = self._earlier.pop()
        self.cursor_position = len(self.value)
        self._undoing = False
