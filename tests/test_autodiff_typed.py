"""Graphs of expressions as typed (deckapp.autodiff.typed): one node per operation written, no simplification;
values and gradients against 50-digit central differences; domain errors exactly where the typed text is undefined.
"""

import subprocess
import sys
from collections import Counter
from itertools import islice
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from deckapp.answers.parser import MathParseError, parse, to_sympy, variables_of
from deckapp.autodiff import DomainError, TraceError, graph_of, topological_order
from deckapp.autodiff.tracing import short_names

DIGITS = 50
FD_STEP = sympy.Float("1e-15", DIGITS)


def build(text: str, point: dict):
    return graph_of(parse(text, variables=list(point)), point)


def operations(graph) -> Counter:
    return Counter(node.op for node in topological_order(graph.output) if node.inputs)


def relative_error(actual: float, exact) -> float:
    """|actual - exact| / |exact|, |exact| floored at 1e-3 (near a zero only an absolute bound means anything)."""
    return abs(actual - float(exact)) / max(abs(float(exact)), 1e-3)


def at_point(expr, point: dict, shift: dict | None = None):
    """`expr` at the exact binary values of the floats in `point` (plus `shift`), to 50 digits."""
    shift = shift or {}
    return expr.subs({sympy.Symbol(name): sympy.Float(value, DIGITS) + shift.get(name, 0)
                      for name, value in point.items()}).evalf(DIGITS)


def central_difference(expr, point: dict, name: str):
    """d expr / d name by a central difference in 50-digit arithmetic: step 1e-15, truncation error ~1e-30."""
    return (at_point(expr, point, {name: FD_STEP}) - at_point(expr, point, {name: -FD_STEP})) / (2 * FD_STEP)


# -- expressions as text, each with the operations it spells out ---------------------------------------------
# An item is (text, Counter of the engine operations the text asks for, whether the text is an unsigned number).

LEAVES = st.sampled_from([
    ("x", Counter(), False), ("y", Counter(), False), ("2", Counter(), True), ("0.5", Counter(), True),
    ("3", Counter(), True), ("pi", Counter(), False), ("e", Counter(), False), ("(-1.5)", Counter(), False),
])


def _unary(template: str, ops: dict):
    return lambda a: (template.format(a=a[0]), a[1] + Counter(ops), False)


def _binary(template: str, ops: dict, left: int = 1, right: int = 1):
    """`left` and `right`: how many times the template writes each operand (A - A writes A twice)."""
    def make(pair):
        (a, ca, _), (b, cb, _) = pair
        counts = Counter()
        for _ in range(left):
            counts += ca
        for _ in range(right):
            counts += cb
        return template.format(a=a, b=b), counts + Counter(ops), False
    return make


def _negated(a):
    text, counts, is_number = a
    return f"-({text})", counts + (Counter() if is_number else Counter({"neg": 1})), False


def _extend(children):
    pairs = st.tuples(children, children)
    exp_pair = {"exp": 2, "neg": 1}
    return st.one_of(
        pairs.map(_binary("({a} + {b})", {"+": 1})),
        pairs.map(_binary("({a} - {b})", {"-": 1})),
        pairs.map(_binary("({a}*{b})", {"*": 1})),
        pairs.map(_binary("({a})({b})", {"*": 1})),  # a product by juxtaposition
        pairs.map(_binary("({a})/(({b})^2 + 1)", {"/": 1, "**2": 1, "+": 1})),
        pairs.map(_binary("(({a})^2 + 1)^(x({b})/4)", {"**2": 1, "+": 1, "*": 1, "/": 1, "**": 1})),
        # what SymPy would simplify away: each operation typed stays a node
        pairs.map(_binary("({a} - {a})", {"-": 1}, left=2, right=0)),
        pairs.map(_binary("({a}*{a})", {"*": 1}, left=2, right=0)),
        pairs.map(_binary("(({a})^2 + 1)/(({a})^2 + 1)", {"**2": 2, "+": 2, "/": 1}, left=2, right=0)),
        pairs.map(_binary("sqrt(({a})^2 + 1)^2", {"**2": 2, "+": 1, "sqrt": 1}, right=0)),
        pairs.map(_binary("exp(log(({a})^2 + 1))", {"**2": 1, "+": 1, "log": 1, "exp": 1}, right=0)),
        children.map(_unary("(({a})^2 + 1)^(1/2)", {"**2": 1, "+": 1, "**0.5": 1})),
        children.map(_unary("({a})^3", {"**3": 1})),
        children.map(_unary("({a} * -2)", {"*": 1})),
        children.map(_negated),
        children.map(_unary("sin({a})", {"sin": 1})),
        children.map(_unary("cos({a})", {"cos": 1})),
        children.map(_unary("tanh({a})", {"tanh": 1})),
        children.map(_unary("sigmoid({a})", {"sigmoid": 1})),
        children.map(_unary("exp({a})", {"exp": 1})),
        children.map(_unary("relu({a})", {"relu": 1})),
        children.map(_unary("abs({a})", {"abs": 1})),
        children.map(_unary("ln(({a})^2 + 1)", {"log": 1, "**2": 1, "+": 1})),
        children.map(_unary("tan({a})", {"sin": 1, "cos": 1, "/": 1})),
        children.map(_unary("sinh({a})", {**exp_pair, "-": 1, "/": 1})),
        children.map(_unary("cosh({a})", {**exp_pair, "+": 1, "/": 1})),
        children.map(_unary("sech({a})", {**exp_pair, "+": 1, "/": 1})),
    )


