"""Lines: the tangent of f at a point (and whether f rises or falls there), and linear functions: slope,
intercept, equation and angle with the x-axis."""

from __future__ import annotations

import math
import random
from fractions import Fraction

from deckapp.exercises._common import approximate, coefficient, m, make, polynomial, x, y
from deckapp.exercises.algebra import ZERO, Expr, diff, exp, log, mul, power, sin, subs
from deckapp.exercises.model import Exercise
from deckapp.exercises.printing import latex as tex
from deckapp.exercises.printing import text


def _function(rng: random.Random, difficulty: int) -> tuple[Expr, int]:
    """(f, the point c) with f'(c) != 0."""
    while True:
        if difficulty < 3:
            f, c = polynomial(rng, x, rng.randint(2, 3), rng.randint(2, 3)), rng.randint(-3, 3)
        else:
            a, k = coefficient(rng), rng.choice([-2, -1, 1, 2])
            f, c = rng.choice([
                (mul(a, x, exp(x)), rng.choice([-1, 0, 1])),
                (exp(mul(k, x)) + mul(a, x), 0),
                (mul(a, log(x)) + mul(coefficient(rng), x), 1),
                (mul(a, power(x, 2), log(x)), rng.choice([1, 2])),
                (mul(a, sin(x)) + power(x, 2), 0),
                (mul(a, x, exp(mul(k, x))), rng.choice([0, 1])),
            ])
        if subs(diff(f, x), {"x": c}) != ZERO:
            return f, c


def _equation(slope: Expr, intercept: Expr) -> tuple[str, str]:
    """y = k x + n in the checker's syntax and in LaTeX."""
    line = mul(slope, x) + intercept
    return f"y = {text(line)}", f"y = {tex(line)}"


