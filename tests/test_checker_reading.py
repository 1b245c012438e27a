"""Reading every way students write: left-hand sides that name what is asked, σ, superscripts, and feedback whose
maths is shown as maths."""

import re

import pytest
import sympy

from deckapp.answers.checker import check
from deckapp.answers.parser import MathParseError, to_sympy
from deckapp.answers.reading import read, read_answer
from deckapp.review.session import Prompt

LABELLED = [  # (expected, label, a right answer, a wrong one)
    ("15x^2 + 3", "f'(x)", "15x^2 + 3", "15x^2"),
    ("15x^2 + 3", "f′(x)", "15x² + 3", "5x³ + 3x"),
    ("6x", "f''(x)", "6x", "3x^2"),
    ("2x", "df/dx", "2x", "x^2"),
    ("2x", "d f / d x", "2x", "2"),
    ("2*x*y", "∂f/∂x", "2xy", "x^2"),
    ("3cos(3x)", "dy/dx", "3cos(3x)", "cos(3x)"),
    ("3cos(3x)", "y'", "3cos(3x)", "sin(3x)"),
    ("(2*x, 2*y)", "∇f", "(2x, 2y)", "(2y, 2x)"),
    ("(2*x, 2*y)", "∇f(x, y)", "(2x, 2y)", "(2x, y)"),
    ("(2*x, 2*y)", "grad f", "(2x, 2y)", "(x, y)"),
    ("(2*x, 2*y)", "grad(f)", "[2x, 2y]", "[2x, 2]"),
]


@pytest.mark.parametrize(("expected", "label", "right", "wrong"), LABELLED, ids=[row[1] for row in LABELLED])
def test_a_left_hand_side_naming_what_is_asked_is_read_and_the_right_hand_side_graded(expected, label, right,
                                                                                       wrong):
    variables = ["x", "y"] if "y" in expected else None
    verdict = check(expected, f"{label} = {right}", variables=variables)
    assert verdict.status == "correct", verdict.feedback
    assert verdict.interpreted_as.startswith(f"{label} = ")
    assert check(expected, f"{label} = {wrong}", variables=variables).status == "incorrect"


def test_a_mistake_on_the_right_is_reported_at_its_column_as_typed():
    verdict = check("15x^2 + 3", "f'(x) = 15x^2 +")
    assert verdict.status == "invalid"
    assert verdict.feedback == "something is missing after '+' at column 15"


@pytest.mark.parametrize(("expected", "answer", "says"), [
    ("3x^2", "y = 3x^2", "expected an expression, not an equation"),  # y = … names no derivative
    ("y = 2x - 1", "y' = 2", "unexpected character '''"),  # an equation answer keeps its own meaning
    ("2x", "f'(x) == 2x", "unexpected character '''"),
])
def test_other_left_hand_sides_are_not_labels(expected, answer, says):
    assert says in check(expected, answer).feedback


def test_the_equation_answer_keeps_its_meaning():
    assert check("y = 2x - 1", "y = 2x - 1").status == "correct"
    assert check("y = 2x - 1", "2y = 4x - 2").feedback == "correct"


def test_the_study_preview_reads_labels_as_the_checker_does():
    assert read_answer("f'(x) = 3x^2").render() == "f'(x) = 3*x^2"
    card = type("Card", (), {"answer": "3*x^2", "kind": "typed"})()
    assert Prompt(card).reads_as("f'(x) = 3x²") == "f'(x) = 3x²"  # as the app shows maths (deckapp.answers.pretty)
    with pytest.raises(MathParseError):
        Prompt(card).reads_as("f'(x) = 3x +")


