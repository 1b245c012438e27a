"""A study session: what each card asks this time (an exercise card's variant), the tries at a typed answer and
the grade they propose, and a session that grades, brings cards graded below 4 back later the same session, and
undoes, also a grade given earlier the same study day. The queue it works through is deckapp.review.queue's."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from deckapp.deck.model import Card, Deck
from deckapp.exercises.model import Exercise
from deckapp.review.day import study_day_start
from deckapp.review.queue import QueueItem, build_queue
from deckapp.review.store import ReviewRow, Store

PASSING_QUALITY = 4  # below this, a card comes back later in the same session


class Outcome(Enum):
    """How a typed answer or an exercise went; each proposes a grade the student may change."""

    FIRST_TRY = 4
    SECOND_TRY = 3
    WRONG = 1
    GAVE_UP = 0

    @property
    def proposed_quality(self) -> int:
        return self.value


MAX_ATTEMPTS = 2


class Attempts:
    """The tries at one typed answer or exercise: right first time, right the second time, wrong, or gave up."""

    def __init__(self) -> None:
        self.tries = 0
        self.outcome: Outcome | None = None

    def record(self, correct: bool) -> Outcome | None:
        """Count one checked answer (an unreadable one is not a try); the outcome once the card is settled."""
        if self.outcome is not None:
            return self.outcome
        self.tries += 1
        if correct:
            self.outcome = Outcome.FIRST_TRY if self.tries == 1 else Outcome.SECOND_TRY
        elif self.tries >= MAX_ATTEMPTS:
            self.outcome = Outcome.WRONG
        return self.outcome

    def give_up(self) -> Outcome:
        if self.outcome is None:
            self.outcome = Outcome.GAVE_UP
        return self.outcome


@dataclass(frozen=True)
class Prompt:
    """What a card asks this time: the card, and for an exercise card the variant generated for this review."""

    card: Card
    exercise: Exercise | None = None

    @property
    def typed(self) -> bool:
        return self.card.kind != "basic"

    @property
    def seed(self) -> int | None:
        return self.exercise.seed if self.exercise else None

    @property
    def variables(self) -> tuple[str, ...] | None:
        """The names an answer may use: the exercise's, or those the checker reads in the card's expected answer."""
        if self.exercise is not None:
            return self.exercise.variables
        from deckapp.answers.expected import read_problem

        try:
            return tuple(sorted(read_problem(self.card.answer or "").names))
        except ValueError:
            return None

    @property
    def shown_answer(self) -> str:
        """The expected answer as a person writes it, in Unicode maths (`2x`, never the checker's `2*x`)."""
        from deckapp.answers.pretty import pretty_text
        from deckapp.deck.latex import to_unicode

        if self.exercise is not None and self.exercise.shown_answer:
            return to_unicode(self.exercise.shown_answer)
        expected = self.exercise.answer if self.exercise is not None else self.card.answer or ""
        return pretty_text(expected, self.variables)

    def back_parts(self) -> list[str]:
        """What is shown once the card is answered, in order, as terminal text: the answer, the worked solution,
        the card's back note."""
        from deckapp.deck.latex import to_unicode
        from deckapp.deck.text import for_terminal

        parts = []
        if self.typed:
            parts.append("Answer: " + self.shown_answer)
        if self.exercise is not None:
            parts.append(to_unicode(self.exercise.worked()))
        if self.card.back:
            parts.append(for_terminal(self.card.back))
        return parts

    def _problem(self) -> dict:
        """What check() and read() are given besides the answer."""
        if self.exercise is not None:
            return {"expected": self.exercise.answer, "kind": self.exercise.kind, "variables": self.exercise.variables}
        return {"expected": self.card.answer or ""}

    def reads_as(self, text: str) -> str:
        """How `text` is read, in Unicode maths, exactly as the checker reads it (deckapp.answers.reading.read), for
        the live preview and the "Your answer" line; raises MathParseError when it cannot be read."""
        from deckapp.answers.reading import read

        return read(answer=text, **self._problem()).shown()

    def check(self, text: str):
        """The checker's Verdict on a typed answer (may take up to the checker's time limit)."""
        from deckapp.answers.checker import check

        return check(answer=text, **self._problem())


SEEDS = random.Random()  # where fresh exercise variants come from; tests put a seeded Random here


def present(card: Card, seed: int | None = None) -> Prompt:
    """The prompt for one review of `card`; an exercise card gets a fresh variant (or the one `seed` names)."""
    if card.exercise is None:
        return Prompt(card)
    from deckapp.exercises import generate

    if seed is None:
        seed = SEEDS.randrange(2**31)
    return Prompt(card, generate(card.exercise.generator, seed, card.exercise.difficulty))


@dataclass(eq=False)
class Showing:
    """One showing of a card until it is graded: its prompt, the tries at it and what is typed so far. It is
    kept while another card's grade is undone, so coming back to the card never rolls a new variant or new tries."""

    prompt: Prompt
    attempts: Attempts = field(default_factory=Attempts)
    draft: str = ""


class StudySession:
    """One sitting with one deck. Each grade is committed to the store before the session moves on."""

    def __init__(self, deck: Deck, store: Store, clock: Callable[[], datetime]):
        self.deck = deck
        self.store = store
        self.clock = clock
        self._queue: deque[QueueItem] | None = None
        self.reviewed = 0
        self._history: list[tuple[QueueItem, int]] = []  # this session's grades: the item and its review id
        self._showings: dict[str, list[Showing]] = {}  # per card, its showings to come, the next one last

    @property
    def queue(self) -> deque[QueueItem]:
        """What is left to study. Read from the store on first use, so that a store that cannot be read fails
        where the app shows the problem, not while the session is being set up."""
        if self._queue is None:
            self._queue = deque(build_queue(self.store, self.deck, self.clock()))
        return self._queue

    @queue.setter
    def queue(self, items) -> None:
        """Study these instead (study more; the cards as saved after an edit)."""
        self._queue = deque(items)

    @property
    def current(self) -> QueueItem | None:
        return self.queue[0] if self.queue else None

    @property
    def remaining(self) -> int:
        return len(self.queue)

    @property
    def showing(self) -> Showing | None:
        """The current card's showing, made once: a fresh exercise variant only when a card is shown anew."""
        item = self.current
        if item is None:
            return None
        waiting = self._showings.setdefault(item.card.id, [])
        if not waiting:
            waiting.append(Showing(present(item.card)))
        return waiting[-1]

    def grade(self, quality: int, *, answer: str | None = None, seed: int | None = None,
              duration_ms: int | None = None) -> ReviewRow:
        """Record a grade for the current card (of its exercise variant `seed`, by default the one shown); below
        4, the card comes back at the end of the queue. If the store fails, nothing changes and the error is
        raised: the same grade can be given again."""
        item = self.current
        if item is None:
            raise LookupError("nothing left to study today")
        if seed is None:
            seed = self.showing.prompt.seed
        row = self.store.review(self.deck.id, item.card.id, self.deck.scheduler, quality, self.clock(),
                                answer=answer, seed=seed, duration_ms=duration_ms)
        self.queue.popleft()
        if self._showings.get(item.card.id):
            self._showings[item.card.id].pop()
        if quality < PASSING_QUALITY:
            self.queue.append(QueueItem(item.card, False))
        self._history.append((item, row.id))
        self.reviewed += 1
        return row

    @property
    def cards_graded(self) -> int:
        """The distinct cards this session graded (one graded below 4 comes back and is graded again)."""
        return len({item.card.id for item, _review_id in self._history})

    def intervals(self) -> dict[int, str]:
        """For each grade 0..5, how long the current card would wait if given it ("<1m", "6d", ...)."""
        from deckapp.review.intervals import grade_intervals

        card_id = self.current.card.id
        record = self.store.card_records(self.deck.id, [card_id]).get(card_id)
        return grade_intervals(self.deck.scheduler, record, self.clock())

    def use_deck(self, deck: Deck) -> None:
        """Go on with `deck`'s cards as saved after an edit: a card deleted leaves the queue, and a card shown
        before keeps its exercise variant (the same seed) with its new text."""
        from deckapp.review.queue import with_cards_of

        self.deck = deck
        self.queue = with_cards_of(self.queue, deck)
        for card_id, showings in list(self._showings.items()):
            if card_id not in deck.card_ids:
                del self._showings[card_id]
                continue
            for showing in showings:
                showing.prompt = present(deck.card(card_id), showing.prompt.seed)

    def add(self, items: list[QueueItem]) -> int:
        """Study more: put `items` at the end of the queue (those not in it already); how many were added."""
        queued = {item.card.id for item in self.queue}
        fresh = [item for item in items if item.card.id not in queued]
        self.queue.extend(fresh)
        return len(fresh)

    def _last_review_today(self) -> ReviewRow | None:
        return self.store.last_review(self.deck.id, study_day_start(self.clock()), list(self.deck.card_ids))

    @property
    def can_undo(self) -> bool:
        return bool(self._history) or self._last_review_today() is not None

    def undo(self) -> ReviewRow | None:
        """Take back the last grade: this session's, or else the deck's last one today (given in an earlier
        session). The card's state is restored and it is shown again, as the same exercise variant."""
        if self._history:
            item, review_id = self._history[-1]
            undone = self.store.undo_review(review_id)
            self._history.pop()
            self.reviewed -= 1
        else:
            last = self._last_review_today()
            if last is None:
                return None
            undone = self.store.undo_review(last.id)
            item = QueueItem(self.deck.card(undone.card_id), undone.before is None)
        self._queue = deque(queued for queued in self.queue if queued.card.id != item.card.id)
        self._queue.appendleft(item)
        self._showings.setdefault(item.card.id, []).append(Showing(present(item.card, undone.seed)))
        return undone
