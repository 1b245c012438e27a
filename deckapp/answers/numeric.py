"""Evaluating a parsed answer at a real point, in floats, without SymPy, with a bound on its rounding error.

The checker's numeric stage compares answers at sample points with this: it is fast (microseconds per point),
its cost is bounded by the parser's limits, and it tells "undefined here" (log of a negative, division by zero,
a non-real power) apart from "too large to tell" (overflow) and "lost to rounding" (the square root of a number
that is zero up to rounding, 0/0 after an underflow), because they mean different things for grading.

Alongside each value, `evaluate_bounded` carries a first-order bound on its error (running error analysis, as in
Higham, "Accuracy and Stability of Numerical Algorithms", ch. 3): half an ulp for each rounding (an ulp for the
math library's functions), propagated through each operation by its derivative. A difference between two
answers larger than both bounds together is real, not floating-point cancellation; a difference within them
says nothing. The points themselves are taken as exact.
"""

from __future__ import annotations

import math

from deckapp.answers.tree import BinOp, Call, Const, Equation, Neg, Node, Num, Var, Vector

_U = 2.0 ** -53  # unit roundoff
_MIN_NORMAL = 2.0 ** -1022
_TINY = 2.0 ** -1074  # the absolute error of a result that underflows


class Undefined(ArithmeticError):
    """The expression has no real value at this point."""


class TooLarge(ArithmeticError):
    """The value overflows a float at this point: it says nothing about right or wrong."""


class Imprecise(ArithmeticError):
    """Rounding hides whether the expression is defined here (sqrt of -1e-17 that may really be 0, 0/0 after an
    underflow): it says nothing about right or wrong."""


def evaluate(tree: Node, point: dict[str, float]) -> float:
    """The real value of a scalar tree at `point`; raises Undefined, TooLarge or Imprecise."""
    return evaluate_bounded(tree, point)[0]


def evaluate_bounded(tree: Node, point: dict[str, float]) -> tuple[float, float]:
    """(value, bound on its rounding error) of a scalar tree at `point`; raises Undefined, TooLarge or Imprecise."""
    try:
        value, error = _eval(tree, point)
    except OverflowError:
        raise TooLarge("overflow") from None
    except ZeroDivisionError:
        raise Undefined("division by zero") from None
    except ValueError as exc:
        raise Undefined(str(exc)) from None
    if math.isinf(value):
        raise TooLarge("overflow")
    if math.isnan(value):
        raise Undefined("not a number")
    return value, error


def _rounding(value: float, ulps: float, exact_zero: bool = True) -> float:
    """The error of rounding one operation's result to `value` (`exact_zero`: a 0 result is exact, no underflow)."""
    size = abs(value)
    if size >= _MIN_NORMAL:
        return ulps * _U * size
    return 0.0 if value == 0 and exact_zero else _TINY


def _checked(value: float, error: float) -> tuple[float, float]:
    if math.isinf(value):
        raise OverflowError
    if not error < math.inf:  # inf or nan: nothing is known about the value
        raise Imprecise("lost to rounding")
    return value, error


def _eval(node: Node, point: dict[str, float]) -> tuple[float, float]:
    if isinstance(node, Num):
        fraction = node.value
        value = fraction.numerator / fraction.denominator
        exact = fraction.denominator & (fraction.denominator - 1) == 0 and abs(fraction.numerator) <= 2 ** 53
        return value, 0.0 if exact else _U * abs(value)
    if isinstance(node, Var):
        return point[node.name], 0.0
    if isinstance(node, Const):
        value = math.pi if node.name == "pi" else math.e
        return value, _U * value
    if isinstance(node, Neg):
        value, error = _eval(node.arg, point)
        return -value, error
    if isinstance(node, Call):
        return _checked(*_call(node.func, *_eval(node.arg, point)))
    if isinstance(node, BinOp):
        left, left_error = _eval(node.left, point)
        right, right_error = _eval(node.right, point)
        if node.op in "+-":
            value = left + right if node.op == "+" else left - right
            return _checked(value, left_error + right_error + _U * abs(value))
        if node.op == "*":
            value = left * right
            error = abs(left) * right_error + abs(right) * left_error + left_error * right_error
            return _checked(value, error + _rounding(value, 1, left == 0 or right == 0))
        if node.op == "/":
            return _checked(*_divide(left, left_error, right, right_error))
        return _checked(*_power(left, left_error, right, right_error))
    if isinstance(node, Vector | Equation):
        raise TypeError("evaluate() takes a scalar expression; evaluate vector items or equation sides")
    raise TypeError(f"not a parsed expression: {node!r}")


