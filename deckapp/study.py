"""Today's study: the queue (due reviews, then new cards, within the daily limits), a session that grades and
brings cards graded below 4 back later the same session, and the grade proposed for typed answers."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from deckapp.deck import Card, Deck
from deckapp.exercises import Exercise
from deckapp.store import CardRecord, DayCounts, ReviewRow, Store
from deckapp.studyday import next_day_start, study_day_start

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
        from deckapp.mathparse import MathParseError, parse, variables_of

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
        from deckapp.cardtext import for_terminal
        from deckapp.latex import to_unicode

        parts = []
        if self.typed:
            parts.append("Answer: " + to_unicode(self.shown_answer))
        if self.exercise is not None:
            parts.append(to_unicode(self.exercise.solution))
        if self.card.back:
            parts.append(for_terminal(self.card.back))
        return "\n\n".join(parts)

    def reads_as(self, text: str) -> str:
        """How `text` is read, for a live preview; raises MathParseError when it cannot be read."""
        from deckapp.mathparse import parse, render

        return render(parse(text, variables=self.variables))

    def check(self, text: str):
        """The checker's Verdict on a typed answer (may take up to the checker's time limit)."""
        from deckapp.checker import check

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


@dataclass(frozen=True)
class QueueItem:
    card: Card
    is_new: bool


def is_due_by(record: CardRecord, moment: datetime) -> bool:
    """Due before `moment`, or marked for a same-day repeat (SM-2 step 7)."""
    return record.due < moment or bool(record.scheduler == "sm2" and record.state.get("needs_extra_review"))


def todays_queue(deck: Deck, records: dict[str, CardRecord], now: datetime, done: DayCounts) -> list[QueueItem]:
    """Due reviews first (most overdue first), then new cards in deck order, within the deck's daily limits.

    Cards already reviewed today and due again (graded below 3, or 3 and awaiting their same-day repeat) are
    always included: the review limit only caps cards not yet seen today.
    """
    day_start, day_end = study_day_start(now), next_day_start(now)
    due: list[tuple[datetime, int, Card, bool]] = []
    new: list[Card] = []
    for position, card in enumerate(deck.cards):
        record = records.get(card.id)
        if record is None:
            new.append(card)
        elif is_due_by(record, day_end):
            due.append((record.due, position, card, record.last_reviewed >= day_start))
    due.sort(key=lambda item: (item[0], item[1]))
    review_room = max(0, deck.limits.reviews_per_day - done.reviewed)
    queue: list[QueueItem] = []
    for _due, _position, card, seen_today in due:
        if seen_today:
            queue.append(QueueItem(card, False))
        elif review_room > 0:
            queue.append(QueueItem(card, False))
            review_room -= 1
    new_room = max(0, deck.limits.new_per_day - done.new_introduced)
    queue.extend(QueueItem(card, True) for card in new[:new_room])
    return queue


def build_queue(store: Store, deck: Deck, now: datetime) -> list[QueueItem]:
    records = store.card_records(deck.id, [card.id for card in deck.cards])
    return todays_queue(deck, records, now, store.day_counts(deck.id, study_day_start(now)))


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
