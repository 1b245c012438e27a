"""The answer checker: the corpus verdicts, feedback that is true and teaches, the time bound, hostile input."""

import multiprocessing
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckapp.answers import checker, symbolic
from deckapp.answers.checker import TIME_LIMIT, Verdict, check
from deckapp.answers.expected import ArgumentError, kind_of
from deckapp.answers.lexer import name_problem, tokenize
from deckapp.answers.parser import MathParseError, build, parse, to_sympy, variables_of
from deckapp.answers.reading import Reading, read_answer
from deckapp.answers.tree import Equation
from deckapp.exercises import GENERATOR_NAMES, generate

sys.path.insert(0, str(Path(__file__).parent))
from checker_corpus import CASES  # noqa: E402


def _id(case) -> str:
    return f"{case.expected[:25]} vs {case.answer[:25]}"


def test_the_corpus_is_large_and_covers_every_kind_and_verdict():
    assert len(CASES) >= 150
    assert {c.status for c in CASES} == {"correct", "incorrect", "invalid"}
    kinds = {kind_of(parse(c.expected, variables=c.variables), c.kind, c.expected, c.variables)
             for c in CASES}
    assert kinds == {"expr", "number", "vector", "equation"}


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_corpus_verdicts(case):
    verdict = check(case.expected, case.answer, kind=case.kind, variables=case.variables)
    assert verdict.status == case.status, verdict.feedback
    assert verdict.correct is (case.status == "correct")
    if case.status != "correct":
        assert verdict.feedback.strip()
    if case.status != "invalid":  # what was graded reads back as the answer did (a left-hand side too)
        shown = read_answer(verdict.interpreted_as)
        given = read_answer(case.answer, variables_of(shown.tree))
        if isinstance(shown.tree, Equation) and not isinstance(given.tree, Equation):  # 2x graded as y = 2x
            assert verdict.feedback == f"correct (read as {verdict.interpreted_as})"
            shown = Reading(shown.tree.right, shown.label)
        assert (shown.label, build(shown.tree)) == (given.label, build(given.tree))


