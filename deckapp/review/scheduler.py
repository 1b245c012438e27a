"""Schedulers behind one small interface, so the study queue does not care which one a deck uses.

`schedule(name, state, quality, now)` returns the card's new state and when it is next due. States travel as
plain dicts (JSON in the store); `None` is a card never reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from deckapp.deck.model import SCHEDULERS
from deckapp.review.day import later_day_start


@dataclass(frozen=True)
class Scheduled:
    state: dict
    due: datetime
    learned: bool  # past the learning stage: its reviews count towards retention


def _days_after(now: datetime, days: int) -> datetime:
    """The start of the study day `days` after today's; SM-2 intervals grow without bound, so a due date past the
    year 9999 stops there."""
    try:
        return later_day_start(now, days)
    except OverflowError:
        return datetime(9999, 12, 31, tzinfo=now.tzinfo)


def schedule(name: str, state: dict | None, quality: int, now: datetime) -> Scheduled:
    """Apply one review graded `quality` (0..5) with scheduler `name` to `state` (None for a new card)."""
    if name == "sm2":
        from deckapp.review import sm2

        before = sm2.SM2State.from_dict(state) if state else sm2.SM2State()
        after = sm2.review(before, quality)
        due = now if after.needs_extra_review or after.interval == 0 else _days_after(now, after.interval)
        return Scheduled(after.to_dict(), due, is_learned(name, after.to_dict()))
    if name == "fsrs":
        from deckapp.review import fsrs

        card = fsrs.from_dict(state) if state else fsrs.new_card(now)
        after = fsrs.review(card, quality, now)
        return Scheduled(fsrs.to_dict(after), after.due, is_learned(name, fsrs.to_dict(after)))
    raise ValueError(f"unknown scheduler {name!r} (known: {', '.join(SCHEDULERS)})")


def is_learned(name: str, state: dict | None) -> bool:
    """Past the learning stage: SM-2 with a successful repetition, FSRS in its Review state."""
    if not state:
        return False
    if name == "sm2":
        return int(state["repetitions"]) > 0
    return int(state["state"]) == 2  # fsrs.State.Review
