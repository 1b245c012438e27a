"""Exercise generators, by name. Each turns (seed, difficulty) into a fresh Exercise; the same seed always gives
the same exercise, so a review log's seed reproduces what the student saw.

The names are importable without SymPy (deck validation checks them); the generators import SymPy when run.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

# name -> (module, function); modules are imported on first use.
REGISTRY = {
    "derivative": ("deckapp.exercises.calculus", "derivative"),
    "chain_rule": ("deckapp.exercises.calculus", "chain_rule"),
    "partial": ("deckapp.exercises.multivariate", "partial"),
    "gradient": ("deckapp.exercises.multivariate", "gradient"),
    "graph_forward": ("deckapp.exercises.graphs", "graph_forward"),
    "graph_backward": ("deckapp.exercises.graphs", "graph_backward"),
}
GENERATOR_NAMES = tuple(REGISTRY)
DIFFICULTIES = (1, 2, 3)


@dataclass(frozen=True)
class Exercise:
    """One generated exercise: what to show, the expected answer, and how it is worked out."""

    generator: str
    seed: int
    difficulty: int
    prompt: str  # card text; math in $…$
    answer: str  # the expected answer, in the answer checker's syntax
    kind: str  # the checker's kind: expr, number, vector or equation
    variables: tuple[str, ...]  # the names the answer may use
    solution: str  # the worked solution, step by step; math in $…$
    given: str = ""  # the function the exercise is about, in the checker's syntax (for keys and tests)
    shown_answer: str = ""  # the answer as a person writes it (math in $…$; numbers to 6 significant digits)
    figure: str | None = None  # a monospace drawing (a computational graph), if the exercise has one


def generate(name: str, seed: int, difficulty: int = 1) -> Exercise:
    """A fresh exercise from generator `name`; raises ValueError for an unknown name or difficulty."""
    if name not in REGISTRY:
        from deckapp.deck import suggest

        raise ValueError(f"unknown generator '{name}'{suggest(name, GENERATOR_NAMES)}")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be 1, 2 or 3, not {difficulty!r}")
    module, function = REGISTRY[name]
    return getattr(importlib.import_module(module), function)(seed, difficulty)
