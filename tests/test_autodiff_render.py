"""The three renderings of a graph, pinned on the worked examples of Stanford CS231n's backpropagation notes."""

import re
import subprocess
import sys

import sympy

from deckapp.answers.sympy_functions import sigmoid
from deckapp.autodiff import Var
from deckapp.autodiff.render import dot, drawing, table
from deckapp.autodiff.tracing import trace


def circuit():
    """f = (x + y) z at x = -2, y = 5, z = -4 (CS231n: q = 3, f = -12, df/dz = 3, df/dx = df/dy = -4)."""
    x, y, z = sympy.symbols("x y z")
    graph = trace((x + y) * z, {"x": -2, "y": 5, "z": -4})
    graph.backward()
    return graph.output


def neuron():
    """A sigmoid neuron, w = (2, -3, -3), x = (-1, -2) (CS231n: dx = (0.39, -0.59), dw = (-0.20, -0.39, 0.20))."""
    w0, x0, w1, x1, w2 = sympy.symbols("w0 x0 w1 x1 w2")
    graph = trace(sigmoid(w0 * x0 + w1 * x1 + w2), {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3})
    graph.backward()
    return graph.output


def test_forward_backward_table_of_the_circuit():
    assert table(circuit()) == """\
node  op     inputs  value  local gradients  ∂b/∂node
────  ─────  ──────  ─────  ───────────────  ────────
z     input          -4                      3
x     input          -2                      -4
y     input          5                       -4
a     +      x, y    3      1, 1             -4
b     *      z, a    -12    3, -4            1"""


def test_table_of_the_neuron_shows_the_published_gradients():
    text = table(neuron())
    assert text == """\
node  op       inputs  value     local gradients  ∂e/∂node
────  ───────  ──────  ────────  ───────────────  ─────────
w0    input            2                          -0.196612
x0    input            -1                         0.393224
w1    input            -3                         -0.393224
x1    input            -2                         -0.589836
w2    input            -3                         0.196612
a     *        w0, x0  -2        -1, 2            0.196612
b     *        w1, x1  6         -2, -3           0.196612
c     +        a, b    4         1, 1             0.196612
d     +        c, w2   1         1, 1             0.196612
e     sigmoid  d       0.731059  0.196612         1"""
    published = {"w0": -0.20, "x0": 0.39, "w1": -0.39, "x1": -0.59, "w2": 0.20}
    rows = {line.split()[0]: float(line.split()[-1]) for line in text.splitlines()[2:]}
    assert {name: round(rows[name], 2) for name in published} == published


def test_terminal_drawing_of_the_neuron():
    assert drawing(neuron()) == """\
graph                   value     ∂e/∂node
e = sigmoid(d)          0.731059  1
└─ d = c + w2           1         0.196612
   ├─ c = a + b         4         0.196612
   │  ├─ a = w0 * x0    -2        0.196612
   │  │  ├─ w0 (input)  2         -0.196612
   │  │  └─ x0 (input)  -1        0.393224
   │  └─ b = w1 * x1    6         0.196612
   │     ├─ w1 (input)  -3        -0.393224
   │     └─ x1 (input)  -2        -0.589836
   └─ w2 (input)        -3        0.196612"""


def test_drawing_shows_a_shared_node_once_and_refers_to_it_after():
    """Builder graphs have unnamed nodes: they get the next free short names; constants show their number."""
    a = Var(2.0, "a")
    out = (a * Var(-3.0) + 1).relu() * a
    out.backward()
    assert drawing(out) == """\
graph                  value  ∂f/∂node
f = e * a              0      1
├─ e = relu(d)         0      2
│  └─ d = c + 1        -5     0
│     ├─ c = a * b     -6     0
│     │  ├─ a (input)  2      0
│     │  └─ b (input)  -3     0
│     └─ 1 (constant)
└─ a (shared, above)"""


def test_dot_of_the_circuit():
    assert dot(circuit(), title="circuit") == """\
digraph "circuit" {
  rankdir=LR;
  node [shape=record, fontname="Helvetica"];
  "z" [label="{z (input) | value -4 | grad 3}"];
  "x" [label="{x (input) | value -2 | grad -4}"];
  "y" [label="{y (input) | value 5 | grad -4}"];
  "a" [label="{a = x + y | value 3 | grad -4}"];
  "b" [label="{b = z * a | value -12 | grad 1}"];
  "x" -> "a" [label="1"];
  "y" -> "a" [label="1"];
  "z" -> "b" [label="3"];
  "a" -> "b" [label="-4"];
}
"""


def test_dot_declares_every_node_and_draws_one_edge_per_input():
    x = Var(0.5, "x")
    out = (x * x + 2).log() / (x.exp() + 1)
    out.backward()
    text = dot(out)
    declared = set(re.findall(r'^  ("[^"]+"|const\d+) \[', text, re.M))
    edges = re.findall(r'^  ("[^"]+"|const\d+) -> ("[^"]+") \[label="([^"]+)"\];$', text, re.M)
    assert {'"x"', "const1", "const2"} <= declared
    assert all(src in declared and dst in declared for src, dst, _ in edges)
    assert len(edges) == 2 + 2 + 1 + 1 + 2 + 2  # x*x, +2, log, exp, +1, /
    assert [label for src, dst, label in edges if src == '"x"'] == ["0.5", "0.5", "1.64872"]


def test_record_labels_escape_graphviz_special_characters():
    out = Var(1.0, "{x|y}") * 2
    out.backward()
    assert r'label="{\{x\|y\} (input) | value 1 | grad 2}"' in dot(out)


def test_importing_the_engine_and_renderings_loads_neither_sympy_nor_textual():
    code = ("import sys, deckapp.autodiff, deckapp.autodiff.render, deckapp.autodiff.tracing;"
            "print(sorted(m for m in ('sympy', 'textual') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_drawing_without_values_poses_the_graph_only():
    from deckapp.answers.parser import to_sympy
    from deckapp.autodiff.render import drawing
    from deckapp.autodiff.tracing import trace

    graph = trace(to_sympy("(x + y) * y", variables=["x", "y"]), {"x": 2.0, "y": 3.0})
    graph.backward()
    assert drawing(graph.output, values=False) == (
        "b = y * a\n├─ y (input)\n└─ a = x + y\n   ├─ x (input)\n   └─ y (shared, above)")
    assert "15" in drawing(graph.output)
