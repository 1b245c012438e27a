"""Printing the generators' algebra: `text` in the answer checker's syntax, `latex` for what a person reads
(the terminal shows it as Unicode through deckapp.deck.latex; exports keep it)."""

from __future__ import annotations

from fractions import Fraction

from deckapp.exercises.algebra import Add, Expr, Fn, Mul, Num, Pow, Sym, as_expr, power

ADD, MUL, POW, ATOM = 1, 2, 3, 4
_LATEX_NAMES = {"sin": r"\sin", "cos": r"\cos", "tanh": r"\tanh", "log": r"\ln", "sigmoid": r"\sigma"}


def _parts(e: Expr) -> tuple[Fraction, list[Expr], list[Expr]]:
    """A product as (coefficient, factors above the line, factors below it). A sum factor whose terms are all
    negative is written negated, its sign in the coefficient: (2 x + 9) sin(u), not -(-2 x - 9) sin(u)."""
    coefficient, above, below = Fraction(1), [], []
    for f in e.factors if isinstance(e, Mul) else (e,):
        if isinstance(f, Num):
            coefficient *= f.value
        elif isinstance(f, Pow) and f.exponent < 0:
            below.append(power(f.base, -f.exponent))
        elif isinstance(e, Mul) and isinstance(f, Add) and all(_negative(t) for t in f.terms):
            coefficient, above = -coefficient, [*above, -f]
        else:
            above.append(f)
    return coefficient, above, below


def _negative(e: Expr) -> bool:
    return _parts(e)[0] < 0 if not isinstance(e, Add) else False


def text(e) -> str:
    """`e` (an expression or a number) in the syntax deckapp.answers reads."""
    return _text(as_expr(e))[0]


def _wrap(pair: tuple[str, int], least: int) -> str:
    return f"({pair[0]})" if pair[1] < least else pair[0]


def _terms(e: Add) -> tuple:
    """A sum's terms in the order a person writes them: 1 - x, not -x + 1 (a leading minus stays before a
    variable term: -3 x^2 + 10 x)."""
    last = e.terms[-1]
    first = len(e.terms) - 1 if _negative(e.terms[0]) and isinstance(last, Num) and last.value > 0 else 0
    return (e.terms[first], *e.terms[:first], *e.terms[first + 1:])


def _text(e: Expr) -> tuple[str, int]:
    if isinstance(e, Sym):
        return e.name, ATOM
    if isinstance(e, Fn):
        return ("e", ATOM) if e.arg == Num(Fraction(1)) and e.name == "exp" else (f"{e.name}({text(e.arg)})", ATOM)
    if isinstance(e, Add):
        first, *rest = _terms(e)
        out = text(first)
        for t in rest:
            out += f" - {_wrap(_text(-t), MUL)}" if _negative(t) else f" + {text(t)}"
        return out, ADD
    if isinstance(e, Pow) and e.exponent > 0:
        return f"{_wrap(_text(e.base), ATOM)}^{e.exponent}", POW
    coefficient, above, below = _parts(e)
    sign, c = ("-" if coefficient < 0 else ""), abs(coefficient)
    top = [str(c.numerator)] if c.numerator != 1 or not above else []
    top += [_wrap(_text(f), POW) for f in above]
    bottom = ([str(c.denominator)] if c.denominator != 1 else []) + [_wrap(_text(f), POW) for f in below]
    out = "*".join(top)
    if bottom:
        out += "/" + (bottom[0] if len(bottom) == 1 else "(" + "*".join(bottom) + ")")
    if not sign and not bottom and len(top) == 1 and isinstance(e, Num):
        return out, ATOM
    return sign + out, ADD if sign else MUL


def latex(e) -> str:
    """`e` (an expression or a number) in LaTeX, without the surrounding $…$."""
    return _latex(as_expr(e))[0]


