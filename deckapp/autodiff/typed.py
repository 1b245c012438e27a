"""The computational graph of an expression as it was typed: deckapp.answers.parser's tree, node for node.

`deckapp grad` builds its graph here and never through SymPy, which simplifies as it builds (x/x would become 1,
x*x a square, x - x nothing), hiding the operations the student wrote and the domain errors they have. Every
operator and function in the text is one node: x*x is a `*` with x used twice, x/x a division, x - x a
subtraction. Each variable is one input node shared by all its uses; a subexpression typed twice is computed
twice. Three readings keep the graph as one draws it on the board:
- a minus sign right in front of a number is part of the number (`x * -2` multiplies by the constant -2);
- a power with a constant exponent is one node `**p` (x^2 is `**2`, x^(1/2) is `**0.5`); the exponent's own
  arithmetic is done by the engine but not drawn;
- tan, sinh, cosh and sech have no node of their own and are written with sin, cos and exp, as tracing.py does.
Intermediate nodes are named a, b, c, ... in the order the forward pass computes them, skipping the names of
variables and of the constants used. Pure Python: no SymPy.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from deckapp.answers.tree import BinOp, Call, Const, Equation, Neg, Node, Num, Vector, variables_of, walk
from deckapp.answers.tree import Var as Variable
from deckapp.autodiff.engine import Var, constant
from deckapp.autodiff.tracing import Graph, TraceError, apply_op, finite_value, listing, short_names

__all__ = ["graph_of"]

_FUNCTIONS = {"exp": "exp", "log": "log", "ln": "log", "sin": "sin", "cos": "cos", "tanh": "tanh",
              "sigmoid": "sigmoid", "relu": "relu", "abs": "abs", "sqrt": "sqrt"}
_OPERATORS = {"+": "+", "-": "-", "*": "*", "/": "/"}
_CONSTANTS = {"pi": math.pi, "e": math.e}


def graph_of(tree: Node, point: Mapping[str, float]) -> Graph:
    """The graph of the parsed expression `tree` with its forward pass done at `point` (variable name -> value).

    The inputs are exactly the names in `point`, in its order; one the expression does not use gets gradient 0.
    """
    if isinstance(tree, Vector | Equation):
        kind = "an equation" if isinstance(tree, Equation) else "a vector"
        raise TraceError(f"the expression is {kind}; a graph computes a single expression such as x*y + sin(x)")
    values = {str(name): finite_value(name, value) for name, value in point.items()}
    missing = sorted(variables_of(tree) - values.keys())
    if missing:
        given = ", ".join(values) or "none"
        raise TraceError(f"no value for {listing(missing)} (values were given for: {given})")
    inputs = {name: Var(value, name) for name, value in values.items()}
    output = _Builder(inputs, short_names(values.keys() | _constants_of(tree))).build(tree)
    return Graph(output, inputs)


class _Builder:
    """Builds `Var` nodes from a tree, inputs before the operation that uses them, left operand first."""

    def __init__(self, inputs: Mapping[str, Var], names: Iterator[str] | None):
        self.inputs = inputs
        self.names = names  # None: nodes stay unnamed (a constant exponent, which is not drawn)

    def build(self, tree: Node) -> Var:
        """Iterative post-order: the parser's limits keep trees small, but a stack costs nothing here."""
        results: list[Var] = []
        stack: list[tuple[Node, bool]] = [(tree, False)]
        while stack:
            node, operands_done = stack.pop()
            operands = _operands(node)
            if operands and not operands_done:
                stack.append((node, True))
                stack.extend((operand, False) for operand in reversed(operands))
                continue
            args = results[len(results) - len(operands):]
            del results[len(results) - len(operands):]
            results.append(self._make(node, args))
        return results[0]

    def _make(self, node: Node, args: list[Var]) -> Var:
        if isinstance(node, Num):
            return constant(float(node.value))
        if isinstance(node, Variable):
            return self.inputs[node.name]
        if isinstance(node, Const):
            leaf = constant(_CONSTANTS[node.name])
            leaf.name = node.name
            return leaf
        if isinstance(node, Neg):
            if isinstance(node.arg, Num):
                return constant(-float(node.arg.value))
            return self._op("neg", args)
        if isinstance(node, Call):
            return self._call(node.func, args[0])
        if isinstance(node, BinOp) and node.op in _OPERATORS:
            return self._op(_OPERATORS[node.op], args)
        if isinstance(node, BinOp) and node.op == "^":
            if len(args) == 1:
                return self._op("**", args, _Builder({}, None).build(node.right).value)
            return self._op("**v", args)
        raise TraceError(f"cannot build a graph node for {type(node).__name__}")  # the parser makes no other

    def _call(self, func: str, a: Var) -> Var:
        op = _FUNCTIONS.get(func)
        if op is not None:
            return self._op(op, [a])
        if func == "tan":
            return self._op("/", [self._op("sin", [a]), self._op("cos", [a])])
        if func in ("sinh", "cosh", "sech"):
            up = self._op("exp", [a])
            down = self._op("exp", [self._op("neg", [a])])
            if func == "sinh":
                return self._op("/", [self._op("-", [up, down]), constant(2.0)])
            total = self._op("+", [up, down])
            return self._op("/", [total, constant(2.0)]) if func == "cosh" else self._op("/", [constant(2.0), total])
        raise TraceError(f"cannot build a graph node for the function {func}")

    def _op(self, op: str, args: list[Var], parameter: float | None = None) -> Var:
        name = None if self.names is None else next(self.names)
        node = apply_op(op, args, parameter, name)
        node.name = name
        return node


def _constants_of(tree: Node) -> set[str]:
    return {node.name for node in walk(tree) if isinstance(node, Const)}


def _operands(node: Node) -> tuple[Node, ...]:
    """The subtrees whose nodes are inputs of `node`'s node (a constant exponent and a signed number have none)."""
    if isinstance(node, Neg):
        return () if isinstance(node.arg, Num) else (node.arg,)
    if isinstance(node, Call):
        return (node.arg,)
    if isinstance(node, BinOp):
        if node.op == "^" and not variables_of(node.right):
            return (node.left,)
        return (node.left, node.right)
    return ()
