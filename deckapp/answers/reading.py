"""Reading a whole answer as students write it: a left-hand side that names what is asked, then the answer.

`f'(x) = 15x^2 + 3`, `df/dx = …`, `∂f/∂x = …`, `dy/dx = …`, `y' = …`, `∇f = (…)` and `grad f = (…)` name the
derivative or gradient the question asks for; the name is read as a label and the right-hand side is the answer.
Only where the expected answer is not itself an equation: there, an equation answer keeps its own meaning.

`read()` is the one reading of an answer to a problem: check() grades what it reads, and the study app's live
preview and "Your answer" line show it (`Reading.shown()`), so the two never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from deckapp.answers.expected import Problem, read_problem
from deckapp.answers.parser import MathParseError, parse
from deckapp.answers.tree import Node, render

_NAME = r"[^\W\d_]"  # one letter, Latin or Greek
_ARGUMENTS = r"(?:\s*\(\s*[^()=]*\))?"  # f'(x), ∇f(x, y)
_PRIME = r"(?:['′’]|″)+"
_D = r"[d∂]"
_LABEL = re.compile(
    rf"""\s*(?P<label>
        {_NAME}\s*{_PRIME}{_ARGUMENTS}                           # f'(x), y', f''
      | {_D}\s*{_NAME}{_ARGUMENTS}\s*/\s*{_D}\s*{_NAME}(?:_\w+)?    # df/dx, ∂f/∂x_1, dy/dx
      | (?:∇|grad\b)\s*{_NAME}{_ARGUMENTS}                        # ∇f, grad f
      | grad\s*\(\s*{_NAME}\s*\)                                  # grad(f)
    )\s*=(?!=)""", re.VERBOSE)


@dataclass(frozen=True)
class Reading:
    """An answer as read: its tree, the left-hand side it was labelled with (`f'(x)`), if any, and the letters it
    uses that are not variables of the problem (read as variables all the same: 2y for 2x is wrong, not unreadable).
    `variables` are all the names it was read with, the extras included."""

    tree: Node
    label: str | None = None
    extras: frozenset[str] = frozenset()
    variables: frozenset[str] = frozenset()

    def render(self) -> str:
        """How it was read, in the checker's syntax: `f'(x) = 15*x^2 + 3`."""
        return f"{self.label} = {render(self.tree)}" if self.label else render(self.tree)

    def shown(self) -> str:
        """How it was read, in Unicode maths, as the study app shows it: `f'(x) = 15x² + 3`."""
        from deckapp.answers.pretty import pretty

        shown = pretty(self.tree, self.variables)
        return f"{self.label} = {shown}" if self.label else shown


def read(expected: str, answer: str, *, kind: str = "auto", variables=None) -> Reading:
    """`answer` read exactly as check(expected, answer, kind=kind, variables=variables) reads it (the study app's
    live preview uses this). Raises MathParseError for an unreadable answer, and what check() raises for a bad
    problem."""
    return read_for(read_problem(expected, kind, variables), answer)


def read_for(problem: Problem, answer: str) -> Reading:
    """The answer to `problem`: a left-hand side naming what is asked is a label unless an equation is expected;
    a letter that is not one of the problem's variables is read as one more variable (at most 5 of them)."""
    extras: set[str] = set()
    while True:
        try:
            names = problem.names | extras
            reading = read_answer(answer, names, labels=problem.kind != "equation")
            return Reading(reading.tree, reading.label, frozenset(extras), names)
        except MathParseError as err:
            if err.name is None or err.name in extras or len(extras) >= 5:
                raise
            extras.add(err.name)


def read_answer(text: str, variables: Iterable[str] | None = None, *, labels: bool = True) -> Reading:
    """The answer in `text`: with `labels`, a left-hand side naming what is asked is set aside. Raises
    MathParseError as `parse` does, at columns of `text` as typed."""
    match = _LABEL.match(text) if labels else None
    if match is None:
        return Reading(parse(text, variables=variables))
    blanked = " " * match.end() + text[match.end():]  # the columns of the right-hand side stay those typed
    return Reading(parse(blanked, variables=variables), " ".join(match.group("label").split()))