def _divide(left: float, left_error: float, right: float, right_error: float) -> tuple[float, float]:
    if right == 0:
        if right_error:
            raise Imprecise("division by a number that is zero up to rounding")
        raise Undefined("division by zero")
    if right_error >= abs(right):
        raise Imprecise("division by a number that is zero up to rounding")
    value = left / right
    error = (left_error + abs(value) * right_error) / (abs(right) - right_error)
    return value, error + _rounding(value, 1, left == 0)


def _power(base: float, base_error: float, exponent: float, exponent_error: float) -> tuple[float, float]:
    if base < 0 and not exponent.is_integer():
        if base + base_error >= 0 or abs(exponent - round(exponent)) <= exponent_error:
            raise Imprecise("a fractional power of a number that is zero up to rounding")
        raise Undefined("a fractional power of a negative number")
    if base == 0 and base_error and not exponent.is_integer():
        raise Imprecise("a fractional power of a number that is zero up to rounding")
    if base == 0 and exponent < 0:
        if base_error:
            raise Imprecise("division by a number that is zero up to rounding")
        raise Undefined("division by zero")
    value = math.pow(base, exponent)
    if base == 0:
        error = base_error ** exponent if exponent > 0 and base_error else 0.0
        return value, error + _rounding(value, 2)
    if math.isinf(value):
        raise OverflowError
    spread = abs(exponent) * base_error / abs(base)  # the relative error the base's error causes, first order
    if spread < 0.5:
        error = abs(value) * spread / (1 - spread)
    elif exponent > 0:  # the base may be near zero: bound by the largest value the power can take
        error = 2 * (abs(base) + base_error) ** exponent
    else:
        raise Imprecise("a negative power of a number that is zero up to rounding")
    if exponent_error:
        log_size = abs(math.log(abs(base)))
        error += abs(value) * _growth(log_size * exponent_error)
    return value, error + _rounding(value, 2, False)


def _call(func: str, arg: float, error: float) -> tuple[float, float]:
    """f(arg) and its error: the argument's error through f's derivative, plus f's own (about an ulp)."""
    if func in ("log", "ln"):
        if arg <= 0 or error >= arg:
            if arg + error > 0:
                raise Imprecise("log of a number that is zero up to rounding")
            raise Undefined("log of a number that is not positive")
        value = math.log(arg)
        return value, -math.log1p(-error / arg) + 2 * _U * abs(value)
    if func == "sqrt":
        if arg < 0:
            if arg + error >= 0:
                raise Imprecise("square root of a number that is zero up to rounding")
            raise Undefined("square root of a negative number")
        if arg < error:
            raise Imprecise("square root of a number that may be negative up to rounding")
        value = math.sqrt(arg)
        return value, value - math.sqrt(max(0.0, arg - error)) + _rounding(value, 1)
    if func == "abs":
        return abs(arg), error
    if func == "relu":
        return (0.0, 0.0) if arg + error <= 0 else (max(0.0, arg), error)
    if func in ("sin", "cos"):
        value = math.sin(arg) if func == "sin" else math.cos(arg)
        return value, min(error, 2.0) + _rounding(value, 2)
    if func == "tan":
        value = math.tan(arg)
        if error * (1 + abs(value)) > 0.25:
            raise Imprecise("tan near a pole, up to rounding")
        return value, 2 * (1 + value * value) * error + _rounding(value, 2)
    if func == "exp":
        value = math.exp(arg)
        return value, value * _growth(error) + _rounding(value, 2, False)
    if func == "tanh":
        value = math.tanh(arg)
        slope = min(1.0, 4 * math.exp(-2 * max(0.0, abs(arg) - error)))
        return value, slope * error + _rounding(value, 2)
    if func in ("sinh", "cosh"):
        value = math.sinh(arg) if func == "sinh" else math.cosh(arg)
        return value, math.cosh(arg) * (1 + _growth(error)) * error + _rounding(value, 2)
    if func == "sech":
        value = 0.0 if abs(arg) > 710 else 1.0 / math.cosh(arg)
        return value, value * (1 + _growth(error)) * error + _rounding(value, 2, False)
    if func == "sigmoid":
        value = _sigmoid(arg)
        slope = min(0.25, min(value, 1 - value + _U) * (1 + _growth(error)))
        return value, slope * error + _rounding(value, 4, False)
    raise ValueError(f"unknown function {func}")


def _growth(size: float) -> float:
    """e^size - 1, the relative change of e^t when t moves by `size` (infinite when that overflows)."""
    return math.expm1(size) if size < 700 else math.inf


def _sigmoid(v: float) -> float:
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    t = math.exp(v)
    return t / (1.0 + t)
