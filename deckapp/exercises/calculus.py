"""Single-variable calculus: derivatives by the sum, product and quotient rules, and the chain rule step by step.

Each answer is built from the parts the generator chose (u, v, u', v'), never simplified afterwards.
"""

from __future__ import annotations

import random
from fractions import Fraction

from deckapp.exercises._common import (
    coefficient,
    from_coefficients,
    m,
    make,
    poly_diff,
    poly_mul,
    poly_sub,
    polynomial,
    x,
)
from deckapp.exercises.algebra import ZERO, Expr, Mul, Sym, cos, diff, exp, fn, log, mul, power, sin, subs
from deckapp.exercises.model import Exercise
from deckapp.exercises.printing import latex as tex

U = Sym("u")


def _wave(rng: random.Random) -> Expr:
    return rng.choice([sin, cos, exp])(mul(rng.randint(1, 3), x))


def _product_steps(u: Expr, v: Expr) -> list[str]:
    du, dv = diff(u, x), diff(v, x)
    return [f"Product rule with $u = {tex(u)}$ and $v = {tex(v)}$: $u' = {tex(du)}$, "
            f"$v' = {tex(dv)}$.",
            f"$f'(x) = u' v + u v' = {tex(mul(du, v) + mul(u, dv))}$"]


def _polynomial_quotient(top: list, bottom: list) -> tuple[Expr, Expr, list[str]]:
    """f = top/bottom (coefficient lists) and f' by the quotient rule, the numerator multiplied out."""
    u, v = from_coefficients(top, x), from_coefficients(bottom, x)
    du, dv = diff(u, x), diff(v, x)
    numerator = poly_sub(poly_mul(poly_diff(top), bottom), poly_mul(top, poly_diff(bottom)))
    df = mul(from_coefficients(numerator, x), power(v, -2))
    steps = [f"Quotient rule with $u = {tex(u)}$ and $v = {tex(v)}$: $u' = {tex(du)}$, "
             f"$v' = {tex(dv)}$.",
             rf"$u' v - u v' = \left({tex(du)}\right) \left({tex(v)}\right) - \left({tex(u)}\right) "
             rf"\left({tex(dv)}\right) = {tex(from_coefficients(numerator, x))}$",
             rf"$f'(x) = \frac{{u' v - u v'}}{{v^{{2}}}} = {tex(df)}$"]
    return mul(u, power(v, -1)), df, steps


def _derivative_parts(rng: random.Random, difficulty: int) -> tuple[Expr, Expr, list[str]]:
    if difficulty == 1:
        f = polynomial(rng, x, rng.randint(2, 4), rng.randint(2, 3))
        df = diff(f, x)
        return f, df, [r"Power rule, term by term: $\frac{d}{dx} a x^{n} = n a x^{n - 1}$.", f"$f'(x) = {tex(df)}$"]
    if difficulty == 2:
        a, n = coefficient(rng), rng.randint(1, 3)
        g = rng.choice([_wave(rng), log(x)])
        if rng.random() < 0.6:
            u, v = mul(a, power(x, n)), g
            return mul(u, v), diff(mul(u, v), x), _product_steps(u, v)
        f = polynomial(rng, x, 2, 2) + mul(a, g)
        df = diff(f, x)
        return f, df, ["Sum rule: differentiate term by term (the chain rule gives the inner factor of "
                       f"{m(g)}).", f"$f'(x) = {tex(df)}$"]
    family = rng.randrange(4)
    if family == 0:
        top = [coefficient(rng), coefficient(rng, 1, 9)] if rng.random() < 0.5 else \
            [coefficient(rng), coefficient(rng, 1, 9), 0]
        return _polynomial_quotient([Fraction(c) for c in top], [Fraction(1), Fraction(0), Fraction(rng.randint(1, 5))])
    if family == 1:
        a, b, c, d = (coefficient(rng) for _ in range(4))
        if a * d == b * c:
            b += 1
        return _polynomial_quotient([Fraction(a), Fraction(b)], [Fraction(c), Fraction(d)])
    if family == 2:
        u, v = exp(mul(coefficient(rng), x)), rng.choice([sin, cos])(mul(rng.randint(1, 3), x))
    else:
        u, v = mul(coefficient(rng), power(x, rng.randint(2, 3))), log(x)
    return mul(u, v), diff(mul(u, v), x), _product_steps(u, v)


def derivative(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    f, df, steps = _derivative_parts(rng, difficulty)
    while df == ZERO:  # never a constant to differentiate
        f, df, steps = _derivative_parts(rng, difficulty)
    return make("derivative", seed, difficulty, f"Differentiate $f(x) = {tex(f)}$ with respect to $x$.", df,
                "expr", ("x",), [f"$f(x) = {tex(f)}$", *steps], f, m(df), {"variable": "x"})


OUTER = {"sin": sin, "cos": cos, "exp": exp, "tanh": lambda u: fn("tanh", u), "sigmoid": lambda u: fn("sigmoid", u)}


def chain_parts(rng: random.Random, difficulty: int) -> tuple[Expr, Expr | None, Expr]:
    """(outer g(u), the middle function of three layers or None, the innermost polynomial p(x))."""
    if difficulty == 1:
        inner = mul(coefficient(rng), x) + rng.randint(1, 5)
        name = rng.choice(["power", "exp", "sin", "cos"])
        outer = power(U, rng.randint(2, 5)) if name == "power" else OUTER[name](U)
        return outer, None, inner
    inner = polynomial(rng, x, 2, rng.randint(2, 3))
    name = rng.choice([*OUTER, "power", "log"] if difficulty == 2 else [*OUTER, "power"])
    outer = power(U, rng.randint(2, 4)) if name == "power" else log(U) if name == "log" else OUTER[name](U)
    if difficulty == 2:
        return outer, None, inner
    # three layers, never e^(e^p), nor exp under a power (it would fold into one exponential)
    middles = ["sin", "cos"] if name in ("power", "exp") else ["sin", "cos", "exp"]
    return outer, OUTER[rng.choice(middles)](U), inner


def chain_rule(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    outer, middle, p = chain_parts(rng, difficulty)
    inner = p if middle is None else subs(middle, {"u": p})
    f = subs(outer, {"u": inner})
    d_outer = diff(outer, U)
    d_inner = diff(inner, x)
    # One product of every factor, so that 2u·10x at u = 5x² - 7 reads 20x(5x² - 7), not 10x(10x² - 14).
    outer_factors = d_outer.factors if isinstance(d_outer, Mul) else (d_outer,)
    df = mul(*(subs(factor, {"u": inner}) for factor in outer_factors), d_inner)
    inner_step = f"Inner derivative: $u' = {tex(d_inner)}$"
    if middle is not None:
        inner_step += (f", itself by the chain rule: the derivative of ${tex(middle)}$ at $u = {tex(p)}$, "
                       f"times ${tex(diff(p, x))}$.")
    steps = [
        f"Write $f(x) = g(u)$ with the inner function $u = {tex(inner)}$ and the outer $g(u) = "
        f"{tex(outer)}$.",
        f"Outer derivative: $g'(u) = {tex(d_outer)}$.",
        inner_step + ("" if middle is not None else "."),
        rf"Chain rule: $f'(x) = g'(u) \cdot u' = {tex(df)}$",
    ]
    return make("chain_rule", seed, difficulty, f"Differentiate $f(x) = {tex(f)}$ with respect to $x$.", df,
                "expr", ("x",), steps, f, m(df), {"variable": "x"})
