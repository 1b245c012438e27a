"""What the student sees, as SVG snapshots at 80x24 (pytest-textual-snapshot): a basic card, a typed answer with
its verdict, and a graph exercise's solution. Fixed clock (DECKAPP_NOW), a fresh store (DECKAPP_DB, set per test
by conftest), fixed exercise seeds. After an intended change of the screens, look at the new pictures and accept
them with `python -m pytest tests/test_snapshots.py --snapshot-update`."""

import random

import pytest
from tui_pilot import write_deck

from deckapp import paths
from deckapp.review import session as session_module
from deckapp.review.store import open_store
from deckapp.tui.app import make_app

SIZE = (80, 24)
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
    monkeypatch.setenv("DECKAPP_NOW", "2026-03-02T10:00:00+00:00")
    monkeypatch.setattr(session_module, "SEEDS", random.Random(2031))  # a variant with a shared input, no relu
    store = open_store(paths.db_path(None))
    yield lambda deck=None: make_app(store, paths.now, deck)
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
