"""The deck file format: the Card/Deck model, the reader that checks a file and reports every problem at its
line and column, the YAML readers under it, the marks of deck files, the cache of decks as last read, the library
of decks, and card text.

`from deckapp.deck import load_deck` reads one deck file. The names below are loaded on first use, so that
importing a light module of this package (`deckapp.deck.marks`, on the `stats` path) loads no YAML or model.
"""

from deckapp import lazy_exports

_PUBLIC = {
    "load_deck": "deckapp.deck.reader",
    "parse_deck": "deckapp.deck.reader",
    "Card": "deckapp.deck.model",
    "Deck": "deckapp.deck.model",
    "DeckError": "deckapp.deck.model",
}
__all__ = list(_PUBLIC)

__getattr__ = lazy_exports(__name__, _PUBLIC)
