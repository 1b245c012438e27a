"""The deckapp study app: a home screen on the decks, a study screen per session, a browser for reading."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import App
from textual.binding import Binding

from deckapp.deck.model import Deck
from deckapp.review.store import Store
from deckapp.tui.screens.home import HomeScreen
from deckapp.tui.store_problems import StoreFailures


class DeckApp(StoreFailures, App):
    CSS_PATH = "app.tcss"
    TITLE = "deckapp"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True)]

    def __init__(self, decks: list[Deck], store: Store, clock: Callable[[], datetime],
                 start_deck: Deck | None = None):
        super().__init__()
        self.decks = decks
        self.store = store
        self.clock = clock
        self.start_deck = start_deck

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.decks))
        if self.start_deck is not None:
            self.study(self.start_deck)

    def study(self, deck: Deck) -> None:
        from deckapp.review.session import StudySession
        from deckapp.tui.screens.study import StudyScreen

        session = StudySession(deck, self.store, self.clock)
        self.push_screen(StudyScreen(session), callback=lambda _graded: self.refresh_home())

    def browse(self, deck: Deck) -> None:
        from deckapp.tui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen(deck))

    def refresh_home(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_counts()


def make_app(store: Store, clock: Callable[[], datetime], deck: Deck | None = None) -> DeckApp:
    """The app on the bundled decks (plus `deck`, opened straight away when given)."""
    from deckapp.deck.library import bundled_decks

    decks = bundled_decks()
    if deck is not None:
        decks = [d for d in decks if d.id != deck.id] + [deck]
    return DeckApp(decks, store, clock, start_deck=deck)


def run(store: Store, clock: Callable[[], datetime], deck: Deck | None = None) -> None:
    make_app(store, clock, deck).run()
