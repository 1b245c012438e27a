"""A deck as a Markdown document to read or print: the title and description, then each card's question,
answer and tags; an exercise card with one worked variant. Math stays in `$…$`, which most Markdown renderers
and Markdown flashcard tools show as maths; drawings and tables go in code blocks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from deckapp.deck.text import reflow
from deckapp.export.html import blocks
from deckapp.export.variants import exercise_variants

if TYPE_CHECKING:
    from deckapp.deck.model import Card, Deck


def to_markdown(deck: Deck) -> str:
    parts = [f"# {_line(deck.title)}"]
    if deck.description:
        parts.append(reflow(deck.description))
    cards = len(deck.cards)
    about = f"{cards} card{'s' * (cards != 1)}"
    if deck.tags:
        about += f" · tags: {', '.join(deck.tags)}"
    parts.append(f"*{about}*")
    for number, card in enumerate(deck.cards, start=1):
        parts.extend(_card(deck.id, number, card))
    return "\n\n".join(parts) + "\n"


def _card(deck_id: str, number: int, card: Card) -> list[str]:
    front = reflow(card.front)
    out = [f"## {number}.", front] if "\n" in front else [f"## {number}. {front}"]
    if card.kind == "exercise":
        assert card.exercise is not None
        exercise = exercise_variants(deck_id, card, 1)[0]
        out.append(f"*Exercise (`{card.exercise.generator}`, difficulty {card.exercise.difficulty}); "
                   "a fresh variant at each review. An example:*")
        out.extend(_prose(exercise.prompt))
        if exercise.figure:
            out.append(_code(exercise.figure))
        out.append(f"**Answer:** {exercise.shown_answer or exercise.answer}")
        out.append("**Solution:**")
        out.extend(_prose(exercise.steps))
    elif card.kind == "typed":
        out.append(f"**Answer:** `{card.answer}`")
    if card.back:
        out.append(reflow(card.back) if card.kind == "basic" else f"*Note:* {reflow(card.back)}")
    if card.tags:
        out.append(f"*Tags: {', '.join(card.tags)}*")
    return out


def _prose(text: str | Sequence[str]) -> list[str]:
    """A generator's text (or a worked solution's steps): each line a step of its own, drawings and tables in code
    blocks."""
    out = []
    for mono, body in blocks(text):
        if mono:
            out.append(_code(body))
        else:
            out.extend(line.strip() for line in body.split("\n") if line.strip())
    return out


def _code(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def _line(text: str) -> str:
    return " ".join(text.split())