def test_importing_the_checker_does_not_import_sympy():
    code = ("import sys, deckapp.answers.checker; deckapp.answers.checker.check('2x', 'x+x'); "
            "print('sympy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_verdict_json_keys_are_the_contract():
    assert list(check("2x", "2x").to_dict()) == ["status", "correct", "feedback", "interpreted_as"]
    assert Verdict("correct", True, "correct", "2*x").to_dict()["interpreted_as"] == "2*x"


# --- feedback that is true -------------------------------------------------------------------------------------

POINT = re.compile(r"at x = (-?[\d.]+) your answer gives (-?[\d.e+-]+), expected (-?[\d.e+-]+)")


@pytest.mark.parametrize(("expected", "answer"), [("2x cos(x^2)", "cos(x^2)"), ("x^2", "2x"), ("ln|x|", "ln|x|+1")])
def test_the_values_quoted_in_feedback_are_the_true_values(expected, answer):
    feedback = check(expected, answer).feedback
    match = POINT.search(feedback)
    assert match, feedback
    x = sympy.Rational(match.group(1))
    for text, quoted in ((answer, match.group(2)), (expected, match.group(3))):
        true_value = float(to_sympy(text).subs(sympy.Symbol("x"), x))
        assert float(quoted) == pytest.approx(true_value, rel=1e-3)


SLIPS = [
    ("cos(x)", "-cos(x)", "a sign error: your answer is the negative of the expected one"),
    ("2x - 3", "2x + 3", "check the sign of the term 3"),
    ("x^2 - 3x + 1", "x^2 + 3x + 1", "check the sign of the term 3*x"),
    ("3cos(3x)", "cos(3x)", "your answer is 1/3 times the expected one — did you forget the inner derivative "
                            "(chain rule)?"),
    ("2x cos(x^2)", "cos(x^2)", "your answer is missing the factor 2*x — the inner derivative of the chain rule?"),
    ("6x (x^2+1)^2", "3(x^2+1)^2", "your answer is missing the factor 2*x — the inner derivative of the chain rule?"),
    ("(2x, 2y)", "(2y, 2x)", "the components are in the wrong order"),
    ("(1, 2)", "(1, 2, 3)", "your vector has 3 components; expected 2, such as (a, b)"),
    ("(2x, 3y^2)", "(2x, 3y)", "component 2: at y = "),
    ("2x", "2z", "your answer uses z, which is not a variable of this problem (x)"),
    ("ln|x|", "ln(x)", "your answer is undefined at x = -"),
    ("1/3", "0.33", "0.33 is not within 0.1% of the expected value: it is the expected value rounded — give more "
     "digits"),
    ("42", "40", "40 is not within 0.1% of the expected value: close, but not equal"),
    ("42", "41.5", "41.5 is not within 0.1% of the expected value: close, but not equal"),
    ("5", "5 + x", "expected a number, but your answer depends on x"),
    ("y = 2x - 1", "y = 2x + 1", "satisfies the expected equation but not yours"),
    ("y = 2x - 1", "(2, -1)", "expected an equation, such as y = 2x - 1, not a vector"),
    ("y = 2x - 1", "y = 2x + z", "your answer uses z, which is not a variable of this problem (x, y); the point"),
    ("2x", "(2x, 1)", "expected a single expression, not a vector"),
]


@pytest.mark.parametrize(("expected", "answer", "says"), SLIPS, ids=[s[2][:40] for s in SLIPS])
def test_feedback_names_the_slip(expected, answer, says):
    verdict = check(expected, answer)
    assert verdict.status == "incorrect"
    assert says in verdict.feedback


def test_a_point_on_the_expected_line_really_is_on_it_and_not_on_the_answer():
    feedback = check("y = 2x - 1", "y = 2x + 1").feedback
    x_value, y_value = (float(v) for v in re.search(r"x = (-?[\d.]+), y = (-?[\d.]+)", feedback).groups())
    assert y_value == pytest.approx(2 * x_value - 1, rel=1e-3)
    assert y_value != pytest.approx(2 * x_value + 1, rel=1e-3)


def test_unreadable_answers_say_where():
    verdict = check("2x", "(x+1)(x")
    assert verdict == Verdict("invalid", False, "unbalanced parenthesis at column 6 — '(' is never closed", "")


@pytest.mark.parametrize("expected", ["(2x)", "[2x]", " ( 2x ) "])
def test_a_one_component_vector_is_written_in_brackets(expected):
    assert check(expected, "(2x)", kind="vector").status == "correct"
    assert check(expected, "2x", kind="vector").status == "correct"
    assert check(expected, "(2x, 0)", kind="vector").status == "incorrect"


@pytest.mark.parametrize("expected", ["(2)(x)", "(2) + (x)", "2(x)"])
def test_brackets_that_do_not_hold_the_whole_answer_are_not_a_vector(expected):
    with pytest.raises(ValueError, match="kind 'vector'"):
        check(expected, "2x", kind="vector")


@pytest.mark.parametrize(("tolerance", "shown"), [(1e-3, "0.1%"), (0.02, "2.0%"), (1e-4, "0.01%"),
                                                  (3e-6, "0.0003%"), (9.6e-5, "0.010%")])
def test_the_tolerance_in_feedback_is_never_shown_as_zero(tolerance, shown):
    verdict = check("1", "1.5", rel_tol=tolerance)
    assert verdict.feedback.startswith(f"1.5 is not within {shown} of the expected value")


def test_high_powers_of_variables_are_graded_not_refused():
    assert check("x^999*y^999*z^999", "(x*y*z)^999").status == "correct"
    assert check("x^999*y^999*z^999", "(x*y*z)^998").status == "incorrect"


def test_the_tolerance_is_a_parameter():
    assert check("1/3", "0.33").status == "incorrect"
    assert check("1/3", "0.33", rel_tol=0.02).status == "correct"
    assert check("x", "1.01x", rel_tol=0.02).status == "correct"


def test_declared_variables_read_juxtaposed_letters():
    assert check("x*y", "xy", variables=["x", "y"]).status == "correct"
    assert check("e*x", "ex", variables=["x"]).status == "correct"
    assert check("e*x", "ex", variables=["x", "e"]).status == "correct"  # e the variable, both sides


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="unknown kind"):
        check("x", "x", kind="matrix")
    with pytest.raises(ValueError, match="tolerance"):
        check("x", "x", rel_tol=0)
    with pytest.raises(ArgumentError) as raised:
        check("x", "x", rel_tol=1.5)
    assert (raised.value.argument, str(raised.value)) == (
        "rel_tol", "the tolerance must be strictly between 0 and 1 (0.001 is 0.1%), not 1.5")
    with pytest.raises(ArgumentError, match=r"not '0\.1'"):
        check("x", "x", rel_tol="0.1")
    with pytest.raises(ValueError, match="kind 'number'"):
        check("x", "x", kind="number")
    with pytest.raises(ValueError, match=r"kind 'vector' needs an expected answer such as \(a, b\)"):
        check("2x", "2x", kind="vector")
    with pytest.raises(MathParseError, match="the expected answer 'sin[(]' cannot be read"):
        check("sin(", "x")


