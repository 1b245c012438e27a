"""FSRS, the scheduler of modern Anki, through the `fsrs` package, behind the same interface as SM-2.

Grades map to FSRS ratings as 0, 1, 2 -> Again; 3 -> Hard; 4 -> Good; 5 -> Easy. Fuzzing is off, so the same
reviews always give the same schedule.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from deckapp.review.sm2 import check_quality


def rating_for(quality: int):
    from fsrs import Rating

    quality = check_quality(quality)
    if quality <= 2:
        return Rating.Again
    return {3: Rating.Hard, 4: Rating.Good, 5: Rating.Easy}[quality]


@cache
def _scheduler():
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=False)


def new_card(now: datetime):
    from fsrs import Card

    return Card(card_id=0, due=now.astimezone(UTC))


def review(card, quality: int, now: datetime):
    """The FSRS card after one review; `card` is not changed. (The fsrs package takes times in UTC only.)"""
    updated, _log = _scheduler().review_card(card, rating_for(quality), now.astimezone(UTC))
    return updated


def to_dict(card) -> dict:
    return card.to_dict()


def from_dict(data: dict):
    from fsrs import Card

    return Card.from_dict(data)
