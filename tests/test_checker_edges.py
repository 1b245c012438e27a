"""The checker beyond its sample range and at the limits of floating point: kinks and domain edges far out, the
tolerance without an absolute floor, expected answers undefined everywhere, and reasons that must be true."""

import re

import pytest
import sympy

from deckapp.answers.checker import check
from deckapp.answers.numeric import evaluate
from deckapp.answers.parser import parse, to_sympy
from deckapp.answers.sampling import points
from deckapp.cli import main

AT = re.compile(r"at ((?:\w = -?[\d.]+(?:, )?)+) your answer gives (-?[\d.e+-]+), expected (-?[\d.e+-]+)")


def _quoted_point(feedback: str) -> tuple[dict, float, float]:
    match = AT.search(feedback)
    assert match, feedback
    point = {name: sympy.Rational(value) for name, value in re.findall(r"(\w) = (-?[\d.]+)", match.group(1))}
    return point, float(match.group(2)), float(match.group(3))


def _exact(text: str, point: dict) -> sympy.Expr:
    from deckapp.answers.sympy_functions import elementary

    return elementary(to_sympy(text)).subs({sympy.Symbol(k): v for k, v in point.items()})


def test_the_sample_points_stay_within_40_so_far_edges_need_probes():
    assert max(abs(p["x"]) for p in points(["x"])) <= 40


# --- 1. kinks and edges beyond the sample range ------------------------------------------------------------------

FAR_WRONG = [
    ("relu(x-45)", "0"),
    ("abs(x-50)", "50-x"),
    ("x + relu(x-45)", "x"),  # the kink is in the expected answer's second term
    ("x", "x + relu(x-45)"),  # ... or only in the answer
    ("relu(3x - 200)", "0"),
    ("relu(x - y - 60)", "0"),  # linear in x with y held
    ("relu(x*y - 500)", "0"),  # linear in each variable with the other held
    ("sqrt(x-100)", "2sqrt(x-100)"),  # defined only beyond the sample range
    ("log(x-70)", "log(x-70) + 1"),
]


@pytest.mark.parametrize(("expected", "answer"), FAR_WRONG)
def test_answers_wrong_only_beyond_the_sample_range_are_caught_at_a_true_point(expected, answer):
    verdict = check(expected, answer)
    assert verdict.status == "incorrect", verdict.feedback
    point, got, want = _quoted_point(verdict.feedback)
    true_got, true_want = _exact(answer, point), _exact(expected, point)
    assert float(true_got) == pytest.approx(got, rel=1e-3, abs=1e-9)
    assert float(true_want) == pytest.approx(want, rel=1e-3, abs=1e-9)
    assert abs(true_got - true_want) > 1e-3 * abs(true_want)


@pytest.mark.parametrize(("expected", "answer"), [("relu(x^2 - 2000)", "0"), ("relu(x^3 - 10^6)", "0"),
                                                 ("sqrt(x^2 - 10^4)", "2sqrt(x^2 - 10^4)")])
def test_kinks_of_nonlinear_arguments_are_found_by_far_points(expected, answer):
    verdict = check(expected, answer)
    assert verdict.status == "incorrect"
    assert "could not decide" not in verdict.feedback


FAR_RIGHT = [
    ("abs(x-50)", "abs(50-x)"),
    ("relu(x-45)", "(x - 45 + |x - 45|)/2"),
    ("relu(x^2 - 2000)", "(x^2 - 2000 + |x^2 - 2000|)/2"),
    ("sqrt(x-100)", "(x-100)^(1/2)"),
    ("log(x-70)", "ln(x - 70)"),
    ("relu(x*y - 500)", "(x*y - 500 + |x*y - 500|)/2"),
]


@pytest.mark.parametrize(("expected", "answer"), FAR_RIGHT)
def test_right_answers_with_far_edges_stay_right(expected, answer):
    assert check(expected, answer).status == "correct"


