"""Comparing two scalar trees, cheapest evidence first: floats at sample points, then exactly or in high precision
where rounding could hide a difference, then SymPy.

Which rule two trees are held to:
- exactly (the "exact mode"): when the expected answer has variables and neither side has a decimal number in it
  (`0.3333`, `2.5e-3`). Two formulas typed without decimals are the same function or they are not: a polynomial
  off by 1 in its constant is wrong however large its values are.
- within the tolerance, relative to the expected value: numbers, and formulas with decimals (`0.3333x` for x/3).

The float stage (deckapp.answers.numeric) compares at up to TARGET_POINTS points of the expected answer's domain
and at the probes around its edges (deckapp.answers.sampling). At each point, two values agree when they differ by
at most the tolerance (in exact mode, FLOAT_EXACT of the expected value) plus the bound on their rounding errors;
a point where that bound is wider than the tolerance (cancellation), or where a mismatch is within a small
multiple of it (in exact mode, also any mismatch below RECHECK_BELOW of the value), or where a float overflows,
is decided again by deckapp.answers.exact (exact fractions or intervals). In exact mode, agreement in floats is
confirmed there at CONFIRM points. SymPy (in a child process
killed at the deadline: deckapp.answers.symbolic) has the last word on what is still undecided.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from deckapp.answers.exact import compare
from deckapp.answers.numeric import Undefined, evaluate_bounded
from deckapp.answers.sampling import points, probes
from deckapp.answers.symbolic import equivalent
from deckapp.answers.tree import BinOp, Node, Num, canonical, variables_of, walk

TARGET_POINTS = 40
MIN_POINTS = 3
NOISE = 4.0  # the rounding bounds are first order: widen them
SURE = 16.0  # a mismatch is trusted only beyond SURE times the widened bounds
FLOAT_EXACT = 1e-10  # in exact mode, floats agreeing closer than this (and rounding smaller) count as agreeing
RECHECK_BELOW = 1e-6  # in exact mode, a difference in floats smaller than this (relative) is decided precisely
MAX_PRECISE = 12  # points decided again exactly or in intervals, at most, per comparison
CONFIRM = 2  # points at which exact mode confirms agreement found in floats


@dataclass
class Comparison:
    """The outcome of comparing two scalar trees: 'equal', 'different' or 'undecided', and the evidence.

    `values` holds the points where the values told something (agreed, or differed for sure), with the rounding
    bound of the answer's value in `errors`; `unsure` counts points that nothing could decide."""

    status: str
    values: list[tuple[dict, object, object]] = field(default_factory=list)
    errors: list[float] = field(default_factory=list)
    mismatch: tuple[dict, object, object] | None = None
    gap: object = None  # the mismatch's answer minus expected, where it was decided precisely
    undefined_at: tuple[dict, object] | None = None
    agreed: int = 0
    usable: int = 0
    unsure: int = 0
    suspect: bool = False  # a mismatch that rounding might explain, not decided since


def exact_mode(expected: Node, answer: Node) -> bool:
    """Whether the two are held to exact equality: the expected answer is a formula, and no decimals are typed."""
    decimals = any(isinstance(node, Num) and any(c in node.text for c in ".eE") for node in walk(expected, answer))
    return not decimals and bool(variables_of(expected))


