"""A scalar reverse-mode autodiff engine, node by node as the lecture draws it.

The forward pass computes each node's value and, at the same time, its local gradients (the derivative of the
node with respect to each of its inputs, as plain floats). The backward pass walks the graph in reverse
topological order and gives every node the sum, over the nodes that use it, of upstream gradient times local
gradient. Keeping the local gradients on the nodes is what lets deckapp print the forward/backward table.
"""

from __future__ import annotations

import math

from deckapp.errors import DeckappError

__all__ = ["DomainError", "Var", "topological_order"]


class DomainError(DeckappError, ValueError):
    """An operation applied outside its domain, e.g. the log of a non-positive number (exit 2)."""

    exit_code = 2

    def __init__(self, reason: str, op: str, arguments: tuple[Var, ...], node: str | None = None):
        self.reason = reason
        self.op = op
        self.arguments = arguments
        self.node = node
        super().__init__(self._message())

    def _message(self) -> str:
        names = [_label(a) for a in self.arguments]
        if self.op in _INFIX and len(names) == 2:
            formula = f"{names[0]} {shown_op(self.op)} {names[1]}"
        elif self.op.startswith("**") and len(names) == 1:
            formula = f"{names[0]}{shown_op(self.op)}"
        elif self.op == "neg":
            formula = f"-{names[0]}"
        else:
            formula = f"{self.op}({', '.join(names)})"
        where = f"node {self.node} = {formula}" if self.node else formula
        named = dict.fromkeys(a for a in self.arguments if a.name is not None)  # x / x names x once
        values = ", ".join(f"{a.name} = {_number(a.value)}" for a in named)
        return f"{self.reason}: {where}" + (f" with {values}" if values else "")

    def at(self, node: str) -> DomainError:
        """The same error, naming the node it happened at (the tracer knows names the engine does not)."""
        return DomainError(self.reason, self.op, self.arguments, node)


_INFIX = {"+", "-", "*", "/", "**"}


def shown_op(op: str) -> str:
    """An operation as answers are written: the engine's `**2` is shown `^2` (and `**` between two nodes `^`),
    as students type powers and as the rest of deckapp prints them."""
    return "^" + op[2:] if op.startswith("**") else op


def _number(x: float) -> str:
    return repr(int(x)) if x.is_integer() and abs(x) < 1e16 else repr(x)


def _label(v: Var) -> str:
    """A node's name, or for an unnamed node its value."""
    return v.name if v.name is not None else _number(v.value)


