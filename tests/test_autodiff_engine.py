"""The Var engine, operation by operation, against SymPy's derivatives; shared nodes; deep chains; domain errors."""

import math
import sys

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from deckapp.answers.sympy_functions import relu, sigmoid
from deckapp.autodiff import DomainError, Var, topological_order
from deckapp.errors import DeckappError


def close(actual: float, expected: float, rel: float = 1e-12) -> bool:
    """Relative error at most `rel` (SymPy references are evaluated exactly at the same binary inputs)."""
    return abs(actual - expected) <= rel * max(abs(expected), 1e-300)


def exact_value(expr, at) -> float:
    """`expr` with the inputs' exact binary values substituted (40 digits), then evaluated to 30 digits."""
    return float(expr.subs(at).evalf(30))


X, Y = sympy.symbols("x y")

# Each case: the engine's way of writing it, SymPy's way, and where it is defined (x, y ranges).
UNARY = {
    "exp": (lambda x: x.exp(), sympy.exp(X)),
    "log": (lambda x: x.log(), sympy.log(X)),
    "sin": (lambda x: x.sin(), sympy.sin(X)),
    "cos": (lambda x: x.cos(), sympy.cos(X)),
    "tanh": (lambda x: x.tanh(), sympy.tanh(X)),
    "sigmoid": (lambda x: x.sigmoid(), sigmoid(X)),
    "relu": (lambda x: x.relu(), relu(X)),
    "abs": (lambda x: x.abs(), sympy.sqrt(X**2)),  # |x| for real x, which SymPy differentiates to x/|x|
    "sqrt": (lambda x: x.sqrt(), sympy.sqrt(X)),
    "neg": (lambda x: -x, -X),
    "square": (lambda x: x**2, X**2),
    "cube": (lambda x: x**3, X**3),
    "power 1.5": (lambda x: x**1.5, X**sympy.Rational(3, 2)),
    "power -2": (lambda x: x**-2, X**-2),
    "add constant": (lambda x: x + 3, X + 3),
    "reflected add": (lambda x: 3 + x, 3 + X),
    "subtract constant": (lambda x: x - 3, X - 3),
    "reflected subtract": (lambda x: 3 - x, 3 - X),
    "multiply constant": (lambda x: x * 2.5, 2.5 * X),
    "reflected multiply": (lambda x: 2.5 * x, 2.5 * X),
    "divide by constant": (lambda x: x / 4, X / 4),
    "reflected divide": (lambda x: 4 / x, 4 / X),
    "reflected power": (lambda x: 2**x, 2**X),
}
BINARY = {
    "+": (lambda x, y: x + y, X + Y),
    "-": (lambda x, y: x - y, X - Y),
    "*": (lambda x, y: x * y, X * Y),
    "/": (lambda x, y: x / y, X / Y),
    "**": (lambda x, y: x**y, X**Y),
}
POSITIVE_ONLY = {"log", "sqrt", "power 1.5"}

points = st.floats(min_value=0.05, max_value=3.0)
signs = st.sampled_from([1.0, -1.0])


@pytest.mark.parametrize("name", sorted(UNARY))
@settings(max_examples=25, deadline=None)
@given(magnitude=points, sign=signs)
def test_each_operation_matches_sympy_value_and_derivative(name, magnitude, sign):
    build, reference = UNARY[name]
    x0 = magnitude if name in POSITIVE_ONLY else sign * magnitude
    x = Var(x0, "x")
    out = build(x)
    out.backward()
    exact = {X: sympy.Float(x0, 40)}
    assert close(out.value, exact_value(reference, exact))
    assert close(x.grad, exact_value(sympy.diff(reference, X), exact))


@pytest.mark.parametrize("name", sorted(BINARY))
@settings(max_examples=25, deadline=None)
@given(x0=points, y0=points, sign=signs)
def test_each_binary_operation_matches_sympy_gradient(name, x0, y0, sign):
    build, reference = BINARY[name]
    y0 = y0 if name == "**" else sign * y0
    x, y = Var(x0, "x"), Var(y0, "y")
    out = build(x, y)
    out.backward()
    exact = {X: sympy.Float(x0, 40), Y: sympy.Float(y0, 40)}
    assert close(out.value, exact_value(reference, exact))
    assert close(x.grad, exact_value(sympy.diff(reference, X), exact))
    assert close(y.grad, exact_value(sympy.diff(reference, Y), exact))


def test_local_gradients_are_kept_on_each_node_in_the_forward_pass():
    x, y = Var(3.0, "x"), Var(-2.0, "y")
    q = x * y
    assert (q.op, q.inputs, q.value, q.local_grads) == ("*", (x, y), -6.0, (-2.0, 3.0))
    r = q / x
    assert r.local_grads == (1 / 3.0, 6.0 / 9.0)
    assert x.op == "input" and x.inputs == () and x.grad == 0.0


def test_relu_derivative_at_zero_is_zero_like_deckapp_symbolic():
    x = Var(0.0)
    out = x.relu()
    out.backward()
    assert (out.value, x.grad) == (0.0, 0.0)
    assert sympy.diff(relu(X), X).subs(X, 0) == 0


def test_abs_derivative_at_zero_is_zero_like_sympy_sign():
    x = Var(0.0)
    out = x.abs()
    out.backward()
    real = sympy.Symbol("x", real=True)
    assert (out.value, x.grad) == (0.0, float(sympy.diff(sympy.Abs(real), real).subs(real, 0)))


