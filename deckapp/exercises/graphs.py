"""Computational graphs: build one (how many operation nodes, the value of an inner node), run its forward pass
(the output's value) and its backward pass (the gradient), node by node.

The numbers come from deckapp's own autodiff engine, the graph from tracing the SymPy expression; the worked
solution is the engine's forward/backward table. Every variant is worth doing: no node's value is 0 (no inputs
that cancel, no relu switched off, never a relu at its kink) and no input's gradient is 0.
"""

from __future__ import annotations

import random

import sympy

from deckapp.answers.sympy_functions import relu, sigmoid
from deckapp.autodiff import topological_order
from deckapp.autodiff.render import drawing, format_number, formula, labels, table
from deckapp.autodiff.tracing import trace
from deckapp.exercises.model import Exercise

x, y, z = sympy.symbols("x y z")
SMOOTH = (sympy.exp, sympy.tanh, sympy.sin, sigmoid)
OPS = (sympy.Add, sympy.Mul, lambda a, b: a - b)
PRECISION = "Give numbers to at least 4 significant digits: answers are checked to within 0.1%."
CONVENTION = ("Count each operation (+, −, ·, /, a power, a function) as one node and each input as a leaf; "
              "constants are not nodes, and a subexpression used twice is one node.")


def _constant(rng: random.Random):
    return sympy.Integer(rng.randint(2, 9))


def _expression(rng: random.Random, difficulty: int):
    op = lambda: rng.choice(OPS)  # noqa: E731
    if difficulty == 1:
        first = rng.choice([op()(x, y), op()(x, _constant(rng)), op()(_constant(rng), y)])
        leaf = rng.choice([x, y, _constant(rng)])
        return (op()(first, leaf) if rng.random() < 0.5 else op()(leaf, first)), (x, y)
    if difficulty == 2:
        f = rng.choice((*SMOOTH, relu))
        inner = rng.choice([op()(x, y), op()(x, y), op()(_constant(rng), x) + y])
        c = _constant(rng)
        return rng.choice([f(inner) * z, f(inner * z) + y, (inner + z) * f(z), c * f(inner) - z,
                           f(inner) * (z - c), f(inner - z) * x]), (x, y, z)
    shared = rng.choice([x * y, x + y, x - y, x * y + z])
    f, c = rng.choice(SMOOTH), _constant(rng)
    return rng.choice([f(shared + z) * shared, (shared + z) * (shared - z) + f(x), shared * f(z) + shared / c,
                       f(shared) * shared + z, (shared - c) * f(shared * z), f(shared) + shared * (z + c)]), (x, y, z)


def _point(rng: random.Random, variables, difficulty: int) -> dict[str, float]:
    if difficulty < 3:
        values = [v for v in range(-3, 4) if v != 0]
        return {str(v): float(rng.choice(values)) for v in variables}
    return {str(v): round(rng.uniform(-2, 2), 1) or 0.5 for v in variables}


def _operations(output):
    return [node for node in topological_order(output) if node.inputs]


def _worth_doing(expr, variables, graph, gradient) -> bool:
    """Every input used, two operations at least, no node worth 0, no input whose gradient is 0, and numbers
    large enough to write down (a saturated tanh leaves values like 3e-8 that a calculator shows as 0)."""
    operations = _operations(graph.output)
    if expr.free_symbols != set(variables) or len(operations) < 2:
        return False
    values = [node.value for node in operations] + list(gradient.values())
    return all(abs(v) >= 1e-4 for v in values)


def _setup(seed: int, difficulty: int, accept=None):
    rng = random.Random(seed)
    while True:
        # SymPy simplifies as it builds ((x + y) - x is y): draw again until the variant is worth doing.
        expr, variables = _expression(rng, difficulty)
        point = _point(rng, variables, difficulty)
        graph = trace(expr, point)
        gradient = graph.backward()
        if _worth_doing(expr, variables, graph, gradient) and (accept is None or accept(expr, graph)):
            break
    names = tuple(str(v) for v in variables)
    at = ", ".join(f"{name} = {format_number(point[name])}" for name in names)
    return rng, expr, names, point, graph, gradient, f"${at}$"


def _data(names, point) -> dict:
    return {"variables": list(names), "point": point}


def graph_forward(seed: int, difficulty: int) -> Exercise:
    _rng, expr, names, point, graph, _gradient, at = _setup(seed, difficulty)
    prompt = (f"The graph below computes $f({', '.join(names)}) = {sympy.latex(expr)}$. Run the forward pass at "
              f"{at}: compute every node's value and give the output's. {PRECISION}")
    steps = ("Forward pass, inputs first, each node from the nodes it uses:", table(graph.output))
    data = {**_data(names, point), "output_value": graph.value}
    return Exercise("graph_forward", seed, difficulty, prompt, repr(graph.value), "number", (), steps,
                    given=str(expr), shown_answer=f"${format_number(graph.value)}$",
                    figure=drawing(graph.output, values=False), data=data)


