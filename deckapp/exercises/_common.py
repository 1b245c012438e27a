"""What the generators share: SymPy printing in the checker's syntax and in LaTeX for card text."""

from __future__ import annotations

import random

import sympy
from sympy.printing.str import StrPrinter

from deckapp.answers.sympy_functions import relu, sigmoid

x, y, z = sympy.symbols("x y z")


class _AnswerPrinter(StrPrinter):
    """SymPy's str form, except Euler's number, which the answer parser reads as `e`."""

    def _print_Exp1(self, expr):
        return "e"


def answer_text(expr) -> str:
    """An expression, or a tuple of them, in the syntax the answer checker reads."""
    if isinstance(expr, tuple | list | sympy.Tuple):
        return "(" + ", ".join(answer_text(e) for e in expr) + ")"
    return _AnswerPrinter().doprint(expr)


def tex(expr) -> str:
    return sympy.latex(expr)


def coefficient(rng: random.Random, low: int = 1, high: int = 5, *, signed: bool = True) -> int:
    value = rng.randint(low, high)
    return -value if signed and rng.random() < 0.3 else value


def polynomial(rng: random.Random, var, degree: int, terms: int):
    """A polynomial with `terms` distinct powers up to `degree`, the highest always present."""
    powers = sorted(rng.sample(range(degree), k=min(terms - 1, degree)) + [degree], reverse=True)
    return sum(coefficient(rng) * var**power for power in powers)


OUTER_FUNCTIONS = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "tanh": sympy.tanh,
    "sigmoid": sigmoid,
}

__all__ = ["x", "y", "z", "answer_text", "tex", "coefficient", "polynomial", "OUTER_FUNCTIONS", "relu", "sigmoid"]
