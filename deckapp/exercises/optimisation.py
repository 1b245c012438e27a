"""Optimisation: stationary points found analytically and classified, and gradient descent step by step (1-D,
2-D quadratics, the Rosenbrock function, and a learning rate that diverges)."""

from __future__ import annotations

import random
from fractions import Fraction

from deckapp.exercises._common import approximate, coefficient, from_coefficients, m, make, x, y
from deckapp.exercises.algebra import Expr, Num, Sym, diff, exp, log, mul, power, subs
from deckapp.exercises.model import Exercise
from deckapp.exercises.printing import decimal, text, vector_latex
from deckapp.exercises.printing import latex as tex


def _cubic(rng: random.Random) -> tuple[Expr, Expr, list[Expr]]:
    """f with f' = 6k (x - r1)(x - r2): (f, f' factored, the stationary points)."""
    k, c = rng.choice([-2, -1, 1, 2]), rng.randint(-5, 5)
    r1 = rng.randint(-3, 2)
    r2 = r1 if rng.random() < 0.2 else rng.randint(r1 + 1, 4)
    f = from_coefficients([2 * k, -3 * k * (r1 + r2), 6 * k * r1 * r2, c], x)
    factored = mul(6 * k, x - r1, x - r2)
    return f, factored, sorted({Num(Fraction(r1)), Num(Fraction(r2))}, key=lambda p: p.value)


def _transcendental(rng: random.Random) -> tuple[Expr, Expr, list[Expr]]:
    a, k, c = rng.randint(-3, 3), rng.choice([-2, -1, 1, 2]), rng.randint(2, 7)
    s = coefficient(rng, 1, 3)
    family = rng.randrange(6)
    if family == 0:
        return mul(s, x - a, exp(x)), mul(s, x - a + 1, exp(x)), [Num(Fraction(a - 1))]
    if family == 1:
        return mul(s, x - a, exp(-x)), mul(s, a + 1 - x, exp(-x)), [Num(Fraction(a + 1))]
    if family == 2:
        points = sorted([Num(Fraction(0)), Num(Fraction(-2, k))], key=lambda p: p.value)
        return mul(s, power(x, 2), exp(mul(k, x))), mul(s, x, mul(k, x) + 2, exp(mul(k, x))), points
    if family == 3:
        b = rng.randint(1, 9)
        return mul(abs(k), x) - mul(b, log(x)), abs(k) - mul(b, power(x, -1)), [Num(Fraction(b, abs(k)))]
    if family == 4:
        return exp(mul(k, x)) - mul(c * k, x), mul(k, exp(mul(k, x)) - c), [mul(log(c), Fraction(1, k))]
    return mul(s, x, log(x)) - mul(s * a, x), mul(s, log(x) + 1 - a), [exp(Num(Fraction(a - 1)))]


def _kind(f2: Expr, point: Expr) -> str:
    curvature = approximate(subs(f2, {"x": point}))
    return "minimum" if curvature > 0 else "maximum" if curvature < 0 else "neither"


