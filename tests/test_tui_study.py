"""The study app driven as a person would: keys in, screen and store checked."""

import pytest
from tui_pilot import NOW, TYPED_DECK, answer, text_of, write_deck

from deckapp.review.store import open_store
from deckapp.tui.app import make_app


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as opened:
        yield opened


async def test_home_lists_the_bundled_deck_with_todays_counts(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)):
        [(counts, deck)] = app.screen.rows.values()
        assert counts == ["0", "20", "0", "28"] and "Lecture 2" in deck


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
        counts, _deck = app.screen.rows["mfdl-lecture-02"]
        assert counts[:3] == ["1", "18", "1"]  # the failed card due, 18 new left today, one learned


async def test_browse_reads_cards_in_order(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        assert "minimum of a function" in text_of(app, "#front")
        await pilot.press("n", "space")
        assert "kx + n" in text_of(app, "#back")


@pytest.fixture
def typed_app(store, tmp_path):
    from deckapp.deck import load_deck

    path = tmp_path / "typed.yaml"
    path.write_text(TYPED_DECK, encoding="utf-8")
    return make_app(store, lambda: NOW, load_deck(path))


async def test_in_the_answer_box_question_mark_is_typed_and_f1_opens_the_help(store, typed_app):
    """As the README's keys table says: `F1` (or `?` outside the answer box)."""
    async with typed_app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x", "question_mark")
        assert typed_app.screen.query_one("#answer").value == "x?"
        await pilot.press("f1")
        assert type(typed_app.screen).__name__ == "HelpScreen"


async def test_typed_answer_right_first_time_proposes_four(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        assert "Differentiate x²" in text_of(app, "#front")
        app.screen.query_one("#answer").value = "2x"
        await pilot.pause()
        assert "reads as: 2x" in text_of(app, "#preview")  # Unicode maths, not the checker's 2*x
        await answer(pilot, app, "2x")
        assert "Correct" in text_of(app, "#result")
        assert "Enter accepts 4" in text_of(app, "#grades")
        await pilot.press("enter")
        [row] = store.log()
        assert (row.card_id, row.quality, row.answer, row.seed) == ("square", 4, "2x", None)


async def test_the_preview_reads_a_letter_outside_the_problem_as_the_checker_grades_it(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#answer").value = "2y"
        await pilot.pause()
        assert text_of(app, "#preview") == "reads as: 2y"  # not "unknown variable 'y'", as if unreadable
        await answer(pilot, app, "2y")
        assert "your answer uses y, which is not a variable of this problem" in text_of(app, "#verdict")


async def test_typed_answer_wrong_then_right_proposes_three_and_can_be_changed(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, app, "x^2")
        assert "Try once more" in text_of(app, "#verdict")
        assert store.log() == []
        await answer(pilot, app, "2*x")
        assert "Enter accepts 3" in text_of(app, "#grades")
        await pilot.press("5")
        assert store.log()[0].quality == 5


async def test_unreadable_answer_does_not_use_a_try(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, app, "2*(x")
        assert "Can't read that" in text_of(app, "#verdict")
        await answer(pilot, app, "2x")
        assert "Enter accepts 4" in text_of(app, "#grades")


async def test_giving_up_shows_the_answer_and_proposes_zero(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g")
        assert "Answer: 2x" in text_of(app, "#back") and "*" not in text_of(app, "#back")
        await pilot.press("enter")
        assert store.log()[0].quality == 0


async def test_exercise_card_is_generated_checked_and_logged_with_its_seed(store, typed_app):
    from deckapp.exercises import generate

    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, app, "2x")
        await pilot.press("enter")
        exercise = app.screen.prompt.exercise
        assert exercise is not None and exercise.generator == "chain_rule"
        assert generate("chain_rule", exercise.seed, 1) == exercise
        await answer(pilot, app, exercise.answer)
        assert "Correct" in text_of(app, "#result")
        await pilot.press("enter")
        row = store.log()[-1]
        assert (row.card_id, row.quality, row.seed) == ("chain", 4, exercise.seed)


async def test_a_failing_check_is_reported_not_swallowed(store, typed_app, monkeypatch):
    import deckapp.answers.checker

    def broken(*args, **kwargs):
        raise RuntimeError("checker exploded")

    monkeypatch.setattr(deckapp.answers.checker, "check", broken)
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, app, "2x")
        assert "could not be checked: checker exploded" in text_of(app, "#verdict")
        assert store.log() == []


async def test_undo_brings_back_the_same_exercise_variant(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g", "enter")  # give up the typed card: graded 0, it comes back later
        graded = app.screen.prompt.exercise
        assert graded is not None
        await pilot.press("ctrl+g", "5")
        assert app.screen.prompt.card.id == "square"
        await pilot.press("ctrl+z")
        assert app.screen.prompt.exercise == graded
        assert [row.card_id for row in store.log()] == ["square"]


async def test_ctrl_z_in_an_empty_answer_box_undoes_the_last_grade(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g", "enter")
        assert app.screen.query_one("#answer").has_focus
        await pilot.press("u")  # typed into the answer, not an undo
        assert app.screen.query_one("#answer").value == "u" and len(store.log()) == 1
        await pilot.press("ctrl+z")  # undoes the typing
        assert app.screen.query_one("#answer").value == "" and len(store.log()) == 1
        await pilot.press("ctrl+z")  # nothing typed: undoes the grade
        assert store.log() == [] and app.screen.prompt.card.id == "square"


async def test_editing_clears_the_unreadable_warning(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, app, "2*(x")
        assert "Can't read that" in text_of(app, "#verdict")
        app.screen.query_one("#answer").value = "2x"
        await pilot.pause()
        assert text_of(app, "#verdict") == ""


async def test_a_long_exercise_fits_a_small_terminal(store, tmp_path):
    from deckapp.deck import load_deck

    path = tmp_path / "graph.yaml"
    path.write_text("deck: g\ntitle: G\ncards:\n  - id: g\n    front: Solve\n"
                    "    exercise: {generator: graph_backward, difficulty: 3}\n", encoding="utf-8")
    app = make_app(store, lambda: NOW, load_deck(path))
    async with app.run_test(size=(80, 24)) as pilot:
        card = app.screen.query_one("#card")
        assert card.scroll_y == 0 and app.screen.query_one("#answer").region.height > 0
        await pilot.press("ctrl+g")
        await pilot.pause()
        result, back = app.screen.query_one("#result").region, app.screen.query_one("#back").region
        assert card.region.contains_region(result)  # the verdict is in view, the solution right below it
        assert back.y == result.bottom and "Here is the answer" in text_of(app, "#result")


async def test_browse_shows_an_example_of_an_exercise_card(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("b", *["n"] * 5)
        assert "For example" in text_of(app, "#front") and "Differentiate" in text_of(app, "#front")
        await pilot.press("space")
        assert "Answer:" in text_of(app, "#back")


async def test_tab_leaves_the_keys_with_the_answer_box(store, typed_app):
    """Tab has nowhere else to go: a `u` typed after it is a letter of the answer, never an undo."""
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g", "enter")
        await pilot.press("tab", "shift+tab", "tab", "x", "u")
        assert app.screen.query_one("#answer").has_focus
        assert app.screen.query_one("#answer").value == "xu" and len(store.log()) == 1


async def test_u_does_not_undo_while_an_answer_is_expected_even_without_focus(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g", "enter")
        app.screen.set_focus(None)
        await pilot.press("u")
        assert len(store.log()) == 1 and app.screen.prompt.card.id == "chain"


async def test_nothing_to_study_and_nothing_to_undo_are_said_plainly(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        app.screen.session.queue.clear()
        app.screen.show_card()
        await pilot.pause()
        assert text_of(app, "#front").startswith("Nothing to study in this deck today")
        assert "Ctrl+Z" not in text_of(app, "#grades")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert any("Nothing to undo" in str(n.message) for n in app._notifications)


async def test_undo_returns_to_the_moment_of_grading_not_to_a_fresh_try(store, typed_app):
    """After giving up and seeing the answer, undo must not offer the same variant to answer again for a 4."""
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g", "enter")  # gave up the typed card: 0
        await pilot.press("ctrl+z")
        screen = app.screen
        assert screen.prompt.card.id == "square" and screen.answered
        assert screen.query_one("#answer").disabled
        assert "Here is the answer" in text_of(app, "#result") and "Answer: 2" in text_of(app, "#back")
        assert "Enter accepts 0" in text_of(app, "#grades")
        await pilot.press("1")  # graded again, differently
        assert [(row.card_id, row.quality) for row in store.log()] == [("square", 1)]


async def test_undo_of_a_basic_card_shows_its_answer_to_grade_again(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space", "2", "u")
        assert "minimum of a function" in text_of(app, "#front") and "Brute force" in text_of(app, "#back")
        await pilot.press("5")
        assert [(row.card_id, row.quality) for row in store.log()] == [("find-minimum", 5)]


async def test_the_end_of_a_session_counts_cards_not_grades(store, tmp_path):
    """A card graded below 4 comes back in the session: two cards graded three times are two cards studied."""
    deck = write_deck(tmp_path, "deck: two\ntitle: Two\ncards:\n  - id: a\n    front: A\n    back: a\n"
                                "  - id: b\n    front: B\n    back: b\n")
    app = make_app(store, lambda: NOW, deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "2", "space", "4", "space", "4")
        assert len(store.log()) == 3
        done = text_of(app, "#front")
        assert "2 cards studied (3 grades)" in done and "3 cards" not in done


async def test_the_grade_meanings_are_sm2s_in_the_grade_hints_the_help_and_the_readme():
    """One scale, one set of words: the grade bar's hints, the help's grade row and the README's."""
    from pathlib import Path

    from textual.app import App

    from deckapp.review.sm2 import QUALITY_MEANINGS
    from deckapp.tui.screens.help import ACTIONS
    from deckapp.tui.widgets.grades import GradeBar

    class Bar(App):
        def compose(self):
            yield GradeBar(id="grades")

    app = Bar()
    async with app.run_test():
        bar = app.query_one(GradeBar)
        bar.offer(None, None)
        assert f"0 {QUALITY_MEANINGS[0]} … 5 {QUALITY_MEANINGS[5]}" in text_of(app, "#grades")
        for quality, meaning in QUALITY_MEANINGS.items():
            bar.offer(None, quality)
            assert f"Enter accepts {quality} ({meaning})" in text_of(app, "#grades")
    scale = ", ".join(f"{quality} {meaning}" for quality, meaning in QUALITY_MEANINGS.items())
    assert ACTIONS["grade"] == f"grade the card: {scale}"
    readme = Path(__file__).resolve().parent.parent / "README.md"
    assert f"Grades are SM-2's: {scale}." in " ".join(readme.read_text(encoding="utf-8").split())


async def test_the_footer_offers_help_on_the_key_that_opens_it_while_an_answer_is_typed(store, typed_app):
    """In the answer box "?" is typed, not help: the footer says F1 there, and "?" again once the box is left."""
    from textual.widgets._footer import FooterKey

    def help_key():
        [shown] = [key.key_display for key in app.screen.query(FooterKey) if key.action == "help"]
        return shown

    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.focused is app.screen.query_one("#answer")
        assert help_key() == "F1"
        await pilot.press("question_mark")
        assert app.screen.query_one("#answer").value == "?" and type(app.screen).__name__ == "StudyScreen"
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await answer(pilot, app, "2x")
        await pilot.pause()
        assert app.focused is not app.screen.query_one("#answer") and help_key() == "?"
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
