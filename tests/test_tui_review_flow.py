"""The review flow as an Anki user expects it: grade labels with their intervals, Enter and Space, clicks, undo
that never loses typing or rolls a new variant, the answer kept for correction, the question kept in view,
Unicode maths, the checker's "undecided", and the hook for studying more."""

import random

import pytest
from tui_pilot import NOW, TYPED_DECK, answer, settle, text_of, write_deck

from deckapp.answers.checker import Verdict
from deckapp.review import session as session_module
from deckapp.review.intervals import grade_intervals
from deckapp.review.store import open_store
from deckapp.tui.app import make_app

GRAPH_DECK = """\
deck: graphs
title: Graphs
cards:
  - id: square
    front: Differentiate $x^2$.
    answer: 2*x
  - id: graph
    front: Solve this
    exercise: {generator: graph_backward, difficulty: 3}
"""


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as opened:
        yield opened


@pytest.fixture
def typed_app(store, tmp_path):
    return make_app(store, lambda: NOW, write_deck(tmp_path, TYPED_DECK))


def grade_labels(app):
    return [str(button.label) for button in app.screen.query("#grades Button")]


async def test_each_grade_shows_the_interval_the_decks_scheduler_would_give(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space")
        expected = grade_intervals("sm2", None, NOW)
        assert grade_labels(app) == [f"{q} · {expected[q]}" for q in range(6)]
        assert grade_labels(app)[4] == "4 · 1d" and grade_labels(app)[0] == "0 · <1m"
        assert app.screen.query_one("#grade-4").has_class("-proposed")
        await pilot.press("4", "space", "4")  # two cards learned; the third is new too
        store.review("mfdl-lecture-02", "rising-or-falling", "sm2", 4, NOW.replace(day=1))  # due today
        app.screen.show_card()
        await pilot.press("space")
        record = store.card_records("mfdl-lecture-02")["rising-or-falling"]
        assert grade_labels(app)[4] == f"4 · {grade_intervals('sm2', record, NOW)[4]}" == "4 · 6d"


async def test_an_fsrs_deck_labels_its_grades_with_fsrs_intervals(store, tmp_path):
    deck = write_deck(tmp_path, "deck: f\ntitle: F\nscheduler: fsrs\ncards:\n  - id: a\n    front: Q\n    back: A\n")
    app = make_app(store, lambda: NOW, deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        expected = grade_intervals("fsrs", None, NOW)
        assert grade_labels(app) == [f"{q} · {expected[q]}" for q in range(6)]
        assert grade_labels(app)[4] == "4 · 10m"


async def test_enter_shows_a_basic_card_and_enter_again_grades_it_4(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # from Home into the session
        await pilot.press("enter")
        assert "Brute force" in text_of(app, "#back") and store.log() == []
        assert "Enter accepts 4" in text_of(app, "#grades")
        await pilot.press("enter")
        assert [(r.card_id, r.quality) for r in store.log()] == [("find-minimum", 4)]
        await pilot.press("space")  # Space shows the answer too, and accepts as Enter does
        assert "kx + n" in text_of(app, "#back")
        await pilot.press("space")
        assert [(r.card_id, r.quality) for r in store.log()][-1] == ("linear-function", 4)


async def test_a_grade_can_be_clicked(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert not app.screen.query_one("#grades").offered  # no grade to click before the answer is shown
        await pilot.press("space")
        await pilot.click("#grade-2")
        assert [(r.card_id, r.quality) for r in store.log()] == [("find-minimum", 2)]


async def test_ctrl_z_while_typing_undoes_the_typing_never_the_last_grade(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g", "enter")  # one card graded
        await pilot.press("3", "x")
        await pilot.press("ctrl+z")
        box = app.screen.query_one("#answer")
        assert box.value == "3" and len(store.log()) == 1 and app.screen.prompt.card.id == "chain"
        await pilot.press("ctrl+z")
        assert box.value == "" and len(store.log()) == 1


async def test_typing_is_kept_while_the_previous_grade_is_undone(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g", "enter")
        variant = app.screen.prompt
        await answer(pilot, app, "12")  # a wrong first try
        app.screen.query_one("#answer").value = "3x"
        await pilot.pause()
        app.screen.set_focus(None)  # a click elsewhere: Ctrl+Z is the screen's
        await pilot.press("ctrl+z")
        assert app.screen.prompt.card.id == "square" and len(store.log()) == 0
        await pilot.press("0")
        screen = app.screen
        assert screen.prompt is variant and screen.query_one("#answer").value == "3x"
        assert screen.showing.attempts.tries == 1  # the wrong try still counts: no fresh pair of tries
        assert "Try once more" in text_of(app, "#verdict")


async def test_undo_works_after_leaving_and_coming_back_the_same_day(store):
    app = make_app(store, lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space", "2", "escape")
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("enter")
        await pilot.press("ctrl+z")
        assert store.log() == []
        screen = app.screen
        assert screen.prompt.card.id == "find-minimum" and screen.answered
        assert "graded this 2 earlier today" in text_of(app, "#result") and "Brute force" in text_of(app, "#back")
        await pilot.press("5")
        assert [(r.card_id, r.quality) for r in store.log()] == [("find-minimum", 5)]


async def test_undo_never_gives_a_new_variant_of_the_exercise_on_screen(store, typed_app, monkeypatch):
    monkeypatch.setattr(session_module, "SEEDS", random.Random(5))
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g", "enter")
        shown = app.screen.prompt.exercise
        await pilot.press("ctrl+z")  # empty answer box: undoes the typed card's grade
        await pilot.press("enter")
        assert app.screen.prompt.exercise == shown
        await pilot.press("ctrl+g", "1")  # graded 1: the card comes back, as a fresh variant
        await pilot.press("ctrl+g", "5")
        again = app.screen.prompt.exercise
        assert again.seed != shown.seed
        await pilot.press("ctrl+z", "ctrl+z")  # the square's 5, then this card's 1: its graded variant
        assert app.screen.prompt.exercise == shown and app.screen.answered
        await pilot.press("1", "5")
        assert app.screen.prompt.exercise == again  # not a third variant
        assert [row.seed for row in store.log() if row.card_id == "chain"] == [shown.seed]


async def test_a_wrong_first_answer_stays_in_the_box_to_be_corrected(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, app, "x^2")
        box = app.screen.query_one("#answer")
        assert box.value == "x^2" and box.has_focus and "Try once more" in text_of(app, "#verdict")
        await pilot.press("backspace", "backspace", "backspace", "2", "x", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Correct" in text_of(app, "#result") and "Enter accepts 3" in text_of(app, "#grades")


async def test_the_same_wrong_answer_sent_twice_counts_one_try(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#answer").value = "x^2"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("enter")  # a second Enter on the answer just found wrong
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.showing.attempts.tries == 1 and not app.screen.answered
        assert "Try once more" in text_of(app, "#verdict")


def kept_in_view(card, result) -> bool:
    """The card shows as much of the question as fits, down to the verdict: the least scroll that shows it whole
    (exercise variants differ in height, so a drawing may leave no room for the question's first lines)."""
    least = max(0, result.virtual_region.bottom - card.scrollable_content_region.height)
    return card.scroll_y == least and card.region.contains_region(result.region)


@pytest.mark.parametrize(("seed", "rows"), [(1, 36), (2, 36), (3, 36), (1, 24)])  # all fits; the question's top not
async def test_the_question_and_drawing_stay_in_view_with_the_verdict_and_the_solution_follows(store, tmp_path,
                                                                                               monkeypatch, seed, rows):
    monkeypatch.setattr(session_module, "SEEDS", random.Random(seed))  # the variant, hence the drawing's height
    app = make_app(store, lambda: NOW, write_deck(tmp_path, GRAPH_DECK))
    async with app.run_test(size=(100, rows)) as pilot:
        await pilot.press("ctrl+g", "enter")
        await answer(pilot, app, "(1, 2, 3)")
        await answer(pilot, app, "(1, 2, 4)")
        await settle(pilot)
        screen = app.screen
        card = screen.query_one("#card")
        front, figure, result, back = (screen.query_one(s) for s in ("#front", "#figure", "#result", "#back"))
        assert kept_in_view(card, result)
        fits = result.virtual_region.bottom <= card.scrollable_content_region.height
        assert fits == (rows == 36) and (card.scroll_y == 0) == fits
        if fits:
            assert card.region.contains_region(front.region) and card.region.contains_region(figure.region)
        assert "Your answer: (1, 2, 4)" in text_of(app, "#result") and "✗" in text_of(app, "#result")
        assert figure.region.y < result.region.y < back.region.y  # question, drawing, verdict, then the solution
        assert "node" in text_of(app, "#back")


async def test_the_verdict_stays_in_view_when_the_cards_room_changes_until_the_student_scrolls(store, tmp_path,
                                                                                                 monkeypatch):
    """The card's room changes after answering (the grades appear, the terminal is resized): it is scrolled again
    to keep the verdict in view, and the question as far as it fits; once the student scrolls, it stays put."""
    monkeypatch.setattr(session_module, "SEEDS", random.Random(1))
    app = make_app(store, lambda: NOW, write_deck(tmp_path, GRAPH_DECK))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+g", "enter")
        await answer(pilot, app, "(1, 2, 3)")  # a wrong first try stays in the box
        await answer(pilot, app, "(1, 2, 4)")
        await settle(pilot)
        card, result = app.screen.query_one("#card"), app.screen.query_one("#result")
        assert card.scroll_y == 0 and kept_in_view(card, result)  # it all fits: the question from its first line
        await pilot.resize_terminal(100, 16)
        await settle(pilot)
        assert card.scroll_y > 0 and kept_in_view(card, result)
        await pilot.resize_terminal(100, 40)
        await settle(pilot)
        assert card.scroll_y == 0 and kept_in_view(card, result)
        await pilot.press("down")  # the student scrolls the card (↓ is a scroll key once answered)
        await settle(pilot)
        scrolled = card.scroll_y
        await pilot.resize_terminal(100, 39)
        await settle(pilot)
        assert scrolled > 0 and card.scroll_y == scrolled


@pytest.mark.parametrize("before", [(), ("pagedown",)])
async def test_at_60x20_the_verdict_of_a_long_exercise_comes_into_view(store, tmp_path, before):
    """At 60x20 a graph exercise is taller than the card's room: once answered, the card scrolls down to the
    verdict (even after the student scrolled the question), with the solution below it."""
    deck = write_deck(tmp_path, "deck: g\ntitle: G\ncards:\n  - id: g\n    front: What is a computational graph? "
                                "Build one for the function below and compute its forward pass.\n"
                                "    exercise: {generator: graph_forward, difficulty: 1}\n")
    app = make_app(store, lambda: NOW, deck)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press(*before)
        await answer(pilot, app, app.screen.prompt.exercise.answer)
        await settle(pilot)
        card, result = app.screen.query_one("#card"), app.screen.query_one("#result")
        assert "✓ Correct" in text_of(app, "#result") and card.max_scroll_y > 0
        assert card.region.contains_region(result.region)


async def front_shown(store, tmp_path, card_keys):
    """The question the study screen shows for a deck of one card with `card_keys` (YAML lines)."""
    app = make_app(store, lambda: NOW, write_deck(tmp_path, f"deck: d\ntitle: D\ncards:\n  - id: c\n{card_keys}"))
    async with app.run_test(size=(80, 24)):
        return text_of(app, "#front")


async def test_a_power_with_letters_in_its_exponent_is_raised_not_written_with_a_caret(store, tmp_path):
    """The gradient and graph generators ask about x e^{y} and e^{x + y}: the card shows xeʸ, eˣ⁺ʸ, never e^y."""
    front = await front_shown(store, tmp_path, "    front: 'Differentiate $3 x e^{y} + e^{x + y} + e^{-2 y}$.'\n"
                                                "    answer: 1\n")
    assert "3 x eʸ + eˣ⁺ʸ + e⁻²ʸ" in front and "^" not in front


async def test_a_power_of_e_that_cannot_be_raised_is_written_exp(store, tmp_path):
    """The chain-rule and multivariate-chain exercises ask about e^{3 x^{2} + 8 x} and f_1 e^{f_2}: a power of
    e whose exponent has no raised form is written exp(…), as in print, never e^(…)."""
    front = await front_shown(store, tmp_path, "    front: 'Differentiate $e^{3 x^{2} + 8 x}$ and $f_{1} e^{f_{2}}$.'\n"
                                                "    answer: 1\n")
    assert "exp(3 x² + 8 x)" in front and "f₁ exp(f₂)" in front and "^" not in front


class FixedSeed:
    def __init__(self, seed):
        self.seed = seed

    def randrange(self, _stop):
        return self.seed


async def test_a_graph_exercise_writes_sigmoid_as_sigma(store, tmp_path, monkeypatch):
    """The lecture writes σ(x): the graph exercises' question says σ(x + y), not the parser's sigmoid(x + y)."""
    from deckapp.exercises import generate

    seed = next(seed for seed in range(500)
                if "sigmoid" in generate("graph_forward", seed, 2).to_dict()["data"]["function"])
    monkeypatch.setattr(session_module, "SEEDS", FixedSeed(seed))
    front = await front_shown(store, tmp_path, "    front: Solve this\n"
                                                "    exercise: {generator: graph_forward, difficulty: 2}\n")
    assert "σ(" in front and "sigmoid" not in front


async def test_maths_is_shown_as_maths_never_in_the_checkers_syntax(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#answer").value = "1/2x"
        await pilot.pause()
        assert text_of(app, "#preview") == "reads as: 1/(2x)"
        await answer(pilot, app, "2*x")
        assert "Your answer: 2x" in text_of(app, "#result") and "Answer: 2x" in text_of(app, "#back")
        assert "*" not in text_of(app, "#result") + text_of(app, "#back")


async def test_an_answer_with_a_left_hand_side_is_shown_as_the_checker_read_it(store, typed_app):
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, app, "f'(x) = 2*x")
        assert "Your answer: f'(x) = 2x" in text_of(app, "#result") and "Correct" in text_of(app, "#result")


async def test_an_undecided_check_asks_the_student_to_grade_it(store, typed_app, monkeypatch):
    undecided = Verdict("undecided", False, "the checker could not decide within its time limit", "2*x")
    monkeypatch.setattr(session_module.Prompt, "check", lambda self, text: undecided)
    app = typed_app
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, app, "2x")
        screen = app.screen
        assert "could not decide" in text_of(app, "#result") and "grade it yourself" in text_of(app, "#result")
        assert screen.answered and screen.proposed is None and screen.showing.attempts.tries == 0
        assert not any(button.has_class("-proposed") for button in screen.query("#grades Button"))
        assert "Enter accepts" not in text_of(app, "#grades")
        await pilot.press("enter")  # no proposed grade: Enter does not grade
        assert store.log() == []
        await pilot.press("3")
        assert [(r.card_id, r.quality) for r in store.log()] == [("square", 3)]


async def test_at_a_sessions_end_m_studies_more_of_the_deck_in_the_same_session(store, tmp_path):
    deck = write_deck(tmp_path, "deck: one\ntitle: One\nlimits: {new_per_day: 1}\ncards:\n"
                                "  - id: a\n    front: Q\n    back: A\n  - id: b\n    front: R\n    back: B\n")
    app = make_app(store, lambda: NOW, deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "5")
        session_screen = app.screen
        assert "Press m to study more" in text_of(app, "#front")
        await pilot.press("m")
        assert type(app.screen).__name__ == "StudyMoreScreen"
        await pilot.press("enter")  # the first offer: 1 more new card (all that are left)
        await pilot.pause()
        assert app.screen is session_screen and app.screen.prompt.card.id == "b"
        await pilot.press("space", "4")
        assert [(r.card_id, r.quality) for r in store.log()] == [("a", 5), ("b", 4)]


async def test_at_60x20_the_forward_backward_table_keeps_one_row_per_node_and_scrolls_sideways(store, tmp_path):
    from deckapp.tui.widgets.solution import Wide

    app = make_app(store, lambda: NOW, write_deck(tmp_path, GRAPH_DECK))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("ctrl+g", "enter", "ctrl+g")
        await pilot.pause()
        solution = app.screen.prompt.exercise.solution
        [wide] = app.screen.query_one("#back").query(Wide)
        shown = wide.query_one("Static")
        lines = str(shown.render()).split("\n")
        assert lines == solution[solution.index("node "):].split("\n")  # the engine's table, row for row
        assert shown.region.height == len(lines) and wide.max_scroll_x > 0
        await pilot.press("right")
        assert wide.scroll_x > 0
        await pilot.press("left")
        assert wide.scroll_x == 0


async def test_giving_up_with_only_spaces_typed_shows_and_keeps_no_answer(store, typed_app):
    """Space reveals a basic card, so a student used to it may type a space into an answer box before Ctrl+G:
    that is no answer, neither on the screen ("Your answer: " and nothing) nor in the review log."""
    app = typed_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "space", "ctrl+g")
        assert "Here is the answer" in text_of(app, "#result") and "Your answer" not in text_of(app, "#result")
        await pilot.press("enter")
        [row] = store.log()
        assert (row.quality, row.answer) == (0, None)
