"""What each grade would give, as the grade labels show it: SM-2's published intervals, the fsrs library's due
dates, and the way a wait is written ("<1m", "10m", "6d", "1.2mo", "2y")."""

import math
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from deckapp.review.fsrs import rating_for
from deckapp.review.intervals import grade_intervals, interval_text, next_dues
from deckapp.review.scheduler import schedule
from deckapp.review.store import CardRecord

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def record(scheduler, result, at):
    return CardRecord(scheduler, result.state, result.due, result.learned, at)


def test_sm2_labels_follow_the_published_intervals_review_by_review():
    """super-memory.com/english/ol/sm2.htm: I(1) = 1, I(2) = 6, I(n) = I(n-1) * EF' (rounded up here, in whole
    days); a grade below 3 starts the repetitions again today; a 3 calls for a repeat the same day."""
    easiness, interval = 2.5, 0
    card = None
    moment = NOW
    for repetition in range(1, 6):
        labels = grade_intervals("sm2", card, moment)
        assert [labels[q] for q in (0, 1, 2, 3)] == ["<1m"] * 4
        for quality in (4, 5):
            ef = easiness + (0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))
            expected = {1: 1, 2: 6}.get(repetition) or math.ceil(round(interval * ef, 6))
            assert labels[quality] == interval_text(moment, moment + timedelta(days=expected)), (repetition, quality)
        result = schedule("sm2", card.state if card else None, 4, moment)
        interval = result.state["interval"]
        card = record("sm2", result, moment)
        moment = result.due + timedelta(hours=6)  # reviewed at 10:00 on the day it is due
    assert interval == 95  # 1, 6, 15, 38, 95: the published sequence for five 4s


def test_the_labels_of_a_card_graded_4_repeatedly_read_like_anki():
    card, moment, seen = None, NOW, []
    for _ in range(4):
        seen.append(grade_intervals("sm2", card, moment)[4])
        result = schedule("sm2", card.state if card else None, 4, moment)
        card, moment = record("sm2", result, moment), result.due + timedelta(hours=6)
    assert seen == ["1d", "6d", "15d", "1.3mo"]


def test_fsrs_due_dates_are_the_fsrs_librarys_for_every_grade_at_every_step():
    reference = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=0, due=NOW)
    mine = None
    moment = NOW
    for quality in [4, 3, 5, 1, 4, 4]:
        dues = next_dues("fsrs", mine, moment)
        for grade in range(6):
            expected, _ = reference.review_card(card, rating_for(grade), moment)
            assert dues[grade] == expected.due, (quality, grade)
        card, _ = reference.review_card(card, rating_for(quality), moment)
        result = schedule("fsrs", mine.state if mine else None, quality, moment)
        mine = record("fsrs", result, moment)
        moment = card.due + timedelta(hours=1)


def test_a_new_fsrs_card_shows_the_learning_steps():
    labels = grade_intervals("fsrs", None, NOW)
    reference = fsrs.Scheduler(enable_fuzzing=False)
    minutes = [reference.review_card(fsrs.Card(card_id=0, due=NOW), rating_for(q), NOW)[0].due - NOW
               for q in (0, 3, 4)]
    assert [labels[0], labels[3], labels[4]] == [f"{m // timedelta(minutes=1)}m" for m in minutes]


def test_a_card_last_scheduled_by_another_scheduler_starts_afresh_as_grading_does():
    fsrs_card = record("fsrs", schedule("fsrs", None, 5, NOW - timedelta(days=30)), NOW - timedelta(days=30))
    assert next_dues("sm2", fsrs_card, NOW) == next_dues("sm2", None, NOW)


@pytest.mark.parametrize(("wait", "shown"), [
    (timedelta(0), "<1m"),
    (timedelta(seconds=59), "<1m"),
    (timedelta(minutes=1), "1m"),
    (timedelta(minutes=5, seconds=30), "5m"),
    (timedelta(minutes=59), "59m"),
    (timedelta(hours=3), "3h"),
    (timedelta(hours=18), "1d"),  # 10:00 to tomorrow's 04:00 rollover: the next study day
    (timedelta(days=6), "6d"),
    (timedelta(days=29), "29d"),
    (timedelta(days=36), "1.2mo"),
    (timedelta(days=90), "3mo"),
    (timedelta(days=365), "1y"),
    (timedelta(days=800), "2.2y"),
])
def test_waits_are_written_as_anki_writes_them(wait, shown):
    assert interval_text(NOW, NOW + wait) == shown


def test_a_wait_across_the_rollover_at_night_counts_days_by_study_day():
    late = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)  # still the study day of March 1st
    assert interval_text(late, late + timedelta(minutes=40)) == "40m"
    assert interval_text(late, datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) == "1d"
