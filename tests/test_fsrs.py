"""FSRS through the official `fsrs` package, behind the same interface as SM-2."""

from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from deckapp.review.fsrs import rating_for
from deckapp.review.scheduler import schedule

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("quality", "rating"), [
    (0, fsrs.Rating.Again), (1, fsrs.Rating.Again), (2, fsrs.Rating.Again),
    (3, fsrs.Rating.Hard), (4, fsrs.Rating.Good), (5, fsrs.Rating.Easy),
])
def test_grades_map_to_ratings(quality, rating):
    assert rating_for(quality) == rating


def test_schedule_matches_the_fsrs_library_review_by_review():
    reference = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=0, due=NOW)
    state = None
    moment = NOW
    for quality in [4, 4, 3, 5, 1, 4]:
        card, _ = reference.review_card(card, rating_for(quality), moment)
        result = schedule("fsrs", state, quality, moment)
        assert result.due == card.due
        assert result.state == card.to_dict()
        assert result.learned == (card.state == fsrs.State.Review)
        state = result.state
        moment = card.due + timedelta(minutes=1)


def test_fsrs_refuses_bad_quality():
    with pytest.raises(ValueError):
        schedule("fsrs", None, 7, NOW)


def test_unknown_scheduler():
    with pytest.raises(ValueError, match="unknown scheduler 'sm3'"):
        schedule("sm3", None, 4, NOW)


def test_fsrs_accepts_local_times_as_the_clock_gives_them():
    from datetime import timezone

    berlin = timezone(timedelta(hours=1))
    local = NOW.astimezone(berlin)
    first = schedule("fsrs", None, 4, local)
    assert first.due == schedule("fsrs", None, 4, NOW).due
    second = schedule("fsrs", first.state, 4, first.due.astimezone(berlin) + timedelta(minutes=1))
    assert second.due > first.due


def test_an_fsrs_deck_studies_with_an_offset_clock(tmp_path):
    from datetime import timezone

    from deckapp.deck import parse_deck
    from deckapp.review.session import StudySession
    from deckapp.review.store import open_store

    deck = parse_deck(b"deck: f\ntitle: F\nscheduler: fsrs\ncards:\n  - id: a\n    front: A\n    back: B\n")
    clock = NOW.astimezone(timezone(timedelta(hours=-5)))
    with open_store(tmp_path / "s.sqlite3") as store:
        row = StudySession(deck, store, lambda: clock).grade(4)
        assert row.scheduler == "fsrs" and len(store.log()) == 1
