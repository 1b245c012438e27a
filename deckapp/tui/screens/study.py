"""A study session on one deck: show the card, take the answer, grade it, and move on.

Basic cards: Space shows the back, then 0-5 grades it. Typed cards and exercises: type the answer and press
Enter; it is checked (in a worker thread), a wrong answer gets one more try, and the grade the outcome proposes
is highlighted: Enter accepts it, 0-5 changes it. Every grade is committed before the next card appears.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState

from deckapp.deck.text import for_terminal
from deckapp.review.session import Attempts, Prompt, StudySession, present

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
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding("u", "undo_key", "Undo", id="undo-u", show=False),
        Binding("pageup", "scroll_card(-1)", "Scroll up", id="page-up", show=False),
        Binding("pagedown", "scroll_card(1)", "Scroll down", id="page-down", show=False),
        Binding("escape", "leave", "Back", id="back"),
        Binding("e", "edit_card", "Edit card", id="edit-card", show=False),
        *[Binding(str(q), f"grade({q})", f"{q}", show=False, id=f"grade-{q}") for q in range(6)],
    ]

    class Checked(Message):
        def __init__(self, verdict, prompt: Prompt):
            super().__init__()
            self.verdict = verdict
            self.prompt = prompt

    def __init__(self, session: StudySession):
        super().__init__()
        self.session = session
        self.prompt: Prompt | None = None
        self.attempts = Attempts()
        self.answered = False  # the back / verdict is shown and a grade is expected
        self.proposed: int | None = None
        self.last_answer: str | None = None
        self.unreadable_shown = False
        self.shown_at = time.monotonic()
        self.verdict_text: Text | str = ""
        # How each graded card looked when it was graded, so that undo returns to that moment: the answer and
        # verdict shown, the grade to choose again (as in Anki), not a fresh try at an answer already seen.
        self.graded_views: list[tuple[int, Attempts, str | None, Text | str, int | None]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        with VerticalScroll(id="card") as card:
            card.can_focus = False  # Tab must not take the keys away from the answer box
            yield Static(id="front", classes="card-front")
            yield Static(id="figure")
            yield Static(id="back", classes="card-back")
        with Vertical(id="answer-area"):
            yield Input(id="answer", placeholder="Type your answer and press Enter")
            yield Static(id="preview")
            yield Static(id="verdict")
        yield Static(id="grades")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.session.deck.title
        self.show_card()

    # -- showing ---------------------------------------------------------------------------------------------

    def say(self, widget_id: str, text: Text | str) -> None:
        """Show `text` in one of the optional parts (figure, back, preview, verdict), hiding it when empty."""
        widget = self.query_one(widget_id, Static)
        widget.update(text)
        widget.display = bool(str(text))
        if widget_id == "#verdict":
            self.verdict_text = text

    def show_card(self, seed: int | None = None) -> None:
        """Show the session's current card; `seed` brings back an exercise variant (after an undo)."""
        self.answered = False
        self.proposed = None
        self.attempts = Attempts()
        self.last_answer = None
        self.unreadable_shown = False
        self.shown_at = time.monotonic()
        for widget_id in ("#figure", "#back", "#preview", "#verdict"):
            self.say(widget_id, "")
        item = self.session.current
        if item is None:
            self.prompt = None
            self.show_done()
            return
        self.prompt = present(item.card, seed)
        card = item.card
        label = "new" if item.is_new else "review"
        self.query_one("#progress", Static).update(
            Text(f"{self.session.remaining} left · {self.session.reviewed} graded this session · {card.id} ({label})"))
        front = for_terminal(card.front)
        if self.prompt.exercise is not None:
            front = f"{front}\n\n{for_terminal(self.prompt.exercise.prompt)}"
            self.say("#figure", Text(self.prompt.exercise.figure or ""))
        self.query_one("#front", Static).update(Text(front))
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        answer = self.query_one("#answer", Input)
        answer.value = ""
        answer.display = True
        self.query_one("#answer-area").display = self.prompt.typed
        answer.disabled = not self.prompt.typed
        if self.prompt.typed:
            answer.focus()
            self.set_grades_hint(Text("Enter checks your answer · Ctrl+G gives up · PgUp/PgDn scroll"))
        else:
            self.set_focus(None)
            self.set_grades_hint(Text("Space shows the answer"))
        self.refresh_bindings()

    def show_done(self) -> None:
        graded = self.session.reviewed
        self.query_one("#progress", Static).update(Text(f"{graded} graded this session"))
        if graded:
            cards = "1 card" if graded == 1 else f"{graded} cards"
            done = f"That is all for today in this deck: {cards} graded. Well done!"
        else:
            done = "Nothing to study in this deck today: no reviews are due and today's new cards are done."
        self.query_one("#front", Static).update(Text(done))
        self.query_one("#answer-area").display = False
        self.query_one("#answer", Input).disabled = True
        hint = "Esc goes back to the decks"
        if self.session.can_undo:
            hint += " · Ctrl+Z undoes the last grade"
        self.set_grades_hint(Text(hint))
        self.refresh_bindings()

    def set_grades_hint(self, text: Text) -> None:
        self.query_one("#grades", Static).update(text)

    def show_back(self, proposed: int | None) -> None:
        back = self.query_one("#back", Static)
        self.say("#back", Text(self.prompt.back_for_terminal()))
        self.answered = True
        self.proposed = proposed
        answer = self.query_one("#answer", Input)
        answer.disabled = True
        answer.display = False  # the verdict stays; the room goes to the solution
        self.set_focus(None)
        scroller = self.query_one("#card", VerticalScroll)
        self.call_after_refresh(lambda: scroller.scroll_to_widget(back, top=True, animate=False))
        hint = Text("Grade this card: ", style="bold")
        for quality in range(6):
            hint.append(f" {quality} ", style="reverse bold" if quality == proposed else "bold")
            hint.append(" ")
        if proposed is not None:
            hint.append(f" Enter accepts {proposed} ({GRADE_NAMES[proposed]})", style="dim")
        else:
            hint.append(" 0 forgot … 5 perfect", style="dim")
        self.set_grades_hint(hint)
        self.refresh_bindings()

    def action_scroll_card(self, pages: int) -> None:
        scroller = self.query_one("#card", VerticalScroll)
        (scroller.scroll_page_down if pages > 0 else scroller.scroll_page_up)(animate=False)

    # -- answering -------------------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """A live preview of how the answer is read, so `1/2x` surprises nobody."""
        from deckapp.answers.parser import MathParseError

        if self.unreadable_shown:
            self.say("#verdict", "")
            self.unreadable_shown = False
        if self.answered or self.prompt is None or not event.value.strip():
            self.say("#preview", "")
            return
        try:
            self.say("#preview", Text(f"reads as: {self.prompt.reads_as(event.value)}", style="dim"))
        except MathParseError as error:
            self.say("#preview", Text(str(error), style="dim yellow"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.answered or self.prompt is None or not event.value.strip():
            return
        self.last_answer = event.value
        self.say("#verdict", Text("Checking…", style="dim"))
        self.check_answer(event.value, self.prompt)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def check_answer(self, text: str, prompt: Prompt) -> None:
        self.post_message(self.Checked(prompt.check(text), prompt))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.say("#verdict", Text(f"The answer could not be checked: {event.worker.error}", style="yellow"))

    def on_study_screen_checked(self, message: Checked) -> None:
        if message.prompt is not self.prompt or self.answered:
            return  # the card changed while the check ran
        verdict = message.verdict
        if verdict.status == "invalid":
            self.say("#verdict", Text(f"Can't read that: {verdict.feedback}", style="yellow"))
            self.unreadable_shown = True
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
        if self.prompt is None or self.answered or not self.prompt.typed:
            return
        outcome = self.attempts.give_up()
        self.say("#verdict", Text("Here is the answer.", style="yellow"))
        self.show_back(outcome.proposed_quality)

    def action_reveal(self) -> None:
        if self.prompt is None or self.answered or self.prompt.typed:
            return
        self.show_back(None)

    # -- grading ---------------------------------------------------------------------------------------------

    def action_accept(self) -> None:
        if self.answered and self.proposed is not None:
            self.action_grade(self.proposed)

    def action_grade(self, quality: int) -> None:
        if self.prompt is None or not self.answered:
            return
        duration = int((time.monotonic() - self.shown_at) * 1000)
        row = self.session.grade(quality, answer=self.last_answer, seed=self.prompt.seed, duration_ms=duration)
        self.graded_views.append((row.id, self.attempts, self.last_answer, self.verdict_text, self.proposed))
        self.show_card()

    def action_undo_key(self) -> None:
        """`u` undoes too, except while an answer is being typed (where it is a letter of the answer)."""
        if self.prompt is not None and self.prompt.typed and not self.answered:
            return
        self.action_undo()

    def action_undo(self) -> None:
        undone = self.session.undo()
        if undone is None:
            self.notify("Nothing to undo in this session.", timeout=2)
            return
        self.notify(f"Undid the grade {undone.quality} of {undone.card_id}: grade it again.", timeout=2)
        self.show_card(seed=undone.seed)
        if self.graded_views and self.graded_views[-1][0] == undone.id:
            _, self.attempts, self.last_answer, verdict, proposed = self.graded_views.pop()
            self.say("#verdict", verdict)
            self.show_back(proposed)

    def action_edit_card(self) -> None:
        """e: this card's deck file in the student's editor, at the card (DeckApp.edit_in_session)."""
        if self.prompt is None or (self.prompt.typed and not self.answered):
            return  # while an answer is expected, e is a letter of it
        if self.app.edit_in_session(self.session, self.prompt.card) and not self.answered:
            self.show_card(seed=self.prompt.seed)

    def action_leave(self) -> None:
        self.dismiss(self.session.reviewed)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        prompt = self.prompt
        if action == "reveal":
            return prompt is not None and not self.answered and not prompt.typed
        if action == "give_up":
            return prompt is not None and not self.answered and prompt.typed
        if action in ("grade", "accept"):
            return prompt is not None and self.answered
        return True
