"""Grading a typed answer against the expected one: a Verdict that says right or wrong, and why.

Stages, cheapest first: structural equality of the parsed trees (order of terms and factors ignored); then the
values at up to 40 pseudo-random real points of the expected answer's domain, plus probes on both sides of the
kinks of relu and abs and of the edges of sqrt's and log's domains (deckapp.answers.sampling); then, only when the
numbers cannot decide, SymPy's simplify in a child process killed at the deadline (deckapp.answers.symbolic). Every
check returns within TIME_LIMIT seconds whatever the text: the parser bounds the size of what is evaluated, the
numeric stage is plain float arithmetic, and SymPy never runs in this process.

The tolerance: at each point, two values agree when they differ by at most `rel_tol` times the expected value
plus the bound on their floating-point rounding errors (deckapp.answers.numeric) — there is no fixed absolute floor, so
1e-20 and 2e-20 differ while sin(pi) may be 0. A point where the rounding bound is wider than the tolerance
(cancellation: x + (sin(x)^2 + cos(x)^2 - 1)*10^15) is no evidence either way; a mismatch within a small multiple
of the bound is not trusted. When such points leave the numbers undecided, SymPy has the last word.

Points where the expected answer is undefined are skipped; an answer that is undefined where the expected one
is defined (ln(x) for ln|x|) is wrong there; an expected answer undefined at every point tried (1/0, log(-1))
is refused with ValueError. Equations are equivalent when one side-difference is a nonzero constant multiple of
the other (y = 2x - 1, y - 2x + 1 = 0 and 2y = 4x - 2 all agree). When `variables` is not given, the problem's
variables are the letters of `expected` (which may itself write xy for x·y: deckapp.answers.expected); an answer
using another letter is graded with it (0*z is still right) and told that the letter is not in the problem.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from deckapp.answers import slips
from deckapp.answers.expected import kind_of, read_expected, short
from deckapp.answers.feedback import number_apart, percent, point_text, typed_number
from deckapp.answers.numeric import Undefined, evaluate_bounded
from deckapp.answers.parser import MathParseError, parse
from deckapp.answers.sampling import points, probes, undefined_everywhere
from deckapp.answers.symbolic import equivalent
from deckapp.answers.tree import BinOp, Equation, Node, Var, Vector, canonical, render, variables_of

KINDS = ("auto", "expr", "number", "vector", "equation")
STATUSES = ("correct", "incorrect", "invalid")
TIME_LIMIT = 2.0
_MARGIN = 0.3
TARGET_POINTS = 40
MIN_POINTS = 3
NOISE = 4.0  # the rounding bounds are first order: widen them
SURE = 16.0  # a mismatch is trusted only beyond SURE times the widened bounds


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
    ValueError for a bad `kind` or `rel_tol`, or an `expected` undefined everywhere; everything wrong with
    `answer` is in the Verdict."""
    deadline = time.monotonic() + TIME_LIMIT - _MARGIN
    if kind not in KINDS:
        raise ValueError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    if not (isinstance(rel_tol, int | float) and 0 < rel_tol < 1):
        raise ValueError(f"the tolerance must be a number strictly between 0 and 1, not {rel_tol!r}")
    declared = None if variables is None else frozenset(variables)
    expected_tree, declared = read_expected(expected, declared)
    names = declared if declared is not None else frozenset(variables_of(expected_tree))
    kind = kind_of(expected_tree, kind, expected, declared)
    undefined = undefined_everywhere(expected_tree)
    if undefined is not None:
        raise ValueError(f"the expected answer '{short(expected)}' is {undefined}")
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


@dataclass
class _Comparison:
    """The outcome of comparing two scalar trees: 'equal', 'different' or 'undecided', and the evidence.

    `values` holds the points where the values told something (agreed, or differed for sure), with the rounding
    bound of the answer's value in `errors`; `unsure` counts points lost to rounding or overflow."""

    status: str
    values: list[tuple[dict, float, float]] = field(default_factory=list)
    errors: list[float] = field(default_factory=list)
    mismatch: tuple[dict, float, float] | None = None
    undefined_at: tuple[dict, float] | None = None
    agreed: int = 0
    usable: int = 0
    unsure: int = 0
    suspect: bool = False  # a mismatch that rounding might explain: only SymPy may call it real


