"""Read through a deck's cards in order: the front, then the back on demand."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from deckapp.deck.model import Deck
from deckapp.deck.text import for_terminal
from deckapp.review.session import present


class BrowseScreen(Screen):
    BINDINGS = [
        Binding("space", "reveal", "Show answer", id="reveal"),
        Binding("n,right", "next", "Next", id="next"),
        Binding("p,left", "previous", "Previous", id="previous"),
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("e", "edit_card", "Edit card", id="edit-card"),
    ]

    def __init__(self, deck: Deck):
        super().__init__()
        self.deck = deck
        self.index = 0
        self.revealed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        yield Static(id="front", classes="card-front")
        yield Static(id="back", classes="card-back")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.deck.title
        self.show()

    def show(self) -> None:
        card = self.deck.cards[self.index]
        prompt = present(card, seed=self.index)  # an exercise card shows one example variant
        self.query_one("#progress", Static).update(Text(f"Card {self.index + 1} of {len(self.deck.cards)} · {card.id}"))
        front = for_terminal(card.front)
        if prompt.exercise is not None:
            front += f"\n\nFor example (a new variant at each review):\n{for_terminal(prompt.exercise.prompt)}"
            if prompt.exercise.figure:
                front += "\n\n" + prompt.exercise.figure
        self.query_one("#front", Static).update(Text(front))
        back = self.query_one("#back", Static)
        if not self.revealed:
            back.update(Text("Space shows the answer.", style="dim"))
            return
        back.update(Text(prompt.back_for_terminal()))

    def action_reveal(self) -> None:
        self.revealed = True
        self.show()

    def action_next(self) -> None:
        self.index = min(self.index + 1, len(self.deck.cards) - 1)
        self.revealed = False
        self.show()

    def action_previous(self) -> None:
        self.index = max(self.index - 1, 0)
        self.revealed = False
        self.show()

    def action_edit_card(self) -> None:
        """e: this card's deck file in the student's editor, at the card (DeckApp.edit_deck)."""
        deck = self.app.edit_deck(self.deck, self.deck.cards[self.index])
        if deck is not None:
            self.deck = deck
            self.index = min(self.index, len(deck.cards) - 1)
        self.show()
