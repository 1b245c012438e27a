"""Grading a typed answer against the expected one: a Verdict that says right, wrong or undecided, and why.

Stages, cheapest first: structural equality of the parsed trees (order of terms and factors ignored); then the
values at up to 40 pseudo-random real points of the expected answer's domain, plus probes on both sides of the
kinks of relu and abs and of the edges of sqrt's and log's domains (deckapp.answers.sampling); points where
floating point cannot decide are decided in exact or high-precision arithmetic (deckapp.answers.exact); what is
still open goes to SymPy's simplify in a child process killed at the deadline (deckapp.answers.symbolic). The
rule the values are held to — exact equality for formulas typed without decimals, the tolerance otherwise — is
described in deckapp.answers.compare. Every check returns within TIME_LIMIT seconds whatever the text: the parser
bounds the size of what is evaluated, the precise stage gives up at the deadline, and SymPy never runs in this
process. When nothing decides in time, the verdict is 'undecided': not correct, and not incorrect either.

The tolerance: at each point, two values agree when they differ by at most `rel_tol` times the expected value
plus the bound on their floating-point rounding errors (deckapp.answers.numeric) — there is no fixed absolute
floor, so 1e-20 and 2e-20 differ while sin(pi) is 0.

Points where the expected answer is undefined are skipped; an answer that is undefined where the expected one
is defined (ln(x) for ln|x|) is wrong there; an expected answer undefined at every point tried (1/0, log(-1))
is refused with ValueError. Equations are equivalent when they have the same real solutions: one side-difference
a nonzero constant multiple of the other (y = 2x - 1, 2y = 4x - 2) is the fast way to see it, and otherwise the
solution sets are compared (deckapp.answers.equations). A left-hand side naming what is asked (f'(x) = …, ∇f = …)
is read and the right-hand side graded (deckapp.answers.reading). When `variables` is not given, the problem's
variables are the letters of `expected` (which may itself write xy for x·y: deckapp.answers.expected); an answer
using another letter is graded with it (0*z is still right) and told that the letter is not in the problem.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from deckapp.answers import KINDS as KINDS  # checker.KINDS: the kinds check() grades by
from deckapp.answers import slips
from deckapp.answers.compare import Comparer, Comparison, exact_mode
from deckapp.answers.equations import same_solutions
from deckapp.answers.expected import ArgumentError, read_problem, short
from deckapp.answers.feedback import Said, number_apart, percent, point_text, say, typed_number
from deckapp.answers.numeric import evaluate_bounded
from deckapp.answers.parser import MathParseError
from deckapp.answers.reading import read_for
from deckapp.answers.sampling import undefined_everywhere
from deckapp.answers.symbolic import equivalent
from deckapp.answers.tree import BinOp, Equation, Node, Var, Vector, variables_of

STATUSES = ("correct", "incorrect", "invalid", "undecided")
TIME_LIMIT = 2.0
_MARGIN = 0.3


@dataclass(frozen=True)
class Verdict:
    """`feedback` writes maths in the checker's syntax (`2*x`, for the CLI and JSON); `shown_feedback` is the
    same feedback with its maths as maths (`2x`), for the study app."""

    status: str  # one of STATUSES
    correct: bool
    feedback: str
    interpreted_as: str
    shown_feedback: str = ""

    def __post_init__(self):
        if not self.shown_feedback:
            object.__setattr__(self, "shown_feedback", self.feedback)

    def to_dict(self) -> dict:
        return {"status": self.status, "correct": self.correct, "feedback": self.feedback,
                "interpreted_as": self.interpreted_as}


def check(expected: str, answer: str, *, kind: str = "auto", variables=None, rel_tol: float = 1e-3) -> Verdict:
    """Grade `answer` against `expected` (both as typed). Raises MathParseError if `expected` is unreadable and
    ValueError for a bad `kind`, an `expected` undefined everywhere or a bad `rel_tol` or variable name (these two
    an ArgumentError, which names the argument); everything wrong with `answer` is in the Verdict."""
    deadline = time.monotonic() + TIME_LIMIT - _MARGIN
    if not (isinstance(rel_tol, int | float) and 0 < rel_tol < 1):
        shown = f"{rel_tol:g}" if isinstance(rel_tol, int | float) else repr(rel_tol)
        raise ArgumentError("rel_tol", "the tolerance",
                            f"must be strictly between 0 and 1 (0.001 is 0.1%), not {shown}")
    problem = read_problem(expected, kind, variables)
    undefined = undefined_everywhere(problem.tree)
    if undefined is not None:
        raise ValueError(f"the expected answer '{short(expected)}' is {undefined}")
    try:
        reading = read_for(problem, answer)
    except MathParseError as err:
        return Verdict("invalid", False, str(err), "")
    grader = _Grader(Comparer(rel_tol, deadline))
    status, said = grader.grade(problem.kind, problem.tree, reading.tree)
    graded = reading if grader.read_as is None else replace(reading, tree=grader.read_as)
    extras = reading.extras
    if extras and status != "correct":
        listed = ", ".join(sorted(extras))
        known = f"({', '.join(sorted(problem.names))})" if problem.names else "(it has none)"
        verb = "is not a variable" if len(extras) == 1 else "are not variables"
        said = f"your answer uses {listed}, which {verb} of this problem {known}; " + said
    return Verdict(status, status == "correct", said.plain(), graded.render(), said.shown(reading.variables))


class _Grader:
    def __init__(self, comparer: Comparer):
        self.comparer = comparer
        self.read_as: Node | None = None  # what was graded, where it is not the answer as read (y = 2x for 2x)

    def grade(self, kind: str, expected: Node, answer: Node) -> tuple[str, Said]:
        """('correct' | 'incorrect' | 'undecided', feedback)."""
        if kind == "vector":
            return self.vector(expected, answer)
        if kind == "equation":
            return self.equation(expected, answer)
        if isinstance(answer, Vector):
            return "incorrect", say(f"expected a single {'number' if kind == 'number' else 'expression'}, not a vector")
        if isinstance(answer, Equation):
            return "incorrect", say("expected an expression, not an equation: write only the expression")
        result = self.comparer.scalar(expected, answer)
        if result.status == "equal":
            return "correct", say("correct")
        if kind == "number" and variables_of(answer) and self.comparer.varies(result):
            return "incorrect", say(f"expected a number, but your answer depends on "
                                    f"{', '.join(sorted(variables_of(answer)))}")
        return self.explain(result, expected, answer, number=kind == "number")

    def vector(self, expected: Node, answer: Node) -> tuple[str, Said]:
        wanted = expected.items if isinstance(expected, Vector) else (expected,)
        if isinstance(answer, Equation):
            return "incorrect", say(f"expected a vector of {len(wanted)} components, not an equation")
        got = answer.items if isinstance(answer, Vector) else (answer,)
        if len(got) != len(wanted):
            return "incorrect", say(f"your vector has {len(got)} component{'s' if len(got) != 1 else ''}; expected "
                                    f"{len(wanted)}, such as ({', '.join('abcdefgh'[:len(wanted)] or 'a')})")
        results = [self.comparer.scalar(e, a) for e, a in zip(wanted, got, strict=True)]
        for result, close in zip(results, self.within_vector_scale(wanted, got), strict=True):
            if close:
                result.status = "equal"
        if all(r.status == "equal" for r in results):
            return "correct", say("correct")
        if len(wanted) > 1 and self.is_permutation(wanted, got):
            return "incorrect", say("the components are in the wrong order: each one is right, but in another "
                                    "position")
        statuses = [r.status for r in results]
        index = statuses.index("different") if "different" in statuses else statuses.index("undecided")
        status, said = self.explain(results[index], wanted[index], got[index])
        return status, f"component {index + 1}: " + said

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
        negligible = self.comparer.rel_tol * max(abs(value) for value in want) / 100
        return [abs(w) <= negligible and abs(h) <= negligible for w, h in zip(want, have, strict=True)]

    def is_permutation(self, wanted: tuple[Node, ...], got: tuple[Node, ...]) -> bool:
        unused = list(range(len(wanted)))
        for item in got:
            match = next((i for i in unused
                          if self.comparer.scalar(wanted[i], item, symbolic=False).status == "equal"), None)
            if match is None:
                return False
            unused.remove(match)
        return True

    def equation(self, expected: Node, answer: Node) -> tuple[str, Said]:
        assert isinstance(expected, Equation)
        solved_for = _solved_for(expected)
        if isinstance(answer, Vector):
            return "incorrect", say("expected an equation, such as y = 2x - 1, not a vector")
        if not isinstance(answer, Equation):
            if not solved_for:
                return "incorrect", say("expected an equation, such as y = 2x - 1")
            # A bare right-hand side of y = …: graded as the equation y = (the answer), right or wrong.
            self.read_as = Equation(Var(solved_for, 0), answer, 0)
            result = self.comparer.scalar(expected.right, answer)
            if result.status == "equal":
                return "correct", say("correct (read as ", self.read_as, ")")
            return self.explain(result, expected.right, answer)
        e_side = BinOp("-", expected.left, expected.right, 0)
        a_side = BinOp("-", answer.left, answer.right, 0)
        if self.comparer.proportional(e_side, a_side).status == "equal":
            return "correct", say("correct")
        comparer = self.comparer
        sets = same_solutions(expected, answer, comparer.rel_tol, exact_mode(e_side, a_side), comparer.deadline)
        if sets.status == "equal":
            return "correct", say("correct")
        if sets.status == "undecided":
            if equivalent(e_side, a_side, comparer.left(), mode="ratio"):
                return "correct", say("correct")
            return "undecided", say("deckapp could not decide whether your equation has the same solutions as the "
                                    "expected one (it is not a multiple of it)")
        point = dict(sorted(sets.point.items()))
        where = point_text(point) if len(point) == 1 else f"the point {point_text(point)}"
        if sets.undefined:
            whose, other = ("your equation", "the expected one") if sets.missing else ("the expected equation",
                                                                                       "yours")
            return "incorrect", say(f"{whose} is undefined at {where}, a solution of {other}")
        if sets.missing:
            return "incorrect", say(f"{where} satisfies the expected equation but not yours")
        return "incorrect", say(f"{where} satisfies your equation but not the expected one")

    # -- feedback ------------------------------------------------------------------------------------------------
    def explain(self, result: Comparison, expected: Node, answer: Node, *, number: bool = False) -> tuple[str, Said]:
        if result.status == "undecided":
            why = ("at some points the difference is within floating-point rounding" if result.unsure and
                   result.usable else "the values are too large or too sensitive to rounding to compare")
            return "undecided", say(f"deckapp could not decide whether your answer equals the expected one: {why}, "
                                    "and neither high-precision arithmetic nor SymPy settled it within the time "
                                    "limit")
        if result.undefined_at is not None:
            point, want = result.undefined_at
            where = f" at {point_text(point)}" if point else ""
            return "incorrect", say(f"your answer is undefined{where}, where the expected answer is "
                                    f"{number_apart(want, None)}")
        if result.mismatch is None:
            return "incorrect", say("your answer does not simplify to the expected one")
        point, want, got = result.mismatch
        if not isinstance(want, float) or not isinstance(got, float):  # beyond a float: show the difference
            gap = result.gap if result.gap is not None else got - want
            where = f"at {point_text(point)} " if point else ""
            return "incorrect", say(f"{where}your answer differs from the expected value by {number_apart(gap, None)} "
                                    f"(both are about {number_apart(want, None)})")
        if number or not point:
            close = self.comparer.close
            shown = typed_number(answer) or number_apart(got, want, lambda v: not close(want, v))
            message = f"{shown} is not within {percent(self.comparer.rel_tol)} of the expected value"
            if _is_rounding_of(got, want):
                message += ": it is the expected value rounded — give more digits"
            elif abs(got - want) <= 0.05 * abs(want):
                message += ": close, but not equal"
        else:
            message = (f"at {point_text(point)} your answer gives {number_apart(got, want)}, "
                       f"expected {number_apart(want, got)}")
        hint = slips.diagnose(expected, answer, result.values, self.comparer.close)
        return "incorrect", say(message) + (" (" + hint + ")" if hint else "")


def _is_rounding_of(got, want) -> bool:
    """Whether `got` is `want` rounded to a few significant digits (0.33 for 1/3, not 40 for 42)."""
    if not isinstance(got, float | int) or not isinstance(want, float | int):
        return False
    return any(float(f"{want:.{digits}g}") == got for digits in range(2, 7))


def _solved_for(equation: Equation) -> str | None:
    """'y' for y = f(x) with no y on the right."""
    left = equation.left
    if isinstance(left, Var) and left.name not in variables_of(equation.right):
        return left.name
    return None
