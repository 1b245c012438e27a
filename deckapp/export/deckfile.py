"""Writing a deck file (format v1) from the mapping a deck file holds, in the style of the bundled decks:
multi-line text as `|` blocks, tags and limits on one line, defaults left out."""

from __future__ import annotations

import re

import yaml

from deckapp.deck.model import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY

DECK_ORDER = ("deck", "title", "description", "tags", "scheduler", "limits", "cards")
CARD_ORDER = ("id", "front", "back", "answer", "exercise", "tags")
_CARD_START = re.compile(r"^  - ", re.MULTILINE)


class _Flow(list):
    """A list written on one line: `[a, b]`."""


class _FlowMap(dict):
    """A mapping written on one line: `{a: 1, b: 2}`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)  # "cards:\n  - id: …", as the bundled decks are written


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def dump_deck(deck: dict) -> tuple[str, list[int]]:
    """The deck file's text, and the line (1-based) where each card starts."""
    known = [key for key in DECK_ORDER if key in deck and _kept(key, deck[key])]
    body = {key: _deck_value(key, deck[key]) for key in known if key != "cards"}
    # unknown keys (the reader reports them) go before the cards: after them, a problem would be the last card's
    body.update((key, value) for key, value in deck.items() if key not in DECK_ORDER)
    if "cards" in known:
        body["cards"] = _deck_value("cards", deck["cards"])
    text = yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
    head, cards_key, cards = text.partition("\ncards:\n")
    if cards_key and "|+" not in cards:  # a blank line between cards (it would belong to a `|+` text)
        first, *rest = cards.split("\n  - ")
        text = head + cards_key + "\n\n  - ".join([first, *rest])
    cards_at = len(head) + len(cards_key) if cards_key else len(text)
    starts, line, counted = [], 1, 0
    for match in _CARD_START.finditer(text, cards_at):  # lines counted once, not from the top for every card
        line += text.count("\n", counted, match.start())
        counted = match.start()
        starts.append(line)
    return text, starts


def _kept(key: str, value) -> bool:
    if key in ("description", "tags"):
        return bool(value)
    if key == "scheduler":
        return value != "sm2"
    if key == "limits":
        return value != {"new_per_day": DEFAULT_NEW_PER_DAY, "reviews_per_day": DEFAULT_REVIEWS_PER_DAY}
    return True


def _deck_value(key: str, value):
    if key == "tags" and isinstance(value, list):
        return _Flow(value)
    if key == "limits" and isinstance(value, dict):
        return _FlowMap(value)
    if key == "cards" and isinstance(value, list):
        return [_card(card) for card in value]
    return value


def _card(card):
    if not isinstance(card, dict):
        return card
    out = {key: card[key] for key in CARD_ORDER if key in card and card[key] is not None}
    if "tags" in out and isinstance(out["tags"], list):
        if not out["tags"]:
            del out["tags"]
        else:
            out["tags"] = _Flow(out["tags"])
    if isinstance(out.get("exercise"), dict):
        out["exercise"] = _FlowMap(out["exercise"])
    out.update((key, value) for key, value in card.items() if key not in CARD_ORDER)
    return out
