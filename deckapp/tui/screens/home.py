"""The home screen: every deck (bundled, in the library, opened by path) with what is due and new today, the
summary of the last session, and the keys to study, study more, browse, see stats, edit and add decks."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from deckapp.deck.library import Entry

COUNT_COLUMNS = (("Due", 5), ("New", 5), ("Learned", 7), ("Cards", 5))
CELL_PADDING = 1  # DataTable's, on each side of every column
SCROLLBAR = 2  # kept free for the vertical scrollbar (scrollbar-gutter: stable)


class HomeScreen(Screen):
    BINDINGS = [
        Binding("enter", "study", "Study", id="study", key_display="⏎"),
        Binding("b", "browse", "Browse", id="browse"),
        Binding("s", "stats", "Stats", id="stats"),
        Binding("m", "study_more", "Study more", id="study-more"),
        Binding("e", "edit", "Edit deck file", id="edit", show=False),
        Binding("a", "add_deck", "Add a deck", id="add-deck", show=False),
        Binding("q", "app.quit", "Quit", id="quit-home"),
    ]
    HELP_KEYS = [("↑ ↓", "choose a deck")]

    def __init__(self, select: str | None = None):
        super().__init__()
        self.select = select
        self.laid_out_width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Enter studies today's cards · m studies more · b browses · s stats · e edits the deck file · "
                     "a adds a deck · ? all keys", id="home-hint")
        yield Static(id="summary")
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary", Static).display = False
        self.refresh_counts(self.select)
        self.query_one("#decks", DataTable).focus()

    def on_resize(self) -> None:
        if self.size.width != self.laid_out_width:
            self.refresh_counts()

    @property
    def entries(self) -> list[Entry]:
        return self.app.entries

    def refresh_counts(self, select: str | None = None) -> None:
        """Fill the table again (counts change as cards are graded); the deck column takes the width left, so
        titles wrap instead of scrolling sideways. `select` names the deck to put the cursor on."""
        from deckapp.review.queue import build_queue
        from deckapp.review.stats import deck_stats

        table = self.query_one("#decks", DataTable)
        current = self.selected()
        select = select or (current.id if current else None)
        self.laid_out_width = self.size.width or self.app.size.width
        fixed = sum(width + 2 * CELL_PADDING for _label, width in COUNT_COLUMNS)
        title_width = max(12, self.laid_out_width - fixed - 2 * CELL_PADDING - SCROLLBAR)
        table.clear(columns=True)
        for label, width in COUNT_COLUMNS:
            table.add_column(Text(label, justify="right"), width=width, key=label)
        table.add_column("Deck", width=title_width, key="deck")
        now = self.app.clock()
        for entry in self.entries:
            counts = ["—"] * len(COUNT_COLUMNS)
            if entry.deck is not None:
                queue = build_queue(self.app.store, entry.deck, now)
                new = sum(1 for item in queue if item.is_new)
                learned = deck_stats(self.app.store.conn, entry.deck, now)["learned"]
                counts = [len(queue) - new, new, learned, len(entry.deck.cards)]
            cells = [Text(str(count), justify="right") for count in counts]
            table.add_row(*cells, self.deck_cell(entry), key=entry.id, height=None)
        ids = [entry.id for entry in self.entries]
        if select in ids:
            table.move_cursor(row=ids.index(select), animate=False)

    @staticmethod
    def deck_cell(entry: Entry) -> Text:
        cell = Text(entry.title, overflow="fold")
        for problem in entry.problems:
            cell.append("\n" + problem, style="red")
        if entry.problems:
            cell.append("\ne opens the file at the problem; `deckapp remove` forgets it", style="dim")
        elif not entry.bundled and not entry.remembered:
            cell.append(f"\nopened from {entry.path} for this run: a adds it to your decks", style="dim")
        return cell

    def show_summary(self, title: str, line: str) -> None:
        """The summary of the session just ended, until the next one."""
        summary = self.query_one("#summary", Static)
        summary.update(Text.assemble(("Last session", "bold"), f" ({title}): {line}"))
        summary.display = True

    def selected(self) -> Entry | None:
        table = self.query_one("#decks", DataTable)
        if not self.entries or table.row_count == 0:
            return None
        return self.entries[min(table.cursor_row, len(self.entries) - 1)]

    def selected_deck(self):
        """The deck under the cursor, or None (and why) when its file cannot be used."""
        entry = self.selected()
        if entry is None:
            return None
        if entry.deck is None:
            self.notify(f"{entry.title} cannot be used: {entry.problems[0]}", severity="error", timeout=6)
            return None
        return entry.deck

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_study()

    def with_deck(self, action) -> None:
        deck = self.selected_deck()
        if deck is not None:
            action(deck)

    def action_study(self) -> None:
        self.with_deck(lambda deck: self.app.study([deck], offer_more=True))

    def action_study_more(self) -> None:
        self.with_deck(self.app.study_more)

    def action_browse(self) -> None:
        self.with_deck(self.app.browse)

    def action_stats(self) -> None:
        self.with_deck(self.app.show_stats)

    def action_edit(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.app.edit_entry(entry)

    def action_add_deck(self) -> None:
        entry = self.selected()
        opened = entry is not None and entry.deck is not None and not (entry.bundled or entry.remembered)
        self.app.action_add_deck(entry.path if opened else "")