def test_float_cancellation_at_a_far_probe_is_not_taken_for_a_mismatch():
    expected = "sigmoid(x)*(1 - sigmoid(x))*relu(x - 100)"
    answer = "exp(-x)/(1 + exp(-x))^2*relu(x - 100)"
    # at a probe beyond the kink, the floats disagree far beyond the tolerance: s(1 - s) rounds to 0 ...
    want, got = evaluate(parse(expected), {"x": 100.37}), evaluate(parse(answer), {"x": 100.37})
    assert want == 0 and got > 0
    # ... yet the two are the same function
    assert sympy.simplify(_exact(expected, {}) - _exact(answer, {})) == 0
    assert check(expected, answer).status == "correct"


# --- 3. the tolerance: relative, with no absolute floor ---------------------------------------------------------

@pytest.mark.parametrize(("expected", "answer", "status"), [
    ("1e-20", "2e-20", "incorrect"),
    ("1e-12", "0", "incorrect"),
    ("0", "1e-12", "incorrect"),
    ("10^-30 x", "2*10^-30 x", "incorrect"),
    ("1e-20", "1.0005e-20", "correct"),  # 0.05% off
    ("10^-30 x", "1.0005*10^-30 x", "correct"),
    ("2", "2.002", "correct"),  # exactly 0.1% off: the boundary is inside
    ("2", "2.0021", "incorrect"),
    ("0", "sin(pi)", "correct"),  # zero up to the rounding of pi: SymPy decides
    ("0", "x - x", "correct"),
])
def test_the_tolerance_is_relative_without_a_floor(expected, answer, status):
    assert check(expected, answer, kind="auto").status == status


# --- 4. an expected answer undefined everywhere is a usage error ------------------------------------------------

