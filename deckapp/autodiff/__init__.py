"""deckapp's bundled reverse-mode autodiff engine: `Var` nodes, graphs traced from SymPy, and renderings.

engine.py holds the nodes and the backward pass, tracing.py turns SymPy expressions into graphs, render.py draws
them, grad.py is `deckapp grad`. Importing this package does not import SymPy; only tracing does, when it runs.
"""

from deckapp.autodiff.engine import DomainError, Var, constant, topological_order
from deckapp.autodiff.render import dot, drawing, table
from deckapp.autodiff.tracing import Graph, TraceError, gradient, trace

__all__ = ["DomainError", "Graph", "TraceError", "Var", "constant", "dot", "drawing", "gradient", "table",
           "topological_order", "trace"]
