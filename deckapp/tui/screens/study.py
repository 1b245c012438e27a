"""A study session on one deck: show the card, take the answer, grade it, and move on.

Basic cards: Space shows the back, then 0-5 grades it. Typed cards and exercises: type the answer and press
Enter; it is checked (in a worker thread), a wrong answer gets one more try, and the grade the outcome proposes
is highlighted: Enter accepts it, 0-5 changes it. Every grade is committed before the next card appears.
"""

from __future__ import annotations

import random
import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from deckapp.cardtext import for_terminal
from deckapp.latex import to_unicode
from deckapp.study import Attempts, QueueItem, StudySession

GRADE_NAMES = {
    0: "blackout",
    1: "wrong, but familiar",
    2: "wrong, but easy to recall once seen",
    3: "right, with serious difficulty",
    4: "right, after some hesitation",
    5: "perfect",
}


class StudyScreen(Screen):
    BINDINGS = [
        Binding("space", "reveal", "Show answer", id="reveal"),
        Binding("enter", "accept", "Accept grade", id="accept", show=False),
        Binding("ctrl+g", "give_up", "Give up", id="give-up"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("escape", "leave", "Back", id="back"),
        *[Binding(str(q), f"grade({q})", f"{q}", show=False, id=f"grade-{q}") for q in range(6)],
    ]

    class Checked(Message):
        def __init__(self, verdict, item: QueueItem):
            super().__init__()
            self.verdict = verdict
            self.item = item

    def __init__(self, session: StudySession):
        super().__init__()
        self.session = session
        self.exercise = None
        self.attempts = Attempts()
        self.answered = False  # the back / verdict is shown and a grade is expected
        self.last_answer: str | None = None
        self.shown_at = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        with VerticalScroll(id="card"):
            yield Static(id="front", classes="card-front")
            yield Static(id="figure")
            yield Input(id="answer", placeholder="Type your answer and press Enter")
            yield Static(id="preview")
            yield Static(id="verdict")
            yield Static(id="back", classes="card-back")
        yield Static(id="grades")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.session.deck.title
        self.show_card()

    # -- showing ---------------------------------------------------------------------------------------------

    @property
    def item(self) -> QueueItem | None:
        return self.session.current

    def show_card(self) -> None:
        self.answered = False
        self.attempts = Attempts()
        self.exercise = None
        self.last_answer = None
        self.shown_at = time.monotonic()
        item = self.item
        answer = self.query_one("#answer", Input)
        for widget_id in ("#figure", "#preview", "#verdict"):
            self.say(widget_id, "")
        self.query_one("#back", Static).update("")
        if item is None:
            self.show_done()
            return
        card = item.card
        label = "new" if item.is_new else "review"
        self.query_one("#progress", Static).update(
            Text(f"{self.session.remaining} left · {self.session.reviewed} graded this session · {card.id} ({label})"))
        front = for_terminal(card.front)
        if card.kind == "exercise":
            from deckapp.exercises import generate

            self.exercise = generate(card.exercise.generator, random.randrange(2**31), card.exercise.difficulty)
            front = f"{front}\n\n{for_terminal(self.exercise.prompt)}"
            if self.exercise.figure:
                self.say("#figure", Text(self.exercise.figure))
        self.query_one("#front", Static).update(Text(front))
        typed = card.kind != "basic"
        answer.display = typed
        answer.disabled = not typed
        answer.value = ""
        if typed:
            answer.focus()
            self.set_grades_hint("Enter checks your answer · Ctrl+G gives up")
        else:
            self.set_focus(None)
            self.set_grades_hint("Space shows the answer")
        self.refresh_bindings()

    def show_done(self) -> None:
        self.query_one("#progress", Static).update(Text(f"{self.session.reviewed} graded this session"))
        self.query_one("#front", Static).update(Text("Nothing more to study in this deck today. Well done!"))
        answer = self.query_one("#answer", Input)
        answer.display = False
        answer.disabled = True
        self.set_grades_hint("Esc goes back to the decks · u undoes the last grade")
        self.refresh_bindings()

    def say(self, widget_id: str, text: Text | str) -> None:
        """Show `text` in one of the optional lines (figure, preview, verdict), hiding the line when empty."""
        widget = self.query_one(widget_id, Static)
        widget.update(text)
        widget.display = bool(str(text))

    def set_grades_hint(self, text: str) -> None:
        self.query_one("#grades", Static).update(Text(text))

    def show_back(self, proposed: int | None) -> None:
        card = self.item.card
        parts = []
        if self.exercise is not None:
            parts.append("Answer: " + self.exercise.answer.replace("**", "^"))
            parts.append(to_unicode(self.exercise.solution))
        elif card.answer is not None:
            parts.append("Answer: " + card.answer)
        if card.back:
            parts.append(for_terminal(card.back))
        self.query_one("#back", Static).update(Text("\n\n".join(parts)))
        self.answered = True
        answer = self.query_one("#answer", Input)
        answer.disabled = True
        self.set_focus(None)
        hint = Text("Grade: ")
        for quality in range(6):
            style = "reverse bold" if quality == proposed else ""
            hint.append(f" {quality} ", style=style)
            hint.append(" ")
        if proposed is not None:
            hint.append(f" Enter accepts {proposed} ({GRADE_NAMES[proposed]})", style="dim")
        else:
            hint.append(" 0 forgot … 5 perfect", style="dim")
        self.query_one("#grades", Static).update(hint)
        self.proposed = proposed
        self.refresh_bindings()

    # -- answering -------------------------------------------------------------------------------------------

    def answer_variables(self) -> tuple[str, ...] | None:
        """The names an answer may use: the exercise's, or those of the card's expected answer."""
        from deckapp.mathparse import MathParseError, parse, variables_of

        if self.exercise is not None:
            return self.exercise.variables
        try:
            return tuple(sorted(variables_of(parse(self.item.card.answer))))
        except MathParseError:
            return None

    def on_input_changed(self, event: Input.Changed) -> None:
        """A live preview of how the answer is read, so `1/2x` surprises nobody."""
        from deckapp.mathparse import MathParseError, parse, render

        if self.answered or self.item is None or not event.value.strip():
            self.say("#preview", "")
            return
        try:
            shown = render(parse(event.value, variables=self.answer_variables()))
            self.say("#preview", Text(f"reads as: {shown}", style="dim"))
        except MathParseError as error:
            self.say("#preview", Text(str(error), style="dim yellow"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.answered or self.item is None or not event.value.strip():
            return
        self.last_answer = event.value
        self.say("#verdict", Text("Checking…", style="dim"))
        self.check_answer(event.value, self.item)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def check_answer(self, text: str, item: QueueItem) -> None:
        from deckapp.checker import check

        if self.exercise is not None:
            verdict = check(self.exercise.answer, text, kind=self.exercise.kind, variables=self.exercise.variables)
        else:
            verdict = check(item.card.answer, text)
        self.post_message(self.Checked(verdict, item))

    def on_study_screen_checked(self, message: Checked) -> None:
        if message.item is not self.item or self.answered:
            return  # the card changed while the check ran
        verdict = message.verdict
        if verdict.status == "invalid":
            self.say("#verdict", Text(f"Can't read that: {verdict.feedback}", style="yellow"))
            return
        outcome = self.attempts.record(verdict.correct)
        if verdict.correct:
            extra = "" if verdict.feedback.strip(". ").lower() == "correct" else f" {verdict.feedback}"
            self.say("#verdict", Text(f"✓ Correct.{extra}", style="green"))
        elif outcome is None:
            self.say("#verdict", Text(f"✗ Not quite: {verdict.feedback.rstrip('.')}. Try once more.", style="red"))
            self.query_one("#answer", Input).value = ""
            return
        else:
            self.say("#verdict", Text(f"✗ {verdict.feedback}", style="red"))
        self.show_back(outcome.proposed_quality)

    def action_give_up(self) -> None:
        if self.item is None or self.answered or self.item.card.kind == "basic":
            return
        outcome = self.attempts.give_up()
        self.say("#verdict", Text("Here is the answer.", style="yellow"))
        self.show_back(outcome.proposed_quality)

    def action_reveal(self) -> None:
        if self.item is None or self.answered or self.item.card.kind != "basic":
            return
        self.show_back(None)

    # -- grading ---------------------------------------------------------------------------------------------

    def action_accept(self) -> None:
        if self.answered and getattr(self, "proposed", None) is not None:
            self.action_grade(self.proposed)

    def action_grade(self, quality: int) -> None:
        if self.item is None or not self.answered:
            return
        seed = self.exercise.seed if self.exercise is not None else None
        duration = int((time.monotonic() - self.shown_at) * 1000)
        self.session.grade(quality, answer=self.last_answer, seed=seed, duration_ms=duration)
        self.show_card()

    def action_undo(self) -> None:
        undone = self.session.undo()
        if undone is None:
            self.notify("Nothing to undo in this session.", timeout=2)
            return
        self.notify(f"Undid the grade {undone.quality} of {undone.card_id}.", timeout=2)
        self.show_card()

    def action_leave(self) -> None:
        self.dismiss(self.session.reviewed)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        item = self.item
        if action == "reveal":
            return item is not None and not self.answered and item.card.kind == "basic"
        if action == "give_up":
            return item is not None and not self.answered and item.card.kind != "basic"
        if action in ("grade", "accept"):
            return item is not None and self.answered
        if action == "undo":
            return self.session.can_undo and not self.query_one("#answer", Input).has_focus
        return True
