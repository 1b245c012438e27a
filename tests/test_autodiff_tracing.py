"""Graphs traced from SymPy: values and gradients against sympy.diff and central differences; names; errors."""

from itertools import islice

import pytest
import sympy
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from deckapp.answers.sympy_functions import relu, sigmoid
from deckapp.autodiff import DomainError, topological_order
from deckapp.autodiff.tracing import TraceError, gradient, short_names, trace

X, Y = sympy.symbols("x y", real=True)  # real, so that SymPy differentiates |u| to sign(u)
DIGITS = 50
FD_STEP = "1e-15"
FD_ERROR = 1e-20  # a bound on a central difference's own error here: h**2 terms ~1e-30, rounding ~1e-35


def relative_error(actual: float, exact) -> float:
    """|actual - exact| / |exact|, with |exact| floored at 1e-3.

    Near a zero of the function, a double-precision result cannot have a small relative error (sin(pi) is
    1.2e-16 in doubles, 0 exactly), so there the bound is absolute: 1e-8 relative means 1e-11 absolute.
    """
    return abs(actual - float(exact)) / max(abs(float(exact)), 1e-3)


def at_point(expr, x0, y0, digits=DIGITS):
    """`expr` with x and y replaced by the exact binary values of the floats, evaluated to `digits` digits."""
    return expr.subs({X: sympy.Float(x0, digits), Y: sympy.Float(y0, digits)}).evalf(digits)


def central_difference(expr, x0, y0, wrt):
    """d expr / d wrt by a central difference in 50-digit arithmetic: step 1e-15, so truncation error ~1e-30."""
    h = sympy.Float(FD_STEP, DIGITS)
    shift = {X: (h, 0), Y: (0, h)}[wrt]

    def f(sign):
        return expr.subs({X: sympy.Float(x0, DIGITS) + sign * shift[0],
                          Y: sympy.Float(y0, DIGITS) + sign * shift[1]}).evalf(DIGITS)

    return (f(1) - f(-1)) / (2 * h)


def _pow(base, exponent):
    return (base**2 + 1) ** exponent


leaves = st.one_of(
    st.sampled_from([X, Y]),
    st.integers(-3, 3).map(sympy.Integer),
    st.sampled_from([sympy.Rational(1, 2), sympy.Rational(-3, 4), sympy.pi]),
)


def _extend(children):
    pairs = st.tuples(children, children)
    return st.one_of(
        pairs.map(lambda p: p[0] + p[1]),
        pairs.map(lambda p: p[0] - p[1]),
        pairs.map(lambda p: p[0] * p[1]),
        pairs.map(lambda p: p[0] / (p[1] ** 2 + 1)),
        pairs.map(lambda p: _pow(p[0], p[1] / 4)),
        st.tuples(children, st.sampled_from([2, 3, sympy.Rational(1, 2), sympy.Rational(-3, 2)])).map(
            lambda p: _pow(p[0], p[1]) if p[1] != 2 and p[1] != 3 else p[0] ** p[1]),
        children.map(sympy.exp),
        children.map(sympy.sin),
        children.map(sympy.cos),
        children.map(sympy.tanh),
        children.map(sigmoid),
        children.map(relu),
        children.map(sympy.Abs),
        children.map(sympy.tan),
        children.map(sympy.sinh),
        children.map(sympy.cosh),
        children.map(sympy.sech),
        children.map(lambda a: sympy.log(a**2 + 1)),
        children.map(lambda a: sympy.sqrt(a**2 + 1)),
    )


# SymPy evaluates some constants as they are built (tan(pi/2) is zoo): such an expression is not a function of
# real inputs, and trace() refuses it (tested on its own); the property tests draw again.
expressions = st.recursive(leaves, _extend, max_leaves=8).filter(
    lambda e: not e.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan))
coordinates = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False).filter(lambda v: v == 0.0 or abs(v) > 1e-6)


def _kinks_are_clear_of_zero(expr, x0, y0) -> bool:
    """Away from relu's and abs's kinks, where neither a derivative nor a finite difference means anything."""
    return all(abs(at_point(k.args[0], x0, y0, 30)) > 1e-6 for k in expr.atoms(relu, sympy.Abs))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(expr=expressions, x0=coordinates, y0=coordinates)
