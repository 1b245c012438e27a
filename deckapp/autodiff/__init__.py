"""deckapp's bundled reverse-mode autodiff engine: `Var` nodes, graphs traced from SymPy, and renderings.

Importing this package does not import SymPy; only tracing does.
"""

from deckapp.autodiff.engine import DomainError, Var, constant, topological_order

__all__ = ["DomainError", "Var", "constant", "topological_order"]
