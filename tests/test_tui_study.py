"""The study app driven as a person would: keys in, screen and store checked."""

from datetime import UTC, datetime

import pytest

from deckapp.store import open_store
from deckapp.tui.app import make_app

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as opened:
        yield opened


def text_of(app, selector):
    return str(app.screen.query_one(selector).render())


async def test_home_lists_the_bundled_deck_with_todays_counts(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)):
        table = app.screen.query_one("#decks")
        assert table.row_count == 1
        row = [str(cell) for cell in table.get_row_at(0)]
        assert "Lecture 2" in row[0] and row[1:] == ["21", "20", "0", "0"]


async def test_basic_card_reveal_grade_and_undo(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert type(app.screen).__name__ == "StudyScreen"
        assert "minimum of a function" in text_of(app, "#front")
        assert text_of(app, "#back") == ""
        await pilot.press("4")  # grading before the answer is shown does nothing
        assert store.log() == []
        await pilot.press("space")
        assert "Brute force" in text_of(app, "#back")
        await pilot.press("5")
        [row] = store.log()
        assert (row.card_id, row.quality, row.answer) == ("find-minimum", 5, None)
        assert "Linear function" in text_of(app, "#front")
        await pilot.press("u")
        assert store.log() == []
        assert "minimum of a function" in text_of(app, "#front")


async def test_a_card_graded_below_four_comes_back_in_the_session(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space", "2")
        session = app.screen.session
        assert [item.card.id for item in session.queue][-1] == "find-minimum"


async def test_leaving_a_session_refreshes_the_home_counts(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space", "5", "space", "1", "escape")
        assert type(app.screen).__name__ == "HomeScreen"
        row = [str(cell) for cell in app.screen.query_one("#decks").get_row_at(0)]
        assert row[2:] == ["18", "1", "1"]  # 18 new left today, the failed card due, one learned


async def test_browse_reads_cards_in_order(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        assert "minimum of a function" in text_of(app, "#front")
        await pilot.press("n", "space")
        assert "kx + n" in text_of(app, "#back")
