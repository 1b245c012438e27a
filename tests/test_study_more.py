"""Study more (Anki's custom study): new cards past today's limit, review ahead, and honest counts after it."""

from datetime import UTC, datetime, timedelta

import pytest

from deckapp.deck.model import Card, Deck, Limits
from deckapp.review.queue import AHEAD_DAYS, MoreCounts, build_queue, more_counts, study_more
from deckapp.review.session import StudySession
from deckapp.review.stats import deck_stats

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def make_deck(n=8, **limits):
    cards = tuple(Card(f"c{i}", f"front {i}", back=f"back {i}") for i in range(n))
    return Deck("deck", "Deck", cards, limits=Limits(**limits))


def ids(queue):
    return [item.card.id for item in queue]


def test_more_new_cards_come_after_todays_limit_in_deck_order(store):
    deck = make_deck(new_per_day=2)
    for card_id in ("c0", "c1"):
        store.review("deck", card_id, "sm2", 5, NOW)
    assert build_queue(store, deck, NOW) == []
    more = study_more(store, deck, NOW, new_cards=3)
    assert ids(more) == ["c2", "c3", "c4"] and all(item.is_new for item in more)
    assert ids(study_more(store, deck, NOW, new_cards=50)) == ["c2", "c3", "c4", "c5", "c6", "c7"]


def test_more_leaves_out_the_cards_of_todays_queue(store):
    deck = make_deck(new_per_day=2)
    assert ids(build_queue(store, deck, NOW)) == ["c0", "c1"]
    assert ids(study_more(store, deck, NOW, new_cards=2)) == ["c2", "c3"]


def test_review_ahead_takes_cards_due_in_the_next_days_soonest_first(store):
    deck = make_deck(4)
    # SM-2: a first review graded 4 is due 1 day later, a second 6 days after that.
    store.review("deck", "c0", "sm2", 4, NOW - timedelta(days=1))  # due today: today's queue, not ahead
    store.review("deck", "c1", "sm2", 4, NOW)  # due tomorrow
    store.review("deck", "c2", "sm2", 4, NOW - timedelta(days=2))
    store.review("deck", "c2", "sm2", 4, NOW - timedelta(days=1))  # due in 5 days
    assert ids(build_queue(store, deck, NOW)) == ["c0", "c3"]
    assert ids(study_more(store, deck, NOW, days_ahead=1)) == ["c1"]
    assert ids(study_more(store, deck, NOW, days_ahead=5)) == ["c1", "c2"]
    assert all(not item.is_new for item in study_more(store, deck, NOW, days_ahead=5))
    assert study_more(store, deck, NOW) == []


def test_the_study_more_counts_are_what_study_more_gives_read_from_the_store_once(store, monkeypatch):
    deck = make_deck(6, new_per_day=1)
    store.review("deck", "c0", "sm2", 4, NOW - timedelta(days=1))  # due today
    store.review("deck", "c1", "sm2", 4, NOW)  # due tomorrow
    store.review("deck", "c2", "sm2", 4, NOW - timedelta(days=2))
    store.review("deck", "c2", "sm2", 4, NOW - timedelta(days=1))  # due in 5 days
    reads = []
    card_records = store.card_records
    monkeypatch.setattr(store, "card_records", lambda *args: reads.append(args) or card_records(*args))
    counts = more_counts(store, deck, NOW)
    assert len(reads) == 1
    monkeypatch.undo()
    assert counts == MoreCounts(today=len(build_queue(store, deck, NOW)),
                                new_left=len(study_more(store, deck, NOW, new_cards=6)),
                                ahead={days: len(study_more(store, deck, NOW, days_ahead=days)) for days in AHEAD_DAYS})
    # c1 was today's one new card: today's queue is c0 alone; c3, c4, c5 are new past the limit; c1 is due
    # tomorrow, c2 in 5 days
    assert counts == MoreCounts(today=1, new_left=3, ahead={1: 1, 3: 1, 7: 2})


def test_review_ahead_includes_due_cards_held_back_by_the_review_limit(store):
    deck = make_deck(3, reviews_per_day=1, new_per_day=0)
    for card_id in ("c0", "c1"):
        store.review("deck", card_id, "sm2", 4, NOW - timedelta(days=3))
    assert ids(build_queue(store, deck, NOW)) == ["c0"]
    assert ids(study_more(store, deck, NOW, days_ahead=1)) == ["c1"]


def test_negative_amounts_are_refused(store):
    with pytest.raises(ValueError):
        study_more(store, make_deck(), NOW, new_cards=-1)


def test_cards_studied_beyond_the_limit_are_counted_like_any_other(store):
    deck = make_deck(6, new_per_day=2)
    session = StudySession(deck, store, lambda: NOW)
    while session.current is not None:
        session.grade(5)
    before = deck_stats(store.conn, deck, NOW)
    session = StudySession(deck, store, lambda: NOW)
    assert session.current is None
    session.queue.extend(study_more(store, deck, NOW, new_cards=3))
    while session.current is not None:
        session.grade(4)
    after = deck_stats(store.conn, deck, NOW)
    assert (before["new"], after["new"]) == (4, 1)
    assert (before["reviews_today"], after["reviews_today"]) == (2, 5)
    assert after["forecast"][1] == before["forecast"][1] + 3  # all due tomorrow (SM-2: 1 day after a first 4)
    assert store.day_counts("deck", NOW.replace(hour=4)).new_introduced == 5
    assert build_queue(store, deck, NOW) == []  # no room left today: the extra cards used it
