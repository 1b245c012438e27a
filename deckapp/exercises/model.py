"""What a generator makes: one exercise, with its prompt, expected answer, checker kind and worked solution."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Exercise:
    """One generated exercise: what to show, the expected answer, and how it is worked out.

    `to_dict()` is the contract other tools (homework, export, `deckapp exercise --json`) rely on.
    """

    generator: str
    seed: int
    difficulty: int
    prompt: str  # card text; math in $…$
    answer: str  # the expected answer, in the answer checker's syntax
    kind: str  # the checker's kind: expr, number, vector or equation
    variables: tuple[str, ...]  # the names the answer may use
    steps: tuple[str, ...]  # the worked solution, one step a string (at least two); math in $…$
    given: str = ""  # the function the exercise is about, in the checker's syntax (for keys and tests)
    shown_answer: str = ""  # the answer as a person writes it (math in $…$; numbers to 6 significant digits)
    figure: str | None = None  # a monospace drawing (a computational graph), if the exercise has one
    # the structured parameters: function (= given), variable or variables, and where used point, eta, steps,
    # output_value, input_gradients, node (graph_build), asked (linear, minimum), stationary_points and kinds
    # (minimum); JSON values only
    data: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def solution(self) -> str:
        """The whole worked solution, one step a line; math in $…$."""
        return "\n".join(self.steps)

    def worked(self) -> str:
        """The worked solution as a person reads it: a step a line, and a step of several lines (a forward/backward
        table) a paragraph of its own, so that it is not glued to the line above."""
        paragraphs: list[list[str]] = []
        for step in self.steps:
            if not paragraphs or "\n" in step or "\n" in paragraphs[-1][-1]:
                paragraphs.append([step])
            else:
                paragraphs[-1].append(step)
        return "\n\n".join("\n".join(lines) for lines in paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """The exercise as JSON values: generate(d["generator"], d["seed"], d["difficulty"]).to_dict() == d."""
        return {
            "generator": self.generator,
            "seed": self.seed,
            "difficulty": self.difficulty,
            "prompt": self.prompt,
            "answer": self.answer,
            "kind": self.kind,
            "variables": list(self.variables),
            "solution": list(self.steps),
            "data": {"function": self.given, **self.data},
        }
