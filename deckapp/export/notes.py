"""A card as an Anki note, and a note back as a card: the one convention the .apkg, the Anki text file and
`deckapp import` share.

- guid `deckapp:DECK:CARD` (an exercise variant: `deckapp:DECK:CARD:SEED`): stable across exports, so Anki
  updates a note it already has, and `deckapp import` gets the card id back from it;
- fields are HTML (`deckapp.export.html`); a typed card's back starts with `<div class="deckapp-answer">`; an
  exercise variant's front ends with `<div class="deckapp-exercise" data-generator=… data-difficulty=…>` (the
  prompt and drawing) and its back starts with the answer and the worked solution. Anki shows these as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deckapp.deck.text import reflow
from deckapp.export.html import from_html, inner_text, monospace_html, prose_html, to_html
from deckapp.export.variants import exercise_variants

if TYPE_CHECKING:
    from deckapp.deck.model import Card, Deck

_GUID = re.compile(r"deckapp:([a-z0-9]+(?:-[a-z0-9]+)*):([a-z0-9]+(?:-[a-z0-9]+)*)(?::(\d+))?\Z")
_EXERCISE = re.compile(r'<div class="deckapp-exercise" data-generator="([a-z_]+)" data-difficulty="(\d+)">.*</div>\Z',
                       re.DOTALL)
_ANSWER = re.compile(r'<div class="deckapp-answer">(.*?)</div>', re.DOTALL)
_SOLUTION = re.compile(r'<div class="deckapp-solution">.*?</div>', re.DOTALL)
_SPACE = re.compile(r"\s+")
TYPED_NOTETYPE = "deckapp typed"  # the start of the name of the .apkg's type-in-the-answer note type


@dataclass(frozen=True)
class Note:
    """One Anki note: HTML fields, Anki tags and a stable guid."""

    guid: str
    kind: str  # the card's kind: basic, typed or exercise
    front: str
    back: str  # for a typed card: the answer section, then the card's back
    tags: tuple[str, ...]
    answer: str = ""  # a typed card: the answer alone, for Anki's {{type:Back}}
    extra: str = ""  # a typed card: the card's back alone


def guid(deck_id: str, card_id: str, seed: int | None = None) -> str:
    return f"deckapp:{deck_id}:{card_id}" + ("" if seed is None else f":{seed}")


def ids_from_guid(value: str) -> tuple[str, str] | None:
    """(deck id, card id) from a guid deckapp wrote, else None."""
    match = _GUID.match(value)
    return (match.group(1), match.group(2)) if match else None


def anki_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Anki tags hold no spaces; a space becomes an underscore."""
    return tuple(tag if _SPACE.search(tag) is None else _SPACE.sub("_", tag.strip()) for tag in tags if tag.strip())


def notes(deck: Deck, variants: int = 1) -> Iterator[Note]:
    """The notes of a deck in card order: one per card, `variants` per exercise card. Lines a deck file wrapped by
    hand are joined again (deckapp.deck.text.reflow), so Anki wraps the text to its own width."""
    for card in deck.cards:
        tags = anki_tags(card.tags)
        back = to_html(reflow(card.back)) if card.back else ""
        if card.kind == "exercise":
            yield from _exercise_notes(deck.id, card, variants, back, tags)
        elif card.kind == "typed":
            answer = html.escape(card.answer or "", quote=False)
            section = f'<div class="deckapp-answer"><code>{answer}</code></div>'
            yield Note(guid(deck.id, card.id), "typed", to_html(reflow(card.front)), section + back, tags, answer, back)
        else:
            yield Note(guid(deck.id, card.id), "basic", to_html(reflow(card.front)), back, tags)


def _exercise_notes(deck_id: str, card: Card, variants: int, back: str, tags: tuple[str, ...]) -> Iterator[Note]:
    assert card.exercise is not None
    spec = card.exercise
    front = to_html(reflow(card.front))
    for exercise in exercise_variants(deck_id, card, variants):
        figure = monospace_html(exercise.figure) if exercise.figure else ""
        prompt = (f'<div class="deckapp-exercise" data-generator="{spec.generator}" '
                  f'data-difficulty="{spec.difficulty}">{prose_html(exercise.prompt)}{figure}</div>')
        shown = to_html(exercise.shown_answer or exercise.answer)
        solution = f'<div class="deckapp-answer">{shown}</div><div class="deckapp-solution">' \
                   f'{prose_html(exercise.steps)}</div>'
        yield Note(guid(deck_id, card.id, exercise.seed), "exercise", front + prompt, solution + back, tags)


def card_fields(front: str, back_fields: list[str], *, is_html: bool = True, notetype: str = "") -> dict:
    """The card (front, back, answer, exercise; not its id or tags) that a note's fields hold."""
    if not is_html:
        back = "\n".join(f for f in back_fields if f)
        return {"front": front, "back": back}
    card: dict = {}
    if notetype.startswith(TYPED_NOTETYPE) and len(back_fields) >= 2:  # the .apkg's typed note, back from Anki
        card["answer"] = inner_text(back_fields[0])
        back_html = "<br>".join(f for f in back_fields[1:] if f)
    else:
        back_html = "<br>".join(f for f in back_fields if f)
        exercise = _EXERCISE.search(front)
        answer = _ANSWER.match(back_html)
        if exercise:
            front = front[:exercise.start()]
            card["exercise"] = {"generator": exercise.group(1), "difficulty": int(exercise.group(2))}
        if answer:
            back_html = back_html[answer.end():]
            solution = _SOLUTION.match(back_html)
            if solution:
                back_html = back_html[solution.end():]
            elif not exercise:
                card["answer"] = inner_text(answer.group(1))
        back_html = back_html.removeprefix("<br>") if answer else back_html
    card = {"front": from_html(front), **card}
    back = from_html(back_html)
    if back or not ({"answer", "exercise"} & card.keys()):
        card["back"] = back
    return card