@pytest.mark.parametrize(("names", "problem"), [
    ([1], "1 is not a variable name: it is int, not text"),
    (["x y"], "'x y' is not a variable name: a name is letters"),
    (["sin"], "'sin' is not a variable name: sin is a function"),
    (["sigmoid", "x"], "'sigmoid' is not a variable name: sigmoid is a function"),
    (["_x"], "'_x' is not a variable name"),
    (["θx"], "'θx' is not a variable name: a name of more than one letter is written in ASCII"),
    (["π"], "'π' is not a variable name: π is always read as the number pi"),
    (["ˣ"], "'ˣ' is not a variable name: ˣ is a superscript"),
    ([""], "'' is not a variable name"),
    ("xy", "the variables are a list of names"),
])
def test_a_declared_variable_that_is_not_a_name_is_refused(names, problem):
    with pytest.raises(ValueError) as raised:
        check("x", "x", variables=names)
    assert str(raised.value).startswith(problem)


@pytest.mark.parametrize("name", ["x", "x_1", "w0", "theta", "A", "θ", "σ", "e", "pi", "μ"])
def test_a_declared_name_is_read_as_that_one_variable(name):
    tokens = tokenize(name, frozenset([name]))
    assert [(t.kind, t.text) for t in tokens[:-1]] == [("VAR", name)]
    assert check(f"2*{name}", f"{name} + {name}", variables=[name]).status == "correct"


def test_every_generator_declares_readable_names():
    for name in GENERATOR_NAMES:
        for seed in range(3):
            for difficulty in (1, 2, 3):
                exercise = generate(name, seed, difficulty)
                assert all(name_problem(v) is None for v in exercise.variables), (name, exercise.variables)


# --- the symbolic stage and the time bound ------------------------------------------------------------------------

def test_where_floats_overflow_high_precision_decides():
    # e^(1000 + x^2) overflows a float at every point: intervals at 450 digits and more compare these
    assert check("exp(1000+x^2)*2", "2exp(1000+x^2)*(sin(x)^2 + cos(x)^2)").status == "correct"
    wrong = check("exp(1000+x^2)", "exp(1000+x^2) + 1")
    assert wrong.status == "incorrect"
    assert re.match(r"at x = \S+ your answer differs from the expected value by 1 \(both are about 3\.\d+e\+434\)",
                    wrong.feedback), wrong.feedback


# x + sqrt(sin(x)^2 + cos(x)^2 - 1): the root's argument is 0 exactly, so at any precision its interval holds
# negative numbers, where sqrt is undefined, as well as 0: only SymPy can say it is x.
ONLY_SYMPY = ("x", "x + sqrt(sin(x)^2 + cos(x)^2 - 1)")