def graph_backward(seed: int, difficulty: int) -> Exercise:
    rng, expr, names, point, graph, gradient, at = _setup(seed, difficulty)
    data = {**_data(names, point), "input_gradients": {n: gradient[n] for n in names}}
    if difficulty == 1:
        wrt = rng.choice(names)
        asked = f"$\\frac{{\\partial f}}{{\\partial {wrt}}}$"
        answer, kind = repr(gradient[wrt]), "number"
        shown = f"${format_number(gradient[wrt])}$"
        data["variable"] = wrt
    else:
        asked = "the gradient $(" + ", ".join(f"\\partial f/\\partial {n}" for n in names) + ")$"
        answer = "(" + ", ".join(repr(gradient[n]) for n in names) + ")"
        shown = r"$\left(" + ", ".join(format_number(gradient[n]) for n in names) + r"\right)$"
        kind = "vector"
    prompt = (f"The graph below computes $f({', '.join(names)}) = {sympy.latex(expr)}$. Run the forward pass at "
              f"{at}, then the backward pass, and give {asked}. {PRECISION}")
    steps = ("Forward pass for the values and local gradients, then backward from the output: each node's "
             "gradient is the sum, over the nodes that use it, of their gradient times the local one.",
             table(graph.output))
    return Exercise("graph_backward", seed, difficulty, prompt, answer, kind, (), steps,
                    given=str(expr), shown_answer=shown, figure=drawing(graph.output, values=False),
                    data=data)


def _inner_nodes(expr) -> list:
    """Subexpressions that are nodes of the traced graph: operations, not the output, not a negated term (the
    graph subtracts it instead). graph_build asks for one of two operations or more where there is one: the
    value of x*y at a small integer point is no exercise."""
    found = []
    for sub in sympy.preorder_traversal(expr):
        if sub is not expr and not sub.is_Atom and not sub.could_extract_minus_sign() and sub not in found:
            found.append(sub)
    return found


def _one_way_to_count(expr, graph) -> bool:
    """Whether the formula as shown has one count of operation nodes: the drawn graph's equals the number of
    different operations in the formula as a student reads it. Not so for -x*sin(-x + y): -(x·sin(…)) is
    six nodes, (-x)·sin(…) sharing -x is five."""
    from deckapp.answers.parser import parse
    from deckapp.answers.tree import BinOp, Call, Neg, render, walk

    tree = parse(str(expr), variables=[str(v) for v in expr.free_symbols])
    return len({render(node) for node in walk(tree) if isinstance(node, BinOp | Call | Neg)}) == \
        len(_operations(graph.output))


def graph_build(seed: int, difficulty: int) -> Exercise:
    # Two inputs and two operations leave nothing to count (the answer was 2 four times in five): count the
    # operations of a formula with a function in it from difficulty 1.
    rng, expr, names, point, graph, _gradient, at = _setup(seed, max(difficulty, 2), accept=_one_way_to_count)
    operations = _operations(graph.output)
    inner = [node for node in _inner_nodes(expr) if sympy.count_ops(node) >= 2] or _inner_nodes(expr)
    signature = f"$f({', '.join(names)}) = {sympy.latex(expr)}$"
    data = _data(names, point)
    if difficulty == 2 or (difficulty == 3 and rng.random() < 0.5 and inner):
        node = rng.choice(inner)
        node_value = trace(node, point).value
        prompt = (f"Build the computational graph of {signature} and run its forward pass at {at}. What is the "
                  f"value of the node that computes ${sympy.latex(node)}$? {PRECISION}")
        answer, shown = repr(node_value), f"${format_number(node_value)}$"
        data["node"] = str(node)
        last = f"The node ${sympy.latex(node)}$ has the value ${format_number(node_value)}$."
    else:
        prompt = f"Build the computational graph of {signature}. How many operation nodes does it have? {CONVENTION}"
        answer, shown = str(len(operations)), f"${len(operations)}$"
        shown_as = labels(graph.output)
        last = f"{len(operations)} operation nodes: " + ", ".join(
            f"{shown_as[node]} = {formula(node, shown_as)}" for node in operations) + "."
    steps = ("The graph, inputs at the bottom, the output at the top:", drawing(graph.output, values=False),
             f"Its forward pass at {at}:", table(graph.output), last)
    return Exercise("graph_build", seed, difficulty, prompt, answer, "number", (), steps, given=str(expr),
                    shown_answer=shown, data=data)
