"""Exercise generators, by name. Each turns (seed, difficulty) into a fresh Exercise; the same seed always gives
the same exercise, so a review log's seed reproduces what the student saw.

The names are importable without SymPy (deck validation checks them); the generators import SymPy when run.
"""

from __future__ import annotations

import importlib

from deckapp.exercises.model import Exercise

# name -> (module, function); modules are imported on first use.
REGISTRY = {
    "derivative": ("deckapp.exercises.calculus", "derivative"),
    "chain_rule": ("deckapp.exercises.calculus", "chain_rule"),
    "partial": ("deckapp.exercises.multivariate", "partial"),
    "gradient": ("deckapp.exercises.multivariate", "gradient"),
    "multivariate_chain": ("deckapp.exercises.multivariate", "multivariate_chain"),
    "tangent": ("deckapp.exercises.lines", "tangent"),
    "linear": ("deckapp.exercises.lines", "linear"),
    "minimum": ("deckapp.exercises.optimisation", "minimum"),
    "gradient_descent": ("deckapp.exercises.optimisation", "gradient_descent"),
    "graph_forward": ("deckapp.exercises.graphs", "graph_forward"),
    "graph_backward": ("deckapp.exercises.graphs", "graph_backward"),
    "graph_build": ("deckapp.exercises.graphs", "graph_build"),
}
GENERATOR_NAMES = tuple(REGISTRY)
DIFFICULTIES = (1, 2, 3)
__all__ = ["Exercise", "GENERATOR_NAMES", "DIFFICULTIES", "generate"]


def generate(name: str, seed: int, difficulty: int = 1) -> Exercise:
    """A fresh exercise from generator `name`; raises ValueError for an unknown name or difficulty."""
    if name not in REGISTRY:
        from deckapp.errors import suggest

        raise ValueError(f"unknown generator '{name}'{suggest(name, GENERATOR_NAMES)}")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be 1, 2 or 3, not {difficulty!r}")
    module, function = REGISTRY[name]
    return getattr(importlib.import_module(module), function)(seed, difficulty)
