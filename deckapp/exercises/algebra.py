"""A small exact algebra for the generators: sums, products, integer powers and the lecture's functions, with
exact rational coefficients, differentiation, substitution, and printing in the checker's syntax and in LaTeX.

Why not SymPy: a generator builds a function from parts it chose, so it knows the structure of the answer; SymPy
would spend milliseconds differentiating and simplifying what is already known, and print values such as
`1250788627474992675*2**(23/26)/…` for a float it was handed. Here everything is exact from the start, and the
constructors only do what a person does without thinking: fold numbers, collect like terms and equal bases, drop
0 and 1. The tests check every answer against SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


class Expr:
    __slots__ = ()

    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __sub__(self, other):
        return add(self, mul(-1, other))

    def __rsub__(self, other):
        return add(other, mul(-1, self))

    def __mul__(self, other):
        return mul(self, other)

    def __rmul__(self, other):
        return mul(other, self)

    def __truediv__(self, other):
        return mul(self, power(other, -1))

    def __rtruediv__(self, other):
        return mul(other, power(self, -1))

    def __neg__(self):
        return mul(-1, self)

    def __pow__(self, exponent):
        return power(self, exponent)


@dataclass(frozen=True, slots=True)
class Num(Expr):
    value: Fraction


@dataclass(frozen=True, slots=True)
class Sym(Expr):
    name: str


@dataclass(frozen=True, slots=True)
class Add(Expr):
    terms: tuple


@dataclass(frozen=True, slots=True)
class Mul(Expr):
    factors: tuple  # a Num first if the coefficient is not 1


@dataclass(frozen=True, slots=True)
class Pow(Expr):
    base: Expr
    exponent: Fraction  # an integer


@dataclass(frozen=True, slots=True)
class Fn(Expr):
    name: str
    arg: Expr


ZERO, ONE = Num(Fraction(0)), Num(Fraction(1))


def as_expr(value) -> Expr:
    if isinstance(value, Expr):
        return value
    if isinstance(value, int | Fraction):
        return Num(Fraction(value))
    raise TypeError(f"not an exact expression: {value!r}")


def symbols(names: str) -> tuple[Sym, ...]:
    return tuple(Sym(n) for n in names.split())


def split(term: Expr) -> tuple[Fraction, Expr]:
    """A term as (coefficient, the rest): 3*x*y -> (3, x*y); 5 -> (5, 1)."""
    if isinstance(term, Num):
        return term.value, ONE
    if isinstance(term, Mul) and isinstance(term.factors[0], Num):
        rest = term.factors[1:]
        return term.factors[0].value, rest[0] if len(rest) == 1 else Mul(rest)
    return Fraction(1), term


def add(*items) -> Expr:
    collected: dict[Expr, Fraction] = {}
    for item in items:
        item = as_expr(item)
        for term in item.terms if isinstance(item, Add) else (item,):
            c, rest = split(term)
            collected[rest] = collected.get(rest, Fraction(0)) + c
    terms = [mul(c, rest) for rest, c in collected.items() if c and rest != ONE]
    constant = collected.get(ONE, Fraction(0))
    if constant:
        terms.append(Num(constant))
    if not terms:
        return ZERO
    return terms[0] if len(terms) == 1 else Add(tuple(terms))


def order(e: Expr) -> tuple:
    """A total order on expressions, for a product's factors: the same factors always print the same way."""
    if isinstance(e, Num):
        return (0, e.value)
    if isinstance(e, Sym):
        return (1, e.name)
    if isinstance(e, Pow):
        return (2, order(e.base), e.exponent)
    if isinstance(e, Add | Mul):
        return (3 if isinstance(e, Mul) else 4, tuple(order(p) for p in (e.terms if isinstance(e, Add) else e.factors)))
    return (5, e.name, order(e.arg))


def _rank(factor: Expr) -> tuple:
    """Symbols and their powers first, then sums, then functions: 3 x^2 (x + 1) e^x."""
    base, n = (factor.base, factor.exponent) if isinstance(factor, Pow) else (factor, Fraction(1))
    kind = 0 if isinstance(base, Sym) else 2 if isinstance(base, Fn) else 1
    return kind, order(base), n


def mul(*items) -> Expr:
    coefficient = Fraction(1)
    bases: dict[Expr, Fraction] = {}
    for item in items:
        item = as_expr(item)
        for factor in item.factors if isinstance(item, Mul) else (item,):
            if isinstance(factor, Num):
                coefficient *= factor.value
            else:
                base, n = (factor.base, factor.exponent) if isinstance(factor, Pow) else (factor, Fraction(1))
                bases[base] = bases.get(base, Fraction(0)) + n
    if coefficient == 0:
        return ZERO
    factors = []
    for base, n in bases.items():
        f = power(base, n)
        if isinstance(f, Num):
            coefficient *= f.value
        elif f != ONE:
            factors.append(f)
    factors.sort(key=_rank)
    if not factors:
        return Num(coefficient)
    if len(factors) == 1 and isinstance(factors[0], Add) and coefficient != 1:
        return add(*(mul(coefficient, t) for t in factors[0].terms))  # 2(x + 1) is 2x + 2, as on paper
    if coefficient != 1:
        factors.insert(0, Num(coefficient))
    return factors[0] if len(factors) == 1 else Mul(tuple(factors))