def decimal(value: Fraction, digits: int = 12) -> str | None:
    """The exact decimal of `value` when it has one within `digits` places (0.35 for 7/20), else None."""
    q = value.denominator
    for p in (2, 5):
        while q % p == 0:
            q //= p
    if q != 1:
        return None
    for places in range(digits + 1):
        scaled = value * 10**places
        if scaled.denominator == 1:
            whole = str(abs(scaled.numerator)).rjust(places + 1, "0")
            out = whole if not places else f"{whole[:-places]}.{whole[-places:]}"
            return ("-" if value < 0 else "") + out
    return None


def number_latex(value: Fraction) -> str:
    """A rational number as a person writes it: a decimal when it has a short one, else a fraction."""
    return decimal(value, 8) or latex(Num(value))


def vector_latex(items) -> str:
    return r"\left(" + ", ".join(latex(i) for i in items) + r"\right)"


def _brackets(body: str) -> str:
    return rf"\left({body}\right)"


def _latex(e: Expr) -> tuple[str, int]:
    if isinstance(e, Sym):
        name = e.name
        stem = name.rstrip("0123456789")
        return (f"{stem}_{{{name[len(stem):]}}}" if stem != name and stem else name), ATOM
    if isinstance(e, Fn):
        if e.name == "exp":
            return ("e", ATOM) if e.arg == Num(Fraction(1)) else (f"e^{{{latex(e.arg)}}}", POW)
        return rf"{_LATEX_NAMES[e.name]}{{\left({latex(e.arg)} \right)}}", ATOM
    if isinstance(e, Add):
        return _latex_sum(e), ADD
    if isinstance(e, Pow) and e.exponent > 0:
        shown = latex(Num(e.exponent))
        if isinstance(e.base, Fn) and e.base.name in ("sin", "cos", "tanh"):
            return rf"{_LATEX_NAMES[e.base.name]}^{{{shown}}}{{\left({latex(e.base.arg)} \right)}}", ATOM
        body, precedence = _latex(e.base)
        base = body if precedence == ATOM else _brackets(body)
        return f"{base}^{{{shown}}}", POW
    coefficient, above, below = _parts(e)
    sign, c = ("-" if coefficient < 0 else ""), abs(coefficient)
    if not above and not below:
        if c.denominator == 1:
            return sign + str(c.numerator), ATOM if not sign else ADD
        return sign + rf"\frac{{{c.numerator}}}{{{c.denominator}}}", MUL if not sign else ADD
    top = _product([str(c.numerator)] if c.numerator != 1 or not above else [], above)
    bottom = _product([str(c.denominator)] if c.denominator != 1 else [], below)
    if bottom:
        return sign + rf"\frac{{{top}}}{{{bottom}}}", ADD if sign else MUL
    return sign + top, ADD if sign else MUL


def _product(numbers: list[str], factors: list[Expr]) -> str:
    pieces = list(numbers)
    alone = not numbers and len(factors) == 1  # the whole numerator or denominator of a \frac needs no brackets
    for f in factors:
        body, precedence = _latex(f)
        shown = _brackets(body) if precedence < MUL and not alone else body
        if pieces and (shown[0].isdigit() or shown.startswith("-")):
            pieces.append(r"\cdot")
        pieces.append(shown)
    return " ".join(pieces)


def _latex_sum(e: Add) -> str:
    """A sum, with a common denominator written once: \\frac{4 e + 9}{5}, not \\frac{4 e}{5} + \\frac{9}{5}."""
    denominators = {_parts(t)[0].denominator for t in e.terms}
    if len(denominators) == 1 and (q := denominators.pop()) != 1:
        scaled = Add(tuple(t * q for t in _terms(e)))
        if all(_negative(t) for t in e.terms):
            return rf"-\frac{{{latex(-scaled)}}}{{{q}}}"
        return rf"\frac{{{latex(scaled)}}}{{{q}}}"
    first, *rest = _terms(e)
    out = latex(first)
    for t in rest:
        out += f" - {_wrap(_latex(-t), MUL)}" if _negative(t) else f" + {latex(t)}"
    return out


__all__ = ["decimal", "latex", "number_latex", "text", "vector_latex"]
