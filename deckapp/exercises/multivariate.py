"""Multivariate calculus: partial derivatives, gradients, and a gradient-descent step."""

from __future__ import annotations

import random

import sympy

from deckapp.exercises._common import answer_text, coefficient, tex, x, y, z
from deckapp.exercises.model import Exercise


def _function(rng: random.Random, difficulty: int):
    a, b, c = coefficient(rng), coefficient(rng), coefficient(rng)
    if difficulty == 1:
        return a * x**rng.randint(1, 3) * y**rng.randint(1, 2) + b * x + c * y**2, (x, y)
    if difficulty == 2:
        extra = rng.choice([sympy.sin(x * y), sympy.exp(x * y), sympy.cos(x + y), sympy.exp(x - y)])
        return a * x**2 * y + b * extra + c * y, (x, y)
    extra = rng.choice([sympy.exp(x * z), sympy.log(1 + y**2), sympy.sin(y * z)])
    return a * x * y * z + b * extra + c * x**2, (x, y, z)


def _tuple_tex(items) -> str:
    return "$\\left(" + ", ".join(tex(item) for item in items) + "\\right)$"


def _names(variables) -> tuple[str, ...]:
    return tuple(str(v) for v in variables)


def partial(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    f, variables = _function(rng, difficulty)
    wrt = rng.choice(variables)
    held = [str(v) for v in variables if v != wrt]
    df = sympy.diff(f, wrt)
    signature = ", ".join(_names(variables))
    steps = (
        f"$f({signature}) = {tex(f)}$",
        f"Hold {' and '.join(f'${h}$' for h in held)} constant and differentiate with respect to ${wrt}$:",
        f"$\\frac{{\\partial f}}{{\\partial {wrt}}} = {tex(df)}$",
    )
    prompt = f"Compute $\\frac{{\\partial f}}{{\\partial {wrt}}}$ for $f({signature}) = {tex(f)}$."
    return Exercise("partial", seed, difficulty, prompt, answer_text(df), "expr", _names(variables), steps,
                    given=answer_text(f), shown_answer=f"${tex(df)}$",
                    data={"variable": str(wrt), "variables": list(_names(variables))})


def gradient(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    f, variables = _function(rng, min(difficulty, 2))
    grad = [sympy.diff(f, v) for v in variables]
    signature = ", ".join(_names(variables))
    lines = [f"$f({signature}) = {tex(f)}$"]
    lines += [f"$\\frac{{\\partial f}}{{\\partial {v}}} = {tex(g)}$" for v, g in zip(variables, grad, strict=True)]
    lines.append(f"$\\nabla f = \\left({', '.join(tex(g) for g in grad)}\\right)$")
    if difficulty < 3:
        prompt = (f"Compute the gradient $\\nabla f$ of $f({signature}) = {tex(f)}$, "
                  f"as $(\\partial f/\\partial x, \\partial f/\\partial y)$.")
        return Exercise("gradient", seed, difficulty, prompt, answer_text(tuple(grad)), "vector", _names(variables),
                        tuple(lines), given=answer_text(f), shown_answer=_tuple_tex(grad),
                        data={"variables": list(_names(variables))})
    point = tuple(rng.randint(-2, 2) for _ in variables)
    eta = sympy.Rational(rng.choice([1, 2, 5]), 10)
    at = dict(zip(variables, point, strict=True))
    grad_at = [sympy.nsimplify(g.subs(at)) for g in grad]
    step = tuple(p - eta * g for p, g in zip(point, grad_at, strict=True))
    lines += [
        f"At $({', '.join(map(str, point))})$: $\\nabla f = ({', '.join(tex(g) for g in grad_at)})$",
        f"One step: $\\mathbf{{x}}_1 = \\mathbf{{x}}_0 - \\eta \\nabla f(\\mathbf{{x}}_0) = "
        f"({', '.join(tex(s) for s in step)})$",
    ]
    prompt = (f"Take one gradient-descent step on $f({signature}) = {tex(f)}$ from "
              f"$({', '.join(map(str, point))})$ with learning rate $\\eta = {tex(eta)}$. Give the new point.")
    data = {"variables": list(_names(variables)), "point": {str(v): p for v, p in at.items()},
            "eta": float(eta), "steps": 1}
    return Exercise("gradient", seed, difficulty, prompt, answer_text(step), "vector", _names(variables),
                    tuple(lines), given=answer_text(f), shown_answer=_tuple_tex(step), data=data)