def tangent(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    f, c = _function(rng, difficulty)
    df = diff(f, x)
    at_c, slope = subs(f, {"x": c}), subs(df, {"x": c})
    steps = [f"$f'(x) = {tex(df)}$", f"Slope of the tangent at $x = {c}$: $f'({c}) = {tex(slope)}$"]
    if difficulty == 1:
        rising = approximate(slope) > 0
        steps.append(f"$f'({c}) {'>' if rising else '<'} 0$, so $f$ is {'rising' if rising else 'falling'} at "
                     f"$x = {c}$.")
        prompt = (f"Is $f(x) = {tex(f)}$ rising or falling at $x = {c}$? Give the slope $f'({c})$ of its tangent "
                  f"there: its sign answers.")
        return make("tangent", seed, difficulty, prompt, slope, "number", (), steps, f, m(slope),
                    {"variable": "x", "point": {"x": c}})
    intercept = at_c - mul(slope, c)
    answer, shown = _equation(slope, intercept)
    steps = [f"$f({c}) = {tex(at_c)}$", *steps,
             f"$y = f({c}) + f'({c}) \\left({tex(x - c)}\\right) = {tex(at_c)} + {_bracketed(slope)} "
             f"\\left({tex(x - c)}\\right)$",
             f"${shown}$"]
    prompt = (f"Find the tangent line of $f(x) = {tex(f)}$ at $x = {c}$. Answer with its equation, as "
              f"$y = k x + n$.")
    return make("tangent", seed, difficulty, prompt, answer, "equation", ("x", "y"), steps, f, f"${shown}$",
                {"variable": "x", "point": {"x": c}})


def _bracketed(e: Expr | int) -> str:
    """`e` as a factor or after a minus: in brackets when negative or more than one term, as (-3) or (x + 2)."""
    shown = tex(e)
    return rf"\left({shown}\right)" if shown.startswith("-") or " " in shown else shown


def _points(rng: random.Random) -> tuple[tuple[int, int], tuple[int, int]]:
    while True:
        x1, x2 = sorted(rng.sample(range(-5, 6), 2))
        y1, y2 = rng.randint(-6, 6), rng.randint(-6, 6)
        if y1 != y2:
            return (x1, y1), (x2, y2)


def _angles() -> list[Fraction]:
    """Slopes whose angle, rounded to 0.1°, is within the checker's 0.1% of the exact angle (with room to spare),
    so that an answer to 0.1° is graded right."""
    slopes = {Fraction(p, q) for p in range(-6, 7) for q in range(1, 5) if p}
    good = []
    for k in sorted(slopes):
        angle = math.degrees(math.atan(k))
        if abs(angle - round(angle, 1)) <= 0.0006 * abs(angle):
            good.append(k)
    return good


ANGLE_SLOPES = _angles()


def linear(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    if difficulty == 3:
        k = rng.choice(ANGLE_SLOPES)
        n = rng.randint(-5, 5)
        angle = math.degrees(math.atan(k))
        line = mul(k, x) + n
        steps = [f"The slope is $k = {tex(k)}$.",
                 rf"$\tan \alpha = k$, so $\alpha = \arctan\left({tex(k)}\right) \approx {angle:.2f}$°.",
                 f"To 0.1°: $\\alpha \\approx {angle:.1f}$°."]
        prompt = (f"What angle does the line $y = {tex(line)}$ make with the x-axis? Give it in degrees, between "
                  f"-90° and 90°, to 0.1°.")
        return make("linear", seed, difficulty, prompt, repr(angle), "number", (), steps, line,
                    f"${angle:.1f}$°", {"variable": "x", "asked": "angle"})
    (x1, y1), (x2, y2) = _points(rng)
    k = Fraction(y2 - y1, x2 - x1)
    n = y1 - k * x1
    through = f"$({x1}, {y1})$ and $({x2}, {y2})$"
    slope_step = (rf"$k = \frac{{y_{{2}} - y_{{1}}}}{{x_{{2}} - x_{{1}}}} = \frac{{{y2} - {_bracketed(y1)}}}"
                  rf"{{{x2} - {_bracketed(x1)}}} = {tex(k)}$")
    intercept_step = f"$n = y_{{1}} - k x_{{1}} = {y1} - {_bracketed(mul(k))} \\cdot {_bracketed(x1)} = {tex(n)}$"
    line = mul(k, x) + n
    data = {"variable": "x"}
    if difficulty == 1:
        wanted = rng.choice(["slope", "intercept"])
        answer = k if wanted == "slope" else n
        steps = [slope_step, intercept_step] if wanted == "intercept" else \
            [slope_step, f"$k {'>' if k > 0 else '<'} 0$: the line {'rises' if k > 0 else 'falls'}."]
        letter = "k" if wanted == "slope" else "n"
        prompt = f"A line passes through {through}. What is its {wanted} ${letter}$ in $y = k x + n$?"
        return make("linear", seed, difficulty, prompt, mul(answer), "number", (), steps, line, m(mul(answer)),
                    {**data, "asked": wanted})
    if rng.random() < 0.5:
        answer, shown = _equation(mul(k), mul(n))
        prompt = f"Find the equation of the line through {through}, as $y = k x + n$."
        return make("linear", seed, difficulty, prompt, answer, "equation", ("x", "y"),
                    [slope_step, intercept_step, f"${shown}$"], line, f"${shown}$", {**data, "asked": "equation"})
    a, b = rng.choice([1, 2, 3, -2]), rng.choice([1, 2, 3, 4, -1, -3])
    c = rng.randint(-6, 6)
    k, n = Fraction(-a, b), Fraction(c, b)
    given = f"{tex(mul(a, x) + mul(b, y))} = {c}"
    steps = [f"Solve ${given}$ for $y$: $y = {tex(mul(k, x) + n)}$.",
             f"Slope $k = {tex(k)}$, intercept $n = {tex(n)}$."]
    prompt = f"The line ${given}$: give its slope and intercept, as $(k, n)$."
    return make("linear", seed, difficulty, prompt, (mul(k), mul(n)), "vector", (), steps, mul(k, x) + n,
                f"$\\left({tex(k)}, {tex(n)}\\right)$", {**data, "asked": "slope and intercept"})