@example(expr=sympy.Abs(sympy.exp(sympy.cos(sigmoid(X)))), x0=0.0, y0=0.0)  # was exp(re(...)): sigmoid not real
@example(expr=sympy.sin(sympy.cosh(sympy.tan(sympy.pi * X))), x0=0.4765625, y0=0.0)  # ill-conditioned: see below
def test_value_and_gradient_match_sympy_diff_and_central_differences(expr, x0, y0):
    try:
        graph = trace(expr, {"x": x0, "y": y0})
    except DomainError as exc:  # the generated expressions stay inside every domain; only overflow may happen
        assert "overflow" in str(exc)
        assume(False)
    # An intermediate v is rounded to doubles by ~v·1.1e-16, and a later function can turn that into a relative
    # error of the result far above 1e-8: sin(cosh(tan(pi*x))) at x = 0.4765625 has cosh(...) ≈ 4e5, and its
    # gradient is off by 1.2e-8 in any double-precision engine. Up to 1e4 the rounding stays below 1.1e-12.
    # (Huge intermediates also make the 50-digit references crawl.)
    assume(max(abs(node.value) for node in topological_order(graph.output)) < 1e4)
    assume(_kinks_are_clear_of_zero(expr, x0, y0))
    exact_value = at_point(expr, x0, y0)
    value, grad = graph.value, graph.backward()
    assert set(grad) == {"x", "y"}
    assert relative_error(value, exact_value) <= 1e-8
    for var, name in ((X, "x"), (Y, "y")):
        by_sympy = at_point(sympy.diff(expr, var), x0, y0)
        by_differences = central_difference(expr, x0, y0, var)
        assert abs(by_differences - by_sympy) <= 1e-12 * abs(by_sympy) + FD_ERROR  # the references agree
        assert relative_error(grad[name], by_sympy) <= 1e-8
        assert relative_error(grad[name], by_differences) <= 1e-8


@settings(max_examples=40, deadline=None)
@given(expr=expressions, x0=coordinates, y0=coordinates)
def test_intermediate_names_follow_the_forward_order(expr, x0, y0):
    try:
        graph = trace(expr, {"x": x0, "y": y0})
    except DomainError:
        assume(False)
    computed = [n.name for n in topological_order(graph.output) if n.inputs]
    assert computed == list(islice(short_names({"x", "y"}), len(computed)))


@settings(max_examples=40, deadline=None)
@given(x0=st.floats(min_value=-3, max_value=3), which=st.sampled_from(["log", "sqrt", "divide"]))
def test_a_domain_error_is_raised_exactly_where_the_function_is_undefined(x0, which):
    inner = X - 1
    expr = {"log": sympy.log(inner), "sqrt": sympy.sqrt(inner), "divide": Y / inner}[which]
    a = x0 - 1.0
    undefined = {"log": a <= 0, "sqrt": a <= 0, "divide": a == 0}[which]
    if undefined:
        with pytest.raises(DomainError, match=r"^[^:]+: node b = .* with (y = 2, )?a = (\S+)$") as info:
            trace(expr, {"x": x0, "y": 2.0})
        assert float(str(info.value).rsplit(" = ", 1)[1]) == a
    else:
        value, _ = gradient(expr, {"x": x0, "y": 2.0})
        assert relative_error(value, at_point(expr, x0, 2.0)) <= 1e-12


def test_functions_without_their_own_node_are_written_with_others():
    """tan, sinh, cosh, sech are traced as sin/cos and exp; the values and gradients are still SymPy's."""
    for f in (sympy.tan, sympy.sinh, sympy.cosh, sympy.sech):
        expr = f(X * Y)
        graph = trace(expr, {"x": 0.7, "y": -0.4})
        grad = graph.backward()
        assert f.__name__ not in {n.op for n in topological_order(graph.output)}
        assert relative_error(graph.value, at_point(expr, 0.7, -0.4)) <= 1e-14
        for var, name in ((X, "x"), (Y, "y")):
            assert relative_error(grad[name], at_point(sympy.diff(expr, var), 0.7, -0.4)) <= 1e-14


def test_the_lecture_example_graph_and_its_names():
    """f = (x + y) * z at x = -2, y = 5, z = -4: q = 3, f = -12, df/dx = df/dy = -4, df/dz = 3
    (the worked example in Stanford CS231n's notes "Backpropagation, Intuitions")."""
    x, y, z = sympy.symbols("x y z")
    graph = trace((x + y) * z, {"x": -2, "y": 5, "z": -4})
    assert graph.backward() == {"x": -4.0, "y": -4.0, "z": 3.0}
    assert graph.value == -12.0
    assert [(n.name, n.op, [i.name for i in n.inputs], n.value) for n in topological_order(graph.output)] == [
        ("z", "input", [], -4.0), ("x", "input", [], -2.0), ("y", "input", [], 5.0),
        ("a", "+", ["x", "y"], 3.0), ("b", "*", ["z", "a"], -12.0),
    ]


