"""How the checker's feedback shows numbers and maths.

A value rounded to four digits can contradict the verdict beside it (2.0021 shown as 2.002, which would have been
right), so a number is shown as the student typed it when it is one, and otherwise with as many digits as it
takes to differ from the value it is compared with.

Maths in feedback (a term, a missing factor, an equation) is kept as a tree in a `Said`, and written twice: in
the checker's syntax for the CLI and JSON (`2*x`), and as Unicode maths for the study app (`2x`, through
deckapp.answers.pretty).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from deckapp.answers.pretty import pretty
from deckapp.answers.tree import Neg, Node, Num, render


@dataclass(frozen=True)
class Said:
    """Feedback made of text and maths."""

    parts: tuple[str | Node, ...]

    def plain(self) -> str:
        """With the maths in the checker's syntax: `check the sign of the term 3*x`."""
        return "".join(part if isinstance(part, str) else render(part) for part in self.parts)

    def shown(self, variables: Iterable[str] = ()) -> str:
        """With the maths as maths: `check the sign of the term 3x` (`variables`: the problem's, see pretty)."""
        names = tuple(variables)
        return "".join(part if isinstance(part, str) else pretty(part, names) for part in self.parts)

    def __add__(self, other: Said | str) -> Said:
        return Said(self.parts + (other.parts if isinstance(other, Said) else (other,)))

    def __radd__(self, other: str) -> Said:
        return Said((other, *self.parts))


def say(*parts: str | Node) -> Said:
    return Said(parts)

MIN_DIGITS = 4


def typed_number(tree: Node) -> str | None:
    """The text of an answer that is a plain number (`2.0021`, `-1e-3`), else None."""
    if isinstance(tree, Num):
        return tree.text
    if isinstance(tree, Neg) and isinstance(tree.arg, Num):
        return "-" + tree.arg.text
    return None


def number_apart(value, other, far_enough: Callable[[float], bool] | None = None) -> str:
    """`value` with 4 significant digits, or more until it reads differently from `other` (and, with
    `far_enough`, until the number shown passes that test too). Values too large for a float are mpmath
    numbers: shown with the digits it takes, up to 40."""
    if not isinstance(value, float | int) or not isinstance(other, float | int | None):
        return _number_apart_large(value, other)
    for digits in range(MIN_DIGITS, 18):
        text = _format(value, digits)
        if other is None or (text != _format(other, digits) and (far_enough is None or far_enough(float(text)))):
            return text
    return repr(value)


def _number_apart_large(value, other) -> str:
    import mpmath

    for digits in range(MIN_DIGITS, 41):
        text = mpmath.nstr(value, digits)
        if other is None or text != mpmath.nstr(other, digits):
            return text
    return mpmath.nstr(value, 41)


def _format(value: float, digits: int) -> str:
    value = float(value)  # an int has no is_integer() before Python 3.12
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
