"""SM-2 as published by Wozniak (super-memory.com/english/ol/sm2.htm). Every sequence below is worked by hand
from the text: EF' = EF + (0.1 - (5-q)(0.08 + (5-q)0.02)), at least 1.3; I(1) = 1, I(2) = 6,
I(n) = ceil(I(n-1) * EF'); q < 3 restarts repetitions; q = 3 calls for a same-day repeat until a 4 or 5."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deckapp.review.sm2 import SM2State, review


def run(grades):
    state = SM2State()
    intervals = []
    for grade in grades:
        state = review(state, grade)
        intervals.append(state.interval)
    return intervals, state


def test_new_card():
    state = SM2State()
    assert (state.easiness, state.interval, state.repetitions, state.needs_extra_review) == (2.5, 0, 0, False)


def test_five_fives_do_not_drift():
    intervals, state = run([5] * 5)
    assert intervals == [1, 6, 17, 50, 150]
    assert state.easiness == 3.0 and state.repetitions == 5


def test_six_fives_keep_growing_without_a_ceiling():
    intervals, state = run([5] * 6)
    assert intervals[-1] == 465 and state.easiness == 3.1  # ceil(150 * 3.1)


def test_five_fours_keep_easiness():
    intervals, state = run([4] * 5)
    assert intervals == [1, 6, 15, 38, 95] and state.easiness == 2.5


def test_a_lapse_restarts_the_intervals_and_keeps_easiness():
    intervals, state = run([5, 5, 5, 2, 4, 4, 4])
    assert intervals == [1, 6, 17, 0, 1, 6, 17]
    assert state.easiness == 2.8 and state.repetitions == 3


def test_a_lapse_is_due_the_same_day_without_the_repeat_mark():
    _, state = run([4, 4, 1])
    assert (state.interval, state.repetitions, state.needs_extra_review) == (0, 0, False)


def test_a_three_asks_for_a_same_day_repeat_that_changes_nothing_else():
    _, marked = run([3])
    assert (marked.easiness, marked.interval, marked.repetitions, marked.needs_extra_review) == \
        (2.36, 1, 1, True)
    still = review(marked, 3)
    assert still == marked
    failed_repeat = review(marked, 0)
    assert failed_repeat == marked
    cleared = review(marked, 4)
    assert (cleared.easiness, cleared.interval, cleared.repetitions, cleared.needs_extra_review) == \
        (2.36, 1, 1, False)


def test_threes_with_their_repeats():
    intervals, state = run([3, 4, 3, 4, 3, 5])
    assert intervals == [1, 1, 6, 6, 13, 13]  # ceil(6 * 2.08) = 13
    assert state.easiness == 2.08 and not state.needs_extra_review


def test_mixed_grades():
    intervals, state = run([5, 4, 3, 4])
    assert intervals == [1, 6, 15, 15]  # EF 2.6, 2.6, 2.46: ceil(6 * 2.46) = 15
    assert state.easiness == 2.46


def test_easiness_never_goes_below_1_3():
    grades = []
    for _ in range(12):
        grades += [3, 4]
    _, state = run(grades)
    assert state.easiness == 1.3
    _, state = run([3, 4] * 8)  # 2.5 - 8 * 0.14 = 1.38
    assert state.easiness == 1.38


@pytest.mark.parametrize("quality", [-1, 6, 2.5, True, "4", None])
def test_quality_outside_0_to_5_is_refused(quality):
    with pytest.raises(ValueError, match="quality must be an integer from 0 to 5"):
        review(SM2State(), quality)


@given(st.lists(st.integers(0, 5), max_size=30))
def test_review_never_mutates_and_round_trips(grades):
    state = SM2State()
    for grade in grades:
        before = SM2State.from_dict(state.to_dict())
        after = review(state, grade)
        assert state == before
        assert SM2State.from_dict(after.to_dict()) == after
        assert after.easiness >= 1.3 and after.interval >= 0
        assert after.easiness == round(after.easiness, 2)
        state = after


def test_easiness_is_a_plain_number_that_compares_as_written():
    state = review(SM2State(), 5)
    assert state.easiness == 2.6 and isinstance(state.easiness, float)
    import json
    from dataclasses import asdict

    assert json.loads(json.dumps(asdict(state)))["easiness"] == 2.6


@pytest.mark.parametrize("fields", [{"easiness": 1.0}, {"easiness": "2.5"}, {"interval": -1}, {"repetitions": 1.5}])
def test_impossible_states_are_refused(fields):
    with pytest.raises(ValueError):
        SM2State(**fields)


def test_a_card_answered_perfectly_for_centuries_gets_a_due_date_not_an_overflow():
    from datetime import UTC, datetime, timedelta

    from deckapp.review.scheduler import schedule

    state, now = None, datetime(2026, 1, 1, tzinfo=UTC)
    for _ in range(20):
        result = schedule("sm2", state, 5, now)
        state = result.state
        now = min(result.due, datetime(9000, 1, 1, tzinfo=UTC)) + timedelta(hours=1)
    assert state["interval"] > 10**9 and result.due.year == 9999
