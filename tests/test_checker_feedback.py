"""Feedback that agrees with its verdict: numbers shown as typed or with the digits that matter, tolerances
readable at any size, and the small things (articles, bounds, xy in the expected answer)."""

import re

import pytest

from deckapp.answers.checker import check
from deckapp.answers.parser import MathParseError
from deckapp.cli import main

NOT_WITHIN = re.compile(r"^(\S+) is not within (\S+) of the expected value")


@pytest.mark.parametrize(("expected", "answer", "tolerance", "shown"), [
    ("2", "2.0021", 1e-3, "2.0021"),
    ("2", "1.99799", 1e-3, "1.99799"),
    ("pi", "3.1416", 1e-6, "3.1416"),
    ("2", "2.0000001", 5e-324, "2.0000001"),
    ("2", "-2.0021", 1e-3, "-2.0021"),
    ("1000", "1.0011e3", 1e-3, "1.0011e3"),
])
def test_a_typed_number_is_shown_as_typed(expected, answer, tolerance, shown):
    verdict = check(expected, answer, rel_tol=tolerance)
    assert verdict.status == "incorrect"
    assert NOT_WITHIN.match(verdict.feedback).group(1) == shown


@pytest.mark.parametrize(("expected", "answer", "tolerance"), [
    ("2", "2 + 21/10000", 1e-3),
    ("2", "2 - 2001/1000000", 1e-3),
    ("pi", "31416/10000", 1e-6),
    ("1/3", "1/3 + 1/2999", 1e-3),
    ("2", "2 + 10^-7", 1e-9),
])
def test_a_computed_answer_is_shown_with_enough_digits_to_be_wrong_too(expected, answer, tolerance):
    verdict = check(expected, answer, rel_tol=tolerance)
    assert verdict.status == "incorrect"
    shown = NOT_WITHIN.match(verdict.feedback).group(1)
    assert check(expected, shown, rel_tol=tolerance).status == "incorrect", shown


@pytest.mark.parametrize(("tolerance", "shown"), [(1e-6, "0.0001%"), (5e-324, "4.9e-322%"), (1e-9, "1e-7%"),
                                                  (0.5, "50.0%")])
def test_tolerances_of_any_size_are_readable(tolerance, shown):
    feedback = check("2", "7", rel_tol=tolerance).feedback
    assert NOT_WITHIN.match(feedback).group(2) == shown
    assert "0000000" not in feedback


def test_values_at_a_point_are_shown_with_the_digits_that_tell_them_apart():
    verdict = check("x", "1.00001x", rel_tol=1e-6)
    x, got, want = re.search(r"at x = (\S+) your answer gives (\S+), expected (\S+)", verdict.feedback).groups()
    assert want == x  # 4 digits would show both as the same number
    assert float(got) != pytest.approx(float(want), rel=1e-6)
    assert float(got) == pytest.approx(1.00001 * float(x), rel=1e-5)
    assert verdict.feedback.endswith("(your answer is 1.00001 times the expected one)")


def test_the_cli_prints_the_number_typed(capsys):
    assert main(["check", "2", "2.0021"]) == 1
    assert capsys.readouterr().out.startswith("incorrect: 2.0021 is not within 0.1% of the expected value")
    assert main(["check", "pi", "3.1416", "--kind", "number", "--tol", "1e-6"]) == 1
    assert capsys.readouterr().out.startswith("incorrect: 3.1416 is not within 0.0001% of the expected value")


# --- cosmetics ---------------------------------------------------------------------------------------------------

def test_an_equation_takes_an():
    with pytest.raises(ValueError, match="the expected answer is an equation$"):
        check("y = x", "x", kind="expr")
    with pytest.raises(ValueError, match="the expected answer is a vector$"):
        check("(1, 2)", "x", kind="expr")


@pytest.mark.parametrize("tolerance", [0, 1, -0.5])
def test_the_tolerance_bounds_are_excluded_and_said_to_be(tolerance):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        check("x", "x", rel_tol=tolerance)


# --- xy in the expected answer -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("expected", "answer", "status"), [
    ("xy", "yx", "correct"),
    ("xy", "x*y", "correct"),
    ("xy", "x + y", "incorrect"),
    ("2xy + y^2", "y(2x + y)", "correct"),
    ("cos(xy)", "cos(yx)", "correct"),
    ("xyz", "zyx", "correct"),
])
def test_the_expected_answer_may_write_products_of_its_letters(expected, answer, status):
    assert check(expected, answer).status == status


@pytest.mark.parametrize("expected", ["sinx", "lnx", "ex", "alpha", "pix", "x2"])
def test_words_that_could_be_misread_are_still_refused(expected):
    with pytest.raises(MathParseError, match=f"the expected answer '{expected}' cannot be read"):
        check(expected, "x")


def test_the_cli_reads_xy_as_the_readme_says(capsys):
    assert main(["check", "xy", "yx"]) == 0
    assert capsys.readouterr().out == "correct\nread as: y*x\n"
