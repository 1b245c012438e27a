"""deckapp's bundled reverse-mode autodiff engine: `Var` nodes, graphs of expressions, and renderings.

engine.py holds the nodes and the backward pass; typed.py builds the graph of a parsed expression node for node as
it was typed (what `deckapp grad` shows), tracing.py the graph of a SymPy expression (the exercise generators);
render.py draws graphs; grad.py is `deckapp grad`. Importing this package does not import SymPy; only tracing
does, when it runs.
"""

from deckapp.autodiff.engine import DomainError, Var, constant, topological_order
from deckapp.autodiff.render import dot, drawing, table
from deckapp.autodiff.tracing import Graph, TraceError, gradient, trace
from deckapp.autodiff.typed import graph_of

__all__ = ["DomainError", "Graph", "TraceError", "Var", "constant", "dot", "drawing", "gradient", "graph_of", "table",
           "topological_order", "trace"]
