"""The deckapp study app: a home screen on the decks, and a screen per study activity."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from deckapp.deck import Deck
from deckapp.tui.screens.home import HomeScreen


class DeckApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "deckapp"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True)]

    def __init__(self, decks: list[Deck], db: Path | str | None = None, start_deck: Deck | None = None):
        super().__init__()
        self.decks = decks
        self.db = db
        self.start_deck = start_deck

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.decks))
        if self.start_deck is not None:
            self.open_deck(self.start_deck)

    def open_deck(self, deck: Deck) -> None:
        from deckapp.tui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen(deck))


def make_app(db: Path | str | None = None, deck: Deck | None = None) -> DeckApp:
    from deckapp.library import bundled_decks

    decks = bundled_decks()
    if deck is not None and all(d.id != deck.id for d in decks):
        decks.append(deck)
    return DeckApp(decks, db=db, start_deck=deck)


def run(db: Path | str | None = None, deck: Deck | None = None) -> None:
    make_app(db=db, deck=deck).run()
