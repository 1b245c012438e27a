"""Multivariate calculus: partial derivatives, gradients (and one gradient-descent step), and the multivariate
chain rule d/dx h(f1(x), f2(x))."""

from __future__ import annotations

import random
from fractions import Fraction

from deckapp.exercises._common import coefficient, m, make, x, y, z
from deckapp.exercises.algebra import ZERO, Expr, Sym, cos, diff, exp, free, log, mul, power, sin, subs
from deckapp.exercises.model import Exercise
from deckapp.exercises.printing import latex as tex
from deckapp.exercises.printing import number_latex, vector_latex


def _function(rng: random.Random, difficulty: int) -> tuple[Expr, Expr, tuple[Sym, ...]]:
    """(f, the part of f that is not a polynomial (or the leading term), the variables)."""
    a, b, c = coefficient(rng), coefficient(rng), coefficient(rng)
    if difficulty == 1:
        lead = mul(a, power(x, rng.randint(1, 3)), power(y, rng.randint(1, 2)))
        return lead + mul(b, x) + mul(c, power(y, 2)), lead, (x, y)
    k = rng.randint(1, 2)
    if difficulty == 2:
        extra = rng.choice([sin(mul(k, x, y)), exp(mul(k, x, y)), cos(mul(k, x) + y), exp(mul(k, x) - y),
                            mul(x, exp(mul(k, y))), mul(power(y, 2), sin(mul(k, x)))])
        return mul(a, power(x, 2), y) + mul(b, extra) + mul(c, y), mul(b, extra), (x, y)
    extra = rng.choice([exp(mul(k, x, z)), log(power(y, 2) + 1), sin(mul(k, y, z)), mul(x, exp(mul(k, y, z))),
                        mul(power(y, 2), cos(mul(k, x, z))), mul(z, log(power(x, 2) + k))])
    return mul(a, x, y, z) + mul(b, extra) + mul(c, power(x, 2)), mul(b, extra), (x, y, z)


def _signature(variables) -> str:
    return ", ".join(v.name for v in variables)


def _partial(wrt: Sym) -> str:
    return rf"\frac{{\partial f}}{{\partial {wrt.name}}}"


