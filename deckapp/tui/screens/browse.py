"""Read through a deck's cards in order: the front, then the back on demand; a long card scrolls."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from deckapp.deck.model import Deck
from deckapp.deck.text import for_terminal
from deckapp.review.session import present
from deckapp.tui.widgets.solution import Solution, Wide


class BrowseScreen(Screen):
    DEFAULT_CSS = """
    BrowseScreen #hint {
        padding: 0 2;
    }
    """
    BINDINGS = [
        Binding("space", "reveal", "Show answer", id="reveal"),
        Binding("n,right", "next", "Next", id="next", key_display="n/→"),
        Binding("p,left", "previous", "Previous", id="previous", key_display="p/←"),
        Binding("pagedown", "scroll('page_down')", "Scroll", id="page-down", key_display="PgDn"),
        Binding("pageup", "scroll('page_up')", "Scroll up", id="page-up", show=False),
        Binding("down", "scroll('down')", "Scroll down", id="down", show=False),
        Binding("up", "scroll('up')", "Scroll up", id="up", show=False),
        Binding("home", "scroll('home')", "Top", id="top", show=False),
        Binding("end", "scroll('end')", "Bottom", id="bottom", show=False),
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
        with VerticalScroll(id="card") as card:
            card.can_focus = False
            yield Static(id="front", classes="card-front")
            yield Wide(id="figure")
            yield Static(id="hint")
            yield Solution(id="back", classes="card-back")
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
        self.query_one("#front", Static).update(Text(front))
        self.query_one("#figure", Wide).update((prompt.exercise.figure or "") if prompt.exercise else "")
        hint = self.query_one("#hint", Static)
        hint.update(Text("Space shows the answer.", style="dim"))
        hint.display = not self.revealed
        self.query_one("#back", Solution).show(prompt.back_parts() if self.revealed else [])
        self.call_after_refresh(self.refresh_bindings)  # scrolling is offered once the card's height is known

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_bindings)

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#card", VerticalScroll), f"scroll_{how}")(animate=False)

    def action_reveal(self) -> None:
        self.revealed = True
        self.show()

    def action_next(self) -> None:
        self.go(self.index + 1)

    def action_previous(self) -> None:
        self.go(self.index - 1)

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.deck.cards) - 1))
        self.revealed = False
        self.show()
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """The footer shows what can be done now: no "Show answer" once shown, Next and Previous greyed out at
        the ends, scrolling only when the card does not fit."""
        if action == "reveal":
            return not self.revealed
        if action == "next":
            return None if self.index >= len(self.deck.cards) - 1 else True
        if action == "previous":
            return None if self.index == 0 else True
        if action == "scroll":
            return self.is_mounted and self.query_one("#card", VerticalScroll).max_scroll_y > 0
        return True

    def action_edit_card(self) -> None:
        """e: this card's deck file in the student's editor, at the card (DeckApp.edit_deck)."""
        deck = self.app.edit_deck(self.deck, self.deck.cards[self.index])
        if deck is not None:
            self.deck = deck
            self.index = min(self.index, len(deck.cards) - 1)
        self.show()
