"""The float evaluator's error bounds, against mpmath at 100 digits with the same real-number rules."""

import math

import mpmath
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from deckapp.answers.compare import NOISE
from deckapp.answers.numeric import Imprecise, TooLarge, Undefined, evaluate, evaluate_bounded
from deckapp.answers.parser import parse
from deckapp.answers.tree import Call, Const, Neg, Num, Var

mpmath.mp.dps = 100
_BOUNDARY = mpmath.mpf(10) ** -80  # nearer than this to a domain's edge, the reference cannot tell the side


class RefUndefined(Exception):
    pass


class Boundary(Exception):
    pass


def reference(node, point):
    """The value at 100 digits with the checker's rules: sqrt and log of negatives, fractional powers of negatives
    and division by zero are undefined."""
    if isinstance(node, Num):
        return mpmath.mpf(node.value.numerator) / node.value.denominator
    if isinstance(node, Var):
        return mpmath.mpf(point[node.name])
    if isinstance(node, Const):
        return +mpmath.pi if node.name == "pi" else +mpmath.e
    if isinstance(node, Neg):
        return -reference(node.arg, point)
    if isinstance(node, Call):
        a = reference(node.arg, point)
        if node.func in ("log", "ln", "sqrt"):
            if abs(a) < _BOUNDARY:
                raise Boundary
            if a < 0 or (a == 0 and node.func != "sqrt"):
                raise RefUndefined
        if abs(a) > (1e20 if node.func in ("sin", "cos", "tan") else 1e5) and node.func not in ("abs", "relu"):
            raise Boundary  # far beyond what floats can hold or reduce: not worth 100 digits
        functions = {"sin": mpmath.sin, "cos": mpmath.cos, "tan": mpmath.tan, "exp": mpmath.exp, "log": mpmath.log,
                     "ln": mpmath.log, "sqrt": mpmath.sqrt, "abs": abs, "tanh": mpmath.tanh, "sinh": mpmath.sinh,
                     "cosh": mpmath.cosh, "sech": mpmath.sech, "sigmoid": lambda v: 1 / (1 + mpmath.exp(-v)),
                     "relu": lambda v: max(mpmath.mpf(0), v)}
        return functions[node.func](a)
    left, right = reference(node.left, point), reference(node.right, point)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if node.op == "/":
        if abs(right) < _BOUNDARY:
            raise Boundary
        return left / right
    if abs(left) < _BOUNDARY or abs(right - mpmath.nint(right)) < _BOUNDARY and right != mpmath.nint(right):
        raise Boundary
    if left < 0 and right != mpmath.nint(right):
        raise RefUndefined
    if abs(right * mpmath.log(abs(left))) > 1e5:
        raise Boundary
    return mpmath.power(left, right)


LEAVES = ["x", "y", "2", "0.1", "3.7", "1/3", "pi", "e", "100", "10^15", "10^-8", "(x + 10^12) - 10^12",
          "sin(x)^2 + cos(x)^2 - 1", "(1 + 10^-10) - 1"]
FUNCTIONS = ["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "sech", "sigmoid", "relu"]


def expressions():
    leaves = st.sampled_from(LEAVES)

    def extend(inner):
        calls = st.tuples(st.sampled_from(FUNCTIONS), inner).map(lambda t: f"{t[0]}({t[1]})")
        binary = st.tuples(inner, st.sampled_from("+-*/"), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})")
        powers = st.tuples(inner, st.sampled_from(["2", "3", "-1", "0.5", "1/3", "x", "(y/3)"])).map(
            lambda t: f"({t[0]})^{t[1]}")
        return calls | binary | powers

    return st.recursive(leaves, extend, max_leaves=8)


coordinates = st.one_of(st.floats(-3, 3), st.floats(-50, 50), st.floats(-1e4, 1e4), st.floats(-1e8, 1e8))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(expressions(), coordinates, coordinates)
def test_the_error_bound_contains_the_true_value(text, x, y):
    tree = parse(text)
    point = {"x": x, "y": y}
    try:
        true = reference(tree, point)
    except (Boundary, OverflowError, ZeroDivisionError, ValueError):
        assume(False)
    except RefUndefined:
        true = None
    try:
        value, error = evaluate_bounded(tree, point)
    except (TooLarge, Imprecise):
        event("too large or imprecise")
        return  # says nothing: allowed anywhere
    except Undefined:
        event("undefined")
        assert true is None, f"{text} is defined at {point}: {true}"
        return
    event("defined")
    assert true is not None, f"{text} is undefined at {point}, but evaluated to {value}"
    assert abs(mpmath.mpf(value) - true) <= NOISE * error + mpmath.mpf(2) ** -1074, (text, point, value, error)


@pytest.mark.parametrize(("text", "point"), [
    ("sqrt((x+1)^2 - x^2 - 2x - 1)", {"x": 0.7}),  # zero up to rounding: maybe negative
    ("1/(sin(x)^2 + cos(x)^2 - 1)", {"x": 0.7}),
    ("exp(-1000x)/exp(-1000x)", {"x": 0.8}),  # 0/0 after both underflow
    ("log(sin(pi))", {}),
])
def test_values_lost_to_rounding_are_imprecise_not_undefined(text, point):
    with pytest.raises(Imprecise):
        evaluate(parse(text), point)


@pytest.mark.parametrize(("text", "point"), [
    ("1/0", {}), ("log(0)", {}), ("log(-1)", {}), ("sqrt(-x)", {"x": 0.5}), ("(-8)^(1/3)", {}),
    ("1/(x - x)", {"x": 3.3}), ("0^(-1)", {}),
])
def test_exactly_undefined_values_are_undefined(text, point):
    with pytest.raises(Undefined):
        evaluate(parse(text), point)


@pytest.mark.parametrize(("text", "point"), [
    ("0*x", {"x": 2.7}), ("x - x", {"x": 1.1}), ("relu(x - 45)", {"x": 44.2}), ("2", {}), ("x", {"x": 0.3}),
    ("0.5", {}),
])
def test_exact_results_have_no_error(text, point):
    assert evaluate_bounded(parse(text), point)[1] == 0


def test_a_decimal_that_is_not_a_binary_fraction_carries_its_rounding():
    value, error = evaluate_bounded(parse("2.002"), {})
    assert value == 2.002 and 0 < error <= 2.002 * 2 ** -53
    assert math.isclose(float(mpmath.mpf(2002) / 1000), value)
