"""A deck as JSON, as loaded and lossless, with `"format": "deckapp-deck/1"`; and a JSON deck read back into
the mapping a deck file holds (checked afterwards by the deck reader, like any deck file)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from deckapp.errors import BadInput

if TYPE_CHECKING:
    from deckapp.deck.model import Card, Deck

FORMAT = "deckapp-deck/1"


def deck_mapping(deck: Deck) -> dict:
    """The deck as the mapping a deck file holds (every key, defaults included)."""
    return {
        "deck": deck.id,
        "title": deck.title,
        "description": deck.description,
        "tags": list(deck.tags),
        "scheduler": deck.scheduler,
        "limits": {"new_per_day": deck.limits.new_per_day, "reviews_per_day": deck.limits.reviews_per_day},
        "cards": [card_mapping(card) for card in deck.cards],
    }


def card_mapping(card: Card) -> dict:
    out: dict = {"id": card.id, "front": card.front}
    if card.back is not None:
        out["back"] = card.back
    if card.answer is not None:
        out["answer"] = card.answer
    if card.exercise is not None:
        out["exercise"] = {"generator": card.exercise.generator, "difficulty": card.exercise.difficulty}
    out["tags"] = list(card.tags)
    return out


def to_json(deck: Deck) -> str:
    return json.dumps({"format": FORMAT, **deck_mapping(deck)}, ensure_ascii=False, indent=2) + "\n"


def from_json(text: str, path: str) -> dict:
    """The deck mapping of a deckapp JSON file; raises BadInput for bad JSON or another format."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput([f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"]) from None
    except RecursionError:
        raise BadInput([f"{path}: not a deckapp deck: its JSON is nested too deeply"]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        what = f"its \"format\" is {json.dumps(found)}" if found is not None else "it has no \"format\""
        raise BadInput([f"{path}: not a deckapp deck: {what}, expected \"{FORMAT}\""])
    return {key: value for key, value in data.items() if key != "format"}
