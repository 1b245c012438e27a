"""Three pictures of one computational graph: the forward/backward table, a terminal drawing, Graphviz DOT.

Each takes the output node after `backward()` and shows every node it depends on, in the same deterministic
order. Nodes keep their names; an unnamed intermediate gets the next free short name (a, b, c, ...), a constant
shows its number. Plain text and Unicode only, so the TUI can show the drawing as it is.
"""

from __future__ import annotations

from deckapp.autodiff.engine import Var, shown_op, topological_order
from deckapp.autodiff.tracing import short_names

__all__ = ["dot", "drawing", "format_number", "table"]

_INFIX = {"+", "-", "*", "/", "**"}


def format_number(x: float) -> str:
    """Six significant digits, as a person would write them down (no -0)."""
    text = format(x, ".6g")
    return "0" if text == "-0" else text


def labels(output: Var) -> dict[Var, str]:
    """The name each node of `output`'s graph is shown under."""
    order = topological_order(output)
    taken = {node.name for node in order if node.name is not None}
    fresh = short_names(taken)
    shown: dict[Var, str] = {}
    for node in order:
        if node.name is not None:
            shown[node] = node.name
        elif node.op == "const":
            shown[node] = format_number(node.value)
        else:
            shown[node] = next(fresh)
    return shown


def operation(node: Var) -> str:
    return shown_op(node.op)


def formula(node: Var, shown: dict[Var, str]) -> str:
    """The operation that computes `node`, written with its inputs' names: "x * y", "relu(a)", "b^2"."""
    args = [shown[i] for i in node.inputs]
    if node.op in _INFIX and len(args) == 2:
        return f"{args[0]} {operation(node)} {args[1]}"
    if node.op.startswith("**"):
        return f"{args[0]}{operation(node)}"
    if node.op == "neg":
        return f"-{args[0]}"
    return f"{node.op}({', '.join(args)})"


def _rows(output: Var) -> list[Var]:
    """Inputs first, then the operations in the order the forward pass computes them; constants left out."""
    order = [node for node in topological_order(output) if node.op != "const"]
    return [n for n in order if not n.inputs] + [n for n in order if n.inputs]


def table(output: Var) -> str:
    """The forward/backward table: node, operation, inputs, value, local gradients, d output / d node."""
    shown = labels(output)
    header = ["node", "op", "inputs", "value", "local gradients", f"∂{shown[output]}/∂node"]
    body = []
    for node in _rows(output):
        body.append([
            shown[node],
            operation(node) if node.inputs else "input",
            ", ".join(shown[i] for i in node.inputs),
            format_number(node.value),
            ", ".join(format_number(g) for g in node.local_grads),
            format_number(node.grad),
        ])
    widths = [max(len(row[c]) for row in [header, *body]) for c in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *body]]
    lines.insert(1, "  ".join("─" * w for w in widths))
    return "\n".join(lines)


def drawing(output: Var, values: bool = True) -> str:
    """The graph drawn as a tree from the output down to the inputs, for a terminal; with `values`, each node's
    value and gradient beside it (without, to pose an exercise).

    A node used more than once is drawn in full the first time and referred to as "(shared, above)" after,
    so the picture stays a faithful DAG without repeating subgraphs.
    """
    shown = labels(output)
    out_name = shown[output]
    lines: list[tuple[str, Var | None]] = []
    drawn: set[Var] = set()
    stack: list[tuple[Var, str, str]] = [(output, "", "")]  # node, its line's prefix, its children's prefix
    while stack:
        node, prefix, child_prefix = stack.pop()
        if node.op == "const":
            lines.append((f"{prefix}{shown[node]} (constant)", None))
            continue
        if node in drawn:
            lines.append((f"{prefix}{shown[node]} (shared, above)", None))
            continue
        drawn.add(node)
        text = f"{shown[node]} = {formula(node, shown)}" if node.inputs else f"{shown[node]} (input)"
        lines.append((prefix + text, node))
        children = node.inputs
        for k in range(len(children) - 1, -1, -1):
            last = k == len(children) - 1
            stack.append((children[k], child_prefix + ("└─ " if last else "├─ "),
                          child_prefix + ("   " if last else "│  ")))
    if not values:
        return "\n".join(text for text, _ in lines)
    width = max(len(text) for text, _ in lines)
    numbers = [format_number(node.value) if node else "" for _, node in lines]
    value_width = max(len("value"), *(len(v) for v in numbers))
    result = [f"{'graph'.ljust(width)}  {'value'.ljust(value_width)}  ∂{out_name}/∂node"]
    for (text, node), value in zip(lines, numbers, strict=True):
        grad = format_number(node.grad) if node else ""
        result.append(f"{text.ljust(width)}  {value.ljust(value_width)}  {grad}".rstrip())
    return "\n".join(result)


def dot(output: Var, title: str = "graph") -> str:
    """Graphviz DOT text: one record per node (name, operation, value, gradient), local gradients on edges."""
    shown = labels(output)
    ids: dict[Var, str] = {}
    consts = 0
    lines = [f"digraph {_quote(title)} {{", "  rankdir=LR;", '  node [shape=record, fontname="Helvetica"];']
    for node in topological_order(output):
        if node.op == "const":
            consts += 1
            ids[node] = f"const{consts}"
            lines.append(f"  {ids[node]} [shape=plaintext, label={_quote(shown[node])}];")
            continue
        ids[node] = _quote(shown[node])
        what = f"{shown[node]} = {formula(node, shown)}" if node.inputs else f"{shown[node]} (input)"
        fields = [what, f"value {format_number(node.value)}", f"grad {format_number(node.grad)}"]
        lines.append(f"  {ids[node]} [label={_quote('{' + ' | '.join(_record(f) for f in fields) + '}')}];")
    for node in topological_order(output):
        for inp, local in zip(node.inputs, node.local_grads, strict=True):
            lines.append(f"  {ids[inp]} -> {ids[node]} [label={_quote(format_number(local))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _record(text: str) -> str:
    """Escape the characters a Graphviz record label gives meaning to."""
    return "".join("\\" + ch if ch in "{}|<>\\" else ch for ch in text)


def _quote(text: str) -> str:
    """A DOT string; backslashes stay as they are, so record escapes reach Graphviz intact."""
    return '"' + text.replace('"', '\\"') + '"'