def power(base, exponent) -> Expr:
    """`base` to an integer power (the generators build no roots)."""
    base = as_expr(base)
    n = exponent.value if isinstance(exponent, Num) else Fraction(exponent)
    if n.denominator != 1:
        raise ValueError(f"integer exponents only, not {n}")
    if n == 0:
        return ONE
    if n == 1:
        return base
    if isinstance(base, Num):
        return Num(base.value ** int(n)) if base.value or n > 0 else Pow(base, n)
    if isinstance(base, Pow):
        return power(base.base, base.exponent * n)
    if isinstance(base, Mul):
        return mul(*(power(f, n) for f in base.factors))
    if isinstance(base, Fn) and base.name == "exp":
        return fn("exp", mul(n, base.arg))
    return Pow(base, n)


_AT_ZERO = {"exp": 1, "sin": 0, "cos": 1, "tanh": 0, "sigmoid": Fraction(1, 2)}


def fn(name: str, arg) -> Expr:
    arg = as_expr(arg)
    if arg == ZERO and name in _AT_ZERO:
        return Num(Fraction(_AT_ZERO[name]))
    if name == "log" and arg == ONE:
        return ZERO
    if name == "log" and isinstance(arg, Fn) and arg.name == "exp":
        return arg.arg
    if name == "exp" and isinstance(arg, Fn) and arg.name == "log":
        return arg.arg
    return Fn(name, arg)


def exp(a):
    return fn("exp", a)


def log(a):
    return fn("log", a)


def sin(a):
    return fn("sin", a)


def cos(a):
    return fn("cos", a)


def tanh(a):
    return fn("tanh", a)


def sigmoid(a):
    return fn("sigmoid", a)


def diff(e: Expr, var: Sym) -> Expr:
    """The derivative of `e` with respect to `var`, by the sum, product, power and chain rules."""
    if isinstance(e, Num):
        return ZERO
    if isinstance(e, Sym):
        return ONE if e == var else ZERO
    if isinstance(e, Add):
        return add(*(diff(t, var) for t in e.terms))
    if isinstance(e, Mul):
        parts = []
        for i, f in enumerate(e.factors):
            d = diff(f, var)
            if d != ZERO:
                parts.append(mul(*e.factors[:i], d, *e.factors[i + 1:]))
        return add(*parts)
    if isinstance(e, Pow):
        return mul(e.exponent, power(e.base, e.exponent - 1), diff(e.base, var))
    inner = diff(e.arg, var)
    if inner == ZERO:
        return ZERO
    return mul(outer_derivative(e.name, e.arg), inner)


def outer_derivative(name: str, u: Expr) -> Expr:
    """g'(u) for the lecture's functions g."""
    if name == "exp":
        return exp(u)
    if name == "log":
        return power(u, -1)
    if name == "sin":
        return cos(u)
    if name == "cos":
        return -sin(u)
    if name == "tanh":
        return 1 - power(tanh(u), 2)
    if name == "sigmoid":
        return mul(sigmoid(u), 1 - sigmoid(u))
    raise ValueError(f"{name} has no derivative everywhere")


def subs(e: Expr, values: dict) -> Expr:
    """`e` with symbols replaced (name -> expression or number), rebuilt so that numbers fold."""
    if isinstance(e, Num):
        return e
    if isinstance(e, Sym):
        return as_expr(values[e.name]) if e.name in values else e
    if isinstance(e, Add):
        return add(*(subs(t, values) for t in e.terms))
    if isinstance(e, Mul):
        return mul(*(subs(f, values) for f in e.factors))
    if isinstance(e, Pow):
        return power(subs(e.base, values), e.exponent)
    return fn(e.name, subs(e.arg, values))


def free(e: Expr) -> set[str]:
    if isinstance(e, Sym):
        return {e.name}
    if isinstance(e, Num):
        return set()
    parts = e.terms if isinstance(e, Add) else e.factors if isinstance(e, Mul) else (
        (e.base,) if isinstance(e, Pow) else (e.arg,))
    return set().union(*(free(p) for p in parts))

__all__ = ["Add", "Expr", "Fn", "Mul", "Num", "ONE", "Pow", "Sym", "ZERO", "add", "cos", "diff", "exp", "fn", "free",
           "log", "mul", "order", "outer_derivative", "power", "sigmoid", "sin", "split", "subs", "symbols", "tanh"]
