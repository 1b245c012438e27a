"""Which exercises each student gets: the sources (generators, or a deck's exercise cards) taken round robin,
each exercise seeded from the homework's seed, the student's name and the exercise's number through SHA-256, so
the same inputs always give the same sheets and different students different ones."""

from __future__ import annotations

from dataclasses import dataclass

from deckapp.errors import UsageError
from deckapp.exercises.seeds import stable_int
from deckapp.homework.roster import Student, name_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from deckapp.exercises import Exercise


@dataclass(frozen=True)
class Header:
    """What every page of a run shows at its top: the course and the date."""

    course: str
    date: str


@dataclass(frozen=True)
class Source:
    """Where one exercise of a sheet comes from: a generator at a difficulty."""

    generator: str
    difficulty: int


@dataclass(frozen=True)
class Sheet:
    """One student's homework: their exercises, numbered from 1. `student` is None for a class-less run."""

    student: Student | None
    exercises: tuple[Exercise, ...]

    @property
    def name(self) -> str:
        return self.student.name if self.student else ""


def generator_sources(names: list[str], difficulty: int) -> list[Source]:
    from deckapp.exercises import GENERATOR_NAMES, unknown_generator

    for name in names:
        if name not in GENERATOR_NAMES:
            raise UsageError(f"--generators: {unknown_generator(name)}")
    return [Source(name, difficulty) for name in names]


def deck_sources(decks: list, difficulty: int | None) -> list[Source]:
    """The exercise cards of `decks`, in order, each at its own difficulty unless `difficulty` is given."""
    sources = [Source(card.exercise.generator, difficulty or card.exercise.difficulty)
               for deck in decks for card in deck.cards if card.exercise is not None]
    if not sources:
        raise UsageError(f"no exercise cards in {', '.join(deck.id for deck in decks)}: give decks with exercise "
                         "cards, or --generators")
    return sources


def exercise_seed(seed: int, student: str, number: int) -> int:
    """The seed of exercise `number` of `student`'s sheet: stable across runs, machines and Python versions
    (unlike `hash()`); the name counts without case or extra spaces."""
    return stable_int(str(seed), name_key(student), str(number), sep="\n")


def make_sheet(sources: list[Source], count: int, seed: int, student: Student | None) -> Sheet:
    """`count` exercises for `student`, the sources taken in turn."""
    from deckapp.exercises import generate

    name = student.name if student else ""
    exercises = []
    for number in range(1, count + 1):
        source = sources[(number - 1) % len(sources)]
        exercises.append(generate(source.generator, exercise_seed(seed, name, number), source.difficulty))
    return Sheet(student, tuple(exercises))
