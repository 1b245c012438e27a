"""Cards and decks: the dataclasses, and the error that lists every problem of a deck file.

Reading the YAML lives in `deckapp.deck.reader` (`load_deck`, `parse_deck`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from deckapp.errors import DeckappError, printable

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SCHEDULERS = ("sm2", "fsrs")  # the names deckapp.review.scheduler.schedule takes
DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200

DECK_KEYS = ("deck", "title", "description", "tags", "scheduler", "limits", "cards")
CARD_KEYS = ("id", "front", "back", "answer", "exercise", "tags")
EXERCISE_KEYS = ("generator", "difficulty")
LIMIT_KEYS = ("new_per_day", "reviews_per_day")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file, at a 1-based line and column."""

    line: int
    column: int
    message: str
    fatal: bool = field(default=False, compare=False)  # the tree cannot be walked safely past this


class DeckError(DeckappError):
    """A deck file that cannot be used; `problems` holds every problem found, each with its position."""

    exit_code = 1

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path = Path(path)
        self.problems = sorted(set(problems))  # a node reached twice through aliases is reported once
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [printable(f"{self.path}:{p.line}:{p.column}: {p.message}") for p in self.problems]


@dataclass(frozen=True)
class ExerciseSpec:
    generator: str
    difficulty: int = 1


@dataclass(frozen=True)
class Limits:
    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY


@dataclass(frozen=True)
class Card:
    id: str
    front: str
    back: str | None = None
    answer: str | None = None
    exercise: ExerciseSpec | None = None
    tags: tuple[str, ...] = ()
    line: int = 0

    @property
    def kind(self) -> str:
        """'exercise' (a generated variant each review), 'typed' (an auto-graded answer) or 'basic'."""
        if self.exercise is not None:
            return "exercise"
        if self.answer is not None:
            return "typed"
        return "basic"


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    cards: tuple[Card, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    scheduler: str = "sm2"
    limits: Limits = field(default_factory=Limits)
    path: Path | None = None
    id_at: tuple[int, int] = field(default=(1, 1), compare=False)  # line and column of the `deck:` id

    def card(self, card_id: str) -> Card:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    @property
    def card_ids(self) -> tuple[str, ...]:
        return tuple(card.id for card in self.cards)

    @property
    def card_ids_json(self) -> str:
        """The card ids as a JSON array, as the store's queries take them (see deckapp.review.stats)."""
        import json

        return json.dumps(self.card_ids)

    @property
    def exercise_count(self) -> int:
        return sum(1 for c in self.cards if c.kind == "exercise")


def slugify(text: str) -> str:
    """`text` as a slug: accents dropped (été is ete, not t), each run of anything else but a-z and 0-9 one
    hyphen."""
    bare = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")
