"""A study session on one deck: show the card, take the answer, grade it, and move on.

Basic cards: Space or Enter shows the back, then 0-5 (or a click on a grade) grades it, Enter (or Space) giving 4.
Typed cards and exercises: type the answer and press Enter; it is checked (in a worker thread), a wrong answer
stays in the box for one more try, and the grade the outcome proposes is highlighted: Enter accepts it, 0-5
changes it. Once answered, the question stays in view with the verdict and the solution follows below. Every
grade is committed before the next card appears; when the store fails, the grade is kept and `r` tries again.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from deckapp.deck.text import for_terminal
from deckapp.review.queue import QueueItem
from deckapp.review.session import Showing, StudySession
from deckapp.tui.screens.answering import Answered, Answering
from deckapp.tui.store_problems import STORE_ERRORS
from deckapp.tui.widgets.answer import AnswerBox
from deckapp.tui.widgets.grades import GradeBar
from deckapp.tui.widgets.solution import Solution, Wide

GOOD = 4  # what Enter gives a revealed basic card, as Anki's Good


class CardView(VerticalScroll):
    """The card, scrolled as one. Its room changes as the answer box, the hint and the grades below it come and go,
    and its content as the solution is laid out: each change is told to the screen (CardView.Resized), which keeps
    the verdict in view until the student scrolls (StudyScreen.keep_in_view)."""

    class Resized(Message):
        pass

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class StudyScreen(Answering, Screen):
    BINDINGS = [
        Binding("space", "reveal", "Show answer", id="reveal"),
        Binding("enter", "reveal", "Show answer", id="reveal-enter", show=False),
        Binding("enter", "accept", "Accept grade", id="accept", key_display="⏎"),
        Binding("space", "accept", "Accept grade", id="accept-space", show=False),
        Binding("ctrl+g", "give_up", "Give up", id="give-up"),
        Binding("r", "retry", "Retry saving", id="retry"),
        Binding("m", "study_more", "Study more", id="study-more"),
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding("u", "undo_key", "Undo", id="undo-u", show=False),
        Binding("pageup", "scroll_card('page_up')", "Scroll up", id="page-up", show=False),
        Binding("pagedown", "scroll_card('page_down')", "Scroll down", id="page-down", show=False),
        Binding("up", "scroll_card('up')", "Scroll up", id="up", show=False),
        Binding("down", "scroll_card('down')", "Scroll down", id="down", show=False),
        Binding("home", "scroll_card('home')", "Top", id="top", show=False),
        Binding("end", "scroll_card('end')", "Bottom", id="bottom", show=False),
        Binding("left", "scroll_wide(-8)", "Scroll left", id="left", show=False),
        Binding("right", "scroll_wide(8)", "Scroll right", id="right", show=False),
        Binding("escape", "leave", "Back", id="back"),
        Binding("e", "edit_card", "Edit card", id="edit-card", show=False),
        *[Binding(str(q), f"grade({q})", f"{q}", show=False, id=f"grade-{q}") for q in range(6)],
    ]

    class StudyMore(Message):
        """Nothing is left and the student asks for more (`m`). The app answers by choosing cards (new ones beyond
        today's limit, or reviews due in the next days) and handing them to `screen.add_cards`; the key is
        offered only when the app has a handler, `on_study_screen_study_more`."""

        def __init__(self, screen: StudyScreen):
            super().__init__()
            self.screen = screen

    def __init__(self, session: StudySession):
        super().__init__()
        self.session = session
        self.showing: Showing | None = None
        self.answered = False  # the back / verdict is shown and a grade is expected
        self.kept_in_view: Widget | None = None  # what the card stays scrolled to (keep_in_view)
        self.proposed: int | None = None
        self.last_answer: str | None = None
        self.verdict_text: Text | str = ""
        self.checking = False
        self.unreadable_shown = False
        self.pending: int | None = None  # a grade the store could not take yet
        self.leave_warned = False
        self.shown_at = time.monotonic()
        self.left_answered: dict[Showing, Answered] = {}
        self.wrong_tries: dict[Showing, tuple[str, Text]] = {}  # a card's wrong first try: its answer and verdict
        self.graded_views: dict[int, Answered] = {}  # by review id

    @property
    def prompt(self):
        return self.showing.prompt if self.showing is not None else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        with CardView(id="card") as card:
            card.can_focus = False  # Tab must not take the keys away from the answer box
            yield Static(id="front", classes="card-front")
            yield Wide(id="figure")
            yield Static(id="result")
            yield Solution(id="back", classes="card-back")
        with Vertical(id="answer-area"):
            yield AnswerBox(id="answer", placeholder="Type your answer and press Enter")
            yield Static(id="preview")
            yield Static(id="verdict")
        yield Static(id="problem")
        yield GradeBar(id="grades")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.session.deck.title
        self.say("#problem", "")
        self.show_card()

    # -- showing ---------------------------------------------------------------------------------------------

    def say(self, widget_id: str, text: Text | str) -> None:
        """Show `text` in one of the optional parts (preview, verdict, result, problem), hiding it when empty."""
        widget = self.query_one(widget_id, Static)
        widget.update(text)
        widget.display = bool(str(text))

    def show_card(self) -> None:
        """Show the session's current card, as it was left if it was shown before (same variant, same tries,
        the text typed so far)."""
        self.answered = False
        self.proposed = None
        self.last_answer = None
        self.unreadable_shown = False
        self.checking = False
        self.pending = None
        self.leave_warned = False
        self.shown_at = time.monotonic()
        for widget_id in ("#preview", "#verdict", "#result", "#problem"):
            self.say(widget_id, "")
        self.query_one("#figure", Wide).update("")
        self.query_one("#back", Solution).show([])
        try:
            self.showing = self.session.showing
        except STORE_ERRORS as exc:
            self.showing = None
            self.show_unreadable_store(exc)
            return
        if self.showing is None:
            self.show_done()
            return
        prompt = self.showing.prompt
        item = self.session.current
        label = "new" if item.is_new else "review"
        self.query_one("#progress", Static).update(Text(
            f"{self.session.remaining} left · {self.session.reviewed} graded this session · {item.card.id} ({label})"))
        front = for_terminal(prompt.card.front)
        if prompt.exercise is not None:
            front = f"{front}\n\n{for_terminal(prompt.exercise.prompt)}"
            self.query_one("#figure", Wide).update(prompt.exercise.figure or "")
        self.query_one("#front", Static).update(Text(front))
        self.kept_in_view = None
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        answer = self.query_one("#answer", AnswerBox)
        answer.start(self.showing.draft)
        self.query_one("#answer-area").display = prompt.typed
        answer.disabled = not prompt.typed
        left = self.left_answered.pop(self.showing, None)
        if left is not None:
            self.show_answered(left)
        elif prompt.typed:
            if self.showing in self.wrong_tries:
                self.last_answer, verdict = self.wrong_tries[self.showing]
                self.say("#verdict", verdict)
            answer.focus()
            self.query_one("#grades", GradeBar).say(
                Text("Enter checks your answer · Ctrl+G gives up · PgUp/PgDn scroll"))
        else:
            self.set_focus(None)
            self.query_one("#grades", GradeBar).say(Text("Space or Enter shows the answer"))
        self.refresh_bindings()

    def show_unreadable_store(self, exc: BaseException) -> None:
        line = self.app.store_failed(exc, shown=True)
        self.query_one("#front", Static).update(Text(f"Today's cards cannot be read: {line}.", style="red"))
        self.query_one("#answer-area").display = False
        self.query_one("#grades", GradeBar).say(Text("Esc goes back to the decks"))
        self.refresh_bindings()

    def show_done(self) -> None:
        graded = self.session.reviewed
        self.query_one("#progress", Static).update(Text(f"{graded} graded this session"))
        if graded:
            count = self.session.cards_graded
            cards = "1 card" if count == 1 else f"{count} cards"
            grades = f" ({graded} grades)" if graded != count else ""
            done = f"That is all for today in this deck: {cards} studied{grades}. Well done!"
        else:
            done = "Nothing to study in this deck today: no reviews are due and today's new cards are done."
        if self.offers_study_more:
            done += "\n\nPress m to study more: new cards beyond today's limit, or reviews due in the next days."
        self.query_one("#front", Static).update(Text(done))
        self.query_one("#answer-area").display = False
        self.query_one("#answer", AnswerBox).disabled = True
        hint = "Esc goes back to the decks"
        try:
            if self.session.can_undo:
                hint += " · Ctrl+Z undoes the last grade"
        except STORE_ERRORS as exc:
            self.app.store_failed(exc)
        self.query_one("#grades", GradeBar).say(Text(hint))
        self.refresh_bindings()

    def show_answered(self, answered: Answered) -> None:
        """The card answered: the question stays, the answer and verdict under it, the solution below."""
        prompt = self.prompt
        self.answered = True
        self.proposed = answered.proposed
        self.last_answer = answered.answer
        self.verdict_text = answered.verdict
        result = Text()
        if prompt.typed and answered.answer:
            from deckapp.answers.lexer import MathParseError

            try:
                shown = prompt.reads_as(answered.answer)  # as the checker read it (f'(x) = … too), in Unicode maths
            except MathParseError:
                shown = answered.answer
            result.append("Your answer: ", style="bold")
            result.append(shown)
        if str(answered.verdict):
            if result:
                result.append("\n")
            result.append_text(answered.verdict if isinstance(answered.verdict, Text) else Text(answered.verdict))
        self.say("#result", result)
        self.say("#verdict", "")
        self.say("#preview", "")
        back = self.query_one("#back", Solution)
        mounted = back.show(prompt.back_parts())
        answer = self.query_one("#answer", AnswerBox)
        answer.disabled = True
        self.query_one("#answer-area").display = False
        self.set_focus(None)
        self.offer_grades()
        self.refresh_bindings()
        self.call_later(self.keep_in_view, mounted, self.query_one("#result") if str(result) else back)

    async def keep_in_view(self, mounted: Awaitable, anchor: Widget) -> None:
        """As much of the question as fits stays in view, down to the verdict (`anchor`); the solution follows
        below. Scrolled once the solution is mounted and laid out with the grades, whose heights decide where, and
        again whenever the card's room or content changes after that, until the student scrolls or moves on."""
        await mounted
        self.kept_in_view = anchor
        self.call_after_refresh(self.scroll_to_kept)

    def scroll_to_kept(self) -> None:
        anchor = self.kept_in_view
        if self.answered and anchor is not None and anchor.display:
            scroller = self.query_one("#card", VerticalScroll)
            scroller.scroll_to(y=0, animate=False, immediate=True)
            scroller.scroll_to_widget(anchor, animate=False, immediate=True)

    def on_card_view_resized(self) -> None:
        if self.kept_in_view is not None:
            self.call_after_refresh(self.scroll_to_kept)

    def offer_grades(self) -> None:
        intervals = None
        try:
            intervals = self.session.intervals()
        except STORE_ERRORS as exc:
            self.app.store_failed(exc)
        self.query_one("#grades", GradeBar).offer(intervals, self.proposed)

    def action_scroll_card(self, how: str) -> None:
        self.kept_in_view = None  # the student scrolls: the card stays where they put it
        scroller = self.query_one("#card", VerticalScroll)
        getattr(scroller, f"scroll_{how}")(animate=False)

    def action_scroll_wide(self, columns: int) -> None:
        """Left/right scroll the tables and drawings too wide for the screen (an answer box has the keys first)."""
        for wide in self.query(Wide):
            wide.scroll_relative(x=columns, animate=False)

    # -- grading ---------------------------------------------------------------------------------------------

    def action_reveal(self) -> None:
        """Space or Enter shows a basic card's answer, proposing 4 (Anki's Good)."""
        if self.prompt is not None and not self.answered and not self.prompt.typed:
            self.show_answered(Answered(None, "", GOOD))

    def action_accept(self) -> None:
        """Enter (or Space) gives the proposed grade."""
        if self.answered and self.proposed is not None:
            self.action_grade(self.proposed)

    def on_grade_bar_chosen(self, message: GradeBar.Chosen) -> None:
        self.action_grade(message.quality)

    def action_grade(self, quality: int) -> None:
        if self.prompt is None or not self.answered:
            return
        duration = int((time.monotonic() - self.shown_at) * 1000)
        try:
            row = self.session.grade(quality, answer=self.last_answer, seed=self.prompt.seed, duration_ms=duration)
        except STORE_ERRORS as exc:
            self.pending = quality
            line = self.app.store_failed(exc, shown=True)
            self.say("#problem", Text(f"Grade {quality} was not saved: {line}. It is kept: r tries again, or "
                                      "choose another grade.", style="bold red"))
            self.refresh_bindings()
            return
        self.graded_views[row.id] = Answered(self.last_answer, self.verdict_text, self.proposed)
        self.wrong_tries.pop(self.showing, None)
        self.show_card()

    def action_retry(self) -> None:
        if self.pending is not None:
            self.action_grade(self.pending)

    def action_undo_key(self) -> None:
        """`u` undoes too, except while an answer is being typed (where it is a letter of the answer)."""
        if self.prompt is not None and self.prompt.typed and not self.answered:
            return
        self.action_undo()

    def action_undo(self) -> None:
        if self.pending is not None:
            self.notify("This card's grade is not saved yet: r tries again, or choose a grade.", timeout=3)
            return
        if self.answered and self.showing is not None:
            self.left_answered[self.showing] = Answered(self.last_answer, self.verdict_text, self.proposed)
        try:
            undone = self.session.undo()
        except STORE_ERRORS as exc:
            self.left_answered.pop(self.showing, None)
            line = self.app.store_failed(exc, shown=True)
            self.say("#problem", Text(f"Nothing was undone: {line}.", style="bold red"))
            return
        if undone is None:
            self.left_answered.pop(self.showing, None)
            self.notify("Nothing to undo today in this deck.", timeout=2)
            return
        self.notify(f"Undid the grade {undone.quality} of {undone.card_id}: grade it again.", timeout=2)
        earlier = Answered(undone.answer, Text(f"You graded this {undone.quality} earlier today; grade it again.",
                                               style="dim"), undone.quality)
        self.show_card()
        self.show_answered(self.graded_views.pop(undone.id, earlier))

    def action_study_more(self) -> None:
        if self.offers_study_more and self.showing is None:
            self.post_message(self.StudyMore(self))

    @property
    def offers_study_more(self) -> bool:
        return callable(getattr(self.app, "on_study_screen_study_more", None))

    def add_cards(self, items: list[QueueItem]) -> int:
        """Study more: go on with `items` (from the app's answer to StudyMore); how many were new to the queue."""
        added = self.session.add(items)
        if self.showing is None:
            self.show_card()
        return added

    def action_edit_card(self) -> None:
        """e: this card's deck file in the student's editor, at the card (DeckApp.edit_in_session)."""
        if self.prompt is None or (self.prompt.typed and not self.answered):
            return  # while an answer is expected, e is a letter of it
        if self.app.edit_in_session(self.session, self.prompt.card) and not self.answered:
            self.show_card()

    def action_leave(self) -> None:
        if self.pending is not None and not self.leave_warned:
            self.leave_warned = True
            self.say("#problem", Text(f"Grade {self.pending} is still not saved: r tries again. Esc once more "
                                      "leaves without it.", style="bold red"))
            return
        if self.pending is not None:
            self.app.grades_lost += 1
            self.pending = None
        self.dismiss()

    def on_unmount(self) -> None:
        if self.pending is not None:  # the app is closing with a grade the store never took
            self.app.grades_lost += 1

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        prompt = self.prompt
        if action == "reveal":
            return prompt is not None and not self.answered and not prompt.typed
        if action == "accept":
            return prompt is not None and self.answered and self.proposed is not None
        if action == "give_up":
            return prompt is not None and not self.answered and prompt.typed
        if action == "grade":
            return prompt is not None and self.answered
        if action == "retry":
            return self.pending is not None
        if action == "study_more":
            return self.showing is None and self.offers_study_more
        return True
