"""What the algebra-based generators share: random coefficients and polynomials, and maths for card text."""

from __future__ import annotations

import random
from fractions import Fraction

from deckapp.exercises.algebra import Expr, Sym, add, mul, power, symbols
from deckapp.exercises.model import Exercise
from deckapp.exercises.printing import latex, text

x, y, z = symbols("x y z")


def m(expr) -> str:
    """An expression as card maths: LaTeX inside $…$."""
    return f"${latex(expr)}$"


def approximate(e: Expr) -> float:
    """The float value of a constant expression, by the answer checker's evaluator (the package has one)."""
    from deckapp.answers.numeric import evaluate
    from deckapp.answers.parser import parse

    return evaluate(parse(text(e), variables=()), {})


def coefficient(rng: random.Random, low: int = 1, high: int = 5, *, signed: bool = True) -> int:
    value = rng.randint(low, high)
    return -value if signed and rng.random() < 0.3 else value


def polynomial(rng: random.Random, var: Sym, degree: int, terms: int) -> Expr:
    """A polynomial with `terms` distinct powers up to `degree`, the highest always present."""
    powers = sorted(rng.sample(range(degree), k=min(terms - 1, degree)) + [degree], reverse=True)
    return add(*(mul(coefficient(rng, high=9 if p < 2 else 5), power(var, p)) for p in powers))


def from_coefficients(coefficients, var: Sym) -> Expr:
    """The polynomial with these coefficients, highest power first."""
    top = len(coefficients) - 1
    return add(*(mul(c, power(var, top - i)) for i, c in enumerate(coefficients)))


def poly_mul(a: list, b: list) -> list:
    """The coefficients (highest power first) of the product of two polynomials."""
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, p in enumerate(a):
        for j, q in enumerate(b):
            out[i + j] += p * q
    return out


def poly_diff(a: list) -> list:
    """The coefficients of the derivative."""
    top = len(a) - 1
    return [c * (top - i) for i, c in enumerate(a[:-1])] or [Fraction(0)]


def poly_sub(a: list, b: list) -> list:
    width = max(len(a), len(b))
    a, b = [0] * (width - len(a)) + list(a), [0] * (width - len(b)) + list(b)
    out = [p - q for p, q in zip(a, b, strict=True)]
    while len(out) > 1 and out[0] == 0:
        out.pop(0)
    return out


def make(name: str, seed: int, difficulty: int, prompt: str, answer, kind: str, variables, steps, function: Expr,
         shown: str, data: dict, figure: str | None = None) -> Exercise:
    """An Exercise whose answer is an expression (or a tuple of them), or text already in the checker's syntax."""
    if isinstance(answer, tuple):
        answer = "(" + ", ".join(text(a) for a in answer) + ")"
    elif not isinstance(answer, str):
        answer = text(answer)
    return Exercise(name, seed, difficulty, prompt, answer, kind, tuple(variables), tuple(steps),
                    given=text(function), shown_answer=shown, figure=figure, data=data)


__all__ = ["approximate", "coefficient", "from_coefficients", "m", "make", "poly_diff", "poly_mul", "poly_sub",
           "polynomial", "x", "y", "z"]
