"""Per-deck statistics: what is new, due and learned, how much was reviewed, retention, and a forecast."""

from __future__ import annotations

from datetime import datetime, timedelta

from deckapp.deck import Deck
from deckapp.scheduling import study_day_start
from deckapp.store import Store
from deckapp.study import is_due_by

FORECAST_DAYS = 14
RETENTION_DAYS = 30


def deck_stats(store: Store, deck: Deck, now: datetime) -> dict:
    """The `deckapp stats` figures for one deck (cards that left the deck keep their history but are not counted,
    except in `reviews`, which counts every log row of the deck)."""
    records = store.card_records(deck.id, [card.id for card in deck.cards])
    live = list(records.values())
    day_start = study_day_start(now)
    day_ends = [day_start + timedelta(days=k + 1) for k in range(FORECAST_DAYS)]
    forecast = []
    for k, end in enumerate(day_ends):
        begin = day_ends[k - 1] if k else None
        forecast.append(sum(1 for r in live if is_due_by(r, end) and (begin is None or r.due >= begin)))
    reviews, reviews_today, learned_reviews, passed = store.review_counts(
        deck.id, since=day_start, learned_since=now - timedelta(days=RETENTION_DAYS))
    return {
        "id": deck.id,
        "title": deck.title,
        "cards": len(deck.cards),
        "new": len(deck.cards) - len(live),
        "due": forecast[0],
        "learned": sum(1 for r in live if r.learned),
        "reviews": reviews,
        "reviews_today": reviews_today,
        "retention": round(passed / learned_reviews, 4) if learned_reviews else None,
        "forecast": forecast,
    }
