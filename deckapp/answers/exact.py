"""Deciding at a point what floating point cannot: exact rational arithmetic, else high-precision intervals.

The float stage (deckapp.answers.numeric) carries a bound on its rounding error, and a point where that bound
could hide a difference is no evidence. Here such a point is decided. A polynomial or rational function with
rational coefficients (numbers, variables, + - * / and whole powers) is evaluated exactly, in fractions, at the
point's decimal value. Anything else is evaluated in interval arithmetic (mpmath's, which SymPy already brings):
each value is an interval certain to hold the true one, so a difference whose interval lies outside the
tolerance is real. The working precision starts at START_DPS digits and is raised until the interval of the
difference either lies outside the tolerance (differ), inside it (agree), or is narrower than 10^-ZERO_DIGITS
(agree: equal to ZERO_DIGITS decimal places — how sqrt(2x·sqrt(x²+1) + 2x² + 1) - sqrt(x²+1) - x is found to be 0),
or until MAX_DPS digits or the deadline (weak: no evidence either way).

Points are read as the decimals they print as (0.147 is 147/1000), so the two stages and the feedback agree on
where a point is. A value is undefined (Undefined) exactly where the float stage says so: division by zero, log
or sqrt of a negative number, a fractional power of a negative number; an interval that straddles such an edge
is Imprecise until the precision settles it.
"""

from __future__ import annotations

import math
import operator
import threading
import time
from dataclasses import dataclass
from fractions import Fraction

from deckapp.answers.numeric import Imprecise, Undefined
from deckapp.answers.tree import BinOp, Call, Const, Neg, Node, Num, Var

START_DPS = 30
ZERO_DIGITS = 40
MAX_DPS = 2500
MAX_DEGREE = 4000  # beyond this a "rational function" is cheaper in intervals than in fractions
_TRIG_LIMIT = 10 ** 400  # sin of a larger argument needs more precision than it is worth: Imprecise
_EXP_LIMIT = 10 ** 7  # e^(10^7) has 4 million digits before the point: beyond it, Imprecise
_LOCAL = threading.local()
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul}


@dataclass(frozen=True)
class Decision:
    """The outcome at one point: 'agree', 'differ', 'weak' (no evidence), 'skip' (the expected value is
    undefined there) or 'undefined' (the answer is undefined where the expected value is not); `want` and `got`
    are the two values for feedback (floats, or mpmath numbers too large for a float), `gap` their difference."""

    verdict: str
    want: object = None
    got: object = None
    gap: object = None  # got - want, computed at the precision that decided (the two may agree to 400 digits)


def compare(expected: tuple[Node, dict], answer: tuple[Node, dict], rel_tol: float, deadline: float) -> Decision:
    """Whether answer's tree at its point equals expected's tree at its point, to `rel_tol` times the expected
    value (0: exactly). The trees are scalar; the points map variables to floats or Fractions."""
    (e_tree, e_point), (a_tree, a_point) = expected, answer
    if rational(e_tree) and rational(a_tree):
        return _compare_exactly(e_tree, _exact_point(e_point), a_tree, _exact_point(a_point), rel_tol)
    return _compare_in_intervals(e_tree, e_point, a_tree, a_point, rel_tol, deadline)


# -- exact rational arithmetic ------------------------------------------------------------------------------------

def rational(tree: Node) -> bool:
    """Whether `tree` is a rational function with rational coefficients, of a degree fractions handle quickly."""
    degree = _degree(tree)
    return degree is not None and degree <= MAX_DEGREE


def _degree(node: Node) -> int | None:
    if isinstance(node, Num):
        return 0
    if isinstance(node, Var):
        return 1
    if isinstance(node, Neg):
        return _degree(node.arg)
    if not isinstance(node, BinOp):
        return None
    left = _degree(node.left)
    if node.op == "^":
        power = _whole(node.right)
        return None if left is None or power is None else left * abs(power)
    right = _degree(node.right)
    if left is None or right is None:
        return None
    return max(left, right) if node.op in "+-" else left + right


def _whole(node: Node) -> int | None:
    """The integer a constant exponent such as 3 or -1 spells, else None."""
    if isinstance(node, Neg):
        inner = _whole(node.arg)
        return None if inner is None else -inner
    if isinstance(node, Num) and node.value.denominator == 1:
        return int(node.value)
    return None


