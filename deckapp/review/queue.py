"""Today's queue: due reviews first (most overdue first), then new cards in deck order, within the deck's daily
limits; a study day starts at 04:00 (deckapp.review.day). And the queue of "study more" beyond it."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from deckapp.deck.model import Card, Deck
from deckapp.review.day import next_day_start, study_day_start
from deckapp.review.store import CardRecord, DayCounts, Store

AHEAD_DAYS = (1, 3, 7)  # the review-ahead horizons study more offers: tomorrow, the next 3 and 7 study days


@dataclass(frozen=True)
class QueueItem:
    card: Card
    is_new: bool


@dataclass(frozen=True)
class TodayCounts:
    """A deck's line on Home."""

    due: int  # reviews in today's queue
    new: int  # new cards in today's queue
    learned: int  # cards learned (as `deckapp stats` counts them)


@dataclass(frozen=True)
class MoreCounts:
    """What study more can offer of a deck (see `more_cards`)."""

    today: int  # the cards of today's queue, which study more leaves out
    new_left: int  # new cards past today's new-card limit
    ahead: dict[int, int]  # per horizon of AHEAD_DAYS, the reviews due within it


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


def _reviews(store: Store, deck: Deck, now: datetime) -> tuple[dict[str, CardRecord], DayCounts]:
    """What the store knows of `deck`: its cards' states, and what was studied today."""
    return (store.card_records(deck.id, [card.id for card in deck.cards]),
            store.day_counts(deck.id, study_day_start(now)))


def build_queue(store: Store, deck: Deck, now: datetime) -> list[QueueItem]:
    records, done = _reviews(store, deck, now)
    return todays_queue(deck, records, now, done)


def today_counts(store: Store, deck: Deck, now: datetime) -> TodayCounts:
    """What is due and new in `deck` today, and how many of its cards are learned, from one read of the store."""
    records, done = _reviews(store, deck, now)
    queue = todays_queue(deck, records, now, done)
    new = sum(1 for item in queue if item.is_new)
    return TodayCounts(due=len(queue) - new, new=new, learned=sum(1 for record in records.values() if record.learned))


def more_cards(deck: Deck, records: dict[str, CardRecord], now: datetime, done: DayCounts, *, new_cards: int = 0,
               days_ahead: int = 0) -> list[QueueItem]:
    """Study more than today's queue, as Anki's custom study does: reviews due within the next `days_ahead` study
    days (review ahead; soonest due first, and with them any due today that the daily review limit held back),
    then up to `new_cards` new cards past today's new-card limit, in deck order. The cards of today's queue are
    left out: they are studied the usual way.

    Nothing here changes the limits: the extra cards are graded and logged like any other, so the store's counts
    (new cards introduced today, reviews today, retention, the forecast) include them, and today's queue then has
    that much less room for new cards.
    """
    if new_cards < 0 or days_ahead < 0:
        raise ValueError("new_cards and days_ahead cannot be negative")
    today = {item.card.id for item in todays_queue(deck, records, now, done)}
    horizon = study_day_start(now) + timedelta(days=days_ahead + 1)
    ahead: list[tuple[datetime, int, Card]] = []
    new: list[Card] = []
    for position, card in enumerate(deck.cards):
        if card.id in today:
            continue
        record = records.get(card.id)
        if record is None:
            new.append(card)
        elif days_ahead and record.due < horizon:
            ahead.append((record.due, position, card))
    ahead.sort(key=lambda item: (item[0], item[1]))
    return [QueueItem(card, False) for _due, _position, card in ahead] + [QueueItem(card, True)
                                                                           for card in new[:new_cards]]


def study_more(store: Store, deck: Deck, now: datetime, *, new_cards: int = 0, days_ahead: int = 0) -> list[QueueItem]:
    """The queue of a "study more" session on `deck` (see `more_cards`): what Home offers when nothing is due,
    and what a session offers at its end. Give it to a StudySession in place of today's queue."""
    records, done = _reviews(store, deck, now)
    return more_cards(deck, records, now, done, new_cards=new_cards, days_ahead=days_ahead)


def more_counts(store: Store, deck: Deck, now: datetime) -> MoreCounts:
    """How many cards study more has to offer of `deck`, from one read of the store: what its screen shows."""
    records, done = _reviews(store, deck, now)
    return MoreCounts(today=len(todays_queue(deck, records, now, done)),
                      new_left=len(more_cards(deck, records, now, done, new_cards=len(deck.cards))),
                      ahead={days: len(more_cards(deck, records, now, done, days_ahead=days)) for days in AHEAD_DAYS})


def with_cards_of(queue: list[QueueItem] | deque[QueueItem], deck: Deck) -> list[QueueItem]:
    """`queue` with each card as `deck` (the same deck, read again after an edit) now has it; cards no longer in
    the deck are dropped."""
    cards = {card.id: card for card in deck.cards}
    return [QueueItem(cards[item.card.id], item.is_new) for item in queue if item.card.id in cards]
