"""The session summary Home shows: distinct cards, right first time / after a retry / wrong, time, due tomorrow."""

from datetime import UTC, datetime, timedelta

from deckapp.deck.model import Card, Deck
from deckapp.review.combined import CombinedSession
from deckapp.review.session import StudySession
from deckapp.review.stats import deck_stats
from deckapp.review.summary import SessionSummary, duration, last_review_id, session_summary

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def make_deck(deck_id="deck", n=5):
    return Deck(deck_id, deck_id.title(), tuple(Card(f"c{i}", f"front {i}", back="b") for i in range(n)))


def test_each_card_counts_once_by_its_grades_in_the_session(store):
    deck = make_deck()
    store.review("deck", "c4", "sm2", 1, NOW - timedelta(days=1))  # an earlier session: not counted
    start = last_review_id(store.conn)
    session = StudySession(deck, store, lambda: NOW)
    grades = {"c0": [5], "c1": [4], "c2": [2, 4], "c3": [1, 1], "c4": [3, 2, 3]}
    while session.current is not None:
        card_id = session.current.card.id
        quality = grades[card_id].pop(0)
        session.grade(quality, duration_ms=1500)
        if not grades[card_id] and quality < 4:
            session.queue.remove(next(item for item in session.queue if item.card.id == card_id))
    summary = session_summary(store.conn, [deck], start, NOW)
    forecast = deck_stats(store.conn, deck, NOW)["forecast"]
    assert summary == SessionSummary(cards=5, right_first_time=2, after_retry=2, wrong=1, seconds=14,
                                     due_tomorrow=forecast[0] + forecast[1])
    assert summary.due_tomorrow == 5  # SM-2 puts every card at most a day away after one review
    assert summary.line() == ("5 cards: 2 right first time · 2 after a retry · 1 wrong · 14 s · "
                              "5 due tomorrow")


def test_an_undone_grade_is_not_counted_and_a_fixed_clock_does_not_mix_sessions(store):
    deck = make_deck()
    first = StudySession(deck, store, lambda: NOW)
    first.grade(5)
    start = last_review_id(store.conn)
    second = StudySession(deck, store, lambda: NOW)
    second.grade(4)
    second.grade(1)
    second.undo()
    summary = session_summary(store.conn, [deck], start, NOW)
    assert (summary.cards, summary.right_first_time, summary.wrong) == (1, 1, 0)


def test_only_the_sessions_decks_are_counted(store):
    deck, other = make_deck(), make_deck("other")
    start = last_review_id(store.conn)
    store.review("other", "c0", "sm2", 5, NOW)
    assert session_summary(store.conn, [deck], start, NOW).cards == 0
    assert session_summary(store.conn, [deck, other], start, NOW).cards == 1


def test_durations_read_as_a_person_says_them():
    assert [duration(s) for s in (0, 59, 60, 61, 599, 630, 3569, 3599, 3660)] == [
        "0 s", "59 s", "1 min", "1 min 1 s", "9 min 59 s", "11 min", "59 min", "1 h 0 min", "1 h 1 min"]


def test_a_combined_session_takes_the_decks_in_turn_and_undoes_across_them(store):
    first, second = make_deck("first", 2), make_deck("second", 2)
    moved = []
    sitting = CombinedSession([StudySession(deck, store, lambda: NOW) for deck in (first, second)])
    sitting.on_deck = moved.append
    assert sitting.remaining == 4 and sitting.deck is first
    sitting.grade(5)
    sitting.grade(5)
    assert sitting.deck is second and sitting.current.card.id == "c0"
    sitting.grade(5)
    assert [row.deck_id for row in store.log()] == ["first", "first", "second"]
    sitting.undo()
    sitting.undo()
    assert sitting.deck is first and sitting.current.card.id == "c1" and sitting.reviewed == 1
    assert [row.deck_id for row in store.log()] == ["first"]
    assert [deck.id for deck in moved] == ["second", "first"]


def test_a_combined_session_undoes_a_grade_given_earlier_today_as_a_single_deck_session_does(store):
    first, second = make_deck("first", 2), make_deck("second", 2)
    earlier = StudySession(first, store, lambda: NOW - timedelta(minutes=5))
    earlier.grade(5)
    sitting = CombinedSession([StudySession(deck, store, lambda: NOW) for deck in (first, second)])
    alone = StudySession(first, store, lambda: NOW)
    assert sitting.can_undo and alone.can_undo
    assert sitting.current.card.id == "c1"
    assert sitting.undo().card_id == "c0"
    assert sitting.current.card.id == "c0" and store.log() == [] and not sitting.can_undo
