"""The home screen: the decks, with their card counts; Enter opens one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from deckapp.deck import Deck


class HomeScreen(Screen):
    BINDINGS = [
        Binding("enter", "open_deck", "Open", id="open-deck"),
        Binding("q", "app.quit", "Quit", id="quit-home"),
    ]

    def __init__(self, decks: list[Deck]):
        super().__init__()
        self.decks = decks

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Choose a deck and press Enter.", id="home-hint")
        table = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        table.add_columns("Deck", "Cards", "Exercises")
        for deck in self.decks:
            table.add_row(deck.title, str(len(deck.cards)), str(deck.exercise_count), key=deck.id)
        yield table
        yield Footer()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_deck()

    def action_open_deck(self) -> None:
        table = self.query_one("#decks", DataTable)
        if not self.decks:
            return
        self.app.open_deck(self.decks[table.cursor_row])
