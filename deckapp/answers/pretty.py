"""A parsed answer as a person writes it, in Unicode maths: `3x² + 2`, `x⁻¹`, `√(x + 1)`, `|x|`, `π`.

What the study app shows a student (typed-card answers, feedback) uses this, never the checker's syntax that
`deckapp.answers.tree.render` writes (`3*x^2 + 2`). Everything it writes is read back by the answer parser as the
same expression, superscripts included.
"""

from __future__ import annotations

import re

from deckapp.answers.tree import BinOp, Call, Const, Equation, Neg, Node, Num, Var, Vector, render

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a coefficient written before what it multiplies: 2x, -3y, 2π
_RAISED = re.compile(r"-?\d+")  # exponents written as superscripts: those the lexer reads back (x², x⁻¹)
_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η", "theta": "θ",
          "lambda": "λ", "mu": "μ", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω"}

# How tightly a rendering binds: an atom, a power, a product, a sum; a weaker one is put in brackets.
ATOM, POWER, PRODUCT, SUM, LOOSE = 5, 4, 3, 1, 0


def pretty(tree: Node) -> str:
    """The tree in Unicode maths, with the brackets its reading needs and no more."""
    return _pretty(tree)[0]


def pretty_text(text: str, variables: tuple[str, ...] | list[str] | None = None) -> str:
    """`text` in the checker's syntax, shown as maths; text the parser cannot read is shown as written."""
    from deckapp.answers.lexer import MathParseError
    from deckapp.answers.parser import parse

    try:
        return pretty(parse(text, variables=variables))
    except MathParseError:
        return text


def _pretty(node: Node) -> tuple[str, int]:
    if isinstance(node, Num):
        shown = render(node).replace("*", "·")
        return shown, ATOM if node.value >= 0 and "·" not in shown else PRODUCT
    if isinstance(node, Var):
        return _GREEK.get(node.name, node.name), ATOM
    if isinstance(node, Const):
        return ("π" if node.name == "pi" else node.name), ATOM
    if isinstance(node, Neg):
        inner, strength = _pretty(node.arg)
        return "-" + (inner if strength > SUM else f"({inner})"), PRODUCT
    if isinstance(node, Vector):
        return "(" + ", ".join(pretty(item) for item in node.items) + ")", ATOM
    if isinstance(node, Equation):
        return f"{pretty(node.left)} = {pretty(node.right)}", LOOSE
    if isinstance(node, Call):
        return _call(node)
    if node.op == "^":
        return _power(node.left, node.right)
    if node.op in "+-":
        left, _ = _pretty(node.left)
        right, strength = _pretty(node.right)
        negative = isinstance(node.right, Neg) or (isinstance(node.right, Num) and node.right.value < 0)
        if strength <= SUM or negative or (node.op == "-" and strength == SUM):
            right = f"({right})"
        return f"{left} {node.op} {right}", SUM
    return _product(node)


def _call(node: Call) -> tuple[str, int]:
    inner, strength = _pretty(node.arg)
    if node.func == "sqrt":
        return ("√" + inner if strength == ATOM and len(inner) <= 3 else f"√({inner})"), ATOM
    if node.func == "abs":
        return f"|{inner}|", ATOM
    if node.func == "exp":
        return _power(Const("e", node.column), node.arg)
    return f"{node.func}({inner})", ATOM


def _power(base: Node, exponent: Node) -> tuple[str, int]:
    shown_base, strength = _pretty(base)
    if strength < ATOM or shown_base.startswith("√") or (isinstance(base, Num) and not str(base.value).isdigit()):
        shown_base = f"({shown_base})"
    shown_exponent = pretty(exponent).replace(" ", "")
    if _RAISED.fullmatch(shown_exponent):
        return shown_base + shown_exponent.translate(_SUPERSCRIPT), POWER
    _, exponent_strength = _pretty(exponent)
    return f"{shown_base}^{shown_exponent if exponent_strength == ATOM else f'({shown_exponent})'}", POWER


def _product(node: BinOp) -> tuple[str, int]:
    left, left_strength = _pretty(node.left)
    right, right_strength = _pretty(node.right)
    if left_strength < PRODUCT or (left_strength == PRODUCT and left.startswith("-") and node.op == "/"):
        left = f"({left})"
    if right_strength <= PRODUCT:
        right = f"({right})"
    if node.op == "/":
        return f"{left}/{right}", PRODUCT
    if _NUMBER.fullmatch(left) and not right[0].isdigit() and not right.startswith("-"):
        return left + right, PRODUCT
    return f"{left}·{right}", PRODUCT