def partial(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    f, special, variables = _function(rng, difficulty)
    wrt = rng.choice(sorted(free(special)))  # the variable the interesting part of f depends on
    wrt = Sym(wrt)
    held = [v.name for v in variables if v != wrt]
    df = diff(f, wrt)
    signature = _signature(variables)
    terms = f.terms if hasattr(f, "terms") else (f,)
    steps = [
        f"$f({signature}) = {tex(f)}$",
        f"Hold {' and '.join(f'${h}$' for h in held)} constant and differentiate term by term with respect to "
        f"${wrt.name}$: " + ", ".join(f"${tex(t)} \\to {tex(diff(t, wrt))}$" for t in terms) + ".",
        f"${_partial(wrt)} = {tex(df)}$",
    ]
    prompt = f"Compute ${_partial(wrt)}$ for $f({signature}) = {tex(f)}$."
    names = [v.name for v in variables]
    return make("partial", seed, difficulty, prompt, df, "expr", names, steps, f, m(df),
                {"variable": wrt.name, "variables": names})


ETAS = (Fraction(1, 10), Fraction(1, 5), Fraction(1, 2))


def gradient(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    f, _special, variables = _function(rng, min(difficulty, 2))
    grad = tuple(diff(f, v) for v in variables)
    signature = _signature(variables)
    names = [v.name for v in variables]
    steps = [f"$f({signature}) = {tex(f)}$"]
    steps += [f"${_partial(v)} = {tex(g)}$" for v, g in zip(variables, grad, strict=True)]
    steps.append(rf"$\nabla f = {vector_latex(grad)}$")
    if difficulty < 3:
        prompt = (f"Compute the gradient $\\nabla f$ of $f({signature}) = {tex(f)}$, "
                  f"as $(\\partial f/\\partial x, \\partial f/\\partial y)$.")
        return make("gradient", seed, difficulty, prompt, grad, "vector", names, steps, f, f"${vector_latex(grad)}$",
                    {"variables": names})
    while True:
        point = tuple(rng.randint(-2, 2) for _ in variables)
        at = {v.name: p for v, p in zip(variables, point, strict=True)}
        grad_at = tuple(subs(g, at) for g in grad)
        if any(g != ZERO for g in grad_at):  # a step that goes nowhere teaches nothing
            break
    eta = rng.choice(ETAS)
    step = tuple(p - eta * g for p, g in zip(point, grad_at, strict=True))
    start = vector_latex(point)
    steps += [
        rf"At ${start}$: $\nabla f = {vector_latex(grad_at)}$",
        rf"One step: $\mathbf{{x}}_1 = \mathbf{{x}}_0 - \eta \nabla f(\mathbf{{x}}_0) = {start} - "
        rf"{number_latex(eta)} {vector_latex(grad_at)} = {vector_latex(step)}$",
    ]
    prompt = (f"Take one gradient-descent step on $f({signature}) = {tex(f)}$ from ${start}$ with learning rate "
              f"$\\eta = {number_latex(eta)}$. Give the new point.")
    data = {"variables": names, "point": at, "eta": float(eta), "steps": 1}
    return make("gradient", seed, difficulty, prompt, step, "vector", names, steps, f, f"${vector_latex(step)}$",
                data)


F1, F2 = Sym("f1"), Sym("f2")


def _outer(rng: random.Random, difficulty: int) -> Expr:
    a = coefficient(rng)
    if difficulty == 1:
        return rng.choice([mul(a, F1, F2), power(F1, 2) + mul(a, F2), mul(a, F1) + power(F2, 2),
                           mul(power(F1, 2), F2)])
    if difficulty == 2:
        return rng.choice([mul(a, F1, F2), mul(F1, exp(F2)), mul(a, power(F1, 2)) + F1 * F2,
                           mul(F2, sin(F1)), power(F1, 2) + mul(a, power(F2, 3))])
    return rng.choice([mul(F1, exp(F2)), sin(mul(F1, F2)), mul(F2, sin(F1)), mul(F1, power(F2, -1)) + mul(a, F2),
                       exp(F1 + mul(a, F2)), mul(power(F1, 2), cos(F2))])


def _inner(rng: random.Random, difficulty: int) -> tuple[Expr, Expr]:
    a, b, k = coefficient(rng), rng.randint(1, 5), rng.randint(1, 3)
    polynomials = [mul(a, x) + b, power(x, 2) + b, mul(a, power(x, 2)), power(x, 3) + mul(a, x)]
    waves = [sin(mul(k, x)), cos(mul(k, x)), exp(mul(k, x)), exp(mul(-k, x))]
    if difficulty == 1:
        first, second = rng.sample(polynomials, 2)
    elif difficulty == 2:
        first, second = rng.choice(polynomials), rng.choice(waves)
        if rng.random() < 0.5:
            first, second = second, first
    else:
        first, second = rng.choice(waves), rng.choice(polynomials[:2] + waves)
        if first == second:
            second = power(x, 2) + b
    return first, second


def multivariate_chain(seed: int, difficulty: int) -> Exercise:
    rng = random.Random(seed)
    h = _outer(rng, difficulty)
    f1, f2 = _inner(rng, difficulty)
    at = {"f1": f1, "f2": f2}
    dh1, dh2 = diff(h, F1), diff(h, F2)
    d1, d2 = diff(f1, x), diff(f2, x)
    answer = mul(subs(dh1, at), d1) + mul(subs(dh2, at), d2)
    whole = subs(h, at)
    dx = r"\frac{df_{3}}{dx}"  # read df₃/dx in a terminal, not (d f₃)/(d x)
    rule = (r"\frac{\partial h}{\partial f_{1}} \frac{df_{1}}{dx} + "
            r"\frac{\partial h}{\partial f_{2}} \frac{df_{2}}{dx}")
    steps = [
        f"$f_{{3}} = h(f_{{1}}, f_{{2}})$ with $h(f_{{1}}, f_{{2}}) = {tex(h)}$, $f_{{1}}(x) = {tex(f1)}$ and "
        f"$f_{{2}}(x) = {tex(f2)}$.",
        rf"Partial derivatives of $h$: $\frac{{\partial h}}{{\partial f_{{1}}}} = {tex(dh1)}$, "
        rf"$\frac{{\partial h}}{{\partial f_{{2}}}} = {tex(dh2)}$.",
        rf"Inner derivatives: $\frac{{df_{{1}}}}{{dx}} = {tex(d1)}$, $\frac{{df_{{2}}}}{{dx}} = {tex(d2)}$.",
        rf"Sum of the two chain rules: ${dx} = {rule} = \left({tex(subs(dh1, at))}\right) \left({tex(d1)}\right) + "
        rf"\left({tex(subs(dh2, at))}\right) \left({tex(d2)}\right)$",
        f"${dx} = {tex(answer)}$",
    ]
    prompt = (f"Let $f_{{3}}(x) = h(f_{{1}}(x), f_{{2}}(x))$ with $h(f_{{1}}, f_{{2}}) = {tex(h)}$, "
              f"$f_{{1}}(x) = {tex(f1)}$ and $f_{{2}}(x) = {tex(f2)}$. Compute ${dx}$ with the multivariate chain "
              f"rule.")
    return make("multivariate_chain", seed, difficulty, prompt, answer, "expr", ["x"], steps, whole, m(answer),
                {"variable": "x"})
