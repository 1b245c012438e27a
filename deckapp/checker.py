"""Grading a typed answer against the expected one: a Verdict that says right or wrong, and why.

Stages, cheapest first: structural equality of the parsed trees (order of terms and factors ignored); then the
values at up to 40 pseudo-random real points of the expected answer's domain, with a relative tolerance (0.1% by
default, as WeBWorK) and an absolute floor near zero; then, only when the numbers cannot decide, SymPy's
simplify in a child process killed at the deadline (deckapp.symcheck). Every check returns within
TIME_LIMIT seconds whatever the text: the parser bounds the size of what is evaluated, the numeric stage is
plain float arithmetic, and SymPy never runs in this process.

Points where the expected answer is undefined are skipped; an answer that is undefined where the expected one
is defined (ln(x) for ln|x|) is wrong there. Equations are equivalent when one side-difference is a nonzero
constant multiple of the other (y = 2x - 1, y - 2x + 1 = 0 and 2y = 4x - 2 all agree). When `variables` is not
given, the problem's variables are the letters of `expected`; an answer using another letter is graded with it
(0*z is still right) and told that the letter is not in the problem.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field

from deckapp import slips, symcheck
from deckapp.mathlex import matching_brackets, tokenize
from deckapp.mathnum import TooLarge, Undefined, evaluate
from deckapp.mathparse import MathParseError, parse
from deckapp.mathtree import BinOp, Equation, Node, Var, Vector, canonical, render, variables_of

KINDS = ("auto", "expr", "number", "vector", "equation")
STATUSES = ("correct", "incorrect", "invalid")
TIME_LIMIT = 2.0
_MARGIN = 0.3
ABS_FLOOR = 1e-10
TARGET_POINTS = 40
MIN_POINTS = 3
_SEED = 20240117


@dataclass(frozen=True)
class Verdict:
    status: str  # one of STATUSES
    correct: bool
    feedback: str
    interpreted_as: str

    def to_dict(self) -> dict:
        return {"status": self.status, "correct": self.correct, "feedback": self.feedback,
                "interpreted_as": self.interpreted_as}


def check(expected: str, answer: str, *, kind: str = "auto", variables=None, rel_tol: float = 1e-3) -> Verdict:
    """Grade `answer` against `expected` (both as typed). Raises MathParseError if `expected` is unreadable and
    ValueError for a bad `kind` or `rel_tol`; everything wrong with `answer` is in the Verdict."""
    deadline = time.monotonic() + TIME_LIMIT - _MARGIN
    if kind not in KINDS:
        raise ValueError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    if not (isinstance(rel_tol, int | float) and 0 < rel_tol < 1):
        raise ValueError(f"the tolerance must be a number between 0 and 1, not {rel_tol!r}")
    declared = None if variables is None else frozenset(variables)
    try:
        expected_tree = parse(expected, variables=declared)
    except MathParseError as err:
        raise MathParseError(f"the expected answer '{_short(expected)}' cannot be read: {err}", err.column,
                             show_column=False) from None
    names = declared if declared is not None else frozenset(variables_of(expected_tree))
    kind = _kind_of(expected_tree, kind, expected, declared)
    try:
        answer_tree, extras = _parse_answer(answer, names)
    except MathParseError as err:
        return Verdict("invalid", False, str(err), "")
    grader = _Grader(rel_tol, deadline)
    correct, feedback = grader.grade(kind, expected_tree, answer_tree)
    if extras and not correct:
        listed = ", ".join(sorted(extras))
        known = f"({', '.join(sorted(names))})" if names else "(it has none)"
        verb = "is not a variable" if len(extras) == 1 else "are not variables"
        feedback = f"your answer uses {listed}, which {verb} of this problem {known}; {feedback}"
    return Verdict("correct" if correct else "incorrect", correct, feedback, render(answer_tree))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _parse_answer(answer: str, names: frozenset[str]) -> tuple[Node, frozenset[str]]:
    """The answer's tree, reading letters that are not the problem's variables as extra variables."""
    extras: set[str] = set()
    while True:
        try:
            return parse(answer, variables=names | extras), frozenset(extras)
        except MathParseError as err:
            if err.name is None or err.name in extras or len(extras) >= 5:
                raise
            extras.add(err.name)


def _kind_of(tree: Node, kind: str, text: str, variables) -> str:
    """The kind to grade by: `kind`, or the one `tree` (read from `text`) has; ValueError when they do not fit."""
    inferred = ("vector" if isinstance(tree, Vector) else "equation" if isinstance(tree, Equation)
                else "expr" if variables_of(tree) else "number")
    if kind == "auto":
        return inferred
    if kind == "number" and inferred != "number":
        raise ValueError("kind 'number' needs an expected answer without variables")
    if kind == "equation" and inferred != "equation":
        raise ValueError("kind 'equation' needs an expected answer with '=', such as y = 2x - 1")
    if kind == "vector" and inferred == "equation":
        raise ValueError("kind 'vector' needs an expected answer such as (a, b); this one is an equation")
    if kind == "vector" and inferred != "vector" and not _in_one_pair_of_brackets(text, variables):
        raise ValueError("kind 'vector' needs an expected answer such as (a, b), or (a) for a single component")
    if kind == "expr" and inferred in ("vector", "equation"):
        raise ValueError(f"kind 'expr' needs a single expression; the expected answer is a {inferred}")
    return kind


def _in_one_pair_of_brackets(text: str, variables) -> bool:
    """`(a)` or `[a]`: how a one-component vector (the gradient of a function of one variable) is written."""
    tokens = tokenize(text, None if variables is None else frozenset(variables))
    first = tokens[0]
    return first.kind == "OP" and first.text in "([" and matching_brackets(tokens).get(0) == len(tokens) - 2


@dataclass
class _Comparison:
    """The outcome of comparing two scalar trees: 'equal', 'different' or 'undecided', and the evidence."""

    status: str
    values: list[tuple[dict, float, float]] = field(default_factory=list)
    mismatch: tuple[dict, float, float] | None = None
    undefined_at: tuple[dict, float] | None = None


class _Grader:
    def __init__(self, rel_tol: float, deadline: float):
        self.rel_tol = rel_tol
        self.deadline = deadline

    def close(self, expected: float, got: float) -> bool:
        return abs(got - expected) <= self.rel_tol * abs(expected) + ABS_FLOOR

    # -- kinds ---------------------------------------------------------------------------------------------
    def grade(self, kind: str, expected: Node, answer: Node) -> tuple[bool, str]:
        if kind == "vector":
            return self.vector(expected, answer)
        if kind == "equation":
            return self.equation(expected, answer)
        if isinstance(answer, Vector):
            return False, f"expected a single {'number' if kind == 'number' else 'expression'}, not a vector"
        if isinstance(answer, Equation):
            return False, "expected an expression, not an equation: write only the expression"
        result = self.scalar(expected, answer)
        if result.status == "equal":
            return True, "correct"
        if kind == "number" and variables_of(answer):
            return False, f"expected a number, but your answer depends on {', '.join(sorted(variables_of(answer)))}"
        return False, self.explain(result, expected, answer, number=kind == "number")

    def vector(self, expected: Node, answer: Node) -> tuple[bool, str]:
        wanted = expected.items if isinstance(expected, Vector) else (expected,)
        if isinstance(answer, Equation):
            return False, f"expected a vector of {len(wanted)} components, not an equation"
        got = answer.items if isinstance(answer, Vector) else (answer,)
        if len(got) != len(wanted):
            return False, (f"your vector has {len(got)} component{'s' if len(got) != 1 else ''}; "
                           f"expected {len(wanted)}, such as ({', '.join('abcdefgh'[:len(wanted)] or 'a')})")
        results = [self.scalar(e, a) for e, a in zip(wanted, got, strict=True)]
        if all(r.status == "equal" for r in results):
            return True, "correct"
        if len(wanted) > 1 and self.is_permutation(wanted, got):
            return False, "the components are in the wrong order: each one is right, but in another position"
        index = next(i for i, r in enumerate(results) if r.status != "equal")
        return False, f"component {index + 1}: " + self.explain(results[index], wanted[index], got[index])

    def is_permutation(self, wanted: tuple[Node, ...], got: tuple[Node, ...]) -> bool:
        unused = list(range(len(wanted)))
        for item in got:
            match = next((i for i in unused if self.scalar(wanted[i], item, symbolic=False).status == "equal"), None)
            if match is None:
                return False
            unused.remove(match)
        return True

    def equation(self, expected: Node, answer: Node) -> tuple[bool, str]:
        assert isinstance(expected, Equation)
        solved_for = _solved_for(expected)
        if isinstance(answer, Vector):
            return False, "expected an equation, such as y = 2x - 1, not a vector"
        if not isinstance(answer, Equation):
            if solved_for and self.scalar(expected.right, answer).status == "equal":
                return True, f"correct (read as {solved_for} = {render(answer)})"
            return False, "expected an equation, such as y = 2x - 1"
        e_side = BinOp("-", expected.left, expected.right, 0)
        a_side = BinOp("-", answer.left, answer.right, 0)
        result = self.proportional(e_side, a_side)
        if result.status == "equal":
            return True, "correct"
        if solved_for:
            on_line = self.point_on(expected, answer, solved_for)
            if on_line is not None:
                try:
                    if not self.close(0.0, evaluate(a_side, on_line)):
                        return False, (f"the point {_point(on_line)} satisfies the expected equation "
                                       f"but not yours")
                except ArithmeticError:
                    return False, f"your equation is undefined at the point {_point(on_line)} of the expected one"
        return False, "your equation is not equivalent to the expected one (not a multiple of it)"

    def point_on(self, expected: Equation, answer: Node, solved_for: str) -> dict | None:
        names = sorted((variables_of(expected) | variables_of(answer)) - {solved_for})
        for point in _points(names):
            try:
                return {**point, solved_for: evaluate(expected.right, point)}
            except ArithmeticError:
                continue
        return None

    # -- comparing two scalar trees --------------------------------------------------------------------------
    def scalar(self, expected: Node, answer: Node, *, symbolic: bool = True) -> _Comparison:
        if canonical(expected) == canonical(answer):
            return _Comparison("equal")
        result = self.sample(expected, answer)
        if result.status == "undecided" and symbolic:
            verdict = symcheck.equivalent(expected, answer, self.deadline - time.monotonic())
            if verdict is not None:
                result.status = "equal" if verdict else "different"
        return result

    def sample(self, expected: Node, answer: Node) -> _Comparison:
        """Values at points of the expected answer's domain; after a first mismatch, enough more to diagnose."""
        names = sorted(variables_of(expected) | variables_of(answer))
        result = _Comparison("undecided")
        for point in _points(names):
            try:
                want = evaluate(expected, point)
            except ArithmeticError:
                continue
            try:
                got = evaluate(answer, point)
            except TooLarge:
                continue
            except Undefined:
                if result.mismatch is None:
                    result.status, result.undefined_at = "different", (point, want)
                    return result
                continue
            result.values.append((point, want, got))
            if result.mismatch is None and not self.close(want, got):
                result.status, result.mismatch = "different", (point, want, got)
            if len(result.values) >= TARGET_POINTS:
                break
        if result.mismatch is None and (len(result.values) >= MIN_POINTS or (not names and result.values)):
            result.status = "equal"
        return result

    def proportional(self, expected: Node, answer: Node) -> _Comparison:
        """Whether answer = c * expected for one nonzero constant c (equations moved to one side)."""
        names = sorted(variables_of(expected) | variables_of(answer))
        ratio: float | None = None
        result = _Comparison("undecided")
        for point in _points(names):
            try:
                want, got = evaluate(expected, point), evaluate(answer, point)
            except ArithmeticError:
                continue
            result.values.append((point, want, got))
            if abs(want) <= ABS_FLOOR or abs(got) <= ABS_FLOOR:
                if not (abs(want) <= ABS_FLOOR and abs(got) <= ABS_FLOOR):
                    result.status = "different"
                    return result
                continue
            if ratio is None:
                ratio = got / want
            elif not self.close(ratio, got / want):
                result.status = "different"
                return result
            if len(result.values) >= TARGET_POINTS:
                break
        decided = ratio is not None and len(result.values) >= MIN_POINTS
        if decided or symcheck.equivalent(expected, answer, self.deadline - time.monotonic(), mode="ratio"):
            result.status = "equal"
        return result

    # -- feedback ------------------------------------------------------------------------------------------
    def explain(self, result: _Comparison, expected: Node, answer: Node, *, number: bool = False) -> str:
        if result.status == "undecided":
            return ("deckapp could not decide whether your answer equals the expected one within the time "
                    "limit; try writing it in a simpler form")
        if result.undefined_at is not None:
            point, want = result.undefined_at
            where = f" at {_point(point)}" if point else ""
            return f"your answer is undefined{where}, where the expected answer is {_number(want)}"
        if result.mismatch is None:
            return "your answer does not simplify to the expected one"
        point, want, got = result.mismatch
        if number or not point:
            message = f"{_number(got)} is not within {_percent(self.rel_tol)} of the expected value"
            if _is_rounding_of(got, want):
                message += ": it is the expected value rounded — give more digits"
            elif abs(got - want) <= 0.05 * abs(want):
                message += ": close, but not equal"
        else:
            message = f"at {_point(point)} your answer gives {_number(got)}, expected {_number(want)}"
        hint = slips.diagnose(expected, answer, result.values, self.close)
        return f"{message} ({hint})" if hint else message


