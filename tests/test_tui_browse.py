"""Browsing a deck: keyboard scrolling of a long card, and a footer that offers only what can be done now."""

import pytest
from tui_pilot import NOW, text_of, write_deck

from deckapp.review.store import open_store
from deckapp.tui.app import make_app

LONG = "\n".join(f"      - point {i}: a line of the back long enough to matter" for i in range(60))
DECK = f"""\
deck: long
title: Long cards
cards:
  - id: first
    front: The first card
    back: |
{LONG}
  - id: last
    front: The last card
    back: short
"""


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as opened:
        yield opened


def footer_actions(app):
    """The actions the footer offers now, and whether each is enabled."""
    return {active.binding.action: active.enabled for active in app.screen.active_bindings.values()
            if active.binding.show}


async def browse(app, pilot):
    app.browse(app.entries[-1].deck)
    await pilot.pause()


async def test_a_long_card_scrolls_from_the_keyboard(store, tmp_path):
    app = make_app(store, lambda: NOW, write_deck(tmp_path, DECK))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("escape")  # from the study screen that `study FILE` opens, back home
        await browse(app, pilot)
        card = app.screen.query_one("#card")
        await pilot.press("space")
        await pilot.pause()
        assert "point 59" in text_of(app, "#back") and card.max_scroll_y > 0
        await pilot.press("pagedown")
        assert card.scroll_y > 0
        paged = card.scroll_y
        await pilot.press("down")
        assert card.scroll_y == paged + 1
        await pilot.press("up", "pageup")
        assert card.scroll_y == 0
        await pilot.press("end")
        assert card.scroll_y == card.max_scroll_y
        await pilot.press("n")
        await pilot.pause()
        assert "The last card" in text_of(app, "#front") and card.scroll_y == 0


async def test_the_footer_offers_what_can_be_done_now(store, tmp_path):
    app = make_app(store, lambda: NOW, write_deck(tmp_path, DECK))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("escape")
        await browse(app, pilot)
        await pilot.pause()
        offered = footer_actions(app)
        assert offered["reveal"] and offered["next"] and not offered["previous"]
        assert "scroll('page_down')" not in offered  # the front alone fits
        await pilot.press("space")
        await pilot.pause()
        offered = footer_actions(app)
        assert "reveal" not in offered and offered["scroll('page_down')"]
        await pilot.press("n")
        await pilot.pause()
        offered = footer_actions(app)
        assert offered["reveal"] and not offered["next"] and offered["previous"]
        await pilot.press("n")  # nothing past the last card
        assert app.screen.index == 1


async def test_a_graph_exercise_table_keeps_one_row_per_node_in_a_narrow_terminal(store, tmp_path):
    deck = write_deck(tmp_path, "deck: g\ntitle: G\ncards:\n  - id: g\n    front: Solve\n"
                                "    exercise: {generator: graph_backward, difficulty: 3}\n")
    app = make_app(store, lambda: NOW, deck)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("escape")
        await browse(app, pilot)
        await pilot.press("space")
        await pilot.pause()
        from deckapp.review.session import present
        from deckapp.tui.widgets.solution import Wide

        solution = present(deck.cards[0], seed=0).exercise.solution
        rows = [line for line in solution.split("\n") if line.startswith(("node ", "x ", "y ", "z "))]
        [wide] = [w for w in app.screen.query_one("#back").query(Wide)]
        shown = wide.query_one("Static")
        lines = str(shown.render()).split("\n")
        assert all(row in lines for row in rows) and len(rows) >= 4
        assert shown.region.height == len(lines)  # one line per row: nothing wrapped
        assert max(len(line) for line in lines) > wide.region.width and wide.max_scroll_x > 0  # it scrolls
