"""Answers shown as maths: the renderings a student reads, and that the parser reads each of them back."""

import math

import pytest
from checker_corpus import CASES

from deckapp.answers.lexer import SUPERSCRIPTS, MathParseError
from deckapp.answers.numeric import TooLarge, Undefined, evaluate
from deckapp.answers.parser import parse
from deckapp.answers.pretty import pretty, pretty_text
from deckapp.answers.tree import Equation, Vector, render, variables_of


@pytest.mark.parametrize(("typed", "shown"), [
    ("3*x^2 + 2", "3x² + 2"),
    ("x^(-1)", "x⁻¹"),
    ("(x+1)^2", "(x + 1)²"),
    ("(x^2+2)^2", "(x² + 2)²"),
    ("exp(x)", "eˣ"),
    ("e^(2*x)", "e²ˣ"),
    ("exp(-x + 1)", "e⁻ˣ⁺¹"),
    ("x^y", "xʸ"),
    ("(x+1)^(2*y)", "(x + 1)²ʸ"),
    ("e^(x*y)", "e^(x·y)"),  # a product in the exponent stays on the line: x·y has no superscript
    ("x^q", "x^q"),  # nor has q
    ("sigmoid(x)*(1 - sigmoid(x))", "σ(x)·(1 - σ(x))"),
    ("sqrt(x+1)", "√(x + 1)"),
    ("sqrt(x)", "√x"),
    ("abs(x - 1)", "|x - 1|"),
    ("pi*x", "π·x"),
    ("2*pi", "2π"),
    ("1/(2*x)", "1/(2x)"),
    ("(x+1)/(x-1)", "(x + 1)/(x - 1)"),
    ("-(x - 1)", "-(x - 1)"),
    ("x - (y - 1)", "x - (y - 1)"),
    ("x*(-2)", "x·(-2)"),
    ("2*3", "2·3"),
    ("3*sin(5*x)", "3sin(5x)"),
    ("cos(x)^2", "cos(x)²"),
    ("y = 2*x - 1", "y = 2x - 1"),
    ("(2*x, -3*y)", "(2x, -3y)"),
    ("2.5e-3*x", "2.5·10^(-3)·x"),
])
def test_answers_are_shown_as_a_person_writes_them(typed, shown):
    assert pretty(parse(typed)) == shown


def test_text_the_parser_cannot_read_is_shown_as_written():
    assert pretty_text("2*x +") == "2*x +"
    assert pretty_text("3*x^2") == "3x²"


def _values(tree, names, point):
    if isinstance(tree, Vector):
        return [_values(item, names, point) for item in tree.items]
    if isinstance(tree, Equation):
        return [_values(tree.left, names, point), _values(tree.right, names, point)]
    try:
        return evaluate(tree, dict(zip(names, point, strict=True)))
    except (Undefined, TooLarge):
        return None


def _same(a, b):
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _readable(text):
    try:
        parse(text)
    except MathParseError:
        return False
    return True


# Every expression of the checker's corpus that reads alone (some need the problem's variables).
EXPRESSIONS = sorted({text for case in CASES for text in case[:2] if _readable(text)})


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_what_is_shown_reads_back_as_the_same_expression(text):
    tree = parse(text)
    names = sorted(variables_of(tree))
    again = parse(pretty(tree), variables=names)
    for point in ([0.7, -1.3, 2.1], [1.9, 0.4, -0.6], [-2.2, 3.1, 0.9]):
        assert _same(_values(tree, names, point[: len(names)]), _values(again, names, point[: len(names)])), \
            (text, pretty(tree))


# Names a problem may declare that the writer must not misspell: a Greek word is not its letter (θ is another
# name to the parser), and where e or σ is a variable, eˣ and σ(x) would read back as a power and a product.
DECLARED = [
    ("2*theta + mu", ("theta", "mu"), "2theta + mu"),
    ("exp(x) + e*x", ("x", "e"), "exp(x) + e·x"),
    ("x^e + e^x", ("x", "e"), "xᵉ + eˣ"),
    ("exp(-x)*sigmoid(x)", ("x", "σ"), "e⁻ˣ·sigmoid(x)"),
    ("sigmoid(σ)", ("σ",), "sigmoid(σ)"),
    ("sigmoid(w0*x_1)", ("w0", "x_1"), "σ(w0·x_1)"),
]


@pytest.mark.parametrize(("typed", "names", "shown"), DECLARED)
def test_declared_names_are_shown_as_the_parser_reads_them(typed, names, shown):
    assert pretty(parse(typed, variables=names), names) == shown
    assert pretty_text(typed, names) == shown


def test_without_declared_names_e_and_sigma_are_the_lecture_s():
    assert (pretty(parse("exp(x)")), pretty(parse("sigmoid(x)"))) == ("eˣ", "σ(x)")


def _readable_with(text, names):
    try:
        parse(text, variables=names)
    except MathParseError:
        return False
    return True


WITH_NAMES = sorted({(text, case.variables) for case in CASES if case.variables for text in case[:2]
                     if _readable_with(text, case.variables)} | {(typed, names) for typed, names, _ in DECLARED})


@pytest.mark.parametrize(("text", "names"), WITH_NAMES)
def test_what_is_shown_with_declared_names_reads_back_with_them_as_the_same_expression(text, names):
    tree = parse(text, variables=names)
    shown = pretty(tree, names)
    again = parse(shown, variables=names)
    order = sorted(names)
    for point in ([0.7, -1.3, 2.1], [1.9, 0.4, -0.6], [-2.2, 3.1, 0.9]):
        assert _same(_values(tree, order, point[: len(order)]), _values(again, order, point[: len(order)])), \
            (text, shown)


@pytest.mark.parametrize(("raised", "plain"), [(r, p) for r, p in SUPERSCRIPTS.items() if p.isalnum()])
def test_every_superscript_the_lexer_reads_is_the_one_written(raised, plain):
    names = ["x"] if plain.isdigit() else ["x", plain]
    tree = parse(f"x^{plain}", variables=names)
    assert pretty(tree, names) == f"x{raised}"
    assert render(parse(f"x{raised}", variables=names)) == render(tree) == f"x^{plain}"


def test_a_letter_without_a_superscript_stays_on_the_line():
    assert pretty(parse("x^q", variables=["x", "q"]), ["x", "q"]) == "x^q"