class Var:
    """A node of a computational graph: an input (`Var(1.5, name="x")`) or the result of an operation.

    `op` names the operation ("input" and "const" for leaves), `inputs` are the one or two nodes it was
    computed from, `local_grads[i]` is d(this node)/d(inputs[i]) at the forward values, and after `backward()`
    on some output, `grad` is d(output)/d(this node).
    """

    # Inputs and local gradients live in fixed slots rather than tuples: one allocation per node instead of
    # three, which measured about 40% less build time with the garbage collector on (benchmarks/).
    __slots__ = ("value", "grad", "op", "name", "_left", "_right", "_local_left", "_local_right")

    def __init__(self, value: float, name: str | None = None):
        self.value = float(value)
        self.grad = 0.0
        self.op = "input"
        self.name = name
        self._left = self._right = None
        self._local_left = self._local_right = 0.0

    @property
    def inputs(self) -> tuple[Var, ...]:
        if self._left is None:
            return ()
        if self._right is None:
            return (self._left,)
        return (self._left, self._right)

    @property
    def local_grads(self) -> tuple[float, ...]:
        if self._left is None:
            return ()
        if self._right is None:
            return (self._local_left,)
        return (self._local_left, self._local_right)

    def __repr__(self) -> str:
        label = f"{self.name}, " if self.name is not None else ""
        return f"Var({label}op={self.op!r}, value={self.value!r}, grad={self.grad!r})"

    # -- the backward pass ------------------------------------------------------------------------------------

    def backward(self) -> None:
        """Set `grad` on every node this one depends on to d(self)/d(node); calling it again gives the same."""
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            left = node._left
            if left is not None:
                upstream = node.grad
                left.grad += node._local_left * upstream
                right = node._right
                if right is not None:
                    right.grad += node._local_right * upstream

    # -- arithmetic -------------------------------------------------------------------------------------------

    def __add__(self, other: Var | float) -> Var:
        if other.__class__ is not Var:
            other = constant(other)
        return _binary(self.value + other.value, "+", self, other, 1.0, 1.0)

    def __radd__(self, other: float) -> Var:
        return constant(other) + self

    def __sub__(self, other: Var | float) -> Var:
        if other.__class__ is not Var:
            other = constant(other)
        return _binary(self.value - other.value, "-", self, other, 1.0, -1.0)

    def __rsub__(self, other: float) -> Var:
        return constant(other) - self

    def __mul__(self, other: Var | float) -> Var:
        if other.__class__ is not Var:
            other = constant(other)
        return _binary(self.value * other.value, "*", self, other, other.value, self.value)

    def __rmul__(self, other: float) -> Var:
        return constant(other) * self

    def __truediv__(self, other: Var | float) -> Var:
        if other.__class__ is not Var:
            other = constant(other)
        y = other.value
        if y == 0.0:
            raise DomainError("division by zero", "/", (self, other))
        q = self.value / y
        return _binary(q, "/", self, other, 1.0 / y, -q / y)

    def __rtruediv__(self, other: float) -> Var:
        return constant(other) / self

    def __neg__(self) -> Var:
        return _unary(-self.value, "neg", self, -1.0)

    def __pow__(self, exponent: Var | float) -> Var:
        """`x ** p` for a number p; `x ** y` for a node y needs x > 0 (it is exp(y log x))."""
        if exponent.__class__ is Var:
            return _variable_power(self, exponent)
        p = float(exponent)
        x = self.value
        op = f"**{_number(p)}"
        if p == 0.0:
            return _unary(1.0, op, self, 0.0)
        if x == 0.0 and p < 1.0:
            reason = "division by zero" if p < 0 else f"power {_number(p)} has no finite derivative at 0"
            raise DomainError(reason, op, (self,))
        if x < 0.0 and not p.is_integer():
            raise DomainError(f"negative number to the non-integer power {_number(p)}", op, (self,))
        try:
            value = x**p
            local = p * x ** (p - 1.0)
        except OverflowError:
            raise DomainError("overflow", op, (self,)) from None
        return _unary(value, op, self, local)

    def __rpow__(self, base: float) -> Var:
        return _variable_power(constant(base), self)

    # -- functions --------------------------------------------------------------------------------------------

    def exp(self) -> Var:
        try:
            value = math.exp(self.value)
        except OverflowError:
            raise DomainError("exp overflows", "exp", (self,)) from None
        return _unary(value, "exp", self, value)

    def log(self) -> Var:
        x = self.value
        if x <= 0.0:
            raise DomainError("log of a non-positive number", "log", (self,))
        return _unary(math.log(x), "log", self, 1.0 / x)

    def sin(self) -> Var:
        x = self.value
        return _unary(math.sin(x), "sin", self, math.cos(x))

    def cos(self) -> Var:
        x = self.value
        return _unary(math.cos(x), "cos", self, -math.sin(x))

    def tanh(self) -> Var:
        x = self.value
        z = math.exp(-2.0 * abs(x))
        # 1 - tanh(x)**2 written as 4z / (1 + z)**2: no cancellation when tanh(x) is close to +-1
        return _unary(math.tanh(x), "tanh", self, 4.0 * z / ((1.0 + z) * (1.0 + z)))

    def sigmoid(self) -> Var:
        x = self.value
        z = math.exp(-abs(x))  # never overflows
        if x >= 0.0:
            s, one_minus_s = 1.0 / (1.0 + z), z / (1.0 + z)
        else:
            s, one_minus_s = z / (1.0 + z), 1.0 / (1.0 + z)
        return _unary(s, "sigmoid", self, s * one_minus_s)

    def relu(self) -> Var:
        """max(0, x), with derivative 0 at x = 0 as in deep-learning libraries
        (and deckapp.answers.sympy_functions.relu)."""
        x = self.value
        if x > 0.0:
            return _unary(x, "relu", self, 1.0)
        return _unary(0.0, "relu", self, 0.0)

    def abs(self) -> Var:
        """|x|, with derivative sign(x), 0 at x = 0 (SymPy's sign, and the convention relu follows)."""
        x = self.value
        if x > 0.0:
            return _unary(x, "abs", self, 1.0)
        if x < 0.0:
            return _unary(-x, "abs", self, -1.0)
        return _unary(0.0, "abs", self, 0.0)

    def sqrt(self) -> Var:
        x = self.value
        if x < 0.0:
            raise DomainError("square root of a negative number", "sqrt", (self,))
        if x == 0.0:
            raise DomainError("sqrt has no finite derivative at 0", "sqrt", (self,))
        r = math.sqrt(x)
        return _unary(r, "sqrt", self, 0.5 / r)


_new = object.__new__


def _unary(value: float, op: str, x: Var, local: float) -> Var:
    """An operation's output node (no __init__ call: this is the engine's hot path)."""
    node = _new(Var)
    node.value = value
    node.grad = 0.0
    node.op = op
    node.name = None
    node._left = x
    node._right = None
    node._local_left = local
    node._local_right = 0.0
    return node


def _binary(value: float, op: str, x: Var, y: Var, local_x: float, local_y: float) -> Var:
    node = _new(Var)
    node.value = value
    node.grad = 0.0
    node.op = op
    node.name = None
    node._left = x
    node._right = y
    node._local_left = local_x
    node._local_right = local_y
    return node


def constant(value: float) -> Var:
    """A leaf holding a number that is part of the formula rather than an input, like the 2 in 2*x."""
    node = Var(value)
    node.op = "const"
    return node


def _variable_power(base: Var, exponent: Var) -> Var:
    x, y = base.value, exponent.value
    if x <= 0.0:
        raise DomainError("a power with a variable exponent needs a positive base", "**", (base, exponent))
    try:
        value = x**y
        local_base = y * x ** (y - 1.0)
    except OverflowError:
        raise DomainError("overflow", "**", (base, exponent)) from None
    return _binary(value, "**", base, exponent, local_base, value * math.log(x))


def topological_order(output: Var) -> list[Var]:
    """Every node `output` depends on, each after all of its inputs, ending with `output`.

    Iterative (an explicit stack, so a chain of any length works) and deterministic: inputs are visited in
    the order the operation lists them, so the same graph always gives the same order.
    """
    order: list[Var] = []
    visited: set[Var] = set()
    stack: list[Var | None] = [output]  # None above a node: its inputs are done, emit it
    pop, push, visit, emit = stack.pop, stack.append, visited.add, order.append
    while stack:
        node = pop()
        if node is None:
            emit(pop())
            continue
        if node in visited:
            continue
        visit(node)
        left = node._left
        if left is None:
            emit(node)
            continue
        push(node)
        push(None)
        if node._right is not None:
            push(node._right)
        push(left)
    return order
