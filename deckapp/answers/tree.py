"""The syntax tree of a parsed answer (deckapp.answers.parser builds it), and reading it back as text.

Plain frozen dataclasses, no SymPy: `render` gives the live preview "interpreted as 1/(2*x)".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Num:
    text: str
    value: Fraction
    column: int


@dataclass(frozen=True)
class Var:
    name: str
    column: int


@dataclass(frozen=True)
class Const:
    name: str  # "pi" or "e"
    column: int


@dataclass(frozen=True)
class Neg:
    arg: Node
    column: int


@dataclass(frozen=True)
class BinOp:
    op: str  # + - * / ^
    left: Node
    right: Node
    column: int
    implicit: bool = False  # a product written by juxtaposition, `2x`


@dataclass(frozen=True)
class Call:
    func: str
    arg: Node
    column: int


@dataclass(frozen=True)
class Vector:
    items: tuple[Node, ...]
    column: int


@dataclass(frozen=True)
class Equation:
    left: Node
    right: Node
    column: int


Node = Num | Var | Const | Neg | BinOp | Call | Vector | Equation


def walk(*trees: Node) -> Iterator[Node]:
    """Every node of `trees`, each node before its children and a left child before a right one."""
    stack = list(trees)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def variables_of(tree: Node) -> set[str]:
    return {node.name for node in walk(tree) if isinstance(node, Var)}


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Neg | Call):
        return (node.arg,)
    if isinstance(node, BinOp | Equation):
        return (node.left, node.right)
    if isinstance(node, Vector):
        return node.items
    return ()


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}


def render(tree: Node) -> str:
    """The tree as plain text with explicit `*` and the brackets that show how it was read: `1/(2*x)`."""
    text, _ = _render(tree)
    return text


def _render(node: Node) -> tuple[str, int]:
    if isinstance(node, Num):
        return _render_number(node), 5 if node.value >= 0 else 2
    if isinstance(node, Var | Const):
        return node.name, 5
    if isinstance(node, Call):
        return f"{node.func}({render(node.arg)})", 5
    if isinstance(node, Neg):
        inner, prec = _render(node.arg)
        return ("-" + (f"({inner})" if prec <= 1 else inner)), 2
    if isinstance(node, Vector):
        return "(" + ", ".join(render(item) for item in node.items) + ")", 0
    if isinstance(node, Equation):
        return f"{render(node.left)} = {render(node.right)}", 0
    prec = _PRECEDENCE[node.op]
    left, left_prec = _render(node.left)
    right, right_prec = _render(node.right)
    if node.op == "^":
        left = left if left_prec > 4 else f"({left})"
        right = right if right_prec > 4 else f"({right})"
        return f"{left}^{right}", 4
    left = left if left_prec >= prec else f"({left})"
    negative_right = isinstance(node.right, Neg) or (isinstance(node.right, Num) and node.right.value < 0)
    right = right if right_prec > prec and not negative_right else f"({right})"
    if node.op in "+-":
        return f"{left} {node.op} {right}", prec
    return f"{left}{node.op}{right}", prec


def _render_number(node: Num) -> str:
    text = node.text
    if "e" in text.lower():
        mantissa, _, power = text.lower().partition("e")
        return f"{mantissa}*10^({int(power)})" if int(power) < 0 else f"{mantissa}*10^{int(power)}"
    if text.isascii():
        return text
    return str(node.value)


def canonical(node: Node) -> tuple:
    """A form equal for trees that differ only in order of terms and factors, grouping and `ln` vs `log`."""
    if isinstance(node, Num):
        return ("num", node.value)
    if isinstance(node, Var | Const):
        return (type(node).__name__, node.name)
    if isinstance(node, Call):
        return ("call", "log" if node.func == "ln" else node.func, canonical(node.arg))
    if isinstance(node, Vector):
        return ("vector", *(canonical(item) for item in node.items))
    if isinstance(node, Equation):
        return ("=", canonical(node.left), canonical(node.right))
    if isinstance(node, Neg) or node.op in "+-":
        terms = sorted((repr(t), t) for t in _canonical_operands(node, "+-"))
        return terms[0][1][1] if len(terms) == 1 and terms[0][1][0] == 1 else ("+", *(t for _, t in terms))
    if node.op in "*/":
        factors = sorted((repr(f), f) for f in _canonical_operands(node, "*/"))
        return ("*", *(f for _, f in factors))
    return ("^", canonical(node.left), canonical(node.right))


def _canonical_operands(node: Node, ops: str) -> list[tuple[int, tuple]]:
    """The operands (see operands) each in canonical form."""
    return [(sign, canonical(operand)) for sign, operand in operands(node, ops)]


def operands(node: Node, ops: str, sign: int = 1) -> list[tuple[int, Node]]:
    """The terms of a sum with their signs (ops '+-'), or the factors of a product with powers ±1 ('*/')."""
    if isinstance(node, BinOp) and node.op in ops:
        inverse = node.op in "-/"
        return operands(node.left, ops, sign) + operands(node.right, ops, -sign if inverse else sign)
    if isinstance(node, Neg) and ops == "+-":
        return operands(node.arg, ops, -sign)
    return [(sign, node)]
