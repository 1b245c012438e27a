"""The study app opens on the bundled decks."""

from deckapp.tui.app import make_app


async def test_home_lists_the_bundled_deck_and_opens_it():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one("#decks")
        assert table.row_count == 1
        assert "Lecture 2" in str(table.get_row_at(0)[0])
        await pilot.press("enter")
        assert type(app.screen).__name__ == "BrowseScreen"
        front = str(app.screen.query_one("#front").render())
        assert "minimum of a function" in front