@pytest.mark.parametrize(("expected", "message"), [
    ("1/0", "the expected answer '1/0' is undefined: division by zero"),
    ("log(0)", "the expected answer 'log(0)' is undefined: log of a number that is not positive"),
    ("log(-1)", "the expected answer 'log(-1)' is undefined: log of a number that is not positive"),
    ("sqrt(-1 - x^2)", "the expected answer 'sqrt(-1 - x^2)' is undefined at every real point tried: square root "
                       "of a negative number"),
    ("(1, 1/0)", "the expected answer '(1, 1/0)' is undefined: division by zero"),
    ("y = log(-x^2)", "the expected answer 'y = log(-x^2)' is undefined at every real point tried"),
])
def test_an_expected_answer_undefined_everywhere_is_refused(expected, message):
    with pytest.raises(ValueError) as caught:
        check(expected, "1")
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("expected", ["1/0", "log(0)"])
def test_the_cli_says_so_in_one_line_with_exit_2(expected, capsys):
    assert main(["check", expected, "1"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"deckapp: the expected answer '{expected}' is undefined")
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize("expected", ["sqrt(x - 100)", "log(x - 1000)", "sqrt(x^2 - 10^6)", "1/x", "exp(1000 + x^2)"])
def test_expected_answers_defined_somewhere_or_only_too_large_are_accepted(expected):
    assert check(expected, expected + " + 0").status == "correct"


# --- 5. reasons that are true -------------------------------------------------------------------------------------

def test_an_answer_defined_only_beyond_the_sample_range_gets_a_real_comparison():
    verdict = check("sqrt(x-100)", "2sqrt(x-100)")
    assert "could not decide" not in verdict.feedback
    assert "your answer is 2 times the expected one" in verdict.feedback


@pytest.mark.parametrize(("expected", "answer"), [
    ("0", "((x+1)^2 - x^2 - 2x - 1)*10^20"),
    ("1", "exp(1000x)/exp(1000x)"),
    ("x", "x + (sin(x)^2+cos(x)^2-1)*10^15"),
])
def test_answers_equal_up_to_float_rounding_are_right(expected, answer):
    assert sympy.simplify(to_sympy(expected) - to_sympy(answer)) == 0  # they are the same
    assert check(expected, answer).status == "correct"


def test_rounding_noise_alone_would_have_looked_like_dependence_on_x():
    values = {evaluate(parse("((x+1)^2 - x^2 - 2x - 1)*10^20"), p) for p in points(["x"])[:20]}
    assert len(values) > 1  # the floats vary from point to point, though the answer is 0


@pytest.mark.parametrize(("expected", "answer", "says"), [
    ("1", "exp(1000x)/exp(1000x) + 1", "2 is not within 0.1% of the expected value"),
    ("0", "((x+1)^2 - x^2 - 2x - 1)*10^20 + 3", "3 is not within 0.1% of the expected value"),  # exact arithmetic
])
def test_a_constant_answer_is_not_said_to_depend_on_x(expected, answer, says):
    verdict = check(expected, answer)
    assert verdict.status == "incorrect"
    assert "depends on" not in verdict.feedback
    assert says in verdict.feedback


def test_an_answer_that_really_varies_is_said_to_depend_on_x():
    assert check("0", "relu(x - 45)").feedback.endswith("expected a number, but your answer depends on x")


def test_a_wrong_answer_hidden_by_cancellation_is_left_to_sympy():
    verdict = check("x", "x + (sin(x)^2+cos(x)^2-1)*10^15 + 10^-3")
    assert verdict.status == "incorrect"


@pytest.mark.parametrize("expected", [
    # gradients of y + tanh(x*y*z) where tanh saturates, from graph_backward variants before they were redrawn
    "(-5.566854792584565e-15, 1.0000000000000084, -5.566854792584565e-15)",
    "(1.122914756260611e-12, 0.9999999999988771, 1.871524593767685e-12)",
    "(-9.060322905585755e-10, 0.9999999990939678, 6.040215270390504e-10)",
    "(-9.177064000483567e-07, 0.9999990822935999, -1.5295106667472612e-06)",
])
def test_a_gradient_component_that_is_zero_at_the_vectors_scale_may_be_answered_0(expected):
    """The exact component is ~1e-15 to ~1e-6 beside a 1, and a person with a calculator (tanh(18) = 1) writes 0."""
    assert check(expected, "(0, 1, 0)", kind="vector").correct


@pytest.mark.parametrize(("expected", "answer"), [
    ("(1000, 1)", "(1000, 0)"),  # 1 in 1000 is above a hundredth of the tolerance: it must be given
    ("(1000, 1)", "(1000, 1.5)"),
    ("(1, 1e-9)", "(1, 0.5)"),  # the expected component is negligible, the answer's is not
    ("(x, 1000*y)", "(x + 0.5, 1000*y)"),  # formulas: every component is held to its own tolerance
])
def test_only_components_negligible_on_both_sides_are_taken_as_zero(expected, answer):
    assert check(expected, answer, kind="vector").status == "incorrect"


@pytest.mark.parametrize(("expected", "answer"), [
    ("15*(3*x + 5)^4", "15*(3*x + 5)^4 + 1"),  # chain_rule seed 131: at every sample point 1 is < 0.1% of it
    ("(x - 20)^2", "(x - 20)^2 - 0.1"),
    ("x*(2*x - 7)^3", "x*(2*x - 7)^3 + 0.5"),
])
def test_a_constant_added_is_caught_near_the_zero_of_a_power_base(expected, answer):
    assert check(expected, answer).status == "incorrect"


@pytest.mark.parametrize(("expected", "answer"), [
    ("15*(3*x + 5)^4", "1215*x^4 + 8100*x^3 + 20250*x^2 + 22500*x + 9375"),  # expanded: cancels near -5/3
    ("(x - 20)^2", "x^2 - 40*x + 400"),
])
def test_expanded_forms_stay_right_near_that_zero(expected, answer):
    assert check(expected, answer).status == "correct"


def test_sympy_finding_two_numbers_not_exactly_equal_is_no_verdict_under_a_tolerance():
    """2.5 + 1e-12 written so that rounding hides the 1e-12 (sqrt of a difference that is 0 exactly): SymPy says
    the two are not identical, which under the 0.1% tolerance of decimals does not make the answer wrong."""
    verdict = check("2.5", "2.5 + sqrt(sin(1)^2 + cos(1)^2 - 1) + 1e-12")
    assert verdict.status != "incorrect"
    assert check("2*x", "2*x + sqrt(sin(x)^2 + cos(x)^2 - 1) + 1").status == "incorrect"  # exactly: still decided
