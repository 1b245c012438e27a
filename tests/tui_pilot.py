"""Helpers for driving the study app in tests: a store, decks written to files, reading what the screen shows."""

from datetime import UTC, datetime

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

TYPED_DECK = """\
deck: typed
title: Typed answers
cards:
  - id: square
    front: Differentiate $x^2$.
    answer: 2*x
  - id: chain
    front: Solve this
    exercise: {generator: chain_rule, difficulty: 1}
"""


def text_of(app, selector):
    """The text a part of the current screen shows: a Static's, the solution's, or the grades' labels and hint."""
    from deckapp.tui.widgets.grades import GradeBar
    from deckapp.tui.widgets.solution import Solution

    widget = app.screen.query_one(selector)
    if isinstance(widget, Solution):
        return widget.text if widget.display else ""
    if isinstance(widget, GradeBar):
        labels = [str(button.label) for button in widget.query("Button")] if widget.offered else []
        return " ".join([*labels, str(widget.query_one("#grade-hint").render())])
    return str(widget.render()) if widget.display else ""


def write_deck(tmp_path, text, name="deck.yaml"):
    from deckapp.deck import load_deck

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_deck(path)


async def answer(pilot, app, text):
    """Type `text` into the answer box as a student would (replacing what is there) and press Enter."""
    field = app.screen.query_one("#answer")
    field.value = text
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def settle(pilot):
    """Let the screen finish what answering scheduled (mounting the solution, then scrolling once it is laid out,
    a callback after a refresh): a few idle cycles, as a loaded machine may need more than one."""
    for _ in range(3):
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()
