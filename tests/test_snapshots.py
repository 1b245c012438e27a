"""What the student sees, as SVG snapshots at 80x24 (pytest-textual-snapshot): Home, stats and help; a basic card,
a typed answer with its verdict, and a graph exercise's solution. Fixed clock (DECKAPP_NOW), a fresh store
(DECKAPP_DB, set per test by conftest), fixed exercise seeds. After an intended change of the screens, take them
again with `python -m pytest tests/test_snapshots.py --snapshot-update` and look at the SVGs in
tests/__snapshots__/ before committing them."""

import random
from datetime import timedelta

import pytest
from tui_pilot import write_deck

from deckapp import paths
from deckapp.deck.library import add_decks
from deckapp.review import session as session_module
from deckapp.review.store import open_store
from deckapp.tui.app import make_app

SIZE = (80, 24)
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
def home_app(tmp_path, monkeypatch):
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


def test_home(home_app, snap_compare):
    assert snap_compare(home_app, terminal_size=SIZE)


def test_stats(home_app, snap_compare):
    assert snap_compare(home_app, press=["s"], terminal_size=SIZE)


def test_help(home_app, snap_compare):
    assert snap_compare(home_app, press=["question_mark"], terminal_size=SIZE)
TYPED = """\
deck: typed
title: Typed answers
cards:
  - id: square
    front: Differentiate $x^2 + 3x$.
    answer: 2*x + 3
"""
GRAPH = """\
deck: graphs
title: Computational graphs
cards:
  - id: backward
    front: Solve this
    exercise: {generator: graph_backward, difficulty: 2}
"""


@pytest.fixture
def app_on(monkeypatch):
    monkeypatch.setenv("DECKAPP_NOW", NOW)
    monkeypatch.setattr(session_module, "SEEDS", random.Random(2031))  # a variant with a shared input, no relu
    store = open_store(paths.db_path(None))
    yield lambda deck=(): make_app(store, paths.now, deck)
    store.close()


async def settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_a_basic_card_revealed(snap_compare, app_on):
    assert snap_compare(app_on(), press=["enter", "space"], terminal_size=SIZE)


def test_a_typed_answer_with_its_verdict(snap_compare, app_on, tmp_path):
    async def answer_wrong_then_right(pilot):
        for text in ("x^2 + 3", "2x+3"):
            pilot.app.screen.query_one("#answer").value = text
            await pilot.press("enter")
            await settle(pilot)

    app = app_on(write_deck(tmp_path, TYPED))
    assert snap_compare(app, run_before=answer_wrong_then_right, terminal_size=SIZE)


@pytest.mark.parametrize("read_on", [(), ("pagedown",)], ids=["answered", "scrolled-to-its-table"])
def test_a_graph_exercise_solution(snap_compare, app_on, tmp_path, read_on):
    """Given up: the question, drawing and verdict in view; one page down, the forward/backward table."""
    async def give_up(pilot):
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press(*read_on)
        await pilot.pause()

    app = app_on(write_deck(tmp_path, GRAPH))
    assert snap_compare(app, run_before=give_up, terminal_size=SIZE)