def exact_value(tree: Node, point: dict[str, Fraction]) -> Fraction:
    """The exact value of a rational tree at a rational point; raises Undefined on a division by zero."""
    if isinstance(tree, Num):
        return tree.value
    if isinstance(tree, Var):
        return point[tree.name]
    if isinstance(tree, Neg):
        return -exact_value(tree.arg, point)
    assert isinstance(tree, BinOp)
    left = exact_value(tree.left, point)
    if tree.op == "^":
        power = _whole(tree.right)
        if left == 0 and power < 0:
            raise Undefined("division by zero")
        return left ** power
    right = exact_value(tree.right, point)
    if tree.op == "/":
        if right == 0:
            raise Undefined("division by zero")
        return left / right
    return _ARITHMETIC[tree.op](left, right)


def _exact_point(point: dict) -> dict[str, Fraction]:
    return {name: _fraction(value) for name, value in point.items()}


def _fraction(value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(repr(float(value)))


def _compare_exactly(e_tree, e_point, a_tree, a_point, rel_tol: float) -> Decision:
    try:
        want = exact_value(e_tree, e_point)
    except Undefined:
        return Decision("skip")
    try:
        got = exact_value(a_tree, a_point)
    except Undefined:
        return Decision("undefined", _shown(want))
    agree = abs(got - want) <= Fraction(rel_tol) * abs(want)
    return Decision("agree" if agree else "differ", _shown(want), _shown(got), _shown(got - want))


def _shown(value):
    """A value for feedback: a float, or an mpmath number when it is too large for one."""
    try:
        shown = float(value)
    except OverflowError:
        shown = math.inf
    if math.isinf(shown):
        import mpmath

        if isinstance(value, Fraction):
            return mpmath.mpf(value.numerator) / value.denominator
        return mpmath.mpf(value)
    return shown


# -- interval arithmetic ------------------------------------------------------------------------------------------

def _compare_in_intervals(e_tree, e_point, a_tree, a_point, rel_tol: float, deadline: float) -> Decision:
    ctx = context()
    dps = START_DPS
    while dps <= MAX_DPS and time.monotonic() < deadline:
        ctx.dps = dps
        try:
            want = enclose(e_tree, _interval_point(ctx, e_point), ctx)
        except Undefined:
            return Decision("skip")
        except Imprecise:
            dps = _more_digits(dps)
            continue
        try:
            got = enclose(a_tree, _interval_point(ctx, a_point), ctx)
        except Undefined:
            return Decision("undefined", _shown(want.mid))
        except Imprecise:
            dps = _more_digits(dps)
            continue
        verdict, magnitude = _judge(ctx, want, got, rel_tol)
        if verdict != "weak":
            return Decision(verdict, _shown(want.mid), _shown(got.mid), _shown((got - want).mid))
        # the difference's interval is 10^magnitude wide: enough digits more to bring it below the zero floor
        dps += max(START_DPS, int(ZERO_DIGITS + magnitude + 10))
    return Decision("weak")


def _more_digits(dps: int) -> int:
    """After an Imprecise: three times the digits, twice at most (a domain edge that is exactly 0, as in
    sqrt(sin(x)^2 + cos(x)^2 - 1), stays Imprecise at any precision: it is SymPy's)."""
    return dps * 3 if dps < START_DPS * 9 else MAX_DPS + 1


def context():
    """This thread's own interval context: its precision is set here and shared with no one else."""
    if not hasattr(_LOCAL, "context"):
        from mpmath.ctx_iv import MPIntervalContext

        _LOCAL.context = MPIntervalContext()
    return _LOCAL.context


def _judge(ctx, want, got, rel_tol: float) -> tuple[str, float]:
    """'agree', 'differ' or 'weak', and (for 'weak') the power of ten of the width of the difference's interval."""
    diff = got - want
    low, high = diff.a, diff.b
    straddles = low <= 0 <= high
    smallest = ctx.mpf(0) if straddles else min(abs(low), abs(high))
    largest = max(abs(low), abs(high))
    want_low = ctx.mpf(0) if want.a <= 0 <= want.b else min(abs(want.a), abs(want.b))
    want_high = max(abs(want.a), abs(want.b))
    if smallest > rel_tol * want_high:
        return "differ", 0.0
    if largest <= rel_tol * want_low:
        return "agree", 0.0
    width = high - low
    if width <= ctx.mpf(10) ** -ZERO_DIGITS:
        return "agree", 0.0
    return "weak", float(ctx.log10(width).b)


def _interval_point(ctx, point: dict) -> dict:
    return {name: value if isinstance(value, ctx.mpf) else _interval_number(ctx, _fraction(value))
            for name, value in point.items()}


def _interval_number(ctx, value: Fraction):
    if value.denominator == 1:
        return ctx.mpf(value.numerator)
    return ctx.mpf(value.numerator) / ctx.mpf(value.denominator)


def enclose(tree: Node, point: dict, ctx):
    """An interval (of mpmath's interval context `ctx`) certain to hold the value of `tree` at `point`, whose
    values are intervals of `ctx`; raises Undefined where the value surely does not exist, Imprecise where the
    intervals cannot tell."""
    if isinstance(tree, Num):
        return _interval_number(ctx, tree.value)
    if isinstance(tree, Var):
        return point[tree.name]
    if isinstance(tree, Const):
        return ctx.pi if tree.name == "pi" else ctx.e
    if isinstance(tree, Neg):
        return -enclose(tree.arg, point, ctx)
    if isinstance(tree, Call):
        return _call(ctx, tree.func, enclose(tree.arg, point, ctx))
    assert isinstance(tree, BinOp)
    left = enclose(tree.left, point, ctx)
    right = enclose(tree.right, point, ctx)
    if tree.op == "/":
        return left / _nonzero(right)
    return _power(ctx, left, right) if tree.op == "^" else _ARITHMETIC[tree.op](left, right)


def _nonzero(value):
    if value.a == 0 and value.b == 0:
        raise Undefined("division by zero")
    if value.a <= 0 <= value.b:
        raise Imprecise("division by a number that is zero up to rounding")
    return value


def _power(ctx, base, exponent):
    whole = exponent.a == exponent.b and exponent.a == int(exponent.a)
    if whole:
        power = int(exponent.a)
        return _nonzero(base) ** power if power < 0 else base ** power
    if base.b < 0:
        raise Undefined("a fractional power of a negative number")
    if base.a == 0 and base.b == 0:
        if exponent.a > 0:
            return ctx.mpf(0)
        if exponent.b < 0:
            raise Undefined("division by zero")
        raise Imprecise("a power of zero whose exponent is zero up to rounding")
    if base.a <= 0:
        raise Imprecise("a fractional power of a number that is zero up to rounding")
    return _exp(ctx, exponent * ctx.log(base))


def _call(ctx, func: str, arg):
    if func in ("log", "ln"):
        if arg.b <= 0:
            raise Undefined("log of a number that is not positive")
        if arg.a <= 0:
            raise Imprecise("log of a number that is zero up to rounding")
        return ctx.log(arg)
    if func == "sqrt":
        if arg.b < 0:
            raise Undefined("square root of a negative number")
        if arg.a < 0:
            if arg.b == 0 and arg.a == 0:
                return ctx.mpf(0)
            raise Imprecise("square root of a number that may be negative up to rounding")
        return ctx.sqrt(arg)
    if func == "abs":
        return abs(arg)
    if func == "relu":
        if arg.a >= 0:
            return arg
        return ctx.mpf(0) if arg.b <= 0 else ctx.mpf([0, arg.b])
    if func in ("sin", "cos", "tan"):
        if max(abs(arg.a), abs(arg.b)) > _TRIG_LIMIT:
            raise Imprecise("the argument of a trigonometric function is too large")
        value = getattr(ctx, func)(arg)
        if func == "tan" and (ctx.isinf(value.a) or ctx.isinf(value.b)):
            raise Imprecise("tan near a pole, up to rounding")
        return value
    if func == "exp":
        return _exp(ctx, arg)
    if func == "tanh":  # written so that the argument occurs once: no widening from its repetition
        return 1 - 2 / (_exp(ctx, 2 * arg) + 1)
    if func == "sigmoid":
        return 1 / (1 + _exp(ctx, -arg))
    grow = _exp(ctx, arg)
    if func == "sinh":
        return (grow - 1 / grow) / 2
    if func == "cosh":
        return (grow + 1 / grow) / 2
    if func == "sech":
        return 2 / (grow + 1 / grow)
    raise ValueError(f"unknown function {func}")


def _exp(ctx, arg):
    if max(abs(arg.a), abs(arg.b)) > _EXP_LIMIT:  # e^(e^(e^e)) and beyond: no precision would compare them
        raise Imprecise("a power too large to evaluate")
    return ctx.exp(arg)
