"""Add a deck file or folder to the student's decks (what `deckapp add` does), from inside the app."""

from __future__ import annotations

import os

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from deckapp.deck.model import Deck
from deckapp.errors import DeckappError


class AddDeckScreen(ModalScreen[list[Deck] | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel")]
    HELP_KEYS = [("⏎", "add the file or folder typed")]

    def __init__(self, path: str = ""):
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="add", classes="dialog"):
            yield Static("Add a deck file, or a folder of decks, to your decks:", classes="dialog-title")
            yield Input(value=self.path, placeholder="~/decks/my-deck.yaml", id="add-path")
            yield Static(id="add-error")
            yield Static("Enter adds · Esc cancels", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from deckapp.deck.library import add_decks

        event.stop()
        path = os.path.expanduser(event.value.strip())
        if not path:
            return
        try:
            added = add_decks([path])
        except DeckappError as exc:
            self.query_one("#add-error", Static).update(Text("\n".join(exc.lines()), style="red"))
            return
        self.dismiss([deck for deck, _new in added])
