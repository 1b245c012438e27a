"""A study session: what each card asks this time (an exercise card's variant), the tries at a typed answer and
the grade they propose, and a session that grades, brings cards graded below 4 back later the same session, and
undoes. The queue it works through is deckapp.review.queue's."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from deckapp.deck.model import Card, Deck
from deckapp.exercises.model import Exercise
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
        """The names an answer may use: the exercise's, or those of the card's expected answer."""
        if self.exercise is not None:
            return self.exercise.variables
        from deckapp.answers.parser import MathParseError, parse, variables_of

        try:
            return tuple(sorted(variables_of(parse(self.card.answer))))
        except MathParseError:
            return None

    @property
    def shown_answer(self) -> str:
        if self.exercise is not None:
            return self.exercise.shown_answer or self.exercise.answer
        return self.card.answer or ""

    def back_for_terminal(self) -> str:
        """What is shown once the card is answered: the answer, the worked solution, the card's back note."""
        from deckapp.deck.latex import to_unicode
        from deckapp.deck.text import for_terminal

        parts = []
        if self.typed:
            parts.append("Answer: " + to_unicode(self.shown_answer))
        if self.exercise is not None:
            parts.append(to_unicode(self.exercise.solution))
        if self.card.back:
            parts.append(for_terminal(self.card.back))
        return "\n\n".join(parts)

    def reads_as(self, text: str) -> str:
        """How `text` is read, for a live preview, as the checker reads it (a left-hand side such as f'(x) = is
        a label unless the answer is an equation); raises MathParseError when it cannot be read."""
        from deckapp.answers.reading import read_answer

        expected = self.exercise.answer if self.exercise is not None else self.card.answer or ""
        return read_answer(text, self.variables, labels="=" not in expected).render()

    def check(self, text: str):
        """The checker's Verdict on a typed answer (may take up to the checker's time limit)."""
        from deckapp.answers.checker import check

        if self.exercise is not None:
            return check(self.exercise.answer, text, kind=self.exercise.kind, variables=self.exercise.variables)
        return check(self.card.answer, text)


def present(card: Card, seed: int | None = None) -> Prompt:
    """The prompt for one review of `card`; an exercise card gets a fresh variant (or the one `seed` names)."""
    if card.exercise is None:
        return Prompt(card)
    from deckapp.exercises import generate

    if seed is None:
        seed = random.randrange(2**31)
    return Prompt(card, generate(card.exercise.generator, seed, card.exercise.difficulty))


class StudySession:
    """One sitting with one deck. Each grade is committed to the store before the session moves on."""

    def __init__(self, deck: Deck, store: Store, clock: Callable[[], datetime]):
        self.deck = deck
        self.store = store
        self.clock = clock
        self.queue: deque[QueueItem] = deque(build_queue(store, deck, clock()))
        self.reviewed = 0
        self._history: list[tuple[QueueItem, int, bool]] = []  # (item, its review id, whether it was put back)

    @property
    def current(self) -> QueueItem | None:
        return self.queue[0] if self.queue else None

    @property
    def remaining(self) -> int:
        return len(self.queue)

    def grade(self, quality: int, *, answer: str | None = None, seed: int | None = None,
              duration_ms: int | None = None) -> ReviewRow:
        """Record a grade for the current card; below 4, the card comes back at the end of the queue."""
        item = self.current
        if item is None:
            raise LookupError("nothing left to study today")
        row = self.store.review(self.deck.id, item.card.id, self.deck.scheduler, quality, self.clock(),
                                answer=answer, seed=seed, duration_ms=duration_ms)
        self.queue.popleft()
        again = quality < PASSING_QUALITY
        if again:
            self.queue.append(QueueItem(item.card, False))
        self._history.append((item, row.id, again))
        self.reviewed += 1
        return row

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def undo(self) -> ReviewRow | None:
        """Take back this session's last grade: its state is restored and the card is shown again."""
        if not self._history:
            return None
        item, review_id, put_back = self._history[-1]
        undone = self.store.undo_review(review_id)
        self._history.pop()
        if put_back:
            for index in range(len(self.queue) - 1, -1, -1):
                if self.queue[index].card.id == item.card.id:
                    del self.queue[index]
                    break
        self.queue.appendleft(item)
        self.reviewed -= 1
        return undone
