"""What `deckapp grad` computes: an expression typed as text and a point typed as `x=1.5,y=-2` -> a graph
with its forward and backward passes done. The text goes through deckapp.answers.parser, never eval."""

from __future__ import annotations

import math

from deckapp.answers.lexer import name_problem
from deckapp.autodiff.tracing import Graph
from deckapp.autodiff.typed import graph_of
from deckapp.errors import UsageError

__all__ = ["gradient_at", "parse_point"]


def parse_point(text: str) -> dict[str, float]:
    """`x=1.5,y=-2` -> {"x": 1.5, "y": -2.0}, in the order given."""
    point: dict[str, float] = {}
    if not text.strip():
        return point
    for position, item in enumerate(text.split(","), start=1):
        name, equals, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name or not value:
            raise UsageError(f"--at: item {position} {item.strip()!r} should be NAME=NUMBER, e.g. --at x=1.5,y=-2")
        if not (name.isidentifier() and name[0] != "_"):
            raise UsageError(f"--at: {name!r} is not a variable name (a letter, then letters, digits or _)")
        problem = name_problem(name)  # a name the parser reads otherwise (sin, αβ), as check --vars refuses it
        if problem:
            raise UsageError(f"--at: {name!r} is not a variable name: {problem}")
        if name in point:
            raise UsageError(f"--at: {name} is given twice")
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--at: the value of {name} should be a number like 1.5 or -2e-3, not {value!r}") from None
        if not math.isfinite(number):
            raise UsageError(f"--at: the value of {name} should be a finite number, not {value!r}")
        point[name] = number
    return point


def gradient_at(expr_text: str, point: dict[str, float]) -> tuple[Graph, dict[str, float]]:
    """The graph of `expr_text` as typed, at `point`, after backward, and the gradient by variable name.

    Exactly the names in `point` are variables (so `w0` or `theta` work when given a value); any other name
    is reported as a variable without a value. The graph is built from deckapp.answers.parser's tree, node for node,
    never through SymPy: x/x at x = 0 is a division by zero, not 1.
    """
    from deckapp.answers.parser import Equation, MathParseError, Vector, parse

    try:
        tree = parse(expr_text, variables=list(point))
    except MathParseError as exc:
        if exc.name is not None and exc.name.isidentifier():
            given = ", ".join(point) or "none"
            raise UsageError(f"EXPR uses {exc.name}, which has no value in --at (values given for: {given}); "
                             f"add {exc.name}=NUMBER to --at") from None
        raise UsageError(f"EXPR: {exc}") from None
    if isinstance(tree, Vector | Equation):
        kind = "an equation" if isinstance(tree, Equation) else "a vector"
        raise UsageError(f"EXPR is {kind}; grad needs a single expression such as x*y + sin(x)")
    graph = graph_of(tree, point)
    return graph, graph.backward()