class _Grader:
    def __init__(self, rel_tol: float, deadline: float):
        self.rel_tol = rel_tol
        self.deadline = deadline

    def close(self, expected: float, got: float) -> bool:
        """Within the tolerance (for values from points that were not lost to rounding: a few ulps of slack)."""
        return abs(got - expected) <= self.rel_tol * abs(expected) + 1e-15 * max(abs(expected), abs(got))

    def judge(self, want: float, want_error: float, got: float, got_error: float) -> str:
        """'agree', 'differ', 'weak' (rounding is wider than the tolerance: no evidence) or 'suspect' (a
        mismatch, but not by enough to rule out rounding)."""
        gap = abs(got - want)
        tolerance = self.rel_tol * abs(want)
        noise = NOISE * (want_error + got_error)
        if gap <= tolerance + noise:  # agreement counts only if rounding could not have stretched the tolerance much
            return "agree" if SURE * noise <= tolerance else "weak"
        return "differ" if gap > tolerance + SURE * noise else "suspect"

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
        if kind == "number" and variables_of(answer) and self.varies(result):
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
        near = self.within_vector_scale(wanted, got)
        for result, close in zip(results, near, strict=True):
            if close:
                result.status = "equal"
        if all(r.status == "equal" for r in results):
            return True, "correct"
        if len(wanted) > 1 and self.is_permutation(wanted, got):
            return False, "the components are in the wrong order: each one is right, but in another position"
        index = next(i for i, r in enumerate(results) if r.status != "equal")
        return False, f"component {index + 1}: " + self.explain(results[index], wanted[index], got[index])

    def within_vector_scale(self, wanted: tuple[Node, ...], got: tuple[Node, ...]) -> list[bool]:
        """For a vector of numbers (a gradient at a point): the components that are zero at the vector's scale,
        expected and given both below a hundredth of the tolerance times its largest component. A component of
        -5.6e-15 beside a 1 (tanh(18) is 1 on any calculator) may be answered 0; (1000, 1) still needs the 1."""
        if any(variables_of(node) for node in (*wanted, *got)):
            return [False] * len(wanted)  # a formula: each component must be right on its own
        try:
            want = [evaluate_bounded(node, {})[0] for node in wanted]
            have = [evaluate_bounded(node, {})[0] for node in got]
        except ArithmeticError:
            return [False] * len(wanted)
        negligible = self.rel_tol * max(abs(value) for value in want) / 100
        return [abs(w) <= negligible and abs(h) <= negligible for w, h in zip(want, have, strict=True)]

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
                    if self.off_line(a_side, *on_line, solved_for):
                        return False, (f"the point {point_text(on_line[0])} satisfies the expected equation "
                                       f"but not yours")
                except Undefined:
                    where = point_text(on_line[0])
                    return False, f"your equation is undefined at the point {where} of the expected one"
                except ArithmeticError:
                    pass
        return False, "your equation is not equivalent to the expected one (not a multiple of it)"

    def point_on(self, expected: Equation, answer: Node, solved_for: str) -> tuple[dict, float] | None:
        """A point of the expected line y = f(x), and the rounding bound of its y."""
        names = sorted((variables_of(expected) | variables_of(answer)) - {solved_for})
        for point in points(names):
            try:
                value, error = evaluate_bounded(expected.right, point)
            except ArithmeticError:
                continue
            return {**point, solved_for: value}, error
        return None

    def off_line(self, side: Node, point: dict, error: float, name: str) -> bool:
        """Whether `side` is surely nonzero at `point`, even with the point's `name` off by its rounding bound."""
        shift = max(SURE * NOISE * error, 1e-12 * abs(point[name]))
        signs = set()
        for value in (point[name], point[name] - shift, point[name] + shift):
            side_value, side_error = evaluate_bounded(side, {**point, name: value})
            if abs(side_value) <= SURE * NOISE * side_error:
                return False
            signs.add(side_value > 0)
        return len(signs) == 1

    # -- comparing two scalar trees --------------------------------------------------------------------------
    def scalar(self, expected: Node, answer: Node, *, symbolic: bool = True) -> _Comparison:
        if canonical(expected) == canonical(answer):
            return _Comparison("equal")
        result = self.sample(expected, answer)
        if result.status == "undecided" and symbolic:
            verdict = equivalent(expected, answer, self.deadline - time.monotonic())
            if verdict is not None:
                result.status = "equal" if verdict else "different"
        return result

    def sample(self, expected: Node, answer: Node) -> _Comparison:
        """Values at points of the expected answer's domain, then at the probes around its edges; after a first
        mismatch, enough more to diagnose."""
        names = sorted(variables_of(expected) | variables_of(answer))
        result = _Comparison("undecided")
        for point in _points_for(expected, answer, names, result):
            if self.visit(result, expected, answer, point):
                return result
        if result.mismatch is None and not result.suspect and result.agreed >= (MIN_POINTS if names else 1):
            result.status = "equal"
        return result

    def visit(self, result: _Comparison, expected: Node, answer: Node, point: dict) -> bool:
        """Compare at one point; True when that settles it (the answer is undefined where the expected is not)."""
        try:
            want, want_error = evaluate_bounded(expected, point)
        except Undefined:
            return False
        except ArithmeticError:
            result.unsure += 1
            return False
        try:
            got, got_error = evaluate_bounded(answer, point)
        except Undefined:
            if result.mismatch is None:
                result.status, result.undefined_at = "different", (point, want)
                return True
            return False
        except ArithmeticError:
            result.unsure += 1
            return False
        result.usable += 1
        verdict = self.judge(want, want_error, got, got_error)
        if verdict in ("weak", "suspect"):
            result.unsure += 1
            result.suspect = result.suspect or verdict == "suspect"
            return False
        result.values.append((point, want, got))
        result.errors.append(got_error)
        if verdict == "agree":
            result.agreed += 1
        elif result.mismatch is None:
            result.status, result.mismatch = "different", (point, want, got)
        return False

    def varies(self, result: _Comparison) -> bool:
        """Whether the answer's values change from point to point by more than rounding and the tolerance."""
        if len(result.values) < 2:
            return False
        found = [(got, error) for (_, _, got), error in zip(result.values, result.errors, strict=True)]
        (high, high_error), (low, low_error) = max(found), min(found)
        return self.judge(high, high_error, low, low_error) == "differ"

    def proportional(self, expected: Node, answer: Node) -> _Comparison:
        """Whether answer = c * expected for one nonzero constant c (equations moved to one side)."""
        names = sorted(variables_of(expected) | variables_of(answer))
        reference: tuple[float, float] | None = None
        result = _Comparison("undecided")
        for point in _points_for(expected, answer, names, result):
            try:
                want, want_error = evaluate_bounded(expected, point)
                got, got_error = evaluate_bounded(answer, point)
            except ArithmeticError:
                continue
            result.usable += 1
            want_zero, got_zero = abs(want) <= NOISE * want_error, abs(got) <= NOISE * got_error
            if want_zero or got_zero:
                exactly = (want == 0 and not want_error) if want_zero else (got == 0 and not got_error)
                if want_zero != got_zero and exactly and abs(got if want_zero else want) > 0:
                    result.status = "different"
                    return result
                continue
            ratio = got / want
            ratio_error = abs(ratio) * (got_error / abs(got) + want_error / abs(want))
            if reference is None:
                if NOISE * ratio_error <= self.rel_tol * abs(ratio):
                    reference = (ratio, ratio_error)
                    result.agreed += 1
                continue
            verdict = self.judge(*reference, ratio, ratio_error)
            if verdict == "differ":
                result.status = "different"
                return result
            result.agreed += verdict == "agree"
            result.suspect = result.suspect or verdict == "suspect"
        decided = result.agreed >= MIN_POINTS and not result.suspect
        if decided or equivalent(expected, answer, self.deadline - time.monotonic(), mode="ratio"):
            result.status = "equal"
        return result

    # -- feedback ------------------------------------------------------------------------------------------
    def explain(self, result: _Comparison, expected: Node, answer: Node, *, number: bool = False) -> str:
        if result.status == "undecided":
            why = ("at some points the difference is within floating-point rounding" if result.unsure and
                   result.usable else "the values are too large or too sensitive to rounding to compare")
            return (f"deckapp could not decide whether your answer equals the expected one: {why}, and SymPy could "
                    "not settle it within the time limit; try writing it in a simpler form")
        if result.undefined_at is not None:
            point, want = result.undefined_at
            where = f" at {point_text(point)}" if point else ""
            return f"your answer is undefined{where}, where the expected answer is {number_apart(want, None)}"
        if result.mismatch is None:
            return "your answer does not simplify to the expected one"
        point, want, got = result.mismatch
        if number or not point:
            shown = typed_number(answer) or number_apart(got, want, lambda v: not self.close(want, v))
            message = f"{shown} is not within {percent(self.rel_tol)} of the expected value"
            if _is_rounding_of(got, want):
                message += ": it is the expected value rounded — give more digits"
            elif abs(got - want) <= 0.05 * abs(want):
                message += ": close, but not equal"
        else:
            message = (f"at {point_text(point)} your answer gives {number_apart(got, want)}, "
                       f"expected {number_apart(want, got)}")
        hint = slips.diagnose(expected, answer, result.values, self.close)
        return f"{message} ({hint})" if hint else message


def _points_for(expected: Node, answer: Node, names: list[str], result: _Comparison) -> Iterator[dict]:
    """The sample points until TARGET_POINTS of them were usable, then the probes around the edges."""
    base = points(names)
    for point in base:
        if result.usable >= TARGET_POINTS:
            break
        yield point
    yield from probes((expected, answer), base)


def _is_rounding_of(got: float, want: float) -> bool:
    """Whether `got` is `want` rounded to a few significant digits (0.33 for 1/3, not 40 for 42)."""
    return any(float(f"{want:.{digits}g}") == got for digits in range(2, 7))


def _solved_for(equation: Equation) -> str | None:
    """'y' for y = f(x) with no y on the right."""
    left = equation.left
    if isinstance(left, Var) and left.name not in variables_of(equation.right):
        return left.name
    return None
