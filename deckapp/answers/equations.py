"""Equations as solution sets: two equations are equivalent when they have the same real solutions.

The checker first tries its fast rule (one side-difference is a nonzero constant multiple of the other:
y = 2x - 1 and 2x - y = 1). When that fails — (x - y)(x + y) = 0 against |x| = |y| — the solution sets are
compared by sampling: points on each equation's solutions must satisfy the other equation.

Points on the solutions of F = 0 (F the left side minus the right) are found along one variable at a time, the
others held at sample values: where F changes sign between two values of a grid, bisection in floats narrows the
change to two adjacent floats; where |F| has a local minimum, a search finds whether it touches zero ((x - y)² = 0
never changes sign). Each such bracket is then checked in interval arithmetic (deckapp.answers.exact.enclose):
it holds a solution when F's interval over it is finite (no pole) and F has opposite signs at its two ends (or
its interval at a point contains 0). The other equation's side-difference G is surely not zero anywhere in the
bracket when its interval over the bracket excludes 0; it is taken as zero there when its interval still contains
0 (for the first few, after the bracket is narrowed by bisection in intervals to REFINED significant digits).
With decimals typed (the tolerance rule), the bracket is widened by the tolerance first: solutions agree to
within it.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass

from deckapp.answers.exact import context, enclose
from deckapp.answers.numeric import Imprecise, Undefined, evaluate
from deckapp.answers.sampling import points
from deckapp.answers.tree import BinOp, Equation, Node, variables_of

BASES = 2  # sample values of the other variables, per variable solved for
MAX_ROOTS = 12  # solutions checked, at most, each way
MAX_BRACKETS = 40  # candidates tried, at most, each way (near poles many are no solutions)
PER_SCAN = 6  # candidates, at most, along one variable with the others held: solutions from every scan
REFINE_FIRST = 2  # solutions narrowed to REFINED digits before they count, each way (the others: to a float)
REFINED = 25
WIDENINGS = 12  # a float bracket may be widened 4^12 times to find the sign change in intervals
TOUCHING = 1e-12  # a minimum of |F| this small beside its neighbours on the grid may touch zero
WORKING_DPS = 40
_NEAR_ZERO = [0.001 * 1.8 ** k for k in range(11)]
_STEPS = [0.0137 + 0.75 * k for k in range(54)]
_FAR = [40.0 * 2 ** k for k in range(1, 17)]  # floats, as every point of the grid is
GRID = sorted({sign * value for value in (*_NEAR_ZERO, *_STEPS, *_FAR) for sign in (1, -1)})


@dataclass(frozen=True)
class Solutions:
    """'equal', 'different' or 'undecided'; for 'different', a witness `point` that solves one equation and not
    the other: the expected one (`missing` from the answer) or the answer's (an extra solution); `undefined`
    when the other equation has no value there."""

    status: str
    point: dict[str, float] | None = None
    missing: bool = True
    undefined: bool = False


@dataclass(frozen=True)
class _Bracket:
    point: dict[str, float]  # the other variables, and `name` at the middle of the bracket
    name: str
    low: float
    high: float
    sign_change: bool  # False: a touching zero, or a point where F is 0 in floats

    @property
    def touching(self) -> bool:
        """A zero touched without a sign change: intervals cannot prove it is one, so it can show that the other
        equation holds there, never that it does not."""
        return not self.sign_change and self.low < self.high


def same_solutions(expected: Equation, answer: Equation, rel_tol: float, exact: bool, deadline: float) -> Solutions:
    """Whether the two equations have the same real solutions, as far as sampling and intervals can tell."""
    e_side = BinOp("-", expected.left, expected.right, 0)
    a_side = BinOp("-", answer.left, answer.right, 0)
    names = sorted(variables_of(e_side) | variables_of(a_side))
    if not names:
        return Solutions("undecided")
    widen = 0.0 if exact else rel_tol
    shared = []
    for source, target, missing in ((e_side, a_side, True), (a_side, e_side, False)):
        count = 0
        for tried, bracket in enumerate(_brackets(source, names, deadline)):
            verdict = _satisfies(target, source, bracket, widen, count < REFINE_FIRST, deadline)
            if verdict in ("off", "undefined") and not bracket.touching:
                return Solutions("different", bracket.point, missing, verdict == "undefined")
            count += verdict == "on"
            if count >= MAX_ROOTS or tried >= MAX_BRACKETS or time.monotonic() > deadline:
                break
        shared.append(count)
    return Solutions("equal" if all(shared) and time.monotonic() <= deadline else "undecided")


# -- finding solutions in floats --------------------------------------------------------------------------------

def _brackets(side: Node, names: list[str], deadline: float) -> Iterator[_Bracket]:
    """Brackets around solutions of side = 0, variable by variable, the others at sample values."""
    for name in names:
        others = [other for other in names if other != name]
        for base in points(others)[:BASES] if others else ({},):
            if time.monotonic() > deadline:
                return
            yield from itertools.islice(_along(side, dict(base), name), PER_SCAN)


def _along(side: Node, base: dict[str, float], name: str) -> Iterator[_Bracket]:
    """Brackets around solutions of side = 0 along `name`, those nearest 0 first."""
    values = [(t, _value(side, {**base, name: t})) for t in GRID]
    defined = [(t, v) for t, v in values if v is not None]
    places = []  # (how far from 0, what, index in defined)
    for index, (t, v) in enumerate(defined):
        before = defined[index - 1] if index else None
        after = defined[index + 1] if index + 1 < len(defined) else None
        if v == 0:
            places.append((abs(t), "zero", index))
        elif after and after[1] != 0 and (v < 0) != (after[1] < 0):
            places.append((min(abs(t), abs(after[0])), "change", index))
        if before and after and abs(v) < min(abs(before[1]), abs(after[1])) and before[1] * v > 0 < v * after[1]:
            places.append((abs(t), "dip", index))
    for _, what, index in sorted(places):
        t, v = defined[index]
        before = defined[index - 1] if index else None
        after = defined[index + 1] if index + 1 < len(defined) else None
        if what == "zero":  # a sign change across t, or a zero touched at t
            if before and after and before[1] * after[1] < 0:
                yield _Bracket({**base, name: t}, name, before[0], after[0], True)
            elif not (before and before[1] == 0):
                yield _Bracket({**base, name: t}, name, t, t, False)
        elif what == "change":
            found = _bisect(side, base, name, t, v, after[0])
            if found is not None:
                yield _Bracket({**base, name: (found[0] + found[1]) / 2}, name, found[0], found[1], True)
        else:
            yield from _dip(side, base, name, before, after, v)


def _value(side: Node, point: dict[str, float]) -> float | None:
    try:
        return evaluate(side, point)
    except ArithmeticError:
        return None


def _bisect(side: Node, base: dict, name: str, low: float, low_value: float, high: float):
    """Floats between which side changes sign, adjacent unless side rounds to 0 between them; None across a hole
    in its domain."""
    for _ in range(2200):
        middle = (low + high) / 2
        if middle in (low, high):
            return low, high
        value = _value(side, {**base, name: middle})
        if value is None:
            return None
        if value == 0:  # rounding: the sign change is somewhere between low and high, for intervals to find
            return low, high
        if (value < 0) == (low_value < 0):
            low, low_value = middle, value
        else:
            high = middle
    return low, high


def _dip(side: Node, base: dict, name: str, before: tuple, after: tuple, sign: float) -> Iterator[_Bracket]:
    """Where |side| dips between two grid values without a sign change there: two solutions close together
    (the search for the minimum meets the other sign), or a zero touched, or nothing."""
    low, high = before[0], after[0]
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(120):
        if high - low <= 4e-16 * max(1.0, abs(low), abs(high)):
            break
        left, right = high - ratio * (high - low), low + ratio * (high - low)
        left_value, right_value = _value(side, {**base, name: left}), _value(side, {**base, name: right})
        if left_value is None or right_value is None:
            return
        crossed = next(((t, value) for t, value in ((left, left_value), (right, right_value)) if value * sign < 0),
                       None)
        if crossed is not None:
            for start, end in ((before, crossed), (crossed, after)):
                found = _bisect(side, base, name, start[0], start[1], end[0])
                if found is not None:
                    yield _Bracket({**base, name: (found[0] + found[1]) / 2}, name, found[0], found[1], True)
            return
        if abs(left_value) < abs(right_value):
            high = right
        else:
            low = left
    where = (low + high) / 2
    value = _value(side, {**base, name: where})
    if value is not None and abs(value) <= TOUCHING * max(abs(before[1]), abs(after[1])):
        spread = max(high - low, 1e-15 * max(1.0, abs(where)))
        yield _Bracket({**base, name: where}, name, where - spread, where + spread, False)


# -- checking a solution in intervals ---------------------------------------------------------------------------

def _satisfies(target: Node, source: Node, bracket: _Bracket, widen: float, refine: bool,
               deadline: float) -> str | None:
    """'on' (target is zero in the bracket, narrowed first if `refine`), 'off' (surely not), 'undefined' (target
    surely has no value anywhere in the bracket), or None (the bracket holds no solution of source after all,
    or cannot tell)."""
    ctx = context()
    ctx.dps = WORKING_DPS
    low, high = ctx.mpf(bracket.low), ctx.mpf(bracket.high)
    point = {name: ctx.mpf(value) for name, value in bracket.point.items()}
    try:
        if bracket.sign_change:
            found = _sign_change(ctx, source, point, bracket.name, low, high)
            if found is None:
                return None
            low, high = found
        if not _holds_solution(ctx, source, point, bracket.name, low, high):
            return None
        verdict = _zero_in(ctx, target, point, bracket.name, low, high, widen)
        if verdict != "on" or not bracket.sign_change or not refine:
            return verdict
        low_sign = _sign(ctx, source, point, bracket.name, low)
        while high.b - low.a > ctx.mpf(10) ** -REFINED * max(1, abs(low.a), abs(high.b)):
            if time.monotonic() > deadline:
                return None
            middle = ctx.mpf(((low + high) / 2).mid)
            middle_sign = _sign(ctx, source, point, bracket.name, middle)
            if middle_sign == 0:  # a solution within the working precision of the middle
                low = high = middle
            elif middle_sign == low_sign:
                low = middle
            else:
                high = middle
        return _zero_in(ctx, target, point, bracket.name, low, high, widen)
    except (Imprecise, Undefined):
        return None


def _sign_change(ctx, side: Node, point: dict, name: str, low, high):
    """The bracket widened until side surely has opposite signs at its ends: the floats that found it carry
    rounding errors, so the true change of sign may lie a few ulps outside. None if it is not found close by."""
    width = max(high - low, abs(high) * 2.0 ** -52, ctx.mpf(2.0 ** -1074))
    for _ in range(WIDENINGS):
        if _sign(ctx, side, point, name, low) * _sign(ctx, side, point, name, high) < 0:
            return low, high
        low, high = low - width, high + width
        width *= 4
    return None


def _holds_solution(ctx, side: Node, point: dict, name: str, low, high) -> bool:
    """Whether side is finite over the bracket (no pole) and may be 0 in it."""
    whole = enclose(side, {**point, name: ctx.mpf([low.a, high.b])}, ctx)  # Imprecise at a pole
    return not (ctx.isinf(whole.a) or ctx.isinf(whole.b)) and whole.a <= 0 <= whole.b


def _sign(ctx, side: Node, point: dict, name: str, at) -> int:
    value = enclose(side, {**point, name: at}, ctx)
    return 1 if value.a > 0 else -1 if value.b < 0 else 0


def _zero_in(ctx, side: Node, point: dict, name: str, low, high, widen: float) -> str:
    spread = widen * max(abs(low.a), abs(high.b))
    try:
        value = enclose(side, {**point, name: ctx.mpf([low.a - spread, high.b + spread])}, ctx)
    except Undefined:
        return "undefined"
    return "on" if value.a <= 0 <= value.b else "off"

