"""SM-2, exactly as P. A. Wozniak published it (super-memory.com/english/ol/sm2.htm).

Every easiness factor SM-2 can produce is a whole number of hundredths, so the arithmetic is done in integer
hundredths and never drifts: five 5s give EF 3.0 and intervals 1, 6, 17, 50, 150 (a float implementation gives
151 for the fifth). `easiness` itself is a plain float, rounded to those hundredths.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MIN_EASINESS = 1.3
START_EASINESS = 2.5
QUALITIES = range(6)
# What each quality means to the student grading a card: the published scale (0 "complete blackout" to 5
# "perfect response"), in short words. The study app's grade hints, its help and the README say these.
QUALITY_MEANINGS = {
    0: "blackout",
    1: "wrong but familiar",
    2: "wrong but easy once seen",
    3: "right with serious difficulty",
    4: "right after some hesitation",
    5: "perfect",
}


@dataclass(frozen=True)
class SM2State:
    """A card's SM-2 state. `SM2State()` is a new card."""

    easiness: float = START_EASINESS
    interval: int = 0  # days until the next review; 0 means again today
    repetitions: int = 0  # successful repetitions in a row
    needs_extra_review: bool = False  # graded 3: repeat today until a 4 or 5 (step 7 of the text)

    def __post_init__(self) -> None:
        hundredths = _hundredths(self.easiness)
        if hundredths < _hundredths(MIN_EASINESS):
            raise ValueError(f"easiness must be at least {MIN_EASINESS}, not {self.easiness!r}")
        if isinstance(self.interval, bool) or not isinstance(self.interval, int) or self.interval < 0:
            raise ValueError(f"interval must be a whole number of days, 0 or more, not {self.interval!r}")
        if isinstance(self.repetitions, bool) or not isinstance(self.repetitions, int) or self.repetitions < 0:
            raise ValueError(f"repetitions must be a whole number, 0 or more, not {self.repetitions!r}")
        object.__setattr__(self, "easiness", hundredths / 100)

    def to_dict(self) -> dict:
        return {
            "easiness": self.easiness,
            "interval": self.interval,
            "repetitions": self.repetitions,
            "needs_extra_review": self.needs_extra_review,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SM2State:
        return cls(float(data["easiness"]), int(data["interval"]), int(data["repetitions"]),
                   bool(data["needs_extra_review"]))


def _hundredths(easiness: object) -> int:
    if isinstance(easiness, bool) or not isinstance(easiness, int | float):
        raise ValueError(f"easiness must be a number, not {easiness!r}")
    return round(easiness * 100)


def check_quality(quality: object) -> int:
    if isinstance(quality, bool) or not isinstance(quality, int) or quality not in QUALITIES:
        raise ValueError(f"quality must be an integer from 0 to 5, not {quality!r}")
    return quality


def next_easiness(easiness: float, quality: int) -> float:
    """EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)), never below 1.3."""
    miss = 5 - quality
    return max(_hundredths(MIN_EASINESS), _hundredths(easiness) + 10 - miss * (8 + miss * 2)) / 100


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
        interval = -(-state.interval * _hundredths(easiness) // 100)  # ceil(I * EF'), in exact integers
    return SM2State(easiness, interval, repetitions, needs_extra_review=quality == 3)
