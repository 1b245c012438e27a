"""The home screen: the decks with what is new and due today; Enter studies one, b browses it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from deckapp.deck.model import Deck
from deckapp.tui.store_problems import reports_store_failures


class HomeScreen(Screen):
    BINDINGS = [
        Binding("s", "study", "Study", id="study", key_display="s/⏎"),
        Binding("enter", "study", "Study", id="study-enter", show=False),
        Binding("b", "browse", "Browse cards", id="browse"),
        Binding("q", "app.quit", "Quit", id="quit-home"),
    ]

    def __init__(self, decks: list[Deck]):
        super().__init__()
        self.decks = decks

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Choose a deck: Enter (or s) studies today's cards, b reads through them.", id="home-hint")
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.add_columns("Due today", "New today", "Learned", "Cards", "Deck")
        self.refresh_counts()
        table.focus()

    @reports_store_failures
    def refresh_counts(self) -> None:
        from deckapp.review.queue import build_queue
        from deckapp.review.stats import deck_stats

        table = self.query_one("#decks", DataTable)
        cursor = table.cursor_row
        table.clear()
        now = self.app.clock()
        for deck in self.decks:
            queue = build_queue(self.app.store, deck, now)
            new = sum(1 for item in queue if item.is_new)
            stats = deck_stats(self.app.store.conn, deck, now)
            table.add_row(str(len(queue) - new), str(new), str(stats["learned"]), str(len(deck.cards)), deck.title,
                          key=deck.id)
        table.move_cursor(row=cursor)

    def selected(self) -> Deck | None:
        if not self.decks:
            return None
        return self.decks[self.query_one("#decks", DataTable).cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_study()

    def action_study(self) -> None:
        deck = self.selected()
        if deck is not None:
            self.app.study(deck)

    def action_browse(self) -> None:
        deck = self.selected()
        if deck is not None:
            self.app.browse(deck)
