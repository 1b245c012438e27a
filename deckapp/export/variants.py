"""Stable numbers for exports: ids, guids and exercise seeds that depend only on the deck id, the card id and
the variant number, so exporting again gives the same variants and Anki recognises the same notes.

See deckapp.exercises.seeds: Python's hash() changes from run to run; SHA-256 does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deckapp.exercises.seeds import SEED_BITS, stable_int

if TYPE_CHECKING:
    from deckapp.deck.model import Card
    from deckapp.exercises import Exercise


def variant_seed(deck_id: str, card_id: str, number: int) -> int:
    """The seed of an exercise card's variant `number` (1, 2, …)."""
    return stable_int("deckapp-variant", deck_id, card_id, str(number), bits=SEED_BITS)


def exercise_variants(deck_id: str, card: Card, count: int) -> list[Exercise]:
    """The first `count` variants of an exercise card, always the same ones."""
    from deckapp.exercises import generate

    assert card.exercise is not None
    spec = card.exercise
    return [generate(spec.generator, variant_seed(deck_id, card.id, n), spec.difficulty) for n in range(1, count + 1)]
