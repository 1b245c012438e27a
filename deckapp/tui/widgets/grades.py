"""The grades 0-5 as buttons, each labelled with the wait it would give ("4 · 6d"), as Anki's answer buttons are;
the proposed grade stands out. A click grades as the key does."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from deckapp.review.sm2 import QUALITIES, QUALITY_MEANINGS


class GradeBar(Vertical):
    DEFAULT_CSS = """
    GradeBar {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    GradeBar #grade-buttons {
        height: auto;
        display: none;
    }
    GradeBar #grade-buttons.-offered {
        display: block;
    }
    GradeBar Button {
        width: auto;
        min-width: 0;
        margin: 0;
        padding: 0;
    }
    GradeBar Button.-proposed {
        background: $primary;
        color: $text;
    }
    """

    class Chosen(Message):
        """A grade was clicked."""

        def __init__(self, quality: int):
            super().__init__()
            self.quality = quality

    def compose(self) -> ComposeResult:
        with Horizontal(id="grade-buttons"):
            for quality in QUALITIES:
                button = Button(str(quality), id=f"grade-{quality}", compact=True)
                button.can_focus = False  # the keys stay with the screen
                yield button
        yield Static(id="grade-hint")

    def offer(self, intervals: dict[int, str] | None, proposed: int | None) -> None:
        """Show the grades (with their waits when known), `proposed` highlighted and named below them."""
        hint = Text()
        if proposed is not None:
            hint.append(f"Enter accepts {proposed} ({QUALITY_MEANINGS[proposed]})", style="bold")
            hint.append(" · 0–5 or a click grades", style="dim")
        else:
            hint.append(f"Grade it yourself: 0 {QUALITY_MEANINGS[0]} … 5 {QUALITY_MEANINGS[5]} (a key or a click)",
                        style="bold")
        for quality in QUALITIES:
            button = self.query_one(f"#grade-{quality}", Button)
            button.label = f"{quality} · {intervals[quality]}" if intervals else str(quality)
            button.set_class(quality == proposed, "-proposed")
        self.query_one("#grade-buttons").add_class("-offered")
        self.query_one("#grade-hint", Static).update(hint)

    def say(self, hint: Text | str) -> None:
        """No grade to give: only `hint`."""
        self.query_one("#grade-buttons").remove_class("-offered")
        self.query_one("#grade-hint", Static).update(hint)

    @property
    def offered(self) -> bool:
        return self.query_one("#grade-buttons").has_class("-offered")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Chosen(int(str(event.button.id).removeprefix("grade-"))))