def minimum(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    if difficulty == 1:
        a, r, s = coefficient(rng, 1, 4), rng.randint(-4, 4), rng.randint(-5, 5)
        f = from_coefficients([a, -2 * a * r, a * r * r + s], x)
        factored, points = mul(2 * a, x - r), [Num(Fraction(r))]
    else:
        f, factored, points = _cubic(rng) if difficulty == 2 else _transcendental(rng)
    f1, f2 = diff(f, x), diff(diff(f, x), x)
    kinds = [_kind(f2, p) for p in points]
    steps = [f"$f'(x) = {tex(f1)}$" + (f" $= {tex(factored)}$" if factored != f1 else ""),
             "$f'(x) = 0$ at " + ", ".join(f"$x = {tex(p)}$" for p in points) + ".",
             f"$f''(x) = {tex(f2)}$"]
    for p, kind in zip(points, kinds, strict=True):
        if kind == "neither":
            steps.append(f"$f''({tex(p)}) = 0$ and $f'$ does not change sign there ($f' = {tex(factored)}$ "
                         f"is never negative or never positive): neither a minimum nor a maximum.")
        else:
            sign = ">" if kind == "minimum" else "<"
            steps.append(f"$f''({tex(p)}) = {tex(subs(f2, {'x': p}))} {sign} 0$: a local {kind}.")
    where = " (for $x > 0$)" if r"\ln" in tex(f) else ""
    intro = (f"Find the stationary points of $f(x) = {tex(f)}${where} and classify each as a minimum, a maximum "
             f"or neither.")
    if len(points) == 1:
        asked, answer, kind = "the point", points[0], "number"
        prompt = f"{intro} It has one: give its $x$."
    else:
        asked = rng.choice(["all", "minimum", "maximum"])
        if asked == "all":
            answer, kind = tuple(points), "vector"
            prompt = f"{intro} Give their $x$ values as a vector, smallest first."
        else:
            answer, kind = points[kinds.index(asked)], "number"
            prompt = f"{intro} Give the $x$ of the local {asked}."
    shown = f"${vector_latex(answer)}$" if isinstance(answer, tuple) else m(answer)
    return make("minimum", seed, difficulty, prompt, answer, kind, (), steps, f, shown,
                {"variable": "x", "asked": asked, "stationary_points": [text(p) for p in points], "kinds": kinds})


def _shown(v: Fraction) -> str:
    return decimal(v, 8) or f"{float(v):.6g}"


def show(values: tuple) -> str:
    """A point of gradient descent: one number, or a vector."""
    return _shown(values[0]) if len(values) == 1 else r"\left(" + ", ".join(map(_shown, values)) + r"\right)"


def _factor(values: tuple) -> str:
    shown = show(values)
    return rf"\left({shown}\right)" if shown.startswith("-") else shown


def _diverging(a: int, r: int, eta: Fraction, dimensions: int, s: int | None) -> str:
    """Why the iterates run away: along x (f has a x^2 in it) each step multiplies the distance to the minimum by
    1 - 2 a eta, below -1; in 2-D the y part (y - s)^2 shrinks it by 1 - 2 eta, between -1 and 1."""
    factor = 1 - 2 * a * eta
    along_x = (f"multiplies the distance from $x$ to the minimum's $x = {r}$ by $1 - 2 a \\eta = 1 - 2 \\cdot {a} "
               f"\\cdot {_shown(eta)} = {_shown(factor)}$ ($a = {a}$, the coefficient of $x^{{2}}$), and "
               f"$|{_shown(factor)}| > 1$")
    if dimensions == 1:
        return (f"Each step {along_x}: the iterates jump across the minimum and move further away, so gradient "
                f"descent diverges; a learning rate below ${tex(Num(Fraction(1, a)))}$ would converge.")
    flat = 1 - 2 * eta
    return (f"Each step {along_x}, while it multiplies the distance from $y$ to the minimum's $y = {s}$ by "
            f"$1 - 2 \\eta = {_shown(flat)}$, and $|{_shown(flat)}| < 1$: $y$ converges, but $x$ jumps across the "
            f"minimum and moves further away, so gradient descent diverges. The steepest direction sets the "
            f"learning rate: below ${tex(Num(Fraction(1, a)))}$ both would converge.")


def _descend(f: Expr, variables: tuple[Sym, ...], start: tuple[int, ...], eta: Fraction, count: int) -> tuple:
    """Run `count` steps exactly; (the final point, one worked line a step)."""
    grads = [diff(f, v) for v in variables]
    point = tuple(Fraction(p) for p in start)
    lines = []
    for t in range(count):
        at = {v.name: p for v, p in zip(variables, point, strict=True)}
        g = tuple(subs(d, at).value for d in grads)
        new = tuple(p - eta * gi for p, gi in zip(point, g, strict=True))
        grad_name = "f'" if len(variables) == 1 else r"\nabla f"
        lines.append(f"$t = {t}$: $x_{{{t}}} = {show(point)}$, ${grad_name}(x_{{{t}}}) = {show(g)}$, "
                     f"$x_{{{t + 1}}} = {show(point)} - {_shown(eta)} \\cdot {_factor(g)} = {show(new)}$")
        point = new
    return point, lines


DIVERGING = {1: ("1.1", "1.2", "1.5"), 2: ("0.6", "0.75", "0.8"), 3: ("0.4", "0.5", "0.6")}
ETAS_1D = (Fraction(1, 10), Fraction(1, 20), Fraction(1, 5))


def gradient_descent(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    diverging = difficulty > 1 and rng.random() < 0.25
    if diverging and difficulty == 3:  # in 2-D: the steep direction diverges, the flat one converges
        a, r, s = rng.randint(2, 3), rng.randint(-3, 3), rng.randint(-3, 3)
        f = from_coefficients([a, -2 * a * r, a * r * r], x) + from_coefficients([1, -2 * s, s * s], y)
        variables, eta = (x, y), Fraction(rng.choice(DIVERGING[a]))  # 1 - 2 a eta < -1 < 1 - 2 eta
        start, count = (r + rng.choice([-2, -1, 1, 2]), s + rng.choice([-2, -1, 1, 2])), 2
    elif diverging:
        a, r = rng.randint(1, 3), rng.randint(-3, 3)
        f, variables = from_coefficients([a, -2 * a * r, a * r * r], x), (x,)
        eta = Fraction(rng.choice(DIVERGING[a]))  # 1 - 2 a eta < -1
        start, count = (r + rng.choice([-2, -1, 1, 2]),), 3
    elif difficulty == 1:
        f = from_coefficients([rng.randint(1, 3), coefficient(rng, 1, 8), rng.randint(-5, 5)], x)
        variables, eta = (x,), rng.choice(ETAS_1D)
        start, count = (rng.randint(-4, 4),), rng.randint(1, 2)
    elif difficulty == 2:
        a, b = rng.randint(1, 3), rng.randint(1, 3)
        f = mul(a, power(x, 2)) + mul(b, power(y, 2)) + mul(coefficient(rng, 0, 2), x, y) + \
            mul(coefficient(rng), x) + mul(coefficient(rng), y)
        variables, eta = (x, y), rng.choice(ETAS_1D)
        start, count = (rng.randint(-3, 3), rng.randint(-3, 3)), rng.randint(1, 2)
    else:
        a, b = rng.randint(1, 3), rng.choice([2, 5, 10, 20, 100])
        f = power(a - x, 2) + mul(b, power(y - power(x, 2), 2))
        variables = (x, y)
        eta = Fraction(1, 1000) if b == 100 else rng.choice([Fraction(1, 100), Fraction(1, 50)])
        start, count = (rng.randint(-2, 2), rng.randint(-2, 2)), 1 if b == 100 else rng.randint(1, 2)
    names = [v.name for v in variables]
    final, lines = _descend(f, variables, start, eta, count)
    update = r"x_{t+1} = x_{t} - \eta f'(x_{t})" if len(variables) == 1 else \
        r"\mathbf{x}_{t+1} = \mathbf{x}_{t} - \eta \nabla f(\mathbf{x}_{t})"
    grads = ", ".join(f"{tex(diff(f, v))}" for v in variables)
    steps = [(f"$f'(x) = {grads}$" if len(variables) == 1 else rf"$\nabla f = \left({grads}\right)$"),
             f"Each step: ${update}$, with $\\eta = {_shown(eta)}$.", *lines]
    start_shown = str(start[0]) if len(variables) == 1 else vector_latex(start)
    name = "the Rosenbrock function " if difficulty == 3 and not diverging else ""
    prompt = (f"Run {count} step{'s' * (count > 1)} of gradient descent on {name}$f({', '.join(names)}) = "
              f"{tex(f)}$ from ${start_shown}$ with learning rate $\\eta = {_shown(eta)}$. Give the point reached.")
    if diverging:
        prompt += " What happens to the iterates?"
        steps.append(_diverging(a, r, eta, len(variables), s if len(variables) == 2 else None))
    answer = Num(final[0]) if len(variables) == 1 else tuple(Num(v) for v in final)
    shown = f"${show(final)}$"
    data = {"variables": names, "point": dict(zip(names, start, strict=True)), "eta": float(eta), "steps": count}
    return make("gradient_descent", seed, difficulty, prompt, answer, "number" if len(variables) == 1 else "vector",
                (), steps, f, shown, data)
