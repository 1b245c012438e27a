"""Exercise generators, by name. Each turns (seed, difficulty) into a fresh Exercise; the same seed always gives
the same exercise, so a review log's seed reproduces what the student saw.

The names are importable without SymPy (deck validation checks them). The graph generators (graphs.py) import
SymPy, to trace their expressions, when first run; the others work in the exact algebra of algebra.py, without it.
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
# what each generator asks, for `deckapp exercise --list`
DESCRIPTIONS = {
    "derivative": "f'(x) by the sum, product and quotient rules",
    "chain_rule": "f'(x) of a composite function, worked step by step",
    "partial": "one partial derivative of f(x, y) or f(x, y, z)",
    "gradient": "the gradient of f(x, y); at difficulty 3 one gradient-descent step from a point",
    "multivariate_chain": "d/dx of h(f1(x), f2(x)), as the sum of two chain rules",
    "tangent": "the slope of f at x = c (rising or falling), or the tangent line there",
    "linear": "a line's slope, intercept or equation, or its angle with the x-axis in degrees",
    "minimum": "the stationary points of f, classified as minimum, maximum or neither",
    "gradient_descent": "k steps of gradient descent (1-D, 2-D quadratics, Rosenbrock, a diverging learning rate)",
    "graph_forward": "the output of a computational graph's forward pass",
    "graph_backward": "the gradient through a computational graph, by its backward pass",
    "graph_build": "build a formula's computational graph: its number of operations, or an inner node's value",
}
DIFFICULTIES = (1, 2, 3)
__all__ = ["DESCRIPTIONS", "DIFFICULTIES", "Exercise", "GENERATOR_NAMES", "generate", "unknown_generator"]


def unknown_generator(name: str) -> str:
    """What is wrong with a name that is no generator, said the same way by the API, the deck reader and the CLI:
    the nearest name when one is close, else the list."""
    from deckapp.errors import suggest

    hint = suggest(name, GENERATOR_NAMES) or f" (generators: {', '.join(GENERATOR_NAMES)})"
    return f"unknown generator '{name}'{hint}"


def generate(name: str, seed: int, difficulty: int = 1) -> Exercise:
    """A fresh exercise from generator `name`; raises ValueError for an unknown name or difficulty."""
    if name not in REGISTRY:
        raise ValueError(unknown_generator(name))
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be 1, 2 or 3, not {difficulty!r}")
    module, function = REGISTRY[name]
    return getattr(importlib.import_module(module), function)(seed, difficulty)
