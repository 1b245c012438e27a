"""Where the checker compares answers: pseudo-random points, and probes where piecewise functions bend and
domains begin.

The pseudo-random points lie within ±40, so on their own they cannot tell relu(x - 45) from 0 or |x - 50| from
50 - x, nor find a point where sqrt(x - 100) is defined. So every argument whose sign changes the formula —
of relu, abs, sqrt, log and of a power with a fractional or variable exponent — is an edge: where it is linear in
one variable (the others held at a sample point) its zero is solved for, and the probes sit on both sides of it;
where it is not, the probes are a few far points along that variable.

Pure Python and light (no SymPy): deck validation calls `undefined_everywhere` on every typed answer.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Iterator, Sequence

from deckapp.answers.numeric import Undefined, evaluate
from deckapp.answers.tree import BinOp, Call, Equation, Node, Num, Vector, canonical, variables_of, walk

_SEED = 20240117
EDGE_FUNCTIONS = frozenset({"relu", "abs", "sqrt", "log", "ln"})
OFFSETS = (0.37, 1.3, 0.013, 4.7, 17.3)  # from an edge, on both sides
FAR = (137.3, 1373.7, 13737.3, 137373.7, 1373737.3, 13737373.7)
_TRIAL = (0.3137, 1.7291, 5.1193)  # three values of a variable to test an edge's argument for linearity
MAX_ROOT = 1e9
MAX_PROBES = 120
BASE_POINTS = 2  # sample points at which the other variables are held


def points(names: Iterable[str]) -> tuple[dict[str, float], ...]:
    """The same pseudo-random points every time, from near zero, positive and wide ranges in turn; never whole
    or half numbers (where removable singularities and special values hide). Shared: do not change them."""
    return _points(tuple(names))


@functools.lru_cache(maxsize=64)
def _points(names: tuple[str, ...]) -> tuple[dict[str, float], ...]:
    if not names:
        return ({},)
    rng = random.Random(_SEED + len(names))
    ranges = [(-3.0, 3.0), (0.05, 4.0), (-12.0, 12.0), (-3.0, 3.0), (-40.0, 40.0), (0.05, 4.0), (-12.0, 12.0),
              (0.001, 0.2)] * 8
    found = []
    for low, high in ranges:
        point = {}
        for name in names:
            value = 0.0
            while abs(value) < 0.05 or (value * 2).is_integer():
                value = round(rng.uniform(low, high), 3)
                if high <= 0.2:
                    break
            point[name] = value
        found.append(point)
    return tuple(found)


def edges(trees: Iterable[Node]) -> list[Node]:
    """The arguments, in `trees`, whose sign changes the formula: relu(g), |g|, sqrt(g), log(g), g^(1/2), g^x."""
    found: dict[tuple, Node] = {}
    for node in walk(*trees):
        edge = None
        if isinstance(node, Call) and node.func in EDGE_FUNCTIONS:
            edge = node.arg
        elif isinstance(node, BinOp) and node.op == "^" and not _whole_number(node.right):
            edge = node.left
        if edge is not None and variables_of(edge):
            found.setdefault(canonical(edge), edge)
    return list(found.values())


def power_bases(trees: Iterable[Node]) -> list[Node]:
    """The bases of whole-number powers, g in g^n: near a zero of g the value is small, and only there does a
    relative tolerance see a constant added to the answer (15(3x+5)^4 + 1 against 15(3x+5)^4 is 1 in 1555 or
    less at every point more than 1 from x = -5/3)."""
    found: dict[tuple, Node] = {}
    for node in walk(*trees):
        if isinstance(node, BinOp) and node.op == "^" and _whole_number(node.right) and variables_of(node.left):
            found.setdefault(canonical(node.left), node.left)
    return list(found.values())


def probes(trees: Iterable[Node], base: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """Points on both sides of every edge of `trees` (or far along it), and around the zeros of power bases that
    are linear in a variable, the other variables held at `base`."""
    trees = tuple(trees)
    found: list[dict[str, float]] = []
    spots = [(edge, True) for edge in edges(trees)] + [(power, False) for power in power_bases(trees)]
    for edge, far_too in spots:
        for point in base[:BASE_POINTS] if len(variables_of(edge)) > 1 else base[:1]:
            for name in sorted(variables_of(edge)):
                for value in _along(edge, point, name, far_too):
                    probe = {**point, name: value}
                    if probe not in found:
                        found.append(probe)
                    if len(found) >= MAX_PROBES:
                        return found
    return found


def _along(edge: Node, point: dict[str, float], name: str, far_too: bool = True) -> list[float]:
    """Values of `name` around the zero of `edge` (linear in it), or far out (not linear; only if `far_too`)."""
    far = _far() if far_too else []
    values = []
    for trial in _TRIAL:
        try:
            values.append(evaluate(edge, {**point, name: trial}))
        except ArithmeticError:
            return far
    (t1, t2, t3), (g1, g2, g3) = _TRIAL, values
    slope = (g2 - g1) / (t2 - t1)
    if slope == 0 and g1 == g3:
        return []  # constant along this variable
    predicted = g1 + slope * (t3 - t1)
    if slope == 0 or abs(g3 - predicted) > 1e-9 * (abs(g1) + abs(g2) + abs(g3)):
        return far
    root = t1 - g1 / slope
    if not abs(root) <= MAX_ROOT:
        return far
    return [round(root + sign * offset, 6) for offset in OFFSETS for sign in (1, -1)]


def _far() -> list[float]:
    return [sign * value for value in FAR for sign in (1, -1)]


def _whole_number(node: Node) -> bool:
    """An exponent such as 2 or -1: the power is defined on both sides of 0 (a pole is not an edge)."""
    if isinstance(node, Num):
        return node.value.denominator == 1
    if variables_of(node):
        return False
    try:
        return evaluate(node, {}).is_integer()
    except ArithmeticError:
        return False


def undefined_everywhere(tree: Node) -> str | None:
    """Why an answer (as parsed) has no real value at any point tried — "undefined: division by zero" for 1/0,
    "undefined at every real point tried: ..." for sqrt(-1 - x^2) — or None when it has one somewhere (or only
    overflows, or is lost to rounding: those say nothing about where it is defined)."""
    if isinstance(tree, Vector | Equation):
        items = tree.items if isinstance(tree, Vector) else (tree.left, tree.right)
        return next((reason for item in items if (reason := undefined_everywhere(item)) is not None), None)
    names = sorted(variables_of(tree))
    reason = None
    for point in _everywhere(tree, names):
        try:
            evaluate(tree, point)
        except Undefined as exc:
            reason = reason or str(exc)
            continue
        except ArithmeticError:
            return None
        return None
    return f"undefined at every real point tried: {reason}" if names else f"undefined: {reason}"


def _everywhere(tree: Node, names: list[str]) -> Iterator[dict[str, float]]:
    base = points(names)
    yield from base
    yield from probes([tree], base)