expressions = st.recursive(LEAVES, _extend, max_leaves=6)
coordinates = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False).filter(lambda v: v == 0.0 or abs(v) > 1e-6)


def _typed_graph(text: str, point: dict):
    """The graph, or a hypothesis rejection for text over the parser's limits or a point outside a domain."""
    try:
        tree = parse(text, variables=list(point))
    except MathParseError:  # nested too deeply or too long: A - A doubles the text
        assume(False)
    try:
        return graph_of(tree, point)
    except DomainError as exc:  # the generated texts stay inside every domain; only overflow may happen
        assert "overflow" in str(exc)
        assume(False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(item=expressions, x0=coordinates, y0=coordinates)
def test_value_and_gradient_of_the_typed_text_match_central_differences(item, x0, y0):
    text, _, _ = item
    point = {"x": x0, "y": y0}
    graph = _typed_graph(text, point)
    nodes = topological_order(graph.output)
    assume(max(abs(node.value) for node in nodes) < 1e6)  # keeps the 50-digit references quick
    assume(all(abs(node.inputs[0].value) > 1e-6 for node in nodes if node.op in ("relu", "abs")))  # off the kinks
    reference = to_sympy(text, variables=["x", "y"])
    grad = graph.backward()
    assert relative_error(graph.value, at_point(reference, point)) <= 1e-8
    for name in ("x", "y"):
        assert relative_error(grad[name], central_difference(reference, point, name)) <= 1e-8


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(item=expressions)
def test_every_typed_operation_is_one_node_and_each_variable_one_input(item):
    text, spelled_out, _ = item
    try:
        graph = build(text, {"x": 0.75, "y": -0.25})
    except (MathParseError, DomainError):
        assume(False)
    assert operations(graph) == spelled_out
    leaves = [node for node in topological_order(graph.output) if node.op == "input"]
    assert all(graph.inputs[node.name] is node for node in leaves)  # one input node per variable, shared
    assert sorted(node.name for node in leaves) == sorted(variables_of(parse(text, variables=["x", "y"])))


@pytest.mark.parametrize(("text", "undefined"), [
    ("x/x", lambda x: x == 0),
    ("x^2/x", lambda x: x == 0),
    ("sqrt(x)^2", lambda x: x <= 0),  # at 0 sqrt has no finite derivative
    ("exp(log(x))", lambda x: x <= 0),
    ("log(x) - log(x)", lambda x: x <= 0),
    ("x - x + 1/(x - 1)", lambda x: x == 1),
])
@settings(max_examples=25, deadline=None)
@given(x0=st.one_of(st.sampled_from([0.0, 1.0, -1.0]), st.floats(min_value=-3, max_value=3, allow_subnormal=False)))
def test_a_domain_error_is_raised_exactly_where_the_typed_text_is_undefined(text, undefined, x0):
    """SymPy would make these x, 1, 0 or 1/(x - 1), defined at points where what was typed is not. (Subnormal x
    are left out: 1/x overflows there, a domain error of its own.)"""
    if undefined(x0):
        with pytest.raises(DomainError, match=r"^(division by zero|square root of a negative number|"
                                              r"sqrt has no finite derivative at 0|log of a non-positive number): "):
            build(text, {"x": x0})
    else:
        graph = build(text, {"x": x0})
        assert relative_error(graph.value, at_point(to_sympy(text, variables=["x"]), {"x": x0})) <= 1e-12


def test_the_lecture_example_as_typed_names_and_order():
    """f = (x + y) * z at x = -2, y = 5, z = -4: q = 3, f = -12, df/dx = df/dy = -4, df/dz = 3
    (the worked example in Stanford CS231n's notes "Backpropagation, Intuitions"); the product is a * z as typed."""
    graph = build("(x + y)*z", {"x": -2, "y": 5, "z": -4})
    assert graph.backward() == {"x": -4.0, "y": -4.0, "z": 3.0}
    assert [(n.name, n.op, [i.name for i in n.inputs], n.value) for n in topological_order(graph.output)] == [
        ("x", "input", [], -2.0), ("y", "input", [], 5.0), ("a", "+", ["x", "y"], 3.0),
        ("z", "input", [], -4.0), ("b", "*", ["a", "z"], -12.0),
    ]


def test_x_times_x_is_a_product_with_x_used_twice():
    graph = build("x*x + x", {"x": 2})
    nodes = topological_order(graph.output)
    assert [(n.op, [i.name for i in n.inputs]) for n in nodes] == [("input", []), ("*", ["x", "x"]), ("+", ["a", "x"])]
    assert graph.backward() == {"x": 5.0}


def test_a_subexpression_typed_twice_is_computed_twice():
    graph = build("sin(x) + sin(x)", {"x": 0.5})
    assert operations(graph) == Counter({"sin": 2, "+": 1})


def test_a_minus_sign_in_front_of_a_number_is_part_of_the_number():
    graph = build("x * -2", {"x": 3})
    assert [(n.op, n.value) for n in topological_order(graph.output)] == [("input", 3.0), ("const", -2.0),
                                                                          ("*", -6.0)]
    assert operations(build("-x", {"x": 3})) == Counter({"neg": 1})


def test_a_constant_exponent_is_the_power_node_s_parameter():
    graph = build("x^(1/2) + x^-1 + x^2", {"x": 4})
    assert operations(graph) == Counter({"**0.5": 1, "**-1": 1, "**2": 1, "+": 2})
    assert graph.backward() == {"x": pytest.approx(0.25 - 1 / 16 + 8, rel=1e-15)}
    assert operations(build("2^x", {"x": 1})) == Counter({"**": 1})
    with pytest.raises(DomainError, match=r"^division by zero: 1 / 0$"):
        build("x^(1/0)", {"x": 2})


def test_intermediate_names_skip_the_variables_and_the_constants_used():
    graph = build("exp(a*b) + c", {"a": 1, "b": 2, "c": 3})
    assert [n.name for n in topological_order(graph.output) if n.inputs] == ["d", "e", "f"]
    graph = build("sin(sin(sin(sin(sin(x)))))*e", {"x": 0.1})
    assert [n.name for n in topological_order(graph.output) if n.inputs] == ["a", "b", "c", "d", "f", "g"]
    graph = build("sin(sin(sin(sin(sin(x)))))", {"x": 0.1})
    assert [n.name for n in topological_order(graph.output) if n.inputs] == list(islice(short_names({"x"}), 5))


def test_a_domain_error_names_the_node_the_operation_and_the_point():
    with pytest.raises(DomainError, match=r"^division by zero: node a = x / x with x = 0$") as info:
        build("x/x", {"x": 0})
    assert info.value.exit_code == 2
    with pytest.raises(DomainError, match=r"^overflow: node c = a \* b with a = 3\.773\d*e\+260, b = 3\.773\d*e\+260$"):
        build("exp(x) * exp(y)", {"x": 600, "y": 600})


def test_inputs_follow_the_point_and_an_unused_one_gets_a_zero_gradient():
    graph = build("x^2", {"y": 1, "x": 3})
    assert list(graph.inputs) == ["y", "x"]
    assert (graph.value, graph.backward()) == (9.0, {"y": 0.0, "x": 6.0})
    assert build("7", {"x": 1}).backward() == {"x": 0.0}


def test_what_is_not_one_expression_or_lacks_values_is_refused():
    with pytest.raises(TraceError, match=r"^no value for y and z \(values were given for: x\)$"):
        graph_of(parse("x + y*z"), {"x": 1})
    with pytest.raises(TraceError, match=r"^the expression is a vector; "):
        graph_of(parse("(x, y)"), {"x": 1, "y": 2})
    with pytest.raises(TraceError, match=r"^the expression is an equation; "):
        graph_of(parse("y = x"), {"x": 1, "y": 2})


def test_building_the_graph_of_typed_text_never_imports_sympy():
    code = ("import sys; from deckapp.autodiff.grad import gradient_at;"
            "graph, grad = gradient_at('tan(x)*x/x + sinh(y)^2 + e^y', {'x': 0.5, 'y': 2});"
            "print(grad['x'] != 0, 'sympy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout.split() == ["True", "False"]