def _percent(fraction: float) -> str:
    """0.001 as '0.1%', 0.0001 as '0.01%': down to the first significant digit, so never '0.0%'."""
    percent = fraction * 100
    decimals = max(1, -math.floor(math.log10(percent)))
    return f"{percent:.{decimals}f}%"


def _is_rounding_of(got: float, want: float) -> bool:
    """Whether `got` is `want` rounded to a few significant digits (0.33 for 1/3, not 40 for 42)."""
    return any(float(f"{want:.{digits}g}") == got for digits in range(2, 7))


def _solved_for(equation: Equation) -> str | None:
    """'y' for y = f(x) with no y on the right."""
    left = equation.left
    if isinstance(left, Var) and left.name not in variables_of(equation.right):
        return left.name
    return None


def _points(names: list[str]) -> list[dict[str, float]]:
    """The same pseudo-random points every time, from near zero, positive and wide ranges in turn; never whole
    or half numbers (where removable singularities and special values hide)."""
    if not names:
        return [{}]
    rng = random.Random(_SEED + len(names))
    ranges = [(-3.0, 3.0), (0.05, 4.0), (-12.0, 12.0), (-3.0, 3.0), (-40.0, 40.0), (0.05, 4.0), (-12.0, 12.0),
              (0.001, 0.2)] * 8
    points = []
    for low, high in ranges:
        point = {}
        for name in names:
            value = 0.0
            while abs(value) < 0.05 or (value * 2).is_integer():
                value = round(rng.uniform(low, high), 3)
                if high <= 0.2:
                    break
            point[name] = value
        points.append(point)
    return points


def _point(point: dict[str, float]) -> str:
    return ", ".join(f"{name} = {_number(value)}" for name, value in point.items())


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e9:
        return str(int(value))
    return f"{value:.4g}"
