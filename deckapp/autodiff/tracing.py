"""Trace a SymPy expression into a computational graph of `Var` nodes, evaluated at a point.

The expression is first cut into binary operations the way one draws it on the board (x - y is a subtraction,
x/2 a division, sqrt(x) its own node); equal subexpressions become one shared node. Then the graph is built
depth-first from the output, so the forward pass runs in the same order the nodes are named: inputs keep their
variable names, intermediates get a, b, c, ... in topological order, and the same expression always gives the
same graph. SymPy is imported only when a function here runs.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import count, product

from deckapp.autodiff.engine import DomainError, Var, constant
from deckapp.errors import DeckappError

__all__ = ["Graph", "TraceError", "gradient", "short_names", "trace"]

FUNCTIONS = ("exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "abs")


class TraceError(DeckappError):
    """An expression the engine cannot evaluate: a variable without a value, or an unsupported operation."""

    exit_code = 2


@dataclass(frozen=True)
class Graph:
    """A traced expression: its output node and its inputs by variable name (in the order the point gave)."""

    output: Var
    inputs: Mapping[str, Var]

    @property
    def value(self) -> float:
        return self.output.value

    def backward(self) -> dict[str, float]:
        """Run the backward pass; the gradient of the output with respect to each input, by name."""
        self.output.backward()
        return {name: var.grad for name, var in self.inputs.items()}


def trace(expr, point: Mapping[str, float]) -> Graph:
    """The graph of `expr` with its forward pass done at `point` (variable name -> value)."""
    import sympy

    if isinstance(expr, str):
        raise TypeError("trace() takes a SymPy expression; parse text with deckapp.answers.parser first")
    expr = sympy.sympify(expr, strict=True)  # an Expr stays itself; plain numbers become SymPy numbers
    values = {str(name): finite_value(name, value) for name, value in point.items()}
    names = {str(s) for s in expr.free_symbols}
    missing = sorted(names - values.keys())
    if missing:
        given = ", ".join(values) or "none"
        raise TraceError(f"no value for {listing(missing)} (values were given for: {given})")
    infinite = [x for x in (sympy.zoo, sympy.oo, sympy.S.NegativeInfinity, sympy.nan, sympy.I) if expr.has(x)]
    if infinite:
        if infinite[0] is sympy.I:
            raise TraceError("the expression is not real (it has an imaginary part, as the log or square root of "
                             "a negative number does); the engine works with real numbers")
        raise TraceError(f"the expression contains {infinite[0]}, which is not a finite real number "
                         "(a division by zero?)")
    plan = _Plan()
    root = plan.build(expr)
    taken = names | values.keys() | {str(c) for c in expr.atoms(sympy.NumberSymbol)}  # pi is a label too
    output = _forward(plan, root, values, short_names(taken))
    inputs = {name: plan.inputs[name] if name in plan.inputs else Var(value, name) for name, value in values.items()}
    return Graph(output, inputs)


def gradient(expr, point: Mapping[str, float]) -> tuple[float, dict[str, float]]:
    """The value of `expr` at `point` and its gradient there, by variable name."""
    graph = trace(expr, point)
    grads = graph.backward()
    return graph.value, grads


def short_names(taken: set[str] = frozenset()) -> Iterator[str]:
    """a, b, ..., z, aa, ab, ...: the names of intermediate nodes, skipping those `taken` (the variables)."""
    for length in count(1):
        for letters in product(string.ascii_lowercase, repeat=length):
            name = "".join(letters)
            if name not in taken:
                yield name


def finite_value(name, value) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise TraceError(f"the value of {name} is not a number: {value!r}") from None
    if not math.isfinite(x):
        raise TraceError(f"the value of {name} must be a finite number, not {value!r}")
    return x


def listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class _Plan:
    """The expression as binary operations, hash-consed: equal (op, inputs, parameter) get one id."""

    def __init__(self):
        self.steps: list[tuple] = []  # id -> (op, input ids, parameter)
        self._ids: dict[tuple, int] = {}
        self.inputs: dict[str, Var] = {}  # filled by _forward

    def step(self, op: str, inputs: tuple[int, ...] = (), parameter=None) -> int:
        key = (op, inputs, parameter)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self.steps)
            self.steps.append(key)
        return found

    def const(self, value: float, label: str | None = None) -> int:
        return self.step("const", (), (value, label))

    def build(self, expr) -> int:
        """The id of `expr`'s step, building its subexpressions first (iteratively: deep expressions work)."""
        ids: dict = {}
        pending: dict = {}
        stack = [(expr, False)]
        while stack:
            e, parts_done = stack.pop()
            if e in ids:
                continue
            if parts_done:
                parts, combine = pending.pop(e)
                ids[e] = combine([ids[p] for p in parts])
                continue
            parts, combine = self._decompose(e)
            if not parts:
                ids[e] = combine([])
                continue
            pending[e] = (parts, combine)
            stack.append((e, True))
            stack.extend((p, False) for p in reversed(parts) if p not in ids)
        return ids[expr]

    def _decompose(self, e) -> tuple[list, Callable[[list[int]], int]]:
        """The subexpressions `e` is made of, and how to combine their step ids into `e`'s."""
        import sympy

        from deckapp.answers.sympy_functions import relu, sigmoid

        if e.is_Symbol:
            return [], lambda _: self.step("input", (), str(e))
        if e.is_Number or e.is_NumberSymbol:
            return [], lambda _: self._constant(e)
        if e.is_Add:
            return self._decompose_add(e)
        if e.is_Mul:
            return self._decompose_mul(e)
        if e.is_Pow:
            return self._decompose_pow(e)
        functions = {sympy.exp: "exp", sympy.log: "log", sympy.sin: "sin", sympy.cos: "cos",
                     sympy.tanh: "tanh", sigmoid: "sigmoid", relu: "relu", sympy.Abs: "abs"}
        op = functions.get(e.func)
        if op is not None and len(e.args) == 1:
            return [e.args[0]], lambda ids: self.step(op, (ids[0],))
        written_out = _written_out(e)
        if written_out is not None:
            return [written_out], lambda ids: ids[0]
        raise TraceError(f"cannot trace {e}: the engine knows + - * / and powers, sqrt, "
                         f"{', '.join(FUNCTIONS)}, and tan, sinh, cosh, sech written with those")

    def _constant(self, e) -> int:
        """A number in the formula. Anything more (sqrt(2), exp(3)) is computed by the engine like the rest:
        SymPy's exact evaluation can take ages on something like exp(exp(exp(9)))."""
        try:
            value = float(e)
        except (TypeError, OverflowError):
            value = math.nan
        if not math.isfinite(value):
            text = str(e) if len(str(e)) <= 40 else f"{str(e)[:12]}... ({len(str(e))} characters)"
            raise TraceError(f"the number {text} is too large for floating point")
        return self.const(value, str(e) if e.is_NumberSymbol else None)

    def _decompose_add(self, e):
        # The printed order reads best, but SymPy computes it by evaluating constant terms numerically, which can
        # take ages (exp(exp(exp(9)))); such sums keep SymPy's canonical order, deterministic too.
        cheap = all(not t.is_number or t.is_Number or t.is_NumberSymbol for t in e.args)
        terms = list(e.as_ordered_terms()) if cheap else list(e.args)
        negative = [t.could_extract_minus_sign() for t in terms]
        parts = [-t if neg else t for t, neg in zip(terms, negative, strict=True)]

        def combine(ids):
            total = self.step("neg", (ids[0],)) if negative[0] else ids[0]
            for i, neg in zip(ids[1:], negative[1:], strict=True):
                total = self.step("-" if neg else "+", (total, i))
            return total

        return parts, combine

    def _decompose_mul(self, e):
        sign = 1
        numerator: list = []  # SymPy factors, or ("const", value) for integer coefficients
        denominator: list = []
        for f in e.as_ordered_factors():
            if f.is_Number:
                sign = -sign if f.is_negative else sign
                f = abs(f)
                if f.is_Rational:
                    if f.p != 1:
                        numerator.append(("const", float(f.p)))
                    if f.q != 1:
                        denominator.append(("const", float(f.q)))
                elif f != 1:
                    numerator.append(("const", float(f)))
            elif f.is_Pow and f.exp.is_Number and f.exp.is_negative:
                denominator.append(f.base ** -f.exp)
            else:
                numerator.append(f)
        parts = [f for f in numerator + denominator if not isinstance(f, tuple)]

        def combine(ids):
            it = iter(ids)

            def product_of(factors):
                result = None
                for f in factors:
                    i = self.const(f[1]) if isinstance(f, tuple) else next(it)
                    result = i if result is None else self.step("*", (result, i))
                return result

            top = product_of(numerator)
            bottom = product_of(denominator)
            if top is None:
                top = self.const(1.0)
            result = top if bottom is None else self.step("/", (top, bottom))
            return self.step("neg", (result,)) if sign < 0 else result

        return parts, combine

    def _decompose_pow(self, e):
        import sympy

        base, exponent = e.args
        if exponent.is_Number:
            if exponent == sympy.Rational(1, 2):
                return [base], lambda ids: self.step("sqrt", (ids[0],))
            if exponent.is_negative:
                return [base**-exponent], lambda ids: self.step("/", (self.const(1.0), ids[0]))
            p = float(exponent)
            return [base], lambda ids: self.step("**", (ids[0],), p)
        return [base, exponent], lambda ids: self.step("**v", (ids[0], ids[1]))


