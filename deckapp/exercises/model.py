"""What a generator makes: one exercise, with its prompt, expected answer, checker kind and worked solution."""

from __future__ import annotations

from dataclasses import dataclass


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
