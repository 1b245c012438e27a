"""Evaluating a parsed answer at a real point, in floats, without SymPy.

The checker's numeric stage compares answers at sample points with this: it is fast (microseconds per point),
its cost is bounded by the parser's limits, and it tells "undefined here" (log of a negative, division by zero,
a non-real power) apart from "too large to tell" (overflow), because the two mean different things for grading.
"""

from __future__ import annotations

import math

from deckapp.mathtree import BinOp, Call, Const, Equation, Neg, Node, Num, Var, Vector


class Undefined(ArithmeticError):
    """The expression has no real value at this point."""


class TooLarge(ArithmeticError):
    """The value overflows a float at this point: it says nothing about right or wrong."""


def _sigmoid(v: float) -> float:
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    t = math.exp(v)
    return t / (1.0 + t)


def _log(v: float) -> float:
    if v <= 0:
        raise Undefined("log of a number that is not positive")
    return math.log(v)


def _sqrt(v: float) -> float:
    if v < 0:
        raise Undefined("square root of a negative number")
    return math.sqrt(v)


def _sech(v: float) -> float:
    return 0.0 if abs(v) > 710 else 1.0 / math.cosh(v)


_FUNCTIONS = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp, "log": _log, "ln": _log,
              "sqrt": _sqrt, "abs": abs, "tanh": math.tanh, "sinh": math.sinh, "cosh": math.cosh, "sech": _sech,
              "sigmoid": _sigmoid, "relu": lambda v: max(0.0, v)}


def evaluate(tree: Node, point: dict[str, float]) -> float:
    """The real value of a scalar tree at `point`; raises Undefined or TooLarge."""
    try:
        value = _eval(tree, point)
    except OverflowError:
        raise TooLarge("overflow") from None
    except (ZeroDivisionError, ValueError) as exc:
        raise Undefined(str(exc)) from None
    if math.isinf(value):
        raise TooLarge("overflow")
    if math.isnan(value):
        raise Undefined("not a number")
    return value


def _eval(node: Node, point: dict[str, float]) -> float:
    if isinstance(node, Num):
        return float(node.value)
    if isinstance(node, Var):
        return point[node.name]
    if isinstance(node, Const):
        return math.pi if node.name == "pi" else math.e
    if isinstance(node, Neg):
        return -_eval(node.arg, point)
    if isinstance(node, Call):
        value = float(_FUNCTIONS[node.func](_eval(node.arg, point)))
        if math.isinf(value):
            raise OverflowError
        return value
    if isinstance(node, BinOp):
        left = _eval(node.left, point)
        right = _eval(node.right, point)
        if node.op == "+":
            value = left + right
        elif node.op == "-":
            value = left - right
        elif node.op == "*":
            value = left * right
        elif node.op == "/":
            value = left / right
        else:
            value = _power(left, right)
        if math.isinf(value):
            raise OverflowError
        return value
    if isinstance(node, Vector | Equation):
        raise TypeError("evaluate() takes a scalar expression; evaluate vector items or equation sides")
    raise TypeError(f"not a parsed expression: {node!r}")


def _power(base: float, exponent: float) -> float:
    if base < 0 and not exponent.is_integer():
        raise Undefined("a fractional power of a negative number")
    if base == 0 and exponent < 0:
        raise Undefined("division by zero")
    return math.pow(base, exponent)
