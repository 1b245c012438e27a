"""How the checker's feedback shows numbers: as typed, or with enough digits to be told apart.

A value rounded to four digits can contradict the verdict beside it (2.0021 shown as 2.002, which would have been
right), so a number is shown as the student typed it when it is one, and otherwise with as many digits as it
takes to differ from the value it is compared with.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from deckapp.answers.tree import Neg, Node, Num

MIN_DIGITS = 4


def typed_number(tree: Node) -> str | None:
    """The text of an answer that is a plain number (`2.0021`, `-1e-3`), else None."""
    if isinstance(tree, Num):
        return tree.text
    if isinstance(tree, Neg) and isinstance(tree.arg, Num):
        return "-" + tree.arg.text
    return None


def number_apart(value: float, other: float | None, far_enough: Callable[[float], bool] | None = None) -> str:
    """`value` with 4 significant digits, or more until it reads differently from `other` (and, with
    `far_enough`, until the number shown passes that test too)."""
    for digits in range(MIN_DIGITS, 18):
        text = _format(value, digits)
        if other is None or (text != _format(other, digits) and (far_enough is None or far_enough(float(text)))):
            return text
    return repr(value)


def _format(value: float, digits: int) -> str:
    if value == 0:
        return "0"
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e9:
        return str(int(value))
    return f"{value:.{digits}g}"


def percent(fraction: float) -> str:
    """0.001 as '0.1%', 0.0001 as '0.01%': down to the first significant digit, so never '0.0%'; below
    0.0001% in scientific notation ('5e-22%'), never a row of zeros."""
    value = float(f"{fraction * 100:.12g}")  # 1e-6 * 100 is 9.999999999999999e-05
    if value < 1e-4:
        mantissa, _, exponent = f"{value:.2g}".partition("e")
        return f"{mantissa}e{int(exponent)}%"
    decimals = max(1, -math.floor(math.log10(value)))
    return f"{value:.{decimals}f}%"


def point_text(point: dict[str, float]) -> str:
    """`x = 0.7, y = -2.345`: coordinates with the digits they have (probes near an edge need more than 4)."""
    return ", ".join(f"{name} = {_format(value, 10)}" for name, value in point.items())