def test_when_numbers_cannot_decide_sympy_does():
    assert check(*ONLY_SYMPY).status == "correct"
    assert check("x", "x + sqrt(sin(x)^2 + cos(x)^2 - 1) + 10^-9").status == "incorrect"


def _slow_decide(*args, **kwargs):
    time.sleep(60)


def test_a_hanging_symbolic_stage_is_killed_within_the_bound(monkeypatch):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the slow stand-in reaches the child only through fork")
    monkeypatch.setattr(symbolic, "decide", _slow_decide)
    started = time.monotonic()
    verdict = check(*ONLY_SYMPY)
    assert time.monotonic() - started < TIME_LIMIT
    assert verdict.status == "undecided" and not verdict.correct and "could not decide" in verdict.feedback
    assert multiprocessing.active_children() == []


def test_the_symbolic_stage_works_from_a_thread_as_in_the_study_app():
    results = []

    def grade():
        started = time.monotonic()
        results.append((check(*ONLY_SYMPY), time.monotonic() - started))

    worker = threading.Thread(target=grade)
    worker.start()
    worker.join(10)
    (verdict, elapsed), = results
    assert verdict.status == "correct" and elapsed < TIME_LIMIT


HOSTILE = [
    "__import__('os').system('touch {marker}')",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: __import__('os')",
    "exec(\"open('{marker}', 'w')\")",
    "x.__class__.__mro__",
    "9**9**9**9",
    "x**99999999999",
    "(2^1000)^1000^1000",
    "10^1000^1000",
    "(" * 400 + "x" + ")" * 400,
    "-" * 499 + "x",
    "x" * 100_000,
    "sin(" * 200 + "x" + ")" * 200,
    "e^e^e^e^e^e^e",
    "x^x^x^x^x^x^x^x^x^x",
    "(x+1)^1000*(x-1)^1000 - (x^2-1)^1000",
    "sqrt(-1-x^2)*(sin(x)+cos(x))^1000",
    "1/0",
    "0^-1",
    "ln(0)",
    "\x00\x01\x02",
    "\u202e x",
    "１２３",
]


@pytest.mark.parametrize("template", HOSTILE, ids=[h[:30] for h in HOSTILE])
def test_hostile_answers_come_back_within_the_bound_and_run_nothing(template, tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    answer = template.replace("{marker}", str(marker))

    def forbidden(*args, **kwargs):
        raise AssertionError("text reached an eval-based parser")

    monkeypatch.setattr(sympy, "sympify", forbidden)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
    for expected in ("2x", "exp(1000+x^2)"):
        started = time.monotonic()
        verdict = check(expected, answer)
        assert time.monotonic() - started < TIME_LIMIT, answer[:40]
        assert verdict.status in ("invalid", "incorrect")
        assert verdict.feedback
    assert not marker.exists()


SOUP = ["x", "y", "2", "0.5", "e", "pi", "+", "-", "*", "/", "^", "(", ")", "[", "]", "|", ",", "=", "sin", "ln",
        "sqrt", "√", "²", " ", "sigmoid", "relu", "tanh", "9", "99", "1000", "xy", ".", "'", "_", "exp"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SOUP), max_size=30), st.lists(st.sampled_from(SOUP), min_size=1, max_size=12),
       st.sampled_from(checker.KINDS))
def test_token_soup_never_raises_and_never_passes_the_bound(answer_tokens, expected_tokens, kind):
    expected = "".join(expected_tokens)
    try:
        parse(expected)
    except MathParseError:
        expected = "x^2 + sin(x)"
    started = time.monotonic()
    try:
        verdict = check(expected, "".join(answer_tokens), kind=kind)
    except ValueError as err:  # only a kind that does not fit the expected answer is refused
        assert kind != "auto" and f"kind '{kind}'" in str(err)
        return
    assert time.monotonic() - started < TIME_LIMIT
    assert verdict.status in ("correct", "incorrect", "invalid")
    assert verdict.correct is (verdict.status == "correct")
    assert verdict.status == "correct" or verdict.feedback