def _written_out(e):
    """Functions the parser knows but the engine has no node for, in terms of ones it has (None otherwise)."""
    import sympy

    if len(e.args) != 1:
        return None
    a = e.args[0]
    if e.func is sympy.tan:
        return sympy.sin(a) / sympy.cos(a)
    if e.func is sympy.sinh:
        return (sympy.exp(a) - sympy.exp(-a)) / 2
    if e.func is sympy.cosh:
        return (sympy.exp(a) + sympy.exp(-a)) / 2
    if e.func is sympy.sech:
        return 2 / (sympy.exp(a) + sympy.exp(-a))
    return None


def _forward(plan: _Plan, root: int, values: Mapping[str, float], names: Iterator[str]) -> Var:
    """Build the `Var` graph depth-first from the output, naming nodes as they are made."""
    made: dict[int, Var] = {}
    stack = [(root, False)]
    while stack:
        i, inputs_done = stack.pop()
        if i in made:
            continue
        op, inputs, parameter = plan.steps[i]
        if not inputs_done and inputs:
            stack.append((i, True))
            stack.extend((j, False) for j in reversed(inputs) if j not in made)
            continue
        if op == "input":
            node = plan.inputs[parameter] = Var(values[parameter], parameter)
        elif op == "const":
            node = constant(parameter[0])
            node.name = parameter[1]
        else:
            name = next(names)
            node = apply_op(op, [made[j] for j in inputs], parameter, name)
            node.name = name
        made[i] = node
    return made[root]


def apply_op(op: str, args: list[Var], parameter, name: str) -> Var:
    try:
        if op == "+":
            node = args[0] + args[1]
        elif op == "-":
            node = args[0] - args[1]
        elif op == "*":
            node = args[0] * args[1]
        elif op == "/":
            node = args[0] / args[1]
        elif op == "neg":
            node = -args[0]
        elif op == "**":
            node = args[0] ** parameter
        elif op == "**v":
            node = args[0] ** args[1]
        else:
            node = getattr(args[0], op)()
    except DomainError as exc:
        raise exc.at(name) from None
    if not (math.isfinite(node.value) and all(math.isfinite(g) for g in node.local_grads)):
        raise DomainError("overflow", node.op, node.inputs, name)
    return node