@pytest.mark.parametrize(("expected", "kind", "variables", "answer", "shown"), [
    ("2*x", "auto", None, "2y", "2y"),  # a letter outside the problem is graded, so it is read
    ("2*x", "expr", ["x"], "f'(x) = 2y", "f'(x) = 2y"),
    ("xy", "auto", None, "yx", "y·x"),  # the expected answer's letters, as check() reads them
    ("x*y", "expr", ["x", "y"], "df/dx = xy", "df/dx = x·y"),
    ("y = 2x - 1", "auto", None, "y = 2x - 1", "y = 2x - 1"),  # an equation is expected: no label
    ("(2*x, 2*y)", "vector", ["x", "y"], "∇f = (2x, 2z)", "∇f = (2x, 2z)"),
    ("exp(x) + e", "expr", ["x", "e"], "exp(x) + e", "exp(x) + e"),  # e the variable: exp(x) is not eˣ
    ("sigmoid(x)", "expr", ["x", "σ"], "sigmoid(σx)", "sigmoid(σ·x)"),  # σ the variable: sigmoid is not σ(…)
])
def test_the_study_app_reads_an_answer_as_check_grades_it(expected, kind, variables, answer, shown):
    reading = read(expected, answer, kind=kind, variables=variables)
    assert reading.render() == check(expected, answer, kind=kind, variables=variables).interpreted_as
    assert reading.shown() == shown
    if kind == "auto":
        card = type("Card", (), {"answer": expected, "kind": "typed"})()
        assert Prompt(card).reads_as(answer) == shown


# -- σ and superscripts, graded -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("expected", "answer"), [
    ("sigmoid(x)*(1 - sigmoid(x))", "σ(x)(1 - σ(x))"),
    ("sigmoid(w*x + b)", "σ(wx + b)"),
    ("2*exp(2*x)", "2e²ˣ"),
    ("1/x", "x⁻¹"),
    ("x^y", "xʸ"),
    ("(x+1)^2", "(x+1)⁽²⁾"),
    ("exp(-x^2)", "e^(-x²)"),
    ("-exp(-x)", "-e⁻ˣ"),
    ("2*x", "2·x"), ("3*x", "3×x"), ("x - 1", "x − 1"), ("sqrt(x)", "√x"), ("pi*x", "πx"), ("x^2", "x²"),
])
def test_the_lectures_symbols_and_the_apps_superscripts_are_read(expected, answer):
    names = sorted({ch for ch in expected if ch in "wxyb"})
    meant, read = to_sympy(expected, variables=names), to_sympy(answer, variables=names)
    assert sympy.simplify(meant - read) == 0  # SymPy agrees the reading is what is meant
    assert check(expected, answer, variables=names).status == "correct"


# -- shown feedback -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("expected", "answer", "plain", "shown"), [
    ("2x cos(x^2)", "cos(x^2)", "missing the factor 2*x", "missing the factor 2x"),
    ("(3 - 2x) cos(x)", "-cos(x)", "missing the factor -(3 - 2*x)", "missing the factor -(3 - 2x)"),
    ("-(3 - 2x)*cos(x)", "-cos(x)", "missing the factor 3 - 2*x", "missing the factor 3 - 2x"),
    ("x^2 - 3x + 1", "x^2 + 3x + 1", "the sign of the term 3*x", "the sign of the term 3x"),
    ("y = 2*x - 1", "2*x - 1", "correct (read as y = 2*x - 1)", "correct (read as y = 2x - 1)"),
    ("2*exp(2*x)*(x + 1)", "exp(2x)", "missing the factor 2*(x + 1)", "missing the factor 2(x + 1)"),
])
def test_feedback_shows_its_maths_as_maths(expected, answer, plain, shown):
    verdict = check(expected, answer)
    assert plain in verdict.feedback
    assert shown in verdict.shown_feedback
    assert verdict.shown_feedback.replace(shown, "") == verdict.feedback.replace(plain, "")


def test_the_factor_shown_reads_back_as_the_factor_missing():
    """The shown factor, multiplied into the answer, gives the expected answer (by SymPy)."""
    verdict = check("(3 - 2x) cos(x)", "-cos(x)")
    factor = re.search(r"missing the factor (.+)\)$", verdict.shown_feedback).group(1)
    product = to_sympy(f"({factor}) * (-cos(x))")
    assert sympy.simplify(product - to_sympy("(3 - 2x) cos(x)")) == 0


def test_shown_feedback_has_no_checker_syntax():
    for expected, answer in [("2x cos(x^2)", "cos(x^2)"), ("6x (x^2+1)^2", "3(x^2+1)^2"), ("3x^2", "x^3")]:
        shown = check(expected, answer).shown_feedback
        assert "*" not in shown and "^" not in shown, shown
