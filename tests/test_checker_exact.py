"""Where floating point cannot decide: exact fractions, high-precision intervals, and 'undecided'.

References come from SymPy: it expands the polynomials, and evaluates the identities to 60 digits."""

import json

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from deckapp.answers import symbolic
from deckapp.answers.checker import check
from deckapp.answers.exact import compare
from deckapp.answers.parser import parse, to_sympy
from deckapp.cli import main

x = sympy.Symbol("x")
ISSUE_PRODUCT = "512*(2*x+5)^7*(5*x-1)^5*(70*x+67)"


def _expanded(text: str, change: int = 0, power: int = 0) -> str:
    """`text` expanded by SymPy, with `change` added to the coefficient of x^power."""
    return str(sympy.expand(to_sympy(text) + change * x**power))


def test_the_issue_polynomial_expanded_is_right_and_off_by_one_in_its_constant_is_wrong():
    right = _expanded(ISSUE_PRODUCT)
    assert "2680000000" in right  # SymPy's constant term, as the issue quotes it
    assert check(ISSUE_PRODUCT, right).status == "correct"
    assert check(ISSUE_PRODUCT, _expanded(ISSUE_PRODUCT, -1)).status == "incorrect"
    assert check(right, _expanded(ISSUE_PRODUCT, +1)).status == "incorrect"  # expanded against expanded too


def test_a_difference_of_1_in_10_to_the_9_is_below_the_tolerance_yet_exact_arithmetic_sees_it():
    wrong = _expanded(ISSUE_PRODUCT, -1)
    point = {"x": 0.147}
    want = float(to_sympy(ISSUE_PRODUCT).subs(x, sympy.Rational(147, 1000)))
    assert abs(1 / want) < 1e-6  # at the sample points the relative difference is far below 0.1%
    assert compare((parse(ISSUE_PRODUCT), point), (parse(wrong), point), 0.0, float("inf")).verdict == "differ"
    assert compare((parse(ISSUE_PRODUCT), point), (parse(wrong), point), 1e-3, float("inf")).verdict == "agree"


NESTED_ROOT = "sqrt(2*x*sqrt(x^2+1)+2*x^2+1)-sqrt(x^2+1)-x"  # the root of (sqrt(x^2+1) + x)^2, less itself


@pytest.mark.parametrize("value", ["0.147", "-12.3", "3.75"])
def test_the_nested_root_is_zero_by_sympy_at_60_digits(value):
    assert abs(to_sympy(NESTED_ROOT).subs(x, sympy.Rational(value)).evalf(60)) < sympy.Float("1e-55")


def test_the_nested_root_is_graded_0_and_a_tiny_constant_beside_it_is_not():
    assert check("0", NESTED_ROOT).status == "correct"
    assert check("0", NESTED_ROOT + " + 10^-30").status == "incorrect"  # not zero, only small
    assert check("x^2", "x^2 + " + NESTED_ROOT).status == "correct"


@pytest.mark.parametrize(("expected", "answer", "status"), [
    ("exp(1000 + x^2)", "exp(1000 + x^2)*(sin(x)^2 + cos(x)^2)", "correct"),  # overflows a float everywhere
    ("1 - tanh(x)^2", "sech(x)^2", "correct"),
    ("sin(x)*(x^13 + 10^9)", "sin(x)*(x^13 + 10^9 + 1)", "incorrect"),  # 1 in 10^9 hidden beside a sine
    ("exp(1000)", "exp(1000) + 1", "correct"),  # numbers keep the relative tolerance
    ("x/3", "0.3333x", "correct"),  # decimals keep it too
])
def test_exactness_where_it_is_owed_and_the_tolerance_where_it_is_not(expected, answer, status):
    assert check(expected, answer).status == status


FACTORS = st.lists(st.tuples(st.integers(1, 6), st.integers(-9, 9), st.integers(1, 5)), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FACTORS, st.integers(1, 600), st.data())
def test_an_expanded_product_changed_by_one_in_any_coefficient_is_wrong(factors, scale, data):
    product = f"{scale}*" + "*".join(f"({a}*x + {b})^{power}" for a, b, power in factors)
    degree = sum(power for _, _, power in factors)
    coefficient = data.draw(st.integers(0, degree), label="x^k")
    change = data.draw(st.sampled_from([-1, 1]), label="by")
    wrong = _expanded(product, change, coefficient)
    assume(len(_expanded(product)) < 490)  # answers are at most 500 characters
    assert sympy.expand(to_sympy(wrong) - to_sympy(product)) != 0  # SymPy: not the same polynomial
    assert check(product, wrong).status == "incorrect"
    assert check(_expanded(product), wrong).status == "incorrect"
    assert check(product, _expanded(product)).status == "correct"


# -- undecided ------------------------------------------------------------------------------------------------------

def _undecided(*args, **kwargs):
    return None


ONLY_SYMPY = ("x", "x + sqrt(sin(x)^2 + cos(x)^2 - 1)")  # exactly 0 under the root: intervals never settle it


def test_what_nothing_decides_is_undecided_not_incorrect(monkeypatch):
    monkeypatch.setattr(symbolic, "decide", _undecided)
    verdict = check(*ONLY_SYMPY)
    assert (verdict.status, verdict.correct) == ("undecided", False)
    assert verdict.feedback.startswith("deckapp could not decide whether your answer equals the expected one")


def test_the_cli_exits_3_when_undecided(monkeypatch, capsys):
    monkeypatch.setattr(symbolic, "decide", _undecided)
    assert main(["check", *ONLY_SYMPY]) == 3
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("undecided: deckapp could not decide")
    assert main(["check", "--json", *ONLY_SYMPY]) == 3
    assert json.loads(capsys.readouterr().out)["status"] == "undecided"
