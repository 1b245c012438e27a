"""`deckapp check`: verdicts, exit codes 0/1/2, JSON keys, one-line errors."""

import json

import pytest

from deckapp.cli import main


@pytest.mark.parametrize(("expected", "answer", "code"), [
    ("2x cos(x^2)", "2x cos(x²)", 0),
    ("2x cos(x^2)", "cos(x^2)", 1),
    ("2x cos(x^2)", "cos(x^2", 2),
])
def test_exit_codes_follow_the_verdict(expected, answer, code, capsys):
    assert main(["check", expected, answer]) == code


def test_json_has_exactly_the_contract_keys(capsys):
    assert main(["check", "--json", "y = 2x - 1", "2y = 4x - 2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"status": "correct", "correct": True, "feedback": "correct", "interpreted_as": "2*y = 4*x - 2"}


def test_json_for_an_invalid_answer(capsys):
    assert main(["check", "--json", "2x", "sinn(x)"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out == {"status": "invalid", "correct": False,
                   "feedback": "unknown function 'sinn' — did you mean sin?", "interpreted_as": ""}


def test_incorrect_prints_feedback_and_reading(capsys):
    assert main(["check", "3cos(3x)", "cos(3x)"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("incorrect: at x = ")
    assert "chain rule" in out[0]
    assert out[1] == "read as: cos(3*x)"


def test_the_reading_is_what_was_graded(capsys):
    assert main(["check", "y = 2x", "2x"]) == 0  # the right-hand side alone, read as the equation y = 2x
    assert capsys.readouterr().out == "correct (read as y = 2*x)\nread as: y = 2*x\n"
    assert main(["check", "--json", "y = 2x", "2x"]) == 0
    assert json.loads(capsys.readouterr().out)["interpreted_as"] == "y = 2*x"
    assert main(["check", "y = 2x", "3x"]) == 1  # a wrong right-hand side is read as y = 3x too, and graded so
    feedback, read_as = capsys.readouterr().out.splitlines()
    assert read_as == "read as: y = 3*x" and "expected an equation" not in feedback
    assert "your answer gives" in feedback  # the values of the two right-hand sides, as for any expression
    assert main(["check", "x^2 + y^2 = 1", "x"]) == 1  # no y = … to read a bare expression into
    assert capsys.readouterr().out.splitlines() == ["incorrect: expected an equation, such as y = 2x - 1",
                                                    "read as: x"]


def test_invalid_answer_is_one_line_on_stderr(capsys):
    assert main(["check", "2x", "(x+1)(x"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "deckapp: invalid answer: unbalanced parenthesis at column 6 — '(' is never closed\n"


def test_a_control_character_in_an_answer_is_named_not_sent_to_the_terminal(capsys):
    assert main(["check", "y", "y\x1b[31m"]) == 2
    assert capsys.readouterr().err == "deckapp: invalid answer: unexpected character '\\x1b' at column 2\n"


def test_vars_kind_and_tol(capsys):
    assert main(["check", "--vars", "x,y", "x*y", "xy"]) == 0
    assert main(["check", "x*y", "xy"]) == 0  # the variables default to the letters of EXPECTED
    assert main(["check", "x", "xy"]) == 2  # y is not one of them: xy is refused, not guessed
    assert main(["check", "--tol", "0.02", "1/3", "0.33"]) == 0
    assert main(["check", "--kind", "vector", "(2)", "[2]"]) == 0
    assert main(["check", "--", "-x", "-x"]) == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--tol", "0", "x", "x"], "deckapp: --tol must be strictly between 0 and 1 (0.001 is 0.1%), not 0\n"),
    (["--tol", "1", "x", "x"], "deckapp: --tol must be strictly between 0 and 1 (0.001 is 0.1%), not 1\n"),
    (["--tol", "nan", "x", "x"], "deckapp: --tol must be strictly between 0 and 1 (0.001 is 0.1%), not nan\n"),
    (["1/0", "1"], "deckapp: the expected answer '1/0' is undefined: division by zero\n"),
    (["--kind", "expr", "y = x", "x"], "deckapp: kind 'expr' needs a single expression; the expected answer is an "
                                       "equation\n"),
    (["--vars", "x,,y", "x", "x"], "deckapp: --vars: '' is not a variable name (write them as x,y)\n"),
    (["--vars", "sin", "x", "x"], "deckapp: --vars: 'sin' is not a variable name: sin is a function, and is "
                                  "always read as one (write them as x,y)\n"),
    (["--kind", "number", "x", "x"], "deckapp: kind 'number' needs an expected answer without variables\n"),
    (["--kind", "vector", "2x", "2x"], "deckapp: kind 'vector' needs an expected answer such as (a, b), or (a) "
                                       "for a single component\n"),
    (["sin(", "x"], "deckapp: the expected answer 'sin(' cannot be read: unbalanced parenthesis at column 4 — "
                    "'(' is never closed\n"),
])
def test_usage_errors_are_one_line_with_exit_2(args, message, capsys):
    assert main(["check", *args]) == 2
    captured = capsys.readouterr()
    assert captured.err == message


def test_the_kinds_offered_are_the_checkers():
    from deckapp.answers import checker
    from deckapp.cli import build_parser

    check_parser = build_parser()._subparsers._group_actions[0].choices["check"]
    [kind] = [action for action in check_parser._actions if "--kind" in action.option_strings]
    assert kind.choices is checker.KINDS


def test_a_small_tolerance_is_shown_as_it_is(capsys):
    assert main(["check", "--tol", "0.0001", "1", "1.1"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "incorrect: 1.1 is not within 0.01% of the expected value"


def test_child_process_has_no_traceback(deckapp_cli):
    done = deckapp_cli("check", "--json", "2x", "__import__('os').system('true')")
    assert done.returncode == 2
    assert json.loads(done.stdout)["status"] == "invalid"
    assert done.stderr == ""
    done = deckapp_cli("check", "x", "x^")
    assert done.returncode == 2
    assert done.stderr == "deckapp: invalid answer: something is missing after '^' at column 2\n"
