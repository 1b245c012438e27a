"""Equations are equivalent when they have the same real solutions: the multiple rule first, then solution sets.

Rewritings are built and checked with SymPy: each step either keeps the solutions (SymPy applies it to both
sides) or, in the negative property, adds a line of solutions."""

import re

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from deckapp.answers.checker import check

x, y = sympy.symbols("x y")


@pytest.mark.parametrize(("expected", "answer"), [
    ("(x-y)*(x+y) = 0", "abs(x) = abs(y)"),  # same solutions, not a multiple
    ("abs(x) = abs(y)", "x^2 = y^2"),
    ("y = 2x - 1", "2x - y = 1"),
    ("y = 2x - 1", "y - 1 = 2(x - 1) + 0*x + 0"),
    ("y = 2x - 1", "(y - 2x + 1)(x^2 + 1) = 0"),  # times a factor that is never 0
    ("y = x", "(x - y)^2 = 0"),  # touches zero without changing sign
    ("ln(y) = x", "y = e^x"),
    ("x*y = 1", "y = 1/x"),
    ("x^2 + y^2 = 1", "y^2 = 1 - x^2"),
    ("y = 0.5x", "2y = x"),
])
def test_equations_with_the_same_solutions_are_right(expected, answer):
    assert check(expected, answer).status == "correct"


@pytest.mark.parametrize(("expected", "answer", "says"), [
    ("x^2 = 1", "x = 1", "x = -1 satisfies the expected equation but not yours"),
    ("x = 1", "x^2 = 1", "x = -1 satisfies your equation but not the expected one"),
    ("y = sqrt(x)", "y^2 = x", "satisfies your equation but not the expected one"),
    ("y = x", "(x - y)^2 = 10^-4", "satisfies the expected equation but not yours"),
    ("y = 2x - 1", "(y - 2x + 1)(x - 3) = 0", "satisfies your equation but not the expected one"),
    ("x^2 = 6400", "x = 80", "x = -80 satisfies the expected equation but not yours"),  # a whole-number witness
])
def test_equations_with_other_solutions_are_wrong_and_a_solution_is_named(expected, answer, says):
    verdict = check(expected, answer)
    assert verdict.status == "incorrect"
    assert says in verdict.feedback


@pytest.mark.parametrize(("expected", "answer"), [("x^2 = 1", "x = 1"), ("x = 1", "x^2 = 1"),
                                                  ("(x-y)*(x+y) = 0", "x = y"), ("x = y", "(x-y)*(x+y) = 0")])
def test_the_named_solution_really_solves_one_equation_and_not_the_other(expected, answer):
    feedback = check(expected, answer).feedback
    point = {sympy.Symbol(name): sympy.Rational(value) for name, value in re.findall(r"(\w) = (-?[\d.]+)", feedback)}
    residuals = []
    for text in (expected, answer):
        left, right = text.split("=")
        residuals.append(abs(sympy.sympify(left).subs(point) - sympy.sympify(right).subs(point)))
    assert min(residuals) < 1e-9 < max(residuals), (feedback, residuals)


# -- random rewritings ---------------------------------------------------------------------------------------------

SMALL = st.integers(-4, 4)
TERM = st.builds(lambda a, b, c, d: a * x**2 + b * x * y + c * y + d, SMALL, SMALL, SMALL, SMALL)


@st.composite
def equations(draw):
    """An equation with a curve of real solutions, as (left, right)."""
    a, b, c = draw(st.integers(1, 4)), draw(SMALL), draw(SMALL)
    shape = draw(st.sampled_from(["graph", "line", "circle", "pair of lines"]))
    if shape == "graph":
        side = y - (b * x**2 + c * x + a)
    elif shape == "line":
        side = a * x + b * y + c if b else a * y + c * x + b
    elif shape == "circle":
        side = x**2 + y**2 - a
    else:
        side = (a * x + y + b) * (x - c * y + 1)
    shift = draw(TERM)
    return side + shift, shift


KEEPING = ["swap", "add", "scale", "positive factor", "one side", "expand"]


def rewrite(left, right, step, data):
    if step == "swap":
        return right, left
    if step == "add":
        term = data.draw(TERM, label="added to both sides")
        return left + term, right + term
    if step == "scale":
        factor = data.draw(st.sampled_from([-3, -1, 2, sympy.Rational(1, 2), sympy.Rational(-5, 3)]), label="c")
        return factor * left, factor * right
    if step == "positive factor":
        factor = data.draw(st.sampled_from([x**2 + 1, y**2 + 2, x**2 + y**2 + 1]), label="times")
        return left * factor, right * factor
    if step == "one side":
        return left - right, sympy.Integer(0)
    return sympy.expand(left), sympy.expand(right)


def _text(left, right) -> str:
    return f"{left} = {right}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(equations(), st.lists(st.sampled_from(KEEPING), min_size=1, max_size=3), st.data())
def test_random_equivalent_rewritings_of_an_equation_are_right(equation, steps, data):
    left, right = equation
    new_left, new_right = left, right
    for step in steps:
        new_left, new_right = rewrite(new_left, new_right, step, data)
    assume(len(_text(new_left, new_right)) < 480)
    assert check(_text(left, right), _text(new_left, new_right)).status == "correct"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(equations(), st.integers(-30, 30), st.sampled_from([x, y]))
def test_a_rewriting_that_adds_a_line_of_solutions_is_wrong(equation, where, variable):
    left, right = equation
    assume(sympy.simplify((left - right).subs(variable, where)) != 0)  # the new line is not already solutions
    assert check(_text(left, right), _text(left * (variable - where), right * (variable - where))).status == \
        "incorrect"
