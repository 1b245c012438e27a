"""Study more, as Anki's custom study offers it: more new cards than today's limit, or review ahead."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deckapp.review.queue import AHEAD_DAYS

NEW_CARD_STEPS = (5, 10, 20)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def choices(new_left: int, ahead: dict[int, int]) -> list[tuple[str, tuple[int, int]]]:
    """The offers, each (label, (new cards, days ahead)): a few sizes of new cards up to what is left, and each
    review-ahead horizon that brings in more cards than the shorter one."""
    offers = []
    for size in sorted({min(step, new_left) for step in NEW_CARD_STEPS} - {0}):
        rest = " (all that are left)" if size == new_left else ""
        offers.append((f"{plural(size, 'more new card')}{rest}", (size, 0)))
    seen = 0
    for days, count in sorted(ahead.items()):
        if count > seen:
            when = "tomorrow" if days == 1 else f"in the next {days} days"
            offers.append((f"Review ahead: {plural(count, 'card')} due {when}", (0, days)))
            seen = count
    return offers


class StudyMoreScreen(ModalScreen[tuple[int, int] | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel")]
    HELP_KEYS = [("↑ ↓ ⏎", "choose what to study")]

    def __init__(self, title: str, reason: str, new_left: int, ahead: dict[int, int], today: int = 0):
        super().__init__()
        self.deck_title = title
        self.reason = reason
        self.offers = choices(new_left, ahead)
        self.today = today  # the cards of today's queue still to study, which study more leaves out

    def compose(self) -> ComposeResult:
        with Vertical(id="more", classes="dialog"):
            heading = f"{self.reason} " if self.reason else ""
            if self.offers:
                where = "" if self.reason else f" in {self.deck_title}"
                yield Static(f"{heading}Study more{where}: the cards count as studied today.", classes="dialog-title")
                yield OptionList(*[Option(label, id=str(index)) for index, (label, _) in enumerate(self.offers)],
                                 id="more-options")
            elif self.today:
                yield Static(f"{heading}Nothing more to study in {self.deck_title} beyond today's "
                             f"{plural(self.today, 'card')}: Enter on the deck studies them.", classes="dialog-title")
            else:
                yield Static(f"{heading}Nothing more to study in {self.deck_title}: every card has been seen and "
                             f"none is due in the next {max(AHEAD_DAYS)} days.", classes="dialog-title")
            yield Static("Enter chooses · Esc cancels", classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.offers[int(event.option.id)][1])
