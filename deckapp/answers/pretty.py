"""A parsed answer as a person writes it, in Unicode maths: `3x² + 2`, `x⁻¹`, `e²ˣ`, `√(x + 1)`, `|x|`, `π`, `σ(z)`.

What the study app shows a student (typed-card answers, feedback) uses this, never the checker's syntax that
`deckapp.answers.tree.render` writes (`3*x^2 + 2`). Everything it writes is read back by the answer parser as the
same expression, superscripts included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from deckapp.answers.lexer import SIGMA, SUPERSCRIPTS, MathParseError
from deckapp.answers.tree import BinOp, Call, Const, Equation, Neg, Node, Num, Var, Vector, render, walk

_RAISE = str.maketrans({plain: raised for raised, plain in SUPERSCRIPTS.items()})  # the lexer's, turned round
_NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a coefficient written before what it multiplies: 2x, -3y, 2π
# Exponents raised as superscripts, as the lexer reads them back: signed whole numbers (x², x⁻¹), and short
# ones of single letters, digits and signs (e²ˣ, xʸ, e⁻ˣ⁺¹); anything longer or with a function or a bracket
# stays on the line (e^(sin(x)), e^(x·y)), and so does a letter with no superscript (x^q).
_LETTER = "[" + "".join(sorted(chr(c) for c in _RAISE if chr(c).isalpha())) + "]"
_RAISED = re.compile(rf"-?\d+|-?\d*{_LETTER}(?:[-+]\d*{_LETTER}|[-+]\d+)?")

# How tightly a rendering binds: an atom, a power, a product, a sum; a weaker one is put in brackets.
ATOM, POWER, PRODUCT, SUM, LOOSE = 5, 4, 3, 1, 0


def pretty(tree: Node, variables: Iterable[str] = ()) -> str:
    """The tree in Unicode maths, with the brackets its reading needs and no more. `variables` are the problem's
    (declared) variables: where σ or e is one, sigmoid(x) is written sigmoid(x) and exp(x) exp(x), which is how
    the parser reads them back with those variables."""
    names = set(variables) | {node.name for node in walk(tree) if isinstance(node, Var)}
    return _Writer(sigmoid="sigmoid" if SIGMA in names else SIGMA, e_is_a_variable="e" in names).pretty(tree)


def pretty_text(text: str, variables: Iterable[str] | None = None) -> str:
    """`text` in the checker's syntax, shown as maths; text the parser cannot read is shown as written."""
    from deckapp.answers.parser import parse

    try:
        return pretty(parse(text, variables=variables), variables or ())
    except MathParseError:
        return text


class _Writer:
    def __init__(self, sigmoid: str, e_is_a_variable: bool):
        self.sigmoid = sigmoid  # σ, except where σ is a variable
        self.e_is_a_variable = e_is_a_variable  # then exp(x) is not eˣ, and the constant e is exp(1)

    def pretty(self, node: Node) -> str:
        return self.write(node)[0]

    def write(self, node: Node) -> tuple[str, int]:
        if isinstance(node, Num):
            shown = render(node).replace("*", "·")
            return shown, ATOM if node.value >= 0 and "·" not in shown else PRODUCT
        if isinstance(node, Var):
            return node.name, ATOM
        if isinstance(node, Const):
            if node.name == "e" and self.e_is_a_variable:
                return "exp(1)", ATOM
            return ("π" if node.name == "pi" else node.name), ATOM
        if isinstance(node, Neg):
            inner, strength = self.write(node.arg)
            return "-" + (inner if strength > SUM else f"({inner})"), PRODUCT
        if isinstance(node, Vector):
            return "(" + ", ".join(self.pretty(item) for item in node.items) + ")", ATOM
        if isinstance(node, Equation):
            return f"{self.pretty(node.left)} = {self.pretty(node.right)}", LOOSE
        if isinstance(node, Call):
            return self.call(node)
        if node.op == "^":
            return self.power(node.left, node.right)
        if node.op in "+-":
            left, _ = self.write(node.left)
            right, strength = self.write(node.right)
            negative = isinstance(node.right, Neg) or (isinstance(node.right, Num) and node.right.value < 0)
            if strength <= SUM or negative or (node.op == "-" and strength == SUM):
                right = f"({right})"
            return f"{left} {node.op} {right}", SUM
        return self.product(node)

    def call(self, node: Call) -> tuple[str, int]:
        inner, strength = self.write(node.arg)
        if node.func == "sqrt":
            return ("√" + inner if strength == ATOM and len(inner) <= 3 else f"√({inner})"), ATOM
        if node.func == "abs":
            return f"|{inner}|", ATOM
        if node.func == "exp" and not self.e_is_a_variable:
            return self.power(Const("e", node.column), node.arg)
        name = self.sigmoid if node.func == "sigmoid" else node.func
        return f"{name}({inner})", ATOM

    def power(self, base: Node, exponent: Node) -> tuple[str, int]:
        shown_base, strength = self.write(base)
        if strength < ATOM or shown_base.startswith("√") or (isinstance(base, Num) and not str(base.value).isdigit()):
            shown_base = f"({shown_base})"
        shown_exponent, exponent_strength = self.write(exponent)
        shown_exponent = shown_exponent.replace(" ", "")
        if _RAISED.fullmatch(shown_exponent):
            return shown_base + shown_exponent.translate(_RAISE), POWER
        return f"{shown_base}^{shown_exponent if exponent_strength == ATOM else f'({shown_exponent})'}", POWER

    def product(self, node: BinOp) -> tuple[str, int]:
        left, left_strength = self.write(node.left)
        right, right_strength = self.write(node.right)
        if left_strength < PRODUCT or (left_strength == PRODUCT and left.startswith("-") and node.op == "/"):
            left = f"({left})"
        if right_strength <= PRODUCT:
            right = f"({right})"
        if node.op == "/":
            return f"{left}/{right}", PRODUCT
        if _NUMBER.fullmatch(left) and not right[0].isdigit() and not right.startswith("-"):
            return left + right, PRODUCT
        return f"{left}·{right}", PRODUCT