def test_equal_subexpressions_become_one_shared_node():
    expr = sigmoid(X * Y) + relu(X - Y) * sigmoid(X * Y)
    graph = trace(expr, {"x": 1.5, "y": -2})
    nodes = topological_order(graph.output)
    assert [n.op for n in nodes].count("sigmoid") == 1
    assert [n.op for n in nodes].count("*") == 2  # x*y once, and the product with relu


def test_intermediate_names_skip_the_variables_names():
    a, b, c = sympy.symbols("a b c")
    graph = trace(sympy.exp(a * b) + c, {"a": 1, "b": 2, "c": 3})
    names = [n.name for n in topological_order(graph.output) if n.inputs]
    assert names == ["d", "e", "f"]
    assert list(islice(short_names({"a"}), 3)) == ["b", "c", "d"]
    assert list(islice(short_names(), 25, 28)) == ["z", "aa", "ab"]


def test_intermediate_names_skip_the_labels_of_constants():
    terms = sympy.Add(*(sympy.sin(k * X) for k in range(1, 300)), evaluate=False) * sympy.pi
    graph = trace(terms, {"x": 0.1})
    named = [n.name for n in topological_order(graph.output) if n.name is not None]
    assert "pi" in named  # the constant; the intermediates go from ph to pj
    assert named.count("pi") == 1 and "pj" in named


def test_tracing_is_deterministic():
    expr = sympy.log(X**2 + 1) * sympy.tanh(Y - X) / (X * Y + 3)
    shapes = [[(n.name, n.op, n.value) for n in topological_order(trace(expr, {"x": 0.5, "y": 2}).output)]
              for _ in range(3)]
    assert shapes[0] == shapes[1] == shapes[2]


def test_unused_point_variables_get_a_zero_gradient():
    value, grad = gradient(X**2, {"x": 3, "y": 1})
    assert (value, grad) == (9.0, {"x": 6.0, "y": 0.0})


def test_a_constant_expression_has_a_value_and_zero_gradient():
    assert gradient(sympy.Integer(7), {"x": 1}) == (7.0, {"x": 0.0})


def test_a_variable_without_a_value_is_reported():
    with pytest.raises(TraceError, match=r"^no value for y and z \(values were given for: x\)$") as info:
        trace(X + Y * sympy.Symbol("z"), {"x": 1})
    assert info.value.exit_code == 2


def test_an_unsupported_function_is_reported_with_what_is_supported():
    with pytest.raises(TraceError, match=r"^cannot trace atan\(x\): the engine knows .*relu, abs, and tan, .*sech"):
        trace(sympy.atan(X) + 1, {"x": 1})


def test_a_domain_error_names_the_traced_node():
    with pytest.raises(DomainError, match=r"^log of a non-positive number: node b = log\(a\) with a = -0.5$"):
        trace(sympy.log(X - 2), {"x": 1.5})


def test_overflow_beyond_the_floats_is_a_domain_error():
    with pytest.raises(DomainError, match=r"^overflow: node c = a \* b with a = 3\.773\d*e\+260, b = 3\.773\d*e\+260$"):
        trace(sympy.exp(X) * sympy.exp(Y), {"x": 600, "y": 600})


def test_a_non_real_constant_is_reported():
    with pytest.raises(TraceError, match=r"^the expression is not real .*works with real numbers$"):
        trace(X + sympy.log(-1), {"x": 1})  # SymPy makes log(-1) I*pi


def test_an_infinite_constant_is_reported():
    with pytest.raises(TraceError, match=r"^the expression contains zoo, which is not a finite real number"):
        trace(X + sympy.Integer(1) / 0, {"x": 1})
    with pytest.raises(TraceError, match=r"^the number 100000000000\.\.\. \(401 characters\) is too large"):
        trace(X + sympy.Integer(10) ** 400, {"x": 1})


def test_constant_subexpressions_are_computed_by_the_engine_in_floating_point():
    """SymPy's own evaluation of exp(exp(exp(exp(3)))) takes minutes; the engine overflows at once."""
    huge = sympy.exp(sympy.exp(sympy.exp(sympy.exp(3))))
    for expr in (X + huge, X * huge, X - huge, sigmoid(huge) * X, X**huge):
        with pytest.raises(DomainError, match=r"^exp overflows: node c = exp\(b\) with b = 528491311\.48"):
            trace(expr, {"x": 1.5})
    graph = trace(sympy.sqrt(2) * X, {"x": 3})
    assert [(n.op, n.value) for n in topological_order(graph.output)][:2] == [("const", 2.0), ("sqrt", 2**0.5)]


def test_text_is_refused_never_parsed():
    with pytest.raises(TypeError):
        trace("x + 1", {"x": 1})