def test_sigmoid_of_large_negative_input_does_not_overflow():
    x = Var(-1000.0)
    out = x.sigmoid()
    out.backward()
    assert out.value == 0.0 and x.grad == 0.0
    assert Var(1000.0).sigmoid().value == 1.0


# -- the backward pass ----------------------------------------------------------------------------------------


def test_a_node_used_twice_accumulates_both_paths():
    x = Var(3.0, "x")
    out = x * x
    out.backward()
    assert x.grad == 6.0


def test_input_used_directly_and_through_an_operation():
    """out = exp(x) + x: x is an input of the output and of one of the output's inputs."""
    x = Var(0.5, "x")
    out = x.exp() + x
    out.backward()
    assert close(x.grad, math.exp(0.5) + 1)
    out = x + x.exp()
    out.backward()
    assert close(x.grad, math.exp(0.5) + 1)


def test_diamond_shared_intermediate_node():
    """a = x * y feeds both b = sin(a) and c = a ** 2; out = b * c (SymPy for the reference)."""
    x, y = Var(0.7, "x"), Var(-1.3, "y")
    a = x * y
    out = a.sin() * a**2
    out.backward()
    f = sympy.sin(X * Y) * (X * Y) ** 2
    at = {X: sympy.Float(0.7, 40), Y: sympy.Float(-1.3, 40)}
    assert close(x.grad, exact_value(sympy.diff(f, X), at))
    assert close(y.grad, exact_value(sympy.diff(f, Y), at))
    assert close(a.grad, exact_value(sympy.diff(sympy.sin(X) * X**2, X), {X: sympy.Float(a.value, 40)}))


def test_backward_twice_gives_the_same_gradients():
    x, y = Var(1.5, "x"), Var(-2.0, "y")
    out = (x * y + x.sin()) * y
    out.backward()
    first = (x.grad, y.grad, out.grad)
    out.backward()
    assert (x.grad, y.grad, out.grad) == first
    assert close(first[0], -2.0 * (-2.0 + math.cos(1.5)))
    assert close(first[1], 2 * 1.5 * -2.0 + math.sin(1.5))
    assert first[2] == 1.0


def test_backward_on_a_second_output_starts_from_zero():
    x = Var(2.0, "x")
    first, second = x * 3, x * 5
    first.backward()
    second.backward()
    assert x.grad == 5.0


def test_a_chain_of_100000_operations_works_without_recursion():
    assert sys.getrecursionlimit() < 100_000
    x = Var(0.5, "x")
    out = x
    for _ in range(100_000):
        out = out * 1.00001
    out.backward()
    factor = 1.00001**100_000
    assert close(out.value, 0.5 * factor, rel=1e-9)
    assert close(x.grad, factor, rel=1e-9)
    assert len(topological_order(out)) == 1 + 2 * 100_000  # x, then a constant and a product per step


def test_topological_order_is_deterministic_and_puts_inputs_before_their_users():
    def build():
        x, y = Var(1.0, "x"), Var(2.0, "y")
        a = x * y
        b = a + x
        return (b * a).tanh()

    orders = [[(n.op, n.value) for n in topological_order(build())] for _ in range(3)]
    assert orders[0] == orders[1] == orders[2]
    assert [op for op, _ in orders[0]] == ["input", "input", "*", "+", "*", "tanh"]
    out = build()
    seen = set()
    for node in topological_order(out):
        assert all(i in seen for i in node.inputs)
        seen.add(node)


# -- domain errors ----------------------------------------------------------------------------------------------

DOMAIN_CASES = [
    (lambda: Var(-0.5, "x").log(), "log of a non-positive number: log(x) with x = -0.5"),
    (lambda: Var(0.0, "x").log(), "log of a non-positive number: log(x) with x = 0"),
    (lambda: Var(1.0, "x") / Var(0.0, "y"), "division by zero: x / y with x = 1, y = 0"),
    (lambda: 1 / Var(0.0, "x"), "division by zero: 1 / x with x = 0"),
    (lambda: Var(-4.0, "x").sqrt(), "square root of a negative number: sqrt(x) with x = -4"),
    (lambda: Var(0.0, "x").sqrt(), "sqrt has no finite derivative at 0: sqrt(x) with x = 0"),
    (lambda: Var(-8.0, "x") ** 0.5, "negative number to the non-integer power 0.5: x^0.5 with x = -8"),
    (lambda: Var(0.0, "x") ** -1, "division by zero: x^-1 with x = 0"),
    (lambda: Var(800.0, "x").exp(), "exp overflows: exp(x) with x = 800"),
    (lambda: Var(-2.0, "x") ** Var(2.0, "y"),
     "a power with a variable exponent needs a positive base: x ^ y with x = -2, y = 2"),
    (lambda: (Var(2.0) - 3).log(), "log of a non-positive number: log(-1)"),
]


@pytest.mark.parametrize(("make", "message"), DOMAIN_CASES)
def test_domain_errors_name_the_operation_and_the_value(make, message):
    with pytest.raises(DomainError) as info:
        make()
    assert str(info.value) == message
    assert isinstance(info.value, DeckappError) and isinstance(info.value, ValueError)
    assert info.value.exit_code == 2


def test_domain_error_can_name_its_node():
    with pytest.raises(DomainError) as info:
        Var(-1.0, "b").log()
    assert str(info.value.at("c")) == "log of a non-positive number: node c = log(b) with b = -1"
