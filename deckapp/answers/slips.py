"""Recognising common slips in a wrong answer, cheaply, from values at points the checker already sampled.

A sign error (the whole answer, or one term), a constant factor off, a missing factor of a product (often the
inner derivative of the chain rule). Each test re-evaluates parts of the expected tree at the same points, so a
diagnosis costs a few hundred float operations.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

from deckapp.answers.feedback import Said, number_apart, say
from deckapp.answers.numeric import evaluate
from deckapp.answers.tree import BinOp, Call, Const, Neg, Node, Num, Var, operands, variables_of

Values = list[tuple[dict, float, float]]  # (point, expected value, answer value)


def diagnose(expected: Node, answer: Node, values: Values, close: Callable[[float, float], bool]) -> Said | None:
    """A short hint naming the slip, or None when none is recognised."""
    # Points where either side underflowed to 0 or is huge (or beyond a float) say nothing about a slip's shape.
    values = [v for v in values if not v[0] or all(isinstance(x, float | int) and 0 < abs(x) < 1e150 for x in v[1:])]
    if len(values) < 2 and not (values and not values[0][0]):
        return None
    pairs = [(want, got) for _, want, got in values]
    if all(close(-want, got) for want, got in pairs):
        return say("a sign error: your answer is the negative of the expected one")
    chain = _has_inner_function(expected)
    ratio = _constant_ratio(pairs, close)
    if ratio is not None and values[0][0]:
        hint = say(f"your answer is {_simple(ratio, close)} times the expected one")
        return hint + " — did you forget the inner derivative (chain rule)?" if chain else hint
    term = _flipped_term(expected, values, close)
    if term is not None:
        return say("check the sign of the term ", term)
    factor = _missing_factor(expected, values, close)
    if factor is not None:
        hint = say("your answer is missing the factor ", factor)
        return hint + " — the inner derivative of the chain rule?" if chain else hint
    return None


def _constant_ratio(pairs: list[tuple[float, float]], close) -> float | None:
    ratios = [got / want for want, got in pairs if want != 0]
    if len(ratios) < 2 or not all(close(ratios[0], r) for r in ratios) or close(1.0, ratios[0]):
        return None
    return ratios[0] if ratios[0] != 0 else None


def _flipped_term(expected: Node, values: Values, close) -> Node | None:
    terms = operands(expected, "+-")
    if len(terms) < 2:
        return None
    for index, (_, term) in enumerate(terms):
        try:
            if all(close(_sum(terms, point, flip=index), got) for point, _, got in values):
                return term
        except ArithmeticError:
            continue
    return None


def _missing_factor(expected: Node, values: Values, close) -> Node | None:
    """The fewest factors of the expected product whose absence (up to a constant) gives the answer."""
    factors = operands(expected, "*/")
    if not 2 <= len(factors) <= 8:
        return None
    for size in range(1, len(factors)):
        for dropped in itertools.combinations(range(len(factors)), size):
            if any(factors[i][0] != 1 for i in dropped) or not any(variables_of(factors[i][1]) for i in dropped):
                continue
            kept = [f for i, f in enumerate(factors) if i not in dropped]
            if not any(variables_of(node) for _, node in kept):
                continue
            ratio = _ratio_to(kept, values, close)
            if ratio is not None:
                return _scaled(_simple(1 / ratio, close), _times([factors[i][1] for i in dropped]))
    return None


def _ratio_to(kept, values: Values, close) -> float | None:
    """c when answer = c * (product of `kept`) at every usable point."""
    ratios = []
    for point, _, got in values:
        try:
            base = _product(kept, point)
        except ArithmeticError:
            continue
        if base == 0:
            continue
        ratios.append(got / base)
    if len(ratios) >= 2 and ratios[0] != 0 and all(close(ratios[0], r) for r in ratios):
        return ratios[0]
    return None


def _simple(value: float, close) -> str:
    """1/3 for 0.33333; otherwise the value with the digits that keep it from reading as 1 (1.00001, not 1)."""
    simple = Fraction(value).limit_denominator(12)
    return str(simple) if close(float(simple), value) else number_apart(value, 1.0)


def _scaled(scale: str, node: Node) -> Node:
    """`scale` (as _simple writes it: 1, -1, 1/3, 2.5) times `node`, without a factor 1 or a double minus."""
    if scale.startswith("-"):
        return _negated(_scaled(scale[1:], node))
    if scale == "1":
        return node
    numerator, _, denominator = scale.partition("/")
    number: Node = Num(numerator, Fraction(numerator), 0)
    if denominator:
        number = BinOp("/", number, Num(denominator, Fraction(denominator), 0), 0)
    return BinOp("*", number, node, 0)


def _negated(node: Node) -> Node:
    return node.arg if isinstance(node, Neg) else Neg(node, 0)


def _times(nodes: list[Node]) -> Node:
    node = nodes[0]
    for other in nodes[1:]:
        node = BinOp("*", node, other, 0)
    return node


def _sum(terms, point, flip=-1) -> float:
    return sum((-sign if i == flip else sign) * evaluate(term, point) for i, (sign, term) in enumerate(terms))


def _product(factors, point) -> float:
    value = 1.0
    for power, factor in factors:
        value = value * evaluate(factor, point) if power == 1 else value / evaluate(factor, point)
    return value


def _has_inner_function(node: Node) -> bool:
    """A function of something other than a bare variable: sin(3x), e^(x^2), (2x+1)^3."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Call):
            if not isinstance(item.arg, Var | Num | Const):
                return True
            stack.append(item.arg)
        elif isinstance(item, BinOp):
            if item.op == "^" and variables_of(item.right):
                return True
            if item.op == "^" and not isinstance(item.left, Var | Num | Const) and variables_of(item.left):
                return True
            stack.extend((item.left, item.right))
        elif isinstance(item, Neg):
            stack.append(item.arg)
    return False
