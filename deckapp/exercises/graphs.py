"""Computational graphs: a forward pass (the output's value) and a backward pass (the gradient), node by node.

The numbers come from deckapp's own autodiff engine, the graph from tracing the SymPy expression; the worked
solution is the engine's forward/backward table.
"""

from __future__ import annotations

import random

import sympy

from deckapp.autodiff.render import drawing, format_number, table
from deckapp.autodiff.tracing import trace
from deckapp.exercises._common import answer_text, relu, sigmoid, tex, x, y, z
from deckapp.exercises.model import Exercise

SMOOTH = (sympy.exp, sympy.tanh, sympy.sin, sigmoid)


def _expression(rng: random.Random, difficulty: int):
    ops = (sympy.Add, sympy.Mul, lambda a, b: a - b)
    if difficulty == 1:
        first = rng.choice(ops)(x, y)
        return rng.choice(ops)(first, rng.choice([y, x, sympy.Integer(rng.randint(2, 4))])), (x, y)
    if difficulty == 2:
        f = rng.choice(SMOOTH + (relu,))
        inner = rng.choice(ops)(x, y)
        return rng.choice([f(inner) * z, f(inner * z) + y, (inner + z) * f(z)]), (x, y, z)
    shared = x * y
    f = rng.choice(SMOOTH)
    return rng.choice([f(shared + z) * shared, (shared + z) * (shared - z) + f(x), shared * f(z) + shared / 2]), \
        (x, y, z)


def _point(rng: random.Random, variables, difficulty: int) -> dict[str, float]:
    if difficulty < 3:
        values = [v for v in range(-3, 4) if v != 0]
        return {str(v): float(rng.choice(values)) for v in variables}
    return {str(v): round(rng.uniform(-2, 2), 1) or 0.5 for v in variables}


PRECISION = "Give numbers to at least 4 significant digits: answers are checked to within 0.1%."


def _setup(seed: int, difficulty: int):
    rng = random.Random(seed)
    while True:
        # SymPy simplifies as it builds ((x + y) - x is y): draw again until every input and two operations stay.
        expr, variables = _expression(rng, difficulty)
        point = _point(rng, variables, difficulty)
        graph = trace(expr, point)
        if expr.free_symbols == set(variables) and sum(1 for _ in _operations(graph.output)) >= 2:
            gradient = graph.backward()
            if all(_legible(v) for v in (graph.value, *gradient.values())):
                break
    names = tuple(str(v) for v in variables)
    at = ", ".join(f"{name} = {format_number(point[name])}" for name in names)
    return rng, expr, names, point, graph, gradient, at


def _legible(value: float) -> bool:
    """0, or large enough to write down: a saturated tanh leaves values like 3e-8 that a calculator shows as 0,
    and an answer of 0 would then be refused."""
    return value == 0 or abs(value) >= 1e-4


def _operations(output):
    from deckapp.autodiff import topological_order

    return (node for node in topological_order(output) if node.inputs)


def graph_forward(seed: int, difficulty: int) -> Exercise:
    _rng, expr, names, point, graph, _gradient, at = _setup(seed, difficulty)
    prompt = (f"The graph below computes $f({', '.join(names)}) = {tex(expr)}$. Run the forward pass at {at}: "
              f"compute every node's value and give the output's. {PRECISION}")
    steps = ("Forward pass, inputs first, each node from the nodes it uses:", table(graph.output))
    data = {"variables": list(names), "point": point, "output_value": graph.value}
    return Exercise("graph_forward", seed, difficulty, prompt, repr(graph.value), "number", (), steps,
                    given=answer_text(expr), shown_answer=format_number(graph.value),
                    figure=drawing(graph.output, values=False), data=data)


def graph_backward(seed: int, difficulty: int) -> Exercise:
    rng, expr, names, point, graph, gradient, at = _setup(seed, difficulty)
    signature = ", ".join(names)
    if difficulty == 1:
        wrt = rng.choice(names)
        asked = f"$\\frac{{\\partial f}}{{\\partial {wrt}}}$"
        answer = repr(gradient[wrt])
        shown = format_number(gradient[wrt])
        kind = "number"
    else:
        asked = "the gradient $(" + ", ".join(f"\\partial f/\\partial {n}" for n in names) + ")$"
        answer = "(" + ", ".join(repr(gradient[n]) for n in names) + ")"
        shown = "(" + ", ".join(format_number(gradient[n]) for n in names) + ")"
        kind = "vector"
    prompt = (f"The graph below computes $f({signature}) = {tex(expr)}$. Run the forward pass at {at}, then the "
              f"backward pass, and give {asked}. {PRECISION}")
    steps = ("Forward pass for the values and local gradients, then backward from the output: each node's "
             "gradient is the sum, over the nodes that use it, of their gradient times the local one.",
             table(graph.output))
    data = {"variables": list(names), "point": point, "input_gradients": {n: gradient[n] for n in names}}
    if difficulty == 1:
        data["variable"] = wrt
    return Exercise("graph_backward", seed, difficulty, prompt, answer, kind, (), steps,
                    given=answer_text(expr), shown_answer=shown, figure=drawing(graph.output, values=False),
                    data=data)
