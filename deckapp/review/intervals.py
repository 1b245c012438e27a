"""What each grade would do to a card, said the way Anki's answer buttons say it: "<1m", "10m", "6d", "1.2mo".

The due dates come from the deck's scheduler itself (deckapp.review.scheduler.schedule), so what a grade label
promises is what grading does.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from deckapp.review.day import study_day_start
from deckapp.review.scheduler import schedule
from deckapp.review.sm2 import QUALITIES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from deckapp.review.store import CardRecord

DAYS_PER_MONTH = 30
DAYS_PER_YEAR = 365


def next_dues(scheduler: str, record: CardRecord | None, now: datetime) -> dict[int, datetime]:
    """For each grade 0..5, when the card would be due again if graded so `now`.

    A card last scheduled by another scheduler starts afresh under the deck's, as the store does when grading.
    """
    state = record.state if record is not None and record.scheduler == scheduler else None
    return {quality: schedule(scheduler, state, quality, now).due for quality in QUALITIES}


def interval_text(now: datetime, due: datetime) -> str:
    """How long from `now` until `due`, in the unit a person would use: minutes or hours within the study day,
    else whole study days (a card due at tomorrow's 04:00 rollover is due in 1 day), months, years."""
    wait = due - now
    if wait < timedelta(minutes=1):
        return "<1m"
    if wait < timedelta(hours=1):
        return f"{wait // timedelta(minutes=1)}m"
    days = (study_day_start(due).date() - study_day_start(now).date()).days
    if days < 1:
        return f"{wait // timedelta(hours=1)}h"
    if days < DAYS_PER_MONTH:
        return f"{days}d"
    if days < DAYS_PER_YEAR:
        return f"{_one_decimal(days / DAYS_PER_MONTH)}mo"
    return f"{_one_decimal(days / DAYS_PER_YEAR)}y"


def _one_decimal(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def grade_intervals(scheduler: str, record: CardRecord | None, now: datetime) -> dict[int, str]:
    """For each grade 0..5, the wait it would give, as `interval_text` writes it."""
    return {quality: interval_text(now, due) for quality, due in next_dues(scheduler, record, now).items()}
