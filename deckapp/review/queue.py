"""Today's queue: due reviews first (most overdue first), then new cards in deck order, within the deck's daily
limits; a study day starts at 04:00 (deckapp.review.day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from deckapp.deck.model import Card, Deck
from deckapp.review.day import next_day_start, study_day_start
from deckapp.review.store import CardRecord, DayCounts, Store


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
