"""Single-variable calculus: derivatives, and the chain rule worked step by step."""

from __future__ import annotations

import random

import sympy

from deckapp.exercises._common import OUTER_FUNCTIONS, answer_text, coefficient, polynomial, tex, x
from deckapp.exercises.model import Exercise


def _function(rng: random.Random, difficulty: int):
    if difficulty == 1:
        return polynomial(rng, x, rng.randint(2, 4), rng.randint(2, 3))
    if difficulty == 2:
        a = coefficient(rng)
        n = rng.randint(1, 3)
        factor = rng.choice([sympy.exp(x), sympy.sin(x), sympy.cos(x), sympy.log(x)])
        return rng.choice([a * x**n * factor, polynomial(rng, x, 2, 2) + a * factor])
    top = polynomial(rng, x, rng.randint(1, 2), 2)
    bottom = x**2 + rng.randint(1, 4)
    return rng.choice([top / bottom, sympy.exp(coefficient(rng) * x) * sympy.sin(rng.randint(1, 3) * x)])


def derivative(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    f = _function(rng, difficulty)
    df = sympy.diff(f, x)
    rules = {1: "the power rule, term by term", 2: "the product and sum rules", 3: "the quotient or product rule"}
    steps = [f"$f(x) = {tex(f)}$", f"Differentiate with {rules[difficulty]}:", f"$f'(x) = {tex(df)}$"]
    simplified = sympy.simplify(df)
    if simplified != df:
        steps.append(f"Simplified: $f'(x) = {tex(simplified)}$")
    return Exercise("derivative", seed, difficulty, f"Differentiate $f(x) = {tex(f)}$ with respect to $x$.",
                    answer_text(df), "expr", ("x",), tuple(steps), given=answer_text(f),
                    shown_answer=f"${tex(df)}$", data={"variable": "x"})


def _inner(rng: random.Random, difficulty: int):
    if difficulty == 1:
        return coefficient(rng) * x + rng.randint(1, 5)
    return polynomial(rng, x, 2, rng.randint(2, 3))


U = sympy.Symbol("u")


def _positive_leading(expr):
    """`expr`, or `-expr` when SymPy would pull a minus sign out of it: sin(-p) becomes -sin(p) and cos(-p)
    becomes cos(p) as soon as they are built, and the worked solution's inner function would no longer be the
    one the problem shows."""
    return -expr if expr.could_extract_minus_sign() else expr


def chain_parts(rng: random.Random, difficulty: int) -> tuple:
    """(outer g(u), inner u(x)) with f = g(u(x)) shown exactly as composed."""
    inner = _positive_leading(_inner(rng, difficulty))
    if difficulty == 1:
        name = rng.choice(["power", "exp", "sin"])
        outer = U ** rng.randint(2, 5) if name == "power" else OUTER_FUNCTIONS[name](U)
    else:
        name = rng.choice([n for n in OUTER_FUNCTIONS if n not in ("log", "sqrt")] + ["power"])
        outer = U ** rng.randint(2, 4) if name == "power" else OUTER_FUNCTIONS[name](U)
    if difficulty == 3:
        # three layers: the middle function wraps the polynomial, the outer one wraps both (not exp under a
        # power: SymPy turns exp(p)^n into exp(n p) at once)
        middles = ["sin", "cos"] if name == "power" else ["sin", "cos", "exp"]
        inner = OUTER_FUNCTIONS[rng.choice(middles)](inner)
    return outer, inner


def chain_rule(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    u = U
    outer, inner = chain_parts(rng, difficulty)
    f = outer.subs(u, inner)
    d_outer = sympy.diff(outer, u)
    d_inner = sympy.diff(inner, x)
    df = sympy.diff(f, x)
    steps = (
        f"Write $f(x) = g(u)$ with the inner function $u = {tex(inner)}$ and the outer $g(u) = {tex(outer)}$.",
        f"Outer derivative: $g'(u) = {tex(d_outer)}$.",
        f"Inner derivative: $u' = {tex(d_inner)}$"
        + (" (itself by the chain rule)." if difficulty == 3 else "."),
        f"Chain rule: $f'(x) = g'(u) \\cdot u' = \\left({tex(d_outer.subs(u, inner))}\\right) "
        f"\\cdot \\left({tex(d_inner)}\\right)$",
        f"$f'(x) = {tex(df)}$",
    )
    return Exercise("chain_rule", seed, difficulty, f"Differentiate $f(x) = {tex(f)}$ with respect to $x$.",
                    answer_text(df), "expr", ("x",), steps, given=answer_text(f), shown_answer=f"${tex(df)}$",
                    data={"variable": "x"})
