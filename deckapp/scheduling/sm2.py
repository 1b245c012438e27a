"""SM-2, exactly as P. A. Wozniak published it (super-memory.com/english/ol/sm2.htm).

The easiness factor is kept as a Decimal so that it never drifts: five 5s give EF 3.0 and intervals
1, 6, 17, 50, 150 (a float implementation gives 151 for the fifth).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal

MIN_EASINESS = Decimal("1.3")
START_EASINESS = Decimal("2.5")
QUALITIES = range(6)


@dataclass(frozen=True)
class SM2State:
    """A card's SM-2 state. `SM2State()` is a new card."""

    easiness: Decimal = START_EASINESS
    interval: int = 0  # days until the next review; 0 means again today
    repetitions: int = 0  # successful repetitions in a row
    needs_extra_review: bool = False  # graded 3: repeat today until a 4 or 5 (step 7 of the text)

    def __post_init__(self) -> None:
        if not isinstance(self.easiness, Decimal):
            object.__setattr__(self, "easiness", Decimal(str(self.easiness)))

    def to_dict(self) -> dict:
        return {
            "easiness": str(self.easiness),
            "interval": self.interval,
            "repetitions": self.repetitions,
            "needs_extra_review": self.needs_extra_review,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SM2State:
        return cls(Decimal(data["easiness"]), int(data["interval"]), int(data["repetitions"]),
                   bool(data["needs_extra_review"]))


def check_quality(quality: object) -> int:
    if isinstance(quality, bool) or not isinstance(quality, int) or quality not in QUALITIES:
        raise ValueError(f"quality must be an integer from 0 to 5, not {quality!r}")
    return quality


def next_easiness(easiness: Decimal, quality: int) -> Decimal:
    """EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)), never below 1.3."""
    miss = 5 - quality
    return max(MIN_EASINESS, easiness + Decimal("0.1") - miss * (Decimal("0.08") + miss * Decimal("0.02")))


def review(state: SM2State, quality: int) -> SM2State:
    """The state after one review graded `quality` (0..5). Returns a new state; `state` is not changed."""
    quality = check_quality(quality)
    if state.needs_extra_review:
        # A same-day repeat of an item graded 3 changes nothing but the mark, which only a 4 or 5 clears.
        return replace(state, needs_extra_review=quality < 4)
    if quality < 3:
        return replace(state, interval=0, repetitions=0, needs_extra_review=False)
    easiness = next_easiness(state.easiness, quality)
    repetitions = state.repetitions + 1
    if repetitions == 1:
        interval = 1
    elif repetitions == 2:
        interval = 6
    else:
        interval = math.ceil(state.interval * easiness)
    return SM2State(easiness, interval, repetitions, needs_extra_review=quality == 3)
