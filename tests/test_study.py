"""Today's queue and a study session: order, daily limits, same-session repeats, undo, proposed grades."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from deckapp.deck.model import Card, Deck, Limits
from deckapp.errors import StoreError
from deckapp.review.queue import TodayCounts, build_queue, today_counts
from deckapp.review.session import Outcome, StudySession
from deckapp.review.stats import deck_stats
from deckapp.review.store import open_store

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def make_deck(n=5, **limits):
    cards = tuple(Card(f"c{i}", f"front {i}", back=f"back {i}") for i in range(n))
    return Deck("deck", "Deck", cards, limits=Limits(**limits))


class Clock:
    def __init__(self, moment):
        self.moment = moment

    def __call__(self):
        return self.moment


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as opened:
        yield opened


def ids(queue):
    return [item.card.id for item in queue]


def test_todays_counts_are_todays_queue_and_the_learned_cards_of_deckapp_stats(store):
    deck = make_deck(8, new_per_day=3)
    store.review("deck", "c0", "sm2", 4, NOW - timedelta(days=1))  # due today
    store.review("deck", "c1", "sm2", 1, NOW - timedelta(days=1))  # due today, not learned
    store.review("deck", "c2", "sm2", 4, NOW - timedelta(days=2))
    store.review("deck", "c2", "sm2", 4, NOW - timedelta(days=1))  # due in 5 days
    store.review("deck", "c3", "sm2", 5, NOW)  # today's first new card
    store.review("deck", "gone", "sm2", 5, NOW)  # a card since removed: not learned here, but new today
    queue = build_queue(store, deck, NOW)
    new = sum(item.is_new for item in queue)
    counts = today_counts(store, deck, NOW)
    assert counts == TodayCounts(due=len(queue) - new, new=new, learned=deck_stats(store.conn, deck, NOW)["learned"])
    assert counts == TodayCounts(due=2, new=1, learned=3)  # c0 c1 | c4 (3 a day, c3 and gone were new) | c0 c2 c3


def test_new_cards_come_in_deck_order(store):
    assert ids(build_queue(store, make_deck(), NOW)) == ["c0", "c1", "c2", "c3", "c4"]


def test_due_reviews_come_first_most_overdue_first(store):
    deck = make_deck()
    store.review("deck", "c3", "sm2", 4, NOW - timedelta(days=3))  # due 2 days ago
    store.review("deck", "c1", "sm2", 4, NOW - timedelta(days=2))  # due yesterday
    store.review("deck", "c4", "sm2", 4, NOW)  # due tomorrow: not today
    queue = build_queue(store, deck, NOW)
    assert ids(queue) == ["c3", "c1", "c0", "c2"]
    assert [item.is_new for item in queue] == [False, False, True, True]


def test_new_card_limit_counts_cards_introduced_today(store):
    deck = make_deck(6, new_per_day=2)
    assert ids(build_queue(store, deck, NOW)) == ["c0", "c1"]
    store.review("deck", "c0", "sm2", 5, NOW)
    assert ids(build_queue(store, deck, NOW + timedelta(hours=1))) == ["c1"]
    store.review("deck", "c1", "sm2", 5, NOW)
    assert ids(build_queue(store, deck, NOW + timedelta(hours=1))) == []
    tomorrow = NOW + timedelta(days=1)
    assert ids(build_queue(store, deck, tomorrow)) == ["c0", "c1", "c2", "c3"]


def test_review_limit_caps_reviews_not_yet_seen_today(store):
    deck = make_deck(4, reviews_per_day=2)
    for card in ("c0", "c1", "c2", "c3"):
        store.review("deck", card, "sm2", 4, NOW - timedelta(days=5))
    assert ids(build_queue(store, deck, NOW)) == ["c0", "c1"]
    store.review("deck", "c0", "sm2", 1, NOW)  # failed: due again today, and already counted
    assert ids(build_queue(store, deck, NOW + timedelta(minutes=5))) == ["c1", "c0"]


def test_study_day_rolls_over_at_four_in_the_morning(store):
    deck = make_deck(3, new_per_day=1)
    late = datetime(2026, 3, 3, 3, 59, tzinfo=UTC)
    store.review("deck", "c0", "sm2", 5, datetime(2026, 3, 2, 23, 0, tzinfo=UTC))
    assert ids(build_queue(store, deck, late)) == []
    assert ids(build_queue(store, deck, late + timedelta(minutes=1))) == ["c0", "c1"]


def test_session_brings_cards_below_four_back_until_they_pass(store):
    session = StudySession(make_deck(2), store, Clock(NOW))
    seen = []
    grades = {"c0": [3, 2, 4], "c1": [5]}
    while session.current:
        card = session.current.card.id
        seen.append(card)
        session.grade(grades[card].pop(0))
    assert seen == ["c0", "c1", "c0", "c0"]
    assert session.reviewed == 4 and len(store.log("deck")) == 4
    assert build_queue(store, make_deck(2), NOW) == []


def test_a_card_graded_three_is_due_again_today_in_a_new_session(store):
    StudySession(make_deck(1), store, Clock(NOW)).grade(3)
    assert ids(build_queue(store, make_deck(1), NOW + timedelta(hours=2))) == ["c0"]


def test_undo_restores_the_state_and_shows_the_card_again(store):
    deck = make_deck(3)
    session = StudySession(deck, store, Clock(NOW))
    session.grade(5)
    records = store.card_records("deck")
    session.grade(1)  # c1 goes to the back of the queue
    assert ids(session.queue) == ["c2", "c1"]
    undone = session.undo()
    assert undone.card_id == "c1" and undone.quality == 1
    assert ids(session.queue) == ["c1", "c2"]
    assert store.card_records("deck") == records
    assert session.reviewed == 1 and len(store.log()) == 1


def test_nothing_to_undo_or_grade(store):
    session = StudySession(replace(make_deck(1), limits=Limits(new_per_day=0)), store, Clock(NOW))
    assert session.current is None and session.undo() is None
    with pytest.raises(LookupError):
        session.grade(4)


def test_answer_seed_and_time_are_logged(store):
    session = StudySession(make_deck(1), store, Clock(NOW))
    session.grade(Outcome.SECOND_TRY.proposed_quality, answer="2*x", seed=42, duration_ms=3000)
    [row] = store.log()
    assert (row.quality, row.answer, row.seed, row.duration_ms) == (3, "2*x", 42, 3000)


def test_proposed_grades_for_typed_answers():
    assert [o.proposed_quality for o in (Outcome.FIRST_TRY, Outcome.SECOND_TRY, Outcome.WRONG, Outcome.GAVE_UP)] \
        == [4, 3, 1, 0]


def test_fsrs_deck_studies_through_the_same_session(store):
    deck = replace(make_deck(1), scheduler="fsrs")
    session = StudySession(deck, store, Clock(NOW))
    row = session.grade(4)
    assert row.scheduler == "fsrs" and "stability" in row.after.state


def test_attempts_propose_the_grade_from_the_outcome():
    from deckapp.review.session import Attempts

    first = Attempts()
    assert first.record(True) is Outcome.FIRST_TRY
    second = Attempts()
    assert second.record(False) is None and second.record(True) is Outcome.SECOND_TRY
    wrong = Attempts()
    assert wrong.record(False) is None and wrong.record(False) is Outcome.WRONG
    gave_up = Attempts()
    gave_up.record(False)
    assert gave_up.give_up() is Outcome.GAVE_UP
    assert first.give_up() is Outcome.FIRST_TRY  # settled outcomes stay


def test_a_prompt_checks_typed_cards_and_exercises_the_same_way_everywhere():
    from deckapp.deck.model import ExerciseSpec
    from deckapp.exercises import generate
    from deckapp.review.session import present

    typed = present(Card("t", "Differentiate $x^2$", answer="2*x"))
    assert typed.typed and typed.variables == ("x",)
    assert (typed.reads_as("2x"), typed.reads_as("1/2x"), typed.reads_as("x^2")) == ("2x", "1/(2x)", "x²")
    assert typed.check("2x").correct and not typed.check("x^2").correct
    assert typed.back_parts() == ["Answer: 2x"]  # as a person writes it, never the checker's 2*x

    card = Card("e", "Solve", back="a note", exercise=ExerciseSpec("derivative", 2))
    prompt = present(card, seed=99)
    assert prompt.exercise == generate("derivative", 99, 2) and prompt.seed == 99
    assert prompt.check(prompt.exercise.answer).correct
    shown = "\n\n".join(prompt.back_parts())
    assert shown.startswith("Answer: ") and shown.endswith("a note") and "f′(x)" in shown
    assert len({present(card).seed for _ in range(5)}) > 1  # a fresh variant at each review

    basic = present(Card("b", "Q", back="A"))
    assert not basic.typed and basic.back_parts() == ["A"]


def test_undo_in_a_later_session_the_same_day_takes_back_the_days_last_grade(store):
    deck = make_deck(3)
    store.review("deck", "c2", "sm2", 5, NOW - timedelta(days=2))
    store.review("deck", "c2", "sm2", 5, NOW - timedelta(days=1))  # yesterday's (due in 5 days): never undone today
    first = StudySession(deck, store, Clock(NOW))
    assert ids(first.queue) == ["c0", "c1"] and not first.can_undo
    first.grade(5)
    first.grade(2)
    later = StudySession(deck, store, Clock(NOW + timedelta(minutes=30)))
    assert later.can_undo and ids(later.queue) == ["c1"]
    undone = later.undo()
    assert (undone.card_id, undone.quality) == ("c1", 2) and ids(later.queue) == ["c1"]
    assert later.current.is_new and later.reviewed == 0
    assert later.undo().card_id == "c0" and ids(later.queue) == ["c0", "c1"]
    assert later.undo() is None and [row.card_id for row in store.log()] == ["c2", "c2"]


def exercise_deck(n=2):
    from deckapp.deck.model import ExerciseSpec

    cards = tuple(Card(f"e{i}", "Solve", exercise=ExerciseSpec("derivative", 1)) for i in range(n))
    return Deck("deck", "Deck", cards)


def test_a_card_keeps_its_variant_while_another_grade_is_undone(store):
    session = StudySession(exercise_deck(), store, Clock(NOW))
    graded = session.showing
    session.grade(4)
    waiting = session.showing
    waiting.draft = "3x"
    session.undo()
    assert session.showing.prompt == graded.prompt  # the variant graded, from the log's seed
    session.grade(5)
    assert session.showing is waiting and session.showing.draft == "3x"  # same variant, same tries and text
    assert store.log()[-1].seed == graded.prompt.seed


def test_undo_cannot_roll_a_new_variant_of_the_card_being_shown(store):
    session = StudySession(exercise_deck(1), store, Clock(NOW))
    session.grade(1)  # comes back later in the session, as a fresh variant
    again = session.showing
    undone = session.undo()  # the same card's last grade: its graded variant comes back to be graded again
    assert session.showing.prompt.seed == undone.seed != again.prompt.seed
    session.grade(1)
    assert session.showing is again  # not a third variant


def test_a_grade_the_store_refuses_changes_nothing_and_can_be_given_again(store, monkeypatch):
    import sqlite3

    session = StudySession(make_deck(2), store, Clock(NOW))
    shown = session.showing
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    store.conn.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(StoreError, match="locked by another process"):
        session.grade(4)
    assert ids(session.queue) == ["c0", "c1"] and session.reviewed == 0 and session.showing is shown
    holder.execute("ROLLBACK")
    holder.close()
    session.grade(4)
    assert ids(session.queue) == ["c1"] and [row.card_id for row in store.log()] == ["c0"]


def test_study_more_adds_cards_not_already_queued(store):
    from deckapp.review.queue import QueueItem

    deck = make_deck(4, new_per_day=1)
    session = StudySession(deck, store, Clock(NOW))
    assert session.add([QueueItem(card, True) for card in deck.cards]) == 3
    assert ids(session.queue) == ["c0", "c1", "c2", "c3"]


def test_the_current_cards_grade_intervals_come_from_its_stored_state(store):
    deck = make_deck(1)
    store.review("deck", "c0", "sm2", 4, NOW - timedelta(days=7))
    store.review("deck", "c0", "sm2", 4, NOW - timedelta(days=6))  # interval 6: due today
    session = StudySession(deck, store, Clock(NOW))
    assert session.intervals()[4] == "15d" and session.intervals()[1] == "<1m"