class Comparer:
    def __init__(self, rel_tol: float, deadline: float):
        self.rel_tol = rel_tol
        self.deadline = deadline

    def close(self, expected: float, got: float) -> bool:
        """Within the tolerance (for values from points that were not lost to rounding: a few ulps of slack)."""
        return abs(got - expected) <= self.rel_tol * abs(expected) + 1e-15 * max(abs(expected), abs(got))

    def judge(self, want: float, want_error: float, got: float, got_error: float, rel_tol: float) -> str:
        """'agree', 'differ', 'weak' (rounding is wider than the tolerance: no evidence) or 'suspect' (a
        mismatch, but not by enough to rule out rounding)."""
        gap = abs(got - want)
        tolerance = rel_tol * abs(want)
        noise = NOISE * (want_error + got_error)
        if gap <= tolerance + noise:  # agreement counts only if rounding could not have stretched the tolerance much
            return "agree" if SURE * noise <= tolerance else "weak"
        return "differ" if gap > tolerance + SURE * noise else "suspect"

    def left(self) -> float:
        return self.deadline - time.monotonic()

    # -- two scalar trees ----------------------------------------------------------------------------------------
    def scalar(self, expected: Node, answer: Node, *, symbolic: bool = True) -> Comparison:
        if canonical(expected) == canonical(answer):
            return Comparison("equal")
        exact = exact_mode(expected, answer)
        result = self.sample(expected, answer, exact)
        if result.status == "undecided" and symbolic:
            verdict = equivalent(expected, answer, self.left())
            # SymPy says equal or not exactly equal; under a tolerance, not exactly equal may still be within it
            if verdict is not None and (verdict or exact):
                result.status = "equal" if verdict else "different"
        return result

    def sample(self, expected: Node, answer: Node, exact: bool) -> Comparison:
        """Values at points of the expected answer's domain, then at the probes around its edges (after a first
        mismatch, enough more to diagnose); then the points rounding left open, decided precisely."""
        names = sorted(variables_of(expected) | variables_of(answer))
        result = Comparison("undecided")
        open_points: list[tuple[dict, bool]] = []
        for point in points_for(expected, answer, names, result):
            outcome = self.visit(result, expected, answer, point, exact)
            if outcome == "settled":
                return result
            if outcome is not None:
                open_points.append((point, outcome == "suspect"))
        for point, suspect in open_points[:MAX_PRECISE]:
            if result.mismatch is not None or self.settle(result, expected, answer, point, exact, suspect):
                break
        result.unsure += max(0, len(open_points) - MAX_PRECISE)
        if result.status == "different" or result.suspect or result.agreed < (MIN_POINTS if names else 1):
            return result
        if exact and not self.confirm(result, expected, answer):
            return result
        result.status = "equal"
        return result

    def visit(self, result: Comparison, expected: Node, answer: Node, point: dict, exact: bool) -> str | None:
        """Compare at one point in floats: None when that told something (or nothing can be told there),
        'settled' when it settles the comparison (the answer is undefined where the expected is not), 'open' or
        'suspect' when rounding or overflow leave the point to be decided precisely (in exact mode, also a
        difference so small that only a rounding bound too optimistic could explain it)."""
        try:
            want, want_error = evaluate_bounded(expected, point)
        except Undefined:
            return None
        except ArithmeticError:
            return "open"
        try:
            got, got_error = evaluate_bounded(answer, point)
        except Undefined:
            if result.mismatch is None:
                result.status, result.undefined_at = "different", (point, want)
                return "settled"
            return None
        except ArithmeticError:
            return "open"
        result.usable += 1
        verdict = self.judge(want, want_error, got, got_error, FLOAT_EXACT if exact else self.rel_tol)
        if verdict == "differ" and exact and abs(got - want) <= RECHECK_BELOW * abs(want):
            verdict = "suspect"
        if verdict in ("weak", "suspect"):
            return "suspect" if verdict == "suspect" else "open"
        result.values.append((point, want, got))
        result.errors.append(got_error)
        if verdict == "agree":
            result.agreed += 1
        elif result.mismatch is None:
            result.status, result.mismatch = "different", (point, want, got)
        return None

    def settle(self, result: Comparison, expected: Node, answer: Node, point: dict, exact: bool,
               suspect: bool = False) -> bool:
        """Decide one point exactly or in intervals; True when that settles the comparison."""
        decision = compare((expected, point), (answer, point), 0.0 if exact else self.rel_tol, self.deadline)
        if decision.verdict == "skip":
            return False
        if decision.verdict == "undefined":
            result.status, result.undefined_at = "different", (point, decision.want)
            return True
        if decision.verdict == "weak":
            result.unsure += 1
            result.suspect = result.suspect or suspect
            return False
        result.values.append((point, decision.want, decision.got))
        result.errors.append(0.0)
        if decision.verdict == "agree":
            result.agreed += 1
            return False
        result.status, result.mismatch = "different", (point, decision.want, decision.got)
        result.gap = decision.gap
        return True

    def confirm(self, result: Comparison, expected: Node, answer: Node) -> bool:
        """In exact mode, agreement in floats holds only up to rounding: check it precisely at CONFIRM of the
        points (spread over them). False when a difference shows, or nothing could be confirmed."""
        agreed = [point for point, _, _ in result.values]
        chosen = agreed[:: max(1, len(agreed) // CONFIRM)][:CONFIRM]
        confirmed = 0
        for point in chosen:
            before = result.agreed
            if self.settle(result, expected, answer, point, exact=True):
                return False
            confirmed += result.agreed > before
        result.agreed -= confirmed  # these points were counted once already
        if not confirmed:
            result.unsure += 1
        return confirmed > 0

    def varies(self, result: Comparison) -> bool:
        """Whether the answer's values change from point to point by more than rounding and the tolerance."""
        found = [(float(got), error) for (_, _, got), error in zip(result.values, result.errors, strict=True)]
        if len(found) < 2:
            return False
        (high, high_error), (low, low_error) = max(found), min(found)
        return self.judge(high, high_error, low, low_error, self.rel_tol) == "differ"

    # -- equations moved to one side -----------------------------------------------------------------------------
    def proportional(self, expected: Node, answer: Node) -> Comparison:
        """Whether answer = c * expected for one nonzero constant c (equations moved to one side), as far as
        the numbers tell: 'undecided' is for SymPy (`equivalent(..., mode="ratio")`) to settle."""
        names = sorted(variables_of(expected) | variables_of(answer))
        exact = exact_mode(expected, answer)
        rel_tol = FLOAT_EXACT if exact else self.rel_tol
        reference: tuple[float, float] | None = None
        result = Comparison("undecided")
        ratio_points = []
        for point in points_for(expected, answer, names, result):
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
                if NOISE * ratio_error <= rel_tol * abs(ratio):
                    reference = (ratio, ratio_error)
                    result.agreed += 1
                    ratio_points.append(point)
                continue
            verdict = self.judge(*reference, ratio, ratio_error, rel_tol)
            if verdict == "differ":
                result.status = "different"
                return result
            if verdict == "agree":
                result.agreed += 1
                ratio_points.append(point)
            result.suspect = result.suspect or verdict == "suspect"
        if result.agreed >= MIN_POINTS and not result.suspect:
            result.status = self.same_ratio(expected, answer, ratio_points) if exact else "equal"
        return result

    def same_ratio(self, expected: Node, answer: Node, at: list[dict]) -> str:
        """In exact mode: whether answer/expected has precisely the same value at two of the points."""
        ratio = BinOp("/", answer, expected, 0)
        decision = compare((ratio, at[0]), (ratio, at[len(at) // 2 or 1]), 0.0, self.deadline)
        return {"agree": "equal", "differ": "different"}.get(decision.verdict, "undecided")


def points_for(expected: Node, answer: Node, names: list[str], result: Comparison) -> Iterator[dict]:
    """The sample points until TARGET_POINTS of them were usable, then the probes around the edges."""
    base = points(names)
    for point in base:
        if result.usable >= TARGET_POINTS:
            break
        yield point
    yield from probes((expected, answer), base)
