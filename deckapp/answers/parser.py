"""The safe answer parser: text as people type it -> a small syntax tree -> SymPy objects. Never eval.

SymPy's own `sympify`/`parse_expr` run the text as Python, so answers are read here by a tokenizer
(deckapp.answers.lexer) and a recursive-descent parser over a whitelist: numbers, variables, `+ - * / ^ **`, brackets,
`|x|`, unary signs, the functions in `FUNCTIONS` and the constants pi and e. `parse` is pure Python (deck
validation and live previews call it often); `to_sympy` builds SymPy objects from the tree, never from the text.

How text is read:
- `2x`, `2 x`, `2(x+1)`, `(x+1)(x-1)`, `x sin x` are products. Juxtaposition binds tighter than `*` and `/`,
  so `1/2x` is 1/(2x) (as in `1/2sqrt(x)`); `render` shows every reading with explicit brackets.
- `x^2`, `x**2`, `x²`; powers are right-associative (`2^3^2` = 2^9); `-x^2` = -(x^2); `e^2x` = (e^2)·x. A run
  of superscripts is a whole exponent, as the app prints them: `e²ˣ` = e^(2x), `xʸ`, `e⁻ˣ⁺¹`, `(x+1)⁽²⁾`.
- Functions take brackets or a bare argument: `sin(x)`, `sin x`, `sin 2x` = sin(2x), `sin x cos x` =
  sin(x)·cos(x), `sin^2(x)` = `sin²x` = (sin x)^2. `log` and `ln` are both the natural logarithm. `√x`, `π`,
  `·`, `×`, `−` are understood, and the lecture's `σ(z)` is sigmoid(z) (unless σ is a declared variable).
- `e` is Euler's number and `pi` is π unless the problem declares a variable of that name. A number written
  `2e-3` is scientific notation (0.002), except when e is a declared variable.
- Variables. With `variables` given, exactly those names are variables, and a word made of them (and of
  constants) is their product: `xy` = x·y, `2xe^x` = 2·x·e^x; any other name is an error that lists the
  variables. With no `variables`, every single letter (Latin or Greek, optionally subscripted as `x_1`) is a
  variable and longer words must be function names: `xy` is refused with "write x*y for a product", because
  reading it as a product guesses at what the author meant.
- A vector is the whole answer: `(a, b)`, `[a, b]` or `a, b`. An equation is `left = right`.

Limits, each with its own message: 500 characters, 250 tokens, 30 levels of nesting, 30 digits per number,
constant exponents of at most 1000 in size, and at most 2000 digits in any number SymPy would compute exactly
(so `9**9**9**9` and `x**99999999999` are refused at once instead of computed).

SymPy symbols are plain `sympy.Symbol(name)`, without assumptions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

from deckapp.answers.lexer import FUNCTIONS, MathParseError, Token, matching_brackets, tokenize
from deckapp.answers.tree import (
    BinOp,
    Call,
    Const,
    Equation,
    Neg,
    Node,
    Num,
    Var,
    Vector,
    children,
    render,
    variables_of,
)

__all__ = ["FUNCTIONS", "MathParseError", "parse", "to_sympy", "build", "render", "variables_of",
           "Node", "Num", "Var", "Const", "Neg", "BinOp", "Call", "Vector", "Equation"]

MAX_DEPTH = 30
MAX_EXPONENT = 1000
MAX_RESULT_DIGITS = 2000


def parse(text: str, *, variables: Iterable[str] | None = None) -> Node:
    """The syntax tree of `text`; raises MathParseError (with a column) for anything it cannot read."""
    declared = None if variables is None else frozenset(variables)
    tokens = tokenize(text, declared)
    return _Parser(tokens).top()


def to_sympy(text: str, *, variables: Iterable[str] | None = None):
    """`text` as a SymPy Expr, a sympy.Tuple (vector) or an unevaluated sympy.Eq (equation)."""
    return build(parse(text, variables=variables))


class _Parser:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.abs_level = 0
        self.pairs = matching_brackets(tokens)

    # -- helpers -------------------------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def at(self, *ops: str) -> bool:
        return self.tok.kind == "OP" and self.tok.text in ops

    def advance(self) -> Token:
        tok = self.tok
        self.pos += 1
        return tok

    def enter(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise MathParseError("nested too deeply", tok.column, hint=f"the limit is {MAX_DEPTH} levels")

    def unexpected(self) -> MathParseError:
        tok = self.tok
        if tok.kind == "END":
            before = self.tokens[self.pos - 1] if self.pos else None
            if before is not None and before.kind == "OP" and before.text in "+-*/^=,":
                return MathParseError(f"something is missing after '{before.text}'", before.column)
            return MathParseError("unexpected end of the text", tok.column)
        if tok.kind == "NUM":
            return MathParseError(f"unexpected number '{tok.text}'", tok.column, hint="write * between factors")
        return MathParseError(f"unexpected '{tok.text}'", tok.column)

    # -- grammar -------------------------------------------------------------------------------------------
    def top(self) -> Node:
        first = self.tokens[0]
        end = len(self.tokens) - 1
        if first.kind == "OP" and first.text in "([" and self.pairs.get(0) == end - 1:
            self.advance()
            self.enter(first)
            items = [self.sum()]
            while self.at(","):
                self.advance()
                items.append(self.sum())
            if not self.at(")", "]"):
                raise self.unexpected()
            self.advance()
            tree: Node = Vector(tuple(items), first.column) if len(items) > 1 else items[0]
        else:
            tree = self.sum()
            if self.at(","):
                items = [tree]
                while self.at(","):
                    self.advance()
                    items.append(self.sum())
                tree = Vector(tuple(items), first.column)
            elif self.at("="):
                eq = self.advance()
                tree = Equation(tree, self.sum(), eq.column)
        if self.tok.kind != "END":
            raise self.unexpected()
        return tree

    def sum(self) -> Node:
        node = self.term()
        while self.at("+", "-"):
            op = self.advance()
            node = BinOp(op.text, node, self.term(), op.column)
        return node

    def term(self) -> Node:
        node = self.signed()
        while self.at("*", "/"):
            op = self.advance()
            node = BinOp(op.text, node, self.signed(), op.column)
        return node

    def signed(self) -> Node:
        if self.at("-", "+"):
            sign = self.advance()
            self.enter(sign)
            arg = self.signed()
            self.depth -= 1
            return Neg(arg, sign.column) if sign.text == "-" else arg
        return self.implicit()

    def implicit(self) -> Node:
        node = self.power()
        while self.starts_factor():
            column = self.tok.column
            node = BinOp("*", node, self.power(), column, implicit=True)
        return node

    def starts_factor(self) -> bool:
        tok = self.tok
        if tok.kind in ("VAR", "CONST", "FUNC", "SQRT"):
            return True
        if tok.kind == "OP":
            return tok.text in "([" or (tok.text == "|" and self.abs_level == 0)
        return False

    def power(self) -> Node:
        base = self.primary()
        if self.tok.kind == "SUP":
            sup = self.advance()
            return _power(base, Num(sup.text, Fraction(sup.value), sup.column), sup.column)
        if self.at("^"):
            caret = self.advance()
            return _power(base, self.exponent(), caret.column)
        return base

    def exponent(self) -> Node:
        if self.at("-", "+"):
            sign = self.advance()
            self.enter(sign)
            arg = self.exponent()
            self.depth -= 1
            return Neg(arg, sign.column) if sign.text == "-" else arg
        self.enter(self.tok)
        node = self.power()
        self.depth -= 1
        return node

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind == "NUM":
            self.advance()
            return Num(tok.text, tok.value, tok.column)
        if tok.kind == "VAR":
            self.advance()
            return Var(tok.text, tok.column)
        if tok.kind == "CONST":
            self.advance()
            return Const(tok.text, tok.column)
        if tok.kind == "FUNC":
            return self.call()
        if tok.kind == "SQRT":
            self.advance()
            self.enter(tok)
            if self.tok.kind == "END":
                raise MathParseError("√ needs something after it", tok.column)
            arg = self.power()
            self.depth -= 1
            return Call("sqrt", arg, tok.column)
        if self.at("(", "["):
            return self.group()
        if self.at("|"):  # where an operand is expected, a bar opens an absolute value
            self.advance()
            self.enter(tok)
            self.abs_level += 1
            arg = self.sum()
            if not self.at("|"):
                raise MathParseError("unclosed '|'", tok.column, hint="write |x| for an absolute value")
            self.advance()
            self.abs_level -= 1
            self.depth -= 1
            return Call("abs", arg, tok.column)
        raise self.unexpected()

    def group(self) -> Node:
        opener = self.advance()
        self.enter(opener)
        saved_abs, self.abs_level = self.abs_level, 0
        node = self.sum()
        if self.at(","):
            raise MathParseError("unexpected ','", self.tok.column,
                                 hint="a vector such as (a, b) can only be the whole answer")
        if not self.at(")", "]"):
            raise self.unexpected()
        self.advance()
        self.abs_level = saved_abs
        self.depth -= 1
        return node

    def call(self) -> Node:
        func = self.advance()
        power: Token | None = None
        if self.tok.kind == "SUP":
            power = self.advance()
        elif self.at("^") and self.tokens[self.pos + 1].kind == "NUM":
            self.advance()
            power = self.advance()
        elif self.at("^") and self.tokens[self.pos + 1].text == "-":
            power = self.tokens[self.pos + 1]
        if power is not None and (power.kind == "OP" or power.value < 0):
            raise MathParseError(f"{func.text}^-1 is ambiguous", func.column,
                                 hint=f"write 1/{func.text}(x) for the reciprocal; inverse functions are not supported")
        if self.at("(", "["):
            arg = self.call_group(func)
        elif self.tok.kind in ("NUM", "VAR", "CONST", "SQRT") or self.at("|", "-"):
            self.enter(func)
            arg = self.bare_argument()
            self.depth -= 1
        else:
            raise MathParseError(f"{func.text} needs an argument", func.column, hint=f"write {func.text}(x)")
        node: Node = Call(func.text, arg, func.column)
        if power is not None:
            node = _power(node, Num(power.text, Fraction(power.value), power.column), power.column)
        return node

    def call_group(self, func: Token) -> Node:
        opener = self.advance()
        self.enter(opener)
        saved_abs, self.abs_level = self.abs_level, 0
        arg = self.sum()
        if self.at(","):
            raise MathParseError("unexpected ','", self.tok.column, hint=f"{func.text} takes one argument")
        if not self.at(")", "]"):
            raise self.unexpected()
        self.advance()
        self.abs_level = saved_abs
        self.depth -= 1
        return arg

    def bare_argument(self) -> Node:
        """`sin 2x` = sin(2x), `sin x^2` = sin(x^2), `sin x cos x` = sin(x)·cos(x)."""
        if self.at("-"):
            sign = self.advance()
            return Neg(self.bare_argument(), sign.column)
        node = self.power()
        while self.tok.kind in ("VAR", "CONST"):
            column = self.tok.column
            node = BinOp("*", node, self.power(), column, implicit=True)
        return node


# -- limits on what SymPy would compute ---------------------------------------------------------------------

def _power(base: Node, exponent: Node, column: int) -> BinOp:
    value = _constant(exponent)
    if value is not None and (math.isnan(value) or abs(value) > MAX_EXPONENT):
        raise MathParseError("exponent too large", column, hint=f"the limit is {MAX_EXPONENT}")
    node = BinOp("^", base, exponent, column)
    if _digits(node) > MAX_RESULT_DIGITS:
        size = _constant(node)
        if size is not None and math.isfinite(size):  # (1 + 1e-300)^999 is about 1, but not short
            raise MathParseError("number with too many digits to compute exactly", column,
                                 hint=f"its exact value would have more than {MAX_RESULT_DIGITS} digits")
        raise MathParseError("number too large", column,
                             hint=f"the result would have more than {MAX_RESULT_DIGITS} digits")
    return node


_MATH = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp, "log": math.log, "ln": math.log,
         "sqrt": math.sqrt, "abs": abs, "tanh": math.tanh, "sinh": math.sinh, "cosh": math.cosh,
         "sech": lambda v: 1 / math.cosh(v), "sigmoid": lambda v: 1 / (1 + math.exp(-v)),
         "relu": lambda v: max(0.0, v)}


def _constant(node: Node) -> float | None:
    """The value of a constant subtree as a float (inf when it overflows), or None if it has variables."""
    try:
        if isinstance(node, Num):
            return float(node.value)
        if isinstance(node, Const):
            return math.pi if node.name == "pi" else math.e
        if isinstance(node, Neg):
            inner = _constant(node.arg)
            return None if inner is None else -inner
        if isinstance(node, Call):
            inner = _constant(node.arg)
            return None if inner is None else float(_MATH[node.func](inner))
        if isinstance(node, BinOp):
            left, right = _constant(node.left), _constant(node.right)
            if left is None or right is None:
                return None
            if node.op == "^":
                return _float_power(left, right)
            if node.op == "/":
                return left / right
            return left + right if node.op == "+" else left - right if node.op == "-" else left * right
    except (OverflowError, ValueError, ZeroDivisionError):
        return None
    return None


def _float_power(base: float, exponent: float) -> float | None:
    try:
        return math.pow(base, exponent)
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError):
        return None


def _digits(node: Node) -> float:
    """An upper bound on the digits of the exact numbers SymPy would compute for this subtree."""
    if isinstance(node, Num):
        value = node.value
        return len(str(abs(value.numerator))) + (len(str(value.denominator)) if value.denominator > 1 else 0)
    if isinstance(node, Var | Const):
        return 0  # x^999 and pi^999 stay symbolic: nothing is computed
    if isinstance(node, Neg | Call):
        return _digits(node.arg)
    if isinstance(node, BinOp):
        if node.op == "^":
            value = _constant(node.right)
            if value is None:
                return _digits(node.left) + _digits(node.right)
            return _digits(node.left) * max(1.0, math.ceil(abs(value)))
        return _digits(node.left) + _digits(node.right)
    return sum(_digits(child) for child in children(node))


# -- building SymPy objects ---------------------------------------------------------------------------------

def build(tree: Node):
    """SymPy objects for a parsed tree (imports SymPy; variables are plain Symbols)."""
    import sympy

    from deckapp.answers import sympy_functions

    functions = {"sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "exp": sympy.exp, "log": sympy.log,
                 "ln": sympy.log, "sqrt": sympy.sqrt, "abs": sympy.Abs, "tanh": sympy.tanh, "sinh": sympy.sinh,
                 "cosh": sympy.cosh, "sech": sympy.sech,
                 "sigmoid": sympy_functions.sigmoid, "relu": sympy_functions.relu}

    def convert(node: Node):
        if isinstance(node, Num):
            return sympy.Rational(node.value.numerator, node.value.denominator)
        if isinstance(node, Var):
            return sympy.Symbol(node.name)
        if isinstance(node, Const):
            return sympy.pi if node.name == "pi" else sympy.E
        if isinstance(node, Neg):
            return -convert(node.arg)
        if isinstance(node, Call):
            return functions[node.func](convert(node.arg))
        if isinstance(node, Vector):
            return sympy.Tuple(*(convert(item) for item in node.items))
        if isinstance(node, Equation):
            return sympy.Eq(convert(node.left), convert(node.right), evaluate=False)
        left, right = convert(node.left), convert(node.right)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        if node.op == "/":
            return left / right
        return left ** right

    return convert(tree)
