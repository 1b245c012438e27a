"""The home screen: every deck (bundled, in the library, opened by path) with what is due and new today, the
summary of the last session, and the keys to study, study more, browse, see stats, edit and add decks."""

from __future__ import annotations

import os
import textwrap

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from deckapp.deck.library import Entry
from deckapp.tui.store_problems import reports_store_failures

COUNT_COLUMNS = (("Due", 5), ("New", 5), ("Learned", 7), ("Cards", 5))
COUNTS_WIDTH = sum(width + 1 for _label, width in COUNT_COLUMNS) + 1
AROUND_LIST = 6  # columns of the deck list that hold no text: its border, padding and scrollbar


def counts_text(counts) -> str:
    return " ".join(f"{count:>{width}}" for count, (_label, width) in zip(counts, COUNT_COLUMNS, strict=True)) + "  "


def deck_line(counts, deck: Text, width: int) -> Text:
    """One deck of the list: its counts in fixed columns, then the deck text, wrapped in the `width` left beside
    them (an OptionList never scrolls sideways, and shows much sooner than a DataTable)."""
    line = Text(counts_text(counts))
    indent = " " * COUNTS_WIDTH
    first = True
    for paragraph in deck.split("\n"):
        style = paragraph.spans[0].style if paragraph.spans else ""
        for piece in textwrap.wrap(paragraph.plain, max(8, width), break_on_hyphens=False) or [""]:
            line.append("" if first else "\n" + indent)
            line.append(piece, style=style)
            first = False
    return line


class DeckList(OptionList):
    """The decks. Enter selects the one under the cursor, which studies it: the footer says "Study"."""

    BINDINGS = [Binding("enter", "select", "Study", id="study-deck", key_display="⏎")]


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
        self.counts: dict[tuple[str, str], list[int]] | None = None  # (deck id, path): its counts, as read last
        self.laid_out_width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Enter studies today's cards · m studies more · b browses · s stats · e edits the deck file · "
                     "a adds a deck · ? all keys", id="home-hint")
        yield Static(id="summary")
        yield Static(counts_text(label for label, _width in COUNT_COLUMNS) + "Deck", id="decks-header")
        yield DeckList(id="decks")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary", Static).display = False
        self.refresh_counts(self.select)
        self.query_one("#decks", OptionList).focus()

    def on_resize(self) -> None:
        if self.counts is not None and self.size.width != self.laid_out_width:
            self.lay_out()  # the counts read last, wrapped anew: a resize reads nothing from the store

    @property
    def entries(self) -> list[Entry]:
        return self.app.entries

    @reports_store_failures
    def refresh_counts(self, select: str | None = None) -> None:
        """List the decks again (counts change as cards are graded); `select` names the deck to highlight."""
        from deckapp.review.queue import today_counts

        now = self.app.clock()
        counts = {}
        for entry in self.entries:
            if entry.deck is not None:
                today = today_counts(self.app.store, entry.deck, now)
                counts[entry.id, entry.path] = [today.due, today.new, today.learned, len(entry.deck.cards)]
        self.counts = counts
        self.lay_out(select)

    def lay_out(self, select: str | None = None) -> None:
        """List the decks with the counts read last, wrapped to the screen's width."""
        decks = self.query_one("#decks", OptionList)
        current = self.selected()
        select = select or (current.id if current else None)
        self.laid_out_width = self.size.width or self.app.size.width
        deck_width = self.laid_out_width - AROUND_LIST - COUNTS_WIDTH
        options = [Option(deck_line(self.shown_counts(entry), self.deck_cell(entry), deck_width), id=entry.id)
                   for entry in self.entries]
        decks.clear_options()
        decks.add_options(options)
        ids = [entry.id for entry in self.entries]
        if ids:
            decks.highlighted = ids.index(select) if select in ids else 0

    def shown_counts(self, entry: Entry) -> list[int] | list[str]:
        """The entry's counts as read last (due, new, learned, cards), or dashes when its deck cannot be read."""
        return (self.counts or {}).get((entry.id, entry.path), ["—"] * len(COUNT_COLUMNS))

    @property
    def rows(self) -> dict[str, tuple[list[str], str]]:
        """Deck id: the counts and the deck text shown on its line (unwrapped), for reading what Home shows."""
        return {entry.id: ([str(count) for count in self.shown_counts(entry)], self.deck_cell(entry).plain)
                for entry in self.entries}

    @staticmethod
    def deck_cell(entry: Entry) -> Text:
        cell = Text(entry.title, overflow="fold")
        for problem in entry.problems:
            cell.append("\n" + problem, style="red")
        if entry.problems and os.path.isfile(entry.path) and not entry.bundled:
            remove = "; `deckapp remove` forgets it" if entry.remembered else ""
            cell.append(f"\ne opens the file at the problem{remove}", style="dim")
        elif not entry.bundled and not entry.remembered:
            cell.append(f"\nopened from {entry.path} for this run: a adds it to your decks", style="dim")
        return cell

    def show_summary(self, title: str, line: str) -> None:
        """The summary of the session just ended, until the next one."""
        summary = self.query_one("#summary", Static)
        summary.update(Text.assemble(("Last session", "bold"), f" ({title}): {line}"))
        summary.display = True

    def selected(self) -> Entry | None:
        highlighted = self.query_one("#decks", OptionList).highlighted
        if highlighted is None or not self.entries:
            return None
        return self.entries[min(highlighted, len(self.entries) - 1)]

    def selected_deck(self):
        """The deck under the cursor, or None (and why) when its file cannot be used."""
        entry = self.selected()
        if entry is None:
            return None
        if entry.deck is None:
            self.notify(f"{entry.title} cannot be used: {entry.problems[0]}", severity="error", timeout=6)
            return None
        return entry.deck

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
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
        if entry is not None and not os.path.isfile(entry.path):  # an editor would start a new, empty file
            self.notify(f"{entry.title} cannot be edited: {entry.problems[0] if entry.problems else entry.path}",
                        severity="error", timeout=6)
        elif entry is not None:
            self.app.edit_entry(entry)

    def action_add_deck(self) -> None:
        entry = self.selected()
        opened = entry is not None and entry.deck is not None and not (entry.bundled or entry.remembered)
        self.app.action_add_deck(entry.path if opened else "")
