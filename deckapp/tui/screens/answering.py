"""Typed answers and exercises on the study screen: a live preview of how the answer is read, the check in a
worker thread, one more try after a wrong answer (kept in the box to be corrected), giving up, and the checker's
"undecided", which leaves the grade to the student. Mixed into StudyScreen, whose parts it fills."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.message import Message
from textual.worker import Worker, WorkerState

from deckapp.review.session import Showing
from deckapp.tui.widgets.answer import AnswerBox


@dataclass
class Answered:
    """How an answered card looks: what was typed, the verdict, the proposed grade. Kept for a card left answered
    but ungraded (while another grade is undone) and for each grade given, so undo returns to that moment."""

    answer: str | None
    verdict: Text | str
    proposed: int | None


class Answering:
    """The answering half of StudyScreen: it uses the screen's showing, answer box, verdict line and show_answered."""

    class Checked(Message):
        def __init__(self, verdict, showing: Showing):
            super().__init__()
            self.verdict = verdict
            self.showing = showing

    def on_input_changed(self, event: AnswerBox.Changed) -> None:
        """A live preview of how the answer is read, so `1/2x` surprises nobody; the draft is kept."""
        from deckapp.answers.parser import MathParseError

        if self.unreadable_shown:
            self.say("#verdict", "")
            self.unreadable_shown = False
        if self.answered or self.showing is None:
            return
        self.showing.draft = event.value
        if not event.value.strip():
            self.say("#preview", "")
            return
        try:
            self.say("#preview", Text(f"reads as: {self.prompt.reads_as(event.value)}", style="dim"))
        except MathParseError as error:
            self.say("#preview", Text(str(error), style="dim yellow"))

    def on_input_submitted(self, event: AnswerBox.Submitted) -> None:
        event.stop()
        if self.answered or self.checking or self.showing is None or not event.value.strip():
            return
        if event.value == self.last_answer and self.showing.attempts.tries:
            self.notify("That answer was just checked: change it, then press Enter.", timeout=3)
            return  # a second Enter on the same answer is not a second try
        self.checking = True
        self.last_answer = event.value
        self.say("#verdict", Text("Checking…", style="dim"))
        self.check_answer(event.value, self.showing)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def check_answer(self, text: str, showing: Showing) -> None:
        self.post_message(self.Checked(showing.prompt.check(text), showing))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.checking = False
            self.say("#verdict", Text(f"The answer could not be checked: {event.worker.error}", style="yellow"))

    def on_answering_checked(self, message: Checked) -> None:
        if message.showing is not self.showing or self.answered:
            return  # the card changed while the check ran
        self.checking = False
        verdict = message.verdict
        if verdict.status == "invalid":
            self.say("#verdict", Text(f"Can't read that: {verdict.shown_feedback}", style="yellow"))
            self.unreadable_shown = True
            return
        if verdict.status == "undecided":  # not a try: the checker could not tell
            self.show_answered(Answered(self.last_answer, Text(
                "? The checker could not decide whether this is right. Compare it with the solution below and "
                "grade it yourself.", style="yellow"), None))
            return
        outcome = self.showing.attempts.record(verdict.correct)
        if verdict.correct:
            extra = "" if verdict.shown_feedback.strip(". ").lower() == "correct" else f" {verdict.shown_feedback}"
            shown = Text(f"✓ Correct.{extra}", style="green")
        elif outcome is None:  # the answer stays in the box, to be corrected
            shown = Text(f"✗ Not quite: {verdict.shown_feedback.rstrip('.')}. Try once more.", style="red")
            self.wrong_tries[self.showing] = (self.last_answer, shown)
            self.say("#verdict", shown)
            return
        else:
            shown = Text(f"✗ {verdict.shown_feedback}", style="red")
        self.show_answered(Answered(self.last_answer, shown, outcome.proposed_quality))

    def action_give_up(self) -> None:
        if self.prompt is None or self.answered or not self.prompt.typed:
            return
        outcome = self.showing.attempts.give_up()
        self.show_answered(Answered(self.query_one("#answer", AnswerBox).value.strip() or None,
                                    Text("Here is the answer.", style="yellow"), outcome.proposed_quality))
