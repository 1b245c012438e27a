"""SVG snapshots of Home, stats and help at 80x24, with a fixed DECKAPP_NOW and a temporary DECKAPP_DB.

After a deliberate change of the screens: `python -m pytest tests/test_snapshots.py --snapshot-update`, then look
at the SVGs in tests/__snapshots__/ before committing them."""

from datetime import timedelta

import pytest

from deckapp import paths
from deckapp.deck.library import add_decks
from deckapp.review.store import open_store
from deckapp.tui.app import make_app

NOW = "2026-03-02T10:00:00+00:00"
OWN = """\
deck: linear-algebra
title: Linear algebra for deep learning — vectors, matrices, eigenvalues and the singular value decomposition
cards:
  - id: dot
    front: What is the dot product of (1, 2) and (3, 4)?
    back: 11
  - id: rank
    front: What is the rank of a matrix?
    back: The number of linearly independent rows (or columns).
"""


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("DECKAPP_NOW", NOW)
    deck = tmp_path / "linear-algebra.yaml"
    deck.write_text(OWN, encoding="utf-8")
    add_decks([str(deck)])
    store = open_store(paths.db_path())
    now = paths.now()
    # A history: the first card reviewed every few days for two months, the second once, a week ago.
    for days in range(60, 0, -4):
        store.review("mfdl-lecture-02", "find-minimum", "sm2", 4 if days % 8 else 3, now - timedelta(days=days))
    store.review("mfdl-lecture-02", "linear-function", "sm2", 5, now - timedelta(days=7))
    store.review("linear-algebra", "dot", "sm2", 4, now - timedelta(days=1))
    yield make_app(store, paths.now)
    store.close()


def test_home(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24))


def test_stats(app, snap_compare):
    assert snap_compare(app, press=["s"], terminal_size=(80, 24))


def test_help(app, snap_compare):
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24))
